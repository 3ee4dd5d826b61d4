"""The course in a real browser: JupyterLab from `make lab`, headless Chromium driven by Playwright.

nbval proves that every cell runs; it cannot see what a learner sees. Here JupyterLab serves a copy of the
notebooks on 127.0.0.1 behind a token, Chromium runs notebooks 00, 02 and 10 with Run All, and the page
must show no traceback, typeset maths, widgets drawn as widgets (not as their text), and a picture that
changes when a slider moves or a prompt is typed. Then a page of the built web site must render.

Run with `make test-browser` (CI runs it after `make test`). It needs Debian's Chromium (`apt install chromium`;
Playwright's own browser download is not used) and skips, saying so, where there is none.
"""

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BPGAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "browser-test-token-0123456789"
RUN_TIMEOUT_MS = 420_000          # notebook 10 trains for about a minute and a half on a laptop

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: `make test-browser`")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's (apt install chromium) or set BPGAN_CHROMIUM",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on a copy of the notebooks (Run All must not touch the stored ones); its base URL."""
    copy = tmp_path_factory.mktemp("course") / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy)
    port, log = free_port(), tmp_path_factory.mktemp("lab") / "lab.log"
    workspaces = tmp_path_factory.mktemp("workspaces")          # no tabs restored from another session
    process = subprocess.Popen(["make", "-s", "lab", f"LAB_PORT={port}", f"LAB_DIR={copy}",
                                f"LAB_ARGS=--no-browser --LabApp.workspaces_dir={workspaces}"],
                               cwd=ROOT, env={**os.environ, "JUPYTER_TOKEN": TOKEN}, start_new_session=True,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            request = urllib.request.Request(f"{base}/api/status", headers={"Authorization": f"token {TOKEN}"})
            if urllib.request.urlopen(request, timeout=2).status == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            pytest.fail(f"JupyterLab did not start:\n{log.read_text()}")
        time.sleep(0.5)
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def run_all(browser, lab, notebook: str):
    """Open ``notebook`` in JupyterLab, Run All, and wait until no cell is still running; the page."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab}/lab/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden)", timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.click("li[data-command='runmenu:run-all']")
    page.wait_for_function(
        "() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
        " return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }",
        timeout=RUN_TIMEOUT_MS, polling=1000)
    return page


def picture_of(page, widget: str) -> str:
    return page.locator(widget).first.locator("img").first.get_attribute("src") or ""


def wait_for_new_picture(page, widget: str, old: str):
    page.wait_for_function(
        "([selector, old]) => { const w = document.querySelector(selector);"
        " const img = w && w.querySelector('img'); return !!img && img.getAttribute('src') !== old; }",
        arg=[widget, old], timeout=60_000)


def assert_ran_cleanly_with_maths_and_widgets(page):
    assert page.locator(".jp-OutputArea-output:has-text('Traceback (most recent call last)')").count() == 0
    assert page.locator("mjx-container").count() > 0, "MathJax typeset no maths"
    assert page.locator(".jupyter-widgets").count() > 0, "no widget was drawn"
    assert page.locator(".jp-OutputArea-output:has-text('interactive(children=')").count() == 0, \
        "a widget shows as its text: the widget manager did not render it"


@pytest.mark.parametrize("notebook", ["00_start_here.ipynb"])
def test_start_here_runs_in_the_browser(browser, lab, notebook):
    page = run_all(browser, lab, notebook)
    assert_ran_cleanly_with_maths_and_widgets(page)
    page.close()


def test_the_neurons_picture_follows_its_slider(browser, lab):
    page = run_all(browser, lab, "02_forward_pass.ipynb")
    assert_ran_cleanly_with_maths_and_widgets(page)
    widget = ".jupyter-widgets.widget-interact"
    page.locator(widget).first.scroll_into_view_if_needed()
    before = picture_of(page, widget)
    assert before.startswith("data:image/png"), "the neuron explorer drew no picture"
    page.locator(widget).first.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    wait_for_new_picture(page, widget, before)
    page.close()


def test_a_typed_prompt_draws_new_digits(browser, lab):
    page = run_all(browser, lab, "10_text_to_image.ipynb")
    assert_ran_cleanly_with_maths_and_widgets(page)
    prompt = page.locator(".widget-interact:has(.widget-text)").first
    prompt.scroll_into_view_if_needed()
    widget = ".jupyter-widgets.widget-interact:has(.widget-text)"
    before = picture_of(page, widget)
    field = prompt.locator(".widget-text input").first
    field.fill("a thin two")
    field.press("Enter")
    wait_for_new_picture(page, widget, before)
    page.close()


def test_a_page_of_the_web_site_renders(browser, tmp_path):
    site = ROOT / "build" / "site"
    if not (site / "index.html").exists():
        if importlib.util.find_spec("mkdocs_jupyter") is None:
            pytest.skip("no built site and no MkDocs: `make site` first")
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), str(site)], check=True)
    page = browser.new_page()
    page.goto((site / "04_four_equations.html").as_uri())
    assert "04 · The four equations of backpropagation" in page.inner_text("h1")
    assert page.locator("img").count() > 0
    links = page.locator("nav a[href$='.html']").all_inner_texts()
    assert sum(text.strip()[:2].isdigit() for text in links) >= 14, "the navigation lists every notebook"
    page.close()
