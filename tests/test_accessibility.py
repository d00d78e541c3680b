"""Every reader (issue 16): axe-core finds nothing on any page, in either theme, on a desktop
and on a phone; no page scrolls sideways; the explorers work without sight or a mouse, checked
in Chromium's accessibility tree (Playwright's ARIA snapshot) as well as in the DOM."""

import json
import re

import pytest

from .conftest import AXE, EXPLORER_PAGES, MOUNTED, PAGES, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.site]
DESKTOP = {"width": 1280, "height": 900}
AXE_RUN = """async (rules) => (await axe.run(document, { resultTypes: ["violations"],
  ...(rules && { runOnly: { type: "rule", values: rules } }) })).violations
  .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target).join("; ")}`)"""
# A colour scheme changes only colours (the same elements show in both: checked), so in the
# second scheme only the rules that read colours run again.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SHOWING = """() => [...document.querySelectorAll("body *")]
  .map((e) => (e.checkVisibility() ? 1 : 0)).join("")"""
LABEL_SIZES = """() => [...document.querySelectorAll(".nabla-explorer svg text")]
  .filter((t) => t.checkVisibility()).map((t) => parseFloat(getComputedStyle(t).fontSize)
    * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b))"""  # on screen, in px
SETTLED = "() => document.getAnimations().every((a) => a.playState !== 'running')"
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
EXPLORER_JS = (ROOT / "lib" / "nabla" / "figures" / "static" / "explorer.js").read_text()
LABEL_PX, PANEL_WIDTH = (
    int(re.search(rf"\b{name} = (\d+)", EXPLORER_JS)[1]) for name in ("LABEL_PX", "W")
)
# Every explorer's labels at their size for the panels' width now: explorer.js's resize
# observer has set --nx-k = max(1, LABEL_PX * W / (11 * width)) for that width (a loaded
# machine delivers it some frames late, and an earlier width's value can pass a size check).
LABELS_AT_WIDTH = f"""() => [...document.querySelectorAll(".nabla-explorer .panels")].every(
  (grid) => {{
    const width = grid.querySelector("svg")?.getBoundingClientRect().width;
    const k = Math.max(1, ({LABEL_PX} * {PANEL_WIDTH}) / (11 * width)).toFixed(3);
    return !width || grid.style.getPropertyValue("--nx-k") === k;
  }})"""


def wait_for_labels(page):
    """Waits until every explorer's labels have their size for the page's width."""
    page.wait_for_function(LABELS_AT_WIDTH, timeout=10000, polling=50)


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(opened, path):
    """Light and dark (the reader's system setting), 1280 and 390 px wide: every rule in
    light, the colour rules again in dark."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: `make test` installs it from npm")
    # Loaded afresh at each width, as a reader's phone would (the theme makes only the code
    # boxes that scroll at load focusable), in the tests' one context; the colour scheme is
    # switched in place, as the theme follows a reader's system setting.
    page = opened(path)[0].context.new_page()
    url, found = opened(path)[0].url, {}
    try:
        for width in (1280, 390):
            page.emulate_media(color_scheme="light")
            page.set_viewport_size({**DESKTOP, "width": width})
            page.goto(url, wait_until="load")
            page.wait_for_function(MOUNTED, polling=50)
            page.add_script_tag(path=str(AXE))
            showing = {}
            for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
                page.emulate_media(color_scheme=scheme)
                page.wait_for_function(
                    f"() => document.documentElement.dataset.theme === '{scheme}'", timeout=5000
                )
                # Colours still fading (the theme's 0.15 s button transitions, run when the
                # scheme changes or a stylesheet lands late) read as low contrast: let them end.
                page.wait_for_function(SETTLED, polling=50, timeout=5000)
                found[f"{scheme}, {width} px"] = page.evaluate(AXE_RUN, rules)
                showing[scheme] = page.evaluate(SHOWING)
            assert showing["light"] == showing["dark"], (
                f"the schemes show other elements: {width} px"
            )
    finally:
        page.close()
    assert all(v == [] for v in found.values()), found


