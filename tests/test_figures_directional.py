"""Figures of chapter 3: every frame of the turning explorer three ways, and the alt text."""

import json

import nabla
import numpy as np
import pytest
from nabla.examples import POINT, hill, hill_gradient
from nabla.figures import directional
from nabla.figures.common import MINUS, PLOT_HEIGHT, PLOT_WIDTH


@pytest.fixture(scope="module")
def turning():
    return directional.rotate_explorer()


def test_turning_frames_agree_three_ways(turning):
    grad = hill_gradient(POINT)
    thetas = turning.spec["controls"][0]["values"]
    for theta, frame in zip(thetas, turning.frames, strict=True):
        u1, u2, angle, quotient, dot, cosine = (value for _, value in frame["readout"])
        u = np.array([u1, u2])
        assert np.linalg.norm(u) == pytest.approx(1.0, abs=1e-12)
        turn = np.radians(theta)
        expected = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]]) @ (
            grad / 17
        )
        np.testing.assert_allclose(u, expected, atol=1e-9)
        assert angle == pytest.approx(abs(theta), abs=1e-6)
        for rate in (quotient, dot, cosine):
            assert rate == pytest.approx(grad @ u, abs=1e-7)


def test_turning_grid_stops_at_the_axes_and_at_the_special_angles(turning):
    thetas = np.array(turning.spec["controls"][0]["values"])
    for special in (0.0, 90.0, 180.0, -90.0, -180.0):
        assert special in thetas
    units = [np.array([value for _, value in frame["readout"][:2]]) for frame in turning.frames]
    for axis in np.eye(2):
        assert min(np.linalg.norm(u - axis) for u in units) < 1e-12
    assert turning.frames[turning.index]["readout"][3][0] == "8.0000"  # starts at u = e1


def test_direction_panel_draws_one_unit_the_same_length_on_both_axes(turning):
    panel = next(p for p in turning.spec["panels"] if p["id"] == "dir")
    width = panel["x"]["max"] - panel["x"]["min"]
    height = panel["y"]["max"] - panel["y"]["min"]
    assert PLOT_WIDTH / width == pytest.approx(PLOT_HEIGHT / height, rel=1e-12)


def test_explorer_stays_light(turning):
    assert len(json.dumps({"spec": turning.spec, "frames": turning.frames})) < 160_000


def test_directions_figure_describes_the_five_rates():
    image = directional.directions_figure()
    for rate in ("= 8.000", "= 15.000", "= 17.000", "= 0.000", f"= {MINUS}17.000"):
        assert rate in image.alt
    assert f"{MINUS}0.0" not in image.alt


def test_signed_angles_of_the_axes():
    grad = nabla.gradient(hill, POINT)
    e1, e2 = (directional._signed_angle(grad, e) for e in np.eye(2))
    assert e1 == pytest.approx(-np.degrees(np.arctan2(15, 8)), abs=1e-9)
    assert e2 == pytest.approx(90 - np.degrees(np.arctan2(15, 8)), abs=1e-9)
