"""Independent checks for statistics steps and answers.

Steps are recomputed by other means than the engine's: exact data steps with Python's
``fractions``/``statistics`` modules from the data each step carries; tail areas and
critical values with mpmath's incomplete beta function and normal CDF (the engine uses
scipy.special); MLE steps with sympy's own ``solve``/``diff`` and by instantiating the
general identities on sample data.  Answers are recomputed from the parsed problem with
numpy and scipy.stats (``np.var(ddof=…)``, ``np.percentile(method="linear")``,
``ttest_1samp``, ``ttest_ind(equal_var=False)``, ``ttest_rel``, ``t.interval``,
``norm.fit`` …).

Rules whose ``before`` is plain arithmetic shown as written (``Plus``/``Times``, a
division, a square root) and the score function (an unevaluated ``Derivative``) use the
default check of ``solver.verify``: ``before.doit()`` equals ``after``.
"""

from __future__ import annotations

import math
import statistics as pystats
import warnings
from collections import Counter
from fractions import Fraction

import mpmath
import sympy

from ..equivalence import equivalent
from ..rules import Rule
from ..steps import Check, Minus, Plus, Solution, Step
from .common import ELLIPSIS, elide

_DISPLAY_RELATIVE = 5e-5
"""Steps on 6-significant-digit decimals agree to this relative error."""


def _result(path: str, step: Step, passed, method: str, detail: str = "") -> Check:
    return Check(path, step.rule.value, bool(passed), method, detail)


def _fractions(values) -> list[Fraction]:
    return [Fraction(int(v.p), int(v.q)) for v in values]


