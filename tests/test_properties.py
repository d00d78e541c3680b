"""Properties that hold for every input, checked on inputs hypothesis draws.

Reference answers are analytic: a quadratic 1/2 x^T A x + b^T x (A symmetric) has gradient
Ax + b, and D_u f = grad f . u.
"""

import nabla
import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

SETTINGS = settings(derandomize=True, max_examples=50, deadline=None)
TOL = {"forward": 1e-6, "central": 1e-9, "complex": 1e-13}
coords = st.floats(-10, 10, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def quadratics(draw, max_n=6):
    n = draw(st.integers(1, max_n))
    M = draw(hnp.arrays(float, (n, n), elements=coords))
    b, x = (draw(hnp.arrays(float, n, elements=coords)) for _ in range(2))
    A = M + M.T

    def f(v):  # one point (n,) or a batch (m, n); real or complex
        return 0.5 * np.einsum("...i,ij,...j->...", v, A, v) + v @ b

    # every term of f and of its gradient is at most this big
    scale = (np.abs(A).max() * max(1.0, np.abs(x).max()) + np.abs(b).max() + 1) * n
    return f, A @ x + b, x, scale * max(1.0, np.abs(x).max())


@SETTINGS
@given(quadratics(), st.sampled_from(list(TOL)), st.booleans())
def test_quadratic_gradient_is_Ax_plus_b(problem, method, vectorized):
    f, exact, x, scale = problem
    g = nabla.gradient(f, x, method=method, vectorized=vectorized)
    assert g.shape == x.shape
    assert np.max(np.abs(g - exact)) <= TOL[method] * scale


@SETTINGS
@given(quadratics(), st.integers(0, 5))
def test_partial_is_component_of_Ax_plus_b(problem, i):
    f, exact, x, scale = problem
    i = i % x.size
    assert abs(nabla.partial(f, x, i) - exact[i]) <= TOL["central"] * scale


@SETTINGS
@given(quadratics(), hnp.arrays(float, 6, elements=coords))
def test_directional_derivative_is_largest_along_the_gradient(problem, v):
    f, g, x, scale = problem
    norm = np.linalg.norm(g)
    assume(x.size >= 2 and norm >= 1e-3 * scale)
    tol = 2 * TOL["central"] * scale
    along = nabla.unit_vector(g)
    assert abs(nabla.directional_derivative(f, x, along) - norm) <= tol
    assert abs(nabla.directional_derivative(f, x, -along) + norm) <= tol
    basis = nabla.tangent_basis(g)
    np.testing.assert_allclose(basis @ basis.T, np.eye(x.size - 1), atol=1e-12)
    for perpendicular in basis:
        assert abs(nabla.directional_derivative(f, x, perpendicular)) <= tol
    v = v[: x.size]
    assume(np.linalg.norm(v) > 1e-3)
    u = nabla.unit_vector(v)
    d = nabla.directional_derivative(f, x, u)
    assert abs(d - g @ u) <= tol  # D_u f = grad f . u = ||grad f|| cos(theta)
    assert d <= norm + tol


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