@pytest.mark.parametrize("path", PAGES)
def test_a_phone_never_scrolls_sideways(opened, path):
    """At 320 and 390 px nothing widens the page; explorer labels stay 11 px on screen at
    every width; no panel takes touch (only a draggable point: test_figures_explorer.py)."""
    page, _ = opened(path)
    try:
        for width in (320, 390, 1280):
            page.set_viewport_size({**DESKTOP, "width": width})
            page.evaluate(NEXT_FRAME)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            # At 1280 px the theme slides its sidebar in (a margin transition) and the content
            # narrows: labels read while it moves are sized for neither width.
            page.wait_for_function(SETTLED, polling=50, timeout=5000)
            wait_for_labels(page)
            sizes = page.evaluate(LABEL_SIZES)
            assert min(sizes, default=11) >= 10.95, f"a label {min(sizes):.1f} px at {width} px"
    finally:
        page.set_viewport_size(DESKTOP)
    touch = page.evaluate(
        """() => [...document.querySelectorAll(".nabla-explorer svg")].map(
          (s) => [s.classList.contains("draggable"), getComputedStyle(s).touchAction])"""
    )
    assert all(action == "auto" for _, action in touch), touch


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_drawing_stays_inside_its_plot_frame(opened, path):
    page, _ = opened(path)
    unclipped = page.evaluate(
        """() => [...document.querySelectorAll(".nabla-explorer svg")].flatMap((svg) => {
          const frame = svg.querySelector("rect.frame");
          const marks = svg.querySelectorAll("polyline, polygon, circle, text.text");
          return [...marks].filter((mark) => {
            const g = mark.closest("g[clip-path]");
            const id = g && g.getAttribute("clip-path").match(/#([^)]+)/)[1];
            const rect = id && document.getElementById(id).querySelector("rect");
            return !rect || ["x", "y", "width", "height"].some(
              (k) => rect.getAttribute(k) !== frame.getAttribute(k));
          }).map((mark) => mark.outerHTML.slice(0, 80));
        })"""
    )
    assert unclipped == []


