"""The Explorer front end (nabla/figures/static/explorer.js) on its own, in Chromium.

A stand-in for the widget model feeds it frames built by the Python Explorer,
so these tests pin the contract between the two halves.
"""

import pytest
from nabla.figures.common import (
    COLOURS,
    MARGINS,
    PANEL_HEIGHT,
    PANEL_WIDTH,
    PLOT_HEIGHT,
    PLOT_WIDTH,
)
from nabla.figures.explorer import STATIC, Explorer, axis

pytestmark = pytest.mark.browser
SCROLLED = """() => new Promise((done) => {  // once the page has not scrolled for 0.2 s
  let last = -1, since = performance.now();
  const look = () => {
    if (window.scrollY !== last) [last, since] = [window.scrollY, performance.now()];
    performance.now() - since > 200 ? done() : requestAnimationFrame(look);
  };
  look();
})"""
GRID = list(range(11))

MOUNT = """async ([src, spec, frames, index]) => {
  const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
  const module = await import(url);
  const state = { spec, frames, index }, listeners = {};
  window.model = {
    get: (key) => state[key],
    set: (key, value) => {
      state[key] = value;
      (listeners["change:" + key] || []).forEach((f) => f());
    },
    save_changes: () => { window.saved = (window.saved || 0) + 1; },
    on: (name, f) => { (listeners[name] = listeners[name] || []).push(f); },
    off: (name, f) => { listeners[name] = (listeners[name] || []).filter((g) => g !== f); },
  };
  const el = document.createElement("div");
  document.body.appendChild(el);
  window.cleanup = module.default.render({ model: window.model, el });
}"""


def _frame(a, b):
    return {
        "layers": [
            {"panel": "map", "type": "point", "at": [a, b]},
            {"panel": "map", "type": "arrow", "cls": "grad", "points": [[a, b], [a + 1, b]]},
            {"panel": "side", "type": "line", "cls": "curve", "points": "diagonal"},
        ],
        "readout": [[f"{a},{b}", a * 100 + b]],
        "alt": f"The point sits at ({a}, {b}) on the grid.",
    }


def _grid_explorer():
    return Explorer(
        title="Grid test",
        controls=[
            {"name": "a", "label": "a", "values": GRID, "format": "{:d}"},
            {"name": "b", "label": "b", "values": GRID, "format": "{:d}"},
        ],
        panels=[
            {"id": "map", "title": "Map", "x": axis("a", 0, 10), "y": axis("b", 0, 10)},
            {
                "id": "side",
                "title": "Side",
                "x": axis("t", 0, 1),
                "y": axis("s", 1e-3, 1, log=True),
            },
        ],
        readout=["position"],
        frames=[_frame(a, b) for a in GRID for b in GRID],
        shapes={"diagonal": [[0, -3], [1, 0]]},
        drag={"panel": "map", "x": "a", "y": "b"},
        index=0,
    )


def _mounted(page, body=""):
    """The grid explorer drawn on page, after ``body`` (HTML); page errors are collected."""
    explorer, errors = _grid_explorer(), []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content(f"<!doctype html><html><body>{body}</body></html>")
    page.add_style_tag(content=(STATIC / "explorer.css").read_text())
    page.evaluate(MOUNT, [(STATIC / "explorer.js").read_text(), explorer.spec, explorer.frames, 0])
    return errors


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 900, "height": 700})
    errors = _mounted(page)
    yield page
    assert errors == []
    page.close()


def _readout(page):
    return page.eval_on_selector("dd", "d => [d.textContent, Number(d.dataset.value)]")


def test_draws_panels_axes_and_the_first_frame(page):
    assert page.locator("svg[role=img]").count() == 1  # and the draggable one, an application
    assert page.locator("svg[role=application]").count() == 1
    assert page.locator("svg[data-panel=side] .ticklabel[text-anchor=end]").all_text_contents() == [
        "\u22123",
        "\u22122",
        "\u22121",
        "0",
    ]
    assert _readout(page) == ["0,0", 0]
    assert page.locator("svg[data-panel=map] polygon.head.grad").count() == 1
    assert page.locator("svg[data-panel=side] polyline.curve").count() == 1
    assert page.get_attribute("svg[data-panel=side]", "aria-label") == "Side"
    assert page.get_attribute("svg[data-panel=map]", "aria-label").startswith("Map: point at a 0")
    assert page.text_content("figure > p") == "The point sits at (0, 0) on the grid."


