"""Gradient descent and Newton's method: the update rule, the derivatives it needs worked
once, then one step per iteration (a row of the table), and a remark on how it ended.

Arithmetic is exact while the fractions stay short and becomes decimals (10 significant
digits) after, which the solution says.  The verifier recomputes every iteration from the
previous point with ``sympy.diff``, independently of the derivatives worked here.
"""

from __future__ import annotations

import sympy
from sympy import Eq, S

from grammar import InvalidArgument

from ..algebra import tidy
from ..render.math import machine, to_text
from ..rules import Rule
from ..steps import Solution, Step
from .gradient import Matrix, derivative_step, gradient_step, hessian_step, names_for

DIGITS = 10
"""Significant digits kept once the arithmetic turns to decimals."""
TOLERANCE = sympy.Float("1e-9", 2)
"""A step shorter than this (relative to the size of the point, when that is above 1) ends
the iteration: it has converged.  Above the resolution of ``DIGITS`` significant digits."""
HUGE = sympy.Float("1e12")
"""A coordinate beyond this ends the iteration: it diverges."""
_SMALL = 10**6


def _short(value) -> bool:
    return value.is_Rational and abs(value.p) < _SMALL and value.q < _SMALL


def to_decimal(value):
    """A number rounded to ``DIGITS`` significant digits, printed without trailing zeros."""
    number = complex(sympy.N(value, 30))
    if number.imag or number.real != number.real or abs(number.real) == float("inf"):
        raise ArithmeticError("not a finite real number")
    return sympy.Float(f"{number.real:.{DIGITS}g}", DIGITS)


class Arithmetic:
    """Exact while every number is a short fraction; decimals from the first long one on."""

    def __init__(self) -> None:
        self.exact = True
        self.switched_at: int | None = None

    def settle(self, values: list, iteration: int) -> list:
        if self.exact and all(_short(v) for v in values):
            return values
        if self.exact:
            self.exact = False
            self.switched_at = iteration
        return [to_decimal(v) for v in values]

    def value(self, expr):
        return expr if self.exact else to_decimal(expr)


def _shape(values: list, one: bool):
    return values[0] if one else Matrix(values)


def _norm(values) -> sympy.Expr:
    return sympy.sqrt(sum(v**2 for v in values))


def converged(size, point) -> bool:
    """The step is below the tolerance, relative to the point's size when that is above 1."""
    return bool(sympy.N(size) <= TOLERANCE * max(1, sympy.N(_norm(point))))


def _at(expr, variables, point):
    return expr.xreplace(dict(zip(variables, point, strict=True)))


def _finite(values) -> bool:
    """Every value a real number below ``HUGE`` in size (beyond it the iteration diverges)."""
    return _defined(values) and all(abs(complex(sympy.N(v, 30))) < float(HUGE) for v in values)


def _defined(values) -> bool:
    """Every value a finite real number: the function or its derivatives exist there."""
    try:
        numbers = [complex(sympy.N(v, 30)) for v in values]
    except (TypeError, ValueError):
        return False
    return all(n == n and abs(n) != float("inf") and abs(n.imag) <= 1e-20 * max(1.0, abs(n.real)) for n in numbers)


def _answer(point: list, one: bool):
    return point[0] if one else sympy.Tuple(*point)


def _function_values(f, variables, points) -> sympy.Tuple:
    return sympy.Tuple(*(sympy.N(_at(f, variables, p), DIGITS) if not all(v.is_Rational for v in p)
                         else _at(f, variables, p) for p in points))


