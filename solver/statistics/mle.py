"""Maximum likelihood, derived in general and then evaluated on the data.

The derivation is symbolic (in n, k = Σxᵢ, x̄, S_xx = Σ(xᵢ − x̄)²): likelihood,
log-likelihood, the derivative worked by the derivative engine, the score equation, the
second-derivative check; then the estimator is evaluated on the data.
"""

from __future__ import annotations

import sympy

from grammar import InvalidArgument, UnsupportedProblem

from ..calculus.derivative import Names, differentiate
from ..rules import Rule
from ..steps import Solution, Step
from .common import (
    TABLE_ROWS,
    check_values,
    data_text,
    decimal,
    decimal_step,
    deviation_table,
    div,
    mean_step,
    needs_decimal,
    power_sum_step,
    present,
    root,
    solution,
    sum_step,
    typed_decimals,
)

# The letters of the derivation (not of the answer, whose keys are plain p, mu, sigma).
p = sympy.Symbol("p", positive=True)
k = sympy.Symbol("k", nonnegative=True)
n = sympy.Symbol("n", positive=True)
mu = sympy.Symbol("mu", real=True)
sigma = sympy.Symbol("sigma", positive=True)
lam = sympy.Symbol("lamda", positive=True)  # sympy's spelling: "lambda" is a Python keyword; it prints as λ
xbar = sympy.Symbol("x̄", real=True)
s_xx = sympy.Symbol("S_xx", positive=True)
i = sympy.Symbol("i", integer=True, positive=True)
x = sympy.IndexedBase("x")

_PARAMETER_NAMES = {"p": "p", "mu": "mu", "μ": "mu", "sigma": "sigma", "σ": "sigma", "lambda": "lamda",
                    "lamda": "lamda", "λ": "lamda"}
_FAMILY_PARAMETERS = {"Bernoulli": ("p",), "Normal": ("mu", "sigma"), "Poisson": ("lamda",),
                      "Exponential": ("lamda",)}
_HINT = ("mle of p for bernoulli data 1, 0, 1, 1, mle of mu and sigma for normal data 2.1, 3.4, 1.9, "
         "mle of lambda for poisson data 2, 0, 3 or mle of lambda for exponential data 1.2, 0.4, 2.5")


_LETTERS = {"p": "p", "mu": "μ", "sigma": "σ", "lamda": "λ"}


def statement(problem) -> str:
    """The problem in words: "maximum likelihood estimate of p for Bernoulli data 1, 1, 1"."""
    data = problem.data
    names = [_LETTERS.get(_PARAMETER_NAMES.get(name, name), name) for name in data["parameters"]]
    what = " and ".join(names) if names else "the parameters"
    plural = "s" if len(names) > 1 else ""
    return f"maximum likelihood estimate{plural} of {what} for {data['family']} data {data_text(data['values'])}"


def _parameters(data) -> tuple[str, ...]:
    family = data["family"]
    if family not in _FAMILY_PARAMETERS:
        raise UnsupportedProblem(f"maximum likelihood for {family} data is not worked yet", hint=_HINT)
    names = []
    for name in data["parameters"]:
        canonical = _PARAMETER_NAMES.get(name)
        allowed = _FAMILY_PARAMETERS[family]
        if canonical not in allowed:
            shown = " and ".join("lambda" if a == "lamda" else a for a in allowed)
            raise InvalidArgument(f"the {family} distribution has no parameter '{name}'",
                                  hint=f"its parameters are {shown}")
        if canonical not in names:
            names.append(canonical)
    return tuple(names)


def _score(loglik, var) -> tuple[Step, sympy.Expr]:
    tree = differentiate(loglik, var, Names(loglik.free_symbols | {var}))
    return Step(Rule.SCORE_FUNCTION, sympy.Derivative(loglik, var), tree.after, {"var": var}, (tree,)), tree.after


