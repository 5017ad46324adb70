"""The OpenAPI document is valid, covers every endpoint, and the running app keeps to it:
schemathesis sends generated requests and checks every response against the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api import create_app

app = create_app({"ISOLATE": False, "WARM": False, "TIME_LIMIT": 5.0})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_document_is_valid_openapi_3_1():
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {"/api/v1/solve", "/api/v1/parse", "/api/v1/check", "/api/v1/hint",
                                  "/api/v1/healthz", "/api/v1/openapi.json", "/api/v1/tools.json"}


def test_tools_json_names_three_tools_with_json_schemas():
    tools = app.test_client().get("/api/v1/tools.json").get_json()["tools"]
    assert [t["function"]["name"] for t in tools] == ["solve_math_problem", "check_answer", "next_hint"]
    for t in tools:
        assert t["function"]["parameters"]["type"] == "object"
        assert "problem" in t["function"]["parameters"]["required"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_to_its_schema(case):
    response = case.call()
    assert response.status_code < 500, response.text
    # A schema-valid body can still be a string that is not a problem ("00"): a located 400/422
    # is the right answer to it, so only that one check (schema-valid ⇒ 2xx) is left out.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


@pytest.fixture(scope="module", autouse=True)
def _close():
    yield
    app.extensions["stepsolver"].close()
