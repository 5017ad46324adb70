"""Probabilities of events for named distributions and tables, and their moments."""

from __future__ import annotations

import math

import sympy

from grammar import InvalidArgument

from ..rules import Rule
from ..steps import Minus, Plus, Solution, Step, Times
from .distributions import Dist, k_, make

P = sympy.Function("P")
E = sympy.Function("E")
Var = sympy.Function("Var")
SD = sympy.Function("SD")
_SHOW_TERMS = 8
_OPS = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge, "=": sympy.Eq, "!=": sympy.Ne}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


# ----------------------------------------------------------------------------- events
def interval(event, variable):
    """An event about X as (low, high, low_closed, high_closed, negated)."""
    kind = event[0]
    if kind == "not":
        lo, hi, lc, hc, neg = interval(event[1], variable)
        return lo, hi, lc, hc, not neg
    if kind == "rel":
        _, lhs, op, rhs = event
        if lhs == variable and rhs.is_number:
            c = rhs
        elif rhs == variable and lhs.is_number:
            c, op = lhs, _FLIP[op]
        else:
            raise InvalidArgument("compare the random variable with a number, e.g. P(X <= 3)")
        if op == "=":
            return c, c, True, True, False
        if op == "!=":
            return c, c, True, True, True
        if op in ("<", "<="):
            return -sympy.oo, c, False, op == "<=", False
        return c, sympy.oo, op == ">=", False, False
    if kind == "between":
        _, a, op1, x, op2, b = event
        if x != variable or not (a.is_number and b.is_number) or op1 not in ("<", "<=") or op2 not in ("<", "<="):
            raise InvalidArgument("write a range as a <= X <= b (or with <)", hint="P(1 <= X <= 3)")
        if a > b:
            raise InvalidArgument(f"the range {a} to {b} is empty: the lower end is above the upper")
        return a, b, op1 == "<=", op2 == "<=", False
    raise InvalidArgument("this event is not about the random variable", hint="P(X = 3), P(X <= 2), P(1 < X < 4)")


def display_event(lo, hi, lc, hc, neg, x):
    """The event as a sympy relation for the printers."""
    if lo == hi and lc and hc:
        ev = sympy.Eq(x, lo, evaluate=False)
    elif lo == -sympy.oo:
        ev = (sympy.Le if hc else sympy.Lt)(x, hi, evaluate=False)
    elif hi == sympy.oo:
        ev = (sympy.Ge if lc else sympy.Gt)(x, lo, evaluate=False)
    else:
        ev = sympy.And((sympy.Le if lc else sympy.Lt)(lo, x, evaluate=False),
                       (sympy.Le if hc else sympy.Lt)(x, hi, evaluate=False), evaluate=False)
    return sympy.Not(ev, evaluate=False) if neg else ev


def whole_bounds(lo, hi, lc, hc):
    """The smallest and largest whole numbers in the interval (±inf when unbounded)."""
    first = -math.inf if lo == -sympy.oo else (math.ceil(lo) if lc else math.floor(lo) + 1)
    last = math.inf if hi == sympy.oo else (math.floor(hi) if hc else math.ceil(hi) - 1)
    return first, last


def integer_range(lo, hi, lc, hc, support):
    """The whole numbers in the interval and in the support: (first, last) or None."""
    s0, s1 = support
    first, last = whole_bounds(lo, hi, lc, hc)
    first, last = max(first, s0), min(last, s1)
    return None if first > last else (int(first), last if last == math.inf else int(last))


def _count(r) -> float:
    return 0 if r is None else (r[1] - r[0] + 1)


# ----------------------------------------------------------------------------- discrete
def _pmf_term(dist: Dist, value, x) -> Step:
    prob = dist.pmf(value)
    shown = _substituted_pmf(dist, value)
    return Step(Rule.PMF_TERM, P(sympy.Eq(x, value, evaluate=False)), prob,
                {"value": sympy.Integer(value), "substituted": shown, "family": dist.family})


