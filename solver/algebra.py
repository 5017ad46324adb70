"""Cheap, predictable tidying shared by every engine.

``simplify()`` costs 5–10× a derivative and can rewrite a result beyond recognition, so
the default path tries a few targeted rewrites and keeps the shortest.
"""

from __future__ import annotations

import sympy


def _size(expr) -> tuple[int, int]:
    return (sympy.count_ops(expr), len(sympy.sstr(expr)))


def tidy(expr):
    """The shortest of a few equivalent forms of ``expr`` (itself when nothing is shorter)."""
    if not isinstance(expr, sympy.Expr) or expr.is_Atom:
        return expr
    candidates = [expr]
    factored = sympy.factor_terms(expr)
    candidates.append(factored)
    together = sympy.together(expr)
    if together != expr:
        candidates.append(sympy.factor_terms(together))
        if sympy.count_ops(together) < 60:
            candidates.append(sympy.cancel(together))
    best = min(candidates, key=_size)
    return best if _size(best) < _size(expr) else expr
