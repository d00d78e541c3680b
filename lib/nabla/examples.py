"""The worked examples of the course, as plain functions and arrays.

``hill`` is f(x1, x2) = x1^2 + 3 x1 x2 + x2^3 (the text's running example);
``X_TWO_POINTS`` and ``Y_TWO_POINTS`` are the regression data through (1, 2)
and (2, 5). Every function accepts one point of shape (n,) or a batch of
shape (m, n).
"""

import numpy as np

POINT = np.array([1.0, 2.0])
X_TWO_POINTS = np.array([[1.0, 1.0], [1.0, 2.0]])
Y_TWO_POINTS = np.array([2.0, 5.0])


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
