"""Independent checks for probability: scipy's distributions, brute-force event sums, a
probability space of atoms for named events, and Python's own counting functions."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import sympy

from ..equivalence import equivalent
from ..rules import Rule
from ..steps import Check, Minus, Plus, Step, Times
from .shown import Shown

_TOL = 1e-9


def _scipy(family: str, params: dict):
    from scipy import stats

    p = {k: float(v) for k, v in params.items()}
    return {
        "Bernoulli": lambda: stats.bernoulli(p["p"]),
        "Binomial": lambda: stats.binom(int(p["n"]), p["p"]),
        "Poisson": lambda: stats.poisson(p["lambda"]),
        "Geometric": lambda: stats.geom(p["p"]),
        "Uniform": lambda: stats.uniform(loc=p["a"], scale=p["b"] - p["a"]),
        "Normal": lambda: stats.norm(p["mu"], p["sigma"]),
        "Exponential": lambda: stats.expon(scale=1 / p["lambda"]),
        "ChiSquared": lambda: stats.chi2(p["k"]),
        "StudentT": lambda: stats.t(p["nu"]),
    }[family]()


def _close(a: float, b: float, tol: float = _TOL) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _result(path, step, passed, method, detail=""):
    return Check(path, step.rule.value if isinstance(step, Step) else step, bool(passed), method, detail)


_COMPARE = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b, "=": lambda a, b: a == b, "!=": lambda a, b: a != b}


def _holds(event, variable, value):
    """Does X = value satisfy the event?  Evaluated directly on the event as asked; ``value``
    may be a number (exact or float) or a numpy array of them."""
    kind = event[0]
    if kind == "not":
        return ~_holds(event[1], variable, value) if hasattr(value, "shape") else not _holds(event[1], variable, value)
    exact = not isinstance(value, float) and not hasattr(value, "shape")

    def number(v):
        return v if exact else float(v)

    if kind == "rel":
        _, lhs, op, rhs = event
        a = value if lhs == variable else number(lhs)
        b = value if rhs == variable else number(rhs)
        return _COMPARE[op](a, b)
    _, a, op1, _, op2, b = event
    return _COMPARE[op1](number(a), value) & _COMPARE[op2](value, number(b))


def event_probability(dist, event, variable) -> tuple[float, float]:
    """P(event) recomputed independently of the steps, with the scale of its rounding error."""
    import numpy as np

    if dist.family == "Table":
        total = sum((p for v, p in dist.table if _holds(event, variable, v)), sympy.Integer(0))
        return float(total), 1.0
    frozen = _scipy(dist.family, dist.params)
    with np.errstate(all="ignore"):
        if dist.discrete:
            lo, hi = frozen.support()
            # beyond the event's largest bound, as far again as the 1 − 1e-16 quantile: the tails here
            # fall at least geometrically, so what is left out is below 1e-16 of what is counted
            end = frozen.isf(1e-16)
            width = end if math.isfinite(end) else lo
            reach = max([0.0, *(float(v) for v in _numbers(event))])
            cutoff = int(hi) if math.isfinite(hi) else int(width + reach) + 50
            ks = np.arange(max(int(lo), 0), cutoff + 1)
            mask = np.asarray(_holds(event, variable, ks.astype(float)), dtype=bool)
            return math.fsum(frozen.pmf(ks[mask])), 1.0
        # continuous: scipy's CDF (or survival function) over the pieces of the line where the event holds
        points = sorted({float(v) for v in _numbers(event)})
        edges = [-math.inf, *points, math.inf]
        total, scale = 0.0, 0.0
        for a, b in zip(edges, edges[1:], strict=False):
            middle = (a + b) / 2 if math.isfinite(a) and math.isfinite(b) else (b - 1 if math.isfinite(b) else a + 1)
            if math.isfinite(middle) and _holds(event, variable, middle):
                piece, size = _tail_difference(frozen, a, b)
                total += piece
                scale = max(scale, size)
    return total, scale


def _numbers(event):
    if event[0] == "not":
        yield from _numbers(event[1])
        return
    for part in event[1:]:
        if isinstance(part, sympy.Expr) and part.is_number:
            yield part


# ----------------------------------------------------------------------------- step checks
def check_arithmetic(path, step, memo):
    """The numbers shown in the step really give its result."""
    shown = step.parts.get("numbers", step.parts.get("sum", step.parts.get("difference")))
    if shown is None:
        return _result(path, step, False, "arithmetic", "nothing to recompute")
    value = shown.doit() if hasattr(shown, "doit") else shown
    passed, method, detail = equivalent(sympy.sympify(value), sympy.sympify(step.after))
    return _result(path, step, passed, "arithmetic-" + method, detail)


def check_pmf_sum(path, step, memo):
    """The terms are the event's values (no more, no fewer) and they add up to the result."""
    values = list(step.parts.get("values", ()))
    termed = [_read_back(s.before.args[0].rhs) for s in step.substeps]
    if not step.substeps or sorted(termed, key=float) != sorted(values, key=float):
        return _result(path, step, False, "terms", "the terms are not the values listed")
    if not _event_agrees(step.before.args[0], step.parts, lambda v: v in values, values):
        return _result(path, step, False, "event-values", "the event does not hold for exactly these values")
    total = sum((s.after for s in step.substeps), sympy.Integer(0))
    passed, method, detail = equivalent(total, step.after)
    return _result(path, step, passed, "sum-of-terms-" + method, detail)


