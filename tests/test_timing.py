"""nabla.timing: call counts against the difference formulas, fits against np.polyfit."""

import time

import nabla
import numpy as np
import pytest
from nabla.timing import CallCounter, PowerLaw, fit_power_law, time_per_call


def sphere(x):
    return x @ x


@pytest.mark.parametrize("n", [1, 2, 7, 50])
@pytest.mark.parametrize(
    ("method", "calls"),
    [("central", lambda n: 2 * n), ("forward", lambda n: n + 1), ("complex", lambda n: n)],
)
def test_counter_sees_the_calls_each_formula_makes(n, method, calls):
    counted = CallCounter(sphere)
    nabla.gradient(counted, np.ones(n), method=method)
    assert counted.calls == calls(n)


def test_counter_passes_arguments_and_result_through():
    counted = CallCounter(lambda a, b=1: a * b)
    assert counted(3, b=4) == 12
    assert counted(5) == 5
    assert counted.calls == 2
    assert repr(counted) == "CallCounter(2 calls)"


def test_counter_rejects_a_non_callable():
    with pytest.raises(TypeError, match="f must be callable"):
        CallCounter(3.0)


def test_time_per_call_measures_a_known_delay():
    seconds = time_per_call(lambda: time.sleep(0.002), repeat=3, budget=0.004)
    assert 0.002 <= seconds < 0.02


def test_time_per_call_runs_fn_the_expected_number_of_times():
    counted = CallCounter(lambda: None)
    time_per_call(counted, repeat=4, budget=1e-12)  # budget below one call: one call a round
    assert counted.calls == 1 + 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repeat": 0}, "repeat must be >= 1"),
        ({"repeat": 1.5}, "repeat must be an integer"),
        ({"budget": 0.0}, "budget must be finite and > 0"),
        ({"budget": float("inf")}, "budget must be finite and > 0"),
    ],
)
def test_time_per_call_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        time_per_call(lambda: None, **kwargs)


def test_time_per_call_rejects_a_non_callable():
    with pytest.raises(TypeError, match="fn must be callable"):
        time_per_call(None)


@pytest.mark.parametrize(("exponent", "coefficient"), [(1.0, 2e-6), (2.0, 3.5e-9), (0.5, 7.0)])
def test_fit_recovers_an_exact_power_law(exponent, coefficient):
    n = np.array([8, 16, 32, 64, 128, 256])
    law = fit_power_law(n, coefficient * n**exponent)
    assert law.exponent == pytest.approx(exponent, rel=1e-12)
    assert law.coefficient == pytest.approx(coefficient, rel=1e-10)
    np.testing.assert_allclose(law(n), coefficient * n**exponent, rtol=1e-10)


def test_fit_agrees_with_polyfit_on_noisy_data():
    rng = np.random.default_rng(4)
    n = np.geomspace(10, 1e4, 12)
    t = 1e-7 * n**1.7 * np.exp(rng.normal(0, 0.2, n.size))
    slope, intercept = np.polyfit(np.log(n), np.log(t), 1)
    law = fit_power_law(n, t)
    assert law.exponent == pytest.approx(slope, rel=1e-12)
    assert law.coefficient == pytest.approx(np.exp(intercept), rel=1e-10)
    assert isinstance(law, PowerLaw)


@pytest.mark.parametrize(
    ("n", "t", "message"),
    [
        ([1.0, 2.0], [1.0], "t must have the shape of n"),
        ([1.0], [1.0], "at least two points"),
        ([0.0, 2.0], [1.0, 2.0], "n must be > 0"),
        ([1.0, 2.0], [1.0, -2.0], "t must be > 0"),
        ([3.0, 3.0], [1.0, 2.0], "at least two different values"),
        ([1.0, np.nan], [1.0, 2.0], "n must be finite"),
    ],
)
def test_fit_rejects_bad_data(n, t, message):
    with pytest.raises(ValueError, match=message):
        fit_power_law(n, t)
