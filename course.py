#!/usr/bin/env python3
"""Set up and run the course on any platform: `python course.py lab` to learn, `python course.py test` to verify.

The Makefile's `make lab`, `make test` and `make env` call this script, so Linux and macOS (with make) and Windows
(without it) take the same route. It needs only the standard library, and it is written so that an old Python
(3.7 or newer) can still run it far enough to say which Python to install.

    python course.py env                 create or update the environment in .venv (rebuilt when pyproject.toml changes)
    python course.py lab [options]       open your copies of the notebooks in JupyterLab on 127.0.0.1, with a token
    python course.py test [suite ...]    run the test suites (lib, learner-copies, notebooks), two at a time
    python course.py here                install the course into this Python, no .venv (Colab, Kaggle, conda),
                                         keeping its torch, and write your copies of the notebooks

On Windows, run it with the Python launcher: `py course.py lab`.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# The oldest and newest Python the course's pinned packages (torch above all) publish wheels for.
OLDEST, NEWEST = (3, 10), (3, 14)
# The environment is rebuilt whenever pyproject.toml (the list of dependencies) is newer than its stamp;
# each extra (site, browser, grading) has a stamp of its own, as in the Makefile.
STAMP_NAME = ".installed-from-pyproject"
# One thread for the course's small models (faster on 2 cores, and reproducible); a fixed hashing order.
# UTF-8 for every child: on Windows a piped child would otherwise write in the console's code page.
RUN_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "PYTHONUTF8": "1"}
# BPGAN_TORCH=cpu installs PyTorch's CPU-only build from PyTorch's own index before the rest: on Linux x86-64,
# PyPI's torch pulls the CUDA libraries (several GB) even on a machine without a GPU.
CPU_TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
NBVAL_FLAGS = ["--nbval-lax", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
               "-p", "no:cacheprovider"]
# The three suites of `test`: each is one pytest run, on one core; two run at a time.
SUITES = {
    "lib": ["-m", "pytest", "-p", "no:cacheprovider", "-m", "not learner_copies and not wheel", "tests"],
    "learner-copies": ["-m", "pytest", "-p", "no:cacheprovider", "-m", "learner_copies", "tests"],
    "notebooks": ["-m", "pytest"] + NBVAL_FLAGS + ["notebooks"],
}

INSTALL_PYTHON = {
    "win32": "install Python 3.12 from https://www.python.org/downloads/windows/ (tick \"Add python.exe to PATH\"), "
             "or `winget install Python.Python.3.12`; then run `py -3.12 course.py lab`",
    "darwin": "install Python 3.12 from https://www.python.org/downloads/macos/ or with Homebrew "
              "(`brew install python@3.12`): the python3 of Apple's command-line tools is 3.9; then run "
              "`python3.12 course.py lab`, or `make lab PYTHON=python3.12`",
    "linux": "install Python 3.10 or newer with your package manager (Debian and Ubuntu: "
             "`sudo apt install python3 python3-venv`); then run `python3 course.py lab`, or "
             "`make lab PYTHON=python3.12`",
}


class CourseError(Exception):
    """A set-up problem the learner can fix: printed as one message, without a traceback."""


def venv_python(venv: Path = VENV, platform: str = sys.platform) -> Path:
    """The environment's interpreter: Scripts\\python.exe on Windows, bin/python elsewhere."""
    if platform == "win32":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def supported(version) -> bool:
    """Whether a (major, minor) Python version can run the course."""
    return OLDEST <= tuple(version[:2]) <= NEWEST


def python_candidates(platform: str = sys.platform) -> list:
    """Commands to try, newest first, when this interpreter cannot run the course itself."""
    minors = range(NEWEST[1], OLDEST[1] - 1, -1)
    if platform == "win32":
        return [["py", "-3.%d" % minor] for minor in minors]     # the Python launcher picks an installed version
    return [["python3.%d" % minor] for minor in minors] + [["python3"]]


