"""Probabilities of events for named distributions and tables, and their moments."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import Decimal

import sympy

from grammar import InvalidArgument

from ..render.math import to_text
from ..rules import Rule
from ..steps import Minus, Plus, Solution, Step, Times
from .distributions import Dist, k_, make
from .shown import Shown, compact, decimal_form, too_long, with_decimals

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
            raise InvalidArgument(f"the range {a} to {b} is empty: the lower end is above the upper",
                                  hint=f"write the smaller number first: P({b} <= X <= {a})")
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
    if neg and lo == hi and lc and hc:
        return sympy.Ne(x, lo, evaluate=False)
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
    if dist.family == "Table":
        return Step(Rule.TABLE_VALUE, P(sympy.Eq(x, value, evaluate=False)), prob,
                    {"value": value, "table": _table_tuple(dist)})
    shown = _substituted_pmf(dist, value)
    return Step(Rule.PMF_TERM, P(sympy.Eq(x, value, evaluate=False)), prob,
                {"value": sympy.Integer(value), "substituted": shown, "family": dist.family})


def _table_tuple(dist: Dist) -> sympy.Tuple:
    return sympy.Tuple(*(sympy.Tuple(v, p) for v, p in dist.table))


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


class _Values:
    """The values X can take, as the engine enumerates them: a table's list, or the whole
    numbers of a named family's support (possibly unbounded above)."""

    def __init__(self, dist: Dist) -> None:
        self.dist = dist
        self.table = dist.family == "Table"
        if self.table:
            self.listed = dist.values()
        else:
            self.first, self.last = dist.support()

    def inside(self, lo, hi, lc, hc):
        """The values in the interval: a list (tables) or (first, last) / None (named)."""
        if self.table:
            return [v for v in self.listed if _in_interval(v, lo, hi, lc, hc)]
        return integer_range(lo, hi, lc, hc, (self.first, self.last))

    def count(self, chosen) -> float:
        return len(chosen) if self.table else _count(chosen)

    def count_outside(self, chosen) -> float:
        if self.table:
            return len(self.listed) - len(chosen)
        above = 0 if chosen[1] == self.last else self.last - chosen[1]
        return chosen[0] - self.first + above

    def all_of(self, chosen) -> bool:
        return self.count(chosen) == len(self.listed) if self.table else (
            chosen is not None and chosen[0] == self.first and chosen[1] == self.last)

    def listing(self, chosen) -> list:
        return list(chosen) if self.table else list(range(chosen[0], chosen[1] + 1))

    def outside(self, chosen) -> list:
        if self.table:
            return [v for v in self.listed if v not in chosen]
        out = list(range(self.first, chosen[0]))
        if self.last != math.inf:
            out += list(range(chosen[1] + 1, int(self.last) + 1))
        return out

    def support_parts(self) -> dict:
        """What the checks need to know the values (and the sentences to name them)."""
        if self.table:
            return {"support": ", ".join(sympy.sstr(v) for v in self.listed), "table_values": sympy.Tuple(*self.listed)}
        top = sympy.oo if self.last == math.inf else sympy.Integer(self.last)
        return {"support": _support_text((self.first, self.last)),
                "support_range": sympy.Tuple(sympy.Integer(self.first), top)}


def _in_interval(v, lo, hi, lc, hc) -> bool:
    return (v > lo or (lc and v == lo)) and (v < hi or (hc and v == hi))


def _sum_of_terms(dist: Dist, values: list, event, x, space: _Values) -> Step:
    """P(event) as the sum of the probabilities of its values, each its own step."""
    terms = [_pmf_term(dist, v, x) for v in values]
    if len(terms) == 1 and terms[0].before == P(event):
        return terms[0]
    total = sum((t.after for t in terms), sympy.Integer(0))
    return Step(Rule.PMF_SUM, P(event), total,
                {"count": len(terms), "sum": Plus(*(t.before for t in terms)),
                 "values": sympy.Tuple(*values), **space.support_parts()}, tuple(terms))


