"""Team mode behind a reverse proxy with HTTPS (footwork serve --team --public-url https://...).

The proxy passes requests on over plain http to 127.0.0.1; the browser's Origin is the public
https address. A proxy that does not send X-Forwarded-Proto must not make every form, the
sign-in form first, look like it came from another site.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from team_support import CSRF_FIELD, PASSWORD, Team

from footwork.cli.serve import PublicScheme
from footwork.config import Settings
from footwork.web.app import create_app
from footwork.web.options import WebOptions

PUBLIC = "https://footwork.test"


def _app(settings: Settings) -> Any:
    options = WebOptions(team=True, allowed_hosts=("footwork.test", "127.0.0.1"),
                         secure_cookies=True)  # fmt: skip
    return create_app(settings, options)


def _sign_in(app: Any, base_url: str, origin: str, email: str) -> Any:
    """The sign-in form as a browser at ``origin`` sends it, arriving at ``base_url``."""
    client = TestClient(app, base_url=base_url)
    token = CSRF_FIELD.search(client.get("/login").text)
    assert token
    form = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    browser = {"Origin": origin, "Sec-Fetch-Site": "same-origin"}
    return client.post("/login", data=form, headers=browser, follow_redirects=False)


def test_the_sign_in_form_from_the_public_https_address_is_accepted_without_forwarded_proto(
    settings: Settings, team: Team
) -> None:
    app = PublicScheme(_app(settings), "footwork.test", https=True)
    answer = _sign_in(app, "http://footwork.test", PUBLIC, team.athlete.email)
    assert answer.status_code == 303
    assert "secure" in answer.headers["set-cookie"].lower()


def test_without_it_the_same_form_is_refused_as_from_another_site(
    settings: Settings, team: Team
) -> None:
    answer = _sign_in(_app(settings), "http://footwork.test", PUBLIC, team.athlete.email)
    assert answer.status_code == 403


def test_requests_to_another_host_name_keep_their_own_scheme(
    settings: Settings, team: Team
) -> None:
    app = PublicScheme(_app(settings), "footwork.test", https=True)
    answer = _sign_in(app, "http://127.0.0.1", "http://127.0.0.1", team.athlete.email)
    assert answer.status_code == 303