def check_table_value(path, step, memo):
    """The row of the table, read again."""
    value = step.parts["value"]
    rows = {v: p for v, p in step.parts["table"]}
    expected = rows.get(value, sympy.Integer(0))
    return _result(path, step, expected == step.after and step.before.args[0].rhs == value, "table-lookup",
                   f"the table gives {expected}")


def _tail_difference(frozen, first: float, last: float) -> tuple[float, float]:
    """P(first < X ≤ last) from scipy, on the side where the subtraction keeps its digits,
    with the size of the larger term (the scale of the rounding error)."""
    import numpy as np

    with np.errstate(all="ignore"):
        if first > float(frozen.median()):
            a, b = float(frozen.sf(first)), float(frozen.sf(last))
        else:
            b, a = float(frozen.cdf(first)), float(frozen.cdf(last))
    return a - b, max(abs(a), abs(b))


def _agrees(expected: float, scale: float, got: float, rel: float = 1e-9) -> bool:
    return abs(expected - got) <= rel * max(abs(expected), abs(got)) + 1e-14 * scale + 1e-300


def check_discrete_cdf(path, step, memo):
    """P(first ≤ X ≤ last) against scipy's CDF (or survival function in the upper tail), and
    the event holds for exactly those whole numbers."""
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    first, last = int(step.parts["first"]), int(step.parts["last"])
    expected, scale = _tail_difference(frozen, first - 1, last)
    lo, hi = frozen.support()
    support = {"support_range": (sympy.Integer(int(lo)), sympy.oo if math.isinf(hi) else sympy.Integer(int(hi)))}
    if not _event_agrees(step.before.args[0], support, lambda v: first <= v <= last, (first, last)):
        return _result(path, step, False, "event-values", f"the event is not {first} ≤ X ≤ {last}")
    got = float(step.after)
    return _result(path, step, _agrees(expected, scale, got), "scipy-cdf", f"{expected:.10g}")


def check_pmf_term(path, step, memo):
    family = step.parts.get("family")
    substituted = step.parts.get("substituted")
    value = substituted.doit() if hasattr(substituted, "doit") else substituted
    passed, method, detail = equivalent(sympy.sympify(value), step.after)
    return _result(path, step, passed, f"substitute-{family}-" + method, detail)


def check_normal_cdf(path, step, memo):
    from scipy.special import ndtr

    expected = float(ndtr(float(step.parts["z"])))
    return _result(path, step, _agrees(expected, expected, float(step.after), 1e-10), "scipy-ndtr",
                   f"Φ = {expected:.12g}")


def _phi_terms(shown):
    """A combination of Φ values as (constant, [(sign, z), …])."""
    Phi = sympy.Function("Phi")
    constant, terms = sympy.Integer(0), []
    for term in (shown.args if isinstance(shown, Plus) else (shown,)):
        sign = -1 if isinstance(term, Minus) else 1
        inner = term.args[0] if isinstance(term, Minus) else term
        if isinstance(inner, sympy.core.function.AppliedUndef) and inner.func == Phi:
            terms.append((sign, inner.args[0]))
        elif inner.is_number:
            constant += sign * inner
        else:
            return None
    return constant, terms


