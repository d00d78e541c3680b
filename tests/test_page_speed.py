"""What keeps the built book fast on a slow phone (issue 15), checked where it holds on any
machine. The timings themselves (first paint, explorers interactive, CLS, input to paint
under Fast 3G and a 4x slower CPU) are measured by benchmarks/page_speed.py."""

import gzip
import io
import json
from urllib.parse import unquote, urlparse

import pytest
from PIL import Image, ImageChops

from .conftest import EXPLORER_PAGES, MOUNTED, PAGES, ROOT, SITE, VIEW_SCRIPT, extension

pytestmark = pytest.mark.browser
TEXT = (".html", ".css", ".js", ".json", ".svg")
KB_BUDGET = {"chapter": 800, "other": 400}  # transferred, as a host that gzips text sends it
RAW_CHAPTER_KB = 2500  # the same files uncompressed (file://, or a server without gzip)


@pytest.mark.site
@pytest.mark.parametrize("path", PAGES)
def test_no_script_in_a_head_holds_up_the_first_paint(opened, path):
    page, _ = opened(path)
    blocking = page.evaluate(
        """() => [...document.head.querySelectorAll("script[src]")]
          .filter((s) => !s.defer && !s.async && s.type !== "module").map((s) => s.src)"""
    )
    assert blocking == []


