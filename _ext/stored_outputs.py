"""Fail the build when a stored notebook is not fully executed or holds an error.

The book renders the outputs stored in each notebook (execution is off), so
this check is what makes "a failing cell fails the build": every warning it
logs is an error under ``jupyter-book build -W``.
"""

from pathlib import Path

import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check(path):
    """Problems with the stored notebook at path, as messages."""
    nb = nbformat.read(path, as_version=4)
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        tags = cell.metadata.get("tags", [])
        if cell.execution_count is None and "skip-execution" not in tags:
            problems.append(f"cell {number} was never executed (run `make notebooks`)")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and "raises-exception" not in tags:
            problems.append(f"cell {number} raised {errors[0].ename}: {errors[0].evalue}")
    return problems


def _check_notebooks(app, env, docnames):
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb" or "exercises" in path.parts:
            continue  # student exercise pages are stored unexecuted on purpose
        for problem in check(path):
            logger.warning(f"{problem}", location=docname)


def setup(app):
    app.connect("env-before-read-docs", _check_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
