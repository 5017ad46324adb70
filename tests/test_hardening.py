"""Hostile and expensive input: every answer is a typed error or a solution, within the
time limit, and the service keeps serving.  Also the result cache, in process and shared."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import create_app
from api.cache import MemoryCache, key
from grammar import Limits, StepsolverError, TooExpensive, parse
from solver.worker import SolverProcess

ROOT = Path(__file__).resolve().parent.parent
OK_STATUSES = {200, 400, 413, 422}


@pytest.fixture(scope="module")
def client():
    app = create_app({"TIME_LIMIT": 3.0, "CACHE_SIZE": 0})
    yield app.test_client()
    app.extensions["stepsolver"].close()


def assert_answered(response):
    assert response.status_code in OK_STATUSES, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert body is not None
    if response.status_code != 200:
        assert set(body["error"]) >= {"code", "message", "line", "column", "hint"}
    assert "Traceback" not in response.get_data(as_text=True)


def regressions():
    lines = (ROOT / "tests" / "regressions.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("problem", regressions(), ids=lambda v: v[:50])
def test_every_regression_is_answered(client, problem):
    start = time.monotonic()
    assert_answered(client.post("/api/v1/solve", json={"problem": problem}))
    assert time.monotonic() - start < 6.0


@pytest.mark.parametrize(("problem", "status", "code"), [
    ("d/dx 2^2^2^2^2^2", 422, "too_expensive"),
    ("d/dx (10^9)!", 422, "too_expensive"),
    ("d/dx " + "(" * 4990 + "x" + ")" * 4990, 422, "too_expensive"),
    ("d/dx x" + " + x" * 12_500, 413, "input_too_long"),
    ("det [" + "; ".join(" ".join(f"a{i}{j}" for j in range(40)) for i in range(40)) + "]", 422, "too_expensive"),
    ("integrate x^x dx", 422, "no_elementary_antiderivative"),
    ("__import__('os').system('ls')", 400, "parse_error"),
], ids=lambda v: v[:40] if isinstance(v, str) else None)
def test_published_limits_hold_beyond_the_limit(client, problem, status, code):
    response = client.post("/api/v1/solve", json={"problem": problem})
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["code"] == code


ALPHABET = list("0123456789xyzabXYPE+-*/^!()[]|,;=<>.~ ²√∫πθ'") + [
    "sin", "cos", "ln", "log_2", "d/dx", "derivative of", "integrate", " dx", "from", "to", "rref", "det",
    "P(", "where", "~", "Binomial(", "N(", "mean of", "choose", "solve", "gradient of", "limit of", " as ", "->"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(ALPHABET), max_size=25).map("".join))
def test_the_parser_only_ever_raises_its_own_errors(text):
    try:
        parse(text)
    except StepsolverError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=20).map("".join))
def test_the_api_answers_generated_problems(client, text):
    assert_answered(client.post("/api/v1/solve", json={"problem": text}))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300))
def test_random_bytes_are_a_400_not_a_500(client, body):
    response = client.post("/api/v1/solve", data=body, content_type="application/json")
    assert response.status_code in (400, 413, 422)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=60))
def test_any_unicode_text_is_answered(client, text):
    assert_answered(client.post("/api/v1/solve", json={"problem": text}))


def hog(request):  # module level: the solving process is forked, the function is called there
    blocks = []
    while True:
        blocks.append(bytearray(256 * 1024 * 1024))


def test_memory_limit_stops_a_runaway_and_the_process_is_replaced():
    runner = SolverProcess(hog, Limits(time_limit=10.0, memory_mb=256), queue_wait=5)
    try:
        start = time.monotonic()
        with pytest.raises(StepsolverError) as caught:
            runner.run({"op": "solve", "problem": "x"})
        assert caught.value.http_status == 422
        assert isinstance(caught.value, TooExpensive) or caught.value.code == "too_expensive"
        assert time.monotonic() - start < 5
    finally:
        runner.close()


# ----------------------------------------------------------------------------- the cache
def test_cache_key_ignores_spacing_but_not_meaning():
    assert key({"op": "solve", "problem": "d/dx  sin(x^2) "}) == key({"op": "solve", "problem": "d/dx sin(x^2)"})
    assert key({"op": "solve", "problem": "d/dx sin(x^2)"}) != key({"op": "solve", "problem": "d/dx sin(x^3)"})
    assert key({"op": "solve", "problem": "x", "format": "json"}) != key({"op": "solve", "problem": "x",
                                                                          "format": "text"})


def test_memory_cache_is_bounded_and_least_recently_used_goes_first():
    cache = MemoryCache(size=2)
    cache.set("a", "1")
    cache.set("b", "2")
    assert cache.get("a") == "1"
    cache.set("c", "3")
    assert cache.get("b") is None and cache.get("a") == "1" and cache.get("c") == "3"


def test_repeated_requests_are_served_from_the_cache():
    app = create_app({"CACHE_SIZE": 64, "WARM": False})
    try:
        client = app.test_client()
        first = client.post("/api/v1/solve", json={"problem": "integrate x e^x dx"}).get_json()
        again = client.post("/api/v1/solve", json={"problem": "integrate   x e^x dx"}).get_json()
        assert first == again
        cache = app.extensions["stepsolver.cache"]
        assert cache.hits == 1
        error = client.post("/api/v1/solve", json={"problem": "d/dx sinn x"})
        repeated = client.post("/api/v1/solve", json={"problem": "d/dx sinn x"})
        assert error.status_code == repeated.status_code == 400
        assert error.get_json() == repeated.get_json()
        assert cache.hits == 2
    finally:
        app.extensions["stepsolver"].close()


@pytest.fixture(scope="module")
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def test_replicas_share_results_through_redis(redis_url):
    first = create_app({"CACHE_URL": redis_url, "WARM": False, "ISOLATE": False})
    second = create_app({"CACHE_URL": redis_url, "WARM": False, "ISOLATE": False})
    try:
        problem = {"problem": f"d/dx x^{os.getpid() % 97 + 2} sin x"}
        a = first.test_client().post("/api/v1/solve", json=problem).get_json()
        b = second.test_client().post("/api/v1/solve", json=problem).get_json()
        assert a == b
        assert second.extensions["stepsolver.cache"].hits == 1
        assert first.extensions["stepsolver.cache"].misses == 1
    finally:
        first.extensions["stepsolver"].close()
        second.extensions["stepsolver"].close()


def test_a_redis_outage_only_means_no_cache():
    app = create_app({"CACHE_URL": "redis://127.0.0.1:1/0", "WARM": False, "ISOLATE": False})
    try:
        response = app.test_client().post("/api/v1/solve", json={"problem": "d/dx x^2"})
        assert response.status_code == 200
    finally:
        app.extensions["stepsolver"].close()
