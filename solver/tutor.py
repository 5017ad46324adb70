"""Checking a student's answer and work, and hinting at the next step.

The expected answer comes from the same verified solution ``/solve`` returns; the
student's answer and lines are read with the same parser, and compared with the same
independent equivalence checks the verifier uses.
"""

from __future__ import annotations

import re
from string import Formatter

import sympy

from grammar import DEFAULT_LIMITS, Limits, ParseError, StepsolverError, UnsupportedProblem, parse

from . import solve
from .equivalence import equivalent
from .render.document import FORMATS, _step_dict, sentence, to_dict
from .render.math import to_text
from .rules import RULES
from .steps import Solution, Step

C = sympy.Symbol("C")
_NUMERIC_KINDS = {"definite_integral", "determinant", "rank", "norm", "dot_product", "counting",
                  "distribution_probability", "moment", "bayes", "probability_rules"}


# ----------------------------------------------------------------------------- reading
def _split_top_level(text: str) -> list[str]:
    """``x = 1, y = 2`` → two items; commas inside brackets do not split."""
    depth, parts, current = 0, [], ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def read_value(text: str, limits: Limits = DEFAULT_LIMITS):
    """A student's answer or line as a sympy object (expression, equation, matrix, list)."""
    body = text.strip()
    if body.startswith("="):
        body = body[1:].strip()
    percent = body.endswith("%")
    if percent:
        body = body[:-1].strip()
    items = _split_top_level(body)
    if len(items) > 1:
        return [read_value(item, limits) for item in items]
    try:
        problem = parse(body, limits)
    except ParseError:
        if "=" in body:  # "P(B) = 0.0585": the value after the last "=" is what is claimed
            return read_value(body.rsplit("=", 1)[1], limits)
        raise
    if problem.kind not in ("expression", "matrix_arithmetic", "counting"):
        raise ParseError("write the answer itself, not a new problem", hint="for example: 2x cos(x^2)")
    value = problem.expr if problem.kind != "counting" else _counting_value(problem)
    if isinstance(value, sympy.MatrixExpr) and not isinstance(value, sympy.MatrixBase):
        value = sympy.ImmutableMatrix(value.doit())
    if isinstance(value, sympy.Expr) and value.has(sympy.factorial, sympy.binomial):
        value = value.doit()
    return value / 100 if percent else value


def _counting_value(problem):
    data = problem.data
    n, k = data["n"], data["k"]
    return {"factorial": sympy.factorial(n), "combinations": sympy.binomial(n, k),
            "permutations": sympy.ff(n, k)}[data["operation"]]


def _is_decimal(text: str) -> int | None:
    """Decimal places written in a plain decimal answer (``0.117`` → 3)."""
    m = re.fullmatch(r"\s*=?\s*-?\d*\.(\d+)\s*%?\s*", text)
    return len(m.group(1)) if m else None