def version_of(command: list):
    """(major, minor) of the Python that ``command`` starts, or None if it does not start."""
    try:
        out = subprocess.run(command + ["-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.stdout.split()
    return (int(parts[0]), int(parts[1])) if out.returncode == 0 and len(parts) == 2 else None


def find_python(platform: str = sys.platform, this=tuple(sys.version_info[:2]), which=shutil.which,
                probe=version_of) -> list:
    """A command that starts a Python the course supports: this one if it can, else the newest found."""
    if supported(this):
        return [sys.executable]
    for command in python_candidates(platform):
        if which(command[0]) and supported(probe(command) or (0, 0)):
            return command
    this = "%d.%d" % this
    key = platform if platform in INSTALL_PYTHON else "linux"
    raise CourseError("the course needs Python %d.%d to %d.%d (PyTorch has no wheels for others), and this is "
                      "Python %s, with no other found. To fix it: %s."
                      % (OLDEST + NEWEST + (this, INSTALL_PYTHON[key])))


def stamp_path(extra: str = "", venv: Path = VENV) -> Path:
    return venv / (".installed-%s-from-pyproject" % extra if extra else STAMP_NAME)


def is_stale(stamp: Path, pyproject: Path = ROOT / "pyproject.toml") -> bool:
    """Whether the environment must be (re)installed: no stamp, or pyproject.toml changed since."""
    return not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime


def torch_requirement(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The course's torch pin as pyproject.toml states it, e.g. 'torch==2.13.0'."""
    for line in pyproject.read_text(encoding="utf-8").splitlines():
        requirement = line.strip().strip(",").strip('"')
        if requirement.startswith("torch=="):
            return requirement
    raise CourseError("pyproject.toml names no torch==... pin")


def cpu_torch_command(python: Path, choice: str) -> list:
    """The pip command that installs the CPU-only torch first when BPGAN_TORCH=cpu, else an empty list."""
    if not choice:
        return []
    if choice != "cpu":
        raise CourseError("BPGAN_TORCH=%s: the only choice is cpu (PyTorch's CPU-only build); leave it unset for "
                          "PyPI's default build" % choice)
    return [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", torch_requirement(),
            "--index-url", CPU_TORCH_INDEX]


def requirements(group: str, pyproject: Path = ROOT / "pyproject.toml") -> list:
    """The requirement strings of one list in pyproject.toml: 'dependencies', or an extra such as 'dev'.

    Read line by line (tomllib is Python 3.11+): each list is written one requirement per line."""
    found, inside = [], False
    for line in pyproject.read_text(encoding="utf-8").splitlines():
        stripped = line.split("#")[0].strip()
        if not inside:
            inside = stripped.replace(" ", "") == "%s=[" % group
        elif stripped == "]":
            return found
        elif stripped:
            found.append(stripped.rstrip(",").strip('"'))
    raise CourseError("pyproject.toml has no list called %s" % group)


def here_requirements(torch_installed: bool) -> list:
    """What `here` installs into a runtime: the course's own requirements, but not torch when the runtime has
    one (a cloud runtime's torch is built for its GPU; replacing it would download GBs and may break it), and
    nbformat, which writes the learner copies."""
    needed = [r for r in requirements("dependencies") if not (torch_installed and r.startswith("torch"))]
    return needed + [r for r in requirements("dev") if r.startswith("nbformat")]


def here(args) -> int:
    import importlib.util
    torch_installed = importlib.util.find_spec("torch") is not None and not args.course_torch
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if subprocess.run(pip + here_requirements(torch_installed)).returncode != 0 or \
            subprocess.run(pip + ["--no-deps", "-e", str(ROOT)]).returncode != 0:
        raise CourseError("pip could not install the course into %s (see its message above)" % sys.executable)
    if torch_installed:
        import torch
        pin = torch_requirement().split("==")[1]
        if torch.__version__.split("+")[0] != pin:
            print("Kept this runtime's torch %s; the course is verified on torch %s: checked numbers may differ in "
                  "their last digits." % (torch.__version__, pin))
    copies = subprocess.run([sys.executable, str(ROOT / "tools" / "learner_copies.py"), "learner",
                             str(ROOT / args.learner_dir)] + notebooks(), cwd=ROOT, env=run_env())
    print("Now restart the runtime once (Colab: Runtime -> Restart session), so that its Python sees the course "
          "and any package pip upgraded, then run the notebook's cells.")
    return copies.returncode


def run_env() -> dict:
    return {**os.environ, **RUN_ENV}


def ensure_env(extra: str = "") -> Path:
    """Create .venv if needed and install the course into it (with ``extra``); return its interpreter."""
    python = venv_python()
    if not python.exists():
        print("Setting up the course environment in .venv (a few minutes the first time)...", flush=True)
        command = find_python()
        created = subprocess.run(command + ["-m", "venv", str(VENV)], capture_output=True, text=True)
        if created.returncode != 0 or not python.exists():
            shutil.rmtree(VENV, ignore_errors=True)
            hint = ""
            if "ensurepip" in created.stdout + created.stderr:
                hint = (" This Python has no venv module: on Debian and Ubuntu, `sudo apt install python3-venv` "
                        "(or python3.X-venv for your version) adds it.")
            raise CourseError("could not create the environment .venv with %s:\n%s%s"
                              % (" ".join(command), (created.stderr or created.stdout).strip(), hint))
    stamps = [stamp_path()] + ([stamp_path(extra)] if extra else [])
    if any(is_stale(stamp) for stamp in stamps):
        target = ".[dev,%s]" % extra if extra else ".[dev]"
        cpu_torch = cpu_torch_command(python, os.environ.get("BPGAN_TORCH", ""))
        if cpu_torch and subprocess.run(cpu_torch, cwd=ROOT).returncode != 0:
            raise CourseError("pip could not install PyTorch's CPU-only build from %s (see its message above)"
                              % CPU_TORCH_INDEX)
        installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                    "-e", target], cwd=ROOT)
        if installed.returncode != 0:
            raise CourseError("pip could not install the course's packages (see its message above); the first "
                              "set-up needs network access to PyPI")
        for stamp in stamps:
            stamp.touch()
    return python


def notebooks() -> list:
    return [str(path.relative_to(ROOT)) for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))]


