"""Critical points: ∇f = 0 solved step by step, then each point classified.

One variable: the second-derivative test, and when f'' is 0 there, the first derivative
that is not (even order: an extremum; odd: a stationary inflection, a saddle).  Several
variables: the Hessian at the point, by D = det H and the leading entry for two variables,
by the principal minors for more.  ``minimize``/``maximize`` of a function of one variable
that is smooth on the whole line also compare the critical values with the behaviour at
the two ends, to say whether a global extremum exists.
"""

from __future__ import annotations

from itertools import combinations

import sympy
from sympy import Eq, S

from grammar import InvalidArgument, UnsupportedProblem

from ..linalg.matrices import determinant_steps
from ..render.math import machine
from ..rules import Rule
from ..steps import Solution, Step
from .equations import SystemSolver
from .gradient import (
    Matrix,
    at_point,
    derivative_step,
    evaluate_step,
    gradient_step,
    hessian_step,
    names_for,
    substitute,
)
from .iterate import require_no_parameters
from .limits import limit_object, limit_steps

MAX_TEST_ORDER = 10
"""The highest derivative the higher-order test looks at."""

# Functions that are smooth on the whole real line: with them, a function's global
# extremum (if any) is at a critical point, and the ends of the line decide the rest.
_SMOOTH = (sympy.exp, sympy.sin, sympy.cos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh)

# The classification words of the answer and how each is said in a sentence.
SAID = {"minimum": "local minimum", "maximum": "local maximum", "saddle": "saddle point",
        "inconclusive": "point the test cannot classify"}


def sign_of(value) -> int:
    """−1, 0 or 1 for an exact number (radicals and CRootOf included)."""
    value = sympy.nsimplify(value) if value.is_Float else value
    if value == 0:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    numeric = sympy.N(value, 50)
    if abs(numeric) < sympy.Float(10) ** -40:
        return 0 if sympy.simplify(value) == 0 else (1 if numeric > 0 else -1)
    return 1 if numeric > 0 else -1


def smooth_on_reals(f, x) -> bool:
    """Built from polynomials, e^x, sin, cos, … only: defined and differentiable on all of ℝ."""
    from grammar.functions import sigmoid, softplus

    for node in sympy.preorder_traversal(f):
        if node.is_Pow:
            if node.exp.is_Integer and node.exp >= 0:
                continue
            if not node.base.has(x) and node.base.is_positive:
                continue
            if node.has(x):
                return False
        elif isinstance(node, sympy.Function) and node.has(x) and not isinstance(node, (*_SMOOTH, sigmoid, softplus)):
            return False
    return True


def _f_of(value):
    return sympy.Function("f")(value)


# --------------------------------------------------------------------------- one variable
class _Derivatives:
    """f', f'', f''' … worked once each, on demand."""

    def __init__(self, f, x, first: Step, names) -> None:
        self.f, self.x, self.names = f, x, names
        self.steps = {1: first}

    def step(self, order: int) -> Step:
        if order not in self.steps:
            previous = self.step(order - 1).after
            self.steps[order] = derivative_step(previous, self.x, (self.x,), self.names, label="f" + "'" * order
                                                if order <= 3 else f"f⁽{order}⁾")
        return self.steps[order]


def _classify_one(derivatives: _Derivatives, point) -> tuple[str, Step]:
    x = derivatives.x
    second = derivatives.step(2).after
    value = substitute(second, (x,), (point,))
    at = Eq(x, point, evaluate=False)
    s = sign_of(value)
    if s != 0:
        kind = "minimum" if s > 0 else "maximum"
        return kind, Step(Rule.CONCAVITY_TEST, sympy.Subs(second, x, point), value,
                          {"at": at, "function": derivatives.f, "sign": "positive" if s > 0 else "negative",
                           "concavity": "concave up" if s > 0 else "concave down",
                           "classification": SAID[kind], "kind": kind, "order": sympy.Integer(2)})
    worked = []
    for order in range(3, MAX_TEST_ORDER + 1):
        step = derivatives.step(order)
        worked.append(step)
        value = substitute(step.after, (x,), (point,))
        s = sign_of(value)
        if s == 0:
            continue
        if order % 2:
            kind, reason = "saddle", "The order is odd, so f' does not change sign there: a stationary inflection point"
        elif s > 0:
            kind, reason = "minimum", "The order is even and the value positive"
        else:
            kind, reason = "maximum", "The order is even and the value negative"
        return kind, Step(Rule.HIGHER_DERIVATIVE_TEST, sympy.Subs(step.after, x, point), value,
                          {"at": at, "function": derivatives.f, "order": sympy.Integer(order), "reason": reason,
                           "classification": SAID[kind], "kind": kind}, tuple(worked))
    return "inconclusive", Step(Rule.INCONCLUSIVE_TEST, sympy.Subs(derivatives.step(MAX_TEST_ORDER).after, x, point),
                                S.Zero, {"at": at, "function": derivatives.f, "order": sympy.Integer(MAX_TEST_ORDER),
                                         "kind": "inconclusive"}, tuple(worked))


