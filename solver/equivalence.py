"""Is ``a == b`` as mathematics?  Decided cheaply first, numerically, then symbolically.

Shared by every engine's checks (``solver.verify`` and the families' ``checks`` modules).
"""

from __future__ import annotations

import random

import sympy

from .algebra import has_big_power

# Points chosen off the usual special values (0, ±1, π/2 …) and on both sides of 0.
_POOL = (0.3137, 0.4721, 0.6283, 0.7351, 0.8869, 1.2113, 1.5731, 2.1347, 2.7183, 3.4519, 4.1231, 5.3719,
         -0.3719, -0.6121, -1.4303, -2.2361, -3.1623, -4.6097)
_TRIALS = 16
_NEEDED = 4
_DIGITS = 30


def _evaluate(expr, point) -> complex | None:
    try:
        value = expr.xreplace(point).evalf(_DIGITS)
        if not value.is_number or value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            return None
        out = complex(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    if out != out or abs(out) == float("inf"):
        return None
    return out


def _real(expr, point) -> float | None:
    value = _evaluate(expr, point)
    if value is None or abs(value.imag) > 1e-12:
        return None
    return value.real


def in_real_domain(expr, point) -> bool:
    """Is ``expr`` defined as a real function at ``point``?  Every square root of a
    non-negative number, every logarithm of a positive one, arcsin within [−1, 1] …
    (|√x| is real at x = −2 only by passing through complex numbers: not in its domain)."""
    for node in sympy.preorder_traversal(expr):
        if node.is_Pow and not node.exp.is_integer:
            base = _real(node.base, point)
            if base is None or base < 0:
                return False
        elif isinstance(node, sympy.log):
            arg = _real(node.args[0], point)
            if arg is None or arg <= 0:
                return False
        elif isinstance(node, (sympy.asin, sympy.acos, sympy.atanh)):
            arg = _real(node.args[0], point)
            if arg is None or abs(arg) > 1:
                return False
        elif isinstance(node, (sympy.asec, sympy.acsc, sympy.acoth)):
            arg = _real(node.args[0], point)
            if arg is None or abs(arg) < 1:
                return False
        elif isinstance(node, sympy.acosh):
            arg = _real(node.args[0], point)
            if arg is None or arg < 1:
                return False
    value = _evaluate(expr, point)
    return value is not None and abs(value.imag) <= 1e-12


def _close(a: complex, b: complex) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def numeric_equal(a, b, pool: tuple[float, ...] = _POOL, domain=None) -> tuple[bool | None, str]:
    """True (agrees at enough points), False (a real counterexample), None (undecided).

    With ``domain`` (the function a derivative or an integral is about), only points where
    it is real-valued count: a real-variable identity says nothing where the function is
    complex (|√x| at x < 0)."""
    symbols = sorted((a.free_symbols | b.free_symbols | (domain.free_symbols if domain is not None else set())),
                     key=lambda s: s.name)
    if not symbols:
        va, vb = _evaluate(a, {}), _evaluate(b, {})
        if va is None or vb is None:
            return None, "could not evaluate"
        return (_close(va, vb), f"{va:.6g} vs {vb:.6g}")
    rng = random.Random(20261130)
    agree = 0
    for _ in range(_TRIALS):
        point = {s: sympy.Float(rng.choice(pool), _DIGITS) for s in symbols}
        if domain is not None and not in_real_domain(domain, point):
            continue
        va, vb = _evaluate(a, point), _evaluate(b, point)
        if va is None or vb is None:
            continue
        if _close(va, vb):
            agree += 1
            if agree >= _NEEDED:
                return True, f"agrees at {agree} points"
        elif abs(va.imag) < 1e-12 and abs(vb.imag) < 1e-12:
            where = ", ".join(f"{s} = {float(v):.4g}" for s, v in point.items())
            return False, f"differs at {where}: {va.real:.8g} vs {vb.real:.8g}"
    if domain is not None and agree == 0:
        # No point of the sample is in the function's real domain (atanh(sec x) has none):
        # the identity can only be checked as one between complex functions.
        verdict, detail = numeric_equal(a, b, pool, None)
        return verdict, detail + " (complex values: the real domain is empty on the sample)"
    return None, f"agrees at only {agree} points"


def equivalent(a, b, pool: tuple[float, ...] = _POOL, domain=None) -> tuple[bool, str, str]:
    """Is ``a == b`` as mathematics?  Returns (passed, method, detail)."""
    if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
        if not (isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase)) or a.shape != b.shape:
            return False, "shape", "shapes differ"
        results = [equivalent(x, y, pool, domain) for x, y in zip(a, b, strict=True)]
        bad = next((r for r in results if not r[0]), None)
        if bad:
            return bad
        methods = sorted({r[1] for r in results})
        return True, "+".join(methods), "entrywise"
    if a == b:
        return True, "identical", ""
    if not (isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr)):
        return False, "type", f"cannot compare {type(a).__name__} with {type(b).__name__}"
    difference = a - b
    if difference == 0:
        return True, "symbolic", "the difference cancels"
    if sympy.count_ops(difference) <= 40 and not has_big_power(difference):
        if sympy.expand(difference) == 0:
            return True, "symbolic", "the difference expands to 0"
    verdict, detail = numeric_equal(a, b, pool, domain)
    if verdict is not None:
        return verdict, "numeric", detail
    if sympy.simplify(difference) == 0:
        return True, "symbolic", "simplify(difference) = 0"
    return False, "undecided", "neither the numbers nor simplification could confirm it: " + detail


