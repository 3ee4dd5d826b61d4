"""course.py, the set-up that works without make: its paths and choices on every platform, as far as Linux can
test them (Windows and macOS are exercised by giving the functions their platform's name)."""

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notebook_files import ROOT

spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course)


def test_the_environment_s_python_is_in_scripts_on_windows_and_in_bin_elsewhere():
    venv = Path("C:/course/.venv")
    assert course.venv_python(venv, "win32") == venv / "Scripts" / "python.exe"
    assert course.venv_python(venv, "darwin") == venv / "bin" / "python"
    assert course.venv_python(venv, "linux") == venv / "bin" / "python"


def test_only_the_pythons_torch_has_wheels_for_are_supported():
    assert course.supported((3, 10)) and course.supported((3, 14))
    assert not course.supported((3, 9)) and not course.supported((3, 15)) and not course.supported((2, 7))


def test_the_python_of_the_environment_is_inside_the_supported_range():
    assert course.supported(sys.version_info)


def test_windows_asks_the_python_launcher_and_others_the_versioned_commands_newest_first():
    assert course.python_candidates("win32")[0] == ["py", "-3.14"]
    assert course.python_candidates("win32")[-1] == ["py", "-3.10"]
    assert course.python_candidates("darwin")[:2] == [["python3.14"], ["python3.13"]]
    assert course.python_candidates("linux")[-1] == ["python3"]


def test_an_old_python_finds_a_newer_one_installed_beside_it():
    found = course.find_python("darwin", this=(3, 9), which=lambda name: name in ("python3.11", "python3"),
                               probe=lambda command: {"python3.11": (3, 11), "python3": (3, 9)}[command[0]])
    assert found == ["python3.11"]
    found = course.find_python("win32", this=(3, 8), which=lambda name: name == "py",
                               probe=lambda command: (3, 12) if command == ["py", "-3.12"] else None)
    assert found == ["py", "-3.12"]


@pytest.mark.parametrize("platform, advice", [("darwin", "command-line tools is 3.9"), ("win32", "winget"),
                                              ("linux", "python3-venv")])
def test_without_a_supported_python_the_message_says_which_to_install_on_this_platform(platform, advice):
    with pytest.raises(course.CourseError) as error:
        course.find_python(platform, this=(3, 9), which=lambda name: None, probe=lambda command: None)
    message = str(error.value)
    assert "needs Python 3.10 to 3.14" in message and "this is Python 3.9" in message and advice in message


def test_the_environment_is_rebuilt_when_pyproject_changes(tmp_path):
    pyproject, stamp = tmp_path / "pyproject.toml", tmp_path / ".installed-from-pyproject"
    pyproject.write_text("")
    assert course.is_stale(stamp, pyproject)
    stamp.touch()
    assert not course.is_stale(stamp, pyproject)
    later = time.time() + 10
    os.utime(pyproject, (later, later))
    assert course.is_stale(stamp, pyproject)


def test_each_extra_has_the_stamp_the_makefile_knows():
    makefile = (ROOT / "Makefile").read_text()
    for extra in ("site", "browser", "grading"):
        assert f"$(VENV)/{course.stamp_path(extra).name}" in makefile
    assert f"$(VENV)/{course.stamp_path().name}" in makefile


def test_jupyterlab_listens_on_127_0_0_1_on_the_port_asked_for_and_no_other():
    command = course.lab_command(Path("py"), "my_notebooks", 9001, ["--no-browser"], is_root=False)
    assert "--ServerApp.ip=127.0.0.1" in command and "--ServerApp.port=9001" in command
    assert "--ServerApp.port_retries=0" in command and command[-1] == "--no-browser"
    assert "--allow-root" in course.lab_command(Path("py"), "x", 1, [], is_root=True)
    assert not any("token" in part for part in command)      # the token travels in the environment only


def meet(here: Path, other: Path, code: int) -> list:
    """A suite that announces itself and waits (up to a minute) for the other one to be running too."""
    return ["-c", f"import pathlib, sys, time; pathlib.Path({str(here)!r}).touch(); "
                  f"waited = [time.sleep(0.1) for _ in range(600) if not pathlib.Path({str(other)!r}).exists()]; "
                  f"print('met' if len(waited) < 600 else 'alone'); sys.exit({code})"]


