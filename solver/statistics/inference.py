"""Confidence intervals and hypothesis tests, worked the way a course does them.

Means and standard deviations stay exact; standard errors, critical values, statistics,
p-values and intervals are decimals.  Quantiles and tail areas come from
``scipy.special`` (``stdtrit``/``stdtr`` for t, ``ndtri``/``ndtr`` for the normal); the
checks recompute them with mpmath and the answers with ``scipy.stats``.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from grammar import InvalidArgument

from ..rules import Rule
from ..steps import Plus, Solution, Step, Times
from .common import (
    DIGITS,
    ELLIPSIS,
    TABLE_ROWS,
    check_values,
    data_text,
    dec,
    digits_apart,
    div,
    elide,
    label,
    mean_step,
    need,
    number_text,
    present,
    root,
    sample_sd_step,
    shown,
    signed,
    solution,
    terminating,
    typed_decimals,
)

MU, SIGMA, P_SYMBOL = sympy.Symbol("mu"), sympy.Symbol("sigma"), sympy.Symbol("p")
MU_D, MU_1, MU_2 = sympy.Symbol("mu_d"), sympy.Symbol("mu_1"), sympy.Symbol("mu_2")
T, Z = sympy.Symbol("T"), sympy.Symbol("Z")
PROBABILITY = sympy.Function("P")
_CRITICAL = {"t": sympy.IndexedBase("t"), "z": sympy.IndexedBase("z")}
_STATISTIC = {"t": sympy.Symbol("t"), "z": sympy.Symbol("z")}


# ----------------------------------------------------------------------------- distributions
def t_quantile(df, q: float) -> float:
    from scipy.special import stdtrit

    return float(stdtrit(float(df), q))


def t_upper_tail(df, t: float) -> float:
    """P(T ≥ t) for t with ``df`` degrees of freedom."""
    from scipy.special import stdtr

    return float(stdtr(float(df), -t))


def z_quantile(q: float) -> float:
    from scipy.special import ndtri

    return float(ndtri(q))


def z_upper_tail(z: float) -> float:
    from scipy.special import ndtr

    return float(ndtr(-z))


def _f(value) -> float:
    return float(sympy.N(value, 30))


def _percent(level) -> str:
    return f"{sympy.sstr(terminating(level * 100))}%"


# ----------------------------------------------------------------------------- shared steps
def standard_error_step(sd, n: int, sd_symbol: str) -> tuple[Step, float]:
    se = _f(sd) / n**0.5
    step = Step(Rule.STANDARD_ERROR_OF_MEAN, div(shown(sd), root(sympy.Integer(n))), dec(se),
                {"sd_symbol": sd_symbol, "n": sympy.Integer(n)})
    return step, se


def critical_value(kind: str, alternative: str, area, df=None) -> float:
    quantile = (lambda q: t_quantile(df, q)) if kind == "t" else z_quantile
    value = quantile(1 - _f(area))
    return -value if alternative == "less" else value


def critical_step(kind: str, alternative: str, area, df=None, digits: int = DIGITS) -> tuple[Step, float]:
    """The critical value leaving ``area`` in the tail(s) named by the alternative."""
    value = critical_value(kind, "two-sided", area, df)
    index = (dec(area), df) if kind == "t" else (dec(area),)
    before = _CRITICAL[kind][index]
    tail = {"two-sided": "upper tail (and the same in the lower tail)", "greater": "upper tail",
            "less": "lower tail"}[alternative]
    if alternative == "less":
        before, value = sympy.Mul(-1, before, evaluate=False), -value
    parts = {"tail_area": label(area), "tail": tail, "alternative": alternative}
    if kind == "t":
        parts["df"] = df
    rule = Rule.T_CRITICAL_VALUE if kind == "t" else Rule.Z_CRITICAL_VALUE
    return Step(rule, before, dec(value, digits), parts), value


def interval_steps(center, se: float, critical: Step, critical_value: float, level, parameter: str):
    """Margin of error and the interval with the sentence a teacher expects."""
    margin = critical_value * se
    c = _f(center)
    lo, hi = c - margin, c + margin
    shown_center = shown(center)
    margin_step = Step(Rule.MARGIN_OF_ERROR, Times(critical.after, dec(se)), dec(margin), {})
    interval = sympy.Interval(dec(lo), dec(hi))
    ci_step = Step(Rule.CONFIDENCE_INTERVAL,
                   sympy.Tuple(Plus(shown_center, signed(-dec(margin))), Plus(shown_center, dec(margin))),
                   interval,
                   {"center": label(center), "margin": dec(margin), "level": _percent(level),
                    "parameter": parameter, "lower": dec(lo), "upper": dec(hi)})
    return [margin_step, ci_step], interval, margin


# ----------------------------------------------------------------------------- intervals
def _level_name(level) -> sympy.Eq:
    return sympy.Eq(sympy.Symbol("level"), label(level), evaluate=False)


def statement_interval(problem) -> str:
    """The interval in words: "95% t interval for μ from 2, 4, 4, …", "99% Wald interval for p
    given 3 successes in 10 trials"."""
    data = problem.data
    level = _percent(data["level"])
    kind = data["type"]
    if kind == "proportion":
        return f"{level} Wald interval for the proportion p given {data['k']} successes in {data['n']} trials"
    known = data.get("sigma") is not None
    method = "z" if known else "t"
    if kind == "mean_summary":
        spread = f"σ = {number_text(data['sigma'])}" if known else f"s = {number_text(data['sd'])}"
        return (f"{level} {method} interval for the mean μ given n = {number_text(data['n'])}, "
                f"x̄ = {number_text(data['mean'])}, {spread}")
    text = f"{level} {method} interval for the mean μ from {data_text(data['values'])}"
    return text + (f", with σ = {number_text(data['sigma'])}" if known else "")


