"""Probability pictures: a discrete distribution as PMF bars with the event's bars
highlighted; a continuous one as its density with the event's area shaded (and, for a
normal, the z axis under the x axis).  Moments are marked on the same pictures."""

from __future__ import annotations

import math

import numpy as np
import sympy
from matplotlib.patches import Patch

from ..render.math import to_text
from . import Figure, register
from ._draw import BLUE, GREY, INK, ORANGE, Omit, approx, fl, new_figure, num, steps_by_rule, to_svg

MAX_BARS = 60
_LIGHT = "#c9ced6"


# ----------------------------------------------------------------------------- densities
def density(family: str, params: dict):
    """The density of a continuous family as a numpy function (for drawing its curve)."""
    p = {k: fl(v) for k, v in params.items()}
    if family == "Normal":
        mu, sigma = p["mu"], p["sigma"]
        return lambda x: np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    if family == "Exponential":
        lam = p["lambda"]
        return lambda x: np.where(x >= 0, lam * np.exp(-lam * np.clip(x, 0, None)), 0.0)
    if family == "Uniform":
        a, b = p["a"], p["b"]
        return lambda x: np.where((x >= a) & (x <= b), 1 / (b - a), 0.0)
    if family == "ChiSquared":
        k = p["k"]
        c = -(k / 2) * math.log(2) - math.lgamma(k / 2)
        return lambda x: np.where(x > 0, np.exp(c + (k / 2 - 1) * np.log(np.clip(x, 1e-300, None)) - x / 2), 0.0)
    if family == "StudentT":
        nu = p["nu"]
        c = math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2) - 0.5 * math.log(nu * math.pi)
        return lambda x: np.exp(c - (nu + 1) / 2 * np.log1p(x * x / nu))
    raise Omit(f"no density is drawn for the {family} family")


def density_window(family: str, params: dict, marks: list[float]) -> tuple[float, float]:
    p = {k: fl(v) for k, v in params.items()}
    if family == "Normal":
        lo, hi = p["mu"] - 4 * p["sigma"], p["mu"] + 4 * p["sigma"]
    elif family == "Exponential":
        lo, hi = -0.3 / p["lambda"], 6 / p["lambda"]
    elif family == "Uniform":
        w = p["b"] - p["a"]
        lo, hi = p["a"] - 0.3 * w, p["b"] + 0.3 * w
    elif family == "ChiSquared":
        lo, hi = -0.02 * p["k"] - 0.2, p["k"] + 5 * math.sqrt(2 * p["k"]) + 2
    else:  # Student t
        lo, hi = -4.5, 4.5
    finite = [m for m in marks if math.isfinite(m)]
    if finite:
        width = hi - lo
        lo = min(lo, min(finite) - 0.1 * width)
        hi = max(hi, max(finite) + 0.1 * width)
    return lo, hi


# ----------------------------------------------------------------------------- events
def _event(solution):
    """(low, high, low closed, high closed, complement) of the event, or None."""
    from ..probability.engine import interval

    event, variable = solution.extra.get("event"), solution.extra.get("variable")
    if event is None or variable is None:
        return None
    return interval(event, variable)


def _inside(value: float, event) -> bool:
    lo, hi, lc, hc, neg = event
    lo_f = -math.inf if lo == -sympy.oo else float(lo)
    hi_f = math.inf if hi == sympy.oo else float(hi)
    ok = (value > lo_f or (lc and value == lo_f)) and (value < hi_f or (hc and value == hi_f))
    return ok != neg


def _family_text(dist) -> str:
    names = {"mu": "μ", "sigma": "σ", "lambda": "λ", "nu": "ν"}
    if dist.family == "Table":
        return "the table's distribution"
    inside = ", ".join(f"{names.get(k, k)} = {num(v)}" for k, v in dist.params.items())
    return f"{dist.family}({inside})"


def _headline(solution) -> str:
    """``P(X ≤ 1) = 3e⁻² ≈ 0.406`` — the statement and the answer, as the steps print them."""
    return f"{to_text(solution.statement)} = {approx(solution.answer)}"