def lab_command(python: Path, folder: str, port: int, extra_args: list, is_root: bool) -> list:
    """JupyterLab on 127.0.0.1 only, on ``port`` exactly (never another one), serving ``folder``."""
    command = [str(python), "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=%d" % port,
               "--ServerApp.port_retries=0", "--ServerApp.root_dir=%s" % folder]
    return command + (["--allow-root"] if is_root else []) + extra_args


def lab(args) -> int:
    python = ensure_env()
    folder = "notebooks" if args.full else args.learner_dir
    if args.lab_dir:
        folder = args.lab_dir
    elif not args.full:
        copied = subprocess.run([str(python), "tools/learner_copies.py", "learner", args.learner_dir] + notebooks(),
                                cwd=ROOT, env=run_env())
        if copied.returncode != 0:
            return copied.returncode
    env = run_env()
    env["JUPYTER_TOKEN"] = env.get("JUPYTER_TOKEN") or secrets.token_urlsafe(24)
    start = "lab" if args.lab_dir else "lab/tree/00_start_here.ipynb"      # another folder may have no 00
    print("\n  Open the course at  http://127.0.0.1:%d/%s?token=%s" % (args.port, start, env["JUPYTER_TOKEN"]))
    print("  (JupyterLab's own log below prints the token as '...'; stop the server with Ctrl+C)\n", flush=True)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    command = lab_command(python, folder, args.port, args.lab_args, is_root)
    os.chdir(ROOT)
    if sys.platform != "win32":
        os.execve(command[0], command, env)          # JupyterLab takes this process's place, and its Ctrl+C
    # Windows: JupyterLab gets the console's Ctrl+C itself; this process ignores it and waits for JupyterLab's
    # own shutdown to finish, instead of killing it half-way.
    import signal
    lab_process = subprocess.Popen(command, env=env)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return lab_process.wait()


