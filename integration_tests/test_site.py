"""The course website (`make site`) as a reader gets it: built, served on 127.0.0.1, read in headless Chromium.

`make test-site` runs this in .venv-site (Sphinx, myst-nb, the book theme, Playwright; Debian's chromium).
The site is built from the stored notebooks into a temporary folder; each checked page is screenshotted into
build/site-screenshots/. Checked: the home page links every lecture notebook and exercise; notebook 03's
math is typeset (no raw `$$` left) and its figures load; notebook 07's moderation panel shows shaded words;
no exercise page holds a line of its solution (the release tool's leak check on the page's text); no page
logs a console error or asks any host but the local server; every internal link and anchor resolves.
"""
import functools
import html.parser
import http.server
import importlib.util
import pathlib
import shutil
import threading
import urllib.parse

import nbformat
import pytest

from course_utils.instructor import release

sync_api = pytest.importorskip("playwright.sync_api", reason="make test-site installs Playwright")

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "build" / "site-screenshots"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted(p.stem for p in (ROOT / "exercises").glob("*.ipynb"))
MAX_MB = 50


def load_builder():
    spec = importlib.util.spec_from_file_location("website_build", ROOT / "website" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("website") / "site"
    builder = load_builder()
    assert builder.main(["--out", str(out)]) == 0
    return out, builder.size_mb(out)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=site[0]))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail("no chromium: install Debian's package (make test-site does: apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class Visit:
    """One page opened in the browser: its console errors and every URL it requested."""

    def __init__(self, browser, url, shot):
        self.errors, self.requests = [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        response = self.page.goto(url, wait_until="networkidle")
        assert response.ok, f"{url}: HTTP {response.status}"
        self.page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SHOTS / f"{shot}.png")

    def text_lines(self):
        return self.page.inner_text("main").split("\n")


@pytest.fixture(scope="module")
def visits(browser, base_url):
    pages = {"home": "index.html", "03": f"notebooks/{NOTEBOOKS[2]}.html", "07": f"notebooks/{NOTEBOOKS[6]}.html",
             "lectures": "LECTURES.html", "data": "data/DATA.html"}
    pages.update({name: f"exercises/{name}.html" for name in EXERCISES})
    opened = {name: Visit(browser, base_url + path, name) for name, path in pages.items()}
    yield opened
    for visit in opened.values():
        visit.page.close()


def test_the_site_is_small_enough_to_host_anywhere(site):
    assert site[1] <= MAX_MB, f"{site[1]:.1f} MB"


def test_the_home_page_links_every_lecture_notebook_and_exercise(visits):
    hrefs = visits["home"].page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    for name in NOTEBOOKS:
        assert any(h.split("#")[0].endswith(f"notebooks/{name}.html") for h in hrefs), name
    for name in EXERCISES:
        assert any(h.split("#")[0].endswith(f"exercises/{name}.html") for h in hrefs), name


def test_notebook_03_shows_typeset_math_and_its_figures(visits):
    page = visits["03"].page
    assert page.locator("mjx-container").count() > 10
    assert "$$" not in page.inner_text("main")
    widths = page.eval_on_selector_all("main img", "images => images.map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths), widths


def test_notebook_07_panel_shades_the_words_attention_picks(visits):
    shaded = visits["07"].page.eval_on_selector_all(
        "main table span[title]",
        """spans => spans.filter(s => {
               const rgba = getComputedStyle(s).backgroundColor.match(/[\\d.]+/g).map(Number);
               return rgba.length === 4 && rgba[3] > 0.3 && s.getBoundingClientRect().height > 0;
           }).length""")
    assert shaded >= 10


@pytest.mark.parametrize("name", EXERCISES)
def test_no_exercise_page_holds_a_line_of_its_solution(visits, name):
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    secret = release.secret_lines(solution, release.make_exercise(solution)[1])
    assert release.leaked_lines(visits[name].text_lines(), secret) == []


def test_no_page_logs_an_error_or_asks_another_host(visits, base_url):
    for name, visit in visits.items():
        assert visit.errors == [], f"{name}: {visit.errors}"
        elsewhere = [url for url in visit.requests if not url.startswith(base_url)]
        assert elsewhere == [], f"{name} asked other hosts: {elsewhere[:5]}"


class Links(html.parser.HTMLParser):
    """The href and src targets of a page, and the ids it defines."""

    def __init__(self):
        super().__init__()
        self.targets, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.targets.append(attrs[name])


def parsed(path, cache={}):
    if path not in cache:
        cache[path] = Links()
        cache[path].feed(path.read_text(encoding="utf-8", errors="replace"))
    return cache[path]


def test_every_internal_link_and_anchor_resolves(site):
    root, broken = site[0], []
    for page in sorted(p for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts):
        for target in parsed(page).targets:
            url = urllib.parse.urlsplit(target)
            if url.scheme or url.netloc or target.startswith(("javascript:", "mailto:")):
                continue
            path = (page.parent / urllib.parse.unquote(url.path)).resolve() if url.path else page
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(root)}: {target}")
            elif url.fragment and path.suffix == ".html" and urllib.parse.unquote(url.fragment) not in parsed(path).ids:
                broken.append(f"{page.relative_to(root)}: {target} (no such anchor)")
    assert broken == [], f"{len(broken)} broken, e.g. {broken[:10]}"