# ----------------------------------------------------------------------------- discrete
def _support_values(dist, event) -> list:
    if dist.family == "Table":
        return sorted((v for v, _ in dist.table), key=lambda v: float(v))
    first, last = dist.support()
    probabilities = []
    k = first
    peak = 0.0
    bound = 0.0
    if event is not None:
        bound = max((float(b) for b in event[:2] if b not in (sympy.oo, -sympy.oo)), default=0.0)
    while True:
        pk = fl(dist.pmf(k))
        probabilities.append(pk)
        peak = max(peak, pk)
        done = (last != float("inf") and k >= last) or len(probabilities) >= 400
        tail = pk < 1e-3 * peak and k > bound and k > first + 2 and pk < probabilities[-2] if len(probabilities) > 1 \
            else False
        if done or tail:
            break
        k += 1
    values = list(range(first, first + len(probabilities)))
    keep = [v for v, pk in zip(values, probabilities, strict=True) if pk >= 1e-4 * peak or
            (event is not None and bound and abs(v - bound) <= 1)]
    if not keep:
        keep = values
    lo, hi = min(keep), max(keep)
    if hi - lo + 1 > MAX_BARS:
        raise Omit(f"{hi - lo + 1} bars are too many to draw one by one")
    return [sympy.Integer(v) for v in range(lo, hi + 1)]


def _discrete(solution, dist, event, moment):
    values = _support_values(dist, event)
    heights = [fl(dist.pmf(v)) for v in values]
    xs = [float(v) for v in values]
    chosen = [event is not None and _inside(x, event) for x in xs]
    fig = new_figure()
    ax = fig.add_subplot()
    width = 0.8 * min((b - a for a, b in zip(xs, xs[1:], strict=False)), default=1.0)
    bars = ax.bar(xs, heights, width=width, color=[BLUE if c else _LIGHT for c in chosen],
                  edgecolor=[BLUE if c else GREY for c in chosen], linewidth=0.8, zorder=3)
    for v, bar, c in zip(values, bars, chosen, strict=True):
        bar.set_gid(f"bar-{num(v)}{'-event' if c else ''}")
    if len(values) <= 12:
        for x, h in zip(xs, heights, strict=True):
            if h >= 0.02 * max(heights):
                ax.annotate(num(h, 3), (x, h), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8,
                            color=INK)
    handles = []
    if event is not None:
        handles = [Patch(facecolor=BLUE, edgecolor=BLUE, label=f"in the event: {_headline(solution)}"),
                   Patch(facecolor=_LIGHT, edgecolor=GREY, label="outside the event")]
    x_name = to_text(solution.extra.get("variable") or sympy.Symbol("X"))
    marked = _mark_moment(ax, solution, moment, x_name)
    ax.set_xlabel(f"value k of {x_name}")
    ax.set_ylabel(f"P({x_name} = k)")
    if all(float(v).is_integer() for v in values) and len(values) <= 25:
        ax.set_xticks(xs)
    ax.set_ylim(0, max(heights) * 1.3)
    picked = [(x, h) for x, h, c in zip(xs, heights, chosen, strict=True) if c]
    if picked and max(h for _, h in picked) < 0.03 * max(heights):
        x0 = picked[0][0]
        side = "right" if x0 > (xs[0] + xs[-1]) / 2 else "left"
        ax.annotate("event: bars too small to see", xy=(x0, 0), xytext=(x0, 0.3 * max(heights)), ha=side,
                    fontsize=8.5, color=BLUE, arrowprops={"arrowstyle": "->", "color": BLUE})
    title = _headline(solution) if event is not None else f"{to_text(solution.statement)} = {approx(solution.answer)}"
    ax.set_title(title + f" for {x_name} ~ {_family_text(dist)}", fontsize=10)
    lines, _ = ax.get_legend_handles_labels()
    ax.legend(handles=handles + lines, loc="best")
    n_chosen = sum(chosen)
    if event is not None:
        listed = ", ".join(num(v) for v, c in zip(values, chosen, strict=True) if c)
        alt = (f"A bar chart of the probabilities P({x_name} = k) of {_family_text(dist)} for k from {num(values[0])} "
               f"to {num(values[-1])}. The {n_chosen} bar{'s' if n_chosen != 1 else ''} in the event "
               + (f"(k = {listed}) " if n_chosen and len(listed) < 80 else "")
               + f"are highlighted in blue; together they give {_headline(solution)}.")
        if n_chosen == 0:
            alt = alt.replace("are highlighted in blue; together they give", "— none, so")
    else:
        alt = (f"A bar chart of the probabilities P({x_name} = k) of {_family_text(dist)} for k from {num(values[0])} "
               f"to {num(values[-1])}. {marked}")
    return Figure("pmf", title, alt.strip(), to_svg(fig, title, alt.strip()))


