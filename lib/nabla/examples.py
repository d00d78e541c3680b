"""The worked examples of the course, each defined once: functions, data, points, their
exact derivatives, the minimiser and the spectrum.

Chapters, figures, exercises and tests import them from here. The exact derivatives
are worked out by hand; the tests check them against nabla's differences.

- The hill, f(x1, x2) = x1^2 + 3 x1 x2 + x2^3, the text's running example, at
  ``POINT`` = (1, 2); it has a local minimum and a saddle.
- The two-point regression: the line through (1, 2) and (2, 5), fitted by least
  squares, f(w) = 1/2 ||Xw - y||^2 with X = [[1, 1], [1, 2]] and y = (2, 5),
  descended from w = (0, 0).
- The ellipse g(x1, x2) = x1^2 + 4 x2^2 of the level-set exercises, at (2, 1).
- Rosenbrock's function in n dimensions, for accuracy and cost.

``hill``, ``ellipse`` and ``rosenbrock`` accept one point of shape (n,) or a batch
of shape (m, n); the regression's loss and gradient take one w of shape (2,). The
arrays are read-only, so that no notebook changes an example for the next.
"""

import numpy as np

from nabla.least_squares import least_squares_gradient, least_squares_loss, normal_equations
from nabla.quadratic import quadratic_spectrum

POINT = np.array([1.0, 2.0])
HILL_MINIMUM = np.array([-2.25, 1.5])
"""grad f = 0 and the Hessian is positive definite: a local minimum, f = -27/16."""
HILL_SADDLE = np.array([0.0, 0.0])
"""grad f = 0 and the Hessian has eigenvalues of both signs: a saddle, f = 0."""
HILL_DIRECTION = np.array([3.0, 4.0])
"""The direction v = (3, 4) whose rate of change at POINT the exercises ask for."""


def hill(x):
    """f(x1, x2) = x1^2 + 3 x1 x2 + x2^3.

    Examples
    --------
    >>> float(hill(POINT))
    15.0
    """
    x = np.asarray(x)
    x1, x2 = x[..., 0], x[..., 1]
    return x1**2 + 3 * x1 * x2 + x2**3


def hill_gradient(x):
    """The exact gradient (2 x1 + 3 x2, 3 x1 + 3 x2^2), shape like x.

    Examples
    --------
    >>> hill_gradient(POINT)
    array([ 8., 15.])
    """
    x = np.asarray(x, dtype=float)
    x1, x2 = x[..., 0], x[..., 1]
    return np.stack([2 * x1 + 3 * x2, 3 * x1 + 3 * x2**2], axis=-1)


def hill_hessian(x):
    """The exact second derivatives [[2, 3], [3, 6 x2]] at one point x, shape (2, 2).

    Examples
    --------
    >>> hill_hessian(HILL_MINIMUM)
    array([[2., 3.],
           [3., 9.]])
    """
    return np.array([[2.0, 3.0], [3.0, 6.0 * float(np.asarray(x)[1])]])


X_TWO_POINTS = np.array([[1.0, 1.0], [1.0, 2.0]])
Y_TWO_POINTS = np.array([2.0, 5.0])
TWO_POINTS_START = np.zeros(2)
"""Where gradient descent on the regression starts, w0 = (0, 0)."""


def two_points_loss(w):
    """The regression's loss 1/2 ||Xw - y||^2, for X_TWO_POINTS and Y_TWO_POINTS.

    Examples
    --------
    >>> two_points_loss(TWO_POINTS_START)
    14.5
    """
    return least_squares_loss(w, X_TWO_POINTS, Y_TWO_POINTS)


def two_points_gradient(w):
    """The regression's gradient X^T (Xw - y), shape (2,).

    Examples
    --------
    >>> two_points_gradient(TWO_POINTS_START)
    array([ -7., -12.])
    """
    return least_squares_gradient(w, X_TWO_POINTS, Y_TWO_POINTS)


