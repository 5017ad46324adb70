"""Property tests: random polynomials through the whole engine, against oracles it does not use.

Each polynomial is drawn as coefficients, written out as problem text for the parser and,
separately, built here as a sympy expression, so the oracle never sees what the parser read.
Oracles: ``sympy.diff`` and ``sympy.hessian``; for critical points, ``sympy.solve`` for the
set of points and the values of f around each point for its classification; plain
fractions for gradient descent; the rational function itself for limits.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from grammar import StepsolverError, make_symbol
from solver import solve

x, y = make_symbol("x"), make_symbol("y")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COEFFICIENTS = st.integers(min_value=-4, max_value=4)


def _text(terms: dict[tuple[int, int], int]) -> str:
    """``3*x^2*y^1 - 2*x^1*y^0 …``: the polynomial as a person would type it."""
    out = ""
    for (i, j), c in sorted(terms.items(), reverse=True):
        if c == 0:
            continue
        sign = ("-" if c < 0 else "") if not out else (" - " if c < 0 else " + ")
        out += f"{sign}{abs(c)}*x^{i}*y^{j}"
    return out


def _expr(terms: dict[tuple[int, int], int]):
    return sympy.Add(*(c * x**i * y**j for (i, j), c in terms.items()))


@st.composite
def polynomials(draw, max_degree: int = 3, variables: int = 2):
    """Coefficients of a polynomial in x (and y) of total degree ≤ ``max_degree``, not constant."""
    monomials = [(i, j) for i in range(max_degree + 1) for j in range(max_degree + 1 - i)
                 if variables == 2 or j == 0]
    terms = {m: draw(COEFFICIENTS) for m in monomials}
    assume(any(c and (i or j) for (i, j), c in terms.items()))
    return terms


def _variables(f):
    return tuple(sorted(f.free_symbols, key=lambda s: s.name))


# ----------------------------------------------------------------------------- gradient and Hessian
@SETTINGS
@given(polynomials(max_degree=4))
def test_gradient_is_sympy_diff(terms):
    f = _expr(terms)
    solution = solve("gradient of " + _text(terms))
    variables = _variables(f)
    assert solution.verified, solution.verification.failed
    assert solution.answer == sympy.ImmutableMatrix([sympy.expand(sympy.diff(f, v)) for v in variables]) or \
        all(sympy.expand(a - sympy.diff(f, v)) == 0 for a, v in zip(solution.answer, variables, strict=True))


@SETTINGS
@given(polynomials(max_degree=4), st.integers(-3, 3), st.integers(-3, 3))
def test_hessian_is_sympy_hessian(terms, p, q):
    f = _expr(terms)
    variables = _variables(f)
    point = (p, q)[: len(variables)]
    at = " at (" + ", ".join(map(str, point)) + ")" if len(variables) > 1 else f" at {variables[0]} = {p}"
    solution = solve("hessian of " + _text(terms) + at)
    expected = sympy.hessian(f, variables).subs(dict(zip(variables, point, strict=True)))
    assert solution.verified, solution.verification.failed
    assert sympy.Matrix(solution.answer) == expected


# ----------------------------------------------------------------------------- critical points
def _value(expr, point: dict) -> mpmath.mpf:
    with mpmath.workdps(50):
        return mpmath.mpf(sympy.N(expr.xreplace(point), 50))


def _around(f, variables, point, h="1e-6") -> list[mpmath.mpf]:
    """f(p + h·d) − f(p) for unit directions d all around the point."""
    function = sympy.lambdify(variables, f, modules="mpmath")
    with mpmath.workdps(50):
        base = [mpmath.mpf(sympy.N(c, 60)) for c in point]
        f0 = function(*base)
        angles = [mpmath.pi * k / 90 for k in range(180)]  # every 2°: a saddle's downhill wedge can be narrow
        directions = [(1,), (-1,)] if len(variables) == 1 else [(mpmath.cos(t), mpmath.sin(t)) for t in angles]
        step = mpmath.mpf(h)
        return [function(*(c + step * k for c, k in zip(base, d, strict=True))) - f0 for d in directions]


def _real_zeros(gradient, variables) -> set[tuple]:
    """The real zeros of ∇f, rounded: numeric roots (nroots) when each component is a polynomial
    in its own variable (fast and independent of the engine's exact root isolation), else
    sympy.solve."""
    if all(g.free_symbols <= {v} for g, v in zip(gradient, variables, strict=True)):
        per_variable = []
        for g, v in zip(gradient, variables, strict=True):
            if g == 0:
                return set()  # not isolated: the engine refuses these
            square_free = sympy.Poly(g, v).sqf_part()  # nroots does not converge on a repeated root
            roots = square_free.nroots(n=30, maxsteps=200) if square_free.degree() > 0 else []
            per_variable.append(sorted({round(complex(r).real, 6) for r in roots if abs(complex(r).imag) < 1e-9}))
        return set(product(*per_variable))
    found = sympy.solve(gradient, list(variables), dict=True)
    return {tuple(round(complex(sympy.N(s[v], 30)).real, 6) for v in variables) for s in found
            if all(abs(complex(sympy.N(s[v], 30)).imag) < 1e-20 for v in variables)}


def _check_critical(solution, f, variables):
    assert solution.verified, solution.verification.failed
    gradient = [sympy.diff(f, v) for v in variables]
    points = dict(solution.answer)
    for point in points:
        coordinates = tuple(point) if isinstance(point, sympy.Tuple) else (point,)
        at = dict(zip(variables, coordinates, strict=True))
        assert all(abs(_value(g, at)) < 1e-30 for g in gradient)
    listed = {tuple(round(complex(sympy.N(c, 30)).real, 6)
                    for c in (tuple(p) if isinstance(p, sympy.Tuple) else (p,))) for p in points}
    assert listed == _real_zeros(gradient, variables)
    for point, kind in points.items():
        coordinates = tuple(point) if isinstance(point, sympy.Tuple) else (point,)
        changes = _around(f, variables, coordinates)
        if str(kind) == "minimum":
            assert all(c > 0 for c in changes), changes
        elif str(kind) == "maximum":
            assert all(c < 0 for c in changes), changes
        elif str(kind) == "saddle":
            assert any(c > 0 for c in changes) and any(c < 0 for c in changes), changes


@SETTINGS
@given(polynomials(max_degree=5, variables=1))
def test_critical_points_one_variable(terms):
    f = _expr(terms)
    try:
        solution = solve("critical points of " + _text(terms))
    except StepsolverError:
        assume(False)  # no critical point (a line) is an error with a message, tested elsewhere
        return
    _check_critical(solution, f, (x,))


@SETTINGS
@given(st.dictionaries(st.sampled_from([(2, 0), (1, 1), (0, 2), (1, 0), (0, 1), (0, 0)]), COEFFICIENTS))
def test_critical_points_of_quadratics(terms):
    terms = {m: c for m, c in terms.items() if c}
    assume({m for m in terms if m[0]} and {m for m in terms if m[1]})  # both variables present
    f = _expr(terms)
    try:
        solution = solve("critical points of " + _text(terms))
    except StepsolverError as exc:
        # a singular quadratic has no critical point or a whole line of them: either is said
        assert sympy.hessian(f, (x, y)).det() == 0, exc
        return
    _check_critical(solution, f, (x, y))


@SETTINGS
@given(polynomials(max_degree=4, variables=1), polynomials(max_degree=4, variables=1))
def test_critical_points_of_separable_polynomials(p_terms, q_terms):
    q_terms = {(0, i): c for (i, _), c in q_terms.items()}
    terms = dict(p_terms)
    for m, c in q_terms.items():
        terms[m] = terms.get(m, 0) + c
    f = _expr(terms)
    try:
        solution = solve("critical points of " + _text(terms))
    except StepsolverError:
        assume(False)
        return
    _check_critical(solution, f, _variables(f))


# ----------------------------------------------------------------------------- iterations, tangents, limits
@SETTINGS
@given(st.integers(1, 3), st.integers(-3, 3), st.integers(-3, 3), st.integers(1, 4), st.integers(1, 6))
def test_gradient_descent_matches_fractions(a, b, start, tenths, steps):
    """f = a·x² + b·x with η = tenths/10, recomputed with Python fractions while exact."""
    rate = Fraction(tenths, 10)
    solution = solve(f"gradient descent on {a}*x^2 + {b}*x from x = {start} with learning rate {rate} for {steps} steps")
    assert solution.verified, solution.verification.failed
    point = Fraction(start)
    for _ in range(solution.extra["iterations"]):
        point -= rate * (2 * a * point + b)
    got = solution.answer
    if got.is_Rational:
        assert Fraction(got.p, got.q) == point
    else:
        assert abs(float(got) - float(point)) <= 1e-8 * max(1.0, abs(float(point)))


@SETTINGS
@given(polynomials(max_degree=4, variables=1), st.integers(-3, 3))
def test_tangent_line(terms, a):
    f = _expr(terms)
    solution = solve(f"tangent line to {_text(terms)} at x = {a}")
    slope = sympy.diff(f, x).subs(x, a)
    assert solution.verified
    assert sympy.expand(solution.answer.rhs - (f.subs(x, a) + slope * (x - a))) == 0


@SETTINGS
@given(polynomials(max_degree=3, variables=1), polynomials(max_degree=2, variables=1), st.integers(-3, 3))
def test_removable_limit(p_terms, q_terms, a):
    """(x − a)·p/((x − a)·q) as x → a is p(a)/q(a): factoring and cancelling, or L'Hôpital."""
    p, q = _expr(p_terms), _expr(q_terms)
    assume(q.subs(x, a) != 0 and p.subs(x, a) != 0)
    text = f"limit of ((x - ({a}))*({_text(p_terms)}))/((x - ({a}))*({_text(q_terms)})) as x -> {a}"
    solution = solve(text)
    assert solution.verified, solution.verification.failed
    assert sympy.simplify(solution.answer - p.subs(x, a) / q.subs(x, a)) == 0


@SETTINGS
@given(polynomials(max_degree=3, variables=1), polynomials(max_degree=3, variables=1), st.sampled_from(["oo", "-oo"]))
def test_limit_at_infinity_by_leading_terms(p_terms, q_terms, end):
    p, q = sympy.Poly(_expr(p_terms), x), sympy.Poly(_expr(q_terms), x)
    solution = solve(f"limit of ({_text(p_terms)})/({_text(q_terms)}) as x -> {end}")
    k = p.degree() - q.degree()
    c = sympy.Rational(p.LC(), q.LC())
    if k < 0:
        expected = 0
    elif k == 0:
        expected = c
    else:
        sign = sympy.sign(c) if end == "oo" else sympy.sign(c) * (-1) ** k
        expected = sympy.oo if sign > 0 else -sympy.oo
    assert solution.verified
    assert solution.answer == expected


# ----------------------------------------------------------------------------- where f' does not exist
@SETTINGS
@given(st.integers(-3, 3).filter(bool), st.integers(-3, 3), st.integers(-2, 2))
def test_corner_of_an_absolute_value(c, a, b):
    """c·|x − a| + b·x: one critical point, x = a, where f' does not exist (f' jumps from b − c
    to b + c).  With |b| < |c| a minimum when c > 0, a maximum when c < 0; with |b| > |c| f is
    monotonic and the point is neither; |b| = |c| is flat on one side (refused)."""
    text = f"critical points of {c}*|x - ({a})| + {b}*x"
    if abs(b) == abs(c):
        with pytest.raises(StepsolverError):
            solve(text)
        return
    solution = solve(text)
    assert solution.verified, solution.verification.failed
    kind = "saddle" if abs(b) > abs(c) else "minimum" if c > 0 else "maximum"
    assert {k: str(v) for k, v in dict(solution.answer).items()} == {a: kind}


@SETTINGS
@given(polynomials(max_degree=2, variables=1), st.integers(-3, 3))
def test_jump_of_the_sign(p_terms, a):
    """p(x)·|x − a|/(x − a) as x → a: −p(a) from the left, p(a) from the right, so no limit
    unless p(a) = 0 (then 0)."""
    p = _expr(p_terms)
    solution = solve(f"limit of ({_text(p_terms)})*|x - ({a})|/(x - ({a})) as x -> {a}")
    assert solution.verified, solution.verification.failed
    value = p.subs(x, a)
    assert solution.answer == ("does not exist" if value != 0 else 0)
    if value != 0:
        sides = solution.steps[0].parts["sides"]
        assert [eq.rhs for eq in sides] == [-value, value]
