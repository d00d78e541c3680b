"""References between pages read the same in the book, in JupyterLab and on Colab (issue 14).

jupyterlab-myst resolves no label of another notebook, so the notebooks link to other pages
with Markdown links (tools/refs_to_links.py): the book resolves them as it resolved the
roles, Lab opens the linked notebook, the Colab editions keep the text.
"""

import importlib.util
import re

import nbformat
import pytest
import yaml

from .conftest import ROOT, SITE

_spec = importlib.util.spec_from_file_location("colab_editions", ROOT / "tools/colab_editions.py")
COLAB = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(COLAB)

NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")])
LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")


@pytest.fixture(scope="module")
def book():
    return COLAB.Book([nbformat.read(p, as_version=4) for p in COLAB.SOURCES])


def _title(path):
    if path.suffix == ".md":
        text = path.read_text()
    else:  # its first cell the book shows (not Lab's numbering cell)
        cells = nbformat.read(path, 4).cells
        text = next(c.source for c in cells if "remove-cell" not in c.metadata.get("tags", []))
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


# What the book prints for each numbered exercise, theorem and equation: {label: number}.
BOOK_NUMBER = re.compile(
    r'id="(?:equation-)?([\w-]+)">\s*(?:<span class="eqno">\((\d+)\)|<p class="admonition-title">'
    r'<span class="caption-number">(?:Exercise|Theorem) (\d+) )'
)
KINDS = {"ex-": "exercise", "thm-": "proof:theorem", "eq-": "equation"}


def test_jupyterlab_numbers_each_notebook_from_where_the_book_does():
    """A notebook's first cell tells jupyterlab-myst where its counts start
    (tools/lab_numbering.py): one past the book's last number of each kind before it, read
    from the built pages. tests/test_jupyterlab.py checks what Lab then shows."""
    last = dict.fromkeys(KINDS.values(), 0)
    for path in COLAB.SOURCES:  # the book's order
        page = (SITE / path.relative_to(ROOT)).with_suffix(".html").read_text()
        first = nbformat.read(path, as_version=4).cells[0]
        if first.id != COLAB.NUMBERING:
            assert not BOOK_NUMBER.search(page), f"{path.name}: run tools/lab_numbering.py"
            continue
        numbering = yaml.safe_load(first.source.split("---")[1])["numbering"]
        assert {kind: n["start"] for kind, n in numbering.items()} == {
            kind: n + 1 for kind, n in last.items()
        }, path.name
        for label, *numbers in BOOK_NUMBER.findall(page):
            kind = next(kind for prefix, kind in KINDS.items() if label.startswith(prefix))
            last[kind] = max(last[kind], int("".join(numbers)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lab_displays_only_the_equations_the_book_numbers(path):
    """jupyterlab-myst numbers every display equation and takes a line that starts with
    \\begin{...} for one; the book numbers only labelled equations. So every display
    equation has a label, and no other line starts with \\begin."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            spans = re.finditer(r"\$\$.+?\$\$([ \t]*\([\w-]+\))?", cell.source, re.S)
            unlabelled = [span[0] for span in spans if not span[1]]
            assert unlabelled == [], unlabelled
            outside = re.sub(r"\$\$.+?\$\$", "", cell.source, flags=re.S)
            assert not re.search(r"^\s*\\begin\{", outside, re.M), cell.source[:200]
