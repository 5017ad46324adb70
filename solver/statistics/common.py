"""Pieces every statistics solver shares: arithmetic shown as written, the mean, the
table of deviations, the sums of powers of deviations, variance and standard deviation.

Numbers stay exact (sympy Rationals, exact square roots) as long as the mathematics is
exact; test statistics, quantiles, p-values and intervals are decimals rounded to
``DIGITS`` significant digits for display, computed from full-precision values.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext

import sympy

from grammar import InvalidArgument, Problem, make_symbol

from ..rules import Rule
from ..steps import Minus, Plus, Solution, Step

TABLE_ROWS = 12
"""Tables and written-out sums up to this many values; beyond it only the ends and "…"."""
ELLIPSIS = sympy.Symbol("…")
DIGITS = 6
MAX_MAGNITUDE = sympy.Integer(10) ** 100
ZERO = sympy.Integer(0)


# ----------------------------------------------------------------------------- display
def div(a, b) -> sympy.Expr:
    """``a/b`` as written (``40/8``), evaluated only by ``doit``."""
    return sympy.Mul(a, sympy.Pow(b, -1, evaluate=False), evaluate=False)


def root(a) -> sympy.Expr:
    """``√a`` as written; a fraction stays in brackets (``√(32/7)``, not ``√32/7``)."""
    if isinstance(a, sympy.Rational) and not a.is_Integer:
        a = div(a.p, a.q)
    return sympy.Pow(a, sympy.S.Half, evaluate=False)


def signed(value):
    """A negative number as a subtraction inside ``Plus`` (``2 − 3``, not ``2 + -3``)."""
    if isinstance(value, sympy.Number) and value.is_negative:
        return Minus(-value)
    return value


def elide(items: Sequence) -> list:
    """All the items when there are few; otherwise the first three, "…", the last two."""
    items = list(items)
    if len(items) <= TABLE_ROWS:
        return items
    return [*items[:3], ELLIPSIS, *items[-2:]]


def written_sum(terms: Sequence) -> sympy.Expr:
    """``t1 + t2 − t3 …`` with long sums elided; a single term is itself."""
    shown = elide(terms)
    if len(shown) == 1:
        return shown[0]
    return Plus(*(signed(t) for t in shown))


def written_list(values: Sequence) -> sympy.Tuple:
    return sympy.Tuple(*elide(values))


def row(values: Sequence) -> sympy.ImmutableMatrix:
    """Data as a row vector, for statements that take more than one data set."""
    return sympy.ImmutableMatrix([list(values)])


def dec(value) -> sympy.Float:
    """A decimal with ``DIGITS`` significant digits, from an exact value or a float."""
    if isinstance(value, sympy.Basic):
        value = sympy.N(value, 30)
    return sympy.Float(value, DIGITS)


def shown(value):
    """Integers as they are; anything else as a decimal (inference steps read in decimals)."""
    if isinstance(value, sympy.Integer):
        return value
    return dec(value)


def terminating(value: sympy.Rational):
    """A rational with a short decimal expansion (11/4) as that decimal (2.75), exactly."""
    if value.is_Integer:
        return value
    q = int(value.q)
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q != 1:
        return value
    with localcontext() as context:
        context.prec = 60
        text = format((Decimal(int(value.p)) / Decimal(int(value.q))).normalize(), "f")
    digits = len(text.lstrip("-").replace(".", "").lstrip("0"))
    return sympy.Float(text, max(digits, 1))


def to_float(value) -> float:
    return float(sympy.N(value, 30))


def decimal(value):
    """The 15-digit decimal of an exact answer, for ``Solution.extra``."""
    if isinstance(value, (list, tuple, sympy.Tuple)):
        return [decimal(v) for v in value]
    if isinstance(value, dict):
        return {k: decimal(v) for k, v in value.items()}
    if isinstance(value, sympy.Float):
        return value
    if isinstance(value, sympy.Basic) and value.is_number:
        return sympy.Float(sympy.N(value, 15), 15)
    return value


def is_exact(value) -> bool:
    return isinstance(value, sympy.Basic) and not value.has(sympy.Float)


# ----------------------------------------------------------------------------- input
def check_values(values: Sequence, what: str = "the data") -> list[sympy.Rational]:
    """The data as exact numbers, refusing what no statistic can use."""
    if not values:
        raise InvalidArgument(f"{what} has no values", hint="list the numbers after 'of': mean of 1, 2, 3")
    out = []
    for k, v in enumerate(values, start=1):
        v = sympy.sympify(v)
        if not isinstance(v, sympy.Rational):
            raise InvalidArgument(f"value {k} of {what} is not a number", hint="data are numbers: 1, 2.5, -3")
        if abs(v) > MAX_MAGNITUDE:
            raise InvalidArgument(f"value {k} of {what} is larger than 10^100",
                                  hint="rescale the data (change the units) first")
        out.append(v)
    return out


def need(n: int, least: int, what: str, hint: str) -> None:
    if n < least:
        raise InvalidArgument(what, hint=hint)


# ----------------------------------------------------------------------------- mean
def total(values: Sequence) -> sympy.Rational:
    return sum(values, ZERO)


def sum_step(values: Sequence, label: str = "x") -> Step:
    """Σx written out (or elided), checked against the data carried in ``values``."""
    return Step(Rule.SUM_OF_VALUES, written_sum(values), total(values),
                {"n": sympy.Integer(len(values)), "label": label, "values": sympy.Tuple(*values)})


def mean_step(values: Sequence, symbol: str = "x̄", label: str = "x", rule: Rule = Rule.MEAN_OF_VALUES) -> Step:
    """x̄ = Σx/n, with the sum as its substep."""
    n = len(values)
    s = total(values)
    return Step(rule, div(s, n), s / n, {"n": sympy.Integer(n), "symbol": symbol}, (sum_step(values, label),))


# ----------------------------------------------------------------------------- deviations
_POWER_LABELS = {1: "{x} − {m}", 2: "({x} − {m})²", 3: "({x} − {m})³", 4: "({x} − {m})⁴"}


def power_label(power: int, x: str = "x", m: str = "x̄") -> str:
    return _POWER_LABELS[power].format(x=x, m=m)


def deviation_table(values: Sequence, mean, powers: Sequence[int], x: str = "x", m: str = "x̄") -> Step:
    """Columns x, x − x̄ and the requested powers of the deviations, one row per value."""
    rows = []
    for v in values:
        d = v - mean
        rows.append([v, *(d**k for k in powers)])
    columns = ", ".join([x, *(power_label(k, x, m) for k in powers)])
    return Step(Rule.DEVIATION_TABLE, sympy.ImmutableMatrix([[v] for v in values]), sympy.ImmutableMatrix(rows),
                {"mean_symbol": m, "mean": mean, "columns": columns, "powers": sympy.Tuple(*powers)})


def power_sum_step(values: Sequence, mean, power: int, x: str = "x", m: str = "x̄") -> Step:
    """Σ(x − x̄)^k, the terms written out (they are the table's column) or elided."""
    terms = [(v - mean) ** power for v in values]
    label = power_label(power, x, m)
    return Step(Rule.SUM_OF_DEVIATION_POWERS, written_sum(terms), total(terms),
                {"column": label, "n": sympy.Integer(len(values)), "values": sympy.Tuple(*values),
                 "center": mean, "power": sympy.Integer(power)})


def spread_steps(values: Sequence, mean, population: bool, x: str = "x", m: str = "x̄",
                 symbol: str | None = None) -> tuple[list[Step], sympy.Expr, sympy.Expr]:
    """Table (small data), Σ(x − x̄)², and the division by n − 1 or n.

    Returns the steps, the sum of squares and the variance.
    """
    n = len(values)
    steps: list[Step] = []
    if n <= TABLE_ROWS:
        steps.append(deviation_table(values, mean, (1, 2), x, m))
    ss_step = power_sum_step(values, mean, 2, x, m)
    steps.append(ss_step)
    ss = ss_step.after
    if population:
        variance = ss / n
        steps.append(Step(Rule.POPULATION_VARIANCE, div(ss, n), variance,
                          {"n": sympy.Integer(n), "symbol": symbol or "σ²"}))
    else:
        variance = ss / (n - 1)
        steps.append(Step(Rule.SAMPLE_VARIANCE, div(ss, n - 1), variance,
                          {"n": sympy.Integer(n), "df": sympy.Integer(n - 1), "symbol": symbol or "s²"}))
    return steps, ss, variance


def sqrt_step(variance, symbol: str) -> Step:
    return Step(Rule.STANDARD_DEVIATION_ROOT, root(variance), sympy.sqrt(variance), {"symbol": symbol})


def sample_sd_step(values: Sequence, mean, which: str, label: str = "s", x: str = "x", m: str = "x̄") -> Step:
    """s of a sample as one step with its worked parts (table, Σ(x − x̄)², ÷ (n − 1))."""
    n = len(values)
    steps, _, variance = spread_steps(values, mean, population=False, x=x, m=m)
    sd = sympy.sqrt(variance)
    return Step(Rule.SAMPLE_STANDARD_DEVIATION, root(variance), sd,
                {"label": label, "which": which, "df": sympy.Integer(n - 1), "values": sympy.Tuple(*values)},
                tuple(steps))


def decimal_step(value) -> Step:
    return Step(Rule.DECIMAL_VALUE, value, dec(value), {})


def needs_decimal(value) -> bool:
    """Irrational exact values (square roots) get a decimal step; fractions read fine."""
    return isinstance(value, sympy.Basic) and value.is_number and not value.is_Rational


# ----------------------------------------------------------------------------- solution
def solution(problem: Problem, statement, answer, steps, answer_sympy: str | None = None,
             assumptions=(), **extra) -> Solution:
    return Solution(problem=problem, statement=statement, answer=answer, steps=tuple(steps),
                    assumptions=tuple(dict.fromkeys((*problem.notes, *assumptions))),
                    answer_sympy=answer_sympy if answer_sympy is not None else sympy.sstr(answer), extra=extra)


def symbol(name: str) -> sympy.Symbol:
    return make_symbol(name)
