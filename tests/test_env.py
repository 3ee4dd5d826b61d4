"""bpgan.env: one call seeds everything, uses one thread, is deterministic and picks the device."""

import random
import re

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from bpgan import env
from notebook_files import ROOT


def draw_from_every_generator():
    return random.random(), float(np.random.rand()), float(torch.rand(1))


def test_setup_makes_every_random_source_repeat():
    env.setup(seed=3)
    first = draw_from_every_generator()
    env.setup(seed=3)
    assert draw_from_every_generator() == first
    env.setup(seed=4)
    assert all(a != b for a, b in zip(draw_from_every_generator(), first))


def test_setup_uses_one_thread_and_deterministic_algorithms():
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(False)
    env.setup(seed=0)
    assert torch.get_num_threads() == 1
    assert torch.are_deterministic_algorithms_enabled()
    assert not torch.is_deterministic_algorithms_warn_only_enabled(), "on the CPU a missing kernel is an error"


def test_setup_falls_back_to_the_cpu_when_no_accelerator_is_available(monkeypatch):
    """The preference order itself is test_gpu_preference_order's; here, that setup returns what it chose."""
    monkeypatch.delenv(env.DEVICE_VARIABLE, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert env.setup(seed=0) == torch.device("cpu")


def test_the_device_can_be_forced_by_argument_or_environment(monkeypatch):
    assert env.setup(seed=0, device="cpu") == torch.device("cpu")
    monkeypatch.setenv(env.DEVICE_VARIABLE, "cpu")
    assert env.setup(seed=0) == torch.device("cpu")


def test_gpu_preference_order(monkeypatch):
    monkeypatch.delenv(env.DEVICE_VARIABLE, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert env.choose_device().type == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert env.choose_device().type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert env.choose_device().type == "cpu"


def test_an_unknown_device_name_is_a_clear_error():
    with pytest.raises(ValueError, match=r"unknown device 'gpu0': expected 'cpu', 'cuda'"):
        env.choose_device("gpu0")


def test_an_unavailable_device_is_an_error_not_a_silent_fallback(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv(env.DEVICE_VARIABLE, "cuda")
    with pytest.raises(RuntimeError, match=r"device cuda was requested .* not available.*available: cpu"):
        env.setup(seed=0)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError),
                                         (True, TypeError), ("7", TypeError)])
def test_bad_seeds_are_refused_with_a_message(seed, error):
    with pytest.raises(error, match="seed must be"):
        env.setup(seed=seed)


@given(st.integers(0, 2**32 - 1), st.lists(st.integers(1, 5), min_size=1, max_size=3))
def test_noise_is_drawn_on_the_cpu_so_the_seed_alone_fixes_it(seed, shape):
    noise = env.randn(*shape, device="cpu", generator=env.generator(seed))
    assert noise.shape == tuple(shape) and noise.dtype == torch.float32
    assert torch.equal(noise, torch.randn(*shape, generator=torch.Generator().manual_seed(seed)))
    uniform = env.rand(*shape, generator=env.generator(seed), dtype=torch.float64)
    assert uniform.dtype == torch.float64 and bool(((0 <= uniform) & (uniform < 1)).all())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_noise_on_the_gpu_equals_noise_on_the_cpu():
    on_gpu = env.randn(4, 5, device="cuda", generator=env.generator(0))
    assert on_gpu.device.type == "cuda"
    assert torch.equal(on_gpu.cpu(), env.randn(4, 5, generator=env.generator(0)))


def test_versions_lists_every_course_package_as_installed():
    found = env.versions()
    assert set(env.COURSE_PACKAGES) | {"python"} == set(found)
    assert "missing" not in found.values()


def test_the_packages_checked_are_what_a_learner_needs_and_no_test_tool():
    """Notebook 00's check asks for pyproject's runtime requirements and a kernel, not nbval or JupyterLab
    (which a cloud runtime does not have)."""
    import tomllib
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.match(r"[A-Za-z0-9_.\-]+", r).group() for r in runtime}
    assert set(env.COURSE_PACKAGES) == names | {"ipykernel"}
    assert not {"nbval", "pytest", "jupyterlab"} & set(env.COURSE_PACKAGES)


def test_run_seed_is_the_default_unless_bpgan_seed_overrides_it(monkeypatch):
    monkeypatch.delenv(env.SEED_VARIABLE, raising=False)
    assert env.run_seed(0) == 0 and env.run_seed(7) == 7
    monkeypatch.setenv(env.SEED_VARIABLE, " 3 ")
    assert env.run_seed(0) == 3 and env.run_seed(7) == 3
    monkeypatch.setenv(env.SEED_VARIABLE, "")
    assert env.run_seed(5) == 5, "an empty variable means 'not set'"


@pytest.mark.parametrize("text, message", [("three", "whole number"), ("1.5", "whole number"), ("-1", r"\[0, 2\*\*31\)"),
                                           (str(2**32), r"\[0, 2\*\*31\)"),
                                           (str(2**32 - 1), r"derive further seeds from it"),
                                           (str(2**31), r"derive further seeds from it")])
def test_a_bad_bpgan_seed_says_what_was_expected(monkeypatch, text, message):
    monkeypatch.setenv(env.SEED_VARIABLE, text)
    with pytest.raises(ValueError, match=message):
        env.run_seed(0)


def test_the_largest_bpgan_seed_leaves_room_for_the_notebooks_offsets(monkeypatch):
    monkeypatch.setenv(env.SEED_VARIABLE, str(2**31 - 1))
    seed = env.run_seed(0)
    assert np.random.default_rng(seed + 200) is not None and env.setup(seed + 200) is not None
