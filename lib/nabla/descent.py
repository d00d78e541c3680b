"""Gradient descent with a fixed learning rate."""

from dataclasses import dataclass

import numpy as np

from nabla import _validate

DIVERGENCE_FACTOR = 1e12
"""By default a run counts as diverged once an iterate's norm passes
``DIVERGENCE_FACTOR * max(1, ||x0||)``."""


@dataclass(frozen=True)
class DescentResult:
    """The record of a :func:`gradient_descent` run.

    Attributes
    ----------
    x : ndarray, shape (n,)
        The last finite iterate.
    path : ndarray, shape (n_iter + 1, n)
        x_0, x_1, ..., x_{n_iter}; always finite.
    n_iter : int
        Steps taken.
    converged : bool
        The gradient norm at ``x`` fell to ``tol`` or below.
    diverged : bool
        The run stopped because the next iterate (or the gradient) was
        non-finite or its norm passed ``max_norm``.
    """

    x: np.ndarray
    path: np.ndarray
    n_iter: int
    converged: bool
    diverged: bool


def _checked_gradient(grad_f, x):
    try:
        g = np.asarray(grad_f(x.copy()), dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"grad_f must return an array of numbers: {exc}") from None
    if g.shape != x.shape:
        raise ValueError(f"grad_f must return shape {x.shape}, got {g.shape}")
    return g


def gradient_descent(grad_f, x0, *, lr, n_iter, tol=None, callback=None, max_norm=None):
    """Minimise by fixed steps x_{t+1} = x_t - lr * grad_f(x_t).

    Parameters
    ----------
    grad_f : callable
        ``grad_f(x) -> ndarray of shape (n,)``.
    x0 : array_like, shape (n,)
        The starting point.
    lr : float
        The learning rate (eta), finite and > 0.
    n_iter : int
        The most steps to take, >= 0.
    tol : float, optional
        Stop (converged) as soon as ||grad_f(x_t)|| <= tol.
    callback : callable, optional
        Called as ``callback(t, x_t)`` after each step t = 1, 2, ...
    max_norm : float, optional
        An iterate whose norm exceeds this counts as diverged. Default:
        ``DIVERGENCE_FACTOR * max(1, ||x0||)``, 1e12 times the start's size.

    Returns
    -------
    DescentResult

    Raises
    ------
    TypeError
        If grad_f or callback is not callable.
    ValueError
        If x0 is not a finite 1-D array, lr is not finite and > 0, n_iter
        < 0, tol <= 0, or grad_f returns the wrong shape.

    Examples
    --------
    >>> X, y = np.array([[1.0, 1.0], [1.0, 2.0]]), np.array([2.0, 5.0])
    >>> run = gradient_descent(lambda w: X.T @ (X @ w - y), [0.0, 0.0], lr=0.1, n_iter=1)
    >>> run.path
    array([[0. , 0. ],
           [0.7, 1.2]])
    """
    _validate.callable_arg(grad_f, "grad_f")
    if callback is not None:
        _validate.callable_arg(callback, "callback")
    x = _validate.vector(x0, "x0")
    lr = _validate.positive(lr, "lr")
    n_iter = _validate.count(n_iter, "n_iter")
    tol = None if tol is None else _validate.positive(tol, "tol")
    limit = DIVERGENCE_FACTOR * max(1.0, float(np.linalg.norm(x)))
    if max_norm is not None:
        limit = _validate.positive(max_norm, "max_norm")
    path, converged, diverged = [x], False, False
    for t in range(1, n_iter + 1):
        g = _checked_gradient(grad_f, x)
        if tol is not None and np.linalg.norm(g) <= tol:
            converged = True
            break
        with np.errstate(over="ignore", invalid="ignore"):
            step = x - lr * g
        if not np.all(np.isfinite(step)) or np.linalg.norm(step) > limit:
            diverged = True
            break
        x = step
        path.append(x)
        if callback is not None:
            callback(t, x)
    else:
        if tol is not None:
            converged = bool(np.linalg.norm(_checked_gradient(grad_f, x)) <= tol)
    return DescentResult(
        x=x, path=np.array(path), n_iter=len(path) - 1, converged=converged, diverged=diverged
    )
