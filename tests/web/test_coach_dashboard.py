"""The coach's dashboard and athlete page, on a real database with real logged data: a coach
sees their own athletes only, with flags that come and go with what the athletes log and what
the coach opens, adherence as counted by hand, and the athlete's access log saying so."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from browser_support import SHOTS, needs_chromium, serving
from team_support import PASSWORD, Team, sign_in, team_app, with_token

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.domain.jobs import Job, JobKind, JobStatus
from footwork.domain.session import SessionLog, SetLog, StepKind, session_steps
from footwork.domain.sides import Side
from footwork.services import accounts, analyses, planning
from footwork.services.sessions import record_session
from footwork.services.store import open_store
from footwork.web.team import ATHLETE_COOKIE


def athlete_name(settings: Settings, team: Team) -> str:
    person = accounts.viewable_person(settings, team.athlete, None)
    assert person is not None
    return person.name


def full_day(settings: Settings, name: str, day: date) -> list[SetLog]:
    """Every set and mini-set of that day's plan, each with its full reps: a done day."""
    plan = planning.current_plan(settings, name, day).plan
    logs = [SetLog(s.exercise, s.side, s.direction, s.reps_total, s.reps_total, s.set_number)
            for s in session_steps(plan) if s.kind is StepKind.SET_DONE]  # fmt: skip
    bouts = plan.item("banded-squat").dose_by_side[Side.LEFT].bouts_per_day
    logs += [SetLog("banded-squat", None, None, 5, 5, n) for n in range(2, bouts + 1)]
    return logs


def log_day(settings: Settings, name: str, day: date, sets: list[SetLog]) -> None:
    when = datetime.combine(day, time(8, 0))
    record_session(settings, SessionLog(started_at=when, sets=sets), name)


def finished_clip(settings: Settings, team: Team, *, kept: bool = False) -> str:
    """A finished clip analysis of the athlete, as the job runner leaves it (not reviewed);
    ``kept``: with its result.json and an annotated video."""
    job_id = uuid.uuid4().hex
    with open_store(settings).unit_of_work() as uow:
        uow.jobs.add(Job(job_id, JobKind.CLIP_ANALYSIS, file_name="squat.mp4"),
                     team.athlete.person_id)  # fmt: skip
        uow.jobs.update(job_id, status=JobStatus.DONE, finished_at=datetime.now())
    if kept:
        folder = analyses.analyses_dir(settings) / job_id
        folder.mkdir(parents=True)
        (folder / "annotated.mp4").write_bytes(b"not really a video")
        (folder / analyses.RESULT_FILE).write_text(json.dumps(kept_result(job_id)))
    return job_id


def kept_result(job_id: str) -> dict[str, Any]:
    return {
        "id": job_id, "created": "2026-11-20T07:31:05", "source_name": "Monday rolls.mp4",
        "clip_kept": False, "annotated": "annotated.mp4", "plot": None, "guessed": None,
        "session_id": None,
        "result": {
            "exercise": "outward-roll", "source": "Monday rolls.mp4", "view": "side",
            "fps": 30.0, "frames": 300, "duration_s": 9.967, "reps": 1,
            "reps_by_side": {"left": 1, "right": 0}, "summary": {}, "findings": [],
            "warnings": [],
            "rep_list": [{"index": 1, "start_s": 1.0, "peak_s": None, "end_s": 1.8,
                          "duration_s": 0.8, "side": "left", "direction": None, "view": None,
                          "measures": {}}],
        },
    }  # fmt: skip


def row_of(page: str, uid: str) -> str:
    found = re.search(rf'<tr data-person="{uid}">(.*?)</tr>', page, re.S)
    assert found, f"no row for {uid}"
    return found[1]


def flags_in(row: str) -> list[str]:
    return re.findall(r'class="band warn flag-(\w+)"', row)


def test_a_coach_sees_only_their_own_athletes(settings: Settings, team: Team):
    coach = sign_in(team_app(settings), team.coach.email)
    page = coach.get("/coach")
    assert page.status_code == 200
    assert f'href="/coach/athletes/{team.athlete_uid}"' in page.text
    assert team.other_athlete_uid not in page.text and "Bo" not in page.text
    assert coach.get(f"/coach/athletes/{team.other_athlete_uid}").status_code == 404
    assert coach.get("/coach/athletes/no-such-person").status_code == 404
    roster = coach.get("/api/coach/athletes").json()
    assert [r["person"] for r in roster] == [team.athlete_uid]


def test_the_dashboard_answers_404_to_admins_and_athletes_and_sends_strangers_to_sign_in(
    settings: Settings, team: Team
):
    app = team_app(settings)
    for email in (team.admin.email, team.athlete.email, team.other_athlete.email):
        client = sign_in(app, email)
        assert client.get("/coach").status_code == 404, email
        assert client.get(f"/coach/athletes/{team.athlete_uid}").status_code == 404, email
        assert client.get("/api/coach/athletes").status_code == 404, email
    assert (
        with_token(app, settings, team.athlete.email).get("/api/coach/athletes").status_code == 404
    )


