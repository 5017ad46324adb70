"""Backpropagation: a derivative through a model, presented as its computation graph.

``(σ(w·x + b) − y)²`` differentiated with respect to ``w`` is split into named
intermediate quantities, z = w·x + b, a = σ(z), L = (a − y)²; each gets its local
derivative (worked by the derivative engine), and the chain rule multiplies them along the
path, ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w, with σ'(z) = σ(z)(1 − σ(z)) named.  The derivative
engine calls ``computation_graph`` at the end of its ``solve`` and uses the steps it
returns instead of its own when a model is recognised.
"""

from __future__ import annotations

import sympy
from sympy import Derivative, Eq

from grammar import make_symbol
from grammar.functions import relu, sigmoid, softplus

from ..rules import Rule
from ..steps import Step, Times

ACTIVATIONS = (sigmoid, relu, softplus, sympy.tanh)
_NAMES = {"input": ("z", "s", "u", "t"), "activation": ("a", "h", "p", "q"), "loss": ("L", "J", "E", "C")}


def _fresh(kind: str, taken: set[str]) -> sympy.Symbol:
    for name in _NAMES[kind]:
        if name not in taken:
            taken.add(name)
            return make_symbol(name)
    raise LookupError(kind)  # pragma: no cover - four letters each, a model has far fewer


def find_model(f, w):
    """The activation node ``act(z)`` through which all of ``f``'s dependence on ``w`` flows,
    with ``z`` affine in ``w`` and holding other letters (inputs, a bias), or None."""
    for node in sympy.preorder_traversal(f):
        if not isinstance(node, ACTIVATIONS):
            continue
        z = node.args[0]
        if not z.has(w) or not z.is_polynomial(w) or sympy.degree(z, w) != 1 or not (z.free_symbols - {w}):
            continue
        probe = sympy.Dummy("a")
        if f.xreplace({node: probe}).has(w):
            continue
        return node
    return None


def computation_graph(f, w, answer) -> tuple[Step, ...] | None:
    """The backpropagation presentation of d f/d w (ending at the engine's ``answer``), or None."""
    from ..calculus.derivative import Names, differentiate  # the derivative engine imports this module

    node = find_model(f, w)
    if node is None:
        return None
    taken = {s.name for s in f.free_symbols | {w}}
    z, a = _fresh("input", taken), _fresh("activation", taken)
    z_expr = node.args[0]
    activation = node.func(z)
    has_loss = f != node
    loss = _fresh("loss", taken) if has_loss else None
    loss_expr = f.xreplace({node: a})
    names = Names({make_symbol(n) for n in taken})

    def local(expr, var, node_name, input_name):
        from ..algebra import tidy

        tree = differentiate(expr, var, names)
        nice = tidy(tree.after)
        if var == z and isinstance(activation, sympy.tanh):
            nice = 1 - sympy.tanh(z) ** 2  # the form a course uses: tanh' = 1 − tanh²
        worked = (tree,) if nice == tree.after else (tree, Step(Rule.SIMPLIFY, tree.after, nice))
        if var == z and isinstance(activation, sigmoid):
            nice = Times(activation, 1 - activation)  # σ(z)·(1 − σ(z)), in the order it is taught
        return Step(Rule.LOCAL_DERIVATIVE, Derivative(expr, var), nice,
                    {"node": node_name, "input": input_name, "var": var}, worked)

    graph = [Eq(z, z_expr, evaluate=False), Eq(a, activation, evaluate=False)]
    if has_loss:
        graph.append(Eq(loss, loss_expr, evaluate=False))
    forward = Step(Rule.FORWARD_PASS, f, sympy.Tuple(*graph),
                   {"function": f, "graph": sympy.Tuple(*graph), "output": loss if has_loss else a})
    locals_ = []
    if has_loss:
        locals_.append(local(loss_expr, a, loss, a))
    locals_.append(local(activation, z, a, z))
    locals_.append(local(z_expr, w, z, w))
    path = ([Derivative(loss, a)] if has_loss else []) + [Derivative(a, z), Derivative(z, w)]
    output = loss if has_loss else a
    factors = [f for s in locals_ for f in (s.after.args if isinstance(s.after, (Times, sympy.Mul)) else (s.after,))]
    product = Times(*factors)
    chain = Step(Rule.CHAIN_PRODUCT, Times(*path), product,
                 {"chain": Eq(Derivative(output, w), Times(*path), evaluate=False), "output": output, "var": w,
                  "graph": sympy.Tuple(*graph), "local": sympy.Tuple(*(s.after for s in locals_))})
    back = Times(*(f.xreplace({a: activation}).xreplace({z: z_expr}) for f in factors))
    substitute = Step(Rule.SUBSTITUTE_INTERMEDIATES, product, back,
                      {"graph": sympy.Tuple(*graph[:2]), "var": w,
                       "mapping": sympy.Dict({a: activation, z: z_expr})})
    top = Step(Rule.COMPUTATION_GRAPH, Derivative(f, w), back,
               {"function": f, "var": w, "graph": sympy.Tuple(*graph), "output": output,
                "chain": Eq(Derivative(output, w), Times(*path), evaluate=False)},
               (forward, *locals_, chain, substitute))
    return (top, Step(Rule.SIMPLIFY, back, answer))
