"""Named distributions: their PMFs, CDFs and moments as exact sympy formulas.

Only what a course writes on the board lives here (the PMF of a binomial, Φ for the
normal); the independent numbers that check them come from scipy, in ``checks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb, factorial

import sympy

from grammar import TooExpensive

k_ = sympy.Symbol("k", integer=True, nonnegative=True)
x_ = sympy.Symbol("x", real=True)

DISCRETE = {"Bernoulli", "Binomial", "Poisson", "Geometric", "Table"}
CONTINUOUS = {"Uniform", "Normal", "Exponential", "ChiSquared", "StudentT"}


@dataclass(frozen=True)
class Dist:
    family: str
    params: dict
    table: tuple = ()

    @property
    def discrete(self) -> bool:
        return self.family in DISCRETE

    def display(self):
        """Binomial(n = 10, p = 1/2) as a sympy function application for the printers."""
        if self.family == "Table":
            return sympy.Symbol("table")
        order = {"Bernoulli": ("p",), "Binomial": ("n", "p"), "Poisson": ("lambda",), "Geometric": ("p",),
                 "Uniform": ("a", "b"), "Normal": ("mu", "sigma"), "Exponential": ("lambda",),
                 "ChiSquared": ("k",), "StudentT": ("nu",)}[self.family]
        args = [sympy.Eq(sympy.Symbol(name), self.params[name], evaluate=False) for name in order]
        return sympy.Function(self.family)(*args)

    # ------------------------------------------------------------------ support
    def support(self) -> tuple[int, float]:
        """Smallest and largest value (discrete families)."""
        f, p = self.family, self.params
        if f == "Bernoulli":
            return 0, 1
        if f == "Binomial":
            return 0, int(p["n"])
        if f == "Poisson":
            return 0, float("inf")
        if f == "Geometric":
            return 1, float("inf")
        values = self.values()
        return values[0], values[-1]

    def values(self) -> tuple:
        """The values a table lists, in increasing order (tables only)."""
        return tuple(sorted((v for v, _ in self.table), key=float))

    def whole_valued(self) -> bool:
        """Does X take only whole-number values?  (Named discrete families always do.)"""
        return self.family != "Table" or all(sympy.Integer(v) == v for v, _ in self.table)

    # ------------------------------------------------------------------ formulas
    def pmf_formula(self):
        """P(X = k) as a formula in k (discrete families, not tables)."""
        f, p = self.family, self.params
        k = k_
        if f == "Bernoulli":
            return p["p"] ** k * (1 - p["p"]) ** (1 - k)
        if f == "Binomial":
            return sympy.binomial(p["n"], k) * p["p"] ** k * (1 - p["p"]) ** (p["n"] - k)
        if f == "Poisson":
            return sympy.exp(-p["lambda"]) * p["lambda"] ** k / sympy.factorial(k)
        if f == "Geometric":
            return (1 - p["p"]) ** (k - 1) * p["p"]
        raise ValueError(f)

    def pmf_symbolic(self):
        """The PMF with letters for the parameters, for the sentence: C(n, k) p^k (1 − p)^(n − k)."""
        from ..steps import Minus, Plus, Times

        k = k_
        n, p, lam = sympy.symbols("n p lambda", positive=True)
        power = lambda b, e: sympy.Pow(b, e, evaluate=False)  # noqa: E731 - as written
        return {
            "Bernoulli": Times(power(p, k), power(Plus(1, Minus(p)), Plus(1, Minus(k)))),
            "Binomial": Times(sympy.binomial(n, k), power(p, k), power(Plus(1, Minus(p)), Plus(n, Minus(k)))),
            "Poisson": Times(power(lam, k), sympy.exp(-lam), power(sympy.factorial(k), -1)),
            "Geometric": Times(power(Plus(1, Minus(p)), Plus(k, Minus(1))), p),
        }[self.family]

    def pmf(self, value):
        """P(X = value), exact."""
        if self.family == "Table":
            return dict(self.table).get(value, sympy.Integer(0))
        lo, hi = self.support()
        if not (sympy.Integer(value) == value and lo <= value <= hi):
            return sympy.Integer(0)
        return self.pmf_formula().subs(k_, value)

    def range_probability(self, first: int, last: int):
        """P(first ≤ X ≤ last) exactly, for a named discrete family and finite whole bounds
        inside the support: the CDF sum done in integer arithmetic (fast for n in the
        thousands), not term by term in sympy."""
        f, p = self.family, self.params
        if last < first:
            return sympy.Integer(0)
        if last - first > _MAX_TERMS:
            raise TooExpensive(f"this probability needs {last - first + 1} terms of the {f} PMF, over the limit "
                               f"of {_MAX_TERMS + 1}", hint="ask about a shorter range of values")
        if f in ("Binomial", "Bernoulli"):
            n = int(p["n"]) if f == "Binomial" else 1
            u, v = int(p["p"].p), int(p["p"].q)
            return sympy.Rational(_binomial_sum(n, u, v - u, first, last), v**n)
        if f == "Geometric":
            q = 1 - p["p"]
            return q ** (first - 1) - q**last
        if f == "Poisson":
            lam = p["lambda"]
            return sympy.Rational(*_poisson_sum(int(lam.p), int(lam.q), first, last)) * sympy.exp(-lam)
        raise ValueError(f)

    def cdf(self, value):
        """P(X ≤ value) for continuous families, exact where a closed form exists."""
        f, p = self.family, self.params
        x = value
        if f == "Uniform":
            a, b = p["a"], p["b"]
            return sympy.Piecewise((0, x < a), ((x - a) / (b - a), x <= b), (1, True)).doit() \
                if not x.is_number else (sympy.Integer(0) if x < a else sympy.Integer(1) if x > b else (x - a) / (b - a))
        if f == "Exponential":
            return sympy.Integer(0) if x <= 0 else 1 - sympy.exp(-p["lambda"] * x)
        if f == "Normal":
            return sympy.erfc(-(x - p["mu"]) / (p["sigma"] * sympy.sqrt(2))) / 2
        if f == "ChiSquared":
            kk = p["k"]
            return sympy.Integer(0) if x <= 0 else sympy.lowergamma(kk / 2, x / 2) / sympy.gamma(kk / 2)
        if f == "StudentT":
            return _t_tail(-x, p["nu"]) if x < 0 else 1 - _t_tail(x, p["nu"])
        raise ValueError(f)

    def sf(self, value):
        """P(X > value), written so that a far upper tail keeps its digits (erfc, the upper
        incomplete gamma) instead of being 1 minus a number close to 1."""
        f, p = self.family, self.params
        x = value
        if f == "Normal":
            return sympy.erfc((x - p["mu"]) / (p["sigma"] * sympy.sqrt(2))) / 2
        if f == "ChiSquared":
            kk = p["k"]
            return sympy.Integer(1) if x <= 0 else sympy.uppergamma(kk / 2, x / 2) / sympy.gamma(kk / 2)
        if f == "StudentT":
            return _t_tail(x, p["nu"]) if x > 0 else 1 - _t_tail(-x, p["nu"])
        return 1 - self.cdf(value)

    def between(self, lo, hi):
        """P(lo < X ≤ hi) for a continuous family (lo may be −∞, hi may be ∞), exactly, as the
        difference that keeps its digits: of survival functions above the centre, else of CDFs."""
        if lo == -sympy.oo:
            return sympy.Integer(1) if hi == sympy.oo else self.cdf(hi)
        if hi == sympy.oo:
            return self.sf(lo)
        centre = {"Normal": self.params.get("mu"), "StudentT": 0, "ChiSquared": self.params.get("k")}.get(self.family)
        if centre is not None and lo > centre:
            return self.sf(lo) - self.sf(hi)
        return self.cdf(hi) - self.cdf(lo)

    def cdf_formula(self):
        f = self.family
        x = x_
        a, b, lam, mu, sigma = sympy.symbols("a b lambda mu sigma", positive=True)
        return {
            "Uniform": (x - a) / (b - a),
            "Exponential": 1 - sympy.exp(-lam * x),
            "Normal": sympy.Function("Phi")((x - mu) / sigma),
        }.get(f)

    # ------------------------------------------------------------------ moments
    def moment_formulas(self):
        """(E[X], Var(X)) as formulas in the parameter letters, and with the numbers."""
        f, p = self.family, self.params
        n, pp, lam, a, b, mu, sigma, kk, nu = sympy.symbols("n p lambda a b mu sigma k nu", positive=True)
        table = {
            "Bernoulli": ((pp, pp * (1 - pp)), {pp: p.get("p")}),
            "Binomial": ((n * pp, n * pp * (1 - pp)), {n: p.get("n"), pp: p.get("p")}),
            "Poisson": ((lam, lam), {lam: p.get("lambda")}),
            "Geometric": ((1 / pp, (1 - pp) / pp**2), {pp: p.get("p")}),
            "Uniform": (((a + b) / 2, (b - a) ** 2 / 12), {a: p.get("a"), b: p.get("b")}),
            "Normal": ((mu, sigma**2), {mu: p.get("mu"), sigma: p.get("sigma")}),
            "Exponential": ((1 / lam, 1 / lam**2), {lam: p.get("lambda")}),
            "ChiSquared": ((kk, 2 * kk), {kk: p.get("k")}),
            "StudentT": ((sympy.Integer(0), nu / (nu - 2)), {nu: p.get("nu")}),
        }
        (mean, var), values = table[f]
        return mean, var, values


_MAX_TERMS = 20_000


def _binomial_sum(n: int, u: int, w: int, a: int, b: int) -> int:
    """Σ_{k=a}^{b} C(n, k)·u^k·w^(n−k), by Horner's rule from the top so every step multiplies a
    big number by a small one: T_k = G_k + (n − k)·u·T_(k+1) with G_k = Π_{i=k}^{b−1} (i + 1)·w."""
    total, g, ratio = 1, 1, 1          # T_b, G_b, b!/k!
    for k in range(b - 1, a - 1, -1):
        g *= (k + 1) * w
        ratio *= k + 1
        total = g + (n - k) * u * total
    # Σ = C(n, a)·u^a·w^(n−b)·T_a / (b!/a!)
    return comb(n, a) * u**a * w ** (n - b) * total // ratio


def _poisson_sum(u: int, v: int, a: int, b: int) -> tuple[int, int]:
    """Σ_{k=a}^{b} λ^k/k! for λ = u/v as (numerator, denominator): u^a·Σ u^(k−a)·c_k over v^b·b!,
    with c_k = v^(b−k)·b!/k!, by Horner's rule from the top."""
    total, c = 1, 1                      # c_b = 1
    for k in range(b - 1, a - 1, -1):
        c *= v * (k + 1)
        total = total * u + c
    return u**a * total, v**b * factorial(b)


def _t_tail(x, nu):
    """P(T > x) for x ≥ 0: the regularized incomplete beta I_(ν/(ν + x²))(ν/2, 1/2)/2."""
    return sympy.betainc_regularized(nu / 2, sympy.Rational(1, 2), 0, nu / (nu + x**2)) / 2


def standard_normal_cdf(z):
    """Φ(z) exactly, as (1 + erf(z/√2))/2."""
    return (1 + sympy.erf(z / sympy.sqrt(2))) / 2


def make(data) -> Dist:
    if data["family"] == "Table":
        return Dist("Table", {}, tuple(data["table"]))
    return Dist(data["family"], dict(data["parameters"]))