def _substituted_pmf(dist: Dist, value):
    f, p = dist.family, dist.params
    if f == "Binomial":
        return Times(sympy.binomial(p["n"], value, evaluate=False), sympy.Pow(p["p"], value, evaluate=False),
                     sympy.Pow(1 - p["p"], p["n"] - value, evaluate=False))
    if f == "Bernoulli":
        return Times(sympy.Pow(p["p"], value, evaluate=False), sympy.Pow(1 - p["p"], 1 - value, evaluate=False))
    if f == "Poisson":
        return Times(sympy.exp(-p["lambda"], evaluate=False), sympy.Pow(p["lambda"], value, evaluate=False),
                     sympy.Pow(sympy.factorial(value, evaluate=False), -1, evaluate=False))
    if f == "Geometric":
        return Times(sympy.Pow(1 - p["p"], value - 1, evaluate=False), p["p"])
    return dist.pmf(value)


def discrete_probability(dist: Dist, event, x, steps: list[Step], notes: list[str]):
    lo, hi, lc, hc, neg = interval(event, x)
    support = dist.support()
    if dist.family != "Table":
        formula = dist.pmf_formula()
        steps.append(Step(Rule.PMF_FORMULA, P(sympy.Eq(x, k_, evaluate=False)), formula,
                          {"distribution": dist.display(), "general": dist.pmf_symbolic(), "family": dist.family,
                           "parameters": param_dict(dist.params), "support": _support_text(support)}))
    r = integer_range(lo, hi, lc, hc, support)
    asked = display_event(lo, hi, lc, hc, neg, x)
    if not neg:
        first, last = whole_bounds(lo, hi, lc, hc)
        if first <= last:
            exact = display_event(sympy.Integer(first) if first != -math.inf else -sympy.oo,
                                  sympy.Integer(last) if last != math.inf else sympy.oo, True, True, False, x)
            if exact != asked:
                steps.append(Step(Rule.DISCRETE_EVENT, P(asked), P(exact), {"variable": x}))
    size = support[1] - support[0] + 1
    inside = _count(r)
    use_complement = neg or (inside == float("inf")) or (inside > _SHOW_TERMS and size - inside < inside)
    if neg and inside == float("inf"):
        raise InvalidArgument("this event leaves infinitely many values out of a short complement")
    if use_complement and not neg:
        # P(E) = 1 − P(not E): the terms outside the range
        outside = [v for v in _outside(r, support)]
        total = sum((dist.pmf(v) for v in outside), sympy.Integer(0))
        first, last = whole_bounds(lo, hi, lc, hc)
        if hi == sympy.oo and first != -math.inf:      # upper tail: the rest is X ≤ first − 1
            comp_event = sympy.Le(x, sympy.Integer(first - 1), evaluate=False)
        elif lo == -sympy.oo and last != math.inf:     # lower tail: the rest is X ≥ last + 1
            comp_event = sympy.Ge(x, sympy.Integer(last + 1), evaluate=False)
        else:
            comp_event = sympy.Not(asked, evaluate=False)
        terms = [_pmf_term(dist, v, x) for v in outside] if len(outside) <= _SHOW_TERMS else []
        sum_step = Step(Rule.PMF_SUM, P(comp_event), _exact(total),
                        {"count": len(outside), "sum": Plus(*(t.before for t in terms)) if terms else P(comp_event)},
                        tuple(terms))
        value = _exact(1 - total)
        steps.append(Step(Rule.COMPLEMENT_RULE, P(asked), value,
                          {"complement": comp_event, "difference": Plus(1, Minus(P(comp_event))),
                           "complement_value": sum_step.after}, (sum_step,)))
        return value, asked
    if neg:  # P(X ≠ c) = 1 − P(X = c)
        inner = display_event(lo, hi, lc, hc, False, x)
        terms = [_pmf_term(dist, v, x) for v in range(r[0], r[1] + 1)] if r else []
        total = sum((t.after for t in terms), sympy.Integer(0))
        sum_step = Step(Rule.PMF_SUM, P(inner), _exact(total),
                        {"count": len(terms), "sum": Plus(*(t.before for t in terms)) if terms else sympy.Integer(0)},
                        tuple(terms))
        value = _exact(1 - total)
        steps.append(Step(Rule.COMPLEMENT_RULE, P(asked), value,
                          {"complement": inner, "difference": Plus(1, Minus(P(inner))), "complement_value": total},
                          (sum_step,)))
        return value, asked
    if r is None:
        steps.append(Step(Rule.IMPOSSIBLE_EVENT, P(asked), sympy.Integer(0),
                          {"variable": x, "support": _support_text(support), "family": dist.family,
                           "parameters": param_dict(dist.params)}))
        return sympy.Integer(0), asked
    values = range(r[0], r[1] + 1)
    terms = [_pmf_term(dist, v, x) for v in values] if inside <= _SHOW_TERMS else []
    total = sum((dist.pmf(v) for v in values), sympy.Integer(0))
    value = _exact(total)
    if inside == 1:
        steps.append(terms[0])
    else:
        steps.append(Step(Rule.PMF_SUM, P(asked), value,
                          {"count": inside, "sum": Plus(*(t.before for t in terms)) if terms else
                           sympy.Sum(dist.pmf_formula(), (k_, r[0], r[1]))}, tuple(terms)))
    return value, asked


