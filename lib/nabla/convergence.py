"""How far gradient descent is from the minimiser: measured on a path, predicted mode by mode.

On a quadratic loss f(w) = 1/2 w^T H w - b^T w with minimiser w* (for least
squares H = X^T X), one step w <- w - lr grad f(w) maps the error e = w - w* to
(I - lr H) e. Write the first error in the orthonormal eigenvectors v_i of H,
e_0 = sum_i c_i v_i. Then, with no step taken,

    w_t - w* = sum_i c_i (1 - lr lambda_i)^t v_i,
    ||w_t - w*||^2 = sum_i c_i^2 (1 - lr lambda_i)^(2 t).

:func:`error_modes` computes the c_i, and :class:`ErrorModes` predicts iterates and
distances from them; :func:`distances` and :func:`first_within` measure a real
path, so the two can be compared.
"""

from dataclasses import dataclass

import numpy as np

from nabla import _validate
from nabla.quadratic import quadratic_spectrum

ZERO_ENTRY = 1e-12
"""Entries of a unit eigenvector at most this big count as 0 when choosing its sign."""


@dataclass(frozen=True)
class ErrorModes:
    """The first error w_0 - w* split along the eigenvectors of H.

    Attributes
    ----------
    eigenvalues : ndarray, shape (n,)
        lambda_1 <= ... <= lambda_n.
    eigenvectors : ndarray, shape (n, n)
        Column i is the unit eigenvector v_i of ``eigenvalues[i]``, signed so
        that its first nonzero entry is positive.
    components : ndarray, shape (n,)
        c_i = v_i . (w_0 - w*).
    minimiser : ndarray, shape (n,)
        w*.
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    components: np.ndarray
    minimiser: np.ndarray

    def _factors(self, lr, n_iter):
        lr = _validate.positive(lr, "lr")
        n_iter = _validate.count(n_iter, "n_iter")
        t = np.arange(n_iter + 1)[:, None]
        with np.errstate(over="ignore"):
            return self.components * (1.0 - lr * self.eigenvalues) ** t

    def iterates(self, lr, n_iter):
        """w_0, ..., w_{n_iter} of fixed-step descent, from the closed form.

        Parameters
        ----------
        lr : float
            The learning rate, finite and > 0.
        n_iter : int
            Steps, >= 0.

        Returns
        -------
        ndarray, shape (n_iter + 1, n)
            Entries may be ``inf`` when lr is unstable and n_iter large.

        Examples
        --------
        >>> modes = error_modes([[2.0, 3.0], [3.0, 5.0]], [0.0, 0.0], [-1.0, 3.0])
        >>> modes.iterates(0.1, 1).round(12) + 0.0  # + 0.0 turns -0.0 into 0.0
        array([[0. , 0. ],
               [0.7, 1.2]])
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return self.minimiser + self._factors(lr, n_iter) @ self.eigenvectors.T

    def distances(self, lr, n_iter):
        """||w_t - w*|| for t = 0, ..., n_iter, from the closed form.

        Parameters
        ----------
        lr : float
            The learning rate, finite and > 0.
        n_iter : int
            Steps, >= 0.

        Returns
        -------
        ndarray, shape (n_iter + 1,)

        Examples
        --------
        >>> modes = error_modes([[2.0, 0.0], [0.0, 1.0]], [1.0, 1.0], [0.0, 0.0])
        >>> modes.distances(0.5, 2)  # the modes shrink by 0 and 1/2 per step
        array([1.41421356, 0.5       , 0.25      ])
        """
        factors = self._factors(lr, n_iter)
        with np.errstate(over="ignore"):
            return np.sqrt(np.sum(factors**2, axis=1))


def error_modes(H, x0, x_star):
    """Split x0 - x_star along the eigenvectors of the symmetric positive-definite H.

    Parameters
    ----------
    H : array_like, shape (n, n)
        The Hessian of the quadratic loss (for least squares, X^T X).
    x0 : array_like, shape (n,)
        The starting point.
    x_star : array_like, shape (n,)
        The minimiser.

    Returns
    -------
    ErrorModes

    Raises
    ------
    ValueError
        If H is not square, symmetric and positive definite, or x0 and
        x_star are not finite vectors of length n.

    Examples
    --------
    >>> modes = error_modes([[2.0, 3.0], [3.0, 5.0]], [0.0, 0.0], [-1.0, 3.0])
    >>> modes.eigenvalues.round(4), modes.components.round(4)
    (array([0.1459, 6.8541]), array([ 2.4278, -2.0262]))
    """
    spectrum = quadratic_spectrum(H)  # validates H
    H = np.asarray(H, dtype=float)
    n = H.shape[0]
    x0 = _validate.vector(x0, "x0")
    x_star = _validate.vector(x_star, "x_star")
    for name, v in (("x0", x0), ("x_star", x_star)):
        if v.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},) to match H, got {v.shape}")
    _, vectors = np.linalg.eigh(H)
    first = vectors[np.argmax(np.abs(vectors) > ZERO_ENTRY, axis=0), np.arange(n)]
    vectors = vectors * np.where(first < 0, -1.0, 1.0)
    return ErrorModes(
        eigenvalues=spectrum.eigenvalues,
        eigenvectors=vectors,
        components=vectors.T @ (x0 - x_star),
        minimiser=x_star,
    )


def distances(path, target):
    """||x_t - target|| for each row x_t of a path.

    Parameters
    ----------
    path : array_like, shape (k, n)
        Iterates, for example ``gradient_descent(...).path``.
    target : array_like, shape (n,)

    Returns
    -------
    ndarray, shape (k,)

    Raises
    ------
    ValueError
        If path is not a finite 2-D array or target does not match its rows.

    Examples
    --------
    >>> distances([[0.0, 0.0], [3.0, 4.0]], [0.0, 0.0])
    array([0., 5.])
    """
    path = _validate.matrix(path, "path")
    target = _validate.vector(target, "target")
    if target.shape != path.shape[1:]:
        raise ValueError(f"target must have shape {path.shape[1:]}, got {target.shape}")
    return np.linalg.norm(path - target, axis=1)


def first_within(d, tol):
    """The first step t with d[t] <= tol, or None if there is none.

    Parameters
    ----------
    d : array_like, shape (k,)
        Distances (or losses) by step, as from :func:`distances`.
    tol : float
        The tolerance, finite and > 0.

    Returns
    -------
    int or None

    Raises
    ------
    ValueError
        If d is not a non-empty 1-D array of numbers or tol is not > 0.

    Examples
    --------
    >>> first_within([3.0, 1.0, 0.5, 0.05], 0.5)
    2
    >>> first_within([3.0, 1.0], 0.5) is None
    True
    """
    tol = _validate.positive(tol, "tol")
    d = _validate.vector(d, "d", finite=False)  # a diverging run's distances may be inf
    hits = np.flatnonzero(d <= tol)
    return int(hits[0]) if hits.size else None
