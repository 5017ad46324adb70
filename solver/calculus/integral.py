"""Integrals: the techniques a calculus course teaches, each a named, checked step.

``integrate(f, x)`` tries this module's own rules first (linearity, the power rule,
partial fractions with the coefficients solved for, trigonometric substitution,
product-to-sum identities, tan/cot powers by tan² = sec² − 1, the hyperbolic table and
identities, parts for polynomial × aˣ or × sinh/cosh, u = the radicand when its derivative
is a factor, the arctangent form with letters), then asks sympy's rule search
(``manualintegrate.integral_steps``) for the technique and translates its tree into our
steps: every manualintegrate rule has a translation below, and a node it cannot do is an
honest "no elementary antiderivative", never a step presented as a solution.

Every step's ``before`` is an unevaluated ``Integral``; the verifier differentiates the
``after`` (``diff`` of an expression that may still hold an ``Integral``) and compares it
with the integrand, so no step is trusted because the code that made it says so.
"""

from __future__ import annotations

import dataclasses

import sympy
from sympy import Integral
from sympy.integrals import manualintegrate as mi

from grammar import TooExpensive, UnsupportedProblem, make_symbol

from ..algebra import has_big_power, tidy
from ..rules import Rule
from ..steps import Infinitesimal, Minus, Plus, Solution, Step, Times
from .derivative import Names, differentiate

C = sympy.Symbol("C")
_MAX_DEPTH = 12
_LIATE = (
    ("logarithmic", lambda e, x: e.has(sympy.log)),
    ("inverse trigonometric", lambda e, x: e.has(sympy.asin, sympy.acos, sympy.atan, sympy.acot,
                                                 sympy.asec, sympy.acsc)),
    ("algebraic", lambda e, x: e.is_polynomial(x) or (e.is_Pow and e.base == x)),
    ("trigonometric", lambda e, x: e.has(sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)),
    ("exponential", lambda e, x: e.has(sympy.exp) or any(p.exp.has(x) for p in e.atoms(sympy.Pow))),
    ("hyperbolic", lambda e, x: e.has(sympy.sinh, sympy.cosh)),  # grouped with exponentials, last in LIATE
)


class NonElementary(UnsupportedProblem):
    """No antiderivative in elementary functions (and none in sympy's special functions)."""

    code = "no_elementary_antiderivative"


def _i(f, x):
    return Integral(f, x)


class Integrator:
    """One integration: fresh letters for substitutions, and a depth guard."""

    def __init__(self, taken):
        self.names = Names(taken)
        self.depth = 0

    # ------------------------------------------------------------------ entry
    def integrate(self, f, x) -> Step:
        if self.depth > _MAX_DEPTH:
            raise TooExpensive("this integral needs too many nested steps")
        self.depth += 1
        try:
            for rule in OWN_RULES:
                step = rule(self, f, x)
                if step is not None:
                    return step
            return self.translate(mi.integral_steps(f, x), x, f)
        finally:
            self.depth -= 1

    def reenter(self, node, x, f) -> Step:
        """A manualintegrate subtree, unless one of our own techniques fits it better.

        Only the techniques that never hand the integrand straight back to
        manualintegrate are tried, so the two searches cannot chase each other.
        """
        if self.depth <= _MAX_DEPTH // 2:
            self.depth += 1
            try:
                for rule in OWN_TECHNIQUES:
                    step = rule(self, f, x)
                    if step is not None:
                        return step
            finally:
                self.depth -= 1
        return self.translate(node, x, f)

    # ------------------------------------------------------------------ manualintegrate
    def translate(self, node, x, f) -> Step:
        """Our step for a manualintegrate node.  ``f`` is the integrand it must integrate:
        the nodes' own ``integrand`` fields are not always that (a substitution under a
        constant factor carries its parent's), so parents pass it down."""
        handler = TRANSLATIONS.get(type(node))
        if handler is None:
            for cls in type(node).__mro__:
                handler = TRANSLATIONS.get(cls)
                if handler is not None:
                    break
        if handler is None:
            raise NonElementary(f"I can't integrate {sympy.sstr(f)} step by step",
                                hint="try rewriting the integrand, or ask for a definite integral for a numeric value")
        return handler(self, node, x, f)


# ====================================================================== own rules
def constant_rule(it, f, x):
    if not f.has(x):
        return Step(Rule.INTEGRAL_CONSTANT, _i(f, x), f * x, {"constant": f, "var": x})
    return None


def sum_rule(it, f, x):
    if not f.is_Add:
        return None
    subs = tuple(it.integrate(term, x) for term in f.as_ordered_terms())
    return Step(Rule.INTEGRAL_SUM, _i(f, x), sympy.Add(*(s.after for s in subs)),
                {"count": len(subs), "var": x}, subs)


def constant_multiple_rule(it, f, x):
    if not f.is_Mul:
        return None
    c, rest = f.as_independent(x, as_Add=False)
    if c == 1:
        return None
    sub = it.integrate(rest, x)
    return Step(Rule.INTEGRAL_CONSTANT_MULTIPLE, _i(f, x), c * sub.after,
                {"constant": c, "function": rest, "var": x}, (sub,))


def power_rule(it, f, x):
    if f == x:
        return Step(Rule.INTEGRAL_POWER, _i(f, x), x**2 / 2, {"n": sympy.Integer(1), "var": x})
    if f.is_Pow and f.base == x and not f.exp.has(x):
        n = f.exp
        if n == -1:
            return Step(Rule.INTEGRAL_RECIPROCAL, _i(f, x), sympy.log(sympy.Abs(x)), {"var": x})
        return Step(Rule.INTEGRAL_POWER, _i(f, x), x ** (n + 1) / (n + 1), {"n": n, "var": x})
    return None


def _rational(f, x):
    if not f.is_rational_function(x) or has_big_power(f, 12):
        return None
    num, den = sympy.fraction(sympy.cancel(sympy.together(f)))
    try:
        pn, pd = sympy.Poly(num, x), sympy.Poly(den, x)
    except sympy.PolynomialError:
        return None
    if pd.degree() < 1 or not all(c.is_Rational for c in pd.all_coeffs() + pn.all_coeffs()):
        return None
    return pn, pd


def partial_fractions_rule(it, f, x):
    """Improper → long division; factor the denominator; unknown coefficients; solve."""
    pair = _rational(f, x)
    if pair is None:
        return None
    pn, pd = pair
    factors = sympy.factor_list(pd.as_expr(), x)[1]
    simple_denominator = len(factors) == 1 and factors[0][1] == 1 and factors[0][0].as_poly(x).degree() <= 2
    if simple_denominator and pn.degree() < pd.degree():
        return None  # 1/(x^2+1), 1/(x+1): a table form or a substitution, not partial fractions
    substeps = []
    quotient, remainder = sympy.div(pn, pd)
    proper = remainder.as_expr() / pd.as_expr()
    if not quotient.is_zero:
        substeps.append(Step(Rule.POLYNOMIAL_DIVISION, f, quotient.as_expr() + proper,
                             {"quotient": quotient.as_expr(), "remainder": remainder.as_expr(),
                              "denominator": pd.as_expr(), "var": x}))
    decomposition = sympy.apart(proper, x) if not remainder.is_zero else sympy.Integer(0)
    if not remainder.is_zero and (len(factors) > 1 or factors[0][1] > 1):
        unknowns, template = _partial_fraction_template(factors, x)
        equations = _coefficient_equations(remainder.as_expr(), pd.as_expr(), template, x)
        solution = sympy.solve(equations, unknowns, dict=True)
        if solution:
            factored = sympy.Mul(*(b**e for b, e in factors), evaluate=False)
            coefficients = sympy.Tuple(*(sympy.Eq(u, solution[0][u], evaluate=False) for u in unknowns))
            substeps.append(Step(Rule.PARTIAL_FRACTIONS_DECOMPOSE, proper, decomposition,
                                 {"factored": factored, "template": template,
                                  "equations": sympy.Tuple(*(sympy.Eq(e, 0, evaluate=False) for e in equations)),
                                  "coefficients": coefficients, "var": x}))
    elif remainder.is_zero and quotient.is_zero:
        return None
    rewritten = quotient.as_expr() + decomposition
    if rewritten == f:
        return None
    pieces = it.integrate(sympy.expand(quotient.as_expr()) + decomposition, x) if rewritten != 0 else None
    after = pieces.after if pieces is not None else sympy.Integer(0)
    substeps.append(pieces)
    return Step(Rule.PARTIAL_FRACTIONS, _i(f, x), after,
                {"rewritten": rewritten, "var": x, "denominator": pd.as_expr()}, tuple(substeps))


