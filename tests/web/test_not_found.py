"""An unknown address is a page for a browser and JSON for the API; errors name no one else."""

from __future__ import annotations

from fastapi.testclient import TestClient

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_an_unknown_address_in_the_browser_is_a_page_with_a_way_home(client: TestClient):
    r = client.get("/no-such-page", headers=BROWSER)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '"detail"' not in r.text
    assert "There is no such page" in r.text and "/no-such-page" in r.text
    assert '<a class="button" href="/">Today</a>' in r.text
    assert "<nav" in r.text and 'href="/progress"' in r.text  # the site's layout and menu


def test_an_unknown_api_address_stays_json(client: TestClient):
    r = client.get("/api/no-such-thing", headers=BROWSER)
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert r.json() == {
        "detail": "There is nothing at /api/no-such-thing.",
        "hint": "The API's addresses are listed at /docs and /openapi.json.",
    }


def test_a_wrong_method_says_so_in_our_words(client: TestClient):
    r = client.get("/plan/restart", headers=BROWSER)
    assert r.status_code == 405 and "does not take a GET request" in r.text
    assert r.headers["allow"] == "POST"


def test_the_error_for_a_request_without_a_person_names_no_one(client: TestClient):
    client.post("/api/people", json={"name": "Robin Private"})
    client.post("/api/people", json={"name": "Kai Secret"})
    api = client.get("/api/progress")
    assert api.status_code == 422
    assert "Robin" not in api.text and "Kai" not in api.text
    assert "person=" in api.json()["hint"]
    page = client.get("/results", headers=BROWSER)
    assert page.status_code == 422
    assert "Robin" not in page.text and "Kai" not in page.text
    assert 'href="/people">Choose a profile</a>' in page.text
