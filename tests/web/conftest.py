"""A web app on the test's own database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

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
    app = create_app(settings, WebOptions(max_upload_bytes=upload_limit))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def sam(client: TestClient) -> TestClient:
    """A client whose browser has onboarded as Sam (the profile cookie is set)."""
    r = client.post("/welcome", data={"name": "Sam", "sport": "running"}, follow_redirects=False)
    assert r.status_code == 303
    return client
