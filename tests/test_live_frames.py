"""Live frames (issue 14): with a kernel, an explorer answers a drag or a slider with the
frame at the exact values asked, built by the function that built its stored frames, and
shows and says those values as its controls do (format, symbol, unit, spoken form)."""

import functools
import importlib.util
import json
import math
import re

import nabla
import numpy as np
import pytest
from nabla.examples import POINT, X_TWO_POINTS, Y_TWO_POINTS, hill, hill_gradient
from nabla.figures import (
    descent,
    directional,
    gradient,
    least_squares,
    level_sets,
    partial_derivatives,
)
from nabla.figures.common import true_minus
from nabla.figures.explorer import STATIC, STORED_STATE, Explorer

from .conftest import ROOT
from .test_accessibility import EXPLORER_JS
from .test_figures_explorer import MOUNT

LATE_MS, SETTLE_MS = (
    int(re.search(rf"{name} = (\d+)", EXPLORER_JS)[1]) for name in ("LATE_MS", "SETTLE_MS")
)

_spec = importlib.util.spec_from_file_location("lab_session", ROOT / "tools/lab_session.py")
LAB = importlib.util.module_from_spec(_spec)  # drives explorers in a browser, in and out of Lab
_spec.loader.exec_module(LAB)

# The stand-in model of the explorer tests, with a kernel: ``send`` keeps what the page asks,
# ``deliver`` hands it a custom message as anywidget does.
KERNEL = MOUNT.replace(
    "save_changes:",
    "send: (msg) => window.asked.push(msg),\n"
    "    deliver: (msg) => (listeners['msg:custom'] || []).forEach((f) => f(msg)),\n"
    "    save_changes:",
).replace("const state =", "window.asked = [];\n  const state =")
KERNEL = KERNEL.replace(
    "save_changes: () => {", "save_changes: () => { window.savedAt = performance.now();"
)

EXPLORERS = {
    "slices": partial_derivatives.slice_explorer,
    "gradient": gradient.descent_explorer,
    "loss": least_squares.loss_explorer,
    # driven by sliders only
    "quotient": partial_derivatives.step_explorer,
    "angle": directional.rotate_explorer,
    "descent": descent.descent_explorer,
}  # level_sets.level_explorer too, built only in the JupyterLab test (8 s)
BUILT = functools.cache(lambda name: EXPLORERS[name]())  # the descent explorer takes 3 s


def _inline(frame, shapes):
    """The frame with its shape ids replaced by the shapes' points."""
    layers = [
        layer | {"points": shapes[layer["points"]]}
        if isinstance(layer.get("points"), str)
        else layer
        for layer in frame["layers"]
    ]
    return frame | {"layers": layers}


@pytest.fixture(scope="module", params=EXPLORERS)
def explorer(request):
    return BUILT(request.param)


def test_a_live_frame_at_a_grid_point_is_the_stored_frame(explorer):
    controls = explorer.spec["controls"]
    sizes = [len(c["values"]) for c in controls]
    rng = np.random.default_rng(14)
    for index in [0, explorer.index, math.prod(sizes) - 1, *rng.integers(0, math.prod(sizes), 5)]:
        at = np.unravel_index(index, sizes)
        position = [c["values"][k] for c, k in zip(controls, at, strict=True)]
        stored = _inline(explorer.frames[index], explorer.spec["shapes"])
        assert explorer.frame_at(position) == stored, position


