"""Figures: every figure kind is valid SVG with its expected elements, an alt sentence with
the solution's numbers, and the same bytes on every run; pictures that would be wrong are
omitted with a reason; the API and the CLI carry them.

Each drawing function sets ``gid`` on the artists that matter, and matplotlib writes it as
the ``id`` of an SVG group, so the tests count shaded regions, markers and bars by id.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
import sympy

from grammar import parse
from solver import ENGINES, solve
from solver.figures import REGISTRY, Figure, figures_for, registry
from solver.verify import verify

SVG = "{http://www.w3.org/2000/svg}"


def solved(text: str):
    """``solve``, or the engine module directly for kinds a colleague has not wired in yet."""
    problem = parse(text)
    if problem.kind in ENGINES:
        return solve(problem)
    for name in ("solver.multivariable", "solver.statistics"):
        module = importlib.import_module(name)
        if problem.kind in module.KINDS:
            solution = module.solve(problem)
            return solution.with_verification(verify(solution))
    raise AssertionError(f"no engine for {problem.kind}")


def ids(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.get("id") for el in root.iter() if el.get("id")]


def count(svg: str, prefix: str) -> int:
    return sum(1 for i in ids(svg) if i.startswith(prefix))


def one_figure(solution) -> Figure:
    figures, omitted = figures_for(solution, strict=True)
    assert not omitted, omitted
    assert len(figures) == 1
    return figures[0]


# problem, figure kind, {id prefix: how many}, words the alt text must contain
CASES = [
    ("derivative of x^2 sin x", "function_and_derivative", {"curve-f": 1, "curve-derivative": 1},
     ["x²·sin(x)", "derivative"]),
    ("second derivative of x^3", "function_and_derivative", {"curve-derivative": 1}, ["second derivative", "6x"]),
    ("d/dx 1/x", "function_and_derivative", {"curve-f": 1}, ["1/x"]),
    ("tangent line to x^2 at x = 1", "tangent_line", {"tangent-line": 1, "tangent-point": 1},
     ["y = 2x - 1", "(1, 1)", "slope 2"]),
    ("∫_0^π sin x dx", "definite_integral_area", {"area-positive": 1, "area-negative": 0},
     ["sin(x)", "from 0 to π", "equals 2"]),
    ("∫_-1^2 x^3 dx", "definite_integral_area", {"area-positive": 1, "area-negative": 1},
     ["15/4", "3.75", "opposite signs"]),
    ("∫_3^0 x dx", "definite_integral_area", {"area-positive": 1}, ["−9/2", "backwards"]),
    ("integral of 1/x^2 from 1 to oo dx", "improper_integral_area", {"area-positive": 1}, ["equals 1", "infinity"]),
    ("integral of 1/x from 1 to oo dx", "improper_integral_area", {"area-positive": 1}, ["diverges"]),
    ("integrate x e^x dx", "antiderivative", {"curve-f": 1, "curve-antiderivative": 1}, ["C = 0", "(x - 1)·e^x"]),
    ("limit of sin(x)/x as x -> 0", "limit", {"hole": 1, "asymptote": 0}, ["hole", "(0, 1)"]),
    ("limit of 1/x as x -> 0", "limit", {"asymptote": 1, "hole": 0}, ["does not exist", "asymptote"]),
    ("limit of x^2 as x -> 2", "limit", {"limit-point": 1}, ["4"]),
    ("limit of (3x^2 + 1)/(x^2 + 2) as x -> oo", "limit", {"asymptote": 1}, ["y = 3"]),
    ("critical points of x^3 - 3x", "critical_points", {"critical-point-": 2},
     ["local maximum at x = −1", "local minimum at x = 1"]),
    ("critical points of x^3 - 3x + y^2", "critical_points_contour", {"critical-point-": 2},
     ["(−1, 0) is a saddle point", "(1, 0) is a local minimum"]),
    ("gradient descent on x^2 from x = 2 with learning rate 0.25 for 4 steps", "iteration_path", {"iterate-": 5},
     ["0 to 4", "2, 1, 1/2, 1/4, 1/8"]),
    ("gradient descent on x^2 + 2y^2 from (x, y) = (1, 1) with learning rate 0.1 for 3 steps",
     "iteration_path_contour", {"iterate-": 4}, ["(4/5, 3/5)", "0 to 3"]),
    ("newton's method on x^2 - 2 from x = 1 for 4 steps", "iteration_path", {"iterate-": 5}, ["577/408"]),
    ("newton's method to minimize x^4 - 3x^2 + y^2 from (x, y) = (2, 1) for 3 steps", "iteration_path_contour",
     {"iterate-": 4}, ["(2, 1)"]),
    ("eigenvectors of [[2,1],[1,2]]", "linear_map", {"unit-square": 1, "image-square": 1, "arrow-ae": 2, "eigenvector-": 2},
     ["(−1, 1) with λ = 1", "(1, 1) with λ = 3"]),
    ("det [[0,1],[1,0]]", "linear_map", {"eigenvector-": 0}, ["|det A| = 1", "flipped"]),
    ("eigenvalues of [[0,-1],[1,0]]", "linear_map", {"eigenvector-": 0}, ["not real"]),
    ("solve x + y = 3, x - y = 1", "linear_system_lines", {"line-": 2, "intersection": 1}, ["(2, 1)"]),
    ("solve x + y = 3, 2x + 2y = 5", "linear_system_lines", {"line-": 2, "intersection": 0}, ["parallel"]),
    ("solve x + y = 3, 2x + 2y = 6", "linear_system_lines", {"line-": 2, "intersection": 0},
     ["on top of each other"]),
    ("P(X <= 1) where X ~ Poisson(2)", "pmf", {"bar-": 10, "bar-0-event": 1, "bar-1-event": 1}, ["0.406", "k = 0, 1"]),
    ("P(2 <= X < 5) where X ~ Binomial(10, 0.3)", "pmf", {"bar-": 10, "bar-2-event": 1, "bar-5-event": 0},
     ["k = 2, 3, 4", "0.7004"]),
    ("E[X] where X ~ Binomial(10, 0.3)", "pmf", {"bar-": 10, "mean": 1}, ["E[X] = 3"]),
    ("P(X > 1.5) where X ~ Normal(1, 4)", "density", {"event-area": 1}, ["z = 1/8", "0.4503"]),
    ("P(X < 2) where X ~ Exponential(0.5)", "density", {"event-area": 1}, ["1 − e⁻¹", "0.6321"]),
    ("five number summary of 2, 4, 4, 5, 7, 9, 10, 12", "data_distribution_box_plot", {"dot-": 8, "box": 2},
     ["Q1 = 4", "Q3 = 37/4", "median Q2 = 6"]),
    ("mean of 1, 2, 3, 4, 10", "data_distribution", {"dot-": 5, "mean": 1}, ["x̄ = 4"]),
    ("95% confidence interval for the mean of 4, 5, 6, 7, 8", "confidence_interval", {"interval": 1, "dot-": 5},
     ["4.03676", "7.96324"]),
    ("t-test of 5.1, 4.9, 5.6, 5.8, 6.0 against mean 5", "test_distribution",
     {"rejection-region": 1, "observed": 1, "p-value-area": 1}, ["t = 2.30407", "do not reject H₀", "2.776"]),
    ("z-test of 5.1, 4.9, 5.6, 5.8, 6.0 against mean 5, sigma = 0.5", "test_distribution",
     {"rejection-region": 1, "observed": 1}, ["standard normal", "reject H₀"]),
    ("correlation of 1, 2, 3, 4, 5 and 2, 4, 5, 4, 5", "scatter_plot", {"point-": 5, "least-squares-line": 1},
     ["(3, 4)", "√15/5"]),
]


@pytest.fixture(scope="module")
def drawn():
    """Each case solved once and drawn twice (the second run checks the bytes repeat)."""
    out = {}
    for text, *_ in CASES:
        solution = solved(text)
        out[text] = (solution, one_figure(solution), one_figure(solution))
    return out


@pytest.mark.parametrize(("text", "kind", "elements", "words"), CASES, ids=[c[0][:48] for c in CASES])
def test_figure(drawn, text, kind, elements, words):
    solution, figure, again = drawn[text]
    assert figure.kind == kind
    root = ET.fromstring(figure.svg)  # valid XML
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == figure.title
    assert root.find(f"{SVG}desc").text == figure.alt
    assert root.get("role") == "img" and root.get("aria-label") == figure.alt
    assert figure.title and figure.alt.endswith(".") and len(figure.alt) > 40
    for word in words:
        assert word in figure.alt, (word, figure.alt)
    for prefix, n in elements.items():
        assert count(figure.svg, prefix) == n, (prefix, ids(figure.svg))
    assert figure.svg == again.svg, "the same solution must give the same bytes"
    assert "<dc:date>" not in figure.svg and "Matplotlib v" not in figure.svg


def test_same_bytes_in_a_fresh_process(drawn):
    """No dates, no random ids: another Python process draws exactly the same SVG."""
    text = "∫_-1^2 x^3 dx"
    code = ("import sys; from solver import solve; from solver.figures import figures_for; "
            f"sys.stdout.write(figures_for(solve({text!r}))[0][0].svg)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout == drawn[text][1].svg


def test_backpropagation_graph():
    """The computation graph, from the solution's own forward pass and local derivatives."""
    from grammar.functions import sigmoid
    from solver.multivariable.backprop import computation_graph

    solution = None
    try:
        solution = solved("derivative of (sigmoid(w x + b) - y)^2 with respect to w")
    except Exception:  # the derivative engine may not present models yet: build the steps directly
        pass
    if solution is None or not any(s.rule.name == "COMPUTATION_GRAPH" for _, s in solution.walk()):
        w, x, b, y = sympy.symbols("w x b y")
        f = (sigmoid(w * x + b) - y) ** 2
        steps = computation_graph(f, w, sympy.diff(f, w))
        base = solve("derivative of x^2")
        solution = replace(base, problem=replace(base.problem, expr=f, variable=w), steps=steps,
                           answer=steps[-1].after)
    figure = one_figure(solution)
    assert figure.kind == "computation_graph"
    assert {f"node-{n}" for n in "wxbzaLy"} <= set(ids(figure.svg))
    assert count(figure.svg, "edge-") == 6  # w, x, b → z; z → a; a, y → L
    for words in ("∂z/∂w = x", "∂L/∂a = 2(a - y)", "∂a/∂z = sigmoid(z)·(1 - sigmoid(z))"):
        assert words in figure.alt
    assert figure.svg == one_figure(solution).svg


