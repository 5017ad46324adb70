"""The statistics engine, form by form: problem text -> worked steps -> answer, verified.

Every row is solved and its answer compared with numpy/scipy run on the data written
out here by hand (not on what the parser read).  Besides the answer, every row checks

- ``answer_sympy`` reads back with ``sympy.sympify`` to the same numbers (a number, a
  list, an ``Interval``, a dict) and exact answers hold no Float;
- the rule ids the form must use are in the step tree;
- the solution is verified, and renders as text without error.

Then: errors (bad input is a clear 422/400 with a hint), every statistics rule used by
some row, and every check able to fail (a tampered step or answer is caught).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import replace

import numpy as np
import pytest
import sympy
from scipy import optimize, special, stats

from api import create_app
from grammar import InvalidArgument, ParseError, UnsupportedProblem
from solver import solve
from solver.render.document import to_dict, to_latex_document, to_markdown, to_plain_text
from solver.rules import RULES, Rule
from solver.statistics.common import ELLIPSIS
from solver.verify import verify

DATA = [2, 4, 4, 4, 5, 5, 7, 9]
TWENTY = [12, 15, 11, 19, 14, 13, 18, 17, 16, 10, 21, 9, 14, 15, 13, 20, 12, 16, 11, 18]
STATISTICS_RULES = {r for r in Rule if list(Rule).index(Rule.SUM_OF_VALUES) <= list(Rule).index(r)
                    <= list(Rule).index(Rule.ESTIMATE_ON_DATA)}


def quiet(function, *args, **kwargs):
    """scipy warns about precision on constant samples (valid data here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


def case(text, rules, oracle):
    return pytest.param(text, set(rules), oracle, id=text)


def _text(values) -> str:
    return ", ".join(str(v) for v in values)


# ----------------------------------------------------------------------------- oracles
def number(expected: float, exact: bool = True):
    """The answer is one number equal to ``expected`` (exact when the data are)."""
    def check(solution):
        value = sympy.sympify(solution.answer_sympy)
        assert value.is_number
        assert not exact or not value.has(sympy.Float), solution.answer_sympy
        assert math.isclose(float(value), expected, rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(float(solution.extra["decimal"]), expected, rel_tol=1e-9, abs_tol=1e-12)
    return check


def numbers(expected):
    def check(solution):
        value = sympy.sympify(solution.answer_sympy)
        assert isinstance(value, list) and len(value) == len(expected)
        assert not any(sympy.sympify(v).has(sympy.Float) for v in value)
        for got, want in zip(value, expected, strict=True):
            assert math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-12)
    return check


def interval(lo: float, hi: float):
    def check(solution):
        value = sympy.sympify(solution.answer_sympy, locals={"Interval": sympy.Interval})
        assert isinstance(value, sympy.Interval)
        assert math.isclose(float(value.start), lo, rel_tol=2e-5)
        assert math.isclose(float(value.end), hi, rel_tol=2e-5)
    return check


def test_result(result, alpha=0.05, df=None):
    statistic, p = float(result.statistic), float(result.pvalue)
    df = float(result.df) if df is None else df

    def check(solution):
        value = sympy.sympify(solution.answer_sympy)
        assert set(value) == {"statistic", "df", "p_value", "reject"}
        assert math.isclose(float(value["statistic"]), statistic, rel_tol=1e-5)
        assert math.isclose(float(value["p_value"]), p, rel_tol=1e-5)
        assert value["reject"] == (p < alpha)
        if df is math.inf:
            assert value["df"] is None
        else:
            assert math.isclose(float(value["df"]), df, rel_tol=1e-5)
    return check


test_result.__test__ = False  # an oracle, not a test


def summary_t_test(n, mean, sd, mu0, alternative="two-sided", alpha=0.05):
    """scipy.stats.ttest_1samp on a sample made to have exactly this n, mean and sd."""
    base = np.arange(n, dtype=float)
    base = (base - base.mean()) / base.std(ddof=1)
    return test_result(stats.ttest_1samp(mean + sd * base, mu0, alternative=alternative), alpha=alpha)


def z_test(values, mu0, sigma, alternative="two-sided", alpha=0.05):
    z = (np.mean(values) - mu0) / (sigma / math.sqrt(len(values)))
    p = {"two-sided": 2 * stats.norm.sf(abs(z)), "greater": stats.norm.sf(z), "less": stats.norm.cdf(z)}[alternative]

    class Result:
        statistic, pvalue, df = z, p, math.inf
    return test_result(Result, alpha, math.inf)


def estimates(expected: dict):
    def check(solution):
        value = sympy.sympify(solution.answer_sympy)
        assert {str(k) for k in value} == set(expected)
        for key, want in expected.items():
            got = value[sympy.Symbol(key)]
            assert not got.has(sympy.Float)
            assert math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12)
    return check


def t_interval(values, level):
    a = np.array(values, dtype=float)
    return interval(*stats.t.interval(level, len(a) - 1, loc=a.mean(), scale=stats.sem(a)))


def z_interval(mean, sigma, n, level):
    return interval(*stats.norm.interval(level, loc=mean, scale=sigma / math.sqrt(n)))


def wald(k, n, level):
    """The Wald interval, clipped to [0, 1] (a proportion lies there)."""
    p = k / n
    lo, hi = stats.norm.interval(level, loc=p, scale=math.sqrt(p * (1 - p) / n))
    return interval(max(lo, 0.0), min(hi, 1.0))


def quartiles(values):
    return numbers(list(np.percentile(values, [25, 50, 75], method="linear")))


def bernoulli_mle(values):
    """p̂ maximises the Bernoulli log-likelihood (found numerically) and is the exact k/n."""
    k, n = sum(values), len(values)
    best = optimize.minimize_scalar(lambda p: -(k * math.log(p) + (n - k) * math.log1p(-p)),
                                    bounds=(1e-12, 1 - 1e-12), method="bounded", options={"xatol": 1e-12})
    exact = estimates({"p": k / n})

    def check(solution):
        exact(solution)
        assert abs(float(sympy.sympify(solution.answer_sympy)[sympy.Symbol("p")]) - best.x) < 1e-6
    return check


def poisson_mle(values):
    """λ̂ maximises the Poisson log-likelihood (found numerically, with log Γ) and is the exact k/n."""
    a = np.array(values, dtype=float)
    constant = float(np.sum(special.gammaln(a + 1)))
    best = optimize.minimize_scalar(lambda lam: -(-len(a) * lam + a.sum() * math.log(lam) - constant),
                                    bounds=(1e-12, 10 * a.max() + 1), method="bounded", options={"xatol": 1e-12})
    exact = estimates({"lamda": sum(values) / len(values)})

    def check(solution):
        exact(solution)
        assert abs(float(sympy.sympify(solution.answer_sympy)[sympy.Symbol("lamda")]) - best.x) < 1e-6
    return check


