"""The random test functions: exact gradients, a JSON round trip, and a bare f for the
student's code."""

import nabla
import numpy as np
import pytest
from nabla.grading import functions


def test_smooth_function_gradient_and_second_partial_are_exact():
    rng = np.random.default_rng(3)
    f = functions.SmoothFunction.draw(rng, 4)
    x = rng.uniform(-2, 2, 4)
    np.testing.assert_allclose(f.gradient(x), nabla.gradient(f, x), rtol=1e-8, atol=1e-8)
    for i in range(4):
        second = nabla.partial(lambda v, i=i: f.gradient(v)[i], x, i)
        assert abs(f.second_partial(x, i) - second) < 1e-6
        assert f.second_partial(x, i) >= 1.0  # large enough to show a truncation error


def test_quadratic_gradient_has_the_promised_eigenvalues():
    g = functions.QuadraticGradient.draw(np.random.default_rng(4), 3)
    assert np.all((g.eigenvalues >= 0.5) & (g.eigenvalues <= 5.0))
    np.testing.assert_allclose(g(np.linalg.solve(g.H, g.b)), 0.0, atol=1e-12)


def test_functions_survive_json_and_reach_the_student_bare():
    rng = np.random.default_rng(5)
    for f in (functions.SmoothFunction.draw(rng, 3), functions.QuadraticGradient.draw(rng, 3)):
        again = functions.from_json(f.to_json())
        x = rng.uniform(-1, 1, 3)
        np.testing.assert_array_equal(np.asarray(again(x)), np.asarray(f(x)))
        bare = functions.as_plain_function(again)
        np.testing.assert_array_equal(np.asarray(bare(x)), np.asarray(f(x)))
        assert not hasattr(bare, "gradient")


def test_an_unknown_family_is_refused():
    with pytest.raises(ValueError, match="must name a function family"):
        functions.from_json({"function": "cubic"})
