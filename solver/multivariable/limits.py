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
from ..render.math import to_text
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
        v = self.at(f) if not (self.hidden_form(f) or self.oscillates(f)) else None
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
                if a.is_finite and form == "0/0":
                    conjugated = self.conjugate_quotient(f, num, den)
                    if conjugated is not None:
                        step, g = conjugated
                        more, value = self.run(g, depth + 1)
                        return [named, step, *more], value
                if a.is_infinite and _algebraic(f, x):
                    found = self.dominant_algebraic(f, num, den)
                    if found is not None:
                        return found
                step, g = self.lhopital(f, num, den, named.after)
                more, value = self.run(g, depth + 1)
                return [named, step, *more], value
            if d == 0 and n is not None and not is_infinite(n) and n != 0 and a.is_finite:
                return self.infinite(f, n)
            if form is None and a.is_infinite and _algebraic(f, x):  # substitution read ∞ − ∞ inside a part
                found = self.dominant_algebraic(f, num, den)
                if found is not None:
                    return found
        if f.is_Mul:
            rewritten = self.product(f)
            if rewritten is not None:
                named, step, g, quotient = rewritten
                more, value = self.run(g, depth + 1, quotient)
                return [named, step, *more], value
        if f.is_Add and a.is_infinite and _algebraic(f, x) and _root_split(f) is not None:
            found = self.root_sum(f, depth)
            if found is not None:
                return found
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
        squeezed = self.squeeze(f)
        if squeezed is not None:
            return squeezed
        if isinstance(f, sympy.exp) and f.args[0].has(x):
            found = self.exponential(f, depth)
            if found is not None:
                return found
        if isinstance(f, sympy.log) and f.args[0].has(x):
            found = self.logarithm(f, depth)
            if found is not None:
                return found
        c, h = f.as_coeff_Mul()
        if c.is_nonzero and _bounded_oscillation(h, x, a) and \
                (self.side != "+-" or a.is_infinite or self.at(h.args[0]) is not None):
            found = self.oscillation(f, c, h)
            if found is not None:
                return found
        raise UnsupportedProblem(
            f"I can't work the limit of {to_text(f)} as {x} → {to_text(a)} step by step",
            hint="limits are worked by substitution, factoring and cancelling, conjugates, L'Hôpital's rule, "
                 "dominant terms at infinity and the squeeze theorem")

    def oscillates(self, f) -> bool:
        """A sine or cosine whose argument has no limit: substitution would hide that it has
        no limit itself (sympy reads sin(∞)/∞ as 0)."""
        return any(_bounded_oscillation(node, self.x, self.a) for node in sympy.preorder_traversal(f))

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
        form = self.signed(form, pieces)
        return Step(Rule.INDETERMINATE_FORM, self.obj(f), form,
                    self.parts(f, form=form, pieces=sympy.Tuple(*pieces), side=self.side))

    def infinity_sign(self, piece) -> int:
        """+1 or −1 when ``piece`` tends to +∞ or −∞ (on every side approached), else 0."""
        v = self.at(piece)
        if v in (S.Infinity, S.NegativeInfinity):
            return 1 if v is S.Infinity else -1
        if self.a.is_infinite:
            return 0
        try:
            signs = {self.side_sign(piece, d) for d in ((-1, 1) if self.side == "+-" else
                                                        (1 if self.side == "+" else -1,))}
        except UnsupportedProblem:
            return 0
        return signs.pop() if len(signs) == 1 else 0

    def signed(self, form: str, pieces: tuple) -> str:
        """∞/∞ and 0·∞ with the signs of the infinities: −∞/∞, 0·(−∞)."""
        if form == "∞/∞":
            s = [self.infinity_sign(p) for p in pieces]
            if 0 not in s:
                return ("−" if s[0] < 0 else "") + "∞/" + ("−∞" if s[1] < 0 else "∞")
        if form == "0·∞" and self.infinity_sign(pieces[1]) < 0:
            return "0·(−∞)"
        return form

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
                    self.parts(f, form=named.after, how="write the product as a quotient"))
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

    # ------------------------------------------------------------------ roots, dominant terms, squeeze
    def conjugate_quotient(self, f, num, den):
        """0/0 where the numerator or the denominator is a difference with one square root:
        multiply top and bottom by its conjugate and cancel."""
        for which, part, other in (("numerator", num, den), ("denominator", den, num)):
            split = _root_split(part)
            if split is None:
                continue
            conjugate, product = _conjugate(*split)
            top, bottom = (product, other * conjugate) if which == "numerator" else (other * conjugate, product)
            g = sympy.cancel(top / bottom)
            if sympy.fraction(g)[1].has(self.x) and self.at(sympy.fraction(g)[1]) == 0 and \
                    self.at(sympy.fraction(g)[0]) == 0:
                continue  # the conjugate did not remove the 0/0
            step = Step(Rule.MULTIPLY_BY_CONJUGATE, self.obj(f), self.obj(g),
                        self.parts(f, form="0/0", conjugate=conjugate, product=product, where=which))
            return step, g
        return None

    def root_sum(self, f, depth):
        """√A + B at ±∞: when the leading terms of the two cancel (∞ − ∞), multiply and
        divide by the conjugate; otherwise the leading term of the whole decides."""
        root, rest = _root_split(f)
        lead_root, lead_rest = self.leading(root), self.leading(rest)
        if lead_root is None or lead_rest is None:
            return None
        if lead_root.has(self.x) and sympy.expand(lead_root + lead_rest) == 0:
            named, step, g = self.conjugate_difference(f, root, rest)
            more, value = self.run(g, depth + 1)
            return [named, step, *more], value
        lead = self.leading(f)
        value = None if lead is None else self.monomial_limit(lead)
        if value is None or not lead.has(self.x):
            return None
        return [Step(Rule.LEADING_TERM, self.obj(f), value, self.parts(f, leading=lead))], value

    def conjugate_difference(self, f, root, rest):
        """∞ − ∞ with one square root, √A − B: multiply and divide by √A + B."""
        named = self.indeterminate(f, "∞ − ∞", (root, rest))
        conjugate, product = _conjugate(root, rest)
        g = _quotient(product, conjugate)
        step = Step(Rule.MULTIPLY_BY_CONJUGATE, self.obj(f), self.obj(g),
                    self.parts(f, form="∞ − ∞", conjugate=conjugate, product=product, where="numerator"))
        return named, step, g

    def dominant_algebraic(self, f, num, den):
        """At ±∞, a quotient of sums of powers and roots behaves like the quotient of the
        leading terms (√(x² + x) ~ |x|)."""
        lead_n, lead_d = self.leading(num), self.leading(den)
        if lead_n is None or lead_d is None:
            return None
        ratio = sympy.powsimp(sympy.cancel(lead_n / lead_d), force=True)
        value = self.monomial_limit(ratio)
        if value is None:
            return None
        return [Step(Rule.DOMINANT_TERMS, self.obj(f), value,
                     self.parts(f, numerator_term=lead_n, denominator_term=lead_d, ratio=ratio))], value

    def monomial_limit(self, ratio):
        """The limit of c·x^k as x → ±∞, or None when ``ratio`` is not of that shape."""
        c, k = ratio.as_coeff_exponent(self.x)
        if c.has(self.x) or not (c.is_number and k.is_number) or c == 0 or c.is_extended_real is False:
            return None
        if k < 0:
            return S.Zero
        if k == 0:
            return c
        sign_x = 1 if self.a is S.Infinity else -1
        if not k.is_integer and sign_x < 0:
            return None
        positive = (c > 0) == (sign_x > 0 or k % 2 == 0)
        return S.Infinity if positive else S.NegativeInfinity

    def leading(self, e):
        """The leading term of ``e`` as ``x → ±∞`` (c·x^k), from the expansion in t = ±1/x."""
        if not e.has(self.x):
            return e
        t = sympy.Dummy("t", positive=True)
        sign = 1 if self.a is S.Infinity else -1
        try:
            term = sympy.expand(e.xreplace({self.x: sign / t})).as_leading_term(t)
        except (NotImplementedError, ValueError, TypeError):
            return None
        c, k = term.as_coeff_exponent(t)
        if c.has(t) or not k.is_number:
            return None
        return sympy.powsimp(c * (sign * self.x) ** (-k) if k != 0 else c, force=True)

    def squeeze(self, f):
        """g·h with h a sine or cosine that has no limit (bounded by 1) and g → 0."""
        if not f.is_Mul:
            return None
        bounded = [a for a in f.args if _bounded_oscillation(a, self.x, self.a)]
        if len(bounded) != 1:
            return None
        factor = sympy.Mul(*(a for a in f.args if a is not bounded[0]))
        if self.at(factor) != 0:
            return None
        value = S.Zero
        return [Step(Rule.SQUEEZE_THEOREM, self.obj(f), value,
                     self.parts(f, bounded=bounded[0], factor=factor))], value

    def exponential(self, f, depth):
        """e^g where g has a limit (on this side): e^g tends to e^(lim g), 0 or ∞."""
        more, inner = self.run(f.args[0], depth + 1)
        if inner == DOES_NOT_EXIST:
            return None
        value = S.Zero if inner is S.NegativeInfinity else S.Infinity if inner is S.Infinity else sympy.exp(inner)
        return [Step(Rule.LIMIT_OF_PARTS, self.obj(f), value, self.parts(f), tuple(more))], value

    def logarithm(self, f, depth):
        """ln g where g → 0 through positive values (ln g → −∞) or g → ∞ (ln g → ∞)."""
        more, inner = self.run(f.args[0], depth + 1)
        if inner is S.Infinity:
            value = S.Infinity
        elif inner == 0 and self.a.is_finite:
            try:
                wanted = (-1, 1) if self.side == "+-" else ((1,) if self.side == "+" else (-1,))
                if any(self.side_sign(f.args[0], d) < 0 for d in wanted):
                    return None
            except UnsupportedProblem:
                return None
            value = S.NegativeInfinity
        else:
            return None
        return [Step(Rule.LIMIT_OF_PARTS, self.obj(f), value, self.parts(f), tuple(more))], value

    def oscillation(self, f, c, h):
        """c·sin(g) or c·cos(g) with g → ±∞ (or growing without bound with either sign): the
        values |c| and −|c| come back at points that approach the point, so there is no limit."""
        g, x, n = h.args[0], self.x, sympy.Symbol("n", positive=True, integer=True)
        # the argument runs through base + 2πn with n → ∞ on the side approached (− 2πn on the
        # left of 0 for 1/x, where the argument decreases)
        sign = -1 if (self.side == "-" or self.a is S.NegativeInfinity) else 1
        top, bottom = (S.Pi / 2, 3 * S.Pi / 2) if isinstance(h, sympy.sin) else (S.Zero, S.Pi)
        if c < 0:  # −sin is highest where sin is lowest
            top, bottom = bottom, top
        peaks, troughs = [], []
        for target, out in ((top + sign * 2 * S.Pi * n, peaks), (bottom + sign * 2 * S.Pi * n, troughs)):
            try:
                found = sympy.solve(sympy.Eq(g, target), x)
            except (NotImplementedError, ValueError, TypeError):
                return None
            found = [r for r in found if r.is_extended_real is not False]
            if len(found) > 1 and self.a.is_finite:  # ±√(…): keep the points on the side approached
                found = [r for r in found if sign * (r.xreplace({n: 1}) - self.a).evalf() > 0]
            if len(found) != 1:
                return None
            out.append(tidy(found[0]))
        grows = {S.Infinity: "grows without bound", S.NegativeInfinity: "decreases without bound"}.get(
            self.at(g) if self.a.is_infinite else None, "grows without bound in size")
        parts = self.parts(f, argument=g, grows=grows, high=abs(c), low=-abs(c), oscillating=h,
                           peaks=sympy.Tuple(*peaks), troughs=sympy.Tuple(*troughs), n=n, side=self.side)
        return [Step(Rule.OSCILLATING_LIMIT, self.obj(f), DOES_NOT_EXIST, parts)], DOES_NOT_EXIST

    def infinite(self, f, numerator):
        """``c/0``: the quotient grows without bound; its sign on each side decides."""
        wanted = ("-", "+") if self.side == "+-" else (self.side,)
        sides = {s: self.side_sign(f, -1 if s == "-" else 1) for s in wanted}
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
                    raise UnsupportedProblem(f"{to_text(f)} is not real on both sides of {self.x} = {to_text(self.a)}")
                signs.add(1 if value > 0 else -1)
        if len(signs) != 1:
            raise UnsupportedProblem(f"the sign of {to_text(f)} near {self.x} = {to_text(self.a)} changes too fast to read")
        return signs.pop()


