"""The built book in headless Chromium: offline, typeset, described, and interactive."""

import re

import nabla
import numpy as np
import pytest
from nabla.examples import POINT, X_TWO_POINTS, Y_TWO_POINTS, hill, hill_gradient
from nabla.figures.common import MINUS

from .conftest import MOUNTED, PAGES

pytestmark = pytest.mark.browser


def _slices(ds):
    x = np.array([float(ds["x1"]), float(ds["x2"])])
    return [hill(x), nabla.partial(hill, x, 0), nabla.partial(hill, x, 1)]


def _quotients(ds):
    x, h = POINT, 10.0 ** float(ds["h"])
    forward = nabla.partial(hill, x, 1, h=h, method="forward")
    central = nabla.partial(hill, x, 1, h=h, method="central")
    exact = hill_gradient(x)[1]
    return [h, forward, abs(forward - exact), central, abs(central - exact)]


def _descent(ds):
    x = np.array([float(ds["x1"]), float(ds["x2"])])
    grad = nabla.gradient(hill, x)
    down = nabla.steepest_descent_direction(grad)
    return [hill(x), grad[0], grad[1], np.linalg.norm(grad), down[0], down[1]]


def _turning(ds):
    x = POINT
    grad = nabla.gradient(hill, x)
    u = nabla.direction_at_angle(grad, float(ds["theta"]))
    angle = nabla.angle_between(u, grad)
    cosine = np.linalg.norm(grad) * np.cos(np.radians(angle))
    return [u[0], u[1], angle, nabla.directional_derivative(hill, x, u), grad @ u, cosine]


def _descent_run(ds):
    """The text's run: X = [[1, 1], [1, 2]], y = (2, 5), from (0, 0) at the chosen lr."""
    X, y = X_TWO_POINTS, Y_TWO_POINTS
    lr, steps = float(ds["lr"]), int(ds["steps"])
    run = nabla.gradient_descent(
        lambda w: nabla.least_squares_gradient(w, X, y), [0.0, 0.0], lr=lr, n_iter=steps
    )
    w = run.x
    worst = nabla.quadratic_spectrum(X.T @ X).contraction(lr)
    return [
        run.n_iter,
        w[0],
        w[1],
        nabla.least_squares_loss(w, X, y),
        np.linalg.norm(w - nabla.normal_equations(X, y)),
        worst,
    ]


def _level_point(ds):
    """Chapter 4: at the dragged point, the chord across radius 0.001 and the level f + 0.5."""
    from nabla.crossings import level_chord

    x = np.array([float(ds["x1"]), float(ds["x2"])])
    grad = nabla.gradient(hill, x)
    chord = level_chord(hill, x, 0.001)
    spacing = nabla.contour_spacing(hill, x, 0.5)
    return [
        hill(x),
        np.linalg.norm(grad),
        nabla.angle_between(grad, chord),
        spacing.measured,
        spacing.predicted,
        abs(spacing.predicted - spacing.measured) / spacing.measured,
    ]


def _least_squares(ds):
    """Chapter 5: the loss, residuals, gradient and one step of size 0.1 at the dragged w."""
    w = np.array([float(ds["w1"]), float(ds["w2"])])
    r = nabla.residual(w, X_TWO_POINTS, Y_TWO_POINTS)
    grad = nabla.least_squares_gradient(w, X_TWO_POINTS, Y_TWO_POINTS)
    step = w - 0.1 * grad
    loss = nabla.least_squares_loss(w, X_TWO_POINTS, Y_TWO_POINTS)
    return [loss, r[0], r[1], grad[0], grad[1], step[0], step[1]]


# Title prefix of each interactive figure -> the readout nabla gives for its inputs.
EXPECTED = {
    "Two slices through a point": _slices,
    "A level curve, its tangent, the gradient": _level_point,
    "The least-squares loss over w": _least_squares,
    "The difference quotient for": _quotients,
    "Gradient descent on the least-squares loss": _descent_run,
    "The gradient and the steepest-descent direction": _descent,
    "Turning a unit vector u at": _turning,
}


