"""Calculus pictures: f with f′, the tangent line, the area of a definite (or improper)
integral, f with an antiderivative, and the graph near a limit point."""

from __future__ import annotations

import math

import numpy as np
import sympy

from ..render.math import to_text
from . import Figure, register
from ._draw import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    RED,
    Curve,
    Omit,
    approx,
    axis_lines,
    broken,
    features,
    grid,
    label_of,
    new_figure,
    num,
    poles,
    real,
    real_or_omit,
    steps_by_rule,
    to_svg,
    usable,
    window,
    y_range,
)

SKY_FILL = "#dcecf7"
_PRIMES = {1: "′", 2: "″", 3: "‴"}


def _one_variable(solution):
    f, x = solution.problem.expr, solution.problem.variable
    if x is None or not isinstance(f, sympy.Expr):
        raise Omit("there is no function of one variable to draw")
    return f, x


def _curve_plot(ax, xs, curve: Curve, limits, **style):
    ys = broken(curve(xs), limits)
    return ax.plot(xs, ys, **style)


def _asymptotes(ax, xs, ys, limits, label: bool = True) -> list[float]:
    found = poles(xs, ys, limits)
    for k, p in enumerate(found):
        ax.axvline(p, color=GREY, linestyle=":", linewidth=1.2,
                   label="vertical asymptote" if label and k == 0 else None)
    return found


def _x(name) -> str:
    return name if isinstance(name, str) else to_text(name)


def _joint_range(main: np.ndarray, other: np.ndarray) -> tuple[float, float]:
    """The y window for f and a companion curve (f′, F): both when they are of a size, else
    f's, so a companion with a stronger pole or a steeper climb leaves the picture instead
    of flattening f."""
    first, second = y_range([main]), y_range([other])
    span = first[1] - first[0]
    if np.nanmax(main) - np.nanmin(main) < 1e-9 or second[1] - second[0] <= 2.5 * span:
        return min(first[0], second[0]), max(first[1], second[1])
    return first


