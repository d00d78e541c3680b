"""Typeset the book's maths while it is built: MathJax's SVG in the page, no MathJax in the browser.

A page that loads MathJax shows raw TeX until a 1.2 MB script has arrived and typeset every
formula (seconds on a phone), and the text moves as it does. Here MathJax 3 (the npm package
that offline_assets fetches and checks) runs inside QuickJS, a small JavaScript engine from
PyPI, and each formula goes into the page as the SVG MathJax itself would draw, followed by its
MathML for screen readers. The glyph outlines a page uses are written once at the top of its
body; the CSS of MathJax's SVG output goes into its head. A formula MathJax cannot read (an
unknown command, a missing brace) is a build warning, so an error under ``-W``.
"""

import io
import json
import re
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import quickjs
from docutils import nodes
from offline_assets import PACKAGES, npm_tarball
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from versioned import versioned

logger = logging.getLogger(__name__)
SETUP = r"""
var MathJax = {
  loader: {
    paths: { mathjax: "es5" },
    load: ["adaptors/liteDOM", "input/tex", "output/svg", "a11y/assistive-mml"],
    require: function (file) { (0, eval)(source(file)); },
  },
  startup: { typeset: false },
  tex: {
    packages: { "[-]": ["noundefined"] },
    formatError: function (jax, error) { throw error; },
  },
  svg: { fontCache: "global" },
};
function typeset(tex, display) {
  var adaptor = MathJax.startup.adaptor, cache = MathJax.startup.output.fontCache;
  cache.clearCache();
  var html = adaptor.outerHTML(MathJax.tex2svg(tex, { display: display }));
  return JSON.stringify([html, adaptor.innerHTML(cache.getCache())]);
}
function mathml(tex, display) {
  return MathJax.tex2mml(tex, { display: display });
}
function styles() {
  return MathJax.startup.adaptor.textContent(
    MathJax.startup.output.styleSheet(MathJax.startup.document));
}
"""
# The MathML MathJax serializes itself, spaces between tags dropped: its assistive MathML,
# read back by liteDOM in QuickJS, loses every attribute value (xmlns="undefined").
MATH = re.compile(r"<math\b.*</math>", re.S)
GAP = re.compile(r">\s+<")
# Attributes only MathJax's own menus and explorer read.
UNUSED = re.compile(r' (?:data-mml-node|data-c|data-mjx-texclass)="[^"]*"')
GLYPH = re.compile(r'<path id="([^"]+)" d="([^"]*)"')
SVG_NS, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}href"
NUMBER = re.compile(r"-?[\d.]+(?:e-?\d+)?")
PATH_TOKEN = re.compile(r"[MLHVQTZ]|-?[\d.]+(?:e-?\d+)?")


def _affine(transform, a=1.0, d=1.0, e=0.0, f=0.0):
    """(a, d, e, f) of x' = a x + e, y' = d y + f after applying MathJax's transform
    attribute (translations and scales only) inside the affine map given."""
    for name, args in re.findall(r"(translate|scale)\(([^)]*)\)", transform or ""):
        values = [float(v) for v in NUMBER.findall(args)]
        if name == "translate":
            tx, ty = [*values, 0.0][:2]
            e, f = a * tx + e, d * ty + f
        else:
            sx, sy = (values * 2)[:2]
            a, d = a * sx, d * sy
    return a, d, e, f


def _num(v):
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _moved(path, a, d, e, f):
    """A glyph outline (absolute M, L, H, V, Q, T and Z only) through the affine map,
    in whole units of 1/1000 em and relative after its first point: a glyph drawn twice at
    one size is the same text twice, which gzip finds."""
    out, command, tokens = [], None, iter(PATH_TOKEN.findall(path))
    x = y = start_x = start_y = 0

    def point(px, py):
        return round(a * float(px) + e), round(d * float(py) + f)

    for token in tokens:
        if token in "MLHVQTZ":
            command = token
            if token == "Z":
                out.append("z")
                x, y = start_x, start_y
        elif command == "H":
            px = round(a * float(token) + e)
            out.append(f"h{px - x}")
            x = px
        elif command == "V":
            py = round(d * float(token) + f)
            out.append(f"v{py - y}")
            y = py
        elif command == "Q":
            (cx, cy), (px, py) = point(token, next(tokens)), point(next(tokens), next(tokens))
            out.append(f"q{cx - x} {cy - y} {px - x} {py - y}")
            x, y = px, py
        elif command in "MLT":
            px, py = point(token, next(tokens))
            first = command == "M" and not out
            out.append(f"M{px} {py}" if first else f"{command.lower()}{px - x} {py - y}")
            x, y = px, py
            if command == "M":
                start_x, start_y = px, py
        else:
            raise ValueError(f"a glyph outline with {token!r} after {command!r}")
    return "".join(out).replace(" -", "-")


