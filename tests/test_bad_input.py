"""Every bad argument fails with the right exception and a message that names the argument."""

import re

import nabla
import numpy as np
import pytest
from nabla.examples import X_TWO_POINTS as X
from nabla.examples import Y_TWO_POINTS as Y
from nabla.examples import hill

P = [1.0, 2.0]


def sphere(v):
    return np.sum(np.asarray(v) ** 2, axis=-1)


def nan_beyond_x1_2(v):  # finite at (1, 2), NaN once x[1] moves above 2
    return np.where(np.asarray(v)[..., 1] > 2, np.nan, 0.0)


def always_inf(v):
    return np.full(np.shape(v)[:-1], np.inf)


def ls_grad(w):
    return nabla.least_squares_gradient(w, X, Y)


def gd(grad_f=ls_grad, x0=(0.0, 0.0), **kw):
    return lambda: nabla.gradient_descent(grad_f, list(x0), **{"lr": 0.1, "n_iter": 3, **kw})


ALL_METHODS = [{"method": m, "vectorized": v} for m in ("forward", "central") for v in (0, 1)]
TYPE_ERRORS = {
    "gradient f": (lambda: nabla.gradient("hill", P), "f"),
    "partial f": (lambda: nabla.partial(None, P, 0), "f"),
    "directional f": (lambda: nabla.directional_derivative(3, P, [1.0, 0.0]), "f"),
    "check f": (lambda: nabla.check_gradient(1, nabla.examples.hill_gradient, P), "f"),
    "check grad_f": (lambda: nabla.check_gradient(hill, [8.0, 15.0], P), "grad_f"),
    "descent grad_f": (gd(grad_f=[1.0, 1.0]), "grad_f"),
    "descent callback": (gd(callback="print"), "callback"),
    "tangent f": (lambda: nabla.tangent(2.0, P), "f"),
    "tangent grad_f": (lambda: nabla.tangent(hill, P, grad_f=np.ones(2)), "grad_f"),
    "level_curve f": (lambda: nabla.level_curve(0, P, step=0.1, n_points=3), "f"),
    "project f": (lambda: nabla.project_to_level(0, P, 1.0), "f"),
    "spacing grad_f": (lambda: nabla.contour_spacing(hill, P, 0.1, grad_f=1), "grad_f"),
}
VALUE_ERRORS = {
    "x 2-D": (lambda: nabla.gradient(hill, [P]), "x"),
    "x scalar": (lambda: nabla.gradient(hill, 1.0), "x"),
    "x empty": (lambda: nabla.gradient(hill, []), "x"),
    "x nan": (lambda: nabla.gradient(hill, [1.0, np.nan]), r"x\[1\]"),
    "x inf": (lambda: nabla.partial(hill, [np.inf, 2.0], 1), r"x\[0\]"),
    "x text": (lambda: nabla.gradient(hill, ["1", "two"]), "x"),
    "x complex": (lambda: nabla.gradient(hill, [1j, 2.0]), "x"),
    "x ragged": (lambda: nabla.gradient(hill, [[1.0, 2.0], [3.0]]), "x"),
    "x0 nan": (gd(x0=[np.nan, 0.0]), "x0"),
    "u 2-D": (lambda: nabla.directional_derivative(hill, P, [[1.0, 0.0]]), "u"),
    "u shape": (lambda: nabla.directional_derivative(hill, P, [1.0, 0.0, 0.0]), "u"),
    "f vector": (lambda: nabla.gradient(lambda v: v, P), "f"),
    "f text": (lambda: nabla.gradient(lambda v: "one", P), "f"),
    "f complex": (lambda: nabla.gradient(lambda v: v[0] + 1j, P), "f"),
    "f batch shape": (lambda: nabla.gradient(lambda v: 1.0, P, vectorized=True), "f"),
    "f batch complex": (lambda: nabla.gradient(lambda v: v[:, 0] * 1j, P, vectorized=True), "f"),
    "f batch object": (lambda: nabla.gradient(lambda v: [None] * len(v), P, vectorized=1), "f"),
    "h zero": (lambda: nabla.gradient(hill, P, h=0.0), "h"),
    "h negative": (lambda: nabla.partial(hill, P, 0, h=-1e-6), "h"),
    "h one negative": (lambda: nabla.gradient(hill, P, h=[1e-6, -1e-6]), "h"),
    "h nan": (lambda: nabla.gradient(hill, P, h=np.nan), "h"),
    "h inf": (lambda: nabla.gradient(hill, P, h=np.inf, vectorized=True), "h"),
    "h shape": (lambda: nabla.gradient(hill, P, h=[1e-6] * 3), "h"),
    "h text": (lambda: nabla.gradient(hill, P, h="small"), "h"),
    "h lost in x": (lambda: nabla.gradient(hill, [1.0, 1e10], h=1e-8), r"x\[1\]"),
    "h lost in x batch": (
        lambda: nabla.gradient(hill, [1.0, 1e10], h=1e-8, vectorized=True, method="forward"),
        "h",
    ),
    "directional h": (lambda: nabla.directional_derivative(hill, P, [1.0, 0.0], h=0), "h"),
    "directional h shape": (
        lambda: nabla.directional_derivative(hill, P, [1.0, 0.0], h=[1e-6, 1e-6]),
        "h",
    ),
    "method": (lambda: nabla.gradient(hill, P, method="backward"), "method"),
    "partial method": (lambda: nabla.partial(hill, P, 0, method="Central"), "method"),
    "directional method": (
        lambda: nabla.directional_derivative(hill, P, [1.0, 0.0], method="5-point"),
        "method",
    ),
    "i too big": (lambda: nabla.partial(hill, P, 2), "i"),
    "i negative": (lambda: nabla.partial(hill, P, -1), "i"),
    "i float": (lambda: nabla.partial(hill, P, 1.0), "i"),
    "zero vector": (lambda: nabla.unit_vector([0.0, 0.0]), "v"),
    "zero gradient": (lambda: nabla.steepest_descent_direction([0.0, 0.0]), "grad"),
    "lr zero": (gd(lr=0), "lr"),
    "lr negative": (gd(lr=-0.1), "lr"),
    "lr inf": (gd(lr=np.inf), "lr"),
    "lr nan": (gd(lr=np.nan), "lr"),
    "lr bool": (gd(lr=True), "lr"),
    "lr text": (gd(lr="0.1"), "lr"),
    "n_iter negative": (gd(n_iter=-1), "n_iter"),
    "n_iter float": (gd(n_iter=10.0), "n_iter"),
    "n_iter bool": (gd(n_iter=True), "n_iter"),
    "tol zero": (gd(tol=0.0), "tol"),
    "tol negative": (gd(tol=-1e-6), "tol"),
    "grad_f shape": (gd(grad_f=lambda w: w[:1]), "grad_f"),
    "grad_f scalar": (gd(grad_f=lambda w: 1.0), "grad_f"),
    "grad_f text": (gd(grad_f=lambda w: "down"), "grad_f"),
    "check grad_f shape": (lambda: nabla.check_gradient(hill, lambda v: v[:1], P), "grad_f"),
    "check grad_f nan": (lambda: nabla.check_gradient(hill, lambda v: v * np.nan, P), "grad_f"),
    "w shape": (lambda: nabla.least_squares_loss([1.0, 2.0, 3.0], X, Y), "w"),
    "w shape gradient": (lambda: nabla.least_squares_gradient([1.0], X, Y), "w"),
    "y shape": (lambda: nabla.least_squares_gradient(P, X, [1.0, 2.0, 3.0]), "y"),
    "y shape normal": (lambda: nabla.normal_equations(X, [2.0]), "y"),
    "X 1-D": (lambda: nabla.least_squares_loss(P, [1.0, 2.0], Y), "X"),
    "X nan": (lambda: nabla.normal_equations([[1.0, np.nan], [1.0, 2.0]], Y), "X"),
    "rank deficient": (lambda: nabla.normal_equations([[1.0, 2.0], [2.0, 4.0]], Y), "X"),
    "wide X": (lambda: nabla.normal_equations([[1.0, 2.0, 3.0]], [1.0]), "X"),
    "H not square": (lambda: nabla.quadratic_spectrum([[1.0, 2.0, 3.0], [2.0, 5.0, 1.0]]), "H"),
    "H not symmetric": (lambda: nabla.quadratic_spectrum([[2.0, 3.0], [2.9, 5.0]]), "H"),
    "H indefinite": (lambda: nabla.quadratic_spectrum([[1.0, 2.0], [2.0, 1.0]]), "H"),
    "H singular": (lambda: nabla.quadratic_spectrum([[1.0, 1.0], [1.0, 1.0]]), "H"),
    "lr contraction": (lambda: nabla.quadratic_spectrum(np.eye(2)).contraction(0.0), "lr"),
    "c nan": (lambda: nabla.project_to_level(sphere, P, np.nan), "c"),
    "dc zero": (lambda: nabla.contour_spacing(sphere, P, 0.0), "dc"),
    "dc text": (lambda: nabla.contour_spacing(sphere, P, "0.1"), "dc"),
    "step zero": (lambda: nabla.level_curve(sphere, P, step=0.0, n_points=3), "step"),
    "level curve in 3-D": (lambda: nabla.tangent(sphere, [1.0, 2.0, 3.0]), "x"),
}


