"""Binder's environment, built from nothing, runs every notebook in JupyterLab as a student
sees it.

As repo2docker does: a fresh virtual environment, `pip install -r requirements.txt` (with uv,
the same pinned wheels; `pip check` confirms the set), and JupyterLab started from it over
copies of the notebooks (Lab's autosave never touches the stored ones; tools/lab_session.py).
Then, for every chapter and exercise notebook, in headless Chromium. Before running: the MyST
is rendered (jupyterlab-myst), solutions folded, exercises, theorems and equations numbered
as the book's pages number them, the quoted numbers shown from the stored results, each
explorer shown as its own first-frame image. After Run All: no cell errors, no cell left
unrun, every explorer mounted, the quoted numbers as the book prints them. In
chapters 1 and 4, a drag between stored frames, then a slider between two grid values, show
nabla's values at the very values asked (the kernel's live frame), and the live region says
the values shown; in chapter 3, whose explorer has a slider only, the angle between two grid
values shows and says its exact value in degrees. The input-to-exact-frame times are printed
with the test summary.

Several minutes, so each notebook's last pass is reused while its inputs are unchanged (the
environment's, Lab's and the notebook's); CI reruns everything.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import nabla
import numpy as np
import pytest
from nabla.examples import POINT, hill, hill_gradient
from nabla.figures.common import true_minus

from .conftest import (
    ROOT,
    SITE,
    _library_and_tools,
    chromium_identity,
    explorer_outputs,
    last_pass,
)
from .test_cross_references import BOOK_NUMBER
from .test_environments import _fresh_venv
from .test_live_frames import LAB

NOTEBOOKS = sorted(
    str(p.relative_to(ROOT))
    for p in [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]
)
CHAPTER, SLICES = "chapters/04-level-sets.ipynb", "chapters/01-partial-derivatives.ipynb"
ANGLE = "chapters/03-directional-derivatives.ipynb"
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
INPUTS = [  # besides the notebook and its page: the environment, the library, Lab, these tests
    *_library_and_tools(),  # the pins and the server's settings among the tools
    "runtime.txt",
    "Makefile",  # uv's version, which builds the environment
    "tools/lab_session.py",
    *(ROOT / "tests" / name for name in ("test_cross_references.py", "test_live_frames.py")),
    *(ROOT / "tests" / name for name in ("test_environments.py", "test_jupyterlab.py")),
]
# Raw MyST a reader must not see: directive fences, roles, targets, unevaluated values
# (and no reference marked as not found).
RAW = ["```{", ":::", "{exercise}", "{solution}", "{prf:", "{eq}", "{eval}", "(ch-", "glue."]
SHOWN = LAB.SHOWN
# What Lab shows for each numbered exercise, theorem and equation: {label: number}.
LAB_NUMBERS = """(shown) => Object.fromEntries([...document.querySelectorAll(
  `${shown} .jp-MarkdownCell .myst a[title^='Link to this ']`)].filter(
  (a) => /^Link to this (Exercise|Theorem|Equation)$/.test(a.title)).map(
  (a) => [a.getAttribute("href").slice(1), a.textContent.replace(/[()]/g, "").split(" ").pop()]))"""


def _shown_values(path, ran=False):
    """The texts the book prints for the notebook's {eval} expressions; once the notebook
    ran here, less those glued by a cell that measures this machine (tagged
    nbval-ignore-output: timings), whose numbers a new run changes."""
    nb = json.loads((ROOT / path).read_text())
    measured = {
        f"glue.{name}"
        for c in nb["cells"]
        if "nbval-ignore-output" in c["metadata"].get("tags", [])
        for name in re.findall(r"glue\(\"(\w+)\"", "".join(c["source"]))
    }
    results = [r for c in nb["cells"] for r in c["metadata"].get("user_expressions", [])]
    return {
        r["result"]["data"]["text/plain"].strip("'\"")
        for r in results
        if not (ran and r["expression"] in measured)
    }


def _first_frames(path):
    """The first-frame images, as data URLs, of the explorers the notebook stores."""
    return [
        f"data:image/png;base64,{o['data']['image/png'].strip()}" for o in explorer_outputs(path)
    ]


def _check_rendered(page, path, ran=False):
    markdown = "\n".join(page.locator(f"{SHOWN} .jp-MarkdownCell .myst").all_text_contents())
    assert not [raw for raw in RAW if raw in markdown], f"{path}: raw MyST in the rendered text"
    missing = [v for v in _shown_values(path, ran) if v not in markdown]
    assert not missing, f"{path}: quoted values not shown: {missing}"
    unresolved = page.locator(f"{SHOWN} .jp-MarkdownCell [title='Cross Reference Not Found']")
    assert unresolved.all_text_contents() == [], f"{path}: references Lab cannot resolve"


def _binder_environment(where):
    """A fresh environment with requirements.txt installed, as repo2docker makes it."""
    python = _fresh_venv(where)
    uv = Path(sys.executable).parent / "uv"
    install = [uv, "pip", "install", "--quiet", "--python", python, "-r", "requirements.txt"]
    subprocess.run(install, check=True, cwd=ROOT)
    subprocess.run([python, "-m", "pip", "check"], check=True)
    # The install enables nabla's Jupyter server extension in the environment's server.
    config = where / "etc/jupyter/jupyter_server_config.d/nabla.json"
    assert "nabla.figures.live_server" in config.read_text()
    return python


@pytest.mark.slow
@pytest.mark.browser
def test_binder_environment_runs_every_notebook_in_jupyterlab(browser, tmp_path, record_property):
    due = {}
    for path in NOTEBOOKS:
        page = (SITE / path).with_suffix(".html")  # the numbers Lab must show
        inputs = [*INPUTS, path, *([page] if page.exists() else [])]
        name = f"jupyterlab-{path.replace('/', '-')}"
        reused, passed = last_pass(name, inputs, extra=chromium_identity())
        if not reused:
            due[path] = passed
    if not due:
        pytest.skip(f"reused the last pass of all {len(NOTEBOOKS)} notebooks (inputs unchanged)")
    python = _binder_environment(tmp_path / "env")
    failed, passes = [], []
    with LAB.running_lab(tmp_path / "lab", python) as lab:
        page = None  # one Lab for all the notebooks, each opened and closed in turn
        for path, passed in due.items():
            try:
                page = _reads_like_the_book(browser, lab(path), path, record_property, page)
            except Exception as error:  # every notebook is tried; all failures are reported
                failed.append(f"{path}: {type(error).__name__}: {error}"[:2000])
                page = None  # the next in a Lab of its own (a dialog may hold this one)
            else:
                passes.append(passed)
        if page:
            page.close()
        # The server sent the kernel's answers at once (nabla's extension, from the install).
        assert (
            "nabla: kernel websockets send each message at once"
            in (tmp_path / "lab" / "lab.log").read_text()
        )
    for passed in passes:  # remembered only once the server, too, was as it should be
        passed()
    assert not failed, "\n\n".join(failed)
    record_property("reused", f"{len(NOTEBOOKS) - len(due)} of {len(NOTEBOOKS)} notebooks")


def _reads_like_the_book(browser, url, path, record_property, page=None):
    """Checks the notebook at ``path`` in ``page``'s Lab, or a new one at ``url``; returns
    the page with the notebook closed, or closes it and raises."""
    source = (ROOT / path).read_text()  # solutions and "How we checked this" blocks
    solutions = source.count("```{solution}") + source.count(":::{dropdown}")
    page = LAB.open_notebook(browser, url, path, page)
    try:
        folded = page.locator(f"{SHOWN} .jp-MarkdownCell .myst details:not([open])").count()
        assert folded == solutions, f"{folded} folded solutions, expected {solutions}"
        _check_rendered(page, path)
        book = (SITE / path).with_suffix(".html").read_text()
        numbers = {label: "".join(n) for label, *n in BOOK_NUMBER.findall(book)}
        assert page.evaluate(LAB_NUMBERS, SHOWN) == numbers, "numbered unlike the book"
        frames = _first_frames(path)
        for png in frames:  # each explorer's own image, not the widget
            image = page.locator(f"{SHOWN} .jp-OutputArea-output img[src='{png}']")
            assert image.count() == 1, "an explorer's first frame is not shown"
        state = LAB.run_all(page)
        assert state["errors"] == [], state["errors"][:1]
        assert state["unrun"] == [], f"cells not run: {state['unrun'][:3]}"
        _check_rendered(page, path, ran=True)
        page.wait_for_function(
            "([n, s]) => document.querySelectorAll(s).length === n",
            arg=[len(frames), f"{SHOWN} .nabla-explorer"],
        )
        if path in DRAGS:
            times = _drag(page, path, *DRAGS[path])
            record_property("redraw_ms", (f"live frame in JupyterLab, {path}", times))
        if path == ANGLE:
            times = _slide_angle(page)
            record_property("redraw_ms", (f"live frame in JupyterLab, {path}", times))
    except BaseException:
        page.close()  # its kernel stops with the server
        raise
    LAB.shut_down(page, keep=True)
    return page


def _exact(figure, numbers):
    """The values the figure shows (its outputs) and whether its readout shows ``numbers``
    there, to the readout's digits (Python's exact values, not a stored frame's)."""
    outputs = figure.locator("output").all_inner_texts()
    x = np.array([float(t.replace("\u2212", "-")) for t in outputs])
    shown = figure.locator("dd").all_inner_texts()
    digits = [len(t.split(".")[1]) for t in shown[: len(numbers(x))]]
    expected = [true_minus(f"{v:.{d}f}") for v, d in zip(numbers(x), digits, strict=True)]
    assert shown[: len(expected)] == expected, (x, shown)
    return x, shown


