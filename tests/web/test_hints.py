"""One error, worded by each interface: the page names a page, the API a parameter, the
terminal a flag (the inner layers carry a ``Fix``, see tests/test_interface_free_messages.py)."""

from __future__ import annotations

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
