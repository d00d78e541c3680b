"""The Colab editions' maths comes out of a Markdown renderer that reads it as text just as
it went in, and is the book's maths: TeX's backslash-punctuation commands (\\, \\| \\\\ ...),
which CommonMark takes for escapes, are spelt with letters, display maths is on one line, *
is \\ast and _ has spaces around it (tools/colab_editions.py), which MathJax draws alike."""

import importlib.util
import re

import nbformat
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from .conftest import ROOT, extension

_spec = importlib.util.spec_from_file_location("colab_editions", ROOT / "tools/colab_editions.py")
COLAB = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(COLAB)


def _maths(paths):
    """Every maths span of the notebooks' Markdown cells."""
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                yield from (m[0] for m in COLAB.MATHS.finditer(cell.source))


def test_the_colab_editions_maths_has_no_backslash_punctuation():
    # CommonMark reads \, \| \{ \\ as escapes: a renderer that does not set maths apart
    # first would show a comma, a bar, a brace, a backslash.
    for tex in (r"$a\,b$", r"$\|x\|$", r"$\{x\}$", r"$1 \\ 2$"):
        assert escapeHtml(tex) not in MarkdownIt("commonmark").render(tex)
    editions = sorted((ROOT / "colab").rglob("*.ipynb"))
    assert [s for s in _maths(editions) if COLAB.ESCAPE.search(s)] == []


def test_every_maths_span_of_the_colab_editions_survives_a_commonmark_renderer():
    """No list, emphasis, escape or line break made of the maths (the reviewer's check)."""
    render = MarkdownIt("commonmark").render
    broken = []
    for path in sorted((ROOT / "colab").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                html = render(cell.source)
                spans = (m[0] for m in COLAB.MATHS.finditer(cell.source))
                broken += [(path.name, s[:60]) for s in spans if escapeHtml(s) not in html]
    assert broken == []


def test_mathjax_draws_the_letters_as_it_draws_the_books_punctuation():
    typeset = extension("static_maths").Typesetter()
    svg = re.compile(r"<svg.*</svg>", re.S)
    for punctuation, letters in COLAB.PORTABLE.items():
        tex = rf"\begin{{pmatrix}} a {punctuation} b \end{{pmatrix}}"
        portable = COLAB.ESCAPE.sub(lambda e: COLAB.PORTABLE[e[0]], tex)
        assert portable == tex.replace(punctuation, letters)
        drawn = [svg.search(typeset(t, True))[0] for t in (tex, portable)]
        assert drawn[0] == drawn[1], (tex, portable)
    for tex in (
        "f(\\mathbf{w}_t) \\le \\lambda_{\\min}\n  + \\mathbf{x}^*",
        "\\mathbf{w}_{10}^* = 3",
    ):
        portable = COLAB.portable(f"$${tex}$$")[2:-2]
        assert "\n" not in portable
        assert "*" not in portable
        assert " _ " in portable
        drawn = [svg.search(typeset(t, True))[0] for t in (tex, portable)]
        assert drawn[0] == drawn[1], (tex, portable)
