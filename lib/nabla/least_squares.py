"""The least-squares loss f(w) = 1/2 ||Xw - y||^2, its gradient, its minimiser.

X has shape (m, n): m examples (rows), n features (columns); w has shape (n,)
and y shape (m,).
"""

import numpy as np

from nabla import _validate


def _problem(w, X, y):
    X = _validate.matrix(X, "X")
    m, n = X.shape
    y = _validate.vector(y, "y")
    if y.shape != (m,):
        raise ValueError(f"y must have shape ({m},) to match X of shape {X.shape}, got {y.shape}")
    if w is not None:
        w = _validate.vector(w, "w")
        if w.shape != (n,):
            raise ValueError(
                f"w must have shape ({n},) to match X of shape {X.shape}, got {w.shape}"
            )
    return w, X, y


def residual(w, X, y):
    """The residuals Xw - y, shape (m,).

    Examples
    --------
    >>> residual([0.0, 0.0], [[1.0, 1.0], [1.0, 2.0]], [2.0, 5.0])
    array([-2., -5.])
    """
    w, X, y = _problem(w, X, y)
    return X @ w - y


def least_squares_loss(w, X, y):
    """f(w) = 1/2 ||Xw - y||^2.

    Parameters
    ----------
    w : array_like, shape (n,)
    X : array_like, shape (m, n)
    y : array_like, shape (m,)

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is not finite or the shapes of w, X and y do not fit.

    Examples
    --------
    >>> least_squares_loss([0.0, 0.0], [[1.0, 1.0], [1.0, 2.0]], [2.0, 5.0])
    14.5
    """
    r = residual(w, X, y)
    return float(0.5 * r @ r)


def least_squares_gradient(w, X, y):
    """grad f(w) = X^T (Xw - y), shape (n,).

    Raises
    ------
    ValueError
        If an argument is not finite or the shapes of w, X and y do not fit.

    Examples
    --------
    >>> least_squares_gradient([0.0, 0.0], [[1.0, 1.0], [1.0, 2.0]], [2.0, 5.0])
    array([ -7., -12.])
    """
    w, X, y = _problem(w, X, y)
    return X.T @ (X @ w - y)


def normal_equations(X, y):
    """The minimiser w of 1/2 ||Xw - y||^2, solving X^T X w = X^T y.

    Parameters
    ----------
    X : array_like, shape (m, n)
    y : array_like, shape (m,)

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If X has rank below n: then X^T X is singular and infinitely many w
        fit equally well (``np.linalg.lstsq`` gives the one of least norm).

    Examples
    --------
    >>> normal_equations([[1.0, 1.0], [1.0, 2.0]], [2.0, 5.0])
    array([-1.,  3.])
    """
    _, X, y = _problem(None, X, y)
    rank = np.linalg.matrix_rank(X)
    if rank < X.shape[1]:
        raise ValueError(
            f"X has rank {rank} but {X.shape[1]} columns, so X^T X is singular and the "
            "least-squares w is not unique; use np.linalg.lstsq(X, y) for the "
            "minimum-norm solution"
        )
    return np.linalg.solve(X.T @ X, X.T @ y)
