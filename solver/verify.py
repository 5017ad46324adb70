"""Check every step, and the answer, independently of the code that produced them.

A step claims ``before == after``.  ``before`` may hold an unevaluated operation
(``Derivative(f, x)``); ``doit()`` evaluates it with sympy's own machinery, which is the
oracle the rule code never calls.  Equality is decided cheaply first (identical, or a
small expansion), then numerically at several points with 30-digit arithmetic, and only
when the numbers cannot decide, by ``simplify``.  A claim nobody could confirm is
reported as unconfirmed, never as passed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import sympy

from .equivalence import equivalent
from .rules import Rule
from .steps import Check, Solution, Step, Verification


def _evaluated(value):
    doit = getattr(value, "doit", None)
    return doit() if doit is not None else value


def check_equal(path: str, step: Step, memo: dict) -> Check:
    """The default claim: ``after`` equals ``before`` once its operation is carried out."""
    key = (step.before, step.after)
    if key not in memo:
        domain = step.before.expr if isinstance(step.before, sympy.Derivative) else None
        memo[key] = equivalent(_evaluated(step.before), _evaluated(step.after), domain=domain)
    passed, method, detail = memo[key]
    return Check(path, step.rule.value, passed, method, detail)


def _check(path, step, passed, method, detail=""):
    return Check(path, step.rule.value, passed, method, detail)


def _indefinite(integral):
    if not isinstance(integral, sympy.Integral) or len(integral.limits) != 1 or len(integral.limits[0]) != 1:
        return None
    return integral.function, integral.limits[0][0]


def check_antiderivative(path: str, step: Step, memo: dict) -> Check:
    """``after`` is an antiderivative of ``before``'s integrand: differentiate it back."""
    parts = _indefinite(step.before)
    if parts is None:
        return _check(path, step, False, "shape", "the step does not start from an indefinite integral")
    f, x = parts
    key = ("antiderivative", f, x, step.after)
    if key not in memo:
        memo[key] = equivalent(sympy.diff(step.after, x), f, domain=f)
    passed, method, detail = memo[key]
    return _check(path, step, passed, "derivative-" + method, detail)


def check_change_of_variable(path: str, step: Step, memo: dict) -> Check:
    """∫ f(x) dx = ∫ g(u) du with u = u(x) holds when g(u(x))·u′(x) = f(x)."""
    f, x = _indefinite(step.before)
    g, u = _indefinite(step.after)
    u_func = step.parts["u_func"]
    passed, method, detail = equivalent(g.xreplace({u: u_func}) * sympy.diff(u_func, x), f)
    return _check(path, step, passed, method, detail)


# θ on the principal range of each substitution, where the square roots are positive.
_THETA_POOLS = {"sine": (-1.2, -0.7, -0.3, 0.2, 0.5, 0.9, 1.3), "tangent": (-1.2, -0.7, -0.3, 0.2, 0.5, 0.9, 1.3),
                "secant": (0.15, 0.35, 0.6, 0.85, 1.1, 1.35)}


def check_trig_substitution(path: str, step: Step, memo: dict) -> Check:
    """∫ f(x) dx = ∫ g(θ) dθ with x = x(θ) holds when f(x(θ))·x′(θ) = g(θ) on θ's range."""
    f, x = _indefinite(step.before)
    g, theta = _indefinite(step.after)
    x_of_theta = step.parts["x_of_theta"]
    pool = _THETA_POOLS.get(step.parts.get("kind"), _THETA_POOLS["sine"])
    passed, method, detail = equivalent(f.xreplace({x: x_of_theta}) * sympy.diff(x_of_theta, theta), g, pool)
    return _check(path, step, passed, method, detail)


def check_back_substitution(path: str, step: Step, memo: dict) -> Check:
    u, u_func = step.parts["u"], step.parts["u_func"]
    passed, method, detail = equivalent(step.before.xreplace({u: u_func}), step.after)
    return _check(path, step, passed, method, detail)


def check_triangle(path: str, step: Step, memo: dict) -> Check:
    theta, inverse = step.parts["theta"], step.parts["inverse"]
    passed, method, detail = equivalent(step.before.xreplace({theta: inverse}), step.after)
    return _check(path, step, passed, method, detail)


def check_solve_for_integral(path: str, step: Step, memo: dict) -> Check:
    """I = R + c·I solved as I = V holds when V = R + c·V."""
    lhs, rhs = step.before.lhs, step.before.rhs
    value = step.after.rhs
    passed, method, detail = equivalent(rhs.xreplace({lhs: value}), value)
    return _check(path, step, passed, method, detail)


