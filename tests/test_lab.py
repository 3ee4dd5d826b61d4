"""`make lab` serves the notebooks on 127.0.0.1 only, behind a token that is not on the command line."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from notebook_files import ROOT

TOKEN = secrets.token_hex(24)      # a fresh secret per run: any local user could otherwise reach the kernel
# These tests start `make lab` in a session of its own and stop it with killpg: POSIX with make only (on Windows,
# `py course.py test` runs the rest; course.py's own choices for Windows are tested in test_course_script.py).
pytestmark = pytest.mark.skipif(sys.platform == "win32" or shutil.which("make") is None,
                                reason="needs make and POSIX process groups (Linux, macOS)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, token: str | None = None) -> int:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def start_lab(port: int, log, learner_dir):
    """`make lab` on ``port``; the process once JupyterLab answers, or None if the port was taken meanwhile."""
    process = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_PORT={port}", f"LEARNER_DIR={learner_dir}", "LAB_ARGS=--no-browser"],
        cwd=ROOT, env={**os.environ, "JUPYTER_TOKEN": TOKEN}, start_new_session=True,
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "already in use" in log.read_text():     # another process took the free port first: try another
                return None
            pytest.fail(f"make lab exited early:\n{log.read_text()}")
        try:
            if get(f"http://127.0.0.1:{port}/api/status", TOKEN) == 200:
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    pytest.fail("JupyterLab did not answer within 120 s")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    log = tmp_path_factory.mktemp("lab") / "lab.log"
    learner_dir = tmp_path_factory.mktemp("learner") / "my_notebooks"
    for _ in range(3):
        port = free_port()
        process = start_lab(port, log, learner_dir)
        if process is not None:
            break
    else:
        pytest.fail("three free ports in a row were taken before JupyterLab could bind them")
    base = f"http://127.0.0.1:{port}"
    yield base, log
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def test_requests_without_the_token_are_refused(lab):
    base, _ = lab
    assert get(f"{base}/api/status") == 403
    assert get(f"{base}/api/contents") == 403
    assert get(f"{base}/api/status", token="wrong-token") == 403


def contents(base, path=""):
    request = urllib.request.Request(f"{base}/api/contents/{path}", headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)["content"]


def test_with_the_token_the_learner_sees_their_own_copies_and_the_solutions_beside_them(lab):
    base, _ = lab
    names = {item["name"] for item in contents(base)}
    assert {"00_start_here.ipynb", "05_gradient_descent.ipynb", "solutions"} <= names
    exercise = next(cell for cell in contents(base, "05_gradient_descent.ipynb")["cells"]
                    if "solution" in cell["metadata"].get("tags", []) and "def sgd_epoch" in cell["source"])
    assert 'raise NotImplementedError("exercise: write this function")' in exercise["source"]
    solved = next(cell for cell in contents(base, "solutions/05_gradient_descent.ipynb")["cells"]
                  if "solution" in cell["metadata"].get("tags", []) and "def sgd_epoch" in cell["source"])
    assert "NotImplementedError" not in solved["source"]


@pytest.mark.skipif(shutil.which("ss") is None, reason="needs iproute2's ss to list listening sockets")
def test_the_server_listens_on_loopback_only(lab):
    base, _ = lab
    port = int(base.rsplit(":", 1)[1])
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
    addresses = {line.split()[3].rsplit(":", 1)[0] for line in listening.splitlines()}
    assert addresses == {"127.0.0.1"}


def test_the_token_is_not_visible_in_the_process_list(lab):
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "jupyter-lab" in ps or "jupyter lab" in ps
    assert TOKEN not in ps


def test_the_printed_link_carries_the_token(lab):
    base, log = lab
    assert f"{base}/lab/tree/00_start_here.ipynb?token={TOKEN}" in log.read_text()
