"""A long exact number shown as a short decimal, keeping the exact value for the checks.

A probability such as P(X ≤ 480) for X ~ Binomial(1000, 1/2) is an exact fraction with
hundreds of digits: right, but unreadable.  ``Shown`` prints it with ``DIGITS`` significant
digits (it is a sympy Float to every printer) and carries the exact value, which the checks
read back instead of the digits printed.  For display only: never computed with.
"""

from __future__ import annotations

import sympy

from ..algebra import terminating_decimal

DIGITS = 10
MAX_DIGITS = 20
"""Fractions whose numerator or denominator has more digits than this are shown as decimals."""


class Shown(sympy.Float):
    """``exact`` printed as a ``digits``-significant-digit decimal."""

    def __new__(cls, exact, digits: int = DIGITS):
        exact = sympy.sympify(exact)
        obj = sympy.Float.__new__(cls, sympy.N(exact, digits + 5), digits)
        if not isinstance(obj, Shown):       # 0 comes back as S.Zero
            return obj
        obj.exact = exact
        obj.digits = digits
        return obj

    def __reduce__(self):
        return (Shown, (self.exact, self.digits))


MAX_DIGITS_BESIDE = 6
"""…or, in a number that is not a plain fraction (e^(−5/2)·1810641293/148635648), more than this."""


def too_long(value) -> bool:
    """Does ``value`` hold a fraction with more than ``MAX_DIGITS`` digits above or below (more
    than ``MAX_DIGITS_BESIDE`` beside an e^(…) or a root)?"""
    if not isinstance(value, sympy.Basic):
        return False
    limit = 10 ** (MAX_DIGITS if value.is_Rational else MAX_DIGITS_BESIDE)
    return any(abs(r.p) >= limit or r.q >= limit for r in value.atoms(sympy.Rational))


def compact(value):
    """A number holding a very long fraction as a ``Shown`` decimal; anything else unchanged."""
    if isinstance(value, (sympy.Rational, sympy.Add, sympy.Mul, sympy.Pow)) and value.is_number and too_long(value):
        return Shown(value)
    return value


def exact(value):
    """The exact value behind every ``Shown`` in ``value``."""
    if isinstance(value, Shown):
        return value.exact
    if isinstance(value, sympy.Basic) and value.has(sympy.Float):
        found = {f: f.exact for f in value.atoms(sympy.Float) if isinstance(f, Shown)}
        return value.xreplace(found) if found else value
    return value


# ----------------------------------------------------------------------------- decimals typed
MOST_DECIMAL_DIGITS = 14
"""A fraction is shown as its decimal when that ends within this many significant digits
(3/10 → 0.3, 282475249/10000000000 → 0.0282475249); its Float then carries exactly those
digits, and the checks read it back as the exact fraction."""


def decimal_form(value):
    """A terminating fraction as the exact decimal it is, else ``value`` itself."""
    return terminating_decimal(value, MOST_DECIMAL_DIGITS)


_KEEP = (sympy.Symbol, sympy.Indexed, sympy.Float)


def with_decimals(expr):
    """``expr`` with every terminating fraction shown as its decimal, nothing evaluated."""
    if isinstance(expr, (list, tuple)):
        return type(expr)(with_decimals(e) for e in expr)
    if not isinstance(expr, sympy.Basic) or isinstance(expr, _KEEP):
        return expr
    if isinstance(expr, sympy.Rational):
        return decimal_form(expr)
    if not expr.args:
        return expr
    if isinstance(expr, sympy.Function) and not isinstance(expr, sympy.core.function.AppliedUndef):
        return expr     # e^(−5/2) stays: a decimal inside would be evaluated to its few digits
    if isinstance(expr, sympy.Pow):   # 0.3^k, 0.7¹⁰: the base as a decimal, the exponent as it is
        base = with_decimals(expr.base)
        return expr if base is expr.base else sympy.Pow(base, expr.exp, evaluate=False)
    if isinstance(expr, (sympy.Add, sympy.Mul)) and expr.is_number:
        return expr     # an irrational number keeps its exact form: √210/10, not 0.1·√210
    args = [with_decimals(a) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args, strict=True)):
        return expr
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:
        return expr.func(*args)