R = Rule
MEAN = {R.SUM_OF_VALUES, R.MEAN_OF_VALUES}
SPREAD = {R.DEVIATION_TABLE, R.SUM_OF_DEVIATION_POWERS}
SD = {R.SAMPLE_STANDARD_DEVIATION, R.SUM_OF_DEVIATION_POWERS, R.SAMPLE_VARIANCE}
TEST = {R.STATE_HYPOTHESES, R.T_P_VALUE, R.T_CRITICAL_VALUE, R.TEST_DECISION}
ZTEST = {R.STATE_HYPOTHESES, R.Z_STATISTIC, R.Z_P_VALUE, R.Z_CRITICAL_VALUE, R.TEST_DECISION}
MLE = {R.LIKELIHOOD, R.LOG_LIKELIHOOD, R.SCORE_FUNCTION, R.SCORE_EQUATION, R.LIKELIHOOD_SECOND_DERIVATIVE,
       R.ESTIMATE_ON_DATA}
BOUNDARY_MLE = {R.LIKELIHOOD, R.MONOTONE_LIKELIHOOD, R.ESTIMATE_ON_DATA}
X4, Y4 = [1, 2, 3, 4], [2, 4, 5, 9]
P1, P2 = [5, 7, 8, 6], [4, 6, 8, 3]
W1, W2 = [1, 2, 3, 4], [3, 5, 6, 8, 9]

