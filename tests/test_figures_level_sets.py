"""Chapter 4's figures: what they draw and state comes from nabla, and right angles look right."""

import nabla
import numpy as np
import pytest
from nabla.crossings import level_chord
from nabla.examples import HILL_MINIMUM, HILL_SADDLE, hill
from nabla.figures import level_sets
from nabla.figures.common import PLOT_HEIGHT, PLOT_WIDTH


def test_explorer_panels_draw_one_unit_the_same_length_on_both_axes():
    for (x0, x1), (y0, y1) in ((level_sets.X1_RANGE, level_sets.X2_RANGE), level_sets.ZOOM_BOX):
        assert PLOT_WIDTH / (x1 - x0) == pytest.approx(
            PLOT_HEIGHT / (y1 - y0), rel=1e-12
        )  # px/unit


def test_grid_avoids_the_critical_points():
    points = np.array([[a, b] for a in level_sets.X1 for b in level_sets.X2])
    for critical in (HILL_MINIMUM, HILL_SADDLE):
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
    line = np.minimum(angles["right"], 180 - angles["right"])  # arrow against a line
    assert line.max() < 90 < angles["right"].max()
    assert (
        f"{line.min():.0f} to {line.max():.0f} degrees between arrow and tangent line" in image.alt
    )
    assert image.png.startswith(b"\x89PNG")