def _positive(value, what: str):
    value = sympy.sympify(value)
    if not (value.is_number and value.is_real and value > 0):
        raise InvalidArgument(f"{what} must be a positive number")
    return value


def _mean_interval(problem, statement) -> Solution:
    data = problem.data
    level = data["level"]
    alpha = 1 - level
    steps: list[Step] = []
    assumptions = []
    if data["type"] == "mean":
        values = check_values(data["values"])
        n = len(values)
        mean = mean_step(values)
        steps.append(mean)
        xbar = mean.after
        sigma = data.get("sigma")
        if sigma is None:
            need(n, 2, "a t interval needs at least two values to estimate the standard deviation",
                 "with one value, give σ: … with sigma = 2")
            sd = sample_sd_step(values, xbar, "the data")
            if sd.after == 0:
                raise InvalidArgument("all the values are equal, so s = 0 and the t interval has no width",
                                      hint="a confidence interval needs data that vary, or a known σ (with sigma = …)")
            steps.append(sd)
            spread, known = sd.after, False
        else:
            spread, known = _positive(sigma, "sigma"), True
    else:
        n_value = sympy.sympify(data["n"])
        if not (n_value.is_Integer and n_value >= 1):
            raise InvalidArgument("n must be a whole number of observations", hint="n = 25")
        n = int(n_value)
        xbar = sympy.sympify(data["mean"])
        if not (xbar.is_number and xbar.is_real):
            raise InvalidArgument("the mean must be a number")
        known = "sigma" in data
        spread = _positive(data["sigma"] if known else data["sd"], "sigma" if known else "the standard deviation")
        if not known:
            need(n, 2, "a t interval needs n ≥ 2 (its degrees of freedom are n − 1)", "n = 25")
        assumptions.append("the summary statistics are taken as given")
    se_step, se = standard_error_step(spread, n, "σ" if known else "s")
    steps.append(se_step)
    if known:
        critical, value = critical_step("z", "two-sided", alpha / 2)
        assumptions.append("σ is known, so the interval uses the standard normal distribution (a z interval)")
    else:
        critical, value = critical_step("t", "two-sided", alpha / 2, sympy.Integer(n - 1))
        assumptions.append("σ is unknown, so the interval uses the t distribution with n − 1 degrees of freedom")
    assumptions.append("the data are a random sample from a normal population (or n is large enough for the "
                       "central limit theorem)")
    steps.append(critical)
    more, interval, margin = interval_steps(xbar, se, critical, value, level, "the population mean μ")
    steps += more
    return solution(problem, statement, interval, steps, None, assumptions,
                    margin_of_error=dec(margin), level=level, method="z" if known else "t",
                    critical_value=critical.after, standard_error=dec(se))


