"""Independent checks for probability: scipy's distributions, brute-force event sums, a
probability space of atoms for named events, and Python's own counting functions."""

from __future__ import annotations

import itertools
import math

import sympy

from ..equivalence import equivalent
from ..rules import Rule
from ..steps import Check, Step

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


def _holds(event, variable, value: float) -> bool:
    """Does X = value satisfy the event?  Evaluated directly on the event as asked."""
    kind = event[0]
    if kind == "not":
        return not _holds(event[1], variable, value)
    ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
           ">=": lambda a, b: a >= b, "=": lambda a, b: a == b, "!=": lambda a, b: a != b}
    if kind == "rel":
        _, lhs, op, rhs = event
        a = value if lhs == variable else float(lhs)
        b = value if rhs == variable else float(rhs)
        return ops[op](a, b)
    _, a, op1, _, op2, b = event
    return ops[op1](float(a), value) and ops[op2](value, float(b))


def event_probability(dist, event, variable) -> float:
    """P(event) recomputed independently of the steps."""
    if dist.family == "Table":
        return sum(float(p) for v, p in dist.table if _holds(event, variable, float(v)))
    frozen = _scipy(dist.family, dist.params)
    if dist.discrete:
        lo, hi = frozen.support()
        cutoff = int(hi) if math.isfinite(hi) else int(frozen.ppf(1 - 1e-16)) + 50
        return math.fsum(frozen.pmf(v) for v in range(max(int(lo), 0), cutoff + 1) if _holds(event, variable, float(v)))
    # continuous: scipy's CDF over the pieces of the line where the event holds
    points = sorted({float(v) for v in _numbers(event)})
    edges = [-math.inf, *points, math.inf]
    total = 0.0
    for a, b in zip(edges, edges[1:], strict=False):
        middle = (a + b) / 2 if math.isfinite(a) and math.isfinite(b) else (b - 1 if math.isfinite(b) else a + 1)
        if math.isfinite(middle) and _holds(event, variable, middle):
            total += frozen.cdf(b) - frozen.cdf(a)
    return total


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
    if step.substeps:
        total = sum((s.after for s in step.substeps), sympy.Integer(0))
        passed, method, detail = equivalent(total, step.after)
        return _result(path, step, passed, "sum-of-terms-" + method, detail)
    shown = step.parts.get("sum")
    value = shown.doit() if isinstance(shown, sympy.Sum) else None
    if value is None:
        return _result(path, step, False, "none", "no terms to add")
    passed, method, detail = equivalent(value, step.after)
    return _result(path, step, passed, "sympy-sum-" + method, detail)


def check_pmf_term(path, step, memo):
    family = step.parts.get("family")
    substituted = step.parts.get("substituted")
    value = substituted.doit() if hasattr(substituted, "doit") else substituted
    passed, method, detail = equivalent(sympy.sympify(value), step.after)
    return _result(path, step, passed, f"substitute-{family}-" + method, detail)


def check_normal_cdf(path, step, memo):
    from scipy.special import ndtr

    expected = float(ndtr(float(step.parts["z"])))
    return _result(path, step, _close(expected, float(step.after), 1e-5), "scipy-ndtr",
                   f"Φ = {expected:.8f}")


def check_standard_normal(path, step, memo):
    from scipy.special import ndtr

    Phi = sympy.Function("Phi")
    shown = step.parts["difference"]
    replaced = shown.replace(lambda e: isinstance(e, sympy.core.function.AppliedUndef) and e.func == Phi,
                             lambda e: sympy.Float(float(ndtr(float(e.args[0])))))
    value = float(replaced.doit())
    return _result(path, step, _close(value, float(step.after), 1e-5), "scipy-ndtr", f"{value:.8f}")


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
                Rule.FACTORIAL: lambda: math.factorial(n)}[step.rule]()
    return _result(path, step, int(step.after) == expected, "python-math", str(expected))


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


def _integers(relation, variable, window):
    return {v for v in range(*window) if bool(relation.xreplace({variable: sympy.Integer(v)}))}


def check_discrete_event(path, step, memo):
    """P(X < 3) = P(X ≤ 2): the same whole numbers satisfy both events."""
    variable = step.parts["variable"]
    window = (-1000, 1000)
    before = step.before.args[0]
    after = step.after.args[0]
    same = _integers(before, variable, window) == _integers(after, variable, window)
    return _result(path, step, same, "same-integers", "both events hold for the same whole numbers")


def check_cdf_difference(path, step, memo):
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    lo, hi = (float(v) for v in step.parts["interval"])
    expected = frozen.cdf(hi) - frozen.cdf(lo)
    return _result(path, step, _close(float(expected), float(step.after), 1e-8), "scipy-cdf", f"{expected:.10g}")


def check_moment_formula(path, step, memo):
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    expected = float(frozen.mean() if step.parts["which"] == "E" else frozen.var())
    return _result(path, step, _close(expected, float(step.after)), "scipy-moments", f"{expected:.10g}")


def check_impossible(path, step, memo):
    family, params = _family_params(step)
    frozen = _scipy(family, params)
    event = step.before.args[0]
    lo, hi = frozen.support()
    hits = _integers(event, step.parts["variable"], (int(lo), int(min(hi, lo + 2000)) + 1))
    return _result(path, step, not hits and step.after == 0, "no-value-in-support", "no possible value satisfies it")


STEP_CHECKS = {
    Rule.PMF_FORMULA: check_pmf_formula,
    Rule.DISCRETE_EVENT: check_discrete_event,
    Rule.CDF_DIFFERENCE: check_cdf_difference,
    Rule.MOMENT_FORMULA: check_moment_formula,
    Rule.IMPOSSIBLE_EVENT: check_impossible,
    Rule.PMF_TERM: check_pmf_term,
    Rule.PMF_SUM: check_pmf_sum,
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
    Rule.COMBINATIONS: check_counting,
    Rule.PERMUTATIONS: check_counting,
    Rule.FACTORIAL: check_counting,
}


# ----------------------------------------------------------------------------- answers
def _answer(passed, method, detail=""):
    return Check("answer", "answer", bool(passed), method, detail)


def answer_distribution_probability(solution):
    extra = solution.extra
    expected = event_probability(extra["distribution"], extra["event"], extra["variable"])
    got = float(solution.answer)
    return _answer(_close(expected, got, 1e-7), "scipy-" + ("brute-force-sum" if extra["distribution"].discrete
                                                            else "cdf"), f"{expected:.10g}")


def answer_moment(solution):
    dist, which = solution.extra["distribution"], solution.extra["which"]
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
    return _answer(int(solution.answer) == value, "python-math", str(value))


ANSWER_CHECKS = {
    "distribution_probability": answer_distribution_probability,
    "moment": answer_moment,
    "probability_rules": answer_rules,
    "bayes": answer_rules,
    "counting": answer_counting,
}
