"""The names the language knows: functions, constants, Greek letters.

A run of letters that is one of these names is that name; a short run (one or two
letters) that is not is a product of single-letter variables; a longer unknown run is an
error that suggests the closest name (see ``grammar.postlex``).
"""

from __future__ import annotations

import difflib

import sympy

# name -> canonical function name (the transformer maps canonical names to sympy).
FUNCTION_ALIASES: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "cosec": "csc",
    "asin": "asin", "acos": "acos", "atan": "atan", "asec": "asec", "acsc": "acsc",
    "acot": "acot",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsec": "asec", "arccsc": "acsc",
    "arccot": "acot",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sech": "sech", "csch": "csch",
    "coth": "coth",
    "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "acoth": "acoth", "asech": "asech",
    "acsch": "acsch",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arccoth": "acoth", "arcsech": "asech",
    "arccsch": "acsch",
    "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh", "arcoth": "acoth", "arsech": "asech",
    "arcsch": "acsch",
    "exp": "exp", "ln": "ln", "log": "log",
    "sqrt": "sqrt", "cbrt": "cbrt", "root": "root",
    "abs": "abs",
    "sigmoid": "sigmoid", "relu": "relu", "softplus": "softplus",
}

# Inverse of each function, for ``f^-1``.
INVERSES: dict[str, str] = {
    "sin": "asin", "cos": "acos", "tan": "atan", "sec": "asec", "csc": "acsc", "cot": "acot",
    "sinh": "asinh", "cosh": "acosh", "tanh": "atanh", "coth": "acoth", "sech": "asech", "csch": "acsch",
}

CONSTANTS: dict[str, sympy.Basic] = {
    "pi": sympy.pi,
    "π": sympy.pi,
    "e": sympy.E,
    "i": sympy.I,
    "oo": sympy.oo,
    "∞": sympy.oo,
    "infinity": sympy.oo,
}
# Constants whose spelling is case-sensitive (``E`` and ``I`` stay variables).
CASE_SENSITIVE_CONSTANTS = {"e", "i"}

GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
    "rho sigma tau upsilon phi chi psi omega"
).split()
GREEK_LETTERS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Σ": "Sigma",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}

KNOWN_WORDS = sorted(set(FUNCTION_ALIASES) | set(CONSTANTS) | set(GREEK_NAMES))


def closest_name(word: str, extra: tuple[str, ...] = ()) -> str | None:
    """The known name nearest to an unknown word, for a 'did you mean' hint."""
    matches = difflib.get_close_matches(word.lower(), KNOWN_WORDS + list(extra), n=1, cutoff=0.6)
    return matches[0] if matches else None


def function_prefix(word: str) -> str | None:
    """The longest function name that starts ``word`` (``sinx`` -> ``sin``)."""
    low = word.lower()
    best = None
    for name in FUNCTION_ALIASES:
        if low.startswith(name) and len(name) < len(low) and (best is None or len(name) > len(best)):
            best = name
    return best
