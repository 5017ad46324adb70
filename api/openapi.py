"""The OpenAPI 3.1 description of the API, and tool definitions for LLM function calling.

Kept as data beside the routes; tests validate it (openapi-spec-validator) and fuzz the
running app against it (schemathesis), so it cannot drift from what the API does.
"""

from __future__ import annotations

from solver.service import FORMATS

_NULLABLE_STRING = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}

MATH = {
    "type": "object",
    "description": "One formula in every form: Unicode text, LaTeX, MathML and the machine form "
                   "sympy.sympify reads back.",
    "properties": {"text": {"type": "string"}, "latex": {"type": "string"}, "mathml": {"type": "string"},
                   "sympy": {"type": "string"}},
    "required": ["text", "latex", "sympy"],
}

STEP = {
    "type": "object",
    "properties": {
        "number": {"type": "string", "examples": ["1.2"]},
        "rule": {"type": "string", "description": "Stable rule id: chain_rule, row_swap, bayes_theorem …"},
        "role": _NULLABLE_STRING,
        "title": {"type": "string"},
        "relation": {"type": "string", "enum": ["=", "~", "→", "⇒"]},
        "explanation": {"type": "object", "properties": {"text": {"type": "string"}, "latex": {"type": "string"},
                                                         "html": {"type": "string"}},
                        "required": ["text", "latex", "html"]},
        "before": {"$ref": "#/components/schemas/Math"},
        "after": {"$ref": "#/components/schemas/Math"},
        "parts": {"type": "object", "additionalProperties": {"type": "object"}},
        "verified": {"type": "boolean"},
        "substeps": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}},
    },
    "required": ["number", "rule", "title", "explanation", "before", "after", "verified", "substeps"],
}

CHECK_RESULT = {
    "type": "object",
    "properties": {"step": {"type": "string"}, "rule": {"type": "string"}, "passed": {"type": "boolean"},
                   "method": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["step", "rule", "passed", "method"],
}

SOLUTION = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "examples": ["derivative", "integral", "rref", "bayes"]},
        "problem": {"allOf": [{"$ref": "#/components/schemas/Math"},
                              {"type": "object", "properties": {"input": {"type": "string"}}}]},
        "assumptions": {"type": "array", "items": {"type": "string"}},
        "answer": {"allOf": [{"$ref": "#/components/schemas/Math"},
                             {"type": "object", "properties": {"decimal": {"type": ["number", "string"]},
                                                               "percent": {"type": "string"}}}]},
        "steps": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}},
        "verified": {"type": "boolean"},
        "verification": {"type": "object", "properties": {
            "summary": {"type": "string"},
            "checks": {"type": "array", "items": {"$ref": "#/components/schemas/CheckResult"}},
            "failed": {"oneOf": [{"type": "null"}, {"type": "object"}]}}, "required": ["checks", "failed"]},
        "format": {"type": "string", "enum": list(FORMATS)},
        "rendered": {"type": "string"},
        "revealed": {"type": "integer"},
        "remaining": {"type": "integer"},
        "timing_ms": {"type": "number"},
        "figures": {"type": "array", "description": "With figures: true. Deterministic SVG pictures of the solution.",
                    "items": {"type": "object", "required": ["kind", "title", "alt", "svg"], "properties": {
                        "kind": {"type": "string", "examples": ["definite_integral_area", "pmf", "linear_map"]},
                        "title": {"type": "string"},
                        "alt": {"type": "string", "description": "The picture said in a sentence, for screen readers."},
                        "svg": {"type": "string", "description": "A complete <svg> element."}}}},
        "figures_omitted": {"type": "array", "items": {"type": "object", "required": ["kind", "reason"],
                                                       "properties": {"kind": {"type": "string"},
                                                                      "reason": {"type": "string"}}}},
    },
    "required": ["kind", "problem", "assumptions", "steps", "verified", "verification"],
}

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string", "examples": ["parse_error", "unsupported", "time_limit"]},
        "message": {"type": "string"}, "line": _NULLABLE_INT, "column": _NULLABLE_INT,
        "hint": _NULLABLE_STRING, "context": {"type": "string"}},
        "required": ["code", "message", "line", "column", "hint"]}},
    "required": ["error"],
}

_PROBLEM = {"type": "string", "description": "The problem as a person would type it (plain text or LaTeX).",
            "examples": ["derivative of x^2 e^(3x) / sin x"], "minLength": 1}
_WORK = {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 50,
         "description": "The student's own lines, one expression, equation or matrix each."}

REQUESTS = {
    "SolveRequest": {"type": "object", "required": ["problem"], "properties": {
        "problem": _PROBLEM,
        "format": {"type": ["string", "null"], "enum": [*FORMATS, None], "default": "json"},
        "reveal": {"type": ["integer", "null"], "minimum": 0,
                   "description": "Show only the first n top-level steps, without the answer."},
        "figures": {"type": ["boolean", "null"], "default": False,
                    "description": "Add pictures of the solution as SVG (figures) and, for each one not drawn, "
                                   "the reason (figures_omitted)."}}},
    "ParseRequest": {"type": "object", "required": ["problem"], "properties": {"problem": _PROBLEM}},
    "CheckRequest": {"type": "object", "required": ["problem", "answer"], "properties": {
        "problem": _PROBLEM, "answer": {"type": "string", "minLength": 1, "examples": ["2x cos(x^2)"]},
        "work": _WORK, "reveal": {"type": "integer", "enum": [0, 1], "default": 1,
                                  "description": "0: do not include the expected answer."}}},
    "HintRequest": {"type": "object", "required": ["problem"], "properties": {"problem": _PROBLEM, "work": _WORK}},
}

