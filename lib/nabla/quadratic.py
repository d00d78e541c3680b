"""How fast gradient descent can go on a quadratic loss.

On f(w) = 1/2 w^T H w - b^T w (the least-squares loss has H = X^T X), a step
w <- w - lr grad f(w) multiplies the error along each eigenvector of H by
(1 - lr lambda). Everything about the fixed-step method follows from the
eigenvalues lambda_min <= ... <= lambda_max of H.
"""

import math
from dataclasses import dataclass

import numpy as np

from nabla import _validate

SYMMETRY_RTOL = 1e-12
"""H counts as symmetric when H and H^T agree to this relative tolerance."""


@dataclass(frozen=True)
class QuadraticSpectrum:
    """Eigenvalues of a symmetric positive-definite Hessian and what they imply.

    Attributes
    ----------
    eigenvalues : ndarray, shape (n,)
        In ascending order.
    condition_number : float
        lambda_max / lambda_min.
    max_stable_lr : float
        2 / lambda_max: fixed learning rates in (0, max_stable_lr) converge.
    best_lr : float
        2 / (lambda_min + lambda_max), the fixed rate with the smallest
        worst-case contraction factor.
    """

    eigenvalues: np.ndarray
    condition_number: float
    max_stable_lr: float
    best_lr: float

    def contraction(self, lr):
        """``max(abs(1 - lr * lambda_i))``: the worst factor by which one step shrinks the error.

        Examples
        --------
        >>> round(quadratic_spectrum([[2.0, 0.0], [0.0, 1.0]]).contraction(0.5), 12)
        0.5
        """
        lr = _validate.positive(lr, "lr")
        return float(np.max(np.abs(1.0 - lr * self.eigenvalues)))

    def steps_to_reduce(self, lr, factor):
        """Steps after which the error is at most ``factor`` times the initial error.

        A worst-case bound from the contraction factor; ``math.inf`` when lr
        does not converge.

        Examples
        --------
        >>> quadratic_spectrum([[2.0, 0.0], [0.0, 1.0]]).steps_to_reduce(0.5, 1e-3)
        10
        """
        factor = _validate.positive(factor, "factor")
        rate = self.contraction(lr)
        if factor >= 1.0:
            return 0
        if rate >= 1.0:
            return math.inf
        if rate == 0.0:
            return 1
        return math.ceil(math.log(factor) / math.log(rate))


def quadratic_spectrum(H):
    """Eigen-analysis of the Hessian H (for least squares, X^T X).

    Parameters
    ----------
    H : array_like, shape (n, n)
        Symmetric positive definite.

    Returns
    -------
    QuadraticSpectrum

    Raises
    ------
    ValueError
        If H is not square, not symmetric or not positive definite.

    Examples
    --------
    >>> s = quadratic_spectrum([[2.0, 3.0], [3.0, 5.0]])
    >>> s.eigenvalues.round(4), round(s.condition_number, 2)
    (array([0.1459, 6.8541]), 46.98)
    """
    H = _validate.matrix(H, "H")
    if H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be square, got shape {H.shape}")
    if not np.allclose(H, H.T, rtol=SYMMETRY_RTOL, atol=0):
        raise ValueError("H must be symmetric")
    eig = np.linalg.eigvalsh(H)
    if eig[0] <= 0:
        raise ValueError(f"H must be positive definite; its smallest eigenvalue is {eig[0]:.3g}")
    lo, hi = float(eig[0]), float(eig[-1])
    return QuadraticSpectrum(
        eigenvalues=eig,
        condition_number=hi / lo,
        max_stable_lr=2.0 / hi,
        best_lr=2.0 / (lo + hi),
    )
