"""Property test: integrate the derivative of a random elementary function.

F is built from x, small integers, +, *, integer powers, sin, cos, exp, ln(x) and sqrt(x)
(depth <= 2); the integrand is f = simplify(F'), written as problem text by a small printer
of our own.  Whatever antiderivative the engine returns must differentiate back to f
(numerically, where f is real) and be verified.  An integral the engine declines
(UnsupportedProblem, TooExpensive, a time limit) is assumed away, but counted: refusals
must stay a small minority, checked by the last test of this module.
"""

from __future__ import annotations

import math
import signal
from collections import Counter

import pytest
import sympy
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from sympy.integrals import manualintegrate as sympy_manualintegrate

import grammar
from grammar import make_symbol
from solver import solve

x = make_symbol("x")
C = sympy.Symbol("C")
SECONDS = 5.0            # per example (the service allows 10 s; a longer solve here only slows the run)
MAX_REFUSED_SHARE = 0.30
OUTCOMES: Counter[str] = Counter()  # "solved" / "refused", over this module's property examples

# ----------------------------------------------------------------------------- random F
UNARY = {"sin": sympy.sin, "cos": sympy.cos, "exp": sympy.exp}
LEAF_FUNCTIONS = {"ln": sympy.log, "sqrt": sympy.sqrt}  # of x only: ln(x), sqrt(x)


@st.composite
def functions(draw, depth: int = 2):
    """An expression in x of depth <= ``depth``."""
    if depth == 0 or draw(st.integers(min_value=0, max_value=3)) == 0:
        kind = draw(st.sampled_from(("x", "x", "int", "ln", "sqrt")))
        if kind == "x":
            return x
        if kind == "int":
            return sympy.Integer(draw(st.integers(min_value=-3, max_value=4)))
        return LEAF_FUNCTIONS[kind](x)
    head = draw(st.sampled_from(("add", "mul", "pow", *UNARY)))
    child = functions(depth - 1)
    if head == "add":
        return draw(child) + draw(child)
    if head == "mul":
        return draw(child) * draw(child)
    if head == "pow":
        return draw(child) ** draw(st.sampled_from((-1, 2, 3)))
    return UNARY[head](draw(child))


# ----------------------------------------------------------------------------- the printer
_NAMES = {sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan", sympy.cot: "cot", sympy.sec: "sec",
          sympy.csc: "csc", sympy.exp: "exp", sympy.log: "ln", sympy.sinh: "sinh", sympy.cosh: "cosh",
          sympy.tanh: "tanh", sympy.Abs: "abs"}


def to_text(expr) -> str:
    """``expr`` in the problem language: brackets everywhere, ``^``, calls with parentheses."""
    if expr.is_Symbol:
        return expr.name
    if expr is sympy.E:
        return "e"
    if expr is sympy.pi:
        return "pi"
    if expr.is_Integer:
        return f"({expr})" if expr < 0 else str(expr)
    if expr.is_Rational:
        return f"({expr.p}/{expr.q})"
    if expr.is_Add:
        return "(" + " + ".join(to_text(a) for a in expr.args) + ")"
    if expr.is_Mul:
        return "(" + " * ".join(to_text(a) for a in expr.args) + ")"
    if expr.is_Pow:
        if expr.exp == sympy.S.Half:
            return f"sqrt({to_text(expr.base)})"
        return f"({to_text(expr.base)})^({to_text(expr.exp)})"
    if type(expr) in _NAMES:
        return f"{_NAMES[type(expr)]}({to_text(expr.args[0])})"
    raise ValueError(f"no text for {expr!r}")


# ----------------------------------------------------------------------------- numbers
POINTS = (0.37, 0.71, 1.13, 1.61, 2.29, 3.07, -0.43, -0.89, -1.37, -2.47)


def _value(expr, point) -> complex | None:
    try:
        v = complex(expr.xreplace({x: sympy.Float(point, 30)}).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return v if math.isfinite(v.real) and math.isfinite(v.imag) and abs(v) < 1e12 else None


def _real(expr, point) -> float | None:
    v = _value(expr, point)
    return v.real if v is not None and abs(v.imag) <= 1e-12 else None


def assert_same_function(got, expected, needed: int = 3) -> None:
    """Equal at every point where ``expected`` is real, and there are at least ``needed`` of them."""
    agree = 0
    for p in POINTS:
        e = _real(expected, p)
        if e is None:
            continue
        g = _value(got, p)
        assert g is not None and abs(g - e) <= 1e-7 * max(1.0, abs(e)), f"at x = {p}: {g} vs {e}"
        agree += 1
    assert agree >= needed, f"{expected} is real at only {agree} sample points"


class _OutOfTime(BaseException):
    """Not an Exception, so no ``except Exception`` inside sympy swallows it."""


def _out_of_time(signum, frame):
    raise _OutOfTime()


def solve_within(text: str, seconds: float = SECONDS):
    """``solve`` under a deadline, as the solving process runs it (the same setitimer mechanism)."""
    previous = signal.signal(signal.SIGALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return solve(text)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ----------------------------------------------------------------------------- the property
@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(F=functions())
def test_integral_of_a_derivative_differentiates_back(F):
    assume(F.has(x) and sympy.count_ops(F) < 30)
    f = sympy.simplify(sympy.diff(F, x))
    assume(f != 0 and not f.has(sympy.zoo, sympy.nan))
    text = f"integrate {to_text(f)} dx"
    assert_same_function(grammar.parse(text).expr, f, needed=1)  # the printer wrote what f is
    # A process-wide counter in sympy's parts search leaks between solves (see the strict xfail
    # test_parts_counter_does_not_leak_between_solves in test_integrals.py); start each example fresh.
    sympy_manualintegrate._parts_u_cache.clear()
    try:
        solution = solve_within(text)
    except (grammar.UnsupportedProblem, grammar.TooExpensive, grammar.TimeLimit, _OutOfTime) as exc:
        OUTCOMES["refused"] += 1
        event(f"refused: {getattr(exc, 'code', 'time_limit')}")
        assume(False)
    OUTCOMES["solved"] += 1
    event("solved")
    assert solution.kind == "integral"
    antiderivative = solution.answer - C
    assert not antiderivative.has(C, sympy.Integral)
    assert_same_function(sympy.diff(antiderivative, x), f)
    assert solution.verified is True, (text, solution.verification.failed)


@pytest.mark.parametrize(("expr", "text"), [
    (x**2 * sympy.cos(x) + 2 * x * sympy.sin(x), "(((x)^(2) * cos(x)) + (2 * x * sin(x)))"),
    (sympy.exp(x) / sympy.sqrt(x), "((x)^((-1/2)) * exp(x))"),
    (sympy.log(x) + 1, "(1 + ln(x))"),
    (-3 * sympy.sin(3 * x), "((-3) * sin((3 * x)))"),
], ids=str)
def test_printer_examples(expr, text):
    """The property's printer, pinned: it writes these, and they read back as the same expression."""
    assert to_text(expr) == text
    assert sympy.simplify(grammar.parse(f"integrate {text} dx").expr - expr) == 0


def test_refusals_are_a_small_minority():
    """Runs after the property (file order): of the integrands it tried, few were refused."""
    tried = OUTCOMES["solved"] + OUTCOMES["refused"]
    if tried < 20:
        pytest.skip("the property test did not run in this session")
    share = OUTCOMES["refused"] / tried
    assert share < MAX_REFUSED_SHARE, f"{OUTCOMES['refused']} of {tried} derivatives were refused ({share:.0%})"