ROWS = [
    # -- location
    case("mean of 1, 2, 3, 4", MEAN, number(2.5)),
    case("average of 0.1, 0.2, 0.3", MEAN, number(0.2)),
    case("mean of -3, 5, 10", MEAN, number(4)),
    case("mean of 7", {R.MEAN_OF_VALUES}, number(7)),
    case("mean of [2 4 4 4 5 5 7 9]", MEAN, number(5)),
    case(f"mean of {_text(TWENTY)}", MEAN, number(float(np.mean(TWENTY)))),
    case("median of 7, 1, 3", {R.SORT_DATA, R.MEDIAN_MIDDLE_VALUE}, number(3)),
    case("median of 5, 1, 3, 2", {R.SORT_DATA, R.MEDIAN_TWO_MIDDLE_VALUES}, number(2.5)),
    case("median of 2.5, -1, 4, 4, 0.75", {R.MEDIAN_MIDDLE_VALUE}, number(2.5)),
    case(f"median of {_text(TWENTY)}", {R.MEDIAN_TWO_MIDDLE_VALUES}, number(float(np.median(TWENTY)))),
    case("mode of 1, 2, 2, 3", {R.FREQUENCY_TABLE, R.MODE_MOST_FREQUENT}, numbers([2])),
    case("mode of 1, 2, 2, 3, 3, 4", {R.MODE_MOST_FREQUENT}, numbers([2, 3])),
    case("mode of 4, 4, 4", {R.MODE_MOST_FREQUENT}, numbers([4])),
    case("mode of 1, 2, 3", {R.NO_MODE}, numbers([])),
    case("mode of 1, 1, 2, 2", {R.NO_MODE}, numbers([])),
    case(f"mode of {_text(TWENTY)}", {R.MODE_MOST_FREQUENT}, numbers([11, 12, 13, 14, 15, 16, 18])),
    case("range of 3, -2, 7", {R.DATA_RANGE}, number(9)),
    case("range of 1.5, 1.25, 0.5", {R.DATA_RANGE}, number(1)),
    # -- spread
    case("variance of 2 4 4 4 5 5 7 9", MEAN | SPREAD | {R.SAMPLE_VARIANCE}, number(np.var(DATA, ddof=1))),
    case("sample variance of 1, 2, 3, 4", {R.SAMPLE_VARIANCE}, number(np.var(X4, ddof=1))),
    case("population variance of 2 4 4 4 5 5 7 9", SPREAD | {R.POPULATION_VARIANCE}, number(4)),
    case("population variance of 5", {R.POPULATION_VARIANCE}, number(0)),
    case("standard deviation of 2 4 4 4 5 5 7 9",
         SPREAD | {R.SAMPLE_VARIANCE, R.STANDARD_DEVIATION_ROOT, R.DECIMAL_VALUE}, number(np.std(DATA, ddof=1))),
    case("sd of 1, 2, 3", {R.STANDARD_DEVIATION_ROOT}, number(1)),
    case("std of 0.5, 1.5, 2.5", {R.SAMPLE_VARIANCE}, number(1)),
    case("population standard deviation of 2 4 4 4 5 5 7 9", {R.POPULATION_VARIANCE}, number(2)),
    case(f"standard deviation of {_text(TWENTY)}", {R.SUM_OF_DEVIATION_POWERS, R.DECIMAL_VALUE},
         number(np.std(TWENTY, ddof=1))),
    # -- position
    case("quartiles of 1, 2, 3, 4, 5, 6, 7, 8", {R.SORT_DATA, R.QUARTILE_INTERPOLATION},
         quartiles([1, 2, 3, 4, 5, 6, 7, 8])),
    case("quartiles of 1, 2, 3, 4, 5", {R.QUARTILE_AT_POSITION}, quartiles([1, 2, 3, 4, 5])),
    case("quartiles of 6, 47, 49, 15, 42, 41, 7, 39, 43, 40, 36", {R.QUARTILE_AT_POSITION},
         quartiles([6, 47, 49, 15, 42, 41, 7, 39, 43, 40, 36])),
    case("quartiles of 1.5, 2.25, 3.75, 4.1, 8, 10", {R.QUARTILE_INTERPOLATION},
         quartiles([1.5, 2.25, 3.75, 4.1, 8, 10])),
    case("iqr of 1, 2, 3, 4, 5, 6, 7, 8, 9", {R.INTERQUARTILE_RANGE}, number(4)),
    case("interquartile range of 3, 7, 8, 5, 12, 14, 21, 13, 18", {R.INTERQUARTILE_RANGE},
         number(float(stats.iqr([3, 7, 8, 5, 12, 14, 21, 13, 18])))),
    case("five number summary of 3, 1, 4, 1, 5, 9, 2, 6", {R.FIVE_NUMBER_SUMMARY},
         numbers([1, *np.percentile([3, 1, 4, 1, 5, 9, 2, 6], [25, 50, 75]), 9])),
    case("five-number summary of 10", {R.FIVE_NUMBER_SUMMARY}, numbers([10] * 5)),
    case(f"five number summary of {_text(TWENTY)}", {R.FIVE_NUMBER_SUMMARY},
         numbers([9, *np.percentile(TWENTY, [25, 50, 75]), 21])),
    # -- shape
    case("skewness of 1, 2, 2, 3, 10", MEAN | {R.CENTRAL_MOMENT, R.SKEWNESS_COEFFICIENT, R.DECIMAL_VALUE},
         number(stats.skew([1, 2, 2, 3, 10]))),
    case("skewness of 1, 2, 3", {R.SKEWNESS_COEFFICIENT}, number(0)),
    case(f"skewness of {_text(TWENTY)}", {R.SKEWNESS_COEFFICIENT}, number(stats.skew(TWENTY))),
    case("kurtosis of 1, 2, 2, 3, 10", {R.CENTRAL_MOMENT, R.EXCESS_KURTOSIS}, number(stats.kurtosis([1, 2, 2, 3, 10]))),
    case("kurtosis of 2 4 4 4 5 5 7 9", {R.EXCESS_KURTOSIS}, number(stats.kurtosis(DATA))),
    case("z-score of 9 in 2, 4, 4, 4, 5, 5, 7, 9", {R.SAMPLE_STANDARD_DEVIATION, R.DEVIATION_FROM_MEAN, R.Z_SCORE},
         number((9 - 5) / np.std(DATA, ddof=1))),
    case("z-score of 2 in 2 4 4 4 5 5 7 9", {R.Z_SCORE}, number((2 - 5) / np.std(DATA, ddof=1))),
    case("z score of 5 in 2 4 4 4 5 5 7 9", {R.Z_SCORE}, number(0)),
    case("z-score of 130 given mean 100 and sd 15", {R.DEVIATION_FROM_MEAN, R.Z_SCORE_GIVEN}, number(2)),
    case("z-score of 130 with mean 100 and standard deviation 15", {R.Z_SCORE_GIVEN}, number(2)),
    case("z-score of 85 given mean = 100, sd = 15", {R.Z_SCORE_GIVEN}, number(-1)),
    case("z-score of 112.5 where mean 100 and sd 7.5", {R.Z_SCORE_GIVEN, R.DECIMAL_VALUE}, number(12.5 / 7.5)),
    case("z-score of 100 given mean 100 and sigma 3", {R.Z_SCORE_GIVEN}, number(0)),
    # -- two variables
    case("covariance of 1, 2, 3, 4 and 2, 4, 5, 9", MEAN | {R.DEVIATION_PRODUCTS_TABLE, R.SAMPLE_COVARIANCE},
         number(np.cov(X4, Y4)[0, 1])),
    case("cov of 1, 2, 3 and 3, 2, 1", {R.SAMPLE_COVARIANCE}, number(-1)),
    case("population covariance of 1, 2, 3, 4 and 2, 4, 5, 9", MEAN | {R.DEVIATION_PRODUCTS_TABLE, R.POPULATION_COVARIANCE},
         number(np.cov(X4, Y4, bias=True)[0, 1])),
    case("population cov of 1, 2, 3 and 3, 2, 1", {R.POPULATION_COVARIANCE}, number(-2 / 3)),
    case("population covariance of 1.5, 2, 3.5 and 2, 4.5, 5", {R.POPULATION_COVARIANCE},
         number(np.cov([1.5, 2, 3.5], [2, 4.5, 5], bias=True)[0, 1])),
    case("covariance of 4, 4, 4 and 1, 2, 3", {R.SAMPLE_COVARIANCE}, number(0)),
    case("correlation of 1, 2, 3, 4 and 2, 4, 5, 9", {R.DEVIATION_PRODUCTS_TABLE, R.PEARSON_CORRELATION},
         number(stats.pearsonr(X4, Y4).statistic)),
    case("corr of 1, 2, 3 and 2, 4, 6", {R.PEARSON_CORRELATION}, number(1)),
    case("correlation of 1, 2, 3 and 3, 2, 1", {R.PEARSON_CORRELATION}, number(-1)),
    case("correlation of 1.5, 2, 3.5 and 2, 4.5, 5", {R.PEARSON_CORRELATION},
         number(stats.pearsonr([1.5, 2, 3.5], [2, 4.5, 5]).statistic)),
    case(f"correlation of {_text(TWENTY)} and {_text(TWENTY[::-1])}", {R.PEARSON_CORRELATION},
         number(stats.pearsonr(TWENTY, TWENTY[::-1]).statistic)),
    # -- confidence intervals
    case("95% confidence interval for the mean of 2, 4, 4, 4, 5, 5, 7, 9",
         MEAN | SD | {R.STANDARD_ERROR_OF_MEAN, R.T_CRITICAL_VALUE, R.MARGIN_OF_ERROR, R.CONFIDENCE_INTERVAL},
         t_interval(DATA, 0.95)),
    case("99% confidence interval for the mean of 5.1, 4.9, 5.3, 5.0", {R.T_CRITICAL_VALUE},
         t_interval([5.1, 4.9, 5.3, 5.0], 0.99)),
    case("90% CI for the mean of 1, 2, 3 with sigma = 2", {R.Z_CRITICAL_VALUE, R.CONFIDENCE_INTERVAL},
         z_interval(2, 2, 3, 0.90)),
    case("95% confidence interval for the mean of 3 with sigma = 2", {R.Z_CRITICAL_VALUE}, z_interval(3, 2, 1, 0.95)),
    case(f"92.5% confidence interval for the mean of {_text(TWENTY)}", {R.T_CRITICAL_VALUE},
         t_interval(TWENTY, 0.925)),
    case("confidence interval for the mean given n = 25, mean = 10, sd = 2",
         {R.STANDARD_ERROR_OF_MEAN, R.T_CRITICAL_VALUE, R.MARGIN_OF_ERROR, R.CONFIDENCE_INTERVAL},
         interval(*stats.t.interval(0.95, 24, loc=10, scale=2 / 5))),
    case("90% confidence interval for the mean given n = 40, mean = 3.2, sigma = 0.5", {R.Z_CRITICAL_VALUE},
         z_interval(3.2, 0.5, 40, 0.90)),
    case("99% confidence interval for a proportion given 40 successes in 100 trials",
         {R.SAMPLE_PROPORTION, R.STANDARD_ERROR_OF_PROPORTION, R.Z_CRITICAL_VALUE, R.CONFIDENCE_INTERVAL},
         wald(40, 100, 0.99)),
    case("95% confidence interval for a proportion given 3 successes in 10 trials", {R.SAMPLE_PROPORTION},
         wald(3, 10, 0.95)),
    case("99% confidence interval for a proportion given 3 successes in 10 trials", {R.CLIP_INTERVAL},
         wald(3, 10, 0.99)),
    # -- hypothesis tests
    case("t-test of 2, 4, 4, 4, 5, 5, 7, 9 against mean 4", TEST | MEAN | SD | {R.T_STATISTIC},
         test_result(stats.ttest_1samp(DATA, 4))),
    case("one-sample t-test of 1, 2, 3, 4 against mean 1 alternative greater at alpha = 0.01", TEST,
         test_result(stats.ttest_1samp(X4, 1, alternative="greater"), alpha=0.01)),
    case("t-test of 1, 2, 3, 4 against mean 5 alternative less", TEST,
         test_result(stats.ttest_1samp(X4, 5, alternative="less"))),
    case("t-test of 5.1, 4.9, 5.3, 5.0 with mean 5", TEST, test_result(stats.ttest_1samp([5.1, 4.9, 5.3, 5.0], 5))),
    case(f"t-test of {_text(TWENTY)} against mean 15 at alpha = 0.1", TEST,
         test_result(stats.ttest_1samp(TWENTY, 15), alpha=0.1)),
    case("two-sample t-test of 1, 2, 3, 4 and 3, 5, 6, 8, 9",
         TEST | {R.STANDARD_ERROR_OF_DIFFERENCE, R.WELCH_DEGREES_OF_FREEDOM, R.WELCH_T_STATISTIC},
         test_result(stats.ttest_ind(W1, W2, equal_var=False))),
    case("welch t-test of 10, 12, 9, 11 and 20, 19, 22, 18, 21 alternative less", {R.WELCH_T_STATISTIC},
         test_result(stats.ttest_ind([10, 12, 9, 11], [20, 19, 22, 18, 21], equal_var=False, alternative="less"))),
    case("two-sample t-test of 1, 2, 3, 4 and 7, 7, 7", {R.WELCH_DEGREES_OF_FREEDOM},
         test_result(quiet(stats.ttest_ind, X4, [7, 7, 7], equal_var=False))),
    case("paired t-test of 5, 7, 8, 6 and 4, 6, 8, 3", TEST | {R.PAIRED_DIFFERENCES, R.T_STATISTIC},
         test_result(stats.ttest_rel(P1, P2))),
    case("paired t-test of 5, 7, 8, 6 and 4, 6, 8, 3 alternative greater", {R.PAIRED_DIFFERENCES},
         test_result(stats.ttest_rel(P1, P2, alternative="greater"))),
    case(f"paired t-test of {_text(TWENTY)} and {_text(TWENTY[::-1])}", {R.PAIRED_DIFFERENCES},
         test_result(stats.ttest_rel(TWENTY, TWENTY[::-1]))),
    case("z-test of 1, 2, 3 against mean 2 with sigma = 1", ZTEST | {R.STANDARD_ERROR_OF_MEAN},
         z_test([1, 2, 3], 2, 1)),
    case("z-test of 5, 6, 7, 8 against mean 5 with sigma = 2 alternative greater", ZTEST,
         z_test([5, 6, 7, 8], 5, 2, "greater")),
    case("z-test of 5, 6, 7, 8 against mean 8 with sigma = 1.5 alternative less at alpha = 0.1", ZTEST,
         z_test([5, 6, 7, 8], 8, 1.5, "less", 0.1)),
    case("t-test given n = 25, mean = 52, sd = 5 against mean 50",
         {R.STANDARD_ERROR_OF_MEAN, R.T_STATISTIC, R.T_CRITICAL_VALUE}, summary_t_test(25, 52, 5, 50)),
    case("t-test given n = 25, mean = 52, sd = 5 against mean 50 alternative greater at alpha = 0.01",
         {R.T_STATISTIC}, summary_t_test(25, 52, 5, 50, "greater", 0.01)),
    case("t-test given n = 10, mean = 4.2, sd = 1.5 with mean 5, alternative less", {R.T_STATISTIC},
         summary_t_test(10, 4.2, 1.5, 5, "less")),
    case("z-test given n = 25, mean = 52 against mean 50 with sigma = 5", ZTEST, z_test([52], 50, 5 / 5)),
    case("z-test given n = 36, mean = 48, sigma = 6 against mean 50 alternative less", ZTEST,
         z_test([48], 50, 1, "less")),
    case("z-test given n = 16, mean = 10.5 against mean 10 with sigma = 2 alternative greater at alpha = 0.1", ZTEST,
         z_test([10.5], 10, 0.5, "greater", 0.1)),
    # -- maximum likelihood
    case("mle of p for bernoulli data 1, 0, 1, 1, 0", MLE, bernoulli_mle([1, 0, 1, 1, 0])),
    case("maximum likelihood estimate of p for bernoulli data 0, 0, 0", BOUNDARY_MLE, bernoulli_mle([0, 0, 0])),
    case("mle of p for bernoulli data 1, 1", BOUNDARY_MLE, bernoulli_mle([1, 1])),
    case("mle of mu and sigma for normal data 1, 2, 3", MLE | {R.SUM_OF_SQUARES_DECOMPOSITION, R.PROFILE_LIKELIHOOD},
         estimates({"mu": 2, "sigma": math.sqrt(2 / 3)})),
    case("mle of mu for normal data 1.5, 2.5, 4", MLE, estimates({"mu": 8 / 3})),
    case("mle of sigma for normal data 1, 2, 4", {R.PROFILE_LIKELIHOOD}, estimates({"sigma": float(np.std([1, 2, 4]))})),
    case("mle of lambda for poisson data 1, 2, 3, 0", MLE, estimates({"lamda": 1.5})),
    case("mle of λ for poisson data 0, 0", BOUNDARY_MLE, estimates({"lamda": 0})),
    case("maximum likelihood estimate of lambda for poisson data 4, 7, 2, 5, 5, 3", MLE,
         poisson_mle([4, 7, 2, 5, 5, 3])),
    case("mle of λ for exponential data 1.2, 0.4, 2.5", MLE, estimates({"lamda": 1 / stats.expon.fit(
        [1.2, 0.4, 2.5], floc=0)[1]})),
    case("mle of lambda for exponential data 2, 4", MLE, estimates({"lamda": 1 / 3})),
    case(f"maximum likelihood estimates of mu and sigma for normal data {_text(TWENTY)}", MLE,
         estimates({"mu": float(np.mean(TWENTY)), "sigma": float(np.std(TWENTY))})),
]