def _partial_fraction_template(factors, x):
    letters = iter("ABDEFGHJKLMNPQRSTUVW")  # no C: that letter is the constant of integration
    unknowns, terms = [], []
    for base, power in factors:
        degree = sympy.Poly(base, x).degree()
        if degree == 0:
            continue
        for k in range(1, power + 1):
            if degree == 1:
                a = sympy.Symbol(next(letters))
                unknowns.append(a)
                terms.append(a / base**k)
            else:
                a, b = sympy.Symbol(next(letters)), sympy.Symbol(next(letters))
                unknowns += [a, b]
                terms.append((a * x + b) / base**k)
    return unknowns, sympy.Add(*terms, evaluate=False)


def _coefficient_equations(numerator, denominator, template, x):
    cleared = sympy.expand(sympy.cancel(template * denominator)) - sympy.expand(numerator)
    return [eq for eq in sympy.Poly(cleared, x).all_coeffs() if eq != 0]


def trig_substitution_rule(it, f, x):
    """sqrt(a²−x²) → x = a sin θ; sqrt(a²+x²) → x = a tan θ; sqrt(x²−a²) → x = a sec θ."""
    roots = [p for p in f.atoms(sympy.Pow) if p.exp.is_Rational and p.exp.q == 2 and p.base.is_polynomial(x)]
    if len(roots) != 1:
        return None
    base = roots[0].base
    poly = sympy.Poly(base, x)
    if poly.degree() != 2 or poly.coeff_monomial(x) != 0:
        return None
    c2, c0 = poly.coeff_monomial(x**2), poly.coeff_monomial(1)
    if not (c2.is_Rational and c0.is_Rational) or c0 == 0:
        return None
    if not (f / roots[0]).is_rational_function(x) and not (f * roots[0]).is_rational_function(x):
        return None
    if f.is_Pow and f.exp == -sympy.S.Half and c2 < 0 < c0:
        return None  # 1/sqrt(a² − x²) is the arcsin table form after a linear substitution
    if not sympy.cancel(f / sympy.diff(base, x)).subs(base, sympy.Dummy("w")).has(x):
        return None  # x·√(a² − x²): the derivative of the inside is there, so u = a² − x² is simpler
    theta = make_symbol("theta")
    a = sympy.sqrt(abs(c0) / abs(c2))
    k = sympy.sqrt(abs(c2))
    if c2 < 0 < c0:     # a² − x²
        sub, kind, back = a * sympy.sin(theta), "sine", sympy.asin(x / a)
        identity = "1 − sin²θ = cos²θ"
        side = sympy.sqrt(c0 + c2 * x**2)
        triangle = sympy.Tuple(sympy.Eq(sympy.sin(theta), x / a, evaluate=False),
                               sympy.Eq(sympy.cos(theta), side / (k * a), evaluate=False))
    elif c2 > 0 and c0 > 0:  # a² + x²
        sub, kind, back = a * sympy.tan(theta), "tangent", sympy.atan(x / a)
        identity = "1 + tan²θ = sec²θ"
        side = sympy.sqrt(c0 + c2 * x**2)
        triangle = sympy.Tuple(sympy.Eq(sympy.tan(theta), x / a, evaluate=False),
                               sympy.Eq(sympy.sec(theta), side / (k * a), evaluate=False))
    elif c2 > 0 > c0:   # x² − a²
        sub, kind, back = a * sympy.sec(theta), "secant", sympy.atan(sympy.sqrt(x**2 - a**2) / a)
        identity = "sec²θ − 1 = tan²θ"
        side = sympy.sqrt(c0 + c2 * x**2)
        triangle = sympy.Tuple(sympy.Eq(sympy.sec(theta), x / a, evaluate=False),
                               sympy.Eq(sympy.tan(theta), side / (k * a), evaluate=False))
    else:
        return None
    dx = _dx_dtheta(sub, theta)
    rewritten = sympy.trigsimp(sympy.powsimp(f.xreplace({x: sub}) * dx, force=True))
    rewritten = _principal_branch(rewritten, theta, kind)
    if rewritten.has(x) or sympy.count_ops(rewritten) > 40:
        return None
    inner = it.integrate(rewritten, theta)
    back_sub = _back_substitute_triangle(inner.after, theta, x, a, k, kind)
    if back_sub is None:
        return None
    change = Step(Rule.TRIG_SUBSTITUTION_REWRITE, _i(f, x), _i(rewritten, theta),
                  {"substitution": sympy.Eq(x, sub, evaluate=False), "dx": sympy.Eq(Infinitesimal(1, x), Infinitesimal(dx, theta), evaluate=False),
                   "identity": identity, "var": x, "theta": theta, "kind": kind, "x_of_theta": sub})
    back_step = Step(Rule.TRIANGLE_BACK_SUBSTITUTION, inner.after, back_sub,
                     {"triangle": triangle, "theta_eq": sympy.Eq(theta, back, evaluate=False), "var": x,
                      "theta": theta, "kind": kind, "x_of_theta": sub, "inverse": back})
    return Step(Rule.TRIG_SUBSTITUTION, _i(f, x), back_sub,
                {"substitution": sympy.Eq(x, sub, evaluate=False), "kind": kind, "var": x,
                 "radical": roots[0]}, (change, inner, back_step))


def _dx_dtheta(sub, theta):
    """dx/dθ as a table writes it: 2sec²θ, not 2tan²θ + 2."""
    d = sympy.factor_terms(sympy.diff(sub, theta))
    return d.xreplace({sympy.tan(theta) ** 2 + 1: sympy.sec(theta) ** 2})


def _principal_branch(expr, theta, kind):
    """On the substitution's range of θ the square roots are the positive ones: |cos θ| = cos θ."""
    positive = (sympy.cos, sympy.sec) if kind in ("sine", "tangent") else (sympy.tan, sympy.sec)

    def unsign(e):
        coeff, rest = e.args[0].as_coeff_Mul()
        if isinstance(rest, positive) or (rest.is_Pow and isinstance(rest.base, positive)):
            return abs(coeff) * rest
        return e

    return sympy.trigsimp(expr.replace(lambda e: isinstance(e, sympy.Abs), unsign))


def _back_substitute_triangle(expr, theta, x, a, k, kind):
    side = {"sine": sympy.sqrt(a**2 - x**2), "tangent": sympy.sqrt(a**2 + x**2),
            "secant": sympy.sqrt(x**2 - a**2)}[kind]
    if kind == "sine":      # opposite x, hypotenuse a, adjacent sqrt(a²−x²)
        values = {sympy.sin(theta): x / a, sympy.cos(theta): side / a, sympy.tan(theta): x / side,
                  sympy.sec(theta): a / side, sympy.csc(theta): a / x, sympy.cot(theta): side / x}
        angle = sympy.asin(x / a)
    elif kind == "tangent":  # opposite x, adjacent a, hypotenuse sqrt(a²+x²)
        values = {sympy.sin(theta): x / side, sympy.cos(theta): a / side, sympy.tan(theta): x / a,
                  sympy.sec(theta): side / a, sympy.csc(theta): side / x, sympy.cot(theta): a / x}
        angle = sympy.atan(x / a)
    else:                    # hypotenuse x, adjacent a, opposite sqrt(x²−a²)
        values = {sympy.sin(theta): side / x, sympy.cos(theta): a / x, sympy.tan(theta): side / a,
                  sympy.sec(theta): x / a, sympy.csc(theta): x / side, sympy.cot(theta): a / side}
        angle = sympy.atan(side / a)  # valid for x < −a as well, unlike arcsec(x/a)
    expanded = sympy.expand_trig(expr)
    out = expanded.xreplace(values).xreplace({theta: angle})
    if out.has(theta):
        return None
    return tidy(out)


