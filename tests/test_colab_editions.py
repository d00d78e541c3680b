"""The Colab editions (colab/) are plain CommonMark plus LaTeX, and current."""

import importlib.util
import re

import nbformat
import pytest
from markdown_it import MarkdownIt
from nabla.figures.explorer import STORED_STATE

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("colab_editions", ROOT / "tools/colab_editions.py")
COLAB = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(COLAB)

EDITIONS = sorted((ROOT / "colab").rglob("*.ipynb"))
# MyST left in the HTML a CommonMark renderer makes of a cell: a role ({eq}<code>...),
# a directive fence (a code block in the language {name}), a (label)= target, a
# colon fence, an equation label after $$.
MYST = re.compile(
    r"\{[\w:-]+\}<code>|language-\{|^<p>\([\w-]+\)=|:::|\$\$\s*\([\w-]+\)|\{(glue|eval)", re.M
)


def _myst_left(markdown):
    return MYST.findall(MarkdownIt("commonmark").render(markdown))


def test_the_check_finds_myst():
    for source in [
        "See {eq}`eq-x`.",
        "(ch-x)=\n# Title",
        "```{solution} ex-1\n:class: dropdown\nText\n```",
        ":::{note}\nText\n:::",
        "$$ x $$ (eq-x)",
    ]:
        assert _myst_left(source), source
    assert not _myst_left("Plain $x^2$ and `{eq}` in code, $$ x \\tag{1} $$")


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: str(p.relative_to(ROOT / "colab")))
def test_an_edition_has_no_myst_left(path):
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "markdown":
            assert not _myst_left(cell.source), f"cell {number}: {_myst_left(cell.source)}"


@pytest.fixture(scope="module")
def made():
    return COLAB.editions()


def test_every_chapter_and_exercise_has_a_current_edition(made):
    assert sorted(made) == [str(p.relative_to(ROOT / "colab")) for p in EDITIONS]
    for name, nb in made.items():
        stored = nbformat.read(ROOT / "colab" / name, as_version=4)
        assert nb == stored, f"colab/{name} is stale: run `make notebooks`"


def test_solutions_fold_and_references_read_as_the_book_numbers_them(made):
    source = (ROOT / "chapters/04-level-sets.ipynb").read_text()
    text = "\n".join(c.source for c in made["chapters/04-level-sets.ipynb"].cells)
    assert text.count("<details><summary>Solution</summary>") == source.count("```{solution}")
    folded = source.count(":::{dropdown} ")
    assert folded
    assert text.count("<details><summary>How we checked this") == folded
    assert "{prf:ref}`thm-gradient-normal` (if" in source
    assert "Theorem 1 (if" in text
    # The book numbers equations across chapters: chapter 4's first follows chapters 1 to 3's.
    before = sum(
        len(COLAB.EQUATION.findall(cell.source))
        for path in sorted(ROOT.glob("chapters/0[123]-*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "markdown"
    )
    assert f"\\tag{{{before + 1}}}" in text
    book = ROOT / "_build/html/chapters/04-level-sets.html"
    if book.exists():
        assert f'<span class="eqno">({before + 1})' in book.read_text()


def test_an_explorer_is_its_first_frame_image_until_colab_runs_it():
    # Colab never reads stored widget state (its widgets need the running kernel): the
    # editions drop it, and each explorer's output keeps its first-frame PNG.
    explorers = 0
    for path in EDITIONS:
        edition = nbformat.read(path, as_version=4)
        source = nbformat.read(ROOT / path.relative_to(ROOT / "colab"), as_version=4)
        assert {"widgets", STORED_STATE}.isdisjoint(edition.metadata)
        kept = [cell for cell in source.cells if cell.id != COLAB.NUMBERING]  # Lab's alone
        for mine, theirs in zip(edition.cells, kept, strict=True):
            for shown, stored in zip(
                mine.get("outputs", []), theirs.get("outputs", []), strict=True
            ):
                assert COLAB.WIDGET_VIEW not in shown.get("data", {})
                if COLAB.WIDGET_VIEW in stored.get("data", {}):
                    explorers += 1
                    assert shown["data"]["image/png"].startswith("iVBORw0KGgo")  # a PNG
    assert explorers > 0, "no explorer output in the chapters"
