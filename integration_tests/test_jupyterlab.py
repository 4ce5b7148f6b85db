"""A student in a real browser: JupyterLab runs a notebook, then one of its experiments, and an exercise says NOT YET, then PASSED.

nbval executes the kernel, not the interface; this drives JupyterLab in headless
Chromium (Debian's `chromium`, through Playwright's `executable_path`: no browser
download). JupyterLab serves a temporary copy of notebooks/, exercises/ and
data/, so nothing in the repository can change; the test checks that too.
Run it with `make test-browser` (it installs what it needs). Screenshots of
every step go to a temporary folder printed at the end.
"""
import hashlib
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import nbformat
import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="make test-browser installs Playwright")

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NOTEBOOK = "notebooks/01_text_as_integers_and_embeddings.ipynb"
EXERCISE = "exercises/ex01_embedding_dimensions.ipynb"
SYMBOLS_EXERCISE = "exercises/ex22_3_stacked_bigru_dimensions.ipynb"
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"   # the notebook in the visible tab
KNOWN_OUTPUT = "decoded: ['the', '[UNK]', 'rules', 'the', 'palace', '.']"
EXPERIMENT = "CHANGES = dict(embedding_dim=2)"   # notebook 01's first What-to-try experiment: some claims no longer hold
WRONG = "x = (10_000, 1)\nE = (10_000, 300)\nEx = (300, 1)\nkeras_weight = (10_000, 300)\nparameters = 3_000_000"
# 22.3 (a) as a student types it: spaces, capitals outside the parentheses; one answer wrong (the last)
SPACED = ('forward_1_previous = "h_fwd(1)_i - 1"\nforward_1_input = "E_i"\nbackward_1_previous = "h_bwd(1)_i + 1"\n'
          'backward_1_input = "e_i"\nforward_m_previous = "h_fwd(m)_i-1"\nforward_m_input = "h(m-1)_i"\n'
          'backward_m_previous = "h_bwd(m)_i+1"\nbackward_m_input = "h(m-1)_i"\nattention_reads = "h(1)_i"')
RIGHT = "x = (10_000, 1)\nE = (300, 10_000)\nEx = (300, 1)\nkeras_weight = (10_000, 300)\nparameters = 3_000_000"


