"""Every rule renders in every format, and whole solutions render as problems.md describes."""

from __future__ import annotations

import ast
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from string import Formatter

import pytest
import sympy
from sympy.core.function import AppliedUndef

import solver.calculus.derivative as engine
from grammar import make_symbol
from grammar.functions import relu, sigmoid, softplus
from solver import solve
from solver.render.document import (
    FORMATS,
    RENDERERS,
    sentence,
    title,
    to_dict,
    to_latex_document,
    to_markdown,
    to_plain_text,
)
from solver.render.math import latex_escape, to_latex, to_text
from solver.rules import ROLE_TITLES, RULES, Rule
from solver.steps import Step
from solver.verify import verify

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
ACTIVATIONS = {f.__name__: f for f in (sigmoid, relu, softplus)}
x = make_symbol("x")
y = make_symbol("y")

# One problem whose step tree holds each rule the engine produces.
EXAMPLES: dict[Rule, str] = {
    Rule.CONSTANT: "derivative of 7",
    Rule.VARIABLE: "d/dx x",
    Rule.SUM: "d/dx x^2 + 3x + 1",
    Rule.CONSTANT_MULTIPLE: "d/dx 3x^2",
    Rule.POWER: "d/dx x^-2",
    Rule.PRODUCT: "derivative of x^2 sin x",
    Rule.QUOTIENT: "derivative of x^2 e^(3x) / sin x",
    Rule.CHAIN: "d/dx sin(cos(x^2))^3",
    Rule.EXPONENTIAL: "d/dx 2^x",
    Rule.LOGARITHM: "d/dx log_2 x",
    Rule.TRIG: "d/dx sec x",
    Rule.INVERSE_TRIG: "d/dx asec x",
    Rule.HYPERBOLIC: "d/dx tanh x",
    Rule.ABS: "d/dx |x|",
    Rule.LOGARITHMIC_DIFFERENTIATION: "d/dx x^sin x",
    Rule.HIGHER_ORDER: "third derivative of sin x",
    Rule.SIMPLIFY: "d/dx x e^x",
    Rule.SIGMOID: "d/dx sigmoid x",
    Rule.RELU: "d/dx relu x",
    Rule.SOFTPLUS: "d/dx softplus x",
}

# Whole solutions to render: every example above plus partials and other shapes.
PROBLEMS = sorted(set(EXAMPLES.values()) | {
    "derivative of x^2 y + sin(x y) with respect to y",
    "∂/∂x x^2 y",
    "d/dx x^x",
    "d/dx sqrt(x^2+1)",
    "d/dx acot x",
    "d/dx ln|x|",
    "second derivative of ln(x^2 + 1)",
    "d/dθ sin(θ^2)",
    "d/dx x_1 x",
    "d/dx pi x",
})


def _engine_rules() -> set[Rule]:
    """Every rule the derivative engine can put in a step, read from its source."""
    tree = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    names = {node.attr for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Rule"}
    return {Rule[name] for name in names}


ENGINE_RULES = sorted(_engine_rules(), key=lambda r: r.value)


def _step_of(rule: Rule) -> Step:
    solution = solve(EXAMPLES[rule])
    return next(step for _, step in solution.walk() if step.rule == rule)


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(template) if field}


def _without_math(text: str) -> str:
    return re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "", text, flags=re.S)


def _mathml_root(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{{{MATHML_NS}}}math", markup
    return root


def _real(expr):
    """``sympify`` makes plain symbols and unknown functions; the engine's symbols are real and
    ``sigmoid``, ``relu``, ``softplus`` are the language's own functions."""
    expr = expr.xreplace({s: make_symbol(s.name) for s in expr.atoms(sympy.Symbol)})
    return expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in ACTIVATIONS,
                        lambda e: ACTIVATIONS[e.func.__name__](*e.args))


def _numerically_equal(a, b) -> bool:
    symbols = sorted((a.free_symbols | b.free_symbols), key=lambda s: s.name)
    agree = 0
    for value in (0.37, 1.29, 2.71, -0.53, -1.87, 0.91, 3.3):
        point = {s: sympy.Float(value + 0.11 * j, 30) for j, s in enumerate(symbols)}
        try:
            va, vb = complex(a.xreplace(point).evalf(30)), complex(b.xreplace(point).evalf(30))
        except (TypeError, ValueError):
            continue
        if not all(map(math.isfinite, (va.real, va.imag, vb.real, vb.imag))):
            continue
        if abs(va - vb) > 1e-9 * max(1.0, abs(va), abs(vb)):
            return False
        agree += 1
    return agree >= 3


