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

from ..algebra import tidy
from ..linalg.matrices import determinant_steps
from ..render.math import machine, to_text
from ..rules import Rule
from ..steps import Solution, Step
from .equations import SystemSolver, nonconstant_factors
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
SAID_ONE = {**SAID, "saddle": "stationary inflection point: neither a maximum nor a minimum"}
"""One variable: a point that is neither an extremum is an inflection point, not a saddle."""


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


def continuous_on_reals(f, x) -> bool:
    """Smooth but for corners and cusps: |·| and odd roots with a positive exponent allowed.
    Such an f is continuous on ℝ, so its extrema are at critical points (f' = 0 or undefined)."""
    def loosen(node):
        return node.base ** sympy.ceiling(node.exp)
    g = f.replace(lambda n: isinstance(n, sympy.Abs), lambda n: n.args[0])
    g = g.replace(lambda n: n.is_Pow and n.exp.is_Rational and n.exp > 0 and n.exp.q % 2 == 1, loosen)
    return smooth_on_reals(g, x)


def _f_of(value):
    return sympy.Function("f")(value)


# --------------------------------------------------------------------------- where f' does not exist
def odd_roots(f, x) -> list:
    """Powers b^(p/q) with q odd whose base can be negative: read as real roots here."""
    return [n for n in sympy.preorder_traversal(f) if n.is_Pow and n.exp.is_Rational and not n.exp.is_Integer
            and n.exp.q % 2 == 1 and n.base.has(x) and not n.base.is_nonnegative]


def real_branch(e, x):
    """``e`` with every odd root real: b^(p/q) (q odd) = sign(b)^p·|b|^(p/q), so (−8)^(2/3) = 4."""
    return e.replace(
        lambda n: n.is_Pow and n.exp.is_Rational and not n.exp.is_Integer and n.exp.q % 2 == 1 and n.base.has(x),
        lambda n: sympy.sign(n.base) ** (n.exp.p % 2) * sympy.Abs(n.base) ** n.exp)


def real_value(e, x, c):
    """``e`` at ``x = c`` (odd roots real), or None where it is not a finite real number."""
    v = real_branch(e, x).xreplace({x: c})
    if not v.is_number or v.has(S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity):
        return None
    v = sympy.nsimplify(v) if v.is_Float else tidy(v)
    try:
        c_ = complex(sympy.N(v, 30))
    except (TypeError, ValueError):
        return None
    if c_ != c_ or abs(c_.imag) > 1e-25 * max(1.0, abs(c_.real)):
        return None
    return v


def _finite_real_roots(piece, x) -> list:
    found = sympy.solveset(piece, x, S.Reals)
    if not isinstance(found, sympy.FiniteSet):
        if found == S.EmptySet:
            return []
        raise UnsupportedProblem(f"f' is not defined at infinitely many points ({to_text(piece)} = 0), "
                                 "which I can't list step by step",
                                 hint="critical points are worked when f' is undefined at finitely many points")
    return [r for r in found if r.is_real]


def _between(a, b):
    """A simple number strictly between ``a`` and ``b`` (either may be ∓∞)."""
    if a == -S.Infinity:
        c = sympy.ceiling(b) - 1
        return c if c < b else c - 1
    if b == S.Infinity:
        c = sympy.floor(a) + 1
        return c if c > a else c + 1
    for q in (1, 2, 4, 10, 100, 1000):
        k = sympy.floor(a * q) + 1
        if sympy.Rational(k, q) < b:
            return sympy.Rational(k, q)
    return (a + b) / 2


def _one_side(derivative, x, c, direction: str):
    return sympy.limit(real_branch(derivative, x), x, c, dir=direction)


