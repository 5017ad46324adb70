"""Independent checks for the multivariable steps and answers.

Derivatives are recomputed with ``sympy.diff``/``sympy.hessian`` (the engine only ever uses
the derivative engine's own rules); points are substituted back and the solution sets
compared with a lex Gröbner basis (or ``sympy.solve``) and Sturm root counts; Hessian verdicts with the
signs of the eigenvalues; limits with ``sympy.limit``; every iteration is recomputed from
the point before it.  A claim nobody could confirm is reported as failed, never passed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import mpmath
import sympy
from sympy import S

from ..equivalence import equivalent
from ..rules import Rule
from ..steps import Check, Times

Matrix = sympy.ImmutableMatrix
_REL = 1e-8
DOES_NOT_EXIST_TEXT = "does not exist"


def _result(path, step, passed, method, detail=""):
    return Check(path, step.rule.value, bool(passed), method, detail)


def _answer(passed, method, detail=""):
    return Check("answer", "answer", bool(passed), method, detail)


def _zero(value) -> bool:
    """Exactly 0.  A number is judged at 60 digits (e^(−21) is not 0); an expression by
    ``equivalent``."""
    value = sympy.sympify(value)
    if value.is_number:
        if value.is_Rational:
            return value == 0
        if value.has(sympy.CRootOf):  # an algebraic number: 0 to 50 digits is 0 (simplify is slow here)
            return bool(abs(sympy.N(value, 60)) < sympy.Float(10) ** -50)
        if value.is_zero is not None:
            return bool(value.is_zero)
        return bool(abs(sympy.N(value, 60)) < sympy.Float(10) ** -50) and sympy.simplify(value) == 0
    return equivalent(value, S.Zero)[0]


def _number(value) -> complex | None:
    try:
        c = complex(sympy.N(value, 30))
    except (TypeError, ValueError):
        return None
    return c if c == c and abs(c) != float("inf") else None


def _close(a, b) -> bool:
    """Exact numbers must be equal; decimals agree to a relative 1e-8."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
        return (isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase) and a.shape == b.shape
                and all(_close(x, y) for x, y in zip(a, b, strict=True)))
    if a.is_Rational and b.is_Rational:
        return a == b
    if not (a.has(sympy.Float) or b.has(sympy.Float)):
        return equivalent(a, b)[0]
    x, y = _number(a), _number(b)
    return x is not None and y is not None and abs(x - y) <= _REL * max(1.0, abs(x), abs(y))


def _sign(value) -> int:
    value = sympy.nsimplify(value) if value.is_Float else value
    if _zero(value):
        return 0
    c = _number(value)
    return 0 if c is None else (1 if c.real > 0 else -1)


def _sign_or_infinite(value) -> int:
    return 1 if value is S.Infinity else -1 if value is S.NegativeInfinity else _sign(value)


def _coordinates(point) -> list:
    if isinstance(point, (sympy.Tuple, tuple, list)):
        return list(point)
    if isinstance(point, sympy.MatrixBase):
        return list(point)
    return [point]


def _mapping(variables, point) -> dict:
    return dict(zip(variables, _coordinates(point), strict=True))


def _limit(f, x, a, side="+-"):
    if a.is_infinite:
        return sympy.limit(f, x, a)
    return sympy.limit(f, x, a, dir=side)


def _real_solutions(equations, unknowns) -> list[dict] | None:
    """sympy's own solution of the system, real points only; None when it cannot say."""
    key = tuple(_without_nonzero_factors(e, unknowns) for e in equations)
    return _solve_cached(key, tuple(unknowns))


def _without_nonzero_factors(e, unknowns):
    """``e`` with its never-zero factors (e^(x²+y²), 1 + x²) divided out: the same zeros, and
    often a polynomial where ``e`` was not."""
    e = sympy.factor_terms(e)
    if e.is_Mul:
        e = sympy.Mul(*(a for a in e.args if not (a.is_positive or a.is_negative)))
    return sympy.expand(e) if e.is_polynomial(*unknowns) else e


def _groebner_real(equations: tuple, unknowns: tuple) -> list[dict] | None:
    """The real solutions of a polynomial system from its lex Gröbner basis, when the basis is
    triangular with a linear polynomial for each unknown but the last; None otherwise.

    sympy.solve finds every complex solution in radicals first, which costs seconds for
    x⁹ = x; the real ones alone are Sturm-exact roots of one polynomial and back-substitution."""
    if not all(e.is_polynomial(*unknowns) for e in equations):
        return None
    basis = sympy.groebner(list(equations), *unknowns, order="lex")
    if list(basis.exprs) == [1]:
        return []
    if not basis.is_zero_dimensional:
        return None
    last = unknowns[-1]
    univariate = [g for g in basis.exprs if g.free_symbols <= {last}]
    if len(univariate) != 1:
        return None
    out = []
    for root in dict.fromkeys(sympy.real_roots(sympy.Poly(univariate[0], last))):
        assignment = {last: root}
        for var in reversed(unknowns[:-1]):
            value = None
            for g in basis.exprs:
                if var not in g.free_symbols or not g.free_symbols <= {var, *assignment}:
                    continue
                poly = sympy.Poly(sympy.expand(g.xreplace(assignment)), var)
                if poly.degree() == 1 and not _zero(poly.LC()):
                    value = -poly.nth(0) / poly.LC()
                    break
            if value is None:
                return None
            assignment[var] = value
        out.append(assignment)
    return out


@functools.lru_cache(maxsize=64)
def _solve_cached(equations: tuple, unknowns: tuple) -> list[dict] | None:
    try:
        quick = _groebner_real(equations, unknowns)
    except (sympy.PolynomialError, NotImplementedError):
        quick = None
    if quick is not None:
        return quick
    try:
        found = sympy.solve(list(equations), list(unknowns), dict=True, check=False)
    except (NotImplementedError, ValueError, TypeError):
        return None
    out = []
    for s in found:
        if any(u not in s for u in unknowns):
            return None  # a family of solutions: not a finite set of points
        if any(s[u].has(S.ComplexInfinity, S.Infinity, S.NegativeInfinity, S.NaN) for u in unknowns):
            continue  # check=False lets through "solutions" at infinity
        values = [_number(s[u]) for u in unknowns]
        if any(v is None for v in values):
            return None
        if not all(abs(v.imag) <= 1e-20 * max(1.0, abs(v.real)) for v in values):
            continue
        residuals = [_number(e.xreplace(s)) for e in equations]  # check=False: confirm each one here
        if all(r is not None and abs(r) <= 1e-12 for r in residuals):
            out.append(s)
    return out


def _same_points(listed: list[list], expected: list[dict], unknowns) -> tuple[bool, str]:
    want = [[_number(s[u]).real for u in unknowns] for s in expected]
    want = [w for k, w in enumerate(want) if all(any(abs(a - b) > 1e-12 for a, b in zip(w, v, strict=True))
                                                   for v in want[:k])]
    got = [[_number(c).real for c in p] for p in listed]
    if len(got) != len(want):
        return False, f"{len(got)} point(s) listed, sympy.solve finds {len(want)}"
    for w in want:
        if not any(all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(g, w, strict=True)) for g in got):
            return False, f"sympy.solve finds {w}, which is not listed"
    return True, "the same points as sympy.solve"