@pytest.mark.site  # each chapter's drag test below loads its page clean on every run
@pytest.mark.parametrize("path", PAGES)
def test_page_is_self_contained_and_clean(opened, path):
    page, seen = opened(path)
    assert seen["outside"] == [], "requests left the local server"
    assert seen["errors"] == []
    raw = page.evaluate(
        "() => [...document.querySelectorAll('.math')]"
        ".filter(m => !m.querySelector('mjx-container')).map(m => m.textContent)"
    )
    assert raw == [], f"maths left as raw TeX: {raw[:3]}"
    text = page.inner_text("main")
    assert not re.search(r"\$\$|\\\(|\\\[|\\frac", text), "raw TeX in the page text"
    for img in page.query_selector_all("main img"):  # the theme's icons name themselves
        alt = (img.get_attribute("alt") or "").strip()
        assert re.search(r"[A-Za-z]{3}", alt), f"image without alt text: {alt!r}"
    for img in page.query_selector_all("article img"):  # figures describe what they show
        alt = (img.get_attribute("alt") or "").strip()
        assert len(alt.split()) >= 8, f"figure without a real description: {alt!r}"
        assert re.search(r"\d", alt), f"figure alt text states no numbers: {alt!r}"
    for fig in page.query_selector_all("main svg[role=img]:not([aria-hidden=true])"):
        labelled = fig.get_attribute("aria-labelledby") or fig.get_attribute("aria-label")
        assert labelled, "a drawing without a name"
    assert page.evaluate(MOUNTED), "a widget did not mount"


def test_search_finds_pages_and_warns_of_nothing_unknown(opened):
    page, seen = opened("search.html?q=gradient")
    page.wait_for_selector("#search-results li", timeout=10000)
    page.wait_for_function(
        "() => !document.querySelector('#search-progress')?.textContent.startsWith('Preparing')"
    )
    assert page.locator("#search-results li").count() > 5
    assert seen["errors"] == []


def _readout(explorer):
    return explorer.evaluate(
        "el => [...el.querySelectorAll('dd')].map(d => [d.textContent, Number(d.dataset.value)])"
    )


def _drag(page, explorer):
    """Drag the point on a draggable panel, else the first slider; return nothing."""
    area = explorer.locator("svg.draggable")
    if area.count():
        box = area.first.bounding_box()
        start = (box["x"] + 0.3 * box["width"], box["y"] + 0.6 * box["height"])
        end = (box["x"] + 0.75 * box["width"], box["y"] + 0.35 * box["height"])
    else:
        box = explorer.locator("input[type=range]").first.bounding_box()
        y = box["y"] + box["height"] / 2
        start, end = (box["x"] + 0.5 * box["width"], y), (box["x"] + 0.15 * box["width"], y)
    page.mouse.move(*start)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(
            start[0] + (end[0] - start[0]) * k / 10, start[1] + (end[1] - start[1]) * k / 10
        )
    page.mouse.up()


def _check_readout(explorer, expected):
    for (text, value), want in zip(_readout(explorer), expected, strict=True):
        assert value == pytest.approx(want, rel=1e-12, abs=1e-300)
        text = text.replace(MINUS, "-")  # readouts write minus signs, exponents' too
        shown = float(text)
        digits = text.split("e")[0].partition(".")[2]
        scale = 10.0 ** int(text.split("e")[1]) if "e" in text else 1.0
        assert abs(shown - want) <= 0.51 * 10.0 ** -len(digits) * scale


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapters/")])
def test_interactive_figures_follow_a_drag(opened, path, record_property):
    page, seen = opened(path)
    assert (seen["outside"], seen["errors"]) == ([], []), "requests elsewhere, or errors"
    assert page.evaluate(MOUNTED), "a widget did not mount"
    for k in range(page.locator(".nabla-explorer").count()):
        explorer = page.locator(".nabla-explorer").nth(k)
        explorer.scroll_into_view_if_needed()
        title = explorer.get_attribute("data-nabla-explorer")
        rule = next((f for prefix, f in EXPECTED.items() if title.startswith(prefix)), None)
        assert rule is not None, f"no expected values registered for {title!r}"
        before = (explorer.inner_html(), _readout(explorer))
        _check_readout(explorer, rule(explorer.evaluate("el => ({...el.dataset})")))
        page.evaluate("() => { window.__nablaTimings = []; }")
        _drag(page, explorer)
        after = (explorer.inner_html(), _readout(explorer))
        assert after[0] != before[0], f"{title}: the drawing did not change"
        assert after[1] != before[1], f"{title}: the numbers did not change"
        _check_readout(explorer, rule(explorer.evaluate("el => ({...el.dataset})")))
        times = page.evaluate("() => window.__nablaTimings")
        assert times, f"{title}: no redraw was timed"
        record_property("redraw_ms", (title, times))
