"""A chapter and an exercise notebook opened in JupyterLab from the reader environment.

Headless Chromium on a local ``jupyter lab`` with a token, over copies of the notebooks
(Lab's autosave never touches the stored ones). Before running: the MyST is rendered
(jupyterlab-myst), solutions folded, the quoted numbers shown from the stored results,
each explorer shown as its first-frame image. After Run All: no cell errors, every
explorer mounted, the quoted numbers as the book prints them, and a drag between two
stored frames shows nabla's values at the very point dragged to (the kernel's live
frame); the input-to-exact-frame times are printed with the test summary. About two
minutes, so the result is reused while its inputs are unchanged (always run under CI=1).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nabla
import numpy as np
import pytest
from nabla.examples import hill
from nabla.figures.common import true_minus

from .conftest import ROOT, unless_passed
from .test_live_frames import page_point

CHAPTER, EXERCISE = "chapters/04-level-sets.ipynb", "exercises/01-partial-derivatives.ipynb"
SLICES = "chapters/01-partial-derivatives.ipynb"
# Explorers dragged after Run All, by title: the point first clicked (chapter 1's is the
# issue's example, between the stored frames of (1, 2) and (1.25, 2)), and the numbers
# nabla gives at a point x, as the first rows of the readout show them.
DRAGS = {
    SLICES: (
        "Two slices through a point",
        (1.13, 2.1),
        lambda x: [hill(x), nabla.partial(hill, x, 0), nabla.partial(hill, x, 1)],
    ),
    CHAPTER: (
        "A level curve",
        (-0.8, 1.3),
        lambda x: [hill(x), np.linalg.norm(nabla.gradient(hill, x))],
    ),
}
INPUTS = [
    "requirements.txt",
    *(CHAPTER, EXERCISE, SLICES),
    *(f"lib/nabla/figures/{name}" for name in ("explorer.py", "static/explorer.js")),
    __file__,
]
# Raw MyST a reader must not see: directive fences, roles, targets, unevaluated values
# (and no reference marked as not found).
RAW = ["```{", ":::", "{exercise}", "{solution}", "{prf:", "{eq}", "{eval}", "(ch-", "glue."]
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


@pytest.fixture
def lab(tmp_path):
    """The URL of a JupyterLab serving copies of the chapters and exercises, token in it."""
    for folder in ("chapters", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / "root" / folder)
    for name, values in SETTINGS.items():
        path = tmp_path / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), "nabla-test-token"
    root, settings = tmp_path / "root", tmp_path / "settings"
    command = [
        str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={port}",
        "--ip=127.0.0.1", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={settings}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    with (tmp_path / "lab.log").open("w") as log:  # the server keeps its own copy
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield lambda path: f"{base}/lab/tree/{path}?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: stop it rather than leave it
            server.kill()
            server.wait()


def _open(browser, url, path):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-MarkdownCell", timeout=90000, state="attached")
    # jupyterlab-myst renders the Markdown cells one by one after the notebook opens; Lab
    # reopens the notebooks of earlier pages too, and under load one of them was still in
    # front when the counting began (CI read chapter 1's two folded solutions as exercise 1's).
    page.wait_for_function(RENDERED, arg=path, timeout=60000, polling=250)
    return page


def _shown_values(path):
    """The texts the book prints for the notebook's {eval} expressions."""
    nb = json.loads((ROOT / path).read_text())
    results = [r for c in nb["cells"] for r in c["metadata"].get("user_expressions", [])]
    return {r["result"]["data"]["text/plain"].strip("'\"") for r in results}


def _check_rendered(page, path):
    markdown = "\n".join(page.locator(f"{SHOWN} .jp-MarkdownCell .myst").all_text_contents())
    assert not [raw for raw in RAW if raw in markdown], f"{path}: raw MyST in the rendered text"
    missing = [v for v in _shown_values(path) if v not in markdown]
    assert not missing, f"{path}: quoted values not shown: {missing}"
    unresolved = page.locator(f"{SHOWN} .jp-MarkdownCell [title='Cross Reference Not Found']")
    assert unresolved.all_text_contents() == [], f"{path}: references Lab cannot resolve"


