"""Statistics pictures: the data as a dot plot (or histogram) with a box plot from the
steps' quartiles and the computed centre and spread; a confidence interval on a number
line; a test's distribution with its rejection region and the observed statistic; a
scatter plot with the least-squares line."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import sympy

from . import Figure, register
from ._draw import BLUE, GREEN, GREY, INK, ORANGE, PURPLE, RED, Omit, approx, fl, new_figure, num, steps_by_rule, to_svg
from .probability import density

MAX_DOTS = 80
_STATISTICS = {"mean": "mean", "median": "median", "mode": "mode", "variance": "sample variance",
               "population_variance": "population variance", "standard_deviation": "sample standard deviation",
               "population_standard_deviation": "population standard deviation", "range": "range",
               "quartiles": "quartiles", "iqr": "interquartile range", "five_number_summary": "five-number summary",
               "skewness": "skewness", "kurtosis": "kurtosis"}


def _legend_below(ax, ncol: int = 2) -> None:
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16 if ax.get_xlabel() else -0.1), ncol=ncol,
              frameon=False, fontsize=8.5)


def _floats(values) -> list[float]:
    out = []
    for v in values or ():
        number = complex(sympy.N(v))
        if number.imag or not math.isfinite(number.real):
            raise Omit("the data hold a value that is not a finite real number")
        out.append(number.real)
    return out


def _last(solution, *rules):
    found = steps_by_rule(solution, *rules)
    return found[-1] if found else None


def _mean_step(solution, symbol: str = "x̄"):
    for step in steps_by_rule(solution, "MEAN_OF_VALUES"):
        if step.parts.get("symbol", "x̄") == symbol:
            return step
    return None


def _quartiles(solution) -> dict:
    out = {}
    for step in steps_by_rule(solution, "QUARTILE_INTERPOLATION", "QUARTILE_AT_POSITION"):
        name = step.parts.get("name")
        if name in ("Q1", "Q2", "Q3"):
            out[name] = step.after
    return out


def _dot_plot(ax, values: list[float], colour=BLUE, y0: float = 0.0, highlight=()):
    """Stacked dots, one per value (repeats stack up); a histogram when there are many."""
    if len(values) > MAX_DOTS:
        ax.hist(values, bins="auto", color=colour, alpha=0.5, edgecolor="white", gid="histogram")
        return "histogram"
    counts = Counter()
    for k, v in enumerate(values):
        counts[v] += 1
        ax.plot([v], [y0 + counts[v]], "o", color=RED if v in highlight else colour, markersize=9,
                markeredgecolor="white", zorder=4, gid=f"dot-{k}")
    return "dots"


# ----------------------------------------------------------------------------- descriptive
@register("descriptive_statistics")
def descriptive(solution):
    data = solution.problem.data or {}
    values = _floats(data.get("values"))
    if not values:
        raise Omit("there are no data to draw")
    quartiles = _quartiles(solution)
    statistic = data.get("statistic", "")
    has_box = all(q in quartiles for q in ("Q1", "Q2", "Q3"))
    fig = new_figure(6.4, 3.8 if has_box else 3.2)
    if has_box:
        ax, box_ax = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.2])
    else:
        ax, box_ax = fig.add_subplot(), None
    modes = ()
    if statistic == "mode":
        step = _last(solution, "MODE_MOST_FREQUENT")
        if step is not None and isinstance(step.after, (sympy.Tuple, tuple)):
            modes = tuple(fl(m) for m in step.after)
    shape = _dot_plot(ax, values, highlight=modes)
    height = max(Counter(values).values()) if shape == "dots" else None
    said = []
    mean = _mean_step(solution)
    sd_step = _last(solution, "STANDARD_DEVIATION_ROOT", "SAMPLE_STANDARD_DEVIATION", "POPULATION_STANDARD_DEVIATION")
    if mean is not None:
        m = fl(mean.after)
        if sd_step is not None:
            s = fl(sd_step.after)
            ax.axvspan(m - s, m + s, color=ORANGE, alpha=0.15, linewidth=0, zorder=1,
                       label=f"mean ± one standard deviation ({num(sd_step.after)})", gid="sd-band")
            said.append(f"the band from mean − sd to mean + sd is shaded (sd = {approx(sd_step.after)})")
        ax.axvline(m, color=ORANGE, linestyle="--", linewidth=2, zorder=3, label=f"mean x̄ = {approx(mean.after)}",
                   gid="mean")
        said.append(f"the dashed line marks the mean x̄ = {approx(mean.after)}")
    median = _last(solution, "MEDIAN_MIDDLE_VALUE", "MEDIAN_TWO_MIDDLE_VALUES")
    if median is not None and not has_box:
        ax.axvline(fl(median.after), color=GREEN, linestyle="-.", linewidth=2, zorder=3,
                   label=f"median = {approx(median.after)}", gid="median")
        said.append(f"the dash-dotted line marks the median {approx(median.after)}")
    if statistic == "z_score" and data.get("x") is not None:
        x = fl(data["x"])
        ax.axvline(x, color=PURPLE, linewidth=2, zorder=3, label=f"x = {num(data['x'])}: z = {approx(solution.answer)}",
                   gid="z-value")
        said.append(f"the solid line marks x = {num(data['x'])}, whose z-score is {approx(solution.answer)}")
    if modes:
        ax.plot([], [], "o", color=RED, label="mode: " + ", ".join(num(m) for m in modes))
        said.append("the most frequent value" + ("s are" if len(modes) > 1 else " is") + " drawn in red")
    ax.set_yticks([])
    ax.grid(False, axis="y")
    ax.spines["left"].set_visible(False)
    if height is not None:
        ax.set_ylim(0.3, height + 1.6)
    if box_ax is not None:
        q1, q2, q3 = (fl(quartiles[q]) for q in ("Q1", "Q2", "Q3"))
        low, high = min(values), max(values)
        box_ax.add_patch(_box_patch(q1, q3))
        box_ax.plot([q2, q2], [-0.35, 0.35], color=INK, linewidth=2.2, gid="box-median")
        box_ax.plot([low, q1], [0, 0], color=INK, linewidth=1.2)
        box_ax.plot([q3, high], [0, 0], color=INK, linewidth=1.2)
        for end in (low, high):
            box_ax.plot([end, end], [-0.18, 0.18], color=INK, linewidth=1.2)
        for name, q, y, va in (("Q1", q1, -0.4, "top"), ("Q2", q2, 0.4, "bottom"), ("Q3", q3, -0.4, "top")):
            box_ax.annotate(f"{name} = {num(quartiles[name])}", (q, y), ha="center", va=va, fontsize=8)
        box_ax.set_ylim(-0.85, 0.85)
        box_ax.set_yticks([])
        box_ax.grid(False, axis="y")
        box_ax.spines["left"].set_visible(False)
        said.append(f"the box plot below spans Q1 = {num(quartiles['Q1'])} to Q3 = {num(quartiles['Q3'])} with the "
                    f"median Q2 = {num(quartiles['Q2'])} inside, and whiskers out to the smallest ({num(low)}) and "
                    f"largest ({num(high)}) values")
    axis = box_ax if box_ax is not None else ax
    axis.set_xlabel("value")
    span = max(values) - min(values) or 1.0
    ax.set_xlim(min(values) - 0.12 * span, max(values) + 0.12 * span)
    words = _STATISTICS.get(statistic, statistic.replace("_", " "))
    if statistic == "z_score" and data.get("x") is not None:
        words = f"z-score of {num(data['x'])}"
    title = f"{words} of the {len(values)} values = {approx(solution.answer)}"
    ax.set_title(title[0].upper() + title[1:], fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    if handles and box_ax is not None:  # the entries live on the dot plot; the legend goes under the box plot
        box_ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.6), ncol=2, frameon=False,
                      fontsize=8.5)
    elif handles:
        _legend_below(ax)
    kind = "a histogram" if shape == "histogram" else "a dot plot (repeated values stack up)"
    alt = f"The {len(values)} data values as {kind}"
    alt += (": " + "; ".join(said) + "." if said else ".") + f" The answer: {title}."
    return Figure("data_distribution" + ("_box_plot" if has_box else ""), title, alt, to_svg(fig, title, alt))


def _box_patch(q1: float, q3: float):
    from matplotlib.patches import Rectangle

    return Rectangle((q1, -0.35), q3 - q1, 0.7, facecolor="#dbe9f6", edgecolor=INK, linewidth=1.2, zorder=2,
                     gid="box")


# ----------------------------------------------------------------------------- confidence intervals
@register("confidence_interval")
def confidence_interval(solution):
    step = _last(solution, "CONFIDENCE_INTERVAL")
    if step is None:
        raise Omit("the solution has no interval to draw")
    lower, upper, center = step.parts.get("lower"), step.parts.get("upper"), step.parts.get("center")
    if lower is None or upper is None:
        if isinstance(solution.answer, sympy.Interval):
            lower, upper = solution.answer.start, solution.answer.end
        else:
            raise Omit("the interval's ends are not in the solution")
    lo, hi = fl(lower), fl(upper)
    mid = fl(center) if center is not None else (lo + hi) / 2
    values = _floats((solution.problem.data or {}).get("values"))
    level = step.parts.get("level", "")
    parameter = step.parts.get("parameter", "the parameter")
    fig = new_figure(6.4, 3.0 if values else 2.4)
    ax = fig.add_subplot()
    y = 0.0
    ax.plot([lo, hi], [y, y], color=BLUE, linewidth=6, solid_capstyle="butt", zorder=3, gid="interval",
            label=f"{level} confidence interval ({num(lower)}, {num(upper)})")
    for end in (lo, hi):
        ax.plot([end, end], [y - 0.25, y + 0.25], color=BLUE, linewidth=2, zorder=3)
    ax.plot([mid], [y], "o", color=ORANGE, markersize=10, markeredgecolor="white", zorder=4, gid="estimate",
            label=f"estimate {num(center) if center is not None else num(mid)}")
    margin = solution.extra.get("margin_of_error")
    if margin is not None:
        for a, b in ((mid, lo), (mid, hi)):
            ax.annotate("", xy=(b, y + 0.45), xytext=(a, y + 0.45),
                        arrowprops={"arrowstyle": "->", "color": GREY, "linewidth": 1.0})
        ax.text((mid + hi) / 2, y + 0.55, f"margin {num(margin)}", ha="center", va="bottom", fontsize=8.5, color=INK)
    points = list(values)
    if values:
        counts = Counter()
        for k, v in enumerate(values):
            counts[v] += 1
            ax.plot([v], [-0.6 - 0.25 * (counts[v] - 1)], "o", color=GREY, markersize=6, alpha=0.8, zorder=2,
                    gid=f"dot-{k}")
        ax.plot([], [], "o", color=GREY, label="the data")
    span = max([hi, *points]) - min([lo, *points]) or 1.0
    ax.set_xlim(min([lo, *points]) - 0.15 * span, max([hi, *points]) + 0.15 * span)
    ax.set_ylim(-0.6 - 0.25 * max(Counter(values).values(), default=1) - 0.3 if values else -0.8, 1.1)
    ax.set_yticks([])
    ax.grid(False, axis="y")
    ax.spines["left"].set_visible(False)
    title = f"{level} confidence interval: ({num(lower)}, {num(upper)})"
    ax.set_title(title, fontsize=10.5)
    _legend_below(ax, 3)
    alt = (f"A number line with the {level} confidence interval for {parameter} drawn as a thick bar from "
           f"{num(lower)} to {num(upper)}, centred on the estimate {num(center) if center is not None else num(mid)}"
           + (f" with margin of error {num(margin)} on each side" if margin is not None else "") + "."
           + (f" The {len(values)} data values are dots below it." if values else ""))
    return Figure("confidence_interval", title, alt, to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- hypothesis tests
def _answer_field(answer, name):
    if isinstance(answer, (dict, sympy.Dict)):
        for key, value in answer.items():
            if str(key) == name:
                return value
    return None


def _region(decision, solution):
    """The rejection region as (side, critical value): side 'both', 'upper' or 'lower'."""
    region = decision.parts.get("rejection_region") if decision is not None else None
    critical = solution.extra.get("critical_value")
    if isinstance(region, sympy.core.relational.Relational):
        lhs, rhs = region.lhs, region.rhs
        if isinstance(lhs, sympy.Abs):
            return "both", fl(rhs)
        if isinstance(region, (sympy.StrictGreaterThan, sympy.GreaterThan)):
            return "upper", fl(rhs)
        return "lower", fl(rhs)
    alternative = solution.extra.get("alternative", "two-sided")
    if critical is None:
        raise Omit("the solution has no critical value to draw the rejection region from")
    c = fl(critical)
    return {"two-sided": "both", "greater": "upper"}.get(alternative, "lower"), (c if alternative != "less"
                                                                                else -abs(c))


@register("hypothesis_test")
def hypothesis_test(solution):
    answer = solution.answer
    statistic = _answer_field(answer, "statistic")
    p_value = _answer_field(answer, "p_value")
    df = _answer_field(answer, "df")
    if statistic is None:
        raise Omit("the solution has no test statistic to mark")
    decision = _last(solution, "TEST_DECISION")
    side, c = _region(decision, solution)
    t = fl(statistic)
    if df is not None:
        name, family, params = "t", "StudentT", {"nu": df}
        described = f"the t distribution with {num(df)} degrees of freedom"
    else:
        name, family, params = "z", "Normal", {"mu": 0, "sigma": 1}
        described = "the standard normal distribution"
    pdf = density(family, params)
    reach = max(4.0, abs(t) * 1.15, abs(c) * 1.3)
    xs = np.linspace(-reach, reach, 1201)
    xs = np.union1d(xs, [c, -c, t, -t])
    ys = pdf(xs)
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, ys, color=INK, linewidth=1.8, label=f"{described}", zorder=3)
    alpha = solution.extra.get("alpha")
    alpha_text = f"α = {num(fl(alpha))}" if alpha is not None else "α"
    if side == "both":
        reject = np.abs(xs) >= abs(c)
        region_text = f"|{name}| > {num(abs(c))}"
    elif side == "upper":
        reject = xs >= c
        region_text = f"{name} > {num(c)}"
    else:
        reject = xs <= c
        region_text = f"{name} < {num(c)}"
    ax.fill_between(xs, 0, ys, where=reject, color=RED, alpha=0.45, linewidth=0, zorder=2, gid="rejection-region",
                    label=f"rejection region ({alpha_text}): {region_text}")
    if p_value is not None:
        if side == "both":
            tail = np.abs(xs) >= abs(t)
        elif side == "upper":
            tail = xs >= t
        else:
            tail = xs <= t
        ax.fill_between(xs, 0, ys, where=tail, facecolor="none", edgecolor=BLUE, hatch="////", linewidth=0, zorder=2,
                        gid="p-value-area", label=f"p-value = {num(p_value)} (hatched)")
    ax.axvline(t, color=BLUE, linewidth=2.2, zorder=4, gid="observed", label=f"observed {name} = {num(statistic)}")
    ax.set_xlim(-reach, reach)
    ax.set_ylim(0, float(np.max(ys)) * 1.2)
    ax.set_xlabel(f"{name} statistic")
    ax.set_ylabel("density")
    verdict = decision.parts.get("decision") if decision is not None else None
    verdict = verdict or ("reject" if _answer_field(answer, "reject") is sympy.true else "do not reject")
    inside = "falls in" if verdict == "reject" else "does not fall in"
    title = f"{name} test: observed {name} = {num(statistic)}, {verdict} H₀"
    ax.set_title(title, fontsize=10.5)
    _legend_below(ax)
    alt = (f"The density of {described} under H₀. The rejection region {region_text} at {alpha_text} is shaded red"
           + (" in both tails" if side == "both" else " in the upper tail" if side == "upper" else " in the lower tail")
           + f". The observed statistic {name} = {num(statistic)} is marked with a vertical line; it {inside} the "
           f"rejection region"
           + (f", and the hatched area beyond it is the p-value {num(p_value)}" if p_value is not None else "")
           + f": {verdict} H₀.")
    return Figure("test_distribution", title, alt, to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- two variables
@register("two_variable_statistics")
def two_variable(solution):
    data = solution.problem.data or {}
    xs, ys = _floats(data.get("values")), _floats(data.get("other"))
    if not xs or len(xs) != len(ys):
        raise Omit("the two data sets do not pair up")
    xbar, ybar = _mean_step(solution, "x̄"), _mean_step(solution, "ȳ")
    sums = {step.parts.get("column"): step.after for step in steps_by_rule(solution, "SUM_OF_DEVIATION_POWERS")}
    sxy, sxx = sums.get("(x − x̄)(y − ȳ)"), sums.get("(x − x̄)²")
    fig = new_figure(6.0, 4.6)
    ax = fig.add_subplot()
    for k, (a, b) in enumerate(zip(xs, ys, strict=True)):
        ax.plot([a], [b], "o", color=BLUE, markersize=8, markeredgecolor="white", zorder=4, gid=f"point-{k}")
    ax.plot([], [], "o", color=BLUE, label=f"the {len(xs)} pairs (x, y)")
    said = []
    if xbar is not None and ybar is not None:
        mx, my = fl(xbar.after), fl(ybar.after)
        ax.axvline(mx, color=GREY, linestyle=":", linewidth=1.2, zorder=2)
        ax.axhline(my, color=GREY, linestyle=":", linewidth=1.2, zorder=2)
        ax.plot([mx], [my], "+", color=INK, markersize=14, markeredgewidth=2, zorder=5,
                label=f"(x̄, ȳ) = ({num(xbar.after)}, {num(ybar.after)})", gid="means")
        said.append(f"the dotted lines cross at the means (x̄, ȳ) = ({num(xbar.after)}, {num(ybar.after)})")
        extra_slope = solution.extra.get("slope")
        slope = extra_slope if extra_slope is not None else (sxy / sxx if sxy is not None and sxx not in (None, 0)
                                                             else None)
        if slope is not None:
            intercept = solution.extra.get("intercept", ybar.after - slope * xbar.after)
            line_x = np.array([min(xs), max(xs)])
            b1, b0 = fl(slope), fl(intercept)
            ax.plot(line_x, b0 + b1 * line_x, color=ORANGE, linewidth=2.2, zorder=3, gid="least-squares-line",
                    label=f"least-squares line y = {num(intercept)} + {num(slope)}·x")
            said.append(f"the least-squares line y = {num(intercept)} + {num(slope)}·x (slope Sxy/Sxx = "
                        f"{num(sxy)}/{num(sxx)}, through the means) is drawn in orange" if extra_slope is None else
                        f"the least-squares line y = {num(intercept)} + {num(slope)}·x is drawn in orange")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    statistic = data.get("statistic", "statistic")
    title = {"correlation": "correlation r", "covariance": "sample covariance"}.get(statistic, statistic)
    title = f"{title[0].upper() + title[1:]} = {approx(solution.answer)}"
    ax.set_title(title, fontsize=10.5)
    ax.legend(loc="best", fontsize=8.5)
    alt = (f"A scatter plot of the {len(xs)} pairs (x, y)" + (": " + "; ".join(said) if said else "")
           + f". The answer: {title[0].lower() + title[1:]}.")
    return Figure("scatter_plot", title, alt, to_svg(fig, title, alt))
