"""Independent checks for linear algebra steps and answers.

Row operations are re-applied from their recorded parts; grouped steps must chain; forms
are checked structurally; every answer is compared with sympy's own routines (``rref``,
``det`` by Berkowitz, ``eigenvals``, ``rank``) or substituted back (A·A⁻¹ = I, Av = λv,
solutions into the equations).
"""

from __future__ import annotations

import sympy

from ..equivalence import equivalent
from ..rules import Rule
from ..steps import Check, Step

Matrix = sympy.ImmutableMatrix


def _result(path, step_or_rule, passed, method, detail=""):
    rule = step_or_rule.rule.value if isinstance(step_or_rule, Step) else step_or_rule
    return Check(path, rule, bool(passed), method, detail)


def _same(a, b) -> tuple[bool, str, str]:
    return equivalent(sympy.ImmutableMatrix(a) if isinstance(a, sympy.MatrixBase) else a,
                      sympy.ImmutableMatrix(b) if isinstance(b, sympy.MatrixBase) else b)


def _zero(value) -> bool:
    return equivalent(sympy.sympify(value), sympy.Integer(0))[0]


# ----------------------------------------------------------------------------- steps
def check_row_operation(path, step, memo):
    """Re-apply the recorded operation to ``before`` by hand and compare with ``after``."""
    p = step.parts
    rows = [list(step.before.row(k)) for k in range(step.before.rows)]
    if p["op"] == "swap":
        rows[p["i"]], rows[p["j"]] = rows[p["j"]], rows[p["i"]]
    elif p["op"] == "scale":
        if _zero(p["factor"]):
            return _result(path, step, False, "reapply", "scaling by 0 is not a row operation")
        rows[p["i"]] = [p["factor"] * e for e in rows[p["i"]]]
    else:
        if p["i"] == p["j"]:
            return _result(path, step, False, "reapply", "a row replacement must use another row")
        rows[p["i"]] = [a + p["factor"] * b for a, b in zip(rows[p["i"]], rows[p["j"]], strict=True)]
    passed, method, detail = _same(Matrix(rows), step.after)
    return _result(path, step, passed, "reapply-" + method, detail)


def check_chain(path, step, memo):
    """A group of operations: each starts where the last ended, from ``before`` to ``after``."""
    subs = step.substeps
    if not subs:
        passed = step.before == step.after
        return _result(path, step, passed, "chain", "no operation needed" if passed else "changed with no step")
    links = [step.before == subs[0].before, subs[-1].after == step.after]
    links += [a.after == b.before for a, b in zip(subs, subs[1:], strict=False)]
    return _result(path, step, all(links), "chain", "each operation starts where the previous ended")


def is_echelon(m: Matrix, reduced: bool) -> bool:
    last = -1
    zero_seen = False
    for r in range(m.rows):
        row = [sympy.simplify(e) for e in m.row(r)]
        lead = next((c for c, e in enumerate(row) if e != 0), None)
        if lead is None:
            zero_seen = True
            continue
        if zero_seen or lead <= last:
            return False
        if reduced:
            if row[lead] != 1 or any(sympy.simplify(m[k, lead]) != 0 for k in range(m.rows) if k != r):
                return False
        last = lead
    return True


def check_echelon_form(path, step, memo):
    reduced = step.parts["form"].startswith("Reduced")
    return _result(path, step, is_echelon(step.after, reduced), "structure",
                   "leading entries step right, zero rows at the bottom"
                   + (", pivots 1 with zeros above and below" if reduced else ""))


def check_augmented(path, step, memo):
    equations, unknowns, m = step.parts["equations"], step.parts["unknown_symbols"], step.after
    n = len(unknowns)
    for i, eq in enumerate(equations):
        row = sum((m[i, j] * unknowns[j] for j in range(n)), sympy.Integer(0)) - m[i, n]
        passed, method, detail = equivalent(row, eq.lhs - eq.rhs)
        if not passed:
            return _result(path, step, False, method, f"row {i + 1} does not match equation {i + 1}: {detail}")
    return _result(path, step, m.rows == len(equations), "rows-match-equations")


def check_solution_substituted(path, step, memo):
    solution = dict(step.after)
    for eq in step.parts["equations"]:
        residual = (eq.lhs - eq.rhs).xreplace(solution)
        passed, method, detail = equivalent(residual, sympy.Integer(0))
        if not passed:
            return _result(path, step, False, "substitute-" + method, f"{sympy.sstr(eq)} fails: {detail}")
    return _result(path, step, True, "substitute", "every equation holds")