def _remarks(f, variables, points: list, stopped: Step | None, descent: bool) -> list[Step]:
    """Converged (the last step was tiny), diverged (the iterates blow up), or still descending."""
    if stopped is not None:
        return [stopped]
    values = [_at(f, variables, p) for p in points]
    if len(points) >= 4:
        sizes = [_norm(p) for p in points[-4:]]
        last = values[-4:]
        if all(float(sympy.N(b - a)) > 0 for a, b in zip(sizes, sizes[1:], strict=False)) and \
                all(float(sympy.N(abs(b) - abs(a))) > 0 for a, b in zip(last, last[1:], strict=False)):
            return [Step(Rule.DIVERGED, _function_values(f, variables, points[-4:]), "diverges",
                         {"function": f, "variables": sympy.Tuple(*variables),
                          "points": sympy.Tuple(*(sympy.Tuple(*p) for p in points[-4:])),
                          "method": "gradient descent" if descent else "Newton's method",
                          "advice": _ADVICE["descent" if descent else "newton"]})]
    if descent and len(points) >= 2 and all(float(sympy.N(b - a)) < 0 for a, b in zip(values, values[1:], strict=False)):
        first, last = _function_values(f, variables, [points[0], points[-1]])
        return [Step(Rule.DESCENDING, sympy.Tuple(first, last), "decreasing",
                     {"function": f, "variables": sympy.Tuple(*variables), "first": first, "last": last,
                      "points": sympy.Tuple(*(sympy.Tuple(*p) for p in points)), "tolerance": TOLERANCE})]
    return []


_ADVICE = {"descent": "The learning rate is too large for this function: try a smaller one",
           "newton": "Newton's method can run away from a start far from a root or where f' is small: "
                     "try a start closer to the answer"}


def _converged(previous, point, size, method: str) -> Step:
    one = len(point) == 1
    return Step(Rule.CONVERGED, size, "converged",
                {"tolerance": TOLERANCE, "point": _answer(point, one), "previous": _answer(previous, one),
                 "method": method})


def _stop(f, variables, points: list, method: str) -> Step | None:
    """Why the iteration ends after the newest point, if it does: it ran off (beyond ``HUGE``),
    it converged, or it came back to a point it had visited."""
    new, old = points[-1], points[-2]
    if not _finite(new):
        return Step(Rule.DIVERGED, _function_values(f, variables, points[-3:]), "diverges",
                    {"function": f, "variables": sympy.Tuple(*variables), "beyond": HUGE,
                     "points": sympy.Tuple(*(sympy.Tuple(*p) for p in points[-3:])), "method": method,
                     "advice": _ADVICE["descent" if method == "gradient descent" else "newton"]})
    size = _norm([a - b for a, b in zip(new, old, strict=True)])
    if converged(size, new):
        return _converged(old, new, size, method)
    return _cycle(points, method)


def _cycle(points: list, method: str) -> Step | None:
    """The newest point was visited before: the iteration repeats forever from here."""
    newest = points[-1]
    for k, earlier in enumerate(points[:-2]):
        if earlier == newest:
            one = len(newest) == 1
            return Step(Rule.CYCLE, _answer(newest, one), "cycle",
                        {"first": sympy.Integer(k), "last": sympy.Integer(len(points) - 1), "method": method,
                         "iterates": sympy.Tuple(*(_answer(p, one) for p in points))})
    return None


def _notes(arithmetic: Arithmetic) -> list[str]:
    if arithmetic.switched_at is None:
        return []
    return [f"from iteration {arithmetic.switched_at} on the exact fractions grow long, so values are decimals "
            f"rounded to {DIGITS} significant digits"]


def _table(rows: list[list]) -> Matrix:
    return Matrix(rows) if rows else Matrix(0, 0, [])


# --------------------------------------------------------------------------- gradient descent
def require_no_parameters(f, variables) -> None:
    """Numbers need every letter to have a value: an iteration or a test cannot run on ``a``."""
    extra = sorted(map(str, f.free_symbols - set(variables)))
    if extra:
        raise InvalidArgument(f"the function has letters other than its variables: {', '.join(extra)}",
                              hint="give them values, or list them as variables: f(x, a) = …")


