"""Every output format walks the same Solution tree; formats differ only in ``Format``.

The renderers compute nothing: every sentence comes from the rule's template in
``solver.rules`` filled with the step's parts, and every formula from ``render.math``.
"""

from __future__ import annotations

import html
from collections import Counter
from string import Formatter

import sympy

from ..rules import IDENTITY_VARIABLE, ROLE_TITLES, RULES
from ..steps import Solution, Step
from .math import latex_escape, math_dict, to_latex, to_mathml, to_sympy, to_text


class Format:
    name = "text"

    def math(self, value, as_written: bool = False) -> str:
        return to_text(value, as_written)

    def words(self, text: str) -> str:
        return text


class LatexFormat(Format):
    name = "latex"

    def math(self, value, as_written=False):
        return f"${to_latex(value, as_written)}$"

    def words(self, text):
        return latex_escape(text)


class MarkdownFormat(LatexFormat):
    name = "markdown"

    def words(self, text):
        return text.replace("*", r"\*").replace("_", r"\_")


class HtmlFormat(Format):
    name = "html"

    def math(self, value, as_written=False):
        return to_mathml(value, as_written)

    def words(self, text):
        return html.escape(text)


FORMATS = {f.name: f() for f in (Format, LatexFormat, MarkdownFormat, HtmlFormat)}
_FIELDS = Formatter()


def sentence(step: Step, fmt: Format) -> str:
    """The rule's template, filled with the step's parts printed in ``fmt``."""
    info = RULES[step.rule]
    identity = info.identity
    if identity is not None and "var" in step.parts:
        identity = identity.xreplace({IDENTITY_VARIABLE: step.parts["var"]})
    values = {"before": step.before, "after": step.after, "identity": identity, **step.parts}
    out = []
    for literal, field, _, _ in _FIELDS.parse(info.template):
        out.append(fmt.words(literal))
        if field is not None:
            out.append(fmt.math(values[field], as_written=field == "identity"))
    return "".join(out)


def title(step: Step) -> str:
    name = RULES[step.rule].title.format(**{k: to_text(v) for k, v in step.parts.items()})
    return f"{ROLE_TITLES[step.role]}: {name}" if step.role else name


_TEX_RELATIONS = {"=": "=", "~": r"\sim", "→": r"\to", "⇒": r"\Rightarrow"}


def relation(step: Step) -> str:
    return RULES[step.rule].relation


def tex_relation(step: Step) -> str:
    return _TEX_RELATIONS[relation(step)]


def _claim(step: Step, fmt: Format) -> str:
    before, after = fmt.math(step.before), fmt.math(step.after)
    return after if before == after else f"{before} {relation(step)} {after}"  # never "31/6 = 31/6"


def verification_summary(solution: Solution) -> str:
    v = solution.verification
    if v is None:
        return "not checked"
    methods = Counter(c.method for c in v.checks)
    how = ", ".join(f"{n} {m}" for m, n in sorted(methods.items()))
    if v.passed:
        return f"verified: all {len(v.checks)} checks passed ({how})"
    bad = v.failed
    return f"NOT verified: check {bad.step} ({bad.rule}) failed: {bad.detail or bad.method}"


# ------------------------------------------------------------------------------ text
def to_plain_text(solution: Solution) -> str:
    fmt = FORMATS["text"]
    lines = [f"Problem: {fmt.math(solution.statement)}"]
    for note in solution.assumptions:
        lines.append(f"  Assumption: {note}")
    lines.append("")

    def walk(step: Step, number: str, depth: int) -> None:
        pad = "    " * depth
        lines.append(f"{pad}{number}. {title(step)}")
        lines.append(f"{pad}   {sentence(step, fmt)}")
        lines.append(f"{pad}   {_claim(step, fmt)}")
        for k, sub in enumerate(step.substeps, start=1):
            walk(sub, f"{number}.{k}", depth + 1)

    for k, step in enumerate(solution.steps, start=1):
        walk(step, str(k), 0)
    lines.append("")
    lines.append(f"Answer: {fmt.math(shown_answer(solution))}{_approximately(solution, fmt)}")
    lines.append(f"({verification_summary(solution)})")
    return "\n".join(lines)


def shown_answer(solution: Solution):
    """The answer as a person reads it: an engine may give a labelled form (``λ = 1, (−1, 1)``,
    ``P = …, D = …``) in ``extra["shown_answer"]``; the machine form stays ``answer_sympy``."""
    return solution.extra.get("shown_answer", solution.answer)


def decimal_of(solution: Solution):
    """The answer's decimal value when it says something the exact form does not."""
    decimal = solution.extra.get("decimal")
    if decimal is None or not isinstance(solution.answer, sympy.Expr) or solution.answer.is_Integer:
        return None
    if not (isinstance(decimal, sympy.Expr) and decimal.is_number and decimal.is_Float):
        return None  # a symbolic value (bounds a, b) has no decimal
    if isinstance(decimal, sympy.Float) and solution.answer.is_Float:
        return None
    if solution.answer.is_number and not solution.answer.has(sympy.Float):
        # An exact answer: its own value to double precision (2/13 → 0.15384615384615385),
        # not the engine's working decimal, which may carry fewer digits.
        exact = solution.answer.evalf(20)
        if exact.is_Float:
            return exact
    return decimal


