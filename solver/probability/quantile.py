"""Inverse normal: the value x with P(X ≤ x) = p for X ~ Normal(μ, σ).

z = Φ⁻¹(p) = √2·erfinv(2p − 1) is computed with sympy/mpmath, then x = μ + zσ.  The checks
(solver/probability/checks.py) recompute both with scipy.stats.norm.ppf.
"""

from __future__ import annotations

from decimal import Decimal

import sympy

from grammar import InvalidArgument, UnsupportedProblem

from ..render.math import to_text
from ..rules import Rule
from ..steps import Plus, Solution, Step, Times
from .distributions import make
from .shown import Shown

Z_DIGITS = 6
X_DIGITS = 10


def inverse_phi(p) -> sympy.Expr:
    """Φ⁻¹(p) as an exact expression: √2·erfinv(2p − 1)."""
    return sympy.sqrt(2) * sympy.erfinv(2 * p - 1)


def _ordinal(percent) -> str:
    text = to_text(percent)
    if not percent.is_Integer or 10 <= int(percent) % 100 <= 20:
        return f"{text}th"
    return text + {1: "st", 2: "nd", 3: "rd"}.get(int(percent) % 10, "th")


def _p_text(p) -> sympy.Expr:
    """p as the decimal it was typed as (0.95), or the fraction when it does not terminate."""
    shown = Decimal(int(p.p)) / Decimal(int(p.q))
    return sympy.Symbol(format(shown.normalize(), "f")) if len(str(shown)) < 20 else p


def _decimal(value) -> str:
    return str(sympy.N(value, 15))


def solve_quantile(problem, statement) -> Solution:
    data = problem.data
    dist = make(data)
    if dist.family != "Normal":
        raise UnsupportedProblem(f"percentiles are worked for a normal distribution, not {dist.family}",
                                 hint="90th percentile of X where X ~ Normal(100, 15)")
    p = sympy.nsimplify(data["p"])
    if not (p.is_number and 0 < p < 1):
        raise InvalidArgument("the probability of a percentile must be strictly between 0 and 1")
    x = data["variable"]
    mu, sigma = dist.params["mu"], dist.params["sigma"]
    z_exact = inverse_phi(p)
    z = z_exact if z_exact.is_Rational else Shown(z_exact, Z_DIGITS)
    x_exact = mu + z_exact * sigma
    value = x_exact if x_exact.is_Rational else Shown(x_exact, X_DIGITS)
    steps = [
        Step(Rule.INVERSE_NORMAL, Times(sympy.sqrt(2), sympy.erfinv(2 * p - 1)) if z_exact else z_exact, z,
             {"p": _p_text(p), "exact": z_exact, "side": "above" if p > sympy.Rational(1, 2) else "below" if p < sympy.Rational(
                 1, 2) else "at"}),
        Step(Rule.UNSTANDARDIZE, Plus(mu, Times(z, sigma)), value,
             {"mu": mu, "sigma": sigma, "z": z, "p": _p_text(p), "exact": x_exact}),
    ]
    notes = list(problem.notes)
    inside = f"μ = {to_text(mu)}, σ = {to_text(sigma)}"
    notes.insert(0, f"{to_text(x)} ~ Normal({inside})")
    target = f"the value x with P({to_text(x)} ≤ x) = {_p_text(p)}: the {_ordinal(p * 100)} percentile of {to_text(x)}"
    return Solution(problem=problem, statement=target, answer=value, steps=tuple(steps), assumptions=tuple(notes),
                    answer_sympy=_decimal(x_exact),
                    extra={"decimal": _decimal(x_exact), "distribution": dist, "p": p, "exact": x_exact})
