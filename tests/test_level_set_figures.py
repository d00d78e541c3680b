"""Chapter 4's figures: what they draw and state comes from nabla, and right angles look right."""

import nabla
import numpy as np
import pytest
from nabla.crossings import level_chord
from nabla.examples import hill
from nabla.figures import level_sets
from nabla.figures.level_sets import PLOT_ASPECT, clip_polyline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ([[0.5, 0.5], [1.5, 1.5]], [[[0.5, 0.5], [1.5, 1.5]]]),  # inside: unchanged
        ([[-1.0, 1.0], [3.0, 1.0]], [[[0.0, 1.0], [2.0, 1.0]]]),  # through: cut at both edges
        ([[3.0, 3.0], [4.0, 3.0]], []),  # outside
        (
            [[1.0, 1.0], [3.0, 1.0], [3.0, 1.5], [1.0, 1.5]],
            [[[1.0, 1.0], [2.0, 1.0]], [[2.0, 1.5], [1.0, 1.5]]],
        ),
    ],
)
def test_clip_polyline(line, expected):
    pieces = clip_polyline(np.array(line), np.array([0.0, 0.0]), np.array([2.0, 2.0]))
    assert [p.tolist() for p in pieces] == expected


def test_explorer_panels_draw_one_unit_the_same_length_on_both_axes():
    assert (level_sets.X2_RANGE[1] - level_sets.X2_RANGE[0]) / 6.0 == pytest.approx(PLOT_ASPECT)
    assert PLOT_ASPECT == (240 - 24 - 38) / (300 - 46 - 10)  # the margins in explorer.js


def test_grid_avoids_the_critical_points():
    points = np.array([[a, b] for a in level_sets.X1 for b in level_sets.X2])
    for critical in (level_sets.MINIMUM, level_sets.SADDLE):
        assert np.linalg.norm(points - critical, axis=1).min() >= 0.09


def test_level_frame_reports_nabla():
    frame = level_sets.level_frame(0.75, 1.8)
    x = np.array([0.75, 1.8])
    grad = nabla.gradient(hill, x)
    spacing = nabla.contour_spacing(hill, x, level_sets.DC)
    expected = [
        hill(x),
        np.linalg.norm(grad),
        nabla.angle_between(grad, level_chord(hill, x, level_sets.CHORD_RADIUS)),
        spacing.measured,
        spacing.predicted,
        spacing.rel_error,
    ]
    assert [value for _, value in frame["readout"]] == pytest.approx(expected, rel=1e-15)
    assert float(frame["readout"][2][0]) == 90.0
    assert "0.0357" in frame["alt"]


def test_orthogonality_figure_states_the_angles_it_draws():
    image, angles = level_sets.orthogonality_figure(stretch=2.0)
    np.testing.assert_allclose(angles["left"], 90.0, atol=1e-9)
    assert angles["right"].min() < 60
    assert f"{angles['right'].min():.0f} to {angles['right'].max():.0f} degrees" in image.alt
    assert image.png.startswith(b"\x89PNG")