# ----------------------------------------------------------------------------- omitted, never broken
@pytest.mark.parametrize(("text", "reason"), [
    ("derivative of sqrt(-1 - x^2)", "no real, finite value"),
    ("partial derivative of x^2 y with respect to y", "other letters (x)"),
    ("rref [[1,2,3],[4,5,6],[7,8,10]]", "no figure is drawn for problems of kind 'rref'"),
    ("det [[1,2,3],[4,5,6],[7,8,10]]", "only 2×2 matrices"),
    ("5!", "no figure is drawn for problems of kind 'counting'"),
])
def test_omitted_with_a_reason(text, reason):
    figures, omitted = figures_for(solved(text), strict=True)
    assert figures == []
    assert len(omitted) == 1 and reason in omitted[0]["reason"], omitted


def test_a_failing_drawing_function_is_omitted_not_raised(monkeypatch):
    solution = solve("∫_0^1 x dx")
    registry()

    def broken(_solution):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(REGISTRY, "definite_integral", broken)
    figures, omitted = figures_for(solution)
    assert figures == [] and omitted == [{"kind": "definite_integral",
                                          "reason": "the figure could not be drawn for this problem"}]


def test_every_registered_kind_is_a_solver_kind():
    from solver import multivariable, statistics

    known = set(ENGINES) | set(multivariable.KINDS) | set(statistics.KINDS)
    assert set(registry()) <= known


