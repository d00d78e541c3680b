"""Figures of chapter 2: every frame against nabla, geometry, weight and alt text."""

import json

import numpy as np
import pytest
from nabla.examples import HILL_MINIMUM, HILL_SADDLE, hill, hill_gradient
from nabla.figures import gradient
from nabla.figures.common import MINUS, PLOT_HEIGHT, PLOT_WIDTH
from nabla.figures.gradient import SCALE


@pytest.fixture(scope="module")
def descent():
    return gradient.descent_explorer()


def _panel(explorer, panel_id):
    return next(p for p in explorer.spec["panels"] if p["id"] == panel_id)


def _layers(frame, panel, kind):
    return [layer for layer in frame["layers"] if layer["panel"] == panel and layer["type"] == kind]


def _weight(explorer):
    return len(json.dumps({"spec": explorer.spec, "frames": explorer.frames}))


def test_descent_frames_show_nablas_numbers(descent):
    controls = descent.spec["controls"]
    points = [(a, b) for a in controls[0]["values"] for b in controls[1]["values"]]
    assert len(points) == len(descent.frames)
    for (a, b), frame in zip(points, descent.frames, strict=True):
        x = np.array([a, b])
        grad = hill_gradient(x)  # exact, an independent reference for the central differences
        down = -grad / np.linalg.norm(grad)
        values = [value for _, value in frame["readout"]]
        np.testing.assert_allclose(values[0], hill(x), rtol=1e-12)
        np.testing.assert_allclose(values[1:3], grad, rtol=1e-8, atol=1e-8)
        np.testing.assert_allclose(values[3], np.linalg.norm(grad), rtol=1e-8)
        np.testing.assert_allclose(values[4:], down, atol=1e-8)
        for text, value in frame["readout"]:
            assert float(text.replace(MINUS, "-")) == pytest.approx(
                value, abs=0.51 * 10.0 ** -len(text.split(".")[1])
            )
            assert text not in ("-0.000", "-0.0000")


def test_descent_grid_misses_the_stationary_points(descent):
    norms = [frame["readout"][3][1] for frame in descent.frames]
    assert min(norms) > 0.2
    controls = descent.spec["controls"]
    start = [
        v[i]
        for v, i in zip(
            [c["values"] for c in controls],
            np.unravel_index(descent.index, [len(c["values"]) for c in controls]),
            strict=True,
        )
    ]
    assert start == [1.0, 2.0]


def test_descent_arrows_have_the_stated_lengths_and_stay_on_the_map(descent):
    panel = _panel(descent, "map")
    (lo1, hi1), (lo2, hi2) = (
        (panel["x"]["min"], panel["x"]["max"]),
        (
            panel["y"]["min"],
            panel["y"]["max"],
        ),
    )
    assert PLOT_WIDTH / (hi1 - lo1) == pytest.approx(PLOT_HEIGHT / (hi2 - lo2), rel=1e-12)
    for frame in descent.frames:
        grad_arrow, down_arrow = _layers(frame, "map", "arrow")
        tail = np.array(grad_arrow["points"][0])
        grad = np.array([frame["readout"][1][1], frame["readout"][2][1]])
        np.testing.assert_allclose(grad_arrow["points"][1], tail + grad / SCALE, atol=1e-3)
        assert np.linalg.norm(np.subtract(*down_arrow["points"][::-1])) == pytest.approx(
            1.0, abs=1e-3
        )
        for arrow in (grad_arrow, down_arrow):
            for p in arrow["points"]:
                assert lo1 <= p[0] <= hi1
                assert lo2 <= p[1] <= hi2
    for layer in descent.spec["layers"]:
        if layer["type"] == "arrow":
            for p in layer["points"]:
                assert lo1 <= p[0] <= hi1
                assert lo2 <= p[1] <= hi2


def test_descent_profile_falls_with_slope_minus_the_norm(descent):
    for frame in descent.frames[::17]:
        curve, tangent = _layers(frame, "profile", "line")
        t, change = np.array(curve["points"]).T
        norm = frame["readout"][3][1]
        slope = (change[t > 0][0] - change[t < 0][-1]) / (t[t > 0][0] - t[t < 0][-1])
        assert slope == pytest.approx(-norm, rel=0.02, abs=0.05)
        (t0, y0), (t1, y1) = tangent["points"]
        assert (y1 - y0) / (t1 - t0) == pytest.approx(-norm, rel=6e-3)  # 3 figures kept


def test_explorer_stays_light(descent):
    assert _weight(descent) < 300_000


def test_field_figure_describes_its_numbers():
    image = gradient.gradient_field_figure({"minimum": HILL_MINIMUM, "saddle": HILL_SADDLE})
    assert image.png.startswith(b"\x89PNG")
    assert len(image.png) < 60_000
    for text in (f"minimum at ({MINUS}2.25, 1.5)", "saddle at (0, 0)", "1/30", f"f = {MINUS}1.69"):
        assert text in image.alt
    longest = max(
        np.linalg.norm(hill_gradient(p)) for p in gradient._grid((-3.5, 3.0), (-1.5, 3.0), 0.5)
    )
    assert f"‖∇f‖ = {longest:.1f}" in image.alt


def test_timing_figure_reports_the_fitted_slopes():
    n = np.array([8.0, 16.0, 32.0, 64.0])
    seconds = {"fast": 1e-6 * n**0.5, "slow": 3e-6 * n**1.5}
    image = gradient.timing_figure(n, seconds)
    for label, t in seconds.items():
        slope = np.polyfit(np.log(n), np.log(t), 1)[0]
        assert f"{label}, from" in image.alt
        assert f"fitted slope {slope:.2f}" in image.alt