def _satisfies(equations, mapping) -> bool:
    """Every equation holds at the point (for one unknown, odd roots of negative numbers real)."""
    if len(mapping) == 1:
        v = next(iter(mapping))
        return all(_zero(_real_roots_form(eq.lhs - eq.rhs, v).xreplace(mapping)) for eq in equations)
    return all(_zero((eq.lhs - eq.rhs).xreplace(mapping)) for eq in equations)


# ----------------------------------------------------------------------------- derivatives and points
def check_evaluate(path, step, memo):
    """Substitute the point into ``before`` and compare with ``after``."""
    mapping = dict(step.parts["mapping"])
    before = step.before
    expected = Matrix(before.xreplace(mapping)) if isinstance(before, sympy.MatrixBase) else before.xreplace(mapping)
    passed, method, detail = equivalent(expected, step.after)
    return _result(path, step, passed, "substitute-" + method, detail)


def check_critical_points(path, step, memo):
    system, unknowns = step.parts["system"], list(step.parts["unknowns"])
    listed = [] if step.after == S.EmptySet else \
        [[p.rhs] if isinstance(p, sympy.Equality) else _coordinates(p) for p in step.after]
    for p in listed:
        if not _satisfies(system, dict(zip(unknowns, p, strict=True))):
            return _result(path, step, False, "substitute", f"{sympy.sstr(p)} does not make the gradient 0")
    lhs = [e.lhs for e in system]
    if len(unknowns) == 1:
        lhs = [_real_equation(e, unknowns[0]) for e in lhs]
    expected = _real_solutions(lhs, unknowns)
    if expected is None:
        return _result(path, step, False, "sympy-solve", "sympy.solve could not confirm that no point is missing")
    passed, detail = _same_points(listed, expected, unknowns)
    return _result(path, step, passed, "substitute+sympy-solve", detail)


def check_solve_one_unknown(path, step, memo):
    e, v = step.before.lhs, step.parts["var"]
    roots = [] if step.after == S.EmptySet else [eq.rhs for eq in step.after]
    for r in roots:
        if not _zero(_real_roots_form(e, v).xreplace({v: r})):
            return _result(path, step, False, "substitute", f"{v} = {sympy.sstr(r)} does not solve it")
    if len({round(_number(r).real, 12) for r in roots}) != len(roots):
        return _result(path, step, False, "substitute", "a solution is listed twice")
    num, den = sympy.fraction(sympy.cancel(sympy.together(e)))
    if num.is_polynomial(v) and den.is_polynomial(v):
        expected = sympy.Poly(num, v).sqf_part().count_roots() if sympy.Poly(num, v).degree() > 0 else 0
        return _result(path, step, expected == len(roots), "substitute+sturm-count",
                       f"{expected} distinct real root(s) by Sturm's theorem")
    expected = _real_solutions([_real_equation(e, v)], [v])
    if expected is None:
        return _result(path, step, False, "sympy-solve", "sympy.solve could not confirm the solution set")
    passed, detail = _same_points([[r] for r in roots], expected, [v])
    return _result(path, step, passed, "substitute+sympy-solve", detail)


def _divides_out(e, factors, unknowns) -> bool:
    """``e`` is (a never-zero factor) × a product of powers of ``factors``."""
    rest = sympy.factor(e) if e.is_polynomial(*unknowns) else e
    for f in factors:
        q = sympy.cancel(rest / f)
        if sympy.fraction(q)[1].free_symbols & unknowns:
            return False  # f does not divide e
        while True:
            rest = q
            q = sympy.cancel(rest / f)
            if sympy.fraction(q)[1].free_symbols & unknowns:
                break
    if not (rest.free_symbols & unknowns):
        return not _zero(rest)
    return bool(rest.is_positive or rest.is_negative)


def check_zero_product(path, step, memo):
    e = step.before.lhs
    factors = list(step.parts["factors"])
    unknowns = set().union(*(f.free_symbols for f in factors))
    if len(factors) < 2 or [eq.lhs for eq in step.after] != factors:
        return _result(path, step, False, "structure", "the cases are not the factors")
    return _result(path, step, _divides_out(e, factors, unknowns), "factor-division",
                   "e is a nonzero constant times a product of the factors")


def check_solve_for_unknown(path, step, memo):
    e, v, value = step.before.lhs, step.parts["var"], step.after.rhs
    if not e.is_polynomial(v) or sympy.degree(e, v) != 1:
        return _result(path, step, False, "structure", f"the equation is not linear in {v}")
    lead = sympy.Poly(e, v).LC()
    if not lead.is_number or lead == 0 or value.has(v) or step.after.lhs != v:
        return _result(path, step, False, "structure", "the coefficient of the unknown is not a nonzero constant")
    passed, method, detail = equivalent(e.xreplace({v: value}), S.Zero)
    return _result(path, step, passed, "substitute-" + method, detail)


def check_substitute_values(path, step, memo):
    mapping = dict(step.parts["mapping"])
    if len(step.before) != len(step.after):
        return _result(path, step, False, "structure", "a different number of equations")
    for old, new in zip(step.before, step.after, strict=True):
        passed, method, detail = equivalent((old.lhs - old.rhs).xreplace(mapping), new.lhs - new.rhs)
        if not passed:
            return _result(path, step, False, "substitute-" + method, detail)
    return _result(path, step, True, "substitute", "each equation re-substituted")


def check_case(path, step, memo):
    system, unknowns = list(step.parts["system"]), list(step.parts["unknowns"])
    conditions = list(step.parts["assumed"])
    listed = [] if step.after == S.EmptySet else [_coordinates(p) for p in step.after]
    for p in listed:
        mapping = dict(zip(unknowns, p, strict=True))
        if not (_satisfies(system, mapping) and _satisfies(conditions, mapping)):
            return _result(path, step, False, "substitute", f"{sympy.sstr(p)} fails the system or the case")
    expected = _real_solutions([e.lhs for e in system] + [c.lhs - c.rhs for c in conditions], unknowns)
    if expected is None:
        return _result(path, step, False, "sympy-solve", "sympy.solve could not confirm the case")
    passed, detail = _same_points(listed, expected, unknowns)
    return _result(path, step, passed, "substitute+sympy-solve", detail)


def check_no_solution(path, step, memo):
    value = step.parts["equation"].lhs
    passed = (value.is_number and not _zero(value)) or bool(value.is_positive or value.is_negative)
    return _result(path, step, passed, "sympy-assumptions", f"{sympy.sstr(value)} is never 0")


def check_back_substitute(path, step, memo):
    mapping = dict(step.parts["mapping"])
    if step.before.lhs != step.after.lhs:
        return _result(path, step, False, "structure", "a different unknown")
    passed, method, detail = equivalent(step.before.rhs.xreplace(mapping), step.after.rhs)
    return _result(path, step, passed, "substitute-" + method, detail)