@pytest.mark.site
@pytest.mark.parametrize("path", PAGES)
def test_a_page_weighs_less_than_its_budget(opened, path):
    """Every file the page loaded (it and Resource Timing's entries, cached or not), sized
    as gzip level 6 sends text and as they are for images and fonts."""
    page, _ = opened(path)
    urls = [page.url, *page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")]
    files = {SITE / unquote(urlparse(url).path).lstrip("/") for url in urls}
    raw = {f: f.read_bytes() for f in files}
    sent = sum(len(gzip.compress(b, 6)) if f.suffix in TEXT else len(b) for f, b in raw.items())
    chapter = path.startswith("chapters/")
    assert sent / 1000 <= KB_BUDGET["chapter" if chapter else "other"], sorted(map(str, files))
    if chapter:
        assert sum(map(len, raw.values())) / 1000 <= RAW_CHAPTER_KB


# Recorded while the page is parsed: for each explorer, whether anything after its output
# cell existed when it appeared. Nothing below it can have been laid out, so nothing moves.
MOUNT_ORDER = """window.__mounts = [];
const seen = new WeakSet();
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeType !== 1) continue;
    for (const figure of [node, ...node.querySelectorAll("*")]) {
      if (!figure.classList.contains("nabla-explorer") || seen.has(figure)) continue;
      seen.add(figure);
      let after = false;
      for (let el = figure.closest(".cell_output"); el !== document.body; el = el.parentElement)
        after ||= el.nextElementSibling !== null;
      window.__mounts.push({ loading: document.readyState === "loading", after });
    }
  }
}).observe(document, { childList: true, subtree: true });"""


@pytest.mark.site
@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorers_are_drawn_before_anything_below_them_exists(browser, site, path):
    page = browser.new_page()
    page.add_init_script(MOUNT_ORDER)
    page.goto(f"{site}/{path}", wait_until="load")
    mounts = page.evaluate("window.__mounts")
    views = page.locator(VIEW_SCRIPT).count()
    page.close()
    assert len(mounts) == views
    assert all(m["loading"] and not m["after"] for m in mounts), mounts


@pytest.mark.site
def test_explorers_mount_and_answer_in_a_page_opened_from_a_file(browser):
    """No module script and no fetch: the book works from file://, as the README says."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((SITE / EXPLORER_PAGES[0]).as_uri(), wait_until="load")
    assert page.evaluate(MOUNTED)
    explorer = page.locator(".nabla-explorer").first
    before = explorer.locator(".readout").inner_text()
    explorer.locator("input[type=range]").first.focus()
    page.keyboard.press("ArrowLeft")
    assert explorer.locator(".readout").inner_text() != before
    page.close()
    assert errors == []


def test_the_explorer_script_is_the_module_wrapped_and_nothing_else():
    static = extension("static_explorers")
    script = static.classic_script("const a = 1;\nexport default { a };\n", "use(explorer);")
    wrapped = "const a = 1;\nconst explorer = { a };\n\nuse(explorer);"
    assert script == f'(() => {{\n"use strict";\n{wrapped}}})();\n'
    with pytest.raises(static.ExtensionError, match="found \\['import x from \"y\";'"):
        static.classic_script('import x from "y";\nexport default { x };\n', "")


def test_a_page_is_leaner_after_the_build():
    lean_pages = extension("lean_pages")
    lean = lean_pages.lean
    page = (
        f"<html><head><script>{lean_pages.THEME_LINE}</script>"
        '<script src="_static/documentation_options.js"></script>'
        '<script src="_static/doctools.js?v=1" data-x="y"></script>'
        '<script async src="a.js"></script>'
        '<script defer src="_static/scripts/fontawesome.js?digest=1"></script>'
        '<script src="searchindex.js"></script></head><body>'
        '<i class="theme-switch fa-solid fa-sun  fa-lg" data-mode="light"></i></body></html>'
    )
    outlines = {("fas", "sun"): (512, 480, "M0 0Z")}

    def leaner_of(html, search_page=False):
        return lean(
            html,
            search_page=search_page,
            documentation_options="var D = 1;",
            outlines=outlines,
            styles="b{}",
        )

    leaner = leaner_of(page)
    head, body = leaner.split("</head>")
    assert "<script>var D = 1;</script>" in head
    assert f"{lean_pages.THEME_LINE}\n    {lean_pages.THEME_NOW}</script>" in head
    assert '<script defer src="_static/doctools.js?v=1" data-x="y"></script>' in head
    assert '<script async src="a.js"></script>' in head
    assert "fontawesome" not in head
    assert "searchindex" not in head
    assert '<style id="nabla-lean">b{}</style>' in head
    assert body == (
        '<body><svg class="svg-inline--fa theme-switch fa-sun fa-lg" data-mode="light" '
        'aria-hidden="true" focusable="false" role="img" viewBox="0 0 512 480">'
        '<path fill="currentColor" d="M0 0Z"></path></svg></body></html>'
    )
    assert leaner_of(leaner) == leaner  # the build runs it again on unchanged pages
    assert "searchindex.js" in leaner_of(page, search_page=True)


FORMULAS = [
    (r"\nabla f = \begin{pmatrix} \partial_1 f \\ \partial_2 f \\ \partial_3 f\end{pmatrix}", True),
    (r"\frac{h}{2}\left|\frac{\partial^2 f}{\partial x_i^2}\right|", True),
    (r"\sqrt{x_1^2 + x_2^2} \le \|\mathbf{X}^\top \mathbf{X}\|_2", False),
    (r"w_{k+1} = w_k - \eta \nabla L(w_k), \quad \eta < 2 / \lambda_{\max}", False),
    (
        r"\boxed{\;\frac{d}{dt} f(\mathbf{r}(t)) = \nabla f^\top \mathbf{r}'(t)\;}",
        True,
    ),  # a stroked frame
]


@pytest.fixture(scope="module")
def typesetter():
    cache = ROOT / "_build" / ".npm-cache"
    if not any(cache.glob("mathjax-*.tgz")):
        pytest.skip("MathJax is not cached yet: run `make book`")
    extension("offline_assets")
    return extension("static_maths").Typesetter()


@pytest.mark.parametrize(("tex", "display"), FORMULAS)
def test_flattened_maths_draws_what_mathjax_draws(browser, typesetter, tex, display):
    """The one-path SVG against MathJax's own (nested transforms, glyphs by reference)."""
    maths = extension("static_maths")
    html, defs = json.loads(typesetter.js.get("typeset")(tex, display))
    typesetter.glyphs.update(maths.GLYPH.findall(defs))
    original = html[html.index("<svg") : html.rindex("</svg>") + 6]
    page = browser.new_page(viewport={"width": 1200, "height": 400}, device_scale_factor=2)
    shots = []
    for svg in (original, maths.flatten(original, typesetter.glyphs)):
        page.set_content(
            f'<body style="margin:0;font-size:40px"><svg style="display:none"><defs>{defs}'
            f'</defs></svg><span id="f">{svg}</span></body>'
        )
        shots.append(page.locator("#f").screenshot())
    page.close()
    a, b = (Image.open(io.BytesIO(s)).convert("L") for s in shots)
    assert a.size == b.size
    differing = sum(ImageChops.difference(a, b).histogram()[65:])  # by more than a quarter
    assert differing <= 0.002 * a.size[0] * a.size[1], f"{differing} pixels differ"


@pytest.mark.site
def test_the_hidden_mathml_is_laid_out_as_text_and_still_read_as_maths(opened):
    """lean_pages lays each formula's hidden MathML copy out as inline boxes (MathML layout was
    a third of a chapter's layout time); Chromium still gives assistive technology every
    MathML element that is not hidden (aria-hidden, or in a folded solution), with its role."""
    page, _ = opened("chapters/06-gradient-descent.html")
    displays = page.evaluate(
        """() => [...new Set([...document.querySelectorAll(
          "mjx-assistive-mml math, mjx-assistive-mml math *")]
          .map((e) => getComputedStyle(e).display))]"""
    )
    assert displays == ["inline"]
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    roles = [node["role"]["value"] for node in tree if "role" in node]
    for tag, role in [("math", "MathMLMath"), ("msub", "MathMLSub"), ("mfrac", "MathMLFraction")]:
        shown = page.evaluate(
            f"""() => [...document.querySelectorAll("mjx-assistive-mml {tag}")]
              .filter((e) => !e.closest("[aria-hidden=true]")
                && e.checkVisibility({{ visibilityProperty: true }})).length"""
        )
        assert shown > 0
        assert roles.count(role) == shown, (tag, role)


# During a drag, what a redraw changes in each figure: text nodes replaced (where),
# and each figure's set of widths of its sliders' value boxes, once drawn and after each change.
REDRAW_WATCH = """() => {
  window.__changes = { texts: 0, where: [], widths: [] };
  [...document.querySelectorAll(".nabla-explorer")].forEach((figure, k) => {
    new MutationObserver((records) => {
      for (const r of records) {
        const texts = [...r.removedNodes].filter((n) => n.nodeType === 3);
        window.__changes.texts += texts.length;
        if (texts.length) window.__changes.where.push(r.target.outerHTML.slice(0, 60));
      }
    }).observe(figure, { childList: true, subtree: true });
    const widths = (window.__changes.widths[k] = new Set());
    new ResizeObserver(() => {
      widths.add([...figure.querySelectorAll("output")].map((o) => o.offsetWidth).join(" "));
    }).observe(figure.querySelector("output"));
  });
}"""
WIDTHS = "() => window.__changes.widths.map((w) => [...w])"


@pytest.mark.site
@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_a_redraw_edits_the_figure_in_place_and_keeps_the_page_s_layers(browser, site, path):
    """What keeps a redraw within a frame on a slow phone (benchmarks/page_speed.py --phases):
    a drag replaces no text node (a new one costs a style recalculation and a layout
    tree rebuilt), a slider's value box keeps its width (a wider one moves what is below it),
    Chromium lays out the figure alone (a partial layout: its box is a layout boundary), and
    it does not lay out the compositing layers of the whole page again for each redraw (its
    PaintArtifactCompositor::Update: a moving themed slider thumb, or marks whose painted
    bounds change, did that on every frame)."""
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(f"{site}/{path}", wait_until="load")
    page.wait_for_function(MOUNTED)
    for k in range(page.locator(".nabla-explorer").count()):
        explorer = page.locator(".nabla-explorer").nth(k)
        explorer.scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        page.evaluate(REDRAW_WATCH)
        page.evaluate("() => { window.__nablaTimings = []; }")
        browser.start_tracing(page=page, categories=["blink", "cc", "devtools.timeline"])
        _drag(page, explorer)
        page.wait_for_timeout(200)
        trace = json.loads(browser.stop_tracing())["traceEvents"]
        redraws = len(page.evaluate("window.__nablaTimings"))
        changes = page.evaluate("window.__changes")
        full = sum(e.get("name") == "PaintArtifactCompositor::Update" for e in trace)
        layouts = [e["args"]["beginData"] for e in trace if e.get("name") == "Layout"]
        whole = [d["totalObjects"] for d in layouts if not d["partialLayout"]]
        title = explorer.get_attribute("data-nabla-explorer")
        assert redraws >= 8, f"{title}: the drag redrew {redraws} times"
        widths = page.evaluate(WIDTHS)[k]
        assert changes["texts"] == 0, f"{title}: texts replaced in {changes['where'][:3]}"
        assert len(widths) == 1, f"{title}: its value boxes' widths went {widths}"
        assert full <= 3, f"{title}: the page's layers laid out again {full} times in {redraws}"
        assert len(layouts) >= redraws, f"{title}: {len(layouts)} layouts for {redraws} redraws"
        # One at most: the theme's "On this page" marks the section scrolled to a little later.
        assert len(whole) <= 1, f"{title}: the whole page laid out ({whole} objects) in a drag"
    page.close()


def _drag(page, explorer):
    """Drags the draggable point across its panel, else the first slider along its track."""
    area = explorer.locator("svg.draggable")
    target = area.first if area.count() else explorer.locator("input[type=range]").first
    box = target.bounding_box()
    y0, y1 = (0.6, 0.35) if area.count() else (0.5, 0.5)
    page.mouse.move(box["x"] + 0.1 * box["width"], box["y"] + y0 * box["height"])
    page.mouse.down()
    for step in range(1, 21):
        x = box["x"] + box["width"] * (0.1 + 0.8 * step / 20)
        page.mouse.move(x, box["y"] + box["height"] * (y0 + (y1 - y0) * step / 20))
    page.mouse.up()


@pytest.mark.site
def test_an_explorer_s_box_follows_its_figure_s_height_at_every_width(browser, site):
    """The box that makes each figure a layout boundary is sized by the figure's height, not
    by its content: it must follow the figure when the width changes (the readout and the
    panels wrap), or it would cut the figure or leave a gap."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{EXPLORER_PAGES[0]}", wait_until="load")
    page.wait_for_function(MOUNTED)
    heights = """() => [...document.querySelectorAll(".nx-box")].map((box) =>
      [box.classList.contains("nx-sized"), box.getBoundingClientRect().height,
       box.firstElementChild.getBoundingClientRect().height])"""
    seen = set()
    for width in (1280, 390, 320, 900):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        for sized, box, figure in page.evaluate(heights):
            assert sized, width
            assert box == pytest.approx(figure, abs=0.5), (width, box, figure)
            seen.add(round(figure))
    page.close()
    assert len(seen) > 2  # the figures' heights did change with the width