def _proportion_interval(problem, statement) -> Solution:
    data = problem.data
    k, n, level = sympy.Integer(data["k"]), sympy.Integer(data["n"]), data["level"]
    if not (0 <= k <= n and n > 0):
        raise InvalidArgument("the number of successes must be between 0 and the number of trials",
                              hint="… given 40 successes in 100 trials")
    if k in (0, n):
        raise InvalidArgument(f"with {k} successes in {n} trials p̂ = {k / n}, so the Wald standard error "
                              "√(p̂(1 − p̂)/n) is 0 and the interval has no width",
                              hint="the Wald interval fails at p̂ = 0 or 1; a Wilson or exact (Clopper–Pearson) "
                                   "interval is needed there")
    p_hat = k / n
    steps = [Step(Rule.SAMPLE_PROPORTION, div(k, n), terminating(p_hat), {})]   # 3/10 = 0.3
    se = (_f(p_hat) * _f(1 - p_hat) / int(n)) ** 0.5
    steps.append(Step(Rule.STANDARD_ERROR_OF_PROPORTION, root(div(Times(shown(p_hat), shown(1 - p_hat)), n)),
                      dec(se), {"n": n}))
    critical, value = critical_step("z", "two-sided", (1 - level) / 2)
    steps.append(critical)
    more, interval, margin = interval_steps(p_hat, se, critical, value, level, "the population proportion p")
    steps += more
    assumptions = ["Wald interval: p̂ ± z·√(p̂(1 − p̂)/n), the normal approximation to the binomial"]
    if k < 10 or n - k < 10:
        assumptions.append("fewer than 10 successes or failures: the normal approximation is rough here, and a "
                           "Wilson interval would be more reliable")
    if interval.start < 0 or interval.end > 1:
        clipped = sympy.Interval(max(interval.start, sympy.Integer(0)), min(interval.end, sympy.Integer(1)))
        ci = steps[-1]
        steps[-1] = replace(ci, parts={**ci.parts, "lower": clipped.start, "upper": clipped.end})
        steps.append(Step(Rule.CLIP_INTERVAL, interval, clipped, {}))
        assumptions.append(f"the Wald interval [{sympy.sstr(interval.start)}, {sympy.sstr(interval.end)}] reaches outside [0, 1]; a proportion cannot, "
                           "so it is clipped to [0, 1]")
        interval = clipped
    return solution(problem, statement, interval, steps, None, assumptions,
                    margin_of_error=dec(margin), level=level, method="Wald", critical_value=critical.after,
                    standard_error=dec(se))


def _typed_decimals(data) -> bool:
    given = [data[k] for k in ("mean", "sd", "sigma", "mu0") if data.get(k) is not None]
    return typed_decimals(data.get("values", ()), data.get("other", ()), given)


def solve_interval(problem, statement) -> Solution:
    if problem.data["type"] == "proportion":
        return _proportion_interval(problem, statement)
    result = _mean_interval(problem, statement)
    return replace(result, steps=tuple(present(result.steps, _typed_decimals(problem.data))))


# ----------------------------------------------------------------------------- tests
_RELATIONS = {"two-sided": sympy.Ne, "greater": sympy.Gt, "less": sympy.Lt}
_TAILS = {"two-sided": "a two-tailed test", "greater": "a right-tailed test", "less": "a left-tailed test"}
_EVIDENCE_SIDE = {"two-sided": "Values of the statistic far from 0 in either direction",
                  "greater": "Only large values of the statistic", "less": "Only small values of the statistic"}
_RELATION_WORDS = {"two-sided": "differs from", "greater": "is greater than", "less": "is less than"}
_TEST_NAMES = {"one_sample_t": "ttest", "welch_t": "welchttest", "paired_t": "pairedttest", "one_sample_z": "ztest"}


def _hypotheses(test: str, mu0):
    if test == "welch_t":
        return MU_1, MU_2
    if test == "paired_t":
        return MU_D, sympy.Integer(0)
    return MU, mu0


_TEST_WORDS = {"one_sample_t": "one-sample t test", "welch_t": "Welch two-sample t test",
               "paired_t": "paired t test", "one_sample_z": "one-sample z test"}
_RELATION_SIGNS = {"two-sided": "≠", "greater": ">", "less": "<"}


