"""Problem -> verified Solution.  ``solve`` is the one entry point for every engine."""

from __future__ import annotations

from grammar import DEFAULT_LIMITS, Limits, Problem, UnsupportedProblem, parse

from . import linalg, multivariable, probability, statistics
from .calculus import derivative, integral
from .steps import Check, Solution, Step, Verification
from .verify import verify

__all__ = ["solve", "statement", "Solution", "Step", "Check", "Verification", "ENGINES"]

# kind -> engine module (its ``solve(problem)`` and ``statement(problem)``).  A new engine
# adds its kinds here and its answer check in verify.py.
ENGINES = {
    "derivative": derivative,
    "partial_derivative": derivative,
    "integral": integral,
    "definite_integral": integral,
    **dict.fromkeys(linalg.KINDS, linalg),
    **dict.fromkeys(probability.KINDS, probability),
    **dict.fromkeys(statistics.KINDS, statistics),
    **dict.fromkeys(multivariable.KINDS, multivariable),
}

_EXAMPLES = "derivative of x^2 sin x, integrate x e^x dx, integral of 1/(x^2 - 1) from 2 to 3 dx"


def solve(problem: str | Problem, limits: Limits = DEFAULT_LIMITS) -> Solution:
    """Parse (if given text), solve with the engine of the problem's kind, and verify."""
    if isinstance(problem, str):
        problem = parse(problem, limits)
    engine = ENGINES.get(problem.kind)
    if engine is None:
        if problem.kind == "expression":
            raise UnsupportedProblem(
                "I read an expression but no question about it",
                hint=f"say what to do with it, for example: {_EXAMPLES}")
        raise UnsupportedProblem(f"problems of kind '{problem.kind}' are not supported yet",
                                 hint=f"try: {_EXAMPLES}")
    solution = engine.solve(problem)
    return solution.with_verification(verify(solution))


def statement(problem: Problem):
    """The problem as one formula, for showing how it was understood."""
    engine = ENGINES.get(problem.kind)
    return engine.statement(problem) if engine is not None else problem.expr
