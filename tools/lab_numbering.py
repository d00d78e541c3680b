"""Number each chapter's exercises, theorems and equations in JupyterLab as the book does.

jupyterlab-myst numbers every notebook from 1; the book counts over the whole book, so
chapter 6's first exercise is Exercise 11. Each chapter therefore starts with a Markdown
cell of MyST front matter whose ``numbering`` says where its counts begin, and a note to
keep the cell first: jupyterlab-myst reads the front matter of a notebook's first Markdown
cell only (a cell added above it, or its deletion, sets the numbers back to 1). The cell is
tagged ``remove-cell``, so the book leaves it out; the Colab editions drop it by its id
(`make notebooks`)::

    .venv/bin/python tools/lab_numbering.py
"""

import nbformat
from colab_editions import NUMBERING, ROOT, SOURCES, Book

NOTE = "*Keep this cell at the top: it makes the numbers below continue the book's.*"
# jupyterlab-myst's name for each kind the book numbers: the book's name (colab_editions).
KINDS = {"exercise": "exercise", "proof:theorem": "prf:theorem", "equation": "equation"}


def front_matter(before):
    """The first cell's source, given the counts of the notebooks before this one: the YAML
    on one line and a blank line before the closing fence, so that a CommonMark renderer
    (nbconvert, GitHub) shows a line between two rules, not a heading; then a word to the
    student, which Lab shows."""
    starts = ", ".join(f'"{kind}": {{start: {before[name] + 1}}}' for kind, name in KINDS.items())
    return f"---\nnumbering: {{{starts}}}\n\n---\n\n{NOTE}"


def numbered(notebooks):
    """Each notebook with its first cell set to the front matter of where it starts."""
    before = dict.fromkeys(KINDS.values(), 0)
    for nb in notebooks:
        body = [c for c in nb.cells if c.get("id") != NUMBERING]
        book = Book([nbformat.from_dict({"cells": body})])
        counts = {**book.count, "equation": len(book.equations)}
        if any(counts.values()):
            cell = nbformat.v4.new_markdown_cell(front_matter(before))
            cell.metadata["tags"], cell.id = ["remove-cell"], NUMBERING
            body.insert(0, cell)
        nb.cells = body
        for name in before:
            before[name] += counts[name]
    return notebooks


def write():
    notebooks = numbered([nbformat.read(p, as_version=4) for p in SOURCES])
    for path, nb in zip(SOURCES, notebooks, strict=True):
        before = path.read_text()
        nbformat.write(nb, path)
        if path.read_text() != before:
            print(f"numbered {path.relative_to(ROOT)} as the book does")


if __name__ == "__main__":
    write()