# --------------------------------------------------------------------------- several variables
def _leading_minors(h: Matrix) -> list:
    return [sympy.factor_terms(Matrix(h[:k, :k]).det(method="bareiss")) for k in range(1, h.rows + 1)]


def _principal_minor_signs(h: Matrix) -> tuple[bool, bool]:
    """(every principal minor ≥ 0, every (−1)^k·minor ≥ 0): positive / negative semidefinite."""
    n = h.rows
    psd = nsd = True
    for k in range(1, n + 1):
        for rows in combinations(range(n), k):
            s = sign_of(Matrix(h.extract(list(rows), list(rows))).det(method="bareiss"))
            psd &= s >= 0
            nsd &= (s if k % 2 == 0 else -s) >= 0
    return psd, nsd


def _classify_matrix(h: Matrix) -> tuple[str, str]:
    """The test's verdict and its reason, from the leading minors (all n) or D and f_xx (n = 2)."""
    minors = _leading_minors(h)
    signs = [sign_of(m) for m in minors]
    n = h.rows
    if n == 2:
        d, a = signs[1], signs[0]
        if d > 0:
            return ("minimum", "D > 0 and the leading entry is positive") if a > 0 else \
                ("maximum", "D > 0 and the leading entry is negative")
        if d < 0:
            return "saddle", "D < 0: the surface curves up in one direction and down in another"
        return "inconclusive", "D = 0, so the second-derivative test says nothing"
    if all(s > 0 for s in signs):
        return "minimum", "every leading principal minor is positive: H is positive definite"
    if all((s if k % 2 == 0 else -s) > 0 for k, s in enumerate(signs, start=1)):
        return "maximum", "the leading principal minors alternate in sign starting negative: H is negative definite"
    if signs[-1] != 0:
        return "saddle", "det H ≠ 0 and H is neither positive nor negative definite: it is indefinite"
    psd, nsd = _principal_minor_signs(h)
    if psd or nsd:
        return "inconclusive", "det H = 0 and H is semidefinite, so the test says nothing"
    return "saddle", "det H = 0 but principal minors of both signs make H indefinite"


def _classify_several(f, hessian: Matrix, variables, point) -> tuple[str, Step]:
    evaluated = evaluate_step(hessian, variables, point, "the Hessian")
    h = evaluated.after
    kind, reason = _classify_matrix(h)
    parts = {"at": at_point(variables, point), "reason": reason, "classification": SAID[kind], "kind": kind,
             "matrix": h, "function": f}
    if h.rows == 2:
        if h.has(sympy.CRootOf):  # linalg's tidying of such entries is slow: the determinant without substeps
            det_steps, det = [], sympy.expand(h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0])
        else:
            det_steps, det = determinant_steps(h)
        parts.update({"fxx": h[0, 0], "name": f"∂²f/∂{variables[0]}²"})
        return kind, Step(Rule.SECOND_PARTIALS_TEST, sympy.Determinant(h), det, parts, (evaluated, *det_steps))
    minors = sympy.Tuple(*_leading_minors(h))
    worked = [evaluated]
    for k in range(1, h.rows + 1):
        worked += determinant_steps(Matrix(h[:k, :k]))[0] if not h.has(sympy.CRootOf) else []
    return kind, Step(Rule.PRINCIPAL_MINORS_TEST, h, minors, parts, tuple(worked))


