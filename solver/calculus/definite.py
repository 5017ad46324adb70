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
from ..steps import Minus, Plus, Solution, Step, Times
from .integral import NonElementary, antiderivative_steps, conditions, nonelementary_claim

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


_F = sympy.Function("F")


def _evaluate_at(F, x, point, direction, force_limit=False, shown=None):
    """F at a finite, regular point, or its one-sided limit, with what is shown for it (F(1) = −1,
    or lim F = 0).  An endpoint where the integrand is unbounded always gets the limit: that is
    what the integral means there."""
    if point.is_finite and not force_limit:
        value = F.xreplace({x: point})
        if _finite_number(value):
            value = tidy(sympy.nsimplify(value) if value.is_Float else value)
            return value, sympy.Eq(_F(point), value, evaluate=False)
    limit = sympy.limit(F, x, point, dir=direction)
    return limit, sympy.Eq(sympy.Limit(F if shown is None else shown, x, point, dir=direction), limit, evaluate=False)


def _odd_root(e) -> bool:
    return e.is_Pow and e.exp.is_Rational and not e.exp.is_Integer and e.exp.q % 2 == 1 and not e.base.is_number


def real_odd_roots(expr):
    """Odd roots read as real roots, as the language means them: x^(p/q), q odd, is
    sign(x)^p·|x|^(p/q) (sympy's x**(1/3) is the complex principal root for x < 0)."""
    return expr.replace(_odd_root, lambda e: sympy.sign(e.base) ** (e.exp.p % 2) * sympy.Abs(e.base) ** e.exp)


def _no_value(v) -> bool:
    return v.has(sympy.nan, sympy.zoo, sympy.AccumBounds) or not (v.is_finite or v in (sympy.oo, -sympy.oo)
                                                                  or _finite_number(v))


def _difference(upper, lower):
    """F(b) − F(a) as written, the subtracted value bracketed when negative: 2 − (−1/2)."""
    return Plus(upper, Minus(Times(lower)))


_IMPROPER = ("A bound is infinite or the integrand is unbounded on the interval, so the integral is a limit of "
             "proper integrals.")
_JUMP = ("The antiderivative is undefined at an end of this piece though the integrand is not, so F is taken "
         "there as a one-sided limit.")


def _say(value) -> str:
    """A number in a sentence: π, not pi."""
    return sympy.sstr(value).replace("pi", "π").replace("oo", "∞").replace("*", "·")