def statement_test(problem) -> str:
    """The test in words: "Welch two-sample t test of 1, 2, 3 and 4, 5, 6: H₀: μ₁ = μ₂ against
    H₁: μ₁ ≠ μ₂ at α = 0.05"."""
    from ..render.math import to_text

    data = problem.data
    test = data["test"]
    lhs, rhs = _hypotheses(test, data.get("mu0"))
    lhs, rhs = to_text(lhs), number_text(rhs) if rhs.is_number else to_text(rhs)
    if "values" not in data:
        spread = f"σ = {number_text(data['sigma'])}" if test == "one_sample_z" else f"s = {number_text(data['sd'])}"
        sets = f"n = {number_text(data['n'])}, x̄ = {number_text(data['mean'])}, {spread}"
        return (f"{_TEST_WORDS[test]} given {sets}: H₀: {lhs} = {rhs} against H₁: {lhs} "
                f"{_RELATION_SIGNS[data['alternative']]} {rhs} at α = {number_text(data['alpha'])}")
    sets = data_text(data["values"]) + (f" and {data_text(data['other'])}" if "other" in data else "")
    text = (f"{_TEST_WORDS[test]} of {sets}: H₀: {lhs} = {rhs} against H₁: {lhs} "
            f"{_RELATION_SIGNS[data['alternative']]} {rhs} at α = {number_text(data['alpha'])}")
    return text + (f", with σ = {number_text(data['sigma'])}" if data.get("sigma") is not None else "")


def hypotheses_step(test: str, alternative: str, mu0) -> Step:
    lhs, rhs = _hypotheses(test, mu0)
    h0 = sympy.Eq(lhs, rhs, evaluate=False)
    h1 = _RELATIONS[alternative](lhs, rhs, evaluate=False)
    return Step(Rule.STATE_HYPOTHESES, h1, _TAILS[alternative],
                {"h0": h0, "h1": h1, "evidence_side": _EVIDENCE_SIDE[alternative], "tails": _TAILS[alternative],
                 "alternative": alternative})


def p_value(kind: str, statistic: float, alternative: str, df=None) -> float:
    tail = (lambda x: t_upper_tail(df, x)) if kind == "t" else z_upper_tail
    if alternative == "two-sided":
        return min(1.0, 2 * tail(abs(statistic)))
    if alternative == "greater":
        return tail(statistic)
    return 1 - tail(statistic) if statistic > 0 else tail(-statistic)


def p_value_step(kind: str, statistic: float, alternative: str, df=None,
                 digits: tuple[int, int] = (DIGITS, DIGITS)) -> tuple[Step, float]:
    """The tail area as extreme as the statistic, on the side(s) the alternative names.
    ``digits``: significant digits of the statistic and of p (more than 6 when needed to
    tell them from the critical value and α)."""
    variable = T if kind == "t" else Z
    p = p_value(kind, statistic, alternative, df)
    d_statistic, d_p = digits
    if alternative == "two-sided":
        before = Times(2, PROBABILITY(sympy.Ge(variable, dec(abs(statistic), d_statistic), evaluate=False)))
        direction = "in either direction: twice the area beyond |statistic| in one tail"
    elif alternative == "greater":
        before = PROBABILITY(sympy.Ge(variable, dec(statistic, d_statistic), evaluate=False))
        direction = "in the upper tail: at or above the observed value"
    else:
        before = PROBABILITY(sympy.Le(variable, dec(statistic, d_statistic), evaluate=False))
        direction = "in the lower tail: at or below the observed value"
    parts = {"direction": direction, "alternative": alternative}
    if kind == "t":
        parts["df"] = df
    return Step(Rule.T_P_VALUE if kind == "t" else Rule.Z_P_VALUE, before, dec(p, d_p), parts), p


def decision_digits(kind: str, statistic: float, alternative: str, alpha, df=None) -> tuple[int, int]:
    """Digits for the statistic (and critical value) and for p, enough to show the decision:
    a statistic a hair beyond the critical value, a p-value a hair below α."""
    area = alpha / 2 if alternative == "two-sided" else alpha
    critical = critical_value(kind, alternative, area, df)
    measured = abs(statistic) if alternative == "two-sided" else statistic
    return (digits_apart(measured, critical),
            digits_apart(p_value(kind, statistic, alternative, df), _f(alpha)))


