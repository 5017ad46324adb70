"""The tangent line y = f(a) + f'(a)(x − a): the point, the derivative, the slope, the line."""

from __future__ import annotations

import sympy
from sympy import Eq

from grammar import InvalidArgument, make_symbol

from ..rules import Rule
from ..steps import Solution, Step
from .gradient import derivative_step, evaluate_step, names_for


def dependent_symbol(x: sympy.Symbol) -> sympy.Symbol:
    """y, unless the function's own variable is called y."""
    return make_symbol("y" if x.name != "y" else "z")


def solve_tangent_line(problem, statement) -> Solution:
    f, x, a = problem.expr, problem.variable, problem.data["point"]
    if not (a.is_number and a.is_finite and a.is_extended_real):
        raise InvalidArgument("the point of tangency must be a real number", hint="for example: at x = 1")
    y = dependent_symbol(x)
    names = names_for(f, x)
    height = evaluate_step(f, (x,), (a,), "f")
    derivative = derivative_step(f, x, (x,), names)
    slope = evaluate_step(derivative.after, (x,), (a,), "f'")
    y0, m = height.after, slope.after
    point_slope = Eq(sympy.Add(y, -y0), sympy.Mul(m, sympy.Add(x, -a), evaluate=False), evaluate=False)
    line = Eq(y, sympy.expand(m * (x - a) + y0))
    step = Step(Rule.TANGENT_LINE, point_slope, line,
                {"point": sympy.Tuple(a, y0), "slope": m, "var": x, "dependent": y, "function": f})
    return Solution(problem=problem, statement=statement, answer=line, steps=(height, derivative, slope, step),
                    assumptions=problem.notes, answer_sympy=sympy.sstr(line))