def check_inconsistent(path, step, memo):
    row = list(step.before.row(step.parts["row_index"]))
    n = step.parts["columns"]
    passed = all(_zero(e) for e in row[:n]) and not _zero(row[n])
    return _result(path, step, passed, "structure", "0 = nonzero in the reduced augmented matrix")


def check_augment_identity(path, step, memo):
    m, after = step.before, step.after
    n = m.rows
    passed = after[:, :n] == m and after[:, n:] == sympy.eye(n)
    return _result(path, step, passed, "structure", "[A | I]")


def check_read_inverse(path, step, memo):
    n = step.before.rows
    passed = step.before[:, :n] == sympy.eye(n) and step.before[:, n:] == step.after
    return _result(path, step, passed, "structure", "the left block is I")


def _det(m):
    return Matrix(m).det(method="berkowitz")


def check_cofactor(path, step, memo):
    """The expansion's value is the determinant (Berkowitz, independently), and the numbers
    shown in the sentence (entry × minor, signed) add up to it."""
    m = step.before.arg
    det = m.det(method="berkowitz")
    shown = _carried_out(step.parts["combined"])
    passed = equivalent(det, step.after)[0] and equivalent(shown, step.after)[0]
    return _result(path, step, passed, "berkowitz-det", f"det = {sympy.sstr(det)}, shown sum = {sympy.sstr(shown)}")


def _carried_out(e):
    """Arithmetic shown as written (``Plus``/``Times``/``Minus``) carried out."""
    return e.doit() if hasattr(e, "doit") else e


def check_singular(path, step, memo):
    det = _det(step.parts["matrix"])
    return _result(path, step, _zero(det), "berkowitz-det", f"det = {sympy.sstr(det)}")


def check_invertible(path, step, memo):
    det = _det(step.parts["matrix"])
    passed = not _zero(det) and equivalent(det, step.after)[0]
    return _result(path, step, passed, "berkowitz-det", f"det = {sympy.sstr(det)}")


def check_count_pivots(path, step, memo):
    rank = Matrix(step.before).rank(simplify=True)
    return _result(path, step, rank == step.after, "sympy-rank", f"rank {rank}")


def _null_space_ok(m: Matrix, basis) -> tuple[bool, str]:
    for v in basis:
        product = Matrix(m * Matrix(v))
        if not all(_zero(e) for e in product) or all(_zero(e) for e in v):
            return False, f"{sympy.sstr(v)} is not a nonzero solution of A v = 0"
    expected = m.cols - Matrix(m).rank(simplify=True)
    if len(basis) != expected:
        return False, f"{len(basis)} vectors for a null space of dimension {expected}"
    if basis and Matrix.hstack(*[Matrix(v) for v in basis]).rank(simplify=True) != len(basis):
        return False, "the basis vectors are dependent"
    return True, "A v = 0 for each, independent, dimension n − rank"


def check_null_space(path, step, memo):
    passed, detail = _null_space_ok(step.before, list(step.after))
    return _result(path, step, passed, "substitute", detail)


def check_independence(path, step, memo):
    m = Matrix(step.before)
    independent = m.rank(simplify=True) == m.cols
    return _result(path, step, (step.after == sympy.true) == independent, "sympy-rank")


def check_eigen_roots(path, step, memo):
    from .eigen import LAMBDA

    polynomial = step.before
    lam = LAMBDA
    roots = [eq.rhs for eq in step.after]
    for r in roots:
        if not _zero(polynomial.xreplace({lam: r})):
            return _result(path, step, False, "substitute", f"{sympy.sstr(r)} is not a root")
    expected = sympy.roots(sympy.Poly(polynomial, lam))
    passed = len(expected) == len(roots)
    return _result(path, step, passed, "substitute", "each value is a root; all roots listed")


def check_eigenspace(path, step, memo):
    m, value = step.parts["matrix"], step.parts["value"]
    basis = list(step.after)
    for v in basis:
        residual = Matrix(m * Matrix(v) - value * Matrix(v))
        if not all(_zero(e) for e in residual) or all(_zero(e) for e in v):
            return _result(path, step, False, "substitute", f"A v ≠ λ v for v = {sympy.sstr(v)}")
    shifted = Matrix(m - value * sympy.eye(m.rows))
    expected = m.cols - shifted.rank(simplify=True)
    return _result(path, step, len(basis) == expected, "substitute", "A v = λ v; dimension n − rank(A − λI)")