def _piece(F, F_real, x, left, right, unbounded, jumps=()):
    """∫ from left to right by F(right) − F(left), limits where needed: (value, parts, improper).
    ``F_real`` is F with odd roots read as real roots, the one evaluated; F is the one shown."""
    inward = ("+", "-") if (left - right).is_positive else ("-", "+")  # limits from inside [left, right]
    upper, upper_shown = _evaluate_at(F_real, x, right, inward[0], right in unbounded, F)
    lower, lower_shown = _evaluate_at(F_real, x, left, inward[1], left in unbounded, F)
    improper = isinstance(upper_shown.lhs, sympy.Limit) or isinstance(lower_shown.lhs, sympy.Limit)
    only_jumps = left.is_finite and right.is_finite and {left, right} & set(unbounded) <= set(jumps)
    parts = {"antiderivative": F, "lower": left, "upper": right, "var": x, "F_upper": upper, "F_lower": lower,
             "reason": _JUMP if only_jumps and {left, right} & set(jumps) else _IMPROPER,
             "values": sympy.Tuple(lower_shown, upper_shown), "split_note": "", "verdict": "",
             "split": sympy.Tuple(),
             "limits": sympy.Tuple(*(e for e in (upper_shown, lower_shown) if isinstance(e.lhs, sympy.Limit)))}
    if _no_value(upper) or _no_value(lower):
        where = upper_shown if _no_value(upper) else lower_shown
        parts.update(conclusion="divergent", diverges=True,
                     verdict=f" The limit of {_say(where.lhs.args[0])} as {x} → {_say(where.lhs.args[2])} "
                             "does not exist (it keeps oscillating), so the integral diverges.")
        return sympy.oo, parts, True
    value = tidy(upper - lower)
    if value.has(sympy.nan):
        parts.update(conclusion="divergent", diverges=True,
                     verdict=" The two limits are infinite with opposite signs (∞ − ∞), so the integral diverges.")
        return sympy.oo, parts, True
    parts["difference"] = _difference(upper, lower)
    parts["conclusion"] = sympy.Eq(parts["difference"], value, evaluate=False)
    if value.is_infinite:
        parts.update(diverges=True, verdict=" The limit is infinite, so the integral diverges.")
    return value, parts, improper


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
    notes = [*problem.notes, *conditions(tree)]
    odd = any(_odd_root(p) for p in f.atoms(sympy.Pow)) or any(_odd_root(p) for p in F.atoms(sympy.Pow))
    F_real = real_odd_roots(F) if odd else F
    if odd:
        notes.append("odd roots are real roots (∛x = −∛|x| for x < 0), so F is evaluated with real roots")
    finite = a.is_finite and b.is_finite
    interior, unbounded = [], set()
    if not symbolic:
        gaps = _domain_gaps(f, x, a, b) or []
        lo, hi = (a, b) if (not finite or a <= b) else (b, a)
        interior = sorted((p for p in gaps if p.is_finite and lo < p < hi), key=float, reverse=bool(a > b))
        unbounded = {p for p in gaps if p.is_finite and p in (lo, hi) and _unbounded_at(f, x, p, "+" if p == lo else "-")}
        unbounded |= set(interior)
        jumps = _domain_gaps(F, x, a, b) if finite and not odd else []
        if jumps is None:
            jumps = []
        bad = [p for p in jumps if p not in gaps and lo < p < hi]
        if bad and any(_unbounded_at(f, x, p, d) for p in bad for d in "+-"):
            raise UnsupportedProblem(
                f"the antiderivative I found jumps at {x} = {sympy.sstr(bad[0])}, inside the interval, "
                "so F(b) − F(a) would be wrong", hint="split the integral at that point")
        if bad:  # F jumps where f is fine (tan(x/2) at π): each side uses F's one-sided limit there
            interior = sorted({*interior, *bad}, key=float, reverse=bool(a > b))
            unbounded |= set(bad)
    else:
        bad = []
    points = [a, *interior, b]
    pieces = [_piece(F, F_real, x, left, right, unbounded, bad) for left, right in zip(points, points[1:], strict=False)]
    for piece_value, _, _ in pieces:
        if piece_value.is_number and not piece_value.has(sympy.oo, -sympy.oo) and \
                abs(sympy.im(sympy.N(piece_value, 20))) > 1e-15:
            raise UnsupportedProblem("the integrand is not real on the whole interval",
                                     hint="integrate over an interval where the integrand is real")
    if len(pieces) == 1:
        value, parts, improper = pieces[0]
        improper = improper or not finite
        parts["antiderivative"] = F
    else:
        value, parts, improper = _split(f, F, x, a, b, interior, pieces, bad)
    parts["lower"], parts["upper"] = a, b
    if improper:
        steps.append(Step(Rule.IMPROPER_INTEGRAL, statement, value, parts, parts.pop("substeps", ())))
    else:
        steps.append(Step(Rule.FUNDAMENTAL_THEOREM, statement, value, parts))
    diverges = bool(parts.get("diverges"))
    extra = {"decimal": _decimal(value), "diverges": diverges}
    if parts.get("conclusion") == "divergent":  # no value at all (oscillation, ∞ − ∞): oo is only the mark
        extra["shown_answer"] = sympy.Symbol("diverges")
    return Solution(problem=problem, statement=statement, answer=value, steps=tuple(steps),
                    assumptions=tuple(notes), answer_sympy=sympy.sstr(value), extra=extra)


