"""The JSON API on a real database: every route, and bad input answered with a clear 4xx and
nothing stored."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import measurements, people, progress, sessions

TOE = {"kind": "big-toe-extension", "side": "left", "value": 48, "unit": "deg",
       "method": "goniometer"}  # fmt: skip


def test_people_are_added_and_listed(client: TestClient):
    r = client.post("/api/people", json={"name": "Sam", "sport": "running"})
    assert r.status_code == 201 and r.json()["name"] == "Sam"
    assert [p["name"] for p in client.get("/api/people").json()] == ["Sam"]


def test_a_second_person_with_the_same_name_is_refused(client: TestClient):
    client.post("/api/people", json={"name": "Sam"})
    r = client.post("/api/people", json={"name": "Sam"})
    assert r.status_code == 422 and "already a person called 'Sam'" in r.json()["detail"]


def test_measurements_are_stored_in_the_measures_unit(client: TestClient, settings: Settings):
    body = [TOE, {"kind": "lunge-distance", "side": "right", "value": 3.5, "unit": "in"}]
    r = client.post("/api/measurements", json=body)
    assert r.status_code == 201
    assert [(m["kind"], m["value"], m["unit"]) for m in r.json()] == [
        ("big-toe-extension", 48, "deg"),
        ("lunge-distance", pytest.approx(8.89), "cm"),
    ]
    assert len(client.get("/api/measurements").json()) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": 400}, "outside what a human foot shows"),
        ({"unit": "cm"}, "Big-toe extension is an angle"),
        ({"kind": "toe-wiggle"}, "Unknown measure 'toe-wiggle'"),
        ({"method": "tape"}, "cannot be measured with the method tape"),
        ({"unit": "furlong"}, "Unknown unit 'furlong'"),
    ],
)
def test_impossible_measurements_are_refused_and_none_of_the_batch_is_stored(
    client: TestClient, settings: Settings, change: dict, message: str
):
    r = client.post("/api/measurements", json=[TOE | {"side": "right"}, TOE | change])
    assert r.status_code == 422
    assert message in r.json()["detail"]
    assert measurements.list_all(settings) == []


@pytest.mark.parametrize(
    "body",
    [
        [{"kind": "big-toe-extension", "side": "left"}],  # no value
        [TOE | {"side": "middle"}],
        [TOE | {"value": "many"}],
        [TOE | {"colour": "red"}],  # unknown field
        TOE,  # not a list
    ],
)
def test_unreadable_measurement_requests_are_refused(
    client: TestClient, settings: Settings, body: object
):
    r = client.post("/api/measurements", json=body)
    assert r.status_code == 422 and r.json()["detail"].startswith("The form or request")
    assert measurements.list_all(settings) == []


def test_the_assessment_reports_bands_targets_and_measurement_error(client: TestClient):
    client.post("/api/measurements", json=[TOE])
    a = client.get("/api/assessment").json()
    [f] = a["findings"]
    assert (f["band"], f["target"], f["mdc"], f["gap_to_target"]) == ("below target", 65, 18.7, 17)
    assert {"kind": "arch-index", "side": "left"} in a["missing"]
    assert "not a diagnosis" in a["note"]


def test_the_plan_explains_each_dose(client: TestClient):
    client.post("/api/measurements", json=[TOE])
    p = client.get("/api/plan").json()
    circle = next(i for i in p["items"] if i["exercise"] == "heel-circle")
    assert circle["dose"]["left"]["sets"] == 2 and circle["dose"]["right"]["sets"] == 1
    assert any("below the 65° target" in r for r in circle["reasons"])
    ics = client.get("/api/plan.ics")
    assert ics.headers["content-type"].startswith("text/calendar") and "BEGIN:VEVENT" in ics.text


def test_the_exercises_and_the_session_script_are_listed(client: TestClient):
    assert [e["key"] for e in client.get("/api/exercises").json()] == [
        "outward-roll", "heel-circle", "banded-squat"]  # fmt: skip
    steps = client.get("/api/session/steps", params={"only": "outward-roll"}).json()
    assert {s["exercise"] for s in steps} == {"outward-roll"}
    assert [s["seconds"] for s in steps if s["rep"] == 1 and s["side"] == "left"] == [3, 3, 3]


def test_a_demonstration_moves_the_foot_that_does_the_exercise(client: TestClient):
    demo = client.get("/api/exercises/heel-circle/demonstration").json()
    heel = demo["joints"].index("left_heel")
    xs = [frame[heel][0] for frame in demo["frames"]]
    assert max(xs) - min(xs) > 10  # the left heel draws circles, in pixels
    assert client.get("/api/exercises/plank/demonstration").status_code == 404


def log(client: TestClient, token: str, **extra: object):
    body = {"exercise": "outward-roll", "side": "left", "reps_done": 5, "reps_target": 5} | extra
    return client.post(f"/api/sessions/{token}/sets", json=body)


def test_a_browser_session_saves_each_set_as_it_is_logged(client: TestClient, settings: Settings):
    token = client.post("/api/sessions", json={"plan_week": 1}).json()["token"]
    assert log(client, token, effort=6, pain=1, note="tight calf").status_code == 201
    [s] = sessions.list_sessions(settings)  # saved before the session is finished
    assert (s.sets[0].effort, s.sets[0].pain, s.sets[0].note) == (6, 1, "tight calf")
    log(client, token, side="right", reps_done=2, completed=False, stop_reason="skipped")
    assert client.post(f"/api/sessions/{token}/finish", json={}).status_code == 200
    [s] = sessions.list_sessions(settings)
    assert s.ended_at is not None and s.plan_week == 1 and s.reps_done == 7
    assert progress.report(settings).session_days == [date.today()]
    assert log(client, token).status_code == 404  # finished sessions take no more sets


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"pain": 11}, "Pain must be a whole number from 0 to 10"),
        ({"effort": -1}, "Effort must be a whole number from 0 to 10"),
        ({"exercise": "plank"}, "Unknown exercise 'plank'"),
        ({"reps_done": -2}, "reps_done"),
        ({"side": "both"}, "side"),
    ],
)
def test_bad_sets_are_refused_and_not_stored(
    client: TestClient, settings: Settings, extra: dict, message: str
):
    token = client.post("/api/sessions", json={}).json()["token"]
    r = log(client, token, **extra)
    assert r.status_code == 422 and message in r.json()["detail"]
    assert all(not log.sets for log in sessions.list_sessions(settings))


def test_an_unknown_session_is_not_found(client: TestClient):
    r = log(client, "0" * 32)
    assert r.status_code == 404 and "not open any more" in r.json()["detail"]


def test_outcomes_are_recorded_and_shown_in_progress(client: TestClient):
    r = client.post("/api/outcomes", json={"kind": "5k-time", "value": 24.5, "note": "windy"})
    assert r.status_code == 201 and r.json()["unit"] == "min"
    assert client.post("/api/outcomes", json={"kind": "5k-time", "value": -3}).status_code == 422
    rep = client.get("/api/progress").json()
    assert [(o["kind"], o["value"]) for o in rep["outcomes"]] == [("5k-time", 24.5)]
    assert rep["adherence"]["current_streak"] == 0


def test_progress_series_carry_target_and_measurement_error(client: TestClient):
    client.post("/api/measurements", json=[TOE | {"taken_at": "2025-01-01"}, TOE | {"value": 70}])
    [s] = client.get("/api/progress").json()["series"]
    assert (s["target"], s["mdc"], s["verdict"]) == (65, 18.7, "a real improvement")


def test_the_person_can_be_named_in_the_query(client: TestClient, settings: Settings):
    people.add(settings, "Ana")
    people.add(settings, "Ben")
    assert client.get("/api/plan").status_code == 422  # ambiguous without a name
    assert client.get("/api/plan", params={"person": "Ben"}).json()["person"] == "Ben"
    assert client.get("/api/plan", params={"person": "Cy"}).status_code == 404


def test_the_openapi_document_lists_the_api(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/measurements", "/api/sessions/{token}/sets", "/api/import"} <= set(paths)
    assert not any(p.startswith("/assess") for p in paths)  # pages are not part of the API
