"""Lighter pages: nothing in a page's head holds up its first paint, and no page loads what
only one page uses. Applied to the written HTML once the build has finished:

- Every script file named in a head loads with ``defer``: in the same order, once the page is
  parsed. documentation_options.js, which inline lines of the head extend, is written inline.
- pydata-sphinx-theme's FontAwesome script (1.5 MB) turns each ``<i class="fa-...">`` into an
  SVG after the page has loaded. The build does it instead, with the outlines it reads from
  that script for the icons the pages use, and the script is left out of the site.
- The theme's stylesheet also carries FontAwesome's CSS for its icon font: 1,881 rules
  ``.fa-name:before{content:...}``, a third of it gzipped and of the rules every page parses,
  that no page uses now that the icons are SVG. They are taken out of the built copy.
  So are three rules that Chromium tries on every element of a page, as their last part is
  not a tag or a class (with ~9,000 elements on a chapter, a noticeable share of its style
  time): ``legend+*`` and ``.MathJax_SVG *`` (no page has a legend or MathJax 2's SVG); the
  highlight of a targeted heading, ``:target>:is(h1,...)``, is written as one selector per
  heading tag or class, which is the same rule.
- The theme's CSS draws a few more icons (admonitions, external links) with FontAwesome's
  solid font, 156 KB: each page carries instead a subset of it with only those icons, a few
  KB inline, so no request and no late swap.
- The theme loads Sphinx's search tools and the whole search index on every page; only the
  search page keeps them (the search box sends the reader there).
- A solution in a dropdown is shown open until togglebutton.js (deferred now) folds it, which
  moved everything below it; CSS folds it from the first paint, as the script will.
- Each block of an article is its own stacking context (``isolation: isolate``). When an
  explorer redraws, Chromium then repaints its block and reuses the rest of the page as it
  was; otherwise it walked every element of the page again, on every frame (two thirds of a
  frame's paint work on a chapter page).
- Accessibility (WCAG 2.2 AA, as axe-core checks it, issue 16): one search button, not two
  (the theme's header bar repeats the sidebar's on a wide screen); the search buttons and the
  "Show code cell source" toggles take their name from the text they show (their aria-label
  named them otherwise); the primary sidebar is a landmark; links in boxes keep 4.5:1 on the
  box's tint; a table header that is a formula is named by it in words (axe reads no MathML); a page
  with interactive figures has a skip link to the first; a formula's hidden MathML widens no
  page, and a display formula too wide for a phone is set smaller rather than scrolled (a
  region that scrolls must take keyboard focus); nothing moves for a reader who asks for
  reduced motion.
- Fewer elements to style and lay out (a warm load of a chapter is mostly that, at 4x CPU):
  Pygments' name, punctuation and whitespace tokens (``<span class="n|p|w">``, half the
  elements of a chapter's code) are written as plain text, in the colour the code block gives
  them anyway; the hidden MathML copy of each formula (for screen readers) is laid out as
  inline boxes on one line, not by MathML layout (a third of a chapter's layout time), with
  the same accessibility tree.
- Printed, a code line too long for the paper wraps. Each line of a ``<pre>`` is put in its own
  ``<span class="code-line">`` with its indent in characters (``--i``), so _static/print.css
  can hang the line's continuation from that indent, not from the box's edge, with a mark
  in the gap (on screen the spans change nothing: they are inline).
- In "auto" mode the theme's script turns ``data-theme="auto"`` into "light" or "dark" once the
  page is parsed, and that redrew the page a second time (and moved it); the head's own
  inline line does it before the first paint. The same line prints a dark page in the light
  theme: the dark one printed pale text on white paper, or black pages.
"""

import base64
import html
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset
from sphinx.errors import ExtensionError

