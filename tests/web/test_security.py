"""Requests another website could make the user's browser send are refused, and change nothing.

Every state-changing route is enumerated from the app itself, so a route added later is
covered without anyone remembering to list it here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.web.security import SECRET_FILE

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSV = "kind,side,value,unit,method,taken_at\nbig-toe-extension,left,50,deg,goniometer,2026-11-01\n"
EXAMPLE_PARAMS = {
    "token": "0" * 32,
    "key": "big-toe",
    "name": "Sam",
    "exercise": "squat",
    "what": "measurements",
}


def state(settings: Settings) -> tuple[Any, ...]:
    """Everything footwork stores: every row of every table, and every file in its home."""
    engine = sa.create_engine(settings.resolved_database_url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as db:
        rows = {
            t.name: sorted(map(repr, db.execute(sa.select(t)).all()))
            for t in meta.sorted_tables
            if t.name != "alembic_version"
        }
    engine.dispose()
    skip = re.compile(r"\.sqlite3(-wal|-shm|-journal)?$")
    files = sorted(
        (str(p.relative_to(settings.home)), p.stat().st_size)
        for p in settings.home.rglob("*")
        if p.is_file() and not skip.search(p.name) and p.name != SECRET_FILE
    )
    return rows, files


def unsafe_routes(client: TestClient) -> list[tuple[str, str]]:
    routes = [
        (method, route.path)
        for route in iter_route_contexts(client.app.routes)
        for method in sorted((getattr(route, "methods", None) or set()) & UNSAFE)
    ]
    assert len(routes) >= 15, routes  # the enumeration found the app's routes
    return routes


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: EXAMPLE_PARAMS.get(m.group(1), "1"), path)


def test_every_state_changing_route_refuses_another_origin(
    sam: TestClient, foreign: TestClient, settings: Settings
):
    sam.post("/progress/outcomes", data={"kind": "pain", "value": "3"})
    sam.post("/api/measurements", json=[{"kind": "arch-index", "side": "left", "value": 0.28}])
    before = state(settings)
    for method, path in unsafe_routes(sam):
        for body in (
            {"data": {"name": "Eve", "kind": "pain", "value": "9"}},
            {"files": {"file": ("x.csv", CSV, "text/csv")}, "data": {"name": "Eve"}},
            {"json": {"name": "Eve", "kind": "pain", "value": 9}},
        ):
            r = foreign.request(method, concrete(path), follow_redirects=False, **body)
            assert r.status_code == 403, (method, path, r.status_code, r.text[:200])
            assert "set-cookie" not in r.headers, (method, path)
    assert state(settings) == before


# The attacks of the walk-through, each shown to work from footwork's own page (so the
# refusal is the origin's, not a broken request) and to be refused from another origin.
ATTACKS: list[tuple[str, dict[str, Any]]] = [
    ("/welcome", {"data": {"name": "Eve", "sport": "x"}}),
    ("/progress/outcomes", {"data": {"kind": "pain", "value": "9", "note": "forged"}}),
    ("/plan/restart", {}),
    ("/api/import?confirm=true", {"files": {"file": ("m.csv", CSV, "text/csv")}}),
    ("/api/people", {"json": {"name": "Eve"}}),
    ("/api/outcomes", {"json": {"kind": "pain", "value": 9}}),
]


@pytest.mark.parametrize(("path", "body"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_a_forged_request_changes_nothing_but_the_same_request_from_footwork_does(
    sam: TestClient, foreign: TestClient, settings: Settings, path: str, body: dict[str, Any]
):
    sam.get("/plan")
    sam.post("/plan/restart")  # the plan has a start that a restart would move
    before = state(settings)
    r = foreign.post(path, follow_redirects=False, **body)
    assert r.status_code == 403
    assert "another web page" in r.text and "Nothing was changed" in r.text
    assert state(settings) == before
    # Restarting a plan is dated today, so it changes nothing the second time on one day.
    if path != "/plan/restart":
        assert sam.post(path, follow_redirects=False, **body).status_code < 400
        assert state(settings) != before


def test_choosing_a_profile_from_another_origin_sets_no_cookie(
    sam: TestClient, foreign: TestClient
):
    sam.post("/api/people", json={"name": "Alex"})
    r = foreign.post("/people/choose", data={"name": "Alex"}, follow_redirects=False)
    assert r.status_code == 403 and "set-cookie" not in r.headers
    assert sam.cookies.get("footwork_person") == "Sam"


def test_an_upload_from_another_origin_stores_no_file(
    sam: TestClient, foreign: TestClient, settings: Settings
):
    clip = {"file": ("c.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4000, "video/mp4")}
    assert foreign.post("/api/analyses", files=clip).status_code == 403
    assert foreign.post("/check", files=clip, follow_redirects=False).status_code == 403
    folder = settings.home / "uploads"
    assert not folder.exists() or [p for p in folder.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver:9999"},  # another port of this computer
        {"Origin": "http://footwork.evil.example"},  # a name mapped to 127.0.0.1
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_another_origin_is_refused_even_with_the_token(
    client: TestClient, settings: Settings, headers: dict[str, str]
):
    token = client.app.state.csrf_token
    sent = {"Origin": None, "Sec-Fetch-Site": None} | headers | {"X-CSRF-Token": token}
    sent = {k: v for k, v in sent.items() if v is not None}
    raw = TestClient(client.app, headers=sent)
    assert raw.post("/welcome", data={"name": "Eve"}, follow_redirects=False).status_code == 403
    assert raw.post("/api/people", json={"name": "Eve"}).status_code == 403
    assert client.get("/api/people").json() == []


def test_a_page_form_without_the_token_is_refused_even_from_our_own_origin(
    client: TestClient,
):
    own = TestClient(client.app, headers={"Origin": "http://testserver"})
    r = own.post("/welcome", data={"name": "Eve"}, follow_redirects=False)
    assert r.status_code == 403 and "Reload the page" in r.text
    wrong = own.post("/welcome", data={"name": "Eve", "csrf_token": "guess"})
    assert wrong.status_code == 403
    assert client.get("/api/people").json() == []


def test_the_token_in_the_form_body_is_enough_as_browsers_send_it(client: TestClient):
    """Plain HTML forms carry the token as a field (urlencoded, or the first multipart part)."""
    page = client.get("/welcome").text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    assert f'<meta name="csrf-token" content="{token}">' in page
    browser = TestClient(client.app, headers={"Origin": "http://testserver"})
    r = browser.post("/welcome", data={"csrf_token": token, "name": "Ann"}, follow_redirects=False)
    assert r.status_code == 303
    upload = browser.post(
        "/import",
        data={"csrf_token": token},
        files={"file": ("m.csv", CSV, "text/csv")},
    )
    assert upload.status_code == 200, upload.text[:300]


def test_every_post_form_in_every_template_carries_the_token():
    templates = Path(__file__).parents[2] / "src" / "footwork" / "web" / "templates"
    forms = 0
    for template in templates.glob("*.html"):
        for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", template.read_text(), re.S | re.I):
            if re.search(r'method="post"', form.group(0), re.I):
                forms += 1
                # First in the form, so multipart bodies carry it before the file.
                assert form.group(1).lstrip().startswith("{{ csrf_field() }}"), template.name
    assert forms >= 10


def test_a_script_on_this_computer_uses_the_json_api_without_a_token(
    client: TestClient, settings: Settings
):
    script = TestClient(client.app)  # no Origin, no Sec-Fetch-Site, no cookies
    assert script.post("/api/people", json={"name": "Kim"}).status_code == 201
    files = {"file": ("m.csv", CSV, "text/csv")}
    assert script.post("/api/import?person=Kim&confirm=true", files=files).status_code == 200
    # A browser page (it sends cookies or Origin) still needs the token on the API.
    with_cookie = TestClient(client.app, cookies={"footwork_person": "Kim"})
    assert with_cookie.post("/api/people", json={"name": "Lee"}).status_code == 403


def test_the_token_survives_a_restart_of_the_app(settings: Settings, client: TestClient):
    from footwork.web.app import create_app

    assert create_app(settings).state.csrf_token == client.app.state.csrf_token
    assert (settings.home / SECRET_FILE).stat().st_mode & 0o077 == 0


def test_the_session_script_sends_the_token():
    script = Path(__file__).parents[2] / "src" / "footwork" / "web" / "static" / "session.js"
    assert '"X-CSRF-Token"' in script.read_text()


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/welcome"), ("GET", "/api/people"), ("GET", "/static/app.css"),
     ("GET", "/docs"), ("GET", "/no-such-page"), ("POST", "/welcome")],
)  # fmt: skip
def test_every_answer_carries_the_security_headers(
    client: TestClient, foreign: TestClient, method: str, path: str
):
    # The POST comes from another origin, so even a refusal (403) carries them.
    r = (foreign if method == "POST" else client).request(method, path)
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_no_template_has_inline_script():
    templates = Path(__file__).parents[2] / "src" / "footwork" / "web" / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\son[a-z]+\s*=", text), template.name  # onclick= and the like
        for script in re.finditer(r"<script\b([^>]*)>", text):
            attrs = script.group(1)
            assert "src=" in attrs or 'type="application/json"' in attrs, template.name