def _root_split(e):
    """(√A-term, the rest) when ``e`` is a sum with exactly one square-root term."""
    if not e.is_Add:
        return None
    roots = [t for t in e.args if any(p.is_Pow and p.exp == S.Half for p in sympy.preorder_traversal(t))]
    if len(roots) != 1:
        return None
    root = roots[0]
    return root, e - root


def _conjugate(root, rest):
    """(conjugate, product) for the sum root + rest: the conjugate keeps the root positive
    (x − √A → x + √A), and (sum)·(conjugate) = product has no root."""
    if root.could_extract_minus_sign():
        return rest - root, sympy.expand(rest**2 - root**2)
    return root - rest, sympy.expand(root**2 - rest**2)


def _algebraic(f, x) -> bool:
    return f.is_algebraic_expr(x) and not f.has(sympy.Abs)


def _bounded_oscillation(a, x, point) -> bool:
    """sin(g) or cos(g) (any real g) whose argument has no finite limit at the point, so the
    factor oscillates between −1 and 1."""
    if not isinstance(a, (sympy.sin, sympy.cos)):
        return False
    g = a.args[0]
    if g.is_extended_real is False:
        return False
    v = value_at(g, x, point)
    return v is None or is_infinite(v)


def _real_near(f, x, a, direction: int) -> bool:
    """f is a finite real number just to one side of ``a`` (read at three distances)."""
    func = sympy.lambdify(x, f, modules="mpmath")
    with mpmath.workdps(40):
        for h in ("1e-6", "1e-9", "1e-12"):
            try:
                value = func(mpmath.mpf(a) + direction * mpmath.mpf(h))
            except (ZeroDivisionError, ValueError, TypeError):
                return False
            if isinstance(value, mpmath.mpc) and abs(value.imag) > mpmath.mpf(10) ** -30 * max(1, abs(value.real)):
                return False
            if not mpmath.isfinite(value):
                return False
    return True