FONTAWESOME = "_static/scripts/fontawesome.js"
THEME_STATIC = (
    Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
)
PACKS = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far"}
PACKS |= {"fa-brands": "fab", "fab": "fab"}
# In fontawesome.js: each pack is `var p={name:[width,height,[aliases],"unicode","path"],...}`,
# handed to d("fas", p) (or "far", "fab") after its closing brace.
PACK = re.compile(r'var p=(\{.*?\})\}\(function\(\)\{d\("(fa[srb])",p\)', re.S)
ICON = re.compile(r'"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*","([^"]*)"\]')
ELEMENT = re.compile(r'<(i|span) class="([^"]*\bfa-[^"]*)"([^>]*)></\1>')
SCRIPT = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)></script>")
SEARCH_ONLY = ("searchtools.js", "language_data.js", "searchindex.js")
THEME_LINE = 'document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";'
THEME_NOW = (
    'if (document.documentElement.dataset.theme === "auto") document.documentElement.dataset'
    '.theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";'
    # Paper is white: a page in the dark theme prints in the light one, then switches back.
    'addEventListener("beforeprint", () => { const d = document.documentElement.dataset;'
    ' d.screenTheme = d.theme; d.theme = "light"; });'
    'addEventListener("afterprint", () => { const d = document.documentElement.dataset;'
    " d.theme = d.screenTheme || d.theme; });"
)
ICON_CSS = (
    ".svg-inline--fa{display:inline-block;height:1em;overflow:visible;"
    "box-sizing:content-box;vertical-align:-.125em}.svg-inline--fa.fa-lg{vertical-align:-.2em}"
)
# togglebutton.css's folded state and title, for dropdowns the script has not reached yet
UNFOLDED = ".admonition.dropdown:not(.toggle):not(.toggle-shown)"
DROPDOWN_CSS = (
    ".admonition.dropdown{position:relative}.admonition.dropdown>.admonition-title"
    f"{{padding-right:25%;cursor:pointer}}{UNFOLDED}{{padding-bottom:0}}"
    f"{UNFOLDED}>.admonition-title{{margin-bottom:0}}{UNFOLDED}>.admonition-title~*"
    "{height:0;margin:0;opacity:0;visibility:hidden;display:block}"
)
ISOLATED_BLOCKS_CSS = "article section>*:not(section){isolation:isolate}"
# Pygments colours .n, .p and .w as the block's own text; the theme gives <pre> another colour.
PLAIN_TOKEN = re.compile(r'<span class="[npw]">([^<]*)</span>')
LIGHTER_CSS = (  # on one line: the MathML in a 1 px box broke a line at every operator
    ".highlight pre{color:inherit}mjx-assistive-mml{white-space:nowrap}"
    "mjx-assistive-mml math,mjx-assistive-mml math *{display:inline}"
)
A11Y_CSS = (
    'html[data-theme="light"] .admonition{--pst-color-link:#1259c3;--pst-color-link-hover:#0b3d8a}'
    # The theme takes the search buttons' outline away: put a visible focus back (WCAG 2.4.7).
    ".search-button__button:focus-visible{outline:3px solid var(--pst-color-accent)!important;"
    "outline-offset:2px}"
    # From 992 px the theme's header bar holds nothing but a second search button, beside the
    # sidebar's: one search, one Tab stop.
    "@media (min-width:992px){.bd-header{display:none}}"
    "mjx-container mjx-assistive-mml{width:1px!important;height:1px!important}"
    'mjx-container[display="true"]>svg{max-width:100%;height:auto}'
    "h1,h2,h3,h4,dt.sig,.bd-article code.literal{overflow-wrap:anywhere}"
    ".bd-article span.pre{white-space:pre-wrap}dl.field-list>*{min-width:0}"
    "@media (max-width:600px){table.genindextable :is(tbody,tr,td)"
    "{display:block;width:auto!important}}"
    "@media (prefers-reduced-motion:reduce){*,::before,::after{animation-duration:0s!important;"
    "animation-iteration-count:1!important;transition-duration:0s!important;"
    "scroll-behavior:auto!important}}"
)
SKIP_LINK = (
    '<div class="skip-link d-print-none"><a href="#nabla-explorer-1">'
    "Skip to the first interactive figure</a></div>"
)
THEME_SKIP_LINK = (
    '<div id="pst-skip-link" class="skip-link d-print-none">'
    '<a href="#main-content">Skip to main content</a></div>'
)
NAMED_OTHERWISE = re.compile(
    r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"'
    r'|(<summary) aria-label="Toggle hidden content"'
)
PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
TAG = re.compile(r"<[^>]*>")
MATH_HEADER = re.compile(r"<th\b[^>]*>.*?</th>", re.S)
THEME_CSS = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css")
ICON_FONT_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}')
UNUSED_RULES = (
    "legend+*{clear:left}",
    "html[data-theme=dark] .MathJax_SVG *{fill:var(--pst-color-text-base)}",
)
TARGET = ".bd-main .bd-content .bd-article-container .bd-article :target>"
HEADINGS = ("h1", ".h1", "h2", ".h2", "h3", ".h3", "h4", ".h4", "h5", ".h5")
TARGET_HEADING = f"{TARGET}:is({','.join(HEADINGS)}){{"
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # where FontAwesome keeps its icons