def _approximately(solution: Solution, fmt: Format) -> str:
    decimal = decimal_of(solution)
    if decimal is None:
        return ""
    shown = fmt.words(" ≈ ") + fmt.math(sympy.Float(decimal, 10))
    percent = solution.extra.get("percent")
    return shown + (fmt.words(f" ({percent})") if percent else "")


# ------------------------------------------------------------------------------ markdown
def to_markdown(solution: Solution) -> str:
    fmt = FORMATS["markdown"]
    lines = ["### Problem", "", f"$${to_latex(solution.statement)}$$", ""]
    for note in solution.assumptions:
        lines.append(f"*Assumption:* {fmt.words(note)}  ")
    lines += ["", "### Steps", ""]

    def walk(step: Step, number: str, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}- **{number}. {fmt.words(title(step))}** — {sentence(step, fmt)}  ")
        before, after = to_latex(step.before), to_latex(step.after)
        lines.append(f"{pad}  ${after}$" if before == after else f"{pad}  ${before} {tex_relation(step)} {after}$")
        for k, sub in enumerate(step.substeps, start=1):
            walk(sub, f"{number}.{k}", depth + 1)

    for k, step in enumerate(solution.steps, start=1):
        walk(step, str(k), 0)
    approx = _approximately(solution, fmt)
    lines += ["", "### Answer", "", f"$${to_latex(shown_answer(solution))}$$" + (f" {approx}" if approx else ""), "",
              f"_{fmt.words(verification_summary(solution))}_"]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ latex
def to_latex_document(solution: Solution) -> str:
    """A complete LaTeX document: the derivation as one ``align*``, each line tagged by its rule."""
    rows = []
    for number, step in solution.walk():
        before, after = to_latex(step.before), to_latex(step.after)
        claim = f"&{after}" if before == after else f"{before} &{tex_relation(step)} {after}"
        rows.append(f"  {claim} && \\text{{({number}) {latex_escape(title(step))}}}")
    notes = "".join(f"\\noindent Assumption: {latex_escape(n)}\\\\\n" for n in solution.assumptions)
    return (
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        f"\\noindent Problem: ${to_latex(solution.statement)}$\\\\\n{notes}"
        "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"
        f"\\noindent Answer: ${to_latex(shown_answer(solution))}$\\\\\n"
        f"\\noindent {latex_escape(verification_summary(solution))}\n\\end{{document}}\n"
    )


# ------------------------------------------------------------------------------ json
def _step_dict(step: Step, number: str, checks: dict) -> dict:
    check = checks.get(number)
    return {
        "number": number,
        "rule": step.rule.value,
        "role": step.role or None,
        "title": title(step),
        "relation": relation(step),
        "explanation": {name: sentence(step, FORMATS[name]) for name in ("text", "latex", "html")},
        "before": math_dict(step.before),
        "after": math_dict(step.after),
        "parts": {k: _part(v) for k, v in step.parts.items()},
        "verified": bool(check and check.passed),
        "substeps": [_step_dict(sub, f"{number}.{k}", checks)
                     for k, sub in enumerate(step.substeps, start=1)],
    }


def _part(value):
    if isinstance(value, str):
        return {"text": value}
    return math_dict(value, mathml=False)


def to_dict(solution: Solution) -> dict:
    """The solution object of problems.md ("What a solution says"), ready for JSON."""
    v = solution.verification
    checks = {c.step: c for c in v.checks} if v else {}
    problem = math_dict(solution.statement)
    problem["input"] = solution.problem.text
    answer = math_dict(shown_answer(solution))
    answer["sympy"] = solution.answer_sympy or to_sympy(solution.answer)
    decimal = decimal_of(solution)
    if decimal is not None:
        answer["decimal"] = float(decimal) if decimal.is_real else str(decimal)
    if solution.extra.get("percent"):
        answer["percent"] = solution.extra["percent"]
    if solution.extra.get("diverges") and "shown_answer" not in solution.extra:
        answer["text"] += " (the integral diverges)"
    failed = v.failed if v else None
    return {
        "kind": solution.kind,
        "problem": problem,
        "assumptions": list(solution.assumptions),
        "answer": answer,
        "steps": [_step_dict(s, str(k), checks) for k, s in enumerate(solution.steps, start=1)],
        "verified": solution.verified,
        "verification": {
            "summary": verification_summary(solution),
            "checks": [{"step": c.step, "rule": c.rule, "passed": c.passed, "method": c.method,
                        "detail": c.detail} for c in (v.checks if v else ())],
            "failed": None if failed is None else {"step": failed.step, "rule": failed.rule,
                                                   "method": failed.method, "detail": failed.detail},
        },
    }


RENDERERS = {
    "text": to_plain_text,
    "markdown": to_markdown,
    "latex": to_latex_document,
}
