"""Counting: combinations, permutations and factorials, with the formula and the arithmetic."""

from __future__ import annotations

import sympy

from ..rules import Rule
from ..steps import Solution, Step, Times

_SHOW_PRODUCT = 12


def _falling(n: int, k: int):
    """n·(n−1)···(n−k+1) written out when short."""
    factors = list(range(n, n - k, -1))
    return Times(*factors) if 1 < len(factors) <= _SHOW_PRODUCT else sympy.Integer(n)


def solve_counting(problem, statement) -> Solution:
    op = problem.data["operation"]
    n, k = int(problem.data["n"]), int(problem.data["k"])
    N, K = sympy.Integer(n), sympy.Integer(k)
    fact = sympy.factorial
    if op == "factorial":
        value = fact(N)
        shown = Times(*range(n, 0, -1)) if 1 < n <= _SHOW_PRODUCT else fact(N, evaluate=False)
        step = Step(Rule.FACTORIAL, fact(N, evaluate=False), value, {"n": N, "product": shown})
        display = fact(N, evaluate=False)
    elif op == "combinations":
        value = sympy.binomial(N, K)
        formula = Times(fact(N, evaluate=False),
                        sympy.Pow(Times(fact(K, evaluate=False), fact(N - K, evaluate=False)), -1, evaluate=False))
        shown = Times(_falling(n, k), sympy.Pow(Times(*range(k, 0, -1)) if 1 < k <= _SHOW_PRODUCT else fact(K),
                                                -1, evaluate=False)) if k else sympy.Integer(1)
        step = Step(Rule.COMBINATIONS, sympy.binomial(N, K, evaluate=False), value,
                    {"n": N, "k": K, "formula": formula, "shown": shown})
        display = sympy.binomial(N, K, evaluate=False)
    else:
        value = sympy.ff(N, K)
        formula = Times(fact(N, evaluate=False), sympy.Pow(fact(N - K, evaluate=False), -1, evaluate=False))
        step = Step(Rule.PERMUTATIONS, sympy.Function("P")(N, K), value,
                    {"n": N, "k": K, "formula": formula, "shown": _falling(n, k) if k else sympy.Integer(1)})
        display = sympy.Function("P")(N, K)
    return Solution(problem=problem, statement=display, answer=value, steps=(step,), assumptions=problem.notes,
                    answer_sympy=sympy.sstr(value), extra={"operation": op})