def _mark_moment(ax, solution, moment, x_name) -> str:
    """A line at the mean when the solution computed it; the sentence that says so."""
    if moment is None:
        return ""
    which, value = moment
    if which == "E":
        mean = fl(value)
        ax.axvline(mean, color=ORANGE, linestyle="--", linewidth=2, zorder=4, label=f"E[{x_name}] = {approx(value)}",
                   gid="mean")
        return f"The dashed line marks the mean E[{x_name}] = {approx(value)}, the balance point of the distribution."
    shown = f"{to_text(solution.statement)} = {approx(value)}"
    ax.plot([], [], " ", label=shown)
    return f"The spread it measures: {shown}."


# ----------------------------------------------------------------------------- continuous
def _continuous(solution, dist, event, moment):
    pdf = density(dist.family, dist.params)
    marks = []
    if event is not None:
        marks = [float(b) for b in event[:2] if b not in (sympy.oo, -sympy.oo)]
    if moment is not None and moment[0] == "E":
        marks.append(fl(moment[1]))
    lo, hi = density_window(dist.family, dist.params, marks)
    xs = np.union1d(np.linspace(lo, hi, 801), [m for m in marks if lo <= m <= hi])
    ys = pdf(xs)
    x_name = to_text(solution.extra.get("variable") or sympy.Symbol("X"))
    normal = dist.family == "Normal"
    fig = new_figure(6.4, 4.6 if normal else 4.2)
    ax = fig.add_subplot()
    ax.plot(xs, ys, color=INK, linewidth=1.8, label=f"density of {_family_text(dist)}", zorder=3)
    if event is not None:
        inside = np.array([_inside(float(x), event) for x in xs])
        ax.fill_between(xs, 0, ys, where=inside, color=BLUE, alpha=0.4, linewidth=0, zorder=2,
                        label=f"shaded area: {_headline(solution)}", gid="event-area")
        for m in marks:
            ax.axvline(m, color=BLUE, linewidth=1.0, linestyle="-", zorder=2)
    marked = _mark_moment(ax, solution, moment, x_name)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, float(np.nanmax(ys)) * 1.15 if np.isfinite(ys).any() and np.nanmax(ys) > 0 else 1)
    ax.set_ylabel("density")
    ax.set_xlabel(x_name)
    zs_said = ""
    if normal:
        mu, sigma = fl(dist.params["mu"]), fl(dist.params["sigma"])
        z_axis = ax.secondary_xaxis(-0.2, functions=(lambda x: (x - mu) / sigma, lambda z: mu + sigma * z))
        z_axis.set_xlabel(f"z = ({x_name} − μ)/σ")
        zs = [s.after for s in steps_by_rule(solution, "STANDARDIZE")]
        labels = {float(k): num(k) for k in range(-6, 7) if lo <= mu + sigma * k <= hi}
        for z in zs:  # the steps' own z values, as the steps print them
            z_value = fl(z)
            labels = {t: text for t, text in labels.items() if abs(t - z_value) > 0.3}
            labels[z_value] = num(z)
        ticks = sorted(labels)
        z_axis.set_xticks(ticks)
        z_axis.set_xticklabels([labels[t] for t in ticks])
        if zs:
            zs_said = (" Under the x axis a second axis shows z = (x − μ)/σ: the bounds standardise to "
                       + ", ".join(f"z = {num(z)}" for z in zs) + ".")
        else:
            zs_said = " Under the x axis a second axis shows z = (x − μ)/σ."
    title = (_headline(solution) if event is not None else f"{to_text(solution.statement)} = {approx(solution.answer)}")
    ax.set_title(title + f" for {x_name} ~ {_family_text(dist)}", fontsize=10)
    ax.legend(loc="best")
    if event is not None:
        alt = (f"The density curve of {_family_text(dist)}, with the area over the event shaded in blue: "
               f"{_headline(solution)}.{zs_said}")
    else:
        alt = f"The density curve of {_family_text(dist)}. {marked}{zs_said}"
    return Figure("density", title, alt.strip(), to_svg(fig, title, alt.strip()))


@register("distribution_probability", "moment")
def distribution(solution):
    dist = solution.extra.get("distribution")
    if dist is None:
        raise Omit("the solution names no distribution")
    event = _event(solution) if solution.kind == "distribution_probability" else None
    moment = (solution.extra.get("which"), solution.answer) if solution.kind == "moment" else None
    if dist.discrete:
        return _discrete(solution, dist, event, moment)
    return _continuous(solution, dist, event, moment)
