"""Definite integrals: an antiderivative, then the Fundamental Theorem of Calculus.

Infinite bounds and points where the integrand blows up become limits (improper
integrals); an integral with no elementary antiderivative gets its numeric value, said
plainly.  The FTC is used only where the antiderivative is continuous on the interval,
because ``F(b) − F(a)`` across a jump is a wrong answer that looks right.
"""

from __future__ import annotations

import sympy
from sympy import Integral

from grammar import UnsupportedProblem

from ..algebra import tidy
from ..rules import Rule
from ..steps import Solution, Step
from .integral import NonElementary, antiderivative_steps, conditions

_t = sympy.Symbol("t", real=True)


def _domain_gaps(expr, x, a, b):
    """Points of [a, b] where ``expr`` is not continuous, or None when that is unknown."""
    from sympy.calculus.util import continuous_domain

    interval = sympy.Interval(a, b) if a <= b else sympy.Interval(b, a)
    try:
        domain = continuous_domain(expr, x, interval)
    except (NotImplementedError, ValueError, TypeError):
        return None
    missing = interval - domain
    if missing.is_empty:
        return []
    if isinstance(missing, sympy.FiniteSet):
        return sorted(missing, key=lambda p: float(p))
    return None


def _finite_number(value) -> bool:
    """A finite value, decided numerically when sympy's assumptions cannot (Si(2).is_finite is None)."""
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo, sympy.AccumBounds):
        return False
    if value.is_finite:
        return True
    if not value.is_number:  # letters (atan(1/a)/a): finite for the values the answer assumes
        return value.is_finite is not False
    number = sympy.N(value, 20)
    return number.is_number and number.is_finite is True and not number.has(sympy.nan, sympy.zoo)


def _unbounded_at(f, x, point, direction) -> bool:
    """The integrand grows without bound as ``x`` approaches ``point`` from inside the interval."""
    try:
        limit = sympy.limit(f, x, point, dir=direction)
    except (NotImplementedError, ValueError, TypeError):
        return True  # unknown: treat it as improper and take limits, which is never wrong
    if isinstance(limit, sympy.AccumBounds):
        return not (limit.min.is_finite and limit.max.is_finite)
    return not _finite_number(limit)


def _evaluate_at(F, x, point, direction, force_limit=False):
    """F at a finite, regular point, or its one-sided limit (with the limit shown).  An endpoint
    where the integrand is unbounded always gets the limit: that is what the integral means there."""
    if point.is_finite and not force_limit:
        value = F.xreplace({x: point})
        if _finite_number(value):
            return tidy(sympy.nsimplify(value) if value.is_Float else value), None
    limit = sympy.limit(F, x, point, dir=direction)
    shown = sympy.Eq(sympy.Limit(F, x, point, dir=direction), limit, evaluate=False)
    return limit, shown