_PRODUCT_TO_SUM = {
    (sympy.sin, sympy.cos): lambda a, b: (sympy.sin(a + b) + sympy.sin(a - b)) / 2,
    (sympy.sin, sympy.sin): lambda a, b: (sympy.cos(a - b) - sympy.cos(a + b)) / 2,
    (sympy.cos, sympy.cos): lambda a, b: (sympy.cos(a - b) + sympy.cos(a + b)) / 2,
}


def product_to_sum_rule(it, f, x):
    if not f.is_Mul or len(f.args) != 2:
        return None
    first, second = f.args
    if not (isinstance(first, (sympy.sin, sympy.cos)) and isinstance(second, (sympy.sin, sympy.cos))):
        return None
    a, b = first.args[0], second.args[0]
    if a == b or not (a.is_polynomial(x) and b.is_polynomial(x)) or sympy.degree(a, x) != 1 or sympy.degree(b, x) != 1:
        return None
    key = (type(first), type(second))
    if key not in _PRODUCT_TO_SUM:
        key = (type(second), type(first))
        a, b = b, a
    rewritten = sympy.expand(_PRODUCT_TO_SUM[key](a, b))
    sub = it.integrate(rewritten, x)
    return Step(Rule.TRIG_IDENTITY, _i(f, x), sub.after,
                {"rewritten": rewritten, "identity": "product-to-sum", "var": x}, (sub,))


def reciprocal_trig_rule(it, f, x):
    """sec x, csc x and their powers: table forms and the reduction formula."""
    base, n = (f.base, f.exp) if f.is_Pow else (f, sympy.Integer(1))
    if not n.is_Integer or len(base.args) != 1 or base.args[0] != x:
        return None
    if isinstance(base, (sympy.cos, sympy.sin)) and n < 0:
        rewritten = (sympy.sec(x) if isinstance(base, sympy.cos) else sympy.csc(x)) ** (-n)
        sub = it.integrate(rewritten, x)
        return Step(Rule.TRIG_IDENTITY, _i(f, x), sub.after,
                    {"rewritten": rewritten, "identity": "1/cos x = sec x, 1/sin x = csc x", "var": x}, (sub,))
    if not isinstance(base, (sympy.sec, sympy.csc)):
        return None
    sec = isinstance(base, sympy.sec)
    if n == 1:
        after = (sympy.log(sympy.Abs(sympy.sec(x) + sympy.tan(x))) if sec
                 else -sympy.log(sympy.Abs(sympy.csc(x) + sympy.cot(x))))
        return Step(Rule.INTEGRAL_TRIG, _i(f, x), after, {"identity": sympy.Eq(_i(f, x), after, evaluate=False), "var": x})
    if n < 3:
        return None
    lower = base ** (n - 2)
    sub = it.integrate(lower, x)
    boundary = (base ** (n - 2) * sympy.tan(x) if sec else -base ** (n - 2) * sympy.cot(x)) / (n - 1)
    after = boundary + sympy.Rational(n - 2, n - 1) * sub.after
    formula = sympy.Add(boundary, sympy.Mul(sympy.Rational(n - 2, n - 1), _i(lower, x), evaluate=False), evaluate=False)
    return Step(Rule.REDUCTION_FORMULA, _i(f, x), after,
                {"formula": formula, "n": n, "function": "sec" if sec else "csc", "var": x}, (sub,))


def linear_substitution_rule(it, f, x):
    """f written in ax + b only — sin(3x + 1), (2x + 1)^5, sec(3x)^2, e^(2x) — gets u = ax + b."""
    inners = {a for node in sympy.preorder_traversal(f)
              for a in (node.args if isinstance(node, sympy.Function) else
                        (node.base, node.exp) if node.is_Pow else ())
              if a.has(x) and a.is_polynomial(x) and sympy.degree(a, x) == 1 and a != x}
    if len(inners) != 1 or f.is_Add:  # a sum is split first: u = 2x on 1/2 − cos(2x)/2 undoes the identity
        return None
    inner = inners.pop()
    if f.subs(inner, sympy.Dummy("w")).has(x):
        return None
    return u_substitution(it, f, x, inner)


def abs_rule(it, f, x):
    """∫ |x| dx = x|x|/2 (it is x²/2 for x ≥ 0 and −x²/2 for x < 0)."""
    if isinstance(f, sympy.Abs) and f.args[0] == x:
        return Step(Rule.INTEGRAL_TABLE, _i(f, x), x * sympy.Abs(x) / 2,
                    {"identity": sympy.Eq(_i(f, x), x * sympy.Abs(x) / 2, evaluate=False), "var": x})
    return None


def _power_of(f):
    """``f`` as (base, integer exponent): sin(x)**3 -> (sin(x), 3), tan(x) -> (tan(x), 1)."""
    if f.is_Pow and f.exp.is_Integer:
        return f.base, int(f.exp)
    return f, 1


def _of_x(func, x) -> bool:
    return isinstance(func, sympy.Function) and len(func.args) == 1 and func.args[0] == x


def _identity_step(it, f, x, rewritten, identity) -> Step:
    sub = it.integrate(rewritten, x)
    return Step(Rule.TRIG_IDENTITY, _i(f, x), sub.after,
                {"rewritten": rewritten, "identity": identity, "var": x}, (sub,))


# ---------------------------------------------------------------- arctangent with letters
def arctan_letters_rule(it, f, x):
    """k/(b x² + c) with letters in b or c: the table form atan(x/a)/(b a), a = √(c/b).

    With c/b a square, a = r: atan(x/r)/r is even in r, so it holds for every r ≠ 0; otherwise
    a = √(c/b) needs c/b > 0, which is stated.  (Numbers alone are sympy's ArctanRule.)"""
    num, den = sympy.fraction(sympy.together(f))
    if num.has(x) or not den.free_symbols - {x}:
        return None
    try:
        poly = sympy.Poly(den, x)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 2 or poly.coeff_monomial(x) != 0:
        return None
    b, c = poly.coeff_monomial(x**2), poly.coeff_monomial(1)
    if c == 0 or not b.is_positive:
        return None
    root = sympy.sqrt(c / b)
    squares = root.atoms(sympy.Abs)
    bare = root.xreplace({r: r.args[0] for r in squares})
    if bare.has(sympy.Abs, sympy.I) or (c / b).is_negative:
        return None  # x² − a²: partial fractions (logarithms), not an arctangent
    roots = [p.base for p in bare.atoms(sympy.Pow) if p.exp.is_Rational and not p.exp.is_Integer]
    if any(r.is_negative or r.could_extract_minus_sign() for r in roots):
        return None
    if not all(r.is_positive for r in roots):
        note = " and ".join(f"{sympy.sstr(r)} > 0" for r in roots if not r.is_positive)
    elif bare.is_positive:
        note = ""
    else:
        note = f"{sympy.sstr(bare.as_coeff_Mul()[1])} ≠ 0"
    after = num * sympy.atan(x / bare) / (b * bare)
    identity = sympy.Eq(_i(1 / (x**2 + sympy.Symbol("a")**2), x), sympy.atan(x / sympy.Symbol("a")) / sympy.Symbol("a"),
                        evaluate=False)
    parts = {"identity": identity, "var": x, "a": bare}
    if note:
        parts["condition"] = note
    return Step(Rule.INTEGRAL_INVERSE_TRIG, _i(f, x), after, parts)


# ---------------------------------------------------------------- tan / cot powers
_PYTHAGOREAN = {  # the identity that trades a square for the function whose integral is in the table
    sympy.tan: "tan²x = sec²x − 1",
    sympy.cot: "cot²x = csc²x − 1",
    sympy.tanh: "tanh²x = 1 − sech²x",
    sympy.coth: "coth²x = 1 + csch²x",
}
_RECIPROCAL_OF = {sympy.tan: sympy.cot, sympy.cot: sympy.tan, sympy.tanh: sympy.coth, sympy.coth: sympy.tanh,
                  sympy.cosh: sympy.sech, sympy.sinh: sympy.csch}
_RECIPROCAL_NAME = {sympy.tan: "1/tan x = cot x", sympy.cot: "1/cot x = tan x", sympy.tanh: "1/tanh x = coth x",
                    sympy.coth: "1/coth x = tanh x", sympy.cosh: "1/cosh x = sech x", sympy.sinh: "1/sinh x = csch x"}