def _sides_differ(f, x, a) -> bool:
    """Something in f behaves differently on the two sides of ``a``: |g| or sign(g) with g → 0,
    or e^g with g → ∞ of unknown sign (e^(1/x))."""
    for node in sympy.preorder_traversal(f):
        if isinstance(node, (sympy.Abs, sympy.sign)) and value_at(node.args[0], x, a) == 0:
            return True
        if isinstance(node, sympy.exp) and value_at(node.args[0], x, a) is S.ComplexInfinity:
            return True
    return False


def _on_side(f, x, a, side: str):
    """f on one side of ``a``, with |g| and sign(g) written without bars where g → 0 (the sign
    of g there read numerically), and the worked step that says so; (f, None) when nothing changes."""
    direction = 1 if side == "+" else -1
    changes = {}
    for node in sympy.preorder_traversal(f):
        if isinstance(node, (sympy.Abs, sympy.sign)) and value_at(node.args[0], x, a) == 0:
            sign = _Limit(x, a, side).side_sign(node.args[0], direction)
            changes[node] = (sign * node.args[0]) if isinstance(node, sympy.Abs) else sympy.Integer(sign)
    if not changes:
        return f, None
    g = f.xreplace(changes)
    said = ", ".join(f"{to_text(k)} = {to_text(v)}" for k, v in changes.items())
    where = "left" if side == "-" else "right"
    step = Step(Rule.ABS_ON_ONE_SIDE, limit_object(f, x, a, side), limit_object(g, x, a, side),
                {"function": f, "var": x, "point": a, "side": side,
                 "how": f"on the {where} of {to_text(x)} = {to_text(a)}, {said}"})
    return g, step