def raises_naming(exc, call, name):
    with pytest.raises(exc) as info:
        call()
    assert re.search(rf"(?<![\w.]){name}(?!\w)", str(info.value)), str(info.value)
    return str(info.value)


@pytest.mark.parametrize(("call", "name"), TYPE_ERRORS.values(), ids=TYPE_ERRORS)
def test_not_callable(call, name):
    assert "callable" in raises_naming(TypeError, call, name)


@pytest.mark.parametrize(("call", "name"), VALUE_ERRORS.values(), ids=VALUE_ERRORS)
def test_bad_value(call, name):
    raises_naming(ValueError, call, name)


@pytest.mark.parametrize("kw", ALL_METHODS, ids=lambda kw: f"{kw['method']}-{kw['vectorized']}")
def test_non_finite_f_names_the_coordinate(kw):
    message = raises_naming(ValueError, lambda: nabla.gradient(nan_beyond_x1_2, P, **kw), "f")
    assert "x[1]" in message
    assert "x[0]" not in message


def nan_when_x1_is_complex(v):  # the complex step moves x[1] off the real axis
    return np.where(np.imag(np.asarray(v)[..., 1]) != 0, np.nan, 0.0)


@pytest.mark.parametrize("vectorized", [False, True])
def test_non_finite_f_names_the_coordinate_complex_step(vectorized):
    def call():
        return nabla.gradient(nan_when_x1_is_complex, P, method="complex", vectorized=vectorized)

    message = raises_naming(ValueError, call, "f")
    assert "x[1]" in message
    assert "x[0]" not in message


@pytest.mark.parametrize("vectorized", [False, True])
def test_non_finite_f_at_x_itself(vectorized):
    def call():
        return nabla.gradient(always_inf, P, method="forward", vectorized=vectorized)

    assert "at x;" in raises_naming(ValueError, call, "f")


def test_non_finite_along_u():
    message = raises_naming(
        ValueError, lambda: nabla.directional_derivative(nan_beyond_x1_2, P, [0.0, 1.0]), "u"
    )
    assert "x[0]" not in message


def test_u_not_unit_says_how_to_normalise():
    message = raises_naming(
        ValueError, lambda: nabla.directional_derivative(hill, P, [8.0, 15.0]), "u"
    )
    assert "17" in message  # its norm
    assert "np.linalg.norm(u)" in message


def test_rank_deficient_normal_equations_never_nan():
    # X^T X = [[5, 10], [10, 20]] is exactly singular: solving it would give inf/NaN or garbage.
    with pytest.raises(ValueError, match="rank 1"):
        nabla.normal_equations([[1.0, 2.0], [2.0, 4.0]], [1.0, 3.0])