def check_diagonalization(path, step, memo):
    P, D = step.after
    passed, method, detail = _same(Matrix(P * D * P.inv()), step.before)
    return _result(path, step, passed, "P·D·P⁻¹-" + method, detail)


def check_not_diagonalizable(path, step, memo):
    m = sympy.Matrix(step.parts["matrix"])
    return _result(path, step, not m.is_diagonalizable(), "sympy-is_diagonalizable")


STEP_CHECKS = {
    Rule.ROW_SWAP: check_row_operation,
    Rule.ROW_SCALE: check_row_operation,
    Rule.ROW_REPLACE: check_row_operation,
    Rule.PIVOT: check_chain,
    Rule.BACK_ELIMINATION: check_chain,
    Rule.DETERMINANT_BY_ELIMINATION: check_chain,
    Rule.ECHELON_FORM: check_echelon_form,
    Rule.AUGMENTED_MATRIX: check_augmented,
    Rule.READ_SOLUTION: check_solution_substituted,
    Rule.PARAMETRIC_SOLUTION: check_solution_substituted,
    Rule.INCONSISTENT_SYSTEM: check_inconsistent,
    Rule.AUGMENT_IDENTITY: check_augment_identity,
    Rule.READ_INVERSE: check_read_inverse,
    Rule.SINGULAR_MATRIX: check_singular,
    Rule.COFACTOR_EXPANSION: check_cofactor,
    Rule.INVERTIBLE_MATRIX: check_invertible,
    Rule.COUNT_PIVOTS: check_count_pivots,
    Rule.NULL_SPACE_BASIS: check_null_space,
    Rule.INDEPENDENCE_TEST: check_independence,
    Rule.EIGENVALUES_FROM_ROOTS: check_eigen_roots,
    Rule.EIGENSPACE: check_eigenspace,
    Rule.DIAGONALIZATION: check_diagonalization,
    Rule.NOT_DIAGONALIZABLE: check_not_diagonalizable,
}


# ----------------------------------------------------------------------------- answers
def _answer(passed, method, detail=""):
    return Check("answer", "answer", bool(passed), method, detail)


def _matrix(solution) -> Matrix:
    return Matrix(solution.problem.expr)


def answer_rref(solution):
    expected = Matrix(sympy.Matrix(_matrix(solution)).rref(simplify=True)[0])
    passed, method, detail = _same(solution.answer, expected)
    return _answer(passed, "sympy-rref-" + method, detail)


def answer_ref(solution):
    m = _matrix(solution)
    same_rows = Matrix(sympy.Matrix(solution.answer).rref(simplify=True)[0]) == \
        Matrix(sympy.Matrix(m).rref(simplify=True)[0])
    return _answer(is_echelon(solution.answer, reduced=False) and same_rows, "structure+sympy-rref",
                   "an echelon form with the same reduced form as the input")


def answer_rank(solution):
    rank = _matrix(solution).rank(simplify=True)
    return _answer(rank == solution.answer, "sympy-rank", f"rank {rank}")


def answer_null_space(solution):
    passed, detail = _null_space_ok(_matrix(solution), list(solution.answer))
    return _answer(passed, "substitute", detail)


def answer_independence(solution):
    m = _matrix(solution)
    return _answer((solution.answer == sympy.true) == (m.rank(simplify=True) == m.cols), "sympy-rank")


def answer_determinant(solution):
    passed, method, detail = equivalent(_det(_matrix(solution)), solution.answer)
    return _answer(passed, "berkowitz-" + method, detail)


def answer_singular(solution):
    det = _det(_matrix(solution))
    if isinstance(solution.answer, sympy.Eq):
        return _answer(equivalent(solution.answer.lhs, det)[0], "berkowitz", "singular exactly when det = 0")
    singular = _zero(det)
    asked_invertible = solution.problem.data.get("question") == "invertible"
    return _answer((solution.answer == sympy.true) == (singular != asked_invertible), "berkowitz",
                   f"det = {sympy.sstr(det)}")


def answer_inverse(solution):
    m = _matrix(solution)
    if not isinstance(solution.answer, sympy.MatrixBase):
        return _answer(_zero(_det(m)), "berkowitz", "no inverse exactly when det = 0")
    passed, method, detail = _same(Matrix(m * solution.answer), sympy.eye(m.rows))
    return _answer(passed, "A·A⁻¹=I-" + method, detail)