CHECK_RESPONSE = {"type": "object", "required": ["correct", "notes", "mistake", "message"], "properties": {
    "correct": {"type": "boolean"},
    "notes": {"type": "array", "items": {"type": "string",
                                         "enum": ["missing_constant", "not_simplified", "absolute_value", "rounded"]}},
    "mistake": {"type": ["string", "null"], "enum": ["sign_error", "factor_error", "rounding", "wrong", None]},
    "message": {"type": "string"},
    "verified": {"type": "boolean"},
    "expected": {"$ref": "#/components/schemas/Math"},
    "lines": {"type": "array", "items": {"type": "object", "required": ["line", "ok", "reason"], "properties": {
        "line": {"type": "integer"}, "ok": {"type": "boolean"}, "reason": {"type": "string"}}}},
    "first_wrong_line": _NULLABLE_INT}}

HINT_RESPONSE = {"type": "object", "required": ["hint", "rule", "step", "remaining"], "properties": {
    "hint": {"type": "string"}, "rule": _NULLABLE_STRING,
    "step": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Step"}]},
    "explanation": {"type": "string"}, "remaining": {"type": "integer"}, "first_wrong_line": _NULLABLE_INT}}

PARSE_RESPONSE = {"allOf": [{"$ref": "#/components/schemas/Math"}, {"type": "object", "required": ["kind"],
                  "properties": {"kind": {"type": "string"}, "input": {"type": "string"},
                                 "variable": _NULLABLE_STRING, "order": {"type": "integer"},
                                 "assumptions": {"type": "array", "items": {"type": "string"}}}}]}


def _errors(*statuses):
    text = {400: "The text or the JSON could not be read", 413: "The input is over the length limit",
            422: "A well-formed problem that cannot be done (unsupported, invalid, too expensive, or stopped "
                 "by the time limit: code time_limit — do not retry)",
            503: "The server is overloaded; retry after Retry-After seconds"}
    return {str(s): {"description": text[s], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for s in statuses}


def _post(summary, request, response, description):
    return {"post": {
        "summary": summary, "description": description,
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{request}"}}}},
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": response}}},
                      **_errors(400, 413, 422, 503)}}}


def openapi(version: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "stepsolver", "version": version,
                 "description": "Worked, verified step-by-step solutions to calculus, linear algebra, "
                                "probability and statistics problems."},
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/solve": _post("Solve a problem with every step named and checked", "SolveRequest",
                                   {"$ref": "#/components/schemas/Solution"},
                                   "With reveal, only the first steps are returned and the answer is withheld."),
            "/api/v1/parse": _post("Show how a problem is read", "ParseRequest",
                                   {"$ref": "#/components/schemas/ParseResponse"}, "Nothing is solved."),
            "/api/v1/check": _post("Check a student's answer (and work)", "CheckRequest",
                                   {"$ref": "#/components/schemas/CheckResponse"},
                                   "Equivalent forms are accepted; slips are named."),
            "/api/v1/hint": _post("The next step, as a hint", "HintRequest",
                                  {"$ref": "#/components/schemas/HintResponse"},
                                  "If the work so far has a wrong line, the hint says so first."),
            "/api/v1/healthz": {"get": {"summary": "Liveness", "responses": {"200": {
                "description": "OK", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"status": {"type": "string", "const": "ok"}},
                    "required": ["status"]}}}}}}},
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {
                "description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/v1/tools.json": {"get": {"summary": "Tool definitions for LLM function calling", "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {
            "Math": MATH, "Step": STEP, "CheckResult": CHECK_RESULT, "Solution": SOLUTION, "Error": ERROR,
            "CheckResponse": CHECK_RESPONSE, "HintResponse": HINT_RESPONSE, "ParseResponse": PARSE_RESPONSE,
            **REQUESTS}},
    }


def tools() -> dict:
    """Function-calling tool definitions (the JSON-schema shape chat models accept)."""
    def tool(name, description, schema):
        return {"type": "function", "function": {"name": name, "description": description,
                                                 "parameters": schema}}
    return {"tools": [
        tool("solve_math_problem",
             "Solve a calculus, linear algebra, probability or statistics problem and return the worked, "
             "verified steps. Use format 'markdown' to show the result in a chat. Use reveal = n to show only "
             "the first n steps without the answer when tutoring.",
             REQUESTS["SolveRequest"]),
        tool("check_answer",
             "Check a student's answer (and optionally their work, one line each) to a problem. Returns "
             "whether it is correct, the kind of slip, and the first wrong line of the work.",
             REQUESTS["CheckRequest"]),
        tool("next_hint",
             "Give the next step of a problem as a hint, without revealing later steps or the answer.",
             REQUESTS["HintRequest"]),
    ], "endpoints": {"solve_math_problem": "POST /api/v1/solve", "check_answer": "POST /api/v1/check",
                     "next_hint": "POST /api/v1/hint"}}