def decision_step(kind: str, statistic: float, p: float, critical_value: float, alternative: str, alpha,
                  claim_subject: str, null_value, df=None,
                  digits: tuple[int, int] = (DIGITS, DIGITS)) -> tuple[Step, bool]:
    """Reject when p < α (equivalently, the statistic in the rejection region); in words.
    The full-precision p, statistic and critical value go with the step for its check."""
    reject = p < _f(alpha)
    d_statistic, d_p = digits
    name = _STATISTIC[kind]
    if alternative == "two-sided":
        region = sympy.Gt(sympy.Abs(name), dec(critical_value, d_statistic), evaluate=False)
    elif alternative == "greater":
        region = sympy.Gt(name, dec(critical_value, d_statistic), evaluate=False)
    else:
        region = sympy.Lt(name, dec(critical_value, d_statistic), evaluate=False)
    shown_alpha = label(alpha)
    comparison = (sympy.Lt if reject else sympy.Ge)(dec(p, d_p), shown(alpha), evaluate=False)
    decision = "reject H₀" if reject else "do not reject H₀"
    step = Step(Rule.TEST_DECISION, comparison, decision,
                {"p_value": dec(p, d_p), "p_word": "smaller than" if reject else "not smaller than",
                 "alpha": shown_alpha,
                 "statistic": sympy.Eq(name, dec(statistic, d_statistic), evaluate=False),
                 "statistic_value": dec(statistic, d_statistic),
                 "region_word": "falls in" if reject else "does not fall in", "rejection_region": region,
                 "critical_value": dec(critical_value, d_statistic), "alternative": alternative,
                 "p_full": sympy.Float(p, 17), "statistic_full": sympy.Float(statistic, 17),
                 "critical_full": sympy.Float(critical_value, 17),
                 "decision": "reject" if reject else "do not reject", "evidence": "is enough" if reject else
                 "is not enough", "claim_subject": claim_subject, "relation_words": _RELATION_WORDS[alternative],
                 "null_value": null_value, **({"df": df} if df is not None else {})})
    return step, reject


def _one_sample_body(values, mu0, alternative, alpha, letter, mean_symbol, claim_subject, which):
    """Mean, s, SE, t, p-value, critical value and decision for a one-sample t test."""
    n = len(values)
    need(n, 2, "a t test needs at least two values (its degrees of freedom are n − 1)", "give more data")
    mean = mean_step(values, mean_symbol, letter)
    sd = sample_sd_step(values, mean.after, which, x=letter, m=mean_symbol)
    if sd.after == 0:
        raise InvalidArgument(f"all the {'differences' if letter == 'd' else 'values'} are equal, so s = 0 and "
                              "t = (x̄ − μ₀)/(s/√n) is undefined (a degenerate t test)",
                              hint="a t test needs data that vary")
    steps, t, df, p, reject, crit = _t_tail(n, mean.after, sd.after, mu0, alternative, alpha, letter, mean_symbol,
                                           claim_subject)
    return [mean, sd, *steps], t, df, p, reject, crit


def _t_tail(n, xbar, s, mu0, alternative, alpha, letter, mean_symbol, claim_subject):
    """From x̄ and s: SE, t, p-value, critical value and decision."""
    se_step, se = standard_error_step(s, n, "s")
    difference = xbar - mu0
    t = _f(difference) / se
    df = sympy.Integer(n - 1)
    digits = decision_digits("t", t, alternative, alpha, df)
    t_step = Step(Rule.T_STATISTIC, div(shown(difference), dec(se)), dec(t, digits[0]),
                  {"mean_symbol": mean_symbol, "null_symbol": "μ₀" if letter == "x" else "0", "mean": label(xbar),
                   "null_value": mu0, "df": df})
    p_step, p = p_value_step("t", t, alternative, df, digits)
    area = alpha / 2 if alternative == "two-sided" else alpha
    crit_step, crit = critical_step("t", alternative, area, df, digits[0])
    decide, reject = decision_step("t", t, p, crit, alternative, alpha, claim_subject, mu0, df, digits)
    steps = [se_step, t_step, p_step, crit_step, decide]
    return steps, t, df, p, reject, crit