def _square_of(func, x):
    """tan²x and friends in terms of the partner function: the Pythagorean identities."""
    if func is sympy.tan:
        return sympy.sec(x) ** 2 - 1
    if func is sympy.cot:
        return sympy.csc(x) ** 2 - 1
    if func is sympy.tanh:
        return 1 - sympy.sech(x) ** 2
    return 1 + sympy.csch(x) ** 2  # coth


def reciprocal_power_rule(it, f, x):
    """1/tan^n x = cot^n x, 1/cosh^n x = sech^n x, …: the integrand in the function the tables use."""
    base, n = _power_of(f)
    if n >= 0 or not _of_x(base, x) or type(base) not in _RECIPROCAL_OF:
        return None
    rewritten = _RECIPROCAL_OF[type(base)](x) ** (-n)
    return _identity_step(it, f, x, rewritten, _RECIPROCAL_NAME[type(base)])


def tan_power_rule(it, f, x):
    """tanⁿx (n ≥ 2): split off tan²x = sec²x − 1, so ∫ tanⁿ = ∫ tanⁿ⁻² sec² − ∫ tanⁿ⁻²: the first
    is u = tan x, the second the same problem two powers lower.  Likewise cot, tanh, coth."""
    base, n = _power_of(f)
    if n < 2 or not _of_x(base, x) or type(base) not in _PYTHAGOREAN:
        return None
    func = type(base)
    rewritten = sympy.expand(base ** (n - 2) * _square_of(func, x))
    return _identity_step(it, f, x, rewritten, _PYTHAGOREAN[func])