def lighter_theme_css(css):
    """The theme's CSS without the icon-font rules and the rules for every element above.

    Examples
    --------
    >>> css = "legend+*{clear:left}" + TARGET_HEADING + "color:red}"
    >>> lighter_theme_css(css)  # doctest: +ELLIPSIS
    '.bd-main .bd-content .bd-article-container .bd-article :target>h1,...>.h5{color:red}'
    """
    for rule in UNUSED_RULES:
        css = css.replace(rule, "")
    return ICON_FONT_RULE.sub("", css).replace(
        TARGET_HEADING, ",".join(TARGET + h for h in HEADINGS) + "{"
    )


def icon_outlines(script):
    """{(pack, name): (width, height, path)} from the text of FontAwesome's script."""
    return {
        (pack, name): (int(w), int(h), path)
        for body, pack in PACK.findall(script)
        for name, w, h, path in ICON.findall(body)
    }


def inline_icon(element, outlines):
    """An ``<i class="fa-solid fa-...">`` element as the SVG FontAwesome would put there."""
    classes = element[2].split()
    pack = next((PACKS[c] for c in classes if c in PACKS), "fas")
    named = [c for c in classes if (pack, c.removeprefix("fa-")) in outlines]
    if not named:
        raise ExtensionError(f"no FontAwesome outline for {element[0]}")
    width, height, path = outlines[pack, named[0].removeprefix("fa-")]
    kept = " ".join(["svg-inline--fa", *(c for c in classes if c not in PACKS)])
    return (
        f'<svg class="{kept}"{element[3]} aria-hidden="true" focusable="false" role="img" '
        f'viewBox="0 0 {width} {height}"><path fill="currentColor" d="{path}"></path></svg>'
    )


def solid_font_subset(site):
    """An @font-face rule for FontAwesome's solid font cut to the icons the theme's CSS uses."""
    icons = set()
    for name in THEME_CSS:
        icons |= set(PRIVATE_USE.findall((site / "_static" / name).read_text()))
    options = subset.Options(flavor="woff", layout_features=[], name_IDs=[], notdef_outline=True)
    font = subset.load_font(
        str(THEME_STATIC / "vendor/fontawesome/webfonts/fa-solid-900.ttf"), options
    )
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, icons)))
    subsetter.subset(font)
    woff = io.BytesIO()
    subset.save_font(font, woff, options)
    data = base64.b64encode(woff.getvalue()).decode()
    return (
        '@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;'
        f'font-display:block;src:url(data:font/woff;base64,{data}) format("woff")}}'
    )


SAID = {"∇": "nabla", "\N{DOWN TACK}": "transpose", "\N{FUNCTION APPLICATION}": ""}
SAID |= {"\N{MINUS SIGN}": "minus", "⋅": "dot", "·": "dot", "‖": "norm", "∂": "partial"}
SAID |= {"\N{PRIME}": "prime"}