@pytest.fixture(scope="module")
def solved():
    return {}


def _solve(text, cache):
    if text not in cache:
        cache[text] = solve(text)
    return cache[text]


@pytest.mark.parametrize(("text", "rules", "oracle"), ROWS)
def test_row(text, rules, oracle, solved):
    solution = _solve(text, solved)
    oracle(solution)
    used = {step.rule for _, step in solution.walk()}
    assert rules <= used, f"missing rules: {sorted(r.value for r in rules - used)}"
    assert solution.verified, solution.verification.failed
    shown = to_plain_text(solution)
    assert "NOT verified" not in shown
    to_markdown(solution)
    to_latex_document(solution)


def test_rows_are_many():
    assert len(ROWS) >= 60


def test_every_statistics_rule_is_used(solved):
    used = set()
    for row in ROWS:
        used |= {step.rule for _, step in _solve(row.values[0], solved).walk()}
    assert STATISTICS_RULES - used == set()


def test_every_rule_has_a_template():
    for rule in STATISTICS_RULES:
        info = RULES[rule]
        assert info.title and info.template and info.example


# ----------------------------------------------------------------------------- what a student sees
def test_standard_deviation_reads_like_a_textbook():
    text = to_plain_text(solve("standard deviation of 2 4 4 4 5 5 7 9"))
    assert "2 + 4 + 4 + 4 + 5 + 5 + 7 + 9 = 40" in text
    assert "40/8 = 5" in text
    assert "[2, -3, 9]" in text  # the table: x, x − x̄, (x − x̄)²
    assert "9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32" in text
    assert "n − 1 = 7" in text and "Bessel" in text
    assert "√(32/7) = 4√14/7" in text
    assert "4√14/7 → 2.13809" in text