def test_a_coach_without_athletes_is_told_how_athletes_join(settings: Settings, team: Team):
    accounts.leave_coach(settings, team.athlete.id, team.coach.id)
    page = sign_in(team_app(settings), team.coach.email).get("/coach").text
    assert 'id="no-athletes"' in page
    assert "ask your footwork admin for a join link" in page


def test_pain_of_6_logged_by_the_athlete_raises_the_pain_flag(settings: Settings, team: Team):
    app = team_app(settings)
    athlete = sign_in(app, team.athlete.email)
    token = athlete.post("/api/sessions", json={}).json()["token"]
    answer = athlete.post(f"/api/sessions/{token}/sets", json={
        "exercise": "outward-roll", "side": "left", "reps_done": 5, "reps_target": 10,
        "pain": 6, "note": "sharp under the arch"})  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert athlete.post(f"/api/sessions/{token}/finish", json={}).status_code == 200
    coach = sign_in(app, team.coach.email)
    row = row_of(coach.get("/coach").text, team.athlete_uid)
    assert flags_in(row) == ["pain"]
    assert f"pain 6/10 on {date.today():%d %b}" in row
    api = coach.get("/api/coach/athletes").json()[0]
    assert [f["kind"] for f in api["flags"]] == ["pain"]
    assert api["last_session"] == date.today().isoformat()
    athlete_page = coach.get(f"/coach/athletes/{team.athlete_uid}").text
    assert "sharp under the arch" in athlete_page and "6/10" in athlete_page


def test_a_new_clip_is_flagged_until_the_coach_opens_it(settings: Settings, team: Team):
    job_id = finished_clip(settings, team)
    app = team_app(settings)
    coach = sign_in(app, team.coach.email)
    assert flags_in(row_of(coach.get("/coach").text, team.athlete_uid)) == ["clip"]
    athlete_page = coach.get(f"/coach/athletes/{team.athlete_uid}").text
    assert f'href="/check/{job_id}?person={team.athlete_uid}"' in athlete_page
    # The athlete opening their own clip reviews nothing.
    assert sign_in(app, team.athlete.email).get(f"/check/{job_id}").status_code == 200
    assert flags_in(row_of(coach.get("/coach").text, team.athlete_uid)) == ["clip"]
    assert coach.get(f"/check/{job_id}?person={team.athlete_uid}").status_code == 200
    assert flags_in(row_of(coach.get("/coach").text, team.athlete_uid)) == []
    with open_store(settings).unit_of_work() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None and job.reviewed_at is not None


def test_a_kept_clip_is_listed_with_its_video_and_reviewed_through_the_api_too(
    settings: Settings, team: Team
):
    job_id = finished_clip(settings, team, kept=True)
    app = team_app(settings)
    coach = sign_in(app, team.coach.email)
    page = coach.get(f"/coach/athletes/{team.athlete_uid}").text
    assert "Monday rolls.mp4" in page
    video = f"/analyses/{job_id}/annotated.mp4?person={team.athlete_uid}"
    assert f'href="{video}"' in page
    assert coach.get(video).status_code == 200
    assert flags_in(row_of(coach.get("/coach").text, team.athlete_uid)) == ["clip"]
    script = with_token(app, settings, team.coach.email)
    answer = script.get(f"/api/analyses/{job_id}?person={team.athlete_uid}")
    assert answer.status_code == 200, answer.text
    assert script.get("/api/coach/athletes").json()[0]["flags"] == []


def test_another_coach_cannot_mark_a_clip_reviewed(settings: Settings, team: Team):
    job_id = finished_clip(settings, team)
    app = team_app(settings)
    other = sign_in(app, team.other_coach.email)
    assert other.get(f"/check/{job_id}?person={team.athlete_uid}").status_code == 404
    assert other.get(f"/check/{job_id}?person={team.other_athlete_uid}").status_code == 404
    with open_store(settings).unit_of_work() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None and job.reviewed_at is None


