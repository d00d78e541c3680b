"""A chapter and an exercise notebook opened in JupyterLab from the reader environment.

Headless Chromium on a local ``jupyter lab`` with a token, over copies of the notebooks
(Lab's autosave never touches the stored ones; tools/lab_session.py). Before running: the
MyST is rendered (jupyterlab-myst), solutions folded, the quoted numbers shown from the
stored results, each explorer shown as its own first-frame image. After Run All: no cell
errors, every explorer mounted, the quoted numbers as the book prints them; a drag between
stored frames, then a slider between two grid values, show nabla's values at the very
values asked (the kernel's live frame), and the live region says the values shown. The
input-to-exact-frame times are printed with the test summary. About two minutes, so the
result is reused while its inputs are unchanged (always run under CI=1).
"""

import json

import nabla
import numpy as np
import pytest
from nabla.examples import hill
from nabla.figures.common import true_minus

from .conftest import ROOT, unless_passed
from .test_live_frames import LAB

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
    "lib/nabla/figures/level_sets.py",
    "tools/lab_session.py",
    "lib/nabla/figures/live_server.py",
    "pyproject.toml",
    __file__,
]
# Raw MyST a reader must not see: directive fences, roles, targets, unevaluated values
# (and no reference marked as not found).
RAW = ["```{", ":::", "{exercise}", "{solution}", "{prf:", "{eq}", "{eval}", "(ch-", "glue."]
SHOWN = LAB.SHOWN


@pytest.fixture
def lab(tmp_path):
    """The URL of a JupyterLab serving copies of the chapters and exercises, token in it."""
    with LAB.running_lab(tmp_path) as url:
        yield url


def _shown_values(path):
    """The texts the book prints for the notebook's {eval} expressions."""
    nb = json.loads((ROOT / path).read_text())
    results = [r for c in nb["cells"] for r in c["metadata"].get("user_expressions", [])]
    return {r["result"]["data"]["text/plain"].strip("'\"") for r in results}


def _first_frames(path):
    """The first-frame images, as data URLs, of the explorers the notebook stores."""
    nb = json.loads((ROOT / path).read_text())
    outputs = [o["data"] for c in nb["cells"] for o in c.get("outputs", []) if "data" in o]
    views = [d for d in outputs if "application/vnd.jupyter.widget-view+json" in d]
    return [f"data:image/png;base64,{d['image/png'].strip()}" for d in views]


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
def test_notebooks_read_like_the_book_in_jupyterlab(
    passed, browser, lab, record_property, tmp_path
):
    for path in (CHAPTER, SLICES, EXERCISE):
        source = (ROOT / path).read_text()  # solutions and "How we checked this" blocks
        solutions = source.count("```{solution}") + source.count(":::{dropdown}")
        page = LAB.open_notebook(browser, lab(path), path)
        folded = page.locator(f"{SHOWN} .jp-MarkdownCell .myst details:not([open])").count()
        assert folded == solutions, f"{path}: {folded} folded solutions, expected {solutions}"
        _check_rendered(page, path)
        for png in _first_frames(path):  # each explorer's own image, not the widget
            image = page.locator(f"{SHOWN} .jp-OutputArea-output img[src='{png}']")
            assert image.count() == 1, f"{path}: an explorer's first frame is not shown"
        state = LAB.run_all(page)
        assert state["errors"] == [], f"{path}: {state['errors'][:1]}"
        assert state["unrun"] == [], f"{path}: cells not run: {state['unrun'][:3]}"
        _check_rendered(page, path)
        if path in DRAGS:
            assert page.locator(f"{SHOWN} .nabla-explorer").count() >= 1, "no explorer mounted"
            times = _drag(page, path, *DRAGS[path])
            record_property("redraw_ms", (f"live frame in JupyterLab, {path}", times))
        page.close()
    # The server sent the kernel's answers at once (nabla's extension, from its install).
    assert (
        "nabla: kernel websockets send each message at once" in (tmp_path / "lab.log").read_text()
    )
    passed()


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
