"""Exercise pages carry their demonstration as data (no inline script, so a Content-Security-
Policy without 'unsafe-inline' holds) and the API gives the same named, timed phases."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from footwork.domain.exercises import EXERCISES
from footwork.services.demonstrations import SIDE_COLOURS

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


@pytest.mark.parametrize("key", list(EXERCISES))
def test_an_exercise_page_carries_its_demonstration_as_data_only(client: TestClient, key: str):
    page = client.get(f"/exercises/{key}").text
    data = None
    for attrs, body in SCRIPT.findall(page):
        if 'id="demo-data"' in attrs:
            assert 'type="application/json"' in attrs
            data = json.loads(body)
        else:
            assert "src=" in attrs and not body.strip(), f"inline script on the page: {attrs}"
    assert data is not None
    assert {s: data["colours"][s] for s in SIDE_COLOURS} == SIDE_COLOURS
    first = data["phases"][0]
    assert f"{first['label']} ({first['seconds']:g} s)" in page  # named before the script runs
    assert data["phases"][-1]["end"] == len(data["frames"])


def test_the_api_gives_the_phases_of_a_demonstration(client: TestClient):
    demo = client.get("/api/exercises/outward-roll/demonstration").json()
    tempo = EXERCISES["outward-roll"].dose.tempo
    rolls = [(p["label"], p["seconds"], p["side"]) for p in demo["phases"][1:4]]
    assert rolls == [("Roll out", tempo.out_s, "left"), ("Hold", tempo.pause_s, "left"),
                     ("Roll back", tempo.back_s, "left")]  # fmt: skip
    assert demo["colours"]["left"] == SIDE_COLOURS["left"]
    assert demo["view"] == "lower legs and feet, from the front"
