"""Integrals, technique by technique: problem text -> rules in the step tree -> answer, checked.

Integrands are written out by hand, so each row is a third opinion beside the parser and the
engine.  An antiderivative is never compared with an expected one structurally (constants of
integration differ): it is differentiated and compared with the integrand at points where the
integrand is real.  Definite rows compare the exact value and the decimal numerically.

Rows marked ``bug(...)`` are known engine defects, kept as strict xfails so that a fix shows up
as an XPASS and the mark has to go.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
import sympy
from sympy import (
    Abs,
    E,
    Integral,
    Rational,
    asin,
    atan,
    cos,
    cosh,
    cot,
    csc,
    erf,
    exp,
    log,
    oo,
    pi,
    sec,
    sech,
    sin,
    sinh,
    sqrt,
    tan,
    tanh,
)
from sympy.integrals import manualintegrate as sympy_manualintegrate

import grammar
from grammar import make_symbol
from solver import solve
from solver.calculus.integral import NonElementary
from solver.rules import Rule
from solver.steps import Solution
from solver.verify import STEP_CHECKS, verify

x, t, theta, u, a = (make_symbol(n) for n in ("x", "t", "theta", "u", "a"))
C = sympy.Symbol("C")


@pytest.fixture(autouse=True)
def _fresh_parts_counter():
    """sympy's ``integral_steps`` counts, process-wide, how often sin/cos/exp served as u in
    integration by parts and refuses after three; only ``manualintegrate()`` resets the count,
    and the engine never calls it (see ``test_parts_counter_does_not_leak_between_solves``).
    Each row here is measured on its own, as if it were the process's first problem."""
    sympy_manualintegrate._parts_u_cache.clear()