# ----------------------------------------------------------------------------- comparing
def _ratio_constant(a, b) -> sympy.Expr | None:
    """a / b when it is the same number at several points (a factor slip)."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    ratios = []
    for value in (0.37, 1.29, 2.61):
        point = {s: sympy.Float(value + 0.11 * k, 20) for k, s in enumerate(symbols)}
        try:
            num, den = complex(a.xreplace(point).evalf(20)), complex(b.xreplace(point).evalf(20))
        except (TypeError, ValueError):
            return None
        if den == 0:
            return None
        ratios.append(num / den)
    if all(abs(r - ratios[0]) < 1e-9 * max(1, abs(ratios[0])) for r in ratios) and abs(ratios[0].imag) < 1e-12:
        return sympy.nsimplify(ratios[0].real, rational=True, tolerance=1e-9)
    return None


def _classify_expression(student, expected, domain=None):
    """(correct, mistake) for expressions: equal, opposite sign, off by a factor, or wrong."""
    if equivalent(student, expected, domain=domain)[0]:
        return True, None
    if equivalent(student, -expected, domain=domain)[0]:
        return False, "sign_error"
    if isinstance(student, sympy.Expr) and isinstance(expected, sympy.Expr):
        ratio = _ratio_constant(student, expected)
        if ratio is not None and ratio not in (0, 1, -1):
            return False, "factor_error"
    return False, "wrong"


def _compare_numbers(student, expected, text: str):
    if equivalent(sympy.sympify(student), sympy.sympify(expected))[0]:
        return True, None, []
    try:
        s, e = float(student), float(expected)
    except (TypeError, ValueError):
        return False, "wrong", []
    places = _is_decimal(text)
    if places is not None and abs(s - e) <= 0.5 * 10 ** (-places) + 1e-12 * abs(e):
        return True, None, ["rounded"]
    if e != 0 and abs(s + e) <= 1e-9 * abs(e):
        return False, "sign_error", []
    if e != 0 and abs(s - e) <= 0.01 * abs(e):
        return False, "rounding", []
    if e != 0 and s != 0 and abs(round(s / e) - s / e) < 1e-9 and round(s / e) not in (0, 1):
        return False, "factor_error", []
    return False, "wrong", []


def _as_points(value) -> list | None:
    """A student's point or list of points: ``(1, 0)``, ``(1, 0), (-1, 0)``, ``x = 1``, ``1, -1``."""
    items = value if isinstance(value, list) else [value]
    points = []
    for item in items:
        if isinstance(item, sympy.Eq) and isinstance(item.lhs, sympy.Symbol):
            item = item.rhs
        if isinstance(item, (sympy.Tuple, tuple)):
            points.append(tuple(sympy.sympify(a) for a in item))
        elif isinstance(item, sympy.MatrixBase) and 1 in item.shape:
            points.append(tuple(item))
        elif isinstance(item, sympy.Expr) and item.is_number:
            points.append((item,))
        else:
            return None
    return points


def _same_point(a: tuple, b: tuple, text: str) -> bool:
    return len(a) == len(b) and all(_compare_numbers(u, v, text)[0] or _close(u, v, text) for u, v in zip(a, b, strict=True))


def _close(u, v, text: str) -> bool:
    """Equal to the decimals the student wrote (``1.04`` for 1.03676…)."""
    places = max((len(d) for d in re.findall(r"\.(\d+)", text)), default=None)
    try:
        return places is not None and abs(float(u) - float(v)) <= 0.5 * 10 ** (-places) + 1e-12 * abs(float(v))
    except (TypeError, ValueError):
        return False


def _same_point_sets(student: list, expected: list, text: str) -> bool:
    return len(student) == len(expected) and \
        all(any(_same_point(s, e, text) for e in expected) for s in student) and \
        all(any(_same_point(s, e, text) for s in student) for e in expected)


_DECISIONS = {"reject": True, "reject h0": True, "reject the null": True, "reject the null hypothesis": True,
              "fail to reject": False, "do not reject": False, "don't reject": False, "not reject": False,
              "fail to reject h0": False, "do not reject h0": False, "fail to reject the null": False,
              "fail to reject the null hypothesis": False, "do not reject the null hypothesis": False}


_NO_VALUE = ("does not exist", "dne", "none", "no limit", "no solution")


def _says_no_value(text: str) -> bool:
    """The student's answer is that there is none ("does not exist", "DNE", …)."""
    return text.strip().lower() in _NO_VALUE


def decision(text: str) -> bool | None:
    """``reject`` / ``fail to reject`` (H₀) as a test's decision, or None."""
    words = re.sub(r"[^a-z0-9' ]", " ", text.lower().replace("₀", "0")).split()
    return _DECISIONS.get(" ".join(words))


