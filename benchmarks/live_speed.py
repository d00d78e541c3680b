"""How fast a live kernel's exact frames reach the page in JupyterLab (issue 14: 50 ms).

Starts JupyterLab from the reader environment over copies of the chapters (tools/lab_session.py),
opens each chapter with a draggable explorer in headless Chromium, runs all its cells, and then,
for each of its live explorers:

- the bare message round trip: the page sends the kernel a ping over the explorer's comm (an
  anywidget custom message) and times the pong, which the kernel sends without computing;
- input to exact frame: a drag in small steps over the drag panel (a seeded random walk, one
  point every 2 decimals apart at least), each step timed from the pointer event's time stamp
  until the kernel's frame for that very point is in the page ("drawn", the DOM updated) and
  until the next frame was painted ("painted": requestAnimationFrame, then a task);
- the kernel's own share: the time ``Explorer.live_frame`` took in the kernel (the answer says).

Every step waits for its answer, so the times are latencies, not a throughput. It prints the
median and the 95th percentile of each, per run, with the load average before and after. The
machine is shared: run it a few times (``--runs``) and quote the load with the figures.

    .venv/bin/python benchmarks/live_speed.py                 # chapters 1, 2, 4 and 5, 3 runs
    .venv/bin/python benchmarks/live_speed.py --runs 1 --moves 20 chapters/04-level-sets.ipynb
"""

import argparse
import importlib.util
import os
import statistics
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lab_session", ROOT / "tools" / "lab_session.py")
LAB = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(LAB)
CHROMIUM = "/usr/bin/chromium"
LIVE = {  # the chapters' live explorers, by the start of their titles
    "chapters/01-partial-derivatives.ipynb": "Two slices through a point",
    "chapters/02-gradient.ipynb": "The gradient and the steepest-descent direction",
    "chapters/04-level-sets.ipynb": "A level curve",
    "chapters/05-least-squares.ipynb": "The least-squares loss over w",
}
PING = """async ([figure, n]) => {  // n pings, one at a time: their round trips, ms
  const times = [];
  for (let k = 0; k < n; k++) {
    const before = (window.__nablaPingTimings || []).length;
    figure.dispatchEvent(new Event("nabla-ping"));
    while ((window.__nablaPingTimings || []).length === before) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    times.push(window.__nablaPingTimings.at(-1));
  }
  return times;
}"""
RUN_BELOW = """async (k) => {  // run the cells from the k-th on
  const panel = window.jupyterapp.shell.currentWidget;
  panel.content.activeCellIndex = k;
  await window.jupyterapp.commands.execute("notebook:run-all-below");
}"""
PAINTED = "(n) => (window.__nablaLive || []).slice(-n).every((t) => t.painted !== null)"


def walk(spec, moves, seed):
    """A drag's points: a seeded random walk over the drag panel's grid range, steps of 2 to 4
    hundredths of each range, every point 2 decimals apart from the one before."""
    names = [c["name"] for c in spec["controls"]]
    ranges = [
        (min(c["values"]), max(c["values"]))
        for c in (spec["controls"][names.index(spec["drag"][axis])] for axis in "xy")
    ]
    rng = np.random.default_rng(seed)
    lo, hi = np.array(ranges).T
    point = lo + (hi - lo) * rng.uniform(0.2, 0.8, 2)
    points = []
    for _ in range(moves):
        step = (hi - lo) * rng.uniform(0.02, 0.04, 2) * rng.choice([-1, 1], 2)
        point = np.clip(point + step, lo + 0.01, hi - 0.01)
        points.append(np.round(point, 2))
    return points


def summary(times):
    return f"median {statistics.median(times):5.1f}  p95 {np.percentile(times, 95):5.1f}"


def measure(browser, url, path, moves, seed):
    page = LAB.open_notebook(browser, url(path), path)
    state = LAB.run_all(page)
    while state["unrun"]:  # Lab's Run All stops at a cell that raises on purpose (chapter 2)
        page.evaluate(RUN_BELOW, int(state["unrun"][0].split(":")[0]))
        page.wait_for_function(f"() => !({LAB.STATE})().busy", timeout=60000, polling=500)
        state = page.evaluate(LAB.STATE)
    title = LIVE[path]
    spec = LAB.stored_spec(path, title)
    figure = page.locator(f"{LAB.SHOWN} .nabla-explorer[data-nabla-explorer^='{title}']")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("(f) => f.dataset.kernel === 'live'", arg=figure.element_handle())
    pings = page.evaluate(PING, [figure.element_handle(), moves])
    LAB.drag(page, figure, spec, walk(spec, moves, seed))
    page.wait_for_function(PAINTED, arg=moves)
    live = page.evaluate("(n) => window.__nablaLive.slice(-n)", moves)
    page.close()
    return {
        "bare round trip": pings,
        "input to exact frame drawn": [t["drawn"] for t in live],
        "input to exact frame painted": [t["painted"] for t in live],
        "kernel's live_frame": [t["kernel"] for t in live],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=list(LIVE))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as folder,
        LAB.running_lab(folder) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for run in range(args.runs):
            for path in args.paths:
                load = os.getloadavg()[0]
                times = measure(browser, url, path, args.moves, seed=run)
                print(f"run {run + 1}, {path}, {args.moves} moves, load {load:.1f} to "
                      f"{os.getloadavg()[0]:.1f} (1-minute average)")  # fmt: skip
                for name, values in times.items():
                    print(f"  {name:30} {summary(values)} ms", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