def test_a_removed_view_leaves_nothing_running(page):
    """anywidget calls render's cleanup when a view goes (a cell cleared, a notebook closed):
    the model's changes, the description written once an input rests and the box's size
    observer stop reaching the figure."""
    page.evaluate(  # a slider moved (its description is written 100 ms later), then the view
        """() => {  // goes, in one task: a loaded machine cannot let the 100 ms pass between
          const slider = document.querySelector("input[type=range]");
          slider.value = 1;
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          window.cleanup();
        }"""
    )
    page.evaluate("window.model.set('index', 5)")
    page.locator("figure").evaluate("(f) => { f.style.paddingBottom = '300px'; }")
    page.wait_for_timeout(300)
    assert _readout(page) == ["1,0", 100]
    assert page.text_content("figure > p") == "The point sits at (0, 0) on the grid."
    box, figure = page.evaluate(
        "[...document.querySelectorAll('.nx-box, figure')].map((e) => e.offsetHeight)"
    )
    assert figure > box + 250  # the box no longer follows the figure


def test_panels_have_the_size_and_colours_the_python_side_assumes(page):
    assert (
        page.get_attribute("svg[data-panel=map]", "viewBox") == f"0 0 {PANEL_WIDTH} {PANEL_HEIGHT}"
    )
    frame = page.locator("svg[data-panel=map] rect.frame")
    assert float(frame.get_attribute("width")) == PLOT_WIDTH
    assert float(frame.get_attribute("height")) == PLOT_HEIGHT
    for selector, role in (("polyline.grad", "grad"), ("polyline.curve", "curve")):
        stroke = page.eval_on_selector(
            f".nabla-explorer {selector}", "e => getComputedStyle(e).stroke"
        )
        r, g, b = (int(COLOURS[role][i : i + 2], 16) for i in (1, 3, 5))
        assert stroke == f"rgb({r}, {g}, {b})"


def test_a_slider_picks_its_frame_and_times_the_redraw(page):
    slider = page.locator("input[data-control=b]")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert _readout(page) == ["0,3", 3]
    assert page.evaluate("() => window.model.get('index')") == 3
    assert page.get_attribute(".nabla-explorer", "data-b") == "3"
    assert page.locator("output").all_inner_texts() == ["0", "3"]
    times = page.evaluate("() => window.__nablaTimings")
    assert len(times) == 3
    assert all(0 <= t < 16 for t in times)
    assert page.evaluate("() => window.saved") == 3


def test_dragging_snaps_to_the_nearest_grid_point(page):
    box = page.locator("svg[data-panel=map]").bounding_box()
    width, height = box["width"], box["height"]

    def at(a, b):  # page pixels of data point (a, b) on the map panel
        px = MARGINS["l"] + a / 10 * PLOT_WIDTH
        py = PANEL_HEIGHT - MARGINS["b"] - b / 10 * PLOT_HEIGHT
        return box["x"] + px * width / PANEL_WIDTH, box["y"] + py * height / PANEL_HEIGHT

    page.mouse.move(*at(2.0, 2.0))
    page.mouse.down()
    page.mouse.move(*at(7.2, 2.9))
    assert _readout(page) == ["7,3", 703]
    page.mouse.move(*at(8.6, 9.4))
    page.mouse.up()
    assert _readout(page) == ["9,9", 909]
    page.mouse.move(*at(1.0, 1.0))  # no button held: nothing moves
    assert _readout(page) == ["9,9", 909]


def test_explorer_rejects_a_frame_count_that_does_not_fit_the_grid():
    with pytest.raises(ValueError, match="frames must have 4 entries"):
        Explorer(
            title="t",
            controls=[{"name": "a", "label": "a", "values": [0, 1, 2, 3], "format": "{}"}],
            panels=[],
            readout=[],
            frames=[],
        )


def test_a_control_shows_and_says_its_unit():
    explorer = Explorer(
        title="Units",
        controls=[
            {"name": "t", "label": "θ", "values": [-61.94, 0.0], "format": "{:.1f}"}
            | {"unit": "degrees", "symbol": "°"},
            {"name": "lr", "label": "learning rate", "values": [0.1], "format": "{:g}"},
        ],
        panels=[{"id": "p", "title": "P", "x": axis("x", 0, 1), "y": axis("y", 0, 1)}],
        readout=[],
        frames=[{"layers": [], "readout": [], "alt": "a frame"}] * 2,
    )
    angle, rate = explorer.spec["controls"]
    assert (angle["text"], angle["spoken"], angle["unit"]) == (
        ["\N{MINUS SIGN}61.9°", "0.0°"],  # a minus sign, seen and heard
        ["\N{MINUS SIGN}61.9 degrees", "0.0 degrees"],
        "degrees",
    )
    assert (rate["text"], rate["unit"], "spoken" in rate) == (["0.1"], "", False)