def solve_gradient_descent(problem, statement) -> Solution:
    f, variables = problem.expr, tuple(problem.data["variables"])
    require_no_parameters(f, variables)
    rate, count = problem.data["rate"], problem.data["steps"]
    one = len(variables) == 1
    names = names_for(f, *variables)
    first = derivative_step(f, variables[0], variables, names) if one else gradient_step(f, variables, names)
    gradient = [first.after] if one else list(first.after)
    arithmetic = Arithmetic()
    point = arithmetic.settle([sympy.sympify(v) for v in problem.data["point"]], 0)
    points = [point]
    iterations, rows = [], []
    stopped = None
    for k in range(1, count + 1):
        g = [arithmetic.value(_at(d, variables, point)) for d in gradient]
        if not _defined(g):
            raise InvalidArgument("the gradient is not defined at " + (to_text(point[0]) if one else f"({to_text(sympy.Tuple(*point))})"),
                                  hint="start from a point where f is differentiable")
        step = [arithmetic.value(rate * gi) for gi in g]
        new = arithmetic.settle([p - s for p, s in zip(point, step, strict=True)], k)
        if not arithmetic.exact:  # the gradient and the step at this point, in the same decimals
            g, step = [to_decimal(v) for v in g], [to_decimal(v) for v in step]
        value = arithmetic.value(_at(f, variables, new)) if _finite(new) else S.NaN
        iterations.append(Step(Rule.GRADIENT_DESCENT_STEP, _shape(point, one), _shape(new, one),
                               {"k": sympy.Integer(k), "gradient": _shape(g, one), "step": _shape(step, one),
                                "value": value, "rate": rate, "function": f, "variables": sympy.Tuple(*variables)}))
        rows.append([sympy.Integer(k), *point, *g, *step, *new, value])
        points.append(new)
        point = new
        if (stopped := _stop(f, variables, points, "gradient descent")) is not None:
            break
    update = "x − η·f'(x)" if one else "x − η·∇f(x)"
    header = ["k", *[str(v) for v in variables], *[f"∂f/∂{v}" for v in variables], *[f"η·∂f/∂{v}" for v in variables],
              *[f"new {v}" for v in variables], "f"]
    descent = Step(Rule.GRADIENT_DESCENT, _shape(points[0], one), _shape(point, one),
                   {"update": update, "rate": rate, "steps": sympy.Integer(count), "table": _table(rows),
                    "columns": ", ".join(header)}, tuple(iterations))
    steps = [first, descent, *_remarks(f, variables, points, stopped, descent=True)]
    answer = _answer(point, one)
    return Solution(problem=problem, statement=statement, answer=answer, steps=tuple(steps),
                    assumptions=tuple(dict.fromkeys((*problem.notes, *_notes(arithmetic)))),
                    answer_sympy=machine(answer), extra={"iterations": len(iterations), **_as_point(answer)})


# --------------------------------------------------------------------------- Newton's method
_NEWTON_NAMES = {
    "root": {"value_name": "f(x)", "slope_name": "f'(x)", "step_name": "f(x)/f'(x)"},
    "minimize": {"value_name": "f'(x)", "slope_name": "f''(x)", "step_name": "f'(x)/f''(x)"},
    "several": {"value_name": "∇f(x)", "slope_name": "H(x)", "step_name": "H(x)⁻¹·∇f(x)"},
}
_PURPOSE = {"root": ("for a root of f", "where the tangent line at x crosses the axis"),
            "minimize": ("to minimise f (a root of f')", "the vertex of the parabola that matches f to second order")}


