"""A web app on the test's own database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, SHOTS, serving
from csrf_support import foreign_client, same_origin_client
from fastapi.testclient import TestClient

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.web.app import create_app
from footwork.web.options import WebOptions

SMALL_UPLOAD = 64 * 1024


@pytest.fixture
def upload_limit() -> int:
    """The upload size limit of the ``client`` app: small, so tests can exceed it cheaply."""
    return SMALL_UPLOAD


@pytest.fixture
def client(settings: Settings, upload_limit: int) -> Iterator[TestClient]:
    """The app as footwork's own pages use it in a browser (same origin, with the CSRF token)."""
    app = create_app(settings, WebOptions(max_upload_bytes=upload_limit))
    with same_origin_client(app) as c:
        yield c


@pytest.fixture
def foreign(client: TestClient) -> TestClient:
    """A page on another origin (another port of this computer) sending requests to the
    ``client`` app in the same browser: it shares the browser's cookies but not the token."""
    other = foreign_client(client.app)
    other.cookies = client.cookies
    return other


@pytest.fixture
def sam(client: TestClient) -> TestClient:
    """A client whose browser has onboarded as Sam (the profile cookie is set)."""
    r = client.post("/welcome", data={"name": "Sam", "sport": "running"}, follow_redirects=False)
    assert r.status_code == 303
    return client


# Browser tests: a real uvicorn server on a free loopback port, driven by Debian's chromium.


@pytest.fixture
def settings_sqlite(footwork_home: Path) -> Settings:
    return Settings(home=footwork_home, database_url=f"sqlite:///{footwork_home / 'fw.sqlite3'}")


@pytest.fixture
def server(settings_sqlite: Settings) -> Iterator[str]:
    app = create_app(settings_sqlite, WebOptions(max_upload_bytes=1024 * 1024))
    with serving(app, free_port("127.0.0.1")) as base:
        yield base


@pytest.fixture
def browser() -> Iterator:
    """Debian's chromium, headless; make contexts of any viewport or origin from it."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(server: str, browser) -> Iterator:  # type: ignore[no-untyped-def]
    """A desktop-sized page on ``server`` that records page errors and 4xx/5xx responses."""
    # bypass_csp: test helpers (wait_for_function, injected axe-core) run script the pages'
    # Content-Security-Policy forbids; test_browser_security.py checks the policy itself.
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, base_url=server, bypass_csp=True
    )
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))  # type: ignore[attr-defined]
    pg.on("response", lambda r: r.status >= 400 and pg.errors.append(f"{r.status} {r.url}"))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture
def team(settings: Settings):  # type: ignore[no-untyped-def]
    """A club on the test's database (team_support.make_team)."""
    from team_support import make_team

    return make_team(settings)
