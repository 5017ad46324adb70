"""Eigenvalues, eigenvectors and diagonalization: det(A − λI), its roots, null spaces."""

from __future__ import annotations

import sympy

from grammar import UnsupportedProblem

from ..render.math import machine, to_text
from ..rules import Rule
from ..steps import Solution, Step
from .matrices import _solution, determinant_steps, null_space_basis
from .reduction import Matrix, clean

LAMBDA = sympy.Symbol("lamda")  # sympy's spelling: prints as λ and reads back with sympify


def characteristic(m: Matrix) -> tuple[list[Step], sympy.Expr]:
    """Steps computing det(A − λI) and the expanded polynomial."""
    shifted = Matrix(m - LAMBDA * sympy.eye(m.rows))
    steps, value = determinant_steps(shifted)
    polynomial = sympy.expand(value)
    step = Step(Rule.CHARACTERISTIC_POLYNOMIAL, sympy.Determinant(shifted), polynomial,
                {"shifted": shifted}, tuple(steps))
    return [step], polynomial


def eigenvalues(m: Matrix) -> tuple[list[Step], dict]:
    steps, polynomial = characteristic(m)
    # Cubic and quartic formulas give nested complex radicals even for real roots (and take
    # minutes): only roots that factor out simply are worked exactly.
    roots = sympy.roots(sympy.Poly(polynomial, LAMBDA), cubics=False, quartics=False)
    if sum(roots.values()) != m.rows:
        raise UnsupportedProblem(
            "the characteristic polynomial has roots that cannot be written simply, so the eigenvalues "
            "are not worked exactly", hint="matrices whose characteristic polynomial factors into "
                                           "linear and quadratic pieces are supported")
    roots = dict(sorted(roots.items(), key=_order))
    factored = sympy.factor(polynomial, extension=None) if all(r.is_Rational for r in roots) else \
        sympy.Mul(*((LAMBDA - r) ** k for r, k in roots.items()), evaluate=False)
    listing = sympy.Tuple(*(sympy.Eq(LAMBDA, r, evaluate=False) for r in roots))
    mult = ", ".join(f"λ = {to_text(r)} (multiplicity {k})" for r, k in roots.items())
    steps.append(Step(Rule.EIGENVALUES_FROM_ROOTS, polynomial, listing,
                      {"factored": factored, "roots": mult, "polynomial": polynomial}))
    return steps, roots


def _order(item):
    value = item[0]
    try:
        return (0, float(sympy.re(value)), float(sympy.im(value)))
    except TypeError:
        return (1, 0.0, 0.0)


def eigenspaces(m: Matrix, roots: dict) -> tuple[list[Step], list]:
    steps, spaces = [], []
    for value, multiplicity in roots.items():
        shifted = Matrix((m - value * sympy.eye(m.rows)).applyfunc(clean))
        red, basis, basis_step = null_space_basis(shifted)
        defect = "" if len(basis) == multiplicity else (
            f"; λ = {to_text(value)} has algebraic multiplicity {multiplicity} but only {len(basis)} independent "
            f"eigenvector{'s' if len(basis) != 1 else ''}, so the matrix is defective (not diagonalizable)")
        steps.append(Step(Rule.EIGENSPACE, shifted, sympy.Tuple(*basis),
                          {"value": value, "shifted": shifted, "basis": sympy.Tuple(*basis), "matrix": m,
                           "defect": defect},
                          (*red.steps, basis_step)))
        spaces.append((value, multiplicity, basis))
    return steps, spaces


def solve_eigenvalues(problem, statement) -> Solution:
    steps, roots = eigenvalues(problem.expr)
    answer = sympy.Dict(roots)
    shown = sympy.Tuple(*(sympy.Eq(LAMBDA, r, evaluate=False) for r, k in roots.items() for _ in range(k)))
    return _solution(problem, statement, answer, steps,
                     answer_sympy="{" + ", ".join(f"{machine(k)}: {v}" for k, v in roots.items()) + "}",
                     shown_answer=shown)


def _eigen_machine_form(spaces) -> str:
    return "[" + ", ".join(
        f"({machine(v)}, {k}, [" + ", ".join(machine(b) for b in basis) + "])" for v, k, basis in spaces) + "]"


def solve_eigenvectors(problem, statement) -> Solution:
    steps, roots = eigenvalues(problem.expr)
    more, spaces = eigenspaces(problem.expr, roots)
    answer = sympy.Tuple(*(sympy.Tuple(v, k, sympy.Tuple(*basis)) for v, k, basis in spaces))
    shown = sympy.Tuple(*(sympy.Tuple(sympy.Eq(LAMBDA, v, evaluate=False), *basis) for v, _, basis in spaces))
    return _solution(problem, statement, answer, [*steps, *more], answer_sympy=_eigen_machine_form(spaces),
                     eigenspaces=spaces, shown_answer=shown)


def solve_diagonalize(problem, statement) -> Solution:
    m = problem.expr
    steps, roots = eigenvalues(m)
    more, spaces = eigenspaces(m, roots)
    steps += more
    for value, multiplicity, basis in spaces:
        if len(basis) < multiplicity:
            steps.append(Step(Rule.NOT_DIAGONALIZABLE, m, "not diagonalizable",
                              {"value": value, "algebraic": multiplicity, "geometric": len(basis), "matrix": m}))
            return _solution(problem, statement, "not diagonalizable", steps, answer_sympy="None",
                             diagonalizable=False)
    vectors = [v for _, _, basis in spaces for v in basis]
    P = Matrix.hstack(*vectors)
    D = Matrix(sympy.diag(*[value for value, _, basis in spaces for _ in basis]))
    answer = sympy.Tuple(P, D)
    steps.append(Step(Rule.DIAGONALIZATION, m, answer, {"n": len(vectors), "P": P, "D": D}))
    shown = sympy.Tuple(sympy.Eq(sympy.Symbol("P"), P, evaluate=False), sympy.Eq(sympy.Symbol("D"), D, evaluate=False))
    return _solution(problem, statement, answer, steps, answer_sympy=f"({machine(P)}, {machine(D)})",
                     diagonalizable=True, shown_answer=shown)


def solve_characteristic_polynomial(problem, statement) -> Solution:
    steps, polynomial = characteristic(problem.expr)
    return _solution(problem, statement, polynomial, steps)
