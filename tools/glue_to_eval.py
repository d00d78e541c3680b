"""Turn myst-nb glue into ``{eval}`` expressions, in place (issue 14; safe to re-run).

JupyterLab cannot show ``{glue:text}`name``` (myst-nb fills it in only when the book is
built); jupyterlab-myst evaluates ``{eval}`expr``` in the reader's kernel instead. This
rewrites, in every notebook given:

- Markdown ``{glue:text}`name``` and ``{glue}`name``` into ``{eval}`glue.name```;
- code ``from myst_nb import glue`` into ``from nabla.glue import glue``, and drops
  ``display=False`` from its calls (``nabla.glue.glue`` displays nothing).

Then sort the imports it touched and run the notebooks, to store their outputs and the
prose's values::

    .venv/bin/python tools/glue_to_eval.py chapters/*.ipynb
    .venv/bin/ruff check --fix --select I chapters
    .venv/bin/python tools/run_notebooks.py chapters/*.ipynb
"""

import re
import sys

import nbformat

MARKDOWN = (re.compile(r"\{glue(?::text)?\}`(\w+)`"), r"{eval}`glue.\1`")
CODE = [
    (re.compile(r"^from myst_nb import glue$", re.M), "from nabla.glue import glue"),
    (re.compile(r"^(\s*glue\(.*), display=False\)$", re.M), r"\1)"),
]


def convert(nb):
    """The notebook with glue rewritten; returns the number of cells changed."""
    changed = 0
    for cell in nb.cells:
        rules = [MARKDOWN] if cell.cell_type == "markdown" else CODE
        source = cell.source
        for pattern, replacement in rules:
            source = pattern.sub(replacement, source)
        changed += source != cell.source
        cell.source = source
    return changed


if __name__ == "__main__":
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        changed = convert(nb)
        if changed:
            nbformat.write(nb, path)
        print(f"{path}: {changed} cells changed")
