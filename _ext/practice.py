"""End every chapter page with its practice questions, answered in the page.

A chapter ``chapters/NN-name`` gets the questions of ``nabla.practice.PRACTICE[name]``
as a last section, "Practice", added to its doctree before the table of contents is
collected (so it is listed there) and without touching the stored notebook. Only
those pages load ``practice.js`` and ``practice.css``. A chapter without practice
questions is a warning, an error under ``-W``. When the questions, the script or the
style change, the chapters are read and written again.
"""

import hashlib
import re
from pathlib import Path

from docutils import nodes
from nabla.practice import PRACTICE
from nabla.practice.page import block
from sphinx.util import logging

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "practice_static"
CHAPTER = re.compile(r"chapters/\d\d-(.+)")
BLOCKS = {name: block(name) for name in PRACTICE}
DIGEST = hashlib.sha256(
    repr(sorted(BLOCKS.items())).encode()
    + b"".join(p.read_bytes() for p in sorted(STATIC.iterdir()))
).hexdigest()
"""Changes with the questions, the script or the style (Sphinx copies static files only when it
writes a page)."""


def _chapter(docname):
    """The chapter name of a page (``gradient`` for ``chapters/02-gradient``), or None."""
    match = CHAPTER.fullmatch(docname)
    return match[1] if match else None


def _add_section(app, doctree):
    name = _chapter(app.env.docname)
    if name is None:
        return
    if name not in BLOCKS:
        logger.warning(f"no practice questions for {name!r} in nabla.practice.PRACTICE")
        return
    section = nodes.section(ids=["practice"], names=["practice"])
    section += nodes.title("", "Practice")
    section += nodes.raw("", BLOCKS[name], format="html")
    doctree.next_node(nodes.section).append(section)


def _outdated(app, env, added, changed, removed):
    """The chapters, when the practice questions changed since they were last read."""
    if getattr(env, "nabla_practice", None) == DIGEST:
        return []
    env.nabla_practice = DIGEST
    return [docname for docname in env.found_docs if _chapter(docname)]


def _assets(app, pagename, templatename, context, doctree):
    if _chapter(pagename) in BLOCKS:
        app.add_css_file("practice.css")
        app.add_js_file("practice.js", loading_method="defer")


def setup(app):
    app.connect("config-inited", lambda app, config: config.html_static_path.append(str(STATIC)))
    app.connect("doctree-read", _add_section, priority=400)  # before the toc collector (500)
    app.connect("env-get-outdated", _outdated)
    app.connect("html-page-context", _assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