def flatten(svg, glyphs):
    """MathJax's SVG of one formula with every glyph and rule drawn by one path.

    MathJax nests a ``<g transform>`` per node and a ``<use>`` per glyph: thousands of
    transformed elements on a chapter page, which the browser walks again on every frame an
    interactive figure redraws. Here the transforms are applied to the outlines themselves.
    A nested ``<svg>`` (a stretched delimiter's extender, clipped to its box) stays an
    element of its own, under one transform.
    """
    root = ET.fromstring(svg)
    nested = []

    def walk(node, a, d, e, f, out):
        for child in node:
            tag = child.tag.removeprefix(SVG_NS)
            a2, d2, e2, f2 = _affine(child.get("transform"), a, d, e, f)
            if tag == "g":
                walk(child, a2, d2, e2, f2, out)
            elif tag == "use":
                out.append(_moved(glyphs[child.get(XLINK)[1:]], a2, d2, e2, f2))
            elif tag == "rect":
                x, y = float(child.get("x", 0)), float(child.get("y", 0))
                w, h = float(child.get("width")), float(child.get("height"))
                boxes = [(x, y, w, h)]
                if child.get("fill") == "none":  # \boxed's frame: its four stroked sides
                    s = float(child.get("stroke-width", 0))
                    x, y = x - s / 2, y - s / 2
                    boxes = [(x, y, w + s, s), (x, y + h, w + s, s), (x, y, s, h), (x + w, y, s, h)]
                for x, y, w, h in boxes:
                    x0, x1 = _num(a2 * x + e2), _num(a2 * (x + w) + e2)
                    out.append(f"M{x0} {_num(d2 * y + f2)}H{x1}V{_num(d2 * (y + h) + f2)}H{x0}Z")
            elif tag == "svg":
                inner = []
                walk(child, 1.0, 1.0, 0.0, 0.0, inner)
                box = " ".join(f'{k}="{v}"' for k, v in child.attrib.items())
                nested.append(
                    f'<g transform="matrix({_num(a2)} 0 0 {_num(d2)} {_num(e2)} {_num(f2)})">'
                    f'<svg {box}><path d="{"".join(inner)}"></path></svg></g>'
                )
            else:
                raise ValueError(f"cannot flatten <{tag}>")

    group, parts = root.find(f"{SVG_NS}g"), []
    walk(group, *_affine(group.get("transform")), parts)
    keep = ("style", "width", "height", "role", "focusable", "viewBox", "aria-hidden")
    attributes = " ".join(f'{k}="{root.get(k)}"' for k in keep if root.get(k) is not None)
    path = f'<path d="{"".join(parts)}"></path>'
    return f'<svg {attributes} fill="currentColor">{path}{"".join(nested)}</svg>'


class Typesetter:
    """TeX to MathJax's SVG, flattened, and its MathML, in one JavaScript engine."""

    def __init__(self):
        with tarfile.open(fileobj=io.BytesIO(npm_tarball("mathjax"))) as tar:
            files = {
                m.name.removeprefix("package/"): tar.extractfile(m).read().decode()
                for m in tar.getmembers()
                if m.name.startswith("package/es5/") and m.name.endswith(".js")
            }

        def source(path):
            path = path.removeprefix("./")
            return files[path if path.endswith(".js") else path + ".js"]

        self.js = quickjs.Context()
        self.js.add_callable("source", source)
        self.js.eval(SETUP)
        self.js.eval('(0, eval)(source("es5/startup.js"))')
        while self.js.execute_pending_job():
            pass
        self.styles = re.sub(r"\s+", " ", self.js.eval("styles()")).strip()
        self.glyphs = {}
        self.formulas = {}

    def __call__(self, tex, display):
        """The formula's HTML: an ``mjx-container`` with the SVG and the MathML."""
        key = (tex, display)
        if key not in self.formulas:
            html, defs = json.loads(self.js.get("typeset")(tex, display))
            self.glyphs.update(GLYPH.findall(defs))
            start, end = html.index("<svg"), html.rindex("</svg>") + len("</svg>")
            svg = flatten(html[start:end], self.glyphs)
            mathml = GAP.sub("><", self.js.get("mathml")(tex, display).strip())
            html = html[:start] + svg + MATH.sub(lambda _: mathml, html[end:])
            self.formulas[key] = UNUSED.sub("", html)
        return self.formulas[key]


def _typeset(translator, node, tex, display):
    """The formula as SVG; a warning pointing at the node if MathJax cannot read it."""
    builder = translator.builder
    try:
        html = builder.nabla_typesetter(tex, display)
    except quickjs.JSException as error:
        logger.warning(f"MathJax cannot typeset {tex!r}: {error}", location=node)
        return translator.encode(tex)
    builder.nabla_maths_pages.add(builder.current_docname)
    return html


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_typeset(self, node, node.astext(), False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    """As sphinx.ext.mathjax writes a display formula, with SVG in place of the TeX."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    tex = node.astext()
    if not node["nowrap"]:
        parts = [p for p in tex.split("\n\n") if p.strip()]
        parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
        tex = r"\\".join(parts)
        if len(parts) > 1:
            tex = rf"\begin{{align}}\begin{{aligned}}{tex}\end{{aligned}}\end{{align}}"
    self.body.append(_typeset(self, node, tex, True) + "</div>\n")
    raise nodes.SkipNode


def _builder_inited(app):
    app.builder.nabla_typesetter = Typesetter()
    app.builder.nabla_maths_pages = set()


def _add_styles(app, pagename, templatename, context, doctree):
    if pagename in app.builder.nabla_maths_pages:
        styles = app.builder.nabla_typesetter.styles
        context["metatags"] = context.get("metatags", "") + f"<style>{styles}</style>"


def setup(app):
    app.add_html_math_renderer("nabla_svg", (visit_math, None), (visit_displaymath, None))
    app.config.html_math_renderer = "nabla_svg"
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _add_styles)
    # A change to this file or to MathJax's version retypesets every page.
    # One JavaScript engine typesets for the whole build, in this process.
    return versioned(
        Path(__file__).read_bytes(), str(PACKAGES["mathjax"]).encode(), parallel_write_safe=False
    )