def _spectrum_ok(m, values: dict) -> tuple[bool, str]:
    expected = sympy.Matrix(m).eigenvals()
    if sum(values.values()) != sum(expected.values()):
        return False, "multiplicities do not add up to n"
    for value, k in expected.items():
        match = [v for v in values if equivalent(sympy.sympify(v), value)[0]]
        if len(match) != 1 or values[match[0]] != k:
            return False, f"eigenvalue {sympy.sstr(value)} (multiplicity {k}) not matched"
    return True, "sympy eigenvals agree"


def answer_eigenvalues(solution):
    passed, detail = _spectrum_ok(_matrix(solution), dict(solution.answer))
    return _answer(passed, "sympy-eigenvals", detail)


def answer_eigenvectors(solution):
    m = _matrix(solution)
    values = {}
    for value, k, basis in solution.answer:
        values[value] = k
        for v in basis:
            residual = Matrix(m * Matrix(v) - value * Matrix(v))
            if not all(_zero(e) for e in residual):
                return _answer(False, "substitute", f"A v ≠ λ v for λ = {sympy.sstr(value)}")
    passed, detail = _spectrum_ok(m, values)
    return _answer(passed, "substitute+sympy-eigenvals", detail)


def answer_diagonalize(solution):
    m = _matrix(solution)
    if not isinstance(solution.answer, sympy.Tuple):
        return _answer(not sympy.Matrix(m).is_diagonalizable(), "sympy-is_diagonalizable")
    P, D = solution.answer
    passed, method, detail = _same(Matrix(P * D * P.inv()), m)
    return _answer(passed, "P·D·P⁻¹-" + method, detail)


def answer_characteristic(solution):
    from .eigen import LAMBDA

    m = _matrix(solution)
    lam = LAMBDA
    expected = (-1) ** m.rows * sympy.Matrix(m).charpoly(lam).as_expr()
    passed, method, detail = equivalent(solution.answer, expected)
    return _answer(passed, "sympy-charpoly-" + method, detail)


def answer_evaluate(solution):
    expected = solution.statement.doit()
    if isinstance(expected, sympy.MatrixExpr) and not isinstance(expected, sympy.MatrixBase):
        expected = Matrix(expected.as_explicit())
    passed, method, detail = _same(solution.answer, expected)
    return _answer(passed, "sympy-" + method, detail)


def answer_dot(solution):
    u, v = solution.problem.expr, solution.problem.data["other"]
    passed, method, detail = equivalent(Matrix(u).dot(Matrix(v)), solution.answer)
    return _answer(passed, "sympy-dot-" + method, detail)


def answer_norm(solution):
    passed, method, detail = equivalent(sympy.Matrix(solution.problem.expr).norm(), solution.answer)
    return _answer(passed, "sympy-norm-" + method, detail)


def answer_system(solution):
    equations = list(solution.problem.expr)
    unknowns = list(solution.problem.data["unknowns"])
    if solution.answer == sympy.EmptySet:
        return _answer(sympy.linsolve(equations, unknowns) == sympy.EmptySet, "sympy-linsolve", "no solution")
    step = Step(Rule.READ_SOLUTION, None, solution.answer, {"equations": sympy.Tuple(*equations)})
    check = check_solution_substituted("answer", step, {})
    if not check.passed:
        return _answer(False, check.method, check.detail)
    free = [u for u in unknowns if solution.answer[u] == u]
    expected_free = len(unknowns) - Matrix(sympy.linear_eq_to_matrix(
        [e.lhs - e.rhs for e in equations], unknowns)[0]).rank()
    return _answer(len(free) == expected_free, "substitute+rank",
                   f"every equation holds; {len(free)} free unknown(s)")


ANSWER_CHECKS = {
    "rref": answer_rref,
    "ref": answer_ref,
    "rank": answer_rank,
    "null_space": answer_null_space,
    "linear_independence": answer_independence,
    "determinant": answer_determinant,
    "singular": answer_singular,
    "inverse": answer_inverse,
    "eigenvalues": answer_eigenvalues,
    "eigenvectors": answer_eigenvectors,
    "diagonalize": answer_diagonalize,
    "characteristic_polynomial": answer_characteristic,
    "matrix_arithmetic": answer_evaluate,
    "transpose": answer_evaluate,
    "dot_product": answer_dot,
    "norm": answer_norm,
    "linear_system": answer_system,
}
