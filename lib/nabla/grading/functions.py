"""Random test functions that function answers are called with.

A question such as "code a forward difference of any f" needs an ``f`` to try
the student's code on. The grader draws one from a family below, sends it to
the process that runs the student's code as plain JSON (:meth:`to_json`), and
rebuilds it there (:func:`from_json`). The student's code receives a bare
function ``f(x) -> float``; the exact derivatives stay with the grader.
"""

import numpy as np


class SmoothFunction:
    """f(x) = 1/2 x^T A x + b . x + sum_i c_i sin(x_i), with A symmetric.

    Its second partials A_ii - c_i sin(x_i) are at least 1 (A_ii >= 2,
    abs(c_i) <= 1), so a forward difference has a visible truncation error.

    Examples
    --------
    >>> f = SmoothFunction(np.eye(2) * 2, np.zeros(2), np.zeros(2))
    >>> f(np.array([1.0, 2.0])), f.gradient(np.array([1.0, 2.0]))
    (5.0, array([2., 4.]))
    """

    kind = "smooth"

    def __init__(self, A, b, c):
        self.A, self.b, self.c = (np.array(v, dtype=float) for v in (A, b, c))

    @classmethod
    def draw(cls, rng, n):
        """A random member in n dimensions."""
        M = rng.uniform(-1.0, 1.0, (n, n))
        A = (M + M.T) / 2
        A[np.diag_indices(n)] = rng.uniform(2.0, 4.0, n)
        return cls(A, rng.uniform(-2.0, 2.0, n), rng.uniform(-1.0, 1.0, n))

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        return float(0.5 * x @ self.A @ x + self.b @ x + self.c @ np.sin(x))

    def gradient(self, x):
        """The exact gradient, shape (n,)."""
        x = np.asarray(x, dtype=float)
        return self.A @ x + self.b + self.c * np.cos(x)

    def second_partial(self, x, i):
        """d^2 f / d x_i^2 at x."""
        return float(self.A[i, i] - self.c[i] * np.sin(x[i]))

    def to_json(self):
        return {
            "function": self.kind,
            "A": self.A.tolist(),
            "b": self.b.tolist(),
            "c": self.c.tolist(),
        }


class QuadraticGradient:
    """grad_f(x) = H x - b: the gradient of f(x) = 1/2 x^T H x - b . x, H positive definite.

    Examples
    --------
    >>> grad_f = QuadraticGradient(np.diag([1.0, 4.0]), np.array([1.0, 0.0]))
    >>> grad_f(np.zeros(2)), grad_f.eigenvalues
    (array([-1.,  0.]), array([1., 4.]))
    """

    kind = "quadratic-gradient"

    def __init__(self, H, b):
        self.H, self.b = np.array(H, dtype=float), np.array(b, dtype=float)

    @classmethod
    def draw(cls, rng, n):
        """A random member in n dimensions with eigenvalues in [0.5, 5]."""
        Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        H = Q @ np.diag(rng.uniform(0.5, 5.0, n)) @ Q.T
        return cls((H + H.T) / 2, rng.uniform(-2.0, 2.0, n))

    @property
    def eigenvalues(self):
        """The eigenvalues of H, ascending."""
        return np.linalg.eigvalsh(self.H)

    def __call__(self, x):
        return self.H @ np.asarray(x, dtype=float) - self.b

    def to_json(self):
        return {"function": self.kind, "H": self.H.tolist(), "b": self.b.tolist()}


FAMILIES = {cls.kind: cls for cls in (SmoothFunction, QuadraticGradient)}


def from_json(data):
    """Rebuild a function sent by :meth:`to_json`.

    Raises
    ------
    ValueError
        If ``data`` names no known family.
    """
    params = dict(data)
    kind = params.pop("function", None)
    if kind not in FAMILIES:
        raise ValueError(f"data must name a function family in {sorted(FAMILIES)}, got {kind!r}")
    return FAMILIES[kind](**params)


def as_plain_function(func):
    """The test function as the student's code sees it: ``f(x)`` only. It closes over
    its value alone (a bound ``__call__``, no object with a ``gradient`` method), so
    nothing on it hands over a derivative."""
    call = type(func).__call__
    data = {k: np.array(v, dtype=float) for k, v in vars(func).items()}
    shell = object.__new__(type("TestFunction", (), {}))
    vars(shell).update(data)

    def f(x):
        return call(shell, x)

    return f