def test_chapter_4s_live_frames_at_grid_points_are_its_stored_frames():
    # Built with nabla's gradient evaluated in one call per point (level_sets._grad_hill),
    # the frames are those the notebook stores, built with nabla.gradient(hill, x) one
    # point at a time; bit for bit, the gradient at any point too.
    spec = LAB.stored_spec("chapters/04-level-sets.ipynb", "A level curve")
    nb = json.loads((ROOT / "chapters/04-level-sets.ipynb").read_text())
    models = nb["metadata"][STORED_STATE]["state"]
    frames = next(m["state"]["frames"] for m in models.values() if m["state"].get("spec") == spec)
    x1, x2 = (c["values"] for c in spec["controls"])
    rng = np.random.default_rng(4)
    for index in rng.integers(0, len(frames), 6):
        a, b = x1[index // len(x2)], x2[index % len(x2)]
        assert json.loads(json.dumps(level_sets.level_frame(a, b))) == frames[index], (a, b)
    for x in rng.uniform([-4.5, -1.2], [1.5, 3.0], (200, 2)):
        assert np.array_equal(level_sets._grad_hill(x), nabla.gradient(hill, x)), x


def test_a_live_explorer_needs_rising_control_values():
    frame = {"layers": [], "readout": [], "alt": ""}
    controls = [{"name": "a", "label": "a", "values": [1, 0], "format": "{}"}]
    with pytest.raises(ValueError, match=r"controls: a live explorer's values must rise.*'a'"):
        Explorer(title="t", controls=controls, panels=[], readout=[], frames=[frame] * 2,
                 live=lambda a: frame)  # fmt: skip


def test_the_issue_example_shows_f_at_the_point_dragged_to():
    # Clicked at (1.13, 2.1) chapter 1 showed the frame of (1.25, 2): f = 17.062.
    explorer = partial_derivatives.slice_explorer()
    answer = explorer.live_frame([1.1304, 2.0996])  # as a pointer lands, rounded to 2 decimals
    assert answer["position"] == [1.1304, 2.0996]  # echoed: the front end drops stale answers
    assert answer["text"] == ["1.13", "2.10"]
    x = np.array([1.13, 2.1])
    f, d1, d2 = (value for _, value in answer["frame"]["readout"])
    assert answer["frame"]["readout"][0][0] == "17.657"
    assert f == hill(x)
    np.testing.assert_allclose([d1, d2], hill_gradient(x), rtol=1e-8)
    # The slices are drawn through the point, not through the grid's row and column.
    along1 = [layer for layer in answer["frame"]["layers"] if layer["panel"] == "along1"]
    curve = np.array(along1[0]["points"])
    on_row = np.column_stack([curve[:, 0], np.full(len(curve), 2.1)])
    np.testing.assert_allclose(curve[:, 1], hill(on_row), rtol=1e-3)  # rounded to 4 digits
    assert along1[-1]["at"][0] == 1.13


def test_bad_positions_are_refused_naming_the_argument(explorer):
    first = [c["values"][0] for c in explorer.spec["controls"]]
    name = explorer.spec["controls"][0]["name"]
    with pytest.raises(ValueError, match=r"position must be one number per control"):
        explorer.frame_at([*first, first[0]])  # one too many
    with pytest.raises(ValueError, match=r"position must be one number per control"):
        explorer.frame_at("1, 2")
    with pytest.raises(ValueError, match=rf"position: {name} must be a finite number"):
        explorer.frame_at([math.nan, *first[1:]])
    with pytest.raises(ValueError, match=rf"position: {name} = .* is outside"):
        explorer.frame_at([first[0] - 1, *first[1:]])


def test_an_explorer_without_a_live_function_answers_nothing():
    explorer = Explorer(
        title="t",
        controls=[{"name": "a", "label": "a", "values": [0, 1], "format": "{}"}],
        panels=[],
        readout=[],
        frames=[{"layers": [], "readout": [], "alt": ""}] * 2,
    )
    sent = []
    explorer.send = lambda content, buffers=None: sent.append(content)
    explorer._handle_custom_msg({"position": [0.5]}, [])  # what a drag sends the kernel
    assert sent == []
    with pytest.raises(ValueError, match="live function"):
        explorer.frame_at([0.5])


@pytest.fixture
def open_page(browser):
    """``open_page(explorer)``: its explorer.js on a page with a stand-in kernel. ``answer()``
    is what Python sends back for the page's last question, ``deliver(content)`` hands the
    page a message."""
    opened = []

    def open_page(explorer):
        page = browser.new_page(viewport={"width": 900, "height": 700})
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        opened.append((page, errors))
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_style_tag(content=(STATIC / "explorer.css").read_text())
        page.evaluate(
            KERNEL,
            [(STATIC / "explorer.js").read_text(), explorer.spec, explorer.frames, explorer.index],
        )
        page.explorer = explorer
        page.asked = lambda: page.evaluate("() => window.asked.at(-1)")
        page.answer = lambda: explorer.live_frame(page.asked()["position"])
        page.deliver = lambda content: page.evaluate("(c) => window.model.deliver(c)", content)
        page.shown = lambda: page.locator("dd").first.text_content()
        return page

    yield open_page
    for page, errors in opened:
        assert errors == []
        page.close()


@pytest.fixture
def kernel_page(open_page):
    """Chapter 1's slices on a page with a stand-in kernel (``open_page``)."""
    page = open_page(partial_derivatives.slice_explorer())
    page.click_at = lambda x, y: _click(page, page.explorer, x, y)
    return page


def _click(page, explorer, x, y):
    box = page.locator("svg[data-panel=map]").bounding_box()
    page.mouse.move(*LAB.page_point(box, explorer.spec["panels"][0], x, y))
    page.mouse.down()
    page.mouse.up()


def _made_live(page):
    """The page's first message asks whether a kernel answers; the pong makes it live."""
    assert page.evaluate("() => window.asked") == [{"ping": 0}]
    sliders = page.locator("input[type=range]")
    assert {slider.get_attribute("step") for slider in sliders.all()} == {"1"}
    page.deliver({"pong": 0})
    assert page.get_attribute(".nabla-explorer", "data-kernel") == "live"
    assert {slider.get_attribute("step") for slider in sliders.all()} == {"any"}


@pytest.mark.browser
def test_the_front_end_draws_the_answer_to_its_latest_question(kernel_page):
    page = kernel_page
    page.click_at(1.13, 2.1)
    assert page.shown() == "17.062"  # the stored frame of (1.25, 2) at once
    first = page.answer()
    assert first["text"] == ["1.13", "2.10"]
    page.deliver({"live_frame": first})
    assert page.shown() == "17.657"
    assert page.locator("output").all_inner_texts() == ["1.13", "2.10"]
    assert page.get_attribute(".nabla-explorer", "data-live-ms") is not None

    page.click_at(2.6, 0.6)
    stored = page.shown()
    second = page.answer()
    page.deliver({"live_frame": first})  # a late answer to an earlier question is not drawn
    assert page.shown() == stored
    page.deliver({"live_frame": second})
    x = np.array([float(t) for t in second["text"]])
    assert page.shown() == f"{hill(x):.3f}" != stored
    page.deliver({"live_frame": second | {"position": [9.0, 9.0]}})  # not asked: not drawn
    assert page.shown() == f"{hill(x):.3f}"


def test_the_kernel_answers_a_ping_and_a_position():
    explorer = partial_derivatives.slice_explorer()
    sent = []
    explorer.send = lambda content, buffers=None: sent.append(content)
    explorer._handle_custom_msg({"ping": 3}, [])
    explorer._handle_custom_msg({"position": [1.13, 2.1]}, [])
    assert sent[0] == {"pong": 3}
    answer = sent[1]["live_frame"]
    assert answer["ms"] > 0  # the kernel's own time, for benchmarks/live_speed.py
    assert {k: v for k, v in answer.items() if k != "ms"} == explorer.live_frame([1.13, 2.1])


@pytest.fixture
def live_page(kernel_page):
    """The page made live by the kernel's pong, then clicked at the issue's example."""
    page = kernel_page
    _made_live(page)
    page.click_at(1.13, 2.1)
    page.deliver({"live_frame": page.answer()})
    assert page.shown() == "17.657"
    return page


WATCH_READOUT = """() => {  // the first readout row's texts, timed from the next input
  window.changes = [];
  const row = document.querySelector("dd");
  new MutationObserver(() => window.changes.push([performance.now(), row.textContent]))
    .observe(row, { childList: true, characterData: true, subtree: true });
  document.addEventListener("input", () => { window.inputAt = performance.now(); },
    { capture: true, once: true });
}"""


@pytest.mark.browser
def test_with_a_live_kernel_sliders_and_keys_ask_for_the_exact_frame(live_page):
    page = live_page
    # The x2 slider 0.4 of the way from its 3rd grid value to its 4th (0.5 and 0.75): the
    # kernel is asked for the frame at (1.13, 0.6), x1 kept, and the stored frame of
    # (1.25, 0.5) waits LATE_MS for its answer (timed in the page), then is drawn.
    page.evaluate(WATCH_READOUT)
    page.locator("input[data-control=x2]").fill("2.4")
    assert page.asked()["position"] == pytest.approx([1.13, 0.6], abs=0.005)
    stored = page.explorer.frames[page.explorer.frame_index(9, 2)]
    page.wait_for_function("() => window.changes.length > 0", timeout=3000)
    waited, text = page.evaluate(
        "() => [window.changes[0][0] - window.inputAt, window.changes[0][1]]"
    )
    assert text == stored["readout"][0][0]
    assert waited >= LATE_MS, waited
    live = page.answer()
    page.deliver({"live_frame": live})
    assert live["text"] == ["1.13", "0.60"]
    assert page.shown() == f"{hill(np.array([1.13, 0.6])):.3f}"
    assert page.locator("input[data-control=x2]").input_value() == "2.4"  # where it was put
    assert page.get_attribute("input[data-control=x2]", "aria-valuetext") == "0.60"
    # The arrow keys on the point: one grid step (0.25) from the exact point.
    area = page.locator("svg.draggable")
    area.focus()
    # The saves counted from the key press: an earlier input's save may land just before it.
    page.evaluate(
        """() => document.addEventListener("keydown", () => {
          [window.pressedAt, window.savedBefore] = [performance.now(), window.saved || 0];
        }, { capture: true, once: true })"""
    )
    page.keyboard.press("ArrowLeft")
    assert page.asked()["position"] == pytest.approx([0.88, 0.6], abs=0.005)
    page.deliver({"live_frame": page.answer()})
    assert page.locator("output").all_inner_texts() == ["0.88", "0.60"]
    assert page.shown() == f"{hill(np.array([0.88, 0.6])):.3f}"
    assert "point at x₁ 0.88, x₂ 0.60" in area.get_attribute("aria-label")
    # The new index reaches the kernel once the input has rested, not on every move: once,
    # and not before the rest (timed in the page: a loaded machine only delays it more).
    page.wait_for_function("() => window.saved === window.savedBefore + 1", timeout=2000)
    rested = page.evaluate("() => window.savedAt - window.pressedAt")
    assert rested >= SETTLE_MS, rested
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.saved - window.savedBefore") == 1


@pytest.mark.browser
def test_the_live_region_announces_the_exact_values_shown(live_page):
    page = live_page
    live = page.locator("p[aria-live=polite]")
    page.wait_for_function(
        "(p) => p.textContent.includes('17.657')", arg=live.element_handle(), timeout=3000
    )
    said = live.text_content()
    d1, d2 = (f"{v:.3f}" for v in hill_gradient(np.array([1.13, 2.1])))
    for line in (
        "x₁ 1.13",
        "x₂ 2.10",
        "f(x₁, x₂) 17.657",  # not the stored frame's 17.062
        f"∂f/∂x₁, slope of the first slice {d1}",
        f"∂f/∂x₂, slope of the second slice {d2}",
    ):
        assert line in said.split("; "), said


@pytest.mark.browser
def test_a_kernel_that_stops_answering_leaves_the_stored_frames(live_page):
    """Shut down or restarted (its comm closed), or busy: after LATE_MS without an answer the
    stored frame is drawn and later inputs draw theirs at once, with nothing sent to save;
    an answer that comes after all makes the explorer live again."""
    page = live_page
    page.wait_for_function("() => window.saved === 1", timeout=3000)  # the click's, at rest
    page.evaluate(WATCH_READOUT)
    page.locator("input[data-control=x2]").fill("2.4")  # no answer comes
    page.wait_for_function("() => window.changes.length > 0", timeout=3000)
    assert page.get_attribute(".nabla-explorer", "data-kernel") == "lost"
    sliders = page.locator("input[type=range]").all()
    assert {slider.get_attribute("step") for slider in sliders} == {"1"}
    page.evaluate(WATCH_READOUT)
    page.locator("input[data-control=x2]").fill("5")
    waited, text = page.evaluate(
        "() => [window.changes[0][0] - window.inputAt, window.changes[0][1]]"
    )
    assert waited < LATE_MS, waited
    x1 = int(page.locator("input[data-control=x1]").input_value())  # a grid position again
    assert text == page.explorer.frames[page.explorer.frame_index(x1, 5)]["readout"][0][0]
    page.wait_for_timeout(SETTLE_MS + 200)
    assert page.evaluate("() => window.saved") == 1  # its comm may be closed
    page.deliver({"live_frame": page.explorer.live_frame([1.13, 0.6]) | {"position": None}})
    assert page.get_attribute(".nabla-explorer", "data-kernel") == "live"
    assert {slider.get_attribute("step") for slider in sliders} == {"any"}


@pytest.mark.browser
def test_the_keys_of_sliders_and_the_point_stay_with_them(live_page):
    """JupyterLab's command mode listens for keys on the document: it moved the active cell
    and folded headings with a slider's arrow keys. The keys a slider or the point use go no
    further; every other key still does (Shift+Enter runs the cell, Ctrl+S saves). With a
    kernel an arrow moves a slider to the next grid value, not 1% of the range."""
    page = live_page  # at (1.13, 2.1), exact
    page.evaluate(
        """() => { window.heard = [];  // the keys that reach the document, modifiers aside
          document.addEventListener("keydown", (e) =>
            /^(Shift|Control)$/.test(e.key) || window.heard.push(e.key)); }"""
    )
    slider = page.locator("input[data-control=x2]")
    slider.focus()
    for key in ("ArrowRight", "End", "PageDown", "Shift+Enter", "Control+s"):
        page.keyboard.press(key)
    page.locator("svg.draggable").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Escape")
    assert page.evaluate("() => window.heard") == ["Enter", "s", "Escape"]
    asked = [m["position"] for m in page.evaluate("() => window.asked") if "position" in m]
    assert asked[1] == pytest.approx([1.13, 2.25], abs=1e-6)  # ArrowRight: 2.1 to 2.25


@pytest.mark.browser
def test_a_value_that_names_itself_is_announced_once(open_page):
    """Chapter 1's step is said "h = 0.0135": the live region does not put its label (log₁₀ h)
    in front of it as well."""
    page = open_page(BUILT("quotient"))
    _slid(page, "h", -1.87)
    live = page.locator("p[aria-live=polite]")
    page.wait_for_function("(p) => p.textContent.includes('h = ')", arg=live.element_handle())
    assert live.text_content().split("; ")[0] == "h = 0.0135"
    # The readout's e-notation is said in words too: its errors at h = 10^-9.4.
    page.locator("input[data-control=h]").fill(f"{(-9.4 + 15) / 0.25:.6f}")  # 0.25 apart
    page.deliver({"live_frame": page.answer()})
    page.wait_for_function(
        "(p) => p.textContent.includes('the \u221210')", arg=live.element_handle()
    )
    said = live.text_content()
    assert said.startswith("h = 3.98 times 10 to the \N{MINUS SIGN}10; ")
    assert re.search(r"\de[+\N{MINUS SIGN}-]?\d", said) is None, said
    # At h = 1 the readout's "1.00e+00" is said "1.00".
    page.locator("input[data-control=h]").press("End")
    page.wait_for_function(
        "(p) => p.textContent.includes('step h 1.00')", arg=live.element_handle()
    )
    assert "step h 1.00;" in live.text_content()
    assert "to the 0" not in live.text_content()
    # Page Down from h = 10^-1.87, live: six of the 61 grid values down, onto 10^-3.25.
    page.locator("input[data-control=h]").fill(f"{(-1.87 + 15) / 0.25:.6f}")
    page.deliver({"live_frame": page.answer()})
    page.locator("input[data-control=h]").press("PageDown")
    spoken = page.get_attribute("input[data-control=h]", "aria-valuetext")
    assert spoken == f"h = {10**-3.25:.3g}"


@pytest.mark.browser
def test_one_step_is_announced_once(open_page):
    """The descent's count says "1 step" alone, as it says "7 steps" (not "steps 1 step")."""
    page = open_page(BUILT("descent"))
    page.locator("input[data-control=steps]").fill("1")
    live = page.locator("p[aria-live=polite]")
    page.wait_for_function("(p) => p.textContent.includes('1 step')", arg=live.element_handle())
    assert live.text_content().split("; ")[0] == "1 step"


def test_a_live_step_count_is_a_whole_number():
    explorer = BUILT("descent")
    assert explorer.spec["controls"][1]["integer"] is True  # the page rounds what it asks
    assert "integer" not in explorer.spec["controls"][0]
    with pytest.raises(ValueError, match=r"position: steps takes whole numbers, got 7.4"):
        explorer.live_frame([0.1, 7.4])
    answer = explorer.live_frame([0.123456, 7.0])  # as JSON may carry it
    assert answer["values"] == [0.1235, 7]
    assert type(answer["values"][1]) is int
    # Four decimals: the closest learning rates, 2/7 and 0.29, lie 0.0043 apart.
    assert (answer["text"], answer["spoken"]) == (["0.1235", "7"], ["0.1235", "7 steps"])
    # A grid value is taken as it is, and shown as its stored frame shows it (the point in
    # chapter 4 stepped to x₁ = 1.125 was computed at 1.12).
    threshold = explorer.spec["controls"][0]["values"][11]  # 2/λmax = 0.29179...
    answer = explorer.live_frame([threshold, 7.0])
    assert answer["values"] == [threshold, 7]
    assert answer["text"][0] == explorer.spec["controls"][0]["text"][11]


def _slid(page, name, to):
    """Makes the page live, puts slider ``name`` at the value ``to`` (between two grid values)
    and hands the page the kernel's answer; returns the answer."""
    _made_live(page)
    values = next(c["values"] for c in page.explorer.spec["controls"] if c["name"] == name)
    k = int(np.searchsorted(values, to)) - 1
    assert values[k] < to < values[k + 1]
    at = k + (to - values[k]) / (values[k + 1] - values[k])  # the slider's fractional position
    page.locator(f"input[data-control={name}]").fill(f"{at:.6f}")
    answer = page.answer()
    page.deliver({"live_frame": answer})
    return answer


def _shown(page):
    """The controls' texts, said texts and values, and the readout's texts and values."""
    sliders = page.locator("input[type=range]").all()
    rows = page.locator("dd")
    return {
        "text": page.locator("output").all_inner_texts(),
        "spoken": [slider.get_attribute("aria-valuetext") for slider in sliders],
        "values": page.evaluate("() => ({...document.querySelector('.nabla-explorer').dataset})"),
        "readout": rows.all_inner_texts(),
        "numbers": [float(v) for v in rows.evaluate_all("ds => ds.map((d) => d.dataset.value)")],
    }


@pytest.mark.browser
def test_the_difference_quotient_answers_at_the_exact_step(open_page):
    page = open_page(BUILT("quotient"))
    answer = _slid(page, "h", -1.87)  # log10 h, between -2 and -1.75
    assert page.asked()["position"] == pytest.approx([-1.87], abs=1e-9)
    h = 10**-1.87
    shown = _shown(page)
    assert shown["text"] == ["\N{MINUS SIGN}1.87"]  # the exponent, as the grid's values
    assert shown["spoken"] == [f"h = {h:.3g}"] == ["h = 0.0135"]  # its step, to 3 digits
    assert float(shown["values"]["h"]) == -1.87 == answer["values"][0]
    # The quotients of f = x1^2 + 3 x1 x2 + x2^3 along x2 at (1, 2), worked by hand.
    x1, x2 = POINT
    forward, central = 3 * x1 + 3 * x2**2 + 3 * x2 * h + h**2, 3 * x1 + 3 * x2**2 + h**2
    exact = hill_gradient(POINT)[1]
    expected = [h, forward, forward - exact, central, central - exact]
    np.testing.assert_allclose(shown["numbers"], expected, rtol=1e-9)
    assert shown["readout"][0] == true_minus(f"{h:.2e}") == "1.35e\N{MINUS SIGN}02"
    assert float(shown["readout"][1]) == pytest.approx(forward, abs=1e-11)


@pytest.mark.browser
def test_the_angle_answers_at_the_exact_angle_in_degrees(open_page):
    page = open_page(BUILT("angle"))
    answer = _slid(page, "theta", 37.23)  # between 35 and 37.5 degrees
    assert answer["values"] == [37.23]
    shown = _shown(page)
    assert shown["text"] == ["37.23°"]  # not the grid's "{:.1f}": 37.2°
    assert shown["spoken"] == ["37.23 degrees"]
    assert shown["values"]["theta"] == "37.23"
    # u turned 37.23 degrees from the exact gradient at (1, 2), and the rates along it.
    g = hill_gradient(POINT)
    t = np.radians(37.23)
    u = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]) @ g / np.linalg.norm(g)
    rate = np.linalg.norm(g) * np.cos(t)
    np.testing.assert_allclose(shown["numbers"], [*u, 37.23, rate, rate, rate], rtol=1e-7)
    assert shown["readout"][:2] == [true_minus(f"{v:.4f}") for v in u]
    assert shown["readout"][2:4] == ["37.2", f"{rate:.4f}"]