def tree_digest(*folders):
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab():
    """JupyterLab from this environment on a free local port with a random token; stopped however the test ends."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("no chromium: install Debian's package (make test-browser does: apt-get install chromium)")
    workspace = pathlib.Path(tempfile.mkdtemp(prefix="course-browser-"))
    for folder in ("notebooks", "exercises", "data"):
        shutil.copytree(ROOT / folder, workspace / folder, ignore=shutil.ignore_patterns("*.py"))
    port, token = free_port(), secrets.token_hex(16)
    log = open(workspace / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workspace}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)   # its own process group: kernels too
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start:\n" + (workspace / "jupyterlab.log").read_text()[-3000:])
        shots = pathlib.Path(tempfile.mkdtemp(prefix="course-screenshots-"))
        yield url, token, shots, workspace
        print(f"\nscreenshots: {shots}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)                 # the server and every kernel it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(workspace, ignore_errors=True)


@pytest.fixture(scope="module")
def page(lab):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 900})
        finally:
            browser.close()


def open_notebook(page, lab, path):
    url, token = lab[:2]
    page.goto(f"{url}/lab/tree/{path}?reset&token={token}")     # reset: no tabs restored from an earlier run
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)   # the kernel is ready


def run_all(page, shots, name):
    """Clear every output (the stored ones would pass the checks), Run > Run All Cells, wait for all counts."""
    try:
        page.get_by_role("menuitem", name="Edit", exact=True).click()
        page.get_by_role("menuitem", name="Clear Outputs of All Cells", exact=True).click()
        page.wait_for_function(f"""() => document.querySelectorAll('{CURRENT} .jp-OutputArea-output').length === 0
            && [...document.querySelectorAll('{CURRENT} .jp-CodeCell .jp-InputPrompt')].every(
                   p => !/\\d/.test(p.textContent))""", timeout=30_000)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function(f"""() => {{
            const prompts = [...document.querySelectorAll('{CURRENT} .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }}""", timeout=120_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
    finally:
        page.screenshot(path=shots / name, full_page=True)


def unsaved_tabs(page):
    """JupyterLab marks a tab whose document differs from the file on disk with jp-mod-dirty."""
    page.wait_for_timeout(1_000)          # the kernel's info reply, which JupyterLab writes into the metadata
    return page.locator(".lm-TabBar-tab.jp-mod-dirty").count()


def errors(page):
    return page.locator(f"{CURRENT} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()


def replace_cell(page, marker, code):
    """Type `code` over the code cell whose text contains `marker`, as a student would."""
    editor = page.locator(f"{CURRENT} .jp-CodeCell .cm-content", has_text=marker).first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


def test_a_student_runs_a_lecture_notebook_and_checks_an_exercise(lab, page):
    before = tree_digest("notebooks", "exercises", "solutions", "data")
    shots = lab[2]
    started = time.perf_counter()

    open_notebook(page, lab, NOTEBOOK)
    assert page.get_by_text("notified about official Jupyter news").count() == 0, "the news prompt is in the way"
    assert unsaved_tabs(page) == 0, "an untouched notebook opens marked unsaved"
    page.screenshot(path=shots / "1-notebook-opened.png")
    run_all(page, shots, "2-notebook-ran.png")
    assert errors(page) == []
    assert page.locator(CURRENT).get_by_text(KNOWN_OUTPUT, exact=False).count() == 1
    page.keyboard.press("Control+s")                  # a student saves: the notebook only, no twin anywhere
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
                           timeout=30_000)
    workspace = lab[3]
    assert not list(workspace.rglob("*.py")), f"saving wrote {list(workspace.rglob('*.py'))}"

    config = next(c.source for c in nbformat.read(ROOT / NOTEBOOK, as_version=4).cells
                  if c.cell_type == "code" and "CHANGES = dict()" in c.source)
    replace_cell(page, "CHANGES = dict()", config.replace("CHANGES = dict()", EXPERIMENT, 1))
    run_all(page, shots, "2b-notebook-ran-with-a-change.png")      # waits for every cell: none was skipped
    assert errors(page) == [], "a What-to-try experiment stopped the notebook"
    reports = page.locator(CURRENT).get_by_text("with your settings (embedding_dim=2)", exact=False)
    assert reports.count() >= 1, "a claim that no longer holds prints one line"

    open_notebook(page, lab, EXERCISE)
    run_all(page, shots, "3-exercise-opened-and-run.png")
    assert page.locator(CURRENT).get_by_text("NOT YET - not attempted", exact=False).count() == 1
    replace_cell(page, "YOUR ANSWER HERE", WRONG)
    run_all(page, shots, "4-exercise-wrong-answer.png")
    feedback = page.locator(f"{CURRENT} .jp-OutputArea-output", has_text="Exercise 01").inner_text()
    assert "NOT YET (1 off, 4 of 5 right)" in feedback, feedback
    assert feedback.splitlines()[1].startswith("  E: rows and columns are swapped"), "the wrong item comes first"

    replace_cell(page, "E = (10_000, 300)", RIGHT)
    run_all(page, shots, "5-exercise-passed.png")
    assert "PASSED (5 of 5 right)" in page.locator(f"{CURRENT} .jp-OutputArea-output", has_text="Exercise 01").inner_text()
    assert page.locator(CURRENT).get_by_text("Keras stores: (10000, 300)", exact=False).count() == 1
    assert errors(page) == []

    open_notebook(page, lab, SYMBOLS_EXERCISE)
    replace_cell(page, "forward_1_previous = ...", SPACED)
    run_all(page, shots, "6-symbols-spaced.png")
    feedback = page.locator(f"{CURRENT} .jp-OutputArea-output", has_text="Exercise 22.3").inner_text().splitlines()
    assert feedback[0].endswith("NOT YET (1 off, 8 of 17 right)"), feedback
    assert feedback[1].startswith("  attention_reads: 'h(1)_i' is off"), feedback
    assert feedback[-1].startswith("  right: forward_1_previous, forward_1_input, backward_1_previous"), feedback
    assert errors(page) == []

    assert time.perf_counter() - started < 300
    assert tree_digest("notebooks", "exercises", "solutions", "data") == before, "the repository changed"
