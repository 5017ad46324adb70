"""Property tests: the statistics engine against numpy and scipy on random data.

Data are drawn as exact decimals (whole hundredths), written into problem text in the
project's own language (so the parser is exercised too) and handed to numpy/scipy as the
same numbers in floating point.  Every solution must also be verified.
"""

from __future__ import annotations

import math
import warnings
from decimal import Decimal

import numpy as np
import sympy
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from scipy import stats

from solver import solve

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
hundredths = st.integers(min_value=-50_000, max_value=50_000)


def data(min_size=1, max_size=16):
    return st.lists(hundredths, min_size=min_size, max_size=max_size)


def text(values) -> str:
    return ", ".join(str(Decimal(v).scaleb(-2)) for v in values)


def floats(values) -> np.ndarray:
    return np.array(values, dtype=float) / 100


def quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


def varies(values) -> bool:
    return len(set(values)) > 1


def close(got, expected, scale=1.0, relative=1e-9):
    return abs(float(got) - float(expected)) <= relative * max(abs(float(expected)), scale)


def answer(solution):
    assert solution.verified, solution.verification.failed
    return sympy.sympify(solution.answer_sympy, locals={"Interval": sympy.Interval})


@SETTINGS
@given(data())
def test_location(values):
    a = floats(values)
    scale = float(np.max(np.abs(a))) or 1.0
    assert close(answer(solve(f"mean of {text(values)}")), np.mean(a), scale)
    assert close(answer(solve(f"median of {text(values)}")), np.median(a), scale)
    assert close(answer(solve(f"range of {text(values)}")), np.ptp(a), scale)


@SETTINGS
@given(data(min_size=2))
def test_spread(values):
    a = floats(values)
    scale = float(np.max(np.abs(a))) or 1.0
    assert close(answer(solve(f"variance of {text(values)}")), np.var(a, ddof=1), scale**2)
    assert close(answer(solve(f"population standard deviation of {text(values)}")), np.std(a, ddof=0), scale)
    sd = answer(solve(f"standard deviation of {text(values)}"))
    assert not sd.has(sympy.Float) and close(sd, np.std(a, ddof=1), scale)


@SETTINGS
@given(data(min_size=1, max_size=20))
def test_position(values):
    a = floats(values)
    scale = float(np.max(np.abs(a))) or 1.0
    q = np.percentile(a, [25, 50, 75], method="linear")
    got = answer(solve(f"five number summary of {text(values)}"))
    expected = [a.min(), *q, a.max()]
    assert all(close(g, e, scale) for g, e in zip(got, expected, strict=True))
    assert close(answer(solve(f"iqr of {text(values)}")), q[2] - q[0], scale)


@SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=14))
def test_mode(values):
    uniques, counts = np.unique(values, return_counts=True)
    got = answer(solve(f"mode of {text([100 * v for v in values])}"))
    if len(uniques) > 1 and (counts == counts.max()).all():
        assert got == []
    else:
        assert [float(g) for g in got] == [float(u) for u in uniques[counts == counts.max()]]


@SETTINGS
@given(data(min_size=3, max_size=12))
def test_shape(values):
    assume(varies(values))
    a = floats(values)
    assert close(answer(solve(f"skewness of {text(values)}")), quiet(stats.skew, a), relative=1e-7)
    assert close(answer(solve(f"kurtosis of {text(values)}")), quiet(stats.kurtosis, a), relative=1e-7)


@SETTINGS
@given(st.lists(st.tuples(hundredths, hundredths), min_size=2, max_size=12))
def test_two_variables(pairs):
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    x, y = floats(xs), floats(ys)
    scale = float(np.max(np.abs(x)) * np.max(np.abs(y))) or 1.0
    assert close(answer(solve(f"covariance of {text(xs)} and {text(ys)}")), np.cov(x, y)[0, 1], scale)
    assume(varies(xs) and varies(ys))
    r = answer(solve(f"correlation of {text(xs)} and {text(ys)}"))
    assert close(r, stats.pearsonr(x, y).statistic, relative=1e-8) and -1 <= float(r) <= 1