def _cdf_step(dist: Dist, first: int, last: int, event) -> Step:
    """P(first ≤ X ≤ last) through the CDF, F(last) − F(first − 1): a long sum the library does."""
    F = sympy.Function("F")
    s0 = dist.support()[0]
    upper = dist.range_probability(s0, last)
    lower = dist.range_probability(s0, first - 1) if first > s0 else sympy.Integer(0)
    shown = F(last) if first <= s0 else Plus(F(last), Minus(F(first - 1)))
    value = dist.range_probability(first, last)
    return Step(Rule.DISCRETE_CDF, P(event), value,
                {"difference": shown, "family": dist.family, "parameters": param_dict(dist.params),
                 "count": last - first + 1, "first": sympy.Integer(first), "last": sympy.Integer(last),
                 "upper": upper, "lower": lower, "cdf": f"the {dist.family} CDF F(k) = P(X ≤ k), summed by the library"})


def _complement(event, value_step: Step, asked) -> Step:
    value = _exact(1 - value_step.after)
    return Step(Rule.COMPLEMENT_RULE, P(asked), value,
                {"complement": event, "difference": Plus(1, Minus(P(event))),
                 "complement_value": value_step.after}, (value_step,))


def _outside_event(values: list, space: _Values, chosen, asked, x):
    """The opposite event, written as simply as it can be: X = 0, X ≤ 4, X ≥ 21, or (…)ᶜ."""
    if len(values) == 1:
        return sympy.Eq(x, values[0], evaluate=False)
    if not space.table and chosen[1] == space.last:
        return sympy.Le(x, chosen[0] - 1, evaluate=False)
    if not space.table and chosen[0] == space.first:
        return sympy.Ge(x, chosen[1] + 1, evaluate=False)
    return sympy.Not(asked, evaluate=False)


def _probability_step(dist: Dist, space: _Values, chosen, event, x) -> Step:
    """P(event) where ``chosen`` are the values of X in it: term by term when short, by the
    complement when that is shorter, through the CDF when both are long."""
    n_in = space.count(chosen)
    if n_in == 0:
        return Step(Rule.IMPOSSIBLE_EVENT, P(event), sympy.Integer(0),
                    {"variable": x, "family": dist.family, "parameters": param_dict(dist.params),
                     **space.support_parts()})
    if space.all_of(chosen):
        return Step(Rule.CERTAIN_EVENT, P(event), sympy.Integer(1),
                    {"variable": x, "family": dist.family, "parameters": param_dict(dist.params),
                     **space.support_parts()})
    n_out = space.count_outside(chosen)
    shorter_outside = n_out + 1 < n_in      # the complement costs one subtraction more
    if (space.table or n_in <= _SHOW_TERMS) and not shorter_outside:
        return _sum_of_terms(dist, space.listing(chosen), event, x, space)
    if shorter_outside and (space.table or n_out <= _SHOW_TERMS):
        outside = space.outside(chosen)
        opposite = _outside_event(outside, space, chosen, event, x)
        return _complement(opposite, _sum_of_terms(dist, outside, opposite, x, space), event)
    first, last = chosen
    if last == space.last and first > space.first:       # an upper tail: 1 − F(first − 1)
        opposite = sympy.Le(x, first - 1, evaluate=False)
        return _complement(opposite, _cdf_step(dist, space.first, first - 1, opposite), event)
    return _cdf_step(dist, first, int(last), event)