def _side_steps(f, x, a, side: str) -> tuple[list[Step], object]:
    g, rewrite = _on_side(f, x, a, side)
    steps, value = _Limit(x, a, side).run(g, 0)
    return ([rewrite] if rewrite is not None else []) + steps, value


def one_sided(f, x, a, sides: tuple[str, ...], reason: str) -> tuple[list[Step], object]:
    """Each side worked on its own; equal values are the limit, different ones mean none."""
    worked, values = [], {}
    for side in sides:
        steps, value = _side_steps(f, x, a, side)
        if value == DOES_NOT_EXIST:
            return _oscillating_side(f, x, a, side, steps)
        worked += steps
        values[side] = value
    shown = sympy.Tuple(*(Eq(limit_object(f, x, a, s), values[s], evaluate=False) for s in sides))
    distinct = set(values.values())
    value = next(iter(distinct)) if len(distinct) == 1 else DOES_NOT_EXIST
    if not reason:
        reason = "The two one-sided limits agree, so the limit is their common value." if value != DOES_NOT_EXIST \
            else "The one-sided limits differ, so the two-sided limit does not exist."
    approach = f"Approach {to_text(x)} = {to_text(a)} " + (
        "from each side separately" if len(sides) == 2 else "from the " + ("right" if sides[0] == "+" else "left"))
    return [Step(Rule.ONE_SIDED_LIMITS, limit_object(f, x, a, "+-"), value,
                 {"function": f, "var": x, "point": a, "sides": shown, "reason": reason, "approach": approach},
                 tuple(worked))], value