def test_population_variance_says_divide_by_n():
    text = to_plain_text(solve("population variance of 2 4 4 4 5 5 7 9"))
    assert "whole population" in text and "n = 8" in text and "32/8 = 4" in text


def test_large_data_show_sums_not_tables():
    solution = solve(f"variance of {_text(TWENTY)}")
    rules = [step.rule for _, step in solution.walk()]
    assert Rule.DEVIATION_TABLE not in rules
    sums = [s for _, s in solution.walk() if s.rule == Rule.SUM_OF_VALUES]
    assert sums and sums[0].before.has(ELLIPSIS)
    assert "12 + 15 + 11 + … + 11 + 18 = 294" in to_plain_text(solution)


def test_decimals_typed_stay_decimals_in_the_steps():
    text = to_plain_text(solve("mean of 0.1, 0.2, 0.3"))
    assert "0.1 + 0.2 + 0.3 = 0.6" in text and "0.6/3 = 0.2" in text
    solution = solve("mean of 0.1, 0.2, 0.3")
    assert solution.answer_sympy == "1/5" and float(solution.extra["decimal"]) == 0.2


def test_quartile_method_is_named():
    solution = solve("quartiles of 1, 2, 3, 4")
    assert any("Hyndman–Fan type 7" in a and "numpy" in a for a in solution.assumptions)
    assert "position 1 + (n − 1)·0.25 = 1.75" in to_plain_text(solution)


def test_skewness_and_kurtosis_name_their_definition():
    assert "Fisher–Pearson" in to_plain_text(solve("skewness of 1, 2, 2, 3, 10"))
    assert "excess kurtosis" in to_plain_text(solve("kurtosis of 1, 2, 2, 3, 10"))


def test_modes():
    assert "bimodal" in to_plain_text(solve("mode of 1, 2, 2, 3, 3, 4"))
    solution = solve("mode of 1, 2, 3")
    assert solution.answer == "no mode" and solution.answer_sympy == "[]"
    assert "no mode" in to_plain_text(solution)


def test_confidence_interval_interpretation():
    text = to_plain_text(solve("95% confidence interval for the mean of 2, 4, 4, 4, 5, 5, 7, 9"))
    assert "ν = 7 degrees of freedom" in text
    assert "t[0.025, 7] = 2.36462" in text
    assert "5 ± 1.78749" in text
    assert "We are 95% confident that the population mean μ lies between 3.21251 and 6.78749" in text


def test_wald_interval_is_named_and_warned():
    solution = solve("95% confidence interval for a proportion given 3 successes in 10 trials")
    notes = " ".join(solution.assumptions)
    assert "Wald" in notes and "Wilson" in notes


def test_hypothesis_test_says_everything():
    text = to_plain_text(solve("t-test of 2, 4, 4, 4, 5, 5, 7, 9 against mean 4"))
    for piece in ("H₀: μ = 4", "H₁: μ ≠ 4", "two-tailed", "1/0.755929 = 1.32288", "ν = 7 degrees of freedom",
                  "2·P(T ≥ 1.32288) = 0.227453", "t[0.025, 7] = 2.36462", "|t| > 2.36462",
                  "do not reject H₀", "not enough evidence that the population mean μ differs from 4"):
        assert piece in text, piece


def test_one_sided_and_rejecting():
    text = to_plain_text(solve("t-test of 1, 2, 3, 4 against mean 5 alternative less"))
    assert "H₁: μ < 5" in text and "left-tailed" in text and "reject H₀" in text
    assert "enough evidence that the population mean μ is less than 5" in text


def test_welch_degrees_of_freedom_are_shown():
    solution = solve("two-sample t-test of 1, 2, 3, 4 and 3, 5, 6, 8, 9")
    text = to_plain_text(solution)
    assert "Welch–Satterthwaite" in text
    df = sympy.sympify(solution.answer_sympy)["df"]
    assert math.isclose(float(df), float(stats.ttest_ind(W1, W2, equal_var=False).df), rel_tol=1e-5)


def test_mle_is_derived_symbolically_then_evaluated():
    solution = solve("mle of p for bernoulli data 1, 0, 1, 1, 0")
    text = to_plain_text(solution)
    assert "p^k·(1 - p)^(-k + n)" in text
    assert "⇒ p = k/n" in text
    assert "Chain rule" in text  # the derivative engine's worked tree
    assert solution.answer_sympy == "{p: 3/5}"
    normal = to_plain_text(solve("mle of mu and sigma for normal data 1, 2, 3"))
    assert "⇒ μ = x̄" in normal and "σ = √S_xx/√n" in normal and "√(2/3) = √6/3" in normal


def test_z_test_has_no_degrees_of_freedom():
    solution = solve("z-test of 1, 2, 3 against mean 2 with sigma = 1")
    assert '"df": None' in solution.answer_sympy
    assert sympy.Symbol("df") not in solution.answer


