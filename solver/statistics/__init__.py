"""Statistics: descriptive statistics, covariance and correlation, confidence intervals,
hypothesis tests and maximum likelihood — one ``solve``/``statement`` pair for the family."""

from __future__ import annotations

from grammar import Problem

from ..steps import Solution
from . import descriptive, inference, mle

_SOLVERS = {
    "descriptive_statistics": (descriptive.statement, descriptive.solve_descriptive),
    "two_variable_statistics": (descriptive.statement, descriptive.solve_two_variable),
    "confidence_interval": (inference.statement_interval, inference.solve_interval),
    "hypothesis_test": (inference.statement_test, inference.solve_test),
    "mle": (mle.statement, mle.solve_mle),
}
KINDS = tuple(_SOLVERS)


def statement(problem: Problem):
    """The problem as a formula: mean(1, 2, 3), CI(μ, level = 0.95, …), ttest(…, μ ≠ 2, α = 0.05) …"""
    return _SOLVERS[problem.kind][0](problem)


def solve(problem: Problem) -> Solution:
    return _SOLVERS[problem.kind][1](problem, statement(problem))
