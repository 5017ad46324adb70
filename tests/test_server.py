"""The real thing: `stepsolver serve` (gunicorn, sync workers, --preload) on loopback."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port, method, path, body=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--workers", "2", "--time-limit", "3"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)))
    deadline = time.monotonic() + 30
    while True:
        try:
            if _request(port, "GET", "/api/v1/healthz", timeout=2)[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            pytest.fail("the server did not start")
        time.sleep(0.2)
    yield port
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def test_solves_the_headline_problem(server):
    status, body = _request(server, "POST", "/api/v1/solve", {"problem": "derivative of x^2 e^(3x) / sin x"})
    assert status == 200
    assert body["verified"] is True
    assert body["steps"][0]["rule"] == "quotient_rule"
    assert body["answer"]["sympy"] == "x*(-x*cos(x) + (3*x + 2)*sin(x))*exp(3*x)/sin(x)**2"


def test_parse_error_is_located(server):
    status, body = _request(server, "POST", "/api/v1/solve", {"problem": "d/dx sinn x"})
    assert status == 400
    assert body["error"]["code"] == "parse_error"
    assert body["error"]["column"] == 6
    assert "sin" in body["error"]["hint"]


def test_keeps_serving_while_a_problem_runs_into_the_time_limit(server):
    import threading

    slow = {}

    def run_slow():
        slow["result"] = _request(server, "POST", "/api/v1/solve",
                                  {"problem": "d/dx " + " ".join(f"sin(x^{k} + {k})^{k}" for k in range(2, 40))})

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    status, body = _request(server, "POST", "/api/v1/solve", {"problem": "d/dx sin(x^2)"})
    assert status == 200 and body["answer"]["sympy"] == "2*x*cos(x**2)"
    assert time.monotonic() - start < 2.5  # answered by the other worker, not queued behind
    thread.join(timeout=20)
    status, body = slow["result"]
    assert status in (200, 422)
    if status == 422:
        assert body["error"]["code"] == "time_limit"
