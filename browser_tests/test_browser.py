"""The course in a real browser: JupyterLab from `make lab`, headless Chromium driven by Playwright.

nbval proves that every cell runs; it cannot see what a learner sees. Here JupyterLab serves a copy of the
notebooks on 127.0.0.1 behind a token, Chromium runs notebooks 00, 02 and 10 with Run All, and the page
must show no traceback, typeset maths, widgets drawn as widgets (not as their text), and a picture that
changes when a slider moves or a prompt is typed. Then the built web site, served on 127.0.0.1 with every other
request refused, must show its maths typeset, find a notebook by search and offer the learner copy for download.

Run with `make test-browser` (CI runs it after `make test`). It needs Debian's Chromium (`apt install chromium`;
Playwright's own browser download is not used) and skips, saying so, where there is none.
"""

import importlib.util
import os
import re
import secrets
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
TOKEN = secrets.token_hex(24)      # a fresh secret per run: any local user could otherwise reach the kernel
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


@pytest.fixture(scope="module")
def site():
    """The built site (`make site`), served on 127.0.0.1 as a reader would serve it (search needs a server)."""
    site_dir = ROOT / "build" / "site"
    if not (site_dir / "mathjax").exists():
        if importlib.util.find_spec("mkdocs_jupyter") is None:
            pytest.skip("no built site and no MkDocs: `make site` first")
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), str(site_dir)], check=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=10)


def offline_page(browser, base: str):
    """A page that can reach the site's server and nothing else: every other request is refused."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = []

    def only_the_site(route):
        if route.request.url.startswith(base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()
    page.route("**/*", only_the_site)
    return page, refused


def test_a_page_of_the_web_site_renders_with_its_maths_typeset_offline(browser, site):
    page, refused = offline_page(browser, site)
    page.goto(f"{site}/04_four_equations.html")
    assert "04 · The four equations of backpropagation" in page.inner_text("h1")
    assert page.locator("img").count() > 0
    links = page.locator("nav a[href$='.html']").all_inner_texts()
    assert sum(text.strip()[:2].isdigit() for text in links) >= 14, "the navigation lists every notebook"
    page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
                           " && document.querySelectorAll('.MathJax, .MathJax_Display').length > 0", timeout=60_000)
    typeset = page.locator(".MathJax, .MathJax_Display").count()
    prose = " ".join(page.locator(".jp-RenderedMarkdown, .jp-MarkdownOutput").all_inner_texts())
    raw = re.findall(r"\$[^$\n]{1,80}\$", prose)
    assert typeset > 50 and not raw, f"{typeset} formulas typeset; raw TeX left on the page: {raw[:5]}"
    assert not refused, f"the page asked the network for {refused[:3]}"
    page.close()


def test_the_site_s_search_finds_a_notebook_and_each_page_offers_the_learner_copy(browser, site):
    page, refused = offline_page(browser, site)
    page.goto(f"{site}/04_four_equations.html")
    download = page.locator("a", has_text="your copy to work in").first
    assert download.get_attribute("href") == "notebooks/04_four_equations.ipynb"
    assert urllib.request.urlopen(f"{site}/notebooks/04_four_equations.ipynb", timeout=5).status == 200
    page.keyboard.press("/")                       # Material's key for the search box
    page.keyboard.type("discriminator")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("GAN" in text or "discriminator" in text.lower() for text in results), results[:3]
    assert not refused, f"the page asked the network for {refused[:3]}"
    page.close()


# A code block is cut off if its text is wider than it and it does not scroll, or if it reaches past the edge of
# an ancestor that hides what overflows.
CLIPPED_CODE = """() => [...document.querySelectorAll('.jp-Cell pre')].filter(pre => {
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(pre).overflowX);
    if (pre.scrollWidth > pre.clientWidth + 1 && !scrolls) return true;
    const right = pre.getBoundingClientRect().right;
    for (let e = pre.parentElement; e && !e.classList.contains('md-content'); e = e.parentElement) {
        const overflow = getComputedStyle(e).overflowX;
        if (overflow !== 'visible' && right > e.getBoundingClientRect().right + 1) return true;
    }
    return false; }).length"""
FIGURE_WIDTHS = "() => [...document.querySelectorAll('.jp-OutputArea-output img')].map(i => i.clientWidth)"


@pytest.mark.parametrize("name", ["05_gradient_descent", "12_avatar_to_3d"])
def test_site_pages_cut_no_code_off_and_show_figures_at_a_readable_width(browser, site, name):
    page, _ = offline_page(browser, site)
    page.goto(f"{site}/{name}.html")
    assert page.evaluate(CLIPPED_CODE) == 0, "a code block is cut off at the column's edge"
    widths = page.evaluate(FIGURE_WIDTHS)
    assert widths and min(widths) >= 700, f"figures shown {widths} px wide at a 1280 px window"
    page.close()