# ----------------------------------------------------------------------------- errors
ERRORS = [
    ("variance of 5", InvalidArgument, "at least two values"),
    ("standard deviation of 5", InvalidArgument, "n − 1 = 0"),
    ("correlation of 1, 2, 3 and 5, 5, 5", InvalidArgument, "constant"),
    ("correlation of 4, 4, 4 and 1, 2, 3", InvalidArgument, "undefined"),
    ("covariance of 1, 2, 3 and 1, 2", InvalidArgument, "3 and 2 values"),
    ("correlation of 1 and 2", InvalidArgument, "at least two pairs"),
    ("skewness of 3, 3, 3", InvalidArgument, "all the values are equal"),
    ("kurtosis of 2, 2", InvalidArgument, "m₂ = 0"),
    ("z-score of 3 in 4, 4, 4", InvalidArgument, "s = 0"),
    ("z-score of 3 in 4", InvalidArgument, "at least two values"),
    ("t-test of 5, 5, 5 against mean 4", InvalidArgument, "degenerate"),
    ("t-test of 5 against mean 4", InvalidArgument, "at least two values"),
    ("paired t-test of 1, 2, 3 and 2, 3, 4", InvalidArgument, "differences are equal"),
    ("paired t-test of 1, 2, 3 and 2, 3", InvalidArgument, "same number"),
    ("two-sample t-test of 1, 1 and 2, 2", InvalidArgument, "both samples are constant"),
    ("two-sample t-test of 1 and 2, 3", InvalidArgument, "at least two values in each"),
    ("95% confidence interval for a proportion given 12 successes in 10 trials", InvalidArgument, "successes"),
    ("95% confidence interval for a proportion given 0 successes in 10 trials", InvalidArgument, "Wald"),
    ("95% confidence interval for a proportion given 10 successes in 10 trials", InvalidArgument, "no width"),
    ("95% confidence interval for the mean of 3, 3, 3", InvalidArgument, "s = 0"),
    ("95% confidence interval for the mean of 3", InvalidArgument, "at least two values"),
    ("95% confidence interval for the mean given n = 1, mean = 3, sd = 2", InvalidArgument, "n ≥ 2"),
    ("95% confidence interval for the mean given n = 2.5, mean = 3, sd = 2", InvalidArgument, "whole number"),
    ("95% confidence interval for the mean given n = 10, mean = 3, sd = 0", InvalidArgument, "positive"),
    ("150% confidence interval for the mean of 1, 2, 3", InvalidArgument, "between 0% and 100%"),
    ("t-test of 1, 2, 3 against mean 2 at alpha = 1.5", InvalidArgument, "alpha"),
    ("mle of p for bernoulli data 1, 0, 2", InvalidArgument, "0s and 1s"),
    ("mle of mu and sigma for normal data 4, 4, 4", InvalidArgument, "S_xx = 0"),
    ("mle of p for normal data 1, 2, 3", InvalidArgument, "no parameter 'p'"),
    ("mle of p for geometric data 1, 2, 3", UnsupportedProblem, "Geometric"),
    ("mle of lambda for poisson data 1, 2.5, 3", InvalidArgument, "counts"),
    ("mle of p for poisson data 1, 2, 3", InvalidArgument, "no parameter 'p'"),
    ("mle of lambda for exponential data 1, -2, 3", InvalidArgument, "never negative"),
    ("mle of lambda for exponential data 0, 0", InvalidArgument, "no maximum"),
    ("z-score of x in 1, 2, 3", InvalidArgument, "must be a number"),
    ("t-test given n = 25, mean = 52 against mean 50", InvalidArgument, "needs n, mean and sd"),
    ("t-test given n = 1, mean = 52, sd = 5 against mean 50", InvalidArgument, "n ≥ 2"),
    ("t-test given n = 2.5, mean = 52, sd = 5 against mean 50", InvalidArgument, "whole number"),
    ("t-test given n = 25, mean = 52, sd = 0 against mean 50", InvalidArgument, "positive"),
    ("paired t-test given n = 25, mean = 52, sd = 5 against mean 50", InvalidArgument, "only the one-sample"),
    ("z-test given n = 25, mean = 52 against mean 50", InvalidArgument, "known σ"),
    ("z-test given n = 25, mean = 52, sigma = 5 against mean 50 with sigma = 5", InvalidArgument, "twice"),
    ("z-score of 130 given mean 100 and sd 0", InvalidArgument, "must be positive"),
    ("z-score of 130 given mean 100", InvalidArgument, "needs the mean and the standard deviation"),
    ("z-score of 130 given n = 5, mean 100 and sd 15", InvalidArgument, "needs the mean and the standard deviation"),
    ("mean of 1, x, 3", ParseError, "unexpected 'x'"),
    ("median of 1, 2, three", ParseError, "unknown name 'three'"),
]


@pytest.mark.parametrize(("text", "error", "fragment"), ERRORS, ids=[e[0] for e in ERRORS])
def test_error(text, error, fragment):
    with pytest.raises(error) as caught:
        solve(text)
    assert fragment in caught.value.message


def test_errors_through_the_api():
    client = create_app().test_client()
    bad = client.post("/api/v1/solve", json={"problem": "correlation of 1, 2, 3 and 5, 5, 5"})
    assert bad.status_code == 422
    body = bad.json["error"]
    assert body["code"] == "invalid_argument" and "constant" in body["message"] and body["hint"]
    located = client.post("/api/v1/solve", json={"problem": "mean of 1, x, 3"})
    assert located.status_code == 400 and located.json["error"]["column"] == 12
    good = client.post("/api/v1/solve", json={"problem": "t-test of 1, 2, 3, 4 against mean 1"})
    assert good.status_code == 200 and good.json["verified"] is True
    assert good.json["kind"] == "hypothesis_test"
    assert sympy.sympify(good.json["answer"]["sympy"])["df"] == 3


def test_solution_json_is_complete():
    data = to_dict(solve("five number summary of 3, 1, 4, 1, 5, 9, 2, 6"))
    assert data["answer"]["sympy"] == "[1, 7/4, 7/2, 21/4, 9]"
    assert all(step["verified"] for step in data["steps"])


# ----------------------------------------------------------------------------- checks can fail
def _tamper(value):
    """A nearby wrong value of the same kind."""
    if isinstance(value, str):
        return value + " (tampered)"
    if isinstance(value, sympy.Interval):
        return sympy.Interval(value.start, value.end + 1)
    if isinstance(value, sympy.MatrixBase):
        return sympy.ImmutableMatrix(value.rows, value.cols, [e + 1 if k == 0 else e for k, e in enumerate(value)])
    if isinstance(value, sympy.Tuple):
        return sympy.Tuple(*(e + 1 if k == 0 else e for k, e in enumerate(value))) if value else sympy.Tuple(1)
    if isinstance(value, sympy.Eq):
        return sympy.Eq(value.lhs, value.rhs + 1)
    if isinstance(value, sympy.Dict):
        return sympy.Dict({k: v + 1 if isinstance(v, sympy.Expr) and v.is_number else v for k, v in value.items()})
    if isinstance(value, sympy.Float):
        return value * sympy.Float("1.01")
    return value + 1


def _replace_at(steps, path: list[int], new_after):
    k, rest = path[0], path[1:]
    step = steps[k]
    if rest:
        step = replace(step, substeps=_replace_at(step.substeps, rest, new_after))
    else:
        step = replace(step, after=new_after)
    return (*steps[:k], step, *steps[k + 1:])


