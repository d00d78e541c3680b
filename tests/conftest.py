"""Shared fixtures: a headless Chromium and the built book on a local HTTP server."""

import contextlib
import functools
import hashlib
import http.server
import importlib
import json
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = bool(os.environ.get("CI"))
# No background requests: this machine reaches no host but the local server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# A console warning fails a page as an error does, but for these, each from a pinned dependency
# whose code the book does not change, with the reason it cannot be fixed here.
ALLOWED_WARNINGS = {
    "Anchored content block not found": (
        "Sphinx 7.4.7's searchtools.js looks a result's section up with the unescaped selector "
        "'#module-nabla.descent', which CSS reads as an id and a class, for every module of "
        "the API page (autodoc's ids have dots); it then shows the page's text instead"
    ),
}
AXE = ROOT / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"  # the Makefile's pin
PAGES = sorted(
    str(p.relative_to(SITE))
    for p in SITE.rglob("*.html")
    if not {"_static", "_sources", "_images"} & set(p.relative_to(SITE).parts)
)
EXPLORER_PAGES = [p for p in PAGES if "nablaExplorer.mount" in (SITE / p).read_text()]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"  # an explorer, in a notebook's outputs
VIEW_SCRIPT = f"script[type='{WIDGET_VIEW}']"  # an explorer's place in a built page
MOUNTED = f"""() => document.querySelectorAll(".nabla-explorer").length ===
  document.querySelectorAll("{VIEW_SCRIPT}").length"""


def explorer_outputs(path):
    """The outputs of a stored notebook (a path, relative to ROOT or absolute) that show an
    explorer: its widget view, with its first frame as a PNG beside it."""
    nb = json.loads((ROOT / path).read_text())
    return [
        o for c in nb["cells"] for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})
    ]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture(scope="session")
def site():
    """The base URL of the built book, served from 127.0.0.1."""
    if not (SITE / "index.html").exists():
        pytest.skip("the book is not built: run `make book`")
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def open_page(context, url, timeout=20000):
    """A loaded page, typeset and with every widget mounted, and what went wrong on the way:
    page errors, console errors and warnings and requests to any host but the local server."""
    page = context.new_page()
    seen = {"errors": [], "outside": []}
    page.on("pageerror", lambda exc: seen["errors"].append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            msg.type in ("error", "warning")
            and not any(known in msg.text for known in ALLOWED_WARNINGS)
            and seen["errors"].append(f"console {msg.type}: {msg.text}")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and seen["errors"].append(f"HTTP {response.status}: {response.url}")
        ),
    )

    def route(request_route):
        if urlparse(request_route.request.url).hostname != "127.0.0.1":
            seen["outside"].append(request_route.request.url)
            return request_route.abort()
        return request_route.continue_()

    page.route("**/*", route)
    pending = set()  # requests in flight: the page is done when none is left
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    page.goto(url, wait_until="load")
    # Maths is typeset when the book is built, and each explorer mounts while the page is
    # parsed (_ext/static_explorers.py), so both are done by the load event; the wait is a
    # guard. On a timeout the caller's assertion reports which figures are missing.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(MOUNTED, timeout=timeout, polling=50)
    for _ in range(200):  # fonts and images asked for while typesetting and mounting
        if not pending:
            break
        page.wait_for_timeout(25)
    return page, seen


