"""The HTTP API through Flask's test client: solutions, formats, every error, time limits.

The contract under test is /work/shared/spec/problems.md ("What a solution says" and the
status-code paragraph): 400 unreadable text or JSON, 413 over a length limit, 422 a
well-formed problem that cannot be done (including ``time_limit``), 503 only when no solver
is free within the queue wait, never any other 5xx, never a traceback in a body.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest
import sympy

from api import create_app
from grammar import Limits, StepsolverError, TimeLimit
from solver.service import handle
from solver.worker import SolverProcess

x, y = sympy.symbols("x y")

# Measured with solver.solve and no limit: still running after 20 s (expanding and
# verifying a product of three 9999th powers).  It passes every guard of the parser.
SLOW = "d/dx " + " ".join(f"sin(x^{k} + {k})^{k}" for k in range(2, 40))  # passes every guard; > 5 s
FAST = "d/dx sin(x^2)"

ERROR_KEYS = {"code", "message", "line", "column", "hint"}
STEP_KEYS = {"number", "rule", "title", "explanation", "before", "after", "substeps", "verified"}
MATH_KEYS = {"text", "latex", "mathml", "sympy"}


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module", autouse=True)
def _warm_parent():
    """Build the parser once here, so every forked solving process starts with it."""
    handle({"op": "solve", "problem": FAST})


def _close(app) -> None:
    app.extensions["stepsolver"].close()


@pytest.fixture(params=[True, False], ids=["isolated", "inprocess"])
def app(request):
    """The app with both runners: a forked, killable solver (production) and in-process."""
    app = create_app({"ISOLATE": request.param, "TIME_LIMIT": 10.0, "CACHE_SIZE": 0})
    yield app
    _close(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_app():
    """Build apps with special settings; every runner is closed at teardown."""
    made = []

    def build(**config):
        # These tests are about the solving process, so no result cache answers for it.
        app = create_app({"CACHE_SIZE": 0, **config})
        made.append(app)
        return app

    yield build
    for app in made:
        _close(app)


# ------------------------------------------------------------------------------- helpers
def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape, with the expected status, and no traceback anywhere."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert ERROR_KEYS <= set(error)
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["hint"] is None or isinstance(error["hint"], str)
    if code is not None:
        assert error["code"] == code, error
    assert_no_traceback(response)
    return error


def assert_no_traceback(response) -> None:
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    assert 'File "' not in text
    assert ".py\", line" not in text


def assert_same_function(got, expected, symbols) -> None:
    """Equal as functions: ``sympify`` makes plain symbols, so compare numerically."""
    points = [(0.37, 1.21), (0.91, -0.64), (1.43, 0.29), (2.17, 1.88)]
    free = sorted(got.free_symbols | expected.free_symbols, key=str)
    assert {str(s) for s in free} <= {str(s) for s in symbols}, free
    for point in points:
        values = {s: point[i] for i, s in enumerate(symbols)}
        subs = {s: values[sympy.Symbol(str(s))] for s in free}
        a = complex(sympy.N(got.subs(subs), 30))
        b = complex(sympy.N(expected.subs(subs), 30))
        assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (point, a, b)


def walk_steps(steps, prefix: str = ""):
    for index, step in enumerate(steps, start=1):
        yield step, f"{prefix}{index}"
        yield from walk_steps(step["substeps"], f"{prefix}{index}.")


def post(client, path: str, payload) -> object:
    return client.post(f"/api/v1/{path}", json=payload)


# ------------------------------------------------------------------------------ success
SOLVED = [
    pytest.param("derivative of x^2 e^(3x) / sin x", "derivative", x**2 * sympy.exp(3 * x) / sympy.sin(x),
                 (x, 1), id="quotient"),
    pytest.param("d/dx sin(x^2)", "derivative", sympy.sin(x**2), (x, 1), id="chain"),
    pytest.param("second derivative of x^3 sin x", "derivative", x**3 * sympy.sin(x), (x, 2), id="second"),
    pytest.param("d^2/dx^2 e^(x^2)", "derivative", sympy.exp(x**2), (x, 2), id="d2dx2"),
    pytest.param("partial derivative of x^2 y + sin(x y) with respect to y", "partial_derivative",
                 x**2 * y + sympy.sin(x * y), (y, 1), id="partial"),
]


@pytest.mark.parametrize("problem, kind, f, wrt", SOLVED)
def test_solve_returns_a_verified_worked_solution(client, problem, kind, f, wrt):
    response = post(client, "solve", {"problem": problem})
    assert response.status_code == 200
    assert response.is_json
    body = response.get_json()

    assert body["kind"] == kind
    assert MATH_KEYS | {"input"} <= set(body["problem"])
    assert body["problem"]["input"] == problem
    assert MATH_KEYS <= set(body["answer"])
    for part in (body["problem"], body["answer"]):
        assert all(isinstance(part[k], str) and part[k] for k in MATH_KEYS)
        assert part["mathml"].startswith("<math")

    expected = sympy.diff(f, *wrt)
    answer = sympy.sympify(body["answer"]["sympy"])
    assert_same_function(answer, expected, (x, y))
    # The problem's own machine form reads back as the derivative it asks for.
    assert_same_function(sympy.sympify(body["problem"]["sympy"]).doit(), expected, (x, y))

    assert body["steps"], "a worked solution has steps"
    for step, number in walk_steps(body["steps"]):
        assert STEP_KEYS <= set(step), step.keys()
        assert step["number"] == number
        assert isinstance(step["rule"], str) and step["rule"]
        assert step["rule"] == step["rule"].strip().lower(), "rules are stable identifiers"
        assert isinstance(step["title"], str) and step["title"]
        assert step["explanation"]
        assert isinstance(step["substeps"], list)
        assert step["verified"] is True
        for side in ("before", "after"):
            assert MATH_KEYS <= set(step[side])

    assert body["verified"] is True
    verification = body["verification"]
    assert {"summary", "checks", "failed"} <= set(verification)
    assert isinstance(verification["summary"], str) and verification["summary"]
    assert verification["checks"]
    assert all(check["passed"] is True for check in verification["checks"])
    assert verification["failed"] is None
    assert "rendered" not in body and "format" not in body


def test_chain_rule_answer_is_exactly_2x_cos_x2(client):
    body = post(client, "solve", {"problem": "d/dx sin(x^2)"}).get_json()
    assert sympy.sympify(body["answer"]["sympy"]) == 2 * x * sympy.cos(x**2)
    assert body["answer"]["text"] == "2x·cos(x²)"
    assert [step["rule"] for step in body["steps"]] == ["chain_rule"]
    assert len(body["steps"][0]["substeps"]) == 2  # the outer and the inner derivative


def test_quotient_rule_is_named_first(client):
    body = post(client, "solve", {"problem": "derivative of x^2 e^(3x) / sin x"}).get_json()
    assert body["steps"][0]["rule"] == "quotient_rule"
    rules = {step["rule"] for step, _ in walk_steps(body["steps"])}
    assert {"quotient_rule", "product_rule", "chain_rule"} <= rules


def test_partial_derivative_states_its_assumption(client):
    body = post(client, "solve", {"problem": "partial derivative of x^2 y + sin(x y) with respect to y"}).get_json()
    assert body["kind"] == "partial_derivative"
    assert any("x" in note and "constant" in note for note in body["assumptions"]), body["assumptions"]


@pytest.mark.parametrize("fmt, marker", [("text", "Answer"), ("markdown", "$"), ("latex", r"\begin{align*}")])
def test_every_rendered_format(client, fmt, marker):
    response = post(client, "solve", {"problem": "derivative of x^2 e^(3x) / sin x", "format": fmt})
    assert response.status_code == 200
    body = response.get_json()
    assert body["format"] == fmt
    assert isinstance(body["rendered"], str) and marker in body["rendered"]
    # A rendered format adds to the JSON solution; it replaces nothing.
    assert body["kind"] == "derivative" and body["steps"] and body["verified"] is True
    assert sympy.sympify(body["answer"]["sympy"]).has(sympy.exp(3 * x))


def test_json_format_has_no_rendered_text(client):
    for payload in ({"problem": FAST, "format": "json"}, {"problem": FAST}):
        body = post(client, "solve", payload).get_json()
        assert "rendered" not in body
        assert "format" not in body


def test_parse_says_how_the_input_was_read(client):
    response = post(client, "parse", {"problem": "partial derivative of x^2 y with respect to x"})
    assert response.status_code == 200
    body = response.get_json()
    assert {"kind", "text", "latex", "mathml", "sympy", "variable", "order", "assumptions"} <= set(body)
    assert body["kind"] == "partial_derivative"
    assert body["variable"] == "x"
    assert body["order"] == 1
    assert body["assumptions"] == ["y is treated as constant"]
    assert sympy.sympify(body["sympy"]) == sympy.Derivative(x**2 * y, x)

    body = post(client, "parse", {"problem": "second derivative of sin x"}).get_json()
    assert (body["kind"], body["variable"], body["order"], body["assumptions"]) == ("derivative", "x", 2, [])


def test_healthz_and_index(client):
    response = client.get("/api/v1/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.get_json()["name"] == "stepsolver"
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"


# ------------------------------------------------------------------------------- errors
@pytest.mark.parametrize("path", ["solve", "parse"])
@pytest.mark.parametrize("problem, column, hint_has", [
    ("d/dx sinn x", 6, "sin"),
    ("x +", 4, ""),
    ("sin(x", 4, ")"),
    ("d/dx blorp(x^2)", 6, ""),
    ("d/dx x $ 2", 8, "$"),
])
def test_parse_errors_are_400_with_a_location_and_a_hint(client, path, problem, column, hint_has):
    error = assert_error(post(client, path, {"problem": problem}), 400, "parse_error")
    assert error["line"] == 1
    assert error["column"] == column
    assert error["hint"] and hint_has in error["hint"]
    # The context repeats the line and puts a caret under the column.
    shown, caret = error["context"].split("\n")
    assert shown == problem
    assert caret == " " * (column - 1) + "^"


@pytest.mark.parametrize("problem", ["", "   ", "?"])
def test_an_empty_problem_is_400(client, problem):
    assert_error(post(client, "solve", {"problem": problem}), 400, "parse_error")


@pytest.mark.parametrize("data", [b"{bad", b'{"problem": "d/dx x"', b'{"problem": "d/dx x"} junk', b"",
                                  b'{"problem": "\xff"}'])
def test_malformed_json_is_400(client, data):
    response = client.post("/api/v1/solve", data=data, content_type="application/json")
    assert_error(response, 400, "invalid_request")


@pytest.mark.parametrize("data", [b"[" * 100_000, b'{"problem": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"],
                         ids=["list", "value"])
def test_deeply_nested_json_is_400(client, data):
    response = client.post("/api/v1/solve", data=data, content_type="application/json")
    assert_error(response, 400, "invalid_request")


def test_a_body_without_json_content_type_is_400(client):
    response = client.post("/api/v1/solve", data=b'{"problem": "d/dx x"}', content_type="text/plain")
    assert_error(response, 400, "invalid_request")


@pytest.mark.parametrize("body", [[{"problem": "d/dx x"}], "d/dx x", 3, None],
                         ids=["list", "string", "number", "null"])
def test_a_body_that_is_not_an_object_is_400(client, body):
    response = client.post("/api/v1/solve", data=json.dumps(body), content_type="application/json")
    assert_error(response, 400, "invalid_request")


@pytest.mark.parametrize("path", ["solve", "parse"])
def test_missing_problem_is_400(client, path):
    error = assert_error(post(client, path, {"format": "text"}), 400, "invalid_request")
    assert "problem" in error["message"]
    assert error["hint"]


@pytest.mark.parametrize("path", ["solve", "parse"])
@pytest.mark.parametrize("value", [42, 1.5, None, ["d/dx x"], {"text": "d/dx x"}, True])
def test_problem_of_the_wrong_type_is_400(client, path, value):
    error = assert_error(post(client, path, {"problem": value}), 400, "invalid_request")
    assert "problem" in error["message"]


@pytest.mark.parametrize("fmt", ["pdf", "JSON", "", 1, ["json"], {"f": "json"}])
def test_unknown_format_is_400(client, fmt):
    error = assert_error(post(client, "solve", {"problem": FAST, "format": fmt}), 400, "invalid_request")
    assert "format" in error["message"]


def test_a_body_over_max_content_length_is_413_json(client, app):
    size = app.config["MAX_CONTENT_LENGTH"] + 1
    response = client.post("/api/v1/solve", data=b"x" * size, content_type="application/json")
    assert_error(response, 413, "input_too_long")
    response = post(client, "solve", {"problem": "d/dx " + "x + " * (size // 4) + "x"})
    assert_error(response, 413, "input_too_long")


@pytest.mark.parametrize("path", ["solve", "parse"])
def test_problem_longer_than_max_input_chars_is_413(make_app, path):
    app = make_app(MAX_INPUT_CHARS=40)
    client = app.test_client()
    at_limit = "d/dx " + "x" + " + x" * 8 + "  "   # 40 characters
    assert len(at_limit) == 40
    assert post(client, path, {"problem": at_limit}).status_code == 200
    error = assert_error(post(client, path, {"problem": at_limit + "x"}), 413, "input_too_long")
    assert "40" in error["message"]

    default = make_app().test_client()
    assert_error(post(default, path, {"problem": "d/dx x" + " " * 10_000}), 413, "input_too_long")


def test_a_bare_expression_is_422_unsupported(client):
    error = assert_error(post(client, "solve", {"problem": "x^2"}), 422, "unsupported")
    assert "derivative" in error["hint"]


@pytest.mark.parametrize("problem", ["d/dx 1/0", "d/dx x/0", "d/dx log(x, 1)", "d/dx (-1)!", "d/dx x = 1"])
def test_invalid_arguments_are_422(client, problem):
    assert_error(post(client, "solve", {"problem": problem}), 422, "invalid_argument")


@pytest.mark.parametrize("problem", ["d/dx 2^2^2^2^2^2", "d/dx (10^9)!", "d/dx x^(10^20)", "d/dx 1001!",
                                     "d^11/dx^11 x", "d/dx " + "(" * 70 + "x" + ")" * 70])
def test_too_expensive_is_422(client, problem):
    error = assert_error(post(client, "solve", {"problem": problem}), 422, "too_expensive")
    assert error["message"]


def test_not_found_and_method_not_allowed_use_the_same_error_shape(client):
    assert_error(client.get("/api/v1/nope"), 404, "not_found")
    assert_error(client.post("/nowhere", json={"problem": FAST}), 404, "not_found")
    assert_error(client.get("/api/v1/solve"), 405, "method_not_allowed")
    assert_error(client.get("/api/v1/parse"), 405, "method_not_allowed")
    assert_error(client.post("/api/v1/healthz"), 405, "method_not_allowed")


ODD_INPUTS = [
    "d/dx x\x00", "d/dx x\n+", "d/dx x\n+ 1", "∂/∂x x y", "d/dx |x|", "d/dx oo", "d/dx zoo", "d/dx x!",
    "d/dx 0^0", "d/dx 0/0", "d/dx asin(2)", "d/dx root(x, 0)", "d/dx log_0(x)", "d/dx [[1,2],[3,4]]",
    "integrate x dx", "limit of x as x -> 0", "d/dx x " + "+ x " * 500, "d/dx " + "x^" * 300 + "x",
    "d/dx e^(x^x^x^x)", "d/dx 2^9999 x", "d/dx 1000! x", "((((", "))))", "d/dx d/dx x", "d/dx",
    "derivative of", "𝑥", "d/dx x" * 200, "'; DROP TABLE problems; --", "{{7*7}}", "__import__('os')",
]


@pytest.mark.parametrize("path", ["solve", "parse"])
@pytest.mark.parametrize("problem", ODD_INPUTS, ids=[f"odd{i}" for i in range(len(ODD_INPUTS))])
def test_no_input_ever_gets_a_5xx_or_a_traceback(client, path, problem):
    response = post(client, path, {"problem": problem})
    assert response.status_code in (200, 400, 413, 422), response.get_data(as_text=True)
    assert response.is_json
    assert_no_traceback(response)
    if response.status_code != 200:
        error = assert_error(response, response.status_code)
        assert error["code"] not in ("internal_error", "solver_error"), error


@pytest.mark.parametrize("path", ["solve", "parse"])
@pytest.mark.parametrize("problem", ["d/dx 10^4300 x", "d/dx " + "9" * 5000 + " x"], ids=["power", "literal"])
def test_huge_integers_get_an_answer_or_too_expensive(client, path, problem):
    response = post(client, path, {"problem": problem})
    if response.status_code != 200:
        assert_error(response, 422, "too_expensive")


@pytest.mark.parametrize("path", ["solve", "parse"])
def test_a_lone_surrogate_is_a_located_parse_error(client, path):
    response = client.post(f"/api/v1/{path}", data=b'{"problem": "d/dx \\ud800"}', content_type="application/json")
    error = assert_error(response, 400, "parse_error")
    assert error["column"] == 6


# --------------------------------------------------------------------------- time limit
@pytest.mark.parametrize("isolate", [True, False], ids=["isolated", "inprocess"])
def test_time_limit_is_422_and_the_service_keeps_serving(make_app, isolate):
    app = make_app(TIME_LIMIT=1.0, ISOLATE=isolate)
    client = app.test_client()
    assert post(client, "solve", {"problem": FAST}).status_code == 200  # warm

    start = time.monotonic()
    response = post(client, "solve", {"problem": SLOW})
    elapsed = time.monotonic() - start
    error = assert_error(response, 422, "time_limit")
    assert "1 s" in error["message"]
    assert error["hint"]
    assert 0.9 <= elapsed < 1.0 + 2.0, elapsed

    start = time.monotonic()
    response = post(client, "solve", {"problem": FAST})
    assert response.status_code == 200
    assert sympy.sympify(response.get_json()["answer"]["sympy"]) == 2 * x * sympy.cos(x**2)
    assert time.monotonic() - start < 1.0
    if isolate:
        # A pure-Python runaway is stopped by the soft deadline: the process is kept.
        assert app.extensions["stepsolver"].restarts == 0


# A handler for the solving process, at module level so a forked child can run it.
def stubborn_handler(request: dict) -> dict:
    if request.get("problem") == "block":
        # One long call that never returns to Python's signal handling: SIGALRM is held.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(5)
        return {"late": True}
    if request.get("problem") == "crash":
        os._exit(3)
    return handle(request)


def test_hard_kill_stops_a_process_that_ignores_the_signal():
    runner = SolverProcess(stubborn_handler, Limits(time_limit=0.5), queue_wait=5.0)
    try:
        assert runner.run({"op": "parse", "problem": FAST})["kind"] == "derivative"
        start = time.monotonic()
        with pytest.raises(TimeLimit) as caught:
            runner.run({"op": "solve", "problem": "block"})
        assert time.monotonic() - start < 3.0
        assert caught.value.code == "time_limit" and caught.value.http_status == 422
        assert runner.restarts == 1

        result = runner.run({"op": "solve", "problem": FAST, "format": "json"})
        assert result["answer"]["sympy"] == "2*x*cos(x**2)"
        assert runner.restarts == 1
    finally:
        runner.close()


def test_a_crashed_solving_process_is_replaced():
    runner = SolverProcess(stubborn_handler, Limits(time_limit=2.0), queue_wait=5.0)
    try:
        with pytest.raises(StepsolverError) as caught:
            runner.run({"op": "solve", "problem": "crash"})
        assert caught.value.http_status == 422
        assert runner.restarts == 1
        assert runner.run({"op": "parse", "problem": FAST})["kind"] == "derivative"
    finally:
        runner.close()


def test_hard_kill_through_the_api(make_app):
    app = make_app(TIME_LIMIT=0.5)
    runner = app.extensions["stepsolver"]
    runner.handler = stubborn_handler  # before the first request forks the process
    client = app.test_client()

    start = time.monotonic()
    assert_error(post(client, "solve", {"problem": "block"}), 422, "time_limit")
    assert time.monotonic() - start < 3.0
    assert runner.restarts == 1

    assert_error(post(client, "solve", {"problem": "crash"}), 422)
    assert runner.restarts == 2

    response = post(client, "solve", {"problem": FAST})
    assert response.status_code == 200
    assert response.get_json()["answer"]["text"] == "2x·cos(x²)"


# -------------------------------------------------------------------------- concurrency
def test_health_answers_while_the_solver_is_busy_and_a_queued_solve_gets_503(make_app):
    app = make_app(ISOLATE=True, TIME_LIMIT=3.0, QUEUE_WAIT=0.3)
    client = app.test_client()
    assert post(client, "solve", {"problem": FAST}).status_code == 200  # fork before any thread

    outcome = {}

    def slow_request():
        started = time.monotonic()
        response = app.test_client().post("/api/v1/solve", json={"problem": SLOW})
        outcome["status"] = response.status_code
        outcome["body"] = response.get_json()
        outcome["elapsed"] = time.monotonic() - started

    worker = threading.Thread(target=slow_request, daemon=True)
    worker.start()
    try:
        time.sleep(0.5)
        assert worker.is_alive()

        start = time.monotonic()
        response = client.get("/api/v1/healthz")
        assert response.status_code == 200 and response.get_json() == {"status": "ok"}
        assert client.get("/").status_code == 200
        assert time.monotonic() - start < 0.5

        # The one solver of this serving process is busy past the queue wait: 503, retry later.
        start = time.monotonic()
        response = post(client, "solve", {"problem": FAST})
        assert_error(response, 503, "overloaded")
        assert response.headers["Retry-After"]
        assert 0.25 <= time.monotonic() - start < 1.5
        assert worker.is_alive()
    finally:
        worker.join(timeout=10)
    assert not worker.is_alive()
    assert outcome["status"] == 422 and outcome["body"]["error"]["code"] == "time_limit"
    assert outcome["elapsed"] < 3.0 + 2.0

    assert post(client, "solve", {"problem": FAST}).status_code == 200
    assert app.extensions["stepsolver"].restarts == 0


@pytest.mark.parametrize("problem", [
    "P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05",
    "P(X <= 2) where X ~ Poisson(3)",
    "P(X < 2) where X ~ Geometric(0.3)",
    "integrate x^2 dx from 0 to 1",
    "E[X] where P(X=0)=0.2, P(X=1)=0.5, P(X=2)=0.3",
    "P(A and B) given P(A)=0.5, P(B)=0.4, A and B independent",
])
def test_the_decimal_of_an_exact_answer_is_its_own_value(client, problem):
    """answer.decimal is the exact answer to double precision (2/13 → 0.15384615384615385),
    never a working decimal with stray digits."""
    response = post(client, "solve", {"problem": problem})
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()["answer"]
    assert answer["decimal"] == float(sympy.sympify(answer["sympy"]))
    assert "0000000" not in answer["text"]
