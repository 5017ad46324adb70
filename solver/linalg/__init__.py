"""Linear algebra: one ``solve``/``statement`` pair for every kind of the family."""

from __future__ import annotations

import sympy

from . import arithmetic, eigen, matrices, systems

_SOLVERS = {
    "rref": matrices.solve_rref,
    "ref": matrices.solve_ref,
    "rank": matrices.solve_rank,
    "null_space": matrices.solve_null_space,
    "linear_independence": matrices.solve_independence,
    "determinant": matrices.solve_determinant,
    "singular": matrices.solve_singular,
    "inverse": matrices.solve_inverse,
    "eigenvalues": eigen.solve_eigenvalues,
    "eigenvectors": eigen.solve_eigenvectors,
    "diagonalize": eigen.solve_diagonalize,
    "characteristic_polynomial": eigen.solve_characteristic_polynomial,
    "matrix_arithmetic": arithmetic.solve_arithmetic,
    "transpose": arithmetic.solve_transpose,
    "dot_product": arithmetic.solve_dot,
    "norm": arithmetic.solve_norm,
    "linear_system": systems.solve_system,
}
KINDS = tuple(_SOLVERS)

_OPERATORS = {kind: sympy.Function(name) for kind, name in (
    ("rref", "rref"), ("ref", "ref"), ("rank", "rank"), ("null_space", "null"),
    ("linear_independence", "independent"), ("singular", "singular"), ("eigenvalues", "eigenvalues"),
    ("eigenvectors", "eigenvectors"), ("diagonalize", "diagonalize"), ("norm", "norm"),
)}


def statement(problem):
    """The problem as a formula: rref(A), det(A), A⁻¹, the system, u·v …"""
    m = problem.expr
    kind = problem.kind
    if kind == "determinant":
        return sympy.Determinant(m)
    if kind == "inverse":
        return sympy.Inverse(m)
    if kind == "transpose":
        return sympy.Transpose(m)
    if kind == "characteristic_polynomial":
        return sympy.Determinant(sympy.ImmutableMatrix(m - eigen.LAMBDA * sympy.eye(m.rows)))
    if kind in ("matrix_arithmetic", "linear_system"):
        return m
    if kind == "dot_product":
        return sympy.Function("dot")(m, problem.data["other"])
    if kind == "linear_independence":
        return _OPERATORS[kind](*problem.data["vectors"])
    return _OPERATORS[kind](m)


def solve(problem):
    return _SOLVERS[problem.kind](problem, statement(problem))
