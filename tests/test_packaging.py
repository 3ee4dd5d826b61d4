"""The ways to install the course (pip + pyproject.toml, conda + environment.yml) agree, and bound what they
resolve to."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(.*)$")


def parse(requirement: str) -> tuple[str, str]:
    name, spec = REQUIREMENT.match(requirement.strip()).groups()
    return name.lower(), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + [r for group in project["optional-dependencies"].values() for r in group]
    return dict(parse(r) for r in listed)


# conda-forge names that differ from PyPI's. matplotlib-base is matplotlib without the Qt toolkit (conda-forge's
# `matplotlib` adds PyQt, which a notebook never uses). Every other name is the same on both.
PYPI_TO_CONDA_FORGE = {"matplotlib": "matplotlib-base"}
# What a learner's environment holds besides the runtime requirements: the front end and the kernel (pyproject's
# `dev` extra has them, with the test tools a learner does not need).
LEARNER_EXTRAS = ("jupyterlab", "ipykernel")


def environment_requirements() -> tuple[dict[str, str], dict[str, str]]:
    """(conda packages, pip packages) of environment.yml as {name: range}; python, pip and `-e .` left out."""
    conda, pip = {}, {}
    for entry in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]:
        if isinstance(entry, dict):
            pip.update(parse(item) for item in entry["pip"] if not item.startswith("-e"))
        elif REQUIREMENT.match(entry).group(1) not in {"python", "pip"}:
            conda.update([parse(entry)])
    return conda, pip


def learner_requirements() -> dict[str, str]:
    """pyproject's runtime requirements and LEARNER_EXTRAS, with their ranges."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dev = dict(parse(r) for r in project["optional-dependencies"]["dev"])
    return {**dict(parse(r) for r in project["dependencies"]), **{name: dev[name] for name in LEARNER_EXTRAS}}


def test_environment_yml_holds_what_a_learner_needs_with_pyproject_s_ranges():
    conda, pip = environment_requirements()
    expected = {PYPI_TO_CONDA_FORGE.get(name, name): spec for name, spec in learner_requirements().items()
                if name != "torch"}
    assert conda == expected, f"environment.yml's conda packages differ from pyproject's: {conda} vs {expected}"
    assert pip == {"torch": learner_requirements()["torch"]}, "torch comes from pip, with pyproject's exact pin"


def test_environment_yml_holds_no_test_site_or_grading_tool():
    conda, pip = environment_requirements()
    tools = {"nbval", "pytest", "hypothesis", "mkdocs", "playwright", "nbgrader", "mkdocs-material"}
    assert not tools & (set(conda) | set(pip))


def test_environment_yml_asks_for_the_pythons_pyproject_allows():
    python = next(entry for entry in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
                  if isinstance(entry, str) and entry.startswith("python"))
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python.removeprefix("python").replace(" ", "") == requires.replace(" ", "")


def test_every_dependency_has_an_upper_bound():
    unbounded = [name for name, spec in pyproject_requirements().items() if "<" not in spec and "==" not in spec]
    assert not unbounded, f"an open range can resolve to untested releases: {unbounded}"


def test_torch_is_pinned_exactly():
    # An open range pulls a multi-GB CUDA build of torch on Linux; the course needs only the CPU.
    assert pyproject_requirements()["torch"] == "==2.13.0"


def test_the_package_is_installed_from_lib():
    import bpgan

    assert Path(bpgan.__file__).resolve().parent == ROOT / "lib" / "bpgan"


def test_the_build_backend_is_bounded_and_the_licence_is_an_spdx_expression():
    """setuptools stops reading `license = {text = …}` on 2027-02-18, and an unbounded backend would pick up
    whichever release breaks the build next."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (backend,) = config["build-system"]["requires"]
    assert re.fullmatch(r"setuptools>=77,<\d+", backend.replace(" ", "")), backend
    assert config["project"]["license"] == "MIT" and config["project"]["license-files"] == ["LICENSE"]


def test_no_cache_or_build_output_is_committed():
    import subprocess
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    cached = [path for path in tracked if path.startswith((".cache/", "build/", "my_notebooks/", ".venv/"))
              or "__pycache__" in path or ".ipynb_checkpoints" in path]
    assert not cached, cached


def test_the_offline_wheel_build_uses_the_build_backend_pyproject_asks_for():
    """`make test-wheel` builds without build isolation, with the environment's setuptools: the same range."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (backend,) = config["build-system"]["requires"]
    assert backend in config["project"]["optional-dependencies"]["dev"]
