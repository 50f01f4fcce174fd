"""The account page in team mode: an athlete leaves a coach, sees who looked at their
records, makes and revokes API tokens, and deletes their account with every record and file;
uploads open only for their owner (and the owner's coach)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from team_support import (
    BASE_URL,
    PASSWORD,
    Team,
    browser,
    page_token,
    sign_in,
    team_app,
    with_token,
)

from footwork.config import Settings
from footwork.domain.accounts import AccessEvent
from footwork.domain.records import Person
from footwork.errors import NotFound
from footwork.services import accounts, upload_owners
from footwork.services import jobs as job_service
from footwork.services.store import open_store
from footwork.storage.tables import Base
from footwork.web.account_actions import access_line

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
FOOTPRINT = MEDIA / "footprint" / "plantar_flat.jpg"
TOE = {"kind": "big-toe-extension", "side": "left", "value": 48, "unit": "deg",
       "method": "goniometer"}  # fmt: skip
SET = {"exercise": "outward-roll", "side": "left", "reps_done": 5, "reps_target": 5, "pain": 2}
TOKEN_SHOWN = re.compile(r"<code>(fw_[A-Za-z0-9_-]+)</code>")


def png() -> bytes:
    image = np.full((300, 400, 3), 200, np.uint8)
    cv2.line(image, (100, 200), (200, 200), (40, 40, 40), 6)
    return cv2.imencode(".png", image)[1].tobytes()


def upload_photo(client: TestClient, query: str = "") -> str:
    r = client.post(f"/photo{query}", files={"file": ("toe.png", png(), "image/png")},
                    data={"preset": "big-toe-extension", "side": "left"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return r.headers["location"].split("/")[2].split("?")[0]


# Coaches -------------------------------------------------------------------------------------


def test_an_athlete_who_leaves_their_coach_is_hidden_from_that_coach(
    settings: Settings, team: Team
):
    app = team_app(settings)
    coach, ali = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    assert coach.get(f"/progress?person={team.athlete_uid}").status_code == 200
    page = ali.get("/account").text
    assert "Your coaches" in page and "Leave Sam Coach" in page
    assert f'action="/account/coaches/{team.coach.id}/leave"' in page
    left = ali.post(f"/account/coaches/{team.coach.id}/leave", follow_redirects=False)
    assert left.status_code == 303
    assert "You have left that coach" in ali.get(left.headers["location"]).text
    assert accounts.athletes_of(settings, team.coach.id) == []
    assert coach.get(f"/progress?person={team.athlete_uid}").status_code == 404
    assert "You have no coach" in ali.get("/account").text


def test_leaving_a_coach_one_never_joined_is_not_found(settings: Settings, team: Team):
    app = team_app(settings)
    ali = sign_in(app, team.athlete.email)
    assert ali.post(f"/account/coaches/{team.other_coach.id}/leave").status_code == 404
    assert ali.post("/account/coaches/99999/leave").status_code == 404
    assert [c.id for c in accounts.coaches_of(settings, team.other_athlete.id)] == [
        team.other_coach.id
    ]


def test_only_an_athlete_can_leave_or_delete(settings: Settings, team: Team):
    app = team_app(settings)
    admin = sign_in(app, team.admin.email)
    assert admin.post(f"/account/coaches/{team.coach.id}/leave").status_code == 404
    assert admin.post("/account/delete", data={"password": PASSWORD}).status_code == 404
    page = admin.get("/account").text
    assert "Your coaches" not in page and "Delete my account" not in page
    assert accounts.get_account(settings, team.admin.id) is not None


# Who looked ----------------------------------------------------------------------------------


def test_the_athlete_sees_their_coach_viewed_their_progress(settings: Settings, team: Team):
    app = team_app(settings)
    coach, ali = sign_in(app, team.coach.email), sign_in(app, team.athlete.email)
    assert "No one but you has looked" in ali.get("/account").text
    coach.get(f"/progress?person={team.athlete_uid}")
    page = ali.get("/account").text
    assert re.search(r"your coach Sam Coach viewed your progress, \d{1,2} [A-Z][a-z]{2} \d\d:\d\d",
                     page), page  # fmt: skip
    assert "Sam Coach" not in sign_in(app, team.other_athlete.email).get("/account").text


@pytest.mark.parametrize(
    ("at", "line"),
    [
        (datetime(2026, 11, 25, 10, 2), "your coach Sam Lee viewed your progress, 25 Nov 10:02"),
        (datetime(2025, 3, 4, 18, 30), "your coach Sam Lee viewed your progress, 4 Mar 2025 18:30"),
    ],
)
def test_an_access_log_line_says_who_did_what_and_when(at: datetime, line: str):
    event = AccessEvent("your coach Sam Lee", "viewed", "your progress", at)
    assert access_line(event, today=datetime(2026, 11, 26)) == line


# API tokens ----------------------------------------------------------------------------------


def test_a_token_made_on_the_page_works_until_it_is_revoked(settings: Settings, team: Team):
    app = team_app(settings)
    ali = sign_in(app, team.athlete.email)
    made = ali.post("/account/tokens", data={"name": "my script"})
    assert made.status_code == 200 and "it will not be shown again" in made.text
    secret = TOKEN_SHOWN.search(made.text).group(1)  # type: ignore[union-attr]
    script = TestClient(app, base_url=BASE_URL, headers={"Authorization": f"Bearer {secret}"})
    assert script.get("/api/progress").status_code == 200
    page = ali.get("/account").text
    assert secret not in page and secret[:11] in page and "my script" in page
    [token] = accounts.list_tokens(settings, team.athlete.email)
    bo = sign_in(app, team.other_athlete.email)
    assert bo.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert script.get("/api/progress").status_code == 200
    revoked = ali.post(f"/account/tokens/{token.id}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert "revoked" in ali.get("/account").text
    assert script.get("/api/progress").status_code == 401


# Whose upload --------------------------------------------------------------------------------


def test_a_photo_opens_only_for_its_athlete_and_their_coach(settings: Settings, team: Team):
    app = team_app(settings)
    ali, bo = sign_in(app, team.athlete.email), sign_in(app, team.other_athlete.email)
    coach, other_coach = sign_in(app, team.coach.email), sign_in(app, team.other_coach.email)
    token = upload_photo(ali)
    assert ali.get(f"/photo/{token}").status_code == 200
    assert ali.get(f"/uploads/{token}.png").status_code == 200
    assert coach.get(f"/photo/{token}?person={team.athlete_uid}").status_code == 200
    assert bo.get(f"/photo/{token}").status_code == 404
    assert bo.get(f"/uploads/{token}.png").status_code == 404
    form = {"points": "100,200 200,200 290,150", "preset": "big-toe-extension", "side": "left"}
    assert bo.post(f"/photo/{token}", data=form).status_code == 404
    assert ali.post(f"/photo/{token}", data=form).status_code == 200
    assert bo.get(f"/uploads/{token}-angle.png").status_code == 404
    assert ali.get(f"/uploads/{token}-angle.png").status_code == 200
    wrong = f"/photo/{token}?person={team.other_athlete_uid}"
    assert other_coach.get(wrong).status_code == 404
    assert bo.post(f"/footprint/{token}/save").status_code == 404
    bo_script = with_token(app, settings, team.other_athlete.email)
    assert bo_script.get(f"/api/photos/{token}/lunge-points").status_code == 404


def test_a_coachs_upload_for_an_athlete_is_that_athletes(settings: Settings, team: Team):
    app = team_app(settings)
    coach = sign_in(app, team.coach.email)
    token = upload_photo(coach, f"?person={team.athlete_uid}")
    assert sign_in(app, team.athlete.email).get(f"/photo/{token}").status_code == 200
    assert sign_in(app, team.other_athlete.email).get(f"/photo/{token}").status_code == 404


def test_whose_upload_it_is_is_decided_in_one_place(settings: Settings, team: Team):
    ali = accounts.viewable_person(settings, team.athlete, None)
    bo = accounts.viewable_person(settings, team.other_athlete, None)
    assert ali is not None and bo is not None
    token = "a" * 32
    upload_owners.record_owner(settings, token, ali.id)
    upload_owners.check_may_open(settings, token, team.athlete, ali.id)
    upload_owners.check_may_open(settings, token, team.coach, bo.id)  # ali's coach
    for account in (team.other_athlete, team.other_coach, team.admin):
        person_id = bo.id  # the person each of them may see (or, for the admin, none)
        with pytest.raises(NotFound):
            upload_owners.check_may_open(settings, token, account, person_id)
    with pytest.raises(NotFound):
        upload_owners.check_may_open(settings, "b" * 32, team.athlete, ali.id)


def test_the_local_app_keeps_no_upload_owners(settings: Settings, client: TestClient):
    client.post("/welcome", data={"name": "Sam", "sport": "running"})
    token = upload_photo(client)
    assert client.get(f"/photo/{token}").status_code == 200
    with open_store(settings).unit_of_work() as uow:
        assert uow.upload_owners.owner(token) is None


# Deleting the account ------------------------------------------------------------------------


def fill(settings: Settings, client: TestClient, person: Person) -> tuple[str, Path, Path]:
    """Records and files of every kind for the athlete signed in on ``client``: (the photo's
    token, the kept clip, the analysis folder)."""
    assert client.post("/api/measurements", json=[TOE]).status_code == 201
    session = client.post("/api/sessions", json={"plan_week": 1}).json()["token"]
    assert client.post(f"/api/sessions/{session}/sets", json=SET).status_code == 201
    assert client.post("/api/outcomes", json={"kind": "5k-time", "value": 24.5}).status_code == 201
    assert client.get("/plan.ics").status_code == 200
    token = upload_photo(client)
    form = {"points": "100,200 200,200 290,150", "preset": "big-toe-extension", "side": "left"}
    assert client.post(f"/photo/{token}", data=form).status_code == 200  # its overlay
    clip = settings.media / "uploads" / "clips" / f"{token[:8]}clip.mp4"
    clip.parent.mkdir(parents=True, exist_ok=True)
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    job = job_service.submit_clip(settings, clip, "squat.mp4", exercise=None,
                                  person=person.name, keep_clip=True)  # fmt: skip
    analysis = settings.media / "analyses" / job.id
    analysis.mkdir(parents=True)
    (analysis / "plot.png").write_bytes(png())
    with open_store(settings).engine.begin() as db:
        db.execute(insert(Base.metadata.tables["plan_change"]).values(
            uid=f"c-{job.id}", person_id=person.id, author="your coach", at=datetime.now(),
            action="note", reason="easy week",
        ))  # fmt: skip
        db.execute(insert(Base.metadata.tables["clip_comment"]).values(
            job_id=job.id, author="your coach", rep=1, text="knee over toes", at=datetime.now()
        ))  # fmt: skip
    return token, clip, analysis


def picture_files(settings: Settings, token: str) -> list[Path]:
    return sorted((settings.home / "uploads").rglob(f"{token}*"))


def rows_of(settings: Settings, account_id: int, person_id: int) -> dict[str, int]:
    """How many rows of each table are the account's or its person's (directly or through
    their jobs and sessions)."""
    t = Base.metadata.tables
    with open_store(settings).engine.connect() as db:
        jobs = list(db.scalars(select(t["job"].c.id).where(t["job"].c.person_id == person_id)))
        sessions = list(db.scalars(
            select(t["session_log"].c.id).where(t["session_log"].c.person_id == person_id)
        ))  # fmt: skip
        email = db.scalar(select(t["account"].c.email).where(t["account"].c.id == account_id))
        keys = {"person_id": [person_id], "account_id": [account_id], "athlete_id": [account_id],
                "coach_id": [account_id], "actor_id": [account_id], "author_id": [account_id],
                "job_id": jobs, "session_id": sessions}  # fmt: skip
        own = {"person": [person_id], "account": [account_id], "job": jobs,
               "session_log": sessions}  # fmt: skip
        counts: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            n = 0
            for column in table.columns:
                ids = keys.get(column.name)
                if column.name == "id":
                    ids = own.get(table.name)
                if ids:
                    n += db.scalar(select(func.count()).where(column.in_(ids))) or 0
            if table.name == "login_attempt" and email:
                n += db.scalar(select(func.count()).where(table.c.email == email)) or 0
            counts[table.name] = n
    return counts


def test_an_athlete_deletes_their_account_with_every_record_and_file(
    settings: Settings, team: Team
):
    app = team_app(settings)
    ali, bo = sign_in(app, team.athlete.email), sign_in(app, team.other_athlete.email)
    ali_person = accounts.viewable_person(settings, team.athlete, None)
    bo_person = accounts.viewable_person(settings, team.other_athlete, None)
    assert ali_person is not None and bo_person is not None
    ali_token, ali_clip, ali_analysis = fill(settings, ali, ali_person)
    bo_token, bo_clip, bo_analysis = fill(settings, bo, bo_person)
    ali.post("/account/tokens", data={"name": "script"})
    sign_in(app, team.coach.email).get(f"/progress?person={team.athlete_uid}")  # logged
    before = rows_of(settings, team.athlete.id, ali_person.id)
    for table in ("person", "account", "measurement", "session_log", "set_log", "outcome_note",
                  "job", "calendar_event", "login_session", "api_token", "coaching",
                  "access_event", "plan_change", "clip_comment", "upload_owner"):  # fmt: skip
        assert before[table] > 0, table  # the test sees each kind of row before
    bo_before = rows_of(settings, team.other_athlete.id, bo_person.id)
    assert len(picture_files(settings, ali_token)) == 2  # the photo and its overlay

    deleted = ali.post("/account/delete", data={"password": PASSWORD}, follow_redirects=False)

    assert deleted.status_code == 303 and deleted.headers["location"] == "/login?deleted=1"
    assert "footwork_session=" in deleted.headers["set-cookie"]
    assert "all your data are deleted" in ali.get("/login?deleted=1").text
    assert ali.get("/account", follow_redirects=False).status_code == 303  # signed out
    after = rows_of(settings, team.athlete.id, ali_person.id)
    assert {table: n for table, n in after.items() if n} == {}
    assert picture_files(settings, ali_token) == []
    assert not ali_clip.exists() and not ali_analysis.exists()
    assert rows_of(settings, team.other_athlete.id, bo_person.id) == bo_before
    assert len(picture_files(settings, bo_token)) == 2
    assert bo_clip.exists() and (bo_analysis / "plot.png").exists()
    assert bo.get("/api/measurements").json()[0]["value"] == 48
    stranger = browser(app)
    again = stranger.post("/login", data={"email": team.athlete.email, "password": PASSWORD,
                                          "csrf_token": page_token(stranger)})  # fmt: skip
    assert again.status_code == 401


def test_a_wrong_password_deletes_nothing(settings: Settings, team: Team):
    app = team_app(settings)
    ali = sign_in(app, team.athlete.email)
    person = accounts.viewable_person(settings, team.athlete, None)
    assert person is not None
    token, clip, analysis = fill(settings, ali, person)
    before = rows_of(settings, team.athlete.id, person.id)
    refused = ali.post("/account/delete", data={"password": "not my password"})
    assert refused.status_code == 400 and "nothing was deleted" in refused.text
    assert rows_of(settings, team.athlete.id, person.id) == before
    assert len(picture_files(settings, token)) == 2 and clip.exists() and analysis.exists()
    assert ali.get("/api/measurements").status_code == 200
