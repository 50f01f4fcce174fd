"""Team mode's own pages on a phone and through axe-core's WCAG 2.2 AA rules, as the person
who sees each one: signed out (sign-in, a join link, a reset link), the athlete (Account), the
coach (the dashboard, an athlete, the plan editor, and the athlete's pages with the reminder
of whose records they are) and the admin (Accounts, Account).

Like test_browser_layout.py, the pages come from the app's routes: a team-only page route
without an example here fails the test by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from browser_support import needs_chromium, serving
from team_support import PASSWORD
from test_browser_layout import (
    AXE,
    CLIP_NAME,
    DESKTOP,
    NAME,
    PHONES,
    axe_violations,
    get_routes,
    phone_problems,
    seed_measurements,
    seed_session,
    settle,
)

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.domain.plan_changes import new_change
from footwork.domain.sides import Side
from footwork.services import (
    accounts,
    clip_comments,
    jobs,
    measurements,
    plan_changes,
    sessions,
)
from footwork.web.app import create_app
from footwork.web.options import WebOptions

pytestmark = [needs_chromium, pytest.mark.slow]


@pytest.fixture
def club(settings_sqlite: Settings) -> dict[str, str]:
    """A coach, an admin, and an athlete with eight weeks of records, a clip with a comment,
    and a plan change with its reason."""
    s = settings_sqlite
    coach = accounts.add_user(s, "sam.coach@club.test", Role.COACH, name="Sam Okonkwo-Reyes",
                              password=PASSWORD)  # fmt: skip
    accounts.add_user(s, "admin@club.test", Role.ADMIN, name="Ada Admin", password=PASSWORD)
    athlete = accounts.add_user(s, "robin@club.test", Role.ATHLETE, name=NAME, password=PASSWORD)
    accounts.join_coach(s, accounts.join_link(s, coach.email), athlete)
    person = accounts.viewable_person(s, athlete, None)
    assert person is not None and person.name == NAME
    start = datetime.now().replace(microsecond=0) - timedelta(days=56)
    measurements.record(s, seed_measurements(start), NAME)
    for day in range(0, 56, 3):
        sessions.record_session(s, seed_session(start + timedelta(days=day, hours=7), day), NAME)
    analysis_id = clip_job(s)
    comment = "Knees drift in at the bottom: push them out over your toes."
    clip_comments.add_comment(s, NAME, analysis_id, coach, 2, comment)
    change = new_change(exercise="heel-circle", side=Side.LEFT, action="dose", sets=2, reps=8,
                        reason="The left ankle is still the stiffer one.", author=coach.label,
                        at=datetime.now())  # fmt: skip
    plan_changes.record(s, NAME, coach, [change])
    accounts.log_access(s, person.id, coach, "viewed", "your progress")
    _, reset = accounts.password_link(s, "admin@club.test")
    return {"uid": person.uid, "analysis": analysis_id, "join": accounts.join_link(s, coach.email),
            "reset": reset}  # fmt: skip


def clip_job(settings: Settings) -> str:
    """A finished clip analysis of generated landmarks, run as the web app runs uploads."""
    from footwork.synth.motion import squat
    from footwork.vision.pose.landmark_csv import write_landmark_csv

    upload = settings.media / "uploads" / "clips" / "squat.csv"
    upload.parent.mkdir(parents=True, exist_ok=True)
    write_landmark_csv(squat(reps=5, knees_out=0.3, seed=3).seq, upload)
    job = jobs.submit_clip(settings, upload, CLIP_NAME, exercise="banded-squat", person=NAME,
                           keep_clip=True)  # fmt: skip
    done = jobs.run(settings, job.id)
    assert done is not None and done.status.value == "done", done
    return job.id


@pytest.fixture
def team_server(settings_sqlite: Settings) -> Iterator[str]:
    app = create_app(settings_sqlite, WebOptions(team=True))
    with serving(app, free_port("127.0.0.1")) as base:
        yield base


def visits(club: dict[str, str]) -> dict[str | None, list[str]]:
    """Who opens which pages (None: signed out). Every team-only page route must be here."""
    uid = club["uid"]
    return {
        None: ["/login", f"/links/{club['join']}", f"/links/{club['reset']}"],
        "robin@club.test": ["/account", "/", "/plan"],
        "sam.coach@club.test": [
            "/coach", f"/coach/athletes/{uid}", f"/coach/athletes/{uid}/plan", "/account",
            f"/progress?person={uid}", f"/data?person={uid}", f"/check/{club['analysis']}",
        ],
        "admin@club.test": ["/admin", "/account"],
    }  # fmt: skip


def test_every_team_page_route_is_visited(settings_sqlite: Settings, club: dict[str, str]):
    visited = {re.sub(r"\?.*", "", url) for urls in visits(club).values() for url in urls}
    templates = {
        "/links/{secret}": f"/links/{club['join']}",
        "/coach/athletes/{person}": f"/coach/athletes/{club['uid']}",
        "/coach/athletes/{person}/plan": f"/coach/athletes/{club['uid']}/plan",
    }
    for route in get_routes(settings_sqlite, team=True):
        assert templates.get(route, route) in visited, f"add the team page {route} to visits()"


def walk(browser, server: str, club: dict[str, str], viewport: dict, *, axe: bool = False):  # type: ignore[no-untyped-def]
    """Open each person's pages in their own signed-in browser; yields (page, name)."""
    for email, urls in visits(club).items():
        context = browser.new_context(viewport=viewport, base_url=server)
        if axe:
            context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc, p=page: p.errors.append(f"{p.url}: {exc}"))
        if email is not None:
            page.goto("/login")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", PASSWORD)
            page.click("#login button[type=submit]")
            page.wait_for_load_state("load")
        for url in urls:
            answer = page.goto(url)
            assert answer is not None and answer.status == 200, f"{email} {url}: {answer}"
            settle(page)
            yield page, f"{(email or 'signed-out').split('@')[0]} {url}"
        assert page.errors == []
        context.close()


def test_every_team_page_fits_a_phone_screen(browser, team_server, club):  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for viewport in PHONES:
        for page, name in walk(browser, team_server, club, viewport):
            problems += phone_problems(page, "team " + name, viewport["width"])
    assert problems == [], "\n".join(problems)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci` in "
                    "tests/web/axe (scripts/test.sh does)")  # fmt: skip
@pytest.mark.parametrize("viewport", [PHONES[0], DESKTOP], ids=["phone", "desktop"])
def test_every_team_page_passes_the_wcag_2_2_aa_rules(browser, team_server, club, viewport):  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for page, name in walk(browser, team_server, club, viewport, axe=True):
        problems += axe_violations(page, name)
    assert problems == [], "\n".join(problems)