def discrete_probability(dist: Dist, event, x, steps: list[Step], notes: list[str]):
    lo, hi, lc, hc, neg = interval(event, x)
    space = _Values(dist)
    if dist.family != "Table":
        steps.append(Step(Rule.PMF_FORMULA, P(sympy.Eq(x, k_, evaluate=False)), _pmf_shown(dist),
                          {"distribution": dist.display(), "general": dist.pmf_symbolic(), "family": dist.family,
                           "variable": x,
                           "parameters": param_dict(dist.params), "support": _support_text(dist.support())}))
    asked = display_event(lo, hi, lc, hc, neg, x)
    if neg:  # P(not E) = 1 − P(E)
        inner = display_event(lo, hi, lc, hc, False, x)
        step = _complement(inner, _probability_step(dist, space, space.inside(lo, hi, lc, hc), inner, x), asked)
        steps.append(step)
        return step.after, asked
    target = asked
    if dist.whole_valued():
        first, last = whole_bounds(lo, hi, lc, hc)
        if first <= last:
            exact = display_event(sympy.Integer(first) if first != -math.inf else -sympy.oo,
                                  sympy.Integer(last) if last != math.inf else sympy.oo, True, True, False, x)
            if exact != asked:
                steps.append(Step(Rule.DISCRETE_EVENT, P(asked), P(exact), {"variable": x}))
                target = exact
    step = _probability_step(dist, space, space.inside(lo, hi, lc, hc), target, x)
    steps.append(step)
    return step.after, asked


def _pmf_shown(dist: Dist):
    """The PMF with the numbers put in: simplified, unless that makes a huge number (2^1000)."""
    formula = sympy.powsimp(dist.pmf_formula())
    if not too_long(formula):
        return formula
    f, p = dist.family, dist.params
    power = lambda b, e: sympy.Pow(b, e, evaluate=False)  # noqa: E731 - as written
    if f == "Binomial":
        return sympy.Mul(sympy.binomial(p["n"], k_), power(p["p"], k_), power(1 - p["p"], p["n"] - k_),
                         evaluate=False)
    if f == "Poisson":
        return sympy.Mul(power(p["lambda"], k_), sympy.exp(-p["lambda"], evaluate=False),
                         power(sympy.factorial(k_), -1), evaluate=False)
    return formula


def param_dict(params: dict) -> sympy.Dict:
    """Parameters as a sympy Dict (symbols as keys), renderable and checkable."""
    return sympy.Dict({sympy.Symbol(k): v for k, v in params.items()})


def _support_text(support) -> str:
    s0, s1 = support
    if s1 == float("inf"):
        return f"{s0}, {s0 + 1}, …"
    if s1 - s0 <= 2:      # Bernoulli: k = 0, 1 (not "0, …, 1")
        return ", ".join(str(v) for v in range(int(s0), int(s1) + 1))
    return f"{s0}, …, {int(s1)}"


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
        notes.append(f"for a continuous variable P({to_text(x)} = a) = 0, so < and ≤ give the same probability")
    if dist.family == "Normal":
        value = _normal(dist, lo, hi, x, steps)
    else:
        upper = dist.cdf(hi) if hi != sympy.oo else sympy.Integer(1)
        lower = dist.cdf(lo) if lo != -sympy.oo else sympy.Integer(0)
        substeps = ()
        if dist.family in ("ChiSquared", "StudentT"):  # no elementary CDF: its value, as tables give it
            value = _high_precision(dist.between(lo, hi))
            shown, cdf = _rounded(value), f"P({to_text(x)} ≤ x), which has no elementary formula (tables or software give it)"
        else:
            value = _exact(upper - lower)
            shown, cdf = value, _PIECEWISE_CDF[dist.family]
            substeps = tuple(_cdf_value(dist, point) for point in (hi, lo) if point not in (sympy.oo, -sympy.oo))
        steps.append(Step(Rule.CDF_DIFFERENCE, P(display_event(lo, hi, lc, hc, False, x)), value,
                          {"difference": _cdf_difference(hi, lo, x), "distribution": dist.display(), "variable": x,
                           "family": dist.family, "parameters": param_dict(dist.params),
                           "interval": sympy.Tuple(lo, hi), "cdf": cdf, "upper": upper, "lower": lower,
                           "shown": shown, "relation": "≈" if shown is not value else "="}, substeps))
    if neg:
        inner = value
        value = _high_precision(1 - inner) if inner.has(sympy.Float) else _exact(1 - inner)
        steps.append(Step(Rule.COMPLEMENT_RULE, P(asked), value,
                          {"complement": display_event(lo, hi, lc, hc, False, x),
                           "difference": Plus(1, Minus(P(display_event(lo, hi, lc, hc, False, x)))),
                           "complement_value": inner}))
    return value, asked


