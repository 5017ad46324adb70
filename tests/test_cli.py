"""The ``stepsolver`` command, run in-process through ``api.cli.main`` (and once for real)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy

from api.cli import main

ROOT = Path(__file__).resolve().parents[1]
QUOTIENT = "derivative of x^2 e^(3x) / sin x"
SLOW = "d/dx " + " ".join(f"sin(x^{k} + {k})^{k}" for k in range(2, 40))  # > 5 s without a limit


def test_solve_prints_the_worked_steps(capsys):
    assert main(["solve", QUOTIENT]) == 0
    out, err = capsys.readouterr()
    assert "Quotient rule" in out
    assert "Product rule" in out and "Chain rule" in out
    assert "Answer:" in out
    assert "verified" in out
    assert "not verified" not in out
    assert err == ""


def test_solve_json_is_parseable(capsys):
    assert main(["solve", "--format", "json", "d/dx sin(x^2)"]) == 0
    out, _ = capsys.readouterr()
    body = json.loads(out)
    x = sympy.Symbol("x")
    assert body["kind"] == "derivative"
    assert sympy.sympify(body["answer"]["sympy"]) == 2 * x * sympy.cos(x**2)
    assert body["verified"] is True
    assert body["steps"][0]["rule"] == "chain_rule"
    assert "rendered" not in body
    assert "2x·cos(x²)" in out  # not escaped to \u00b2


@pytest.mark.parametrize("fmt, markers", [
    ("latex", [r"\begin{align*}", r"\end{align*}", r"\documentclass"]),
    ("markdown", ["$", "### Answer"]),
    ("text", ["Answer:", "Chain rule"]),
])
def test_solve_other_formats(capsys, fmt, markers):
    assert main(["solve", "--format", fmt, "d/dx sin(x^2)"]) == 0
    out, _ = capsys.readouterr()
    for marker in markers:
        assert marker in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["solve", "--format", "pdf", "d/dx x"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_parse_prints_the_kind(capsys):
    assert main(["parse", "d/dx sin x"]) == 0
    out, _ = capsys.readouterr()
    assert "kind: derivative" in out
    assert "sympy: Derivative(sin(x), x)" in out


def test_parse_prints_assumptions(capsys):
    assert main(["parse", "partial derivative of x^2 y with respect to x"]) == 0
    out, _ = capsys.readouterr()
    assert "kind: partial_derivative" in out
    assert "assumption: y is treated as constant" in out


@pytest.mark.parametrize("command", ["solve", "parse"])
def test_a_parse_error_shows_a_caret_and_a_hint(capsys, command):
    rc = main([command, "d/dx sinn x"])
    assert rc != 0
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("error (parse_error)")
    assert "sinn" in lines[0]
    # The problem, then a caret under column 6 (both indented by two spaces).
    assert "  d/dx sinn x" in lines
    caret = lines[lines.index("  d/dx sinn x") + 1]
    assert caret == "  " + " " * 5 + "^"
    hint = [line for line in lines if line.startswith("hint:")]
    assert hint and "sin" in hint[0]
    assert "Traceback" not in err


def test_a_problem_that_cannot_be_done_is_non_zero(capsys):
    assert main(["solve", "x^2"]) not in (0, None)
    _, err = capsys.readouterr()
    assert "error (unsupported)" in err
    assert "hint:" in err


def test_time_limit_option(capsys):
    start = time.monotonic()
    rc = main(["solve", "--time-limit", "1", SLOW])
    assert time.monotonic() - start < 1.0 + 2.0
    assert rc != 0
    _, err = capsys.readouterr()
    assert "error (time_limit)" in err


def test_serve_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--time-limit" in out


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2


def test_the_real_command_line():
    result = subprocess.run([sys.executable, "-m", "api", "solve", "d/dx sin(x^2)"], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2x·cos(x²)" in result.stdout
    assert "Answer:" in result.stdout