def check_standard_normal(path, step, memo):
    """The Φ combination shown, evaluated with scipy; when every z is positive each Φ(z) is
    taken as 1 − ndtr(−z), the constants cancelling exactly, so a far tail keeps its digits."""
    from scipy.special import ndtr

    parsed = _phi_terms(step.parts["difference"])
    if parsed is None:
        return _result(path, step, False, "scipy-ndtr", "not a combination of Φ values")
    constant, terms = parsed
    if terms and all(z > 0 for _, z in terms):
        constant += sum(sign for sign, _ in terms)
        values = [-sign * float(ndtr(-float(z))) for sign, z in terms]
    else:
        values = [sign * float(ndtr(float(z))) for sign, z in terms]
    value = float(constant) + math.fsum(values)
    scale = max([abs(float(constant)), *(abs(v) for v in values)])
    return _result(path, step, _agrees(value, scale, float(step.after), 1e-10), "scipy-ndtr", f"{value:.12g}")


def check_continuous_point(path, step, memo):
    return _result(path, step, step.after in (0, 1), "definition", "a single point has probability 0")


def check_complement(path, step, memo):
    passed, method, detail = equivalent(1 - sympy.sympify(step.parts["complement_value"]), step.after)
    return _result(path, step, passed, "1−P(complement)-" + method, detail)


def check_sd(path, step, memo):
    passed, method, detail = equivalent(step.after**2, step.parts["variance"])
    return _result(path, step, passed and step.after.is_nonnegative is not False, "square-" + method, detail)


def check_counting(path, step, memo):
    n, k = int(step.parts["n"]), int(step.parts.get("k", 0))
    expected = {Rule.COMBINATIONS: lambda: math.comb(n, k), Rule.PERMUTATIONS: lambda: math.perm(n, k),
                Rule.FACTORIAL: lambda: math.factorial(n), Rule.ZERO_FACTORIAL: lambda: math.factorial(n)}[step.rule]()
    shown = step.parts.get("shown", step.parts.get("product"))
    if shown is not None:  # the arithmetic the sentence shows is true too
        value = shown.replace(lambda e: isinstance(e, (Times, Plus, Minus)), lambda e: e.doit()).doit()
        if value != expected:
            return _result(path, step, False, "python-math", f"the arithmetic shown gives {value}, not {expected}")
    return _result(path, step, step.after == expected, "python-math", str(expected))


def _family_params(step):
    return step.parts["family"], {str(k): v for k, v in step.parts["parameters"].items()}


def check_pmf_formula(path, step, memo):
    """The PMF formula against scipy's PMF at the first values of the support."""
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    k = next(iter(step.before.args[0].rhs.free_symbols))
    start, end = frozen.support()
    for value in range(int(start), int(min(end, start + 4)) + 1):
        got = float(step.after.subs(k, value))
        if not _close(got, float(frozen.pmf(value))):
            return _result(path, step, False, "scipy-pmf", f"k = {value}: {got} vs {frozen.pmf(value)}")
    return _result(path, step, True, "scipy-pmf", "agrees at the first five values")


def _truth(relation, value) -> bool:
    (variable,) = relation.free_symbols
    return bool(relation.xreplace({variable: value}))


def _witnesses(numbers) -> set:
    """Whole numbers that stand for every stretch of the line the numbers cut it into: an
    event built from comparisons with these numbers is constant between them, so it holds
    for the same whole numbers as another such event exactly when they agree here."""
    out = set()
    for c in numbers:
        f = math.floor(c)
        out |= {f - 1, f, f + 1}
    return out or {0}


def _event_agrees(relation, parts, predicate, extra=()) -> bool:
    """Does the event hold for exactly the values of X where ``predicate`` does?  For a table,
    at every listed value; for a named family, at a witness of every stretch of its support."""
    if "table_values" in parts:
        candidates = [sympy.sympify(v) for v in parts["table_values"]]
    else:
        s0, s1 = parts["support_range"]
        numbers = [*relation.atoms(sympy.Number), s0, *([s1] if s1 != sympy.oo else []), *extra]
        candidates = [sympy.Integer(w) for w in _witnesses(numbers) if s0 <= w and (s1 == sympy.oo or w <= s1)]
    return all(_truth(relation, v) == bool(predicate(v)) for v in candidates)


def check_discrete_event(path, step, memo):
    """P(X < 3) = P(X ≤ 2): the same whole numbers satisfy both events."""
    before, after = step.before.args[0], step.after.args[0]
    numbers = before.atoms(sympy.Number) | after.atoms(sympy.Number)
    same = all(_truth(before, sympy.Integer(v)) == _truth(after, sympy.Integer(v)) for v in _witnesses(numbers))
    return _result(path, step, same, "same-integers", "both events hold for the same whole numbers")