def test_solving_without_figures_does_not_load_matplotlib():
    code = ("import sys; from solver.service import solve_dict; solve_dict('∫_0^π sin x dx'); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------- service, API, CLI
def test_service_adds_figures_only_when_asked():
    from solver.service import handle

    plain = handle({"op": "solve", "problem": "∫_0^π sin x dx"})
    assert "figures" not in plain and "figures_omitted" not in plain
    out = handle({"op": "solve", "problem": "∫_0^π sin x dx", "figures": True})
    assert [f["kind"] for f in out["figures"]] == ["definite_integral_area"]
    assert set(out["figures"][0]) == {"kind", "title", "alt", "svg"}
    assert out["figures_omitted"] == []
    revealed = handle({"op": "solve", "problem": "∫_0^π sin x dx", "figures": True, "reveal": 1})
    assert revealed["figures"] == [] and "revealed" in revealed["figures_omitted"][0]["reason"]


@pytest.fixture(scope="module")
def client():
    from api import create_app

    app = create_app({"ISOLATE": False, "CACHE_SIZE": 0, "WARM": False})
    return app.test_client()


def test_api_figures(client):
    response = client.post("/api/v1/solve", json={"problem": "P(X <= 1) where X ~ Poisson(2)", "figures": True})
    assert response.status_code == 200
    body = response.get_json()
    (figure,) = body["figures"]
    assert figure["kind"] == "pmf" and "0.406" in figure["alt"]
    ET.fromstring(figure["svg"])
    assert body["figures_omitted"] == []


def test_api_figures_omitted_and_absent(client):
    body = client.post("/api/v1/solve", json={"problem": "5!", "figures": True}).get_json()
    assert body["figures"] == [] and body["figures_omitted"][0]["kind"] == "counting"
    body = client.post("/api/v1/solve", json={"problem": "5!", "figures": False}).get_json()
    assert "figures" not in body
    body = client.post("/api/v1/solve", json={"problem": "5!"}).get_json()
    assert "figures" not in body


@pytest.mark.parametrize("value", ["yes", 1, 0, [], {}])
def test_api_figures_must_be_a_bool(client, value):
    response = client.post("/api/v1/solve", json={"problem": "5!", "figures": value})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_request"


def test_cli_plot(tmp_path):
    from api.cli import main

    target = tmp_path / "area.svg"
    assert main(["solve", "∫_0^π sin x dx", "--plot", str(target)]) == 0
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert root.find(f"{SVG}desc").text.startswith("The area under sin(x) from 0 to π")
    assert main(["solve", "5!", "--plot", str(tmp_path / "none.svg")]) == 1
    assert not (tmp_path / "none.svg").exists()