def _states(page):
    """Each explorer's stored state (spec, frames, index), as the page holds it."""
    return [
        json.loads(text)
        for text in page.eval_on_selector_all(
            "script[type='application/json']", "scripts => scripts.map((s) => s.textContent)"
        )
        if '"spec"' in text
    ]


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorers_read_out_without_sight(opened, path):
    """In the accessibility tree: a figure named by its caption and described once, panels with
    names of their own, sliders named; each slider's value text is the control's value in real
    units, as Python formatted it."""
    page, _ = opened(path)
    explorers = page.locator(".nabla-explorer")
    for k, state in enumerate(_states(page)):
        spec, explorer = state["spec"], explorers.nth(k)
        tree = explorer.aria_snapshot()
        assert f'figure "{spec["title"]}"' in tree.splitlines()[0], tree[:200]
        described = explorer.evaluate("(el) => el.querySelector('p').textContent")
        assert described in [frame["alt"] for frame in state["frames"]]
        assert len(described.split()) >= 8
        assert tree.count(described) == 1, "the frame is not described once"
        names = [
            line.split('"')[1]
            for line in tree.splitlines()
            if line.strip().startswith(("- img", "- 'img", "- application", "- 'application"))
        ]
        assert len(names) == len(spec["panels"]) == len(set(names)), names
        for c in spec["controls"]:
            assert f'slider "{c["label"]}"' in tree
            slider = explorer.locator(f"input[data-control={c['name']}]")
            position = int(slider.input_value())
            assert (
                slider.get_attribute("aria-valuetext") == (c.get("spoken") or c["text"])[position]
            )


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorers_work_from_the_keyboard(opened, path):
    """From the top of the page: Tab reaches the skip link to the first explorer, which leads
    to its first slider. The draggable point takes focus and moves with the arrow keys, and the
    live region says what changed once the keys have rested, once; the figure's description
    is then the frame shown."""
    page, _ = opened(path)
    page.evaluate(  # Tab from the top of the page, wherever earlier tests clicked
        """() => { const top = Object.assign(document.createElement("span"), { tabIndex: -1 });
          document.body.prepend(top); top.focus(); window.__top = top; }"""
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.evaluate("() => window.__top.remove()")
    assert page.evaluate("() => document.activeElement.textContent").startswith(
        "Skip to the first interactive figure"
    )
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.closest('.nabla-explorer')?.id")
    assert first == "nabla-explorer-1"
    assert page.evaluate("() => document.activeElement.type") == "range"

    area = page.locator(".nabla-explorer svg.draggable")
    for k in range(area.count()):
        explorer = page.locator(".nabla-explorer:has(svg.draggable)").nth(k)
        live = explorer.locator("p[aria-live=polite]")
        page.evaluate(
            """(live) => { window.__said = 0;
              new MutationObserver(() => window.__said++)
                .observe(live, { childList: true, characterData: true, subtree: true }); }""",
            live.element_handle(),
        )
        area.nth(k).focus()
        before = {**explorer.evaluate("(el) => ({...el.dataset})")}
        name = area.nth(k).get_attribute("aria-label")
        for key in ("ArrowRight", "ArrowRight", "ArrowUp"):
            page.keyboard.press(key)
        after = explorer.evaluate("(el) => ({...el.dataset})")
        moved = [key for key in after if key != "lastRedrawMs" and after[key] != before[key]]
        assert len(moved) == 2, (before, after)
        assert area.nth(k).get_attribute("aria-label") != name
        assert "application" in explorer.aria_snapshot()
        # Named by where its point is, with nothing inside read out (ticks, axis labels).
        assert "\n" not in area.nth(k).aria_snapshot().strip(), area.nth(k).aria_snapshot()
        page.wait_for_function("() => window.__said > 0", timeout=3000)
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.__said") == 1, "announced more than once"
        said = live.text_content()
        assert said
        assert said in explorer.aria_snapshot()
        # The figure's description, written once the keys rested, is the frame now shown.
        state = _states(page)[int(explorer.get_attribute("id").rsplit("-", 1)[1]) - 1]
        index = 0
        for c in state["spec"]["controls"]:
            value = float(after[c["name"]])
            index = index * len(c["values"]) + min(
                range(len(c["values"])), key=lambda i, c=c, v=value: abs(c["values"][i] - v)
            )
        described = explorer.evaluate("(el) => el.querySelector('p').textContent")
        assert described == state["frames"][index]["alt"]
        for key in ("ArrowDown", "ArrowLeft", "ArrowLeft"):  # back where it was
            page.keyboard.press(key)
        assert (
            explorer.evaluate("(el) => ({...el.dataset})").items()
            >= {k: v for k, v in before.items() if k != "lastRedrawMs"}.items()
        )


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_nothing_moves_for_a_reader_who_asks_for_less_motion(opened, path):
    page, _ = opened(path)
    page.emulate_media(reduced_motion="reduce")
    try:
        moving = page.evaluate(
            """() => [...document.querySelectorAll("*")].filter((el) => {
              const s = getComputedStyle(el);
              return [s.transitionDuration, s.animationDuration].some(
                (d) => d.split(",").some((t) => parseFloat(t) > 0));
            }).map((el) => el.tagName + "." + el.className).slice(0, 5)"""
        )
        assert moving == []
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    finally:
        page.emulate_media(reduced_motion="no-preference")


def test_the_search_button_shows_its_focus(opened):
    """The theme removes the search button's outline; a keyboard user must see where focus is."""
    page, _ = opened("index.html")
    page.evaluate("() => document.activeElement?.blur()")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.search-button__button')"):
            break
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] != "none"
    assert style[1] >= 2
