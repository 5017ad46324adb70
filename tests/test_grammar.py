"""grammar.parse: problem text -> Problem (shared/spec/problems.md, "Expressions" and the
derivative rows of "Calculus").

Every table row is ``pytest.param(text, ..., id=text)`` so a failure names the input.
Expected values are built with sympy directly; ``==`` compares structure after sympy's
automatic evaluation, which is canonical for every row here.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sympy

from grammar import (
    InputTooLong,
    InvalidArgument,
    Limits,
    ParseError,
    StepsolverError,
    TooExpensive,
    make_symbol,
    parse,
)

ROOT = Path(__file__).resolve().parents[1]

a, b, c, d, n, t, x, y, z = (make_symbol(s) for s in "abcdntxyz")
alpha, beta, theta, mu = (make_symbol(s) for s in ("alpha", "beta", "theta", "mu"))
E, IMAG, pi, oo = sympy.E, sympy.I, sympy.pi, sympy.oo
R = sympy.Rational
M = sympy.ImmutableMatrix


def row(text, *rest, marks=(), id=None):
    """One table row whose id is the input text (or ``id`` for very long inputs)."""
    return pytest.param(text, *rest, marks=marks, id=text if id is None else id)


def bug(reason):
    """A spec-contradicting behaviour of the parser: kept as a strict expected failure."""
    return pytest.mark.xfail(reason=reason, strict=True)


def matrix_text(rows, cols):
    return "[" + ", ".join("[" + ", ".join(["1"] * cols) + "]" for _ in range(rows)) + "]"


# ------------------------------------------------------------------ expressions
EXPRESSIONS = [
    # implicit multiplication
    row("2x", 2 * x),
    row("3(x+1)", 3 * (x + 1)),
    row("(x+1)(x-1)", (x + 1) * (x - 1)),
    row("2 sin x", 2 * sympy.sin(x)),
    row("x y", x * y),
    row("xy", x * y),
    row("ab", a * b),
    row("2(x)(y)", 2 * x * y),
    row("x sin x", x * sympy.sin(x)),
    row("2x^2", 2 * x**2),
    row("1.5x", R(3, 2) * x),
    row("x -1", x - 1),
    # powers
    row("x^2", x**2),
    row("x**2", x**2),
    row("x²", x**2),
    row("x³", x**3),
    row("x⁻¹", 1 / x),
    row("e^x", sympy.exp(x)),
    row("e^(2x)", sympy.exp(2 * x)),
    row("x^y^z", x ** (y**z)),
    row("2^3^2", sympy.Integer(512)),
    row("-x^2", -(x**2)),
    row("-2^2", sympy.Integer(-4)),
    row("2^-x", 2 ** (-x)),
    row("x^-2", x ** (-2)),
    row("x^(1/2)", sympy.sqrt(x)),
    row("2^10", sympy.Integer(1024)),
    # roots
    row("sqrt(x)", sympy.sqrt(x)),
    row("√x", sympy.sqrt(x)),
    row("√(x+1)", sympy.sqrt(x + 1)),
    row("3√x", 3 * sympy.sqrt(x)),
    row("root(x, 3)", sympy.root(x, 3)),
    row("cbrt(x)", sympy.cbrt(x)),
    row("∛x", sympy.cbrt(x)),
    # functions and how they bind
    row("sin x", sympy.sin(x)),
    row("sin(x)", sympy.sin(x)),
    row("sin 2x", sympy.sin(2 * x)),
    row("sin x cos x", sympy.sin(x) * sympy.cos(x)),
    row("sin 2x cos x", sympy.sin(2 * x) * sympy.cos(x)),
    row("sin(2x)cos(x)", sympy.sin(2 * x) * sympy.cos(x)),
    row("sin x^2", sympy.sin(x**2)),
    row("sin x + 1", sympy.sin(x) + 1),
    row("sin x/2", sympy.sin(x) / 2),
    row("sin(x)^2", sympy.sin(x) ** 2),
    row("sin^2 x", sympy.sin(x) ** 2),
    row("sin^2(x)", sympy.sin(x) ** 2),
    row("sin² x", sympy.sin(x) ** 2),
    row("cos^2 x + sin^2 x", sympy.cos(x) ** 2 + sympy.sin(x) ** 2),
    row("sin^-1 x", sympy.asin(x)),
    row("sin⁻¹ x", sympy.asin(x)),
    row("cos^-1(x)", sympy.acos(x)),
    row("tan^-1 x", sympy.atan(x)),
    row("arcsin x", sympy.asin(x)),
    row("asin x", sympy.asin(x)),
    row("e^sin x", sympy.exp(sympy.sin(x))),
    row("sin |x|", sympy.sin(sympy.Abs(x))),
    row("exp(x)", sympy.exp(x)),
    row("exp x", sympy.exp(x)),
    row("ln x", sympy.log(x)),
    row("ln(x)", sympy.log(x)),
    row("log x", sympy.log(x)),
    row("log(x)", sympy.log(x)),
    row("log_2(x)", sympy.log(x, 2)),
    row("log_10 x", sympy.log(x, 10)),
    row("log(x, 10)", sympy.log(x, 10)),
    row("log(8, 2)", sympy.Integer(3)),
    row("abs(x)", sympy.Abs(x)),
    row("|x|", sympy.Abs(x)),
    row("|x - 1|", sympy.Abs(x - 1)),
    row("2|x|", 2 * sympy.Abs(x)),
    row("|x||y|", sympy.Abs(x) * sympy.Abs(y)),
    row("| x | + | y |", sympy.Abs(x) + sympy.Abs(y)),
    row("SIN x", sympy.sin(x)),
    row("Sin(x)", sympy.sin(x)),
    row("SQRT(x)", sympy.sqrt(x)),
    # constants
    row("pi", pi),
    row("π", pi),
    row("PI", pi),
    row("2pi", 2 * pi),
    row("e", E),
    row("i", IMAG),
    row("oo", oo),
    row("∞", oo),
    row("infinity", oo),
    # symbols
    row("alpha", alpha),
    row("α", alpha),
    row("β", beta),
    row("θ", theta),
    row("theta", theta),
    row("μ", mu),
    row("α β", alpha * beta),
    row("x1", make_symbol("x_1")),
    row("x_1", make_symbol("x_1")),
    row("2x1", 2 * make_symbol("x_1")),
    row("theta_0", make_symbol("theta_0")),
    row("θ_0", make_symbol("theta_0")),
    row("x1 - x_1", sympy.Integer(0)),
    # factorial
    row("n!", sympy.factorial(n)),
    row("2n!", 2 * sympy.factorial(n)),
    row("(x+1)!", sympy.factorial(x + 1)),
    # left to right
    row("a/b c", (a / b) * c),
    row("1/2 x", x / 2),
    row("2/3/4", R(1, 6)),
    row("1-2-3", sympy.Integer(-4)),
    row("x--1", x + 1),
    row("+x", x),
    row("((x))", x),
    # unicode operators
    row("2 × x", 2 * x),
    row("2 · x", 2 * x),
    row("2⋅x", 2 * x),
    row("x ÷ 2", x / 2),
    row("6 ÷ 3", sympy.Integer(2)),
    row("5 − x", 5 - x),
    row("−x", -x),
    # exact decimals
    row("0.1", R(1, 10)),
    row(".5", R(1, 2)),
    row("2.50", R(5, 2)),
    row("0.1 + 0.2", R(3, 10)),
    row("x + 0.5", x + R(1, 2)),
    # trailing ? and . and leading words
    row("x^2?", x**2),
    row("x^2.", x**2),
    row("x + 1.", x + 1),
    row("what is 2x?", 2 * x),
    row("compute 2 × 3", sympy.Integer(6)),
]


@pytest.mark.parametrize(("text", "expected"), EXPRESSIONS)
def test_expression(text, expected):
    problem = parse(text)
    assert problem.kind == "expression"
    assert problem.expr == expected
    assert problem.variable is None
    assert problem.order == 1
    assert all(s.is_real for s in problem.expr.free_symbols), "every variable is real"


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "sec", "csc", "cot",
                                  "asin", "acos", "atan", "asec", "acsc", "acot",
                                  "sinh", "cosh", "tanh", "exp"])
@pytest.mark.parametrize("form", ["{} x", "{}(x)", "{}(2x + 1)"])
def test_named_functions(name, form):
    expected_arg = x if form != "{}(2x + 1)" else 2 * x + 1
    assert parse(form.format(name)).expr == getattr(sympy, name)(expected_arg)


@pytest.mark.parametrize(("text", "expected"), [
    row("arccos x", sympy.acos(x)),
    row("arctan x", sympy.atan(x)),
    row("arcsec x", sympy.asec(x)),
    row("arccsc x", sympy.acsc(x)),
    row("arccot x", sympy.acot(x)),
    row("sec^-1 x", sympy.asec(x)),
    row("sin^(-1) x", sympy.asin(x)),
    row("sinh^-1 x", sympy.asinh(x)),
    row("ln^-1 x", 1 / sympy.log(x)),
])
def test_inverse_functions(text, expected):
    assert parse(text).expr == expected


def test_decimals_stay_exact():
    expr = parse("0.1").expr
    assert isinstance(expr, sympy.Rational)
    assert expr == R(1, 10)
    assert not parse("x + 0.25").expr.has(sympy.Float)


def test_capital_i_is_a_variable_and_capital_e_means_expectation():
    # names.CASE_SENSITIVE_CONSTANTS: only lower-case e and i are constants; E[X] is an expectation.
    assert parse("I").expr == make_symbol("I")
    assert parse("E[X] where X ~ Poisson(2)").kind == "moment"


def test_problem_text_drops_trailing_punctuation():
    assert parse("  x^2?  ").text == "x^2"
    assert parse("x^2 .").text == "x^2"


# ------------------------------------------------------------------ relations
RELATIONS = [
    row("x = 2", sympy.Eq(x, 2, evaluate=False)),
    row("x < 2", sympy.Lt(x, 2, evaluate=False)),
    row("x <= 2", sympy.Le(x, 2, evaluate=False)),
    row("x ≤ 2", sympy.Le(x, 2, evaluate=False)),
    row("x > 2", sympy.Gt(x, 2, evaluate=False)),
    row("x >= 2", sympy.Ge(x, 2, evaluate=False)),
    row("x ≥ 2", sympy.Ge(x, 2, evaluate=False)),
    row("x != 2", sympy.Ne(x, 2, evaluate=False)),
    row("x ≠ 2", sympy.Ne(x, 2, evaluate=False)),
    row("x^2 = 4", sympy.Eq(x**2, 4, evaluate=False)),
    row("sin x = 0", sympy.Eq(sympy.sin(x), 0, evaluate=False)),
    # evaluate=False: a true statement stays a statement, not True
    row("1 < 2", sympy.Lt(1, 2, evaluate=False)),
    row("2 = 2", sympy.Eq(2, 2, evaluate=False)),
    row("5! = 120", sympy.Eq(sympy.factorial(5, evaluate=False), 120, evaluate=False)),
]


@pytest.mark.parametrize(("text", "expected"), RELATIONS)
def test_relation(text, expected):
    problem = parse(text)
    assert problem.kind == "expression"
    assert problem.expr == expected
    assert type(problem.expr) is type(expected)


# ------------------------------------------------------------------ matrices, tuples
MATRICES = [
    row("[[1,2],[3,4]]", M([[1, 2], [3, 4]])),
    row("[1 2; 3 4]", M([[1, 2], [3, 4]])),
    row("[1, 2; 3, 4]", M([[1, 2], [3, 4]])),
    row("[1 -2; 3 4]", M([[1, -2], [3, 4]])),
    row("[[1,2,3]]", M([[1, 2, 3]])),
    row("[1 2 3]", M([[1, 2, 3]])),
    row("[1 -2 3]", M([[1, -2, 3]])),
    row("[a b; c d]", M([[a, b], [c, d]])),
    row("[1/2 3; 4 5]", M([[R(1, 2), 3], [4, 5]])),
    row("[[1,2],[3,4]]^-1", M([[-2, 1], [R(3, 2), R(-1, 2)]])),
    row("[1 2; 3 4]^2", M([[7, 10], [15, 22]])),
    row(matrix_text(10, 10), M.ones(10, 10), id="10x10 matrix of ones"),
    row("[[5]]", M([[5]])),
]


@pytest.mark.parametrize(("text", "expected"), MATRICES)
def test_matrix(text, expected):
    expr = parse(text).expr
    if isinstance(expr, sympy.MatrixExpr) and not isinstance(expr, sympy.MatrixBase):
        expr = sympy.ImmutableMatrix(expr.doit())  # matrix arithmetic is kept unevaluated
    assert isinstance(expr, sympy.MatrixBase)
    assert expr.shape == expected.shape
    assert expr == expected


def test_vector_in_brackets():
    expr = parse("[1,2,3]").expr
    assert isinstance(expr, sympy.MatrixBase)
    assert list(expr) == [1, 2, 3]
    assert 1 in expr.shape


def test_brackets_without_separators_group():
    # `[x^2 sin x]` is a product in brackets, not a 1x1 matrix.
    assert parse("[x^2 sin x]").expr == x**2 * sympy.sin(x)


@pytest.mark.parametrize(("text", "expected"), [
    row("(1,2,3)", sympy.Tuple(1, 2, 3)),
    row("(1, 2)", sympy.Tuple(1, 2)),
    row("(x, y^2)", sympy.Tuple(x, y**2)),
])
def test_tuple(text, expected):
    expr = parse(text).expr
    assert isinstance(expr, sympy.Tuple)
    assert expr == expected


# ------------------------------------------------------------------ derivatives
DERIVATIVES = [
    # text, kind, expr, variable, order
    row("d/dx x^2", "derivative", x**2, x, 1),
    row("d/dx(x^2)", "derivative", x**2, x, 1),
    row("d / dx x^2", "derivative", x**2, x, 1),
    row("d/dx of x^2", "derivative", x**2, x, 1),
    row("d/dx (x^2 + 1)", "derivative", x**2 + 1, x, 1),
    row("d/dx x^2 + 3x", "derivative", x**2 + 3 * x, x, 1),
    row("d/dx sin x cos x", "derivative", sympy.sin(x) * sympy.cos(x), x, 1),
    row("derivative of x^2 sin x", "derivative", x**2 * sympy.sin(x), x, 1),
    row("derivative of sin(x)/x", "derivative", sympy.sin(x) / x, x, 1),
    row("DERIVATIVE OF x^2", "derivative", x**2, x, 1),
    row("differentiate x^3", "derivative", x**3, x, 1),
    row("Differentiate sin x", "derivative", sympy.sin(x), x, 1),
    row("differentiate x^2 with respect to x", "derivative", x**2, x, 1),
    row("derivative of x^2 with respect to x", "derivative", x**2, x, 1),
    row("derivative of t^3 with respect to t", "derivative", t**3, t, 1),
    row("derivative of 5", "derivative", sympy.Integer(5), x, 1),
    row("d/dt e^(2t)", "derivative", sympy.exp(2 * t), t, 1),
    row("d/dθ sin θ", "derivative", sympy.sin(theta), theta, 1),
    row("d/dθ sin(θ)", "derivative", sympy.sin(theta), theta, 1),
    row("d/dx_1 x_1^2", "derivative", make_symbol("x_1") ** 2, make_symbol("x_1"), 1),
    row("d^2/dx^2 x^4", "derivative", x**4, x, 2),
    row("d^2 / dx^2 x^3", "derivative", x**3, x, 2),
    row("d²/dx² x^4", "derivative", x**4, x, 2),
    row("d^3/dx^3 x^4", "derivative", x**4, x, 3),
    row("d^10/dx^10 x", "derivative", x, x, 10),
    row("second derivative of x^4", "derivative", x**4, x, 2),
    row("third derivative of x^4", "derivative", x**4, x, 3),
    row("2nd derivative of x^4", "derivative", x**4, x, 2),
    row("second derivative of x^3 with respect to x", "derivative", x**3, x, 2),
    row("find the derivative of x^2", "derivative", x**2, x, 1),
    row("Find the derivative of x^2.", "derivative", x**2, x, 1),
    row("what is the derivative of x^2?", "derivative", x**2, x, 1),
    row("What is the second derivative of sin x?", "derivative", sympy.sin(x), x, 2),
    row("the derivative of x^2 please", "derivative", x**2, x, 1),
    row("compute d/dx x^2", "derivative", x**2, x, 1),
    row("∂/∂x x^2", "partial_derivative", x**2, x, 1),
    row("partial derivative of x^2 with respect to x", "partial_derivative", x**2, x, 1),
]


@pytest.mark.parametrize(("text", "kind", "expr", "variable", "order"), DERIVATIVES)
def test_derivative(text, kind, expr, variable, order):
    problem = parse(text)
    assert problem.kind == kind
    assert problem.expr == expr
    assert problem.variable == variable
    assert problem.variable.is_real
    assert problem.order == order
    assert problem.notes == ()


SEVERAL_VARIABLES = [
    # text, kind, expr, variable, order, the variables treated as constants
    row("derivative of x^2 y with respect to y", "partial_derivative", x**2 * y, y, 1, ["x"]),
    row("derivative of x^2 y wrt y", "partial_derivative", x**2 * y, y, 1, ["x"]),
    row("d/dy x^2 y", "partial_derivative", x**2 * y, y, 1, ["x"]),
    row("∂/∂y x^2 y", "partial_derivative", x**2 * y, y, 1, ["x"]),
    row("partial derivative of x^2 y with respect to y", "partial_derivative", x**2 * y, y, 1, ["x"]),
    row("d/dx x^2 y", "partial_derivative", x**2 * y, x, 1, ["y"]),
    row("d/dx x y z", "partial_derivative", x * y * z, x, 1, ["y", "z"]),
    row("d/dx y^2", "partial_derivative", y**2, x, 1, ["y"]),
    row("∂²/∂x² x^2 y", "partial_derivative", x**2 * y, x, 2, ["y"]),
    row("∂^2/∂y^2 x^2 y^3", "partial_derivative", x**2 * y**3, y, 2, ["x"]),
    row("derivative of x^2 with respect to y", "partial_derivative", x**2, y, 1, ["x"]),
]


@pytest.mark.parametrize(("text", "kind", "expr", "variable", "order", "constants"),
                         SEVERAL_VARIABLES)
def test_derivative_with_several_variables(text, kind, expr, variable, order, constants):
    problem = parse(text)
    assert problem.kind == kind
    assert problem.expr == expr
    assert problem.variable == variable
    assert problem.order == order
    note = next((s for s in problem.notes if "constant" in s), None)
    assert note is not None, f"no 'treated as constant' note in {problem.notes}"
    listed = re.split(r" (?:is|are) treated", note)[0].split(", ")
    assert listed == constants
    assert str(variable) not in listed


def test_derivative_chooses_x_and_says_so():
    problem = parse("derivative of x y")
    assert problem.kind == "partial_derivative"
    assert problem.variable == x
    assert any("variable is taken to be x" in s for s in problem.notes)
    assert any("y is treated as constant" in s for s in problem.notes)


def test_derivative_of_an_equation_differentiates_the_right_side():
    problem = parse("derivative of y = x^2")
    assert problem.kind == "derivative"
    assert problem.expr == x**2
    assert problem.variable == x
    assert len(problem.notes) == 1


# ------------------------------------------------------------------ errors
def nested(k):
    return "(" * k + "x" + ")" * k


INVALID = [
    # text, error class, (line, column) or None where the parser gives no place, hint text
    # ("" means: a non-empty hint)
    row("sinn x", ParseError, (1, 1), "sin"),
    row("blorp(x^2)", ParseError, (1, 1), ""),
    row("foo(x)", ParseError, (1, 1), ""),
    row("xyz", ParseError, (1, 1), ""),
    row("derivatve of x^2", ParseError, (1, 1), "derivative"),
    row("sinx", ParseError, (1, 1), "sin x"),
    row("cosx^2", ParseError, (1, 1), "cos x"),
    row("2 3", ParseError, (1, 3), "operator"),
    row("x 2", ParseError, (1, 3), ""),
    row("x +", ParseError, (1, 4), ""),
    row("x *", ParseError, (1, 4), ""),
    row("x^^2", ParseError, (1, 3), ""),
    row("x = = 2", ParseError, (1, 5), ""),
    row("sin(x", ParseError, (1, 4), ")"),
    row("x)", ParseError, (1, 2), ""),
    row("(x]", ParseError, (1, 3), ""),
    row("|x", ParseError, (1, 1), "|"),
    row("((x)", ParseError, (1, 1), ")"),
    row("()", ParseError, (1, 2), ""),
    row("sin()", ParseError, (1, 5), ""),
    row("", ParseError, (1, 1), "", id="<empty>"),
    row("   ", ParseError, (1, 1), "", id="<spaces>"),
    row("?", ParseError, (1, 1), ""),
    row("@x", ParseError, (1, 1), ""),
    row("x @ y", ParseError, (1, 3), ""),
    row("f'(x)", ParseError, (1, 2), "derivative"),
    # LaTeX is read (tests/test_latex.py); an unknown command or an unclosed brace is not
    row("\\sinn x", ParseError, (1, 1), "\\sin"),
    row("{x", ParseError, (1, 1), "}"),
    row("sin(x, y)", ParseError, (1, 1), "sin(x)"),
    row("root(x)", ParseError, (1, 1), "root(x, 3)"),
    row("log(x, y, z)", ParseError, (1, 1), ""),
    row("d/dx", ParseError, (1, 5), ""),
    row("d/dxy x", ParseError, (1, 1), ""),
    row("derivative of", ParseError, (1, 14), ""),
    row("d^2/dx^3 x", ParseError, (1, 1), "d^2/dx^2"),
    row("d/dx x^2 with respect to y", ParseError, (1, 1), ""),
    row("1/0", InvalidArgument, None, ""),
    row("x/0", InvalidArgument, None, ""),
    row("1/(x-x)", InvalidArgument, None, ""),
    row("0^-1", InvalidArgument, None, None),
    row("(-1)!", InvalidArgument, None, None),
    row("log(x, 1)", InvalidArgument, (1, 1), ""),
    row("log_1(x)", InvalidArgument, (1, 1), ""),
    row("[1 2; 3]", InvalidArgument, None, ""),
    row("[[1,2],[3]]", InvalidArgument, None, ""),
    row("[1,2] + [1,2,3]", InvalidArgument, None, ""),
    row("d/dx x = 2", InvalidArgument, (1, 1), ""),
    row("sin([1,2])", InvalidArgument, (1, 1), None),
    row("2^2^2^2^2^2", TooExpensive, None, ""),
    row("2^10001", TooExpensive, None, ""),
    row("x^100000", TooExpensive, None, ""),
    row("(10^9)!", TooExpensive, None, ""),
    row("1001!", TooExpensive, None, ""),
    row(nested(100), TooExpensive, (1, 65), "", id="100 nested brackets"),
    row(nested(65), TooExpensive, (1, 65), "", id="65 nested brackets"),
    row("[" * 100 + "x" + "]" * 100, TooExpensive, (1, 65), "", id="100 nested ["),
    row("x^" * 300 + "x", TooExpensive, None, "", id="x^x^...^x 300 deep"),
    row(matrix_text(11, 11), TooExpensive, None, None, id="11x11 matrix"),
    row(matrix_text(11, 1), TooExpensive, None, None, id="11x1 matrix"),
    row("[" + "; ".join(["1 2"] * 11) + "]", TooExpensive, None, None, id="[1 2; ...] 11 rows"),
    row("[" + " ".join(["1"] * 11) + "]", TooExpensive, None, None, id="[1 1 ... 1] 11 columns"),
    row("11th derivative of x^2", TooExpensive, (1, 1), None),
    row("d^11/dx^11 x", TooExpensive, (1, 1), None),
    row("[1 2; 3 4", ParseError, (1, 1), "]"),
]


@pytest.mark.parametrize(("text", "cls", "at", "hint"), INVALID)
def test_invalid(text, cls, at, hint):
    with pytest.raises(StepsolverError) as info:
        parse(text)
    err = info.value
    assert type(err) is cls, f"{type(err).__name__}: {err}"
    assert err.message
    assert err.code == cls.code
    if at is not None:
        assert (err.line, err.column) == at
        if text.strip(" ?."):  # an empty input has nothing to point at
            assert err.context is not None
            assert err.context.splitlines()[1] == " " * (at[1] - 1) + "^"
            assert err.context in str(err)
    if hint is not None:
        assert err.hint, "a hint is given"
        assert hint.lower() in err.hint.lower()


@pytest.mark.parametrize(("text", "close"), [
    row("sinn x", "sin"),
    row("derivatve of x^2", "derivative"),
    row("pix", "pi"),
])
def test_unknown_word_suggests_closest_name(text, close):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert f"'{close}" in info.value.hint
    assert "unknown name" in info.value.message


def test_unknown_word_is_never_a_product_of_letters():
    for text in ("xyz", "abc x", "blorp(x^2)"):
        with pytest.raises(ParseError):
            parse(text)


def test_sinx_suggests_a_space():
    with pytest.raises(ParseError) as info:
        parse("sinx")
    assert "'sin x'" in info.value.hint


@pytest.mark.parametrize("text", [
    row("x^" * 300, id="x^ repeated 300 times"),
])
def test_deep_power_without_a_last_operand(text):
    # Ends with "^": a syntax error at the end is as good an answer as the depth limit.
    with pytest.raises((ParseError, TooExpensive)):
        parse(text)


def test_error_classes_map_to_http_status():
    assert ParseError.http_status == 400
    assert InputTooLong.http_status == 413
    assert InvalidArgument.http_status == 422
    assert TooExpensive.http_status == 422
    for cls in (ParseError, InputTooLong, InvalidArgument, TooExpensive):
        assert issubclass(cls, StepsolverError)


def test_parse_error_shows_input_with_caret():
    with pytest.raises(ParseError) as info:
        parse("x + @ y")
    err = info.value
    assert err.http_status == 400
    assert err.code == "parse_error"
    assert (err.line, err.column) == (1, 5)
    assert err.context == "x + @ y\n    ^"
    shown = str(err)
    assert "x + @ y\n    ^" in shown
    assert "line 1, column 5" in shown
    assert err.hint in shown
    assert err.to_dict()["column"] == 5


def test_caret_on_the_right_line_of_several():
    with pytest.raises(ParseError) as info:
        parse("x\n+ @")
    err = info.value
    assert (err.line, err.column) == (2, 3)
    assert err.context == "+ @\n  ^"


def test_caret_after_unicode_letters():
    with pytest.raises(ParseError) as info:
        parse("θ @")
    assert info.value.column == 3
    assert info.value.context == "θ @\n  ^"


@pytest.mark.parametrize(("text", "at"), [
    row("  @x", (1, 3)),
    row("\n\n@x", (3, 1), id="<newline><newline>@x"),
])
def test_error_location_counts_from_the_original_input(text, at):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert (info.value.line, info.value.column) == at


@pytest.mark.parametrize("text", [row("x = 2 = 3"), row("x < y < z")])
def test_chained_relation_hint_does_not_mention_a_bracket(text):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert "bracket" not in info.value.hint


def test_input_too_long():
    limit = Limits().max_input_chars
    with pytest.raises(InputTooLong) as info:
        parse("x" * (limit + 1))
    err = info.value
    assert err.http_status == 413
    assert err.code == "input_too_long"
    assert str(limit) in err.message
    assert err.hint


def test_input_at_the_length_limit_is_read():
    limit = Limits().max_input_chars
    assert parse("x" + " " * (limit - 1)).expr == x


def test_size_limits_just_inside():
    assert parse(nested(64)).expr == x
    assert parse("2^10000").expr == sympy.Integer(2) ** 10000
    assert parse("1000!").data["n"] == 1000  # a counting problem; the factorial stays unevaluated


def test_custom_limits_are_used():
    with pytest.raises(InputTooLong):
        parse("x + 1", Limits(max_input_chars=3))
    with pytest.raises(TooExpensive):
        parse("[1 2 3]", Limits(max_matrix_dim=2))
    with pytest.raises(TooExpensive):
        parse("4!", Limits(max_factorial=3))
    with pytest.raises(TooExpensive):
        parse("third derivative of x^4", Limits(max_derivative_order=2))


def test_errors_survive_pickling():
    # Errors cross the pipe from a solving process with every field intact.
    with pytest.raises(ParseError) as info:
        parse("sinn x")
    err = info.value
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is ParseError
    assert again.to_dict() == err.to_dict()


def test_huge_superscript_exponent_is_refused():
    # 9,999 superscript digits: over Python's default int/str digit limit, inside ours.
    with pytest.raises(TooExpensive):
        parse("x" + "²" * (Limits().max_input_chars - 1))


def test_accepted_big_numbers_can_be_printed():
    # Answers are given as sympy strings; 3^10000 has 4,772 digits.
    assert len(sympy.sstr(parse("3^10000").expr)) == 4772


def test_nested_rational_powers_finish_quickly():
    code = ("from grammar import parse, StepsolverError\n"
            "try:\n    parse('(1/2)^' * 30 + '2')\nexcept StepsolverError:\n    pass\n")
    try:
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=5, check=True,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        pytest.fail("parse did not finish within 5 seconds")


@pytest.mark.parametrize(("text", "n"), [row("5!", 5), row("0!", 0)])
def test_a_whole_number_factorial_is_a_counting_problem(text, n):
    problem = parse(text)
    assert problem.kind == "counting"
    assert problem.data == {"operation": "factorial", "n": n, "k": 0}


# ----------------------------------------------------------------------------- other ways people write it
SYNONYMS = [
    # (the way a student or a calculator writes it, the spec's own form)
    ("t-test of 12, 15, 11, 14 against mean 12 with alternative greater",
     "t-test of 12, 15, 11, 14 against mean 12 alternative greater"),
    ("limit of x ln x as x -> 0+", "limit of x ln x as x -> 0 from the right"),
    ("limit of x ln x as x -> 0^+", "limit of x ln x as x -> 0 from the right"),
    ("limit of 1/x as x → 0⁻", "limit of 1/x as x -> 0 from the left"),
    ("limit of 1/x as x -> 0-", "limit of 1/x as x -> 0 from the left"),
    ("expected value of X where X ~ Binomial(10, 0.3)", "E[X] where X ~ Binomial(10, 0.3)"),
    ("P(X <= 1) where X ~ Exp(2)", "P(X <= 1) where X ~ Exponential(2)"),
    ("P(X = 2) where X ~ Bin(10, 0.3)", "P(X = 2) where X ~ Binomial(10, 0.3)"),
    ("P(X = 2) where X ~ Pois(3)", "P(X = 2) where X ~ Poisson(3)"),
    ("10C3", "10 choose 3"),
    ("nCr(10, 3)", "C(10, 3)"),
    ("10P3", "P(10, 3)"),
    ("nPr(10, 3)", "P(10, 3)"),
    ("5 number summary of 1, 2, 3, 4, 5", "five number summary of 1, 2, 3, 4, 5"),
    ("95% confidence interval for a proportion given 120 successes out of 200 trials",
     "95% confidence interval for a proportion given 120 successes in 200 trials"),
    ("P(A|B) given P(A)=1%, P(B|A)=90%, P(B|not A)=5%", "P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05"),
    ("P(A or B) given P(A)=0.5, P(B)=0.4, A and B mutually exclusive",
     "P(A or B) given P(A)=0.5, P(B)=0.4, P(A and B)=0"),
    ("P(A or B) given P(A)=0.5, P(B)=0.4, A and B are disjoint", "P(A or B) given P(A)=0.5, P(B)=0.4, P(A and B)=0"),
]


@pytest.mark.parametrize(("text", "same_as"), SYNONYMS, ids=[s[0] for s in SYNONYMS])
def test_other_ways_of_writing_a_problem_read_the_same(text, same_as):
    a, b = parse(text), parse(same_as)
    assert (a.kind, a.expr, a.data) == (b.kind, b.expr, b.data)


@pytest.mark.parametrize("text", ["d/dx exp(x)", "d/dx 2c3 x", "mean of 1, 2, 3", "d/dx x + 1",
                                  "limit of x + 1 as x -> 2"])
def test_the_new_spellings_take_nothing_from_expressions(text):
    """exp stays the function, a lower-case c3 a letter, a trailing + inside a sum an operator."""
    problem = parse(text)
    assert problem.kind in ("derivative", "partial_derivative", "descriptive_statistics", "limit")


def test_a_function_is_not_a_distribution():
    with pytest.raises(InvalidArgument) as info:
        parse("P(X <= 1) where X ~ sin(2)")
    assert info.value.column == 21 and "Exp" in info.value.hint


SUMMARY_FORMS = [
    ("z-score of 130 given mean 100 and sd 15", "descriptive_statistics",
     {"statistic": "z_score", "x": 130, "mean": 100, "sd": 15}),
    ("z-score of 130 with mean 100 and standard deviation 15", "descriptive_statistics",
     {"statistic": "z_score", "x": 130, "mean": 100, "sd": 15}),
    ("z-score of 85 given mean = 100, sd = 15", "descriptive_statistics",
     {"statistic": "z_score", "x": 85, "mean": 100, "sd": 15}),
    ("90th percentile of X where X ~ Normal(100, 15)", "quantile", {"p": sympy.Rational(9, 10)}),
    ("find x such that P(X < x) = 0.95 where X ~ N(100, 225)", "quantile", {"p": sympy.Rational(19, 20)}),
    ("find x such that P(X > x) = 0.1 where X ~ N(0, 1)", "quantile", {"p": sympy.Rational(9, 10)}),
    ("t-test given n = 25, mean = 52, sd = 5 against mean 50", "hypothesis_test",
     {"test": "one_sample_t", "n": 25, "mean": 52, "sd": 5, "mu0": 50, "alternative": "two-sided"}),
    ("t-test given n = 25, mean = 52, sd = 5 against mean 50 alternative greater at alpha = 0.01",
     "hypothesis_test", {"test": "one_sample_t", "alternative": "greater", "alpha": sympy.Rational(1, 100)}),
    ("z-test given n = 25, mean = 52 against mean 50 with sigma = 5", "hypothesis_test",
     {"test": "one_sample_z", "n": 25, "mean": 52, "sigma": 5, "mu0": 50}),
]


@pytest.mark.parametrize(("text", "kind", "data"), SUMMARY_FORMS, ids=[f[0] for f in SUMMARY_FORMS])
def test_summary_and_quantile_forms(text, kind, data):
    problem = parse(text)
    assert problem.kind == kind
    for key, value in data.items():
        assert problem.data[key] == value, key
