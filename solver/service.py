"""The requests the API and the CLI send to a solving process, as plain dicts.

Everything that touches user text or mathematics happens in ``handle``, which runs inside
the killable solving process (``solver.worker``); its result is plain JSON-ready data.
"""

from __future__ import annotations

import time

from grammar import DEFAULT_LIMITS, InvalidArgument, Limits, parse

from . import solve, statement, tutor
from .render.document import RENDERERS, to_dict
from .render.math import math_dict

FORMATS = ("json", "text", "markdown", "latex")


def parse_dict(text: str, limits: Limits = DEFAULT_LIMITS) -> dict:
    problem = parse(text, limits)
    out = {"kind": problem.kind, "input": problem.text}
    out.update(math_dict(statement(problem)))
    out["variable"] = str(problem.variable) if problem.variable is not None else None
    out["order"] = problem.order
    out["assumptions"] = list(problem.notes)
    return out


def solve_dict(text: str, fmt: str = "json", limits: Limits = DEFAULT_LIMITS, reveal: int | None = None,
               figures: bool = False) -> dict:
    if fmt not in FORMATS:
        raise InvalidArgument(f"unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    start = time.perf_counter()
    solution = solve(text, limits)
    if reveal is not None:
        out = _partial(solution, reveal, start)
        if figures:  # a picture would give the answer away
            out.update(figures=[], figures_omitted=[{"kind": solution.kind, "reason": "figures are not shown while "
                                                     "the steps are being revealed one at a time"}])
        return out
    out = to_dict(solution)
    if fmt != "json":
        out["format"] = fmt
        out["rendered"] = RENDERERS[fmt](solution)
    if figures:  # imported here: a solve without figures never loads matplotlib
        from .figures import figure_dicts

        out.update(figure_dicts(solution))
    out["timing_ms"] = round((time.perf_counter() - start) * 1000, 2)
    return out


def _partial(solution, reveal: int, start: float) -> dict:
    """The first ``reveal`` top-level steps and nothing that gives the answer away."""
    shown = max(0, min(reveal, len(solution.steps)))
    out = to_dict(solution)
    out.pop("answer")
    out["steps"] = out["steps"][:shown]
    numbers = {s["number"] for s in out["steps"]}
    checks = [c for c in out["verification"]["checks"] if c["step"].split(".")[0] in numbers]
    out["verification"] = {"summary": f"{len(checks)} checks on the steps shown", "checks": checks,
                           "failed": next(({k: c[k] for k in ("step", "rule", "method", "detail")}
                                           for c in checks if not c["passed"]), None)}
    out["revealed"] = shown
    out["remaining"] = len(solution.steps) - shown
    out["timing_ms"] = round((time.perf_counter() - start) * 1000, 2)
    return out


def warm() -> None:
    """Build what every first request would otherwise build: the parser tables, sympy's
    printers and scipy.  Called once by the server before it forks its workers, so each
    worker (and each solving process forked from it) starts warm and shares the memory."""
    import scipy.special  # noqa: F401 - loaded for the probability and statistics checks

    solve_dict("d/dx sin(x^2)")
    solve_dict("P(X <= 1) where X ~ Poisson(2)")
    from .figures import warm as warm_figures  # matplotlib and its font cache, for the first figure

    warm_figures()


def handle(request: dict) -> dict:
    """One request: ``{"op": "solve"|"parse"|"check"|"hint", "problem": str, …}``."""
    limits = request.get("limits") or DEFAULT_LIMITS
    op = request["op"]
    if op == "parse":
        return parse_dict(request["problem"], limits)
    if op == "check":
        return tutor.check(request["problem"], request["answer"], request.get("work"),
                           reveal=request.get("reveal", True), limits=limits)
    if op == "hint":
        return tutor.hint(request["problem"], request.get("work"), limits=limits)
    return solve_dict(request["problem"], request.get("format") or "json", limits, request.get("reveal"),
                      figures=bool(request.get("figures")))
