"""Chapter 1's figures: the slices and the step explorer report the numbers they draw."""

import numpy as np
import pytest
from nabla.examples import POINT, hill, hill_gradient
from nabla.figures import partial_derivatives


def test_slice_frames_report_the_partials():
    for a, b in [(1.0, 2.0), (-0.75, 0.5), (3.0, 0.0)]:
        frame = partial_derivatives.slice_frame(a, b)
        x = np.array([a, b])
        values = [value for _, value in frame["readout"]]
        assert values[0] == hill(x)
        np.testing.assert_allclose(values[1:], hill_gradient(x), rtol=1e-9, atol=1e-9)
        tangent = next(layer for layer in frame["layers"] if layer["panel"] == "along1")
        assert tangent["points"] == f"x2={b:g}"  # the shared slice of the row b


def test_step_frame_errors_are_the_quotients_error():
    h, i = 1e-3, 1
    frame = partial_derivatives.step_frame(h, POINT, i, 15.0)
    up, down = hill(POINT + np.array([0.0, h])), hill(POINT - np.array([0.0, h]))
    forward = (up - hill(POINT)) / h  # by hand: 15 + 3 x2 h + h^2 = 15.006001
    central = (up - down) / (2 * h)  # by hand: 15 + h^2 = 15.000001
    _, fwd, fwd_err, cen, cen_err = (value for _, value in frame["readout"])
    assert fwd == pytest.approx(forward, rel=1e-12)
    assert fwd_err == pytest.approx(0.006001, rel=1e-6)
    assert cen == pytest.approx(central, rel=1e-12)
    assert cen_err == pytest.approx(1e-6, rel=1e-3)


def test_explorers_open_on_the_worked_point():
    slices = partial_derivatives.slice_explorer()
    controls = slices.spec["controls"]
    positions = np.unravel_index(slices.index, [len(c["values"]) for c in controls])
    assert [c["values"][k] for c, k in zip(controls, positions, strict=True)] == POINT.tolist()
    steps = partial_derivatives.step_explorer()
    assert steps.spec["controls"][0]["values"][steps.index] == -2.0  # h = 1e-2
    assert "(1, 2)" in steps.spec["title"]


def test_a_tiny_step_is_said_in_words_not_e_notation():
    """10**-1.87 = 0.01349 and 10**-9.5 = 3.162e-10, to 3 digits, the minus sign a true one."""
    steps = partial_derivatives.step_explorer()
    said = [steps.live_frame([e])["spoken"][0] for e in (-1.87, -9.5, -15.0)]
    minus = "\N{MINUS SIGN}"
    assert said == [
        "h = 0.0135",
        f"h = 3.16 times 10 to the {minus}10",
        f"h = 1 times 10 to the {minus}15",
    ]