# ----------------------------------------------------------------------------- where f' does not exist
def _real_roots_form(e, x):
    """Odd roots taken real, written with |·|: x^(2/3) = |x|^(2/3), x^(1/3) = sign(x)·|x|^(1/3)."""
    def odd(n):
        return n.is_Pow and n.exp.is_Rational and not n.exp.is_Integer and n.exp.q % 2 == 1 and n.base.has(x)
    return e.replace(odd, lambda n: (sympy.sign(n.base) if n.exp.p % 2 else 1) * sympy.Abs(n.base) ** n.exp)


def _real_equation(e, x):
    """``e`` with odd roots real and sign(u) = u/|u| (the same zeros away from u = 0, which the
    points without a derivative cover), so sympy.solve can read it."""
    e = _real_roots_form(e, x).replace(sympy.sign, lambda u: u / sympy.Abs(u))
    return e.replace(sympy.DiracDelta, lambda *a: S.Zero)


def _real_at(e, x, c):
    v = _number(_real_roots_form(e, x).xreplace({x: c}))
    return None if v is None or abs(v.imag) > 1e-20 * max(1.0, abs(v.real)) else v.real


def _nondifferentiable(f, x) -> list | None:
    """The points where f is defined but has no derivative, found from sympy.diff: zeros of the
    denominator of f' and of what |·| holds, kept when the one-sided limits of f' disagree or
    are infinite.  None when the candidates are not a finite set."""
    derivative = sympy.diff(_real_roots_form(f, x), x)
    pieces = [sympy.fraction(sympy.together(sympy.diff(f, x)))[1]] + [a.args[0] for a in f.atoms(sympy.Abs)]
    pieces += [a.args[0] for a in derivative.atoms(sympy.sign, sympy.Abs)]
    out: list = []
    for piece in pieces:
        if not piece.has(x):
            continue
        found = sympy.solveset(piece, x, S.Reals)
        if not isinstance(found, sympy.FiniteSet):
            if found == S.EmptySet:
                continue
            return None
        for c in found:
            if any(_zero(c - o) for o in out) or _real_at(f, x, c) is None:
                continue
            left, right = sympy.limit(derivative, x, c, "-"), sympy.limit(derivative, x, c, "+")
            if left == right and left.is_finite:
                continue
            out.append(c)
    return out


def check_derivative_undefined(path, step, memo):
    f, x = step.parts["function"], step.parts["var"]
    listed = [eq.rhs for eq in step.after]
    expected = _nondifferentiable(f, x)
    if expected is None:
        return _result(path, step, False, "sympy-diff", "the points where f' is undefined are not a finite set")
    if len(expected) != len(listed) or not all(any(_zero(c - e) for e in expected) for c in listed):
        return _result(path, step, False, "sympy-diff+limit", f"f has no derivative at {sympy.sstr(expected)}")
    derivative = sympy.diff(_real_roots_form(f, x), x)
    for eq in step.parts["sides"]:
        lim = eq.lhs
        c, side = lim.args[2], str(lim.args[3])
        if sympy.limit(derivative, x, c, side) != eq.rhs:
            return _result(path, step, False, "sympy-limit", f"f' from the {side} side of {sympy.sstr(c)}")
    for eq in step.parts["values"]:
        value = _real_at(f, x, eq.lhs.args[0])
        if value is None or not _close(value, eq.rhs):
            return _result(path, step, False, "substitute", f"f({sympy.sstr(eq.lhs.args[0])}) is not {eq.rhs}")
    return _result(path, step, True, "sympy-diff+limit", "f defined, one-sided limits of f' differ or are infinite")


def check_first_derivative_test(path, step, memo):
    f, at, kind = step.parts["function"], step.parts["at"], step.parts["kind"]
    x, c = at.lhs, at.rhs
    left, right = step.parts["left"].rhs, step.parts["right"].rhs
    derivative = sympy.diff(_real_roots_form(f, x), x)
    neighbours = list(step.parts["neighbours"])
    cn = _number(c).real
    if not _number(left).real < cn < _number(right).real:
        return _result(path, step, False, "structure", "the test points are not on the two sides")
    if any(_number(left).real <= _number(b).real < cn or cn < _number(b).real <= _number(right).real
           for b in neighbours if not _zero(b - c)):
        return _result(path, step, False, "structure", "a critical point lies between the test point and the point")
    signs = []
    for t, shown in zip((left, right), step.before, strict=True):
        value = derivative.xreplace({x: t})
        if not _close(value, shown.rhs):
            return _result(path, step, False, "sympy-diff", f"f'({sympy.sstr(t)}) is {sympy.sstr(value)}")
        # f' keeps its sign between the test point and the point: sample it there
        a, b = sorted((_number(t).real, cn))
        samples = [_real_at(derivative, x, sympy.Float(a + (b - a) * k / 24, 30)) for k in range(1, 24)]
        s = _sign(value)
        if any(v is None or (v > 0) != (s > 0) for v in samples):
            return _result(path, step, False, "sympy-diff", "f' changes sign between the test point and the point")
        signs.append(s)
    expected = {(-1, 1): "minimum", (1, -1): "maximum"}.get(tuple(signs), "saddle")
    if _real_at(f, x, c) is None:
        return _result(path, step, False, "substitute", "f is not defined at the point")
    return _result(path, step, expected == kind, "sympy-diff", f"signs of f' {signs}")


# ----------------------------------------------------------------------------- classification
def _verdict_1d(f, x, point, max_order=10) -> tuple[str, int, sympy.Expr]:
    """First nonzero derivative (order ≥ 2) at the point, from sympy.diff: the textbook verdict."""
    derivative = sympy.diff(f, x)
    for order in range(2, max_order + 1):
        derivative = sympy.diff(derivative, x)
        value = derivative.subs(x, point)
        s = _sign(value)
        if s == 0:
            continue
        if order % 2:
            return "saddle", order, value
        return ("minimum" if s > 0 else "maximum"), order, value
    return "inconclusive", max_order, S.Zero


def check_concavity(path, step, memo):
    f, x = step.parts["function"], step.parts["at"].lhs
    point = step.parts["at"].rhs
    value = sympy.diff(_real_roots_form(f, x), x, 2).subs(x, point)
    if not equivalent(value, step.after)[0]:
        return _result(path, step, False, "sympy-diff", f"f'' there is {sympy.sstr(value)}")
    s = _sign(value)
    expected = "minimum" if s > 0 else "maximum" if s < 0 else None
    return _result(path, step, expected == step.parts["kind"], "sympy-diff", f"f'' = {sympy.sstr(value)}")


def check_higher_order(path, step, memo):
    f, x, point = step.parts["function"], step.parts["at"].lhs, step.parts["at"].rhs
    kind, order, value = _verdict_1d(_real_roots_form(f, x), x, point, int(step.parts["order"]))
    passed = kind == step.parts["kind"] and (kind == "inconclusive" or (order == step.parts["order"]
                                                                        and equivalent(value, step.after)[0]))
    return _result(path, step, passed, "sympy-diff", f"first nonzero derivative: order {order}, value {value}")


