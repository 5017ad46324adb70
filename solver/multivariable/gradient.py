"""Partial derivatives, gradients and Hessians, each component worked by the derivative engine.

A partial derivative is the one-variable derivative with the other letters held constant,
so every component is ``differentiate(f, x, names)`` (the derivative engine's own step
tree) wrapped in a step that says which letters are constants.  The gradient collects the
first partials, the Hessian differentiates each of them again; mixed partials below the
diagonal are taken from above it (Schwarz) and confirmed by the verifier.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Derivative

from grammar import InvalidArgument

from ..algebra import tidy
from ..calculus.derivative import Names, differentiate
from ..render.math import to_text
from ..rules import Rule
from ..steps import Step

Matrix = sympy.ImmutableMatrix


def names_for(*exprs) -> Names:
    """Fresh letters for inner functions, avoiding every letter of the problem."""
    taken: set = set()
    for e in exprs:
        taken |= getattr(e, "free_symbols", set())
    return Names(taken)


def _label(variables: Sequence[sympy.Symbol], wrt: Sequence[sympy.Symbol], function: str = "f") -> str:
    """``∂f/∂x``, ``∂²f/∂y∂x`` (or ``f'``, ``f''`` for one variable), for titles."""
    if len(variables) == 1:
        return function + "'" * len(wrt)
    if len(wrt) == 1:
        return f"∂{function}/∂{wrt[0]}"
    a, b = wrt
    return f"∂²{function}/∂{a}²" if a == b else f"∂²{function}/∂{b}∂{a}"


def derivative_step(f, x, variables: Sequence[sympy.Symbol], names: Names | None = None,
                    label: str | None = None) -> Step:
    """d f/dx worked with the one-variable rules; the other letters held constant (and said so)."""
    names = names or names_for(f, *variables)
    tree = differentiate(f, x, names)
    nice = tidy(tree.after)
    worked = (tree,) if nice == tree.after else (tree, Step(Rule.SIMPLIFY, tree.after, nice))
    held = sorted((f.free_symbols | set(variables)) - {x}, key=lambda s: s.name)
    parts = {"function": f, "var": x, "name": label or _label(variables, (x,))}
    if held:
        parts["held"] = sympy.Tuple(*held)
        return Step(Rule.PARTIAL_DERIVATIVE, Derivative(f, x), nice, parts, worked)
    return Step(Rule.DIFFERENTIATE_FUNCTION, Derivative(f, x), nice, parts, worked)


def gradient_step(f, variables: Sequence[sympy.Symbol], names: Names | None = None) -> Step:
    """∇f: one worked partial derivative per variable, assembled as a column."""
    names = names or names_for(f, *variables)
    partials = tuple(derivative_step(f, v, variables, names) for v in variables)
    before = Matrix([Derivative(f, v) for v in variables])
    after = Matrix([p.after for p in partials])
    return Step(Rule.GRADIENT, before, after, {"function": f, "variables": sympy.Tuple(*variables)}, partials)


def hessian_step(f, variables: Sequence[sympy.Symbol], gradient: Matrix, names: Names | None = None) -> Step:
    """H: each first partial differentiated by each variable; below the diagonal by symmetry."""
    names = names or names_for(f, *variables)
    n = len(variables)
    entries: dict[tuple[int, int], sympy.Expr] = {}
    substeps = []
    for i in range(n):
        for j in range(n):
            component, var = gradient[i], variables[j]
            label = _label(variables, (variables[i], var))
            if j < i:
                value = entries[(j, i)]
                substeps.append(Step(Rule.MIXED_PARTIALS, Derivative(component, var), value,
                                     {"name": label, "other": _label(variables, (var, variables[i])),
                                      "function": component, "var": var}))
            else:
                step = derivative_step(component, var, variables, names, label=label)
                value = step.after
                substeps.append(step)
            entries[(i, j)] = value
    before = Matrix(n, n, [Derivative(gradient[i], variables[j]) for i in range(n) for j in range(n)])
    after = Matrix(n, n, [entries[(i, j)] for i in range(n) for j in range(n)])
    return Step(Rule.HESSIAN, before, after, {"function": f, "variables": sympy.Tuple(*variables)}, tuple(substeps))


def at_point(variables: Sequence[sympy.Symbol], point: Sequence) -> sympy.Tuple:
    """``x = 1, y = 2`` as a part."""
    return sympy.Tuple(*(sympy.Eq(v, p, evaluate=False) for v, p in zip(variables, point, strict=True)))


def substitute(value, variables: Sequence[sympy.Symbol], point: Sequence):
    """``value`` at the point, tidied; an undefined entry is the input's fault, said plainly."""
    mapping = dict(zip(variables, point, strict=True))

    def one(e):
        v = e.xreplace(mapping)
        if isinstance(v, sympy.Expr):  # algebraic numbers (CRootOf) only expand: tidy is slow on them
            v = sympy.expand(v) if v.has(sympy.CRootOf) else tidy(v)
        if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or v.is_real is False:
            shown = ", ".join(f"{to_text(a)} = {to_text(b)}" for a, b in mapping.items())
            raise InvalidArgument(f"{to_text(e)} is not defined at {shown}",
                                  hint="choose a point where the function and its derivatives are defined")
        return v

    if isinstance(value, sympy.MatrixBase):
        return Matrix(value.rows, value.cols, [one(e) for e in value])
    return one(value)


def evaluate_step(value, variables: Sequence[sympy.Symbol], point: Sequence, name: str) -> Step:
    """Substitute the point into an expression or a matrix."""
    after = substitute(value, variables, point)
    return Step(Rule.EVALUATE_AT_POINT, value, after,
                {"at": at_point(variables, point), "name": name,
                 "mapping": sympy.Dict(dict(zip(variables, point, strict=True)))})