def _newton_one(problem, statement, f, x, names) -> Solution:
    mode, count = problem.data["mode"], problem.data["steps"]
    first = derivative_step(f, x, (x,), names)
    worked = [first]
    if mode == "root":
        g, dg = f, first.after
    else:
        second = derivative_step(first.after, x, (x,), names, label="f''")
        worked.append(second)
        g, dg = first.after, second.after
    arithmetic = Arithmetic()
    point = arithmetic.settle([sympy.sympify(problem.data["point"][0])], 0)
    points, iterations, rows = [point], [], []
    stopped = None
    for k in range(1, count + 1):
        value, slope = (arithmetic.value(_at(e, (x,), point)) for e in (g, dg))
        if not _defined([value, slope]):
            raise InvalidArgument(f"f is not defined at {x} = {to_text(point[0])}",
                                  hint="start from a point where f and its derivatives are defined")
        if slope == 0 or (not arithmetic.exact and abs(slope) < sympy.Float("1e-300")):
            reached = value == 0
            name = "f" if mode == "root" else "f'"
            stopped = Step(Rule.ZERO_DERIVATIVE, sympy.Function("f'" if mode == "root" else "f''")(point[0]), S.Zero,
                           {"at": Eq(x, point[0], evaluate=False), "mode": mode, "function": f,
                            "derivative": "f'" if mode == "root" else "f''",
                            "value": Eq(sympy.Function(name)(point[0]), value, evaluate=False),
                            "outcome": _outcome(reached, mode), "reached": "yes" if reached else "no"})
            break
        step = arithmetic.value(value / slope)
        new = arithmetic.settle([point[0] - step], k)
        if not arithmetic.exact:
            value, slope, step = to_decimal(value), to_decimal(slope), to_decimal(step)
        iterations.append(Step(Rule.NEWTON_STEP, point[0], new[0],
                               {"k": sympy.Integer(k), "value": value, "slope": slope, "step": step, "mode": mode,
                                "function": f, "variables": sympy.Tuple(x), **_NEWTON_NAMES[mode]}))
        rows.append([sympy.Integer(k), point[0], value, slope, step, new[0]])
        points.append(new)
        point = new
        if (stopped := _stop(f, (x,), points, "Newton's method")) is not None:
            break
    update = sympy.Add(x, sympy.Mul(-1, sympy.Mul(g, sympy.Pow(dg, -1, evaluate=False), evaluate=False),
                                     evaluate=False), evaluate=False)
    purpose, why = _PURPOSE[mode]
    names_row = ["k", "x", "f(x)", "f'(x)", "f/f'", "new x"] if mode == "root" else \
        ["k", "x", "f'(x)", "f''(x)", "f'/f''", "new x"]
    newton = Step(Rule.NEWTON, point_of(points[0]), point_of(point),
                  {"purpose": purpose, "why": why, "update": update, "steps": sympy.Integer(count), "tolerance": TOLERANCE,
                   "table": _table(rows), "columns": ", ".join(names_row)}, tuple(iterations))
    remarks = [stopped] if stopped is not None else _remarks(f, (x,), points, None, descent=False)
    answer, extra = _result(point[0], stopped, len(iterations))
    if mode == "minimize" and answer != FAILED:
        remarks.append(_curvature(f, x, dg, point[0], arithmetic, converged=bool(remarks)
                                  and remarks[-1].rule in (Rule.CONVERGED, Rule.ZERO_DERIVATIVE)))
    if answer != FAILED and answer.is_Rational and not answer.is_Integer:  # 131347/114786 ≈ 1.144
        extra["decimal"] = sympy.Float(sympy.N(answer, 15), 15)
    return Solution(problem=problem, statement=statement, answer=answer, steps=(*worked, newton, *remarks),
                    assumptions=tuple(dict.fromkeys((*problem.notes, *_notes(arithmetic)))),
                    answer_sympy=machine(answer) if answer != FAILED else "nan", extra=extra)


FAILED = "does not exist"
"""The answer when Newton's method stops on a zero derivative (a singular Hessian) at a point
that is not a root (a critical point): the method gives no result there."""


def _outcome(reached: bool, mode: str) -> str:
    goal = {"root": "a root of f", "minimize": "a critical point of f", "several": "a critical point of f"}[mode]
    if reached:
        return f"that is 0, so this point is already {goal} and it is the result"
    return (f"that is not 0, so this point is not {goal}: Newton's method fails from this start "
            "and gives no result (try another start)")


def _result(point, stopped: Step | None, iterations: int) -> tuple[object, dict]:
    """The answer and the extra facts: the last iterate, or FAILED when the method broke down
    away from a root (the last iterate is kept in ``extra`` but is not presented as a result)."""
    extra: dict = {"iterations": iterations}
    if stopped is not None and stopped.rule in (Rule.ZERO_DERIVATIVE, Rule.SINGULAR_HESSIAN) \
            and stopped.parts["reached"] != "yes":
        extra.update({"failed": True, "stopped_at": point})
        return FAILED, extra
    return point, extra


