"""Datasets that never touch the network: real digits bundled in installed packages, or generated here."""

from bpgan.data.mnist import load_mnist

__all__ = ["load_mnist"]
