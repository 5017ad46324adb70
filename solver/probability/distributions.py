"""Named distributions: their PMFs, CDFs and moments as exact sympy formulas.

Only what a course writes on the board lives here (the PMF of a binomial, Φ for the
normal); the independent numbers that check them come from scipy, in ``checks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

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
        values = [int(v) for v, _ in self.table if sympy.Integer(v) == v]
        return min(values), max(values)

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

    def cdf(self, value):
        """P(X ≤ value) for continuous families, exact where a closed form exists."""
        f, p = self.family, self.params
        x = value
        if f == "Uniform":
            a, b = p["a"], p["b"]
            return sympy.Piecewise((0, x < a), ((x - a) / (b - a), x <= b), (1, True)).doit() \
                if not x.is_number else (0 if x < a else 1 if x > b else (x - a) / (b - a))
        if f == "Exponential":
            return 0 if x <= 0 else 1 - sympy.exp(-p["lambda"] * x)
        if f == "Normal":
            z = (x - p["mu"]) / p["sigma"]
            return standard_normal_cdf(z)
        if f == "ChiSquared":
            kk = p["k"]
            return 0 if x <= 0 else sympy.lowergamma(kk / 2, x / 2) / sympy.gamma(kk / 2)
        if f == "StudentT":
            nu = p["nu"]
            return sympy.Rational(1, 2) + x * sympy.gamma((nu + 1) / 2) * sympy.hyper(
                [sympy.Rational(1, 2), (nu + 1) / 2], [sympy.Rational(3, 2)], -x**2 / nu) / (
                sympy.sqrt(sympy.pi * nu) * sympy.gamma(nu / 2))
        raise ValueError(f)

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


def standard_normal_cdf(z):
    """Φ(z) exactly, as (1 + erf(z/√2))/2."""
    return (1 + sympy.erf(z / sympy.sqrt(2))) / 2


def make(data) -> Dist:
    if data["family"] == "Table":
        return Dist("Table", {}, tuple(data["table"]))
    return Dist(data["family"], dict(data["parameters"]))
