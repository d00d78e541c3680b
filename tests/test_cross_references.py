"""References between pages read the same in the book, in JupyterLab and on Colab (issue 14).

jupyterlab-myst resolves no label of another notebook, so the notebooks link to other pages
with Markdown links (tools/refs_to_links.py): the book resolves them as it resolved the
roles, Lab opens the linked notebook, the Colab editions keep the text.
"""

import importlib.util
import re

import nbformat
import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("colab_editions", ROOT / "tools/colab_editions.py")
COLAB = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(COLAB)

NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")])
LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")


@pytest.fixture(scope="module")
def book():
    return COLAB.Book([nbformat.read(p, as_version=4) for p in COLAB.SOURCES])


def _title(path):
    text = path.read_text() if path.suffix == ".md" else nbformat.read(path, 4).cells[0].source
    return next(line for line in text.splitlines() if line.startswith("# "))[2:].strip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_to_pages_and_labels_say_what_the_book_shows(path, book):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        roles = re.findall(r"\{(?:ref|doc)\}`[^`]*`", cell.source)
        assert roles == [], f"Lab cannot resolve these: run tools/refs_to_links.py ({roles})"
        for text, target in LINK.findall(cell.source):
            if target.startswith("#"):  # a label anywhere in the book
                assert text == book.labels[target[1:]], (text, target)
            elif "://" not in target:  # another page: its title, or "chapter n"
                page = path.parent / target
                assert page.exists(), target
                chapter = re.match(r"0*(\d+)-", page.name)
                assert text in (_title(page), f"chapter {chapter[1]}" if chapter else None), text


def test_the_colab_editions_keep_the_text_of_links_within_the_book(book):
    cell = nbformat.v4.new_markdown_cell(
        "By [chapter 3](03-directional-derivatives.ipynb) and [Exercise 3](#ex-grad-stationary)"
        " (see [Notation and primers](primers.md); [Distill](https://distill.pub/))."
    )
    assert COLAB.markdown(cell, book, {}) == (
        "By chapter 3 and Exercise 3 (see Notation and primers; [Distill](https://distill.pub/))."
    )
