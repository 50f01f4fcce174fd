"""The coach's plan editor, comments on clips and the athlete's calendar subscription, on a
real database: a change with its reason reaches the athlete's plan, Today, API, guided session
and calendar feed (same events, higher SEQUENCE); only the athlete's own coach may make it;
comments reach the athlete on the clip and on Today; the feed opens by its secret alone."""

from __future__ import annotations

import html
import json
import re
import uuid
from datetime import datetime

from icalendar import Calendar
from team_support import Team, browser, sign_in, team_app

from footwork.config import Settings
from footwork.domain.jobs import Job, JobKind, JobStatus
from footwork.services import accounts, analyses
from footwork.services.store import open_store

REASON = "the left ankle is still stiff after the weekend"
HEEL_LEFT_3x10 = {"heel-circle-shown": "1", "heel-circle-left-sets": "3",
                  "heel-circle-left-reps": "10", "heel-circle-right-sets": "1",
                  "heel-circle-right-reps": "5"}  # fmt: skip
CHANGED_WORDS = "3 sets of 10 circles each way on the left foot"


def editor(team: Team) -> str:
    return f"/coach/athletes/{team.athlete_uid}/plan"


def text_of(page: str) -> str:
    return html.unescape(page)


def finished_clip(settings: Settings, person_id: int | None, reps: int = 2) -> str:
    """A finished clip analysis of the person, as the job runner leaves it (no pose model
    run): the job in the database and its result.json."""
    job_id = uuid.uuid4().hex
    with open_store(settings).unit_of_work() as uow:
        uow.jobs.add(Job(job_id, JobKind.CLIP_ANALYSIS, file_name="squat.mp4"), person_id)
        uow.jobs.update(job_id, status=JobStatus.DONE, finished_at=datetime.now())
    rep_list = [{"index": n, "start_s": 1.0 * n, "peak_s": None, "end_s": n + 0.8,
                 "duration_s": 0.8, "side": None, "direction": None, "view": None,
                 "measures": {}} for n in range(1, reps + 1)]  # fmt: skip
    record = {
        "id": job_id, "created": "2026-11-20T07:31:05", "source_name": "squat.mp4",
        "clip_kept": False, "annotated": None, "plot": None, "guessed": None, "session_id": None,
        "result": {"exercise": "banded-squat", "source": "squat.mp4", "view": "front",
                   "fps": 30.0, "frames": 90, "duration_s": 3.0, "reps": reps,
                   "rep_list": rep_list, "summary": {}, "findings": [], "warnings": []},
    }  # fmt: skip
    folder = analyses.analyses_dir(settings) / job_id
    folder.mkdir(parents=True)
    (folder / analyses.RESULT_FILE).write_text(json.dumps(record), encoding="utf-8")
    return job_id


def events(body: bytes) -> dict[str, tuple[int, str]]:
    """uid -> (SEQUENCE, description) of each event of a calendar file."""
    cal = Calendar.from_ical(body)
    return {
        str(e["uid"]): (int(e.get("sequence", 0)), str(e.get("description", "")))
        for e in cal.walk("VEVENT")
    }


def changes_table(page: str) -> str:
    found = re.search(r'<table class="stack" id="changes">(.*?)</table>', page, re.S)
    assert found, "no history of changes on the editor"
    return text_of(found.group(1))


def calendar_path(page: str) -> str:
    found = re.search(r'id="calendar-address" readonly value="[^"]*?(/calendar/[^"]+\.ics)"', page)
    assert found, "no calendar address on the plan page"
    return found.group(1)


# The plan editor ---------------------------------------------------------------------------