def tan_even_sec_odd_rule(it, f, x):
    """tan^(2k)x · sec^m x with m odd: tan² = sec² − 1 leaves powers of sec, done by the reduction
    formula (cot/csc likewise).  Other tan/sec products are a substitution u = tan x or u = sec x."""
    if not f.is_Mul or len(f.args) != 2:
        return None
    powers = {}
    for factor in f.args:
        base, n = _power_of(factor)
        if not _of_x(base, x):
            return None
        powers[type(base)] = n
    for even, odd in ((sympy.tan, sympy.sec), (sympy.cot, sympy.csc)):
        if set(powers) == {even, odd} and powers[even] >= 2 and powers[even] % 2 == 0 and powers[odd] % 2 == 1 \
                and powers[odd] > 0:
            rewritten = sympy.expand(_square_of(even, x) ** (powers[even] // 2) * odd(x) ** powers[odd])
            return _identity_step(it, f, x, rewritten, _PYTHAGOREAN[even])
    return None


# ---------------------------------------------------------------- products of trig powers
_SIN_COS = {  # each function as (power of sin, power of cos)
    sympy.sin: (1, 0), sympy.cos: (0, 1), sympy.tan: (1, -1), sympy.cot: (-1, 1), sympy.sec: (0, -1), sympy.csc: (-1, 0),
}


def trig_monomial_rule(it, f, x):
    """A product of powers of trig functions of x, as a trigonometric substitution leaves them
    (sec θ/tan²θ, cos θ/tan θ, tan²θ/cos³θ): written as sinᵐ cosⁿ, then in the family that has a
    table technique — tanᵐ secᵏ or cotⁿ cscᵏ — or, when one power is even and the other negative,
    with sin² = 1 − cos² (cos² = 1 − sin²) multiplied out."""
    factors = [_power_of(a) for a in (f.args if f.is_Mul else (f,))]
    if len(factors) < 2 or not all(_of_x(b, x) and type(b) in _SIN_COS for b, _ in factors):
        return None
    kinds = {type(b) for b, _ in factors}
    m = sum(_SIN_COS[type(b)][0] * n for b, n in factors)
    n = sum(_SIN_COS[type(b)][1] * k for b, k in factors)
    if (kinds <= {sympy.tan, sympy.sec} or kinds <= {sympy.cot, sympy.csc}) and all(k > 0 for _, k in factors):
        return None  # tanᵖ secᵠ, cotᵖ cscᵠ: a family with its own techniques
    if kinds <= {sympy.sin, sympy.cos} and (m >= 0 and n >= 0 or (m > 0 and m % 2) or (n > 0 and n % 2)):
        return None  # sinᵐcosⁿ with an odd positive power: u = cos x or u = sin x, sympy's rule search
    s, c = sympy.sin(x), sympy.cos(x)
    if m >= 0 and m + n <= 0:
        rewritten, identity = sympy.tan(x) ** m * sympy.sec(x) ** (-(m + n)), "tan x = sin x/cos x, sec x = 1/cos x"
    elif n >= 0 and m + n <= 0:
        rewritten, identity = sympy.cot(x) ** n * sympy.csc(x) ** (-(m + n)), "cot x = cos x/sin x, csc x = 1/sin x"
    elif n > 0 and n % 2 == 0 and m < 0:
        rewritten = sympy.expand((1 - s**2) ** (n // 2) * s**m)
        identity = "the Pythagorean identity cos²x = 1 − sin²x"
    elif m > 0 and m % 2 == 0 and n < 0:
        rewritten = sympy.expand((1 - c**2) ** (m // 2) * c**n)
        identity = "the Pythagorean identity sin²x = 1 − cos²x"
    else:
        return None
    if rewritten == f:
        return None
    return _identity_step(it, f, x, rewritten, identity)


def conjugate_rule(it, f, x):
    """k/(1 ± cos x), k/(1 ± sin x): multiply by the conjugate, so 1 − cos²x = sin²x is the denominator."""
    num, den = sympy.fraction(f)
    if num.has(x) or not den.is_Add:
        return None
    for trig, square in ((sympy.cos, sympy.sin), (sympy.sin, sympy.cos)):
        constant, rest = den.as_independent(x)
        d = sympy.cancel(rest / trig(x))
        if d.has(x) or constant == 0 or sympy.expand(constant**2 - d**2) != 0:
            continue
        conjugate = constant - d * trig(x)
        rewritten = sympy.expand(num * conjugate / (constant**2 * square(x) ** 2))
        identity = f"multiply by the conjugate {sympy.sstr(conjugate)} above and below; {sympy.sstr(constant**2)}·(1 − {trig.__name__}²x) = {sympy.sstr(constant**2)}·{square.__name__}²x"
        return _identity_step(it, f, x, rewritten, identity)
    return None


# ---------------------------------------------------------------- hyperbolic functions
def _hyperbolic_table(f, x):
    """The table of hyperbolic integrals a course lists (sinh and cosh are sympy's)."""
    s, c, t, sh, ct = sympy.sech(x), sympy.csch(x), sympy.tanh(x), sympy.sinh(x), sympy.coth(x)
    table = {
        s**2: t,
        c**2: -ct,
        s * t: -s,
        c * ct: -c,
        s: sympy.atan(sh),
        c: sympy.log(sympy.Abs(sympy.tanh(x / 2))),
    }
    return table.get(f)


def hyperbolic_rule(it, f, x):
    """sech²x → tanh x and the rest of the hyperbolic table; sinhⁿ/coshⁿ by the identities
    sinh²x = (cosh 2x − 1)/2, cosh²x = (cosh 2x + 1)/2 (even n) or cosh²x − sinh²x = 1 and a
    substitution (odd n), as for sin and cos."""
    after = _hyperbolic_table(f, x)
    if after is not None:
        identity = sympy.Eq(_i(f, x), after, evaluate=False)
        return Step(Rule.INTEGRAL_HYPERBOLIC, _i(f, x), after, {"identity": identity, "var": x})
    base, n = _power_of(f)
    if n < 2 or not _of_x(base, x) or not isinstance(base, (sympy.sinh, sympy.cosh)):
        return None
    sinh = isinstance(base, sympy.sinh)
    if n % 2 == 0:
        half = (sympy.cosh(2 * x) - 1) / 2 if sinh else (sympy.cosh(2 * x) + 1) / 2
        rewritten = sympy.expand(half ** (n // 2))
        identity = ("the half-angle identity sinh²x = (cosh 2x − 1)/2" if sinh else "the half-angle identity cosh²x = (cosh 2x + 1)/2")
        return _identity_step(it, f, x, rewritten, identity)
    w = sympy.Dummy("w")
    other = sympy.cosh(x) if sinh else sympy.sinh(x)
    square = (other**2 - 1) if sinh else (other**2 + 1)
    rewritten = square ** (n // 2) * base
    sub = u_substitution(it, rewritten, x, other, ((w**2 - 1) if sinh else (w**2 + 1)) ** (n // 2), w)
    identity = ("sinh²x = cosh²x − 1 (split off one factor of the odd power)" if sinh else
                "cosh²x = 1 + sinh²x (split off one factor of the odd power)")
    return Step(Rule.TRIG_IDENTITY, _i(f, x), sub.after,
                {"rewritten": rewritten, "identity": identity, "var": x}, (sub,))


def hyperbolic_substitution_rule(it, f, x):
    """tanhᵏx sech²x (cothᵏx csch²x): the derivative of tanh x is a factor, so u = tanh x."""
    if not f.is_Mul or not all(_of_x(_power_of(a)[0], x) for a in f.args):
        return None
    for func, derivative in ((sympy.tanh, sympy.sech(x) ** 2), (sympy.coth, -sympy.csch(x) ** 2)):
        inner = func(x)
        quotient = sympy.cancel(f / derivative)
        w = sympy.Dummy("w")
        in_w = quotient.subs(inner, w)
        if quotient.has(func) and not in_w.has(x):
            return u_substitution(it, f, x, inner, in_w, w)
    return None


def _exponential_factor(e, x) -> bool:
    """e^(ax+b) or c^(ax+b): an exponential in a linear function of x."""
    if e.is_Pow and e.base.is_positive and e.base.is_number and not e.base.has(x):
        arg = e.exp
    elif isinstance(e, sympy.exp):
        arg = e.args[0]
    else:
        return False
    return arg.is_polynomial(x) and sympy.degree(arg, x) == 1


def _linear_hyperbolic(e, x) -> bool:
    return (isinstance(e, (sympy.sinh, sympy.cosh)) and e.args[0].is_polynomial(x)
            and sympy.degree(e.args[0], x) == 1)


def exponential_hyperbolic_rule(it, f, x):
    """e^x cosh x: write sinh and cosh by their definitions in exponentials, multiply out."""
    if not f.is_Mul:
        return None
    factors = [_power_of(a) for a in f.args]
    hyperbolic = [b for b, n in factors if _linear_hyperbolic(b, x) and n > 0]
    exponential = [b for b, n in factors if isinstance(b, sympy.exp) and _exponential_factor(b, x)]
    if not hyperbolic or not exponential or len(hyperbolic) + len(exponential) != len(f.args):
        return None
    rewritten = sympy.expand(f.replace(lambda e: _linear_hyperbolic(e, x), lambda e: e.rewrite(sympy.exp)))
    if rewritten.has(sympy.sinh, sympy.cosh) or sympy.count_ops(rewritten) > 40:
        return None
    names = sorted({type(b).__name__ for b in hyperbolic})
    identity = " and ".join({"cosh": "cosh x = (eˣ + e⁻ˣ)/2", "sinh": "sinh x = (eˣ − e⁻ˣ)/2"}[n] for n in names)
    return _identity_step(it, f, x, rewritten, identity + " (the definition)")


# ---------------------------------------------------------------- parts the rule search misses
def parts_polynomial_rule(it, f, x):
    """P(x)·aˣ and P(x)·cosh x, sinh x: by parts with u = P(x) (algebraic before exponential in
    LIATE) and dv the factor we can integrate; each round lowers the degree of P."""
    if not f.is_Mul:
        return None
    dv = [a for a in f.args if (_exponential_factor(a, x) and not isinstance(a, sympy.exp)) or _linear_hyperbolic(a, x)]
    if len(dv) != 1:
        return None
    dv = dv[0]
    u = f / dv
    if not u.is_polynomial(x) or sympy.degree(u, x) < 1:
        return None
    return _parts_step(it, f, x, u, dv)


def _parts_step(it, f, x, u, dv) -> Step:
    du_step = differentiate(u, x, Names(u.free_symbols | {x}))
    v_step = it.integrate(dv, x)
    v, du = v_step.after, du_step.after
    remaining = sympy.expand(v * du) if sympy.count_ops(v * du) < 30 else v * du
    second = it.integrate(remaining, x) if remaining != 0 else None
    after = u * v - second.after if second is not None else u * v
    formula = sympy.Add(u * v, -_i(remaining, x), evaluate=False)
    parts = {"u": u, "dv": dv, "du": du, "v": v, "var": x, "formula": formula,
             "u_kind": _liate(u, x), "dv_kind": _liate(dv, x), **_differentials(du, dv, x)}
    subs = [Step(Rule.DERIVATIVE, du_step.before, du, {"var": x}, (du_step,), role="du"),
            _with_role(v_step, "v"), Step(Rule.PARTS_FORMULA, _i(f, x), formula, parts)]
    if second is not None:
        subs.append(second)
    return Step(Rule.INTEGRATION_BY_PARTS, _i(f, x), after, parts, tuple(subs))


# ---------------------------------------------------------------- u = the inside of a radical
def radical_inside_rule(it, f, x):
    """x·√(x² + 1), x/√(1 − x²): the derivative of the radicand is a factor, so u = the radicand."""
    roots = {p.base for p in f.atoms(sympy.Pow)
             if p.exp.is_Rational and not p.exp.is_Integer and p.base.is_polynomial(x) and sympy.degree(p.base, x) >= 2}
    if len(roots) != 1:
        return None
    inside = roots.pop()
    w = sympy.Dummy("w")
    in_w = sympy.cancel(f / sympy.diff(inside, x)).subs(inside, w)
    if in_w.has(x):
        return None
    return u_substitution(it, f, x, inside, in_w, w)


OWN_TECHNIQUES = (
    abs_rule,
    linear_substitution_rule,
    reciprocal_trig_rule,
    reciprocal_power_rule,
    tan_power_rule,
    tan_even_sec_odd_rule,
    trig_monomial_rule,
    conjugate_rule,
    hyperbolic_rule,
    hyperbolic_substitution_rule,
    exponential_hyperbolic_rule,
    parts_polynomial_rule,
    arctan_letters_rule,
    power_rule,
    product_to_sum_rule,
    partial_fractions_rule,
    radical_inside_rule,
    trig_substitution_rule,
)
OWN_RULES = (constant_rule, sum_rule, constant_multiple_rule, *OWN_TECHNIQUES)


# ====================================================================== translations
def t_constant(it, node, x, f):
    return constant_rule(it, f, x)


def t_constant_times(it, node, x, f):
    sub = it.reenter(node.substep, x, node.other)
    return Step(Rule.INTEGRAL_CONSTANT_MULTIPLE, _i(f, x), node.constant * sub.after,
                {"constant": node.constant, "function": node.other, "var": x}, (sub,))


def t_add(it, node, x, f):
    subs = tuple(it.reenter(sub, x, term) for sub, term in zip(node.substeps, _terms_for(node, f), strict=True))
    return Step(Rule.INTEGRAL_SUM, _i(f, x), sympy.Add(*(s.after for s in subs)),
                {"count": len(subs), "var": x}, subs)


def _terms_for(node, f) -> list:
    """The term of ``f`` each AddRule substep integrates.  A substep's own ``integrand`` is not
    always its term: after a rewrite, sympy's URule carries the whole unsplit integrand
    ((2x + 3)/(x² + 4) for the term 2x/(x² + 4)), and integrating that would count 3/(x² + 4) twice."""
    terms = list(f.as_ordered_terms()) if f.is_Add else []
    if len(terms) != len(node.substeps):
        return [sub.integrand for sub in node.substeps]
    chosen: list = [None] * len(terms)
    left = list(terms)
    for k, sub in enumerate(node.substeps):
        if sub.integrand in left:
            chosen[k] = sub.integrand
            left.remove(sub.integrand)
    for k in range(len(chosen)):
        if chosen[k] is None:
            chosen[k] = left.pop(0)
    return chosen


def t_power(it, node, x, f):
    if node.base == x:
        return power_rule(it, f, x)
    return u_substitution(it, f, x, node.base)


def t_reciprocal(it, node, x, f):
    if node.base == x:
        return Step(Rule.INTEGRAL_RECIPROCAL, _i(f, x), sympy.log(sympy.Abs(x)), {"var": x})
    return u_substitution(it, f, x, node.base)


def t_exp(it, node, x, f):
    if node.exp != x:
        return u_substitution(it, f, x, node.exp)
    after = f / sympy.log(node.base) if node.base != sympy.E else f
    identity = sympy.Eq(_i(f, x), after, evaluate=False)
    return Step(Rule.INTEGRAL_EXPONENTIAL, _i(f, x), after, {"identity": identity, "var": x})


def _table(rule):
    def translate(it, node, x, f):
        after = node.eval()
        if isinstance(after, sympy.Piecewise):
            after = after.args[0][0]
        identity = sympy.Eq(_i(f, x), after, evaluate=False)
        return Step(rule, _i(f, x), after, {"identity": identity, "var": x})
    return translate


def u_substitution(it, f, x, u_func, u_integrand=None, placeholder=None) -> Step:
    """∫ f dx with u = u_func.  ``u_integrand``, when given, is the integrand in terms of
    ``placeholder`` (a Dummy standing for u); the change-of-variable step is checked anyway."""
    u = it.names.fresh()
    inverse = None
    if u_integrand is not None and placeholder is not None:
        u_integrand = u_integrand.xreplace({placeholder: u})
    if u_integrand is None:
        du_dx = sympy.diff(u_func, x)  # only to rewrite; the step is checked independently
        u_integrand, inverse = _in_terms_of(sympy.cancel(f / du_dx), x, u, u_func)
        if u_integrand is None:  # simplify only when needed: it turns 1/4 − cos(2x)/4 back into sin²x/2
            u_integrand, inverse = _in_terms_of(sympy.simplify(f / du_dx), x, u, u_func)
        if u_integrand is None:
            raise NonElementary(f"I can't rewrite {sympy.sstr(f)} in terms of u = {sympy.sstr(u_func)}")
    return _substitution_step(it, f, x, u, u_func, u_integrand, inverse, it.integrate(u_integrand, u))


def _substitution_step(it, f, x, u, u_func, u_integrand, inverse, inner, why=None, identities=()) -> Step:
    """The substitution as shown: u and du (or, when x had to be solved for, x = x(u) and
    dx = x'(u) du: a back-substitution), the rewritten integral, its integral, u put back."""
    after = inner.after.xreplace({u: u_func})
    linear = u_func.is_polynomial(x) and sympy.degree(u_func, x) == 1
    if inverse is not None and not linear:
        dx_step = differentiate(inverse, u, Names(inverse.free_symbols | {x, u}))
        du = sympy.Tuple(*identities, sympy.Eq(x, inverse, evaluate=False),
                         sympy.Eq(Infinitesimal(1, x), Infinitesimal(dx_step.after, u), evaluate=False))
        why = why or f"solving for {x} turns the integrand into one in {u} alone (a back-substitution)"
        shown = Step(Rule.DERIVATIVE, dx_step.before, dx_step.after, {"var": u}, (dx_step,), role="dx")
    else:
        du_step = differentiate(u_func, x, Names(u_func.free_symbols | {x, u}))
        du = sympy.Eq(Infinitesimal(1, u), Infinitesimal(du_step.after, x), evaluate=False)
        why = _why_u(u_func, x, linear, u)
        shown = Step(Rule.DERIVATIVE, du_step.before, du_step.after, {"var": x}, (du_step,), role="du")
    written = f
    if linear and f.is_rational_function(x) and f.subs(u_func, sympy.Dummy("w")).has(x):
        # 1/(x² + 2x + 5) as 1/((x + 1)² + 4), so that u = x + 1 is visible in it
        written = u_integrand.xreplace({u: u_func}) * sympy.diff(u_func, x)
    parts = {"u_eq": sympy.Eq(u, u_func, evaluate=False), "u": u, "u_func": u_func, "du": du,
             "rewritten": _i(u_integrand, u), "var": x, "why": why}
    change = Step(Rule.CHANGE_OF_VARIABLE, _i(written, x), _i(u_integrand, u), parts)
    back = Step(Rule.BACK_SUBSTITUTION, inner.after, after, parts)
    substeps = (change, inner, back) if linear else (shown, change, inner, back)
    step = Step(Rule.U_SUBSTITUTION, _i(written, x), after, parts, substeps)
    if written == f:
        return step
    return Step(Rule.COMPLETE_THE_SQUARE, _i(f, x), after, {"rewritten": written, "var": x}, (step,))


def _why_u(u_func, x, linear, u):
    if linear:
        return f"the inner function is linear, so d{_letter(u)} is a constant multiple of d{_letter(x)}"
    return "its derivative appears (up to a constant factor) in the integrand"


def _letter(symbol) -> str:
    return {"theta": "θ", "phi": "φ"}.get(symbol.name, symbol.name)


def _in_terms_of(expr, x, u, u_func):
    """``expr`` in u alone, and the x = x(u) it took (None when u replaced u_func directly)."""
    replaced = expr.subs(u_func, u)
    if not replaced.has(x):
        return replaced, None
    solutions = sympy.solve(sympy.Eq(u, u_func), x)
    for sol in solutions:
        candidate = sympy.simplify(replaced.subs(x, sol))
        if not candidate.has(x):
            return candidate, sol
    return None, None


def t_u(it, node, x, f):
    u = it.names.fresh()
    substep = _rename(node.substep, node.u_var, u)
    u_integrand, inverse = _in_terms_of(sympy.cancel(f / sympy.diff(node.u_func, x)), x, u, node.u_func)
    if u_integrand is None:
        raise NonElementary(f"I can't rewrite {sympy.sstr(f)} in terms of u = {sympy.sstr(node.u_func)}")
    if sympy.cancel(substep.integrand - u_integrand) == 0:
        inner = it.reenter(substep, u, u_integrand)
    else:
        inner = it.integrate(u_integrand, u)
    return _substitution_step(it, f, x, u, node.u_func, u_integrand, inverse, inner)


def _rename(node, old, new):
    """A manualintegrate subtree with its dummy variable replaced by a visible letter."""
    import dataclasses

    changes = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if isinstance(value, mi.Rule):
            changes[field.name] = _rename(value, old, new)
        elif isinstance(value, list):
            changes[field.name] = [_rename(v, old, new) if isinstance(v, mi.Rule) else
                                   (v.xreplace({old: new}) if isinstance(v, sympy.Basic) else v) for v in value]
        elif isinstance(value, sympy.Basic):
            changes[field.name] = value.xreplace({old: new})
    return dataclasses.replace(node, **changes)


def _liate(expr, x) -> str:
    for name, test in _LIATE:
        if test(expr, x):
            return name
    return "other"


def t_parts(it, node, x, f):
    u, dv = node.u, node.dv
    du_step = differentiate(u, x, Names(u.free_symbols | {x}))
    v_step = it.reenter(node.v_step, x, dv)
    v = v_step.after
    du = du_step.after
    remaining = sympy.expand(v * du) if sympy.count_ops(v * du) < 30 else v * du
    depth = getattr(it, "parts_depth", 0)
    if remaining == 0:
        second = None
        after = u * v
    else:
        it.parts_depth = depth + 1
        try:
            second = it.integrate(remaining, x)
        finally:
            it.parts_depth = depth
        after = u * v - second.after
    formula = sympy.Add(u * v, -_i(remaining, x), evaluate=False)
    u_kind, dv_kind = _liate(u, x), _liate(dv, x)
    parts = {"u": u, "dv": dv, "du": du, "v": v, "var": x, "formula": formula,
             "u_kind": u_kind, "dv_kind": dv_kind, **_differentials(du, dv, x)}
    apply = Step(Rule.PARTS_FORMULA, _i(f, x), formula, parts)
    subs = [Step(Rule.DERIVATIVE, du_step.before, du, {"var": x}, (du_step,), role="du"),
            _with_role(v_step, "v"), apply]
    if second is not None:
        subs.append(second)
    tabular = _tabular(f, x, u, dv, after) if depth == 0 and second is not None else None
    if tabular is not None:
        subs.append(tabular)
    return Step(Rule.INTEGRATION_BY_PARTS, _i(f, x), after, parts, tuple(subs))


def _tabular(f, x, u, dv, after) -> Step | None:
    """Repeated parts with a polynomial u, as one table: the derivatives of u down to 0 beside
    repeated antiderivatives of dv, multiplied along the diagonals with alternating signs.
    Only where it helps: u of degree 2 or more and dv whose antiderivatives stay simple."""
    if not u.is_polynomial(x) or sympy.degree(u, x) < 2 or sympy.degree(u, x) > 8:
        return None
    derivatives = [u]
    while derivatives[-1] != 0:
        derivatives.append(sympy.diff(derivatives[-1], x))
    integrals = [dv]
    for _ in range(len(derivatives) - 1):
        nxt = sympy.integrate(integrals[-1], x)
        if nxt.has(sympy.Integral) or sympy.count_ops(nxt) > 12:
            return None
        integrals.append(nxt)
    rows = [[sympy.Integer((-1) ** k), derivatives[k], integrals[k + 1] if k + 1 < len(integrals) else integrals[-1]]
            for k in range(len(derivatives) - 1)]
    terms = [Times(d, i) if sign > 0 else Minus(Times(d, i)) for sign, d, i in rows]
    total = sympy.Add(*(sign * d * i for sign, d, i in rows))
    if sympy.expand(total - after) != 0 and sympy.simplify(total - after) != 0:
        return None
    table = sympy.ImmutableMatrix([[sign, d, i] for sign, d, i in rows])
    return Step(Rule.TABULAR_INTEGRATION, _i(f, x), after,
                {"u": u, "dv": dv, "var": x, "table": table, "rows": len(rows), "sum": Plus(*terms),
                 "derivatives": sympy.Tuple(*derivatives), "integrals": sympy.Tuple(*integrals)})


def _differentials(du, dv, x) -> dict:
    """du = u′ dx and dv as written in the parts formula: du = 2x dx, dv = dx."""
    return {"du_dx": Infinitesimal(du, x), "dv_dx": Infinitesimal(dv, x)}


def _with_role(step, role):
    from dataclasses import replace
    return replace(step, role=role)


def t_cyclic(it, node, x, f):
    I = sympy.Symbol("I")  # noqa: E741 - the integral itself, as in textbooks (a letter, not sympy.I)
    subs = []
    collected = sympy.Integer(0)
    sign = 1
    current = f
    for rule in node.parts_rules:
        u, dv = rule.u, rule.dv
        v = it.integrate(dv, x).after
        du = differentiate(u, x, Names(u.free_symbols | {x})).after
        term = sign * u * v
        collected += term
        remaining = sympy.expand(v * du)
        subs.append(Step(Rule.PARTS_FORMULA, _i(current, x), sympy.Add(u * v, -_i(remaining, x), evaluate=False),
                         {"u": u, "dv": dv, "du": du, "v": v, "var": x,
                          "formula": sympy.Add(u * v, -_i(remaining, x), evaluate=False),
                          "u_kind": _liate(u, x), "dv_kind": _liate(dv, x), **_differentials(du, dv, x)}))
        sign = -sign
        current = remaining
    coefficient = node.coefficient
    after = tidy(collected / (1 - coefficient))
    equation = sympy.Eq(I, collected + coefficient * I, evaluate=False)
    subs.append(Step(Rule.SOLVE_FOR_INTEGRAL, equation, sympy.Eq(I, after, evaluate=False),
                     {"equation": equation, "integral": _i(f, x), "coefficient": coefficient, "var": x}))
    return Step(Rule.CYCLIC_INTEGRATION_BY_PARTS, _i(f, x), after, {"var": x, "integral": _i(f, x)}, tuple(subs))


def t_rewrite(it, node, x, f):
    g = node.rewritten
    if g == f:  # nothing to show: the integrand is already in that form
        return it.reenter(node.substep, x, g)
    sub = it.reenter(node.substep, x, g)
    rule = Rule.TRIG_IDENTITY if (f.has(*_TRIG) or g.has(*_TRIG)) and not f.is_rational_function(x) else Rule.REWRITE_INTEGRAND
    identity = _name_identity(f, g, x) if rule == Rule.TRIG_IDENTITY else "algebra"
    return Step(rule, _i(f, x), sub.after, {"rewritten": g, "identity": identity, "var": x}, (sub,))


_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)


def _name_identity(f, g, x) -> str:
    if f.has(sympy.tan) and not g.has(sympy.tan):
        return "tan x = sin x / cos x"
    if f.has(sympy.cot) and not g.has(sympy.cot):
        return "cot x = cos x / sin x"
    if any(p.exp.is_Integer and p.exp % 2 == 0 for p in f.atoms(sympy.Pow) if isinstance(p.base, (sympy.sin, sympy.cos))) \
            and g.has(sympy.cos) and any(a.args[0] != x for a in g.atoms(sympy.cos, sympy.sin)):
        has_sin = any(isinstance(p.base, sympy.sin) for p in f.atoms(sympy.Pow))
        has_cos = any(isinstance(p.base, sympy.cos) for p in f.atoms(sympy.Pow))
        if has_sin and not has_cos:
            return "the half-angle identity sin²x = (1 − cos 2x)/2"
        if has_cos and not has_sin:
            return "the half-angle identity cos²x = (1 + cos 2x)/2"
        return "the half-angle identities sin²x = (1 − cos 2x)/2, cos²x = (1 + cos 2x)/2"
    if any(isinstance(p.base, (sympy.sin, sympy.cos)) and p.exp.is_Integer and p.exp % 2 == 1 for p in f.atoms(sympy.Pow)):
        return "the Pythagorean identity sin²x = 1 − cos²x (split off one factor of the odd power)"
    return "a trigonometric identity"


def t_alternative(it, node, x, f):
    best = min(node.alternatives, key=_tree_size)
    return it.translate(best, x, f)


def _tree_size(node) -> int:
    size = 1
    for field in ("substep", "v_step", "second_step"):
        sub = getattr(node, field, None)
        if sub is not None:
            size += _tree_size(sub)
    for field in ("substeps", "alternatives", "parts_rules"):
        for sub in getattr(node, field, None) or ():
            size += _tree_size(sub)
    if isinstance(node, mi.URule) and sympy.count_ops(node.u_func) > 3:
        size += 2
    if isinstance(node, mi.DontKnowRule):
        size += 100
    return size


def t_complete_square(it, node, x, f):
    sub = it.reenter(node.substep, x, node.rewritten)
    return Step(Rule.COMPLETE_THE_SQUARE, _i(f, x), sub.after,
                {"rewritten": node.rewritten, "var": x}, (sub,))


def t_special(it, node, x, f):
    after = node.eval()
    functions = sorted({type(a).__name__ for a in after.atoms(sympy.Function)} - {"exp", "log", "sqrt"})
    return Step(Rule.SPECIAL_FUNCTION, _i(f, x), after,
                {"function": f, "names": ", ".join(functions) or "special functions", "var": x})


def t_trig_sub(it, node, x, f):
    theta = make_symbol("theta")
    rewritten = node.rewritten.xreplace({node.theta: theta})
    inner = it.integrate(rewritten, theta)
    after = node.eval()
    if isinstance(after, sympy.Piecewise):
        after = after.args[0][0]
    sub = node.func.xreplace({node.theta: theta})
    kind = "secant" if sub.has(sympy.sec) else "tangent" if sub.has(sympy.tan) else "sine"
    change = Step(Rule.TRIG_SUBSTITUTION_REWRITE, _i(f, x), _i(rewritten, theta),
                  {"substitution": sympy.Eq(x, sub, evaluate=False),
                   "dx": sympy.Eq(Infinitesimal(1, x), Infinitesimal(_dx_dtheta(sub, theta), theta), evaluate=False),
                   "identity": "a Pythagorean identity", "var": x, "theta": theta, "kind": kind, "x_of_theta": sub})
    return Step(Rule.TRIG_SUBSTITUTION, _i(f, x), after,
                {"substitution": sympy.Eq(x, sub, evaluate=False), "kind": kind, "var": x, "radical": f},
                (change, inner))


def t_piecewise(it, node, x, f):
    """sympy's answer by cases on a letter (1/(x² + a): a > 0, a < 0, a = 0): the first case that
    can hold, with its condition stated.  A case needing an imaginary letter is not an answer."""
    for sub, condition in node.subfunctions:
        if condition is sympy.false:
            continue
        step = it.translate(sub, x, f)
        if step.after.has(sympy.I):
            continue
        if condition is not sympy.true:
            step = dataclasses.replace(step, parts={**step.parts, "condition": _condition_text(condition)})
        return step
    return t_dont_know(it, node, x, f)


def _condition_text(condition) -> str:
    text = sympy.sstr(condition)
    return text.replace("!=", "≠").replace(">=", "≥").replace("<=", "≤").replace("**2", "²").replace("&", "and")


def proven_nonelementary(f, x) -> bool:
    """True only when the Risch algorithm proves ∫ f dx is not elementary (sin and cos are written
    with complex exponentials first, which it handles).  False means unknown, never 'elementary'."""
    from sympy.integrals.risch import NonElementaryIntegral, risch_integrate

    g = f.rewrite(sympy.exp) if f.has(*_TRIG, sympy.sinh, sympy.cosh, sympy.tanh) else f
    try:
        return isinstance(risch_integrate(g, x), NonElementaryIntegral)
    except (NotImplementedError, ValueError, TypeError, AttributeError, sympy.PolynomialError):
        return False


def nonelementary_claim(f, x) -> str:
    """What may be said about an integrand with no antiderivative found, the integrand to follow:
    proven, or only not found."""
    if proven_nonelementary(f, x):
        return "There is provably no elementary antiderivative (by the Risch algorithm) of"
    return "I could not find an elementary antiderivative of"


def weierstrass_substitution(it, f, x):
    """A rational function of sin x and cos x: t = tan(x/2) makes it a rational function of t
    (sin x = 2t/(1 + t²), cos x = (1 − t²)/(1 + t²), dx = 2 dt/(1 + t²)).  None when f is not one."""
    s, c = sympy.sin(x), sympy.cos(x)
    trig = f.atoms(sympy.Function)
    if not f.has(s, c) or not trig <= {s, c, sympy.tan(x), sympy.sec(x), sympy.csc(x), sympy.cot(x)}:
        return None
    g = f.rewrite(sympy.cos, sympy.sin) if f.has(sympy.tan, sympy.sec, sympy.csc, sympy.cot) else f
    w1, w2 = sympy.Dummy("s"), sympy.Dummy("c")
    if not g.xreplace({s: w1, c: w2}).is_rational_function(x) or g.xreplace({s: w1, c: w2}).has(x):
        return None
    t = it.names.fresh()
    sin_t, cos_t = 2 * t / (1 + t**2), (1 - t**2) / (1 + t**2)
    in_t = sympy.factor(sympy.cancel(g.xreplace({s: sin_t, c: cos_t}) * 2 / (1 + t**2)))
    if in_t.has(x) or sympy.count_ops(in_t) > 60:
        return None
    inner = it.integrate(in_t, t)
    identities = (sympy.Eq(s, sin_t, evaluate=False), sympy.Eq(c, cos_t, evaluate=False))
    why = (f"this is the Weierstrass substitution, which makes sin x and cos x rational functions of {t}, "
           f"so the integrand becomes a rational function of {t}")
    return _substitution_step(it, f, x, t, sympy.tan(x / 2), in_t, 2 * sympy.atan(t), inner, why, identities)


def t_dont_know(it, node, x, f):
    step = weierstrass_substitution(it, f, x)
    if step is not None:
        return step
    raise NonElementary(
        f"{nonelementary_claim(f, x)} {sympy.sstr(f).replace('**', '^')} (with respect to {x})",
        hint="ask for a definite integral (e.g. 'from 0 to 1') to get its numeric value")


TRANSLATIONS = {
    mi.ConstantRule: t_constant,
    mi.ConstantTimesRule: t_constant_times,
    mi.AddRule: t_add,
    mi.PowerRule: t_power,
    mi.NestedPowRule: _table(Rule.INTEGRAL_POWER),
    mi.ReciprocalRule: t_reciprocal,
    mi.ExpRule: t_exp,
    mi.SinRule: _table(Rule.INTEGRAL_TRIG),
    mi.CosRule: _table(Rule.INTEGRAL_TRIG),
    mi.SecTanRule: _table(Rule.INTEGRAL_TRIG),
    mi.CscCotRule: _table(Rule.INTEGRAL_TRIG),
    mi.Sec2Rule: _table(Rule.INTEGRAL_TRIG),
    mi.Csc2Rule: _table(Rule.INTEGRAL_TRIG),
    mi.SinhRule: _table(Rule.INTEGRAL_HYPERBOLIC),
    mi.CoshRule: _table(Rule.INTEGRAL_HYPERBOLIC),
    mi.ArctanRule: _table(Rule.INTEGRAL_INVERSE_TRIG),
    mi.ArcsinRule: _table(Rule.INTEGRAL_INVERSE_TRIG),
    mi.ArcsinhRule: _table(Rule.INTEGRAL_INVERSE_TRIG),
    mi.ReciprocalSqrtQuadraticRule: _table(Rule.INTEGRAL_INVERSE_TRIG),
    mi.SqrtQuadraticRule: _table(Rule.INTEGRAL_TABLE),
    mi.SqrtQuadraticDenomRule: _table(Rule.INTEGRAL_TABLE),
    mi.URule: t_u,
    mi.PartsRule: t_parts,
    mi.CyclicPartsRule: t_cyclic,
    mi.CompleteSquareRule: t_complete_square,
    mi.RewriteRule: t_rewrite,
    mi.AlternativeRule: t_alternative,
    mi.TrigSubstitutionRule: t_trig_sub,
    mi.DontKnowRule: t_dont_know,
    mi.PiecewiseRule: t_piecewise,
    mi.IRule: t_special,
    mi.ErfRule: t_special,
    mi.FresnelSRule: t_special,
    mi.FresnelCRule: t_special,
    mi.UpperGammaRule: t_special,
    mi.PolylogRule: t_special,
    mi.EllipticFRule: t_special,
    mi.EllipticERule: t_special,
}


# ====================================================================== the engine
def statement(problem):
    x = problem.variable
    if problem.kind == "definite_integral":
        return Integral(problem.expr, (x, problem.data["lower"], problem.data["upper"]))
    return Integral(problem.expr, x)


def antiderivative_steps(f, x) -> Step:
    # manualintegrate keeps a process-wide memo of integration-by-parts choices that only its
    # own entry point clears; without this a long-lived worker answers differently over time.
    mi._parts_u_cache.clear()
    it = Integrator(f.free_symbols | {x})
    return it.integrate(f, x)


def conditions(tree: Step) -> list[str]:
    """What the answer assumes about the letters in the integrand (``a ≠ 0``), said once each."""
    said = []
    for _, step in tree.walk():
        note = step.parts.get("condition")
        if note and f"assuming {note}" not in said:
            said.append(f"assuming {note}")
    return said


def solve(problem) -> Solution:
    f, x = problem.expr, problem.variable
    if f.has(sympy.oo, -sympy.oo, sympy.zoo):
        raise UnsupportedProblem("the integrand contains infinity", hint="write a finite expression")
    if problem.kind == "definite_integral":
        from .definite import solve_definite
        return solve_definite(problem, statement(problem))
    tree = antiderivative_steps(f, x)
    steps = [tree]
    antiderivative = tree.after
    nice = tidy(antiderivative)
    if nice != antiderivative:
        steps.append(Step(Rule.SIMPLIFY, antiderivative, nice))
    answer = nice + C
    steps.append(Step(Rule.CONSTANT_OF_INTEGRATION, statement(problem), answer, {"var": x, "antiderivative": nice}))
    assumptions = [*problem.notes, *conditions(tree)]
    if answer.has(sympy.log) and any(isinstance(a, sympy.Abs) for a in answer.atoms(sympy.Abs)):
        assumptions.append("ln|u| is used so the antiderivative holds wherever the integrand is defined")
    if any(s.rule == Rule.U_SUBSTITUTION and s.parts["u_func"] == sympy.tan(x / 2) for _, s in tree.walk()):
        assumptions.append("with t = tan(x/2) the antiderivative holds on each interval between odd multiples of π, "
                           "where tan(x/2) is defined")
    if any(s.rule == Rule.TRIG_SUBSTITUTION for _, st in enumerate(steps) for _, s in st.walk()):
        assumptions.append("θ is taken in the principal range of the substitution, where the square roots are positive")
    return Solution(problem=problem, statement=statement(problem), answer=answer, steps=tuple(steps),
                    assumptions=tuple(assumptions), answer_sympy=f"{sympy.sstr(nice)} + C")