TWO_POINTS_MINIMISER = normal_equations(X_TWO_POINTS, Y_TWO_POINTS)
"""w* = (-1, 3) (the line y = 3x - 1 through both points), as the normal equations give it
(within 3e-15)."""
TWO_POINTS_SPECTRUM = quadratic_spectrum(X_TWO_POINTS.T @ X_TWO_POINTS)
"""The eigenvalues of X^T X = [[2, 3], [3, 5]], (7 -+ sqrt(45)) / 2, and the learning rates
they allow."""

EXERCISE_POINT = np.array([2.0, -0.5])
"""Where graded exercises 1 to 3 ask about the running example: not POINT, whose answers the
chapters print. The gradient there is (2.5, 6.75)."""

X_THREE_POINTS = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 3.0]])
Y_THREE_POINTS = np.array([1.0, 2.0, 6.0])
"""Graded exercises 5 and 6: a line through (0, 1), (1, 2) and (3, 6), a tall X."""


def three_points_gradient(w):
    """The gradient X^T (Xw - y) for X_THREE_POINTS and Y_THREE_POINTS, shape (2,).

    Examples
    --------
    >>> three_points_gradient(TWO_POINTS_START)
    array([ -9., -20.])
    """
    return least_squares_gradient(w, X_THREE_POINTS, Y_THREE_POINTS)


THREE_POINTS_MINIMISER = normal_equations(X_THREE_POINTS, Y_THREE_POINTS)
"""w* = (5/7, 12/7), from X^T X = [[3, 4], [4, 10]] and X^T y = (9, 20)."""
THREE_POINTS_SPECTRUM = quadratic_spectrum(X_THREE_POINTS.T @ X_THREE_POINTS)
"""The eigenvalues of [[3, 4], [4, 10]], (13 -+ sqrt(113)) / 2, and the rates they allow."""

ELLIPSE_POINT = np.array([2.0, 1.0])


def ellipse(x):
    """g(x1, x2) = x1^2 + 4 x2^2; its level set g = 8 passes through ELLIPSE_POINT.

    Examples
    --------
    >>> float(ellipse(ELLIPSE_POINT))
    8.0
    """
    x = np.asarray(x)
    return x[..., 0] ** 2 + 4 * x[..., 1] ** 2


def ellipse_gradient(x):
    """The exact gradient (2 x1, 8 x2), shape like x.

    Examples
    --------
    >>> ellipse_gradient(ELLIPSE_POINT)
    array([4., 8.])
    """
    x = np.asarray(x, dtype=float)
    return np.stack([2 * x[..., 0], 8 * x[..., 1]], axis=-1)


def rosenbrock(x):
    """sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2.

    Examples
    --------
    >>> float(rosenbrock(np.ones(5)))
    0.0
    """
    x = np.asarray(x)
    return np.sum(100.0 * (x[..., 1:] - x[..., :-1] ** 2) ** 2 + (1 - x[..., :-1]) ** 2, axis=-1)


def rosenbrock_gradient(x):
    """The exact gradient of :func:`rosenbrock`, shape (n,).

    Examples
    --------
    >>> rosenbrock_gradient(np.zeros(3))
    array([-2., -2.,  0.])
    """
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    d = x[1:] - x[:-1] ** 2
    g[:-1] += -400.0 * x[:-1] * d - 2.0 * (1 - x[:-1])
    g[1:] += 200.0 * d
    return g


for _array in (
    POINT,
    HILL_MINIMUM,
    HILL_SADDLE,
    HILL_DIRECTION,
    X_TWO_POINTS,
    Y_TWO_POINTS,
    TWO_POINTS_START,
    TWO_POINTS_MINIMISER,
    TWO_POINTS_SPECTRUM.eigenvalues,
    EXERCISE_POINT,
    X_THREE_POINTS,
    Y_THREE_POINTS,
    THREE_POINTS_MINIMISER,
    THREE_POINTS_SPECTRUM.eigenvalues,
    ELLIPSE_POINT,
):
    _array.flags.writeable = False
del _array