def _said(node):
    """A MathML element in words, as a reader says it: subscripts, powers and fractions
    spelled out ("D sub u", "f transpose", "a over b"), symbols named."""
    parts = [_said(child) for child in node]
    if node.tag in ("mi", "mn", "mo", "mtext"):
        text = (node.text or "").strip()
        return SAID.get(text, text)
    if node.tag == "msub":
        return f"{parts[0]} sub {parts[1]},"
    if node.tag == "msup":
        power = {"transpose": "transpose", "2": "squared", "prime": "prime"}.get(parts[1])
        return f"{parts[0]} {power}" if power else f"{parts[0]} to the power {parts[1]},"
    if node.tag == "msubsup":
        return f"{parts[0]} sub {parts[1]}, to the power {parts[2]},"
    if node.tag == "mfrac":
        return f"{parts[0]} over {parts[1]},"
    if node.tag == "msqrt":
        return f"the square root of {' '.join(parts)},"
    return " ".join(parts)


def spoken(mathml):
    """A formula's MathML as the words a screen reader should say for it.

    Examples
    --------
    >>> spoken("<math><msub><mi>D</mi><mi>u</mi></msub><mi>f</mi><mo>(</mo><mn>1</mn>"
    ...        "<mo>,</mo><mn>2</mn><mo>)</mo></math>")
    'D sub u, f(1, 2)'
    >>> spoken("<math><mi>∇</mi><msup><mi>f</mi><mi>\N{DOWN TACK}</mi></msup><mi>u</mi></math>")
    'nabla f transpose u'
    """
    words = _said(ET.fromstring(re.sub(r' xmlns="[^"]*"', "", mathml)))
    words = re.sub(r"\s+", " ", words)
    words = re.sub(r"\( ", "(", re.sub(r" ([),])", r"\1", re.sub(r"(\w) \(", r"\1(", words)))
    return re.sub(r",+(?=[),]|$)", "", words.replace(",,", ",")).strip(" ,")


def named_formula(th):
    """A table header cell whose formulas are named in words (:func:`spoken`): axe and some
    screen readers do not read MathML as a header's text, and MathJax's flattened text
    ("Duf(x)" for D sub u, f(x)) says the wrong thing; the MathML is then hidden."""

    def name(container):
        mathml = re.search(r"<math.*?</math>", container[0], re.S)[0]
        svg = re.search(r"<svg\b[^>]*>", container[0])[0]
        named = re.sub(r' aria-(?:hidden|label)="[^"]*"', "", svg).replace(
            "<svg ", f'<svg aria-label="{html.escape(spoken(mathml))}" ', 1
        )
        hidden = '<mjx-assistive-mml aria-hidden="true" '
        return (
            container[0]
            .replace(svg, named, 1)
            .replace(hidden, "<mjx-assistive-mml ")
            .replace("<mjx-assistive-mml ", hidden)
        )

    return re.sub(r"<mjx-container.*?</mjx-container>", name, th[0], flags=re.S)


def code_lines(body):
    r"""The body with each line of each ``<pre>`` in a ``<span class="code-line">``, its indent
    (in characters) in ``--i``, its newline inside it. A block whose lines do not each close
    the tags they open (Pygments closes its spans at every line end) is left as it is. Tokens
    that :data:`PLAIN_TOKEN` matches lose their span in either case.

    Examples
    --------
    >>> code_lines("<pre>if a:\n    <i>b</i>\n</pre>")
    '<pre>if a:\n    <i>b</i>\n</pre>'
    >>> print(code_lines("<pre>if a:\n    b\n</pre>").replace("</span>", "</span>\n"))
    <pre><span class="code-line">if a:
    </span>
    <span class="code-line" style="--i:4">    b
    </span>
    </pre>
    >>> code_lines('<pre><span class="n">x</span><span class="o">=</span>1</pre>')
    '<pre><span class="code-line">x<span class="o">=</span>1</span></pre>'
    """

    def lines(pre):
        parts = re.findall(r"[^\n]*\n|[^\n]+$", PLAIN_TOKEN.sub(r"\1", pre[1]))
        if 'class="code-line"' in pre[1] or any(
            part.count("<span") != part.count("</span>") or re.search(r"<(?!/?span\b)", part)
            for part in parts
        ):
            return f"<pre>{''.join(parts)}</pre>"
        out = []
        for part in parts:
            text = html.unescape(TAG.sub("", part))
            indent = len(text) - len(text.lstrip(" "))
            style = f' style="--i:{indent}"' if indent and text.strip() else ""
            out.append(f'<span class="code-line"{style}>{part}</span>')
        return f"<pre>{''.join(out)}</pre>"

    return PRE.sub(lines, body)