def _oscillating_side(f, x, a, side, steps):
    """One side has no limit at all: then neither has the two-sided limit."""
    shown = sympy.Tuple(Eq(limit_object(f, x, a, side), sympy.Symbol("no limit"), evaluate=False))
    reason = "On this side f has no limit, so the two-sided limit does not exist either."
    return [Step(Rule.ONE_SIDED_LIMITS, limit_object(f, x, a, "+-"), DOES_NOT_EXIST,
                 {"function": f, "var": x, "point": a, "sides": shown, "reason": reason,
                  "approach": f"Approach {to_text(x)} = {to_text(a)} from the {'left' if side == '-' else 'right'}"},
                 tuple(steps))], DOES_NOT_EXIST


def domain_side(f, x, a) -> str | None:
    """'+' or '-' when f is real only on that side of the finite point ``a``; None otherwise."""
    left, right = _real_near(f, x, a, -1), _real_near(f, x, a, 1)
    if left == right:
        return None
    return "+" if right else "-"


def limit_steps(f, x, a, side: str = "+-") -> tuple[list[Step], object]:
    """The worked limit of ``f`` as ``x → a`` (``side`` ``+``, ``-`` or ``+-``) and its value."""
    if side == "+-" and a.is_finite:
        only = domain_side(f, x, a)
        if only is not None:
            where = "right" if only == "+" else "left"
            reason = (f"Near {to_text(x)} = {to_text(a)}, {to_text(f)} is defined only for {to_text(x)} "
                      f"{'>' if only == '+' else '<'} {to_text(a)}, so the limit is the one from the {where}.")
            return one_sided(f, x, a, (only,), reason)
        v = value_at(f, x, a)
        if _sides_differ(f, x, a) and (v is None or is_infinite(v)):
            return one_sided(f, x, a, ("-", "+"), "")
    if side in ("+", "-") and _sides_differ(f, x, a) and (value_at(f, x, a) is None or is_infinite(value_at(f, x, a))):
        return _side_steps(f, x, a, side)
    return _Limit(x, a, side).run(f, 0)