def _outside(r, support):
    s0, s1 = support
    if r is None:
        return range(s0, int(s1) + 1) if s1 != float("inf") else range(0)
    out = list(range(s0, r[0]))
    if s1 != float("inf"):
        out += list(range(r[1] + 1, int(s1) + 1))
    return out


def param_dict(params: dict) -> sympy.Dict:
    """Parameters as a sympy Dict (symbols as keys), renderable and checkable."""
    return sympy.Dict({sympy.Symbol(k): v for k, v in params.items()})


def _support_text(support) -> str:
    s0, s1 = support
    return f"{s0}, {s0 + 1}, …" if s1 == float("inf") else f"{s0}, …, {int(s1)}"


def _exact(value):
    value = sympy.nsimplify(value) if value.is_Float else value
    return sympy.simplify(value) if value.has(sympy.exp) else value


# ----------------------------------------------------------------------------- continuous
def continuous_probability(dist: Dist, event, x, steps: list[Step], notes: list[str]):
    lo, hi, lc, hc, neg = interval(event, x)
    asked = display_event(lo, hi, lc, hc, neg, x)
    if lo == hi:
        steps.append(Step(Rule.CONTINUOUS_POINT, P(asked), sympy.Integer(1 if neg else 0), {"variable": x}))
        return sympy.Integer(1 if neg else 0), asked
    if (lo != -sympy.oo and not lc) or (hi != sympy.oo and not hc):
        notes.append("for a continuous variable P(X = a) = 0, so < and ≤ give the same probability")
    if dist.family == "Normal":
        value = _normal(dist, lo, hi, x, steps)
    elif dist.family in ("ChiSquared", "StudentT"):  # no elementary CDF: its value, as tables give it
        upper = dist.cdf(hi) if hi != sympy.oo else sympy.Integer(1)
        lower = dist.cdf(lo) if lo != -sympy.oo else sympy.Integer(0)
        value = sympy.Float(sympy.N(upper - lower, 15), 15)
        steps.append(Step(Rule.CDF_DIFFERENCE, P(asked), sympy.Float(value, 6),
                          {"difference": _cdf_difference(hi, lo, x), "distribution": dist.display(),
                           "family": dist.family, "parameters": param_dict(dist.params),
                           "interval": sympy.Tuple(lo, hi), "cdf": "its CDF (no elementary formula)",
                           "upper": upper, "lower": lower}))
    else:
        upper = dist.cdf(hi) if hi != sympy.oo else sympy.Integer(1)
        lower = dist.cdf(lo) if lo != -sympy.oo else sympy.Integer(0)
        shown = _cdf_difference(hi, lo, x)
        value = _exact(sympy.simplify(upper - lower))
        steps.append(Step(Rule.CDF_DIFFERENCE, P(asked), value,
                          {"difference": shown, "distribution": dist.display(), "family": dist.family,
                           "parameters": param_dict(dist.params), "interval": sympy.Tuple(lo, hi),
                           "cdf": dist.cdf_formula() if dist.cdf_formula() is not None else "its CDF",
                           "upper": upper, "lower": lower}))
    if neg:
        value = _exact(1 - value)
        steps.append(Step(Rule.COMPLEMENT_RULE, P(asked), value,
                          {"complement": display_event(lo, hi, lc, hc, False, x),
                           "difference": Plus(1, Minus(P(display_event(lo, hi, lc, hc, False, x)))),
                           "complement_value": 1 - value}))
    return value, asked