def judge(solution: Solution, student, text: str):
    """(correct, mistake, notes) of a student's answer against the verified solution."""
    kind, expected = solution.kind, solution.answer
    notes: list[str] = []
    if isinstance(expected, str):  # "does not exist" (a failed Newton run, a limit with no value)
        correct = isinstance(student, str) and _says_no_value(student)
        return correct, None if correct else "wrong", notes
    if kind == "hypothesis_test":
        answer = {str(k): v for k, v in dict(expected).items()}
        if isinstance(student, bool):
            correct = student == bool(answer["reject"])
            return correct, None if correct else "wrong", notes
        if isinstance(student, sympy.Expr) and student.is_number:
            # the statistic or the p-value, to the precision written
            for key in ("statistic", "p_value"):
                if _compare_numbers(student, answer[key], text)[0] or _close(student, answer[key], text):
                    return True, None, notes
        return False, "wrong", notes
    if kind == "gradient" and isinstance(student, (list, sympy.Tuple)):  # (2xy, x^2) for the column ∇f
        components = list(student)
        correct = len(components) == len(expected) and \
            all(isinstance(c, sympy.Expr) and equivalent(c, e)[0] for c, e in zip(components, expected, strict=True))
        return correct, None if correct else "wrong", notes
    if kind in ("critical_points", "gradient_descent", "newton", "confidence_interval"):
        if kind == "critical_points":
            wanted = [k if isinstance(k, (sympy.Tuple, tuple)) else (k,) for k in dict(expected)]
            wanted = [tuple(p) for p in wanted]
        elif kind == "confidence_interval":
            wanted = [(expected.start, expected.end)]
            if isinstance(student, list) and len(student) == 2:
                student = sympy.Tuple(*student)
        elif isinstance(expected, sympy.MatrixBase):
            wanted = [tuple(expected)]
        else:
            wanted = [tuple(expected) if isinstance(expected, (sympy.Tuple, tuple)) else (expected,)]
        points = _as_points(student)
        if points is None:
            return False, "wrong", notes
        correct = _same_point_sets(points, wanted, text)
        return correct, None if correct else "wrong", notes
    if kind == "tangent_line" and isinstance(expected, sympy.Eq):
        if isinstance(student, sympy.Eq):
            student = sympy.solve(student, expected.lhs) if expected.lhs in student.free_symbols else None
            if not student or len(student) != 1:
                return False, "wrong", notes
            student = student[0]
        expected = expected.rhs
    if isinstance(expected, sympy.Expr) and expected.is_number and kind not in ("integral",):
        if isinstance(student, list) or not isinstance(student, sympy.Expr) or not student.is_number:
            return False, "wrong", notes
        correct, mistake, extra = _compare_numbers(student, expected, text)
        return correct, mistake, notes + extra
    if kind == "integral":
        integrand, x = solution.statement.function, solution.statement.limits[0][0]
        if not isinstance(student, sympy.Expr):
            return False, "wrong", notes
        correct, mistake = _classify_expression(sympy.diff(student, x), integrand, domain=integrand)
        if correct:
            constants = student.free_symbols - integrand.free_symbols - {x}
            if not constants and not any(s.name.upper() == "C" for s in student.free_symbols):
                notes.append("missing_constant")
            logs_student = {a.args[0] for a in student.atoms(sympy.log)}
            if any(isinstance(a.args[0], sympy.Abs) and a.args[0].args[0] in logs_student
                   for a in expected.atoms(sympy.log)):
                notes.append("absolute_value")
        return correct, mistake, notes
    if kind in _NUMERIC_KINDS:
        if isinstance(student, list) or not isinstance(student, sympy.Expr) or not student.is_number:
            return False, "wrong", notes
        correct, mistake, extra = _compare_numbers(student, expected, text)
        return correct, mistake, notes + extra
    if kind == "linear_system":
        return _judge_system(expected, student), None, notes
    if kind == "eigenvalues":
        values = student if isinstance(student, list) else [student]
        wanted = list(dict(expected))
        matched = all(any(equivalent(sympy.sympify(v), w)[0] for v in values) for w in wanted) and \
            all(any(equivalent(sympy.sympify(v), w)[0] for w in wanted) for v in values)
        return matched, None if matched else "wrong", notes
    if isinstance(expected, sympy.MatrixBase):
        if not isinstance(student, sympy.MatrixBase) or student.shape != expected.shape:
            return False, "wrong", notes
        correct = equivalent(sympy.ImmutableMatrix(student), sympy.ImmutableMatrix(expected))[0]
        return correct, None if correct else "wrong", notes
    if isinstance(expected, sympy.Expr):
        if not isinstance(student, sympy.Expr):
            return False, "wrong", notes
        domain = solution.statement.expr if isinstance(solution.statement, sympy.Derivative) else None
        correct, mistake = _classify_expression(student, expected, domain)
        if correct and sympy.count_ops(student) > sympy.count_ops(expected) + 6:
            notes.append("not_simplified")
        return correct, mistake, notes
    raise UnsupportedProblem(f"answers to {kind.replace('_', ' ')} problems can't be checked automatically yet",
                             hint="compare with the worked solution from /solve")