def _swipe(page, start, dy):
    """A one-finger swipe from ``start`` (page pixels) dy pixels down, as touch events."""
    cdp = page.context.new_cdp_session(page)
    x, y = start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for k in range(1, 11):
        point = {"x": x, "y": y + dy * k / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.evaluate(SCROLLED)


def test_only_the_draggable_point_takes_a_finger(browser):
    """On a phone, a swipe that starts anywhere on a figure but on the draggable point scrolls
    the page; one that starts on the point drags it, and the page stays put."""
    context = browser.new_context(viewport={"width": 390, "height": 700}, has_touch=True)
    page = context.new_page()
    errors = _mounted(page, body='<div style="height: 400px"></div>')
    page.evaluate("() => document.body.style.minHeight = '3000px'")
    area = page.locator("svg[data-panel=map]")
    handle = area.locator("rect.handle")
    for start in (area, page.locator("svg[data-panel=side]")):
        page.evaluate("() => window.scrollTo(0, 300)")
        box = start.bounding_box()
        _swipe(page, (box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.3), -150)
        assert page.evaluate("() => window.scrollY") > 300, "the swipe did not scroll"
        assert page.evaluate("() => window.model.get('index')") == 0
    page.evaluate("() => window.scrollTo(0, 300)")
    box = handle.bounding_box()
    assert min(box["width"], box["height"]) >= 24  # a target a finger can hit (WCAG 2.5.8)
    _swipe(page, (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2), -150)
    assert page.evaluate("() => window.scrollY") == 300
    assert page.evaluate("() => window.model.get('index')") != 0  # b went up
    context.close()
    assert errors == []


BOX_AND_FIGURE = """() => { const box = document.querySelector(".nx-box");
  return [box.classList.contains("nx-sized"), box.getBoundingClientRect().height,
          box.firstElementChild.getBoundingClientRect().height]; }"""


@pytest.mark.parametrize(
    "scaled",
    [
        "html { zoom: 1.5 }",  # a page zoomed by CSS (a reader's extension or style)
        "body { transform: scale(0.8) }",  # a slide scaled to fit (reveal.js)
        ".nabla-explorer { zoom: 1.25 }",  # the figure itself zoomed (a reader's style)
    ],
)
def test_the_box_is_as_tall_as_its_figure_on_a_zoomed_or_scaled_page(browser, scaled):
    """The box that makes a figure a layout boundary is as tall as the figure drawn, in the
    box's own CSS pixels: a bounding rectangle's height includes an ancestor's zoom or scale,
    which set the box 1.5 times too tall under zoom: 1.5 (a gap below the figure) and cut the
    figure's foot over what follows it under scale(0.8); the figure's layout height alone
    would miss a zoom of the figure itself."""
    page = browser.new_page(viewport={"width": 600, "height": 700})
    errors = _mounted(page, f"<style>{scaled}</style>")
    page.wait_for_timeout(100)
    sized, box, figure = page.evaluate(BOX_AND_FIGURE)
    assert sized
    assert box == pytest.approx(figure, abs=1), (box, figure)
    assert errors == []
    page.close()


def test_a_slider_keeps_its_track_in_forced_colours(browser):
    """Sliders are drawn by explorer.css; in forced colours (Windows' contrast themes) their
    track's background was forced to the page's own colour, so only a ring of a thumb was left
    and nothing showed where the slider runs. Its track's midline, right of the thumb (at the
    left end at index 0), must differ from the background above it."""
    from io import BytesIO

    from PIL import Image

    page = browser.new_page(viewport={"width": 600, "height": 700})
    page.emulate_media(forced_colors="active")
    errors = _mounted(page)
    slider = page.locator("input[type=range]").first
    image = Image.open(BytesIO(slider.screenshot())).convert("RGB")
    width, height = image.size
    background = image.getpixel((width - 1, 0))
    midline = [image.getpixel((x, height // 2)) for x in range(width // 2, width - 2)]
    drawn = sum(pixel != background for pixel in midline)
    assert drawn > 0.9 * len(midline), f"{drawn} of {len(midline)} track pixels drawn"
    assert errors == []
    page.close()