def solve_definite(problem, statement) -> Solution:
    f, x = problem.expr, problem.variable
    a, b = problem.data["lower"], problem.data["upper"]
    symbolic = bool(a.free_symbols or b.free_symbols)
    try:
        tree = antiderivative_steps(f, x)
    except NonElementary:
        return _numeric(problem, statement)
    F = tidy(tree.after)
    steps = [tree]
    if F != tree.after:
        steps.append(Step(Rule.SIMPLIFY, tree.after, F))
    finite = a.is_finite and b.is_finite
    interior, unbounded = [], set()
    if not symbolic:
        gaps = _domain_gaps(f, x, a, b) or []
        lo, hi = (a, b) if (not finite or a <= b) else (b, a)
        interior = sorted((p for p in gaps if p.is_finite and lo < p < hi), key=float, reverse=bool(a > b))
        unbounded = {p for p in gaps if p.is_finite and p in (lo, hi) and _unbounded_at(f, x, p, "+" if p == lo else "-")}
        unbounded |= set(interior)
        jumps = _domain_gaps(F, x, a, b) if finite else []
        if jumps:
            bad = [p for p in jumps if p not in gaps and lo < p < hi]
            if bad:
                raise UnsupportedProblem(
                    f"the antiderivative I found jumps at {x} = {sympy.sstr(bad[0])}, inside the interval, "
                    "so F(b) − F(a) would be wrong",
                    hint="split the integral at that point")
    points = [a, *interior, b]
    pieces, shown_limits = [], []
    for left, right in zip(points, points[1:], strict=False):
        inward = ("+", "-") if (left - right).is_positive else ("-", "+")  # limits from inside [left, right]
        upper, upper_limit = _evaluate_at(F, x, right, inward[0], right in unbounded)
        lower, lower_limit = _evaluate_at(F, x, left, inward[1], left in unbounded)
        pieces.append((left, right, upper, lower))
        shown_limits += [lim for lim in (upper_limit, lower_limit) if lim is not None]
    values = [up - low for _, _, up, low in pieces]
    if any(v.has(sympy.AccumBounds) for _, _, up, low in pieces for v in (up, low)):
        raise UnsupportedProblem("this improper integral has no value: the antiderivative keeps oscillating "
                                 "and has no limit", hint="it diverges by oscillation")
    value = sympy.Add(*values)
    if value.has(sympy.nan) or any(v.has(sympy.nan) for v in values):
        raise UnsupportedProblem("this improper integral has no value: its pieces diverge in opposite "
                                 "directions (∞ − ∞)", hint="it diverges; its Cauchy principal value is another question")
    value = tidy(value)
    improper = bool(shown_limits) or not finite
    parts = {"antiderivative": F, "lower": a, "upper": b, "var": x,
             "F_upper": pieces[-1][2], "F_lower": pieces[0][3],
             "difference": sympy.Add(pieces[-1][2], -pieces[0][3], evaluate=False)}
    if improper:
        parts["limits"] = sympy.Tuple(*shown_limits)
        parts["split_note"] = (f" The integrand is unbounded at {x} = {', '.join(sympy.sstr(p) for p in interior)} "
                               "inside the interval, so the integral is split there." if interior else "")
        parts["split"] = sympy.Tuple(*interior)
        steps.append(Step(Rule.IMPROPER_INTEGRAL, statement, value, parts))
    else:
        steps.append(Step(Rule.FUNDAMENTAL_THEOREM, statement, value, parts))
    decimal = _decimal(value)
    assumptions = [*problem.notes, *conditions(tree)]
    if value.is_infinite or value.has(sympy.oo):
        assumptions.append("the integral diverges")
    elif improper:
        assumptions.append("the integral is improper and converges")
    text_answer = value
    return Solution(problem=problem, statement=statement, answer=text_answer, steps=tuple(steps),
                    assumptions=tuple(assumptions), answer_sympy=sympy.sstr(value),
                    extra={"decimal": decimal, "diverges": bool(value.is_infinite)})


def _decimal(value):
    """The value as a 12-digit number (Si(2) − Si(1) → 0.659329906435); ∞ and letters stay as they are."""
    if not value.is_number or value.has(sympy.oo, -sympy.oo, sympy.zoo):
        return value
    number = sympy.N(value, 12)
    return number if number.is_number else value


def _numeric(problem, statement) -> Solution:
    f, x = problem.expr, problem.variable
    value = Integral(f, (x, problem.data["lower"], problem.data["upper"])).evalf(15)
    if not value.is_number or not value.is_finite:
        raise UnsupportedProblem("this integral has no elementary antiderivative and no finite numeric value",
                                 hint="check the bounds")
    step = Step(Rule.NUMERIC_INTEGRATION, statement, value, {"function": f, "var": x})
    notes = (*problem.notes, f"{sympy.sstr(f)} has no elementary antiderivative, so the value is computed numerically")
    return Solution(problem=problem, statement=statement, answer=value, steps=(step,), assumptions=notes,
                    answer_sympy=sympy.sstr(value), extra={"decimal": value, "diverges": False})
