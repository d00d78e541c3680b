"""How fast the built book is on a mid-range phone on a slow network, beside issue 15's figures.

Serves a built site (default `_build/html`) from 127.0.0.1 the way common static hosts do
(gzip for text, `Cache-Control: max-age=600`, Last-Modified revalidation) and drives headless
Chromium through it with DevTools' throttling: "Fast 3G" (1.6 Mbit/s down, 750 kbit/s up,
150 ms round trip) and the CPU slowed 4x. For every page it prints:

- bytes transferred and requests, cold cache (and the uncompressed weight of the same files);
- first contentful paint, cold;
- explorers interactive: when every figure on the page has answered an input (a probe moves each
  figure's first slider every 25 ms, from the start of the page's parsing, until its readout
  changes), cold and warm cache (warm: the same page opened again in a new tab of the same
  browser);
- CLS (session windows, as Chrome counts it) on a cold load, and the worst CLS over cold loads
  that arrive through a link to the section of each figure;
- input to the next painted frame at 4x CPU, 95th percentile over drags on every figure:
  from the moment the page handles the event to the end of the frame that shows it
  (requestAnimationFrame, then a message), and, after the slash, from the event's own time
  stamp (that adds the wait for the frame an input is aligned to). A first line gives the same
  figure for a page whose slider changes one number: what the machine gives at its present
  load for no work at all.

`--loads N` prints instead the renderer's main-thread CPU time of N whole loads of each page (warm
cache, 4x CPU, until every explorer is mounted, medians) by phase: parse, style, layout, paint and
all rendering updates; with `--against OTHER_SITE`, the same for that build, load by load in turn
with this one, so that both see the same load from other jobs.

`--phases` prints instead, for the drags alone, where the renderer's main thread spends its CPU
time per redraw (a DevTools trace: style, layout, paint, layerizing, commit, script) and how
many frames layerized the whole page again: thread time, so less sensitive to load than the
latencies.

Run it by hand, on a quiet machine (each cold load of the old book took about a minute):

    .venv/bin/python benchmarks/page_speed.py                      # every page of _build/html
    .venv/bin/python benchmarks/page_speed.py chapters/02-gradient.html --site /tmp/old-site
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import importlib.util
import json
import statistics
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("conftest", ROOT / "tests" / "conftest.py")
TESTS = importlib.util.module_from_spec(_spec)  # the browser tests' Chromium and MOUNTED
_spec.loader.exec_module(TESTS)
FAST_3G = {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
BUDGET = {"fcp": 2.5, "cold": 6.0, "warm": 1.5, "cls": 0.05, "p95": 16.0}
KB_BUDGET = {"chapter": 800, "other": 400}
RAW_CHAPTER_BUDGET = 2500  # KB, uncompressed
ISSUE = (  # issue 15's figures, measured on the book before it
    "issue 15, before: chapters 8.1 MB in 47-52 requests (index 3.7 MB, exercises 3.9 MB); "
    "FCP 39 s (chapter 1); explorers interactive 46-53 s cold, 6-12 s warm; CLS 0.06-0.18 "
    "(0.44 through a link); input to redraw 15 ms median, 41 ms worst (script time only)"
)
TEXT = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".inv")
VIEW_TAG = '<script type="application/vnd.jupyter.widget-view+json">'  # one per explorer
GZIPPED = {}  # (path, mtime): the gzip of the file

# Installed in every page before its own scripts: layout shifts, and the interactivity probe.
PROBE = """(() => {
  const bench = (window.__bench = { shifts: [], interactive: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (!e.hadRecentInput) bench.shifts.push([e.startTime, e.value]);
  }).observe({ type: "layout-shift", buffered: true });
  const expected = new URLSearchParams(location.search).get("probe");  // explorers on the page
  if (expected === null) return;
  const answered = new Set();
  const timer = setInterval(() => {
    const figures = [...document.querySelectorAll(".nabla-explorer")];
    figures.forEach((figure, k) => {
      const slider = figure.querySelector("input[type=range]");
      if (answered.has(k) || !slider) return;
      const before = figure.querySelector(".readout")?.textContent;
      slider.value = Number(slider.value) > 0 ? Number(slider.value) - 1 : 1;
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      if (figure.querySelector(".readout")?.textContent !== before) answered.add(k);
    });
    if (answered.size >= Number(expected) && (expected > 0 || document.readyState !== "loading")) {
      bench.interactive = expected > 0 ? performance.now() : null;
      bench.done = true;
      clearInterval(timer);
    }
  }, 25);
})();"""

# Times from an input event to the end of the frame that shows its effect.
LATENCY = """() => {
  window.__latency = [];
  let pending = false;
  const seen = (event) => {
    if (pending) return;
    pending = true;
    const handled = performance.now(), stamp = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const now = performance.now();
        window.__latency.push([now - handled, now - stamp]);
        pending = false;
      };
      channel.port2.postMessage(null);
    });
  };
  for (const type of ["pointermove", "pointerdown", "keydown"])
    addEventListener(type, seen, { capture: true });
}"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text and a ten-minute cache, like a static host."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in TEXT
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or self.headers.get("If-Modified-Since")
        ):
            return super().send_head()
        key = (path, path.stat().st_mtime_ns)
        if key not in GZIPPED:
            GZIPPED[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = GZIPPED[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@contextlib.contextmanager
def serve(site):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def session_cls(shifts):
    """Chrome's CLS: the largest sum of shifts in a window (gaps under 1 s, at most 5 s long)."""
    best = current = 0.0
    start = last = None
    for t, value in sorted(shifts):
        if start is None or t - last > 1000 or t - start > 5000:
            start, current = t, 0.0
        current += value
        last = t
        best = max(best, current)
    return best


class Tab:
    """One throttled page, with the bytes and requests its loads cost."""

    def __init__(self, context):
        self.page = context.new_page()
        self.page.add_init_script(PROBE)
        self.cdp = context.new_cdp_session(self.page)
        self.bytes, self.urls = {}, {}
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", {"offline": False, **FAST_3G})
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        if not event["request"]["url"].startswith("data:"):
            self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        if event["requestId"] in self.urls:
            self.bytes[event["requestId"]] = event["encodedDataLength"]

    def load(self, url, *, until):
        self.page.goto(url, wait_until="load", timeout=180_000)
        self.page.wait_for_function(until, timeout=180_000, polling=100)
        self.page.wait_for_timeout(1000)  # late shifts, late requests
        return self.page.evaluate(
            "() => ({ ...window.__bench, fcp: performance.getEntriesByName"
            "('first-contentful-paint')[0]?.startTime ?? null })"
        )

    def close(self):
        self.page.close()


MOUNTED = f"() => document.readyState === 'complete' && ({TESTS.MOUNTED})()"


def explorer_sections(tab):
    """The id of the section that holds each explorer of the loaded page."""
    return tab.page.evaluate(
        """() => [...document.querySelectorAll(".nabla-explorer")].map(
          (el) => el.closest("section[id]")?.id).filter(Boolean)"""
    )


def drag_latencies(page):
    """Input-to-paint times of drags across every figure: the draggable panel, else sliders."""
    page.evaluate(LATENCY)
    figures = page.locator(".nabla-explorer")
    for k in range(figures.count()):
        figure = figures.nth(k)
        figure.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        area = figure.locator("svg.draggable")
        targets = [area.first] if area.count() else figure.locator("input[type=range]").all()
        for target in targets:
            box = target.bounding_box()
            y0 = box["y"] + box["height"] * (0.6 if area.count() else 0.5)
            y1 = box["y"] + box["height"] * (0.35 if area.count() else 0.5)
            page.mouse.move(box["x"] + 0.1 * box["width"], y0)
            page.mouse.down()
            for step in range(1, 41):
                page.mouse.move(
                    box["x"] + box["width"] * (0.1 + 0.8 * step / 40), y0 + (y1 - y0) * step / 40
                )
                page.wait_for_timeout(16)
            page.mouse.up()
            page.wait_for_timeout(100)
    return page.evaluate("() => window.__latency")


FLOOR_PAGE = """<!doctype html><meta name="viewport" content="width=device-width">
<figure class="nabla-explorer"><input type="range" min="0" max="40" value="20" style="width:90%">
<dl class="readout"><dd>20</dd></dl></figure><script>const input = document.querySelector("input");
input.addEventListener("input", () => { document.querySelector("dd").textContent = input.value; });
</script>"""


def floor_latency(browser):
    """p95 input-to-paint of a page whose slider changes one number: what this machine, at
    its present load, gives for nothing at all (the budget's 16 ms is a frame)."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=2)
    tab = Tab(context)
    tab.page.set_content(FLOOR_PAGE)
    times = drag_latencies(tab.page)
    context.close()
    return p95([handled for handled, _ in times]), p95([stamp for _, stamp in times])


# Trace events of the renderer's main thread, per phase of a frame (Chromium's names).
PHASES = {
    "style": "UpdateLayoutTree",
    "layout": "Layout",
    "prepaint": "PrePaint",
    "paint": "Paint",
    "layerize": "Layerize",
    "commit": "Commit",
    "script": "FunctionCall",
    "frame": "ProxyMain::BeginMainFrame",
}


def main_thread(events):
    """The complete events of a trace's renderer main thread."""
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain"
    }
    return [e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) in main]