def _cdf_difference(hi, lo, x):
    F = sympy.Function("F")
    if hi == sympy.oo:
        return Plus(1, Minus(F(lo)))
    if lo == -sympy.oo:
        return F(hi)
    return Plus(F(hi), Minus(F(lo)))


def _normal(dist: Dist, lo, hi, x, steps):
    mu, sigma = dist.params["mu"], dist.params["sigma"]
    Z = sympy.Symbol("Z")
    Phi = sympy.Function("Phi")
    zs = []
    for bound in (lo, hi):
        if bound in (-sympy.oo, sympy.oo):
            zs.append(bound)
            continue
        z = sympy.nsimplify((bound - mu) / sigma)
        steps.append(Step(Rule.STANDARDIZE, Times(Plus(bound, Minus(mu)), sympy.Pow(sigma, -1, evaluate=False)), z,
                          {"x": bound, "mu": mu, "sigma": sigma, "z": z,
                           "formula": sympy.Eq(sympy.Symbol("z"), (x - sympy.Symbol("mu")) / sympy.Symbol("sigma"),
                                               evaluate=False)}))
        zs.append(z)
    z_lo, z_hi = zs
    values = {}
    for z in (z_lo, z_hi):
        if z in (-sympy.oo, sympy.oo):
            continue
        exact = (1 + sympy.erf(z / sympy.sqrt(2))) / 2
        decimal = sympy.Float(exact.evalf(15), 15)
        values[z] = decimal
        steps.append(Step(Rule.NORMAL_CDF, Phi(z), sympy.Float(decimal, 6), {"z": z, "exact": exact}))
    upper = values.get(z_hi, sympy.Integer(1) if z_hi == sympy.oo else sympy.Integer(0))
    lower = values.get(z_lo, sympy.Integer(0) if z_lo == -sympy.oo else sympy.Integer(1))
    if z_hi == sympy.oo:
        shown = Plus(1, Minus(Phi(z_lo)))
    elif z_lo == -sympy.oo:
        shown = Phi(z_hi)
    else:
        shown = Plus(Phi(z_hi), Minus(Phi(z_lo)))
    value = sympy.Float(upper - lower, 15)
    event = display_event(z_lo, z_hi, True, True, False, Z)
    steps.append(Step(Rule.STANDARD_NORMAL_PROBABILITY, P(event), sympy.Float(value, 6),
                      {"difference": shown, "exact_value": value}))
    return value


# ----------------------------------------------------------------------------- moments
def moment_steps(dist: Dist, which: str, x, steps: list[Step]):
    if dist.family == "Table":
        return _table_moments(dist, which, x, steps)
    mean_f, var_f, values = dist.moment_formulas()
    if dist.family == "StudentT" and (which != "E" and dist.params["nu"] <= 2 or dist.params["nu"] <= 1):
        raise InvalidArgument("this Student t distribution has no finite " + ("mean" if which == "E" else "variance"),
                              hint="the mean needs ν > 1 and the variance ν > 2")
    mean = sympy.nsimplify(mean_f.xreplace(values))
    variance = sympy.nsimplify(var_f.xreplace(values))
    if which == "E":
        steps.append(Step(Rule.MOMENT_FORMULA, E(x), mean, {"formula": sympy.Eq(E(x), mean_f, evaluate=False),
                                                          "family": dist.family, "distribution": dist.display(),
                                                          "parameters": param_dict(dist.params), "which": "E"}))
        return mean
    steps.append(Step(Rule.MOMENT_FORMULA, Var(x), variance, {"formula": sympy.Eq(Var(x), var_f, evaluate=False),
                                                             "family": dist.family, "distribution": dist.display(),
                                                             "parameters": param_dict(dist.params), "which": "Var"}))
    if which == "SD":
        sd = sympy.sqrt(variance)
        steps.append(Step(Rule.STANDARD_DEVIATION_FROM_VARIANCE, SD(x), sd, {"variance": variance}))
        return sd
    return variance


