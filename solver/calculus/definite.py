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
from .integral import NonElementary, antiderivative_steps

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


def _evaluate_at(F, x, point, direction):
    """F at a finite, regular point, or its one-sided limit (with the limit shown)."""
    if point.is_finite:
        value = F.xreplace({x: point})
        if value.is_finite and not value.has(sympy.nan, sympy.zoo):
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
    interior = []
    if not symbolic:
        gaps = _domain_gaps(f, x, a, b) or []
        lo, hi = (a, b) if (not finite or a <= b) else (b, a)
        interior = sorted((p for p in gaps if p.is_finite and lo < p < hi), key=float, reverse=bool(a > b))
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
        upper, upper_limit = _evaluate_at(F, x, right, "-")
        lower, lower_limit = _evaluate_at(F, x, left, "+")
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
    decimal = value.evalf(12) if value.is_number and value.is_finite is not False else value
    assumptions = list(problem.notes)
    if value.is_infinite or value.has(sympy.oo):
        assumptions.append("the integral diverges")
    elif improper:
        assumptions.append("the integral is improper and converges")
    text_answer = value
    return Solution(problem=problem, statement=statement, answer=text_answer, steps=tuple(steps),
                    assumptions=tuple(assumptions), answer_sympy=sympy.sstr(value),
                    extra={"decimal": decimal, "diverges": bool(value.is_infinite)})


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