def _drag(page, path, title, start, numbers):
    """Click an explorer's drag panel at ``start``, then drag in small steps: each time the
    readout shows ``numbers(x)`` at the point x the page shows. Then a slider between two
    grid values, and the live region's words. Returns the input-to-exact-frame times, ms."""
    spec = LAB.stored_spec(path, title)
    figure = page.locator(f"{SHOWN} .nabla-explorer[data-nabla-explorer^='{title}']")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("(f) => f.dataset.kernel === 'live'", arg=figure.element_handle())

    def check(k, point):
        x, shown = _exact(figure, numbers)
        assert np.allclose(x, point, atol=0.011), (x, point)  # the point, not a grid point
        if k == 0 and path == SLICES:
            assert shown[0] == "17.657"  # the example: not the stored 17.062

    points = [np.add(start, [0.02 * k, -0.01 * k]) for k in range(12)]
    LAB.drag(page, figure, spec, points, check)
    times = page.evaluate("() => window.__nablaLiveTimings")
    # The live region says the values shown once the input has rested, not a stored frame's.
    live = figure.locator("p[aria-live=polite]")
    f_shown = figure.locator("dd").first.inner_text()
    page.wait_for_function(
        "([p, f]) => p.textContent.includes(f)", arg=[live.element_handle(), f_shown]
    )
    assert f"{spec['readout'][0]} {f_shown}" in live.text_content().split("; ")
    # The second slider 0.4 of the way between two grid values: the kernel's frame there.
    values = spec["controls"][1]["values"]
    answered = len(times)
    figure.locator("input[type=range]").nth(1).fill("2.4")
    page.wait_for_function(f"() => window.__nablaLiveTimings.length > {answered}")
    x, _ = _exact(figure, numbers)
    assert x[1] == pytest.approx(values[2] + 0.4 * (values[3] - values[2]), abs=0.006)
    assert not np.isclose(values, x[1]).any()
    return page.evaluate("() => window.__nablaLiveTimings")