# --------------------------------------------------------------------------- global behaviour
def _global_steps(f, x, points, kinds, mode) -> tuple[list[Step], dict]:
    """The ends of the real line against the critical values: is there a global extremum?"""
    ends = []
    end_steps = []
    for end in (-S.Infinity, S.Infinity):
        try:
            steps, value = limit_steps(f, x, end, "+-")
        except UnsupportedProblem:
            return [], {}
        end_steps.append(Step(Rule.END_BEHAVIOUR, limit_object(f, x, end, "+-"), value,
                              {"function": f, "var": x, "end": end}, tuple(steps)))
        ends.append(value)
    values = [substitute(f, (x,), (p,)) for p in points]
    shown = sympy.Tuple(*(Eq(_f_of(p), v, evaluate=False) for p, v in zip(points, values, strict=True)))
    lowest = mode == "minimize"
    best_index = min(range(len(values)), key=lambda k: (1 if lowest else -1) * float(sympy.N(values[k], 30)))
    best = values[best_index]
    kind = "minimum" if lowest else "maximum"
    for end, limit in zip((-S.Infinity, S.Infinity), ends, strict=True):
        beyond = limit == (-S.Infinity if lowest else S.Infinity)
        if beyond or (limit.is_finite and sign_of(limit - best) == (-1 if lowest else 1)):
            reason = ("f is unbounded " + ("below" if lowest else "above")) if beyond else \
                "f comes arbitrarily close to this value without reaching it, and it is " + \
                ("below" if lowest else "above") + " every critical value"
            return end_steps + [Step(Rule.NO_GLOBAL_EXTREMUM, limit_object(f, x, end, "+-"), limit,
                                     {"var": x, "end": end, "kind": kind, "reason": reason, "values": shown,
                                      "function": f})], {f"global_{kind}": None}
    at = Eq(x, points[best_index], evaluate=False)
    step = Step(Rule.GLOBAL_EXTREMUM, shown, best,
                {"var": x, "ends": sympy.Tuple(*ends), "kind": kind, "at": at, "function": f,
                 "compare": "smaller" if lowest else "larger", "point": points[best_index]})
    return end_steps + [step], {f"global_{kind}": (points[best_index], best)}


# --------------------------------------------------------------------------- the kind
def _answer_form(points, kinds) -> str:
    return "{" + ", ".join(f'{machine(p)}: "{k}"' for p, k in zip(points, kinds, strict=True)) + "}"


def solve_critical_points(problem, statement) -> Solution:
    f, variables, mode = problem.expr, tuple(problem.data["variables"]), problem.data.get("mode", "critical")
    require_no_parameters(f, variables)
    names = names_for(f, *variables)
    one = len(variables) == 1
    first = derivative_step(f, variables[0], variables, names) if one else gradient_step(f, variables, names)
    gradient = Matrix([first.after]) if one else first.after
    solver = SystemSolver(list(gradient), variables)
    solving, solutions = solver.solve()
    shown_gradient = first.after if one else sympy.Tuple(*gradient)
    if not solutions:
        raise InvalidArgument(
            f"{sympy.sstr(f)} has no critical points: " + ("f'" if one else "∇f") + f" = {sympy.sstr(shown_gradient)} "
            "is never 0" + {"critical": ", so it has no local extremum", "minimize": ", so it has no local minimum",
                            "maximize": ", so it has no local maximum"}[mode],
            hint="a differentiable function's extrema are at critical points; this one is monotonic "
                 "or unbounded" if one else "a differentiable function's extrema are at critical points")
    points = [solver.point(s) for s in solutions]
    equations = sympy.Tuple(*(Eq(g, 0, evaluate=False) for g in gradient))
    steps = [first, Step(Rule.CRITICAL_EQUATIONS, equations, sympy.Tuple(*points),
                         {"system": equations, "unknowns": sympy.Tuple(*variables), "function": f,
                          "points": sympy.Tuple(*points)}, tuple(solving))]
    kinds = []
    if one:
        x = variables[0]
        derivatives = _Derivatives(f, x, first, names)
        steps.append(derivatives.step(2))
        for p in points:
            kind, step = _classify_one(derivatives, p)
            kinds.append(kind)
            steps.append(step)
    else:
        hessian = hessian_step(f, variables, gradient, names)
        steps.append(hessian)
        for p in points:
            kind, step = _classify_several(f, hessian.after, variables, tuple(p))
            kinds.append(kind)
            steps.append(step)
    assumptions = list(problem.notes)
    extra: dict = {"points": sympy.Tuple(*points), "classifications": tuple(kinds)}
    if mode != "critical":
        if one and smooth_on_reals(f, variables[0]):
            more, found = _global_steps(f, variables[0], points, kinds, mode)
            steps += more
            extra.update(found)
            if not more:
                assumptions.append("the behaviour of f at the ends of the line is not worked here, so only local "
                                   "extrema are classified")
        else:
            assumptions.append("the classification is local: a global extremum is not examined for "
                               + ("several variables" if not one else "a function not defined and smooth on all of ℝ"))
    answer = sympy.Dict({p: sympy.Symbol(k) for p, k in zip(points, kinds, strict=True)})
    return Solution(problem=problem, statement=statement, answer=answer, steps=tuple(steps),
                    assumptions=tuple(dict.fromkeys(assumptions)), answer_sympy=_answer_form(points, kinds),
                    extra=extra)