@pytest.mark.browser
def test_the_descent_answers_at_the_exact_rate_and_a_whole_number_of_steps(open_page):
    page = open_page(BUILT("descent"))
    answer = _slid(page, "steps", 7.4)  # between 5 and 10 steps: asked as 7
    assert page.asked()["position"] == answer["values"] == [0.1, 7]
    shown = _shown(page)
    assert shown["text"] == ["0.1", "7"]
    assert shown["spoken"] == ["0.1", "7 steps"]
    page.locator("input[data-control=lr]").fill("4.685")  # lr 0.1137, between 0.1 and 0.12
    assert page.asked()["position"] == pytest.approx([0.1137, 7], abs=1e-9)
    page.deliver({"live_frame": page.answer()})
    shown = _shown(page)
    assert shown["text"] == ["0.1137", "7"]
    assert shown["spoken"] == ["0.1137", "7 steps"]
    assert [shown["values"][name] for name in ("lr", "steps")] == ["0.1137", "7"]
    # Seven steps of w <- w - lr X^T (X w - y) from (0, 0), and the loss there.
    w = np.zeros(2)
    for _ in range(7):
        w = w - 0.1137 * X_TWO_POINTS.T @ (X_TWO_POINTS @ w - Y_TWO_POINTS)
    loss = 0.5 * np.sum((X_TWO_POINTS @ w - Y_TWO_POINTS) ** 2)
    np.testing.assert_allclose(shown["numbers"][:4], [7, *w, loss], rtol=1e-12)
    assert shown["readout"][:3] == ["7", f"{w[0]:.4f}", f"{w[1]:.4f}"]
    # 9.5 steps is 10, a grid value: with lr between grid values, the frame at (0.1137, 10).
    page.locator("input[data-control=steps]").fill("4.9")
    assert page.asked()["position"] == pytest.approx([0.1137, 10], abs=1e-9)
    # From 190 steps (between 150 and 200, the last) an arrow goes to the next grid value:
    # right to the end, 200; left from there to 150.
    page.deliver({"live_frame": page.answer()})
    steps = page.locator("input[data-control=steps]")
    steps.fill("12.8")
    assert page.asked()["position"] == pytest.approx([0.1137, 190], abs=1e-9)
    page.deliver({"live_frame": page.answer()})
    steps.focus()
    for key, expected in (("ArrowRight", 200), ("ArrowLeft", 150)):
        page.keyboard.press(key)
        assert page.asked()["position"] == pytest.approx([0.1137, expected], abs=1e-9), key
        page.deliver({"live_frame": page.answer()})
    # With lr on the grid too, 190 steps is a live frame and 200 a stored one: the arrow
    # draws it (it drew nothing: 200 is the grid position nearest 190, as if unmoved).
    page.locator("input[data-control=lr]").fill("4")  # lr 0.1
    steps.fill("12.8")
    page.deliver({"live_frame": page.answer()})
    assert _shown(page)["spoken"] == ["0.1", "190 steps"]
    steps.focus()
    page.keyboard.press("ArrowRight")
    stored = BUILT("descent").frames[BUILT("descent").frame_index(4, 13)]
    assert _shown(page)["spoken"] == ["0.1", "200 steps"]
    assert _shown(page)["readout"] == [text for text, _ in stored["readout"]]
