"""Shared fixtures: a headless Chromium and the built book on a local HTTP server."""

import contextlib
import functools
import hashlib
import http.server
import importlib
import os
import re
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
MOUNTED = """() => document.querySelectorAll(".nabla-explorer").length ===
  document.querySelectorAll("script[type='application/vnd.jupyter.widget-view+json']").length"""


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


def unless_passed(name, inputs):
    """Skip a slow test that passed here with these very inputs (files, relative to ROOT or
    absolute), except under CI; else return the function its last line calls to remember the
    pass."""
    digest = hashlib.sha256()
    for path in inputs:
        digest.update((ROOT / path).read_bytes())
    record, key = ROOT / "_build" / ".passed-tests" / name, digest.hexdigest()[:16]
    if not IN_CI and record.exists() and record.read_text() == key:
        pytest.skip(f"reused the last passing result (inputs unchanged, sha256 {key}; CI reruns)")

    def passed():
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(key)

    return passed


# A test marked ``site`` reads only the built site and its own code (and Chromium): locally,
# its last pass is reused while all of those are unchanged; CI reruns it. test_browser.py's
# page and drag tests are not marked, so every run still drives every page in Chromium.
REUSED = "reused the last pass: the site, its test code and Chromium are unchanged (CI reruns)"
LIBRARY = sorted((ROOT / "lib" / "nabla").rglob("*.py"))


@functools.cache
def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@functools.cache
def _code(module):
    """The files a test module's result depends on: itself, the test modules it imports,
    the conftests, and the library if any of them imports nabla."""
    files, source = {module, ROOT / "conftest.py", Path(__file__)}, module.read_text()
    for name in re.findall(r"^from \.(\w+) import", source, re.M):
        files |= _code(module.parent / f"{name}.py")
    if re.search(r"^(from|import) nabla", source, re.M):
        files |= set(LIBRARY)
    return frozenset(files)


@functools.cache
def _site_and_browser():
    """Every file of the site but its pages, axe, and the browser's identity."""
    digest = hashlib.sha256()
    for path in sorted(p for p in SITE.rglob("*") if p.is_file() and p.suffix != ".html"):
        if path.name.startswith(".") or path.suffix == ".pdf":  # make's stamp, the printed book
            continue
        digest.update(f"{path.relative_to(SITE)} {_sha(path)}".encode())
    for path in (AXE, Path(os.path.realpath(CHROMIUM))):
        if path.exists():
            digest.update(f"{path} {path.stat().st_size} {path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def _site_key(item):
    """The record of ``item``'s last pass and the digest of what it read."""
    digest = hashlib.sha256(_site_and_browser().encode())
    page = getattr(item, "callspec", None) and item.callspec.params.get("path")
    pages = [SITE / page] if page in PAGES else [SITE / p for p in PAGES]
    for path in [*pages, *sorted(_code(Path(item.fspath)))]:
        digest.update(f"{path} {_sha(path)}".encode())
    name = hashlib.sha256(item.nodeid.encode()).hexdigest()[:24]
    return ROOT / "_build" / ".passed-tests" / "site" / name, digest.hexdigest()[:16]


def pytest_runtest_setup(item):
    if item.get_closest_marker("site") and not IN_CI:
        record, key = _site_key(item)
        if record.exists() and record.read_text() == key:
            pytest.skip(REUSED)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if item.get_closest_marker("site") and report.when == "call" and report.passed:
        record, key = _site_key(item)
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(key)
    return report


def extension(name):
    """A module of _ext, imported by name as Sphinx imports it, so that one extension can import
    another (static_maths imports offline_assets and versioned)."""
    if str(ROOT / "_ext") not in sys.path:
        sys.path.insert(0, str(ROOT / "_ext"))
    return importlib.import_module(name)
