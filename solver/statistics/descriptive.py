"""Descriptive statistics of one data set, and covariance and correlation of two.

Every result is exact for exact data (fractions, exact square roots); an irrational
result gets a decimal step as well.  Quartiles use the linear method (numpy's default,
Hyndman–Fan type 7, Excel's QUARTILE.INC); skewness and kurtosis the moment coefficients
g₁ and g₂ with moments that divide by n (scipy.stats' defaults).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import sympy

from grammar import InvalidArgument

from ..rules import Rule
from ..steps import Minus, Plus, Solution, Step, Times
from .common import (
    TABLE_ROWS,
    as_decimals,
    check_values,
    data_text,
    decimal,
    decimal_step,
    deviation_table,
    div,
    label,
    mean_step,
    need,
    needs_decimal,
    number_text,
    power_label,
    power_sum_step,
    present,
    root,
    sample_sd_step,
    signed,
    solution,
    spread_steps,
    sqrt_step,
    total,
    typed_decimals,
    written_list,
    written_sum,
)

_NAMES = {
    "mean": "mean", "median": "median", "mode": "mode", "range": "range", "variance": "variance",
    "population_variance": "pvariance", "standard_deviation": "stdev", "population_standard_deviation": "pstdev",
    "quartiles": "quartiles", "iqr": "iqr", "five_number_summary": "fivenum", "skewness": "skewness",
    "kurtosis": "kurtosis", "z_score": "zscore", "covariance": "cov", "population_covariance": "pcov",
    "correlation": "corr",
}
QUARTILE_METHOD = ("quartiles by linear interpolation between the sorted values: numpy's default "
                   "(method='linear'), Hyndman–Fan type 7, Excel's QUARTILE.INC")
_SAMPLE = "the data are a sample, so the variance divides by n − 1 (Bessel's correction)"
_POPULATION = "the data are the whole population, so the variance divides by n"


_WORDS = {
    "mean": "mean", "median": "median", "mode": "mode", "range": "range", "variance": "sample variance (n − 1)",
    "population_variance": "population variance (n)", "standard_deviation": "sample standard deviation (n − 1)",
    "population_standard_deviation": "population standard deviation (n)", "quartiles": "quartiles",
    "iqr": "interquartile range", "five_number_summary": "five-number summary", "skewness": "skewness",
    "kurtosis": "excess kurtosis", "covariance": "sample covariance",
    "population_covariance": "population covariance (n)", "correlation": "Pearson correlation",
}


def statement(problem) -> str:
    """The problem in words, with the data as typed: "z-score of 9 in 2, 4, 4, 4, 5, 5, 7, 9"."""
    data = problem.data
    statistic = data["statistic"]
    if problem.kind == "two_variable_statistics":
        return f"{_WORDS[statistic]} of {data_text(data['values'])} and {data_text(data['other'])}"
    if statistic == "z_score" and "values" not in data:
        return (f"z-score of {number_text(data['x'])} given mean {number_text(data['mean'])} "
                f"and standard deviation {number_text(data['sd'])}")
    if statistic == "z_score":
        return f"z-score of {number_text(data['x'])} in {data_text(data['values'])}"
    return f"{_WORDS[statistic]} of {data_text(data['values'])}"


def difference(a, b) -> Plus:
    """``a − b`` as written (``5 − 2``, ``5 + 3`` for b = −3, ``−1 − 2`` for a = −1)."""
    return Plus(signed(a), signed(-b))


def sort_step(values: Sequence) -> Step:
    ordered = sorted(values)
    return Step(Rule.SORT_DATA, written_list(values), written_list(ordered),
                {"n": sympy.Integer(len(values)), "values": sympy.Tuple(*values)})


# ----------------------------------------------------------------------------- location
def _mean(values):
    step = mean_step(values)
    return step.after, [step], []


def _median(values):
    ordered = sorted(values)
    n = len(ordered)
    parts = {"n": sympy.Integer(n), "values": sympy.Tuple(*values)}
    if n % 2:
        value = ordered[n // 2]
        step = Step(Rule.MEDIAN_MIDDLE_VALUE, written_list(ordered), value,
                    {**parts, "position": sympy.Integer((n + 1) // 2)})
    else:
        lower, upper = ordered[n // 2 - 1], ordered[n // 2]
        value = (lower + upper) / 2
        step = Step(Rule.MEDIAN_TWO_MIDDLE_VALUES, written_list(ordered), value,
                    {**parts, "left": sympy.Integer(n // 2), "right": sympy.Integer(n // 2 + 1),
                     "lower": lower, "upper": upper})
    return value, [sort_step(values), step], []


_MODALITY = {1: "unimodal", 2: "bimodal"}


def _mode(values):
    counts = Counter(values)
    top = max(counts.values())
    modes = sorted(v for v, c in counts.items() if c == top)
    steps = []
    carried = {"values": sympy.Tuple(*values)}
    if len(counts) <= TABLE_ROWS:
        keys = sorted(counts)
        table = sympy.ImmutableMatrix([keys, [counts[k] for k in keys]])
        steps.append(Step(Rule.FREQUENCY_TABLE, written_list(sorted(values)), table, carried))
        shown = table
    else:
        shown = written_list(sorted(values))
    if len(counts) > 1 and len(modes) == len(counts):
        steps.append(Step(Rule.NO_MODE, shown, "no mode", {"count": sympy.Integer(top), **carried}))
        return "no mode", steps, ["a data set in which every value occurs equally often has no mode"], "[]"
    steps.append(Step(Rule.MODE_MOST_FREQUENT, shown, sympy.Tuple(*modes),
                      {"count": sympy.Integer(top), "how_many": sympy.Integer(len(modes)),
                       "modality": _MODALITY.get(len(modes), "multimodal"), **carried}))
    return sympy.Tuple(*modes), steps, [], sympy.sstr(list(modes))


def _range(values):
    high, low = max(values), min(values)
    step = Step(Rule.DATA_RANGE, Plus(signed(high), Minus(low)), high - low,  # 7.1 − (−3.2), as written
                {"maximum": high, "minimum": low, "values": sympy.Tuple(*values)})
    return high - low, [step], []


# ----------------------------------------------------------------------------- spread
def _variance(values, population: bool, root_too: bool):
    n = len(values)
    if not population:
        need(n, 2, "the sample variance needs at least two values: with one value n − 1 = 0",
             "for a single value ask for the population variance (it is 0)")
    mean = mean_step(values, "μ" if population else "x̄")     # the data are the population: its mean is μ
    steps, _, variance = spread_steps(values, mean.after, population, m="μ" if population else "x̄")
    steps = [mean, *steps]
    answer = variance
    if root_too:
        answer = sympy.sqrt(variance)
        steps.append(sqrt_step(variance, "σ" if population else "s"))
        if needs_decimal(answer):
            steps.append(decimal_step(answer))
    return answer, steps, [_POPULATION if population else _SAMPLE]


# ----------------------------------------------------------------------------- position
def quartile_step(ordered: Sequence, fraction: sympy.Rational, name: str) -> Step:
    """The linear method: position 1 + (n − 1)p, interpolating between neighbours."""
    n = len(ordered)
    h = (n - 1) * fraction
    j = int(sympy.floor(h))
    weight = h - j
    parts = {"name": name, "fraction": label(fraction), "position": label(h + 1),
             "n": sympy.Integer(n), "values": sympy.Tuple(*ordered)}
    if weight == 0:
        return Step(Rule.QUARTILE_AT_POSITION, sympy.Symbol(f"x_{j + 1}"), ordered[j], parts)
    lower, upper = ordered[j], ordered[j + 1]
    before = Plus(signed(lower), Times(weight, upper - lower))
    return Step(Rule.QUARTILE_INTERPOLATION, before, lower + weight * (upper - lower),
                {**parts, "below": sympy.Integer(j + 1), "above": sympy.Integer(j + 2), "lower": lower,
                 "upper": upper, "weight": weight})


_QUARTERS = {"Q1": sympy.Rational(1, 4), "Q2": sympy.Rational(1, 2), "Q3": sympy.Rational(3, 4)}


def _quartile_steps(values, names):
    ordered = sorted(values)
    steps = [sort_step(values)]
    found = {}
    for name in names:
        step = quartile_step(ordered, _QUARTERS[name], name)
        steps.append(step)
        found[name] = step.after
    return ordered, steps, found


def _quartiles(values):
    _, steps, q = _quartile_steps(values, ("Q1", "Q2", "Q3"))
    answer = [q["Q1"], q["Q2"], q["Q3"]]
    return sympy.Tuple(*answer), steps, [QUARTILE_METHOD], sympy.sstr(answer)


def _iqr(values):
    _, steps, q = _quartile_steps(values, ("Q1", "Q3"))
    value = q["Q3"] - q["Q1"]
    steps.append(Step(Rule.INTERQUARTILE_RANGE, difference(q["Q3"], q["Q1"]), value, {}))
    return value, steps, [QUARTILE_METHOD]


def _five_number(values):
    ordered, steps, q = _quartile_steps(values, ("Q1", "Q2", "Q3"))
    answer = [ordered[0], q["Q1"], q["Q2"], q["Q3"], ordered[-1]]
    steps.append(Step(Rule.FIVE_NUMBER_SUMMARY, written_list(ordered), sympy.Tuple(*answer),
                      {"minimum": ordered[0], "maximum": ordered[-1], "values": sympy.Tuple(*values)}))
    return sympy.Tuple(*answer), steps, [QUARTILE_METHOD], sympy.sstr(answer)


# ----------------------------------------------------------------------------- shape
def _moments(values, powers, what):
    n = len(values)
    mean = mean_step(values)
    steps = [mean]
    if n <= TABLE_ROWS:
        steps.append(deviation_table(values, mean.after, (1, *powers)))
    sums = {}
    for k in powers:
        step = power_sum_step(values, mean.after, k)
        steps.append(step)
        sums[k] = step.after
    if sums[2] == 0:
        raise InvalidArgument(f"all the values are equal, so m₂ = 0 and the {what} (which divides by a power "
                              "of m₂) is undefined", hint=f"the {what} needs data that vary")
    moments = {}
    for k in powers:
        moments[k] = sums[k] / n
        steps.append(Step(Rule.CENTRAL_MOMENT, div(sums[k], n), moments[k],
                          {"k": sympy.Integer(k), "n": sympy.Integer(n)}))
    return steps, moments


def _sign(value) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "zero"


_SKEW_SHAPE = {"positive": "the right tail is longer (skewed to the right)",
               "negative": "the left tail is longer (skewed to the left)",
               "zero": "the data are balanced about the mean (no skew)"}
_KURTOSIS_SHAPE = {"positive": "heavier tails than a normal distribution (leptokurtic)",
                   "negative": "lighter tails than a normal distribution (platykurtic)",
                   "zero": "tails like a normal distribution's (mesokurtic)"}


def _skewness(values):
    steps, m = _moments(values, (2, 3), "skewness")
    value = m[3] / m[2] ** sympy.Rational(3, 2)
    sign = _sign(value)
    steps.append(Step(Rule.SKEWNESS_COEFFICIENT, div(m[3], sympy.Pow(m[2], sympy.Rational(3, 2), evaluate=False)),
                      value, {"sign_word": sign, "shape": _SKEW_SHAPE[sign]}))
    if needs_decimal(value):
        steps.append(decimal_step(value))
    return value, steps, ["skewness is the Fisher–Pearson moment coefficient g₁ = m₃/m₂^(3/2) with moments "
                          "that divide by n (scipy.stats.skew's default, bias=True)"]


def _kurtosis(values):
    steps, m = _moments(values, (2, 4), "kurtosis")
    value = m[4] / m[2] ** 2 - 3
    sign = _sign(value)
    steps.append(Step(Rule.EXCESS_KURTOSIS,
                      Plus(div(m[4], sympy.Pow(m[2], 2, evaluate=False)), Minus(3)), value,
                      {"sign_word": sign, "shape": _KURTOSIS_SHAPE[sign]}))
    return value, steps, ["kurtosis is the excess kurtosis g₂ = m₄/m₂² − 3 with moments that divide by n "
                          "(scipy.stats.kurtosis's default: fisher=True, bias=True)"]


def _z_score(values, x):
    if not (isinstance(x, sympy.Expr) and x.is_number and x.is_real and x.is_finite):
        raise InvalidArgument("the value whose z-score is wanted must be a number",
                              hint="z-score of 7 in 2, 4, 4, 4, 5, 5, 7, 9")
    n = len(values)
    need(n, 2, "a z-score needs the sample standard deviation, which needs at least two values",
         "give the whole data set after 'in'")
    mean = mean_step(values)
    sd = sample_sd_step(values, mean.after, "the data")
    if sd.after == 0:
        raise InvalidArgument("all the values are equal, so s = 0 and z = (x − x̄)/s is undefined",
                              hint="a z-score needs data that vary")
    d = x - mean.after
    z = sympy.radsimp(d / sd.after)
    side = "above" if z > 0 else "below" if z < 0 else "at"
    steps = [mean, sd,
             Step(Rule.DEVIATION_FROM_MEAN, difference(x, mean.after), d, {"x": x}),
             Step(Rule.Z_SCORE, div(d, root(sd.after**2)), z, {"x": x, "side": side})]
    if needs_decimal(z):
        steps.append(decimal_step(z))
    return z, steps, ["z uses the sample standard deviation s (divides by n − 1)"]


def _z_score_given(x, mean, sd):
    for value, what in ((x, "the value"), (mean, "the mean"), (sd, "the standard deviation")):
        if not (isinstance(value, sympy.Expr) and value.is_number and value.is_real and value.is_finite):
            raise InvalidArgument(f"{what} must be a number", hint="z-score of 130 given mean 100 and sd 15")
    if not sd > 0:
        raise InvalidArgument("the standard deviation must be positive", hint="z-score of 130 given mean 100 and sd 15")
    d = x - mean
    z = sympy.radsimp(d / sd)
    side = "above" if z > 0 else "below" if z < 0 else "at"
    steps = [Step(Rule.DEVIATION_FROM_MEAN, difference(x, mean), d, {"x": x}),
             Step(Rule.Z_SCORE_GIVEN, div(d, sd), z, {"x": x, "sd": sd, "side": side})]
    if needs_decimal(z):
        steps.append(decimal_step(z))
    return z, steps, ["the mean and standard deviation are taken as given"]


_SOLVERS = {
    "mean": _mean, "median": _median, "mode": _mode, "range": _range,
    "variance": lambda v: _variance(v, population=False, root_too=False),
    "population_variance": lambda v: _variance(v, population=True, root_too=False),
    "standard_deviation": lambda v: _variance(v, population=False, root_too=True),
    "population_standard_deviation": lambda v: _variance(v, population=True, root_too=True),
    "quartiles": _quartiles, "iqr": _iqr, "five_number_summary": _five_number,
    "skewness": _skewness, "kurtosis": _kurtosis,
}


def solve_descriptive(problem, statement) -> Solution:
    data = problem.data
    if "values" not in data:                      # z-score from a given mean and standard deviation
        x, mean, sd = (sympy.sympify(data[k]) for k in ("x", "mean", "sd"))
        answer, steps, assumptions = _z_score_given(x, mean, sd)
        decimals = any(isinstance(v, sympy.Float) or (isinstance(v, sympy.Rational) and not v.is_Integer)
                       for v in (x, mean, sd))
        if decimals and isinstance(answer, sympy.Rational) and not answer.is_Integer \
                and steps[-1].rule != Rule.DECIMAL_VALUE:
            steps.append(decimal_step(answer))
        return solution(problem, statement, answer, present(steps, decimals), None, assumptions,
                        decimal=decimal(answer))
    values = check_values(data["values"])
    if data["statistic"] == "z_score":
        result = _z_score(values, sympy.sympify(data["x"]))
    else:
        result = _SOLVERS[data["statistic"]](values)
    answer, steps, assumptions = result[:3]
    answer_sympy = result[3] if len(result) > 3 else None
    decimals = typed_decimals(values)
    if (decimals and isinstance(answer, sympy.Rational) and not answer.is_Integer
            and not isinstance(as_decimals(answer), sympy.Float) and steps[-1].rule != Rule.DECIMAL_VALUE):
        steps.append(decimal_step(answer))       # decimals typed: 7/30 → 0.233333 as well
    steps = present(steps, decimals)
    shown_answer = answer
    if decimals and isinstance(answer, sympy.Tuple):   # quartiles of decimal data, as decimals
        answer_sympy = answer_sympy or sympy.sstr(list(answer))
        shown_answer = as_decimals(answer)
    return solution(problem, statement, shown_answer, steps, answer_sympy, assumptions, decimal=decimal(answer))


# ----------------------------------------------------------------------------- two variables
_STRENGTH = ((sympy.Integer(1), "a perfect {sign} linear relationship"),
             (sympy.Rational(7, 10), "a strong {sign} linear relationship"),
             (sympy.Rational(3, 10), "a moderate {sign} linear relationship"),
             (sympy.Rational(1, 10**12), "a weak {sign} linear relationship"))


def _strength(r) -> str:
    size = abs(r)
    for bound, words in _STRENGTH:
        if size >= bound:
            return words.format(sign="positive" if r > 0 else "negative")
    return "no linear relationship"


_COVARIANCE_MEANING = {"positive": "above-average x tends to go with above-average y",
                       "negative": "above-average x tends to go with below-average y",
                       "zero": "no linear tendency either way"}


def product_table(xs, ys, xbar, ybar, squares: bool) -> Step:
    rows = []
    for x, y in zip(xs, ys, strict=True):
        dx, dy = x - xbar, y - ybar
        rows.append([x, y, dx, dy, dx * dy, *((dx**2, dy**2) if squares else ())])
    columns = ["x", "y", "x − x̄", "y − ȳ", "(x − x̄)(y − ȳ)"] + (["(x − x̄)²", "(y − ȳ)²"] if squares else [])
    return Step(Rule.DEVIATION_PRODUCTS_TABLE, sympy.ImmutableMatrix([[x, y] for x, y in zip(xs, ys, strict=True)]),
                sympy.ImmutableMatrix(rows),
                {"xbar": xbar, "ybar": ybar, "columns": ", ".join(columns), "squares": sympy.true if squares
                 else sympy.false})


def product_sum_step(xs, ys, xbar, ybar) -> Step:
    """Σ(x − x̄)(y − ȳ), carrying both data sets for its check."""
    terms = [(x - xbar) * (y - ybar) for x, y in zip(xs, ys, strict=True)]
    return Step(Rule.SUM_OF_DEVIATION_POWERS, written_sum(terms), total(terms),
                {"column": "(x − x̄)(y − ȳ)", "n": sympy.Integer(len(xs)), "values": sympy.Tuple(*xs),
                 "center": xbar, "power": sympy.Integer(1), "other": sympy.Tuple(*ys), "other_center": ybar})


def solve_two_variable(problem, statement) -> Solution:
    data = problem.data
    xs = check_values(data["values"], "the first data set")
    ys = check_values(data["other"], "the second data set")
    statistic = data["statistic"]
    if len(xs) != len(ys):
        raise InvalidArgument(f"the two data sets have {len(xs)} and {len(ys)} values",
                              hint=f"{statistic} pairs the values, so both need the same number")
    n = len(xs)
    need(n, 2, f"the {statistic} needs at least two pairs of values", "give two lists of the same length")
    decimals = typed_decimals(xs, ys)
    mx = mean_step(xs, "x̄", "x")
    my = mean_step(ys, "ȳ", "y")
    xbar, ybar = mx.after, my.after
    correlation = statistic == "correlation"
    steps = [mx, my]
    if n <= TABLE_ROWS:
        steps.append(product_table(xs, ys, xbar, ybar, squares=correlation))
    sxy = product_sum_step(xs, ys, xbar, ybar)
    steps.append(sxy)
    if statistic == "population_covariance":
        value = sxy.after / n
        sign = _sign(value)
        steps.append(Step(Rule.POPULATION_COVARIANCE, div(sxy.after, n), value,
                          {"n": sympy.Integer(n), "sign_word": sign, "meaning": _COVARIANCE_MEANING[sign]}))
        return solution(problem, statement, value, present(steps, decimals), None,
                        ["the pairs are the whole population, so the covariance divides by n"],
                        decimal=decimal(value))
    if not correlation:
        value = sxy.after / (n - 1)
        sign = _sign(value)
        steps.append(Step(Rule.SAMPLE_COVARIANCE, div(sxy.after, n - 1), value,
                          {"df": sympy.Integer(n - 1), "sign_word": sign, "meaning": _COVARIANCE_MEANING[sign]}))
        return solution(problem, statement, value, present(steps, decimals), None,
                        ["the data are a sample, so the covariance divides by n − 1 (numpy.cov's default)"],
                        decimal=decimal(value))
    sxx = power_sum_step(xs, xbar, 2, "x", "x̄")
    syy = power_sum_step(ys, ybar, 2, "y", "ȳ")
    steps += [sxx, syy]
    for which, s, values, letters in (("first", sxx.after, xs, ("x", "x̄")), ("second", syy.after, ys, ("y", "ȳ"))):
        if s == 0:
            raise InvalidArgument(f"the {which} data set is constant (every value is {sympy.sstr(as_decimals(values[0]))}), "
                                  f"so its sum of squares Σ{power_label(2, *letters)} is 0 and "
                                  "r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²·Σ(y − ȳ)²) divides by 0: the correlation is undefined",
                                  hint="correlation measures how two variables vary together; both must vary")
    value = sympy.radsimp(sxy.after / sympy.sqrt(sxx.after * syy.after))
    steps.append(Step(Rule.PEARSON_CORRELATION, Times(sxy.after, sympy.Pow(root(Times(sxx.after, syy.after)), -1,
                                                                          evaluate=False)), value,
                      {"strength": _strength(value)}))
    if needs_decimal(value):
        steps.append(decimal_step(value))
    return solution(problem, statement, value, present(steps, decimals), None, ["Pearson's product-moment correlation"],
                    decimal=decimal(value))
