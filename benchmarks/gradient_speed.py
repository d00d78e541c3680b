"""Time per gradient: nabla (batched and unbatched) against scipy, side by side.

Run from the repository root, with the pinned environment (scipy is in requirements-dev.txt):

    .venv/bin/python benchmarks/gradient_speed.py            # the table
    .venv/bin/python benchmarks/gradient_speed.py --chunks   # also: batched time vs CHUNK_BYTES

One thread, minimum over repeats of timeit. Ratios above 1 mean nabla's batched path is faster.
"""

import os

# One thread for every BLAS and OpenMP pool: set before numpy is first imported.
for _var in ("OMP", "OPENBLAS", "MKL", "NUMEXPR", "VECLIB_MAXIMUM"):
    os.environ[f"{_var}_THREADS" if _var == "VECLIB_MAXIMUM" else f"{_var}_NUM_THREADS"] = "1"

import argparse  # noqa: E402
import math  # noqa: E402
import timeit  # noqa: E402

import nabla  # noqa: E402
import numpy as np  # noqa: E402
from nabla import partials  # noqa: E402
from nabla.examples import rosenbrock  # noqa: E402
from scipy.optimize import approx_fprime  # noqa: E402
from scipy.optimize._numdiff import approx_derivative  # noqa: E402

SIZES = (10, 100, 1000)
REPEATS = 7


def least_squares(n, rng):
    X, y = rng.standard_normal((200, n)), rng.standard_normal(200)
    XT = np.ascontiguousarray(X.T)

    def f(w):  # one point (n,) -> float, or a batch (m, n) -> (m,); the same f for every method
        r = w @ XT
        r -= y  # in place: a new (m, 200) temporary costs more than the product at n = 100
        return 0.5 * np.einsum("...i,...i->...", r, r)

    return f


def problems():
    for n in SIZES:
        rng = np.random.default_rng(n)
        yield "Rosenbrock", n, rosenbrock, rng.uniform(-1, 1, n)
    for n in SIZES:
        rng = np.random.default_rng(n)
        yield "least squares", n, least_squares(n, rng), rng.standard_normal(n)


def seconds(call, budget=0.05):
    """Minimum over REPEATS of the mean time of enough calls to fill about ``budget`` seconds."""
    timer = timeit.Timer(call)
    number = max(1, int(budget / timer.timeit(1)))
    return min(timer.repeat(REPEATS, number)) / number


def methods(f, x):
    return {
        "batched": lambda: nabla.gradient(f, x, vectorized=True),
        "loop": lambda: nabla.gradient(f, x),
        "scipy 3-point": lambda: approx_derivative(f, x, method="3-point"),
        "approx_fprime": lambda: approx_fprime(x, f),
    }


def fmt(t):
    return f"{t * 1e6:8.0f} us" if t < 1e-2 else f"{t * 1e3:8.1f} ms"


def table():
    names = list(methods(None, None))
    print(f"| problem | n | {' | '.join(names)} | 3-point / batched | fprime / batched |")
    print("|---|---:|" + "---:|" * (len(names) + 2))
    for name, n, f, x in problems():
        calls = methods(f, x)
        reference = calls["scipy 3-point"]()
        assert np.allclose(
            calls["batched"](), reference, rtol=1e-5, atol=1e-5 * abs(reference).max()
        )
        t = {k: seconds(call) for k, call in calls.items()}
        ratios = t["scipy 3-point"] / t["batched"], t["approx_fprime"] / t["batched"]
        cells = " | ".join(fmt(t[k]) for k in names)
        print(f"| {name} | {n} | {cells} | {ratios[0]:.1f}x | {ratios[1]:.1f}x |", flush=True)


def chunk_sweep(sizes_mb=(0.25, 0.5, 1, 2, 4, 8, 16), passes=3):
    """Batched time at n = 1000 for several chunk sizes; the minimum over interleaved passes."""
    default, best = partials.CHUNK_BYTES, {}
    cases = [(name, f, x) for name, n, f, x in problems() if n == 1000]
    for _ in range(passes):
        for name, f, x in cases:
            for mb in sizes_mb:
                partials.CHUNK_BYTES = int(mb * 2**20)
                t = seconds(lambda f=f, x=x: nabla.gradient(f, x, vectorized=True), budget=0.02)
                best[name, mb] = min(best.get((name, mb), math.inf), t)
    partials.CHUNK_BYTES = default
    print("\nbatched time per gradient at n = 1000 against CHUNK_BYTES\n")
    print("| problem | " + " | ".join(f"{mb:g} MB" for mb in sizes_mb) + " |")
    print("|---|" + "---:|" * len(sizes_mb))
    for name, _, _ in cases:
        print(f"| {name} | " + " | ".join(fmt(best[name, mb]).strip() for mb in sizes_mb) + " |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", action="store_true", help="also sweep CHUNK_BYTES at n = 1000")
    args = parser.parse_args()
    print(
        f"numpy {np.__version__}, one thread, min of {REPEATS} repeats; CHUNK_BYTES = "
        f"{partials.CHUNK_BYTES / 2**20:g} MB\n"
    )
    table()
    if args.chunks:
        chunk_sweep()