def _reads_back(machine: str, value) -> bool:
    back = _real(sympy.sympify(machine))
    return back == value or sympy.simplify(back - value) == 0 or _numerically_equal(back, value)


# ------------------------------------------------------------------------------ the rule table
def test_rules_table_is_complete():
    assert set(RULES) == set(Rule)


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_every_rule_has_title_template_and_example(rule):
    info = RULES[rule]
    for text in (info.title, info.template, info.example):
        assert isinstance(text, str) and text.strip()


def test_examples_cover_every_rule_the_engine_produces():
    assert set(ENGINE_RULES) <= set(EXAMPLES)
    assert Rule.CHAIN in ENGINE_RULES and Rule.TRIG in ENGINE_RULES  # TABLE entries are read too


@pytest.mark.parametrize("rule", list(EXAMPLES), ids=str)
def test_example_problem_produces_its_rule(rule):
    assert _step_of(rule).rule == rule


# ------------------------------------------------------------------------------ sentences
@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("rule", ENGINE_RULES, ids=str)
def test_sentence_in_every_format(rule, fmt):
    step = _step_of(rule)
    out = sentence(step, FORMATS[fmt])
    assert out.strip()
    template_fields = _fields(RULES[rule].template)
    prose = _without_math(out) if fmt in ("latex", "markdown") else out
    assert not re.search(r"\{\w*\}", prose), out
    if fmt in ("text", "html"):
        assert "{" not in out and "}" not in out, out
    # every field is filled with the step's own value, printed in this format
    values = {"before": step.before, "after": step.after, **step.parts}
    for name in template_fields - {"identity"}:
        assert FORMATS[fmt].math(values[name]) in out, name
    if fmt == "html":
        root = ET.fromstring(f"<p>{out}</p>")
        maths = list(root)
        assert all(m.tag == f"{{{MATHML_NS}}}math" for m in maths)
        assert len(maths) >= (1 if template_fields else 0)


@pytest.mark.parametrize("rule", ENGINE_RULES, ids=str)
def test_title(rule):
    step = _step_of(rule)
    shown = title(step)
    assert shown and "{" not in shown and "}" not in shown
    if step.role:
        assert shown.startswith(ROLE_TITLES[step.role] + ": ")


def test_chain_rule_substeps_are_titled_by_role():
    solution = solve("d/dx sin(x^2)")
    outer, inner = solution.steps[0].substeps
    assert title(outer) == "Outer function: Trigonometric derivative"
    assert title(inner) == "Inner function: Power rule"


def test_higher_order_title_names_its_order():
    solution = solve("third derivative of sin x")
    assert [title(s) for s in solution.steps] == [f"Derivative of order {k}" for k in (1, 2, 3)]


def test_rule_without_an_engine_step_still_renders():
    """``derivative`` is in the table but no engine step uses it yet; its template must still fill."""
    step = Step(Rule.DERIVATIVE, x**2 * sympy.sin(x), x**2 * sympy.sin(x), {"var": x})
    for fmt in FORMATS.values():
        out = sentence(step, fmt)
        assert not re.search(r"\{\w*\}", _without_math(out))
    assert title(step) == "Differentiate"


# ------------------------------------------------------------------------------ whole solutions
@pytest.fixture(scope="module", params=PROBLEMS)
def solution(request):
    return solve(request.param)


def test_plain_text(solution):
    out = to_plain_text(solution)
    assert "{" not in out and "}" not in out
    assert out.startswith("Problem: ")
    assert "Answer: " in out
    assert "verified: all" in out
    assert "**" not in out  # powers are superscripts or ^, never Python's **
    for number, step in solution.walk():
        assert f"{number}. {title(step)}" in out


def test_markdown(solution):
    out = to_markdown(solution)
    assert not re.search(r"\{\w*\}", _without_math(out))
    assert "### Steps" in out and "### Answer" in out
    for number, _ in solution.walk():
        assert f"**{number}. " in out


def test_latex_document(solution):
    out = to_latex_document(solution)
    assert out.startswith("\\documentclass") and out.rstrip().endswith("\\end{document}")
    assert out.count("\\begin{align*}") == out.count("\\end{align*}") == 1
    assert out.count("{") == out.count("}")
    for number, step in solution.walk():
        assert f"\\text{{({number}) {latex_escape(title(step))}}}" in out
    for note in solution.assumptions:
        assert f"Assumption: {latex_escape(note)}" in out