def test_a_coachs_dose_change_reaches_the_athletes_plan_today_and_api_with_its_reason(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach, athlete = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    page = coach.get(editor(team))
    assert page.status_code == 200 and "Heel Circle" in page.text
    saved = coach.post(editor(team), data=HEEL_LEFT_3x10 | {"reason": REASON},
                       follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303, saved.text
    said = f"Your coach Sam Coach: {CHANGED_WORDS} — {REASON}"
    assert said in text_of(athlete.get("/plan").text)
    today = text_of(athlete.get("/").text)
    assert "From your coach" in today and REASON in today
    items = athlete.get("/api/plan").json()["items"]
    item = next(i for i in items if i["exercise"] == "heel-circle")
    assert (item["dose"]["left"]["sets"], item["dose"]["left"]["reps"]) == (3, 10)
    assert item["dose"]["right"]["sets"] == 1
    assert item["reasons"][0] == said
    history = changes_table(coach.get(editor(team)).text)
    assert CHANGED_WORDS in history and REASON in history
    log = accounts.access_log(settings, team.athlete.person_id or 0)
    assert any(e.action == "changed" and e.what == "your plan" for e in log)


def test_numbers_left_as_they_are_change_nothing_and_only_the_changed_foot_is_recorded(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach = sign_in(app, team.coach.email)
    same = HEEL_LEFT_3x10 | {"heel-circle-left-sets": "1", "heel-circle-left-reps": "5"}
    refused = coach.post(editor(team), data=same | {"reason": REASON})
    assert refused.status_code == 422 and "Nothing was changed" in text_of(refused.text)
    coach.post(editor(team), data=HEEL_LEFT_3x10 | {"reason": REASON})
    history = changes_table(coach.get(editor(team)).text)
    assert history.count("Heel Circle:") == 1 and "right foot" not in history


def test_a_change_without_a_reason_is_refused_with_a_clear_message(settings: Settings, team: Team):
    app = team_app(settings)
    coach, athlete = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    refused = coach.post(editor(team), data=HEEL_LEFT_3x10 | {"reason": "  "})
    assert refused.status_code == 422
    assert "Say why you are making this change" in text_of(refused.text)
    assert CHANGED_WORDS not in text_of(athlete.get("/plan").text)


def test_a_number_out_of_range_is_refused_and_says_the_range(settings: Settings, team: Team):
    coach = sign_in(team_app(settings), team.coach.email)
    bad = HEEL_LEFT_3x10 | {"heel-circle-left-sets": "50", "reason": REASON}
    refused = coach.post(editor(team), data=bad)
    assert refused.status_code == 422 and "from 1 to 20" in text_of(refused.text)
    words = coach.post(editor(team), data=HEEL_LEFT_3x10 | {"heel-circle-left-sets": "lots",
                                                             "reason": REASON})  # fmt: skip
    assert words.status_code == 422 and "not a whole number" in text_of(words.text)


def test_a_paused_exercise_leaves_todays_session_steps(settings: Settings, team: Team):
    app = team_app(settings)
    coach, athlete = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    before = {s["exercise"] for s in athlete.get("/api/session/steps").json()}
    assert "outward-roll" in before
    form = {"outward-roll-shown": "1", "outward-roll-paused": "1", "reason": "sore sole"}
    assert coach.post(editor(team), data=form, follow_redirects=False).status_code == 303
    after = {s["exercise"] for s in athlete.get("/api/session/steps").json()}
    assert after == before - {"outward-roll"}
    plan_page = text_of(athlete.get("/plan").text)
    assert "Outward Roll</a>: paused" in plan_page and "sore sole" in plan_page
    assert athlete.get("/").status_code == 200
    squat = {"banded-squat-shown": "1", "banded-squat-paused": "1", "reason": "knee niggle"}
    coach.post(editor(team), data=squat)
    assert athlete.get("/").status_code == 200  # no mini-sets to show, and no error
    assert athlete.get("/plan").status_code == 200
    resumed = {"outward-roll-shown": "1", "reason": "the sole is fine again"}
    coach.post(editor(team), data=resumed)
    assert "outward-roll" in {s["exercise"] for s in athlete.get("/api/session/steps").json()}


def test_only_the_athletes_own_coach_may_open_or_use_the_editor(settings: Settings, team: Team):
    app = team_app(settings)
    for email in (team.other_coach.email, team.athlete.email, team.other_athlete.email,
                  team.admin.email):  # fmt: skip
        client = sign_in(app, email)
        assert client.get(editor(team)).status_code == 404, email
        posted = client.post(editor(team), data=HEEL_LEFT_3x10 | {"reason": REASON})
        assert posted.status_code == 404, email
    coach = sign_in(app, team.coach.email)
    assert coach.get(f"/coach/athletes/{team.other_athlete_uid}/plan").status_code == 404
    assert coach.get(f"/coach/athletes/{uuid.uuid4().hex}/plan").status_code == 404
    anonymous = browser(app).get(editor(team), follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    athlete = sign_in(app, team.athlete.email)
    assert CHANGED_WORDS not in text_of(athlete.get("/plan").text)


# Comments on clips -------------------------------------------------------------------------


def test_the_coach_comments_on_a_rep_and_the_athlete_reads_it_on_the_clip_and_today(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach, athlete = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    clip = finished_clip(settings, team.athlete.person_id)
    coach_view = coach.get(f"/check/{clip}?person={team.athlete_uid}").text
    assert "Add the comment" in coach_view
    posted = coach.post(f"/check/{clip}/comments?person={team.athlete_uid}",
                        data={"rep": "2", "text": "Knees out on the way up."},
                        follow_redirects=False)  # fmt: skip
    assert posted.status_code == 303, posted.text
    page = text_of(athlete.get(f"/check/{clip}").text)
    assert "Sam Coach</strong> on rep 2" in page and "Knees out on the way up." in page
    assert "Add the comment" not in page  # the athlete reads, the coach writes
    today = text_of(athlete.get("/").text)
    assert "Your coach Sam Coach on rep 2: Knees out on the way up." in today
    whole = coach.post(f"/check/{clip}/comments?person={team.athlete_uid}",
                       data={"text": "Good depth overall."}, follow_redirects=False)  # fmt: skip
    assert whole.status_code == 303
    assert "on the whole clip" in text_of(athlete.get(f"/check/{clip}").text)


def test_a_comment_is_refused_on_someone_elses_clip_or_a_rep_the_clip_does_not_have(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach, athlete = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    theirs = finished_clip(settings, team.other_athlete.person_id)
    mine = finished_clip(settings, team.athlete.person_id)
    comment = {"rep": "1", "text": "Nice."}
    assert coach.post(f"/check/{theirs}/comments?person={team.athlete_uid}",
                      data=comment).status_code == 404  # fmt: skip
    assert coach.post(f"/check/{theirs}/comments?person={team.other_athlete_uid}",
                      data=comment).status_code == 404  # fmt: skip
    other_coach = sign_in(app, team.other_coach.email)
    assert other_coach.post(f"/check/{mine}/comments?person={team.athlete_uid}",
                            data=comment).status_code == 404  # fmt: skip
    assert athlete.post(f"/check/{mine}/comments", data=comment).status_code == 404
    too_far = coach.post(f"/check/{mine}/comments?person={team.athlete_uid}",
                         data={"rep": "5", "text": "Hm."})  # fmt: skip
    assert too_far.status_code == 422 and "no rep 5" in text_of(too_far.text)
    empty = coach.post(f"/check/{mine}/comments?person={team.athlete_uid}", data={"rep": "1"})
    assert empty.status_code == 422 and "comment is empty" in text_of(empty.text)
    assert "Nice." not in athlete.get(f"/check/{mine}").text
    assert athlete.get(f"/check/{theirs}").status_code == 404


# The calendar subscription -----------------------------------------------------------------


def test_the_feed_keeps_its_events_and_raises_sequence_when_the_coach_changes_a_dose(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach, athlete = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    path = calendar_path(athlete.get("/plan").text)
    calendar_app = browser(app)  # signed out: the address is the key
    first = calendar_app.get(path)
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/calendar")
    before = events(first.content)
    assert calendar_app.get(path).content and events(calendar_app.get(path).content) == before
    coach.post(editor(team), data=HEEL_LEFT_3x10 | {"reason": REASON})
    after = events(calendar_app.get(path).content)
    assert set(after) == set(before)  # the same events: calendar apps update, not duplicate
    changed = [uid for uid in after if after[uid] != before[uid]]
    assert changed and all(uid.startswith("session-") for uid in changed)
    for uid in changed:
        assert after[uid][0] == before[uid][0] + 1
        assert "Heel Circle (left): 3 sets of 10 slow circles each way" in after[uid][1]
        assert REASON in after[uid][1]


def test_the_feed_opens_by_its_secret_alone_and_a_new_address_ends_the_old(
    settings: Settings, team: Team
):
    app = team_app(settings)
    athlete = sign_in(app, team.athlete.email)
    path = calendar_path(athlete.get("/plan").text)
    assert calendar_path(athlete.get("/plan").text) == path  # made once, then kept
    signed_out = browser(app)
    assert signed_out.get(path).status_code == 200
    assert signed_out.get("/calendar/not-the-secret.ics").status_code == 404
    assert athlete.post("/plan/calendar-link", follow_redirects=False).status_code == 303
    new_path = calendar_path(athlete.get("/plan").text)
    assert new_path != path
    assert signed_out.get(path).status_code == 404
    assert signed_out.get(new_path).status_code == 200
    coach = sign_in(app, team.coach.email)
    assert 'id="calendar-address"' not in coach.get(f"/plan?person={team.athlete_uid}").text
    assert coach.post(f"/plan/calendar-link?person={team.athlete_uid}").status_code == 404