def thread_ms(done, name):
    return sum(e.get("tdur", 0) for e in done if e["name"] == name) / 1000


LOAD_PHASES = {"parse": "ParseHTML", "script": "EvaluateScript"} | {
    k: PHASES[k] for k in ("style", "layout", "prepaint", "paint", "layerize")
}
LOAD_PHASES["rendering"] = "WebFrameWidgetImpl::UpdateLifecycle"


def load_phases(browser, bases, path, loads):
    """For each served build in `bases`: {phase: median main-thread CPU ms} over `loads` warm
    loads of a page until its explorers are mounted (the first load, untraced, fills the
    cache); the builds take turns."""
    contexts = [
        browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=2)
        for _ in bases
    ]
    rows = [[] for _ in bases]
    for k in range(loads + 1):
        for base, context, done_rows in zip(bases, contexts, rows, strict=True):
            tab = Tab(context)
            if k:
                browser.start_tracing(page=tab.page, categories=["devtools.timeline", "blink"])
            tab.load(f"{base}/{path}", until=MOUNTED)
            if k:
                done = main_thread(json.loads(browser.stop_tracing())["traceEvents"])
                done_rows.append({ph: thread_ms(done, name) for ph, name in LOAD_PHASES.items()})
            tab.close()
    for context in contexts:
        context.close()
    return [{ph: statistics.median(row[ph] for row in done) for ph in LOAD_PHASES} for done in rows]