def accessible(body):
    """The body with the accessibility repairs above."""
    body = NAMED_OTHERWISE.sub(lambda m: m[1] or m[2], body)
    body = MATH_HEADER.sub(named_formula, body)
    if "nablaExplorer.mount" in body and SKIP_LINK not in body:
        body = body.replace(THEME_SKIP_LINK, THEME_SKIP_LINK + SKIP_LINK, 1)
    body = body.replace(
        '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">',
        '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="complementary"'
        ' aria-label="The book">',
        1,
    )
    return body


def lean(page, *, search_page, documentation_options, outlines, styles):
    """The HTML of one page with the changes above."""
    head, split, body = page.partition("</head>")

    def script(match):
        before, src, after = match.groups()
        name = src.split("?")[0].rsplit("/", 1)[-1]
        if name == "fontawesome.js" or (name in SEARCH_ONLY and not search_page):
            return ""
        if name == "documentation_options.js":
            return f"<script>{documentation_options}</script>"
        if re.search(r"\b(?:defer|async)\b|type=\"module\"", before + after):
            return match[0]
        attributes = " ".join((before + after).split())
        return f'<script defer src="{src}"{" " * bool(attributes)}{attributes}></script>'

    head = re.sub(r'<style id="nabla-lean">.*?</style>', "", SCRIPT.sub(script, head), flags=re.S)
    if THEME_NOW not in head:  # a page leaned by an older build has an older line
        head = re.sub(
            r'\n    if \(document\.documentElement\.dataset\.theme === "auto"\).*', "", head
        )
        head = head.replace(THEME_LINE, f"{THEME_LINE}\n    {THEME_NOW}")
    head += f'<style id="nabla-lean">{styles}</style>'
    body = code_lines(accessible(ELEMENT.sub(lambda m: inline_icon(m, outlines), body)))
    return head + split + body


def _lean_pages(app, exception):
    if exception or app.builder.format != "html":
        return
    site = Path(app.outdir)
    outlines = icon_outlines((THEME_STATIC / "scripts" / "fontawesome.js").read_text())
    for copied in (site / FONTAWESOME, site / f"{FONTAWESOME}.map"):
        copied.unlink(missing_ok=True)  # no page loads it any more
    stylesheet = site / "_static" / THEME_CSS[0]  # the theme copies it on every build
    stylesheet.write_text(lighter_theme_css(stylesheet.read_text()))
    options = (site / "_static" / "documentation_options.js").read_text().strip()
    styles = (
        ICON_CSS
        + DROPDOWN_CSS
        + ISOLATED_BLOCKS_CSS
        + LIGHTER_CSS
        + A11Y_CSS
        + solid_font_subset(site)
    )
    for path in site.rglob("*.html"):
        if {"_static", "_sources"} & set(path.relative_to(site).parts):
            continue
        page = path.read_text()
        leaner = lean(
            page,
            search_page=path == site / "search.html",
            documentation_options=options,
            outlines=outlines,
            styles=styles,
        )
        if leaner != page:
            path.write_text(leaner)


def setup(app):
    app.connect("build-finished", _lean_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
