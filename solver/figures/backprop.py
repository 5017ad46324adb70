"""Backpropagation: the computation graph (w, x, b → z → a → L) with the local derivative on
each edge of the path the chain rule multiplies along.  Drawn from the solution's own
``COMPUTATION_GRAPH`` step (its forward pass and its local derivatives)."""

from __future__ import annotations

import sympy
from matplotlib.patches import Circle

from ..render.math import to_text
from . import Figure
from ._draw import BLUE, GREY, INK, ORANGE, Omit, is_rule, new_figure, to_svg

RADIUS = 0.28


def _layout(graph, var, local) -> tuple[dict, dict]:
    """Positions: the path the chain rule follows (w → z → a → L) on one straight row, every
    other input above or below it, one column left of the node it feeds."""
    names = [eq.lhs for eq in graph]
    inputs = {}
    for eq in graph:
        partners = {f for term in sympy.Add.make_args(sympy.expand(eq.rhs)) if term.has(var)
                    for f in term.free_symbols}
        inputs[eq.lhs] = sorted(eq.rhs.free_symbols,
                                key=lambda s: (s != var, s in names, s not in partners, s.name))
    path, node = [var], var
    while True:
        nxt = next((n for (src, n) in local if src == node), None)
        if nxt is None or nxt in path:
            break
        path.append(nxt)
        node = nxt
    column = {n: k for k, n in enumerate(path)}
    for name in names:  # intermediate nodes off the path (rare): right of their inputs
        if name not in column:
            column[name] = 1 + max((column.get(i, 0) for i in inputs[name]), default=0)
    position = {n: (2.3 * column[n], 0.0) for n in path}
    used: dict = {}
    offsets = (1.2, -1.2, 2.4, -2.4, 3.6, -3.6)
    for name in names:
        for i in inputs[name]:
            if i in position:
                continue
            c = column[name] - 1 if i not in names else column[i]
            k = used.get(c, 0)
            used[c] = k + 1
            position[i] = (2.3 * c, offsets[k % len(offsets)])
    for name in names:
        if name not in position:
            position[name] = (2.3 * column[name], 0.0)
    return position, inputs


def computation_graph(solution, top) -> Figure:
    graph = list(top.parts.get("graph") or ())
    var = top.parts.get("var")
    if not graph or var is None or not all(isinstance(eq, sympy.Equality) for eq in graph):
        raise Omit("the solution's computation graph is incomplete")
    output = top.parts.get("output", graph[-1].lhs)
    local = {}
    for step in top.substeps:
        if is_rule(step, "LOCAL_DERIVATIVE"):
            local[(step.parts["input"], step.parts["node"])] = step.after
    if not local:
        raise Omit("the solution names no local derivatives")
    position, inputs = _layout(graph, var, local)
    fig = new_figure(8.0, 4.2)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    on_path = set(local)
    for node, sources in inputs.items():
        for source in sources:
            (x0, y0), (x1, y1) = position[source], position[node]
            hot = (source, node) in on_path
            arrow = ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                                arrowprops={"arrowstyle": "-|>", "color": ORANGE if hot else GREY,
                                            "linewidth": 2.2 if hot else 1.0, "shrinkA": 15, "shrinkB": 15,
                                            "mutation_scale": 14}, zorder=2)
            arrow.arrow_patch.set_gid(f"edge-{source}-{node}")
            if hot:
                label = f"∂{to_text(node)}/∂{to_text(source)}\n= {to_text(local[(source, node)])}"
                mx, my = (x0 + x1) / 2, (y0 + y1) / 2 + 0.12
                ax.text(mx, my, label, ha="center", va="bottom", fontsize=8.5, color=INK, zorder=4,
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": "#fff6e0", "edgecolor": ORANGE,
                              "linewidth": 0.8})
    definitions = {eq.lhs: eq.rhs for eq in graph}
    for node, (px, py) in position.items():
        leaf = node not in definitions
        colour = "#eeeeee" if leaf else "#dbe9f6"
        edge = BLUE if node == var or node == output else GREY
        ax.add_patch(Circle((px, py), RADIUS, facecolor=colour, edgecolor=edge, linewidth=2 if edge == BLUE else 1,
                            zorder=3, gid=f"node-{node}"))
        ax.text(px, py, to_text(node), ha="center", va="center", fontsize=12, fontweight="bold", zorder=5)
        if not leaf:
            ax.text(px, py - RADIUS - 0.1, f"{to_text(node)} = {to_text(definitions[node])}", ha="center", va="top",
                    fontsize=8.5, color=INK, zorder=5)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.75)
    chain = top.parts.get("chain")
    chain_text = to_text(chain) if chain is not None else f"∂{to_text(output)}/∂{to_text(var)}"
    title = f"Computation graph: {chain_text}"
    ax.set_title(title, fontsize=10.5)
    feeds = []
    for eq in graph:
        sources = inputs[eq.lhs]
        feeds.append(f"{_and([to_text(s) for s in sources])} feed{'s' if len(sources) == 1 else ''} "
                     f"{to_text(eq.lhs)} = {to_text(eq.rhs)}")
    path = [f"∂{to_text(node)}/∂{to_text(source)} = {to_text(value)}" for (source, node), value in local.items()]
    alt = (f"The computation graph of {to_text(top.parts.get('function', graph[-1].rhs))}: " + "; ".join(feeds)
           + f". On the path from {to_text(var)} to {to_text(output)} (orange arrows) each edge carries its local "
           f"derivative: " + ", ".join(path) + f". Multiplied along the path they give {chain_text}.")
    return Figure("computation_graph", title, alt, to_svg(fig, title, alt))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