def _second_derivative(loglik, score, var, estimate, condition: str) -> Step:
    """ℓ'' at the estimate, worked by differentiating the score once more."""
    tree = differentiate(score, var, Names(score.free_symbols | {var}))
    value = sympy.factor(sympy.cancel(sympy.together(tree.after.xreplace({var: estimate}))))
    loglik_second = sympy.Subs(sympy.Derivative(loglik, (var, 2)), var, estimate)
    return Step(Rule.LIKELIHOOD_SECOND_DERIVATIVE, loglik_second, value,
                {"var": var, "estimate": estimate, "condition": condition}, (tree,))


def _likelihood_steps(product, likelihood, loglik, parameters, family, density, summary, model) -> list[Step]:
    """L as the product of the densities (written in closed form), then ℓ = ln L."""
    return [Step(Rule.LIKELIHOOD, product, likelihood,
                 {"parameters": parameters, "family": family, "density": density, "summary": summary,
                  "model": model}),
            Step(Rule.LOG_LIKELIHOOD, sympy.log(likelihood, evaluate=False), loglik, {"model": model})]


def _maximise(loglik, var, estimator, condition: str) -> list[Step]:
    """Differentiate ℓ, set the derivative to 0 (the root is ``estimator``), and check the
    second derivative is negative there ``condition``."""
    score_step, score = _score(loglik, var)
    return [score_step,
            Step(Rule.SCORE_EQUATION, sympy.Eq(score, 0), sympy.Eq(var, estimator), {"var": var}),
            _second_derivative(loglik, score, var, estimator, condition)]


def _bernoulli(values):
    for position, v in enumerate(values, start=1):
        if v not in (0, 1):
            raise InvalidArgument(f"Bernoulli data are 0s and 1s, but value {position} is {sympy.sstr(v)}",
                                  hint="write successes as 1 and failures as 0")
    product = sympy.Product(p ** x[i] * (1 - p) ** (1 - x[i]), (i, 1, n))
    likelihood = p**k * (1 - p) ** (n - k)
    loglik = k * sympy.log(p) + (n - k) * sympy.log(1 - p)
    steps = _likelihood_steps(product, likelihood, loglik, "p", "Bernoulli", "probability",
                              ", where k = Σxᵢ counts the ones", "Bernoulli")
    count, size = sum(values), len(values)
    estimate = sympy.Rational(count, size)
    if count in (0, size):   # k = 0 or k = n: L is monotone, the maximum is at an end of [0, 1]
        steps = steps[:1]
        if count == size:
            steps.append(_monotone(p**n, n * p ** (n - 1), p, 1, "1", "increasing", "positive", "0 < p < 1"))
        else:
            steps.append(_monotone((1 - p) ** n, -n * (1 - p) ** (n - 1), p, 0, "0", "decreasing", "negative",
                                   "0 < p < 1"))
    else:
        steps += _maximise(loglik, p, k / n, " for 0 < k < n")
    steps.append(Step(Rule.ESTIMATE_ON_DATA, div(count, size), estimate,
                      {"estimator": sympy.Eq(sympy.Symbol("p̂"), sympy.Symbol("k") / sympy.Symbol("n"))},
                      (sum_step(values, "x"),)))
    notes = []
    if count in (0, size):
        notes.append(f"every observation is {count // size}: the likelihood is monotone in p and "
                     "largest at the boundary, p̂ = k/n; the derivative is never 0 inside (0, 1)")
    return {"p": estimate}, steps, notes


def _monotone(likelihood, derivative, var, end, value: str, direction: str, sign: str, domain: str) -> Step:
    """Boundary data: L is monotone in the parameter, so the maximum is at an end of its range."""
    return Step(Rule.MONOTONE_LIKELIHOOD, likelihood, sympy.Eq(var, end, evaluate=False),
                {"var": var, "value": value, "derivative": derivative, "sign": sign, "direction": direction,
                 "domain": domain})


