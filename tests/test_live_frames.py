"""Live frames (issue 14): with a kernel, an explorer answers a drag with the frame at the
exact point dragged to, built by the function that built its stored frames."""

import math

import numpy as np
import pytest
from nabla.examples import hill, hill_gradient
from nabla.figures import gradient, least_squares, partial_derivatives
from nabla.figures.common import MARGINS, PANEL_HEIGHT, PANEL_WIDTH, PLOT_HEIGHT, PLOT_WIDTH
from nabla.figures.explorer import STATIC, Explorer

from .test_figures_explorer import MOUNT

# The stand-in model of the explorer tests, with a kernel: ``send`` keeps what the page asks,
# ``deliver`` hands it a custom message as anywidget does.
KERNEL = MOUNT.replace(
    "save_changes:",
    "send: (msg) => window.asked.push(msg),\n"
    "    deliver: (msg) => (listeners['msg:custom'] || []).forEach((f) => f(msg)),\n"
    "    save_changes:",
).replace("const state =", "window.asked = [];\n  const state =")

EXPLORERS = {
    "slices": partial_derivatives.slice_explorer,
    "gradient": gradient.descent_explorer,
    "loss": least_squares.loss_explorer,
}  # level_sets.level_explorer too, built only in the JupyterLab test (8 s)


def page_point(box, panel, x, y):
    """Page pixels of the data point (x, y) on a panel drawn in ``box`` (its bounding box)."""
    fx = (x - panel["x"]["min"]) / (panel["x"]["max"] - panel["x"]["min"])
    fy = (y - panel["y"]["min"]) / (panel["y"]["max"] - panel["y"]["min"])
    px, py = MARGINS["l"] + fx * PLOT_WIDTH, PANEL_HEIGHT - MARGINS["b"] - fy * PLOT_HEIGHT
    return box["x"] + px * box["width"] / PANEL_WIDTH, box["y"] + py * box["height"] / PANEL_HEIGHT


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
    return EXPLORERS[request.param]()


def test_a_live_frame_at_a_grid_point_is_the_stored_frame(explorer):
    controls = explorer.spec["controls"]
    sizes = [len(c["values"]) for c in controls]
    rng = np.random.default_rng(14)
    for index in [0, explorer.index, math.prod(sizes) - 1, *rng.integers(0, math.prod(sizes), 5)]:
        at = np.unravel_index(index, sizes)
        position = [c["values"][k] for c, k in zip(controls, at, strict=True)]
        stored = _inline(explorer.frames[index], explorer.spec["shapes"])
        assert explorer.frame_at(position) == stored, position


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
        explorer.frame_at(first[:1])
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


@pytest.mark.browser
def test_the_front_end_draws_the_answer_to_its_latest_question(browser):
    # explorer.js with a stand-in model; Python answers the page's questions as a kernel would.
    explorer = partial_derivatives.slice_explorer()
    page = browser.new_page(viewport={"width": 900, "height": 700})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_style_tag(content=(STATIC / "explorer.css").read_text())
    page.evaluate(
        KERNEL,
        [(STATIC / "explorer.js").read_text(), explorer.spec, explorer.frames, explorer.index],
    )
    panel = explorer.spec["panels"][0]
    box = page.locator("svg[data-panel=map]").bounding_box()

    def answer():  # what the kernel sends back for the position the page asked last
        return explorer.live_frame(page.evaluate("() => window.asked.at(-1).position"))

    def deliver(live):
        page.evaluate("(live) => window.model.deliver({ live_frame: live })", live)

    shown = lambda: page.locator("dd").first.text_content()  # noqa: E731
    page.mouse.move(*page_point(box, panel, 1.13, 2.1))
    page.mouse.down()
    page.mouse.up()
    assert shown() == "17.062"  # the stored frame of (1.25, 2) at once
    first = answer()
    assert first["text"] == ["1.13", "2.10"]
    deliver(first)
    assert shown() == "17.657"
    assert page.locator("output").all_inner_texts() == ["1.13", "2.10"]
    assert page.get_attribute(".nabla-explorer", "data-live-ms") is not None

    page.mouse.move(*page_point(box, panel, 2.6, 0.6))
    page.mouse.down()
    page.mouse.up()
    stored = shown()
    second = answer()
    deliver(first)  # a late answer to an earlier question is not drawn
    assert shown() == stored
    deliver(second)
    x = np.array([float(t) for t in second["text"]])
    assert shown() == f"{hill(x):.3f}" != stored

    page.locator("input[data-control=x1]").focus()
    page.keyboard.press("ArrowLeft")  # a grid point: the stored frame is exact
    after_key = shown()
    deliver({**second, "position": [9.0, 9.0]})
    assert shown() == after_key
    assert errors == []
    page.close()
