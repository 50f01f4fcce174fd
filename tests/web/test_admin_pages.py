"""The admin's pages in team mode: the accounts table, adding an account with its invite
link, disabling and enabling, reset and join links shown once as full addresses; no one else
reaches them, and the admin reaches no athlete's records."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from team_support import BASE_URL, PASSWORD, Team, browser, page_token, sign_in, team_app

from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.services import accounts

LINK = re.compile(r"<code>(https?://[^<]+/links/([A-Za-z0-9_-]+))</code>")
ADMIN_ROUTES = [
    ("GET", "/admin"),
    ("POST", "/admin/accounts"),
    ("POST", "/admin/accounts/{id}/disable"),
    ("POST", "/admin/accounts/{id}/enable"),
    ("POST", "/admin/accounts/{id}/reset-link"),
    ("POST", "/admin/coaches/{id}/join-link"),
]


def shown_link(html: str) -> tuple[str, str]:
    found = LINK.search(html)
    assert found, html
    return found.group(1), found.group(2)


def use_link(secret: str, app, **form: str) -> TestClient:  # type: ignore[no-untyped-def]
    """Open a link in a new browser and send its form; the browser (signed in if it worked)."""
    client = browser(app)
    token = page_token(client, f"/links/{secret}")
    answer = client.post(f"/links/{secret}", data=form | {"csrf_token": token},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return client


def test_the_admin_sees_every_account_with_its_state_and_coaching(settings: Settings, team: Team):
    accounts.add_user(settings, "new@club.test", Role.COACH, name="Nell New")
    accounts.set_disabled(settings, team.other_coach.email)
    page = sign_in(team_app(settings), team.admin.email).get("/admin")
    assert page.status_code == 200
    row = re.compile(r'<td class="head">([^<]+@club\.test)</td>.*?</tr>', re.S)
    rows = {m.group(1): re.sub(r' data-label="[^"]*"', "", m.group(0))
            for m in row.finditer(page.text)}  # fmt: skip
    assert set(rows) == {"coach@club.test", "coach2@club.test", "admin@club.test",
                         "ali@club.test", "bo@club.test", "new@club.test"}  # fmt: skip
    assert "<td>athlete</td><td>active</td>" in rows["ali@club.test"]
    assert "1 coach<" in rows["ali@club.test"] and "1 athlete<" in rows["coach@club.test"]
    assert "<td>disabled</td>" in rows["coach2@club.test"] and "Enable" in rows["coach2@club.test"]
    assert "<td>invited</td>" in rows["new@club.test"]
    assert "Join link for athletes" in rows["new@club.test"]
    assert "Disable" not in rows["admin@club.test"]  # not themselves


def test_an_added_account_gets_an_invite_link_shown_once(settings: Settings, team: Team):
    app = team_app(settings)
    admin = sign_in(app, team.admin.email)
    form = {"email": "Cat@Club.test", "name": "Cat", "role": "athlete"}
    added = admin.post("/admin/accounts", data=form)
    assert added.status_code == 200 and "The invite link for Cat" in added.text
    url, secret = shown_link(added.text)
    assert url == f"{BASE_URL}/links/{secret}"
    assert secret not in admin.get("/admin").text  # shown once only
    cat = accounts.find_user(settings, "cat@club.test")
    assert cat.role is Role.ATHLETE and not cat.has_password
    signed_in = use_link(secret, app, password=PASSWORD, repeat=PASSWORD)
    assert signed_in.get("/account").status_code == 200
    assert accounts.find_user(settings, "cat@club.test").has_password


def test_a_link_uses_the_configured_public_address(settings: Settings, team: Team):
    public = replace(settings, public_url="https://feet.example.org/")
    admin = sign_in(team_app(public), team.admin.email)
    added = admin.post("/admin/accounts", data={"email": "dee@club.test", "role": "coach"})
    url, secret = shown_link(added.text)
    assert url == f"https://feet.example.org/links/{secret}"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "ali@club.test", "role": "athlete"}, "already an account for ali@club.test"),
        ({"email": "not-an-address", "role": "coach"}, "is not an email address"),
        ({"email": "eve@club.test", "role": "king"}, "is not a role"),
    ],
)
def test_a_wrong_new_account_is_refused_with_the_reason(
    settings: Settings, team: Team, form: dict[str, str], message: str
):
    admin = sign_in(team_app(settings), team.admin.email)
    refused = admin.post("/admin/accounts", data=form)
    assert refused.status_code == 400 and message in refused.text
    assert f'value="{form["email"]}"' in refused.text  # the form keeps what was typed
    assert len(accounts.list_users(settings)) == 5


def test_a_disabled_account_is_signed_out_until_enabled(settings: Settings, team: Team):
    app = team_app(settings)
    admin, ali = sign_in(app, team.admin.email), sign_in(app, team.athlete.email)
    off = admin.post(f"/admin/accounts/{team.athlete.id}/disable", follow_redirects=False)
    assert off.status_code == 303
    assert accounts.get_account(settings, team.athlete.id).disabled  # type: ignore[union-attr]
    assert ali.get("/account", follow_redirects=False).status_code == 303  # to sign-in
    assert admin.post(f"/admin/accounts/{team.athlete.id}/enable").status_code == 200
    assert not accounts.get_account(settings, team.athlete.id).disabled  # type: ignore[union-attr]
    assert sign_in(app, team.athlete.email).get("/account").status_code == 200


def test_the_admin_cannot_disable_themselves(settings: Settings, team: Team):
    admin = sign_in(team_app(settings), team.admin.email)
    refused = admin.post(f"/admin/accounts/{team.admin.id}/disable")
    assert refused.status_code == 422 and "your own account" in refused.text
    assert not accounts.get_account(settings, team.admin.id).disabled  # type: ignore[union-attr]


def test_a_reset_link_sets_a_new_password(settings: Settings, team: Team):
    app = team_app(settings)
    admin = sign_in(app, team.admin.email)
    shown = admin.post(f"/admin/accounts/{team.athlete.id}/reset-link")
    assert "The password reset link for Ali" in shown.text
    _, secret = shown_link(shown.text)
    use_link(secret, app, password="a brand new secret", repeat="a brand new secret")
    assert sign_in(app, team.athlete.email, "a brand new secret").get("/").status_code == 200


def test_a_coachs_join_link_lets_an_athlete_join_them(settings: Settings, team: Team):
    app = team_app(settings)
    admin = sign_in(app, team.admin.email)
    assert admin.post(f"/admin/coaches/{team.athlete.id}/join-link").status_code == 404
    shown = admin.post(f"/admin/coaches/{team.other_coach.id}/join-link")
    assert "link for athletes to join Kim Other" in shown.text
    _, secret = shown_link(shown.text)
    ali = sign_in(app, team.athlete.email)
    assert ali.post(f"/links/{secret}", follow_redirects=False).status_code == 303
    coaches = {c.id for c in accounts.coaches_of(settings, team.athlete.id)}
    assert coaches == {team.coach.id, team.other_coach.id}


def test_unknown_accounts_are_not_found(settings: Settings, team: Team):
    admin = sign_in(team_app(settings), team.admin.email)
    for method, path in ADMIN_ROUTES[2:]:
        assert admin.request(method, path.format(id=99999)).status_code == 404, path


@pytest.mark.parametrize("who", ["athlete", "other_athlete", "coach", "other_coach"])
def test_no_one_but_the_admin_reaches_the_admin_pages(settings: Settings, team: Team, who: str):
    app = team_app(settings)
    someone = sign_in(app, getattr(team, who).email)
    for method, path in ADMIN_ROUTES:
        url = path.format(id=team.athlete.id)
        data = {"email": "x@club.test", "role": "admin"} if method == "POST" else None
        assert someone.request(method, url, data=data).status_code == 404, (who, url)
    assert len(accounts.list_users(settings)) == 5
    assert not accounts.get_account(settings, team.athlete.id).disabled  # type: ignore[union-attr]


def test_a_stranger_is_sent_to_sign_in(settings: Settings, team: Team):
    stranger = browser(team_app(settings))
    answer = stranger.get("/admin", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_the_admin_reads_no_athletes_records(settings: Settings, team: Team):
    admin = sign_in(team_app(settings), team.admin.email)
    for path in ("/progress", "/data", "/export/footwork.json", "/api/progress", "/check"):
        assert admin.get(f"{path}?person={team.athlete_uid}").status_code == 404, path