def _curvature(f, x, second, point, arithmetic: Arithmetic, converged: bool) -> Step:
    """f'' at the result of Newton's method for a minimum: positive confirms a minimum (near
    one, if the method has not converged yet); negative means it is heading for a maximum."""
    value = arithmetic.value(second.xreplace({x: point}))
    value = tidy(value) if arithmetic.exact else value
    s = 0 if value == 0 else (1 if sympy.N(value) > 0 else -1)
    reached = "the point reached" if converged else "the point Newton's method is heading for"
    verdict = {1: f"positive, so f is concave up there: {reached} is a local minimum",
               -1: f"negative, so f is concave down there: {reached} is a local maximum, not a minimum",
               0: "0, so the curvature does not tell whether this is a minimum"}[s]
    kind = {1: "minimum", -1: "maximum", 0: "inconclusive"}[s]
    return Step(Rule.NEWTON_CURVATURE, sympy.Function("f''")(point), value,
                {"function": f, "variables": sympy.Tuple(x), "point": sympy.Tuple(point), "verdict": verdict,
                 "shown": Eq(sympy.Function("f''")(point), value, evaluate=False),
                 "kind": kind, "goal": "f'", "converged": "yes" if converged else "no"})


def _curvature_several(f, variables, hessian, point, arithmetic: Arithmetic, converged: bool) -> Step:
    """The Hessian at the result: positive definite (every leading principal minor positive)
    confirms a minimum; negative definite a maximum; indefinite a saddle point."""
    h = Matrix(hessian.rows, hessian.cols, [arithmetic.value(_at(e, variables, point)) for e in hessian])
    minors = [Matrix(h[:k, :k]).det(method="bareiss") for k in range(1, h.rows + 1)]
    minors = [m if arithmetic.exact else to_decimal(m) for m in minors]
    signs = [0 if m == 0 else (1 if sympy.N(m) > 0 else -1) for m in minors]
    reached = "the point reached" if converged else "the point Newton's method is heading for"
    if all(v > 0 for v in signs):
        kind, verdict = "minimum", f"H is positive definite: {reached} is a local minimum"
    elif all(v == (-1) ** k for k, v in enumerate(signs, start=1)):
        kind, verdict = "maximum", f"H is negative definite (the minors alternate in sign, starting negative): " \
                                   f"{reached} is a local maximum, not a minimum"
    elif signs[-1] != 0:
        kind, verdict = "saddle", f"H is indefinite (det H ≠ 0, but it is not definite): {reached} is a saddle " \
                                  "point, not a minimum"
    else:
        kind, verdict = "inconclusive", "det H = 0 and the curvature does not tell whether this is a minimum"
    return Step(Rule.NEWTON_CURVATURE, h, sympy.Tuple(*minors),
                {"function": f, "variables": sympy.Tuple(*variables), "point": sympy.Tuple(*point), "matrix": h,
                 "shown": Eq(sympy.Function("H")(*point), h, evaluate=False),
                 "verdict": f"its leading principal minors are {to_text(sympy.Tuple(*minors))}, so {verdict}",
                 "kind": kind, "goal": "∇f", "converged": "yes" if converged else "no"})


def point_of(point: list):
    return point[0] if len(point) == 1 else Matrix(point)


