"""The ``/api/v1`` blueprint: read the request, hand it to the solving process, answer."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from grammar import InputTooLong, ParseError, StepsolverError
from solver.service import FORMATS

from .cache import cached_run

bp = Blueprint("api_v1", __name__)


class BadRequest(StepsolverError):
    code = "invalid_request"
    http_status = 400


def _body() -> dict:
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep: unreadable, not a server fault
        data = None
    if data is None:
        raise BadRequest("the request body must be a JSON object",
                         hint='send {"problem": "derivative of x^2"} with Content-Type: application/json')
    if not isinstance(data, dict):
        raise BadRequest("the request body must be a JSON object, not a list or a value",
                         hint='send {"problem": "…"}')
    return data


def _problem(data: dict) -> str:
    problem = data.get("problem")
    if problem is None:
        raise BadRequest("the field 'problem' is missing", hint='send {"problem": "derivative of x^2"}')
    if not isinstance(problem, str):
        raise BadRequest(f"'problem' must be a string, not {type(problem).__name__}",
                         hint='send the problem as text: {"problem": "d/dx sin x"}')
    bad = next((k for k, ch in enumerate(problem) if "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:  # a lone surrogate: not text any printer or encoder can handle
        line = problem.count("\n", 0, bad) + 1
        column = bad - (problem.rfind("\n", 0, bad) + 1) + 1
        raise ParseError("the problem contains an invalid character (a lone UTF-16 surrogate)",
                         line=line, column=column, hint="send the problem as valid UTF-8 text")
    limit = current_app.extensions["stepsolver.limits"].max_input_chars
    if len(problem) > limit:
        raise InputTooLong(f"the input is {len(problem)} characters long; the limit is {limit}",
                           hint="paste one problem at a time")
    return problem


def _run(payload: dict) -> dict:
    runner = current_app.extensions["stepsolver"]
    cache = current_app.extensions.get("stepsolver.cache")
    return cached_run(cache, runner, payload) if cache is not None else runner.run(payload)


def _text_field(data: dict, name: str, example: str) -> str:
    value = data.get(name)
    if value is None:
        raise BadRequest(f"the field '{name}' is missing", hint=f'send {{"{name}": "{example}"}}')
    if not isinstance(value, str):
        raise BadRequest(f"'{name}' must be a string, not {type(value).__name__}", hint=f'"{name}": "{example}"')
    return _problem({"problem": value})


def _work(data: dict) -> list[str] | None:
    work = data.get("work")
    if work is None:
        return None
    if not isinstance(work, list) or not all(isinstance(line, str) for line in work):
        raise BadRequest("'work' must be a list of strings, one line each", hint='"work": ["2x cos(x^2)"]')
    if len(work) > 50:
        raise BadRequest("at most 50 lines of work are checked at once")
    return [_problem({"problem": line}) for line in work]


def _reveal(data: dict):
    reveal = data.get("reveal")
    if reveal is None:
        return None
    if isinstance(reveal, bool) or not isinstance(reveal, int) or reveal < 0:
        raise BadRequest("'reveal' must be a whole number ≥ 0 (how many steps to show)", hint='"reveal": 1')
    return reveal


@bp.post("/solve")
def solve():
    data = _body()
    problem = _problem(data)
    fmt = data.get("format", "json")
    if fmt is None:
        fmt = "json"
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise BadRequest(f"'format' must be one of {', '.join(FORMATS)}", hint='for example "format": "markdown"')
    payload = {"op": "solve", "problem": problem, "format": fmt, "reveal": _reveal(data)}
    figures = data.get("figures", False)
    if figures is not None and not isinstance(figures, bool):
        raise BadRequest(f"'figures' must be true or false, not {type(figures).__name__}", hint='"figures": true')
    if figures:  # only when asked, so a request without figures keeps its cache key
        payload["figures"] = True
    return jsonify(_run(payload))


@bp.post("/check")
def check():
    data = _body()
    problem = _problem(data)
    answer = _text_field(data, "answer", "2x cos(x^2)")
    reveal = data.get("reveal", 1)
    if isinstance(reveal, bool) or reveal not in (0, 1):
        raise BadRequest("'reveal' must be 0 (hide the expected answer) or 1", hint='"reveal": 0')
    return jsonify(_run({"op": "check", "problem": problem, "answer": answer, "work": _work(data),
                         "reveal": reveal == 1}))


@bp.post("/hint")
def hint():
    data = _body()
    return jsonify(_run({"op": "hint", "problem": _problem(data), "work": _work(data)}))


@bp.post("/parse")
def parse():
    data = _body()
    return jsonify(_run({"op": "parse", "problem": _problem(data)}))


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/openapi.json")
def openapi_json():
    from . import __version__
    from .openapi import openapi

    return jsonify(openapi(__version__))


@bp.get("/tools.json")
def tools_json():
    from .openapi import tools

    return jsonify(tools())


@bp.get("/")
def index():
    """What this API offers, for a person or a client finding its way (the page is at ``/``)."""
    from . import __version__  # here, not at the top: the package imports this module

    return jsonify({
        "name": "stepsolver", "version": __version__,
        "endpoints": {"POST /api/v1/solve": "worked solution", "POST /api/v1/parse": "how the input was read",
                      "POST /api/v1/check": "is a student's answer right",
                      "POST /api/v1/hint": "the next step only", "GET /api/v1/healthz": "liveness",
                      "GET /": "the web page"},
        "example": {"problem": "derivative of x^2 e^(3x) / sin x"},
    })
