"""The two ways to install the course (pip + pyproject.toml, conda + environment.yml) agree."""

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


def environment_requirements() -> dict[str, str]:
    found = {}
    for entry in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]:
        items = entry["pip"] if isinstance(entry, dict) else [entry]
        for item in items:
            if item.startswith("-e") or item.split("=")[0] in {"python", "pip"}:
                continue
            name, spec = parse(item)
            found[name] = spec
    return found


def test_environment_yml_names_the_same_packages_and_ranges_as_pyproject():
    pip_side, conda_side = pyproject_requirements(), environment_requirements()
    assert sorted(pip_side) == sorted(conda_side), (
        f"only in pyproject.toml: {sorted(set(pip_side) - set(conda_side))}; "
        f"only in environment.yml: {sorted(set(conda_side) - set(pip_side))}"
    )
    differing = {name: (pip_side[name], conda_side[name]) for name in pip_side if pip_side[name] != conda_side[name]}
    assert not differing, f"version ranges differ (pyproject, environment.yml): {differing}"


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