def test_renderers_registry(solution):
    for name, render in RENDERERS.items():
        assert render(solution).strip(), name


def test_to_dict_shape(solution):
    d = to_dict(solution)
    json.dumps(d)  # JSON-serialisable as it is
    json.dumps(d, ensure_ascii=True)
    assert set(d) >= {"kind", "problem", "assumptions", "answer", "steps", "verified", "verification"}
    assert d["kind"] == solution.kind
    assert set(d["problem"]) >= {"text", "latex", "mathml", "sympy", "input"}
    assert d["problem"]["input"] == solution.problem.text
    assert set(d["answer"]) >= {"text", "latex", "mathml", "sympy"}
    assert d["assumptions"] == list(solution.assumptions)
    assert d["verified"] is True and isinstance(d["verified"], bool)
    assert set(d["verification"]) >= {"summary", "checks", "failed"}
    assert d["verification"]["failed"] is None
    assert len(d["verification"]["checks"]) == len(solution.verification.checks)

    numbers = []

    def visit(step_dicts):
        for s in step_dicts:
            assert set(s) >= {"number", "rule", "title", "explanation", "before", "after", "parts", "verified",
                              "substeps"}
            assert set(s["explanation"]) >= {"text", "latex", "html"}
            assert s["rule"] in {r.value for r in Rule}
            assert s["verified"] is True
            for side in ("before", "after"):
                assert set(s[side]) >= {"text", "latex", "mathml", "sympy"}
            numbers.append(s["number"])
            visit(s["substeps"])

    visit(d["steps"])
    assert numbers == [n for n, _ in solution.walk()]


def test_mathml_is_xml_in_the_mathml_namespace(solution):
    d = to_dict(solution)
    _mathml_root(d["problem"]["mathml"])
    _mathml_root(d["answer"]["mathml"])

    def visit(step_dicts):
        for s in step_dicts:
            _mathml_root(s["before"]["mathml"])
            _mathml_root(s["after"]["mathml"])
            wrapped = ET.fromstring(f"<p>{s['explanation']['html']}</p>")
            assert all(child.tag == f"{{{MATHML_NS}}}math" for child in wrapped)
            visit(s["substeps"])

    visit(d["steps"])


def test_machine_forms_read_back(solution):
    d = to_dict(solution)
    assert _reads_back(d["answer"]["sympy"], solution.answer)
    assert _real(sympy.sympify(d["problem"]["sympy"])) == solution.statement
    for (_, step), s in zip(solution.walk(), _flatten(d["steps"]), strict=True):
        assert _real(sympy.sympify(s["before"]["sympy"])) == step.before
        assert _reads_back(s["after"]["sympy"], step.after)


def _flatten(step_dicts):
    for s in step_dicts:
        yield s
        yield from _flatten(s["substeps"])


# ------------------------------------------------------------------------------ what a student reads
@pytest.mark.parametrize(("text", "shown"), [
    ("derivative of x^2 sin x", ["x²", "2x·sin(x)"]),
    ("d/dx sin(x^2)", ["u = x²", "du/dx = 2x", "cos(x²)"]),
    ("d/dx sin(cos(x^2))^3", ["u = sin(cos(x²))", "v = cos(x²)", "w = x²"]),
    ("d/dx ln x", ["ln(x)", "1/x"]),
    ("d/dx asin x", ["arcsin(x)", "√(1 - x²)"]),
    ("d/dx |x|", ["|x|"]),
    ("d/dx e^(3x)", ["e^(3x)"]),
    ("∂/∂x x^2 y", ["∂/∂x"]),
    ("d/dθ sin(θ^2)", ["θ²"]),
])
def test_text_uses_unicode_math(text, shown):
    out = to_plain_text(solve(text))
    for piece in shown:
        assert piece in out, piece
    assert "log(" not in out and "asin(" not in out and "Abs(" not in out and "sqrt(" not in out


