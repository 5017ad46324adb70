"""/check, /hint and reveal: a chatbot can walk a student through a problem one step at a
time without leaking the answer, and mark answers and work."""

from __future__ import annotations

import pytest

from api import create_app


@pytest.fixture(scope="module")
def client():
    app = create_app({"ISOLATE": False, "WARM": False})
    yield app.test_client()
    app.extensions["stepsolver"].close()


def check(client, problem, answer, **extra):
    response = client.post("/api/v1/check", json={"problem": problem, "answer": answer, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(("problem", "answer", "correct", "mistake", "notes"), [
    ("d/dx sin(x^2)", "2x cos(x^2)", True, None, []),
    ("d/dx sin(x^2)", "cos(x^2)·2x", True, None, []),
    ("d/dx sin(x^2)", "2 x cos(x x)", True, None, []),
    ("d/dx cos x", "sin x", False, "sign_error", []),
    ("d/dx sin(x^2)", "x cos(x^2)", False, "factor_error", []),
    ("d/dx sin(x^2)", "cos(x^2)", False, "wrong", []),
    ("integrate 1/x dx", "ln|x| + C", True, None, []),
    ("integrate 1/x dx", "ln(x) + 5", True, None, ["missing_constant", "absolute_value"]),
    ("integrate 2x dx", "x^2", True, None, ["missing_constant"]),
    ("integrate 2x dx", "x^2 + C", True, None, []),
    ("integrate cos x dx", "-sin x + C", False, "sign_error", []),
    ("integrate x e^x dx", "(x - 1) e^x + C", True, None, []),
    ("P(X = 3) where X ~ Binomial(10, 0.5)", "15/128", True, None, []),
    ("P(X = 3) where X ~ Binomial(10, 0.5)", "0.1172", True, None, ["rounded"]),
    ("P(X = 3) where X ~ Binomial(10, 0.5)", "0.118", False, "rounding", []),
    ("P(X = 3) where X ~ Binomial(10, 0.5)", "0.5", False, "wrong", []),
    ("P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", "15.38%", True, None, ["rounded"]),
    ("det [[1,2],[3,4]]", "-2", True, None, []),
    ("det [[1,2],[3,4]]", "2", False, "sign_error", []),
    ("rref [[1,2],[3,4]]", "[[1,0],[0,1]]", True, None, []),
    ("rref [[1,2],[3,4]]", "[[1,2],[0,1]]", False, "wrong", []),
    ("solve x + 2y = 3, 4x - y = 2", "x = 7/9, y = 10/9", True, None, []),
    ("solve x + 2y = 3, 4x - y = 2", "x = 1, y = 1", False, None, []),
    ("eigenvalues of [[2,1],[1,2]]", "3, 1", True, None, []),
    ("10 choose 3", "120", True, None, []),
    ("gradient of x^2 y + y^3", "(2x y, x^2 + 3y^2)", True, None, []),
    ("gradient of x^2 y + y^3", "[[2x y], [x^2 + 3y^2]]", True, None, []),
    ("gradient of x^2 y + y^3", "(2x y, x^2 + y^2)", False, "wrong", []),
    ("hessian of x^2 y + y^3", "[[2y, 2x], [2x, 6y]]", True, None, []),
    ("critical points of x^2 + y^2 - 2x", "(1, 0)", True, None, []),
    ("critical points of x^2 + y^2 - 2x", "(0, 1)", False, "wrong", []),
    ("critical points of x^3 - 3x", "x = 1, x = -1", True, None, []),
    ("critical points of x^3 - 3x", "1", False, "wrong", []),
    ("tangent line to x^2 at x = 1", "y = 2x - 1", True, None, []),
    ("tangent line to x^2 at x = 1", "2x - 1", True, None, []),
    ("tangent line to x^2 at x = 1", "y = 2x + 1", False, None, []),
    ("limit of sin(x)/x as x -> 0", "1", True, None, []),
    ("gradient descent on x^2 + y^2 from (x, y) = (1, 2) with learning rate 0.25 for 2 steps", "(0.25, 0.5)",
     True, None, []),
    ("newton's method on x^2 - 2 from x = 1 for 2 steps", "17/12", True, None, []),
    ("newton's method on x^2 - 2 from x = 1 for 2 steps", "1.5", False, None, []),
    ("standard deviation of 1, 2, 3, 4", "1.29", True, None, ["rounded"]),
    ("standard deviation of 1, 2, 3, 4", "1.118", False, "wrong", []),
    ("95% confidence interval for the mean of 1, 2, 3, 4, 5", "(1.04, 4.96)", True, None, []),
    ("95% confidence interval for the mean of 1, 2, 3, 4, 5", "(1.5, 4.5)", False, "wrong", []),
    ("t-test of 1, 2, 3, 4, 5 against mean 2", "fail to reject", True, None, []),
    ("t-test of 1, 2, 3, 4, 5 against mean 2", "reject H0", False, "wrong", []),
    ("t-test of 1, 2, 3, 4, 5 against mean 2", "1.414", True, None, []),
    ("newton's method on x^2 + 1 from x = 0 for 3 steps", "0", False, "wrong", []),
    ("newton's method on x^2 + 1 from x = 0 for 3 steps", "does not exist", True, None, []),
    ("limit of 1/x as x -> 0", "DNE", True, None, []),
    ("limit of 1/x as x -> 0", "0", False, "wrong", []),
], ids=lambda v: v if isinstance(v, str) else None)
def test_check_outcomes(client, problem, answer, correct, mistake, notes):
    result = check(client, problem, answer)
    assert result["correct"] is correct
    if not correct and mistake is not None:
        assert result["mistake"] == mistake
    assert result["notes"] == notes
    assert result["message"]
    assert "sympy" in result["expected"]


def test_check_without_reveal_hides_the_expected_answer(client):
    result = check(client, "d/dx sin(x^2)", "cos(x^2)", reveal=0)
    assert "expected" not in result


def test_work_lines_find_the_first_wrong_line(client):
    result = check(client, "d/dx x^2 sin x", "2x sin x + x^2 cos x",
                   work=["2x sin x + x^2 cos x", "= x (2 sin x + x cos x)"])
    assert result["first_wrong_line"] is None
    assert [line["ok"] for line in result["lines"]] == [True, True]
    result = check(client, "d/dx x^2 sin x", "2x sin x", work=["2x sin x + x^2 cos x", "2x sin x"])
    assert result["first_wrong_line"] == 2
    assert result["lines"][0]["ok"] and not result["lines"][1]["ok"]


def test_work_may_show_intermediate_results(client):
    result = check(client, "P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05", "2/13",
                   work=["P(B) = 0.0585", "0.009/0.0585"])
    assert result["first_wrong_line"] is None


def test_unreadable_answer_is_a_located_400(client):
    response = client.post("/api/v1/check", json={"problem": "d/dx x^2", "answer": "2x +"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "parse_error" and "answer" in error["message"] and error["column"] == 5


@pytest.mark.parametrize("body", [{"problem": "d/dx x"}, {"problem": "d/dx x", "answer": 3},
                                  {"problem": "d/dx x", "answer": "1", "work": "1"},
                                  {"problem": "d/dx x", "answer": "1", "work": [1]}])
def test_bad_check_requests_are_400(client, body):
    assert client.post("/api/v1/check", json=body).status_code == 400


def test_reveal_shows_steps_one_at_a_time_without_the_answer(client):
    full = client.post("/api/v1/solve", json={"problem": "derivative of x^2 e^(3x) / sin x"}).get_json()
    total = len(full["steps"])
    for n in range(total + 1):
        partial = client.post("/api/v1/solve", json={"problem": "derivative of x^2 e^(3x) / sin x",
                                                     "reveal": n}).get_json()
        assert "answer" not in partial
        assert len(partial["steps"]) == n and partial["remaining"] == total - n
        assert partial["steps"] == full["steps"][:n]
        assert all(c["step"] != "answer" for c in partial["verification"]["checks"])
    assert full["answer"]["sympy"] not in str(
        client.post("/api/v1/solve", json={"problem": "derivative of x^2 e^(3x) / sin x", "reveal": 0}).get_json())


def test_hints_walk_through_the_steps(client):
    first = client.post("/api/v1/hint", json={"problem": "d/dx sin(x^2)"}).get_json()
    assert first["rule"] == "chain_rule"
    assert "outer function" in first["hint"] and "u = x²" in first["hint"]
    assert "2x·cos(x²)" not in first["hint"]
    assert first["step"]["rule"] == "chain_rule"
    done = client.post("/api/v1/hint", json={"problem": "d/dx sin(x^2)", "work": ["2x cos(x^2)"]}).get_json()
    assert done["remaining"] == 0 and done["rule"] is None


def test_hint_for_a_gradient_points_at_the_first_partial_derivative(client):
    result = client.post("/api/v1/hint", json={"problem": "gradient of x^2 y + y^3"}).get_json()
    assert result["hint"].startswith("Hold y constant and differentiate")
    assert "2x·y" not in result["hint"]


def test_hint_flags_a_wrong_line_first(client):
    result = client.post("/api/v1/hint", json={"problem": "d/dx x^2 sin x", "work": ["2x cos x"]}).get_json()
    assert result["first_wrong_line"] == 1
    assert result["hint"].startswith("Line 1")
    assert result["step"] is None


def test_hint_for_integrals_names_the_technique_without_the_result(client):
    result = client.post("/api/v1/hint", json={"problem": "integrate x e^x dx"}).get_json()
    assert result["rule"] == "integration_by_parts"
    assert "u = x" in result["hint"]
    assert "(x - 1)" not in result["hint"]
