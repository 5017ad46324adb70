"""The probability engine, problem by problem: text -> worked steps -> answer, verified.

Every row of the table is solved and compared with an oracle the engine does not use:
scipy.stats (``pmf``/``cdf``/``sf``, evaluated here on parameters written out by hand), or an
exact value worked out by hand (fractions, ``math.comb`` sums, e^-λ terms).  Besides the answer,
each row checks that

- the kind is right and the solution is verified;
- ``answer_sympy`` reads back with ``sympy.sympify`` to the answer, and ``extra["decimal"]``
  agrees with it; exact inputs give an exact (Rational) answer, never a Float;
- the steps use the expected rules (``pmf_sum``, ``complement_rule``, ``standardize``,
  ``normal_cdf``, ``bayes_theorem`` …);
- the assumptions say how the distribution was read (``N(μ, σ²)``: variance,
  ``Normal(μ, σ)``: standard deviation).

Then: refusals (bad parameters, tables not summing to 1, inconsistent event probabilities)
with their message and hint; the sentences of ``to_plain_text``; the verifier catching a
corrupted step; and the API.  Known engine bugs are ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from fractions import Fraction

import pytest
import sympy
from scipy import stats
from steptree import replace_at
from sympy import E, Rational, exp, sqrt

from api import create_app
from grammar import InvalidArgument, TooExpensive
from solver import solve
from solver.render.document import to_plain_text
from solver.rules import Rule
from solver.steps import Minus, Plus, Times
from solver.verify import verify

R = Rational
REL = 1e-9


def case(text, kind, expected, rules=(), *marks, assumes=()):
    """``expected``: an exact sympy value (by hand) or a float (scipy)."""
    return pytest.param(text, kind, expected, tuple(rules), tuple(assumes), id=text, marks=marks)


def bug(reason, raises=None):
    return pytest.mark.xfail(strict=True, reason="engine bug: " + reason, raises=raises)


def binom_sum(n, p, ks):
    """Σ C(n, k) p^k (1 − p)^(n − k) over ks, exactly."""
    p = Fraction(p)
    total = sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in ks)
    return R(total.numerator, total.denominator)


def norm_between(mu, sigma, a, b):
    d = stats.norm(mu, sigma)
    return float(d.cdf(b) - d.cdf(a))


N01 = stats.norm(0, 1)
CHI3 = stats.chi2(3)
T5 = stats.t(5)
E2 = exp(-2)

# the spec's conventions on reading the normal's second parameter
VARIANCE = "N(μ, σ²): the second parameter is the variance"
SD = "Normal(μ, σ): the second parameter is the standard deviation"
CONTINUOUS = "P(X = a) = 0"

# ----------------------------------------------------------------------------- the table
ROWS = [
    # -- Bernoulli(0.3): every form
    case("P(X = 1) where X ~ Bernoulli(0.3)", "distribution_probability", R(3, 10), ["pmf_formula", "pmf_term"],
         assumes=["Bernoulli(p = 0.3)"]),
    case("P(X < 1) where X ~ Bernoulli(0.3)", "distribution_probability", R(7, 10), ["discrete_event", "pmf_term"]),
    case("P(X <= 0) where X ~ Bernoulli(0.3)", "distribution_probability", R(7, 10), ["pmf_term"]),
    case("P(X > 0) where X ~ Bernoulli(0.3)", "distribution_probability", R(3, 10), ["discrete_event"]),
    case("P(X >= 1) where X ~ Bernoulli(0.3)", "distribution_probability", R(3, 10), ["pmf_term"]),
    case("P(0 <= X <= 1) where X ~ Bernoulli(0.3)", "distribution_probability", R(1), ["certain_event"]),
    case("P(0 < X < 1) where X ~ Bernoulli(0.3)", "distribution_probability", R(0), ["impossible_event"]),
    # -- Binomial(10, 0.5): P(X = k) = C(10, k)/1024
    case("P(X = 3) where X ~ Binomial(10, 0.5)", "distribution_probability", R(15, 128), ["pmf_formula", "pmf_term"],
         assumes=["Binomial(n = 10, p = 0.5)"]),
    case("P(X = 3) given X ~ Binomial(10, 0.5)", "distribution_probability", R(15, 128), ["pmf_term"]),
    case("P(X < 3) where X ~ Binomial(10, 0.5)", "distribution_probability", R(7, 128),
         ["discrete_event", "pmf_sum", "pmf_term"]),
    case("P(X <= 2) where X ~ Binomial(10, 0.5)", "distribution_probability", R(7, 128), ["pmf_sum", "pmf_term"]),
    case("P(X > 8) where X ~ Binomial(10, 0.5)", "distribution_probability", R(11, 1024), ["discrete_event", "pmf_sum"]),
    case("P(X >= 1) where X ~ Binomial(10, 0.5)", "distribution_probability", R(1023, 1024),
         ["complement_rule", "pmf_term"]),
    case("P(2 <= X <= 4) where X ~ Binomial(10, 0.5)", "distribution_probability", R(375, 1024), ["pmf_sum"]),
    case("P(2 < X < 5) where X ~ Binomial(10, 0.5)", "distribution_probability", R(165, 512),
         ["discrete_event", "pmf_sum"]),
    case("P(X != 3) where X ~ Binomial(5, 0.5)", "distribution_probability", R(11, 16), ["complement_rule"]),
    case("P(3 > X) where X ~ Binomial(5, 0.5)", "distribution_probability", R(1, 2), ["discrete_event"]),
    case("P(X = 11) where X ~ Binomial(10, 0.5)", "distribution_probability", R(0), ["impossible_event"]),
    case("P(X ≥ 2) where X ~ Binomial(4, 1/3)", "distribution_probability", R(11, 27), ["pmf_sum"]),
    case("P(X = 2) where X ~ Binomial(6, 1/3)", "distribution_probability", R(80, 243), ["pmf_term"]),
    case("P(X ≥ 1) where X ~ Binomial(5, 0.3)", "distribution_probability", R(83193, 100000),
         ["complement_rule", "pmf_term"]),
    case("P(X <= 12) where X ~ Binomial(20, 0.5)", "distribution_probability", binom_sum(20, R(1, 2), range(13)),
         ["complement_rule", "pmf_sum", "pmf_term"]),
    case("P(X <= 12) where X ~ Binomial(30, 0.4)", "distribution_probability", binom_sum(30, R(2, 5), range(13)),
         ["discrete_cdf"]),
    case("P(X = 1) where X ~ Binomial(n=10, p=0.5)", "distribution_probability", R(5, 512), ["pmf_term"]),
    case("P(X >= 10) where X ~ Binomial(20, 0.5)", "distribution_probability",
         binom_sum(20, R(1, 2), range(10, 21)), ["complement_rule", "discrete_cdf"]),
    case("P(5 <= X <= 20) where X ~ Binomial(30, 0.5)", "distribution_probability",
         binom_sum(30, R(1, 2), range(5, 21)), ["discrete_cdf"]),
    case("P(0 <= X <= 10) where X ~ Binomial(10, 0.5)", "distribution_probability", R(1), ["certain_event"]),
    case("P(X <= 50) where X ~ Binomial(100, 0.5)", "distribution_probability", binom_sum(100, R(1, 2), range(51)),
         ["discrete_cdf"]),
    case("P(1 <= X <= 9) where X ~ Binomial(10, 0.5)", "distribution_probability", R(1022, 1024),
         ["complement_rule", "pmf_sum"]),
    case("P(X >= 90) where X ~ Binomial(100, 0.5)", "distribution_probability",
         float(stats.binom(100, 0.5).sf(89)), ["complement_rule", "discrete_cdf"]),
    # -- Poisson(2): P(X = k) = e⁻²·2^k/k! = e⁻²·(1, 2, 2, 4/3, 2/3, …)
    case("P(X = 0) where X ~ Poisson(2)", "distribution_probability", E2, ["pmf_formula", "pmf_term"],
         assumes=["Poisson(λ = 2)"]),
    case("P(X < 2) given X ~ Poisson(2)", "distribution_probability", 3 * E2, ["discrete_event", "pmf_sum"]),
    case("P(X <= 2) where X ~ Poisson(2)", "distribution_probability", 5 * E2, ["pmf_sum", "pmf_term"]),
    case("P(X > 1) where X ~ Poisson(2)", "distribution_probability", 1 - 3 * E2,
         ["discrete_event", "complement_rule", "pmf_sum"]),
    case("P(X >= 1) where X ~ Poisson(2)", "distribution_probability", 1 - E2, ["complement_rule", "pmf_term"]),
    case("P(1 <= X <= 3) where X ~ Poisson(2)", "distribution_probability", R(16, 3) * E2, ["pmf_sum"]),
    case("P(1 < X < 4) where X ~ Poisson(2)", "distribution_probability", R(10, 3) * E2,
         ["discrete_event", "pmf_sum"]),
    case("P(X > 5) where X ~ Poisson(2)", "distribution_probability", 1 - R(109, 15) * E2, ["complement_rule"]),
    case("P(X = 2) where X ~ Poisson(2.5)", "distribution_probability", R(25, 8) * exp(R(-5, 2)), ["pmf_term"]),
    case("P(X ≤ 1) given X ~ Poisson(1.5)", "distribution_probability", R(5, 2) * exp(R(-3, 2)), ["pmf_sum"]),
    case("P(X <= 2.5) where X ~ Poisson(3)", "distribution_probability", R(17, 2) * exp(-3), ["discrete_event"]),
    case("P(X = 2.5) where X ~ Poisson(3)", "distribution_probability", R(0), ["impossible_event"]),
    case("P(X < 0) where X ~ Poisson(3)", "distribution_probability", R(0), ["impossible_event"]),
    case("P(X <= 10) where X ~ Poisson(5)", "distribution_probability", float(stats.poisson(5).cdf(10)),
         ["discrete_cdf"]),
    case("P(X = 1) where X ~ Poisson(λ=2)", "distribution_probability", 2 * E2, ["pmf_term"]),
    case("P(X >= 10) where X ~ Poisson(2)", "distribution_probability", float(stats.poisson(2).sf(9)),
         ["complement_rule", "discrete_cdf"]),
    case("P(X >= 0) where X ~ Poisson(1)", "distribution_probability", R(1), ["certain_event"]),
    case("P(X > 30) where X ~ Poisson(2)", "distribution_probability", float(stats.poisson(2).sf(30)),
         ["complement_rule", "discrete_cdf"]),
    # -- Geometric(0.3), trials to the first success: P(X = k) = 0.7^(k−1)·0.3
    case("P(X = 3) where X ~ Geometric(0.3)", "distribution_probability", R(147, 1000), ["pmf_formula", "pmf_term"],
         assumes=["Geometric(p = 0.3)"]),
    case("P(X < 3) where X ~ Geometric(0.3)", "distribution_probability", R(51, 100), ["discrete_event", "pmf_sum"]),
    case("P(X <= 2) where X ~ Geometric(0.3)", "distribution_probability", R(51, 100), ["pmf_sum"]),
    case("P(X > 2) where X ~ Geometric(0.3)", "distribution_probability", R(49, 100), ["complement_rule"]),
    case("P(X >= 3) where X ~ Geometric(0.3)", "distribution_probability", R(49, 100), ["complement_rule"]),
    case("P(2 <= X <= 4) where X ~ Geometric(0.3)", "distribution_probability", R(4599, 10000), ["pmf_sum"]),
    case("P(2 < X < 5) where X ~ Geometric(0.3)", "distribution_probability", R(2499, 10000),
         ["discrete_event", "pmf_sum"]),
    case("P(X = 0) where X ~ Geometric(0.3)", "distribution_probability", R(0), ["impossible_event"]),
    case("P(X = 1) where X ~ Geometric(1)", "distribution_probability", R(1), ["pmf_term"]),
    case("P(X > 2) where X ~ Geometric(1)", "distribution_probability", R(0), ["complement_rule"]),
    case("P(X > 9) where X ~ Geometric(0.5)", "distribution_probability", R(1, 512), ["complement_rule",
                                                                                        "discrete_cdf"]),
    case("P(X >= 1) where X ~ Geometric(0.3)", "distribution_probability", R(1), ["certain_event"]),
    # -- a table: P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3
    case("P(X = 1) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(1, 2), ["table_value"]),
    case("P(X < 2) given P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(7, 10),
         ["discrete_event", "pmf_sum"]),
    case("P(X <= 1) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(7, 10), ["pmf_sum"]),
    case("P(X > 0) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(4, 5),
         ["discrete_event", "pmf_sum"]),
    case("P(X >= 1) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(4, 5), ["pmf_sum"]),
    case("P(0 <= X <= 1) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(7, 10),
         ["pmf_sum"]),
    case("P(0 < X < 2) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(1, 2),
         ["discrete_event"]),
    case("P(X != 2) where P(X=1)=0.25, P(X=2)=0.25, P(X=3)=0.5", "distribution_probability", R(3, 4),
         ["complement_rule"]),
    case("P(X > 0) where P(X=-1)=0.5, P(X=1)=0.5", "distribution_probability", R(1, 2), ["discrete_event"]),
    case("P(X = 5) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(0),
         ["impossible_event"]),
    case("P(X != 5) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(1),
         ["complement_rule", "impossible_event"]),
    case("P(X <= 2) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "distribution_probability", R(1),
         ["certain_event"]),
    case("P(X <= 0.7) where P(X=0)=0.5, P(X=0.5)=0.25, P(X=1)=0.25", "distribution_probability", R(3, 4),
         ["pmf_sum", "table_value"]),
    case("P(X <= 1) where P(X=0.5)=0.5, P(X=1.5)=0.5", "distribution_probability", R(1, 2), ["table_value"]),
    case("P(X > 0.5) where P(X=0.5)=0.5, P(X=1.5)=0.5", "distribution_probability", R(1, 2), ["table_value"]),
    case("P(X >= 0.25) where P(X=0)=0.1, P(X=0.25)=0.2, P(X=0.5)=0.3, P(X=0.75)=0.4", "distribution_probability",
         R(9, 10), ["complement_rule", "table_value"]),
    # -- Uniform(0, 4): F(x) = x/4
    case("P(X = 1) where X ~ Uniform(0, 4)", "distribution_probability", R(0), ["continuous_point"]),
    case("P(X < 1) where X ~ Uniform(0, 4)", "distribution_probability", R(1, 4), ["cdf_difference"],
         assumes=["Uniform(a = 0, b = 4)", CONTINUOUS]),
    case("P(X <= 3) where X ~ Uniform(0, 4)", "distribution_probability", R(3, 4), ["cdf_difference"]),
    case("P(X > 1) where X ~ Uniform(0, 4)", "distribution_probability", R(3, 4), ["cdf_difference"]),
    case("P(X >= 3.5) where X ~ Uniform(0, 4)", "distribution_probability", R(1, 8), ["cdf_difference"]),
    case("P(1 <= X <= 3) where X ~ Uniform(0, 4)", "distribution_probability", R(1, 2), ["cdf_difference"]),
    case("P(0.5 < X < 1.5) where X ~ Uniform(0, 4)", "distribution_probability", R(1, 4), ["cdf_difference"]),
    case("P(X > 5) where X ~ Uniform(0, 4)", "distribution_probability", R(0), ["cdf_difference"]),
    case("P(X > -1) where X ~ Uniform(a=0, b=4)", "distribution_probability", R(1), ["cdf_difference"]),
    # -- Normal: standardise, Φ, combine
    case("P(X = 1.5) where X ~ N(0, 1)", "distribution_probability", R(0), ["continuous_point"]),
    case("P(X < 1.96) where X ~ N(0, 1)", "distribution_probability", float(N01.cdf(1.96)),
         ["standardize", "normal_cdf", "standard_normal_probability"], assumes=[VARIANCE, CONTINUOUS]),
    case("P(X <= -1) where X ~ N(0, 1)", "distribution_probability", float(N01.cdf(-1)),
         ["standardize", "normal_cdf"]),
    case("X ~ N(0, 1), find P(X > 1.96)", "distribution_probability", float(N01.sf(1.96)),
         ["standardize", "normal_cdf", "standard_normal_probability"], assumes=[VARIANCE]),
    case("P(X >= 1.645) where X ~ N(0, 1)", "distribution_probability", float(N01.sf(1.645)),
         ["standardize", "normal_cdf"]),
    case("P(1 <= X <= 2) given X ~ N(0, 1)", "distribution_probability", norm_between(0, 1, 1, 2),
         ["standardize", "normal_cdf", "standard_normal_probability"]),
    case("P(-1.96 < X < 1.96) where X ~ N(0, 1)", "distribution_probability", norm_between(0, 1, -1.96, 1.96),
         ["standardize", "normal_cdf"]),
    case("P(X > 130) where X ~ Normal(mean=100, sd=15)", "distribution_probability",
         float(stats.norm(100, 15).sf(130)), ["standardize", "normal_cdf"], assumes=[SD, "σ = 15"]),
    case("P(X > 130) where X ~ N(100, 225)", "distribution_probability", float(stats.norm(100, 15).sf(130)),
         ["standardize", "normal_cdf"], assumes=[VARIANCE, "σ = 15"]),
    case("P(X > 2) given X ~ N(1, 4)", "distribution_probability", float(stats.norm(1, 2).sf(2)),
         ["standardize"], assumes=[VARIANCE, "σ = 2"]),
    case("P(X <= 2) given X ~ Normal(1, 2)", "distribution_probability", float(stats.norm(1, 2).cdf(2)),
         ["standardize"], assumes=[SD, "σ = 2"]),
    case("P(X < 1) given X ~ Normal(0, var=4)", "distribution_probability", float(stats.norm(0, 2).cdf(1)),
         ["standardize"], assumes=["σ = 2"]),
    case("P(1 < X < 5) where X ~ Normal(mu=3, sigma=2)", "distribution_probability", norm_between(3, 2, 1, 5),
         ["standardize"], assumes=[SD]),
    case("P(-1 < X < 2.5) where X ~ N(1, 0.5625)", "distribution_probability", norm_between(1, 0.75, -1, 2.5),
         ["standardize"], assumes=[VARIANCE, "σ = 0.75"]),
    case("P(X > 1) where X ~ N(0, 2)", "distribution_probability", float(stats.norm(0, math.sqrt(2)).sf(1)),
         ["standardize"], assumes=[VARIANCE]),
    case("P(X > 1) where X ~ Gaussian(0, 1)", "distribution_probability", float(N01.sf(1)), ["standardize"],
         assumes=[SD]),
    case("P(X != 2) where X ~ N(0, 1)", "distribution_probability", R(1), ["continuous_point"]),
    # -- Exponential(2): F(x) = 1 − e^(−2x)
    case("P(X = 1) where X ~ Exponential(2)", "distribution_probability", R(0), ["continuous_point"]),
    case("P(X < 1) where X ~ Exponential(2)", "distribution_probability", 1 - E2, ["cdf_difference"],
         assumes=["Exponential(λ = 2)", CONTINUOUS]),
    case("P(X <= 0.5) where X ~ Exponential(2)", "distribution_probability", 1 - exp(-1), ["cdf_difference"]),
    case("P(X > 1) where X ~ Exponential(2)", "distribution_probability", E2, ["cdf_difference"]),
    case("P(X >= 3) where X ~ Exponential(2)", "distribution_probability", exp(-6), ["cdf_difference"]),
    case("P(1 <= X <= 2) where X ~ Exponential(2)", "distribution_probability", E2 - exp(-4), ["cdf_difference"]),
    case("P(0.5 < X < 1) where X ~ Exponential(2)", "distribution_probability", exp(-1) - E2, ["cdf_difference"]),
    case("P(X > 3/4) where X ~ Exponential(1/2)", "distribution_probability", exp(R(-3, 8)), ["cdf_difference"]),
    case("P(X > 1) where X ~ Exponential(rate=2)", "distribution_probability", E2, ["cdf_difference"]),
    case("P(X < 2) where X ~ ChiSquared(df=3)", "distribution_probability", float(CHI3.cdf(2)), ["cdf_difference"]),
    case("P(X > 2) where X ~ StudentT(df=5)", "distribution_probability", float(stats.t(5).sf(2)),
         ["cdf_difference"]),
    # -- Chi-squared(3): no elementary CDF, decimals
    case("P(X = 2) where X ~ ChiSquared(3)", "distribution_probability", R(0), ["continuous_point"]),
    case("P(X < 2) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.cdf(2)), ["cdf_difference"],
         assumes=["ChiSquared(k = 3)"]),
    case("P(X <= 4.5) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.cdf(4.5)), ["cdf_difference"]),
    case("P(X > 7.81) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.sf(7.81)), ["cdf_difference"]),
    case("P(X >= 1) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.sf(1)), ["cdf_difference"]),
    case("P(1 <= X <= 3) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.cdf(3) - CHI3.cdf(1)),
         ["cdf_difference"]),
    case("P(0.5 < X < 2) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.cdf(2) - CHI3.cdf(0.5)),
         ["cdf_difference"]),
    case("P(X < 3.84) where X ~ ChiSquared(1)", "distribution_probability", float(stats.chi2(1).cdf(3.84)),
         ["cdf_difference"]),
    # -- Student t(5)
    case("P(X = 2) where X ~ StudentT(5)", "distribution_probability", R(0), ["continuous_point"]),
    case("P(X < 2) where X ~ StudentT(5)", "distribution_probability", float(T5.cdf(2)), ["cdf_difference"]),
    case("P(X <= -1.5) where X ~ StudentT(5)", "distribution_probability", float(T5.cdf(-1.5)), ["cdf_difference"],
         assumes=["StudentT(ν = 5)"]),
    case("P(X > 2.015) where X ~ StudentT(5)", "distribution_probability", float(T5.sf(2.015)), ["cdf_difference"]),
    case("P(X >= 1) where X ~ StudentT(5)", "distribution_probability", float(T5.sf(1)), ["cdf_difference"]),
    case("P(1 <= X <= 3) where X ~ StudentT(5)", "distribution_probability", float(T5.cdf(3) - T5.cdf(1)),
         ["cdf_difference"]),
    case("P(-2.571 < X < 2.571) where X ~ StudentT(5)", "distribution_probability",
         float(T5.cdf(2.571) - T5.cdf(-2.571)), ["cdf_difference"]),
    case("P(X > 25) where X ~ StudentT(3)", "distribution_probability", float(stats.t(3).sf(25)), ["cdf_difference"]),
    case("P(X > 200) where X ~ ChiSquared(3)", "distribution_probability", float(CHI3.sf(200)),
         ["cdf_difference"]),
    case("P(X > 2) where X ~ t(5)", "distribution_probability", float(T5.sf(2)), ["cdf_difference"]),
    # -- moments from the formulas of named distributions
    case("E[X] where X ~ Binomial(10, 0.3)", "moment", R(3), ["moment_formula"], assumes=["Binomial(n = 10"]),
    case("Var(X) where X ~ Binomial(10, 0.3)", "moment", R(21, 10), ["moment_formula"]),
    case("SD(X) where X ~ Binomial(10, 0.3)", "moment", sqrt(210) / 10,
         ["moment_formula", "standard_deviation_from_variance"]),
    case("E[X] where X ~ Bernoulli(0.3)", "moment", R(3, 10), ["moment_formula"]),
    case("Var(X) where X ~ Bernoulli(0.3)", "moment", R(21, 100), ["moment_formula"]),
    case("E[X] where X ~ Poisson(2.5)", "moment", R(5, 2), ["moment_formula"]),
    case("Var(X) where X ~ Poisson(2.5)", "moment", R(5, 2), ["moment_formula"]),
    case("SD(X) where X ~ Poisson(4)", "moment", R(2), ["standard_deviation_from_variance"]),
    case("E[X] where X ~ Geometric(0.25)", "moment", R(4), ["moment_formula"]),
    case("Var(X) where X ~ Geometric(0.25)", "moment", R(12), ["moment_formula"]),
    # -- linear transformations a·X + b, after the moment of X (scipy's moments of X, transformed by hand)
    case("E[2X + 3] where X ~ Poisson(4)", "moment", R(11), ["moment_formula", "linear_expectation"]),
    case("Var(2X + 3) where X ~ Binomial(10, 0.3)", "moment", R(42, 5), ["moment_formula", "linear_variance"]),
    case("SD(3 - 2X) where X ~ Normal(1, 2)", "moment", R(4), ["linear_standard_deviation"]),
    case("E(X/2 - 1) where X ~ Exponential(0.5)", "moment", 0.5 * stats.expon(scale=2).mean() - 1,
         ["linear_expectation"]),
    case("E[3X] where X ~ Binomial(10, 1/2)", "moment", R(15), ["linear_expectation"]),
    case("Var(5 - X) where X ~ Uniform(0, 6)", "moment", stats.uniform(0, 6).var(), ["linear_variance"]),
    case("Var(2X + 1) where P(X=0)=0.5, P(X=1)=0.5", "moment", R(1), ["variance_shortcut", "linear_variance"]),
    case("E[10 - 3X] where P(X=1)=0.2, P(X=2)=0.8", "moment", R(10) - 3 * R(9, 5), ["linear_expectation"]),
    case("SD(X) where X ~ Geometric(0.25)", "moment", 2 * sqrt(3), ["standard_deviation_from_variance"]),
    case("E[X] where X ~ Uniform(2, 6)", "moment", R(4), ["moment_formula"]),
    case("Var(X) where X ~ Uniform(2, 6)", "moment", R(4, 3), ["moment_formula"]),
    case("SD(X) where X ~ Uniform(0, 12)", "moment", 2 * sqrt(3), ["standard_deviation_from_variance"]),
    case("E[X] where X ~ Normal(mean=3, sd=2)", "moment", R(3), ["moment_formula"], assumes=[SD]),
    case("Var(X) where X ~ N(0, 4)", "moment", R(4), ["moment_formula"], assumes=[VARIANCE, "σ = 2"]),
    case("SD(X) where X ~ N(0, 4)", "moment", R(2), ["standard_deviation_from_variance"], assumes=[VARIANCE]),
    case("SD(X) where X ~ Normal(0, 2)", "moment", R(2), ["standard_deviation_from_variance"], assumes=[SD]),
    case("Var(X) where X ~ Normal(0, 2)", "moment", R(4), ["moment_formula"], assumes=[SD]),
    case("Var(X) where X ~ Normal(mean=1, sd=1.5)", "moment", R(9, 4), ["moment_formula"], assumes=[SD]),
    case("Var(X) where X ~ N(mean=0, var=9)", "moment", R(9), ["moment_formula"], assumes=[VARIANCE]),
    case("E[X] where X ~ Exponential(2)", "moment", R(1, 2), ["moment_formula"]),
    case("Var(X) where X ~ Exponential(2)", "moment", R(1, 4), ["moment_formula"]),
    case("SD(X) where X ~ Exponential(0.5)", "moment", R(2), ["standard_deviation_from_variance"]),
    case("E[X] where X ~ ChiSquared(3)", "moment", R(3), ["moment_formula"]),
    case("Var(X) where X ~ ChiSquared(3)", "moment", R(6), ["moment_formula"]),
    case("E[X] where X ~ StudentT(5)", "moment", R(0), ["moment_formula"]),
    case("Var(X) where X ~ StudentT(5)", "moment", R(5, 3), ["moment_formula"]),
    # -- moments of a table, from the definition
    case("E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "moment", R(11, 10), ["table_expectation"]),
    case("Var(X) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "moment", R(49, 100),
         ["table_expectation", "table_second_moment", "variance_shortcut"]),
    case("SD(X) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "moment", R(7, 10),
         ["variance_shortcut", "standard_deviation_from_variance"]),
    case("E[X] where P(X=1)=1/3, P(X=2)=1/3, P(X=3)=1/3", "moment", R(2), ["table_expectation"]),
    case("Var(X) where P(X=-1)=0.5, P(X=1)=0.5", "moment", R(1), ["variance_shortcut"]),
    case("E[X] where P(X=0.5)=0.5, P(X=1.5)=0.5", "moment", R(1), ["table_expectation"]),
    # -- Bayes' theorem with the law of total probability
    case("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", "bayes", R(2, 13),
         ["complement_rule", "total_probability", "bayes_theorem"]),
    case("P(D|T) given P(D)=0.02, P(T|D)=0.95, P(T|not D)=0.1", "bayes", R(19, 117),
         ["total_probability", "bayes_theorem"]),
    case("P(A|B) given P(A)=1/4, P(B|A)=1/2, P(B|not A)=1/3", "bayes", R(1, 3), ["total_probability", "bayes_theorem"]),
    case("P(A|B) given P(A)=0.3, P(B|A)=0.5, P(B)=0.25", "bayes", R(3, 5), ["bayes_theorem"]),
    case("P(A'|B) given P(A)=0.01, P(B|A)=0.9, P(B|A')=0.05", "bayes", R(11, 13), ["bayes_theorem"]),
    case("P(not A|B) given P(A)=0.3, P(B|A)=0.5, P(B)=0.25", "bayes", R(2, 5), ["bayes_theorem"]),
    # -- complement, addition, multiplication, conditional probability
    case("P(not A) given P(A)=0.3", "probability_rules", R(7, 10), ["complement_rule"]),
    case("P(A or B) given P(A)=0.3, P(B)=0.4, P(A and B)=0.1", "probability_rules", R(3, 5), ["addition_rule"]),
    case("P(A and B) given P(A)=0.5, P(B)=0.2, independent", "probability_rules", R(1, 10),
         ["multiplication_rule_independent"], assumes=["independent"]),
    case("P(A or B) given P(A)=0.5, P(B)=0.2, independent", "probability_rules", R(3, 5),
         ["multiplication_rule_independent", "addition_rule"]),
    case("P(not A and not B) given P(A)=0.5, P(B)=0.2, independent", "probability_rules", R(2, 5),
         ["complement_rule", "multiplication_rule_independent"]),
    case("P(A and not B) given P(A)=0.5, P(B)=0.2, independent", "probability_rules", R(2, 5),
         ["complement_rule", "multiplication_rule_independent"]),
    case("P(A and B) given P(A|B)=0.5, P(B)=0.4", "probability_rules", R(1, 5), ["multiplication_rule"]),
    case("P(A|B) given P(A and B)=0.1, P(B)=0.4", "probability_rules", R(1, 4), ["conditional_probability"]),
    case("P(A|B) given P(A)=0.5, P(B)=0.5, independent", "probability_rules", R(1, 2),
         ["multiplication_rule_independent", "conditional_probability"]),
    case("P(A and B) given P(A)=0.3, P(B)=0.4, P(A or B)=0.6", "probability_rules", R(1, 10),
         ["addition_rule_rearranged"]),
    case("P(A or B) given P(A)=0.3, P(B)=0.4, P(A|B)=0.25", "probability_rules", R(3, 5),
         ["multiplication_rule", "addition_rule"]),
    # -- counting
    case("10 choose 3", "counting", R(120), ["combinations"]),
    case("C(10, 3)", "counting", R(120), ["combinations"]),
    case("C(52, 5)", "counting", R(2598960), ["combinations"]),
    case("10 choose 0", "counting", R(1), ["combinations"]),
    case("C(30, 15)", "counting", R(math.comb(30, 15)), ["combinations"]),
    case("P(10, 3)", "counting", R(720), ["permutations"]),
    case("permutations of 10 taken 3", "counting", R(720), ["permutations"]),
    case("P(5, 5)", "counting", R(120), ["permutations"]),
    case("5!", "counting", R(120), ["factorial"]),
    case("0!", "counting", R(1), ["zero_factorial"]),
    case("12!", "counting", R(479001600), ["factorial"]),
]


def _close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=REL, abs_tol=1e-15)


@pytest.mark.parametrize("text, kind, expected, rules, assumes", ROWS)
def test_probability_problem(text, kind, expected, rules, assumes):
    sol = solve(text)
    assert sol.kind == kind
    answer = sol.answer
    if isinstance(expected, float):
        assert _close(float(answer), expected), (answer, expected)
        assert _close(float(sympy.sympify(sol.answer_sympy)), expected)
    else:
        assert sympy.simplify(answer - expected) == 0, (answer, expected)
        assert sympy.simplify(sympy.sympify(sol.answer_sympy) - expected) == 0, sol.answer_sympy
        if expected.is_Rational:   # a very long fraction is shown as a decimal that keeps it exactly
            assert getattr(answer, "exact", answer).is_Rational, f"exact input, inexact answer {answer!r}"
            assert sympy.sympify(sol.answer_sympy).is_Rational
    decimal = sol.extra.get("decimal")
    if kind != "counting":
        assert decimal is not None and _close(float(decimal), float(expected))
    used = {step.rule.value for _, step in sol.walk()}
    assert set(rules) <= used, f"rules used: {sorted(used)}"
    notes = " | ".join(sol.assumptions)
    for needle in assumes:
        assert needle in notes, notes
    assert sol.verified, sol.verification.failed


def test_the_table_is_large_enough():
    assert len(ROWS) >= 90
    forms = ("= ", "< ", "<= ", "> ", ">= ")
    for family in ("Bernoulli", "Binomial", "Poisson", "Geometric", "Uniform", "N(", "Exponential",
                   "ChiSquared", "StudentT"):
        texts = [p.id for p in ROWS if family in p.id and p.id.startswith("P(")]
        assert any(" <= X <= " in t for t in texts) and any(" < X < " in t for t in texts), family
        for form in forms:
            assert any(t.startswith(f"P(X {form}") for t in texts), (family, form)


# ----------------------------------------------------------------------------- the reading of parameters
@pytest.mark.parametrize("text, sigma, note", [
    ("P(X > 1) where X ~ N(0, 4)", 2, VARIANCE),
    ("P(X > 1) where X ~ N(mean=0, var=4)", 2, VARIANCE),
    ("P(X > 1) where X ~ Normal(0, 4)", 4, SD),
    ("P(X > 1) where X ~ Normal(mean=0, sd=4)", 4, SD),
    ("P(X > 1) where X ~ Normal(mean=0, standard deviation=4)", 4, SD),
    ("P(X > 1) where X ~ Normal(μ=0, σ=4)", 4, SD),
    ("P(X > 1) where X ~ N(0, sd=4)", 4, SD),
])
def test_the_normals_second_parameter_is_read_as_stated(text, sigma, note):
    sol = solve(text)
    assert sol.extra["distribution"].params["sigma"] == sigma
    assert note in sol.assumptions
    assert f"σ = {sigma}" in sol.assumptions[0]
    assert _close(float(sol.answer), float(stats.norm(0, sigma).sf(1)))
    assert sol.verified


def test_normal_with_a_variance_keyword_says_so():
    sol = solve("P(X < 1) given X ~ Normal(0, var=4)")
    assert any("variance" in note for note in sol.assumptions), sol.assumptions


# ----------------------------------------------------------------------------- refusals
def err(text, error, message, hint, *marks):
    """A refusal: the error class, a part of its message and a part of its hint ("" = any hint)."""
    return pytest.param(text, error, message, hint, id=text, marks=marks)


ERRORS = [
    # bad parameters
    err("P(X = 1) where X ~ Binomial(10, 1.5)", InvalidArgument, "is not a probability", "probability"),
    err("P(X = 1) where X ~ Binomial(10, -0.1)", InvalidArgument, "is not a probability", "probability"),
    err("P(X = 1) where X ~ Bernoulli(1.5)", InvalidArgument, "is not a probability", "probability"),
    err("P(X = 1) where X ~ Geometric(1.2)", InvalidArgument, "is not a probability", "probability"),
    err("P(X = 1) where X ~ Geometric(0)", InvalidArgument, "p must be greater than 0", "0 < p"),
    err("P(X = 1) where X ~ Binomial(2.5, 0.5)", InvalidArgument, "must be a whole number", "Binomial(10, 0.5)"),
    err("P(X = 1) where X ~ Binomial(-3, 0.5)", InvalidArgument, "must be a whole number", "Binomial(10, 0.5)"),
    err("P(X = 1) where X ~ Binomial(20000, 0.5)", InvalidArgument, "limit", "normal approximation"),
    err("P(X > 0) where X ~ Normal(0, 0)", InvalidArgument, "must be positive", "Normal(0, 2)"),
    err("P(X > 0) where X ~ Normal(0, -1)", InvalidArgument, "must be positive", "Normal(0, 2)"),
    err("P(X > 0) where X ~ Normal(mean=0, sd=-2)", InvalidArgument, "must be positive", "Normal(0, 2)"),
    err("P(X > 0) where X ~ N(0, -4)", InvalidArgument, "variance σ² of a normal distribution must be positive",
        "N(0, 4)"),
    err("P(X > 0) where X ~ Normal(0, var=0)", InvalidArgument, "variance", "N(0, 4)"),
    err("P(X = 1) where X ~ Poisson(0)", InvalidArgument, "must be positive", "rate λ"),
    err("P(X = 1) where X ~ Poisson(-2)", InvalidArgument, "must be positive", "rate λ"),
    err("P(X > 1) where X ~ Exponential(-1)", InvalidArgument, "must be positive", "rate λ"),
    err("P(X > 1) where X ~ Uniform(2, 1)", InvalidArgument, "a must be less than b", "smaller end first"),
    err("P(X > 1) where X ~ ChiSquared(0)", InvalidArgument, "k = 0 must be positive", "degrees of freedom"),
    err("P(X > 1) where X ~ StudentT(-1)", InvalidArgument, "must be positive", "degrees of freedom"),
    err("P(X = 1) where X ~ Binomial(10)", InvalidArgument, "Binomial needs p", "Binomial(n, p)"),
    err("P(X = 1) where X ~ Normal(0)", InvalidArgument, "needs σ", "Normal("),
    err("P(X = 1) where X ~ Binomial(10, 0.5, 3)", InvalidArgument, "takes 2 parameter(s), not 3", "Binomial(n, p)"),
    err("P(X = 1) where X ~ Binomial(10, q=0.5)", InvalidArgument, "'q' is not a parameter", "Binomial(n, p)"),
    err("E[X] where X ~ StudentT(1)", InvalidArgument, "no finite mean", "ν > 1"),
    err("Var(X) where X ~ StudentT(2)", InvalidArgument, "no finite variance", "ν > 2"),
    err("P(Y = 1) where X ~ Binomial(10, 0.5)", InvalidArgument, "no distribution is given for Y", "Y ~"),
    err("P(X = 1)", InvalidArgument, "needs some information", "where"),
    err("P(5 <= X <= 2) where X ~ Binomial(10, 0.5)", InvalidArgument, "is empty", "P(2 <= X <= 5)"),
    # tables
    err("E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.2", InvalidArgument, "add up to 9/10, not 1", "summing to 1"),
    err("P(X = 1) where P(X=0)=0.5, P(X=1)=0.7", InvalidArgument, "add up to 6/5, not 1", "summing to 1"),
    err("E[X] where P(X=0)=-0.2, P(X=1)=0.9, P(X=2)=0.3", InvalidArgument, "between 0 and 1", "decimals or fractions"),
    err("E[X] where P(X=0)=0.5, P(X=0)=0.5", InvalidArgument, "the value 0 appears twice", "once"),
    # inconsistent or missing event probabilities
    err("P(A and B) given P(A)=0.3, P(B)=0.4, P(A and B)=0.5", InvalidArgument, "is larger than P(A)", "intersection"),
    err("P(A or B) given P(A)=0.5, P(B)=0.2, P(A or B)=0.3", InvalidArgument, "is smaller than P(A)", "union"),
    err("P(A or B) given P(A)=0.7, P(B)=0.6, P(A and B)=0.1", InvalidArgument, "inconsistent", "cannot exceed"),
    err("P(A and B) given P(A)=1.2, P(B)=0.3", InvalidArgument, "between 0 and 1", "decimals or fractions"),
    err("P(A|B) given P(A)=0.3, P(B)=0.4", InvalidArgument, "cannot be found", "independent"),
    err("P(A|B) given P(A)=0.01, P(B|A)=0.9", InvalidArgument, "nor both P(B|A) and P(B|not A)", "P(B|not A)"),
    err("P(A) given P(A)=0.3", InvalidArgument, "already given", "another"),
    err("P(A|B) given P(A)=0.5, P(B|A)=0.9, P(B)=0.3", InvalidArgument, "larger than P(B) = 3/10",
        "intersection"),
    err("P(A and B) given P(A|B)=0.9, P(B)=0.5, P(A)=0.2", InvalidArgument, "larger than P(A) = 1/5",
        "intersection"),
    # counting
    err("C(3, 5)", InvalidArgument, "cannot choose 5 from 3", "at most n"),
    err("C(10.5, 3)", InvalidArgument, "whole numbers ≥ 0, not 10.5", "C(10, 3)"),
    err("P(10.5, 3)", InvalidArgument, "whole number ≥ 0 for permutations, not 10.5", "P(10, 3)"),
    err("(-3)!", InvalidArgument, "(-3)! is undefined", "n = 0, 1, 2"),
    err("C(2000, 3)", TooExpensive, "up to 1000, not 2000", "n ≤ 1000"),
]


@pytest.mark.parametrize("text, error, message, hint", ERRORS)
def test_refusals_say_why_and_what_to_do(text, error, message, hint):
    with pytest.raises(error) as info:
        solve(text)
    assert message in info.value.message
    assert info.value.hint, "every refusal says what to do instead"
    assert hint in info.value.hint


@pytest.mark.parametrize("text", ["P(X = 1) where X ~ Binomial(10, 1.5)", "P(X > 0) where X ~ N(0, -4)",
                                  "P(X > 0)\n  where X ~ Normal(mean=0, sd=-2)", "P(X < 1) given X ~ Poisson(0)"])
def test_a_bad_parameter_is_located_at_its_distribution(text):
    """The refusal points at the distribution whose parameter is wrong (line and column, 1-based)."""
    with pytest.raises(InvalidArgument) as info:
        solve(text)
    name = re.search(r"(Binomial|N|Normal|Poisson)\(", text)
    line = text[:name.start()].count("\n") + 1
    column = name.start() - (text.rfind("\n", 0, name.start()) + 1) + 1
    assert (info.value.line, info.value.column) == (line, column)


def test_independence_phrasing_without_are_is_read():
    sol = solve("P(A or B) given P(A)=0.5, P(B)=0.2, A and B independent")
    assert sol.answer == R(3, 5) and sol.verified


# ----------------------------------------------------------------------------- what the steps say
def evaluate(shown):
    """The value of arithmetic shown as written (nested ``Times``/``Plus``/``Minus``, factorials)."""
    return shown.replace(lambda e: isinstance(e, (Times, Plus, Minus)), lambda e: e.doit()).doit()


def text_of(problem):
    return to_plain_text(solve(problem))


def test_binomial_term_is_substituted_with_the_numbers():
    out = text_of("P(X = 3) where X ~ Binomial(10, 0.5)")
    assert "C(n, k)·p^k·(1 − p)^(n − k)" in out
    assert "Substitute k = 3: C(10, 3)·0.5³·0.5⁷ = 0.1171875." in out
    assert "Answer: 15/128 ≈ 0.1171875" in out


def test_short_sum_shows_each_term_and_strict_inequality_is_rewritten():
    out = text_of("P(X < 3) given X ~ Poisson(2)")
    assert "X takes only whole-number values, so P(X < 3) is the same as P(X ≤ 2)." in out
    assert "P(X = 0) + P(X = 1) + P(X = 2) = 5e⁻²" in out
    for k, shown in ((0, "e⁻²·2⁰ / 0! = e⁻²"), (1, "e⁻²·2¹ / 1! = 2e⁻²"), (2, "e⁻²·2² / 2! = 2e⁻²")):
        assert f"Substitute k = {k}: {shown}." in out


def test_complement_trick_for_at_least_one():
    sol = solve("P(X >= 1) where X ~ Binomial(10, 0.5)")
    top = next(s for s in sol.steps if s.rule == Rule.COMPLEMENT_RULE)
    (inner,) = top.substeps
    assert inner.rule == Rule.PMF_TERM and str(inner.before) == "P(Eq(X, 0))"
    out = to_plain_text(sol)
    assert "an event and its opposite have probabilities adding to 1" in out
    assert "= 1 − P(X = 0) = 0.9990234375" in out


def test_complement_trick_is_used_when_shorter():
    sol = solve("P(X ≥ 1) where X ~ Binomial(5, 0.3)")
    assert any(s.rule == Rule.COMPLEMENT_RULE for _, s in sol.walk())
    # but not when it saves nothing: two terms against one term and a subtraction
    sol = solve("P(X <= 1) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3")
    assert not any(s.rule == Rule.COMPLEMENT_RULE for _, s in sol.walk())


@pytest.mark.parametrize("text, first, last", [
    ("P(X >= 10) where X ~ Binomial(20, 0.5)", 0, 9),
    ("P(X <= 50) where X ~ Binomial(100, 0.5)", 0, 50),
    ("P(5 <= X <= 20) where X ~ Binomial(30, 0.5)", 5, 20),
    ("P(X > 9) where X ~ Geometric(0.5)", 1, 9),
])
def test_a_long_sum_is_named_as_the_cdf_not_written_out(text, first, last):
    sol = solve(text)
    (step,) = [s for _, s in sol.walk() if s.rule == Rule.DISCRETE_CDF]
    assert (step.parts["first"], step.parts["last"]) == (first, last) and not step.substeps
    out = to_plain_text(sol)
    assert "CDF F(k) = P(X ≤ k), summed by the library" in out
    assert sol.verified


@pytest.mark.parametrize("text, support", [
    ("P(X >= 0) where X ~ Poisson(1)", "0, 1, …"),
    ("P(0 <= X <= 10) where X ~ Binomial(10, 0.5)", "0, …, 10"),
    ("P(X < 3) where P(X=0.5)=0.5, P(X=1.5)=0.5", "1/2, 3/2"),
])
def test_a_certain_event_says_why_it_is_certain(text, support):
    out = text_of(text)
    assert f"X only takes the values {support}, and every one of them satisfies the event" in out
    assert "\nAnswer: 1\n" in out


def test_normal_is_standardised_with_the_numbers_then_phi_then_subtraction():
    out = text_of("P(X > 130) where X ~ Normal(mean=100, sd=15)")
    assert "Normal(μ, σ): the second parameter is the standard deviation" in out
    assert "(130 − 100) / 15 = 2." in out
    assert "Φ(-2) = P(Z ≤ -2) ≈ 0.0227501 " in out
    assert "P(Z ≥ 2) = Φ(-2) ≈ 0.0227501 (by symmetry 1 − Φ(z) = Φ(−z)" in out
    out = text_of("P(1 <= X <= 2) given X ~ N(0, 1)")
    assert "Φ(2) − Φ(1) ≈ 0.135905" in out


def test_far_tails_use_phi_of_minus_z_and_keep_the_digits():
    sol = solve("P(X > 9) where X ~ N(0, 1)")
    out = to_plain_text(sol)
    assert "= Φ(-9) ≈ 1.12859e-19" in out and "Φ(9)" not in out
    assert math.isclose(float(sympy.sympify(sol.answer_sympy)), float(N01.sf(9)), rel_tol=1e-12) and sol.verified
    assert math.isclose(float(sol.answer), float(N01.sf(9)), rel_tol=1e-9)


def test_a_single_value_of_a_continuous_variable_is_explained():
    out = text_of("P(X = 2) where X ~ N(0, 1)")
    assert "the probability of any single value is 0" in out
    assert "Answer: 0" in out


def test_strict_and_non_strict_agree_for_continuous_and_it_is_said():
    strict, loose = solve("P(X < 1) where X ~ Exponential(2)"), solve("P(X <= 1) where X ~ Exponential(2)")
    assert strict.answer == loose.answer
    assert any("< and ≤ give the same probability" in n for n in strict.assumptions)


def test_bayes_gives_fraction_decimal_and_percentage():
    sol = solve("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05")
    assert sol.answer == R(2, 13) and sol.extra["percent"] == "15.38%"
    out = to_plain_text(sol)
    assert "P(Aᶜ) = 1 − 0.01 = 0.99" in out                  # decimals typed stay decimals
    assert "= 0.9·0.01 + 0.05·0.99 = 0.0585" in out
    assert "= 9/10·1/100 + 1/20·99/100 = 117/2000" in text_of(
        "P(A|B) given P(A)=1/100, P(B|A)=9/10, P(B|not A)=1/20")
    assert "≈ 15.38%" in out
    assert "Answer: 2/13 ≈ 0.1538461538 (15.38%)" in out


def test_table_moments_from_the_definition():
    out = text_of("Var(X) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3")
    assert "0·0.2 + 1·0.5 + 2·0.3 = 1.1" in out          # decimals typed stay decimals
    assert "0²·0.2 + 1²·0.5 + 2²·0.3 = 1.7" in out
    assert "1.7 − 1.1² = 0.49" in out


def test_moment_formula_is_named():
    out = text_of("Var(X) where X ~ Binomial(10, 0.3)")
    assert "Binomial moment formula" in out
    assert "For X ~ Binomial(n = 10, p = 0.3), Var(X) = n·p·(1 - p); with these parameters the value is 2.1." in out


def test_counting_shows_formula_and_arithmetic():
    out = text_of("10 choose 3")
    assert "C(n, k) = 10! / (3!·7!): (10·9·8) / (3·2·1) = 120." in out
    assert "10·9·8 = 720" in text_of("P(10, 3)")
    assert "5·4·3·2·1 = 120" in text_of("5!")


@pytest.mark.parametrize("text", [
    "C(10, 3)", "C(10, 1)", "P(10, 3)", "C(30, 15)", "20 choose 13", "P(20, 13)", "C(1000, 500)", "P(1000, 400)",
    "C(13, 13)", "P(7, 0)",
])
def test_the_counting_arithmetic_shown_is_true(text):
    (step,) = solve(text).steps
    assert evaluate(step.parts["shown"]) == step.after


def test_a_corrupted_counting_display_is_caught():
    sol = solve("C(30, 15)")
    (step,) = sol.steps
    shown = step.parts["shown"]
    bad = replace(step, parts={**step.parts, "shown": Times(shown.args[0] + 1, *shown.args[1:])})
    assert not verify(replace(sol, steps=(bad,))).passed


def test_zero_factorial_is_explained_truthfully():
    out = text_of("0!")
    assert "from 0 down to 1" not in out and "0! = 1 by definition" in out


def test_table_terms_are_not_called_a_substitution():
    out = text_of("P(X >= 1) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3")
    assert "Substitute k" not in out and "Read it from the table: P(X = 1) = 0.5." in out


def test_multiplication_rule_names_the_conditional_it_uses():
    out = text_of("P(A and B) given P(B|A)=0.5, P(A)=0.4")
    assert "P(B | A)·P(A)" in out


def test_standardisation_brackets_a_fractional_sigma():
    out = text_of("P(-1 < X < 2.5) where X ~ N(1, 0.5625)")
    assert "/3/4" not in out and "(-1 − 1) / 0.75 = -8/3 ≈ -2.66667" in out
    assert "(-1 − 1) / (3/4) = -8/3" in text_of("P(-1 < X < 2) where X ~ Normal(1, 3/4)")


@pytest.mark.parametrize("text, shown, hidden", [
    ("X ~ N(0, 1), find P(X > 1.96)", ["P(X > 1.96)", "Φ(-1.96) = P(Z ≤ -1.96)", "= Φ(-1.96) ≈"], "49/25"),
    ("P(1.5 < X < 2.5) where X ~ Normal(1, 2)", ["P(1.5 < X < 2.5)", "(1.5 − 1) / 2 = 1/4"], "3/2"),
    ("P(X <= 2.5) where X ~ Poisson(3)", ["P(X ≤ 2.5) is the same as P(X ≤ 2)"], "5/2"),
    ("P(X <= 0.7) where P(X=0)=0.5, P(X=0.5)=0.25, P(X=1)=0.25", ["P(X = 0) + P(X = 0.5)"], "7/10"),
])
def test_decimals_stay_decimals(text, shown, hidden):
    sol = solve(text)
    out = to_plain_text(sol)
    assert all(s in out for s in shown) and hidden not in out, out
    assert sol.verified


def test_a_corrupted_decimal_bound_is_caught():
    """A decimal shown is read back exactly: 1.95 in place of 1.96 is a different z."""
    sol = solve("X ~ N(0, 1), find P(X > 1.96)")
    path, step = next((p, s) for p, s in sol.walk() if s.rule == Rule.NORMAL_CDF)
    bad = replace(step, parts={**step.parts, "z": sympy.Float("1.95", 3)}, before=sympy.Function("Phi")(
        sympy.Float("1.95", 3)))
    assert not verify(replace(sol, steps=replace_at(sol.steps, path, lambda s: bad))).passed


# ----------------------------------------------------------------------------- the verifier


@pytest.mark.parametrize("text, rule, nudge", [
    ("P(X = 3) where X ~ Binomial(10, 0.5)", Rule.PMF_TERM, R(1, 128)),
    ("P(X < 3) given X ~ Poisson(2)", Rule.PMF_SUM, R(1, 100)),
    ("P(X >= 1) where X ~ Binomial(10, 0.5)", Rule.COMPLEMENT_RULE, R(1, 1024)),
    ("P(1 <= X <= 2) given X ~ N(0, 1)", Rule.STANDARDIZE, R(1, 10)),
    ("P(1 <= X <= 2) given X ~ N(0, 1)", Rule.NORMAL_CDF, sympy.Float(0.01)),
    ("P(1 <= X <= 2) given X ~ N(0, 1)", Rule.STANDARD_NORMAL_PROBABILITY, sympy.Float(0.01)),
    ("P(0 < X < 1) where X ~ Uniform(0, 2)", Rule.CDF_DIFFERENCE, R(1, 10)),
    ("E[X] where X ~ Binomial(10, 0.3)", Rule.MOMENT_FORMULA, R(1, 10)),
    ("Var(X) where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", Rule.VARIANCE_SHORTCUT, R(1, 100)),
    ("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", Rule.TOTAL_PROBABILITY, R(1, 1000)),
    ("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", Rule.BAYES_THEOREM, R(1, 100)),
    ("P(A or B) given P(A)=0.3, P(B)=0.4, P(A and B)=0.1", Rule.ADDITION_RULE, R(1, 10)),
    ("10 choose 3", Rule.COMBINATIONS, 1),
    ("E[2X + 3] where X ~ Poisson(4)", Rule.LINEAR_EXPECTATION, R(1, 10)),
    ("Var(2X + 3) where X ~ Binomial(10, 0.3)", Rule.LINEAR_VARIANCE, R(1, 10)),
    ("SD(3 - 2X) where X ~ Normal(1, 2)", Rule.LINEAR_STANDARD_DEVIATION, R(1, 10)),
])
def test_a_corrupted_step_is_caught_and_named(text, rule, nudge):
    sol = solve(text)
    assert sol.verified
    path, step = next((p, s) for p, s in sol.walk() if s.rule == rule)
    bad = replace(sol, steps=replace_at(sol.steps, path, lambda s: replace(s, after=s.after + nudge)))
    verification = verify(bad)
    assert not verification.passed
    failed = {c.step: c for c in verification.checks if not c.passed}
    assert path in failed and failed[path].rule == rule.value


@pytest.mark.parametrize("text", ["P(X = 3) where X ~ Binomial(10, 0.5)", "X ~ N(0, 1), find P(X > 1.96)",
                                  "Var(X) where X ~ Poisson(2.5)", "E[2X + 3] where X ~ Poisson(4)", "P(A|B) given P(A)=0.01, P(B|A)=0.9, "
                                  "P(B|not A)=0.05", "C(10, 3)"])
def test_a_wrong_answer_is_caught(text):
    sol = solve(text)
    bad = replace(sol, answer=sol.answer + (1 if sol.kind == "counting" else R(1, 50)))
    verification = verify(bad)
    assert not verification.passed and verification.failed.step == "answer"


def test_a_fractional_counting_answer_is_caught():
    sol = solve("C(10, 3)")
    assert not verify(replace(sol, answer=sol.answer + R(1, 50))).passed


@pytest.mark.parametrize("text, want", [
    ("P(X > 5) where X ~ N(0, 1)", N01.sf(5)), ("P(X > 7) where X ~ N(0, 1)", N01.sf(7)),
    ("P(X > 9) where X ~ N(0, 1)", N01.sf(9)), ("P(X < -9) where X ~ N(0, 1)", N01.cdf(-9)),
    ("P(8 < X < 9) where X ~ N(0, 1)", N01.sf(8) - N01.sf(9)),
    ("P(X > 130) where X ~ Normal(10, 10)", stats.norm(10, 10).sf(130)),
])
def test_far_upper_normal_tails_keep_their_digits(text, want):
    sol = solve(text)
    assert math.isclose(float(sol.answer), float(want), rel_tol=1e-9) and sol.verified


def test_a_far_tail_that_lost_its_digits_is_caught():
    """The old way, 1 − Φ(9) from a 15-digit Φ, gives 0: the check must refuse it."""
    sol = solve("P(X > 9) where X ~ N(0, 1)")
    path, step = next((p, s) for p, s in sol.walk() if s.rule == Rule.STANDARD_NORMAL_PROBABILITY)
    bad = replace(sol, steps=replace_at(sol.steps, path, lambda s: replace(s, after=sympy.Float(0))),
                  answer=sympy.Float(0))
    verification = verify(bad)
    assert {c.step for c in verification.checks if not c.passed} == {path, "answer"}


# ----------------------------------------------------------------------------- the API
@pytest.fixture(scope="module")
def client():
    app = create_app({"ISOLATE": False})
    yield app.test_client()
    app.extensions["stepsolver"].close()


@pytest.mark.parametrize("problem, kind, sympy_form, decimal", [
    ("P(X = 3) where X ~ Binomial(10, 0.5)", "distribution_probability", R(15, 128), 15 / 128),
    ("P(X < 3) given X ~ Poisson(2)", "distribution_probability", 5 * E**-2, 5 * math.exp(-2)),
    ("E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "moment", R(11, 10), 1.1),
    ("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", "bayes", R(2, 13), 2 / 13),
    ("P(A or B) given P(A)=0.3, P(B)=0.4, P(A and B)=0.1", "probability_rules", R(3, 5), 0.6),
])
def test_api_solves_with_a_decimal(client, problem, kind, sympy_form, decimal):
    response = client.post("/api/v1/solve", json={"problem": problem})
    assert response.status_code == 200
    body = response.get_json()
    assert body["kind"] == kind and body["verified"] is True
    assert sympy.simplify(sympy.sympify(body["answer"]["sympy"]) - sympy_form) == 0
    assert math.isclose(body["answer"]["decimal"], decimal, rel_tol=1e-9)
    assert all(step["rule"] for step in body["steps"])


def test_api_normal_answer_and_assumptions(client):
    body = client.post("/api/v1/solve", json={"problem": "X ~ N(0, 1), find P(X > 1.96)"}).get_json()
    assert body["verified"] is True
    assert _close(float(sympy.sympify(body["answer"]["sympy"])), float(N01.sf(1.96)))
    assert VARIANCE in body["assumptions"]
    assert [s["rule"] for s in body["steps"]] == ["standardize", "normal_cdf", "standard_normal_probability"]


def test_api_bayes_percent(client):
    body = client.post("/api/v1/solve", json={"problem": "P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05"}
                       ).get_json()
    assert body["answer"]["percent"] == "15.38%"
    assert [s["rule"] for s in body["steps"]] == ["complement_rule", "total_probability", "bayes_theorem"]


@pytest.mark.parametrize("problem, message", [
    ("P(X = 1) where X ~ Binomial(10, 1.5)", "is not a probability"),
    ("P(X > 0) where X ~ Normal(0, -1)", "σ = -1 must be positive"),
    ("P(X = 1) where X ~ Binomial(2.5, 0.5)", "whole number"),
    ("E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.2", "add up to 9/10"),
    ("P(A and B) given P(A)=0.3, P(B)=0.4, P(A and B)=0.5", "larger than P(A)"),
])
def test_api_refuses_with_a_hint(client, problem, message):
    response = client.post("/api/v1/solve", json={"problem": problem})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_argument" and message in error["message"]
    assert error["hint"]
    assert "Traceback" not in response.get_data(as_text=True)


# ----------------------------------------------------------------------------- review fixes
@pytest.mark.parametrize("text, expected, rule", [
    ("P(A and not B) given P(A)=0.5, P(B)=0.4, P(A and B)=0.2", R(3, 10), Rule.INTERSECTION_WITH_COMPLEMENT),
    ("P(not A and not B) given P(A)=0.5, P(B)=0.4, P(A and B)=0.2", R(3, 10), Rule.INTERSECTION_WITH_COMPLEMENT),
    ("P(A|not B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", R(2, 1883), Rule.BAYES_THEOREM),
    ("P(not B|A) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", R(1, 10), Rule.CONDITIONAL_COMPLEMENT),
    ("P(not A|not B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", R(1881, 1883), Rule.BAYES_THEOREM),
    ("P(B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", R(117, 2000), Rule.TOTAL_PROBABILITY),
    ("P(not B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", R(1883, 2000), Rule.TOTAL_PROBABILITY),
])
def test_probability_rules_with_complements_are_solved(text, expected, rule):
    """Complements of events and of conditionals, and the law of total probability on its own."""
    sol = solve(text)
    assert sol.answer == expected and sol.verified
    assert rule in {s.rule for _, s in sol.walk()}
    rules = [s.rule for _, s in sol.walk()]
    assert len(rules) == len({(s.rule, s.before) for _, s in sol.walk()}), "no probability is worked twice"


def test_conditional_complement_and_total_probability_are_stated():
    out = text_of("P(A|not B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05")
    assert "P(Bᶜ | A) = 1 − P(B | A) = 1 − 0.9 = 0.1" in out
    assert "P(B) = P(B | A)·P(A) + P(B | Aᶜ)·P(Aᶜ)" in out
    assert "P(A | Bᶜ) = P(Bᶜ | A)·P(A) / P(Bᶜ)" in out


def test_a_refusal_hint_does_not_ask_for_what_was_given():
    with pytest.raises(InvalidArgument) as info:
        solve("P(not A and not B) given P(A)=0.5, P(A and B)=0.2")
    assert "give P(A and B)" not in info.value.hint and "independent" in info.value.hint


def test_independence_carries_over_to_complements_and_says_so():
    out = text_of("P(A and not B) given P(A)=0.5, P(B)=0.4, independent")
    assert "A and B are independent, so A and Bᶜ are independent too" in out
    assert "P(A ∩ Bᶜ) = P(A)·P(Bᶜ): 0.5·0.6 = 0.3" in out
    assert "P(A ∩ B) = P(A)·P(B)" not in out


@pytest.mark.parametrize("text, pieces, expected", [
    ("P(-5 < X < 3) where X ~ Uniform(0, 10)", ["-5 < 0, so the CDF there is 0 (below a): F(-5) = 0.",
                                                "F(3) = (3 − 0) / (10 − 0) = 3/10."], R(3, 10)),
    ("P(X > 12) where X ~ Uniform(0, 10)", ["12 > 10, so the CDF there is 1 (above b): F(12) = 1."], 0),
    ("P(X < -1) where X ~ Exponential(2)", ["-1 < 0, so the CDF there is 0 (below 0): F(-1) = 0."], 0),
])
def test_cdfs_are_stated_piecewise_and_evaluated_on_the_right_piece(text, pieces, expected):
    sol = solve(text)
    out = to_plain_text(sol)
    assert "0 for x < a, (x − a)/(b − a) for a ≤ x ≤ b, and 1 for x > b" in out or "0 for x < 0 and 1 − e^(−λx)" in out
    assert "(-a + x)/(-a + b)" not in out
    assert all(p in out for p in pieces), out
    assert sol.answer == expected and sol.verified


def test_a_cdf_value_on_the_wrong_piece_is_caught():
    sol = solve("P(-5 < X < 3) where X ~ Uniform(0, 10)")
    sub = sol.steps[0].substeps[1]
    bad = replace(sub, after=R(-1, 2), parts={**sub.parts, "shown": sympy.Eq(Times(Plus(-5, Minus(0)), sympy.Pow(
        Plus(10, Minus(0)), -1, evaluate=False)), R(-1, 2), evaluate=False)})
    step = replace(sol.steps[0], substeps=(sol.steps[0].substeps[0], bad))
    assert not verify(replace(sol, steps=(step,))).passed


@pytest.mark.parametrize("text, shown", [
    ("P(X > 8) where X ~ N(0, 1)", "P(Z ≥ 8) = Φ(-8) ≈ 6.22096e-16"),
    ("P(8 < X < 9) where X ~ N(0, 1)", "Φ(-8) − Φ(-9) ≈ 6.21983e-16"),
])
def test_far_normal_tails_show_phi_values_that_subtract_to_the_result(text, shown):
    sol = solve(text)
    out = to_plain_text(sol)
    assert shown in out and "Φ(8)" not in out and "1.0" not in out.split("Answer")[0], out
    assert sol.verified


@pytest.mark.parametrize("text, want", [
    ("P(X <= 480) where X ~ Binomial(1000, 0.5)", stats.binom(1000, 0.5).cdf(480)),
    ("P(X = 500) where X ~ Binomial(1000, 0.5)", stats.binom(1000, 0.5).pmf(500)),
    ("P(X <= 100) where X ~ Poisson(100)", stats.poisson(100).cdf(100)),
    ("P(X <= 3) where X ~ Binomial(10, 0.123456789)", stats.binom(10, 0.123456789).cdf(3)),
    ("P(X > 10) where X ~ Poisson(2.5)", stats.poisson(2.5).sf(10)),
])
def test_giant_fractions_are_shown_as_decimals_and_kept_exact(text, want):
    sol = solve(text)
    out = to_plain_text(sol)
    assert not re.search(r"\d{21}", out), out
    assert _close(float(sol.answer), float(want)) and sol.verified
    exact = sympy.sympify(sol.answer_sympy)
    assert _close(float(exact), float(want)) and not exact.has(sympy.Float)
    assert getattr(sol.answer, "exact", None) == exact


def test_a_wrong_exact_value_behind_a_decimal_is_caught():
    from solver.probability.shown import Shown

    sol = solve("P(X = 500) where X ~ Binomial(1000, 0.5)")
    step = sol.steps[-1]
    wrong = Shown(step.after.exact * (1 + R(1, 10**6)))
    assert not verify(replace(sol, steps=(*sol.steps[:-1], replace(step, after=wrong)))).passed


@pytest.mark.parametrize("text, shown, hidden", [
    ("P(X > 2.5) where X ~ Normal(1.2, 0.35)", ["Normal(μ = 1.2, σ = 0.35)", "(2.5 − 1.2) / 0.35 = 26/7 ≈ 3.71429",
                                                "Φ(-3.71429)"], ["6/5", "7/20", "Φ(-26/7)"]),
    ("P(X < 110) where X ~ N(100, 225)", ["= 2/3 ≈ 0.666667"], []),
    ("P(X <= 3) where X ~ Binomial(10, 0.3)", ["p = 0.3", "C(10, 0)·0.3⁰·0.7¹⁰ = 0.0282475249", "= 0.6496107184"],
     ["3/10", "282475249/10000000000"]),
    ("E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", ["0·0.2 + 1·0.5 + 2·0.3 = 1.1"], ["1/5"]),
    ("SD(X) where X ~ Binomial(10, 0.3)", ["√(2.1) = √210/10"], ["210^", "0.1·"]),
    ("P(X <= 2) where X ~ Poisson(2.5)", ["e^(-5/2)·2.5¹ / 1!"], ["(5/2)¹"]),
])
def test_typed_decimals_stay_decimals_throughout(text, shown, hidden):
    sol = solve(text)
    out = to_plain_text(sol).split("Answer")[0]
    assert all(s in out for s in shown) and not any(h in out for h in hidden), out
    assert sol.verified


def test_a_decimal_term_read_back_wrong_is_caught():
    sol = solve("P(X <= 3) where X ~ Binomial(10, 0.3)")
    top = sol.steps[-1]
    term = top.substeps[0]
    bad = replace(term, after=sympy.Float("0.0282475", 6))
    step = replace(top, substeps=(bad, *top.substeps[1:]))
    assert not verify(replace(sol, steps=(*sol.steps[:-1], step))).passed


@pytest.mark.parametrize("text, problem", [
    ("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05",
     "P(A | B) given P(A) = 0.01, P(B | A) = 0.9, P(B | Aᶜ) = 0.05"),
    ("E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3", "E(X) where P(X = 0) = 0.2, P(X = 1) = 0.5, P(X = 2) = 0.3"),
    ("P(A and B) given P(A)=1/2, P(B)=1/3, A and B are independent",
     "P(A ∩ B) given P(A) = 1/2, P(B) = 1/3, A and B independent"),
])
def test_rules_and_table_problems_state_their_givens(text, problem):
    assert text_of(text).splitlines()[0] == f"Problem: {problem}"


def test_small_wording_fixes():
    assert "for k = 0, 1;" in text_of("P(X = 1) where X ~ Bernoulli(0.3)")
    out = text_of("P(Z > 1.5) where Z ~ N(0,1)")
    assert "Z ~ Normal(μ = 0, σ = 1)" in out and "X ~" not in out
    assert "Combine the Φ values" not in out and "Probability from Φ" in out


def test_continuous_answers_show_ten_digits_and_keep_full_precision():
    sol = solve("P(X < 110) where X ~ N(100, 225)")
    out = to_plain_text(sol)
    assert "Answer: 0.7475074625" in out and "0.747507462453077" not in out
    assert sol.answer_sympy == "0.747507462453077"


# ----------------------------------------------------------------------------- inverse normal (quantiles)
QUANTILES = [
    ("90th percentile of X where X ~ Normal(100, 15)", stats.norm.ppf(0.9, 100, 15)),
    ("95th percentile of X given X ~ N(100, 225)", stats.norm.ppf(0.95, 100, 15)),
    ("50th percentile of Y where Y ~ Normal(3, 2)", 3.0),
    ("5th percentile of Z where Z ~ N(0, 1)", stats.norm.ppf(0.05)),
    ("1st percentile of X where X ~ Normal(-2, 0.5)", stats.norm.ppf(0.01, -2, 0.5)),
    ("find x such that P(X < x) = 0.95 where X ~ N(100, 225)", stats.norm.ppf(0.95, 100, 15)),
    ("find x such that P(X <= x) = 0.3 where X ~ Normal(10, 4)", stats.norm.ppf(0.3, 10, 4)),
    ("find x such that P(X > x) = 0.1 where X ~ N(0, 1)", stats.norm.ppf(0.9)),
    ("find c such that P(X >= c) = 0.025 given X ~ Normal(50, 10)", stats.norm.ppf(0.975, 50, 10)),
]


@pytest.mark.parametrize(("text", "expected"), QUANTILES, ids=[q[0] for q in QUANTILES])
def test_quantile(text, expected):
    solution = solve(text)
    assert solution.kind == "quantile" and solution.verified, solution.verification
    value = sympy.sympify(solution.answer_sympy)
    assert value.is_number and math.isclose(float(value), expected, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(float(solution.extra["decimal"]), expected, rel_tol=1e-12, abs_tol=1e-12)
    rules = [step.rule for _, step in solution.walk()]
    assert rules == [Rule.INVERSE_NORMAL, Rule.UNSTANDARDIZE]
    out = to_plain_text(solution)
    assert "percentile" in out and "Φ⁻¹" in out


def test_quantile_shows_z_and_the_back_transformation():
    out = to_plain_text(solve("90th percentile of X where X ~ Normal(100, 15)"))
    assert "P(X ≤ x) = 0.9" in out and "√2·erfinv(4/5) = 1.28155" in out
    assert "100 + 1.28155·15 = 119.2232735" in out


QUANTILE_ERRORS = [
    ("90th percentile of X where X ~ Poisson(4)", "normal distribution"),
    ("90th percentile of X where Y ~ Normal(0, 1)", "distribution of X"),
    ("find x such that P(X < x) = 1.5 where X ~ N(0, 1)", "between 0 and 1"),
    ("find x such that P(X = x) = 0.5 where X ~ N(0, 1)", "X < x, X ≤ x"),
    ("find x such that P(X < 3) = 0.5 where X ~ N(0, 1)", "P(X < x) = p"),
]


@pytest.mark.parametrize(("text", "message"), QUANTILE_ERRORS, ids=[e[0] for e in QUANTILE_ERRORS])
def test_quantile_refusals(text, message):
    with pytest.raises(Exception) as caught:
        solve(text)
    assert message in caught.value.message


@pytest.mark.parametrize("index", [0, 1])
def test_a_wrong_quantile_step_or_answer_is_caught(index):
    from solver.probability.shown import Shown

    solution = solve("90th percentile of X where X ~ Normal(100, 15)")
    step = solution.steps[index]
    bad = Shown(step.parts["exact"] + sympy.Rational(1, 1000), 10)
    steps = list(solution.steps)
    steps[index] = replace(step, after=bad)
    tampered = replace(solution, steps=tuple(steps), verification=None)
    assert not next(c for c in verify(tampered).checks if c.step == str(index + 1)).passed
    wrong = replace(solution, answer_sympy="119.3", verification=None)
    assert not verify(wrong).passed


@pytest.mark.parametrize(("text", "message"), [
    ("E[X^2] where X ~ Poisson(4)", "linear transformation"),
    ("Var(2X + Y) where X ~ Poisson(4)", "linear transformation"),
    ("E[2A + 3] given P(A)=0.5", "needs a distribution or a table"),
])
def test_only_linear_transformations_of_a_known_variable_are_worked(text, message):
    with pytest.raises(InvalidArgument) as caught:
        solve(text)
    assert message in caught.value.message


def test_a_linear_transformation_is_not_drawn_as_the_mean_of_x():
    """The density figure marks ``extra["distribution"]``'s mean at the answer: E[2X + 3] is not E[X]."""
    solution = solve("E[2X + 3] where X ~ Poisson(4)")
    assert "distribution" not in solution.extra and solution.extra["x_distribution"].family == "Poisson"
    assert "distribution" in solve("E[X] where X ~ Poisson(4)").extra