def _table_moments(dist: Dist, which, x, steps):
    table = dist.table
    mean_terms = [Times(v, p) for v, p in table]
    mean = sum((v * p for v, p in table), sympy.Integer(0))
    steps.append(Step(Rule.TABLE_EXPECTATION, Plus(*mean_terms), mean, {"sum": Plus(*mean_terms), "variable": x}))
    if which == "E":
        return mean
    square_terms = [Times(sympy.Pow(v, 2, evaluate=False), p) for v, p in table]
    second = sum((v**2 * p for v, p in table), sympy.Integer(0))
    steps.append(Step(Rule.TABLE_SECOND_MOMENT, Plus(*square_terms), second, {"sum": Plus(*square_terms),
                                                                              "variable": x}))
    variance = second - mean**2
    steps.append(Step(Rule.VARIANCE_SHORTCUT, Plus(second, Minus(sympy.Pow(mean, 2, evaluate=False))), variance,
                      {"second": second, "mean": mean, "variable": x}))
    if which == "SD":
        sd = sympy.sqrt(variance)
        steps.append(Step(Rule.STANDARD_DEVIATION_FROM_VARIANCE, SD(x), sd, {"variance": variance}))
        return sd
    return variance


def validate_table(table) -> None:
    for v, p in table:
        if p < 0:
            raise InvalidArgument(f"P(X = {v}) = {p} is negative", hint="probabilities are between 0 and 1")
    total = sum((p for _, p in table), sympy.Integer(0))
    if total != 1:
        raise InvalidArgument(f"the probabilities add up to {total}, not 1",
                              hint="a probability table must list every value, with probabilities summing to 1")


# ----------------------------------------------------------------------------- entry points
def _decimal(value):
    return sympy.Float(sympy.N(value, 15), 10) if value.is_number and value.is_finite else value


def solve_distribution_probability(problem, statement) -> Solution:
    data = problem.data
    dist = make(data)
    if dist.family == "Table":
        validate_table(dist.table)
    op, event = data["target"]
    x = data["variable"]
    steps: list[Step] = []
    notes = list(problem.notes)
    if dist.discrete:
        value, asked = discrete_probability(dist, event, x, steps, notes)
    else:
        value, asked = continuous_probability(dist, event, x, steps, notes)
    if dist.family != "Table":
        notes.insert(0, f"X ~ {_describe(dist)}")
    answer = _exact(value) if dist.discrete or value.is_Rational else value
    return Solution(problem=problem, statement=P(asked), answer=answer, steps=tuple(steps), assumptions=tuple(notes),
                    answer_sympy=sympy.sstr(answer),
                    extra={"decimal": _decimal(answer), "distribution": dist, "event": event, "variable": x})


def solve_moment(problem, statement) -> Solution:
    data = problem.data
    dist = make(data)
    if dist.family == "Table":
        validate_table(dist.table)
    which, x = data["target"]
    steps: list[Step] = []
    value = moment_steps(dist, which, x, steps)
    notes = list(problem.notes)
    if dist.family != "Table":
        notes.insert(0, f"X ~ {_describe(dist)}")
    target = {"E": E, "Var": Var, "SD": SD}[which](x)
    return Solution(problem=problem, statement=target, answer=value, steps=tuple(steps), assumptions=tuple(notes),
                    answer_sympy=sympy.sstr(value), extra={"decimal": _decimal(value), "distribution": dist,
                                                           "which": which})


def _describe(dist: Dist) -> str:
    names = {"mu": "μ", "sigma": "σ", "lambda": "λ", "nu": "ν"}
    inside = ", ".join(f"{names.get(k, k)} = {sympy.sstr(v)}" for k, v in dist.params.items())
    return f"{dist.family}({inside})"
