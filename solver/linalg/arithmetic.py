"""Matrix and vector arithmetic: products (entry by entry for small ones), sums, scalar
multiples, powers, inverses and transposes inside expressions, dot products, norms."""

from __future__ import annotations

import sympy

from ..rules import Rule
from ..steps import Plus, Solution, Step, Times
from .matrices import _solution, solve_inverse
from .reduction import Matrix, clean

_SHOW_ENTRIES = 9  # entry-by-entry steps only for results up to 3×3


def _shape(m) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"


def product_step(a: Matrix, b: Matrix) -> Step:
    result = Matrix((a * b).applyfunc(clean))
    substeps = []
    if result.rows * result.cols <= _SHOW_ENTRIES:
        for i in range(result.rows):
            for j in range(result.cols):
                terms = [Times(a[i, k], b[k, j]) for k in range(a.cols)]
                expansion = Plus(*terms) if len(terms) > 1 else terms[0]
                substeps.append(Step(Rule.ENTRY_PRODUCT, expansion, result[i, j],
                                     {"i": i + 1, "j": j + 1, "expansion": expansion}))
    return Step(Rule.MATRIX_PRODUCT, sympy.MatMul(a, b), result,
                {"left_shape": _shape(a), "right_shape": _shape(b), "result_shape": _shape(result)},
                tuple(substeps))


def evaluate(expr, steps: list[Step], assumptions: list[str] | None = None) -> Matrix | sympy.Expr:
    """Evaluate a matrix expression inside out, one named step per operation; what an inner
    step assumes (a symbolic pivot ≠ 0) is added to ``assumptions``."""
    if assumptions is None:
        assumptions = []
    if isinstance(expr, sympy.MatrixBase) or not isinstance(expr, sympy.MatrixExpr):
        return expr
    if isinstance(expr, sympy.MatMul):
        scalars = [a for a in expr.args if not isinstance(a, sympy.MatrixExpr)]
        matrices = [evaluate(a, steps, assumptions) for a in expr.args if isinstance(a, sympy.MatrixExpr)]
        current = matrices[0]
        for other in matrices[1:]:
            step = product_step(current, other)
            steps.append(step)
            current = step.after
        if scalars:
            c = sympy.Mul(*scalars)
            scaled = Matrix(current.applyfunc(lambda e: clean(c * e)))
            steps.append(Step(Rule.SCALAR_MULTIPLE, sympy.MatMul(c, current), scaled, {"scalar": c}))
            current = scaled
        return current
    if isinstance(expr, sympy.MatAdd):
        terms = [evaluate(a, steps, assumptions) for a in expr.args]
        total = terms[0]
        for other in terms[1:]:
            result = Matrix((total + other).applyfunc(clean))
            steps.append(Step(Rule.MATRIX_SUM, sympy.MatAdd(total, other), result, {}))
            total = result
        return total
    if isinstance(expr, sympy.Transpose):
        inner = evaluate(expr.arg, steps, assumptions)
        result = Matrix(inner.T)
        steps.append(Step(Rule.TRANSPOSE, sympy.Transpose(inner), result, {}))
        return result
    if isinstance(expr, sympy.Inverse):
        inner = evaluate(expr.arg, steps, assumptions)
        from grammar import Problem
        sub = solve_inverse(Problem(kind="inverse", text="", expr=inner), sympy.Inverse(inner))
        if not isinstance(sub.answer, sympy.MatrixBase):
            from grammar import InvalidArgument
            raise InvalidArgument("the matrix is singular, so it has no inverse",
                                  hint="ask 'inverse of …' to see why")
        steps.extend(sub.steps)
        assumptions.extend(sub.assumptions)
        return sub.answer
    if isinstance(expr, sympy.MatPow):
        base = evaluate(expr.base, steps, assumptions)
        n = int(expr.exp)
        if n == 0:
            identity = sympy.ImmutableMatrix.eye(base.rows)
            steps.append(Step(Rule.MATRIX_POWER, sympy.MatPow(base, 0), identity, {"n": 0}))
            return identity
        current = base
        products = []
        for _ in range(n - 1):
            step = product_step(current, base)
            products.append(step)
            current = step.after
        steps.append(Step(Rule.MATRIX_POWER, sympy.MatPow(base, n), current, {"n": n}, tuple(products)))
        return current
    return Matrix(expr.doit())


def solve_arithmetic(problem, statement) -> Solution:
    steps: list[Step] = []
    assumptions: list[str] = []
    result = evaluate(problem.expr, steps, assumptions)
    return _solution(problem, statement, result, steps, assumptions)


def solve_transpose(problem, statement) -> Solution:
    m = problem.expr
    result = Matrix(m.T)
    return _solution(problem, statement, result, [Step(Rule.TRANSPOSE, sympy.Transpose(m), result, {})])


def solve_dot(problem, statement) -> Solution:
    u, v = problem.expr, problem.data["other"]
    expansion = Plus(*(Times(a, b) for a, b in zip(u, v, strict=True)))
    value = clean(sum((a * b for a, b in zip(u, v, strict=True)), sympy.Integer(0)))
    return _solution(problem, statement, value, [Step(Rule.DOT_PRODUCT, expansion, value, {"expansion": expansion})])


def solve_norm(problem, statement) -> Solution:
    v = problem.expr
    squares = Plus(*(sympy.Pow(e, 2, evaluate=False) for e in v))
    value = clean(sympy.sqrt(sum((e**2 for e in v), sympy.Integer(0))))
    root = sympy.Pow(value ** 2, sympy.S.Half, evaluate=False)  # √(37/4), as written before it simplifies
    return _solution(problem, statement, value, [Step(Rule.NORM, squares, value ** 2, {"expansion": squares,
                                                                                      "root": root, "norm": value})])
