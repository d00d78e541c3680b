"""check_gradient's verdict: relative, scale-aware, and independent of the dimension."""

import nabla
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nabla.examples import POINT as P
from nabla.examples import hill, hill_gradient, rosenbrock, rosenbrock_gradient

from .quadratics import SETTINGS


def wrong_at(grad_f, i, rel):
    def wrong(x):
        g = np.array(grad_f(x), dtype=float)
        g[i] *= 1 + rel
        return g

    return wrong


def test_record_of_the_text_example():
    result = nabla.check_gradient(hill, hill_gradient, P)
    assert result.ok
    np.testing.assert_array_equal(result.analytic, [8.0, 15.0])
    np.testing.assert_allclose(result.numerical, [8.0, 15.0], rtol=1e-9)
    assert result.rel_errors.shape == (2,)
    assert result.max_rel_error == result.rel_errors.max() < 1e-9


def test_a_classic_slip_is_caught():
    """d/dx2 of x2^3 written as 2 x2^2: 3 + 8 = 11 instead of 15."""
    result = nabla.check_gradient(hill, lambda x: [8.0, 3 * x[0] + 2 * x[1] ** 2], P)
    assert not result.ok
    assert result.worst == 1
    assert result.max_rel_error == pytest.approx(4 / 15, rel=1e-8)
    assert result.rel_errors[0] < 1e-9


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_verdict_does_not_depend_on_units(scale):
    x = np.random.default_rng(0).uniform(-1, 1, 50)

    def f(v):
        return scale * rosenbrock(v)

    def grad_f(v):
        return scale * rosenbrock_gradient(v)

    assert nabla.check_gradient(f, grad_f, x).ok
    bad = nabla.check_gradient(f, wrong_at(grad_f, 7, 1e-4), x)
    assert not bad.ok
    assert bad.worst == 7


def test_correct_gradient_passes_at_n_1000():
    """scipy's check_grad reports an absolute 2-norm of about 0.05 here; the verdict is ok."""
    x = np.random.default_rng(1).uniform(-1, 1, 1000)
    result = nabla.check_gradient(rosenbrock, rosenbrock_gradient, x)
    assert result.ok
    assert result.max_rel_error < 1e-6
    assert np.linalg.norm(result.analytic - result.numerical) > 1e-6  # yet not tiny in 2-norm


def test_rtol_sets_the_line():
    slightly_off = wrong_at(hill_gradient, 0, 1e-6)
    assert nabla.check_gradient(hill, slightly_off, P).ok  # default rtol 1e-5
    strict = nabla.check_gradient(hill, slightly_off, P, rtol=1e-7)
    assert not strict.ok
    assert strict.worst == 0
    assert strict.max_rel_error == pytest.approx(1e-6, rel=1e-2)


def test_a_zero_component_is_judged_against_the_gradient_scale():
    """f = x1^2 + x2 at x1 = 0: df/dx1 = 0; rounding noise there must not fail the check."""

    def f(v):
        return v[0] ** 2 + 1e3 * v[1]

    noisy = nabla.check_gradient(f, lambda v: [1e-12, 1e3], [0.0, 1.0])
    assert noisy.ok
    wrong = nabla.check_gradient(f, lambda v: [1.0, 1e3], [0.0, 1.0])  # 1e-3 of the scale
    assert not wrong.ok
    assert wrong.worst == 0


def test_step_is_passed_through():
    """With h = 0.1 the central error in d/dx2 of x2^3 is h^2 = 0.01: a correct gradient fails."""
    result = nabla.check_gradient(hill, hill_gradient, P, h=0.1)
    assert not result.ok
    assert result.numerical[1] == pytest.approx(15.01, rel=1e-12)
    assert result.numerical[0] == pytest.approx(8.0, rel=1e-12)


def check_problem(seed, n=200):
    rng = np.random.default_rng(seed)
    M, b = rng.standard_normal((n, n)) / np.sqrt(n), rng.standard_normal(n)
    A = M @ M.T

    def f(v):
        return 0.5 * v @ A @ v + b @ v + np.sum(np.cos(v))

    def grad_f(v):
        return A @ v + b - np.sin(v)

    return f, grad_f, rng.uniform(-2, 2, n)


@SETTINGS
@given(st.integers(0, 2**32 - 1))
def test_check_gradient_passes_a_correct_gradient(seed):
    f, grad_f, x = check_problem(seed)
    result = nabla.check_gradient(f, grad_f, x)
    assert result.ok
    assert result.rel_errors.shape == (200,)
    g = grad_f(x)
    np.testing.assert_allclose(result.numerical, g, rtol=0, atol=1e-8 * np.abs(g).max())


@settings(derandomize=True, max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 199), st.sampled_from([-1e-4, 1e-4]))
def test_check_gradient_flags_one_wrong_coordinate(seed, i, rel):
    f, grad_f, x = check_problem(seed)
    g = grad_f(x)
    assume(abs(g[i]) >= 1e-2 * np.abs(g).max())

    def wrong(v):
        out = grad_f(v)
        out[i] *= 1 + rel
        return out

    result = nabla.check_gradient(f, wrong, x)
    assert not result.ok
    assert result.worst == i
    assert 0.9e-4 <= result.max_rel_error <= 1.1e-4
    assert np.flatnonzero(result.rel_errors > 1e-5).tolist() == [i]  # 1e-5: the default rtol
