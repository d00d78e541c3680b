"""The book prints each ``{eval}`expr``` from the result stored in its notebook.

The prose quotes numbers as ``{eval}`glue.name``` (see ``nabla.glue``): in JupyterLab,
jupyterlab-myst evaluates them in the reader's kernel; ``tools/run_notebooks.py``
evaluates them the same way, in order, and stores the results in each Markdown cell's
``user_expressions`` metadata, the place jupyterlab-myst keeps them. The book executes
nothing, so this role (replacing myst-nb's, which needs a live kernel) prints the
stored text, its quotes stripped as jupyterlab-myst does. A missing, failed or
ambiguous result is a warning, so an error under ``-W``.
"""

import json
import re
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from versioned import versioned

EXPRESSION = re.compile(r"\{eval\}`([^`]+)`")
QUOTES = re.compile(r"""^(["'])(.*)\1$""", re.S)  # jupyterlab-myst's text/plain rendering

logger = logging.getLogger(__name__)


def expressions(source):
    """The ``{eval}`` expressions of a Markdown source, in order."""
    return EXPRESSION.findall(source)


def shown(result):
    """The text a stored ``user_expressions`` result shows, or None."""
    if result.get("status") != "ok" or "text/plain" not in result.get("data", {}):
        return None
    return QUOTES.sub(r"\2", result["data"]["text/plain"])


@cache
def stored(path):
    """{expression: set of texts} over the Markdown cells of the notebook at path."""
    found = {}
    for cell in json.loads(Path(path).read_text())["cells"]:
        for item in cell.get("metadata", {}).get("user_expressions", []):
            found.setdefault(item["expression"], set()).add(shown(item["result"]))
    return found


def eval_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    path = Path(env.doc2path(env.docname))
    texts = stored(path) if path.suffix == ".ipynb" else {}
    problem = None
    if text not in texts:
        problem = "has no stored result (run tools/run_notebooks.py on the notebook)"
    elif None in texts[text]:
        problem = "stored an error or no text/plain result"
    elif len(texts[text]) > 1:
        problem = f"stored different results in different cells: {sorted(texts[text])}"
    if problem:
        logger.warning(f"{{eval}}`{text}` {problem}", location=(env.docname, lineno))
        return [nodes.literal(rawtext, text)], []
    (value,) = texts[text]
    return [nodes.inline(rawtext, value, classes=["pasted-text"])], []


def setup(app):
    app.add_role("eval", eval_role, override=True)
    return versioned(Path(__file__).read_bytes())