def singular_points(f, x, derivative) -> tuple[list, list, str]:
    """(points where f is defined but has no derivative, points where f is not defined, why f'
    is undefined there).  Candidates: zeros of the denominator of f' and of what |·| holds."""
    _, den = sympy.fraction(sympy.together(derivative))
    pieces, why = [], []
    if den.has(x):
        pieces.append(den)
        why.append(f"its denominator {to_text(den)} is 0")
    for node in sorted(f.atoms(sympy.Abs), key=sympy.default_sort_key):
        if node.args[0].has(x):
            pieces.append(node.args[0])
            why.append(f"{to_text(node)} has a corner")
    candidates: list = []
    for piece in pieces:
        for factor in nonconstant_factors(piece, {x}):
            for r in _finite_real_roots(factor, x):
                if all(sign_of(r - c) != 0 for c in candidates):
                    candidates.append(r)
    singular, undefined = [], []
    for c in sorted(candidates, key=lambda v: float(sympy.N(v, 30))):
        if real_value(f, x, c) is None:
            undefined.append(c)
            continue
        if real_value(derivative, x, c) is not None:
            continue  # f' is defined there: a stationary point if 0, found by solving f' = 0
        for h in (sympy.Rational(1, 10**6), sympy.Rational(1, 10**9)):
            if real_value(f, x, c - h) is None or real_value(f, x, c + h) is None:
                raise UnsupportedProblem(
                    f"{x} = {to_text(c)} is an end of the domain of f, where f' does not exist; extrema at the ends "
                    "of the domain are not classified here",
                    hint="critical points are classified where f is defined on both sides")
        left, right = _one_side(derivative, x, c, "-"), _one_side(derivative, x, c, "+")
        if left == right and left.is_finite:
            raise UnsupportedProblem(
                f"the formula f' = {to_text(derivative)} is not defined at {x} = {to_text(c)}, but f has the "
                f"derivative {to_text(left)} there; I can't work that point step by step",
                hint="write f without the removable gap in its derivative")
        singular.append(c)
    return singular, undefined, " or ".join(why)


def _sides_step(f, x, derivative, singular, undefined, why) -> Step:
    sides = []
    for c in singular:
        for direction in ("-", "+"):
            sides.append(Eq(sympy.Limit(derivative, x, c, dir=direction),
                            _one_side(derivative, x, c, direction), evaluate=False))
    values = sympy.Tuple(*(Eq(_f_of(c), real_value(f, x, c), evaluate=False) for c in singular))
    return Step(Rule.DERIVATIVE_UNDEFINED, derivative, sympy.Tuple(*(Eq(x, c, evaluate=False) for c in singular)),
                {"function": f, "var": x, "where": why, "sides": sympy.Tuple(*sides), "values": values,
                 "points": sympy.Tuple(*singular), "undefined": sympy.Tuple(*undefined)})


_SIGN_WORDS = {1: "positive", -1: "negative"}


def _first_derivative_test(f, x, derivative, c, breaks: list) -> tuple[str, Step]:
    """The sign of f' just left and just right of ``c``, read at a point between ``c`` and the
    neighbouring critical point (or point where f is not defined)."""
    before = max((b for b in breaks if sign_of(b - c) < 0), default=-S.Infinity, key=lambda v: float(sympy.N(v, 30)))
    after = min((b for b in breaks if sign_of(b - c) > 0), default=S.Infinity, key=lambda v: float(sympy.N(v, 30)))
    left, right = _between(before, c), _between(c, after)
    shown, signs = [], []
    for t in (left, right):
        v = real_value(derivative, x, t)
        s = 0 if v is None else sign_of(v)
        if s == 0:
            raise UnsupportedProblem(f"f' has no sign at {x} = {to_text(t)}, so the first derivative test "
                                     "cannot be read there")
        shown.append(Eq(sympy.Function("f'")(t), v, evaluate=False))
        signs.append(s)
    if signs == [-1, 1]:
        kind, reason = "minimum", "f' changes from negative to positive: f decreases, then increases"
    elif signs == [1, -1]:
        kind, reason = "maximum", "f' changes from positive to negative: f increases, then decreases"
    else:
        kind = "saddle"
        reason = "f' has the same sign on both sides: f keeps " + ("increasing" if signs[0] > 0 else "decreasing")
    words = {"minimum": "a local minimum", "maximum": "a local maximum"}.get(kind, "neither a maximum nor a minimum")
    return kind, Step(Rule.FIRST_DERIVATIVE_TEST, sympy.Tuple(*shown), words,
                      {"at": Eq(x, c, evaluate=False), "function": f, "derivative": derivative, "reason": reason,
                       "classification": words, "kind": kind, "left": Eq(x, left, evaluate=False),
                       "right": Eq(x, right, evaluate=False), "neighbours": sympy.Tuple(*breaks),
                       "value": Eq(_f_of(c), real_value(f, x, c), evaluate=False)})


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


