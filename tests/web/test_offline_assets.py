"""Everything a page loads comes from the app itself: no CDN, because users may be offline."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_the_api_docs_load_swagger_ui_from_the_app(client: TestClient):
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith(("/assets/swagger/", "/static/")) for a in assets)
    for a in assets:
        assert client.get(a).status_code == 200
    assert client.get("/assets/swagger/../../secret").status_code == 404
    assert client.get("/assets/swagger/index.html").status_code == 404


def test_plotly_is_served_by_the_app(client: TestClient):
    r = client.get("/assets/plotly.min.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert len(r.content) > 1_000_000


def test_no_page_refers_to_another_host(sam: TestClient):
    for path in ("/", "/plan", "/session", "/progress", "/report", "/data", "/exercises"):
        page = sam.get(path).text
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page), path