def _fraction(value) -> Fraction | None:
    value = sympy.sympify(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return None


def _same_exact(value, expected: Fraction) -> bool:
    got = _fraction(value)
    return got is not None and got == expected


def _elided(display) -> bool:
    return isinstance(display, sympy.Basic) and display.has(ELLIPSIS)


def exact(expr):
    """Decimals read back as the exact numbers they print (a decimal shown for a person
    is stored with only the precision it prints); nothing is evaluated on the way."""
    if isinstance(expr, str) or not isinstance(expr, sympy.Basic) or not expr.has(sympy.Float):
        return expr
    if isinstance(expr, sympy.Float):
        return sympy.Rational(sympy.sstr(expr, full_prec=False))
    if isinstance(expr, sympy.MatrixBase):
        return sympy.ImmutableMatrix(expr.rows, expr.cols, [exact(e) for e in expr])
    args = [exact(a) for a in expr.args]
    if isinstance(expr, (sympy.Add, sympy.Mul, sympy.Pow, sympy.core.relational.Relational)):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def _exact_step(step: Step) -> Step:
    return Step(step.rule, exact(step.before), exact(step.after), {k: exact(v) for k, v in step.parts.items()},
                step.substeps, step.role)


def reading_decimals_exactly(check):
    """Every check sees the step's numbers exactly as printed."""
    def wrapped(path, step, memo):
        return check(path, _exact_step(step), memo)
    wrapped.__name__ = check.__name__
    wrapped.__doc__ = check.__doc__
    return wrapped


def _doit_agrees(step: Step) -> tuple[bool, str]:
    """``before`` evaluated equals ``after`` (skipped when ``before`` is elided with "…")."""
    if _elided(step.before):
        return True, "elided display"
    passed, method, detail = equivalent(sympy.sympify(step.before.doit()), sympy.sympify(step.after))
    return passed, f"{method} {detail}".strip()


def _close(a: float, b: float, relative: float = _DISPLAY_RELATIVE, floor: float = 1e-300) -> bool:
    return abs(a - b) <= relative * max(abs(a), abs(b)) + floor


def _float(value) -> float:
    return float(sympy.N(value, 30))


def _named(value) -> Fraction:
    """A number a sentence names, read exactly from its printed digits (a short decimal
    is stored with only the precision it prints)."""
    if isinstance(value, sympy.Float):
        return Fraction(sympy.sstr(value))
    return Fraction(int(value.p), int(value.q))


# ----------------------------------------------------------------------------- data steps
def check_sum_of_values(path, step, memo):
    values = _fractions(step.parts["values"])
    ok = _same_exact(step.after, sum(values, Fraction(0)))
    shown_ok, how = _doit_agrees(step)
    return _result(path, step, ok and shown_ok, "fractions", f"Σ of {len(values)} values recomputed; {how}")


def check_division(key: str):
    """``a/b`` with ``b`` the count the rule names (n, n − 1): denominator and value."""
    def check(path, step, memo):
        before = step.before
        if isinstance(before, Plus) and len(before.args) == 1 and isinstance(before.args[0], Minus):
            before = before.args[0].args[0]  # −(a/b), a negative quotient as written
        denominator = None
        if isinstance(before, sympy.Mul) and len(before.args) == 2 and isinstance(before.args[1], sympy.Pow):
            denominator = before.args[1].base
            if isinstance(denominator, Plus):      # n − 1 written out: 32/(8 − 1)
                denominator = denominator.doit()
        if denominator != step.parts[key]:
            return _result(path, step, False, "structure", f"divides by {denominator}, not {key} = {step.parts[key]}")
        passed, how = _doit_agrees(step)
        return _result(path, step, passed, "divide", f"÷ {key} = {denominator}; {how}")
    return check


def check_evaluates(path, step, memo):
    """Arithmetic shown as written: ``before`` evaluated is ``after``."""
    passed, how = _doit_agrees(step)
    return _result(path, step, passed, "evaluate", how)


def check_sort(path, step, memo):
    values = list(step.parts["values"])
    ordered = sorted(_fractions(values))
    expected_after = sympy.Tuple(*elide([sympy.Rational(f.numerator, f.denominator) for f in ordered]))
    passed = step.after == expected_after and step.before == sympy.Tuple(*elide(values))
    return _result(path, step, passed, "sorted", "the values in increasing order")


def check_median(path, step, memo):
    values = _fractions(step.parts["values"])
    expected = pystats.median(values)
    n = len(values)
    if step.rule == Rule.MEDIAN_MIDDLE_VALUE:
        shape = n % 2 == 1 and step.parts["position"] == (n + 1) // 2
    else:
        ordered = sorted(values)
        shape = (n % 2 == 0 and step.parts["left"] == n // 2
                 and _same_exact(step.parts["lower"], ordered[n // 2 - 1])
                 and _same_exact(step.parts["upper"], ordered[n // 2]))
    return _result(path, step, shape and _same_exact(step.after, expected), "statistics.median", f"median {expected}")


def check_frequency_table(path, step, memo):
    counts = Counter(_fractions(step.parts["values"]))
    table = step.after
    got = {_fraction(table[0, j]): int(table[1, j]) for j in range(table.cols)}
    return _result(path, step, got == dict(counts) and table.cols == len(counts), "counter",
                   f"{len(counts)} distinct values")


def check_mode(path, step, memo):
    values = _fractions(step.parts["values"])
    counts = Counter(values)
    modes = sorted(pystats.multimode(values))
    top = max(counts.values())
    if step.rule == Rule.NO_MODE:
        passed = (len(counts) > 1 and len(modes) == len(counts) and step.parts["count"] == top
                  and step.after == "no mode")
        return _result(path, step, passed, "statistics.multimode", "every value equally often")
    got = [_fraction(v) for v in step.after]
    passed = (got == modes and not (len(counts) > 1 and len(modes) == len(counts))
              and step.parts["count"] == top and step.parts["how_many"] == len(modes))
    return _result(path, step, passed, "statistics.multimode", f"modes {[str(m) for m in modes]}")


def check_range(path, step, memo):
    values = _fractions(step.parts["values"])
    passed = (_same_exact(step.parts["maximum"], max(values)) and _same_exact(step.parts["minimum"], min(values))
              and _same_exact(step.after, max(values) - min(values)))
    shown_ok, how = _doit_agrees(step)
    return _result(path, step, passed and shown_ok, "max−min", how)


def check_deviation_table(path, step, memo):
    mean = _fraction(step.parts["mean"])
    powers = [int(k) for k in step.parts["powers"]]
    table = step.after
    for r in range(table.rows):
        v = _fraction(table[r, 0])
        if v is None or not _same_exact(step.before[r], v):
            return _result(path, step, False, "recompute", f"row {r + 1} does not start with the value")
        for c, k in enumerate(powers, start=1):
            if not _same_exact(table[r, c], (v - mean) ** k):
                return _result(path, step, False, "recompute", f"row {r + 1}, column {c + 1} is wrong")
    return _result(path, step, table.rows == len(step.before), "recompute", "every row recomputed")


def check_products_table(path, step, memo):
    xbar, ybar = _fraction(step.parts["xbar"]), _fraction(step.parts["ybar"])
    table = step.after
    for r in range(table.rows):
        x, y = _fraction(step.before[r, 0]), _fraction(step.before[r, 1])
        dx, dy = x - xbar, y - ybar
        expected = [x, y, dx, dy, dx * dy] + ([dx * dx, dy * dy] if step.parts["squares"] == sympy.true else [])
        if table.cols != len(expected) or any(not _same_exact(table[r, c], e) for c, e in enumerate(expected)):
            return _result(path, step, False, "recompute", f"row {r + 1} is wrong")
    return _result(path, step, table.rows == step.before.rows, "recompute", "every row recomputed")


def check_power_sum(path, step, memo):
    values = _fractions(step.parts["values"])
    center = _fraction(step.parts["center"])
    if "other" in step.parts:
        other = _fractions(step.parts["other"])
        other_center = _fraction(step.parts["other_center"])
        expected = sum(((v - center) * (w - other_center) for v, w in zip(values, other, strict=True)), Fraction(0))
    else:
        k = int(step.parts["power"])
        expected = sum(((v - center) ** k for v in values), Fraction(0))
    shown_ok, how = _doit_agrees(step)
    return _result(path, step, _same_exact(step.after, expected) and shown_ok, "fractions",
                   f"recomputed from the {len(values)} values; {how}")


def check_sample_sd(path, step, memo):
    import numpy as np

    values = np.array([float(v) for v in step.parts["values"]])
    expected = float(np.std(values, ddof=1))
    got = _float(step.after)
    shown_ok, how = _doit_agrees(step)
    passed = _close(got, expected, 1e-9, 1e-12 * float(np.max(np.abs(values)) or 1)) and shown_ok
    return _result(path, step, passed, "numpy.std(ddof=1)", f"{expected:.12g} vs {got:.12g}")


def check_decimal(path, step, memo):
    exact, shown = _float(step.before), _float(step.after)
    return _result(path, step, _close(exact, shown, 6e-6, 1e-300), "evalf", f"{exact:.12g} vs {shown:.12g}")


def _quantile(values: list[Fraction], fraction: Fraction) -> Fraction:
    if len(values) == 1:
        return values[0]
    index = {Fraction(1, 4): 0, Fraction(1, 2): 1, Fraction(3, 4): 2}[fraction]
    return pystats.quantiles(values, n=4, method="inclusive")[index]


def check_quartile(path, step, memo):
    values = _fractions(step.parts["values"])
    fraction = _named(step.parts["fraction"])
    expected = _quantile(values, fraction)
    position = 1 + (len(values) - 1) * fraction
    position_ok = _named(step.parts["position"]) == position
    shown_ok, how = (True, "") if step.rule == Rule.QUARTILE_AT_POSITION else _doit_agrees(step)
    passed = _same_exact(step.after, expected) and position_ok and shown_ok
    return _result(path, step, passed, "statistics.quantiles(inclusive)", f"{step.parts['name']} = {expected}")


def check_five_number(path, step, memo):
    values = _fractions(step.parts["values"])
    expected = [min(values), *(_quantile(values, Fraction(k, 4)) for k in (1, 2, 3)), max(values)]
    got = [_fraction(v) for v in step.after]
    return _result(path, step, got == expected, "statistics.quantiles(inclusive)", "min, Q1, median, Q3, max")


def check_with_sign(path, step, memo):
    passed, how = _doit_agrees(step)
    value = _float(step.after)
    sign = "positive" if value > 0 else "negative" if value < 0 else "zero"
    sign_ok = step.parts.get("sign_word", sign) == sign
    return _result(path, step, passed and sign_ok, "evaluate+sign", f"{how}; {sign}")


def check_z_score(path, step, memo):
    passed, how = _doit_agrees(step)
    value = _float(step.after)
    side = "above" if value > 0 else "below" if value < 0 else "at"
    return _result(path, step, passed and step.parts["side"] == side, "evaluate+side", how)


def check_correlation(path, step, memo):
    passed, how = _doit_agrees(step)
    value = _float(step.after)
    return _result(path, step, passed and -1 - 1e-12 <= value <= 1 + 1e-12, "evaluate+bounds", how)


# ----------------------------------------------------------------------------- decimal steps
def check_decimal_arithmetic(path, step, memo):
    """Arithmetic on 6-digit decimals: ``before`` evaluated agrees with ``after`` to display precision."""
    got, expected = _float(step.after), _float(sympy.sympify(step.before).doit())
    return _result(path, step, _close(got, expected), "evaluate-decimal", f"{expected:.8g} vs {got:.8g}")


def check_welch_df(path, step, memo):
    v1, v2 = _float(step.parts["v1"]), _float(step.parts["v2"])
    n1, n2 = int(step.parts["n1"]), int(step.parts["n2"])
    expected = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    got = _float(step.after)
    shown = _float(sympy.sympify(step.before).doit())
    denominator = _float(step.parts["denominator"].doit())
    passed = (_close(got, expected) and _close(got, shown)
              and _close(denominator, _float(step.parts["denominator_value"])))
    return _result(path, step, passed, "welch-satterthwaite", f"{expected:.8g} vs {got:.8g}")


def check_interval(path, step, memo):
    lo, hi = (_float(sympy.sympify(b).doit()) for b in step.before)
    start, end = _float(step.after.start), _float(step.after.end)
    scale = max(abs(float(_named(step.parts["center"]))), abs(_float(step.parts["margin"])))
    passed = (abs(lo - start) <= _DISPLAY_RELATIVE * scale and abs(hi - end) <= _DISPLAY_RELATIVE * scale
              and start <= end)
    return _result(path, step, passed, "center±margin", f"[{lo:.8g}, {hi:.8g}] vs [{start:.8g}, {end:.8g}]")


def _t_upper(t: float, df: float) -> mpmath.mpf:
    """P(T ≥ t) by the regularized incomplete beta function (mpmath, not scipy)."""
    with mpmath.workdps(30):
        t, df = mpmath.mpf(t), mpmath.mpf(df)
        half = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
        return half if t >= 0 else 1 - half


def _z_upper(z: float) -> mpmath.mpf:
    with mpmath.workdps(30):
        return mpmath.ncdf(-mpmath.mpf(z))


def _upper(kind: Rule, value: float, df) -> float:
    if kind in (Rule.T_CRITICAL_VALUE, Rule.T_P_VALUE):
        return float(_t_upper(value, _float(df)))
    return float(_z_upper(value))


def _brackets(kind: Rule, value: float, df, target: float) -> tuple[bool, float]:
    """Is ``target`` the upper tail area beyond |value|, allowing for its 6-digit rounding?"""
    areas = [_upper(kind, abs(value) * wiggle, df) for wiggle in (1 - 1e-5, 1.0, 1 + 1e-5)]
    return min(areas) * (1 - 1e-9) <= target <= max(areas) * (1 + 1e-9), areas[1]


def check_critical(path, step, memo):
    """The tail area beyond the critical value is the one the sentence names.  The value is
    rounded to 6 digits, so the areas just inside and outside it must bracket the target."""
    value = _float(step.after)
    area = float(_named(step.parts["tail_area"]))
    alternative = step.parts["alternative"]
    df = step.parts.get("df")
    sign_ok = value < 0 if alternative == "less" else value > 0
    bracketed, found = _brackets(step.rule, value, df, area)
    index = step.before.args[-1] if isinstance(step.before, sympy.Mul) else step.before
    index_ok = isinstance(index, sympy.Indexed) and _close(_float(index.indices[0]), area, 1e-6)
    return _result(path, step, sign_ok and index_ok and bracketed, "mpmath-cdf",
                   f"tail area {found:.8g}, wanted {area:.8g}")


def check_p_value(path, step, memo):
    alternative = step.parts["alternative"]
    df = step.parts.get("df")
    event = step.before.args[-1].args[0] if alternative == "two-sided" else step.before.args[0]
    statistic = _float(event.rhs)
    candidates = []
    for wiggle in (1 - 1e-5, 1.0, 1 + 1e-5):
        s = statistic * wiggle
        if alternative == "two-sided":
            candidates.append(min(1.0, 2 * _upper(step.rule, abs(s), df)))
        elif alternative == "greater":
            candidates.append(_upper(step.rule, s, df))
        else:
            candidates.append(_upper(step.rule, -s, df))  # P(T ≤ s) = P(T ≥ −s): no cancellation
    got = _float(step.after)
    low, high = min(candidates), max(candidates)
    passed = low * (1 - 1e-5) - 1e-300 <= got <= high * (1 + 1e-5) + 1e-300 and 0 <= got <= 1
    return _result(path, step, passed, "mpmath-cdf", f"{candidates[1]:.8g} vs {got:.8g}")


_TAILS = {"two-sided": (sympy.Ne, "two-tailed"), "greater": (sympy.Gt, "right-tailed"),
          "less": (sympy.Lt, "left-tailed")}


def check_hypotheses(path, step, memo):
    h0, h1 = step.parts["h0"], step.parts["h1"]
    relation, word = _TAILS[step.parts["alternative"]]
    passed = (isinstance(h0, sympy.Eq) and isinstance(h1, relation) and h0.lhs == h1.lhs and h0.rhs == h1.rhs
              and step.before == h1 and step.after == step.parts["tails"] == f"a {word} test")
    return _result(path, step, passed, "structure", f"H₀ {sympy.sstr(h0)}, H₁ {sympy.sstr(h1)}: {word}")


def check_decision(path, step, memo):
    """p against α and the statistic against the critical value, both at full precision
    (p recomputed from the statistic with mpmath; the critical value's tail area must be
    the α stated), the numbers shown comparing the same way, and the words that report
    the decision."""
    alpha = float(_named(step.parts["alpha"]))
    alternative = step.parts["alternative"]
    df = step.parts.get("df")
    kind = Rule.T_CRITICAL_VALUE if df is not None else Rule.Z_CRITICAL_VALUE
    statistic, critical = _float(step.parts["statistic_full"]), _float(step.parts["critical_full"])
    p = _float(step.parts["p_full"])
    if alternative == "two-sided":
        recomputed = min(1.0, 2 * _upper(kind, abs(statistic), df))
    else:
        recomputed = _upper(kind, statistic if alternative == "greater" else -statistic, df)
    # scipy's t tail for a fractional ν (Welch) is good to ~1e-7; the normal tail to ~1e-15
    p_ok = abs(recomputed - p) <= (1e-6 if df is not None else 1e-12) * max(recomputed, p) + 1e-300
    reject = p < alpha
    p_ok = p_ok and (recomputed < alpha) == reject      # the decision, by the independent p-value
    in_region = {"two-sided": abs(statistic) > critical, "greater": statistic > critical,
                 "less": statistic < critical}[alternative]
    wanted = alpha / 2 if alternative == "two-sided" else alpha
    area = _upper(kind, abs(critical), df)
    area_ok = abs(area - wanted) <= (1e-6 if df is not None else 1e-10) * wanted
    shown_p = _float(step.parts["p_value"])
    shown_statistic, shown_critical = _float(step.parts["statistic_value"]), _float(step.parts["critical_value"])
    shown_in_region = {"two-sided": abs(shown_statistic) > shown_critical, "greater": shown_statistic > shown_critical,
                       "less": shown_statistic < shown_critical}[alternative]
    shown_ok = ((shown_p < alpha) == reject and shown_in_region == reject and _close(shown_p, p)
                and _close(shown_statistic, statistic) and _close(shown_critical, critical)
                and _close(_float(step.before.lhs), shown_p, 1e-12) and _close(_float(step.before.rhs), alpha, 1e-6))
    words = (step.after == ("reject H₀" if reject else "do not reject H₀")
             and step.parts["decision"] == ("reject" if reject else "do not reject")
             and (step.parts["evidence"] == "is enough") == reject
             and (step.parts["region_word"] == "falls in") == reject
             and isinstance(step.before, sympy.Lt if reject else sympy.Ge))
    return _result(path, step, words and p_ok and area_ok and shown_ok and in_region == reject, "compare+mpmath-cdf",
                   f"p = {p:.10g} {'<' if reject else '≥'} α = {alpha:g} (recomputed {recomputed:.10g}; shown "
                   f"{shown_p:.10g}); the statistic {statistic:.10g} is {'inside' if in_region else 'outside'} the "
                   f"rejection region beyond {critical:.10g}, whose tail area is {area:.6g}")


def check_paired(path, step, memo):
    xs, ys = _fractions(step.parts["values"]), _fractions(step.parts["other"])
    full = [[x, y, x - y] for x, y in zip(xs, ys, strict=True)]
    shown = elide(full)
    table = step.after
    for r, expected in enumerate(shown):
        if expected is ELLIPSIS:
            continue
        if any(not _same_exact(table[r, c], e) for c, e in enumerate(expected)):
            return _result(path, step, False, "recompute", f"row {r + 1} is wrong")
        if any(not _same_exact(step.before[r, c], e) for c, e in enumerate(expected[:2])):
            return _result(path, step, False, "recompute", f"row {r + 1} does not match the data")
    return _result(path, step, table.rows == len(shown), "recompute", "d = x − y for every pair")


# ----------------------------------------------------------------------------- MLE steps
_SAMPLES = {
    "Bernoulli": ([1, 0, 1, 1], [0, 0, 1, 0, 1, 1, 1]),
    "Normal": ([0.3, 1.7, -0.4], [2.2, 2.9, 1.1, 3.5, 0.6]),
    "Poisson": ([1, 0, 3], [2, 2, 5, 0, 1, 4]),
    "Exponential": ([0.3, 1.7, 0.4], [2.2, 2.9, 1.1, 3.5, 0.6]),
}
_POINTS = {"Bernoulli": ({"p": 0.23}, {"p": 0.61}, {"p": 0.87}),
           "Normal": ({"mu": 0.5, "sigma": 1.3}, {"mu": -1.1, "sigma": 0.7}, {"mu": 2.0, "sigma": 2.5}),
           "Poisson": ({"lamda": 0.4}, {"lamda": 1.7}, {"lamda": 6.2}),
           "Exponential": ({"lamda": 0.4}, {"lamda": 1.7}, {"lamda": 6.2})}


def _on_sample(expr, sample: list[float]):
    """A general expression in n, k, x̄, S_xx and the xᵢ, made concrete for one sample
    (the parameters stay symbols)."""
    size = len(sample)
    mean = sum(sample) / size
    names = {"n": size, "k": sum(sample), "x̄": mean, "S_xx": sum((v - mean) ** 2 for v in sample)}
    scalars = {s: sympy.Integer(names[s.name]) if isinstance(names[s.name], int) else sympy.Float(names[s.name], 30)
               for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s.name in names}
    concrete = expr.xreplace(scalars).doit()
    data = {sympy.IndexedBase("x")[j + 1]: sympy.Float(v, 30) for j, v in enumerate(sample)}
    return concrete.xreplace(data).doit()


def _at(expr, point: dict) -> complex:
    values = {s: sympy.Float(point[s.name], 30) for s in expr.free_symbols if s.name in point}
    return complex(expr.xreplace(values).evalf(30))


def check_by_instances(path, step, memo):
    """A general identity (likelihood, logarithm, sum of squares): equal on sample data."""
    model = step.parts["model"]
    for sample in _SAMPLES[model]:
        before, after = _on_sample(step.before, sample), _on_sample(step.after, sample)
        for point in _POINTS[model]:
            a, b = _at(before, point), _at(after, point)
            if abs(a - b) > 1e-12 * max(1.0, abs(a), abs(b)):
                return _result(path, step, False, "instances", f"differs on {sample} at {point}: {a} vs {b}")
    return _result(path, step, True, "instances",
                   f"equal on {len(_SAMPLES[model])} samples at {len(_POINTS[model])} parameter points each")


def check_score_equation(path, step, memo):
    """The only root of the score in the parameter's domain is the one claimed: the
    numerator of the score as a polynomial in the parameter, its roots by ``sympy.roots``
    (σ > 0 drops the negative root), and the denominator nonzero there."""
    var = step.parts["var"]
    numerator, denominator = sympy.fraction(sympy.together(step.before.lhs))
    try:
        candidates = sympy.roots(sympy.Poly(numerator, var))
    except sympy.PolynomialError:
        return _result(path, step, False, "sympy-roots", "the score's numerator is not a polynomial in the parameter")
    roots = [r for r in candidates if not (var.is_positive and r.is_positive is False)
             and not equivalent(denominator.xreplace({var: r}), sympy.Integer(0))[0]]
    value = step.after.rhs
    matches = [r for r in roots if equivalent(sympy.sympify(r), value)[0]]
    passed = len(roots) == 1 and len(matches) == 1 and step.after.lhs == var
    return _result(path, step, passed, "sympy-roots", f"roots {sympy.sstr(roots)}")


def check_profile(path, step, memo):
    passed, method, detail = equivalent(step.before.xreplace({step.parts["parameter"]: step.parts["estimate"]}),
                                        step.after)
    return _result(path, step, passed, "substitute-" + method, detail)


_POSITIVE_SAMPLES = ({"n": 5, "k": 2, "S_xx": 2.5, "sigma": 0.8, "mu": 0.4, "x̄": 1.3},
                     {"n": 12, "k": 1, "S_xx": 7.1, "sigma": 1.9, "mu": -2.0, "x̄": -0.7},
                     {"n": 40, "k": 39, "S_xx": 0.3, "sigma": 3.3, "mu": 5.0, "x̄": 4.1})


def check_second_derivative(path, step, memo):
    passed, method, detail = equivalent(step.before.doit(), step.after)
    if not passed:
        return _result(path, step, False, method, detail)
    for sample in _POSITIVE_SAMPLES:
        value = step.after.xreplace({s: sympy.Float(sample[s.name]) for s in step.after.free_symbols
                                     if s.name in sample})
        if not (value.is_number and value < 0):
            return _result(path, step, False, "sign", f"not negative at {sample}")
    return _result(path, step, True, method + "+sign", f"{detail}; negative at {len(_POSITIVE_SAMPLES)} points")


def check_clip(path, step, memo):
    """The clipped interval is the Wald interval intersected with [0, 1]."""
    before, after = step.before, step.after
    expected = (max(_float(before.start), 0.0), min(_float(before.end), 1.0))
    got = (_float(after.start), _float(after.end))
    passed = (got == expected and (_float(before.start) < 0 or _float(before.end) > 1))
    return _result(path, step, passed, "intersect-[0,1]", f"[{expected[0]:.8g}, {expected[1]:.8g}]")


def check_monotone(path, step, memo):
    """The derivative shown is the likelihood's, it has the sign claimed at points inside the
    range for several n, and the estimate is the end that sign points to."""
    var = step.parts["var"]
    derivative = step.parts["derivative"]
    same, method, detail = equivalent(sympy.diff(step.before, var), derivative)
    sign = step.parts["sign"]
    increasing = sign == "positive"
    lower, upper = (0, 1) if var.name == "p" else (0, None)
    inside = (0.05, 0.3, 0.7, 0.95) if upper == 1 else (0.05, 0.7, 3.0, 40.0)
    n_symbol = next((s for s in derivative.free_symbols if s.name == "n"), None)
    signs_ok = True
    for size in (1, 2, 7):
        for point in inside:
            value = derivative.xreplace({var: sympy.Float(point)} | ({n_symbol: size} if n_symbol else {}))
            value = float(value.evalf())
            signs_ok = signs_ok and (value > 0 if increasing else value < 0)
    end = upper if increasing else lower
    after = step.after
    words = (step.parts["direction"] == ("increasing" if increasing else "decreasing") and end is not None
             and isinstance(after, sympy.Eq) and after.lhs == var and after.rhs == end)
    return _result(path, step, same and signs_ok and words, "derivative-sign+" + method,
                   f"{detail}; L' {sign} inside the range, so the maximum is at {var} = {end}")


_CHECKS = {
    Rule.SUM_OF_VALUES: check_sum_of_values,
    Rule.STANDARD_DEVIATION_ROOT: check_evaluates,
    Rule.INTERQUARTILE_RANGE: check_evaluates,
    Rule.DEVIATION_FROM_MEAN: check_evaluates,
    Rule.SAMPLE_PROPORTION: check_evaluates,
    Rule.ESTIMATE_ON_DATA: check_evaluates,
    Rule.MEAN_OF_VALUES: check_division("n"),
    Rule.SORT_DATA: check_sort,
    Rule.MEDIAN_MIDDLE_VALUE: check_median,
    Rule.MEDIAN_TWO_MIDDLE_VALUES: check_median,
    Rule.FREQUENCY_TABLE: check_frequency_table,
    Rule.MODE_MOST_FREQUENT: check_mode,
    Rule.NO_MODE: check_mode,
    Rule.DATA_RANGE: check_range,
    Rule.DEVIATION_TABLE: check_deviation_table,
    Rule.SUM_OF_DEVIATION_POWERS: check_power_sum,
    Rule.SAMPLE_VARIANCE: check_division("df"),
    Rule.POPULATION_VARIANCE: check_division("n"),
    Rule.SAMPLE_STANDARD_DEVIATION: check_sample_sd,
    Rule.DECIMAL_VALUE: check_decimal,
    Rule.QUARTILE_AT_POSITION: check_quartile,
    Rule.QUARTILE_INTERPOLATION: check_quartile,
    Rule.FIVE_NUMBER_SUMMARY: check_five_number,
    Rule.CENTRAL_MOMENT: check_division("n"),
    Rule.SKEWNESS_COEFFICIENT: check_with_sign,
    Rule.EXCESS_KURTOSIS: check_with_sign,
    Rule.Z_SCORE: check_z_score,
    Rule.Z_SCORE_GIVEN: check_z_score,
    Rule.DEVIATION_PRODUCTS_TABLE: check_products_table,
    Rule.SAMPLE_COVARIANCE: check_division("df"),
    Rule.POPULATION_COVARIANCE: check_division("n"),
    Rule.PEARSON_CORRELATION: check_correlation,
    Rule.STANDARD_ERROR_OF_MEAN: check_decimal_arithmetic,
    Rule.STANDARD_ERROR_OF_DIFFERENCE: check_decimal_arithmetic,
    Rule.STANDARD_ERROR_OF_PROPORTION: check_decimal_arithmetic,
    Rule.MARGIN_OF_ERROR: check_decimal_arithmetic,
    Rule.T_STATISTIC: check_decimal_arithmetic,
    Rule.WELCH_T_STATISTIC: check_decimal_arithmetic,
    Rule.Z_STATISTIC: check_decimal_arithmetic,
    Rule.WELCH_DEGREES_OF_FREEDOM: check_welch_df,
    Rule.T_CRITICAL_VALUE: check_critical,
    Rule.Z_CRITICAL_VALUE: check_critical,
    Rule.CONFIDENCE_INTERVAL: check_interval,
    Rule.STATE_HYPOTHESES: check_hypotheses,
    Rule.PAIRED_DIFFERENCES: check_paired,
    Rule.T_P_VALUE: check_p_value,
    Rule.Z_P_VALUE: check_p_value,
    Rule.TEST_DECISION: check_decision,
    Rule.LIKELIHOOD: check_by_instances,
    Rule.LOG_LIKELIHOOD: check_by_instances,
    Rule.SUM_OF_SQUARES_DECOMPOSITION: check_by_instances,
    Rule.SCORE_EQUATION: check_score_equation,
    Rule.PROFILE_LIKELIHOOD: check_profile,
    Rule.LIKELIHOOD_SECOND_DERIVATIVE: check_second_derivative,
    Rule.MONOTONE_LIKELIHOOD: check_monotone,
    Rule.CLIP_INTERVAL: check_clip,
}
STEP_CHECKS = {rule: reading_decimals_exactly(check) for rule, check in _CHECKS.items()}


# ----------------------------------------------------------------------------- answers
def _answer(passed, method: str, detail: str = "") -> Check:
    return Check("answer", "answer", bool(passed), method, detail)


def _array(values):
    """The data as floats, rescaled by a power of 10 when float powers would overflow.

    Returns (array, scale) with data = array·scale."""
    import numpy as np

    biggest = max(abs(v) for v in values)
    exponent = 0
    if biggest != 0 and not (sympy.Rational(1, 10**50) <= biggest <= 10**50):
        exponent = math.floor(math.log10(float(sympy.N(biggest, 20))))
    shift = sympy.Integer(10) ** exponent
    return np.array([float(sympy.N(sympy.Rational(v) / shift, 20)) for v in values]), 10.0**exponent


def _agrees(got, expected: float, magnitude: float, relative: float = 1e-9) -> tuple[bool, str]:
    value = _float(got)
    passed = math.isfinite(expected) and abs(value - expected) <= relative * max(abs(value), abs(expected)) + \
        1e-12 * magnitude
    return passed, f"{expected:.12g} vs {value:.12g}"


def _list_agrees(got, expected, magnitude) -> tuple[bool, str]:
    got = list(got)
    if len(got) != len(expected):
        return False, f"{len(got)} numbers, expected {len(expected)}"
    results = [_agrees(g, float(e), magnitude) for g, e in zip(got, expected, strict=True)]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


def answer_descriptive(solution: Solution) -> Check:
    import numpy as np
    from scipy import stats

    data = solution.problem.data
    if "values" not in data:             # z-score from a given mean and standard deviation
        x, mean, sd = (_float(data[k]) for k in ("x", "mean", "sd"))
        # the standardized value leaves the same normal tail as x itself under N(mean, sd²)
        if abs(x - mean) < 30 * sd:            # the lower or upper tail, whichever keeps its digits
            if x < mean:
                expected = float(stats.norm.ppf(stats.norm.cdf(x, loc=mean, scale=sd)))
            else:
                expected = float(stats.norm.isf(stats.norm.sf(x, loc=mean, scale=sd)))
            method = "scipy.stats.norm tail and its inverse"
        else:                                  # beyond 30σ the tail underflows: plain floating point
            expected, method = (x - mean) / sd, "(x − mean)/sd in floating point"
        passed, detail = _agrees(exact(solution.answer), expected, 1.0, 1e-7)
        return _answer(passed, method, detail)
    values = data["values"]
    a, c = _array(values)
    statistic = data["statistic"]
    answer = exact(solution.answer)          # decimals shown (2.675) read back as the numbers they print
    spread = float(np.max(np.abs(a))) or 1.0
    if statistic in ("mean", "median", "range"):
        expected = {"mean": np.mean, "median": np.median, "range": np.ptp}[statistic](a) * c
        passed, detail = _agrees(answer, float(expected), spread * c)
        return _answer(passed, f"numpy.{ {'range': 'ptp'}.get(statistic, statistic) }", detail)
    if statistic in ("variance", "population_variance", "standard_deviation", "population_standard_deviation"):
        ddof = 0 if statistic.startswith("population") else 1
        if statistic.endswith("variance"):
            expected, name, magnitude = float(np.var(a, ddof=ddof)) * c * c, "var", (spread * c) ** 2
        else:
            expected, name, magnitude = float(np.std(a, ddof=ddof)) * c, "std", spread * c
        passed, detail = _agrees(answer, expected, magnitude)
        return _answer(passed, f"numpy.{name}(ddof={ddof})", detail)
    if statistic in ("quartiles", "iqr", "five_number_summary"):
        q = np.percentile(a, [25, 50, 75], method="linear") * c
        if statistic == "iqr":
            passed, detail = _agrees(answer, float(q[2] - q[0]), spread * c)
        elif statistic == "quartiles":
            passed, detail = _list_agrees(answer, q, spread * c)
        else:
            passed, detail = _list_agrees(answer, [np.min(a) * c, *q, np.max(a) * c], spread * c)
        return _answer(passed, "numpy.percentile(method='linear')", detail)
    if statistic == "mode":
        uniques, counts = np.unique(a, return_counts=True)
        top = counts.max()
        if len(uniques) > 1 and (counts == top).all():
            return _answer(answer == "no mode" and solution.answer_sympy == "[]", "numpy.unique",
                           "every value equally often: no mode")
        passed, detail = _list_agrees(answer, uniques[counts == top] * c, spread * c)
        return _answer(passed, "numpy.unique(return_counts)", detail)
    if statistic == "skewness":
        passed, detail = _agrees(answer, float(stats.skew(a, bias=True)), 1.0, 1e-7)
        return _answer(passed, "scipy.stats.skew(bias=True)", detail)
    if statistic == "kurtosis":
        passed, detail = _agrees(answer, float(stats.kurtosis(a, fisher=True, bias=True)), 1.0, 1e-7)
        return _answer(passed, "scipy.stats.kurtosis(fisher=True, bias=True)", detail)
    # z-score: (x − mean)/s with the sample standard deviation
    x = _float(data["x"]) / c
    expected = (x - float(np.mean(a))) / float(np.std(a, ddof=1))
    passed, detail = _agrees(answer, expected, 1.0, 1e-7)
    return _answer(passed, "numpy (x − mean)/std(ddof=1)", detail)


def answer_two_variable(solution: Solution) -> Check:
    import numpy as np
    from scipy import stats

    data = solution.problem.data
    x, cx = _array(data["values"])
    y, cy = _array(data["other"])
    if data["statistic"] in ("covariance", "population_covariance"):
        population = data["statistic"] == "population_covariance"
        expected = float(np.cov(x, y, bias=population)[0, 1]) * cx * cy
        magnitude = float(np.max(np.abs(x)) * np.max(np.abs(y))) * cx * cy or 1.0
        passed, detail = _agrees(solution.answer, expected, magnitude, 1e-8)
        return _answer(passed, "numpy.cov" + ("(bias=True)" if population else ""), detail)
    expected = float(stats.pearsonr(x, y).statistic)
    passed, detail = _agrees(solution.answer, expected, 1.0, 1e-8)
    return _answer(passed, "scipy.stats.pearsonr", detail)


def _interval_agrees(interval, expected) -> tuple[bool, str]:
    lo, hi = float(expected[0]), float(expected[1])
    scale = max(abs(lo), abs(hi), hi - lo)
    a, b = _float(interval.start), _float(interval.end)
    passed = abs(a - lo) <= _DISPLAY_RELATIVE * scale and abs(b - hi) <= _DISPLAY_RELATIVE * scale
    return passed, f"[{lo:.8g}, {hi:.8g}] vs [{a:.8g}, {b:.8g}]"


def answer_interval(solution: Solution) -> Check:
    import numpy as np
    from scipy import stats

    data = solution.problem.data
    level = float(data["level"])
    kind = data["type"]
    if kind == "proportion":
        k, n = int(data["k"]), int(data["n"])
        phat = k / n
        lo, hi = stats.norm.interval(level, loc=phat, scale=math.sqrt(phat * (1 - phat) / n))
        passed, detail = _interval_agrees(solution.answer, (max(lo, 0.0), min(hi, 1.0)))
        return _answer(passed, "scipy.stats.norm.interval (Wald), clipped to [0, 1]", detail)
    if kind == "mean":
        a = np.array([float(v) for v in data["values"]])
        n, mean = len(a), float(np.mean(a))
        if data.get("sigma") is not None:
            expected = stats.norm.interval(level, loc=mean, scale=_float(data["sigma"]) / math.sqrt(n))
            method = "scipy.stats.norm.interval"
        else:
            expected = stats.t.interval(level, n - 1, loc=mean, scale=float(stats.sem(a)))
            method = "scipy.stats.t.interval + sem"
    else:
        n, mean = int(data["n"]), _float(data["mean"])
        if "sigma" in data:
            expected = stats.norm.interval(level, loc=mean, scale=_float(data["sigma"]) / math.sqrt(n))
            method = "scipy.stats.norm.interval"
        else:
            expected = stats.t.interval(level, n - 1, loc=mean, scale=_float(data["sd"]) / math.sqrt(n))
            method = "scipy.stats.t.interval"
    passed, detail = _interval_agrees(solution.answer, expected)
    return _answer(passed, method, detail)


def answer_test(solution: Solution) -> Check:
    import numpy as np
    from scipy import stats

    data = solution.problem.data
    test, alternative, alpha = data["test"], data["alternative"], float(data["alpha"])
    a = np.array([float(v) for v in data.get("values", ())])
    if "values" not in data:                  # from summary statistics: the t or normal distribution directly
        n, xbar = int(data["n"]), _float(data["mean"])
        spread = _float(data["sigma"] if test == "one_sample_z" else data["sd"])
        statistic = (xbar - _float(data["mu0"])) / (spread / math.sqrt(n))
        frozen = stats.norm() if test == "one_sample_z" else stats.t(n - 1)
        p = {"two-sided": 2 * frozen.sf(abs(statistic)), "greater": frozen.sf(statistic),
             "less": frozen.cdf(statistic)}[alternative]
        df = None if test == "one_sample_z" else n - 1
        method = "scipy.stats.norm" if df is None else "scipy.stats.t(n − 1)"
    elif test == "one_sample_t":
        result = stats.ttest_1samp(a, _float(data["mu0"]), alternative=alternative)
        statistic, p, df, method = result.statistic, result.pvalue, result.df, "scipy.stats.ttest_1samp"
    elif test == "paired_t":
        b = np.array([float(v) for v in data["other"]])
        result = stats.ttest_rel(a, b, alternative=alternative)
        statistic, p, df, method = result.statistic, result.pvalue, result.df, "scipy.stats.ttest_rel"
    elif test == "welch_t":
        b = np.array([float(v) for v in data["other"]])
        result = stats.ttest_ind(a, b, equal_var=False, alternative=alternative)
        statistic, p, df, method = result.statistic, result.pvalue, result.df, "scipy.stats.ttest_ind(equal_var=False)"
    else:
        sigma = _float(data["sigma"])
        statistic = (float(np.mean(a)) - _float(data["mu0"])) / (sigma / math.sqrt(len(a)))
        p = {"two-sided": 2 * stats.norm.sf(abs(statistic)), "greater": stats.norm.sf(statistic),
             "less": stats.norm.cdf(statistic)}[alternative]
        df, method = None, "scipy.stats.norm"
    answer = {str(k): v for k, v in solution.answer.items()}
    got_statistic, got_p = _float(answer["statistic"]), _float(answer["p_value"])
    ok = (_close(got_statistic, float(statistic)) and abs(got_p - float(p)) <= _DISPLAY_RELATIVE * float(p) + 1e-300
          and (answer["reject"] == sympy.true) == (float(p) < alpha))
    if df is None:
        ok = ok and "df" not in answer
    else:
        ok = ok and _close(_float(answer["df"]), float(df))
    return _answer(ok, method, f"statistic {float(statistic):.8g}, p {float(p):.8g}"
                   + (f", df {float(df):.8g}" if df is not None else ""))


def answer_mle(solution: Solution) -> Check:
    import numpy as np
    from scipy import optimize, special, stats

    data = solution.problem.data
    a = np.array([float(v) for v in data["values"]])
    answer = {str(k): _float(v) for k, v in solution.answer.items()}
    if data["family"] == "Bernoulli":
        k, n = float(a.sum()), len(a)

        def negative_loglik(p: float) -> float:
            return -(k * math.log(p) + (n - k) * math.log1p(-p))

        best = optimize.minimize_scalar(negative_loglik, bounds=(1e-12, 1 - 1e-12), method="bounded",
                                        options={"xatol": 1e-12})
        passed = abs(best.x - answer["p"]) <= 1e-6
        return _answer(passed, "scipy.optimize.minimize_scalar", f"maximum at {best.x:.10g} vs {answer['p']:.10g}")
    if data["family"] == "Poisson":
        k, n = float(a.sum()), len(a)
        constant = float(np.sum(special.gammaln(a + 1)))

        def negative_loglik(lam: float) -> float:
            return -(-n * lam + k * math.log(lam) - constant)

        if k == 0:
            return _answer(answer["lamda"] == 0, "boundary", "every count is 0: the maximum is at λ = 0")
        best = optimize.minimize_scalar(negative_loglik, bounds=(1e-12, 10 * float(a.max()) + 1), method="bounded",
                                        options={"xatol": 1e-12})
        passed = abs(best.x - answer["lamda"]) <= 1e-6 * max(1.0, answer["lamda"])
        return _answer(passed, "scipy.optimize.minimize_scalar", f"maximum at {best.x:.10g} vs {answer['lamda']:.10g}")
    if data["family"] == "Exponential":
        _, scale = stats.expon.fit(a, floc=0)
        passed = abs(1 / scale - answer["lamda"]) <= 1e-8 * max(1.0, answer["lamda"])
        return _answer(passed, "scipy.stats.expon.fit", f"rate {1 / scale:.10g} vs {answer['lamda']:.10g}")
    loc, scale = stats.norm.fit(a)
    expected = {"mu": float(loc), "sigma": float(scale)}
    magnitude = float(np.max(np.abs(a))) or 1.0
    results = [_agrees(answer[name], expected[name], magnitude, 1e-8) for name in answer]
    return _answer(all(r[0] for r in results) and set(answer) <= {"mu", "sigma"}, "scipy.stats.norm.fit",
                   "; ".join(r[1] for r in results))


def quietly(check):
    """numpy/scipy warn about precision on nearly constant data (a valid input here: the
    engine is exact); the comparison decides, so their warnings are not let out."""
    def wrapped(solution: Solution) -> Check:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return check(solution)
    wrapped.__name__ = check.__name__
    wrapped.__doc__ = check.__doc__
    return wrapped


ANSWER_CHECKS = {kind: quietly(check) for kind, check in {
    "descriptive_statistics": answer_descriptive,
    "two_variable_statistics": answer_two_variable,
    "confidence_interval": answer_interval,
    "hypothesis_test": answer_test,
    "mle": answer_mle,
}.items()}