TAMPERED = ["standard deviation of 2 4 4 4 5 5 7 9", "median of 5, 1, 3, 2", "median of 7, 1, 3",
            "mode of 1, 2, 2, 3, 3, 4", "mode of 1, 2, 3", "range of 3, -2, 7", "quartiles of 1, 2, 3, 4",
            "quartiles of 1, 2, 3, 4, 5", "iqr of 1, 2, 3, 4, 5", "five number summary of 3, 1, 4, 1, 5, 9, 2, 6",
            "skewness of 1, 2, 2, 3, 10", "kurtosis of 1, 2, 2, 3, 10", "z-score of 9 in 2 4 4 4 5 5 7 9",
            "z-score of 130 given mean 100 and sd 15",
            "correlation of 1, 2, 3, 4 and 2, 4, 5, 9", "covariance of 1, 2, 3, 4 and 2, 4, 5, 9",
            "population covariance of 1, 2, 3, 4 and 2, 4, 5, 9",
            "population variance of 1, 2, 3",
            "95% confidence interval for the mean of 2, 4, 4, 4, 5, 5, 7, 9",
            "99% confidence interval for a proportion given 40 successes in 100 trials",
            "two-sample t-test of 1, 2, 3, 4 and 3, 5, 6, 8, 9", "paired t-test of 5, 7, 8, 6 and 4, 6, 8, 3",
            "z-test of 5, 6, 7, 8 against mean 5 with sigma = 2 alternative greater",
            "t-test of 1, 2, 3, 4 against mean 5 alternative less",
            "t-test given n = 25, mean = 52, sd = 5 against mean 50 alternative greater",
            "z-test given n = 25, mean = 52 against mean 50 with sigma = 5",
            "mle of p for bernoulli data 1, 0, 1, 1, 0", "mle of mu and sigma for normal data 1, 2, 3",
            f"standard deviation of {_text(TWENTY)}"]


@pytest.mark.parametrize("text", TAMPERED)
def test_every_statistics_check_catches_a_wrong_step(text, solved):
    """Change one step's result at a time: its own check must fail."""
    solution = _solve(text, solved)
    for path, step in solution.walk():
        if step.rule not in STATISTICS_RULES:
            continue
        indices = [int(k) - 1 for k in path.split(".")]
        tampered = replace(solution, steps=_replace_at(solution.steps, indices, _tamper(step.after)),
                           verification=None)
        check = next(c for c in verify(tampered).checks if c.step == path)
        assert not check.passed, f"{path} {step.rule.value} accepted a wrong result"


@pytest.mark.parametrize("text", TAMPERED)
def test_answer_check_catches_a_wrong_answer(text, solved):
    solution = _solve(text, solved)
    tampered = replace(solution, answer=_tamper(solution.answer), verification=None)
    answer_check = next(c for c in verify(tampered).checks if c.step == "answer")
    assert not answer_check.passed


def test_no_check_is_the_none_fallback(solved):
    for row in ROWS:
        for check in _solve(row.values[0], solved).verification.checks:
            assert check.method != "none"


PART_TAMPERS = [
    ("variance of 2 4 4 4 5 5 7 9", Rule.SAMPLE_VARIANCE, "df"),
    ("population variance of 2 4 4 4 5 5 7 9", Rule.POPULATION_VARIANCE, "n"),
    ("mean of 1, 2, 3, 4", Rule.MEAN_OF_VALUES, "n"),
    ("variance of 2 4 4 4 5 5 7 9", Rule.DEVIATION_TABLE, "mean"),
    ("quartiles of 1, 2, 3, 4", Rule.QUARTILE_INTERPOLATION, "position"),
    ("median of 5, 1, 3, 2", Rule.MEDIAN_TWO_MIDDLE_VALUES, "lower"),
    ("range of 3, -2, 7", Rule.DATA_RANGE, "maximum"),
    ("mode of 1, 2, 2, 3", Rule.MODE_MOST_FREQUENT, "count"),
    ("skewness of 1, 2, 2, 3, 10", Rule.SKEWNESS_COEFFICIENT, "sign_word"),
    ("95% confidence interval for the mean of 2, 4, 4, 4, 5, 5, 7, 9", Rule.T_CRITICAL_VALUE, "tail_area"),
    ("95% confidence interval for the mean of 2, 4, 4, 4, 5, 5, 7, 9", Rule.T_CRITICAL_VALUE, "df"),
    ("t-test of 2, 4, 4, 4, 5, 5, 7, 9 against mean 4", Rule.T_P_VALUE, "df"),
    ("t-test of 2, 4, 4, 4, 5, 5, 7, 9 against mean 4", Rule.TEST_DECISION, "alpha"),
    ("t-test of 2, 4, 4, 4, 5, 5, 7, 9 against mean 4", Rule.STATE_HYPOTHESES, "tails"),
    ("two-sample t-test of 1, 2, 3, 4 and 3, 5, 6, 8, 9", Rule.WELCH_DEGREES_OF_FREEDOM, "v1"),
    ("mle of mu and sigma for normal data 1, 2, 3", Rule.PROFILE_LIKELIHOOD, "estimate"),
]


@pytest.mark.parametrize(("text", "rule", "part"), PART_TAMPERS, ids=[f"{t[1].value}.{t[2]}" for t in PART_TAMPERS])
def test_checks_read_the_parts_the_sentence_states(text, rule, part, solved):
    solution = _solve(text, solved)
    path, step = next((p, s) for p, s in solution.walk() if s.rule == rule)
    wrong = replace(step, parts={**step.parts, part: _tamper(step.parts[part])})
    indices = [int(k) - 1 for k in path.split(".")]

    def put(steps, where):
        k, rest = where[0], where[1:]
        new = replace(steps[k], substeps=put(steps[k].substeps, rest)) if rest else wrong
        return (*steps[:k], new, *steps[k + 1:])

    tampered = replace(solution, steps=put(solution.steps, indices), verification=None)
    check = next(c for c in verify(tampered).checks if c.step == path)
    assert not check.passed


# ----------------------------------------------------------------------------- review fixes
@pytest.mark.parametrize("text, p_shown, statistic_shown, critical_shown, decision", [
    ("z-test of 1.959964 against mean 0 with sigma = 1", "0.049999998", "1.959964", "1.95996398", "reject H₀"),
    ("z-test of 1.6448536 against mean 0 with sigma = 1 alternative greater", "0.050000003", "1.6448536",
     "1.64485363", "do not reject H₀"),
])
def test_a_decision_at_the_edge_shows_the_digits_that_decide_it(text, p_shown, statistic_shown, critical_shown,
                                                                decision):
    solution = solve(text)
    out = to_plain_text(solution)
    relation = "<" if decision == "reject H₀" else "≥"
    assert f"{p_shown} {relation} 0.05 ⇒ {decision}" in out, out
    assert f"z = {statistic_shown}" in out and critical_shown in out
    assert "0.05 < 0.05" not in out and "0.05 ≥ 0.05" not in out
    assert verify(solution).passed


