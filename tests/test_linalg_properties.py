"""Property tests: the linear algebra engine on random integer matrices and systems.

Matrices of 1..5 rows and columns with entries −6..6 are written as problem text (both
``[[1,-2],[3,4]]`` and ``[1 -2; 3 4]``), solved, and compared with sympy (``rref``,
``det``, ``rank``, ``linsolve``) and with the row operations themselves: applied here by
hand, in order, from the input matrix, they must reproduce the reduction the engine
reports, following the textbook strategy (first nonzero entry as the pivot, a swap only
when the pivot position holds 0, clear below, then above).
"""

from __future__ import annotations

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from grammar import UnsupportedProblem, make_symbol
from solver import solve
from solver.rules import Rule

ROW_OPS = {Rule.ROW_SWAP, Rule.ROW_SCALE, Rule.ROW_REPLACE}
# The parser orders unknowns by name, so the columns of the augmented matrix follow these.
UNKNOWNS = {n: tuple(make_symbol(v) for v in names) for n, names in ((1, "x"), (2, "xy"), (3, "xyz"), (4, "wxyz"))}

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

ENTRY = st.integers(-6, 6)


@st.composite
def matrices(draw, min_size=1, max_size=5, square=False):
    rows = draw(st.integers(min_size, max_size))
    cols = rows if square else draw(st.integers(min_size, max_size))
    # Lean towards zeros now and then, so swaps, zero columns and singular matrices come up.
    entry = st.one_of(ENTRY, st.just(0)) if draw(st.booleans()) else ENTRY
    return sympy.Matrix(draw(st.lists(st.lists(entry, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))


@st.composite
def written(draw, m):
    """The matrix as a person types it: nested brackets, or rows with spaces and semicolons."""
    if m.shape == (1, 1) or draw(st.booleans()):
        return "[" + ",".join("[" + ",".join(str(e) for e in row) + "]" for row in m.tolist()) + "]"
    return "[" + "; ".join(" ".join(str(e) for e in row) for row in m.tolist()) + "]"


def apply_row_op(m: sympy.Matrix, parts) -> sympy.Matrix:
    rows = [list(m.row(k)) for k in range(m.rows)]
    i = parts["i"]
    if parts["op"] == "swap":
        rows[i], rows[parts["j"]] = rows[parts["j"]], rows[i]
    elif parts["op"] == "scale":
        assert parts["factor"] != 0
        rows[i] = [parts["factor"] * e for e in rows[i]]
    else:
        assert parts["op"] == "replace" and parts["j"] != i
        rows[i] = [e + parts["factor"] * s for e, s in zip(rows[i], rows[parts["j"]], strict=True)]
    return sympy.Matrix(rows)


def no_floats(*values) -> bool:
    return not any(v.atoms(sympy.Float) for v in values if isinstance(v, (sympy.Basic, sympy.MatrixBase)))


def replay(start: sympy.Matrix, solution) -> sympy.Matrix:
    """Apply every row operation of the solution, in order, by hand; check each step's own before/after."""
    current = sympy.Matrix(start)
    for number, step in solution.walk():
        if step.rule not in ROW_OPS:
            continue
        assert current == step.before, f"step {number} does not start where the previous one ended"
        current = apply_row_op(current, step.parts)
        assert current == step.after, f"step {number} ({step.parts['notation']}) re-applied gives another matrix"
        assert no_floats(step.before, step.after), number
    return current


def check_textbook_strategy(start: sympy.Matrix, solution, reduced: bool) -> list[int]:
    """First nonzero entry as the pivot, swap only when the pivot position is 0, scale it to 1, clear
    below; then clear above from the last pivot up.  Returns the pivot columns."""
    current = sympy.Matrix(start)
    columns = []
    for step in solution.steps:
        if step.rule == Rule.PIVOT:
            r, c = step.parts["row"] - 1, step.parts["column"] - 1
            assert all(current[k, col] == 0 for k in range(r, current.rows) for col in range(columns[-1] + 1 if
                       columns else 0, c)), "a column with a possible pivot was skipped"
            first = next(k for k in range(r, current.rows) if current[k, c] != 0)
            for op in step.substeps:
                p = op.parts
                if op.rule == Rule.ROW_SWAP:
                    assert current[r, c] == 0 and (p["i"], p["j"]) == (r, first), "swap only when the pivot is 0"
                elif op.rule == Rule.ROW_SCALE:
                    assert p["i"] == r and p["factor"] == 1 / current[r, c]
                else:
                    assert p["j"] == r and p["i"] > r, "clear below the pivot"
                    assert p["factor"] == -current[p["i"], c] / current[r, c]
                current = apply_row_op(current, p)
            assert current == step.after
            assert current[r, c] != 0 and all(current[k, c] == 0 for k in range(r + 1, current.rows))
            columns.append(c)
        elif step.rule == Rule.BACK_ELIMINATION:
            assert reduced
            for op in step.substeps:
                if op.rule == Rule.ROW_REPLACE:
                    assert op.parts["i"] < op.parts["j"], "clear above the pivot"
                current = apply_row_op(current, op.parts)
    return columns


def single(sol):
    assert sol.verified, (sol.problem.text, sol.verification.failed)
    return sol


# ----------------------------------------------------------------------------- properties
@SETTINGS
@given(data=st.data())
def test_rref_is_sympys_and_the_row_operations_reproduce_it(data):
    m = data.draw(matrices())
    sol = single(solve("rref " + data.draw(written(m))))
    expected, pivots = m.rref()
    assert sol.kind == "rref" and sol.answer == expected
    assert replay(m, sol) == expected
    assert check_textbook_strategy(m, sol, reduced=True) == list(pivots)
    assert no_floats(sol.answer)
    assert sympy.Matrix(sympy.sympify(sol.answer_sympy)) == expected


@SETTINGS
@given(data=st.data())
def test_ref_and_rank_agree_with_sympy(data):
    m = data.draw(matrices())
    text = data.draw(written(m))
    ref = single(solve("ref " + text))
    assert replay(m, ref) == ref.answer
    assert ref.answer.rref()[0] == m.rref()[0], "row equivalent to the input"
    assert check_textbook_strategy(m, ref, reduced=False) == list(m.rref()[1])
    rank = single(solve("rank of " + text))
    assert rank.answer == m.rank()


@SETTINGS
@given(data=st.data())
def test_determinant_is_sympys(data):
    m = data.draw(matrices(square=True))
    sol = single(solve("det " + data.draw(written(m))))
    assert sol.answer == m.det()
    assert sympy.sympify(sol.answer_sympy) == m.det()
    if m.rows >= 4:
        elimination = sol.steps[0]
        assert elimination.rule == Rule.DETERMINANT_BY_ELIMINATION
        triangular = replay(m, sol)
        assert triangular.is_upper
        swaps = sum(1 for _, s in sol.walk() if s.rule == Rule.ROW_SWAP)
        assert (-1) ** swaps * sympy.prod(triangular.diagonal()) == m.det()


@SETTINGS
@given(data=st.data())
def test_inverse_multiplies_to_the_identity(data):
    m = data.draw(matrices(max_size=4, square=True))
    sol = single(solve("inverse of " + data.draw(written(m))))
    n = m.rows
    reduced = replay(sympy.Matrix.hstack(m, sympy.eye(n)), sol)
    if m.det() == 0:
        assert sol.answer_sympy == "None"
        assert sol.steps[-1].rule == Rule.SINGULAR_MATRIX
        assert any(all(e == 0 for e in reduced[r, :n]) for r in range(n)), "a zero row in the left block"
    else:
        assert m * sol.answer == sympy.eye(n) == sol.answer * m
        assert reduced[:, :n] == sympy.eye(n) and reduced[:, n:] == sol.answer
        assert sympy.Matrix(sympy.sympify(sol.answer_sympy)) == m.inv()


def _equation(coefficients, unknowns, rhs) -> str:
    terms = []
    for c, u in zip(coefficients, unknowns, strict=True):
        if c == 0:
            continue
        size = "" if abs(c) == 1 else str(abs(c))
        sign = "-" if c < 0 else "+"
        terms.append(f"{sign} {size}{u.name}" if terms else f"{'-' if c < 0 else ''}{size}{u.name}")
    return " ".join(terms) + f" = {rhs}"


@SETTINGS
@given(data=st.data())
def test_linear_system_answers_satisfy_the_equations(data):
    A = data.draw(matrices(max_size=4))
    b = data.draw(st.lists(ENTRY, min_size=A.rows, max_size=A.rows))
    assume(all(any(e != 0 for e in A.row(r)) for r in range(A.rows)))   # no "0 = b" rows
    assume(all(any(e != 0 for e in A.col(k)) for k in range(A.cols)))   # every unknown appears
    unknowns = UNKNOWNS[A.cols]
    separator = data.draw(st.sampled_from([", ", "; "]))
    text = "solve " + separator.join(_equation(A.row(r), unknowns, b[r]) for r in range(A.rows))
    sol = single(solve(text))
    assert sol.kind == "linear_system"
    equations = [sympy.Eq(sum((A[r, k] * u for k, u in enumerate(unknowns)), sympy.Integer(0)), b[r])
                 for r in range(A.rows)]
    expected = sympy.linsolve(equations, list(unknowns))
    augmented = sympy.Matrix.hstack(A, sympy.Matrix(b))
    assert sol.steps[0].rule == Rule.AUGMENTED_MATRIX and sol.steps[0].after == augmented
    reduced = replay(augmented, sol)
    if expected == sympy.EmptySet:
        assert sol.answer == sympy.EmptySet and sol.answer_sympy == "EmptySet"
        row = sol.steps[-1].parts["row"] - 1
        assert all(e == 0 for e in reduced[row, :A.cols]) and reduced[row, A.cols] != 0
        return
    answer = dict(sol.answer)
    for eq in equations:
        assert sympy.expand((eq.lhs - eq.rhs).xreplace(answer)) == 0, (eq, answer)
    free = [u for u in unknowns if answer[u] == u]
    assert len(free) == A.cols - A.rank()
    assert no_floats(*answer.values())
    if not free:
        (point,) = expected
        assert tuple(answer[u] for u in unknowns) == tuple(point)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_eigenvalues_are_sympys(data):
    """2×2 and 3×3 (the roots may be irrational or complex, written exactly)."""
    m = data.draw(matrices(min_size=2, max_size=3, square=True))
    try:
        sol = single(solve("eigenvalues of " + data.draw(written(m))))
    except UnsupportedProblem:
        # refused only when the characteristic polynomial does not split into linear and
        # quadratic factors (an irreducible cubic), where exact roots are nested radicals
        lam = sympy.Symbol("lamda")
        assert sum(sympy.roots(m.charpoly(lam), cubics=False).values()) < m.rows
        return
    got = dict(sol.answer)
    expected = m.eigenvals()
    assert sum(got.values()) == m.rows
    for value, k in expected.items():
        match = [v for v in got if abs(complex(sympy.N(v - value, 30))) < 1e-20 and sympy.simplify(v - value) == 0]
        assert len(match) == 1 and got[match[0]] == k, (value, k, got)
