"""Cheap, predictable tidying shared by every engine.

``simplify()`` costs 5–10× a derivative and can rewrite a result beyond recognition, so
the default path tries a few targeted rewrites (each 0.1–6 ms) and keeps the shortest.
"""

from __future__ import annotations

import sympy

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)


def _size(expr) -> tuple[int, int]:
    return (sympy.count_ops(expr), len(sympy.sstr(expr)))


def has_big_power(expr, limit: int = 12) -> bool:
    """Integer powers above ``limit``: expanding or factoring them is what blows up."""
    return any(p.exp.is_Integer and abs(p.exp) > limit for p in expr.atoms(sympy.Pow))


def tidy(expr):
    """The shortest of a few equivalent forms of ``expr`` (itself when nothing is shorter)."""
    if not isinstance(expr, sympy.Expr) or expr.is_Atom:
        return expr
    ops = sympy.count_ops(expr)
    candidates = [expr, sympy.factor_terms(expr)]
    if ops <= 80 and not has_big_power(expr):
        candidates.append(sympy.factor(expr))
        together = sympy.together(expr)
        if together != expr and ops <= 60:
            candidates.append(sympy.cancel(together))
        if ops <= 20 and expr.has(*_TRIG):
            candidates.append(sympy.trigsimp(expr))
    best = min(candidates, key=_size)
    return best if _size(best) < _size(expr) else expr


def terminating_decimal(value, most_digits: int | None = None):
    """A fraction whose decimal expansion ends (11/4, 3/10) as exactly that decimal (2.75, 0.3),
    a Float carrying just those digits; ``value`` itself when the expansion does not end or
    needs more than ``most_digits`` significant digits."""
    if not isinstance(value, sympy.Rational) or value.is_Integer:
        return value
    q = int(value.q)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    if q != 1:
        return value
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 60
        text = format((Decimal(int(value.p)) / Decimal(int(value.q))).normalize(), "f")
    digits = len(text.lstrip("-").replace(".", "").lstrip("0"))
    if most_digits is not None and digits > most_digits:
        return value
    return sympy.Float(text, max(digits, 1))