def test_suites_run_two_at_a_time_and_a_failing_one_fails_the_run(monkeypatch, capsys, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    # a and b only finish if they run at the same time; c fails
    monkeypatch.setattr(course, "SUITES", {"a": meet(a, b, 0), "b": meet(b, a, 0), "c": ["-c", "raise SystemExit(1)"]})
    assert course.run_suites(Path(sys.executable), ["a", "b", "c"], jobs=2) == 1
    out = capsys.readouterr().out
    assert "[a] met" in out and "[b] met" in out
    assert "== a: passed" in out and "== b: passed" in out and "== c: FAILED" in out
    monkeypatch.setattr(course, "SUITES", {"a": ["-c", "print('fine')"]})
    assert course.run_suites(Path(sys.executable), ["a"]) == 0


def test_the_suites_run_with_one_thread_and_a_fixed_hash_seed():
    env = course.run_env()
    assert env["OMP_NUM_THREADS"] == env["MKL_NUM_THREADS"] == "1" and env["PYTHONHASHSEED"] == "0"


def test_an_unknown_suite_is_named_with_the_ones_that_exist():
    result = subprocess.run([sys.executable, "course.py", "test", "lib", "libs"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "no test suite called libs: the suites are lib, learner-copies, notebooks" in result.stderr


def test_the_script_still_starts_on_an_old_python_far_enough_to_say_so():
    """It must parse on Python 3.7 (the python3 of older systems) to be able to tell the learner what to install."""
    import ast
    source = (ROOT / "course.py").read_text()
    ast.parse(source, feature_version=(3, 7))


def test_the_cpu_only_torch_is_the_course_s_pin_from_pytorch_s_index():
    command = course.cpu_torch_command(Path("python"), "cpu")
    pin = next(line.strip().strip('",') for line in (ROOT / "pyproject.toml").read_text().splitlines()
               if line.strip().startswith('"torch=='))
    assert command[-3:] == [pin, "--index-url", "https://download.pytorch.org/whl/cpu"]
    assert course.cpu_torch_command(Path("python"), "") == []
    with pytest.raises(course.CourseError, match="the only choice is cpu"):
        course.cpu_torch_command(Path("python"), "cuda")


def test_the_pin_admits_the_cpu_build_s_local_version_label():
    """torch==2.13.0 is met by 2.13.0+cpu (PEP 440 ignores a local label the pin does not name): once the
    CPU-only build is installed, installing the course keeps it."""
    from packaging.specifiers import SpecifierSet
    pin = course.torch_requirement().split("==")[1]
    assert f"{pin}+cpu" in SpecifierSet(f"=={pin}")


def test_the_pythons_course_py_accepts_are_those_pyproject_allows():
    import tomllib
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    newest_excluded = (course.NEWEST[0], course.NEWEST[1] + 1)
    assert requires.replace(" ", "") == ">=%d.%d,<%d.%d" % (course.OLDEST + newest_excluded)


def test_requirements_are_read_from_pyproject_as_tomllib_reads_them():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert course.requirements("dependencies") == project["dependencies"]
    for extra, listed in project["optional-dependencies"].items():
        assert course.requirements(extra) == listed
    with pytest.raises(course.CourseError, match="no list called nothing"):
        course.requirements("nothing")


def test_a_cloud_runtime_keeps_its_own_torch_and_gets_everything_else():
    kept = course.here_requirements(torch_installed=True)
    assert not any(r.startswith("torch") for r in kept)
    assert any(r.startswith("numpy") for r in kept) and any(r.startswith("nbformat") for r in kept)
    assert course.torch_requirement() in course.here_requirements(torch_installed=False)


def test_course_py_prints_only_ascii_so_that_any_windows_console_can_show_it():
    source = (ROOT / "course.py").read_text(encoding="utf-8")
    assert source.isascii(), [line for line in source.splitlines() if not line.isascii()]


def test_children_write_utf_8_whatever_the_console_s_code_page():
    assert course.run_env()["PYTHONUTF8"] == "1"


def test_a_suite_whose_output_cannot_be_printed_counts_as_failed(monkeypatch, capsys):
    class Unprintable:
        def write(self, text):
            if "[a]" in text:
                raise UnicodeEncodeError("cp1252", text, 0, 1, "cannot encode")
        def flush(self):
            pass
    monkeypatch.setattr(course, "SUITES", {"a": ["-c", "print('x' * 100000)"]})
    monkeypatch.setattr(course.sys, "stdout", Unprintable())
    assert course.run_suites(Path(sys.executable), ["a"]) == 1
