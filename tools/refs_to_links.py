"""Turn ``{ref}`` and ``{doc}`` roles into Markdown links, in place (issue 14; safe to re-run).

jupyterlab-myst resolves no label of another notebook: ``{ref}`label``` shows the raw label
under a "Cross Reference Not Found" mark, ``{ref}`text <label>``` an inert link, and
``{doc}`text <page>``` a link to the file without its extension. A Markdown link reads the
same in both: Sphinx (MyST) links ``[text](02-gradient.ipynb)`` to the page and
``[text](#label)`` to the label wherever it is in the book; JupyterLab opens the first's
notebook in Lab and shows the second's text. This rewrites, in every notebook given:

- ``{doc}``, and ``{ref}`` to a label that heads a page (a chapter, the primers), into
  ``[text](page file)``, the page's title where the role gave no text (as the book shows);
- ``{ref}`` to any other label into ``[text](#label)``, the text the book shows (for an
  exercise, "Exercise 3").

::

    .venv/bin/python tools/refs_to_links.py chapters/*.ipynb exercises/*.ipynb
"""

import os
import re
import sys
from pathlib import Path

import nbformat
from colab_editions import ROOT, SOURCES, TARGET, Book

ROLE = re.compile(r"\{(ref|doc)\}`([^`]*)`")


def page_labels(paths):
    """{label: (path, title)} for the labels that open a page: a chapter's or page's first
    line ``(label)=``, its title the heading under it."""
    pages = {}
    for path in paths:
        text = (
            path.read_text()
            if path.suffix == ".md"
            else nbformat.read(path, as_version=4).cells[0].source
        )
        top = TARGET.match(text)
        if top:
            title = text[top.end() :].split("\n", 1)[0]
            pages[top[1]] = (path, title.lstrip("# ").strip())
    return pages


def convert(nb, folder, pages, book):
    """The notebook (in ``folder``) with its roles rewritten; returns the cells changed."""

    def link(match):
        name, text = match.groups()
        given = re.fullmatch(r"(.*?)\s*<([^>]+)>", text)
        shown, target = (given[1], given[2]) if given else (None, text)
        if name == "doc":
            path = next(
                p for p in (folder / f"{target}.ipynb", folder / f"{target}.md") if p.exists()
            )
            return f"[{shown or target}]({os.path.relpath(path, folder)})"
        if target in pages:
            path, title = pages[target]
            return f"[{shown or title}]({os.path.relpath(path, folder)})"
        return f"[{shown or book.labels[target]}](#{target})"

    changed = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            source = ROLE.sub(link, cell.source)
            changed += source != cell.source
            cell.source = source
    return changed


if __name__ == "__main__":
    book = Book([nbformat.read(p, as_version=4) for p in SOURCES])
    pages = page_labels(
        [*sorted(ROOT.glob("chapters/*.ipynb")), *sorted(ROOT.glob("chapters/*.md"))]
    )
    for name in sys.argv[1:]:
        path = Path(name).resolve()
        nb = nbformat.read(path, as_version=4)
        changed = convert(nb, path.parent, pages, book)
        if changed:
            nbformat.write(nb, path)
        print(f"{name}: {changed} cells changed")