def check_cdf_difference(path, step, memo):
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    lo, hi = (float(v) for v in step.parts["interval"])
    expected, scale = _tail_difference(frozen, lo, hi)
    return _result(path, step, _agrees(expected, scale, float(step.after)), "scipy-cdf", f"{expected:.12g}")


def check_cdf_value(path, step, memo):
    """F(point) against scipy's CDF there, and the arithmetic the sentence shows; the piece
    named must be the one whose condition holds."""
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    point = step.parts["point"]
    expected = float(frozen.cdf(float(point)))
    shown = step.parts["shown"]
    arithmetic, detail = True, ""
    for side in (shown.args if isinstance(shown, sympy.Eq) else (shown,)):   # (3 − 0)/(10 − 0) = 3/10
        value = side.replace(lambda e: isinstance(e, (Times, Plus, Minus)), lambda e: e.doit()) \
            if isinstance(side, sympy.Basic) else side
        same, _, how = equivalent(sympy.sympify(value), sympy.sympify(step.after))
        arithmetic, detail = arithmetic and same, how
    holds = bool(step.parts["where"].doit()) if hasattr(step.parts["where"], "doit") else bool(step.parts["where"])
    passed = arithmetic and holds and _agrees(expected, 1.0, float(step.after)) and step.before.args[0] == point
    return _result(path, step, passed, "scipy-cdf", f"F({point}) = {expected:.12g}; {detail}")


def check_moment_formula(path, step, memo):
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    expected = float(frozen.mean() if step.parts["which"] == "E" else frozen.var())
    return _result(path, step, _close(expected, float(step.after)), "scipy-moments", f"{expected:.10g}")


def check_impossible(path, step, memo):
    none = _event_agrees(step.before.args[0], step.parts, lambda v: False)
    return _result(path, step, none and step.after == 0, "no-value-in-support", "no possible value satisfies it")


def check_certain(path, step, memo):
    every = _event_agrees(step.before.args[0], step.parts, lambda v: True)
    return _result(path, step, every and step.after == 1, "every-value-in-support", "every possible value satisfies it")


def check_shown_sum(path, step, memo):
    """Arithmetic shown as written (Σ x·P(X = x), E[X²] − E[X]²), carried out exactly."""
    passed, method, detail = equivalent(sympy.sympify(step.before.doit()), sympy.sympify(step.after))
    return _result(path, step, passed, "arithmetic-" + method, detail)


def check_standardize(path, step, memo):
    """(x − μ)/σ, carried out, is the z shown."""
    passed, method, detail = equivalent(step.before.doit(), step.after)
    return _result(path, step, passed, "arithmetic-" + method, detail)


def check_inverse_normal(path, step, memo):
    """z against scipy.stats.norm.ppf(p), to the digits shown."""
    from scipy import stats

    expected = float(stats.norm.ppf(float(sympy.sympify(str(step.parts["p"])))))
    got = float(step.after)
    passed = abs(got - expected) <= 1e-5 * max(1.0, abs(expected)) and abs(float(step.parts["exact"]) - expected) \
        <= 1e-9 * max(1.0, abs(expected))
    return _result(path, step, passed, "scipy.stats.norm.ppf", f"{expected:.10g}")


def check_unstandardize(path, step, memo):
    """μ + zσ against scipy.stats.norm.ppf(p, loc=μ, scale=σ), to the digits shown."""
    from scipy import stats

    mu, sigma = float(step.parts["mu"]), float(step.parts["sigma"])
    expected = float(stats.norm.ppf(float(sympy.sympify(str(step.parts["p"]))), loc=mu, scale=sigma))
    got = float(step.after)
    scale = max(abs(expected), sigma, 1e-300)
    arithmetic = float(step.before.doit())
    passed = abs(got - expected) <= 1e-8 * scale and abs(arithmetic - got) <= 1e-5 * scale
    return _result(path, step, passed, "scipy.stats.norm.ppf(loc, scale)", f"{expected:.12g}")


def _read_back(value):
    """A decimal shown as typed (a Float that carries only the digits it prints, 1.96) read back
    as the exact number it prints, and a long fraction shown as a decimal (``Shown``) as the
    exact value it stands for; the 15-digit values of the engine are left alone."""
    if isinstance(value, Shown):
        return value.exact
    if not isinstance(value, sympy.Basic) or not value.has(sympy.Float):
        return value
    shown = {f: (f.exact if isinstance(f, Shown) else sympy.Rational(str(f)))
             for f in value.atoms(sympy.Float) if isinstance(f, Shown) or f._prec < 53}
    return value.xreplace(shown) if shown else value