@SETTINGS
@given(data(min_size=2, max_size=14), st.sampled_from([80, 90, 95, 99]))
def test_t_interval(values, level):
    assume(varies(values))
    a = floats(values)
    lo, hi = stats.t.interval(level / 100, len(a) - 1, loc=a.mean(), scale=quiet(stats.sem, a))
    got = answer(solve(f"{level}% confidence interval for the mean of {text(values)}"))
    width = hi - lo
    assert abs(float(got.start) - lo) <= 2e-5 * max(abs(lo), width)
    assert abs(float(got.end) - hi) <= 2e-5 * max(abs(hi), width)


@SETTINGS
@given(st.integers(min_value=2, max_value=500).flatmap(
    lambda n: st.tuples(st.integers(min_value=1, max_value=n - 1), st.just(n))))
def test_proportion_interval(kn):
    k, n = kn
    p = k / n
    lo, hi = stats.norm.interval(0.95, loc=p, scale=math.sqrt(p * (1 - p) / n))
    lo, hi = max(lo, 0.0), min(hi, 1.0)         # a proportion lies in [0, 1]: the interval is clipped
    got = answer(solve(f"95% confidence interval for a proportion given {k} successes in {n} trials"))
    assert abs(float(got.start) - lo) <= 2e-5 * max(abs(lo), hi - lo)
    assert abs(float(got.end) - hi) <= 2e-5 * max(abs(hi), hi - lo)


ALTERNATIVES = st.sampled_from(["two-sided", "greater", "less"])


def _suffix(alternative):
    return "" if alternative == "two-sided" else f" alternative {alternative}"


def _same_test(got, result, alpha=0.05):
    assert close(got["statistic"], result.statistic, relative=1e-5)
    assert abs(float(got["p_value"]) - float(result.pvalue)) <= 1e-5 * float(result.pvalue) + 1e-300
    assert close(got["df"], result.df, relative=1e-5)
    assert got["reject"] == (float(result.pvalue) < alpha)


@SETTINGS
@given(data(min_size=2, max_size=12), hundredths, ALTERNATIVES)
def test_one_sample_t(values, mu0, alternative):
    assume(varies(values))
    result = stats.ttest_1samp(floats(values), mu0 / 100, alternative=alternative)
    assume(abs(float(result.statistic)) < 1e6)
    got = answer(solve(f"t-test of {text(values)} against mean {text([mu0])}{_suffix(alternative)}"))
    _same_test(got, result)


@SETTINGS
@given(data(min_size=2, max_size=10), data(min_size=2, max_size=10), ALTERNATIVES)
def test_welch(first, second, alternative):
    assume(varies(first) or varies(second))
    result = quiet(stats.ttest_ind, floats(first), floats(second), equal_var=False, alternative=alternative)
    got = answer(solve(f"two-sample t-test of {text(first)} and {text(second)}{_suffix(alternative)}"))
    _same_test(got, result)


@SETTINGS
@given(st.lists(st.tuples(hundredths, hundredths), min_size=2, max_size=10), ALTERNATIVES)
def test_paired(pairs, alternative):
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    assume(varies([x - y for x, y in pairs]))
    result = stats.ttest_rel(floats(xs), floats(ys), alternative=alternative)
    got = answer(solve(f"paired t-test of {text(xs)} and {text(ys)}{_suffix(alternative)}"))
    _same_test(got, result)


@SETTINGS
@given(data(min_size=1, max_size=12), hundredths, st.integers(min_value=1, max_value=5000), ALTERNATIVES)
def test_z(values, mu0, sigma, alternative):
    a = floats(values)
    z = (a.mean() - mu0 / 100) / (sigma / 100 / math.sqrt(len(a)))
    p = {"two-sided": 2 * stats.norm.sf(abs(z)), "greater": stats.norm.sf(z), "less": stats.norm.cdf(z)}[alternative]
    got = answer(solve(f"z-test of {text(values)} against mean {text([mu0])} with sigma = {text([sigma])}"
                       f"{_suffix(alternative)}"))
    assert close(got["statistic"], z, relative=1e-5)
    assert abs(float(got["p_value"]) - p) <= 1e-5 * p + 1e-300
    assert got["df"] is None and got["reject"] == (p < 0.05)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data(min_size=2, max_size=12))