def _poisson(values):
    for position, v in enumerate(values, start=1):
        if not (v.is_Integer and v >= 0):
            raise InvalidArgument(f"Poisson data are counts 0, 1, 2, …, but value {position} is {sympy.sstr(v)}",
                                  hint="every observation must be a whole number of events")
    product = sympy.Product(sympy.exp(-lam) * lam ** x[i] / sympy.factorial(x[i]), (i, 1, n))
    constant = sympy.Product(sympy.factorial(x[i]), (i, 1, n))
    likelihood = sympy.exp(-n * lam) * lam**k / constant
    loglik = -n * lam + k * sympy.log(lam) - sympy.Sum(sympy.log(sympy.factorial(x[i])), (i, 1, n))
    steps = _likelihood_steps(product, likelihood, loglik, "λ", "Poisson", "probability",
                              ", where k = Σxᵢ is the total count", "Poisson")
    total, size = sum(values), len(values)
    if total == 0:   # every count 0: L(λ) = e^(−nλ) is decreasing, the maximum is at λ = 0
        steps = steps[:1] + [_monotone(sympy.exp(-n * lam), -n * sympy.exp(-n * lam), lam, 0, "0", "decreasing", "negative", "λ > 0")]
    else:
        steps += _maximise(loglik, lam, k / n, " for k > 0")
    estimate = sympy.Rational(total, size)
    steps.append(Step(Rule.ESTIMATE_ON_DATA, div(total, size), estimate,
                      {"estimator": sympy.Eq(sympy.Symbol("λ̂"), sympy.Symbol("k") / sympy.Symbol("n"))},
                      (sum_step(values, "x"),)))
    notes = ["λ̂ = k/n is the sample mean x̄"]
    if total == 0:
        notes.append("every count is 0: the likelihood e^(−nλ) is decreasing in λ and largest at the boundary, "
                     "λ̂ = 0; the derivative is never 0 for λ > 0")
    return {"lamda": estimate}, steps, notes


def _exponential(values):
    for position, v in enumerate(values, start=1):
        if not v.is_nonnegative:
            raise InvalidArgument(f"exponential data are waiting times, never negative, but value {position} is "
                                  f"{sympy.sstr(v)}", hint="every observation must be 0 or more")
    if sum(values) == 0:
        raise InvalidArgument("every observation is 0, so x̄ = 0 and the likelihood λⁿ grows without bound: there "
                              "is no maximum", hint="estimating λ needs some positive waiting times")
    density = sympy.Mul(lam, sympy.exp(-lam * x[i]), evaluate=False)
    product = sympy.Product(density, (i, 1, n))
    likelihood = lam**n * sympy.exp(-lam * n * xbar)
    loglik = n * sympy.log(lam) - lam * n * xbar
    steps = _likelihood_steps(product, likelihood, loglik, "λ", "exponential", "density",
                              ", where Σxᵢ = n·x̄", "Exponential")
    steps += _maximise(loglik, lam, 1 / xbar, "")
    mean = mean_step(values, "x̄", "x")
    estimate = 1 / mean.after
    steps += [mean, Step(Rule.ESTIMATE_ON_DATA, div(1, mean.after), estimate,
                         {"estimator": sympy.Eq(sympy.Symbol("λ̂"), 1 / sympy.Symbol("x̄"))})]
    if needs_decimal(estimate):
        steps.append(decimal_step(estimate))
    return {"lamda": estimate}, steps, ["λ̂ = 1/x̄: the rate is one over the mean waiting time"]