def _judge_system(expected, student) -> bool:
    if expected == sympy.EmptySet:
        return False
    items = student if isinstance(student, list) else [student]
    given = {}
    for item in items:
        if not (isinstance(item, sympy.Eq) and isinstance(item.lhs, sympy.Symbol)):
            return False
        given[item.lhs] = item.rhs
    wanted = dict(expected)
    return set(given) == set(wanted) and all(equivalent(given[k], wanted[k])[0] for k in wanted)


_MESSAGES = {
    None: "Correct.",
    "sign_error": "Your answer has the wrong sign; check the signs in the rule you used.",
    "factor_error": "Your answer is off by a constant factor; check the coefficients (for example the inner derivative).",
    "rounding": "Your answer is close but not right to the precision you gave; check your rounding.",
    "wrong": "This is not the right answer yet.",
}
_NOTE_MESSAGES = {
    "missing_constant": "Remember the constant of integration: add + C.",
    "absolute_value": "Write ln|…| rather than ln(…): the absolute value keeps the antiderivative valid for negative values.",
    "not_simplified": "It can be simplified further.",
    "rounded": "(Correct to the precision you gave.)",
}


def _message(correct, mistake, notes) -> str:
    base = _MESSAGES[None if correct else mistake]
    return " ".join([base, *(_NOTE_MESSAGES[n] for n in notes)])


# ----------------------------------------------------------------------------- work
def _candidates(solution: Solution) -> list:
    values = [solution.answer]
    for _, step in solution.walk():
        for value in (step.after, step.before):
            if isinstance(value, (sympy.Expr, sympy.MatrixBase)) and not isinstance(value, sympy.Integral):
                values.append(value.doit() if isinstance(value, sympy.Derivative) else value)
    return values


def _same(a, b) -> bool:
    try:
        if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
            if not (isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase)) or a.shape != b.shape:
                return False
            return equivalent(sympy.ImmutableMatrix(a), sympy.ImmutableMatrix(b))[0]
        if isinstance(a, list) or isinstance(b, list):
            return False
        return equivalent(sympy.sympify(a), sympy.sympify(b))[0]
    except (TypeError, ValueError, AttributeError):
        return False


def check_work(solution: Solution, work: list[str], limits: Limits) -> tuple[list[dict], int | None]:
    lines, first_wrong = [], None
    candidates = _candidates(solution)
    previous = None
    for n, text in enumerate(work, start=1):
        try:
            value = read_value(text, limits)
        except StepsolverError as exc:
            entry = {"line": n, "ok": False, "reason": f"line {n} could not be read: {exc.message}",
                     "error": exc.to_dict()}
        else:
            ok = _follows(solution, value, previous, candidates)
            entry = {"line": n, "ok": ok, "reason": "follows from the line before" if ok else
                     ("does not follow from the problem" if n == 1 else
                      "does not follow from the line before, and matches no correct intermediate result")}
            previous = value
        if not entry["ok"] and first_wrong is None:
            first_wrong = n
        lines.append(entry)
    return lines, first_wrong


def _follows(solution, value, previous, candidates) -> bool:
    if solution.kind == "integral" and isinstance(value, sympy.Expr):
        integrand, x = solution.statement.function, solution.statement.limits[0][0]
        if equivalent(sympy.diff(value, x), integrand, domain=integrand)[0]:
            return True
    if solution.kind in ("rref", "ref") and isinstance(value, sympy.MatrixBase) and \
            isinstance(previous or solution.problem.expr, sympy.MatrixBase):
        base = previous if isinstance(previous, sympy.MatrixBase) else solution.problem.expr
        if value.shape == base.shape and sympy.Matrix(value).rref()[0] == sympy.Matrix(base).rref()[0]:
            return True  # row-equivalent: reachable by row operations
    if previous is not None and _same(value, previous):
        return True
    return any(_same(value, c) for c in candidates)


