"""The one closed list of rule ids, each with its title, sentence template and example.

A step names its rule by one of these ids; renderers fill the template with the step's
named parts (``{u}``, ``{n}``, …) printed in the target format, plus ``{before}``,
``{after}``, ``{var}`` and ``{identity}`` (the rule's identity as a formula).  Engines
never write prose: adding a rule touches this table, the rule function and its tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sympy

_x, _n, _a, _u, _c = sympy.symbols("x n a u c", real=True)
IDENTITY_VARIABLE = _x
"""Identities are written in x; a step shows them in its own variable."""
_f, _g, _f1, _g1 = sympy.symbols("f g f' g'")
_D = sympy.Derivative


def _eq(lhs, rhs):
    return sympy.Eq(lhs, rhs, evaluate=False)


def _add(*terms):
    return sympy.Add(*terms, evaluate=False)


def _mul(*factors):
    return sympy.Mul(*factors, evaluate=False)


class Rule(StrEnum):
    # -- derivatives
    DERIVATIVE = "derivative"
    HIGHER_ORDER = "higher_order_derivative"
    CONSTANT = "constant_rule"
    VARIABLE = "variable_rule"
    CONSTANT_MULTIPLE = "constant_multiple_rule"
    SUM = "sum_rule"
    POWER = "power_rule"
    PRODUCT = "product_rule"
    QUOTIENT = "quotient_rule"
    CHAIN = "chain_rule"
    EXPONENTIAL = "exponential_rule"
    LOGARITHM = "logarithm_rule"
    TRIG = "trig_rule"
    INVERSE_TRIG = "inverse_trig_rule"
    HYPERBOLIC = "hyperbolic_rule"
    ABS = "abs_rule"
    LOGARITHMIC_DIFFERENTIATION = "logarithmic_differentiation"
    # -- algebra shared by every engine
    SIMPLIFY = "simplify"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RuleInfo:
    title: str
    template: str
    example: str
    identity: sympy.Basic | None = None


RULES: dict[Rule, RuleInfo] = {
    Rule.DERIVATIVE: RuleInfo(
        "Differentiate",
        "Differentiate {before} with respect to {var}.",
        "d/dx x^2 sin x"),
    Rule.HIGHER_ORDER: RuleInfo(
        "Derivative of order {order}",
        "The derivative of order {order} is the derivative of the derivative of order {previous}: differentiate {function} once more.",
        "d^2/dx^2 x^3 -> 6x"),
    Rule.CONSTANT: RuleInfo(
        "Constant rule",
        "{function} does not depend on {var}, so its derivative is 0.",
        "d/dx 7 = 0",
        _eq(_D(_c, _x), 0)),
    Rule.VARIABLE: RuleInfo(
        "Derivative of the variable",
        "The derivative of {var} with respect to itself is 1.",
        "d/dx x = 1",
        _eq(_D(_x, _x), 1)),
    Rule.CONSTANT_MULTIPLE: RuleInfo(
        "Constant multiple rule",
        "A constant factor stays in front: {identity}, with c = {constant}.",
        "d/dx 3x^2 = 3 d/dx x^2",
        _eq(_D(_mul(_c, _f), _x), _mul(_c, _f1))),
    Rule.SUM: RuleInfo(
        "Sum rule",
        "The derivative of a sum is the sum of the derivatives: differentiate each of the {count} terms.",
        "d/dx (x^2 + sin x) = 2x + cos x",
        _eq(_D(_add(_f, _g), _x), _add(_f1, _g1))),
    Rule.POWER: RuleInfo(
        "Power rule",
        "Apply the power rule, {identity}, with n = {n}.",
        "d/dx x^3 = 3x^2",
        _eq(_D(_x**_n, _x), _mul(_n, sympy.Pow(_x, _add(_n, -1), evaluate=False)))),
    Rule.PRODUCT: RuleInfo(
        "Product rule",
        "Apply the product rule, {identity}, with f = {f} and g = {g}.",
        "d/dx x sin x = sin x + x cos x",
        _eq(_D(_mul(_f, _g), _x), _add(_mul(_f1, _g), _mul(_f, _g1)))),
    Rule.QUOTIENT: RuleInfo(
        "Quotient rule",
        "Apply the quotient rule, {identity}, with f = {f} (the numerator) and g = {g} (the denominator).",
        "d/dx sin x / x = (x cos x - sin x)/x^2",
        _eq(_D(_mul(_f, sympy.Pow(_g, -1, evaluate=False)), _x),
            _mul(_add(_mul(_f1, _g), _mul(-1, _f, _g1)), sympy.Pow(_g**2, -1, evaluate=False)))),
    Rule.CHAIN: RuleInfo(
        "Chain rule",
        "Chain rule {identity}: {function} is the outer function {outer} of the inner function {u_eq}. Its derivative is the outer derivative {outer_derivative} evaluated at {u_eq}, times the inner derivative {du}.",
        "d/dx sin(x^2) = cos(x^2) * 2x",
        _eq(_D(sympy.Function("f")(sympy.Function("g")(_x)), _x),
            _mul(sympy.Function("f'")(sympy.Function("g")(_x)), sympy.Function("g'")(_x)))),
    Rule.EXPONENTIAL: RuleInfo(
        "Exponential rule",
        "Apply the exponential rule: {identity}.",
        "d/dx 2^x = 2^x ln 2",
        _eq(_D(_a**_x, _x), _mul(_a**_x, sympy.log(_a)))),
    Rule.LOGARITHM: RuleInfo(
        "Logarithm rule",
        "The derivative of the natural logarithm: {identity}.",
        "d/dx ln x = 1/x",
        _eq(_D(sympy.log(_x), _x), 1 / _x)),
    Rule.TRIG: RuleInfo(
        "Trigonometric derivative",
        "Standard derivative: {identity}.",
        "d/dx sin x = cos x"),
    Rule.INVERSE_TRIG: RuleInfo(
        "Inverse trigonometric derivative",
        "Standard derivative: {identity}.",
        "d/dx atan x = 1/(1 + x^2)"),
    Rule.HYPERBOLIC: RuleInfo(
        "Hyperbolic derivative",
        "Standard derivative: {identity}.",
        "d/dx sinh x = cosh x"),
    Rule.ABS: RuleInfo(
        "Absolute value",
        "{identity} for {var} ≠ 0 (|{var}| has a corner at 0, where it has no derivative).",
        "d/dx |x| = x/|x|",
        _eq(_D(sympy.Abs(_x), _x), _x / sympy.Abs(_x))),
    Rule.LOGARITHMIC_DIFFERENTIATION: RuleInfo(
        "Logarithmic differentiation",
        "Both the base and the exponent depend on {var}, so take logarithms: with y = {function}, ln y = {log_form}. Differentiating both sides gives y′/y = {log_derivative}, so y′ = y · ({log_derivative}).",
        "d/dx x^x = x^x (ln x + 1)"),
    Rule.SIMPLIFY: RuleInfo(
        "Simplify",
        "Simplify the result.",
        "2x cos(x^2) + 0 -> 2x cos(x^2)"),
}


ROLE_TITLES = {"outer": "Outer function", "inner": "Inner function"}


def info(rule: Rule) -> RuleInfo:
    return RULES[rule]
