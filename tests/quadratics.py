"""Hypothesis strategies shared by the property tests: quadratics with a known gradient.

A quadratic 1/2 x^T A x + b^T x (A symmetric) has gradient Ax + b, the analytic reference.
"""

import numpy as np
from hypothesis import settings
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