def check_constant_of_integration(path: str, step: Step, memo: dict) -> Check:
    """∫ f dx = F + C: F has no C and differentiates back to f (or, from F itself, after − before = C)."""
    constant = sympy.Symbol("C")
    if isinstance(step.before, sympy.Integral):
        f, x = _indefinite(step.before)
        F = sympy.expand(step.after - constant)
        if F.has(constant):
            return _check(path, step, False, "symbolic", f"after − C = {F} still has C")
        passed, method, detail = equivalent(sympy.diff(F, x), f, domain=f)
        return _check(path, step, passed, "derivative-" + method, detail)
    difference = sympy.expand(step.after - step.before)
    passed = difference == sympy.Symbol("C")
    return _check(path, step, passed, "symbolic", "after − before = C" if passed else f"after − before = {difference}")


def _kinks(f, x, lo, hi) -> list:
    """Where |g(x)| turns a corner inside (lo, hi): quadrature converges on either side of them."""
    points = set()
    for node in f.atoms(sympy.Abs):
        try:
            points |= {p for p in sympy.solve(node.args[0], x) if p.is_real and lo < p < hi}
        except (NotImplementedError, TypeError, ValueError):
            continue
    return sorted(points, key=float)


def _piece(f, x, lo, hi):
    """∫_lo^hi f dx to 20 digits, or None when no quadrature converges.

    ``strict=True`` makes sympy say when it lost the digits: a divergent piece such as ∫_0^1 dx/x
    otherwise comes back as a Float with no digits at all, and two of them cancel to 0.  An
    infinite oscillating tail (sin x/x) gets sympy's oscillatory quadrature, and a corner (|x|)
    is split at."""
    from sympy.core.evalf import PrecisionExhausted

    integral = sympy.Integral(f, (x, lo, hi))
    try:
        return integral.evalf(20, strict=True)
    except PrecisionExhausted:
        pass
    if not (lo.is_finite and hi.is_finite):
        try:
            return integral.evalf(20, strict=True, quad="osc")
        except (PrecisionExhausted, ValueError):
            return None
    kinks = _kinks(f, x, lo, hi)
    if not kinks:
        return None
    points = [lo, *kinks, hi]
    try:
        return sympy.Add(*(sympy.Integral(f, (x, a, b)).evalf(20, strict=True)
                           for a, b in zip(points, points[1:], strict=False)))
    except PrecisionExhausted:
        return None


def _quadrature(integral: sympy.Integral, split=()) -> sympy.Expr | None:
    f, (x, a, b) = integral.function, integral.limits[0]
    points = [a, *split, b]
    pieces = [_piece(f, x, lo, hi) for lo, hi in zip(points, points[1:], strict=False)]
    return None if any(p is None for p in pieces) else sympy.Add(*pieces)


def _real_integrand(f):
    """Odd roots as real roots, as the language reads them: x^(p/q), q odd, is sign(x)^p·|x|^(p/q)."""
    return f.replace(lambda e: e.is_Pow and e.exp.is_Rational and not e.exp.is_Integer and e.exp.q % 2 == 1
                     and not e.base.is_number,
                     lambda e: sympy.sign(e.base) ** (e.exp.p % 2) * sympy.Abs(e.base) ** e.exp)


def _diverges(integral: sympy.Integral, split) -> tuple[bool, str]:
    """Independent evidence that ∫ diverges: sympy.integrate gives ±∞/nan/no limit, or a one-sided
    limit of sympy's own antiderivative at an end of a piece is infinite or does not exist."""
    f, (x, a, b) = integral.function, integral.limits[0]
    try:
        whole = sympy.integrate(f, (x, a, b))
    except (NotImplementedError, ValueError, TypeError):
        whole = None
    if whole is not None and (whole.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, sympy.AccumBounds)):
        return True, f"sympy.integrate gives {whole}"
    G = sympy.integrate(f, x)
    if G.has(sympy.Integral):
        return False, "sympy finds no antiderivative to take limits of"
    low, high = (a, b) if (b - a).is_positive else (b, a)
    inside = [p for p in split if low < p < high and any(  # only poles of f itself, inside the interval
        sympy.limit(f, x, p, dir=d).has(sympy.oo, -sympy.oo, sympy.zoo) for d in ("+", "-"))]
    points = [a, *inside, b]
    for lo, hi in zip(points, points[1:], strict=False):
        for point, direction in ((lo, "+"), (hi, "-")) if (hi - lo).is_positive else ((lo, "-"), (hi, "+")):
            limit = sympy.limit(G, x, point, dir=direction)
            if limit.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, sympy.AccumBounds):
                return True, f"the limit of sympy's antiderivative {G} at {point} is {limit}"
    return False, f"sympy.integrate gives {whole}"


