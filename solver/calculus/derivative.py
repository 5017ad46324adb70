"""Derivatives: one function per rule, tried in the order of ``DERIVATIVE_RULES``.

Each rule function takes ``(f, x, names)`` and returns a ``Step`` whose ``before`` is the
unevaluated ``Derivative(f, x)`` and whose ``after`` is the derivative built from the
rule's own parts, or ``None`` when the rule does not apply.  Nothing here calls
``sympy.diff``: that is the verifier's independent oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy
from sympy import Derivative

from grammar import UnsupportedProblem, make_symbol
from grammar.functions import relu, sigmoid, softplus

from ..algebra import tidy
from ..rules import Rule
from ..steps import Solution, Step

_u = sympy.Dummy("u")

# Standard derivatives of f(u): the function class -> (rule, f'(u)).
TABLE: dict[type, tuple[Rule, Callable]] = {
    sympy.sin: (Rule.TRIG, lambda u: sympy.cos(u)),
    sympy.cos: (Rule.TRIG, lambda u: -sympy.sin(u)),
    sympy.tan: (Rule.TRIG, lambda u: sympy.sec(u) ** 2),
    sympy.sec: (Rule.TRIG, lambda u: sympy.sec(u) * sympy.tan(u)),
    sympy.csc: (Rule.TRIG, lambda u: -sympy.csc(u) * sympy.cot(u)),
    sympy.cot: (Rule.TRIG, lambda u: -sympy.csc(u) ** 2),
    sympy.asin: (Rule.INVERSE_TRIG, lambda u: 1 / sympy.sqrt(1 - u**2)),
    sympy.acos: (Rule.INVERSE_TRIG, lambda u: -1 / sympy.sqrt(1 - u**2)),
    sympy.atan: (Rule.INVERSE_TRIG, lambda u: 1 / (1 + u**2)),
    sympy.acot: (Rule.INVERSE_TRIG, lambda u: -1 / (1 + u**2)),
    sympy.asec: (Rule.INVERSE_TRIG, lambda u: 1 / (sympy.Abs(u) * sympy.sqrt(u**2 - 1))),
    sympy.acsc: (Rule.INVERSE_TRIG, lambda u: -1 / (sympy.Abs(u) * sympy.sqrt(u**2 - 1))),
    sympy.sinh: (Rule.HYPERBOLIC, lambda u: sympy.cosh(u)),
    sympy.cosh: (Rule.HYPERBOLIC, lambda u: sympy.sinh(u)),
    sympy.tanh: (Rule.HYPERBOLIC, lambda u: sympy.sech(u) ** 2),
    sympy.sech: (Rule.HYPERBOLIC, lambda u: -sympy.sech(u) * sympy.tanh(u)),
    sympy.csch: (Rule.HYPERBOLIC, lambda u: -sympy.csch(u) * sympy.coth(u)),
    sympy.coth: (Rule.HYPERBOLIC, lambda u: -sympy.csch(u) ** 2),
    sympy.asinh: (Rule.HYPERBOLIC, lambda u: 1 / sympy.sqrt(u**2 + 1)),
    sympy.acosh: (Rule.HYPERBOLIC, lambda u: 1 / (sympy.sqrt(u - 1) * sympy.sqrt(u + 1))),
    sympy.acoth: (Rule.HYPERBOLIC, lambda u: 1 / (1 - u**2)),
    sympy.asech: (Rule.HYPERBOLIC, lambda u: -1 / (u * sympy.sqrt(1 - u**2))),
    sympy.acsch: (Rule.HYPERBOLIC, lambda u: -1 / (u**2 * sympy.sqrt(1 + 1 / u**2))),
    sympy.atanh: (Rule.HYPERBOLIC, lambda u: 1 / (1 - u**2)),
    sympy.exp: (Rule.EXPONENTIAL, lambda u: sympy.exp(u)),
    sympy.log: (Rule.LOGARITHM, lambda u: 1 / u),
    sympy.Abs: (Rule.ABS, lambda u: u / sympy.Abs(u)),
    sigmoid: (Rule.SIGMOID, lambda u: sigmoid(u) * (1 - sigmoid(u))),
    relu: (Rule.RELU, lambda u: sympy.Heaviside(u, 0)),
    softplus: (Rule.SOFTPLUS, lambda u: sigmoid(u)),
}

_INNER_NAMES = ("u", "v", "w", "s", "t", "p", "q", "r")


class Names:
    """Fresh letters for the inner functions of nested chain rules: u, v, w, …"""

    def __init__(self, taken: set[sympy.Symbol]) -> None:
        self.taken = {s.name for s in taken}
        self.count = 0

    def fresh(self) -> sympy.Symbol:
        while True:
            k = self.count
            self.count += 1
            name = _INNER_NAMES[k % len(_INNER_NAMES)] + (str(k // len(_INNER_NAMES)) if k >= len(_INNER_NAMES) else "")
            if name not in self.taken:
                return make_symbol(name)


def _d(f, x):
    return Derivative(f, x)


# --------------------------------------------------------------------------- rules
def constant_rule(f, x, names):
    if not f.has(x):
        return Step(Rule.CONSTANT, _d(f, x), sympy.Integer(0), {"function": f, "var": x})
    return None


def variable_rule(f, x, names):
    if f == x:
        return Step(Rule.VARIABLE, _d(f, x), sympy.Integer(1), {"var": x})
    return None


def sum_rule(f, x, names):
    if not f.is_Add:
        return None
    subs = tuple(differentiate(term, x, names) for term in f.as_ordered_terms())
    return Step(Rule.SUM, _d(f, x), sympy.Add(*(s.after for s in subs)),
                {"count": len(subs), "var": x}, subs)


def constant_multiple_rule(f, x, names):
    if not f.is_Mul:
        return None
    c, rest = f.as_independent(x, as_Add=False)
    if c == 1:
        return None
    sub = differentiate(rest, x, names)
    return Step(Rule.CONSTANT_MULTIPLE, _d(f, x), c * sub.after,
                {"constant": c, "function": rest, "var": x}, (sub,))


def quotient_rule(f, x, names):
    if not f.is_Mul:
        return None
    num, den = sympy.fraction(f, exact=True)
    if not (num.has(x) and den.has(x)) or den == 1:
        return None
    dnum, dden = differentiate(num, x, names), differentiate(den, x, names)
    after = (dnum.after * den - num * dden.after) / den**2
    return Step(Rule.QUOTIENT, _d(f, x), after,
                {"f": num, "g": den, "df": dnum.after, "dg": dden.after, "var": x}, (dnum, dden))


def product_rule(f, x, names):
    if not f.is_Mul:
        return None
    first, *rest = f.args
    u, v = first, sympy.Mul(*rest)
    du, dv = differentiate(u, x, names), differentiate(v, x, names)
    return Step(Rule.PRODUCT, _d(f, x), du.after * v + u * dv.after,
                {"f": u, "g": v, "df": du.after, "dg": dv.after, "var": x}, (du, dv))


def power_rule(f, x, names):
    if f.is_Pow and f.base == x and not f.exp.has(x):
        n = f.exp
        return Step(Rule.POWER, _d(f, x), n * x ** (n - 1), {"n": n, "var": x})
    return None


def exponential_rule(f, x, names):
    if isinstance(f, sympy.exp) and f.args[0] == x:
        identity = sympy.Eq(_d(f, x), f, evaluate=False)
        return Step(Rule.EXPONENTIAL, _d(f, x), f, {"identity": identity, "base": sympy.E, "var": x})
    if f.is_Pow and f.exp == x and not f.base.has(x):
        after = f * sympy.log(f.base)
        identity = sympy.Eq(_d(f, x), after, evaluate=False)
        return Step(Rule.EXPONENTIAL, _d(f, x), after, {"identity": identity, "base": f.base, "var": x})
    return None


def logarithmic_differentiation(f, x, names):
    if not (f.is_Pow and f.base.has(x) and f.exp.has(x)):
        return None
    log_form = f.exp * sympy.log(f.base)
    sub = differentiate(log_form, x, names)
    return Step(Rule.LOGARITHMIC_DIFFERENTIATION, _d(f, x), f * sub.after,
                {"function": f, "log_form": log_form, "log_derivative": sub.after, "var": x}, (sub,))


def _split(f, x, u):
    """``f = outer(inner)``: (outer in u, inner), or None when f is no composition."""
    if f.is_Pow:
        base, exp = f.base, f.exp
        if base.has(x) and not exp.has(x) and base != x:
            return u**exp, base
        if exp.has(x) and not base.has(x) and exp != x:
            return base**u, exp
        return None
    if type(f) in TABLE and len(f.args) == 1 and f.args[0] != x and f.args[0].has(x):
        return type(f)(u), f.args[0]
    return None


def chain_rule(f, x, names):
    probe = _split(f, x, _u)
    if probe is None:
        return None
    u = names.fresh()
    outer, inner = probe[0].xreplace({_u: u}), probe[1]
    outer_step = differentiate(outer, u, names)
    inner_step = differentiate(inner, x, names)
    after = outer_step.after.xreplace({u: inner}) * inner_step.after
    parts = {
        "function": f, "outer": outer, "u": u, "inner": inner, "var": x,
        "u_eq": sympy.Eq(u, inner, evaluate=False),
        "outer_derivative": sympy.Eq(_d(outer, u), outer_step.after, evaluate=False),
        "du": sympy.Eq(_d(u, x), inner_step.after, evaluate=False),
    }
    subs = (replace(outer_step, role="outer"), replace(inner_step, role="inner"))
    return Step(Rule.CHAIN, _d(f, x), after, parts, subs)


def table_rule(f, x, names):
    entry = TABLE.get(type(f))
    if entry is None or len(f.args) != 1 or f.args[0] != x:
        return None
    rule, derivative = entry
    after = derivative(x)
    identity = sympy.Eq(_d(f, x), after, evaluate=False)
    return Step(rule, _d(f, x), after, {"identity": identity, "var": x})


DERIVATIVE_RULES = (
    constant_rule,
    variable_rule,
    sum_rule,
    constant_multiple_rule,
    quotient_rule,
    product_rule,
    power_rule,
    exponential_rule,
    logarithmic_differentiation,
    chain_rule,
    table_rule,
)


def differentiate(f, x, names: Names) -> Step:
    for rule in DERIVATIVE_RULES:
        step = rule(f, x, names)
        if step is not None:
            return step
    raise UnsupportedProblem(
        f"I can't differentiate {sympy.sstr(f)} step by step",
        hint="derivatives of polynomials, powers, roots, exponentials, logarithms, trig, "
             "inverse trig, hyperbolic functions and |x| are worked; combinations of them too")


# --------------------------------------------------------------------------- the engine
def statement(problem):
    """The problem as a formula: ``Derivative(f, (x, n))``."""
    x, order = problem.variable, problem.order
    return Derivative(problem.expr, (x, order)) if order > 1 else Derivative(problem.expr, x)


def solve(problem) -> Solution:
    f, x, order = problem.expr, problem.variable, problem.order
    if f.has(sympy.oo, -sympy.oo, sympy.zoo):
        raise UnsupportedProblem("infinity is not a function that can be differentiated",
                                 hint="write a finite expression")
    names = Names(f.free_symbols | {x})
    steps: list[Step] = []
    current = f
    assumptions = list(problem.notes)
    for k in range(1, order + 1):
        tree = differentiate(current, x, names)
        nice = tidy(tree.after)
        worked = (tree,) if nice == tree.after else (tree, Step(Rule.SIMPLIFY, tree.after, nice))
        if order == 1:
            steps.extend(worked)
        else:
            steps.append(Step(Rule.HIGHER_ORDER, _d(current, x), nice,
                              {"order": k, "function": current, "var": x,
                               "again": "" if k == 1 else f" (the derivative of order {k - 1})"},
                              worked))
        current = nice
    from ..multivariable.backprop import computation_graph  # late: that package builds on this engine
    if order == 1 and (view := computation_graph(f, x, current)) is not None:
        steps = list(view)  # a model such as (σ(wx + b) − y)²: shown as backpropagation
    if any(s.rule == Rule.LOGARITHMIC_DIFFERENTIATION for s in _all(steps)):
        assumptions.append("logarithmic differentiation takes ln of the base, so the base is taken to be positive")
    if any(s.rule == Rule.ABS for s in _all(steps)):
        assumptions.append("|u| has no derivative where u = 0; the result holds elsewhere")
    return Solution(problem=problem, statement=statement(problem), answer=current, steps=tuple(steps),
                    assumptions=tuple(assumptions), answer_sympy=sympy.sstr(current))


def _all(steps):
    for step in steps:
        for _, s in step.walk():
            yield s