def run_suites(python: Path, names: list, jobs: int = 2) -> int:
    """Run the named suites, ``jobs`` at a time; each line of output is printed whole, prefixed by its suite."""
    lock, failed, queue = threading.Lock(), [], list(names)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                name = queue.pop(0)
                print("== %s: python %s" % (name, " ".join(SUITES[name])), flush=True)
            process = subprocess.Popen([str(python)] + SUITES[name], cwd=ROOT, env=run_env(), text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=1,
                                       encoding="utf-8", errors="replace")
            try:
                for line in process.stdout:
                    with lock:
                        sys.stdout.write("[%s] %s" % (name, line))
                        sys.stdout.flush()
            except Exception as error:            # the terminal could not show a line: the suite still counts
                with lock:
                    failed.append(name)
                    print("== %s: its output could not be printed (%s)" % (name, error), flush=True)
                process.stdout.read()
            if process.wait() != 0 and name not in failed:
                with lock:
                    failed.append(name)

    threads = [threading.Thread(target=worker) for _ in range(min(jobs, len(names)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in names:
        print("== %s: %s" % (name, "FAILED" if name in failed else "passed"))
    return 1 if failed else 0


def test(args) -> int:
    unknown = [name for name in args.suites if name not in SUITES]
    if unknown:
        raise CourseError("no test suite called %s: the suites are %s" % (", ".join(unknown), ", ".join(SUITES)))
    return run_suites(ensure_env(), args.suites or list(SUITES), jobs=args.jobs)


def env(args) -> int:
    ensure_env(args.extra or "")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="course.py", description=__doc__.split("\n\n")[0])
    verbs = top.add_subparsers(dest="verb", required=True)
    p = verbs.add_parser("env", help="create or update the Python environment in .venv")
    p.add_argument("--extra", choices=["site", "browser", "grading"], help="an optional set of packages as well")
    p.set_defaults(run=env)
    p = verbs.add_parser("lab", help="open your copies of the course in JupyterLab on 127.0.0.1")
    p.add_argument("--full", action="store_true", help="open the full notebooks, solutions included")
    p.add_argument("--learner-dir", default="my_notebooks", help="the folder of your copies (default my_notebooks)")
    p.add_argument("--lab-dir", default="", help="serve this folder instead")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("lab_args", nargs=argparse.REMAINDER, help="more arguments for JupyterLab, after --")
    p.set_defaults(run=lab)
    p = verbs.add_parser("here", help="install the course into this Python (no .venv): Colab, Kaggle, conda")
    p.add_argument("--course-torch", action="store_true", help="install the course's torch pin even if a torch "
                                                              "is installed")
    p.add_argument("--learner-dir", default="my_notebooks", help="the folder of your copies (default my_notebooks)")
    p.set_defaults(run=here)
    p = verbs.add_parser("test", help="run the test suites, two at a time, each on one core")
    p.add_argument("suites", nargs="*", metavar="suite", help="some of: %s (default: all three)" % ", ".join(SUITES))
    p.add_argument("--jobs", type=int, default=2, help="suites run at a time (default 2)")
    p.set_defaults(run=test)
    return top


def main(argv=None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")     # a console that cannot show a character shows "?" instead
        sys.stderr.reconfigure(errors="replace")
    args = parser().parse_args(argv)
    if getattr(args, "lab_args", None) and args.lab_args[0] == "--":
        args.lab_args = args.lab_args[1:]
    try:
        return args.run(args)
    except CourseError as error:
        print("course.py: %s" % error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
