"""Counting: combinations, permutations and factorials, with the formula and the arithmetic.

Every equality a sentence shows is true (the checks evaluate it): a short product is written
out, a long one is left as the formula's factorials or their values, never abbreviated into
something that is not equal."""

from __future__ import annotations

import math

import sympy

from ..rules import Rule
from ..steps import Solution, Step, Times

_SHOW_PRODUCT = 12
_SHOW_DIGITS = 40


def _product(top: int, count: int):
    """top·(top − 1)···(top − count + 1), written out (count ≤ _SHOW_PRODUCT)."""
    factors = list(range(top, top - count, -1))
    return Times(*factors) if len(factors) > 1 else sympy.Integer(factors[0] if factors else 1)


def _quotient(numerator, denominator):
    return numerator if denominator == 1 else Times(numerator, sympy.Pow(denominator, -1, evaluate=False))


def _combinations_shown(n: int, k: int, formula):
    """C(n, k) with the larger factorial cancelled: (10·9·8)/(3·2·1); for a long product the
    values of n!/(n − j)! and j! (j = min(k, n − k)), or the formula itself when they are huge."""
    j = min(k, n - k)
    if j == 0:
        return sympy.Integer(1)
    if j <= _SHOW_PRODUCT:
        return _quotient(_product(n, j), _product(j, j))
    top, bottom = math.perm(n, j), math.factorial(j)
    if len(str(top)) <= _SHOW_DIGITS:
        return _quotient(sympy.Integer(top), sympy.Integer(bottom))
    return formula


def _permutations_shown(n: int, k: int, formula):
    if k == 0:
        return sympy.Integer(1)
    if k <= _SHOW_PRODUCT:
        return _product(n, k)
    top, bottom = math.factorial(n), math.factorial(n - k)
    if len(str(top)) <= _SHOW_DIGITS:
        return _quotient(sympy.Integer(top), sympy.Integer(bottom))
    return formula


def solve_counting(problem, statement) -> Solution:
    op = problem.data["operation"]
    n, k = int(problem.data["n"]), int(problem.data["k"])
    N, K = sympy.Integer(n), sympy.Integer(k)
    fact = sympy.factorial
    if op == "factorial":
        value = fact(N)
        if n == 0:
            step = Step(Rule.ZERO_FACTORIAL, fact(N, evaluate=False), value, {"n": N})
        else:
            shown = _product(n, n) if n <= _SHOW_PRODUCT else fact(N, evaluate=False)
            step = Step(Rule.FACTORIAL, fact(N, evaluate=False), value, {"n": N, "product": shown})
        display = fact(N, evaluate=False)
    elif op == "combinations":
        value = sympy.binomial(N, K)
        formula = Times(fact(N, evaluate=False),
                        sympy.Pow(Times(fact(K, evaluate=False), fact(N - K, evaluate=False)), -1, evaluate=False))
        step = Step(Rule.COMBINATIONS, sympy.binomial(N, K, evaluate=False), value,
                    {"n": N, "k": K, "formula": formula, "shown": _combinations_shown(n, k, formula)})
        display = sympy.binomial(N, K, evaluate=False)
    else:
        value = sympy.ff(N, K)
        formula = Times(fact(N, evaluate=False), sympy.Pow(fact(N - K, evaluate=False), -1, evaluate=False))
        step = Step(Rule.PERMUTATIONS, sympy.Function("P")(N, K), value,
                    {"n": N, "k": K, "formula": formula, "shown": _permutations_shown(n, k, formula)})
        display = sympy.Function("P")(N, K)
    return Solution(problem=problem, statement=display, answer=value, steps=(step,), assumptions=problem.notes,
                    answer_sympy=sympy.sstr(value), extra={"operation": op})