_PIECEWISE_CDF = {
    "Uniform": "0 for x < a, (x − a)/(b − a) for a ≤ x ≤ b, and 1 for x > b",
    "Exponential": "0 for x < 0 and 1 − e^(−λx) for x ≥ 0",
}


def _cdf_value(dist: Dist, point) -> Step:
    """F(point) from the piece of the CDF that holds there, as the sentence names it."""
    F = sympy.Function("F")
    p = dist.params
    parts = {"point": point, "family": dist.family, "parameters": param_dict(dist.params)}
    if dist.family == "Uniform":
        a, b = p["a"], p["b"]
        if point < a:
            where, piece, shown = sympy.Lt(point, a, evaluate=False), "0 (below a)", sympy.Integer(0)
        elif point > b:
            where, piece, shown = sympy.Gt(point, b, evaluate=False), "1 (above b)", sympy.Integer(1)
        else:
            where = sympy.And(sympy.Le(a, point, evaluate=False), sympy.Le(point, b, evaluate=False), evaluate=False)
            piece = "(x − a)/(b − a)"
            shown = Times(Plus(point, Minus(a)) if a >= 0 else Plus(point, -a),
                          sympy.Pow(Plus(b, Minus(a)) if a >= 0 else Plus(b, -a), -1, evaluate=False))
            shown = sympy.Eq(shown, dist.cdf(point), evaluate=False)
    else:
        lam = p["lambda"]
        if point < 0:
            where, piece, shown = sympy.Lt(point, 0, evaluate=False), "0 (below 0)", sympy.Integer(0)
        else:
            where, piece = sympy.Ge(point, 0, evaluate=False), "1 − e^(−λx)"
            shown = sympy.Eq(Plus(1, Minus(sympy.Pow(sympy.E, Times(-lam, point), evaluate=False))), dist.cdf(point),
                             evaluate=False)
    return Step(Rule.CDF_VALUE, F(point), dist.cdf(point), {**parts, "where": where, "piece": piece, "shown": shown})


def _high_precision(expr) -> sympy.Float:
    """A probability to 15 significant digits (sympy's evalf widens its working precision
    when a difference cancels, so the digits are right even far in a tail)."""
    return sympy.Float(sympy.N(expr, 15), 15)