def test_adherence_and_missed_days_match_a_hand_count(settings: Settings, team: Team):
    """Plan started 9 days ago: 10 planned days in the last 28 (today included), 7 in the last
    7. Done on days -9, -8, -7, -5 and -4; nothing on -6, -3, -2, -1 and today. Last 28 days:
    5 of 10 (50%); last 7 (days -6 to 0): 2 of 7 (29%); days -3, -2 and -1, the last 3
    planned days before today, were missed."""
    name = athlete_name(settings, team)
    today = date.today()
    planning.restart_plan(settings, name, today - timedelta(days=9))
    for n in (9, 8, 7, 5, 4):
        day = today - timedelta(days=n)
        log_day(settings, name, day, full_day(settings, name, day))
    coach = sign_in(team_app(settings), team.coach.email)
    api = coach.get("/api/coach/athletes").json()[0]
    assert (api["adherence_7"]["done_days"], api["adherence_7"]["planned_days"]) == (2, 7)
    assert api["adherence_7"]["rate"] == 0.286
    assert (api["adherence_28"]["done_days"], api["adherence_28"]["planned_days"]) == (5, 10)
    assert api["adherence_28"]["rate"] == 0.5
    assert api["last_session"] == (today - timedelta(days=4)).isoformat()
    assert [f["kind"] for f in api["flags"]] == ["missed"]
    row = row_of(coach.get("/coach").text, team.athlete_uid)
    assert "2 of 7 (29%)" in row and "5 of 10 (50%)" in row and "3 planned days missed" in row
    # One set yesterday: a partial day is not a missed one.
    yesterday = today - timedelta(days=1)
    log_day(settings, name, yesterday, [SetLog("outward-roll", None, None, 3, 10, 1)])
    api = coach.get("/api/coach/athletes").json()[0]
    assert api["flags"] == []
    assert api["adherence_7"]["done_days"] == 2 and api["adherence_7"]["partial_days"] == 1


def test_the_roster_sorts_by_each_column(settings: Settings, team: Team):
    third = accounts.add_user(settings, "cy@club.test", Role.ATHLETE, name="Aaron",
                              password=PASSWORD)  # fmt: skip
    accounts.join_coach(settings, accounts.join_link(settings, team.coach.email), third)
    aaron = accounts.viewable_person(settings, third, None)
    assert aaron is not None
    finished_clip(settings, team)  # Ali: one flag
    today = date.today()
    planning.restart_plan(settings, aaron.name, today - timedelta(days=1))
    log_day(settings, aaron.name, today - timedelta(days=1),
            full_day(settings, aaron.name, today - timedelta(days=1)))  # fmt: skip
    coach = sign_in(team_app(settings), team.coach.email)

    def order(sort: str | None) -> list[str]:
        page = coach.get("/coach" + (f"?sort={sort}" if sort else "")).text
        return re.findall(r'<tr data-person="([^"]+)">', page)

    ali, aar = team.athlete_uid, aaron.uid
    assert order(None) == order("flags") == [ali, aar]  # most flags first
    assert order("name") == [aar, ali]
    assert order("last") == [ali, aar]  # never trained first
    assert order("adherence7") == order("adherence28") == [ali, aar]  # lowest first
    page = coach.get("/coach").text
    for sort in ("name", "last", "adherence7", "adherence28", "flags"):
        assert f'href="/coach?sort={sort}"' in page
    assert coach.get("/coach?sort=shoe-size").status_code == 422


def test_the_athlete_page_shows_their_records_sets_the_athlete_and_is_in_their_access_log(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach = sign_in(app, team.coach.email)
    answer = coach.get(f"/coach/athletes/{team.athlete_uid}")
    assert answer.status_code == 200
    page = answer.text
    assert f'href="/coach/athletes/{team.athlete_uid}/plan"' in page  # the plan editor
    assert 'id="figures"' in page and 'id="sessions"' in page and 'id="clips"' in page
    assert coach.cookies.get(ATHLETE_COOKIE) == team.athlete_uid
    # The athlete's own pages now show this athlete without ?person=.
    progress = coach.get("/progress", follow_redirects=False)
    assert progress.status_code == 200 and "Progress: Ali" in progress.text
    log = accounts.access_log(settings, team.athlete.person_id)  # type: ignore[arg-type]
    sentences = [e.sentence() for e in log]
    assert f"your coach {team.coach.label} viewed your progress, sessions and clips" in sentences


@pytest.mark.slow
@needs_chromium
def test_the_dashboard_fits_a_390_px_phone(settings_sqlite: Settings, browser):  # type: ignore[no-untyped-def]
    from team_support import make_team

    team = make_team(settings_sqlite)
    finished_clip(settings_sqlite, team)
    name = athlete_name(settings_sqlite, team)
    log_day(settings_sqlite, name, date.today(),
            [SetLog("outward-roll", None, None, 5, 10, 1, pain=7, note="sore")])  # fmt: skip
    app = team_app(settings_sqlite)
    with serving(app, free_port("127.0.0.1")) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base)
        page = context.new_page()
        page.goto("/login")
        page.fill("input[name=email]", team.coach.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/coach")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the dashboard scrolls sideways ({wide} px)"
        assert page.is_visible(f'a[href="/coach/athletes/{team.athlete_uid}"]')
        page.screenshot(path=str(SHOTS / "coach-dashboard-390.png"), full_page=True)
        page.click(f'a[href="/coach/athletes/{team.athlete_uid}"]')
        page.wait_for_selector("#sessions")
        wide = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SHOTS / "coach-athlete-390.png"), full_page=True)
        assert wide <= 390, f"the athlete page scrolls sideways ({wide} px)"
        context.close()