@pytest.fixture(scope="session")
def opened(browser, site):
    """``opened(path)``: the page at ``path``, loaded once per worker and shared by that page's
    tests (xdist keeps them on one worker). One browser context, so the pages share a cache,
    as a reader's tabs do; a test that changes a page's settings puts them back."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pages = {}

    def get(path):
        if path not in pages:
            pages[path] = open_page(context, f"{site}/{path}")
        return pages[path]

    yield get
    context.close()


def pytest_terminal_summary(terminalreporter):
    """Input-to-redraw times the drag tests recorded (``user_properties``), for a human look;
    the budget is checked by a benchmark, not by a timed test."""
    timings = {}
    for report in terminalreporter.stats.get("passed", []):
        for name, value in report.user_properties:
            if name == "redraw_ms":
                timings.setdefault(value[0], []).extend(value[1])
    if not timings:
        return
    terminalreporter.section("input-to-redraw time of interactive figures (ms)")
    for title, times in sorted(timings.items()):
        times = sorted(times)
        terminalreporter.write_line(
            f"{title[:70]:70s} n={len(times):3d} median={times[len(times) // 2]:.2f} "
            f"max={times[-1]:.2f}"
        )


def last_pass(name, inputs, extra=""):
    """Whether a slow check passed here with these very inputs (files, relative to ROOT or
    absolute, by name and content; ``extra``, a string such as :func:`chromium_identity`;
    and Python; never under CI), and the function to call to remember its pass."""
    digest = hashlib.sha256(f"{sys.version}\0{extra}\0".encode())
    for path in inputs:
        digest.update(f"{os.path.relpath(ROOT / path, ROOT)} {_sha(ROOT / path)}\n".encode())
    record, key = ROOT / "_build" / ".passed-tests" / name, digest.hexdigest()[:16]

    def passed():
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(key)

    passed.key = key
    return not IN_CI and record.exists() and record.read_text() == key, passed


def unless_passed(name, inputs, extra=""):
    """Skip a slow test that passed here with these very inputs, except under CI; else
    return the function its last line calls to remember the pass."""
    reused, passed = last_pass(name, inputs, extra)
    if reused:
        pytest.skip(f"reused {name}'s last pass (inputs unchanged, sha256 {passed.key}; CI reruns)")
    return passed


# A test marked ``site`` reads only the built site, the browser tests' code and tools, and
# Chromium: locally, its last pass is reused while none of those changed; CI reruns it.
# test_browser.py's drag and search tests are not marked, so every run still loads every
# chapter page and the search in Chromium, drags every explorer and checks the console.
REUSED = "reused the last pass: the site, the browser tests and Chromium are unchanged (CI reruns)"
# The browser tests of a page share one loaded page (``opened``), so any of them can leave
# something behind for the next: the key holds all of them, not just the test's own module.
TOOLS = ["conftest.py", "tests/conftest.py", "pyproject.toml", "requirements.txt"]
TOOLS += ["requirements-dev.txt", "jupyter-config/jupyter_server_config.d/nabla.json"]
_OUTCOMES = pytest.StashKey[list]()  # a marked test's set-up, call and teardown: passed?


@functools.cache  # a run changes no file a key reads (the PDF it prints is left out)
def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _page_files(page):
    """A page and the files only it reads: its source copy, and the search index for search."""
    stem = page.rsplit(".", 1)[0]
    files = [SITE / page, *sorted((SITE / "_sources").glob(f"{stem}.*"))]
    return files + ([SITE / "searchindex.js"] if page == "search.html" else [])


def _library_and_tools():
    """The nabla the tests import (its code, scripts and styles), and the files that
    configure the tests and the environments."""
    import nabla

    library = Path(nabla.__file__).parent.rglob("*")
    library = [p for p in library if p.is_file() and "__pycache__" not in p.parts]
    return [*sorted(library), *(ROOT / t for t in TOOLS)]


def chromium_identity():
    """Which Chromium renders and prints, for keys: its launcher and settings by content, its
    300 MB binary by size and time."""
    files = [Path(os.path.realpath(CHROMIUM)), *sorted(Path("/etc/chromium.d").glob("*"))]
    named = [f"{p} {_sha(p)}" for p in files if p.is_file()]
    binary = Path("/usr/lib/chromium/chromium")
    if binary.exists():
        named.append(f"{binary.stat().st_size} {binary.stat().st_mtime_ns}")
    return "\n".join(named)


@functools.cache
def _shared_inputs():
    """What every marked test depends on: the site's files but its pages (and what only one
    page reads), the tests that drive a browser and their helpers, _ext (tests call its
    functions), the library, the pins, Python, Playwright, axe and Chromium."""
    from importlib.metadata import version

    own = {p for page in PAGES for p in _page_files(page)}
    site = [p for p in sorted(SITE.rglob("*")) if p.is_file() and p not in own]
    site = [p for p in site if p.name != ".built" and p.suffix != ".pdf"]  # make's stamp, print
    tests = [
        p
        for p in sorted((ROOT / "tests").rglob("*.py"))
        if not p.name.startswith("test_") or "mark.browser" in p.read_text()
    ]
    code = [*tests, *sorted((ROOT / "_ext").rglob("*.*")), *_library_and_tools()]
    code.append(AXE)
    digest = hashlib.sha256(f"{sys.version} {version('playwright')}".encode())
    digest.update(chromium_identity().encode())
    for path in [*site, *code]:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path} {_sha(path)}".encode())
    return digest.hexdigest()


# A test marked ``unchanged(*patterns)`` reads only the files the glob patterns name (under
# ROOT), the library, the tests' tools, Python and bubblewrap: its last pass is reused the
# same way (the grading corpus and the sandbox attacks, 30 s of a warm run).
REUSED_UNCHANGED = "reused the last pass: its files and the library are unchanged (CI reruns)"
BWRAP = Path(shutil.which("bwrap") or "/usr/bin/bwrap")


def _reuse_key(item):
    """The record of a marked ``item``'s last pass and the digest of what it read."""
    unchanged = item.get_closest_marker("unchanged")
    if unchanged:
        files = [p for pattern in unchanged.args for p in sorted(ROOT.glob(pattern))]
        files += _library_and_tools()
        digest = hashlib.sha256(f"{sys.version} {BWRAP.exists() and _sha(BWRAP)}".encode())
    else:
        digest = hashlib.sha256(_shared_inputs().encode())
        page = getattr(item, "callspec", None) and item.callspec.params.get("path")
        files = [p for one in ([page] if page in PAGES else PAGES) for p in _page_files(one)]
    for path in files:
        digest.update(f"{path} {_sha(path)}".encode())
    name = hashlib.sha256(item.nodeid.encode()).hexdigest()[:24]
    return ROOT / "_build" / ".passed-tests" / "site" / name, digest.hexdigest()[:16]


def _reusable(item):
    return item.get_closest_marker("site") or item.get_closest_marker("unchanged")


def pytest_runtest_setup(item):
    if _reusable(item) and not IN_CI:
        record, key = _reuse_key(item)
        if record.exists() and record.read_text() == key:
            pytest.skip(REUSED_UNCHANGED if item.get_closest_marker("unchanged") else REUSED)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember a marked test's pass once its set-up, call and teardown all passed."""
    report = yield
    if _reusable(item):
        item.stash.setdefault(_OUTCOMES, []).append(report.passed)
        if report.when == "teardown" and item.stash[_OUTCOMES] == [True] * 3:
            record, key = _reuse_key(item)
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(key)
    return report


def extension(name):
    """A module of _ext, imported by name as Sphinx imports it, so that one extension can import
    another (static_maths imports offline_assets and versioned)."""
    if str(ROOT / "_ext") not in sys.path:
        sys.path.insert(0, str(ROOT / "_ext"))
    return importlib.import_module(name)
