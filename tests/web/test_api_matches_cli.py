"""One public shape per resource: what ``footwork ... --json`` prints is what ``/api`` sends."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from footwork.cli.main import build_app

MEASURES = [
    {"kind": "big-toe-extension", "side": "left", "value": 48, "unit": "deg"},
    {"kind": "big-toe-extension", "side": "right", "value": 66, "method": "photo"},
    {"kind": "lunge-distance", "side": "left", "value": 7.5},
    {"kind": "arch-index", "side": "right", "value": 0.29, "note": "wet print, Zoë's paper"},
]


def _printed(*args: str) -> str:
    result = CliRunner().invoke(build_app(), [*args, "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@pytest.fixture
def sam(client: TestClient) -> TestClient:
    assert client.post("/api/people", json={"name": "Sam", "sport": "running"}).status_code == 201
    assert client.post("/api/measurements", json=MEASURES).status_code == 201
    return client


@pytest.mark.parametrize(
    ("command", "route"),
    [
        (["plan"], "/api/plan"),
        (["assess", "--show"], "/api/assessment"),
        (["measure", "list"], "/api/measurements"),
        (["person", "list"], "/api/people"),
    ],
)
def test_the_command_line_prints_the_bytes_the_api_sends(
    sam: TestClient, command: list[str], route: str
):
    sent = sam.get(route)
    assert sent.status_code == 200 and sent.headers["content-type"] == "application/json"
    assert _printed(*command).encode("utf-8") == sent.content + b"\n"  # print() ends the line


def test_the_plan_has_one_shape_with_the_tempo_the_emphasis_and_the_training_times(sam):
    plan = json.loads(_printed("plan"))
    circle = next(i for i in plan["items"] if i["exercise"] == "heel-circle")
    assert circle["emphasis"] == ["left"]  # 48° on the left, 66° on the right
    assert set(circle["dose"]["left"]["tempo_s"]) == {"out", "hold", "back"}
    assert "out_s" not in circle["dose"]["left"]
    assert plan["times"] and plan["time_zone"]
    assert "ics" not in plan  # only when a calendar file was written


def test_progress_is_the_api_resource_plus_the_chart_file(sam: TestClient):
    printed = json.loads(_printed("progress"))
    assert printed.pop("chart") is None
    assert printed == sam.get("/api/progress").json()
