"""Row reduction and what is read from it: rref, ref, rank, null space, independence,
singularity, the determinant and the inverse."""

from __future__ import annotations

import sympy

from ..render.math import machine, to_text
from ..rules import Rule
from ..steps import Minus, Plus, Solution, Step, Times
from .reduction import Matrix, clean, echelon_summary, is_zero, reduce_matrix, replace_step, swap_step


def _solution(problem, statement, answer, steps, assumptions=(), answer_sympy=None, **extra):
    return Solution(problem=problem, statement=statement, answer=answer, steps=tuple(steps),
                    assumptions=tuple(dict.fromkeys((*problem.notes, *assumptions))),
                    answer_sympy=answer_sympy if answer_sympy is not None else machine(answer), extra=extra)


def solve_rref(problem, statement) -> Solution:
    red = reduce_matrix(problem.expr, reduced=True, scale=True)
    steps = [*red.steps, echelon_summary(red, reduced=True)]
    return _solution(problem, statement, red.result, steps, red.assumptions)


def solve_ref(problem, statement) -> Solution:
    red = reduce_matrix(problem.expr, reduced=False, scale=False)
    steps = [*red.steps, echelon_summary(red, reduced=False)]
    notes = ["a row echelon form is not unique; this is the one Gaussian elimination (no scaling) gives",
             *red.assumptions]
    return _solution(problem, statement, red.result, steps, notes)


def _pivot_columns(red) -> str:
    return ", ".join(str(c + 1) for _, c in red.pivots) or "none"


def solve_rank(problem, statement) -> Solution:
    red = reduce_matrix(problem.expr, reduced=False, scale=False)
    rank = sympy.Integer(len(red.pivots))
    count = Step(Rule.COUNT_PIVOTS, red.result, rank,
                 {"columns": _pivot_columns(red), "conclusion": f"the rank is the number of pivots, {rank}"})
    return _solution(problem, statement, rank, [*red.steps, count], red.assumptions)


def null_space_basis(m: Matrix):
    """The reduction steps and the basis vectors of the null space of ``m``."""
    red = reduce_matrix(m, reduced=True, scale=True)
    pivot_cols = [c for _, c in red.pivots]
    free = [c for c in range(m.cols) if c not in pivot_cols]
    basis = []
    for f in free:
        v = [sympy.Integer(0)] * m.cols
        v[f] = sympy.Integer(1)
        for r, c in red.pivots:
            v[c] = clean(-red.result[r, f])
        basis.append(Matrix(v))
    names = [f"x{c + 1}" for c in free]
    if free:
        columns = ", ".join(str(c + 1) for c in free)
        one = len(free) == 1
        free_text = (f"column{'' if one else 's'} {columns} {'has' if one else 'have'} no pivot, so "
                     f"{', '.join(names)} {'is' if one else 'are'} free, and each pivot variable equals minus "
                     "the free variables times the entries of its row")
    else:
        free_text = "every column has a pivot, so the only solution is x = 0"
    step = Step(Rule.NULL_SPACE_BASIS, red.result, sympy.Tuple(*basis),
                {"free_text": free_text, "basis": sympy.Tuple(*basis) if basis else "{0} (only the zero vector)"})
    return red, basis, step


def solve_null_space(problem, statement) -> Solution:
    red, basis, step = null_space_basis(problem.expr)
    answer = sympy.Tuple(*basis)
    return _solution(problem, statement, answer, [*red.steps, step], red.assumptions,
                     answer_sympy="[" + ", ".join(machine(b) for b in basis) + "]")


def solve_independence(problem, statement) -> Solution:
    m = problem.expr
    red = reduce_matrix(m, reduced=False, scale=False)
    independent = len(red.pivots) == m.cols
    if independent:
        conclusion = (f"there is a pivot in every column ({_pivot_columns(red)}), so the only combination "
                      "giving 0 is the trivial one: the vectors are linearly independent")
    else:
        missing = [str(c + 1) for c in range(m.cols) if c not in [c for _, c in red.pivots]]
        conclusion = (f"column(s) {', '.join(missing)} have no pivot, so a nontrivial combination gives 0: "
                      "the vectors are linearly dependent")
    answer = sympy.true if independent else sympy.false
    step = Step(Rule.INDEPENDENCE_TEST, red.result, answer, {"conclusion": conclusion})
    return _solution(problem, statement, answer, [*red.steps, step], red.assumptions,
                     independent=independent)


# --------------------------------------------------------------------------- determinant
def determinant_steps(m: Matrix) -> tuple[list[Step], sympy.Expr]:
    n = m.rows
    if n == 1:
        value = m[0, 0]
        return [Step(Rule.DETERMINANT_1X1, sympy.Determinant(m), value, {})], value
    if n == 2:
        return _det_2x2(m)
    if n == 3:
        return _det_cofactor(m)
    return _det_elimination(m)


def _det_2x2(m: Matrix):
    a, b, c, d = m
    products = Plus(Times(a, d), Minus(Times(b, c)))
    value = clean(a * d - b * c)
    return [Step(Rule.DETERMINANT_2X2, sympy.Determinant(m), value, {"products": products})], value


