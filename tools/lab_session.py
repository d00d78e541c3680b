"""JupyterLab from the reader environment, driven by headless Chromium (tests and benchmarks).

``running_lab(folder)`` serves copies of the chapters and exercises (Lab's autosave never
touches the stored ones) on a free local port with a token; ``open_notebook`` opens one and
waits until jupyterlab-myst has rendered it; ``run_all`` runs every cell and waits for the
kernel. Used by ``tests/test_jupyterlab.py`` and ``benchmarks/live_speed.py``.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from nabla.figures.explorer import STORED_STATE

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {
    "notebook-extension/tracker": {"windowingMode": "none"},  # every cell in the page
    "docmanager-extension/plugin": {"autosave": False},
    "apputils-extension/notification": {"fetchNews": "false"},
}
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in front (Lab reopens others)
RENDERED = """(path) => {  // the notebook at path is in front, every Markdown cell rendered
  const panel = window.jupyterapp?.shell.currentWidget;
  if (!panel?.content || panel.context?.path !== path) return false;
  const markdown = panel.content.widgets.filter((w) => w.model.type === "markdown");
  return markdown.length > 0 && markdown.every((w) => w.rendered &&
    w.node.querySelector(".myst")?.textContent.trim());
}"""
# Another notebook in the Lab already open, with a fresh record of live-frame times.
OPEN = """(path) => { window.__nablaLiveTimings = [];
  return window.jupyterapp.commands.execute("docmanager:open", { path, factory: "Notebook" })
    .then(() => true); }"""
SHUT_DOWN = """async (keep) => { const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.shutdown();
  if (keep) panel.dispose(); }"""
# Once the kernel is up (Run All before that runs nothing); the command's promise settles
# when the last cell ran, or a cell failed.
RUN_ALL = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.ready;
  while (panel.sessionContext.session?.kernel?.status !== "idle") {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await window.jupyterapp.commands.execute("notebook:run-all-cells");
}"""
STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.map((w) => w.model.toJSON());
  return {
    busy: panel.sessionContext.session?.kernel?.status !== "idle",
    unrun: cells.flatMap((c, k) => c.cell_type === "code" && c.execution_count === null
      ? [`${k}: ${c.source.slice(0, 60)}`] : []),
    errors: cells.flatMap((c) => (c.outputs || []).filter((o) => o.output_type === "error")),
  };
}"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _slug(path):
    return "".join(c if c.isalnum() else "-" for c in path)


@contextlib.contextmanager
def running_lab(folder, python=sys.executable):
    """A JupyterLab of the environment of ``python`` over copies of chapters/ and exercises/ in
    ``folder``; yields ``url(path)``, the address that opens a notebook, token in it. The
    server's log is ``folder/lab.log``."""
    folder = Path(folder)
    for name in ("chapters", "exercises"):
        shutil.copytree(ROOT / name, folder / "root" / name)
    for name, values in SETTINGS.items():
        path = folder / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), "nabla-test-token"
    root, settings = folder / "root", folder / "settings"
    command = [
        str(Path(python).parent / "jupyter"), "lab", "--no-browser", f"--port={port}",
        "--ip=127.0.0.1", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={settings}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    with (folder / "lab.log").open("w") as log:  # the server keeps its own copy
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        # A workspace of its own for each notebook: Lab reopens nothing else (no other kernel).
        yield lambda path: f"{base}/lab/workspaces/{_slug(path)}/tree/{path}?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: stop it rather than leave it
            server.kill()
            server.wait()


def open_notebook(browser, url, path, page=None):
    """A page showing the notebook at ``path`` with its Markdown rendered: a new page, or
    ``page``, a Lab that ``shut_down(page, keep=True)`` left open (no second start of Lab)."""
    if page is None:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(url)
        page.wait_for_selector(".jp-Notebook .jp-MarkdownCell", timeout=90000, state="attached")
    else:
        page.evaluate(OPEN, path)
    # jupyterlab-myst renders the Markdown cells one by one after the notebook opens; Lab
    # reopens the notebooks of earlier pages too, and under load one of them was still in
    # front when the counting began (CI read chapter 1's two folded solutions as exercise 1's).
    page.wait_for_function(RENDERED, arg=path, timeout=60000, polling=250)
    return page


def run_all(page):
    """Run every cell of the notebook in front; returns its STATE once the kernel is idle."""
    page.evaluate(RUN_ALL)
    page.wait_for_function(f"() => !({STATE})().busy", timeout=60000, polling=500)
    return page.evaluate(STATE)


def shut_down(page, keep=False):
    """Stop the kernel of the notebook in front and close the page; with ``keep``, close only
    the notebook, unsaved (its file is a copy), and leave Lab open for the next one."""
    page.evaluate(SHUT_DOWN, keep)
    if not keep:
        page.close()


ANSWERED = "() => (window.__nablaLiveTimings || []).length"  # live frames drawn in the page


def page_point(box, panel, x, y):
    """Page pixels of the data point (x, y) on a panel drawn in ``box`` (its bounding box)."""
    from nabla.figures.common import MARGINS, PANEL_HEIGHT, PANEL_WIDTH, PLOT_HEIGHT, PLOT_WIDTH

    fx = (x - panel["x"]["min"]) / (panel["x"]["max"] - panel["x"]["min"])
    fy = (y - panel["y"]["min"]) / (panel["y"]["max"] - panel["y"]["min"])
    px, py = MARGINS["l"] + fx * PLOT_WIDTH, PANEL_HEIGHT - MARGINS["b"] - fy * PLOT_HEIGHT
    return box["x"] + px * box["width"] / PANEL_WIDTH, box["y"] + py * box["height"] / PANEL_HEIGHT


def stored_spec(path, title):
    """The spec of the explorer whose title starts with ``title``, from the stored notebook."""
    nb = json.loads((ROOT / path).read_text())
    models = nb["metadata"][STORED_STATE]["state"]
    specs = [m["state"]["spec"] for m in models.values() if "spec" in m["state"]]
    return next(spec for spec in specs if spec["title"].startswith(title))


def drag(page, figure, spec, points, check=lambda k, point: None):
    """Press the pointer on the explorer ``figure`` (a locator) at the first of ``points`` on
    its drag panel and move it through the rest, waiting each time until the kernel's live
    frame is drawn; ``check(k, point)`` then looks at the page."""
    panel = next(p for p in spec["panels"] if p["id"] == spec["drag"]["panel"])
    area = figure.locator(f"svg[data-panel={panel['id']}]")
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    for k, point in enumerate(points):
        answered = page.evaluate(ANSWERED)
        page.mouse.move(*page_point(box, panel, *point))
        if k == 0:
            page.mouse.down()
        page.wait_for_function(f"() => ({ANSWERED})() > {answered}", timeout=10000)
        check(k, point)
    page.mouse.up()