def _read_back_step(step: Step) -> Step:
    return replace(step, before=_read_back(step.before), after=_read_back(step.after),
                   parts={k: _read_back(v) for k, v in step.parts.items()},
                   substeps=tuple(_read_back_step(s) for s in step.substeps))


def _as_written(check):
    def run(path, step, memo):
        return check(path, _read_back_step(step), memo)
    return run


def check_linear_moment(path, step, memo):
    """a·m + b, a²·m or |a|·m, carried out exactly, is the result; and the formula is the rule's."""
    a, b, m = step.parts["a"], step.parts["b"], step.parts["moment"]
    expected = {Rule.LINEAR_EXPECTATION: a * m + b, Rule.LINEAR_VARIANCE: a**2 * m,
                Rule.LINEAR_STANDARD_DEVIATION: abs(a) * m}[step.rule]
    passed, method, detail = equivalent(step.before.doit(), step.after)
    passed = passed and sympy.simplify(expected - step.after) == 0
    return _result(path, step, passed, "linearity-" + method, detail)


STEP_CHECKS = {
    Rule.STANDARDIZE: check_standardize,
    Rule.LINEAR_EXPECTATION: check_linear_moment,
    Rule.LINEAR_VARIANCE: check_linear_moment,
    Rule.LINEAR_STANDARD_DEVIATION: check_linear_moment,
    Rule.INVERSE_NORMAL: check_inverse_normal,
    Rule.UNSTANDARDIZE: check_unstandardize,
    Rule.PMF_FORMULA: check_pmf_formula,
    Rule.DISCRETE_EVENT: check_discrete_event,
    Rule.CDF_DIFFERENCE: check_cdf_difference,
    Rule.CDF_VALUE: check_cdf_value,
    Rule.TABLE_EXPECTATION: check_shown_sum,
    Rule.TABLE_SECOND_MOMENT: check_shown_sum,
    Rule.VARIANCE_SHORTCUT: check_shown_sum,
    Rule.MOMENT_FORMULA: check_moment_formula,
    Rule.IMPOSSIBLE_EVENT: check_impossible,
    Rule.CERTAIN_EVENT: check_certain,
    Rule.PMF_TERM: check_pmf_term,
    Rule.TABLE_VALUE: check_table_value,
    Rule.PMF_SUM: check_pmf_sum,
    Rule.DISCRETE_CDF: check_discrete_cdf,
    Rule.COMPLEMENT_RULE: check_complement,
    Rule.NORMAL_CDF: check_normal_cdf,
    Rule.STANDARD_NORMAL_PROBABILITY: check_standard_normal,
    Rule.CONTINUOUS_POINT: check_continuous_point,
    Rule.STANDARD_DEVIATION_FROM_VARIANCE: check_sd,
    Rule.ADDITION_RULE: check_arithmetic,
    Rule.ADDITION_RULE_REARRANGED: check_arithmetic,
    Rule.MULTIPLICATION_RULE: check_arithmetic,
    Rule.MULTIPLICATION_RULE_INDEPENDENT: check_arithmetic,
    Rule.CONDITIONAL_PROBABILITY: check_arithmetic,
    Rule.TOTAL_PROBABILITY: check_arithmetic,
    Rule.BAYES_THEOREM: check_arithmetic,
    Rule.CONDITIONAL_COMPLEMENT: check_arithmetic,
    Rule.INTERSECTION_WITH_COMPLEMENT: check_arithmetic,
    Rule.COMBINATIONS: check_counting,
    Rule.PERMUTATIONS: check_counting,
    Rule.FACTORIAL: check_counting,
    Rule.ZERO_FACTORIAL: check_counting,
}
STEP_CHECKS = {rule: _as_written(check) for rule, check in STEP_CHECKS.items()}


# ----------------------------------------------------------------------------- answers
def _answer(passed, method, detail=""):
    return Check("answer", "answer", bool(passed), method, detail)


def answer_distribution_probability(solution):
    extra = solution.extra
    expected, scale = event_probability(extra["distribution"], extra["event"], extra["variable"])
    got = float(_read_back(solution.answer))
    return _answer(_agrees(expected, scale, got, 1e-9), "scipy-" + ("brute-force-sum" if extra["distribution"].discrete
                                                            else "cdf"), f"{expected:.10g}")