def _det_cofactor(m: Matrix):
    """Expand along the row or column with the most zeros; each minor by the 2×2 formula."""
    lines = [("row", i, list(m.row(i))) for i in range(3)] + [("column", j, list(m.col(j))) for j in range(3)]
    kind, index, entries = max(lines, key=lambda line: sum(1 for e in line[2] if e == 0))
    terms, shown, numbers, substeps = [], [], [], []
    signs = []
    for k, entry in enumerate(entries):
        i, j = (index, k) if kind == "row" else (k, index)
        sign = (-1) ** (i + j)
        signs.append("+" if sign > 0 else "−")
        if entry == 0:
            continue
        minor = Matrix(m.minor_submatrix(i, j))
        minor_steps, minor_value = _det_2x2(minor)
        substeps.extend(minor_steps)
        terms.append(sign * entry * minor_value)
        term = Times(entry, sympy.Determinant(minor))
        shown.append(term if sign > 0 else Minus(term))
        with_value = Times(entry, minor_value)
        numbers.append(with_value if sign > 0 else Minus(with_value))
    value = clean(sympy.Add(*terms))
    expansion = Plus(*shown) if shown else sympy.Integer(0)
    combined = Plus(*numbers) if numbers else sympy.Integer(0)
    zeros = sum(1 for e in entries if e == 0)
    why = (f"which has the most zeros ({zeros})" if zeros else
           "as no row or column has a zero entry")
    step = Step(Rule.COFACTOR_EXPANSION, sympy.Determinant(m), value,
                {"line": f"{kind} {index + 1}", "why": why, "signs": " ".join(signs), "expansion": expansion,
                 "combined": combined},
                tuple(substeps))
    return [step], value


def _det_elimination(m: Matrix):
    current = m
    ops = []
    swaps = 0
    n = m.rows
    for c in range(n):
        pivot_row = next((k for k in range(c, n) if is_zero(current[k, c]) is not True), None)
        if pivot_row is None:
            continue
        if pivot_row != c:
            ops.append(swap_step(current, c, pivot_row, "the pivot position holds 0; a swap changes the sign"))
            current = ops[-1].after
            swaps += 1
        for k in range(c + 1, n):
            if is_zero(current[k, c]) is True:
                continue
            ops.append(replace_step(current, k, c, clean(-current[k, c] / current[c, c]),
                                    "a row replacement leaves the determinant unchanged"))
            current = ops[-1].after
    diagonal = [current[i, i] for i in range(n)]
    sign = (-1) ** swaps
    value = clean(sign * sympy.Mul(*diagonal))
    elimination = Step(Rule.DETERMINANT_BY_ELIMINATION, m, current,
                       {"swaps": swaps, "plural": "" if swaps == 1 else "s"}, tuple(ops))
    product = Times(*diagonal)
    final = Step(Rule.TRIANGULAR_DETERMINANT, sympy.Determinant(m), value,
                 {"product": product, "sign": sympy.Integer(sign), "triangular": current})
    return [elimination, final], value


def solve_determinant(problem, statement) -> Solution:
    steps, value = determinant_steps(problem.expr)
    return _solution(problem, statement, value, steps)


def solve_singular(problem, statement) -> Solution:
    steps, value = determinant_steps(problem.expr)
    singular = is_zero(value)
    if singular is None:
        return _solution(problem, statement, sympy.Eq(value, 0, evaluate=False), steps,
                         [f"the matrix is singular exactly when {to_text(value)} = 0"],
                         answer_sympy=sympy.sstr(sympy.Eq(value, 0)))
    if singular:
        verdict = Step(Rule.SINGULAR_MATRIX, sympy.Determinant(problem.expr), value,
                       {"reason": "Its determinant is 0", "matrix": problem.expr})
    else:
        verdict = Step(Rule.INVERTIBLE_MATRIX, sympy.Determinant(problem.expr), value,
                       {"det": value, "matrix": problem.expr})
    asks_invertible = problem.data.get("question") == "invertible"
    answer = sympy.true if bool(singular) != asks_invertible else sympy.false
    return _solution(problem, statement, answer, [*steps, verdict], singular=bool(singular))


# --------------------------------------------------------------------------- inverse
def solve_inverse(problem, statement) -> Solution:
    m = problem.expr
    n = m.rows
    augmented = Matrix.hstack(m, Matrix.eye(n))
    start = Step(Rule.AUGMENT_IDENTITY, m, augmented, {})
    red = reduce_matrix(augmented, reduced=True, scale=True, pivot_columns=n)
    left = red.result[:, :n]
    steps = [start, *red.steps]
    if len(red.pivots) < n or left != Matrix.eye(n):
        zero_row = next((r for r in range(n) if all(is_zero(e) is True for e in left.row(r))), None)
        reason = (f"Row {zero_row + 1} of the left block is all zeros, so it can never become the identity"
                  if zero_row is not None else "The left block cannot be reduced to the identity")
        steps.append(Step(Rule.SINGULAR_MATRIX, red.result, "no inverse", {"reason": reason, "matrix": m}))
        return _solution(problem, statement, "no inverse (the matrix is singular)", steps, red.assumptions,
                         answer_sympy="None", singular=True)
    inverse = Matrix(red.result[:, n:])
    steps.append(Step(Rule.READ_INVERSE, red.result, inverse, {}))
    if n == 2:
        det = clean(m.det())
        a, b, c, d = m
        formula = Matrix([[d, -b], [-c, a]]).applyfunc(lambda e: clean(e / det))
        steps.append(Step(Rule.ADJUGATE_FORMULA, sympy.Inverse(m), formula, {"det": det}))
    return _solution(problem, statement, inverse, steps, red.assumptions)
