"""bpgan.sweeps: the stored sweeps travel with the package, and notebooks read them only through it."""

import re
import tomllib

import pytest

from bpgan import sweeps
from notebook_files import ROOT, code_cells, notebook_paths


def test_every_stored_sweep_loads_by_name():
    assert sweeps.names() == ["avatars", "ring_strategies"]
    assert set(sweeps.load("ring_strategies")["runs"]) >= {"plain", "R1 penalty on D"}
    assert set(sweeps.load("avatars")) >= {"emoji", "depth"}


def test_an_unknown_sweep_is_refused_with_the_names_there_are():
    with pytest.raises(ValueError, match=r"no stored sweep named 'avatar'.*\['avatars', 'ring_strategies'\]"):
        sweeps.load("avatar")


def test_the_sweeps_are_package_data_so_an_installed_wheel_has_them():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert f"{sweeps.FOLDER}/*.json" in package_data["bpgan"]


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_no_notebook_opens_a_file_by_a_path_relative_to_its_folder(path):
    """A learner copy runs from any folder: every file a notebook reads comes through bpgan."""
    for cell in code_cells(path):
        assert not re.search(r"""open\(\s*["']\.\.|["']\.\./""", cell.source), cell.source