def test_normal_mle(values):
    assume(varies(values))
    loc, scale = stats.norm.fit(floats(values))
    got = answer(solve(f"mle of mu and sigma for normal data {text(values)}"))
    size = float(np.max(np.abs(floats(values))))
    assert close(got[sympy.Symbol("mu")], loc, size) and close(got[sympy.Symbol("sigma")], scale, size)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=1), min_size=1, max_size=30))
def test_bernoulli_mle(values):
    got = answer(solve(f"mle of p for bernoulli data {text([100 * v for v in values])}"))
    assert got[sympy.Symbol("p")] == sympy.Rational(sum(values), len(values))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=25))
def test_poisson_mle(values):
    """λ̂ = x̄ exactly, and it is where scipy finds the log-likelihood's maximum."""
    from scipy import optimize, special

    got = answer(solve(f"mle of lambda for poisson data {', '.join(map(str, values))}"))[sympy.Symbol("lamda")]
    assert got == sympy.Rational(sum(values), len(values))
    if sum(values):
        a = np.array(values, dtype=float)
        best = optimize.minimize_scalar(
            lambda lam: -(-len(a) * lam + a.sum() * np.log(lam) - special.gammaln(a + 1).sum()),
            bounds=(1e-12, 10 * a.max() + 1), method="bounded", options={"xatol": 1e-12})
        assert abs(best.x - float(got)) < 1e-6 * max(1.0, float(got))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data(min_size=1, max_size=12))
def test_exponential_mle(values):
    """λ̂ = 1/x̄, as scipy.stats.expon.fit with the location fixed at 0."""
    positive = [abs(v) for v in values]
    assume(sum(positive) > 0)
    got = answer(solve(f"mle of lambda for exponential data {text(positive)}"))[sympy.Symbol("lamda")]
    _, scale = stats.expon.fit(floats(positive), floc=0)
    assert close(got, 1 / scale, 1 / scale)


# ----------------------------------------------------------------------------- from summary statistics
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(2, 200), mean=st.integers(-100, 100), sd=st.integers(1, 50), mu0=st.integers(-100, 100),
       alternative=st.sampled_from(["two-sided", "greater", "less"]))
def test_a_t_test_from_summary_statistics_agrees_with_ttest_1samp_on_such_a_sample(n, mean, sd, mu0, alternative):
    base = np.arange(n, dtype=float)
    sample = mean + sd * (base - base.mean()) / base.std(ddof=1)      # exactly this n, mean and sd
    expected = stats.ttest_1samp(sample, mu0, alternative=alternative)
    solution = solve(f"t-test given n = {n}, mean = {mean}, sd = {sd} against mean {mu0} alternative {alternative}")
    assert solution.verified
    value = sympy.sympify(solution.answer_sympy)
    assert math.isclose(float(value["statistic"]), expected.statistic, rel_tol=1e-5, abs_tol=1e-5)
    assert math.isclose(float(value["p_value"]), expected.pvalue, rel_tol=1e-5, abs_tol=1e-300)
    assert int(value["df"]) == n - 1


@settings(max_examples=40, deadline=None)
@example(x=0, mean=-41, sd=6)
@given(x=st.integers(-1000, 1000), mean=st.integers(-1000, 1000), sd=st.integers(1, 100))
def test_a_z_score_from_given_values_is_exact(x, mean, sd):
    solution = solve(f"z-score of {x} given mean {mean} and sd {sd}")
    assert solution.verified
    assert sympy.sympify(solution.answer_sympy) == sympy.Rational(x - mean, sd)
