"""The OpenAPI document tells the truth about the API: schemathesis calls every operation in
process (ASGI) with generated requests and fails on a status the document does not list or a
body that does not match its schema, errors (``{"detail", "hint"}``, and ``"field"`` when one
input was wrong) included."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import response_schema_conformance, status_code_conformance

from footwork.config import Settings
from footwork.services import people
from footwork.web.api_errors import ErrorBody
from footwork.web.app import create_app


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    home: Path = tmp_path_factory.mktemp("openapi-home")
    settings_ = Settings(home=home, database_url=f"sqlite:///{home / 'fw.sqlite3'}")
    people.add(settings_, "Sam")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(settings_))


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def _conforms(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[status_code_conformance, response_schema_conformance])


@pytest.mark.slow  # ~30 operations, a few generated requests each
def test_every_api_answer_is_described_by_the_openapi_document(api_schema):
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20
    for op in operations:
        try:
            given(case=op.as_strategy())(_conforms)()
        except Exception as exc:  # collect every operation's mismatch, not just the first
            failures.append(f"{op.method.upper()} {op.path}: {exc}")
    assert failures == [], "\n\n".join(failures)


def test_error_answers_are_documented_with_their_real_body(client: TestClient):
    doc = client.get("/openapi.json").json()
    assert set(doc["components"]["schemas"]["ErrorBody"]["properties"]) == {
        "detail", "hint", "field"
    }  # fmt: skip
    post = doc["paths"]["/api/measurements"]["post"]["responses"]
    assert {"400", "403", "404", "422", "503"} <= set(post)
    assert post["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    upload = doc["paths"]["/api/photo-angle"]["post"]["responses"]
    assert {"413", "415"} <= set(upload)
    assert "403" not in doc["paths"]["/api/people"]["get"]["responses"]
    r = client.post("/api/measurements", json={"kind": "elbow"})
    assert r.status_code == 422 and set(r.json()) == set(ErrorBody.model_fields) - {"field"}
    body = {"kind": "big-toe-extension", "side": "middle", "value": 50}
    r = client.post("/api/measurements", json=[body])  # about one input: it says which
    assert r.status_code == 422 and set(r.json()) == set(ErrorBody.model_fields)
    assert "field" not in doc["components"]["schemas"]["ErrorBody"]["required"]


def test_answers_are_documented_with_the_public_schema_the_command_line_prints(
    client: TestClient,
):
    doc = client.get("/openapi.json").json()
    ok = doc["paths"]["/api/plan"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/PlanPublic")
    dose = doc["components"]["schemas"]["DosePublic"]["properties"]
    assert dose["tempo_s"]["$ref"].endswith("/TempoPublic") and "out_s" not in dose
    people = doc["paths"]["/api/people"]["get"]["responses"]["200"]["content"]
    assert people["application/json"]["schema"]["items"]["$ref"].endswith("/PersonPublic")
