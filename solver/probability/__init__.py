"""Probability: distributions, moments, event rules and Bayes' theorem, counting."""

from __future__ import annotations

from . import counting, engine, events, quantile

_SOLVERS = {
    "distribution_probability": engine.solve_distribution_probability,
    "moment": engine.solve_moment,
    "quantile": quantile.solve_quantile,
    "probability_rules": events.solve_rules,
    "bayes": events.solve_rules,
    "counting": counting.solve_counting,
}
KINDS = tuple(_SOLVERS)


def statement(problem):
    """Shown before solving (``/parse``); the solution's own statement is more precise."""
    import sympy

    return sympy.Symbol(problem.kind)


def solve(problem):
    return _SOLVERS[problem.kind](problem, None)