def _eigen_verdict(h) -> tuple[str, str]:
    """The verdict from the signs of the eigenvalues of the symmetric matrix ``h``: mpmath's
    symmetric eigensolver at 60 digits; an eigenvalue below 10⁻⁴⁰ of the matrix's size is 0
    (exact entries here are small algebraic numbers, never that close to 0 unless they are)."""
    with mpmath.workdps(60):
        m = mpmath.matrix([[mpmath.mpf(sympy.N(h[i, j], 70)) for j in range(h.cols)] for i in range(h.rows)])
        values = list(mpmath.eigsy(m, eigvals_only=True))
        scale = max([mpmath.mpf(1), *(abs(e) for e in m)])
        zero = sum(1 for v in values if abs(v) < mpmath.mpf(10) ** -40 * scale)
        positive = sum(1 for v in values if v > mpmath.mpf(10) ** -40 * scale)
    negative = h.rows - zero - positive
    detail = f"{positive} positive, {negative} negative, {zero} zero eigenvalue(s)"
    if positive and negative:
        return "saddle", detail
    if zero:
        return "inconclusive", detail
    return ("minimum" if positive else "maximum"), detail


def _hessian_at(step):
    f, at = step.parts["function"], step.parts["at"]
    variables = [eq.lhs for eq in at]
    return Matrix(sympy.hessian(f, variables).xreplace({eq.lhs: eq.rhs for eq in at}))


def check_second_partials(path, step, memo):
    h = _hessian_at(step)
    passed, method, detail = equivalent(h, Matrix(step.parts["matrix"]))
    if not passed:
        return _result(path, step, False, "sympy-hessian-" + method, detail)
    if not equivalent(h.det(method="berkowitz"), step.after)[0]:
        return _result(path, step, False, "berkowitz-det", "the determinant differs")
    kind, detail = _eigen_verdict(h)
    return _result(path, step, kind == step.parts["kind"], "sympy-hessian+eigenvalues", detail)


def check_principal_minors(path, step, memo):
    h = _hessian_at(step)
    passed, method, detail = equivalent(h, Matrix(step.parts["matrix"]))
    if not passed:
        return _result(path, step, False, "sympy-hessian-" + method, detail)
    minors = [Matrix(h[:k, :k]).det(method="berkowitz") for k in range(1, h.rows + 1)]
    if len(minors) != len(step.after) or not all(equivalent(a, b)[0] for a, b in zip(minors, step.after, strict=True)):
        return _result(path, step, False, "berkowitz-det", "the leading minors differ")
    kind, detail = _eigen_verdict(h)
    return _result(path, step, kind == step.parts["kind"], "sympy-hessian+eigenvalues", detail)


def _critical_values(step):
    return [(eq.lhs.args[0], eq.rhs) for eq in step.parts.get("values", step.before)]


def check_global(path, step, memo):
    from .optimize import continuous_on_reals

    f, x, kind = step.parts["function"], step.parts["var"], step.parts["kind"]
    if not continuous_on_reals(f, x):
        return _result(path, step, False, "structure", "f is not continuous on the whole line")
    f = _real_roots_form(f, x)
    pairs = _critical_values(step)
    for p, v in pairs:
        if not equivalent(f.subs(x, p), v)[0]:
            return _result(path, step, False, "substitute", f"f({sympy.sstr(p)}) is not {sympy.sstr(v)}")
    ends = [sympy.limit(f, x, -S.Infinity), sympy.limit(f, x, S.Infinity)]
    best = step.after
    lowest = kind == "minimum"
    values = [v for _, v in pairs] + ends
    ok = all((_number(best).real <= _number(v).real + 1e-12) if lowest else (_number(best).real >= _number(v).real - 1e-12)
             for v in values if v.is_finite) and \
        all(v == (S.Infinity if lowest else S.NegativeInfinity) for v in ends if not v.is_finite)
    ok = ok and any(equivalent(best, v)[0] for _, v in pairs)
    return _result(path, step, ok, "substitute+sympy-limit", f"ends {sympy.sstr(ends[0])}, {sympy.sstr(ends[1])}")


def _kind_at(f, variables, point: list) -> str:
    """The classification of a critical point, independently: one-sided limits of f' where f
    has no derivative, the first nonzero derivative in one variable, eigenvalues of H in several."""
    if len(variables) == 1:
        x, c = variables[0], point[0]
        corners = _nondifferentiable(f, x) or []
        derivative = sympy.diff(_real_roots_form(f, x), x)
        if any(_zero(c - k) for k in corners):
            sides = tuple(_sign_or_infinite(sympy.limit(derivative, x, c, d)) for d in ("-", "+"))
            return "inconclusive" if 0 in sides else {(-1, 1): "minimum", (1, -1): "maximum"}.get(sides, "saddle")
        return _verdict_1d(_real_roots_form(f, x), x, c)[0]
    h = sympy.hessian(f, variables).xreplace(dict(zip(variables, point, strict=True)))
    return _eigen_verdict(h)[0]


def check_extreme_value(path, step, memo):
    f, variables, kind = step.parts["function"], list(step.parts["variables"]), step.parts["kind"]
    recomputed = []
    for eq in step.before:
        point = list(eq.lhs.args)
        value = (_real_roots_form(f, variables[0]) if len(variables) == 1 else f).xreplace(
            dict(zip(variables, point, strict=True)))
        if not _close(value, eq.rhs):
            return _result(path, step, False, "substitute", f"f{tuple(point)} is {sympy.sstr(value)}")
        if _kind_at(f, variables, point) != kind:
            return _result(path, step, False, "classification", f"{sympy.sstr(point)} is not a local {kind}")
        recomputed.append(_number(value).real)
    best = (min if kind == "minimum" else max)(recomputed)
    ok = _number(step.after) is not None and abs(_number(step.after).real - best) <= 1e-12 * max(1.0, abs(best))
    return _result(path, step, ok, "substitute", f"the {kind} of the values is {best:.12g}")


def check_no_global(path, step, memo):
    f, x, kind = step.parts["function"], step.parts["var"], step.parts["kind"]
    end = step.parts["end"]
    value = sympy.limit(f, x, end)
    if value != step.after and not (value.is_finite and step.after.is_finite and equivalent(value, step.after)[0]):
        return _result(path, step, False, "sympy-limit", f"sympy.limit gives {sympy.sstr(value)}")
    lowest = kind == "minimum"
    if value == (S.NegativeInfinity if lowest else S.Infinity):
        return _result(path, step, True, "sympy-limit", "unbounded")
    critical = [_number(v).real for _, v in _critical_values(step)]
    limit = _number(value)
    passed = limit is not None and all((limit.real < c) if lowest else (limit.real > c) for c in critical)
    return _result(path, step, passed, "sympy-limit", "the end value is beyond every critical value")


# ----------------------------------------------------------------------------- tangent line
def check_tangent(path, step, memo):
    f, x, y = step.parts["function"], step.parts["var"], step.parts["dependent"]
    a, y0 = step.parts["point"]
    slope = sympy.diff(f, x).subs(x, a)
    if not (equivalent(slope, step.parts["slope"])[0] and equivalent(f.subs(x, a), y0)[0]):
        return _result(path, step, False, "sympy-diff", "the point or the slope is wrong")
    before, after = step.before, step.after
    same = equivalent(before.lhs - before.rhs, after.lhs - after.rhs)[0]
    expected = equivalent(after.rhs, y0 + slope * (x - a))[0] and after.lhs == y
    return _result(path, step, same and expected, "sympy-diff", "y = f(a) + f'(a)(x − a)")