def check_definite_value(path: str, step: Step, memo: dict) -> Check:
    """The value of a definite integral against numeric quadrature (or sympy's integrate for ∞)."""
    value = step.after
    split = tuple(step.parts.get("split", ()))
    if step.parts.get("diverges") and value.has(sympy.oo, -sympy.oo):
        independent = sympy.integrate(step.before.function, step.before.limits[0])
        if value in (sympy.oo, -sympy.oo) and (independent == value or sympy.re(independent) == value):
            return _check(path, step, True, "symbolic-integrate", f"sympy.integrate gives {independent}")
        if value == sympy.oo and step.parts.get("conclusion") == "divergent":  # oo: the mark for 'no value'
            passed, detail = _diverges(step.before, split)
            return _check(path, step, passed, "divergence", detail)
        return _check(path, step, False, "symbolic-integrate", f"sympy.integrate gives {independent}")
    if value.has(sympy.oo, -sympy.oo, sympy.zoo):
        independent = sympy.integrate(step.before.function, step.before.limits[0])
        passed = independent == value
        return _check(path, step, passed, "symbolic-integrate", f"sympy.integrate gives {independent}")
    if value.is_number and abs(complex(value.evalf(20)).imag) > 1e-12:
        return _check(path, step, False, "real", f"{value} is not real, and the integrand of a real variable is")
    limits = step.before.limits[0]
    if step.before.free_symbols:  # letters in the bounds or the integrand: sympy's own integration instead
        independent = sympy.integrate(step.before.function, limits)
        passed, method, detail = equivalent(independent, value)
        return _check(path, step, passed, "sympy-integrate-" + method, detail)
    real = sympy.Integral(_real_integrand(step.before.function), limits)
    if real.function != step.before.function and all(v.is_finite for v in limits[1:]):
        lo, hi = sorted(limits[1:], key=float)
        corners = set(_kinks(real.function, limits[0], lo, hi)) - set(split)  # where a real odd root turns
        split = tuple(sorted({*split, *corners}, key=float, reverse=bool(limits[1] > limits[2])))
    numeric = _quadrature(real, split)
    if numeric is None:
        return _check(path, step, False, "quadrature", "quadrature does not converge: the integral may diverge")
    if not numeric.is_number or numeric.has(sympy.nan):
        return _check(path, step, False, "quadrature", "quadrature gave no number")
    expected = complex(numeric)
    got = complex(value.evalf(20))
    passed = abs(expected - got) <= 1e-8 * max(1.0, abs(expected))
    return _check(path, step, passed, "quadrature", f"quadrature {expected.real:.12g} vs {got.real:.12g}")


def check_numeric_integration(path: str, step: Step, memo: dict) -> Check:
    """A numeric value checked by a second quadrature rule (Gauss–Legendre)."""
    import mpmath

    f, (x, a, b) = _real_integrand(step.before.function), step.before.limits[0]

    def g(t):
        return complex(f.xreplace({x: sympy.Float(t, 20)}).evalf(20))

    with mpmath.workdps(20):
        other = complex(mpmath.quad(g, [float(a) if a.is_finite else mpmath.inf * (1 if a > 0 else -1),
                                        float(b) if b.is_finite else mpmath.inf * (1 if b > 0 else -1)],
                                    method="gauss-legendre"))
    got = complex(step.after)
    passed = abs(other - got) <= 1e-6 * max(1.0, abs(other))
    return _check(path, step, passed, "quadrature-gauss-legendre", f"{other.real:.12g} vs {got.real:.12g}")


_ANTIDERIVATIVE_RULES = (
    Rule.INTEGRAL_CONSTANT, Rule.INTEGRAL_SUM, Rule.INTEGRAL_CONSTANT_MULTIPLE, Rule.INTEGRAL_POWER,
    Rule.INTEGRAL_RECIPROCAL, Rule.INTEGRAL_EXPONENTIAL, Rule.INTEGRAL_TRIG, Rule.INTEGRAL_INVERSE_TRIG,
    Rule.INTEGRAL_HYPERBOLIC, Rule.INTEGRAL_TABLE, Rule.U_SUBSTITUTION, Rule.INTEGRATION_BY_PARTS,
    Rule.PARTS_FORMULA, Rule.CYCLIC_INTEGRATION_BY_PARTS, Rule.PARTIAL_FRACTIONS, Rule.TRIG_IDENTITY,
    Rule.REDUCTION_FORMULA,
    Rule.REWRITE_INTEGRAND, Rule.COMPLETE_THE_SQUARE, Rule.TRIG_SUBSTITUTION, Rule.SPECIAL_FUNCTION,
)

