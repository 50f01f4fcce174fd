"""Team mode against the usual attacks on a site with accounts: guessing passwords, forged
requests from other sites, a planted session cookie, a cookie replayed after sign-out, an
account disabled while signed in, API tokens used beyond their account. And the local
single-user app, which must not grow team mode's pages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
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
from test_security import state
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from footwork.config import Settings
from footwork.domain.accounts import FAILED_LOGIN_WINDOW
from footwork.services import accounts
from footwork.web.app import create_app
from footwork.web.options import WebOptions
from footwork.web.policies import POLICIES
from footwork.web.team import SESSION_COOKIE

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
FOREIGN = {"Origin": "https://evil.test", "Sec-Fetch-Site": "cross-site"}
JAR = "testserver.local"  # the domain the test client keeps testserver's cookies under


def login(client: TestClient, email: str, password: str) -> object:
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": page_token(client)},
        follow_redirects=False,
    )


def age_failed_sign_ins(settings: Settings, by: timedelta) -> None:
    """Move every failed sign-in back in time (as if ``by`` had passed)."""
    engine = sa.create_engine(settings.resolved_database_url)
    table = sa.Table("login_attempt", sa.MetaData(), autoload_with=engine)
    with engine.begin() as db:
        for row in db.execute(sa.select(table.c.id, table.c.at)).all():
            db.execute(table.update().where(table.c.id == row.id).values(at=row.at - by))
    engine.dispose()


# Guessing passwords -------------------------------------------------------------------------


def test_five_wrong_passwords_pause_the_account_until_the_window_has_passed(
    settings: Settings, team: Team
):
    app = team_app(settings)
    client = browser(app)
    email = team.athlete.email
    for _ in range(5):
        assert login(client, email, "not my password").status_code == 401
    locked = login(client, email, PASSWORD)  # the right one, but too late
    assert locked.status_code == 429
    assert "paused for 15 minutes" in locked.text and "this account" in locked.text
    assert 14 * 60 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert SESSION_COOKIE not in locked.headers.get("set-cookie", "")
    # From another address too: the limit is the account's.
    elsewhere = TestClient(app, base_url=BASE_URL, client=("198.51.100.7", 4000))
    assert login(elsewhere, email, PASSWORD).status_code == 429
    # Another account from the first address still signs in (4 + 1 failures is under 20).
    assert login(browser(app), team.coach.email, PASSWORD).status_code == 303

    age_failed_sign_ins(settings, FAILED_LOGIN_WINDOW + timedelta(seconds=1))
    opened = login(client, email, PASSWORD)
    assert opened.status_code == 303 and opened.headers["location"] == "/"


def test_twenty_wrong_passwords_from_one_address_pause_that_address(settings: Settings, team: Team):
    app = team_app(settings)
    client = browser(app)
    guesses = [f"someone{i}@club.test" for i in range(16)] + [team.admin.email] * 4
    for email in guesses:  # never five for one account
        assert login(client, email, "guess").status_code == 401
    locked = login(client, team.coach.email, PASSWORD)
    assert locked.status_code == 429
    assert "network address" in locked.text and "minutes" in locked.text
    assert int(locked.headers["Retry-After"]) > 0
    # The same account from elsewhere is not paused.
    elsewhere = TestClient(app, base_url=BASE_URL, client=("198.51.100.8", 4000))
    assert login(elsewhere, team.coach.email, PASSWORD).status_code == 303

    age_failed_sign_ins(settings, FAILED_LOGIN_WINDOW)
    assert login(client, team.coach.email, PASSWORD).status_code == 303


# Forged requests ----------------------------------------------------------------------------


def state_changing_routes(client: TestClient) -> list[tuple[str, str]]:
    routes = sorted(
        {
            (method, re.sub(r"\{(\w+)(?::\w+)?\}", "1", context.path))
            for context in iter_route_contexts(client.app.routes)
            for method in (getattr(context, "methods", None) or set()) & UNSAFE
        }
    )
    assert len(routes) >= 30, routes
    return routes


def test_every_state_changing_route_refuses_a_forged_request_and_changes_nothing(
    settings: Settings, team: Team
):
    app = team_app(settings)
    athlete = sign_in(app, team.athlete.email)
    coach = sign_in(app, team.coach.email)
    assert athlete.post("/api/outcomes", json={"kind": "squat-1rm", "value": 80}).is_success
    own, theirs = athlete.headers["X-CSRF-Token"], coach.headers["X-CSRF-Token"]
    bare = browser(app)  # the athlete's browser, on a form that lacks the token
    bare.cookies = athlete.cookies
    before = state(settings)
    form = {"kind": "pain", "value": "9", "name": "Eve"}
    tries = {  # why it must be refused: (the browser, headers, the form's token)
        "no token": (bare, {}, None),
        "another origin": (athlete, FOREIGN, own),
        "another session's token": (athlete, {"X-CSRF-Token": theirs}, theirs),
    }
    for method, path in state_changing_routes(athlete):
        for why, (client, headers, token) in tries.items():
            filled = {**form, "csrf_token": token} if token else form
            for body in ({"data": filled}, {"json": {"value": 9}}):
                answer = client.request(method, path, headers=headers, follow_redirects=False,
                                        **body)  # fmt: skip
                assert answer.status_code == 403, (why, method, path, answer.status_code)
                assert "set-cookie" not in answer.headers, (why, method, path)
    assert state(settings) == before
    # The same browser with its own token goes through (the refusals were the token's).
    assert athlete.post("/api/outcomes", json={"kind": "squat-1rm", "value": 81}).is_success


def test_a_bearer_token_needs_no_csrf_token(settings: Settings, team: Team):
    app = team_app(settings)
    script = with_token(app, settings, team.athlete.email)
    made = script.post("/api/outcomes", json={"kind": "squat-1rm", "value": 80})
    assert made.status_code == 201, made.text


# Sessions -----------------------------------------------------------------------------------


def test_signing_in_replaces_a_planted_session_cookie(settings: Settings, team: Team):
    app = team_app(settings)
    attacker = sign_in(app, team.other_athlete.email)
    planted = attacker.cookies[SESSION_COOKIE]
    victim = browser(app)
    victim.cookies.set(SESSION_COOKIE, planted, domain=JAR)
    page_token(victim, "/account")  # the page the planted cookie opens (the attacker's)
    assert login(victim, team.athlete.email, PASSWORD).status_code == 303
    now = victim.cookies[SESSION_COOKIE]
    assert now != planted
    assert accounts.session_account(settings, planted) is None  # the old value is no session
    assert accounts.session_account(settings, now).id == team.athlete.id  # type: ignore[union-attr]
    replay = browser(app)
    replay.cookies.set(SESSION_COOKIE, planted, domain=JAR)
    assert replay.get("/progress", follow_redirects=False).headers["location"].startswith("/login")


def test_a_cookie_set_before_signing_in_is_not_the_one_after(settings: Settings, team: Team):
    app = team_app(settings)
    client = browser(app)
    client.cookies.set(SESSION_COOKIE, "chosen-by-someone-else", domain=JAR)
    assert login(client, team.athlete.email, PASSWORD).status_code == 303
    assert client.cookies[SESSION_COOKIE] != "chosen-by-someone-else"
    assert accounts.session_account(settings, "chosen-by-someone-else") is None


def test_signing_out_ends_the_session_on_the_server(settings: Settings, team: Team):
    app = team_app(settings)
    client = sign_in(app, team.athlete.email)
    old = client.cookies[SESSION_COOKIE]
    assert client.get("/progress").status_code == 200
    out = client.post("/logout", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    replay = browser(app)
    replay.cookies.set(SESSION_COOKIE, old, domain=JAR)
    answer = replay.get("/progress", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    replay.headers.pop("Origin")
    replay.headers.pop("Sec-Fetch-Site")
    assert replay.get("/api/progress").status_code == 401
    assert accounts.session_account(settings, old) is None


def test_a_disabled_account_is_signed_out_and_its_tokens_stop(settings: Settings, team: Team):
    app = team_app(settings)
    client = sign_in(app, team.athlete.email)
    script = with_token(app, settings, team.athlete.email)
    assert client.get("/progress").status_code == 200
    assert script.get("/api/progress").status_code == 200
    accounts.set_disabled(settings, team.athlete.email)
    assert client.get("/progress", follow_redirects=False).headers["location"].startswith("/login")
    assert script.get("/api/progress").status_code == 401
    assert login(browser(app), team.athlete.email, PASSWORD).status_code == 401


def session_cookie_header(answer: object) -> str:
    found = [
        h
        for h in answer.headers.get_list("set-cookie")  # type: ignore[attr-defined]
        if h.startswith(SESSION_COOKIE + "=")
    ]
    assert len(found) == 1, answer.headers  # type: ignore[attr-defined]
    return found[0].lower()


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(
    settings: Settings, team: Team
):
    plain = session_cookie_header(login(browser(team_app(settings)), team.athlete.email, PASSWORD))
    assert "httponly" in plain and "samesite=lax" in plain and "secure" not in plain
    assert "path=/" in plain

    told = team_app(settings, secure_cookies=True)
    secure = session_cookie_header(login(browser(told), team.coach.email, PASSWORD))
    assert "secure" in secure and "httponly" in secure and "samesite=lax" in secure

    # Behind a proxy that says the browser came over HTTPS (uvicorn reads the header, as
    # footwork serve runs it with proxy_headers).
    app = team_app(settings)
    proxied = TestClient(
        ProxyHeadersMiddleware(app, trusted_hosts="*"),  # type: ignore[arg-type]
        base_url=BASE_URL,
        headers={"X-Forwarded-Proto": "https", "Origin": "https://testserver",
                 "Sec-Fetch-Site": "same-origin"},
    )  # fmt: skip
    answer = login(proxied, team.admin.email, PASSWORD)
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    behind = session_cookie_header(answer)
    assert "secure" in behind and "httponly" in behind and "samesite=lax" in behind


# API tokens ---------------------------------------------------------------------------------


def test_a_revoked_token_is_refused(settings: Settings, team: Team):
    app = team_app(settings)
    _, secret = accounts.create_token(settings, team.athlete.email, "script")
    script = TestClient(app, base_url=BASE_URL, headers={"Authorization": f"Bearer {secret}"})
    assert script.get("/api/progress").status_code == 200
    accounts.revoke_token(settings, secret)
    refused = script.get("/api/progress")
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"


def test_one_athletes_token_cannot_read_another_athlete(settings: Settings, team: Team):
    app = team_app(settings)
    other = with_token(app, settings, team.other_athlete.email)
    me = with_token(app, settings, team.athlete.email)
    made = me.post("/api/measurements", json=[{"kind": "arch-index", "side": "left",
                                               "value": 0.28}])  # fmt: skip
    assert made.status_code == 201
    record = made.json()[0]["id"]
    for path in ("/api/measurements", "/api/progress", "/api/export", "/api/analyses"):
        answer = other.get(f"{path}?person={team.athlete_uid}")
        assert answer.status_code == 404, (path, answer.status_code)
        assert team.athlete.email not in answer.text
    assert other.delete(f"/api/measurements/{record}").status_code == 404
    assert len(me.get("/api/measurements").json()) == 1


# The local single-user app ------------------------------------------------------------------


def test_the_local_app_has_none_of_team_modes_pages(settings: Settings):
    from csrf_support import same_origin_client

    app = create_app(settings, WebOptions())
    client = same_origin_client(app)
    team_only = sorted(key for key, policy in POLICIES.items() if policy.team_only)
    assert ("GET", "/login") in team_only and ("GET", "/account") in team_only
    for method, path in team_only:
        url = re.sub(r"\{(\w+)(?::\w+)?\}", "1", path)
        answer = client.request(method, url, follow_redirects=False)
        assert answer.status_code == 404, (method, path, answer.status_code)
    assert client.get("/").status_code in (200, 303)  # the app itself is there


def test_an_import_waiting_for_confirmation_is_only_its_athletes(settings: Settings, team: Team):
    """The confirm form carries the upload's token, not an id in the path: it is bound too."""
    app = team_app(settings)
    csv = (
        "kind,side,value,unit,method,taken_at\nbig-toe-extension,left,50,deg,goniometer,2026-11-01"
    )
    with sign_in(app, team.athlete.email) as ali, sign_in(app, team.other_athlete.email) as bo:
        preview = ali.post("/import", files={"file": ("mine.csv", csv, "text/csv")})
        assert preview.status_code == 200
        token = preview.text.split('name="token" value="')[1].split('"')[0]
        assert bo.post("/import/confirm", data={"token": token}).status_code == 404
        assert bo.get("/api/measurements").json() == []
        done = ali.post("/import/confirm", data={"token": token})
        assert done.status_code == 200 and "Imported" in done.text
        assert [m["value"] for m in ali.get("/api/measurements").json()] == [50]
