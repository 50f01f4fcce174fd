"""Every web entry point refuses what the domain limits refuse (dates, numbers, bounds), reads
write nothing, and each stored row can be corrected or deleted without touching the others."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import people, planning, records, sessions

TOE = {"kind": "big-toe-extension", "side": "left", "value": 48, "unit": "deg",
       "method": "goniometer"}  # fmt: skip


def stored(client: TestClient) -> list[dict]:
    return client.get("/api/measurements").json()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_a_date_out_of_range_is_refused_and_the_charts_keep_working(sam: TestClient, day: str):
    sam.post("/api/measurements", json=[TOE])
    r = sam.post("/api/measurements", json=[TOE | {"taken_at": f"{day}T08:00:00"}])
    assert r.status_code == 422 and day in r.json()["detail"]
    assert len(stored(sam)) == 1
    for page in ("/progress", "/report", "/api/progress"):
        assert sam.get(page).status_code == 200, page


def test_a_measurement_dated_tomorrow_is_refused_and_today_is_fine(sam: TestClient):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = sam.post("/api/measurements", json=[TOE | {"taken_at": f"{tomorrow}T00:30:00"}])
    assert r.status_code == 422 and "in the future" in r.json()["detail"]
    today = date.today().isoformat()
    assert sam.post("/api/measurements", json=[TOE | {"taken_at": f"{today}T23:59:00"}]).is_success


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/sessions", {"plan_week": 100000000000000000000000}, "plan_week"),
        ("/api/sessions", {"plan_week": 261}, "plan_week"),
        ("/api/measurements", [TOE | {"value": True}], "value"),
        ("/api/measurements", [TOE | {"value": "48"}], "value"),
        ("/api/measurements", [TOE | {"value": 1e308}], "value"),
        ("/api/outcomes", {"kind": "squat-1rm", "value": True}, "value"),
        ("/api/outcomes", {"kind": "squat-1rm", "value": 10**30}, "value"),
    ],
)
def test_numbers_in_the_api_are_bounded_json_numbers(sam, path, body, field):
    r = sam.post(path, json=body)
    assert r.status_code == 422, r.text
    assert field in r.json()["detail"]
    assert stored(sam) == [] and sam.get("/api/outcomes").json() == []


def test_a_huge_set_count_is_refused(sam: TestClient):
    token = sam.post("/api/sessions", json={}).json()["token"]
    huge = {"exercise": "outward-roll", "reps_done": 10**25, "reps_target": 5}
    r = sam.post(f"/api/sessions/{token}/sets", json=huge)
    assert r.status_code == 422 and "reps_done" in r.json()["detail"]


@pytest.mark.parametrize(
    ("typed", "says"),
    [("4_8", "is not a number"), ("1,000", "ambiguous"), ("1e2", "is not a number")],
)
def test_loose_numbers_on_the_assessment_form_are_refused(sam: TestClient, typed, says):
    r = sam.post("/assess/big-toe", data={"value-big-toe-extension-left": typed})
    assert r.status_code == 422 and says in r.text
    assert stored(sam) == []


def test_a_decimal_comma_is_read_on_the_form(sam: TestClient):
    sam.post("/assess/big-toe", data={"value-big-toe-extension-left": "48,5"})
    assert [m["value"] for m in stored(sam)] == [48.5]


def test_an_outcome_in_an_unknown_unit_or_out_of_range_is_refused(sam: TestClient):
    r = sam.post("/api/outcomes", json={"kind": "5k-time", "value": 24, "unit": "lightyears"})
    assert r.status_code == 422 and "Unknown unit 'lightyears'" in r.json()["detail"]
    r = sam.post("/progress/outcomes", data={"kind": "squat-1rm", "value": "4000"})
    assert r.status_code == 422 and "0 to 1000 kg" in r.text
    ok = sam.post("/api/outcomes", json={"kind": "grip", "value": 3, "unit": "other"})
    assert ok.status_code == 201 and ok.json()["unit"] == "other"


def test_reading_every_page_on_a_fresh_home_creates_nobody_and_starts_no_plan(
    client: TestClient, settings: Settings
):
    for path in ("/results", "/progress", "/plan", "/report", "/data", "/api/measurements",
                 "/api/progress", "/api/plan", "/api/assessment", "/api/outcomes"):  # fmt: skip
        assert client.get(path).status_code == 200, path
    assert people.list_profiles(settings) == []
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/welcome"
    assert "No measurements yet" in client.get("/results").text


def test_opening_the_plan_does_not_start_it_but_restarting_does(sam, settings: Settings):
    sam.get("/plan")
    assert people.list_profiles(settings)[0].plan_start is None
    sam.post("/plan/restart")
    assert people.list_profiles(settings)[0].plan_start == date.today()


# Edit and delete ----------------------------------------------------------------------------


def test_a_measurement_is_edited_and_deleted_from_the_data_page(sam: TestClient):
    sam.post("/api/measurements", json=[TOE, TOE | {"side": "right", "value": 50}])
    left, right = stored(sam)
    page = sam.get("/data").text
    assert f"/data/measurements/{left['id']}/edit" in page
    form = sam.get(f"/data/measurements/{left['id']}/edit").text
    assert 'name="csrf_token"' in form

    bad = sam.post(f"/data/measurements/{left['id']}/edit",
                   data={"value": "480", "side": "left", "method": "goniometer",
                         "day": date.today().isoformat()})  # fmt: skip
    assert bad.status_code == 422 and "outside what a human foot shows" in bad.text
    sam.post(f"/data/measurements/{left['id']}/edit",
             data={"value": "52,5", "side": "left", "method": "photo",
                   "day": "2026-01-02", "note": "re-measured"})  # fmt: skip
    edited = stored(sam)[0]
    assert (edited["value"], edited["method"], edited["taken_at"][:10], edited["note"]) == (
        52.5, "photo", "2026-01-02", "re-measured")  # fmt: skip

    ask = sam.get(f"/data/measurements/{left['id']}/delete")
    assert "Delete this measurement?" in ask.text and 'name="csrf_token"' in ask.text
    assert len(stored(sam)) == 2  # asking deletes nothing
    sam.post(f"/data/measurements/{left['id']}/delete")
    assert [m["id"] for m in stored(sam)] == [right["id"]]


def test_a_logged_set_is_edited_and_deleted(sam: TestClient, settings: Settings):
    token = sam.post("/api/sessions", json={}).json()["token"]
    for side in ("left", "right"):
        sam.post(f"/api/sessions/{token}/sets",
                 json={"exercise": "outward-roll", "side": side, "reps_done": 5,
                       "reps_target": 5})  # fmt: skip
    first, _ = records.list_sets(settings, "Sam")
    assert f"/data/sets/{first.id}/edit" in sam.get("/data").text
    r = sam.post(f"/data/sets/{first.id}/edit", data={"reps_done": "3", "reps_target": "5",
                                                      "pain": "11"})  # fmt: skip
    assert r.status_code == 422 and "0 to 10" in r.text
    sam.post(
        f"/data/sets/{first.id}/edit",
        data={"reps_done": "3", "reps_target": "5", "pain": "2", "note": "cramp"},
    )
    assert records.set_record(settings, "Sam", first.id).reps_done == 3
    sam.post(f"/data/sets/{first.id}/delete")
    [log] = sessions.list_sessions(settings, "Sam")
    assert [(s.side.value, s.reps_done) for s in log.sets] == [("right", 5)]


def test_an_outcome_is_edited_and_deleted_on_the_page_and_in_the_api(sam: TestClient):
    sam.post("/progress/outcomes", data={"kind": "squat-1rm", "value": "120"})
    sam.post("/progress/outcomes", data={"kind": "pain", "value": "3"})
    squat, pain = sam.get("/api/outcomes").json()
    assert f"/data/outcomes/{squat['id']}/delete" in sam.get("/progress").text
    sam.post(f"/data/outcomes/{squat['id']}/edit",
             data={"kind": "squat-1rm", "value": "125", "unit": "kg",
                   "day": date.today().isoformat()})  # fmt: skip
    r = sam.put(f"/api/outcomes/{pain['id']}", json={"kind": "pain", "value": 4})
    assert r.status_code == 200 and r.json()["value"] == 4
    assert [o["value"] for o in sam.get("/api/outcomes").json()] == [125, 4]
    assert sam.delete(f"/api/outcomes/{squat['id']}").status_code == 204
    assert [o["kind"] for o in sam.get("/api/outcomes").json()] == ["pain"]


def test_the_api_corrects_and_deletes_a_measurement(sam: TestClient):
    [m] = sam.post("/api/measurements", json=[TOE]).json()
    r = sam.put(f"/api/measurements/{m['id']}", json=TOE | {"value": 300})
    assert r.status_code == 422 and stored(sam)[0]["value"] == 48
    assert sam.put(f"/api/measurements/{m['id']}", json=TOE | {"value": 51}).json()["value"] == 51
    assert sam.delete(f"/api/measurements/{m['id']}").status_code == 204
    assert stored(sam) == []
    assert sam.delete(f"/api/measurements/{m['id']}").status_code == 404


def test_another_persons_record_cannot_be_changed(sam: TestClient, settings: Settings):
    [m] = sam.post("/api/measurements", json=[TOE]).json()
    people.add(settings, "Ben")
    r = sam.post(f"/data/measurements/{m['id']}/delete", params={"person": "Ben"})
    assert r.status_code == 404 and len(stored(sam)) == 1
    assert planning.assessment(settings, "Sam")[1].findings