def _welch_body(xs, ys, alternative, alpha):
    """Both means and sds, the unpooled SE, Welch's ν, t, p-value, critical value, decision."""
    n1, n2 = len(xs), len(ys)
    need(min(n1, n2), 2, "Welch's test needs at least two values in each sample", "give more data")
    m1, m2 = mean_step(xs, "x̄₁", "sample 1"), mean_step(ys, "x̄₂", "sample 2")
    s1 = sample_sd_step(xs, m1.after, "sample 1", "s₁", m="x̄₁")
    s2 = sample_sd_step(ys, m2.after, "sample 2", "s₂", m="x̄₂")
    if s1.after == 0 and s2.after == 0:
        raise InvalidArgument("both samples are constant, so the standard error is 0 and t is undefined "
                              "(a degenerate t test)", hint="a t test needs data that vary")
    v1, v2 = s1.after**2 / n1, s2.after**2 / n2
    se = _f(v1 + v2) ** 0.5
    se_step = Step(Rule.STANDARD_ERROR_OF_DIFFERENCE, root(Plus(div(shown(s1.after**2), n1), div(shown(s2.after**2), n2))),
                   dec(se), {"n1": sympy.Integer(n1), "n2": sympy.Integer(n2)})
    denominator = v1**2 / (n1 - 1) + v2**2 / (n2 - 1)
    df = dec((v1 + v2) ** 2 / denominator)
    df_step = Step(Rule.WELCH_DEGREES_OF_FREEDOM, div(sympy.Pow(dec(v1 + v2), 2, evaluate=False), dec(denominator)),
                   df, {"v1": dec(v1), "v2": dec(v2), "n1": sympy.Integer(n1), "n2": sympy.Integer(n2),
                        "denominator": Plus(div(sympy.Pow(dec(v1), 2, evaluate=False), n1 - 1),
                                            div(sympy.Pow(dec(v2), 2, evaluate=False), n2 - 1)),
                        "denominator_value": dec(denominator)})
    difference = m1.after - m2.after
    t = _f(difference) / se
    digits = decision_digits("t", t, alternative, alpha, df)
    t_step = Step(Rule.WELCH_T_STATISTIC, div(shown(difference), dec(se)), dec(t, digits[0]),
                  {"mean1": label(m1.after), "mean2": label(m2.after), "df": df})
    # p and t* from ν as shown (6 digits), so every number on the page agrees with the others
    p_step, p = p_value_step("t", t, alternative, df, digits)
    area = alpha / 2 if alternative == "two-sided" else alpha
    crit_step, crit = critical_step("t", alternative, area, df, digits[0])
    decide, reject = decision_step("t", t, p, crit, alternative, alpha, "the population mean μ₁ of the first group",
                                   MU_2, df, digits)
    steps = [m1, s1, m2, s2, se_step, df_step, t_step, p_step, crit_step, decide]
    return steps, t, df, p, reject, crit


def _differences_step(xs, ys) -> tuple[Step, list]:
    """The table x, y, d = x − y (ends only, for long data) and the differences."""
    ds = [x - y for x, y in zip(xs, ys, strict=True)]
    pairs = [[x, y] for x, y in zip(xs, ys, strict=True)]
    full = [[x, y, d] for x, y, d in zip(xs, ys, ds, strict=True)]
    if len(xs) > TABLE_ROWS:
        pairs = [[ELLIPSIS] * 2 if r is ELLIPSIS else r for r in elide(pairs)]
        full = [[ELLIPSIS] * 3 if r is ELLIPSIS else r for r in elide(full)]
    step = Step(Rule.PAIRED_DIFFERENCES, sympy.ImmutableMatrix(pairs), sympy.ImmutableMatrix(full),
                {"values": sympy.Tuple(*xs), "other": sympy.Tuple(*ys)})
    return step, ds


def _z_body(values, mu0, sigma, alternative, alpha):
    """σ known: mean, σ/√n, z, p-value from the normal, critical value, decision."""
    mean = mean_step(values)
    steps, *rest = _z_tail(len(values), mean.after, sigma, mu0, alternative, alpha)
    return [mean, *steps], *rest


def _z_tail(n, xbar, sigma, mu0, alternative, alpha):
    sigma = _positive(sigma, "sigma")
    se_step, se = standard_error_step(sigma, n, "σ")
    difference = xbar - mu0
    z = _f(difference) / se
    digits = decision_digits("z", z, alternative, alpha)
    z_step = Step(Rule.Z_STATISTIC, div(shown(difference), dec(se)), dec(z, digits[0]),
                  {"sigma": sigma, "mean": label(xbar), "null_value": mu0})
    p_step, p = p_value_step("z", z, alternative, None, digits)
    area = alpha / 2 if alternative == "two-sided" else alpha
    crit_step, crit = critical_step("z", alternative, area, None, digits[0])
    decide, reject = decision_step("z", z, p, crit, alternative, alpha, "the population mean μ", mu0, None, digits)
    return [se_step, z_step, p_step, crit_step, decide], z, None, p, reject, crit