def _normal(values, wanted):
    size = len(values)
    root_two_pi = sympy.Pow(2 * sympy.pi, sympy.S.Half, evaluate=False)
    density = sympy.Mul(sympy.Pow(sympy.Mul(sigma, root_two_pi, evaluate=False), -1, evaluate=False),
                        sympy.exp(-((x[i] - mu) ** 2) / (2 * sigma**2)), evaluate=False)
    product = sympy.Product(density, (i, 1, n))
    squares = sympy.Sum((x[i] - mu) ** 2, (i, 1, n))
    likelihood = (2 * sympy.pi * sigma**2) ** (-n / 2) * sympy.exp(-squares / (2 * sigma**2))
    log_sum = -n / 2 * sympy.log(2 * sympy.pi) - n * sympy.log(sigma) - squares / (2 * sigma**2)
    loglik = -n / 2 * sympy.log(2 * sympy.pi) - n * sympy.log(sigma) - (s_xx + n * (xbar - mu) ** 2) / (2 * sigma**2)
    steps = [
        Step(Rule.LIKELIHOOD, product, likelihood,
             {"parameters": "μ, σ", "family": "normal", "density": "density", "summary": "", "model": "Normal"}),
        Step(Rule.LOG_LIKELIHOOD, sympy.log(likelihood, evaluate=False), log_sum, {"model": "Normal"}),
        Step(Rule.SUM_OF_SQUARES_DECOMPOSITION, log_sum, loglik, {"model": "Normal"}),
    ]
    score_mu_step, score_mu = _score(loglik, mu)
    steps += [score_mu_step,
              Step(Rule.SCORE_EQUATION, sympy.Eq(score_mu, 0), sympy.Eq(mu, xbar), {"var": mu}),
              _second_derivative(loglik, score_mu, mu, xbar, "")]
    mean = mean_step(values, "x̄", "x", Rule.ESTIMATE_ON_DATA)
    mean = Step(mean.rule, mean.before, mean.after,
                {**mean.parts, "estimator": sympy.Eq(sympy.Symbol("μ̂"), sympy.Symbol("x̄"))}, mean.substeps)
    estimates = {"mu": mean.after}
    notes = []
    if "sigma" in wanted:
        profile = loglik.xreplace({mu: xbar})
        score_sigma_step, score_sigma = _score(profile, sigma)
        sigma_hat = sympy.sqrt(s_xx / n)
        steps += [Step(Rule.PROFILE_LIKELIHOOD, loglik, profile, {"parameter": mu, "estimate": xbar}),
                  score_sigma_step,
                  Step(Rule.SCORE_EQUATION, sympy.Eq(score_sigma, 0), sympy.Eq(sigma, sigma_hat), {"var": sigma}),
                  _second_derivative(profile, score_sigma, sigma, sigma_hat, "")]
    steps.append(mean)
    if "sigma" in wanted:
        ss_steps = []
        if size <= TABLE_ROWS:
            ss_steps.append(deviation_table(values, mean.after, (1, 2)))
        ss = power_sum_step(values, mean.after, 2)
        ss_steps.append(ss)
        if ss.after == 0:
            raise InvalidArgument("all the values are equal, so S_xx = 0 and σ̂ = 0: the normal likelihood grows "
                                  "without bound as σ → 0 and has no maximum with σ > 0",
                                  hint="estimating σ needs data that vary")
        value = sympy.sqrt(ss.after / size)
        steps.append(Step(Rule.ESTIMATE_ON_DATA, root(ss.after / size), value,
                          {"estimator": sympy.Eq(sympy.Symbol("σ̂"), sympy.sqrt(sympy.Symbol("S_xx") / sympy.Symbol("n"))),
                           "n": sympy.Integer(size)},
                          tuple(ss_steps)))
        if needs_decimal(value):
            steps.append(decimal_step(value))
        estimates["sigma"] = value
        notes.append("σ̂ divides by n, not n − 1: the maximum likelihood estimate is the population-style "
                     "standard deviation, slightly biased low")
    return {name: estimates[name] for name in wanted}, steps, notes


def solve_mle(problem, statement) -> Solution:
    data = problem.data
    wanted = _parameters(data)
    values = check_values(data["values"])
    if data["family"] == "Bernoulli":
        estimates, steps, notes = _bernoulli(values)
    elif data["family"] == "Poisson":
        estimates, steps, notes = _poisson(values)
    elif data["family"] == "Exponential":
        estimates, steps, notes = _exponential(values)
    else:
        estimates, steps, notes = _normal(values, wanted)
    decimals = typed_decimals(values)
    steps = [present([s], decimals)[0] if s.rule in (Rule.ESTIMATE_ON_DATA, Rule.DECIMAL_VALUE, Rule.MEAN_OF_VALUES)
             else s for s in steps]
    answer = sympy.Dict({sympy.Symbol(name): value for name, value in estimates.items()})
    answer_sympy = "{" + ", ".join(f"{name}: {sympy.sstr(value)}" for name, value in estimates.items()) + "}"
    assumptions = ["the observations are independent and identically distributed", *notes]
    return solution(problem, statement, answer, steps, answer_sympy, assumptions, decimal=decimal(estimates))