def answer_moment(solution):
    dist, which = solution.extra.get("distribution") or solution.extra["x_distribution"], solution.extra["which"]
    if dist.family == "Table":
        import numpy as np

        values = np.array([float(v) for v, _ in dist.table])
        probs = np.array([float(p) for _, p in dist.table])
        mean = float(values @ probs)
        var = float(((values - mean) ** 2) @ probs)
    else:
        frozen = _scipy(dist.family, dist.params)
        mean, var = float(frozen.mean()), float(frozen.var())
    expected = {"E": mean, "Var": var, "SD": math.sqrt(var)}[which]
    linear = solution.problem.data.get("linear")
    if linear is not None:                    # a·X + b: scipy's moments of X, transformed by hand here
        a, b = float(linear[0]), float(linear[1])
        expected = {"E": a * mean + b, "Var": a * a * var, "SD": abs(a) * math.sqrt(var)}[which]
    return _answer(_close(expected, float(solution.answer)), "scipy/numpy-moments", f"{expected:.10g}")


def _atoms_value(known: dict, independent, target):
    """P(target) in the probability space of all atoms of the named events, solved from the
    given facts as a linear system: an independent route to the same number."""
    from .events import names

    letters = sorted(set().union(names(target), *(names(e) for e in known)))
    atoms = list(itertools.product((True, False), repeat=len(letters)))
    symbols = sympy.symbols(f"a0:{len(atoms)}")

    def holds(event, atom):
        kind = event[0]
        if kind == "name":
            return atom[letters.index(event[1])]
        if kind == "not":
            return not holds(event[1], atom)
        if kind == "and":
            return holds(event[1], atom) and holds(event[2], atom)
        if kind == "or":
            return holds(event[1], atom) or holds(event[2], atom)
        raise ValueError(kind)

    def measure(event):
        return sympy.Add(*(s for s, atom in zip(symbols, atoms, strict=True) if holds(event, atom)))

    equations = [sympy.Add(*symbols) - 1]
    for event, value in known.items():
        if event[0] == "given":
            equations.append(measure(("and", event[1], event[2])) - value * measure(event[2]))
        else:
            equations.append(measure(event) - value)
    for pair in independent:
        pairs = itertools.combinations(letters, 2) if len(pair) == 0 else [pair]
        for a, b in pairs:
            pa, pb = known.get(("name", a)), known.get(("name", b))
            if pa is None or pb is None:
                return None
            equations.append(measure(("and", ("name", a), ("name", b))) - pa * pb)
    solutions = sympy.linsolve(equations, symbols)
    if not solutions:
        return None
    (solution,) = solutions
    subs = dict(zip(symbols, solution, strict=True))
    if target[0] == "given":
        value = measure(("and", target[1], target[2])).xreplace(subs) / measure(target[2]).xreplace(subs)
    else:
        value = measure(target).xreplace(subs)
    value = sympy.simplify(value)
    return value if not value.free_symbols else None


def answer_rules(solution):
    data = solution.problem.data
    expected = _atoms_value(dict(data["known"]), data["independent"], data["target"])
    if expected is None:
        return _answer(False, "atoms", "the given facts do not determine the probability on their own")
    passed, method, detail = equivalent(expected, solution.answer)
    return _answer(passed, "probability-space-atoms-" + method, detail)


def answer_counting(solution):
    data = solution.problem.data
    n, k = int(data["n"]), int(data["k"])
    expected = {"combinations": math.comb, "permutations": math.perm}.get(data["operation"])
    value = expected(n, k) if expected else math.factorial(n)
    return _answer(solution.answer == value, "python-math", str(value))


def answer_quantile(solution):
    from scipy import stats

    dist = solution.extra["distribution"]
    mu, sigma = float(dist.params["mu"]), float(dist.params["sigma"])
    expected = float(stats.norm.ppf(float(solution.extra["p"]), loc=mu, scale=sigma))
    got = float(sympy.sympify(solution.answer_sympy))
    passed = abs(got - expected) <= 1e-9 * max(abs(expected), sigma)
    return _answer(passed, "scipy.stats.norm.ppf", f"{expected:.12g}")


ANSWER_CHECKS = {
    "distribution_probability": answer_distribution_probability,
    "quantile": answer_quantile,
    "moment": answer_moment,
    "probability_rules": answer_rules,
    "bayes": answer_rules,
    "counting": answer_counting,
}
