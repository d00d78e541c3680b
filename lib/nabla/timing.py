"""Cost: how often f is called, how long a call takes, and how that grows with n.

A central-difference gradient calls f twice per coordinate, 2n times in all,
so its time grows like n times the time of one f. The exact gradient of a
loss such as least squares costs about as much as one evaluation of the loss.
These helpers count the calls, time them, and fit the exponent p of
``time ~ c * n**p`` on log axes.
"""

import time
from dataclasses import dataclass

import numpy as np

from nabla import _validate

SHORTEST_CALL = 1e-9
"""A first call timed below this (the clock's resolution) counts as this long."""


class CallCounter:
    """f wrapped so that every call is counted.

    Parameters
    ----------
    f : callable
        Any function; its arguments and result pass through unchanged.

    Attributes
    ----------
    calls : int
        How many times the wrapper has been called.

    Raises
    ------
    TypeError
        If f is not callable.

    Examples
    --------
    >>> from nabla import gradient
    >>> counted = CallCounter(lambda x: float(x @ x))
    >>> gradient(counted, np.zeros(5)).shape
    (5,)
    >>> counted.calls  # central differences: two calls per coordinate
    10
    """

    def __init__(self, f):
        self.f = _validate.callable_arg(f)
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.f(*args, **kwargs)

    def __repr__(self):
        return f"CallCounter({self.calls} calls)"


def time_per_call(fn, *, repeat=5, budget=0.01):
    """Seconds per call of ``fn()``, the least disturbed of several measurements.

    One call is timed first to choose ``number``, the number of calls that
    fill about ``budget`` seconds (at least one). Then ``repeat`` rounds of
    ``number`` calls are timed and the smallest mean is returned: other work
    on the machine can only make a round slower, never faster.

    Parameters
    ----------
    fn : callable
        Called with no arguments.
    repeat : int
        Rounds, at least 1.
    budget : float
        Seconds aimed at per round, > 0.

    Returns
    -------
    float
        Seconds per call, > 0.

    Raises
    ------
    TypeError
        If fn is not callable.
    ValueError
        If repeat < 1 or budget <= 0.

    Examples
    --------
    >>> seconds = time_per_call(lambda: sum(range(100)))
    >>> 0 < seconds < 1
    True
    """
    _validate.callable_arg(fn, "fn")
    if _validate.count(repeat, "repeat") < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat}")
    budget = _validate.positive(budget, "budget")
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    number = max(1, int(budget / max(first, SHORTEST_CALL)))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return max(best, np.finfo(float).tiny)


@dataclass(frozen=True)
class PowerLaw:
    """``t = coefficient * n ** exponent``, fitted by :func:`fit_power_law`.

    Attributes
    ----------
    exponent : float
        The slope of log t against log n.
    coefficient : float
        The value of t at n = 1.
    """

    exponent: float
    coefficient: float

    def __call__(self, n):
        """The fitted t at n (a number or an array)."""
        return self.coefficient * np.asarray(n, dtype=float) ** self.exponent


def fit_power_law(n, t):
    """Fit ``t = c * n**p`` by least squares on log axes: log t = log c + p log n.

    On log-log axes a power law is a straight line whose slope is the
    exponent p: p = 1 means that doubling n doubles t, p = 2 that it
    quadruples it.

    Parameters
    ----------
    n : array_like, shape (k,)
        Sizes, > 0, not all equal; k >= 2.
    t : array_like, shape (k,)
        The measured values (times), > 0.

    Returns
    -------
    PowerLaw

    Raises
    ------
    ValueError
        If n or t is not a finite 1-D array of positive numbers, their
        shapes differ, fewer than two values are given, or every n is equal.

    Examples
    --------
    >>> law = fit_power_law([1, 2, 4, 8], [3.0, 12.0, 48.0, 192.0])
    >>> round(law.exponent, 12), round(law.coefficient, 12)
    (2.0, 3.0)
    """
    n = _validate.vector(n, "n")
    t = _validate.vector(t, "t")
    if t.shape != n.shape:
        raise ValueError(f"t must have the shape of n {n.shape}, got {t.shape}")
    if n.size < 2:
        raise ValueError(f"a line needs at least two points, got {n.size}")
    for name, values in (("n", n), ("t", t)):
        if not np.all(values > 0):
            raise ValueError(f"{name} must be > 0 to take its logarithm, got {values.min()}")
    if np.all(n == n[0]):
        raise ValueError(f"n must take at least two different values, got only {n[0]:g}")
    log_n, log_t = np.log(n), np.log(t)
    dn = log_n - log_n.mean()
    exponent = float(dn @ (log_t - log_t.mean()) / (dn @ dn))
    coefficient = float(np.exp(log_t.mean() - exponent * log_n.mean()))
    return PowerLaw(exponent=exponent, coefficient=coefficient)