def _rounded(value) -> sympy.Float:
    """Six significant digits, for the sentence only; the step keeps all fifteen."""
    return sympy.Float(value, 6)


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
        centred = Plus(bound, Minus(mu)) if mu >= 0 else Plus(bound, -mu)   # x − (−2) written x + 2
        approx = "" if z.is_Integer or decimal_form(z) != z else f" ≈ {sympy.N(z, 6)}"
        steps.append(Step(Rule.STANDARDIZE, Times(centred, sympy.Pow(sigma, -1, evaluate=False)), z,
                          {"x": bound, "mu": mu, "sigma": sigma, "z": z, "approx": approx,
                           "formula": sympy.Eq(sympy.Symbol("z"), (x - sympy.Symbol("mu")) / sympy.Symbol("sigma"),
                                               evaluate=False)}))
        zs.append(z)
    z_lo, z_hi = zs
    # Above the centre, 1 − Φ(z) = Φ(−z): the Φ values shown then subtract to the result even
    # far in a tail (1 − Φ(8) would need 1 − 0.999999999999999…)
    upper = z_lo != -sympy.oo and (z_hi == sympy.oo or z_lo > 3)
    if upper:
        a, b = (-z_hi, -z_lo)          # P(z_lo ≤ Z ≤ z_hi) = Φ(−z_lo) − Φ(−z_hi)
    else:
        a, b = z_lo, z_hi
    for z in dict.fromkeys((b, a)):
        if z in (-sympy.oo, sympy.oo):
            continue
        exact = (1 + sympy.erf(z / sympy.sqrt(2))) / 2
        value = _high_precision(sympy.erfc(-z / sympy.sqrt(2)) / 2)
        steps.append(Step(Rule.NORMAL_CDF, Phi(z), value, {"z": z, "exact": exact, "shown": _rounded(value)}))
    if a == -sympy.oo:
        shown = Phi(b)
    else:
        shown = Plus(Phi(b), Minus(Phi(a)))
    note = " (by symmetry 1 − Φ(z) = Φ(−z), so the tail above z is the tail below −z)" if upper else ""
    standard = Dist("Normal", {"mu": sympy.Integer(0), "sigma": sympy.Integer(1)})
    value = _high_precision(standard.between(z_lo, z_hi))
    event = display_event(z_lo, z_hi, True, True, False, Z)
    steps.append(Step(Rule.STANDARD_NORMAL_PROBABILITY, P(event), value,
                      {"difference": shown, "exact_value": value, "shown": _rounded(value), "symmetry": note}))
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
                                                          "variable": x,
                                                          "family": dist.family, "distribution": dist.display(),
                                                          "parameters": param_dict(dist.params), "which": "E"}))
        return mean
    steps.append(Step(Rule.MOMENT_FORMULA, Var(x), variance, {"formula": sympy.Eq(Var(x), var_f, evaluate=False),
                                                             "variable": x,
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
    """The answer's decimal, from its exact value, to double precision (2/13 → 0.15384615384615385)."""
    return sympy.N(value, 17) if value.is_number and value.is_finite else value


# ----------------------------------------------------------------------------- decimals stay decimals
_DECIMAL_LITERAL = re.compile(r"(?<![\w.])(\d*\.\d+)")
_EVENT_RULES = (Rule.DISCRETE_EVENT, Rule.IMPOSSIBLE_EVENT, Rule.CERTAIN_EVENT, Rule.PMF_SUM, Rule.DISCRETE_CDF,
                Rule.COMPLEMENT_RULE, Rule.CONTINUOUS_POINT, Rule.CDF_DIFFERENCE, Rule.STANDARD_NORMAL_PROBABILITY,
                Rule.NORMAL_CDF, Rule.TABLE_VALUE, Rule.PMF_TERM, Rule.CDF_VALUE)
_DECIMAL_PARTS = ("x", "z", "complement", "difference", "sum", "values", "value", "point", "where", "shown")


def typed_decimals(text: str) -> set:
    """The numbers the person wrote as decimals (1.96, .5), as exact rationals."""
    return {sympy.Rational(m) for m in _DECIMAL_LITERAL.findall(text)}


def _terminating(value):
    """1.96 for 49/25: a Float that prints exactly the digits of a terminating decimal.  For
    display only (it carries no more precision than it prints); the checks read it back."""
    text = format(Decimal(int(value.p)) / Decimal(int(value.q)), "f").rstrip("0")
    return sympy.Float(text, max(len(text.lstrip("-").replace(".", "").lstrip("0")), 1))


def _decimals(expr, typed: set):
    """``expr`` with the typed decimals shown as decimals (events, z values, bounds)."""
    if not isinstance(expr, sympy.Basic):
        return expr
    found = {r: _terminating(r) for r in expr.atoms(sympy.Rational) if not r.is_Integer and abs(r) in typed}
    return _unevaluated(expr, found) if found else expr


def _unevaluated(expr, found: dict):
    """``expr.xreplace(found)`` that leaves relations and logic unevaluated (0 ≤ 2.5 ≤ 10 stays
    a statement instead of becoming True)."""
    if expr in found:
        return found[expr]
    if not expr.args or (isinstance(expr, sympy.Function) and not isinstance(expr, sympy.core.function.AppliedUndef)):
        return expr     # not inside e^(…): a decimal there would be evaluated to its few digits
    args = [_unevaluated(a, found) for a in expr.args]
    if isinstance(expr, (sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not, sympy.Add, sympy.Mul,
                         sympy.Pow)):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def present(step: Step, typed: set) -> Step:
    """A step as the person who typed decimals reads it: the numbers they typed as decimals
    stay decimals where they appear in events, bounds and z values (a z that merely comes out
    as 1/8 stays a fraction).  The checks read such decimals back exactly."""
    if step.rule == Rule.STANDARDIZE:
        x, z = step.parts["x"], step.parts["z"]
        centred = step.before.args[0]
        before = Times(centred.func(*(_decimals(a, typed) if a == x else a for a in centred.args)),
                       step.before.args[1])
        parts = {**step.parts, "x": _decimals(x, typed), "z": _decimals(z, typed)}
        return replace(step, before=before, after=_decimals(z, typed), parts=parts), typed
    if step.rule not in _EVENT_RULES:
        return step, typed
    subs = []
    for sub in step.substeps:
        sub, typed = present(sub, typed)
        subs.append(sub)
    parts = {k: (_decimals(v, typed) if k in _DECIMAL_PARTS else v) for k, v in step.parts.items()}
    after = _decimals(step.after, typed) if step.rule == Rule.DISCRETE_EVENT else step.after
    return replace(step, before=_decimals(step.before, typed), after=after, parts=parts,
                   substeps=tuple(subs)), typed


def _present_all(steps, typed: set) -> tuple:
    decimals = bool(typed)
    out = []
    for step in steps:
        step, typed = present(step, typed)
        step = _compacted(_short_floats(step))       # exact values behind the decimals first
        out.append(_typed_view(step) if decimals else step)
    return tuple(out)


_NOT_SHOWN = ("parameters", "table", "exact", "exact_value", "table_values", "support_range", "interval")


def _typed_view(step: Step) -> Step:
    """Decimals typed, decimals shown: every fraction that ends as a decimal is written as one
    (p = 0.3, P(X = 0) = 0.0282475249); a z that does not end (26/7) is shown to 6 digits
    where Φ is read, as a table would be, with its exact value kept for the checks."""
    if step.rule in (Rule.NORMAL_CDF, Rule.STANDARD_NORMAL_PROBABILITY):   # z as the standardising gave it
        parts = {k: (_z_rounded(v) if k in ("z", "difference") else v) for k, v in step.parts.items()}
        return replace(step, before=_z_rounded(step.before), parts=parts)
    keep = _NOT_SHOWN + (("z",) if step.rule == Rule.STANDARDIZE else ())
    parts = {k: (v if k in keep else with_decimals(v)) for k, v in step.parts.items()}
    before = with_decimals(step.before)
    after = step.after if step.rule == Rule.STANDARDIZE else with_decimals(step.after)
    return replace(step, before=before, after=after, parts=parts,
                   substeps=tuple(_typed_view(s) for s in step.substeps))


def _z_rounded(expr):
    if not isinstance(expr, sympy.Basic):
        return expr
    found = {r: Shown(r, 6) for r in expr.atoms(sympy.Rational) if decimal_form(r) is r and not r.is_Integer}
    return _unevaluated(expr, found) if found else expr


_LONG_FLOAT = 12


def _short_floats(step: Step) -> Step:
    """A 15-digit probability is shown to 10 significant digits; the checks read the 15."""
    def short(v):
        if isinstance(v, sympy.Float) and not isinstance(v, Shown) and v._prec >= 53:
            return Shown(v, 10)
        return v
    return replace(step, after=short(step.after), substeps=tuple(_short_floats(s) for s in step.substeps))


def _compacted(step: Step) -> Step:
    """Very long fractions in a step shown as 10-digit decimals (the exact values stay with them)."""
    return replace(step, after=compact(step.after), parts={k: compact(v) for k, v in step.parts.items()},
                   substeps=tuple(_compacted(s) for s in step.substeps))


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
        notes.insert(0, f"{to_text(x)} ~ {_describe(dist)}")
    answer = _exact(value) if dist.discrete or value.is_Rational else value
    typed = typed_decimals(problem.text)
    if dist.family != "Table" and typed:
        notes[0] = f"{to_text(x)} ~ {_describe(dist, True)}"
    shown = Shown(answer, 10) if isinstance(answer, sympy.Float) and answer._prec >= 53 else compact(answer)
    return Solution(problem=problem, statement=_decimals(P(asked), typed), answer=shown,
                    steps=_present_all(steps, typed), assumptions=tuple(notes),
                    answer_sympy=sympy.sstr(answer),
                    extra={"decimal": _decimal(answer), "distribution": dist, "event": event, "variable": x,
                           "exact": answer})


def solve_moment(problem, statement) -> Solution:
    data = problem.data
    dist = make(data)
    if dist.family == "Table":
        validate_table(dist.table)
    which, x = data["target"]
    typed = typed_decimals(problem.text)
    steps: list[Step] = []
    value = moment_steps(dist, which, x, steps)
    linear = data.get("linear")
    if linear is not None:
        value = _linear_step(which, value, *linear, steps)
    notes = list(problem.notes)
    if dist.family != "Table":
        notes.insert(0, f"{to_text(x)} ~ {_describe(dist)}")
    target = {"E": E, "Var": Var, "SD": SD}[which](x if linear is None else linear[0] * x + linear[1])
    if dist.family == "Table":   # the table is the problem's data: say it
        rows = ", ".join(f"{to_text(P(sympy.Eq(x, v, evaluate=False)))} = {to_text(with_decimals(p) if typed else p)}"
                         for v, p in dist.table)
        target = f"{to_text(target)} where {rows}"
    if dist.family != "Table" and typed:
        notes[0] = f"{to_text(x)} ~ {_describe(dist, True)}"
    shown_steps = tuple(_typed_view(_compacted(s)) if typed else _compacted(s) for s in steps)
    return Solution(problem=problem, statement=target, answer=compact(value),
                    steps=shown_steps, assumptions=tuple(notes),
                    answer_sympy=sympy.sstr(value),
                    # a·X + b: the density figure (keyed on "distribution") would mark E[aX + b] as E[X]
                    extra={"decimal": _decimal(value), "distribution" if linear is None else "x_distribution": dist,
                           "which": which, "exact": value})


def _linear_step(which: str, value, a, b, steps: list[Step]):
    """E[aX + b] = a·E[X] + b, Var(aX + b) = a²·Var(X), SD(aX + b) = |a|·SD(X), after the moment of X."""
    parts = {"a": a, "b": b, "moment": value}
    if which == "E":
        result = sympy.nsimplify(a * value + b) if value.is_Rational else a * value + b
        scaled = Times(a, value)
        before = scaled if b == 0 else Plus(scaled, Minus(-b)) if b < 0 else Plus(scaled, b)
        steps.append(Step(Rule.LINEAR_EXPECTATION, before, result, parts))
    elif which == "Var":
        result = a**2 * value
        steps.append(Step(Rule.LINEAR_VARIANCE, Times(sympy.Pow(a, 2, evaluate=False), value), result, parts))
    else:
        result = abs(a) * value
        steps.append(Step(Rule.LINEAR_STANDARD_DEVIATION, Times(abs(a), value), result, parts))
    return result


def _describe(dist: Dist, decimals: bool = False) -> str:
    names = {"mu": "μ", "sigma": "σ", "lambda": "λ", "nu": "ν"}
    inside = ", ".join(f"{names.get(k, k)} = {to_text(with_decimals(v) if decimals else v)}"
                       for k, v in dist.params.items())
    return f"{dist.family}({inside})"
