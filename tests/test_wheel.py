"""The course runs from an installed wheel, without the repository: the wheel carries what the notebooks read
(the stored sweeps, the data) and notebooks 00, 08 and 11, copied to a folder of their own, execute against it
with every checked output unchanged. Offline: the wheel is built without build isolation and installed with
--no-index into a fresh environment that borrows the course environment's packages (never a new download).

Marked `wheel` (minutes): `make test-wheel` runs it, and CI does."""

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from notebook_files import NOTEBOOK_DIR, ROOT

pytestmark = pytest.mark.wheel
NOTEBOOKS = ("00_start_here", "08_training_dynamics", "11_avatar_to_emoji")
# What the build reads: a copy of these is built, so that the repository is left as it was.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "lib")


def run(command, **options):
    result = subprocess.run(command, capture_output=True, text=True, **options)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in BUILD_INPUTS:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                           if (ROOT / name).is_dir() else {}))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(out), str(source)])
    (built,) = out.glob("bpgan-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with the wheel installed; the course environment's packages are
    on its path through a .pth file (they are not re-downloaded), but the repository's lib/ is not."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "course_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(site),
         str(wheel)])
    return python


def test_the_wheel_carries_the_package_data_the_notebooks_read(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.startswith("bpgan/sweep_results/") and name.endswith(".json") for name in names)
    assert not any(name.startswith(("tests/", "notebooks/", "tools/")) for name in names)


def test_the_installed_course_is_the_wheel_not_the_repository(installed):
    where = run([str(installed), "-c", "import bpgan, pathlib; print(pathlib.Path(bpgan.__file__).resolve())"],
                cwd=installed.parent).stdout.strip()
    assert ROOT not in Path(where).parents and installed.parents[1] in Path(where).parents, where


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_runs_from_the_installed_wheel_in_a_folder_of_its_own(installed, name, tmp_path):
    for notebook in NOTEBOOK_DIR.glob("[0-9]*.ipynb"):      # the course's folder, as a learner downloads it
        shutil.copy(notebook, tmp_path)
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", tmp_path)
    run([str(installed), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env",
         "--nbval-sanitize-with", "nbval_sanitize.cfg", f"{name}.ipynb"], cwd=tmp_path)
