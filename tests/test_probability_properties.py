"""Property tests: the probability engine against scipy.stats on random parameters.

Each distribution gets random parameters written as problem text the way people write them
(decimals and fractions; for the normal every spelling: ``Normal(μ, σ)``, ``N(μ, σ²)``,
``Normal(mean=…, sd=…)``, ``Normal(μ, var=…)``) and a random event of every form
(``=``, ``<``, ``<=``, ``>``, ``>=``, ``a <= X <= b``, ``a < X < b``) with bounds on and off the
support, whole and fractional.  The answer is compared with scipy.stats, evaluated here on
the parameters as drawn (never on what the parser read), to 1e-9 relative — with a 1e-14
absolute floor, since probabilities far in a tail are differences of 15-digit Φ values — and
the solution must be verified.  Exact inputs must give exact answers (no Float) for the
discrete families, the uniform and the exponential.

Each property also checks the shape of the work: no sum written out has more than 8 terms, a
complement is taken only when it is shorter, a table is read (never "substituted into"), and
the known regressions (long and empty complements, far tails, chi-squared/t digits, events no
table value satisfies, tables with fractional values, Geometric(1)) are pinned by ``@example``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from scipy import stats

from grammar import InvalidArgument
from solver import solve

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# Discrete and table problems cost more (exact sums, a scipy brute-force check), so they run fewer examples.
DISCRETE_SETTINGS = settings(SETTINGS, max_examples=80)
TABLE_SETTINGS = settings(SETTINGS, max_examples=60)
REL, ABS = 1e-9, 1e-14
INF = math.inf
OPS = {"=": lambda x, a: x == a, "<": lambda x, a: x < a, "<=": lambda x, a: x <= a,
       ">": lambda x, a: x > a, ">=": lambda x, a: x >= a}
FORMS = ("=", "<", "<=", ">", ">=", "[]", "()")


def close(got, want) -> bool:
    return math.isclose(float(got), float(want), rel_tol=REL, abs_tol=ABS)


def dec(q) -> str:
    """An exact decimal for a fraction whose denominator has only the factors 2 and 5."""
    q = Fraction(q)
    sign, q = ("-" if q < 0 else ""), abs(q)
    places = 0
    while (q * 10**places).denominator != 1:
        places += 1
        assert places < 30, q
    digits = str(int(q * 10**places)).rjust(places + 1, "0")
    return sign + (f"{digits[:-places]}.{digits[-places:]}" if places else digits)


def number(q, draw=None) -> str:
    """A number as a person writes it: a decimal, or now and then a fraction."""
    q = Fraction(q)
    if draw is not None and q.denominator != 1 and draw(st.booleans()):
        return f"{q.numerator}/{q.denominator}"
    return dec(q)


# ----------------------------------------------------------------------------- events
class Event:
    """``form`` with bounds ``a`` (and ``b``), as text and as a predicate on x."""

    def __init__(self, form: str, a: Fraction, b: Fraction | None = None) -> None:
        self.form, self.a, self.b = form, Fraction(a), (None if b is None else Fraction(b))

    def text(self, draw=None) -> str:
        if self.form == "[]":
            return f"P({number(self.a, draw)} <= X <= {number(self.b, draw)})"
        if self.form == "()":
            return f"P({number(self.a, draw)} < X < {number(self.b, draw)})"
        return f"P(X {self.form} {number(self.a, draw)})"

    def holds(self, x) -> bool:
        if self.form == "[]":
            return self.a <= x <= self.b
        if self.form == "()":
            return self.a < x < self.b
        return OPS[self.form](x, self.a)

    def whole_bounds(self):
        """The first and last whole numbers in the event (±inf), from the event alone."""
        a, b, ceil, floor = self.a, self.b, math.ceil, math.floor
        if self.form == "[]":
            return ceil(a), floor(b)
        if self.form == "()":
            return floor(a) + 1, ceil(b) - 1
        return {"=": (ceil(a), floor(a)), "<": (-INF, ceil(a) - 1), "<=": (-INF, floor(a)),
                ">": (floor(a) + 1, INF), ">=": (ceil(a), INF)}[self.form]


@st.composite
def events(draw, bound):
    """An event of any form whose bounds come from the strategy ``bound``."""
    form = draw(st.sampled_from(FORMS))
    a = draw(bound)
    if form in ("[]", "()"):
        a, b = sorted((a, draw(bound)))
        return Event(form, a, b)
    return Event(form, a)


def whole_or_half(lo, hi):
    """Whole numbers in lo..hi, now and then a half or a quarter off."""
    return st.builds(lambda k, off: Fraction(k) + off, st.integers(lo, hi),
                     st.sampled_from([Fraction(0)] * 4 + [Fraction(1, 2), Fraction(-1, 4)]))


# ----------------------------------------------------------------------------- discrete
def discrete_expected(frozen, event: Event, support) -> float:
    """P(event) from scipy: pmf over the values the event holds for, sf for an upper tail."""
    s0, s1 = support
    if s1 == INF and event.form in (">", ">="):
        t = max(k for k in range(math.floor(event.a) - 1, math.floor(event.a) + 2) if not event.holds(k))
        return float(frozen.sf(t)) if t >= s0 else 1.0
    highest = event.b if event.b is not None else event.a
    top = s1 if s1 != INF else max(s0, math.ceil(highest)) + 1
    return math.fsum(float(frozen.pmf(k)) for k in range(s0, int(top) + 1) if event.holds(k))


@st.composite
def discrete_problems(draw):
    family = draw(st.sampled_from(["Binomial", "Poisson", "Geometric", "Bernoulli"]))
    if family == "Binomial":
        n, k = draw(st.integers(1, 120)), draw(st.integers(1, 19))
        p = Fraction(k, 20)
        dist, frozen, support = f"Binomial({n}, {number(p, draw)})", stats.binom(n, float(p)), (0, n)
        bound = whole_or_half(-2, n + 2)
    elif family == "Poisson":
        lam = Fraction(draw(st.integers(1, 40)), 4)
        dist, frozen, support = f"Poisson({number(lam, draw)})", stats.poisson(float(lam)), (0, INF)
        bound = whole_or_half(-1, 25)
    elif family == "Geometric":
        p = Fraction(draw(st.integers(1, 20)), 20)
        dist, frozen, support = f"Geometric({number(p, draw)})", stats.geom(float(p)), (1, INF)
        bound = whole_or_half(-1, 20)
    else:
        p = Fraction(draw(st.integers(1, 19)), 20)
        dist, frozen, support = f"Bernoulli({number(p, draw)})", stats.bernoulli(float(p)), (0, 1)
        bound = whole_or_half(-1, 2)
    event = draw(events(bound))
    word = draw(st.sampled_from(["where", "given"]))
    return f"{event.text(draw)} {word} X ~ {dist}", frozen, event, support


@DISCRETE_SETTINGS
@example(("P(X >= 10) where X ~ Binomial(20, 0.5)", stats.binom(20, 0.5), Event(">=", 10), (0, 20)))
@example(("P(X < 9) where X ~ Binomial(16, 0.05)", stats.binom(16, 0.05), Event("<", 9), (0, 16)))  # a tie: 8 + 1 vs 9
@example(("P(X <= 50) where X ~ Binomial(100, 0.5)", stats.binom(100, 0.5), Event("<=", 50), (0, 100)))
@example(("P(X >= 0) where X ~ Poisson(1)", stats.poisson(1), Event(">=", 0), (0, INF)))
@example(("P(X > 9) where X ~ Geometric(0.5)", stats.geom(0.5), Event(">", 9), (1, INF)))
@example(("P(X > 2) where X ~ Geometric(1)", stats.geom(1.0), Event(">", 2), (1, INF)))
@given(discrete_problems())
def test_discrete_probabilities_match_scipy(problem):
    text, frozen, event, support = problem
    sol = solve(text)
    assert sol.kind == "distribution_probability"
    with np.errstate(all="ignore"):
        want = discrete_expected(frozen, event, support)
    assert close(sol.answer, want), (text, sol.answer, want)
    assert close(sol.extra["decimal"], want)
    exact = getattr(sol.answer, "exact", sol.answer)   # a very long fraction is shown as a decimal
    assert not exact.has(sympy.Float), f"exact input, inexact answer {sol.answer!r}"
    assert sympy.sympify(sol.answer_sympy) == exact
    if not exact.has(sympy.exp):
        assert exact.is_Rational
    assert sol.verified, (text, sol.verification.failed)
    # no sum written out is long, and the complement is taken only when it is shorter
    first, last = event.whole_bounds()
    first, last = max(first, support[0]), min(last, support[1])
    inside = max(0, last - first + 1)
    for _, step in sol.walk():
        if step.rule.value == "pmf_sum":
            assert 1 <= len(step.substeps) <= 8
        if step.rule.value == "complement_rule" and step.substeps[0].rule.value in ("pmf_sum", "pmf_term"):
            assert max(1, len(step.substeps[0].substeps)) + 1 < inside


# ----------------------------------------------------------------------------- continuous
def continuous_expected(frozen, event: Event) -> float:
    a = float(event.a)
    if event.form == "=":
        return 0.0
    if event.form in ("<", "<="):
        return float(frozen.cdf(a))
    if event.form in (">", ">="):
        return float(frozen.sf(a))
    b = float(event.b)
    if a == b:
        return 0.0
    # the difference taken on the side where it keeps its digits
    return float(frozen.sf(a) - frozen.sf(b)) if a > frozen.median() else float(frozen.cdf(b) - frozen.cdf(a))


@st.composite
def normal_problems(draw):
    mu = Fraction(draw(st.integers(-40, 40)), 4)
    sigma = Fraction(draw(st.integers(1, 40)), 4)
    spelling = draw(st.sampled_from(["Normal(m, s)", "N(m, v)", "Normal(mean=m, sd=s)", "Normal(m, var=v)"]))
    m, s, v = number(mu), number(sigma, draw), number(sigma**2)
    dist = {"Normal(m, s)": f"Normal({m}, {s})", "N(m, v)": f"N({m}, {v})",
            "Normal(mean=m, sd=s)": f"Normal(mean={m}, sd={s})", "Normal(m, var=v)": f"Normal({m}, var={v})"}[spelling]
    bound = st.builds(lambda t: mu + sigma * Fraction(t, 20), st.integers(-130, 130))
    event = draw(events(bound))
    return f"{event.text()} where X ~ {dist}", spelling, stats.norm(float(mu), float(sigma)), event


@SETTINGS
@given(normal_problems())
def test_normal_probabilities_match_scipy(problem):
    text, spelling, frozen, event = problem
    sol = solve(text)
    want = continuous_expected(frozen, event)
    assert close(sol.answer, want), (text, sol.answer, want)
    assert sol.verified, (text, sol.verification.failed)
    notes = " | ".join(sol.assumptions)
    if spelling == "N(m, v)":
        assert "N(μ, σ²): the second parameter is the variance" in notes
    elif "sd" in spelling or spelling == "Normal(m, s)":
        assert "Normal(μ, σ): the second parameter is the standard deviation" in notes
    rules = [s.rule.value for _, s in sol.walk()]
    if event.form == "=" or (event.form in ("[]", "()") and event.a == event.b):
        assert rules == ["continuous_point"]
    else:
        assert "standardize" in rules and "normal_cdf" in rules and rules[-1] == "standard_normal_probability"


@st.composite
def exponential_problems(draw):
    lam = Fraction(draw(st.integers(1, 40)), 4)
    bound = st.builds(lambda j: Fraction(j, 20), st.integers(-20, 200))
    event = draw(events(bound))
    return f"{event.text(draw)} where X ~ Exponential({number(lam, draw)})", stats.expon(scale=1 / float(lam)), event


@st.composite
def uniform_problems(draw):
    a = Fraction(draw(st.integers(-10, 10)), 2)
    b = a + Fraction(draw(st.integers(1, 20)), 2)
    bound = st.builds(lambda j: a + Fraction(j, 4), st.integers(-6, int((b - a) * 4) + 6))
    event = draw(events(bound))
    return (f"{event.text(draw)} where X ~ Uniform({number(a)}, {number(b)})",
            stats.uniform(loc=float(a), scale=float(b - a)), event)


@SETTINGS
@given(st.one_of(exponential_problems(), uniform_problems()))
def test_exponential_and_uniform_probabilities_are_exact_and_match_scipy(problem):
    text, frozen, event = problem
    sol = solve(text)
    want = continuous_expected(frozen, event)
    assert close(sol.answer, want), (text, sol.answer, want)
    assert not sol.answer.has(sympy.Float), f"exact input, inexact answer {sol.answer!r}"
    assert sol.verified, (text, sol.verification.failed)


@st.composite
def chi_t_problems(draw):
    if draw(st.booleans()):
        k = draw(st.integers(1, 12))
        bound = st.builds(lambda j: Fraction(j, 10), st.integers(-5, 250))
        event = draw(events(bound))
        return f"{event.text()} where X ~ ChiSquared({k})", stats.chi2(k), event
    nu = draw(st.integers(1, 30))
    bound = st.builds(lambda j: Fraction(j, 10), st.integers(-50, 50))
    event = draw(events(bound))
    return f"{event.text()} where X ~ StudentT({nu})", stats.t(nu), event


@SETTINGS
@example(("P(X >= 1) where X ~ ChiSquared(3)", stats.chi2(3), Event(">=", 1)))
@example(("P(X > 25) where X ~ ChiSquared(1)", stats.chi2(1), Event(">", 25)))
@example(("P(X > 5) where X ~ StudentT(30)", stats.t(30), Event(">", 5)))
@given(chi_t_problems())
def test_chi_squared_and_t_probabilities_match_scipy(problem):
    text, frozen, event = problem
    sol = solve(text)
    want = continuous_expected(frozen, event)
    assert close(sol.answer, want), (text, sol.answer, want)
    assert sol.verified, (text, sol.verification.failed)


# ----------------------------------------------------------------------------- moments
@st.composite
def moment_problems(draw):
    family = draw(st.sampled_from(["Bernoulli", "Binomial", "Poisson", "Geometric", "Uniform", "Normal", "N",
                                   "Exponential", "ChiSquared", "StudentT"]))
    p = Fraction(draw(st.integers(1, 19)), 20)
    lam = Fraction(draw(st.integers(1, 40)), 4)
    if family == "Bernoulli":
        dist, frozen = f"Bernoulli({number(p, draw)})", stats.bernoulli(float(p))
    elif family == "Binomial":
        n = draw(st.integers(1, 100))
        dist, frozen = f"Binomial({n}, {number(p, draw)})", stats.binom(n, float(p))
    elif family == "Poisson":
        dist, frozen = f"Poisson({number(lam, draw)})", stats.poisson(float(lam))
    elif family == "Geometric":
        dist, frozen = f"Geometric({number(p, draw)})", stats.geom(float(p))
    elif family == "Uniform":
        a = Fraction(draw(st.integers(-20, 20)), 2)
        b = a + Fraction(draw(st.integers(1, 20)), 4)
        dist, frozen = f"Uniform({number(a)}, {number(b)})", stats.uniform(loc=float(a), scale=float(b - a))
    elif family in ("Normal", "N"):
        mu, second = Fraction(draw(st.integers(-40, 40)), 4), Fraction(draw(st.integers(1, 40)), 4)
        sigma = second if family == "Normal" else math.sqrt(second)
        dist, frozen = f"{family}({number(mu)}, {number(second, draw)})", stats.norm(float(mu), float(sigma))
    elif family == "Exponential":
        dist, frozen = f"Exponential({number(lam, draw)})", stats.expon(scale=1 / float(lam))
    elif family == "ChiSquared":
        k = draw(st.integers(1, 30))
        dist, frozen = f"ChiSquared({k})", stats.chi2(k)
    else:
        nu = draw(st.integers(3, 40))
        dist, frozen = f"StudentT({nu})", stats.t(nu)
    which = draw(st.sampled_from(["E[X]", "Var(X)", "SD(X)"]))
    want = {"E[X]": frozen.mean(), "Var(X)": frozen.var(), "SD(X)": frozen.std()}[which]
    return f"{which} where X ~ {dist}", float(want), which


@SETTINGS
@given(moment_problems())
def test_moments_match_scipy_and_are_exact(problem):
    text, want, which = problem
    sol = solve(text)
    assert sol.kind == "moment"
    assert close(sol.answer, want), (text, sol.answer, want)
    assert not sol.answer.has(sympy.Float), f"exact input, inexact answer {sol.answer!r}"
    rules = [s.rule.value for _, s in sol.walk()]
    assert rules[0] == "moment_formula"
    assert (rules[-1] == "standard_deviation_from_variance") == (which == "SD(X)")
    assert sol.verified, (text, sol.verification.failed)


@SETTINGS
@given(st.integers(1, 2), st.sampled_from(["E[X]", "Var(X)", "SD(X)"]))
def test_student_t_moments_that_do_not_exist_are_refused(nu, which):
    if which == "E[X]" and nu == 2:
        assert solve(f"{which} where X ~ StudentT({nu})").answer == 0
        return
    with pytest.raises(InvalidArgument, match="no finite") as info:
        solve(f"{which} where X ~ StudentT({nu})")
    assert info.value.hint


# ----------------------------------------------------------------------------- tables
@st.composite
def table_problems(draw):
    size = draw(st.integers(1, 6))
    start = draw(st.integers(-3, 3))
    weights = draw(st.lists(st.integers(1, 9), min_size=size, max_size=size))
    total = sum(weights)
    probs = [Fraction(w, total) for w in weights]
    step = draw(st.sampled_from([Fraction(1)] * 3 + [Fraction(1, 2), Fraction(1, 4)]))  # whole values, or not
    values = [start + j * step for j in range(size)]
    written = ", ".join(f"P(X={number(v)})={number(p) if (p.denominator in (1, 2, 4, 5, 8, 10, 20, 25)) else p}"
                        for v, p in zip(values, probs, strict=True))
    return values, probs, written


@TABLE_SETTINGS
@given(table_problems(), st.data())
def test_table_events_and_moments_from_the_definition(table, data):
    values, probs, written = table
    if data.draw(st.booleans()):
        event = data.draw(events(whole_or_half(math.floor(values[0]) - 2, math.ceil(values[-1]) + 2)))
        want = sum((p for v, p in zip(values, probs, strict=True) if event.holds(v)), Fraction(0))
        sol = solve(f"{event.text()} where {written}")
        assert sol.kind == "distribution_probability"
        rules = [s.rule.value for _, s in sol.walk()]
        assert "pmf_term" not in rules, "a table is read, not substituted into"
        if want == 0 or want == 1:
            assert rules[-1] in ("impossible_event", "certain_event", "complement_rule"), rules
    else:
        which = data.draw(st.sampled_from(["E[X]", "Var(X)", "SD(X)"]))
        mean = sum((v * p for v, p in zip(values, probs, strict=True)), Fraction(0))
        var = sum(((v - mean) ** 2 * p for v, p in zip(values, probs, strict=True)), Fraction(0))
        want = {"E[X]": mean, "Var(X)": var, "SD(X)": None}[which]
        sol = solve(f"{which} where {written}")
        assert sol.kind == "moment"
        if which == "SD(X)":
            assert sympy.simplify(sol.answer**2 - sympy.Rational(var.numerator, var.denominator)) == 0
            want = math.sqrt(var)
    if isinstance(want, Fraction):
        assert sol.answer == sympy.Rational(want.numerator, want.denominator), (sol.answer, want)
    else:
        assert close(sol.answer, want)
    assert sol.verified, sol.verification.failed


@TABLE_SETTINGS
@example(([0, 1], [Fraction(1, 2), Fraction(1, 2)], "P(X=0)=0.5, P(X=1)=0.5"), Event(">", 3))
@given(table_problems(), events(whole_or_half(5, 9)))
def test_table_events_outside_the_table_are_zero(table, event):
    values, probs, written = table
    assume(not any(event.holds(v) for v in values))
    sol = solve(f"{event.text()} where {written}")
    assert sol.answer == 0 and sol.verified


# ----------------------------------------------------------------------------- Bayes and the rules
@SETTINGS
@given(st.integers(1, 99), st.integers(0, 100), st.integers(0, 100))
def test_bayes_with_total_probability(prior, likelihood, false_alarm):
    assume(likelihood + false_alarm > 0)
    p, like, f = Fraction(prior, 100), Fraction(likelihood, 100), Fraction(false_alarm, 100)
    text = f"P(A|B) given P(A)={dec(p)}, P(B|A)={dec(like)}, P(B|not A)={dec(f)}"
    sol = solve(text)
    want = like * p / (like * p + f * (1 - p))
    assert sol.kind == "bayes"
    assert sol.answer == sympy.Rational(want.numerator, want.denominator), (text, sol.answer, want)
    assert sol.extra["percent"] == f"{float(want) * 100:.4g}%"
    assert close(sol.extra["decimal"], float(want))
    assert [s.rule.value for _, s in sol.walk()] == ["complement_rule", "total_probability", "bayes_theorem"]
    assert sol.verified, (text, sol.verification.failed)


@SETTINGS
@given(st.integers(0, 100), st.integers(0, 100), st.data())
def test_addition_and_multiplication_rules(pa, pb, data):
    a, b = Fraction(pa, 100), Fraction(pb, 100)
    if data.draw(st.booleans()):
        question = data.draw(st.sampled_from(["P(A and B)", "P(A or B)", "P(not A and B)", "P(A|B)"]))
        assume(question != "P(A|B)" or b > 0)
        text = f"{question} given P(A)={dec(a)}, P(B)={dec(b)}, independent"
        want = {"P(A and B)": a * b, "P(A or B)": a + b - a * b, "P(not A and B)": (1 - a) * b,
                "P(A|B)": a}[question]
    else:
        both = Fraction(data.draw(st.integers(max(0, pa + pb - 100), min(pa, pb))), 100)
        text = f"P(A or B) given P(A)={dec(a)}, P(B)={dec(b)}, P(A and B)={dec(both)}"
        want = a + b - both
    sol = solve(text)
    assert sol.kind == "probability_rules"
    assert sol.answer == sympy.Rational(want.numerator, want.denominator), (text, sol.answer, want)
    assert sol.verified, (text, sol.verification.failed)


@SETTINGS
@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_an_intersection_larger_than_an_event_is_refused(pa, pb, pab):
    assume(pab > min(pa, pb))
    with pytest.raises(InvalidArgument, match="is larger than") as info:
        solve(f"P(A or B) given P(A)={dec(Fraction(pa, 100))}, P(B)={dec(Fraction(pb, 100))}, "
              f"P(A and B)={dec(Fraction(pab, 100))}")
    assert info.value.hint


# ----------------------------------------------------------------------------- counting
@SETTINGS
@given(st.integers(0, 60), st.data())
def test_counting_matches_python(n, data):
    k = data.draw(st.integers(0, n))
    form, want = data.draw(st.sampled_from([
        (f"C({n}, {k})", math.comb(n, k)), (f"{n} choose {k}", math.comb(n, k)),
        (f"P({n}, {k})", math.perm(n, k)), (f"permutations of {n} taken {k}", math.perm(n, k)),
        (f"{n}!", math.factorial(n))]))
    sol = solve(form)
    assert sol.kind == "counting"
    assert sol.answer == want and sympy.sympify(sol.answer_sympy) == want
    assert sol.verified, (form, sol.verification.failed)


# ----------------------------------------------------------------------------- percentiles and a·X + b
@settings(SETTINGS, max_examples=40)
@given(percentile=st.integers(1, 99), mu=st.integers(-1000, 1000), sigma=st.integers(1, 500))
def test_a_normal_percentile_leaves_that_much_probability_below_it(percentile, mu, sigma):
    solution = solve(f"{percentile}th percentile of X where X ~ Normal({mu}, {sigma})")
    assert solution.verified
    x = float(sympy.sympify(solution.answer_sympy))
    assert math.isclose(stats.norm.cdf(x, mu, sigma), percentile / 100, rel_tol=1e-9, abs_tol=1e-12)


@settings(SETTINGS, max_examples=40)
@given(a=st.integers(-9, 9).filter(bool), b=st.integers(-20, 20), lam=st.integers(1, 30))
def test_moments_of_a_linear_transformation_of_a_poisson(a, b, lam):
    sign = "-" if b < 0 else "+"
    mean = solve(f"E[{a}X {sign} {abs(b)}] where X ~ Poisson({lam})")
    var = solve(f"Var({a}X {sign} {abs(b)}) where X ~ Poisson({lam})")
    assert mean.verified and var.verified
    assert sympy.sympify(mean.answer_sympy) == a * lam + b
    assert sympy.sympify(var.answer_sympy) == a * a * lam