def bug(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


class _Fixed(tuple):
    """No marks, and an identity decorator: the row or test now guards the fix."""

    def __call__(self, test):
        return test


def fixed(reason: str) -> _Fixed:
    """A defect these tests found that has since been fixed; ``reason`` says what it was."""
    return _Fixed()


# ----------------------------------------------------------------------------- numbers
# Points off the special values, on both sides of 0 and beyond ±1, ±2, ±3 (for √(x² − 9)).
POINTS = (0.37, 0.71, 1.13, 1.61, 2.29, 3.07, 3.71, 5.9, -0.43, -0.89, -1.37, -2.47, -3.3, -4.6)
PARAMETERS = {a: sympy.Float("1.7", 30)}  # other letters in an integrand get a fixed value


def value_at(expr, var, point) -> complex | None:
    try:
        v = complex(expr.xreplace({var: sympy.Float(point, 30), **PARAMETERS}).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if v != v or abs(v) == math.inf:
        return None
    return v


def assert_antiderivative(F, f, var):
    """d/dvar F equals f wherever f is real: numerically, at several points."""
    dF = sympy.diff(F, var)
    checked = 0
    for p in POINTS:
        fv = value_at(f, var, p)
        if fv is None or abs(fv.imag) > 1e-12:
            continue  # outside the integrand's real domain
        dv = value_at(dF, var, p)
        assert dv is not None, f"d/d{var} of {F} is undefined at {var} = {p}, where the integrand is {fv.real}"
        assert abs(dv - fv) <= 1e-8 * max(1.0, abs(fv)), f"at {var} = {p}: d/d{var} F = {dv}, integrand = {fv}"
        checked += 1
    assert checked >= 3, f"only {checked} points in the domain of {f}"


def close(value, expected, tol=1e-9) -> bool:
    value, expected = (sympy.sympify(v).xreplace(PARAMETERS) for v in (value, expected))
    difference = complex(sympy.N(value - expected, 30))
    return abs(difference) <= tol * max(1.0, abs(complex(sympy.N(expected, 30))))


def rule_ids(solution: Solution) -> set[str]:
    return {step.rule.value for _, step in solution.walk()}


# ----------------------------------------------------------------------------- indefinite integrals
def row(text, rules, integrand, *marks, var=x):
    marks = tuple(m for m in marks if not isinstance(m, _Fixed))
    return pytest.param(text, frozenset(rules), integrand, var, id=text, marks=marks)


SUB = {"u_substitution", "change_of_variable", "back_substitution"}
DU = SUB | {"derivative"}  # a substitution that shows du as its own step
PARTS = {"integration_by_parts", "parts_formula", "derivative"}
CYCLIC = {"cyclic_integration_by_parts", "parts_formula", "solve_for_integral"}
PF = {"partial_fractions", "partial_fraction_coefficients"}
TRIG_SUB = {"trig_substitution", "trig_substitution_rewrite", "triangle_back_substitution"}

INDEFINITE = [
    # -- linearity, the power rule, 1/x -> ln|x|
    row("integrate 5 dx", {"integral_constant"}, sympy.Integer(5)),
    row("integrate 0 dx", {"integral_constant"}, sympy.Integer(0)),
    row("integrate x dx", {"integral_power"}, x),
    row("integrate x^5 dx", {"integral_power"}, x**5),
    row("integral of 3x^2 + 2x + 1 dx", {"integral_sum", "integral_constant_multiple", "integral_power", "integral_constant"},
        3 * x**2 + 2 * x + 1),
    row("integrate 4x^3 - 6x^2 + 2x - 7 dx", {"integral_sum", "integral_constant_multiple", "integral_power"},
        4 * x**3 - 6 * x**2 + 2 * x - 7),
    row("integrate x^-3 dx", {"integral_power"}, x**-3),
    row("integrate 1/x^2 dx", {"integral_power"}, 1 / x**2),
    row("integrate 1/x dx", {"integral_reciprocal"}, 1 / x),
    row("integrate 3/x dx", {"integral_constant_multiple", "integral_reciprocal"}, 3 / x),
    row("∫ sqrt(x) dx", {"integral_power"}, sqrt(x)),
    row("integrate x^(2/3) dx", {"integral_power"}, x ** Rational(2, 3)),
    row("integrate 1/sqrt(x) dx", {"integral_power"}, 1 / sqrt(x)),
    row("integrate cbrt(x) dx", {"integral_power"}, sympy.cbrt(x)),
    row("integrate x^pi dx", {"integral_power"}, x**pi),
    row("integrate pi x^2 dx", {"integral_constant_multiple", "integral_power"}, pi * x**2),
    row("integrate a x dx", {"integral_constant_multiple", "integral_power"}, a * x),
    row("integrate (x^2 + 1)/x dx", {"integral_power", "integral_reciprocal"}, (x**2 + 1) / x),
    row("integrate (x^3 - 2x + 5)/x^2 dx", {"integral_power", "integral_reciprocal"}, (x**3 - 2 * x + 5) / x**2),
    row("integrate (1 + x)/sqrt(x) dx", {"integral_power"}, (1 + x) / sqrt(x)),
    row("integrate (x + 1)^2 dx", SUB | {"integral_power"}, (x + 1) ** 2),
    # -- exponentials and logarithms
    row("integrate e^x dx", {"integral_exponential"}, exp(x)),
    row("integrate 3e^x - 2 dx", {"integral_sum", "integral_exponential", "integral_constant"}, 3 * exp(x) - 2),
    row("integrate e^(3x) dx", SUB | {"integral_exponential"}, exp(3 * x)),
    row("integrate e^(-x) dx", SUB | {"integral_exponential"}, exp(-x)),
    row("integrate 2^x dx", {"integral_exponential"}, 2**x),
    row("integrate 10^x dx", {"integral_exponential"}, 10**x),
    row("integrate 1/(2x + 3) dx", SUB | {"integral_reciprocal"}, 1 / (2 * x + 3)),
    row("integrate 1/(1 - x) dx", SUB | {"integral_reciprocal"}, 1 / (1 - x)),
    row("integrate ln x dx", PARTS, log(x)),
    row("integrate log_2(x) dx", PARTS, log(x) / log(2)),
    # -- the trigonometric table
    row("antiderivative of cos x", {"integral_trig"}, cos(x)),
    row("integrate sin x dx", {"integral_trig"}, sin(x)),
    row("integrate sec^2 x dx", {"integral_trig"}, sec(x) ** 2),
    row("integrate csc^2 x dx", {"integral_trig"}, csc(x) ** 2),
    row("integrate sec x tan x dx", {"integral_trig"}, sec(x) * tan(x)),
    row("integrate csc x cot x dx", {"integral_trig"}, csc(x) * cot(x)),
    row("integrate sec x dx", {"integral_trig"}, sec(x)),
    row("integrate csc x dx", {"integral_trig"}, csc(x)),
    row("integrate tan x dx", {"trig_identity", "u_substitution", "integral_reciprocal"}, tan(x)),
    row("integrate cot x dx", {"trig_identity", "u_substitution", "integral_reciprocal"}, cot(x)),
    row("integrate 3 sin x - 4 cos x dx", {"integral_sum", "integral_constant_multiple", "integral_trig"},
        3 * sin(x) - 4 * cos(x)),
    row("integrate cos(5x + 1) dx", SUB | {"integral_trig"}, cos(5 * x + 1)),
    row("integrate sec^2(3x) dx", SUB | {"integral_trig"}, sec(3 * x) ** 2,
        fixed("engine gap: sec²(3x) raises NonElementary ('no elementary antiderivative'); tan(3x)/3 is one")),
    # -- inverse trigonometric forms
    row("integrate 1/(1+x^2) dx", {"integral_inverse_trig"}, 1 / (1 + x**2)),
    row("integrate 1/sqrt(1-x^2) dx", {"integral_inverse_trig"}, 1 / sqrt(1 - x**2)),
    row("integrate 1/(x^2 + 4) dx", {"integral_inverse_trig"}, 1 / (x**2 + 4)),
    row("integrate 1/sqrt(4 - x^2) dx", {"integral_inverse_trig"}, 1 / sqrt(4 - x**2)),
    row("integrate 1/(1 + 4x^2) dx", {"integral_inverse_trig"}, 1 / (1 + 4 * x**2)),
    row("integrate 1/(x^2 + 2x + 5) dx", {"integral_inverse_trig"}, 1 / (x**2 + 2 * x + 5)),
    row("integrate 1/(x^2 + a^2) dx", {"integral_inverse_trig"}, 1 / (x**2 + a**2),
        fixed("engine gap: 1/(x² + a²) with a letter a raises NonElementary; atan(x/a)/a is the table form")),
    row("integrate 1/(4x^2 + a^2) dx", {"integral_inverse_trig"}, 1 / (4 * x**2 + a**2)),
    row("integrate 1/(x^2 + a) dx", {"integral_inverse_trig"}, 1 / (x**2 + a)),
    # -- hyperbolic
    row("integrate sinh x dx", {"integral_hyperbolic"}, sinh(x)),
    row("integrate cosh x dx", {"integral_hyperbolic"}, cosh(x)),
    row("integrate cosh(2x) dx", SUB | {"integral_hyperbolic"}, cosh(2 * x)),
    row("integrate tanh x dx", set(), tanh(x)),
    row("integrate sinh^2 x dx", set(), sinh(x) ** 2,
        fixed("engine gap: sinh²x raises NonElementary; sinh(2x)/4 − x/2 is elementary")),
    row("integrate sech^2 x dx", {"integral_hyperbolic"}, sech(x) ** 2,
        fixed("engine gap: sech²x raises NonElementary; tanh x is in every table")),
    row("integrate csch^2 x dx", {"integral_hyperbolic"}, sympy.csch(x) ** 2),
    row("integrate sech x tanh x dx", {"integral_hyperbolic"}, sech(x) * tanh(x)),
    row("integrate csch x coth x dx", {"integral_hyperbolic"}, sympy.csch(x) * sympy.coth(x)),
    row("integrate sech x dx", {"integral_hyperbolic"}, sech(x)),
    row("integrate csch x dx", {"integral_hyperbolic"}, sympy.csch(x)),
    row("integrate 1/cosh^2 x dx", {"trig_identity", "integral_hyperbolic"}, cosh(x) ** -2),
    row("integrate cosh^2 x dx", {"trig_identity", "integral_hyperbolic"}, cosh(x) ** 2),
    row("integrate sinh^2(3x) dx", SUB | {"trig_identity"}, sinh(3 * x) ** 2),
    row("integrate cosh^4 x dx", {"trig_identity"}, cosh(x) ** 4),
    row("integrate sinh^3 x dx", DU | {"trig_identity"}, sinh(x) ** 3),
    row("integrate cosh^3 x dx", DU | {"trig_identity"}, cosh(x) ** 3),
    row("integrate tanh^2 x dx", {"trig_identity", "integral_hyperbolic"}, tanh(x) ** 2),
    row("integrate coth^2 x dx", {"trig_identity", "integral_hyperbolic"}, sympy.coth(x) ** 2),
    row("integrate tanh^4 x dx", DU | {"trig_identity"}, tanh(x) ** 4),
    row("integrate tanh^2 x sech^2 x dx", DU | {"integral_power"}, tanh(x) ** 2 * sech(x) ** 2),
    # -- u-substitution: u chosen, du shown, the integral rewritten, u put back
    row("integrate 2x cos(x^2) dx", DU | {"integral_trig"}, 2 * x * cos(x**2)),
    row("integrate x e^(x^2) dx", DU, x * exp(x**2)),
    row("integrate x sqrt(x^2 + 1) dx", DU | {"integral_power"}, x * sqrt(x**2 + 1),
        fixed("technique: the textbook u = x² + 1 is not shown; sympy's opaque rewrite to (x³ + x)/sqrt(x² + 1) "
            "and a table form (rewrite_integrand, integral_table) are. Verified, so a teaching gap only")),
    row("integrate x/(x^2 + 1) dx", DU, x / (x**2 + 1)),
    row("integrate x/sqrt(1 - x^2) dx", DU | {"integral_power"}, x / sqrt(1 - x**2)),
    row("integrate x^3 sqrt(x^4 + 1) dx", DU | {"integral_power"}, x**3 * sqrt(x**4 + 1)),
    row("integrate x^2 (x^3 + 1)^4 dx", {"integral_power"}, x**2 * (x**3 + 1) ** 4),
    row("integrate sin^4 x cos x dx", DU | {"integral_power"}, sin(x) ** 4 * cos(x)),
    row("integrate e^x/(1 + e^x) dx", DU, exp(x) / (1 + exp(x))),
    row("integrate e^x/(1 + e^(2x)) dx", DU | {"integral_inverse_trig"}, exp(x) / (1 + exp(2 * x))),
    row("integrate (ln x)^2/x dx", DU | {"integral_power"}, log(x) ** 2 / x),
    row("integrate 1/(x ln x) dx", DU | {"integral_reciprocal"}, 1 / (x * log(x))),
    row("integrate sin(sqrt(x))/sqrt(x) dx", DU | {"integral_trig"}, sin(sqrt(x)) / sqrt(x)),
    row("integrate e^(sin x) cos x dx", DU, exp(sin(x)) * cos(x)),
    row("integrate tan x sec^2 x dx", DU, tan(x) * sec(x) ** 2),
    row("integrate (2x + 1)/(x^2 + x + 1) dx", DU | {"integral_reciprocal"}, (2 * x + 1) / (x**2 + x + 1)),
    row("integrate x sqrt(x - 1) dx", {"u_substitution"}, x * sqrt(x - 1)),
    row("integrate e^x sqrt(1+e^x) dx", DU | {"integral_power"}, exp(x) * sqrt(1 + exp(x))),
    # -- integration by parts (LIATE), repeated parts
    row("integrate x e^x dx", PARTS | {"integral_exponential"}, x * exp(x)),
    row("integrate x e^(-x) dx", PARTS, x * exp(-x)),
    row("integrate x^3 e^x dx", PARTS | {"integral_exponential"}, x**3 * exp(x)),
    row("integrate x sin x dx", PARTS | {"integral_trig"}, x * sin(x)),
    row("integrate x^2 cos x dx", PARTS | {"integral_trig"}, x**2 * cos(x)),
    row("integrate x cos(2x) dx", PARTS, x * cos(2 * x)),
    row("integrate x ln x dx", PARTS | {"integral_power"}, x * log(x)),
    row("integrate x^2 ln x dx", PARTS | {"integral_power"}, x**2 * log(x)),
    row("integrate (ln x)^2 dx", PARTS, log(x) ** 2),
    row("integrate atan x dx", PARTS, atan(x)),
    row("integrate asin x dx", PARTS, asin(x)),
    row("integrate x atan x dx", PARTS, x * atan(x)),
    row("integrate x sec^2 x dx", PARTS, x * sec(x) ** 2),
    row("integrate x e^(2x) dx", PARTS, x * exp(2 * x)),
    row("integrate x·2^x dx", PARTS, x * 2**x,
        fixed("engine gap: x·2^x raises NonElementary; parts gives 2^x (x/ln 2 − 1/ln²2)")),
    row("integrate x cosh x dx", PARTS, x * cosh(x),
        fixed("engine gap: x cosh x raises NonElementary; parts gives x sinh x − cosh x")),
    row("integrate x^2·3^x dx", PARTS | {"integral_exponential"}, x**2 * 3**x),
    row("integrate x sinh(2x) dx", PARTS | {"integral_hyperbolic"}, x * sinh(2 * x)),
    row("integrate x^2 cosh x dx", PARTS | {"integral_hyperbolic"}, x**2 * cosh(x)),
    # -- cyclic integration by parts: the integral solved for as an unknown
    row("integrate e^x sin x dx", CYCLIC, exp(x) * sin(x)),
    row("integrate e^x cos x dx", CYCLIC, exp(x) * cos(x)),
    row("integrate e^(2x) sin(3x) dx", CYCLIC, exp(2 * x) * sin(3 * x)),
    row("integrate e^(3x) cos x dx", CYCLIC, exp(3 * x) * cos(x)),
    row("integrate sin(ln x) dx", CYCLIC, sin(log(x))),
    row("integrate cos(ln x) dx", CYCLIC, cos(log(x))),
    row("integrate e^x cosh x dx", set(), exp(x) * cosh(x),
        fixed("engine gap: e^x cosh x raises NonElementary; it is (e^(2x) + 1)/2")),
    row("integrate e^(2x) sinh x dx", {"trig_identity", "integral_exponential"}, exp(2 * x) * sinh(x)),
    row("integrate e^(-x) cosh(3x) dx", {"trig_identity"}, exp(-x) * cosh(3 * x)),
    # -- partial fractions: long division when improper, coefficients solved, irreducible -> atan
    row("integrate 1/(x^2 - 1) dx", PF | {"integral_reciprocal"}, 1 / (x**2 - 1)),
    row("integrate 1/(x(x+1)) dx", PF | {"integral_reciprocal"}, 1 / (x * (x + 1))),
    row("integrate (3x + 5)/((x + 1)(x + 2)) dx", PF, (3 * x + 5) / ((x + 1) * (x + 2))),
    row("integrate 1/(x^2 - 5x + 6) dx", PF, 1 / (x**2 - 5 * x + 6)),
    row("integrate 1/(x(x+1)^2) dx", PF | {"integral_power"}, 1 / (x * (x + 1) ** 2)),
    row("integrate 1/(x^2 (x - 1)) dx", PF | {"integral_power"}, 1 / (x**2 * (x - 1))),
    row("integrate 1/((x-1)(x^2+1)) dx", PF | {"integral_inverse_trig"}, 1 / ((x - 1) * (x**2 + 1))),
    row("integrate 1/(x^3 + x) dx", PF, 1 / (x**3 + x)),
    row("integrate (x^3 + 1)/(x^2 - 1) dx", {"partial_fractions", "polynomial_division"}, (x**3 + 1) / (x**2 - 1)),
    row("integrate x^2/(x + 1) dx", {"partial_fractions", "polynomial_division"}, x**2 / (x + 1)),
    row("integrate x^4/(x^2 + 1) dx", {"partial_fractions", "polynomial_division", "integral_inverse_trig"},
        x**4 / (x**2 + 1)),
    row("integrate 1/(x^4 - 1) dx", PF | {"integral_inverse_trig"}, 1 / (x**4 - 1)),
    row("integrate 1/(x^3 - 1) dx", PF, 1 / (x**3 - 1)),
    row("integrate 1/((x + 1)(x + 2)(x + 3)) dx", PF, 1 / ((x + 1) * (x + 2) * (x + 3))),
    # -- trigonometric integrals: sin/cos powers, tan/sec powers, sin(mx)cos(nx)
    row("integrate sin^2 x dx", {"trig_identity"}, sin(x) ** 2),
    row("integrate cos^2 x dx", {"trig_identity"}, cos(x) ** 2),
    row("integrate sin^3 x dx", {"trig_identity"} | SUB, sin(x) ** 3),
    row("integrate cos^3 x dx", {"trig_identity"} | SUB, cos(x) ** 3),
    row("integrate sin^4 x dx", {"trig_identity"}, sin(x) ** 4),
    row("integrate sin^2 x cos^2 x dx", {"trig_identity"}, sin(x) ** 2 * cos(x) ** 2),
    row("integrate sin^2 x cos^3 x dx", {"trig_identity"} | SUB, sin(x) ** 2 * cos(x) ** 3),
    row("integrate sin^5 x dx", {"trig_identity"} | SUB, sin(x) ** 5),
    row("integrate tan^2 x dx", set(), tan(x) ** 2),
    row("integrate tan^3 x dx", set(), tan(x) ** 3),
    row("integrate sec^3 x dx", {"reduction_formula", "integral_trig"}, sec(x) ** 3),
    row("integrate sec^5 x dx", {"reduction_formula", "integral_trig"}, sec(x) ** 5),
    row("integrate csc^3 x dx", {"reduction_formula", "integral_trig"}, csc(x) ** 3),
    row("integrate tan^3 x sec^4 x dx", {"trig_identity"} | SUB, tan(x) ** 3 * sec(x) ** 4),
    row("integrate sin(3x)cos(2x) dx", {"trig_identity", "integral_trig"}, sin(3 * x) * cos(2 * x)),
    row("integrate sin(5x) sin(2x) dx", {"trig_identity", "integral_trig"}, sin(5 * x) * sin(2 * x)),
    row("integrate cos(4x) cos(x) dx", {"trig_identity", "integral_trig"}, cos(4 * x) * cos(x)),
    row("integrate cot^2 x dx", set(), cot(x) ** 2,
        fixed("engine gap: cot²x raises NonElementary; it is −cot x − x (csc²x − 1)")),
    row("integrate tan^4 x dx", set(), tan(x) ** 4,
        fixed("engine gap: tan⁴x raises NonElementary; tan³x/3 − tan x + x")),
    row("integrate tan^5 x dx", DU | {"trig_identity"}, tan(x) ** 5),
    row("integrate cot^3 x dx", {"trig_identity"}, cot(x) ** 3),
    row("integrate cot^4 x dx", DU | {"trig_identity"}, cot(x) ** 4),
    row("integrate 1/tan^2 x dx", {"trig_identity", "integral_trig"}, tan(x) ** -2),
    row("integrate tan^2 x sec^3 x dx", {"trig_identity", "reduction_formula"}, tan(x) ** 2 * sec(x) ** 3),
    row("integrate cot^2 x csc x dx", {"trig_identity", "reduction_formula"}, cot(x) ** 2 * csc(x)),
    row("integrate sin^2 x/cos x dx", {"trig_identity", "integral_trig"}, sin(x) ** 2 / cos(x)),
    row("integrate cos^2 x/sin x dx", {"trig_identity", "integral_trig"}, cos(x) ** 2 / sin(x)),
    row("integrate sec x/tan^2 x dx", {"trig_identity", "integral_trig"}, sec(x) / tan(x) ** 2),
    row("integrate 1/(1 + cos x) dx", {"trig_identity", "integral_trig"}, 1 / (1 + cos(x))),
    row("integrate 1/(1 - sin x) dx", {"trig_identity", "integral_trig"}, 1 / (1 - sin(x))),
    # -- the Weierstrass substitution t = tan(x/2) for rational functions of sin and cos
    row("integrate 1/(2+cos x) dx", DU, 1 / (2 + cos(x)),
        fixed("refused as 'has no elementary antiderivative'; 2 atan(tan(x/2)/√3)/√3 is one")),
    row("integrate 1/(3 + 5 sin x) dx", DU, 1 / (3 + 5 * sin(x))),
    row("integrate 1/(sin x + cos x) dx", DU, 1 / (sin(x) + cos(x))),
    # -- trigonometric substitution with the triangle put back
    row("integrate sqrt(4 - x^2) dx", TRIG_SUB, sqrt(4 - x**2)),
    row("integrate sqrt(1 - x^2) dx", TRIG_SUB, sqrt(1 - x**2)),
    row("integrate x^2/sqrt(9 - x^2) dx", TRIG_SUB, x**2 / sqrt(9 - x**2)),
    row("integrate 1/(x^2 sqrt(4 - x^2)) dx", TRIG_SUB, 1 / (x**2 * sqrt(4 - x**2))),
    row("integrate (1 - x^2)^(3/2) dx", TRIG_SUB, (1 - x**2) ** Rational(3, 2)),
    row("integrate 1/(4 - x^2)^(3/2) dx", TRIG_SUB, (4 - x**2) ** Rational(-3, 2)),
    row("integrate 1/sqrt(x^2 + 9) dx", TRIG_SUB, 1 / sqrt(x**2 + 9)),
    row("integrate sqrt(x^2 + 1) dx", TRIG_SUB, sqrt(x**2 + 1)),
    row("integrate 1/(x^2 + 1)^(3/2) dx", TRIG_SUB, (x**2 + 1) ** Rational(-3, 2)),
    row("integrate 1/(x^2 sqrt(x^2 + 4)) dx", TRIG_SUB, 1 / (x**2 * sqrt(x**2 + 4))),
    row("integrate 1/(x^2 sqrt(x^2 - 9)) dx", TRIG_SUB, 1 / (x**2 * sqrt(x**2 - 9))),
    row("integrate sqrt(x^2 - 1)/x dx", TRIG_SUB, sqrt(x**2 - 1) / x,
        fixed("wrong answer: sqrt(x²−1) − acos(1/x) holds only for x > 1 (at x = −1.43 its derivative is −2.08, "
            "the integrand −0.71); verified is False. sqrt(x²−1) − atan(sqrt(x²−1)) holds on both sides")),
    row("integrate 1/(x sqrt(x^2 - 1)) dx", TRIG_SUB, 1 / (x * sqrt(x**2 - 1)),
        fixed("wrong answer: acos(1/x) holds only for x > 1 (its derivative has the wrong sign for x < −1); "
            "verified is False. atan(sqrt(x²−1)) holds on both sides")),
    row("integrate x^3 sqrt(x^2 - 1) dx", TRIG_SUB, x**3 * sqrt(x**2 - 1),
        fixed("verified is False on a right answer: the triangle back-substitution step (x = sec θ) is "
            "checked at x = −1.43, outside θ's range, and differs in sign")),
    row("integrate 1/sqrt(x^2 - 4) dx", TRIG_SUB, 1 / sqrt(x**2 - 4),
        fixed("verified is False on a right answer, after ~5–10 s: the trig_substitution check is "
            "'undecided' (agrees at only 3 points)")),
    row("integrate sqrt(x^2 - 9) dx", TRIG_SUB, sqrt(x**2 - 9),
        fixed("engine gap: ∫ tan²θ sec θ dθ after x = 3 sec θ raises NonElementary")),
    row("integrate sqrt(9 - x^2)/x^2 dx", TRIG_SUB, sqrt(9 - x**2) / x**2,
        fixed("engine gap: ∫ cot²θ dθ after x = 3 sin θ raises NonElementary")),
    row("integrate x^2 sqrt(x^2 + 4) dx", TRIG_SUB | {"reduction_formula"}, x**2 * sqrt(x**2 + 4)),
    row("integrate 1/(x^2 - 4)^(3/2) dx", TRIG_SUB, (x**2 - 4) ** Rational(-3, 2)),
    row("integrate sqrt(25 - x^2)/x dx", TRIG_SUB, sqrt(25 - x**2) / x),
    row("integrate x^2/(x^2 + 4)^(3/2) dx", TRIG_SUB, x**2 / (x**2 + 4) ** Rational(3, 2)),
    # -- no elementary antiderivative: sympy's special functions, said so
    row("integrate e^(x^2) dx", {"special_function"}, exp(x**2)),
    row("integrate e^(-x^2) dx", {"special_function"}, exp(-(x**2))),
    row("integrate sin(x)/x dx", {"special_function"}, sin(x) / x),
    row("integrate cos(x^2) dx", {"special_function"}, cos(x**2)),
    row("integrate e^x/x dx", {"special_function"}, exp(x) / x),
    row("integrate 1/ln x dx", {"special_function"}, 1 / log(x)),
    # -- phrasings
    row("find the integral of x^3 dx", {"integral_power"}, x**3),
    row("∫ x^2 + 1 dx", {"integral_sum"}, x**2 + 1),
    row("indefinite integral of 1/(x + 1) dx", {"integral_reciprocal"}, 1 / (x + 1)),
    row("∫ e^x + 1/x dx", {"integral_sum", "integral_exponential", "integral_reciprocal"}, exp(x) + 1 / x),
    row("antiderivative of 4x^3 - 2", {"integral_sum"}, 4 * x**3 - 2),
    row("integrate x^2 dx.", {"integral_power"}, x**2),
    row("integrate t^2 with respect to t", {"integral_power"}, t**2, var=t),
    row("integrate sin(theta) cos(theta) with respect to theta", SUB, sin(theta) * cos(theta), var=theta),
    row("integrate u e^u du", PARTS, u * exp(u), var=u),
]


@pytest.mark.parametrize("text, rules, integrand, var", INDEFINITE)
def test_indefinite_integral(text, rules, integrand, var):
    solution = solve(text)
    assert solution.kind == "integral"
    assert solution.problem.variable == var
    assert rules <= rule_ids(solution), f"missing {sorted(rules - rule_ids(solution))}"
    F = solution.answer - C
    assert not F.has(C) and not F.has(Integral)
    assert_antiderivative(F, integrand, var)
    assert solution.answer_sympy.endswith(" + C")
    read_back = sympy.sympify(solution.answer_sympy).xreplace(
        {sympy.Symbol(s.name): s for s in (x, t, theta, u, a)})  # the machine form reads back as the answer
    assert sympy.expand(read_back - solution.answer) == 0 or close(
        (read_back - solution.answer).xreplace({var: sympy.Rational(37, 17), **PARAMETERS}), 0)
    assert solution.verified is True, solution.verification.failed


# ----------------------------------------------------------------------------- definite integrals
def drow(text, rules, exact, *marks):
    marks = tuple(m for m in marks if not isinstance(m, _Fixed))
    return pytest.param(text, frozenset(rules), exact, id=text, marks=marks)


FTC = {"fundamental_theorem"}
IMPROPER = {"improper_integral"}

DEFINITE = [
    drow("integrate x^2 from 0 to 1", FTC | {"integral_power"}, Rational(1, 3)),
    drow("integrate x^2 dx from 0 to 3", FTC, sympy.Integer(9)),
    drow("integral of sin x from 0 to pi dx", FTC | {"integral_trig"}, sympy.Integer(2)),
    drow("definite integral of x^3 from 0 to 2 dx", FTC, sympy.Integer(4)),
    drow("integral of 3x^2 - 2x from -1 to 2 dx", FTC | {"integral_sum"}, sympy.Integer(6)),
    drow("integrate 6x^2 dx from 1 to 2", FTC, sympy.Integer(14)),
    drow("∫_0^1 x e^x dx", FTC | {"integration_by_parts"}, sympy.Integer(1)),
    drow("∫_0^(pi/2) sin x dx", FTC, sympy.Integer(1)),
    drow("∫_0^(π/2) sin^5 x dx", FTC | {"trig_identity"}, Rational(8, 15)),
    drow("∫_0^(pi/2) cos^2 x dx", FTC | {"trig_identity"}, pi / 4),
    drow("∫_0^pi sin^2 x dx", FTC, pi / 2),
    drow("∫_1^e ln x dx", FTC | {"integration_by_parts"}, sympy.Integer(1)),
    drow("∫_0^1 1/(1 + x^2) dx", FTC | {"integral_inverse_trig"}, pi / 4),
    drow("∫_1^2 1/x dx", FTC | {"integral_reciprocal"}, log(2)),
    drow("integrate 1/x from 1 to e", FTC, sympy.Integer(1)),
    drow("integrate e^(2x) dx from 0 to 1", FTC | {"u_substitution"}, (E**2 - 1) / 2),
    drow("integrate e^x from 0 to ln 2", FTC, sympy.Integer(1)),
    drow("∫_0^pi x sin x dx", FTC | {"integration_by_parts"}, pi),
    drow("∫_0^2 sqrt(4 - x^2) dx", FTC | {"trig_substitution"}, pi),
    drow("∫_-1^1 sqrt(1-x^2) dx", FTC | {"trig_substitution"}, pi / 2),
    drow("∫_2^3 1/(x^2 - 1) dx", FTC | {"partial_fractions"}, (log(3) - log(2)) / 2),
    drow("∫_0^1 x sqrt(1 - x^2) dx", FTC | {"u_substitution"}, Rational(1, 3),
         fixed("technique: no u = 1 − x²; an opaque rewrite and table form instead (verified; a teaching gap)")),
    drow("∫_0^(pi/4) tan x dx", FTC, log(2) / 2),
    drow("∫_0^(pi/2) e^(sin x) cos x dx", FTC | {"u_substitution"}, E - 1),
    drow("∫_3^0 x dx", FTC, Rational(-9, 2)),
    drow("∫_0^1 x dx?", FTC, Rational(1, 2)),
    drow("integrate 2t + 1 dt from 0 to 1", FTC, sympy.Integer(2)),
    drow("∫_0^1 t e^t dt", FTC | {"integration_by_parts"}, sympy.Integer(1)),
    drow("∫_0^(pi/4) tan^2 x dx", FTC | {"trig_identity"}, 1 - pi / 4),
    drow("∫_0^1 sech^2 x dx", FTC | {"integral_hyperbolic"}, tanh(1)),
    drow("∫_0^1 x·2^x dx", FTC | {"integration_by_parts"}, 2 / log(2) - 1 / log(2) ** 2),
    drow("∫_0^1 sin(x)/x dx", FTC | {"special_function"}, sympy.Si(1)),
    drow("∫_0^1 sin(x^2) dx", FTC | {"special_function"}, sqrt(2 * pi) * sympy.fresnels(sqrt(2 / pi)) / 2),
    # -- improper: infinite bounds and unbounded integrands, as limits
    drow("∫_0^∞ e^(-x) dx", IMPROPER | {"u_substitution"}, sympy.Integer(1)),
    drow("∫_1^∞ 1/x^2 dx", IMPROPER, sympy.Integer(1)),
    drow("∫_1^∞ 1/x^3 dx", IMPROPER, Rational(1, 2)),
    drow("∫_0^∞ 1/(1+x^2) dx", IMPROPER | {"integral_inverse_trig"}, pi / 2),
    drow("∫_-∞^∞ 1/(1 + x^2) dx", IMPROPER, pi),
    drow("∫_-∞^0 e^x dx", IMPROPER, sympy.Integer(1)),
    drow("∫_0^∞ x e^(-x) dx", IMPROPER | {"integration_by_parts"}, sympy.Integer(1)),
    drow("∫_0^∞ x^2 e^(-x) dx", IMPROPER | {"integration_by_parts"}, sympy.Integer(2)),
    drow("∫_0^∞ e^(-x) sin x dx", IMPROPER | {"cyclic_integration_by_parts"}, Rational(1, 2)),
    drow("∫_0^∞ e^(-2x) cos x dx", IMPROPER | {"cyclic_integration_by_parts"}, Rational(2, 5)),
    drow("∫_2^∞ 1/(x^2 - 1) dx", IMPROPER | {"partial_fractions"}, log(3) / 2),
    drow("∫_1^∞ ln(x)/x^2 dx", IMPROPER | {"integration_by_parts"}, sympy.Integer(1)),
    drow("∫_0^∞ e^(-x^2) dx", IMPROPER | {"special_function"}, sqrt(pi) / 2),
    drow("∫_0^1 1/sqrt(x) dx", IMPROPER, sympy.Integer(2),
         fixed("the textbook improper integral is shown as a plain FTC step: the integrand is unbounded at the "
             "endpoint 0, but F(0) = 0 is finite, so no limit is taken (value 2 is right and verified)")),
    drow("∫_1^0 1/sqrt(x) dx", IMPROPER, sympy.Integer(-2)),
    drow("∫_0^2 1/sqrt(2 - x) dx", IMPROPER, 2 * sqrt(2)),
    drow("∫_0^1 1/sqrt(1 - x^2) dx", IMPROPER | {"integral_inverse_trig"}, pi / 2),
    drow("∫_0^1 ln x dx", IMPROPER, sympy.Integer(-1)),
    drow("∫_0^1 x ln x dx", IMPROPER, Rational(-1, 4)),
    drow("∫_0^1 sqrt(x) ln x dx", IMPROPER, Rational(-4, 9)),
    # -- divergent: the answer is oo and says so
    drow("∫_1^∞ 1/x dx", IMPROPER, oo),
    drow("∫_1^∞ 1/sqrt(x) dx", IMPROPER, oo),
    drow("∫_0^1 1/x dx", IMPROPER, oo),
    drow("∫_0^1 1/x^2 dx", IMPROPER, oo),
    drow("∫_-1^1 1/x^2 dx", IMPROPER, oo),
    # -- no elementary antiderivative: a numeric value, said plainly
    drow("∫_0^1 x^x dx", {"numeric_integration"}, sympy.Float("0.78343051071213440705926438652697546940768199014", 40)),
    drow("∫_0^1 e^(-x^2) dx", {"special_function"}, sqrt(pi) * erf(1) / 2),
    drow("integrate 1/(2+cos x) dx from 0 to 2pi", IMPROPER | {"u_substitution"}, 2 * pi / sqrt(3),
         fixed("a numeric value said to have 'no elementary antiderivative'; t = tan(x/2) gives 2π/√3")),
    drow("integrate 1/(5+4cos x) dx from 0 to 2pi", IMPROPER | {"u_substitution"}, 2 * pi / 3),
    # -- odd roots of negative numbers are real roots
    drow("integrate x^(-2/3) dx from -1 to 1", IMPROPER, sympy.Integer(6),
         fixed("answered 3 − 3(−1)^(1/3), verified: the principal complex cube root")),
    drow("integrate cbrt(x) dx from -8 to 1", FTC, Rational(-45, 4),
         fixed("answered 3/4 + 12(−1)^(1/3): the principal complex cube root")),
    # -- known defects
    drow("∫_0^∞ sin(x)/x dx", IMPROPER | {"special_function"}, pi / 2,
         fixed("verified is False on the right value π/2: the check's quadrature of the oscillating tail gives −4")),
    drow("∫_-2^2 |x| dx", FTC, sympy.Integer(4),
         fixed("|x| has no antiderivative in the engine (∫ |x| dx raises NonElementary; x|x|/2 is one), so the "
             "value is numeric, and its Gauss–Legendre check fails at the kink (4.0000888 vs 4): verified False")),
    drow("integral of x^2 from 0 to a dx", FTC, a**3 / 3,
         fixed("verified is False on the right value a³/3: the check needs a number from quadrature")),
    drow("integral of a x from 0 to 1 dx", FTC, a / 2,
         fixed("verified is False on the right value a/2: solver/verify.py's definite-value check turns to "
             "sympy.integrate only for letters in the bounds; with a letter in the integrand quadrature gives "
             "no number")),
    drow("integral of 1/(x^2 + a^2) from 0 to 1 dx", FTC | {"integral_inverse_trig"}, atan(1 / a) / a,
         fixed("verified is False on the right value atan(1/a)/a: as above, a letter in the integrand")),
    drow("integral of sin(x)/x from 1 to 2 dx", FTC | {"special_function"}, sympy.Si(2) - sympy.Si(1),
         fixed("a proper integral reported as improper_integral, and extra['decimal'] is Si(2) − Si(1), not a "
             "decimal (Si(2).is_finite is None, so the engine takes limits and skips N())")),
    drow("∫_0^1 e^(x^2) dx", FTC | {"special_function"}, sqrt(pi) * sympy.erfi(1) / 2,
         fixed("a proper integral reported as improper_integral, and extra['decimal'] is sqrt(pi)·erfi(1)/2, "
             "not a decimal (erfi(1).is_finite is None, so the engine takes limits and skips N())")),
]


@pytest.mark.parametrize("text, rules, exact", DEFINITE)
def test_definite_integral(text, rules, exact):
    solution = solve(text)
    assert solution.kind == "definite_integral"
    assert rules <= rule_ids(solution), f"missing {sorted(rules - rule_ids(solution))}"
    if exact is oo:
        assert solution.answer == oo
        assert solution.answer_sympy == "oo"
        assert solution.extra["diverges"] is True
        assert not any("diverges" in note for note in solution.assumptions)  # a conclusion, not an assumption
        assert "diverges" in solution.steps[-1].parts["verdict"]
    else:
        assert close(solution.answer, exact), f"{solution.answer} != {exact}"
        assert solution.extra["diverges"] is False
        if not exact.free_symbols:
            decimal = solution.extra["decimal"]
            assert isinstance(decimal, sympy.Float), f"decimal {decimal!r} is not a number"
            assert abs(float(decimal) - float(sympy.N(exact, 20))) <= 1e-9 * max(1.0, abs(float(sympy.N(exact))))
        read_back = sympy.sympify(solution.answer_sympy).xreplace({sympy.Symbol("a"): a})
        assert close(read_back, exact)
    assert solution.verified is True, solution.verification.failed


# ----------------------------------------------------------------------------- what the steps say
def steps_of(solution: Solution, rule: Rule) -> list:
    return [step for _, step in solution.walk() if step.rule == rule]


def test_integration_by_parts_names_u_dv_du_v_and_the_liate_reason():
    solution = solve("integrate x e^x dx")
    (parts,) = steps_of(solution, Rule.INTEGRATION_BY_PARTS)
    assert parts.parts["u"] == x and parts.parts["dv"] == exp(x)
    assert parts.parts["du"] == 1 and parts.parts["v"] == exp(x)
    assert (parts.parts["u_kind"], parts.parts["dv_kind"]) == ("algebraic", "exponential")
    roles = [s.role for s in parts.substeps]
    assert "du" in roles and "v" in roles
    log_first = steps_of(solve("integrate x^2 ln x dx"), Rule.INTEGRATION_BY_PARTS)[0]
    assert log_first.parts["u"] == log(x) and log_first.parts["u_kind"] == "logarithmic"


def test_repeated_integration_by_parts():
    """x³eˣ takes three rounds of parts, each lowering the power of x."""
    rounds = steps_of(solve("integrate x^3 e^x dx"), Rule.INTEGRATION_BY_PARTS)
    assert [r.parts["u"] for r in rounds] == [x**3, x**2, x]  # constant factors move out between rounds


def test_cyclic_parts_is_solved_as_an_equation_for_the_integral():
    solution = solve("integrate e^x sin x dx")
    (solved,) = steps_of(solution, Rule.SOLVE_FOR_INTEGRAL)
    unknown = solved.before.lhs
    assert solved.before.rhs.has(unknown), "the integral must reappear on the right-hand side"
    assert solved.parts["coefficient"] == -1
    assert not solved.after.rhs.has(unknown)
    assert len(steps_of(solution, Rule.PARTS_FORMULA)) == 2


def test_u_substitution_shows_u_du_and_the_rewritten_integral():
    solution = solve("integrate 2x cos(x^2) dx")
    (sub,) = steps_of(solution, Rule.U_SUBSTITUTION)
    letter = sub.parts["u"]
    assert sub.parts["u_func"] == x**2
    rewritten = sub.parts["rewritten"]
    assert rewritten.limits == ((letter,),) and not (rewritten.function / cos(letter)).has(letter, x)
    assert [s.role for s in sub.substeps][0] == "du"
    assert sub.substeps[0].after == 2 * x
    assert sub.substeps[1].rule == Rule.CHANGE_OF_VARIABLE and sub.substeps[-1].rule == Rule.BACK_SUBSTITUTION
    assert Rule.INTEGRAL_TRIG in {step.rule for _, step in sub.substeps[2].walk()}  # ∫ cos u du


def test_linear_substitution_is_brief():
    """u = 5x + 1: no separate du derivative, and the reason says it is linear."""
    (sub,) = steps_of(solve("integrate cos(5x + 1) dx"), Rule.U_SUBSTITUTION)
    assert sub.parts["u_func"] == 5 * x + 1
    assert "du" not in [s.role for s in sub.substeps]
    assert "linear" in sub.parts["why"]


def test_partial_fraction_coefficients_are_solved():
    (decompose,) = steps_of(solve("integrate 1/(x(x+1)) dx"), Rule.PARTIAL_FRACTIONS_DECOMPOSE)
    assert {eq.lhs.name: eq.rhs for eq in decompose.parts["coefficients"]} == {"A": 1, "B": -1}
    (repeated,) = steps_of(solve("integrate 1/(x(x+1)^2) dx"), Rule.PARTIAL_FRACTIONS_DECOMPOSE)
    assert {eq.lhs.name: eq.rhs for eq in repeated.parts["coefficients"]} == {"A": 1, "B": -1, "D": -1}


def test_irreducible_quadratic_gets_a_linear_numerator_and_an_arctangent():
    solution = solve("integrate 1/((x-1)(x^2+1)) dx")
    (decompose,) = steps_of(solution, Rule.PARTIAL_FRACTIONS_DECOMPOSE)
    assert len(decompose.parts["coefficients"]) == 3  # A/(x − 1) + (Bx + C)/(x² + 1)
    assert solution.answer.has(atan)


def test_improper_rational_function_is_divided_first():
    (division,) = steps_of(solve("integrate (x^3 + 1)/(x^2 - 1) dx"), Rule.POLYNOMIAL_DIVISION)
    assert division.parts["quotient"] == x


@pytest.mark.parametrize("text, kind", [
    ("integrate sqrt(4 - x^2) dx", "sine"),
    ("integrate 1/sqrt(x^2 + 9) dx", "tangent"),
    ("integrate 1/(x^2 sqrt(x^2 - 9)) dx", "secant"),
])
def test_trig_substitution_names_the_substitution_and_the_triangle(text, kind):
    solution = solve(text)
    (sub,) = steps_of(solution, Rule.TRIG_SUBSTITUTION)
    assert sub.parts["kind"] == kind
    (triangle,) = steps_of(solution, Rule.TRIANGLE_BACK_SUBSTITUTION)
    assert len(triangle.parts["triangle"]) == 2
    assert not triangle.after.has(theta)
    assert any("θ" in note for note in solution.assumptions)


def test_product_to_sum_identity_is_named():
    (identity,) = steps_of(solve("integrate sin(3x)cos(2x) dx"), Rule.TRIG_IDENTITY)
    assert identity.parts["identity"] == "product-to-sum"


def test_reciprocal_gives_ln_of_absolute_value():
    solution = solve("integrate 1/x dx")
    assert solution.answer == log(Abs(x)) + C
    assert any("ln|u|" in note for note in solution.assumptions)


def test_special_function_answers_name_the_function():
    assert solve("integrate e^(x^2) dx").answer.has(sympy.erfi)
    assert solve("integrate sin(x)/x dx").answer.has(sympy.Si)
    special = steps_of(solve("integrate e^(-x^2) dx"), Rule.SPECIAL_FUNCTION)[0]
    assert "erf" in special.parts["names"]


def test_fundamental_theorem_shows_F_at_the_bounds():
    (ftc,) = steps_of(solve("integrate x^2 from 0 to 3"), Rule.FUNDAMENTAL_THEOREM)
    assert ftc.parts["antiderivative"] == x**3 / 3
    assert (ftc.parts["F_upper"], ftc.parts["F_lower"]) == (9, 0)


def test_improper_integral_shows_its_limits():
    (improper,) = steps_of(solve("∫_0^∞ e^(-x) dx"), Rule.IMPROPER_INTEGRAL)
    limits = improper.parts["limits"]
    assert limits and all(isinstance(eq.lhs, sympy.Limit) for eq in limits)
    assert any(eq.lhs.args[2] == oo for eq in limits)


def test_arctangent_with_a_letter_is_the_table_form_and_states_the_assumption():
    solution = solve("integrate 1/(x^2 + a^2) dx")
    assert sympy.expand(solution.answer - (atan(x / a) / a + C)) == 0
    assert "assuming a ≠ 0" in solution.assumptions
    (table,) = steps_of(solution, Rule.INTEGRAL_INVERSE_TRIG)
    assert table.parts["a"] == a
    assert "assuming a > 0" in solve("integrate 1/(x^2 + a) dx").assumptions  # a = √a needs a > 0


def test_numbers_alone_need_no_assumption():
    assert not any("assuming" in note for note in solve("integrate 1/(x^2 + 4) dx").assumptions)


def test_tan_power_splits_off_tan_squared_and_substitutes_u_equals_tan():
    solution = solve("integrate tan^4 x dx")
    identities = [step.parts["identity"] for step in steps_of(solution, Rule.TRIG_IDENTITY)]
    assert identities and all(i == "tan²x = sec²x − 1" for i in identities)
    assert len(identities) == 2  # tan⁴ → tan² sec² − tan², then tan² → sec² − 1
    assert {step.parts["u_func"] for step in steps_of(solution, Rule.U_SUBSTITUTION)} == {tan(x)}


def test_after_a_sine_substitution_cot_squared_is_csc_squared_minus_one():
    solution = solve("integrate sqrt(9 - x^2)/x^2 dx")
    identities = [step.parts["identity"] for step in steps_of(solution, Rule.TRIG_IDENTITY)]
    assert "1/tan x = cot x" in identities and "cot²x = csc²x − 1" in identities


def test_even_tan_odd_sec_becomes_powers_of_sec():
    solution = solve("integrate sqrt(x^2 - 9) dx")
    (identity,) = steps_of(solution, Rule.TRIG_IDENTITY)
    assert identity.parts["rewritten"] == sec(theta) ** 3 - sec(theta)
    assert steps_of(solution, Rule.REDUCTION_FORMULA)[0].parts["n"] == 3


@pytest.mark.parametrize("text, identity", [
    ("integrate sinh^2 x dx", "the half-angle identity sinh²x = (cosh 2x − 1)/2"),
    ("integrate cosh^2 x dx", "the half-angle identity cosh²x = (cosh 2x + 1)/2"),
    ("integrate tanh^2 x dx", "tanh²x = 1 − sech²x"),
    ("integrate e^x cosh x dx", "cosh x = (eˣ + e⁻ˣ)/2 (the definition)"),
])
def test_hyperbolic_identities_are_named(text, identity):
    (step,) = steps_of(solve(text), Rule.TRIG_IDENTITY)
    assert step.parts["identity"] == identity


@pytest.mark.parametrize("text, u, dv, dv_kind", [
    ("integrate x cosh x dx", x, cosh(x), "hyperbolic"),
    ("integrate x·2^x dx", x, 2**x, "exponential"),
])
def test_parts_with_an_exponential_or_hyperbolic_dv_follows_liate(text, u, dv, dv_kind):
    (parts,) = steps_of(solve(text), Rule.INTEGRATION_BY_PARTS)
    assert (parts.parts["u"], parts.parts["dv"]) == (u, dv)
    assert (parts.parts["u_kind"], parts.parts["dv_kind"]) == ("algebraic", dv_kind)


@pytest.mark.parametrize("text, inside", [
    ("integrate x sqrt(x^2 + 1) dx", x**2 + 1),
    ("∫_0^1 x sqrt(1 - x^2) dx", 1 - x**2),
    ("integrate x/sqrt(1 - x^2) dx", 1 - x**2),
])
def test_the_radicand_is_u_when_its_derivative_is_a_factor(text, inside):
    solution = solve(text)
    (sub,) = steps_of(solution, Rule.U_SUBSTITUTION)
    assert sub.parts["u_func"] == inside
    assert not steps_of(solution, Rule.REWRITE_INTEGRAND) and not steps_of(solution, Rule.INTEGRAL_TABLE)


@pytest.mark.parametrize("text, point, direction", [
    ("∫_0^1 1/sqrt(x) dx", 0, "+"),
    ("∫_1^0 1/sqrt(x) dx", 0, "+"),
    ("∫_0^2 1/sqrt(2 - x) dx", 2, "-"),
])
def test_an_integrand_unbounded_at_an_endpoint_is_a_limit_from_inside(text, point, direction):
    (improper,) = steps_of(solve(text), Rule.IMPROPER_INTEGRAL)
    (limit,) = improper.parts["limits"]
    assert limit.lhs.args[2] == point and str(limit.lhs.args[3]) == direction


@pytest.mark.parametrize("text", ["∫_0^1 sin(x)/x dx", "∫_0^1 e^(x^2) dx", "integral of sin(x)/x from 1 to 2 dx"])
def test_a_bounded_integrand_is_a_proper_integral(text):
    """sin(x)/x is undefined at 0 but bounded there; Si(2) is a finite number though sympy cannot
    say so (Si(2).is_finite is None): no limits, no 'improper'."""
    solution = solve(text)
    assert not steps_of(solution, Rule.IMPROPER_INTEGRAL)
    assert not any("improper" in note for note in solution.assumptions)
    assert isinstance(solution.extra["decimal"], sympy.Float)


# ----------------------------------------------------------------------------- honest limits of the engine
def test_x_to_the_x_has_no_elementary_antiderivative():
    with pytest.raises(NonElementary) as caught:
        solve("integrate x^x dx")
    assert isinstance(caught.value, grammar.UnsupportedProblem)
    assert caught.value.code == "no_elementary_antiderivative"
    assert "definite" in caught.value.hint


def test_x_to_the_x_from_0_to_1_has_a_numeric_value():
    solution = solve("∫_0^1 x^x dx")
    assert [s.rule for s in solution.steps] == [Rule.NUMERIC_INTEGRATION]
    assert abs(float(solution.answer) - 0.7834305107) < 1e-9
    assert abs(float(solution.extra["decimal"]) - 0.7834305107) < 1e-9
    assert any("numerically" in note for note in solution.assumptions)
    assert solution.verified is True


def test_divergent_integral_says_so():
    solution = solve("∫_-1^1 1/x^2 dx")
    assert solution.answer == oo and solution.answer_sympy == "oo"
    assert solution.extra["diverges"] is True
    improper = solution.steps[-1]
    assert improper.rule == Rule.IMPROPER_INTEGRAL
    assert tuple(improper.parts["split"]) == (0,)  # split at the pole inside the interval
    halves = [(s.before.limits[0][1:], s.after) for s in improper.substeps]  # each half shown on its own
    assert halves == [((-1, 0), oo), ((0, 1), oo)]
    assert solution.verified is True


@pytest.mark.parametrize("text, why", [
    pytest.param("integrate 1/x from -1 to 1", "from -1 to 0 diverges",
                 marks=fixed("answer nan (∞ − ∞ across the pole), verified False; then refused as unsupported")),
    pytest.param("integrate 1/x dx from -1 to 1", "from -1 to 0 diverges"),
    pytest.param("integrate 1/(x-2) dx from 0 to 3", "from 0 to 2 diverges", marks=fixed("refused as unsupported")),
    pytest.param("∫_0^2 1/(x-1) dx", "from 0 to 1 diverges",
                 marks=fixed("answer nan (∞ − ∞ across the pole), verified False; then refused as unsupported")),
    pytest.param("integrate tan x from 0 to pi", "diverges",
                 marks=fixed("answer nan (∞ − ∞ across π/2), verified False; then refused as unsupported")),
    pytest.param("∫_0^∞ sin x dx", "does not exist",
                 marks=fixed("TypeError from verify.check_definite_value (the limit is AccumBounds); then refused")),
    pytest.param("integrate sin x dx from 0 to oo", "does not exist", marks=fixed("refused as unsupported")),
])
def test_integral_without_a_value_is_said_to_diverge(text, why):
    """A divergent integral is answered (problems.md: `oo` for divergent, the text says it diverges):
    split at the pole, a piece shown to diverge, or the limit shown not to exist; never nan."""
    solution = solve(text)
    assert solution.extra["diverges"] is True and solution.answer == oo and solution.answer_sympy == "oo"
    last = solution.steps[-1]
    assert why in last.parts["verdict"] and last.parts["conclusion"] == "divergent"
    assert not any("diverge" in note for note in solution.assumptions)
    assert solution.verified is True, solution.verification.failed


def test_a_divergence_claim_for_a_convergent_integral_fails_verification():
    """The divergence check confirms the claim independently: ∫_1^2 dx/x said to diverge is caught."""
    solution = solve("integrate 1/x dx from -1 to 1")
    last = solution.steps[-1]
    statement = Integral(1 / x, (x, 1, 2))
    wrong = dataclasses.replace(solution, statement=statement, verification=None,
                                steps=(*solution.steps[:-1], dataclasses.replace(last, before=statement, substeps=())))
    verification = verify(wrong)
    assert not verification.passed


@fixed("solver.calculus.integral calls manualintegrate.integral_steps but never clears sympy's process-wide "
     "_parts_u_cache (manualintegrate() does): after cos(x) has served as u three times, every later "
     "cyclic-parts integral with u = cos(x) raises NonElementary, in a long-lived solving process too")
def test_parts_counter_does_not_leak_between_solves():
    """The same problem gives the same answer however many problems the process solved before."""
    for _ in range(4):
        solution = solve("integrate e^(3x) cos x dx")
        assert solution.verified


# ----------------------------------------------------------------------------- the checks can fail
def _replace_step(steps: tuple, path: list[int], **changes) -> tuple:
    index, rest = path[0] - 1, path[1:]
    step = steps[index]
    new = dataclasses.replace(step, **changes) if not rest else dataclasses.replace(
        step, substeps=_replace_step(step.substeps, rest, **changes))
    return steps[:index] + (new,) + steps[index + 1:]


def _corrupt(value, var):
    if isinstance(value, Integral):
        return Integral(value.function * 2, *value.limits)
    if isinstance(value, sympy.Eq):
        return sympy.Eq(value.lhs, value.rhs + var, evaluate=False)
    if value.is_number:
        return value + 1
    return value + var  # + a constant would still be an antiderivative


@pytest.mark.parametrize("text, rule", [
    ("integrate x^5 dx", Rule.INTEGRAL_POWER),
    ("integrate 1/x dx", Rule.INTEGRAL_RECIPROCAL),
    ("integral of 3x^2 + 2x + 1 dx", Rule.INTEGRAL_SUM),
    ("integrate 2x cos(x^2) dx", Rule.CHANGE_OF_VARIABLE),
    ("integrate 2x cos(x^2) dx", Rule.BACK_SUBSTITUTION),
    ("integrate x e^x dx", Rule.PARTS_FORMULA),
    ("integrate x e^x dx", Rule.INTEGRATION_BY_PARTS),
    ("integrate e^x sin x dx", Rule.SOLVE_FOR_INTEGRAL),
    ("integrate 1/(x(x+1)) dx", Rule.PARTIAL_FRACTIONS_DECOMPOSE),
    ("integrate (x^3 + 1)/(x^2 - 1) dx", Rule.POLYNOMIAL_DIVISION),
    ("integrate sqrt(4 - x^2) dx", Rule.TRIG_SUBSTITUTION_REWRITE),
    ("integrate sqrt(4 - x^2) dx", Rule.TRIANGLE_BACK_SUBSTITUTION),
    ("integrate sec^3 x dx", Rule.REDUCTION_FORMULA),
    ("integrate sin^2 x dx", Rule.TRIG_IDENTITY),
    ("integrate x^2 dx", Rule.CONSTANT_OF_INTEGRATION),
    ("integrate x^2 from 0 to 1", Rule.FUNDAMENTAL_THEOREM),
    ("∫_0^∞ e^(-x) dx", Rule.IMPROPER_INTEGRAL),
    ("∫_0^1 x^x dx", Rule.NUMERIC_INTEGRATION),
], ids=lambda v: v.value if isinstance(v, Rule) else v)
def test_a_corrupted_step_fails_verification(text, rule):
    solution = solve(text)
    assert solution.verified
    path = next(p for p, step in solution.walk() if step.rule == rule)
    step = next(s for p, s in solution.walk() if p == path)
    var = solution.problem.variable
    broken = dataclasses.replace(
        solution, steps=_replace_step(solution.steps, [int(k) for k in path.split(".")], after=_corrupt(step.after, var)),
        verification=None)
    verification = verify(broken)
    assert not verification.passed
    assert any(c.step == path and not c.passed for c in verification.checks), verification.failed


def test_an_antiderivative_step_is_checked_up_to_a_constant():
    """F + 7 is as good an antiderivative as F: the check differentiates, it does not compare shapes."""
    solution = solve("integrate x e^x dx")
    path = next(p for p, step in solution.walk() if step.rule == Rule.INTEGRATION_BY_PARTS)
    step = next(s for p, s in solution.walk() if p == path)
    shifted = dataclasses.replace(
        solution, steps=_replace_step(solution.steps, [int(k) for k in path.split(".")], after=step.after + 7))
    assert next(c for c in verify(shifted).checks if c.step == path).passed


@fixed("the definite-value check (solver/verify.py) accepts 0 for the divergent ∫_-1^1 1/x dx: sympy's "
     "quadrature on [−1, 0] and [0, 1] returns digit-less Floats (−0.e+2, 0.e+2) that cancel, so "
     "'quadrature 0 vs 0' passes; evalf(strict=True) would say the digits were lost")
def test_a_wrong_value_for_a_divergent_integral_fails_verification():
    """A solution claiming ∫_-1^1 dx/x = 0 (the engine itself refuses this integral, so the claim is
    built by hand from the steps of ∫_-1^1 dx/x², split at the same pole)."""
    solution = solve("∫_-1^1 1/x^2 dx")
    last = solution.steps[-1]
    assert tuple(last.parts["split"]) == (0,)
    statement = Integral(1 / x, (x, -1, 1))
    wrong = dataclasses.replace(solution, statement=statement, answer=sympy.Integer(0), verification=None,
                                steps=(*solution.steps[:-1],
                                       dataclasses.replace(last, before=statement, after=sympy.Integer(0))))
    verification = verify(wrong)
    assert not verification.passed
    assert any(c.step == str(len(solution.steps)) and not c.passed for c in verification.checks), verification.failed


@fixed("solver.render.document.to_dict crashes with TypeError ('Cannot convert expression to float') on a "
     "definite integral with a letter in a bound: extra['decimal'] is 0.333333333333*a**3, which is_real, "
     "and float() of it fails (through the API: a solver_error)")
def test_symbolic_bound_goes_through_the_service():
    from solver.service import solve_dict

    out = solve_dict("integral of x^2 from 0 to a dx")
    assert sympy.simplify(sympy.sympify(out["answer"]["sympy"]) - sympy.Symbol("a") ** 3 / 3) == 0


# ----------------------------------------------------------------------------- reviewer's defects, fixed
def _text(solution: Solution) -> str:
    from solver.render.document import to_plain_text

    return to_plain_text(solution)


@pytest.mark.parametrize("text, exact", [
    ("integrate x^(-2/3) dx from -1 to 1", sympy.Integer(6)),
    ("integrate x^(1/3) dx from -1 to 0", Rational(-3, 4)),
    ("integrate 1/cbrt(x) dx from -1 to 8", Rational(9, 2)),
    ("integrate cbrt(x) dx from -8 to 1", Rational(-45, 4)),
    ("integrate cbrt(x) dx from 1 to -8", Rational(45, 4)),
    ("∫_-1^1 x^(2/3) dx", Rational(6, 5)),
])
@fixed("odd roots of negatives were taken as complex: ∫_-1^1 x^(-2/3) dx answered 3 − 3(−1)^(1/3), VERIFIED "
       "(the check's quadrature used the same complex root); ∫_-1^0 x^(1/3) dx gave 3(−1)^(1/3)/4")
def test_odd_roots_of_negatives_are_real_roots(text, exact):
    solution = solve(text)
    assert solution.answer == exact and solution.answer.is_real
    assert solution.verified is True, solution.verification.failed
    assert "(-1)" not in solution.answer_sympy


def test_a_non_real_value_for_a_real_integrand_fails_verification():
    solution = solve("integrate x^(1/3) dx from -1 to 0")
    complex_value = 3 * sympy.root(-1, 3) / 4  # the principal-root answer the engine used to give
    last = solution.steps[-1]
    wrong = dataclasses.replace(solution, answer=complex_value, verification=None,
                                steps=(*solution.steps[:-1], dataclasses.replace(last, after=complex_value)))
    assert not verify(wrong).passed


def test_an_integrand_not_real_on_the_interval_is_refused():
    with pytest.raises(grammar.UnsupportedProblem, match="not real"):
        solve("∫_-1^0 sqrt(x) dx")


@fixed("after the sum rule, sympy's URule carries the whole (2x + 3)/(x² + 4), and substep 1.1.1 substituted "
       "u = x² + 4 into it instead of 2x/(x² + 4): 3/(x² + 4) was counted twice")
def test_each_term_of_a_sum_is_integrated_once():
    solution = solve("integrate (2x+3)/(x^2+4) dx")
    assert_antiderivative(solution.answer - C, (2 * x + 3) / (x**2 + 4), x)
    (sub,) = steps_of(solution, Rule.U_SUBSTITUTION)
    assert sub.before == Integral(2 * x / (x**2 + 4), x)
    assert sympy.simplify(solution.answer - C - log(x**2 + 4) - Rational(3, 2) * atan(x / 2)) == 0
    assert solution.verified


def _substitution_depth(step, depth=0) -> int:
    here = depth + (step.rule == Rule.U_SUBSTITUTION)
    return max([here, *(_substitution_depth(s, here) for s in step.substeps)])


@pytest.mark.parametrize("text", ["integrate sin^2 x dx", "integrate cos^2 x dx", "integrate sin^4 x dx",
                                  "integrate sqrt(1-x^2) dx"])
@fixed("runaway substitutions: after the half-angle identity u = 2x was substituted into 1/2 − cos(2x)/2, "
       "giving ∫ sin(u/2)²/2 du (the identity undone), repeated 10–14 levels deep")
def test_half_angle_is_followed_by_a_brief_linear_substitution(text):
    solution = solve(text)
    assert _substitution_depth(solution.steps[0]) <= 2
    for step in steps_of(solution, Rule.U_SUBSTITUTION):
        assert not step.parts["rewritten"].function.has(sympy.sin), step.parts["rewritten"]
        assert f"d{step.parts['u']} is a constant multiple of d{step.parts['u']}" not in step.parts["why"]
    assert "dtheta" not in _text(solution)
    assert solution.verified


@fixed("the constant-of-integration step read 'F = C + F' and the answer 'C + F'")
def test_the_constant_of_integration_is_added_last():
    solution = solve("integrate x^2 dx")
    last = solution.steps[-1]
    assert last.rule == Rule.CONSTANT_OF_INTEGRATION and last.before == Integral(x**2, x)
    text = _text(solution)
    assert "∫ x² dx = x³/3 + C" in text and "Answer: x³/3 + C" in text
    assert solution.verified


@pytest.mark.parametrize("text, shown", [
    ("integrate x^2 dx from 0 to 3", "F(3) − F(0) = 9 − 0 = 9"),
    ("integral of 3x^2 - 2x from -1 to 2 dx", "F(2) − F(-1) = 4 − (-2) = 6"),
    ("∫_0^1 ln x dx", "F(1) = -1"),
])
@fixed("FTC sentences put the terms in sympy's order ('F(3) − F(0) = 0 + 9'); improper integrals did not show "
       "F at the finite bound")
def test_the_fundamental_theorem_is_written_upper_minus_lower(text, shown):
    assert shown in _text(solve(text))


@fixed("'has no elementary antiderivative' was asserted for 1/(2 + cos x), which has one (t = tan(x/2))")
def test_no_elementary_antiderivative_is_said_only_when_proven():
    solution = solve("integrate 1/(2+cos x) dx from 0 to 2pi")
    assert sympy.simplify(solution.answer - 2 * pi / sqrt(3)) == 0  # exact, by t = tan(x/2)
    last = solution.steps[-1]
    assert tuple(last.parts["split"]) == (pi,)  # F jumps at π, where tan(x/2) is undefined: one-sided limits
    assert "has no elementary antiderivative" not in _text(solution)
    assert solution.verified
    proven = solve("∫_0^1 x^x dx")
    assert "provably no elementary antiderivative" in _text(proven)


@fixed("x√(x + 1) was explained as 'its derivative appears in the integrand'; it is x = u² − 1, dx = 2u du")
def test_a_back_substitution_says_so():
    solution = solve("integrate x sqrt(x+1) dx")
    (sub,) = steps_of(solution, Rule.U_SUBSTITUTION)
    assert "back-substitution" in sub.parts["why"]
    assert sub.parts["du"][0] == sympy.Eq(x, sub.parts["u"] ** 2 - 1, evaluate=False)
    assert sub.substeps[0].role == "dx"
    assert "x = u² - 1, dx = 2u du" in _text(solution)
    assert solution.verified


@fixed("partial fractions named a coefficient C beside the constant of integration + C")
def test_partial_fraction_coefficients_do_not_use_the_letter_C():
    solution = solve("integrate (x+1)/(x^2(x-1)) dx")
    (decompose,) = steps_of(solution, Rule.PARTIAL_FRACTIONS_DECOMPOSE)
    assert "C" not in {eq.lhs.name for eq in decompose.parts["coefficients"]}
    assert solution.verified


@fixed("cyclic parts showed an internal name: 'I_ = −I_ + …' (markdown I_{})")
def test_cyclic_parts_calls_the_integral_I():
    from solver.render.document import to_markdown

    solution = solve("integrate e^x sin x dx")
    (solved,) = steps_of(solution, Rule.SOLVE_FOR_INTEGRAL)
    assert solved.before.lhs.name == "I"
    assert "I_" not in to_markdown(solution) and "I_" not in _text(solution)


@pytest.mark.parametrize("text, shown", [
    ("integrate 2x cos(x^2) dx", "du = 2x dx"),
    ("integrate x e^x dx", "du = dx"),
    ("integrate x e^x dx", "∫ u dv = u·v - ∫ v du"),
    ("integrate e^(-x) dx", "du = −dx"),
    ("integrate x ln x dx", "du = (1/x) dx"),
    ("integrate 1/sqrt(x^2+4) dx", "dx = 2sec(θ)² dθ"),
    ("integrate sin^3 x dx", "Rewrite the integrand with the Pythagorean identity"),
    ("integrate 1/(x^2+2x+5) dx", "the integrand becomes 1/((x + 1)² + 4)"),
])
@fixed("clutter: 'du = (2x) dx', 'du = (1) dx', 'dx = (2tan(θ)² + 2) dθ', '∫ u·v' dx = -∫ v·u' dx + u·v', "
       "'Rewrite the integrand with Pythagorean:', a no-op rewrite instead of completing the square")
def test_differentials_and_formulas_read_as_written(text, shown):
    assert shown in _text(solve(text))


@pytest.mark.parametrize("problem", ["integrate sin x dx from 0 to oo", "integrate 1/x dx from -1 to 1"])
def test_a_divergent_integral_with_no_value_is_not_called_infinity(problem):
    """oo stays the machine mark for 'divergent' (the spec's), but the answer a student reads says
    'diverges', and sympy's AccumBounds never shows."""
    solution = solve(problem)
    text = _text(solution)
    assert solution.answer_sympy == "oo" and solution.verified
    assert "Answer: diverges" in text and "AccumBounds" not in text


@pytest.mark.parametrize("problem", ["integrate x^3 e^x dx", "integrate x^2 sin x dx", "integrate x^2 e^(2x) dx",
                                     "integrate (x^2 + 1) cos(3x) dx"])
def test_repeated_parts_also_shows_the_tabular_method(problem):
    solution = solve(problem)
    assert solution.verified
    table = next(s for _, s in solution.walk() if s.rule == Rule.TABULAR_INTEGRATION)
    assert table.parts["table"].rows == sympy.degree(table.parts["u"], x) + 1


def test_a_wrong_row_of_the_table_is_caught():
    solution = solve("integrate x^3 e^x dx")
    number, table = next((n, s) for n, s in solution.walk() if s.rule == Rule.TABULAR_INTEGRATION)
    wrong = table.parts["table"].as_mutable()
    wrong[2, 1] = 5 * x  # the second derivative of x³ is 6x
    bad = dataclasses.replace(table, parts={**table.parts, "table": sympy.ImmutableMatrix(wrong)})
    check = STEP_CHECKS[Rule.TABULAR_INTEGRATION](number, bad, {})
    assert not check.passed


def test_single_parts_has_no_table():
    solution = solve("integrate x e^x dx")
    assert all(s.rule != Rule.TABULAR_INTEGRATION for _, s in solution.walk())