def check_tabular(path: str, step: Step, memo: dict) -> Check:
    """Each row of the table is right (the next derivative of u, the next antiderivative of dv,
    alternating signs), the last derivative is 0, and the diagonal sum differentiates back to f."""
    p = step.parts
    x, derivatives, integrals, table = p["var"], list(p["derivatives"]), list(p["integrals"]), p["table"]
    ok = derivatives[0] == p["u"] and derivatives[-1] == 0 and integrals[0] == p["dv"]
    ok = ok and all(sympy.expand(sympy.diff(a, x) - b) == 0 for a, b in zip(derivatives, derivatives[1:], strict=False))
    ok = ok and all(equivalent(sympy.diff(b, x), a)[0] for a, b in zip(integrals, integrals[1:], strict=False))
    ok = ok and all(table[k, 0] == (-1) ** k and table[k, 1] == derivatives[k] and table[k, 2] == integrals[k + 1]
                    for k in range(table.rows))
    shown = p["sum"].doit()
    f, _ = _indefinite(step.before)
    same, method, detail = equivalent(sympy.diff(shown, x), f, domain=f)
    ok = ok and same and equivalent(shown, step.after)[0]
    return _check(path, step, ok, "table-rows+derivative-" + method, detail)


# Rules whose claim is not plain equality register their own check here.
STEP_CHECKS: dict[Rule, Callable[[str, Step, dict], Check]] = {
    **dict.fromkeys(_ANTIDERIVATIVE_RULES, check_antiderivative),
    Rule.CHANGE_OF_VARIABLE: check_change_of_variable,
    Rule.TRIG_SUBSTITUTION_REWRITE: check_trig_substitution,
    Rule.BACK_SUBSTITUTION: check_back_substitution,
    Rule.TRIANGLE_BACK_SUBSTITUTION: check_triangle,
    Rule.SOLVE_FOR_INTEGRAL: check_solve_for_integral,
    Rule.CONSTANT_OF_INTEGRATION: check_constant_of_integration,
    Rule.FUNDAMENTAL_THEOREM: check_definite_value,
    Rule.IMPROPER_INTEGRAL: check_definite_value,
    Rule.NUMERIC_INTEGRATION: check_numeric_integration,
    Rule.TABULAR_INTEGRATION: check_tabular,
}


def check_answer_by_evaluation(solution: Solution) -> Check:
    """The answer equals the problem's statement evaluated by sympy (``diff`` for derivatives)."""
    domain = solution.statement.expr if isinstance(solution.statement, sympy.Derivative) else None
    passed, method, detail = equivalent(_evaluated(solution.statement), solution.answer, domain=domain)
    return Check("answer", "answer", passed, method, detail)


def check_answer_antiderivative(solution: Solution) -> Check:
    """d/dx of the answer (with + C) is the integrand."""
    f, x = _indefinite(solution.statement)
    passed, method, detail = equivalent(sympy.diff(solution.answer, x), f, domain=f)
    return Check("answer", "answer", passed, "derivative-" + method, detail)


def check_answer_definite(solution: Solution) -> Check:
    last = solution.steps[-1]
    step = Step(Rule.FUNDAMENTAL_THEOREM, solution.statement, solution.answer, dict(last.parts))
    check = (check_numeric_integration if last.rule == Rule.NUMERIC_INTEGRATION else check_definite_value)(
        "answer", step, {})
    return Check("answer", "answer", check.passed, check.method, check.detail)


ANSWER_CHECKS: dict[str, Callable[[Solution], Check]] = {
    "derivative": check_answer_by_evaluation,
    "partial_derivative": check_answer_by_evaluation,
    "integral": check_answer_antiderivative,
    "definite_integral": check_answer_definite,
}

# Each engine family with a ``checks`` module (STEP_CHECKS, ANSWER_CHECKS) adds its name here.
FAMILIES_WITH_CHECKS = ("linalg", "probability", "statistics", "multivariable")
for _family in FAMILIES_WITH_CHECKS:
    _module = importlib.import_module(f"solver.{_family}.checks")
    STEP_CHECKS.update(_module.STEP_CHECKS)
    ANSWER_CHECKS.update(_module.ANSWER_CHECKS)


def verify(solution: Solution) -> Verification:
    memo: dict = {}
    checks = []
    for path, step in solution.walk():
        checker = STEP_CHECKS.get(step.rule, check_equal)
        checks.append(checker(path, step, memo))
    answer_check = ANSWER_CHECKS.get(solution.kind)
    if answer_check is None:
        checks.append(Check("answer", "answer", False, "none", f"no independent check for {solution.kind}"))
    else:
        checks.append(answer_check(solution))
    return Verification(tuple(checks))