def _slide_angle(page):
    """Chapter 3's angle slider between its grid values 35 and 37.5 degrees: the kernel's
    frame at 37.23 degrees, said with its unit, and f's rate of change there. Returns the
    input-to-exact-frame times, ms."""
    title = "Turning a unit vector u"
    values = LAB.stored_spec(ANGLE, title)["controls"][0]["values"]
    figure = page.locator(f"{SHOWN} .nabla-explorer[data-nabla-explorer^='{title}']")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("(f) => f.dataset.kernel === 'live'", arg=figure.element_handle())
    answered = page.evaluate(LAB.ANSWERED)
    slider = figure.locator("input[type=range]")
    slider.fill(f"{values.index(35.0) + 2.23 / 2.5:.6f}")
    page.wait_for_function(f"() => ({LAB.ANSWERED})() > {answered}")
    assert figure.locator("output").inner_text() == "37.23°"  # not the grid's 37.2°
    assert slider.get_attribute("aria-valuetext") == "37.23 degrees"
    # D_u f = |grad f| cos(theta), with the exact gradient: 13.5356, not 37.5 degrees' 13.4870.
    rate = float(figure.locator("dd").nth(3).inner_text().replace("\u2212", "-"))
    assert rate == pytest.approx(
        np.linalg.norm(hill_gradient(POINT)) * np.cos(np.radians(37.23)), abs=6e-5
    )
    # The arrow keys move the slider to the next grid value (every 2.5 degrees), its stored
    # frame, and not JupyterLab's active cell (its command-mode keys).
    cell = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    active = page.evaluate(cell)
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(figure) => figure.querySelector('output').textContent === '37.5°'",
        arg=figure.element_handle(),
    )
    assert slider.get_attribute("aria-valuetext") == "37.5 degrees"
    assert page.evaluate(cell) == active
    return page.evaluate("() => window.__nablaLiveTimings")
