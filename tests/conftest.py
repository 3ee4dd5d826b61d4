"""Shared test set-up: Hypothesis profiles and an isolated MNIST cache."""

import os

import pytest
from hypothesis import HealthCheck, settings

# No deadlines: shared CI machines stall at random, and speed is measured by bench/, not by tests.
settings.register_profile("dev", deadline=None)
# In CI the examples are derived from each test's name, so a failure reproduces on the next run.
settings.register_profile("ci", deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty, private cache directory for bpgan (the user's real cache is never touched)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("BPGAN_CACHE_DIR", str(directory))
    return directory
