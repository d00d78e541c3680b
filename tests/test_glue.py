"""Numbers quoted in the prose: one source (``{eval}`glue.name```) for the book and Lab."""

import importlib.util
import itertools
import json
import re

import nbformat
import pytest
from nabla.glue import Glue

from .conftest import ROOT, extension

CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))


_spec = importlib.util.spec_from_file_location("glue_to_eval", ROOT / "tools/glue_to_eval.py")
CONVERT = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(CONVERT)
STORED = extension("stored_eval")


def test_glue_keeps_text_under_a_name_the_prose_can_quote():
    glue = Glue()
    glue("step_up", "0.1702")
    assert glue.step_up == "0.1702"
    with pytest.raises(ValueError, match="name"):
        glue("3d", "1")
    with pytest.raises(TypeError, match="text"):
        glue("step_up", 0.1702)


def test_the_book_shows_stored_text_as_jupyterlab_myst_does():
    # jupyterlab-myst strips one pair of matching quotes from a text/plain result.
    assert STORED.shown({"status": "ok", "data": {"text/plain": "'0.1702'"}}) == "0.1702"
    assert STORED.shown({"status": "ok", "data": {"text/plain": '"it\'s"'}}) == "it's"
    assert STORED.shown({"status": "ok", "data": {"text/plain": "17"}}) == "17"
    assert STORED.shown({"status": "error", "ename": "NameError"}) is None


def test_the_conversion_rewrites_glue_and_is_idempotent():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            'from myst_nb import glue\n\nfor k in "ab":\n    glue(f"n_{k}", "1", display=False)'
        ),
        nbformat.v4.new_markdown_cell("So {glue:text}`n_a` and {glue}`n_b`, not `glue`."),
    ]
    assert CONVERT.convert(nb) == 2
    assert nb.cells[0].source == (
        'from nabla.glue import glue\n\nfor k in "ab":\n    glue(f"n_{k}", "1")'
    )
    assert nb.cells[1].source == "So {eval}`glue.n_a` and {eval}`glue.n_b`, not `glue`."
    assert CONVERT.convert(nb) == 0


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_quoted_number_is_stored_with_its_cell(path):
    # Each Markdown cell stores a result for each of its expressions, in order, and
    # none failed; glue roles that Lab cannot show are gone.
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        assert not re.search(r"\{glue[:}]", source), "run tools/glue_to_eval.py"
        if cell["cell_type"] == "code":
            continue
        asked = STORED.expressions(source)
        stored = cell["metadata"].get("user_expressions", [])
        assert [s["expression"] for s in stored] == list(dict.fromkeys(asked))
        for item in stored:
            assert item["result"]["status"] == "ok", item


GLUED = re.compile(r"""\bglue\(\s*(f?)(["'])(.*?)\2""")
NOTEBOOKS = [*CHAPTERS, *sorted(ROOT.glob("exercises/**/*.ipynb"))]


def _glued(source):
    """Patterns of the names a code cell glues: literal names, f-strings' with any word for
    each replacement field."""
    calls = GLUED.findall(source)
    assert len(calls) == source.count("glue("), f"glue a literal name or an f-string: {source}"
    return [
        r"\w+".join(map(re.escape, re.split(r"\{[^}]*\}", name))) if f else re.escape(name)
        for f, _, name in calls
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_quoted_number_is_computed_above_its_text(path):
    # After Run All in JupyterLab, a Markdown cell quoting glue.name before the cell that
    # computes it shows "computed further down": compute first, then quote.
    glued, early = [], []
    for k, cell in enumerate(json.loads(path.read_text())["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            glued += _glued(source)
            continue
        for expression in STORED.expressions(source):
            name = expression.removeprefix("glue.")
            if not any(re.fullmatch(pattern, name) for pattern in glued):
                early.append(f"cell {k}: {expression}")
    assert early == [], f"quoted above the cell that computes it: {early}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_run_all_never_stops_on_an_error(path):
    """JupyterLab's and Colab's Run All stop at the first cell that raises (they do not read
    the ``raises-exception`` tag that nbval and the book honour): a cell that shows an error
    catches it and prints it, so every cell below still runs."""
    for k, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] == "code":
            assert "raises-exception" not in cell["metadata"].get("tags", []), f"cell {k}"
            assert all(out["output_type"] != "error" for out in cell["outputs"]), f"cell {k}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_cells_printed_text_is_one_box(path):
    """The book draws each stored stream output as a box: a print split over two outputs
    (chapter 4 stored one holding only a newline) is an empty box on screen and on paper."""
    for k, cell in enumerate(json.loads(path.read_text())["cells"]):
        outputs = cell.get("outputs", [])
        for a, b in itertools.pairwise(outputs):
            assert not (a["output_type"] == "stream" and a.get("name") == b.get("name")), k