def _summary_numbers(data, spread_key: str):
    """n, x̄ and s (or σ) of a test from summary statistics, checked."""
    n = sympy.sympify(data["n"])
    if not (n.is_Integer and n >= 1):
        raise InvalidArgument("n must be a whole number of observations", hint="n = 25")
    xbar = sympy.sympify(data["mean"])
    if not (xbar.is_number and xbar.is_real):
        raise InvalidArgument("the mean must be a number")
    spread = _positive(data[spread_key], "sigma" if spread_key == "sigma" else "the standard deviation")
    return int(n), xbar, spread


def solve_test(problem, statement) -> Solution:
    data = problem.data
    test, alternative, alpha = data["test"], data["alternative"], sympy.sympify(data["alpha"])
    summary = "values" not in data
    values = None if summary else check_values(data["values"], "the first sample" if "other" in data else "the data")
    assumptions = []
    mu0 = sympy.sympify(data.get("mu0", 0))
    if not (mu0.is_number and mu0.is_real):
        raise InvalidArgument("the hypothesized mean must be a number", hint="t-test of … against mean 5")
    if summary and test == "one_sample_t":
        n, xbar, s = _summary_numbers(data, "sd")
        need(n, 2, "a t test needs n ≥ 2 (its degrees of freedom are n − 1)", "n = 25")
        body = _t_tail(n, xbar, s, mu0, alternative, alpha, "x", "x̄", "the population mean μ")
        assumptions += ["the summary statistics are taken as given",
                        "one-sample t test: the data are a random sample from a normal population (or n is "
                        "large), with σ unknown"]
    elif summary:
        n, xbar, sigma = _summary_numbers(data, "sigma")
        body = _z_tail(n, xbar, sigma, mu0, alternative, alpha)
        assumptions += ["the summary statistics are taken as given",
                        "z test: σ is known and the data are a random sample from a normal population (or n is "
                        "large)"]
    elif test == "one_sample_t":
        body = _one_sample_body(values, mu0, alternative, alpha, "x", "x̄", "the population mean μ", "the data")
        assumptions.append("one-sample t test: the data are a random sample from a normal population (or n is "
                           "large), with σ unknown")
    elif test == "paired_t":
        other = check_values(data["other"], "the second sample")
        if len(other) != len(values):
            raise InvalidArgument(f"a paired test needs the same number of values in both samples "
                                  f"({len(values)} and {len(other)})", hint="pair each value with one in the other list")
        diff_step, ds = _differences_step(values, other)
        body = _one_sample_body(ds, sympy.Integer(0), alternative, alpha, "d", "d̄", "the mean difference μ_d",
                                "the differences")
        body = ([diff_step, *body[0]], *body[1:])
        assumptions.append("paired t test: the differences are a random sample from a normal population")
    elif test == "welch_t":
        other = check_values(data["other"], "the second sample")
        body = _welch_body(values, other, alternative, alpha)
        assumptions.append("Welch's two-sample t test: independent random samples from normal populations; the "
                           "population variances are not assumed equal")
    else:
        body = _z_body(values, mu0, data["sigma"], alternative, alpha)
        assumptions.append("z test: σ is known and the data are a random sample from a normal population (or n is "
                           "large)")
    core, statistic, df, p, reject, crit = body
    steps = present([hypotheses_step(test, alternative, mu0), *core], _typed_decimals(data))
    d_statistic, d_p = decision_digits("t" if df is not None else "z", statistic, alternative, alpha, df)
    shown_statistic, shown_p = dec(statistic, d_statistic), dec(p, d_p)
    answer = sympy.Dict({sympy.Symbol("statistic"): shown_statistic, sympy.Symbol("p_value"): shown_p,
                         sympy.Symbol("reject"): sympy.true if reject else sympy.false,
                         **({sympy.Symbol("df"): df} if df is not None else {})})
    answer_sympy = (f'{{"statistic": {sympy.sstr(shown_statistic)}, "df": {sympy.sstr(df) if df is not None else None}, '
                    f'"p_value": {sympy.sstr(shown_p)}, "reject": {reject}}}')
    return solution(problem, statement, answer, steps, answer_sympy, assumptions,
                    critical_value=dec(crit), alternative=alternative, alpha=alpha)