def _split(f, F, x, a, b, interior, pieces, jumps=()):
    """The integral split at the poles inside (or where F jumps though f does not): each piece its
    own integral by limits, shown apart."""
    substeps, values = [], []
    for (value, parts, _), (left, right) in zip(pieces, zip([a, *interior], [*interior, b], strict=False), strict=False):
        parts = {**parts, "antiderivative": F}
        piece = Integral(f, (x, left, right))
        substeps.append(Step(Rule.IMPROPER_INTEGRAL, piece, value, parts))
        values.append((piece, value, parts))
    poles = ", ".join(_say(p) for p in interior if p not in jumps)
    gaps = ", ".join(_say(p) for p in jumps)
    note = f" The integrand is unbounded at {x} = {poles} inside the interval" if poles else ""
    if gaps:
        note += (" and" if note else "") + (f" The antiderivative F jumps at {x} = {gaps} (the integrand does not), so F "
                                            "is taken there as a one-sided limit from each side" if not note else
                                            f" F jumps at {x} = {gaps}")
    parts = {"antiderivative": F, "var": x, "split": sympy.Tuple(*interior), "substeps": tuple(substeps),
             "values": sympy.Tuple(*(sympy.Eq(piece, v, evaluate=False) for piece, v, _ in values)),
             "limits": sympy.Tuple(*(lim for _, _, p in values for lim in p["limits"])),
             "split_note": f"{note}; the integral is split there and each piece is worked out on its own (below).",
             "verdict": "", "reason": _IMPROPER if poles else ""}
    if not poles:
        parts["split_note"] = parts["split_note"].lstrip()
    divergent = [(piece, v) for piece, v, p in values if p.get("diverges")]
    total = tidy(sympy.Add(*(v for _, v, _ in values)))
    if not divergent:
        parts["conclusion"] = sympy.Eq(Plus(*(v for _, v, _ in values)), total, evaluate=False)
        return total, parts, True
    parts["diverges"] = True
    first = divergent[0][0]
    said = f"from {_say(first.limits[0][1])} to {_say(first.limits[0][2])}"
    if total in (sympy.oo, -sympy.oo):
        parts["conclusion"] = sympy.Eq(Plus(*(v for _, v, _ in values)), total, evaluate=False)
        parts["verdict"] = f" The piece {said} diverges, so the whole integral diverges."
        return total, parts, True
    parts["conclusion"] = "divergent"
    parts["verdict"] = (f" The piece {said} diverges, so the whole integral diverges (a divergent piece cannot be "
                        "cancelled by another one).")
    return sympy.oo, parts, True


def _decimal(value):
    """The value as a 12-digit number (Si(2) − Si(1) → 0.659329906435); ∞ and letters stay as they are."""
    if not value.is_number or value.has(sympy.oo, -sympy.oo, sympy.zoo):
        return value
    number = sympy.N(value, 12)
    return number if number.is_number else value


def _numeric(problem, statement) -> Solution:
    f, x = problem.expr, problem.variable
    value = Integral(real_odd_roots(f), (x, problem.data["lower"], problem.data["upper"])).evalf(15)
    if value.is_number and abs(sympy.im(value)) > 1e-12:
        raise UnsupportedProblem("the integrand is not real on the whole interval",
                                 hint="integrate over an interval where the integrand is real")
    if not value.is_number or not value.is_finite:
        raise UnsupportedProblem("I found no elementary antiderivative and no finite numeric value for this integral",
                                 hint="check the bounds")
    claim = nonelementary_claim(f, x)
    step = Step(Rule.NUMERIC_INTEGRATION, statement, value, {"function": f, "var": x, "claim": claim})
    notes = (*problem.notes, f"{claim} {sympy.sstr(f).replace('**', '^')}, so the value is computed numerically")
    return Solution(problem=problem, statement=statement, answer=value, steps=(step,), assumptions=notes,
                    answer_sympy=sympy.sstr(value), extra={"decimal": value, "diverges": False})