# ------------------------------------------------------------------------------ a failed check, rendered
def test_failed_verification_is_rendered_and_named():
    good = solve("derivative of x^2 sin x")
    first = good.steps[0]
    bad_sub = replace(first.substeps[0], after=first.substeps[0].after + 1)
    spoiled = replace(good, steps=(replace(first, substeps=(bad_sub, *first.substeps[1:])), *good.steps[1:]))
    spoiled = spoiled.with_verification(verify(spoiled))
    d = to_dict(spoiled)
    json.dumps(d)
    assert d["verified"] is False
    assert d["verification"]["failed"]["step"] == "1.1"
    assert d["verification"]["failed"]["rule"] == first.substeps[0].rule.value
    assert "NOT verified" in d["verification"]["summary"] and "1.1" in d["verification"]["summary"]
    assert d["steps"][0]["substeps"][0]["verified"] is False
    assert d["steps"][0]["substeps"][1]["verified"] is True
    assert "NOT verified" in to_plain_text(spoiled)
    assert "NOT verified" in to_markdown(spoiled)
    assert "NOT verified" in to_latex_document(spoiled)


def test_unverified_solution_renders():
    good = solve("d/dx x^2")
    unchecked = replace(good, verification=None)
    assert to_dict(unchecked)["verified"] is False
    assert "not checked" in to_plain_text(unchecked)


@pytest.mark.parametrize("expr, text, tex", [
    (sympy.Limit(sympy.sin(x) / x, x, 0, "+-"), "lim[x→0] sin(x)/x", r"\lim_{x \to 0}"),
    (sympy.Limit(1 / x, x, 0, "+"), "lim[x→0⁺] 1/x", r"\lim_{x \to 0^+}"),
    (sympy.Limit(1 / x, x, 0, "-"), "lim[x→0⁻] 1/x", r"\lim_{x \to 0^-}"),
    (sympy.Dict({sympy.Tuple(-1, 0): sympy.Symbol("saddle"), sympy.Tuple(1, 0): sympy.Symbol("minimum")}),
     "{(-1, 0): saddle, (1, 0): minimum}", r"\left(-1, 0\right): saddle"),
    (sympy.Tuple(sympy.Tuple(1, 2), sympy.Tuple(3, 4)), "(1, 2), (3, 4)", r"\left(1, 2\right),\quad \left(3, 4\right)"),
    (sympy.Derivative(x**2 * y**3, x, y), "∂²/∂y∂x[x²·y³]", r"\frac{\partial^{2}}{\partial y \partial x}"),
    (sympy.Derivative(x**2 * y**3, (x, 2), y), "∂³/∂y∂x²[x²·y³]", r"\frac{\partial^{3}}{\partial y \partial x^{2}}"),
])
def test_limits_points_and_mixed_partials_print_as_written(expr, text, tex):
    """Two-sided limits carry no side, points keep their brackets in lists and mappings, and
    mixed partials name every variable (the last one applied first)."""
    assert to_text(expr) == text
    assert tex in to_latex(expr)


def test_mathml_keeps_the_names_of_p_and_phi_and_brackets_arithmetic_as_written():
    """P(…) and Φ(…) keep their names in MathML (sympy's printer lower-cases them), and
    (1 − 0)/σ is a fraction, never 1 − 0·1/σ."""
    from solver.render.math import Plus, Times, to_mathml

    P, Phi = sympy.Function("P"), sympy.Function("Phi")
    assert "<mi>P</mi>" in to_mathml(P(x > 1)) and "<mi>Φ</mi>" in to_mathml(Phi(1))
    shown = to_mathml(Times(Plus(1, sympy.Integer(-1)), sympy.Pow(sympy.Rational(3, 4), -1, evaluate=False)))
    assert shown.count("<mfrac>") == 2 and "·" not in shown
    product = to_mathml(Times(Plus(1, 2), 3))
    assert "<mo>(</mo>" in product and "·" in product


def test_intervals_subtracted_negatives_and_unchanged_steps_read_as_written():
    """[a, b] for an interval, 7.1 − (−3.2) when a negative number is subtracted, and a step
    whose two sides print alike shows its value once."""
    from solver.steps import Minus, Plus

    assert to_text(sympy.Interval(0, sympy.Rational(1, 2))) == "[0, 1/2]"
    assert to_text(sympy.Interval.Lopen(0, 1)) == "(0, 1]"
    assert to_text(Plus(sympy.Float("7.1"), Minus(sympy.Float("-3.2")))) == "7.1 − (-3.2)"
    assert r"\left(-3.2\right)" in to_latex(Plus(sympy.Float("7.1"), Minus(sympy.Float("-3.2"))))
    text = to_plain_text(solve("mean of 1, 2, 3, 5, 7, 13"))
    assert "31/6 = 31/6" not in text and "31/6" in text
