"""Shared fixtures: a headless Chromium and the built book on a local HTTP server."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = bool(os.environ.get("CI"))
TIMINGS = {}  # explorer title -> input-to-redraw times in ms, reported at the end


def missing(reason):
    if IN_CI:
        pytest.fail(f"{reason} (CI never skips browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing("no Chromium at /usr/bin/chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
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
        missing("the book is not built: run `make book`")
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("input-to-redraw time of interactive figures (ms)")
    for title, times in sorted(TIMINGS.items()):
        times = sorted(times)
        terminalreporter.write_line(
            f"{title[:70]:70s} n={len(times):3d} median={times[len(times) // 2]:.2f} "
            f"max={times[-1]:.2f}"
        )