# ----------------------------------------------------------------------------- entry points
def check(problem: str, answer: str, work: list[str] | None = None, reveal: bool = True,
          limits: Limits = DEFAULT_LIMITS) -> dict:
    solution = solve(problem, limits)
    try:
        said = decision(answer) if solution.kind == "hypothesis_test" else None
        if isinstance(solution.answer, str) and _says_no_value(answer):
            said = answer
        student = said if said is not None else read_value(answer, limits)
    except StepsolverError as exc:
        exc.message = f"the answer could not be read: {exc.message}"
        raise
    correct, mistake, notes = judge(solution, student, answer)
    out = {"correct": bool(correct), "notes": notes, "mistake": None if correct else mistake,
           "message": _message(correct, mistake, notes), "verified": solution.verified}
    if reveal:
        out["expected"] = to_dict(solution)["answer"]
    if work:
        lines, first_wrong = check_work(solution, work, limits)
        out["lines"] = lines
        out["first_wrong_line"] = first_wrong
    return out


# Fields a rule's sentence may carry in a hint: what the step starts from, never what it finds.
_GIVEN_FIELDS = {"before", "function", "var", "held", "variables", "name", "order", "point", "at", "k", "n",
                 "again", "side", "x"}


def _says_only_the_task(step: Step) -> bool:
    """True when the rule's sentence names only what the step starts from."""
    fields = {f for _, f, _, _ in Formatter().parse(RULES[step.rule].template) if f}
    return bool(fields) and fields <= _GIVEN_FIELDS and fields <= {*step.parts, "before"}


def _first_task(step: Step) -> Step:
    """The step a hint should point at: a step with neither a hint nor a sentence that keeps
    its result back, worked in substeps (a gradient: a partial derivative each), points at
    its first substep."""
    while not RULES[step.rule].hint and not _says_only_the_task(step) and step.substeps:
        step = step.substeps[0]
    return step


def _hint_text(step: Step) -> str:
    step = _first_task(step)
    info = RULES[step.rule]
    values = {k: (v if isinstance(v, str) else to_text(v)) for k, v in step.parts.items()}
    if info.hint:
        return info.hint.format(**values)
    if _says_only_the_task(step):
        values.setdefault("before", to_text(step.before) if step.before is not None else "")
        return info.template.format(**values)
    title = info.title.format(**values)
    return f"Next: {title.lower() if title[:1].isupper() and not title[:2].isupper() else title}."


def hint(problem: str, work: list[str] | None = None, limits: Limits = DEFAULT_LIMITS) -> dict:
    solution = solve(problem, limits)
    work = work or []
    if work:
        lines, first_wrong = check_work(solution, work, limits)
        if first_wrong is not None:
            return {"hint": f"Line {first_wrong} {lines[first_wrong - 1]['reason']}; fix it before going on.",
                    "rule": None, "step": None, "remaining": len(solution.steps), "first_wrong_line": first_wrong,
                    "lines": lines}
    done = 0
    values = [read_value(text, limits) for text in work]
    for k, step in enumerate(solution.steps):
        if any(_same(v, step.after) for v in values):
            done = k + 1
    if done >= len(solution.steps) or any(_same(v, solution.answer) for v in values):
        return {"hint": "Your work already reaches the answer. Check it with /check.", "rule": None, "step": None,
                "remaining": 0, "first_wrong_line": None}
    step = solution.steps[done]
    checks = {c.step: c for c in solution.verification.checks}
    return {"hint": _hint_text(step), "rule": step.rule.value,
            "step": _step_dict(step, str(done + 1), checks),
            "explanation": sentence(step, FORMATS["text"]),
            "remaining": len(solution.steps) - done - 1, "first_wrong_line": None}