def test_the_decision_check_uses_full_precision():
    """The decision reversed at the edge (the words and the comparison flipped together) is caught."""
    solution = solve("z-test of 1.959964 against mean 0 with sigma = 1")
    decide = solution.steps[-1]
    flipped = replace(decide, before=sympy.Ge(decide.before.lhs, decide.before.rhs, evaluate=False),
                      after="do not reject H₀",
                      parts={**decide.parts, "p_word": "not smaller than", "region_word": "does not fall in",
                             "decision": "do not reject", "evidence": "is not enough",
                             "p_value": sympy.Float("0.05", 6)})
    assert not verify(replace(solution, steps=(*solution.steps[:-1], flipped))).passed


@pytest.mark.parametrize("text, likelihood, estimate", [
    ("mle of p for bernoulli data 1, 1, 1", "L(p) = p^n", "p = 1"),
    ("mle of p for bernoulli data 0, 0", "L(p) = (1 - p)^n", "p = 0"),
    ("mle of lambda for poisson data 0, 0, 0", "L(λ) = e^(-λ·n)", "λ = 0"),
])
def test_mle_at_the_boundary_argues_from_a_monotone_likelihood(text, likelihood, estimate):
    solution = solve(text)
    out = to_plain_text(solution)
    used = {s.rule for _, s in solution.walk()}
    assert Rule.MONOTONE_LIKELIHOOD in used
    assert not used & {Rule.SCORE_EQUATION, Rule.LIKELIHOOD_SECOND_DERIVATIVE}
    assert likelihood in out and estimate in out and "0 < k < n" not in out and "for k > 0" not in out
    assert verify(solution).passed


def test_a_wrong_boundary_claim_is_caught():
    solution = solve("mle of p for bernoulli data 1, 1, 1")
    step = next(s for s in solution.steps if s.rule == Rule.MONOTONE_LIKELIHOOD)
    p = step.parts["var"]
    bad = replace(step, after=sympy.Eq(p, 0, evaluate=False))
    steps = tuple(bad if s is step else s for s in solution.steps)
    assert not verify(replace(solution, steps=steps)).passed


def test_a_proportion_interval_outside_0_1_is_clipped_in_the_answer_and_the_sentence():
    solution = solve("99% confidence interval for a proportion given 3 successes in 10 trials")
    out = to_plain_text(solution)
    assert solution.answer.start == 0 and math.isclose(float(solution.answer.end), 0.673273, rel_tol=1e-6)
    assert "lies between 0 and 0.673273" in out and "clipped to [0, 1]" in out
    assert sympy.sympify(solution.answer_sympy).start == 0
    assert verify(solution).passed
    unclipped = replace(solution, answer=solution.steps[-1].before)
    assert not verify(unclipped).passed


def test_decimal_data_give_decimal_forms():
    out = to_plain_text(solve("mean of 0.1, 0.2, 0.4"))
    assert "7/30 → 0.233333" in out
    solution = solve("quartiles of 1.5, 2.25, 3.1, 4.7")
    out = to_plain_text(solution)
    assert "Answer: 2.0625, 2.675, 3.5" in out and verify(solution).passed
    assert sympy.sympify(solution.answer_sympy) == [sympy.Rational(33, 16), sympy.Rational(107, 40), sympy.Rational(7, 2)]


@pytest.mark.parametrize("text, problem", [
    ("z-score of 9 in 2, 4, 4, 4, 5, 5, 7, 9", "z-score of 9 in 2, 4, 4, 4, 5, 5, 7, 9"),
    ("z-score of 130 with mean = 100, sd = 15", "z-score of 130 given mean 100 and standard deviation 15"),
    ("population covariance of 1, 2, 3 and 2, 4, 5", "population covariance (n) of 1, 2, 3 and 2, 4, 5"),
    ("covariance of 1, 2, 3 and 2, 4, 5", "sample covariance of 1, 2, 3 and 2, 4, 5"),
    ("95% confidence interval for the mean of 2, 4, 4, 4, 5, 5, 7, 9",
     "95% t interval for the mean μ from 2, 4, 4, 4, 5, 5, 7, 9"),
    ("two-sample t-test of 1, 2, 3 and 4, 5, 7", "Welch two-sample t test of 1, 2, 3 and 4, 5, 7: H₀: μ₁ = μ₂"),
    ("paired t-test of 5, 7, 8, 6 and 4, 6, 8, 3", "paired t test of 5, 7, 8, 6 and 4, 6, 8, 3"),
    ("z-test of 1.959964 against mean 0 with sigma = 1", "one-sample z test of 1.959964: H₀: μ = 0"),
    ("t-test given n = 25, mean = 52, sd = 5 against mean 50",
     "one-sample t test given n = 25, x̄ = 52, s = 5: H₀: μ = 50 against H₁: μ ≠ 50"),
    ("z-test given n = 25, mean = 52 against mean 50 with sigma = 5",
     "one-sample z test given n = 25, x̄ = 52, σ = 5: H₀: μ = 50"),
    ("population variance of 2.5, 3, 4", "population variance (n) of 2.5, 3, 4"),
    ("population standard deviation of 1, 2", "population standard deviation (n) of 1, 2"),
    ("standard deviation of 1, 2", "sample standard deviation (n − 1) of 1, 2"),
    ("five number summary of 1, 2, 3", "five-number summary of 1, 2, 3"),
    ("mle of p for bernoulli data 1, 0, 1", "maximum likelihood estimate of p for Bernoulli data 1, 0, 1"),
    (f"mean of {_text(TWENTY)}", "mean of 12, 15, 11, …, 11, 18"),
])
def test_the_problem_line_is_a_readable_statement(text, problem):
    out = to_plain_text(solve(text)).splitlines()[0]
    assert out.startswith(f"Problem: {problem}"), out
    for internal in ("zscore", "cov(", "CI(", "ttest", "ztest", "pvariance", "pstdev", "stdev", "fivenum", "mle(",
                     "[["):
        assert internal not in out, out


def test_small_wording_fixes():
    out = to_plain_text(solve("population variance of 2 4 4 4 5 5 7 9"))
    assert "Mean μ" in out and "x − μ" in out and "x̄" not in out
    out = to_plain_text(solve("correlation of 1, 2, 3, 4 and 2, 4, 5, 9"))
    assert "11 / √(5·26)" in out and "·1/√" not in out
    out = to_plain_text(solve("z-test of 1.959964 against mean 0 with sigma = 1"))
    assert "Add up the 1 values" not in out