# ----------------------------------------------------------------------------- derivatives
@register("derivative", "partial_derivative")
def derivative(solution):
    graph = steps_by_rule(solution, "COMPUTATION_GRAPH")
    if graph:
        from .backprop import computation_graph

        return computation_graph(solution, graph[0])
    f, x = _one_variable(solution)
    order = solution.problem.order or 1
    d = solution.answer
    fc, dc = Curve(f, (x,)), Curve(d, (x,))
    lo, hi = window([fc, dc])
    xs = grid(lo, hi)
    fy, dy = fc(xs), dc(xs)
    usable(fy, f"f({x})")
    limits = _joint_range(fy, dy)
    prime = _PRIMES.get(order, f"⁽{order}⁾")
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, broken(fy, limits), color=BLUE, label=label_of(f"f({x})", f), gid="curve-f")
    ax.plot(xs, broken(dy, limits), color=ORANGE, linestyle="--", label=label_of(f"f{prime}({x})", d),
            gid="curve-derivative")
    ax.set_xlim(lo, hi)
    ax.set_ylim(*limits)
    _asymptotes(ax, xs, fy, limits)
    axis_lines(ax)
    ax.set_xlabel(_x(x))
    which = {1: "derivative", 2: "second derivative", 3: "third derivative"}.get(order, f"derivative of order {order}")
    title = f"f and its {which} f{prime}"
    ax.set_title(title)
    ax.legend(loc="best")
    alt = (f"The graph of f({x}) = {to_text(f)} (solid blue) and its {which} f{prime}({x}) = {to_text(d)} "
           f"(dashed orange), for {x} from {num(lo, 3)} to {num(hi, 3)}.")
    if order == 1:
        alt += " Where f′ is above the axis f rises, where it is below f falls, and where f′ crosses 0 f turns."
    return Figure("function_and_derivative", title, alt, to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- tangent line
@register("tangent_line")
def tangent_line(solution):
    f, x = _one_variable(solution)
    step = steps_by_rule(solution, "TANGENT_LINE")
    if not step:
        raise Omit("the solution has no tangent line to draw")
    parts = step[-1].parts
    a, y0 = parts["point"]
    slope = parts["slope"]
    line = solution.answer.rhs if isinstance(solution.answer, sympy.Equality) else None
    if line is None:
        raise Omit("the tangent line is not of the form y = m·x + b")
    ax_, ay = real_or_omit(a, "the point of tangency"), real_or_omit(y0, "f at the point")
    fc, lc = Curve(f, (x,)), Curve(line, (x,))
    near = sorted(features(fc, ax_ - 5, ax_ + 5), key=lambda v: abs(v - ax_))[:3]
    lo, hi = window([fc], [ax_, *near])
    xs = grid(lo, hi, keep=[ax_])
    fy = fc(xs)
    usable(fy, f"f({x})")
    limits = y_range([fy], include=[ay])
    fig = new_figure()
    axes = fig.add_subplot()
    axes.plot(xs, broken(fy, limits), color=BLUE, label=label_of(f"f({x})", f), gid="curve-f")
    axes.plot(xs, lc(xs), color=ORANGE, linestyle="--", label=f"tangent: {to_text(solution.answer)}",
              gid="tangent-line")
    axes.plot([ax_], [ay], "o", color=INK, markersize=7, zorder=5, gid="tangent-point",
              label=f"point ({num(a)}, {num(y0)}), slope {num(slope)}")
    axes.set_xlim(lo, hi)
    axes.set_ylim(*limits)
    axis_lines(axes)
    axes.set_xlabel(_x(x))
    title = f"The tangent line at {x} = {num(a)}"
    axes.set_title(title)
    axes.legend(loc="best")
    alt = (f"The curve y = {to_text(f)} (solid blue) and its tangent line {to_text(solution.answer)} "
           f"(dashed orange), which touches the curve at the point ({num(a)}, {num(y0)}) with slope {num(slope)}.")
    return Figure("tangent_line", title, alt, to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- integrals
@register("integral")
def antiderivative(solution):
    f, x = _one_variable(solution)
    named = steps_by_rule(solution, "CONSTANT_OF_INTEGRATION")
    big_f = named[-1].parts.get("antiderivative", named[-1].before) if named else solution.answer
    constants = big_f.free_symbols - f.free_symbols - {x}
    big_f = big_f.subs({c: 0 for c in constants})
    fc, bc = Curve(f, (x,)), Curve(big_f, (x,))
    lo, hi = window([fc, bc])
    xs = grid(lo, hi)
    fy, by = fc(xs), bc(xs)
    usable(fy, f"f({x})")
    usable(by, f"F({x})")
    limits = _joint_range(fy, by)
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, broken(fy, limits), color=BLUE, label=label_of(f"f({x})", f), gid="curve-f")
    ax.plot(xs, broken(by, limits), color=ORANGE, linestyle="--", label=label_of(f"F({x})", big_f) + " (C = 0)",
            gid="curve-antiderivative")
    ax.set_xlim(lo, hi)
    ax.set_ylim(*limits)
    _asymptotes(ax, xs, fy, limits)
    axis_lines(ax)
    ax.set_xlabel(_x(x))
    title = "f and one antiderivative F (C = 0)"
    ax.set_title(title)
    ax.legend(loc="best")
    alt = (f"The integrand f({x}) = {to_text(f)} (solid blue) and the antiderivative F({x}) = {to_text(big_f)} "
           f"with C = 0 (dashed orange), for {x} from {num(lo, 3)} to {num(hi, 3)}. Every other antiderivative "
           "is this curve shifted up or down; F rises where f is positive and falls where f is negative.")
    return Figure("antiderivative", title, alt, to_svg(fig, title, alt))


def _bounds(solution):
    data = solution.problem.data or {}
    lower, upper = data.get("lower"), data.get("upper")
    if lower is None or upper is None:
        step = steps_by_rule(solution, "FUNDAMENTAL_THEOREM", "IMPROPER_INTEGRAL")
        if not step:
            raise Omit("the solution has no bounds of integration")
        lower, upper = step[-1].parts["lower"], step[-1].parts["upper"]
    return sympy.sympify(lower), sympy.sympify(upper)


@register("definite_integral")
def definite_integral(solution):
    f, x = _one_variable(solution)
    lower, upper = _bounds(solution)
    value = solution.answer
    diverges = bool(solution.extra.get("diverges"))
    improper = bool(steps_by_rule(solution, "IMPROPER_INTEGRAL")) or lower.is_infinite or upper.is_infinite
    fc = Curve(f, (x,))
    a = None if lower.is_infinite else real_or_omit(lower, "the lower bound")
    b = None if upper.is_infinite else real_or_omit(upper, "the upper bound")
    if a is not None and b is not None:
        if a == b:
            raise Omit("the bounds are equal, so there is no region to shade")
        width = abs(b - a)
        lo, hi = min(a, b) - 0.15 * width, max(a, b) + 0.15 * width
    else:
        inner = [v for v in (a, b) if v is not None]
        reach = max(8.0, 2.5 * max([abs(v) for v in inner] + [1.0]))
        near = [v for v in features(fc, -reach, reach) if abs(v) < reach]
        if a is None and b is None:
            lo, hi = window([fc])
            lo, hi = min(lo, -3.0), max(hi, 3.0)
        elif b is None:  # [a, ∞)
            lo, hi = a - 0.05 * reach, a + reach
            hi = max(hi, *(v for v in near if v > a)) if any(v > a for v in near) else hi
        else:  # (−∞, b]
            lo, hi = b - reach, b + 0.05 * reach
            lo = min(lo, *(v for v in near if v < b)) if any(v < b for v in near) else lo
    left = a if a is not None else lo
    right = b if b is not None else hi
    s0, s1 = min(left, right), max(left, right)
    xs = grid(lo, hi, 601, keep=[s0, s1])
    ys = fc(xs)
    usable(ys, f"f({x})")
    inside = (xs >= s0) & (xs <= s1)
    if not np.isfinite(ys[inside]).any():
        raise Omit(f"f({x}) has no real value between the bounds")
    limits = y_range([ys[inside]], include=[0.0])  # the region fills the picture; the rest may leave it
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, broken(ys, limits), color=INK, linewidth=1.8, label=label_of(f"f({x})", f), gid="curve-f")
    region = np.where(inside, np.clip(ys, *limits), np.nan)
    fill_x, fill_y = xs[inside], region[inside]
    ok = np.isfinite(fill_y)
    positive, negative = (fill_y > 0) & ok, (fill_y < 0) & ok
    reversed_bounds = a is not None and b is not None and a > b
    plus, minus = ("−", "+") if reversed_bounds else ("+", "−")
    if positive.any():
        ax.fill_between(fill_x, 0, np.where(ok, fill_y, 0), where=(fill_y >= 0) & ok, interpolate=True,
                        color=BLUE, alpha=0.35, linewidth=0, label=f"area above the axis (counts {plus})",
                        gid="area-positive")
    if negative.any():
        ax.fill_between(fill_x, 0, np.where(ok, fill_y, 0), where=(fill_y <= 0) & ok, interpolate=True,
                        color=RED, alpha=0.35, linewidth=0, label=f"area below the axis (counts {minus})",
                        gid="area-negative")
    marks, names = [], []
    for bound, name in ((a, "a"), (b, "b")):
        height = None if bound is None else fc.at(bound)
        if height is not None:
            ax.plot([bound, bound], [0, float(np.clip(height, *limits))], color=GREY, linewidth=1.0)
        if bound is not None:
            marks.append(bound)
            names.append(f"{name} = {num(lower if name == 'a' else upper)}")
    if marks:  # the bounds named along the top edge, clear of the tick labels and the region
        top = ax.secondary_xaxis("top")
        top.set_xticks(marks, names, fontsize=9, color=INK)
        top.tick_params(length=3, pad=2)
    ax.set_xlim(lo, hi)
    ax.set_ylim(*limits)
    _asymptotes(ax, xs, ys, limits, label=False)
    axis_lines(ax)
    ax.set_xlabel(_x(x))
    shown_value = "diverges (∞)" if diverges and value is sympy.oo else (
        "diverges" if diverges else approx(value))
    statement = f"∫ from {num(lower)} to {num(upper)} of f({x}) d{x}"
    for side, bound in (("right", b), ("left", a)):
        if bound is None:
            arrow_x = hi if side == "right" else lo
            start = arrow_x - 0.12 * (hi - lo) if side == "right" else arrow_x + 0.12 * (hi - lo)
            y_mid = 0.5 * np.nanmax(np.abs(fill_y[ok])) if ok.any() else 0.5 * limits[1]
            y_mid = float(np.clip(y_mid if np.nanmean(fill_y[ok]) >= 0 else -y_mid, *limits))
            ax.annotate("", xy=(arrow_x, y_mid), xytext=(start, y_mid),
                        arrowprops={"arrowstyle": "->", "color": BLUE, "linewidth": 1.6})
            ax.text(start, y_mid, "to ∞ " if side == "right" else " to −∞", color=BLUE,
                    ha="right" if side == "right" else "left", va="center", fontsize=9)
    title = ("Improper integral: " if improper else "Definite integral: ") + f"{statement} = {shown_value}"
    ax.set_title(title, fontsize=10)
    # below the plot, so the legend never covers the curve or the shaded region
    legend = fig.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=9,
                        title=f"integral = {shown_value}")
    legend.get_title().set_fontsize(9)
    parts = []
    if positive.any() and negative.any():
        parts.append("the part above the axis is shaded blue, the part below red; they count with opposite signs")
    elif negative.any():
        parts.append("the region lies below the axis, shaded red, so it counts negative")
    else:
        parts.append("shaded blue")
    what = f"The area under {to_text(f)} from {num(lower)} to {num(upper)}, " + parts[0]
    if diverges:
        alt = f"{what}. The region does not have finite area: the integral diverges."
    else:
        alt = f"{what}; the integral equals {shown_value}."
    if b is None or a is None:
        alt += " The shading runs to the edge of the picture, with an arrow, because the region goes on to infinity."
    if reversed_bounds:
        alt += (f" The bounds run backwards, from {num(lower)} down to {num(upper)}, so every part counts with the "
                "opposite sign.")
    return Figure("improper_integral_area" if improper else "definite_integral_area", title, alt,
                  to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- limits
def _side_values(solution):
    """{'-': value, '+': value} from a step that states the one-sided limits, if any."""
    out = {}
    for step in steps_by_rule(solution, "LIMIT_DOES_NOT_EXIST", "INFINITE_LIMIT", "ONE_SIDED_LIMITS"):
        for eq in step.parts.get("sides", ()):
            if isinstance(eq, sympy.Equality) and isinstance(eq.lhs, sympy.Limit):
                out[str(eq.lhs.args[3])] = eq.rhs
    return out


@register("limit")
def limit(solution):
    f, x = _one_variable(solution)
    data = solution.problem.data or {}
    point, side = sympy.sympify(data.get("point")), data.get("side", "+-")
    value = solution.answer
    exists = bool(solution.extra.get("exists", not isinstance(value, str)))
    fc = Curve(f, (x,))
    at_infinity = point.is_infinite
    if at_infinity:
        sign = 1 if point is sympy.oo else -1
        reach = max([10.0] + [3 * abs(v) for v in features(fc, -50, 50)][:6])
        lo, hi = (0.0, reach) if sign > 0 else (-reach, 0.0)
        a = None
    else:
        a = real_or_omit(point, "the limit point")
        w = max(3.0, 0.25 * abs(a))
        lo, hi = a - w, a + w
    xs = grid(lo, hi, 1601, keep=[] if a is None else [a])
    ys = fc(xs)
    if a is not None:  # f at the point itself is drawn as a dot (or a hole), not as part of the line
        ys = np.where(np.isclose(xs, a, rtol=0, atol=1e-12), np.nan, ys)
    usable(ys, f"f({x})")
    limit_y = real(value) if exists and not isinstance(value, str) else None
    sides = _side_values(solution)
    side_y = {k: real(v) for k, v in sides.items()}
    limits = y_range([ys], include=[limit_y, *[v for v in side_y.values() if v is not None]])
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, broken(ys, limits), color=BLUE, label=label_of(f"f({x})", f), gid="curve-f")
    ax.set_xlim(lo, hi)
    ax.set_ylim(*limits)
    notes = []
    where = "∞" if point is sympy.oo else "−∞" if at_infinity else num(point)
    approach = {"+": f"{x} → {where}⁺", "-": f"{x} → {where}⁻"}.get(side, f"{x} → {where}")
    if at_infinity:
        if limit_y is not None:
            ax.axhline(limit_y, color=ORANGE, linestyle="--", linewidth=1.4,
                       label=f"horizontal asymptote y = {num(value)}", gid="asymptote")
            notes.append(f"the curve levels off towards the dashed line y = {num(value)}")
        elif value in (sympy.oo, -sympy.oo):
            notes.append(f"the curve grows without bound ({num(value)})")
        tip = hi if point is sympy.oo else lo
        y_mid = limits[0] + 0.1 * (limits[1] - limits[0])
        start = tip - 0.15 * (hi - lo) if point is sympy.oo else tip + 0.15 * (hi - lo)
        ax.annotate(approach, xy=(tip, y_mid), xytext=(start, y_mid), ha="right" if point is sympy.oo else "left",
                    va="center", color=INK, arrowprops={"arrowstyle": "->", "color": INK})
    else:
        f_at = fc.at(a)
        infinite_sides = [k for k, v in sides.items() if v in (sympy.oo, -sympy.oo)]
        if value in (sympy.oo, -sympy.oo) or infinite_sides:
            ax.axvline(a, color=ORANGE, linestyle="--", linewidth=1.4, label=f"vertical asymptote {x} = {num(point)}",
                       gid="asymptote")
            notes.append(f"the dashed vertical line {x} = {num(point)} is an asymptote: the curve shoots off to "
                         + (num(value) if value in (sympy.oo, -sympy.oo) else "infinity") + " there")
        if limit_y is not None:
            if f_at is None or not math.isclose(f_at, limit_y, rel_tol=1e-9, abs_tol=1e-9):
                ax.plot([a], [limit_y], "o", markersize=8, markerfacecolor="white", markeredgecolor=RED,
                        markeredgewidth=2, zorder=6, label=f"hole at ({num(point)}, {num(value)})", gid="hole")
                notes.append(f"an open circle at ({num(point)}, {num(value)}) marks the hole: the curve approaches "
                             f"{num(value)} but f({num(point)}) is " + ("undefined" if f_at is None else
                                                                         f"{num(f_at)}"))
                if f_at is not None:
                    ax.plot([a], [f_at], "o", color=INK, markersize=6, zorder=6, label=f"f({num(point)}) = {num(f_at)}")
            else:
                ax.plot([a], [limit_y], "o", color=RED, markersize=7, zorder=6, gid="limit-point",
                        label=f"({num(point)}, {num(value)}): f({num(point)}) equals the limit")
                notes.append(f"the dot at ({num(point)}, {num(value)}) is on the curve: the limit equals f({num(point)})")
        for k, v in side_y.items():
            if v is not None and (limit_y is None or not math.isclose(v, limit_y)):
                ax.plot([a], [v], "o", markersize=7, markerfacecolor="white", markeredgecolor=ORANGE,
                        markeredgewidth=2, zorder=6, gid=f"side-limit-{'left' if k == '-' else 'right'}", label=f"limit from the {'left' if k == '-' else 'right'}: {num(v)}")
                notes.append(f"from the {'left' if k == '-' else 'right'} the curve approaches {num(v)}")
        if side in ("+", "-"):
            ax.axvspan(a, hi if side == "+" else lo, color=SKY_FILL, alpha=0.5, linewidth=0,
                       label="the side approached")
    axis_lines(ax)
    ax.set_xlabel(_x(x))
    shown = "does not exist" if not exists else num(value)
    title = f"lim f({x}) as {approach} = {shown}" if exists else f"lim f({x}) as {approach} does not exist"
    ax.set_title(title)
    ax.legend(loc="best")
    alt = f"The graph of f({x}) = {to_text(f)} near {x} = {where}, as {approach}. "
    alt += ("The limit is " + shown + ". " if exists else "The limit does not exist. ")
    if notes:
        alt += "; ".join(notes).capitalize() + "."
    return Figure("limit", title, alt.strip(), to_svg(fig, title, alt.strip()))