def _nth_at(order: int, point):
    """The derivative of that order at the point, as a name: f''(0), f⁽⁴⁾(0)."""
    return sympy.Function("f" + "'" * order if order <= 3 else f"f⁽{order}⁾")(point)


def _classify_one(derivatives: _Derivatives, point) -> tuple[str, Step]:
    x = derivatives.x
    second = derivatives.step(2).after
    value = substitute(real_branch(second, x), (x,), (point,))
    at = Eq(x, point, evaluate=False)
    s = sign_of(value)
    if s != 0:
        kind = "minimum" if s > 0 else "maximum"
        return kind, Step(Rule.CONCAVITY_TEST, _nth_at(2, point), value,
                          {"at": at, "function": derivatives.f, "sign": "positive" if s > 0 else "negative",
                           "concavity": "concave up" if s > 0 else "concave down",
                           "classification": SAID[kind], "kind": kind, "order": sympy.Integer(2)})
    worked = []
    for order in range(3, MAX_TEST_ORDER + 1):
        step = derivatives.step(order)
        worked.append(step)
        value = substitute(real_branch(step.after, x), (x,), (point,))
        s = sign_of(value)
        if s == 0:
            continue
        if order % 2:
            kind, reason = "saddle", "The order is odd, so f' does not change sign there"
        elif s > 0:
            kind, reason = "minimum", "The order is even and the value positive"
        else:
            kind, reason = "maximum", "The order is even and the value negative"
        return kind, Step(Rule.HIGHER_DERIVATIVE_TEST, _nth_at(order, point), value,
                          {"at": at, "function": derivatives.f, "order": sympy.Integer(order), "reason": reason,
                           "classification": SAID_ONE[kind], "kind": kind}, tuple(worked))
    return "inconclusive", Step(Rule.INCONCLUSIVE_TEST, _nth_at(MAX_TEST_ORDER, point),
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
    g = real_branch(f, x)  # odd roots real: x^(2/3) = |x|^(2/3) towards −∞
    for end in (-S.Infinity, S.Infinity):
        try:
            steps, value = limit_steps(g, x, end, "+-")
        except UnsupportedProblem:
            return [], {}
        end_steps.append(Step(Rule.END_BEHAVIOUR, limit_object(g, x, end, "+-"), value,
                              {"function": g, "var": x, "end": end}, tuple(steps)))
        ends.append(value)
    values = [substitute(g, (x,), (p,)) for p in points]
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
def _value_at(f, variables, point):
    coordinates = tuple(point) if isinstance(point, sympy.Tuple) else (point,)
    if len(variables) == 1:
        return tidy(real_branch(f, variables[0]).xreplace({variables[0]: coordinates[0]}))
    return tidy(f.xreplace(dict(zip(variables, coordinates, strict=True))))


def _value_step(f, variables, chosen, kind, best, best_point) -> Step:
    """The value of f at the local minima (maxima) asked for, and the best of them."""
    shown = sympy.Tuple(*(Eq(sympy.Function("f")(*(tuple(p) if isinstance(p, sympy.Tuple) else (p,))), v,
                             evaluate=False) for p, v in chosen))
    tied = [p for p, v in chosen if sign_of(v - best) == 0]  # every point where the best value is taken

    def at(p) -> str:
        coordinates = tuple(p) if isinstance(p, sympy.Tuple) else (p,)
        return ", ".join(f"{to_text(v)} = {to_text(c)}" for v, c in zip(variables, coordinates, strict=True))
    where = ", at " + " and at ".join(at(p) for p in tied)
    best_words = f"local {kind}" if len(chosen) == 1 else ("smallest" if kind == "minimum" else "largest") + \
        f" local {kind}"
    return Step(Rule.EXTREME_VALUE, shown, best,
                {"function": f, "variables": sympy.Tuple(*variables), "kind": kind, "best": best_words,
                 "where": where, "point": best_point})


def _answer_form(points, kinds) -> str:
    return "{" + ", ".join(f'{machine(p)}: "{k}"' for p, k in zip(points, kinds, strict=True)) + "}"


def _may_lack_partials(f, variables) -> bool:
    """|g| or a fractional power g^r (r > 0) of a g that can be 0: f may be defined where a
    partial derivative is not."""
    for node in sympy.preorder_traversal(f):
        if isinstance(node, sympy.Abs) and node.args[0].free_symbols & set(variables):
            return True
        if node.is_Pow and node.exp.is_Rational and not node.exp.is_Integer and node.exp > 0 and \
                node.base.free_symbols & set(variables) and not node.base.is_positive:
            return True
    return False


def _no_critical_points(f, one: bool, shown_gradient, mode: str):
    return InvalidArgument(
        f"{to_text(f)} has no critical points: " + ("f'" if one else "∇f") + f" = {to_text(shown_gradient)} "
        "is never 0" + (" and exists wherever f is defined" if one else "")
        + {"critical": ", so it has no local extremum", "minimize": ", so it has no local minimum",
           "maximize": ", so it has no local maximum"}[mode],
        hint="a function's extrema are at critical points; this one is monotonic "
             "or unbounded" if one else "a differentiable function's extrema are at critical points")


def _by_value(points) -> list:
    return sorted(points, key=lambda v: float(sympy.N(v, 30)))


def _negative_side_check(derivative, x, stationary) -> None:
    """With odd roots read as real, f' = 0 may have solutions x < 0 that solving with principal
    roots does not see: refuse rather than miss one."""
    roots = odd_roots(derivative, x)
    if not roots:
        return
    if any(sympy.Poly(r.base, x).is_monomial is False if r.base.is_polynomial(x) else True for r in roots):
        raise UnsupportedProblem(
            f"with the odd roots in {to_text(derivative)} read as real roots, f' = 0 may have solutions where what "
            "is under a root is negative, which I can't work step by step",
            hint="odd roots of negative numbers are taken real here")
    t = sympy.Dummy("t", positive=True)
    g = real_branch(derivative, x).xreplace({x: -t})
    found = sympy.solveset(g, t, sympy.Interval.open(0, S.Infinity))
    listed = [p for p in stationary if sign_of(p) < 0]
    roots = [] if found == S.EmptySet else list(found) if isinstance(found, sympy.FiniteSet) else None
    if roots is not None and len(roots) == len(listed) and \
            all(any(sign_of(-r - p) == 0 for p in listed) for r in roots):
        return
    raise UnsupportedProblem(
        f"with the odd roots of {to_text(derivative)} read as real roots, f' = 0 may also hold for {x} < 0, "
        "which I can't work step by step", hint="odd roots of negative numbers are taken real here")


def solve_critical_points(problem, statement) -> Solution:
    f, variables, mode = problem.expr, tuple(problem.data["variables"]), problem.data.get("mode", "critical")
    require_no_parameters(f, variables)
    names = names_for(f, *variables)
    one = len(variables) == 1
    if not one and _may_lack_partials(f, variables):
        raise UnsupportedProblem(
            f"{to_text(f)} may have points where it is defined but has no partial derivative (a corner of |·| or "
            "a root of 0); such points are critical too, and I find them for functions of one variable only",
            hint="critical points of several variables are worked for functions differentiable wherever defined")
    first = derivative_step(f, variables[0], variables, names) if one else gradient_step(f, variables, names)
    gradient = Matrix([first.after]) if one else first.after
    solver = SystemSolver(list(gradient), variables)
    solving, solutions = solver.solve()
    shown_gradient = first.after if one else sympy.Tuple(*gradient)
    stationary = [solver.point(s) for s in solutions]
    singular, undefined, why = singular_points(f, variables[0], first.after) if one else ([], [], "")
    if not stationary and not singular:
        raise _no_critical_points(f, one, shown_gradient, mode)
    assumptions = list(problem.notes)
    if one and odd_roots(f, variables[0]):
        _negative_side_check(first.after, variables[0], stationary)
        assumptions.append("odd roots are real roots, defined for negative numbers too: "
                           + ", ".join(f"{to_text(r)} = {to_text(real_branch(r, variables[0]))}"
                                       for r in dict.fromkeys(odd_roots(f, variables[0]))))
    equations = sympy.Tuple(*(Eq(g, 0, evaluate=False) for g in gradient))
    shown_points = sympy.Tuple(*(Eq(variables[0], p, evaluate=False) for p in stationary)) if one else \
        sympy.Tuple(*stationary)
    steps = [first]
    if stationary or not singular:
        steps.append(Step(Rule.CRITICAL_EQUATIONS, equations, shown_points if stationary else S.EmptySet,
                          {"system": equations, "unknowns": sympy.Tuple(*variables), "function": f,
                           "points": sympy.Tuple(*stationary),
                           "condition": "f'(x) = 0" if one else "every first partial derivative is 0"},
                          tuple(solving)))
    if singular:
        steps.append(_sides_step(f, variables[0], first.after, singular, undefined, why))
    points = _by_value(stationary + singular) if one else stationary
    kinds = []
    if one:
        x = variables[0]
        derivatives = _Derivatives(f, x, first, names)
        if stationary:
            steps.append(derivatives.step(2))
        breaks = _by_value(points + undefined)
        for p in points:
            if p in singular:
                kind, step = _first_derivative_test(f, x, first.after, p, breaks)
            else:
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
    extra: dict = {"points": sympy.Tuple(*points), "classifications": tuple(kinds)}
    if singular:
        extra["nondifferentiable"] = sympy.Tuple(*singular)
    if mode != "critical":
        if one and continuous_on_reals(f, variables[0]):
            more, found = _global_steps(f, variables[0], points, kinds, mode)
            steps += more
            extra.update(found)
            if not more:
                assumptions.append("the behaviour of f at the ends of the line is not worked here, so only local "
                                   "extrema are classified")
        else:
            assumptions.append("the classification is local: a global extremum is not examined for "
                               + ("several variables" if not one else "a function not defined and continuous on all of ℝ"))
    values = [_value_at(f, variables, p) for p in points]
    extra["values"] = sympy.Dict(dict(zip(points, values, strict=True)))
    if mode != "critical":
        kind = "minimum" if mode == "minimize" else "maximum"
        chosen = [(p, v) for p, k, v in zip(points, kinds, values, strict=True) if k == kind]
        if chosen:
            best_point, best = (min if kind == "minimum" else max)(chosen, key=lambda pv: float(sympy.N(pv[1], 30)))
            extra[f"local_{kind}_value"] = best
            globally = extra.get(f"global_{kind}")
            if globally is None and f"global_{kind}" not in extra:
                steps.append(_value_step(f, variables, chosen, kind, best, best_point))
    answer = sympy.Dict({p: sympy.Symbol(k) for p, k in zip(points, kinds, strict=True)})
    return Solution(problem=problem, statement=statement, answer=answer, steps=tuple(steps),
                    assumptions=tuple(dict.fromkeys(assumptions)), answer_sympy=_answer_form(points, kinds),
                    extra=extra)