def _newton_several(problem, statement, f, variables, names) -> Solution:
    count = problem.data["steps"]
    grad_step = gradient_step(f, variables, names)
    hess_step = hessian_step(f, variables, grad_step.after, names)
    gradient, hessian = grad_step.after, hess_step.after
    arithmetic = Arithmetic()
    point = arithmetic.settle([sympy.sympify(v) for v in problem.data["point"]], 0)
    points, iterations, rows = [point], [], []
    stopped = None
    for k in range(1, count + 1):
        g = Matrix([arithmetic.value(_at(e, variables, point)) for e in gradient])
        h = Matrix(hessian.rows, hessian.cols, [arithmetic.value(_at(e, variables, point)) for e in hessian])
        if not _defined(list(g) + list(h)):
            raise InvalidArgument(f"f is not twice differentiable at ({to_text(sympy.Tuple(*point))})",
                                  hint="start from a point where f and its derivatives are defined")
        det = h.det(method="bareiss")
        if det == 0 or (not arithmetic.exact and abs(det) < sympy.Float("1e-300")):
            reached = all(v == 0 for v in g)
            stopped = Step(Rule.SINGULAR_HESSIAN, sympy.Determinant(h), S.Zero,
                           {"at": sympy.Tuple(*(Eq(v, p, evaluate=False) for v, p in zip(variables, point, strict=True))),
                            "matrix": h, "function": f, "value": Eq(sympy.Symbol("∇f"), g, evaluate=False),
                            "outcome": _outcome(reached, "several"), "reached": "yes" if reached else "no"})
            break
        direction = [arithmetic.value(d) for d in h.LUsolve(g)]
        new = arithmetic.settle([p - d for p, d in zip(point, direction, strict=True)], k)
        if not arithmetic.exact:
            g = Matrix([to_decimal(v) for v in g])
            h = Matrix(h.rows, h.cols, [to_decimal(v) for v in h])
            direction = [to_decimal(v) for v in direction]
        iterations.append(Step(Rule.NEWTON_STEP, Matrix(point), Matrix(new),
                               {"k": sympy.Integer(k), "value": g, "slope": h, "step": Matrix(direction),
                                "mode": "minimize", "function": f, "variables": sympy.Tuple(*variables),
                                **_NEWTON_NAMES["several"]}))
        rows.append([sympy.Integer(k), *point, *g, *direction, *new])
        points.append(new)
        point = new
        if (stopped := _stop(f, variables, points, "Newton's method")) is not None:
            break
    header = ["k", *map(str, variables), *[f"∂f/∂{v}" for v in variables], *[f"d{v}" for v in variables],
              *[f"new {v}" for v in variables]]
    newton = Step(Rule.NEWTON, Matrix(points[0]), Matrix(point),
                  {"purpose": "to minimise f (a zero of ∇f)", "why": "solving H(x)·d = ∇f(x) for the step d",
                   "update": "x − H(x)⁻¹·∇f(x)", "steps": sympy.Integer(count), "tolerance": TOLERANCE,
                   "table": _table(rows),
                   "columns": ", ".join(header)}, tuple(iterations))
    remarks = [stopped] if stopped is not None else _remarks(f, variables, points, None, descent=False)
    answer, extra = _result(sympy.Tuple(*point), stopped, len(iterations))
    if answer != FAILED:
        remarks.append(_curvature_several(f, variables, hessian, point, arithmetic, converged=bool(remarks)
                                          and remarks[-1].rule in (Rule.CONVERGED, Rule.SINGULAR_HESSIAN)))
    return Solution(problem=problem, statement=statement, answer=answer,
                    steps=(grad_step, hess_step, newton, *remarks),
                    assumptions=tuple(dict.fromkeys((*problem.notes, *_notes(arithmetic)))),
                    answer_sympy=machine(answer) if answer != FAILED else "nan", extra={**extra, **_as_point(answer)})


def solve_newton(problem, statement) -> Solution:
    f, variables = problem.expr, tuple(problem.data["variables"])
    require_no_parameters(f, variables)
    names = names_for(f, *variables)
    if len(variables) == 1:
        return _newton_one(problem, statement, f, variables[0], names)
    if problem.data["mode"] == "root":
        raise InvalidArgument(
            f"Newton's method for a root needs a function of one variable; {to_text(f)} has "
            f"{len(variables)} ({', '.join(map(str, variables))})",
            hint="to optimise a function of several variables, write: newton's method to minimize … from (x, y) = (1, 2) …")
    return _newton_several(problem, statement, f, variables, names)


def _as_point(answer) -> dict:
    """A final iterate of several variables is read as a point, (12/7, −3/7), not a list."""
    return {"shown_answer": sympy.Tuple(answer)} if isinstance(answer, sympy.Tuple) else {}