# ----------------------------------------------------------------------------- iterations
def check_chain(path, step, memo):
    subs = step.substeps
    if not subs:
        return _result(path, step, step.before == step.after, "chain", "no iteration")
    links = [_close(step.before, subs[0].before), _close(subs[-1].after, step.after)]
    links += [_close(a.after, b.before) for a, b in zip(subs, subs[1:], strict=False)]
    if len(subs) > int(step.parts["steps"]):
        links.append(False)
    return _result(path, step, all(links), "chain", "each iteration starts where the previous one ended")


def _gradient(f, variables, mapping):
    return [sympy.diff(f, v).xreplace(mapping) for v in variables]


def check_descent_step(path, step, memo):
    f, variables, rate = step.parts["function"], list(step.parts["variables"]), step.parts["rate"]
    point = _coordinates(step.before)
    mapping = dict(zip(variables, point, strict=True))
    gradient = _gradient(f, variables, mapping)
    expected = [p - rate * g for p, g in zip(point, gradient, strict=True)]
    got = _coordinates(step.after)
    ok = all(_close(e, g) for e, g in zip(expected, got, strict=True))
    ok = ok and all(_close(e, g) for e, g in zip(gradient, _coordinates(step.parts["gradient"]), strict=True))
    value = f.xreplace(dict(zip(variables, got, strict=True)))
    ok = ok and (step.parts["value"] is S.NaN or _close(value, step.parts["value"]))
    return _result(path, step, ok, "sympy-diff-recompute", "x − η∇f(x) recomputed from the previous point")


def check_newton_step(path, step, memo):
    f, variables, mode = step.parts["function"], list(step.parts["variables"]), step.parts["mode"]
    point = _coordinates(step.before)
    mapping = dict(zip(variables, point, strict=True))
    if len(variables) == 1:
        x = variables[0]
        g = f if mode == "root" else sympy.diff(f, x)
        value, slope = g.xreplace(mapping), sympy.diff(g, x).xreplace(mapping)
        if _zero(slope):
            return _result(path, step, False, "sympy-diff", "the derivative is 0: no Newton step")
        expected = [point[0] - value / slope]
    else:
        g = Matrix(_gradient(f, variables, mapping))
        h = Matrix(sympy.hessian(f, variables).xreplace(mapping))
        if _zero(h.det(method="berkowitz")):
            return _result(path, step, False, "sympy-hessian", "the Hessian is singular: no Newton step")
        d = h.LUsolve(g)
        expected = [p - di for p, di in zip(point, d, strict=True)]
    ok = all(_close(e, a) for e, a in zip(expected, _coordinates(step.after), strict=True))
    return _result(path, step, ok, "sympy-diff-recompute", "the Newton update recomputed from the previous point")


def check_converged(path, step, memo):
    previous, point = _coordinates(step.parts["previous"]), _coordinates(step.parts["point"])
    size = sympy.sqrt(sum((a - b) ** 2 for a, b in zip(point, previous, strict=True)))
    ok = _close(size, step.before) if not _zero(size) else _zero(step.before)
    scale = max(1, sympy.N(sympy.sqrt(sum(c**2 for c in point))))
    ok = ok and sympy.N(size) <= step.parts["tolerance"] * scale
    return _result(path, step, ok, "recompute", f"the last step has length {sympy.N(size, 6)}")


def check_cycle(path, step, memo):
    iterates = list(step.parts["iterates"])
    first, last = int(step.parts["first"]), int(step.parts["last"])
    ok = 0 <= first < last - 1 < len(iterates) and iterates[first] == iterates[last] == step.before \
        and iterates[first + 1] != iterates[first]
    return _result(path, step, ok, "structure", f"iterate {last} repeats iterate {first}")


def _values(step):
    f, variables = step.parts["function"], list(step.parts["variables"])
    return [f.xreplace(dict(zip(variables, p, strict=True))) for p in step.parts["points"]]


def check_descending(path, step, memo):
    values = [_number(v).real for v in _values(step)]
    ok = all(b < a for a, b in zip(values, values[1:], strict=False))
    ok = ok and _close(values[0], step.parts["first"]) and _close(values[-1], step.parts["last"])
    return _result(path, step, ok, "recompute", "f recomputed at every iterate")


def check_diverged(path, step, memo):
    points = [_coordinates(p) for p in step.parts["points"]]
    sizes = [sum(abs(_number(c)) ** 2 for c in p) ** 0.5 for p in points]
    if "beyond" in step.parts:  # stopped once the newest iterate left every reasonable range
        return _result(path, step, sizes[-1] > step.parts["beyond"], "recompute",
                       f"the last iterate has size {sizes[-1]:.3g}")
    values = [abs(_number(v)) if _number(v) is not None else float("inf") for v in _values(step)]
    ok = len(points) >= 2 and all(b > a for a, b in zip(sizes, sizes[1:], strict=False)) and \
        all(b > a for a, b in zip(values, values[1:], strict=False))
    return _result(path, step, ok, "recompute", "|x| and |f| recomputed at the last iterates")


def _goal_reached(f, variables, mapping, mode) -> bool:
    """The quantity Newton's method drives to 0 (f for a root, ∇f to optimise) is 0 there."""
    goal = [f] if mode == "root" else _gradient(f, variables, mapping)
    return all(_zero(g.xreplace(mapping)) for g in goal)


def check_zero_derivative(path, step, memo):
    f, at = step.parts["function"], step.parts["at"]
    order = 1 if step.parts["mode"] == "root" else 2
    value = sympy.diff(f, at.lhs, order).subs(at.lhs, at.rhs)
    reached = _goal_reached(f, [at.lhs], {at.lhs: at.rhs}, step.parts["mode"])
    ok = _zero(value) and (step.parts["reached"] == "yes") == reached
    return _result(path, step, ok, "sympy-diff",
                   f"the derivative there is {sympy.sstr(value)}; the goal is {'' if reached else 'not '}reached")


def check_newton_curvature(path, step, memo):
    f, variables, point = step.parts["function"], list(step.parts["variables"]), list(step.parts["point"])
    kind = step.parts["kind"]
    if len(variables) == 1:
        x = variables[0]
        value = sympy.diff(f, x, 2).xreplace({x: point[0]})
        expected = {1: "minimum", -1: "maximum", 0: "inconclusive"}[_sign(value)]
        ok = _close(value, step.after) and expected == kind
        return _result(path, step, ok, "sympy-diff", f"f'' there is {sympy.N(value, 8)}")
    h = Matrix(sympy.hessian(f, variables).xreplace(dict(zip(variables, point, strict=True))))
    minors = [Matrix(h[:k, :k]).det(method="berkowitz") for k in range(1, h.rows + 1)]
    ok = len(minors) == len(step.after) and all(_close(a, b) for a, b in zip(minors, step.after, strict=True))
    expected, detail = _eigen_verdict(h)
    ok = ok and (expected == kind or (kind == "inconclusive" and "0 zero" not in detail))
    return _result(path, step, ok, "sympy-hessian+eigenvalues", detail)


