"""One error, worded by each interface: the page names a page, the API a parameter, the
terminal a flag (the inner layers carry a ``Fix``, see tests/test_interface_free_messages.py)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from footwork.cli.main import build_app
from footwork.config import Settings
from footwork.services import people


def test_each_interface_words_the_same_error_its_own_way(client: TestClient, settings: Settings):
    people.add(settings, "Ana")
    people.add(settings, "Ben")
    page = client.get("/results", headers={"accept": "text/html"})
    api = client.get("/api/measurements").json()
    cli = CliRunner().invoke(build_app(), ["measure", "list"])
    assert page.status_code == 422 and "/people" in page.text and "--person" not in page.text
    assert "?person=" in api["hint"] and "--person" not in api["hint"]
    assert cli.exit_code != 0 and "--person NAME" in cli.output


def test_each_interface_says_which_input_was_wrong(client: TestClient, settings: Settings):
    body = {"kind": "big-toe-extension", "side": "middle", "value": 50}
    api = client.post("/api/measurements", json=[body])
    assert api.status_code == 422 and api.json()["field"] == "side"
    page = client.post("/plan/times", data={"times": "7"}, headers={"accept": "text/html"})
    assert page.status_code == 422 and "Go back and fix the training times" in page.text
    cli = CliRunner().invoke(build_app(), ["measure", "add", "big-toe-extension", "50",
                                           "--side", "middle", "--json"])  # fmt: skip
    assert cli.exit_code == 2 and json.loads(cli.output)["field"] == "side"


def test_an_error_about_no_one_input_names_none(client: TestClient):
    r = client.post("/api/measurements", json={"not": "a list"})
    assert r.status_code == 422 and "field" not in r.json()
    r = client.delete("/api/measurements/999999")
    assert r.status_code == 404 and "field" not in r.json()
