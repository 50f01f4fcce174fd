"""Team mode in tests: a small club (two athletes, two coaches, an admin) and clients signed
in as each, through the real sign-in form.

    team = make_team(settings)              # accounts, and each athlete joined to one coach
    app = team_app(settings)                # footwork serve --team, in-process
    coach = sign_in(app, team.coach.email)  # a browser signed in as the coach
    coach.get(f"/progress?person={team.athlete_uid}")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.domain.accounts import Account, Role
from footwork.services import accounts
from footwork.web.app import create_app
from footwork.web.options import WebOptions

BASE_URL = "http://testserver"
PASSWORD = "good feet all day"
BROWSER = {"Origin": BASE_URL, "Sec-Fetch-Site": "same-origin"}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([0-9a-f]*)">')
CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass(frozen=True)
class Team:
    """The club: ``athlete`` joined ``coach``; ``other_athlete`` joined ``other_coach``."""

    athlete: Account
    other_athlete: Account
    coach: Account
    other_coach: Account
    admin: Account
    athlete_uid: str  # the athlete's person id, as a coach names them (?person=)
    other_athlete_uid: str


def make_team(settings: Settings) -> Team:
    add = accounts.add_user
    coach = add(settings, "coach@club.test", Role.COACH, name="Sam Coach", password=PASSWORD)
    other_coach = add(settings, "coach2@club.test", Role.COACH, name="Kim Other",
                      password=PASSWORD)  # fmt: skip
    admin = add(settings, "admin@club.test", Role.ADMIN, name="Ada Admin", password=PASSWORD)
    athlete = add(settings, "ali@club.test", Role.ATHLETE, name="Ali", password=PASSWORD)
    other = add(settings, "bo@club.test", Role.ATHLETE, name="Bo", password=PASSWORD)
    accounts.join_coach(settings, accounts.join_link(settings, coach.email), athlete)
    accounts.join_coach(settings, accounts.join_link(settings, other_coach.email), other)
    return Team(
        athlete=athlete, other_athlete=other, coach=coach, other_coach=other_coach, admin=admin,
        athlete_uid=_person_uid(settings, athlete), other_athlete_uid=_person_uid(settings, other),
    )  # fmt: skip


def _person_uid(settings: Settings, athlete: Account) -> str:
    person = accounts.viewable_person(settings, athlete, None)
    assert person is not None
    return person.uid


def team_app(settings: Settings, **options: Any) -> FastAPI:
    return create_app(settings, WebOptions(team=True, **options))


def browser(app: FastAPI, **kwargs: Any) -> TestClient:
    """A browser on footwork's own pages, not signed in (no CSRF token yet)."""
    return TestClient(app, base_url=BASE_URL, headers=dict(BROWSER), **kwargs)


def page_token(client: TestClient, path: str = "/login") -> str:
    """The CSRF token footwork's pages give this browser now."""
    html = client.get(path).text
    found = CSRF_META.search(html) or CSRF_FIELD.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(app: FastAPI, email: str, password: str = PASSWORD) -> TestClient:
    """A browser signed in through the sign-in form, sending its session's CSRF token with
    every request (as footwork's pages do)."""
    client = browser(app)
    answer = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": page_token(client)},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    client.headers["X-CSRF-Token"] = page_token(client, "/account")
    return client


def with_token(app: FastAPI, settings: Settings, email: str) -> TestClient:
    """A script calling the API with a token of this account (no browser headers)."""
    _, secret = accounts.create_token(settings, email, "tests")
    return TestClient(app, base_url=BASE_URL, headers={"Authorization": f"Bearer {secret}"})
