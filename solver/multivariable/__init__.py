"""Multivariable calculus and optimisation: gradients, Hessians, critical points, tangent
lines, gradient descent, Newton's method and limits; one ``solve``/``statement`` pair."""

from __future__ import annotations

import sympy
from sympy import Eq

from grammar import InvalidArgument

from ..render.math import machine
from ..steps import Solution
from .gradient import at_point, derivative_step, evaluate_step, gradient_step, hessian_step, names_for
from .iterate import solve_gradient_descent, solve_newton
from .limits import DOES_NOT_EXIST, limit_object, limit_steps
from .optimize import solve_critical_points
from .tangent import solve_tangent_line

KINDS = ("gradient", "hessian", "critical_points", "tangent_line", "gradient_descent", "newton", "limit")

_ETA = sympy.Symbol("eta")
_STEPS = sympy.Symbol("steps")
_METHOD, _NEWTON = sympy.Symbol("method"), sympy.Symbol("Newton")


def _operator(name: str):
    return sympy.Function(name)


def statement(problem):
    """The problem as one formula: gradient(f, x = 1, y = 2), ∇f = 0, lim f, …"""
    kind, f, data = problem.kind, problem.expr, problem.data
    if kind == "limit":
        return limit_object(f, problem.variable, data["point"], data.get("side", "+-"))
    if kind == "tangent_line":
        return _operator("tangent")(f, Eq(problem.variable, data["point"], evaluate=False))
    variables = tuple(data["variables"])
    point = data.get("point")
    at = tuple(at_point(variables, point)) if point is not None else ()
    if kind in ("gradient", "hessian"):
        return _operator(kind)(f, *at)
    if kind == "critical_points":
        mode = data.get("mode", "critical")
        if mode == "critical":
            return Eq(_operator("gradient")(f), 0, evaluate=False)
        return _operator(mode)(f)
    if kind == "gradient_descent":
        return _operator("descent")(f, *at, Eq(_ETA, data["rate"], evaluate=False),
                                    Eq(_STEPS, data["steps"], evaluate=False))
    if data.get("mode") == "minimize":  # optimisation, not root finding: say so
        return _operator("minimize")(f, *at, Eq(_METHOD, _NEWTON, evaluate=False),
                                     Eq(_STEPS, data["steps"], evaluate=False))
    return _operator("newton")(f, *at, Eq(_STEPS, data["steps"], evaluate=False))


def _check_function(problem) -> None:
    f = problem.expr
    if not isinstance(f, sympy.Expr) or isinstance(f, sympy.MatrixBase):
        raise InvalidArgument(f"{problem.kind.replace('_', ' ')} needs a function", hint="for example: x^2 y + y^3")
    if f.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
        raise InvalidArgument("infinity is not a function", hint="write a finite expression")
    if f.has(sympy.I):
        raise InvalidArgument("the function has complex values; this engine works with real functions",
                              hint="write the function without i")


def _derivatives(problem, statement_, second: bool) -> Solution:
    """∇f (and H from it), then both evaluated at the point when one is given."""
    f, variables, point = problem.expr, tuple(problem.data["variables"]), problem.data.get("point")
    names = names_for(f, *variables)
    steps = [gradient_step(f, variables, names)]
    if second:
        steps.append(hessian_step(f, variables, steps[0].after, names))
    answer = steps[-1].after
    if point is not None:
        steps.append(evaluate_step(answer, variables, point, "H" if second else "∇f"))
        answer = steps[-1].after
    return Solution(problem=problem, statement=statement_, answer=answer, steps=tuple(steps),
                    assumptions=problem.notes, answer_sympy=machine(answer))


def _solve_limit(problem, statement_) -> Solution:
    f, x, data = problem.expr, problem.variable, problem.data
    a, side = data["point"], data.get("side", "+-")
    if not (a.is_number and (a.is_extended_real or a.is_infinite)) or a is sympy.zoo:
        raise InvalidArgument("a limit point must be a real number, ∞ or −∞", hint="for example: as x -> 0")
    if a.is_infinite and side != "+-":
        raise InvalidArgument("a limit at infinity has only one side", hint=f"write: as {x} -> {sympy.sstr(a)}")
    steps, value = limit_steps(f, x, a, side)
    machine = "nan" if value == DOES_NOT_EXIST else sympy.sstr(value)
    return Solution(problem=problem, statement=statement_, answer=value, steps=tuple(steps),
                    assumptions=problem.notes, answer_sympy=machine,
                    extra={"exists": value != DOES_NOT_EXIST})


_SOLVERS = {
    "gradient": lambda problem, statement_: _derivatives(problem, statement_, second=False),
    "hessian": lambda problem, statement_: _derivatives(problem, statement_, second=True),
    "critical_points": solve_critical_points,
    "tangent_line": solve_tangent_line,
    "gradient_descent": solve_gradient_descent,
    "newton": solve_newton,
    "limit": _solve_limit,
}


def solve(problem) -> Solution:
    _check_function(problem)
    return _SOLVERS[problem.kind](problem, statement(problem))


__all__ = ["KINDS", "statement", "solve", "derivative_step", "gradient_step", "hessian_step"]