@pytest.fixture
def passed():
    """Skips the test while its last pass here had these inputs (before Lab starts)."""
    return unless_passed("jupyterlab", INPUTS)


@pytest.mark.slow
@pytest.mark.browser
def test_notebooks_read_like_the_book_in_jupyterlab(passed, browser, lab, record_property):
    for path in (CHAPTER, SLICES, EXERCISE):
        source = (ROOT / path).read_text()  # solutions and "How we checked this" blocks
        solutions = source.count("```{solution}") + source.count(":::{dropdown}")
        page = _open(browser, lab(path), path)
        folded = page.locator(f"{SHOWN} .jp-MarkdownCell .myst details:not([open])").count()
        assert folded == solutions, f"{path}: {folded} folded solutions, expected {solutions}"
        _check_rendered(page, path)
        explorers = page.locator(f"{SHOWN} .jp-OutputArea-output img").count()
        assert explorers >= (1 if path == CHAPTER else 0), f"{path}: no first-frame image"
        page.evaluate(RUN_ALL)
        page.wait_for_function(f"() => !({STATE})().busy", timeout=60000, polling=500)
        state = page.evaluate(STATE)
        assert state["errors"] == [], f"{path}: {state['errors'][:1]}"
        assert state["unrun"] == [], f"{path}: cells not run: {state['unrun'][:3]}"
        _check_rendered(page, path)
        if path in DRAGS:
            assert page.locator(f"{SHOWN} .nabla-explorer").count() >= 1, "no explorer mounted"
            times = _drag(page, path, *DRAGS[path])
            record_property("redraw_ms", (f"live frame in JupyterLab, {path}", times))
        page.close()
    passed()


LIVE_TIMES = "() => (window.__nablaLiveTimings || []).length"


def _stored_spec(path, title):
    """The spec of the explorer whose title starts with ``title``, from the stored notebook."""
    nb = json.loads((ROOT / path).read_text())
    models = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    specs = [m["state"]["spec"] for m in models.values() if "spec" in m["state"]]
    return next(spec for spec in specs if spec["title"].startswith(title))


def _drag(page, path, title, start, numbers):
    """Click an explorer's drag panel at ``start``, then drag in small steps: each time the
    readout shows ``numbers(x)`` at the point x the page shows (Python's exact values, as
    the readout formats them). Returns the input-to-exact-frame times, ms."""
    spec = _stored_spec(path, title)
    panel = next(p for p in spec["panels"] if p["id"] == spec["drag"]["panel"])
    figure = page.locator(f"{SHOWN} .nabla-explorer[data-nabla-explorer^='{title}']")
    area = figure.locator(f"svg[data-panel={panel['id']}]")
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    path = [np.add(start, [0.02 * k, -0.01 * k]) for k in range(12)]
    for k, point in enumerate(path):
        answered = page.evaluate(LIVE_TIMES)
        if k == 0:
            page.mouse.move(*page_point(box, panel, *point))
            page.mouse.down()
        else:
            page.mouse.move(*page_point(box, panel, *point))
        page.wait_for_function(f"() => ({LIVE_TIMES})() > {answered}", timeout=10000)
        x = np.array([float(t) for t in figure.locator("output").all_inner_texts()])
        assert np.allclose(x, point, atol=0.011), (
            x,
            point,
        )  # the point dragged to, not a grid point
        shown = figure.locator("dd").all_inner_texts()
        digits = [len(t.split(".")[1]) for t in shown[: len(numbers(x))]]
        expected = [true_minus(f"{v:.{d}f}") for v, d in zip(numbers(x), digits, strict=True)]
        assert shown[: len(expected)] == expected, (x, shown)
        if k == 0 and path == SLICES:
            assert shown[0] == "17.657"  # the example: not the stored 17.062
    page.mouse.up()
    return page.evaluate("() => window.__nablaLiveTimings")
