"""Linear systems through the augmented matrix: one solution, none, or infinitely many."""

from __future__ import annotations

import sympy
from sympy.solvers.solveset import NonlinearError

from grammar import InvalidArgument

from ..render.math import to_text
from ..rules import Rule
from ..steps import Solution, Step
from .matrices import _solution
from .reduction import Matrix, clean, is_zero, reduce_matrix


def coefficients(equations, unknowns):
    """(A, b) of A x = b, or a clear refusal for a non-linear equation."""
    try:
        A, b = sympy.linear_eq_to_matrix([e.lhs - e.rhs for e in equations], list(unknowns))
    except (NonlinearError, sympy.PolynomialError):
        bad = next((e for e in equations if not _linear(e.lhs - e.rhs, unknowns)), equations[0])
        shown = f"{to_text(bad.lhs)} = {to_text(bad.rhs)}"
        raise InvalidArgument(f"{shown} is not a linear equation",
                              hint="this solver handles linear systems: each unknown to the first power, "
                                   "no products of unknowns") from None
    return Matrix(A), Matrix(b)


def _linear(expr, unknowns) -> bool:
    try:
        return sympy.Poly(expr, *unknowns).total_degree() <= 1
    except sympy.PolynomialError:
        return False


def solve_system(problem, statement) -> Solution:
    equations = list(problem.expr)
    unknowns = list(problem.data["unknowns"])
    if not unknowns:
        raise InvalidArgument("the equations have no unknowns", hint="for example: solve x + y = 3, x - y = 1")
    A, b = coefficients(equations, unknowns)
    n = len(unknowns)
    augmented = Matrix.hstack(A, b)
    names = ", ".join(str(u) for u in unknowns)
    steps = [Step(Rule.AUGMENTED_MATRIX, sympy.Tuple(*equations), augmented,
                  {"unknowns": names, "system": augmented, "equations": sympy.Tuple(*equations),
                   "unknown_symbols": sympy.Tuple(*unknowns)})]
    red = reduce_matrix(augmented, reduced=True, scale=True, pivot_columns=n)
    steps += red.steps
    reduced = red.result
    for r in range(reduced.rows):
        if all(is_zero(e) is True for e in reduced.row(r)[:n]) and is_zero(reduced[r, n]) is False:
            equation = sympy.Eq(sympy.Integer(0), reduced[r, n], evaluate=False)
            steps.append(Step(Rule.INCONSISTENT_SYSTEM, reduced, sympy.EmptySet,
                              {"row": r + 1, "equation": equation, "row_index": r, "columns": n}))
            return _solution(problem, statement, sympy.EmptySet, steps, red.assumptions,
                             answer_sympy="EmptySet", solutions="none")
    pivot_cols = {c: r for r, c in red.pivots}
    free = [unknowns[c] for c in range(n) if c not in pivot_cols]
    solution = {}
    for c, r in sorted(pivot_cols.items()):
        value = reduced[r, n] - sum((reduced[r, f] * unknowns[f] for f in range(n) if f not in pivot_cols),
                                    sympy.Integer(0))
        solution[unknowns[c]] = clean(value)
    for f in free:
        solution[f] = f
    shown = sympy.Tuple(*(sympy.Eq(u, solution[u], evaluate=False) for u in unknowns))
    answer = sympy.Dict({u: solution[u] for u in unknowns})
    machine = "{" + ", ".join(f"{u}: {sympy.sstr(solution[u])}" for u in unknowns) + "}"
    if free:
        free_names = ", ".join(str(f) for f in free)
        steps.append(Step(Rule.PARAMETRIC_SOLUTION, reduced, answer,
                          {"free": free_names, "are": "is" if len(free) == 1 else "are",
                           "columns": "column" if len(free) == 1 else "columns", "solution": shown,
                           "equations": sympy.Tuple(*equations)}))
        readable = sympy.Tuple(*(sympy.Eq(u, solution[u], evaluate=False) for u in unknowns if u not in free),
                               *(sympy.Contains(f, sympy.Reals, evaluate=False) for f in free))
        return _solution(problem, statement, answer, steps, red.assumptions, answer_sympy=machine,
                         solutions="infinite", shown_answer=readable)
    steps.append(Step(Rule.READ_SOLUTION, reduced, answer, {"solution": shown, "equations": sympy.Tuple(*equations)}))
    return _solution(problem, statement, answer, steps, red.assumptions, answer_sympy=machine, solutions="one",
                     shown_answer=shown)