def check_singular_hessian(path, step, memo):
    h = _hessian_at(step)
    at = step.parts["at"]
    reached = _goal_reached(step.parts["function"], [eq.lhs for eq in at], {eq.lhs: eq.rhs for eq in at}, "several")
    ok = _zero(h.det(method="berkowitz")) and (step.parts["reached"] == "yes") == reached
    return _result(path, step, ok, "sympy-hessian", f"det H = 0; ∇f is {'' if reached else 'not '}0 there")


# ----------------------------------------------------------------------------- limits
def _limits_of(pieces, x, a, side):
    sides = ("+", "-") if side == "+-" and a.is_finite else (side,)
    return [[_limit(p, x, a, s) for p in pieces] for s in sides]


def _is_infinite(v) -> bool:
    return v in (S.Infinity, S.NegativeInfinity, S.ComplexInfinity)


_FORMS: dict[str, Callable[[list], bool]] = {
    "0/0": lambda v: v[0] == 0 and v[1] == 0,
    "∞/∞": lambda v: _is_infinite(v[0]) and _is_infinite(v[1]),
    "0·∞": lambda v: v[0] == 0 and _is_infinite(v[1]),
    "∞ − ∞": lambda v: {v[0], v[1]} == {S.Infinity, S.NegativeInfinity},
    "1^∞": lambda v: v[0] == 1 and _is_infinite(v[1]),
    "0⁰": lambda v: v[0] == 0 and v[1] == 0,
    "∞⁰": lambda v: _is_infinite(v[0]) and v[1] == 0,
}


def _form_signs(form: str) -> tuple[str, list]:
    """The form without signs and the claimed sign of each piece (None: not said):
    '−∞/∞' → ('∞/∞', [−1, 1]); '0·(−∞)' → ('0·∞', [None, −1])."""
    if "/" in form and "∞" in form:
        top, bottom = form.split("/")
        return "∞/∞", [-1 if top.startswith("−") else 1, -1 if bottom.startswith("−") else 1] \
            if "−" in form else [None, None]
    if form == "0·(−∞)":
        return "0·∞", [None, -1]
    return form, [None, None]


def check_indeterminate(path, step, memo):
    p = step.parts
    plain, signs = _form_signs(p["form"])
    test = _FORMS.get(plain)
    values = _limits_of(list(p["pieces"]), p["var"], p["point"], p["side"])
    ok = test is not None and all(test(v) for v in values)
    for v in values:  # a sign named in the form must be the sign of that piece's limit
        for claimed, value in zip(signs, v, strict=False):
            if claimed is not None and value != (S.Infinity if claimed > 0 else S.NegativeInfinity):
                ok = False
    return _result(path, step, ok, "sympy-limit", f"the parts tend to {values}")


def check_same_function(path, step, memo):
    """A rewrite of the function inside the limit: equal as functions (away from the point)."""
    passed, method, detail = equivalent(step.before.args[0], step.after.args[0])
    return _result(path, step, passed, "rewrite-" + method, detail)


def check_lhopital(path, step, memo):
    p = step.parts
    x, a, side = p["var"], p["point"], p["side"]
    values = _limits_of([p["numerator"], p["denominator"]], x, a, side)
    if _form_signs(p["form"])[0] not in ("0/0", "∞/∞") or \
            not all(_FORMS["0/0"](v) or _FORMS["∞/∞"](v) for v in values):
        return _result(path, step, False, "sympy-limit", f"not 0/0 or ∞/∞: {values}")
    expected = sympy.diff(p["numerator"], x) / sympy.diff(p["denominator"], x)
    passed, method, detail = equivalent(expected, step.after.args[0])
    return _result(path, step, passed, "sympy-diff-" + method, detail)


def check_squeeze(path, step, memo):
    """The bounded factor is a sine or cosine of a real argument, the other factor tends to 0,
    and their product is the function: then −|g| ≤ f ≤ |g| squeezes the limit to 0."""
    p = step.parts
    bounded, factor, f = p["bounded"], p["factor"], p["function"]
    is_bounded = isinstance(bounded, (sympy.sin, sympy.cos)) and bounded.args[0].is_extended_real is not False
    same, _, _ = equivalent(bounded * factor, f)
    to_zero = _limit(factor, p["var"], p["point"], step.before.args[3] if len(step.before.args) > 3 else "+-")
    ok = is_bounded and same and to_zero == 0 and step.after == 0
    return _result(path, step, ok, "sympy-limit", f"|{sympy.sstr(bounded)}| ≤ 1; {sympy.sstr(factor)} → {to_zero}")


def check_abs_on_side(path, step, memo):
    """The rewritten function equals the original on the side approached: x = a ± t, t > 0."""
    x, a, side = step.parts["var"], step.parts["point"], step.parts["side"]
    t = sympy.Dummy("t", positive=True)
    at = {x: a + (t if side == "+" else -t)}
    before, after = step.before.args[0].xreplace(at), step.after.args[0].xreplace(at)
    passed, method, detail = equivalent(before, after)
    if passed:
        return _result(path, step, True, "one-side-" + method, detail)
    # a numeric fallback on that side only (t in (0, 1/10])
    ok = all(_close(before.xreplace({t: sympy.Rational(k, 97)}), after.xreplace({t: sympy.Rational(k, 97)}))
             for k in range(1, 10))
    return _result(path, step, ok, "one-side-numeric", "compared at nine points on that side")


def _side_limit(f, x, a, side):
    try:
        return _limit(f, x, a, side)
    except ValueError:
        return S.NaN


def _no_single_limit(value) -> bool:
    return isinstance(value, sympy.AccumBounds) or value is S.NaN


def check_one_sided(path, step, memo):
    p = step.parts
    f, x, a = p["function"], p["var"], p["point"]
    claimed = {}
    for eq in p["sides"]:
        side = str(eq.lhs.args[3])
        value = _side_limit(f, x, a, side)
        if str(eq.rhs) == "no limit":
            if not _no_single_limit(value):
                return _result(path, step, False, "sympy-limit", f"from the {side} side the limit is {value}")
        elif not (value == eq.rhs or (value.is_finite and eq.rhs.is_finite and equivalent(value, eq.rhs)[0])):
            return _result(path, step, False, "sympy-limit", f"from the {side} side the limit is {value}")
        claimed[side] = eq.rhs
    if "no limit" in map(str, claimed.values()):  # one side has no limit (checked above): neither has f
        return _result(path, step, step.after == DOES_NOT_EXIST_TEXT, "sympy-limit", "one side has no limit")
    if len(claimed) == 1:  # one side only: f must be undefined on the other
        from .limits import domain_side

        only = domain_side(f, x, a)
        ok = only == next(iter(claimed)) and step.after == next(iter(claimed.values()))
        return _result(path, step, ok, "sympy-limit", f"f is real only on the {only} side")
    values = set(claimed.values())
    expected = next(iter(values)) if len(values) == 1 else DOES_NOT_EXIST_TEXT
    return _result(path, step, step.after == expected, "sympy-limit", f"one-sided limits {sympy.sstr(claimed)}")


