"""Pieces every statistics solver shares: arithmetic shown as written, the mean, the
table of deviations, the sums of powers of deviations, variance and standard deviation.

Numbers stay exact (sympy Rationals, exact square roots) as long as the mathematics is
exact; test statistics, quantiles, p-values and intervals are decimals rounded to
``DIGITS`` significant digits for display, computed from full-precision values.
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
import sympy

from grammar import InvalidArgument, Problem, make_symbol

from ..algebra import terminating_decimal
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
    """``a/b`` as written (``40/8``), evaluated only by ``doit``.  A negative numerator is
    written ``−(|a|/b)``: printers pull a negative coefficient out of a product and
    rebuild it, which would evaluate the division on the page."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if isinstance(a, sympy.Number) and a.is_negative:
        return Plus(Minus(sympy.Mul(-a, sympy.Pow(b, -1, evaluate=False), evaluate=False)))
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


def dec(value, digits: int = DIGITS) -> sympy.Float:
    """A decimal with ``digits`` (by default ``DIGITS``) significant digits, from an exact
    value or a float.

    Rounded in decimal first, so the number stored is the number printed (a Float made
    straight from 1.0015432 with 6 digits prints 1.00154 but keeps 1.0015432)."""
    if isinstance(value, sympy.Basic):
        value = sympy.N(value, 30)
    return sympy.Float(mpmath.nstr(mpmath.mpf(str(value)), digits, strip_zeros=False), digits)


def digits_apart(a: float, b: float, most: int = 12) -> int:
    """The fewest significant digits (at least ``DIGITS``) at which ``a`` and ``b``, each
    rounded, still compare the way they do (p = 0.049999998 < 0.05, not 0.05 < 0.05)."""
    for digits in range(DIGITS, most + 1):
        ra, rb = (float(mpmath.nstr(mpmath.mpf(str(v)), digits)) for v in (a, b))
        if (ra < rb) == (a < b) and (ra > rb) == (a > b):
            return digits
    return most


def shown(value):
    """A number inside displayed arithmetic: integers as they are, anything else as a
    6-digit decimal (accurate to ~1e-7, so ``doit`` on the display stays meaningful)."""
    if isinstance(value, sympy.Integer):
        return value
    return dec(value)


def label(value):
    """A number a sentence names (a position, a tail area, α): a short exact decimal
    printed exactly (2.75, 0.025), else as ``shown``.  For display only: such a Float
    carries just the digits it prints, so it is never computed with (checks read it
    back from its printed form)."""
    if isinstance(value, sympy.Rational) and not value.is_Integer:
        exact = terminating(value)
        if isinstance(exact, sympy.Float) and exact._prec <= sympy.Float(1, DIGITS)._prec:
            return exact
    return shown(value)


def terminating(value: sympy.Rational):
    """A rational with a short decimal expansion (11/4) as that decimal (2.75), exactly."""
    return terminating_decimal(value)


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


# ----------------------------------------------------------------------------- presentation
_MAX_DECIMAL_DIGITS = 15


def typed_decimals(*data_sets) -> bool:
    """Did the person type decimals?  Data hold only integers and decimals (the grammar
    reads no fractions in a list), so any non-integer value was typed as a decimal."""
    return any(not sympy.sympify(v).is_Integer for values in data_sets for v in values)


def as_decimals(expr):
    """Terminating fractions shown as the exact decimals they are (2.5, 62.88); others,
    and exponents, unchanged.  Display only: the checks read such decimals back exactly."""
    if isinstance(expr, str) or not isinstance(expr, sympy.Basic):
        return expr
    if isinstance(expr, sympy.Rational):
        if expr.is_Integer:
            return expr
        shown_value = terminating(expr)
        if isinstance(shown_value, sympy.Float) and shown_value._prec <= sympy.Float(1, _MAX_DECIMAL_DIGITS)._prec:
            return shown_value
        return expr
    if isinstance(expr, sympy.MatrixBase):
        return sympy.ImmutableMatrix(expr.rows, expr.cols, [as_decimals(e) for e in expr])
    if isinstance(expr, sympy.Pow):
        return sympy.Pow(as_decimals(expr.base), expr.exp, evaluate=False)
    if not expr.args or isinstance(expr, (sympy.Symbol, sympy.Indexed, sympy.Derivative, sympy.Subs)):
        return expr
    args = [as_decimals(a) for a in expr.args]
    if isinstance(expr, (sympy.Add, sympy.Mul, sympy.core.relational.Relational)):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def present(steps, decimals: bool) -> list[Step]:
    """The steps as a person who typed decimals reads them (see ``as_decimals``)."""
    if not decimals:
        return list(steps)
    return [Step(s.rule, as_decimals(s.before), as_decimals(s.after),
                 {k: as_decimals(v) for k, v in s.parts.items()}, tuple(present(s.substeps, True)), s.role)
            for s in steps]


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
    substeps = (sum_step(values, label),) if n > 1 else ()     # one value: nothing to add up
    return Step(rule, div(s, n), s / n, {"n": sympy.Integer(n), "symbol": symbol}, substeps)


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
    return Step(Rule.DEVIATION_TABLE, sympy.Tuple(*values), sympy.ImmutableMatrix(rows),
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


def data_text(values: Sequence) -> str:
    """Data as a person writes them in a sentence: 2, 4, 4, …, 9 (decimals as typed)."""
    from ..render.math import to_text

    shown = [ELLIPSIS if v is ELLIPSIS else as_decimals(sympy.sympify(v)) for v in elide(values)]
    return ", ".join(to_text(v) for v in shown)


def number_text(value) -> str:
    from ..render.math import to_text

    return to_text(as_decimals(sympy.sympify(value)))


def symbol(name: str) -> sympy.Symbol:
    return make_symbol(name)
