"""Chapter 5's figures: the numbers they draw and state are nabla's, for the text's data."""

import nabla
import numpy as np
import pytest
from nabla.examples import X_TWO_POINTS, Y_TWO_POINTS
from nabla.figures import least_squares


def test_grid_holds_the_start_and_the_minimiser():
    assert 0.0 in least_squares.W1
    assert 0.0 in least_squares.W2
    assert -1.0 in least_squares.W1
    assert 3.0 in least_squares.W2


def test_frame_at_the_start_is_the_texts_first_step():
    frame = least_squares.loss_frame(0.0, 0.0)
    values = [value for _, value in frame["readout"]]
    assert values == pytest.approx([14.5, -2.0, -5.0, -7.0, -12.0, 0.7, 1.2], rel=1e-15)
    arrow = next(layer for layer in frame["layers"] if layer["type"] == "arrow")
    assert arrow["points"] == [[0.0, 0.0], [0.7, 1.2]]


def test_frame_at_the_minimiser_has_no_residual_and_no_step():
    frame = least_squares.loss_frame(-1.0, 3.0)
    assert [value for _, value in frame["readout"]] == [0.0, 0.0, 0.0, 0.0, 0.0, -1.0, 3.0]
    assert not [layer for layer in frame["layers"] if layer["type"] == "arrow"]
    assert [layer["cls"] for layer in frame["layers"] if layer["panel"] == "fit"] == ["curve"]


@pytest.mark.parametrize("w", [(-3.5, -0.5), (2.0, 3.5), (1.25, 0.75)])
def test_frames_stay_inside_their_panels(w):
    frame = least_squares.loss_frame(*w)
    boxes = {
        "loss": (least_squares.W1_RANGE, least_squares.W2_RANGE),
        "fit": (least_squares.LINE_X, least_squares.LINE_Y),
    }
    for layer in frame["layers"]:
        (x0, x1), (y0, y1) = boxes[layer["panel"]]
        for x, y in layer.get("points", [layer.get("at")]):
            assert x0 - 1e-9 <= x <= x1 + 1e-9
            assert y0 - 1e-9 <= y <= y1 + 1e-9


def test_fit_figure_numbers():
    image, numbers = least_squares.fit_figure()
    np.testing.assert_allclose(numbers["best"], np.linalg.lstsq(X_TWO_POINTS, Y_TWO_POINTS)[0])
    assert numbers["loss_start"] == 14.5
    assert numbers["angle"] == pytest.approx(90.0, abs=1e-4)
    assert "the gradient is (\N{MINUS SIGN}7, \N{MINUS SIGN}12)" in image.alt
    assert "(0.7, 1.2)" in image.alt


def test_contours_are_level_curves_of_the_loss():
    for level, lines in least_squares._contours(n=81).items():
        for line in lines:
            losses = [nabla.least_squares_loss(w, X_TWO_POINTS, Y_TWO_POINTS) for w in line]
            np.testing.assert_allclose(losses, level, rtol=0.02)
