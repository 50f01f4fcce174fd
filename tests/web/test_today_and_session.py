"""Today and the guided session: one session length everywhere, cues that belong to the phase,
a day done only when its planned sets were done, mini-sets counted through the day."""

from __future__ import annotations

import json
import re
from datetime import datetime

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.domain.session import SessionLog, SetLog, StepKind, session_minutes, session_steps
from footwork.domain.sides import Side
from footwork.services import planning, progress
from footwork.services.sessions import record_session

L, R = Side.LEFT, Side.RIGHT


def page_steps(page: str) -> list[dict]:
    return json.loads(re.search(r'id="steps" type="application/json">(.*?)</script>', page)[1])


def text_of(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|span|ul)>', page, re.S)
    assert found, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


def log_sets(settings: Settings, *sets: SetLog) -> None:
    record_session(settings, SessionLog(started_at=datetime.now(), sets=list(sets)), "Sam")


def whole_session(settings: Settings) -> list[SetLog]:
    plan = planning.current_plan(settings, "Sam").plan
    return [SetLog(s.exercise, s.side, s.direction, s.reps_total, s.reps_total, s.set_number)
            for s in session_steps(plan) if s.kind is StepKind.SET_DONE]  # fmt: skip


def test_today_and_the_session_page_give_the_same_length_computed_from_the_steps(
    sam: TestClient, settings: Settings
):
    minutes = session_minutes(session_steps(planning.current_plan(settings, "Sam").plan))
    today, session = sam.get("/").text, sam.get("/session").text
    assert f"about {minutes} minutes." in text_of(today, "today-status")
    assert f"3 exercises, about {minutes} minutes with timers" in text_of(session, "overview")
    assert text_of(session, "where") == ""  # the script writes here, not over the overview
    assert "about 10 minutes" not in today


def test_the_session_steps_carry_the_phase_name_and_the_cue_spoken_with_it(sam: TestClient):
    steps = sam.get("/api/session/steps").json()
    roll = [s for s in steps if s["exercise"] == "outward-roll" and s["rep"] == 3
            and s["side"] == "left"]  # fmt: skip
    assert [(s["kind"], s["phase"]) for s in roll] == [
        ("out", "Roll out"), ("hold", "Hold"), ("back", "Roll back")]  # fmt: skip
    assert "breathe" in roll[1]["cue"] and "breathe" in roll[1]["spoken"]
    assert "breathe" not in roll[0]["spoken"] and "flat" not in roll[0]["cue"]
    circles = {s["phase"] for s in steps if s["exercise"] == "heel-circle" and s["rep"]}
    assert circles == {"Circle clockwise", "Circle counter-clockwise"}
    assert page_steps(sam.get("/session").text) == steps


def test_one_set_then_finish_now_leaves_today_partial_with_what_is_left(
    sam: TestClient, settings: Settings
):
    token = sam.post("/api/sessions", json={"plan_week": 1}).json()["token"]
    body = {"exercise": "outward-roll", "side": "left", "reps_done": 5, "reps_target": 5}
    assert sam.post(f"/api/sessions/{token}/sets", json=body).status_code == 201
    assert sam.post(f"/api/sessions/{token}/finish", json={}).status_code == 200

    page = sam.get("/").text
    assert "Today's programme is done" not in page
    assert text_of(page, "today-status").startswith("Partly done today: 1 of 9 sets done.")
    left = text_of(page, "left-today")
    assert "Outward Roll: 1 set left" in left and "Heel Circle: 4 sets left" in left
    assert "Banded Squat: 0 of 3 mini-sets done, 3 to go" in left
    assert 'id="streak">0<' in page
    assert "every set of the plan" in text_of(page, "done-rule")
    rep = progress.report(settings, "Sam")
    assert (rep.adherence.done_days, rep.adherence.partial_days) == (0, 1)


def test_a_squat_clip_alone_does_not_mark_the_day_done(sam: TestClient, settings: Settings):
    log_sets(settings, SetLog("banded-squat", None, None, 5, 5, note="counted from video"))
    page = sam.get("/").text
    assert "Today's programme is done" not in page and 'id="streak">0<' in page
    assert text_of(page, "minisets").startswith(
        "1 of 3 mini-sets done today; the next at 12:30 (your times: 07:30, 12:30, 17:00"
    )


def test_every_planned_set_and_mini_set_makes_the_day_done_with_a_streak(
    sam: TestClient, settings: Settings
):
    log_sets(settings, *whole_session(settings))
    assert "Today's programme is done" not in sam.get("/").text  # mini-sets 2 and 3 to go
    steps = sam.get("/api/session/steps", params={"only": "banded-squat"}).json()
    ready = next(s for s in steps if s["kind"] == "get-ready")
    assert ready["cue"] == "Get ready (mini-set 2 of 3)."
    log_sets(settings, SetLog("banded-squat", None, None, 3, 5, 2))
    log_sets(settings, SetLog("banded-squat", None, None, 2, 5, 3, stop_reason="band slipped"))

    page = sam.get("/").text
    assert (
        text_of(page, "today-status") == "Today's programme is done: 9 of 9 sets done. Well done."
    )
    assert 'id="streak">1<' in page
    assert text_of(page, "minisets").startswith("3 of 3 mini-sets done today")


def test_the_plan_page_sets_the_training_times_that_the_calendar_uses(sam: TestClient):
    page = sam.get("/plan").text
    assert "The session at 07:30, then Banded Squat mini-sets at 12:30, 17:00" in page
    r = sam.post("/plan/times", data={"times": "06:30, 13:00, 18:45", "time_zone": "Europe/Oslo"},
                 follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = sam.get("/plan").text
    assert "The session at 06:30, then Banded Squat mini-sets at 13:00, 18:45" in page
    assert "(Europe/Oslo)" in page
    ics = sam.get("/plan.ics").text
    assert "DTSTART;TZID=Europe/Oslo:" in ics and "T064500" not in ics
    assert re.search(r"DTSTART;TZID=Europe/Oslo:\d{8}T184500", ics)

    bad = sam.post("/plan/times", data={"times": "6:30, 26:00", "time_zone": ""})
    assert bad.status_code in (400, 422) and "not a time of day" in bad.text
    assert "The session at 06:30" in sam.get("/plan").text  # nothing changed
