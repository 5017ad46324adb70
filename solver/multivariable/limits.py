"""Limits as they are taught: substitute; when that gives an indeterminate form, name it and
remove it (factor and cancel, L'Hôpital's rule, rewrite 0·∞ and ∞ − ∞ as a quotient, take
logarithms of 1^∞), or compare the dominant terms at infinity.

Every move is a step whose claim the verifier checks with ``sympy.limit``; this module
never calls it.  A limit none of the moves can do is refused, not guessed.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy import Eq, S

from grammar import UnsupportedProblem

from ..algebra import tidy
from ..rules import Rule
from ..steps import Step
from .gradient import derivative_step, names_for

_MAX_ROUNDS = 6
DOES_NOT_EXIST = "does not exist"


def limit_object(f, x, a, side: str = "+-") -> sympy.Limit:
    """``Limit(f, x, a)`` with the side written the way sympy reads it."""
    if a.is_infinite:
        return sympy.Limit(f, x, a)
    return sympy.Limit(f, x, a, dir=side)


def value_at(expr, x, a):
    """``expr`` at ``x = a`` by substitution: a real number, ±∞, ``zoo`` (an infinity of
    unknown sign), or None when substitution decides nothing (0/0, ∞ − ∞, oscillation)."""
    try:
        v = expr.xreplace({x: a})
    except (ZeroDivisionError, TypeError, ValueError):
        return None
    if v is S.ComplexInfinity or v in (S.Infinity, S.NegativeInfinity):
        return v
    if not v.is_number or v.has(S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity, sympy.AccumBounds):
        return None
    if v.is_extended_real is False:
        return None
    return v


def is_infinite(v) -> bool:
    return v is S.ComplexInfinity or v in (S.Infinity, S.NegativeInfinity)


def _quotient(num, den):
    """``num/den`` kept as written, so the next round sees this numerator and denominator."""
    return sympy.Mul(num, sympy.Pow(den, -1, evaluate=False), evaluate=False)


def _has_log(e) -> bool:
    return e.has(sympy.log)


class _Limit:
    def __init__(self, x, a, side: str) -> None:
        self.x, self.a, self.side = x, a, side
        self.names = None

    def obj(self, f) -> sympy.Limit:
        return limit_object(f, self.x, self.a, self.side)

    def at(self, e):
        return value_at(e, self.x, self.a)

    def parts(self, f, **more) -> dict:
        return {"function": f, "var": self.x, "point": self.a, **more}

    # ------------------------------------------------------------------ the rounds
    def run(self, f, depth: int, pieces: tuple | None = None) -> tuple[list[Step], object]:
        if depth > _MAX_ROUNDS:
            raise UnsupportedProblem("this limit needs more rounds of L'Hôpital's rule than I work step by step")
        x, a = self.x, self.a
        v = self.at(f) if not self.hidden_form(f) else None
        if v is not None and v is not S.ComplexInfinity:
            if a.is_infinite and f.is_rational_function(x) and f.has(x):
                return self.dominant(f)
            rule = Rule.DIRECT_SUBSTITUTION if a.is_finite else Rule.LIMIT_OF_PARTS
            return [Step(rule, self.obj(f), v, self.parts(f))], v
        if a.is_infinite and f.is_rational_function(x):
            return self.dominant(f)
        num, den = pieces if pieces is not None else sympy.fraction(f)
        if den.has(x):
            n, d = self.at(num), self.at(den)
            form = "0/0" if n == 0 and d == 0 else "∞/∞" if is_infinite(n) and is_infinite(d) else None
            if form is not None:
                named = self.indeterminate(f, form, (num, den))
                if a.is_finite and form == "0/0" and f.is_rational_function(x):
                    step, g = self.cancel(f, num, den)
                    more, value = self.run(g, depth + 1)
                    return [named, step, *more], value
                step, g = self.lhopital(f, num, den, form)
                more, value = self.run(g, depth + 1)
                return [named, step, *more], value
            if d == 0 and n is not None and not is_infinite(n) and n != 0 and a.is_finite:
                return self.infinite(f, n)
        if f.is_Mul:
            rewritten = self.product(f)
            if rewritten is not None:
                named, step, g, quotient = rewritten
                more, value = self.run(g, depth + 1, quotient)
                return [named, step, *more], value
        if f.is_Add:
            terms = [t for t in f.args if is_infinite(self.at(t))]
            if len(terms) >= 2:
                g = sympy.together(f)
                gn, gd = sympy.fraction(g)
                if gd.has(x):
                    named = self.indeterminate(f, "∞ − ∞", tuple(terms[:2]))
                    step = Step(Rule.REWRITE_LIMIT, self.obj(f), self.obj(g),
                                self.parts(f, form="∞ − ∞", how="put the terms over a common denominator"))
                    more, value = self.run(g, depth + 1)
                    return [named, step, *more], value
        if f.is_Pow and f.exp.has(x):
            found = self.power(f, depth)
            if found is not None:
                return found
        raise UnsupportedProblem(
            f"I can't work the limit of {sympy.sstr(f)} as {x} → {sympy.sstr(a)} step by step",
            hint="limits are worked by substitution, factoring and cancelling, L'Hôpital's rule, and dominant "
                 "terms at infinity")

    def hidden_form(self, f) -> bool:
        """A power sympy would evaluate by convention (0⁰ = 1, ∞⁰ = 1) although its limit is
        an indeterminate form: substitution must not be trusted there."""
        for node in sympy.preorder_traversal(f):
            if node.is_Pow and node.exp.has(self.x) and node.base.has(self.x):
                b, e = self.at(node.base), self.at(node.exp)
                if (b == 0 and e == 0) or (b is not None and is_infinite(b) and e == 0) or \
                        (b == 1 and e is not None and is_infinite(e)):
                    return True
        return False

    # ------------------------------------------------------------------ moves
    def indeterminate(self, f, form: str, pieces: tuple) -> Step:
        return Step(Rule.INDETERMINATE_FORM, self.obj(f), form,
                    self.parts(f, form=form, pieces=sympy.Tuple(*pieces), side=self.side))

    def cancel(self, f, num, den):
        common = sympy.factor(sympy.gcd(num, den))
        g = sympy.factor(sympy.cancel(f))
        step = Step(Rule.FACTOR_AND_CANCEL, self.obj(f), self.obj(g),
                    self.parts(f, numerator=sympy.factor(num), denominator=sympy.factor(den), common=common,
                               simplified=g))
        return step, g

    def lhopital(self, f, num, den, form):
        names = names_for(f)
        dn = derivative_step(num, self.x, (self.x,), names, label="the derivative of the numerator")
        dd = derivative_step(den, self.x, (self.x,), names, label="the derivative of the denominator")
        g = tidy(dn.after / dd.after)
        step = Step(Rule.LHOPITAL, self.obj(f), self.obj(g),
                    self.parts(f, form=form, numerator=num, denominator=den, numerator_derivative=dn.after,
                               denominator_derivative=dd.after, side=self.side), (dn, dd))
        return step, g

    def product(self, f):
        zeros, infinities, others = [], [], []
        for factor in f.args:
            v = self.at(factor)
            (zeros if v == 0 else infinities if v is not None and is_infinite(v) else others).append(factor)
        if not zeros or not infinities:
            return None
        zero, infinite = sympy.Mul(*zeros), sympy.Mul(*infinities, *others)
        named = self.indeterminate(f, "0·∞", (zero, infinite))
        if (_has_log(infinite) and not _has_log(zero)) or zero.has(sympy.exp):
            num, den = infinite, 1 / zero  # a logarithm stays on top, e^x goes below: ln x/(1/x), x/e^(−x)
        else:
            num, den = zero, 1 / infinite
        g = _quotient(num, den)
        step = Step(Rule.REWRITE_LIMIT, self.obj(f), self.obj(g),
                    self.parts(f, form="0·∞", how="write the product as a quotient"))
        return named, step, g, (num, den)

    def power(self, f, depth):
        base, exp = f.base, f.exp
        b, e = self.at(base), self.at(exp)
        if b == 1 and e is not None and is_infinite(e):
            form = "1^∞"
        elif b == 0 and e == 0:
            form = "0⁰"
        elif b is not None and is_infinite(b) and e == 0:
            form = "∞⁰"
        else:
            return None
        named = self.indeterminate(f, form, (base, exp))
        inner = sympy.expand_log(exp * sympy.log(base), force=False)
        more, value = self.run(inner, depth + 1)
        result = sympy.exp(value) if value is not S.Infinity else S.Infinity
        step = Step(Rule.EXPONENTIAL_FORM, self.obj(f), result,
                    self.parts(f, form=form, rewritten=sympy.exp(self.obj(inner)), inner=self.obj(inner),
                               inner_value=value), tuple(more))
        return [named, step], result

    def dominant(self, f):
        x = self.x
        num, den = sympy.fraction(sympy.cancel(sympy.together(f)))
        p, q = sympy.Poly(num, x), sympy.Poly(den, x)
        lead_n = p.LC() * x ** p.degree()
        lead_d = q.LC() * x ** q.degree()
        ratio = sympy.cancel(lead_n / lead_d)
        k = p.degree() - q.degree()
        c = p.LC() / q.LC()
        if k < 0:
            value = S.Zero
        elif k == 0:
            value = c
        else:
            positive = (c > 0) == (self.a is S.Infinity or k % 2 == 0)
            value = S.Infinity if positive else S.NegativeInfinity
        if den == 1:
            return [Step(Rule.LEADING_TERM, self.obj(f), value, self.parts(f, leading=lead_n))], value
        return [Step(Rule.DOMINANT_TERMS, self.obj(f), value,
                     self.parts(f, numerator_term=lead_n, denominator_term=lead_d, ratio=ratio))], value

    def infinite(self, f, numerator):
        """``c/0``: the quotient grows without bound; its sign on each side decides."""
        sides = {"-": self.side_sign(f, -1), "+": self.side_sign(f, 1)}
        wanted = ("-", "+") if self.side == "+-" else (self.side,)
        values = {s: (S.Infinity if sides[s] > 0 else S.NegativeInfinity) for s in wanted}
        shown = sympy.Tuple(*(Eq(limit_object(f, self.x, self.a, s), values[s], evaluate=False) for s in wanted))
        parts = self.parts(f, numerator=numerator, sides=shown)
        if len(set(values.values())) == 1:
            value = next(iter(values.values()))
            return [Step(Rule.INFINITE_LIMIT, self.obj(f), value, parts)], value
        return [Step(Rule.LIMIT_DOES_NOT_EXIST, self.obj(f), DOES_NOT_EXIST, parts)], DOES_NOT_EXIST

    def side_sign(self, f, direction: int) -> int:
        """The sign of ``f`` just to one side of the point, read at two distances that must agree."""
        func = sympy.lambdify(self.x, f, modules="mpmath")
        signs = set()
        with mpmath.workdps(40):
            for h in ("1e-12", "1e-18"):
                value = func(mpmath.mpf(self.a) + direction * mpmath.mpf(h))
                if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value) or value == 0:
                    raise UnsupportedProblem(f"{sympy.sstr(f)} is not real on both sides of {self.x} = {self.a}")
                signs.add(1 if value > 0 else -1)
        if len(signs) != 1:
            raise UnsupportedProblem(f"the sign of {sympy.sstr(f)} near {self.x} = {self.a} changes too fast to read")
        return signs.pop()


def limit_steps(f, x, a, side: str = "+-") -> tuple[list[Step], object]:
    """The worked limit of ``f`` as ``x → a`` (``side`` ``+``, ``-`` or ``+-``) and its value."""
    return _Limit(x, a, side).run(f, 0)