def check_oscillating(path, step, memo):
    """sympy.limit finds no single value, and f really is 1 and −1 at the listed points, which
    approach the limit point."""
    p = step.parts
    f, x, a, n = p["function"], p["var"], p["point"], p["n"]
    side = p.get("side", "+-")
    value = _side_limit(f, x, a, side)
    if not _no_single_limit(value) or step.after != DOES_NOT_EXIST_TEXT or _zero(p["high"] - p["low"]):
        return _result(path, step, False, "sympy-limit", f"sympy.limit gives {value}")
    for points, target in ((p["peaks"], p["high"]), (p["troughs"], p["low"])):
        point = points[0]
        for k in range(1, 6):
            at = point.xreplace({n: k})
            if not _zero(f.xreplace({x: at}) - target):
                return _result(path, step, False, "substitute", f"f({sympy.sstr(at)}) is not {target}")
        if sympy.limit(point, n, S.Infinity) != a:
            return _result(path, step, False, "sympy-limit", f"{sympy.sstr(point)} does not approach {a}")
    return _result(path, step, True, "sympy-limit+substitute", f"sympy.limit gives {value}")


def check_no_limit(path, step, memo):
    f, x, a = step.parts["function"], step.parts["var"], step.parts["point"]
    left, right = _limit(f, x, a, "-"), _limit(f, x, a, "+")
    return _result(path, step, left != right, "sympy-limit", f"left {sympy.sstr(left)}, right {sympy.sstr(right)}")


# ----------------------------------------------------------------------------- backpropagation
def check_forward_pass(path, step, memo):
    graph = list(step.after)
    value = graph[-1].rhs
    for eq in reversed(graph[:-1]):
        value = value.xreplace({eq.lhs: eq.rhs})
    passed, method, detail = equivalent(value, step.before)
    return _result(path, step, passed, "recompose-" + method, detail)


def _value(e):
    """Arithmetic shown as written (``Times``) carried out."""
    return e.doit() if isinstance(e, Times) else e


def check_chain_product(path, step, memo):
    graph = list(step.parts["graph"])
    value = _value(step.after)
    for eq in reversed(graph):
        value = value.xreplace({eq.lhs: eq.rhs})
    f = graph[-1].rhs
    for eq in reversed(graph[:-1]):
        f = f.xreplace({eq.lhs: eq.rhs})
    passed, method, detail = equivalent(value, sympy.diff(f, step.parts["var"]))
    return _result(path, step, passed, "sympy-diff-" + method, detail)


def check_substitute_intermediates(path, step, memo):
    mapping = dict(step.parts["mapping"])
    value = _value(step.before)
    for _ in range(len(mapping)):
        value = value.xreplace(mapping)
    passed, method, detail = equivalent(value, _value(step.after))
    return _result(path, step, passed, "substitute-" + method, detail)


STEP_CHECKS = {
    Rule.EVALUATE_AT_POINT: check_evaluate,
    Rule.CRITICAL_EQUATIONS: check_critical_points,
    Rule.SOLVE_ONE_UNKNOWN: check_solve_one_unknown,
    Rule.ZERO_PRODUCT: check_zero_product,
    Rule.SOLVE_FOR_UNKNOWN: check_solve_for_unknown,
    Rule.SUBSTITUTE_VALUES: check_substitute_values,
    Rule.CASE: check_case,
    Rule.NO_SOLUTION: check_no_solution,
    Rule.BACK_SUBSTITUTE_VALUE: check_back_substitute,
    Rule.CONCAVITY_TEST: check_concavity,
    Rule.HIGHER_DERIVATIVE_TEST: check_higher_order,
    Rule.INCONCLUSIVE_TEST: check_higher_order,
    Rule.SECOND_PARTIALS_TEST: check_second_partials,
    Rule.PRINCIPAL_MINORS_TEST: check_principal_minors,
    Rule.GLOBAL_EXTREMUM: check_global,
    Rule.NO_GLOBAL_EXTREMUM: check_no_global,
    Rule.TANGENT_LINE: check_tangent,
    Rule.GRADIENT_DESCENT: check_chain,
    Rule.NEWTON: check_chain,
    Rule.GRADIENT_DESCENT_STEP: check_descent_step,
    Rule.NEWTON_STEP: check_newton_step,
    Rule.CONVERGED: check_converged,
    Rule.DESCENDING: check_descending,
    Rule.DIVERGED: check_diverged,
    Rule.CYCLE: check_cycle,
    Rule.ZERO_DERIVATIVE: check_zero_derivative,
    Rule.SINGULAR_HESSIAN: check_singular_hessian,
    Rule.INDETERMINATE_FORM: check_indeterminate,
    Rule.FACTOR_AND_CANCEL: check_same_function,
    Rule.REWRITE_LIMIT: check_same_function,
    Rule.LHOPITAL: check_lhopital,
    Rule.LIMIT_DOES_NOT_EXIST: check_no_limit,
    Rule.MULTIPLY_BY_CONJUGATE: check_same_function,
    Rule.SQUEEZE_THEOREM: check_squeeze,
    Rule.ABS_ON_ONE_SIDE: check_abs_on_side,
    Rule.ONE_SIDED_LIMITS: check_one_sided,
    Rule.OSCILLATING_LIMIT: check_oscillating,
    Rule.DERIVATIVE_UNDEFINED: check_derivative_undefined,
    Rule.NEWTON_CURVATURE: check_newton_curvature,
    Rule.EXTREME_VALUE: check_extreme_value,
    Rule.FIRST_DERIVATIVE_TEST: check_first_derivative_test,
    Rule.FORWARD_PASS: check_forward_pass,
    Rule.CHAIN_PRODUCT: check_chain_product,
    Rule.SUBSTITUTE_INTERMEDIATES: check_substitute_intermediates,
}
# Rules checked by the default claim (``before.doit()`` equals ``after``): the derivative
# steps (Derivative objects), GRADIENT and HESSIAN (matrices of Derivatives), MIXED_PARTIALS,
# END_BEHAVIOUR, DIRECT_SUBSTITUTION, LIMIT_OF_PARTS, DOMINANT_TERMS, INFINITE_LIMIT and
# EXPONENTIAL_FORM (Limits, evaluated by sympy.limit), COMPUTATION_GRAPH and LOCAL_DERIVATIVE.


# ----------------------------------------------------------------------------- answers
def _data(solution):
    p = solution.problem
    return p.expr, tuple(p.data.get("variables", ())), p.data.get("point")


def _answer_matrix(solution, expected, method: str):
    _, variables, point = _data(solution)
    if point is not None:
        expected = expected.xreplace(dict(zip(variables, point, strict=True)))
    passed, how, detail = equivalent(Matrix(expected), solution.answer)
    return _answer(passed, f"{method}-{how}", detail)


def answer_gradient(solution):
    f, variables, _ = _data(solution)
    return _answer_matrix(solution, Matrix([sympy.diff(f, v) for v in variables]), "sympy-diff")