def drag_phases(browser, base, path):
    """{phase: main-thread CPU ms per redraw} over drags on every explorer of a page, with
    'redraws' (layouts) and 'full' (frames that layerized the whole page again)."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=2)
    tab = Tab(context)
    tab.load(f"{base}/{path}", until=MOUNTED)
    browser.start_tracing(page=tab.page, categories=["devtools.timeline", "blink", "cc"])
    drag_latencies(tab.page)
    done = main_thread(json.loads(browser.stop_tracing())["traceEvents"])
    context.close()
    redraws = sum(e["name"] == "Layout" for e in done) or 1
    row = {phase: thread_ms(done, name) / redraws for phase, name in PHASES.items()}
    row["redraws"] = redraws
    row["full"] = sum(e["name"] == "PaintArtifactCompositor::Update" for e in done)
    return row


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))] if values else None


def measure(browser, base, site, path):
    url = f"{base}/{path}"
    row = {"path": path}
    probe = f"{url}?probe={(site / path).read_text().count(VIEW_TAG)}"
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=2)
    tab = Tab(context)
    cold = tab.load(probe, until="() => window.__bench.done")
    row["kb"] = sum(tab.bytes.values()) / 1000
    row["requests"] = len(tab.urls)
    local = [site / unquote(urlparse(u).path).lstrip("/") for u in tab.urls.values()]
    row["raw_kb"] = sum(p.stat().st_size for p in local if p.is_file()) / 1000
    row["fcp"], row["cold"] = cold["fcp"], cold["interactive"]
    row["cls"] = session_cls(cold["shifts"])
    sections = explorer_sections(tab)
    tab.close()
    tab = Tab(context)
    warm = tab.load(probe, until="() => window.__bench.done")
    row["warm"] = warm["interactive"]
    tab.close()
    tab = Tab(context)
    tab.load(url, until=MOUNTED)
    times = (
        drag_latencies(tab.page) if sections or tab.page.locator(".nabla-explorer").count() else []
    )
    row["p95"] = p95([handled for handled, _ in times])
    row["p95_event"] = p95([stamp for _, stamp in times])
    row["inputs"] = len(times)
    context.close()
    row["cls_link"] = 0.0
    for section in sections:
        context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=2)
        tab = Tab(context)
        linked = tab.load(f"{url}#{section}", until=MOUNTED)
        row["cls_link"] = max(row["cls_link"], session_cls(linked["shifts"]))
        context.close()
    return row


def fmt(value, unit="", digits=1):
    return "-" if value is None else f"{value:.{digits}f}{unit}"


def verdicts(row):
    """The budgets this row misses."""
    chapter = row["path"].startswith("chapters/")
    misses = []
    if row["kb"] > KB_BUDGET["chapter" if chapter else "other"]:
        misses.append("bytes")
    if chapter and row["raw_kb"] > RAW_CHAPTER_BUDGET:
        misses.append("raw bytes")
    for key in ("fcp", "cold", "warm"):
        if row[key] is not None and row[key] / 1000 > BUDGET[key]:
            misses.append(key)
    if max(row["cls"], row["cls_link"]) > BUDGET["cls"]:
        misses.append("CLS")
    if row["p95"] is not None and row["p95"] > BUDGET["p95"]:
        misses.append("p95")
    return misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="paths under the site (default: every page)")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument(
        "--phases", action="store_true", help="CPU per redraw by phase, from a trace of drags"
    )
    parser.add_argument(
        "--loads", type=int, help="main-thread CPU by phase, medians of this many warm loads"
    )
    parser.add_argument("--against", type=Path, help="with --loads: a second build, in turn")
    args = parser.parse_args()
    site = args.site.resolve()
    pages = args.pages or sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(p.relative_to(site).parts)
    )
    from playwright.sync_api import sync_playwright

    print(ISSUE)
    print(
        f"budgets: FCP <= {BUDGET['fcp']} s, explorers <= {BUDGET['cold']} s cold and "
        f"<= {BUDGET['warm']} s warm, <= {KB_BUDGET['chapter']} KB a chapter and "
        f"<= {KB_BUDGET['other']} KB another page ({RAW_CHAPTER_BUDGET} KB uncompressed), "
        f"CLS <= {BUDGET['cls']}, p95 input to paint <= {BUDGET['p95']:.0f} ms\n"
    )
    rows = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=TESTS.CHROMIUM, args=TESTS.CHROMIUM_ARGS
        )
        if args.loads:
            sites = [site] + ([args.against.resolve()] if args.against else [])
            print("| page | build | " + " | ".join(LOAD_PHASES) + " |")
            print("|---|---|" + "---:|" * len(LOAD_PHASES))
            with contextlib.ExitStack() as stack:
                bases = [base] + [stack.enter_context(serve(s)) for s in sites[1:]]
                for path in pages:
                    for built, row in zip(
                        sites, load_phases(browser, bases, path, args.loads), strict=True
                    ):
                        cells = " | ".join(f"{row[phase]:.0f}" for phase in LOAD_PHASES)
                        print(f"| {path} | {built} | {cells} |", flush=True)
            return
        if args.phases:
            print("| page | " + " | ".join(PHASES) + " | redraws | full layerizations |")
            print("|---|" + "---:|" * (len(PHASES) + 2))
            for path in pages:
                row = drag_phases(browser, base, path)
                cells = " | ".join(f"{row[phase]:.1f}" for phase in PHASES)
                print(f"| {path} | {cells} | {row['redraws']} | {row['full']} |", flush=True)
            return
        floor = floor_latency(browser)
        print(
            f"floor: a page that only updates one number on a slider drag: p95 input-to-paint "
            f"{fmt(floor[0])} / {fmt(floor[1])} ms\n"
        )
        print(
            "| page | KB (raw KB) | requests | FCP s | explorers cold s | warm s | CLS load / link "
            "| p95 input-to-paint ms (handled / event) | inputs | misses |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for path in pages:
            row = measure(browser, base, site, path)
            rows.append(row)
            print(
                f"| {path} | {row['kb']:.0f} ({row['raw_kb']:.0f}) | {row['requests']} "
                f"| {fmt(row['fcp'] and row['fcp'] / 1000, digits=2)} "
                f"| {fmt(row['cold'] and row['cold'] / 1000, digits=2)} "
                f"| {fmt(row['warm'] and row['warm'] / 1000, digits=2)} "
                f"| {row['cls']:.3f} / {row['cls_link']:.3f} "
                f"| {fmt(row['p95'])} / {fmt(row['p95_event'])} | {row['inputs']} "
                f"| {', '.join(verdicts(row)) or 'none'} |",
                flush=True,
            )
        browser.close()
    missed = [r["path"] for r in rows if verdicts(r)]
    medians = {
        key: statistics.median(r[key] for r in rows if r[key] is not None)
        for key in ("kb", "fcp")
        if any(r[key] is not None for r in rows)
    }
    print(
        f"\nmedian KB {medians.get('kb', 0):.0f}, median FCP {medians.get('fcp', 0) / 1000:.2f} s"
    )
    print("every budget met" if not missed else f"budgets missed on: {', '.join(missed)}")


if __name__ == "__main__":
    main()
