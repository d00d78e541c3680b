"""Chapter 6's figures: every frame's readout against nabla, clipping, simplification, weight."""

import itertools
import json
import re

import nabla
import numpy as np
import pytest
from nabla.examples import X_TWO_POINTS as X
from nabla.examples import Y_TWO_POINTS as Y
from nabla.figures import descent
from nabla.figures.common import MINUS


@pytest.fixture(scope="module")
def explorer():
    return descent.descent_explorer()


def test_every_frame_reports_nabla_numbers(explorer):
    spectrum = nabla.quadratic_spectrum(X.T @ X)
    for k, lr in enumerate(descent.LRS):
        for j, steps in enumerate(descent.STEPS):
            frame = explorer.frames[explorer.frame_index(k, j)]
            run = nabla.gradient_descent(
                lambda w: X.T @ (X @ w - Y), [0.0, 0.0], lr=lr, n_iter=steps
            )
            w = run.path[-1]
            want = [
                run.n_iter,
                w[0],
                w[1],
                0.5 * np.sum((X @ w - Y) ** 2),
                np.linalg.norm(w - [-1.0, 3.0]),
                spectrum.contraction(lr),
            ]
            values = [value for _, value in frame["readout"]]
            np.testing.assert_allclose(values, want, rtol=1e-9, atol=1e-12)
            for text, value in frame["readout"]:
                assert float(text.replace(MINUS, "-")) == pytest.approx(value, rel=1e-3, abs=1e-4)


def test_opens_on_the_text_run(explorer):
    frame = explorer.frames[explorer.index]
    assert frame["readout"][0] == ["10", 10]
    assert frame["readout"][1][0] == "0.7830"
    assert frame["readout"][2][0] == "1.8981"
    assert "lr = 0.1, 10 steps" in frame["alt"]


def test_divergence_is_drawn_as_divergence(explorer):
    last = len(descent.STEPS) - 1
    for k, lr in enumerate(descent.LRS):
        frame = explorer.frames[explorer.frame_index(k, last)]
        kinds = {(layer["panel"], layer["type"]) for layer in frame["layers"]}
        texts = " ".join(layer["text"] for layer in frame["layers"] if layer["type"] == "text")
        if lr > descent.SPECTRUM.max_stable_lr * (1 + 1e-9):
            assert ("path", "arrow") in kinds  # the path leaves the plot
            assert ("loss", "arrow") in kinds  # the loss climbs off the top
            assert "diverg" in texts
        else:
            assert ("path", "arrow") not in kinds
            assert "diverg" not in texts
    stopped = explorer.frames[explorer.frame_index(descent.LRS.index(0.4), last)]
    assert stopped["readout"][0][1] < descent.STEPS[-1]
    assert "stopped" in stopped["alt"]


def test_all_drawn_points_are_finite_and_inside(explorer):
    boxes = {
        "path": (descent.PATH_X, descent.PATH_Y),
        "loss": ((0, descent.STEPS[-1]), tuple(np.log10(descent.LOSS_Y))),
    }
    tol = 1e-3
    for frame in explorer.frames:
        for layer in frame["layers"]:
            if layer["type"] in ("line", "arrow") and not isinstance(layer["points"], str):
                (x0, x1), (y0, y1) = boxes[layer["panel"]]
                pts = np.array(layer["points"])
                assert np.all(np.isfinite(pts))
                assert np.all((pts[:, 0] >= x0 - tol) & (pts[:, 0] <= x1 + tol))
                assert np.all((pts[:, 1] >= y0 - tol) & (pts[:, 1] <= y1 + tol))


def test_until_exit_stops_where_the_polyline_first_leaves():
    box = ((0.0, 1.0), (0.0, 1.0))
    shown, left = descent.until_exit([[0.5, 0.5], [0.5, 0.9], [0.5, 3.0], [0.5, 0.5]], box)
    assert left
    np.testing.assert_array_equal(shown, [[0.5, 0.5], [0.5, 0.9], [0.5, 1.0]])
    shown, left = descent.until_exit([[0.2, 0.2], [0.8, 0.8]], box)
    assert not left
    np.testing.assert_array_equal(shown, [[0.2, 0.2], [0.8, 0.8]])
    shown, _ = descent.until_exit([[0.5, 0.5], [-1.5, 0.5]], box)  # leaves on the left
    np.testing.assert_array_equal(shown[-1], [0.0, 0.5])


def test_simplify_keeps_ends_and_stays_within_tolerance():
    t = np.linspace(0, 1, 400)
    line = np.column_stack([t, 2 * t])  # straight: only the ends remain
    np.testing.assert_array_equal(descent._simplify(line, (100, 100)), [0, 399])
    zigzag = np.column_stack([t, 0.05 * (-1) ** np.arange(400)])  # 10 px swings: all kept
    assert len(descent._simplify(zigzag, (100, 100))) == 400
    curve = np.column_stack([t, np.sin(6 * t)])
    keep = descent._simplify(curve, (200, 200), tol=0.4)
    assert keep[0] == 0
    assert keep[-1] == 399
    pixels = curve * 200
    for a, b in itertools.pairwise(keep):  # each dropped point near its chord
        d = pixels[b] - pixels[a]
        rest = pixels[a:b] - pixels[a]
        gap = np.abs(d[0] * rest[:, 1] - d[1] * rest[:, 0]) / np.hypot(*d)
        assert gap.max() <= 0.4 + 1e-9


def test_state_stays_light(explorer):
    size = len(json.dumps(explorer.spec)) + len(json.dumps(explorer.frames))
    assert size < 300_000


@pytest.mark.parametrize("make", [descent.ten_steps_figure, descent.rates_figure])
def test_static_figures_state_their_numbers(make):
    image = make()
    assert image.png.startswith(b"\x89PNG")
    assert len(image.png) < 40_000
    numbers = re.findall(r"-?\d+\.\d+", image.alt)
    assert len(numbers) >= 4
    if make is descent.ten_steps_figure:
        assert "(0.783, 1.898)" in image.alt
        assert "0.1 after 218 steps" in image.alt
        assert "1e\N{MINUS SIGN}06 after 352 steps" in image.alt
    else:
        assert "0.2918" in image.alt
        assert "0.2857" in image.alt
        assert "0.9583" in image.alt