def answer_hessian(solution):
    f, variables, _ = _data(solution)
    return _answer_matrix(solution, Matrix(sympy.hessian(f, variables)), "sympy-hessian")


def answer_critical_points(solution):
    f, variables, _ = _data(solution)
    gradient = [sympy.diff(f, v) for v in variables]
    answer = dict(solution.answer)
    corners: list = []
    if len(variables) == 1:  # where f is defined but has no derivative: critical points too
        x = variables[0]
        gradient = [_real_equation(sympy.diff(_real_roots_form(f, x), x), x)]
        corners = _nondifferentiable(f, x)
        if corners is None:
            return _answer(False, "sympy-diff", "the points where f' is undefined are not a finite set")
    is_corner = {p: any(_zero(p - c) for c in corners) for p in answer} if corners else dict.fromkeys(answer, False)
    listed = [_coordinates(p) for p in answer if not is_corner[p]]
    if sum(is_corner.values()) != len(corners):
        return _answer(False, "sympy-diff+limit", f"f has no derivative at {sympy.sstr(corners)}: not all listed")
    for p in listed:
        mapping = dict(zip(variables, p, strict=True))
        if not all(_zero(g.xreplace(mapping)) for g in gradient):
            return _answer(False, "substitute", f"∇f ≠ 0 at {sympy.sstr(p)}")
    expected = _real_solutions(gradient, variables)
    if expected is None:
        return _answer(False, "sympy-solve", "sympy.solve could not confirm that no point is missing")
    passed, detail = _same_points(listed, expected, variables)
    if not passed:
        return _answer(False, "sympy-solve", detail)
    for point, kind in answer.items():
        coordinates = _coordinates(point)
        if is_corner[point]:
            x = variables[0]
            derivative = sympy.diff(_real_roots_form(f, x), x)
            sides = tuple(_sign_or_infinite(sympy.limit(derivative, x, point, d)) for d in ("-", "+"))
            if 0 in sides:
                return _answer(False, "sympy-limit", f"f' tends to 0 beside {sympy.sstr(point)}: sign not read")
            expected_kind = {(-1, 1): "minimum", (1, -1): "maximum"}.get(sides, "saddle")
        elif len(variables) == 1:
            expected_kind = _verdict_1d(_real_roots_form(f, variables[0]), variables[0], coordinates[0])[0]
        else:
            h = sympy.hessian(f, variables).xreplace(dict(zip(variables, coordinates, strict=True)))
            expected_kind = _eigen_verdict(h)[0]
        if expected_kind != str(kind):
            return _answer(False, "classification", f"{sympy.sstr(point)} is a {expected_kind}, not a {kind}")
    return _answer(True, "substitute+sympy-solve+classification", detail)


def answer_tangent(solution):
    f, x, a = solution.problem.expr, solution.problem.variable, solution.problem.data["point"]
    expected = f.subs(x, a) + sympy.diff(f, x).subs(x, a) * (x - a)
    line = solution.answer
    passed, method, detail = equivalent(line.rhs, expected)
    return _answer(passed and not line.lhs.has(x), "sympy-diff-" + method, detail)


_STOPS = (Rule.CONVERGED, Rule.ZERO_DERIVATIVE, Rule.SINGULAR_HESSIAN, Rule.DIVERGED, Rule.CYCLE)


def _last_remark(solution):
    """The step that says how the iteration ended (the curvature check comes after it)."""
    steps = [s for s in solution.steps if s.rule != Rule.NEWTON_CURVATURE]
    return steps[-1]


def answer_iterations(solution):
    """Start at the problem's point, every iteration recomputed, the answer is the last iterate,
    and the count is the one asked for unless a checked remark says why it stopped."""
    method = next(s for s in solution.steps if s.rule in (Rule.GRADIENT_DESCENT, Rule.NEWTON))
    start = solution.problem.data["point"]
    if not all(_close(a, b) for a, b in zip(_coordinates(method.before), start, strict=True)):
        return _answer(False, "recompute", "the iteration does not start at the given point")
    check = STEP_CHECKS[Rule.GRADIENT_DESCENT_STEP if method.rule == Rule.GRADIENT_DESCENT else Rule.NEWTON_STEP]
    for k, step in enumerate(method.substeps, start=1):
        result = check(str(k), step, {})
        if not result.passed:
            return _answer(False, "recompute", f"iteration {k} does not recompute")
    last = method.substeps[-1].after if method.substeps else method.before
    if _last_remark(solution).rule in (Rule.ZERO_DERIVATIVE, Rule.SINGULAR_HESSIAN):
        # broken down: the last iterate is a result only if it is a root (a critical point) itself
        f, variables = solution.problem.expr, list(solution.problem.data["variables"])
        mode = solution.problem.data.get("mode", "root") if len(variables) == 1 else "several"
        reached = _goal_reached(f, variables, _mapping(variables, last), mode)
        if not reached:
            ok = isinstance(solution.answer, str) and solution.answer_sympy == "nan"
            return _answer(ok, "recompute", "the method stopped where the derivative is 0 away from a root: "
                           + ("no result is given" if ok else "its last iterate is not a result"))
    if isinstance(solution.answer, str):
        return _answer(False, "recompute", "no result is given although the method did not break down")
    if not all(_close(a, b) for a, b in zip(_coordinates(last), _coordinates(solution.answer), strict=True)):
        return _answer(False, "recompute", "the answer is not the last iterate")
    asked = solution.problem.data["steps"]
    stopped = _last_remark(solution).rule in _STOPS
    ok = len(method.substeps) == asked or (stopped and len(method.substeps) < asked)
    return _answer(ok, "recompute", f"{len(method.substeps)} of {asked} iterations recomputed")


def answer_limit(solution):
    from .limits import DOES_NOT_EXIST

    p = solution.problem
    f, x, a, side = p.expr, p.variable, p.data["point"], p.data.get("side", "+-")
    if side == "+-" and a.is_finite:  # f real on one side only: the limit is that side's
        from .limits import domain_side

        side = domain_side(f, x, a) or side
    if solution.answer == DOES_NOT_EXIST:
        if side != "+-" or a.is_infinite:
            value = _side_limit(f, x, a, side)
            return _answer(_no_single_limit(value), "sympy-limit", f"sympy.limit gives {sympy.sstr(value)}")
        left, right = _side_limit(f, x, a, "-"), _side_limit(f, x, a, "+")
        ok = left != right or _no_single_limit(left) or _no_single_limit(right)
        return _answer(ok, "sympy-limit", f"left {sympy.sstr(left)}, right {sympy.sstr(right)}")
    try:
        expected = _limit(f, x, a, side)
    except ValueError as exc:  # sympy: the one-sided limits differ
        return _answer(False, "sympy-limit", str(exc))
    passed, method, detail = equivalent(expected, solution.answer) if expected != solution.answer else \
        (True, "identical", "")
    return _answer(passed, "sympy-limit-" + method, detail)


ANSWER_CHECKS = {
    "gradient": answer_gradient,
    "hessian": answer_hessian,
    "critical_points": answer_critical_points,
    "tangent_line": answer_tangent,
    "gradient_descent": answer_iterations,
    "newton": answer_iterations,
    "limit": answer_limit,
}
