"""Time per gradient: nabla (batched and unbatched) against scipy, side by side.

Run from the repository root, with the pinned environment (scipy is in requirements-dev.txt):

    .venv/bin/python benchmarks/gradient_speed.py            # the table
    .venv/bin/python benchmarks/gradient_speed.py --chunks   # also: batched time vs CHUNK_BYTES

One thread. Each time is the minimum over PASSES interleaved passes (every method in turn) of
REPEATS timeit repeats. Ratios above 1 mean nabla's batched path is faster.
"""

import os

# One thread for every BLAS and OpenMP pool: set before numpy is first imported.
for _var in ("OMP", "OPENBLAS", "MKL", "NUMEXPR", "VECLIB_MAXIMUM"):
    os.environ[f"{_var}_THREADS" if _var == "VECLIB_MAXIMUM" else f"{_var}_NUM_THREADS"] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import timeit  # noqa: E402

import nabla  # noqa: E402
import numpy as np  # noqa: E402
from nabla import partials  # noqa: E402
from nabla.examples import rosenbrock  # noqa: E402
from scipy.optimize import approx_fprime  # noqa: E402
from scipy.optimize._numdiff import approx_derivative  # noqa: E402

SIZES = (10, 100, 1000)
REPEATS = 5
PASSES = 3


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


def seconds(call, budget=0.02):
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
        t = dict.fromkeys(calls, math.inf)
        for _ in range(PASSES):  # interleaved, so a burst of load elsewhere hits every method
            for k, call in calls.items():
                t[k] = min(t[k], seconds(call))
        ratios = t["scipy 3-point"] / t["batched"], t["approx_fprime"] / t["batched"]
        cells = " | ".join(fmt(t[k]) for k in names)
        print(f"| {name} | {n} | {cells} | {ratios[0]:.1f}x | {ratios[1]:.1f}x |", flush=True)


KEEP_FREED_MEMORY = {"MALLOC_MMAP_THRESHOLD_": str(2**28), "MALLOC_TRIM_THRESHOLD_": str(2**29)}


def batched_at_1000():
    return {
        name: seconds(lambda f=f, x=x: nabla.gradient(f, x, vectorized=True))
        for name, n, f, x in problems()
        if n == 1000
    }


def chunk_sweep(sizes_mb=(0.125, 0.5, 2, 4, 8, 16)):
    """Batched time at n = 1000 per chunk size, each in a fresh process.

    Once in glibc's default state, where a freed block of 128 kB or more may go back to the
    OS and f's temporaries are page-faulted in again on every call, and once with glibc told
    to keep freed memory, as a long-running session often ends up doing by itself.
    """
    times = {}
    for state, extra in (("fresh process", {}), ("memory kept", KEEP_FREED_MEMORY)):
        for mb in sizes_mb:
            out = subprocess.run(
                [sys.executable, __file__, "--one-chunk", str(mb)],
                env={**os.environ, **extra},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for name, t in json.loads(out).items():
                times[name, state, mb] = t
    print("\nbatched time per gradient at n = 1000 against CHUNK_BYTES\n")
    print("| problem | allocator | " + " | ".join(f"{mb:g} MB" for mb in sizes_mb) + " |")
    print("|---|---|" + "---:|" * len(sizes_mb))
    for name, state in sorted({key[:2] for key in times}, key=lambda k: (k[0], k[1][0])):
        cells = " | ".join(fmt(times[name, state, mb]).strip() for mb in sizes_mb)
        print(f"| {name} | {state} | {cells} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", action="store_true", help="also sweep CHUNK_BYTES at n = 1000")
    parser.add_argument("--one-chunk", type=float, help=argparse.SUPPRESS)  # used by --chunks
    args = parser.parse_args()
    if args.one_chunk is not None:
        partials.CHUNK_BYTES = int(args.one_chunk * 2**20)
        print(json.dumps(batched_at_1000()))
        sys.exit()
    print(
        f"numpy {np.__version__}, one thread, min of {PASSES} x {REPEATS} repeats; CHUNK_BYTES = "
        f"{partials.CHUNK_BYTES / 2**20:g} MB\n"
    )
    table()
    if args.chunks:
        chunk_sweep()
