"""Export downloads, and import as upload → preview → confirm, with type and size limits."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import measurements
from footwork.web.app import create_app
from footwork.web.options import WebOptions

CSV = "kind,side,value,unit,method,taken_at\nbig-toe-extension,left,50,deg,goniometer,2026-11-01\n"


def uploads(settings: Settings) -> list[Path]:
    folder = settings.home / "uploads"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_export_downloads_json_and_csv(sam: TestClient):
    sam.post("/api/measurements", json=[{"kind": "arch-index", "side": "left", "value": 0.28}])
    r = sam.get("/export/footwork.json")
    assert "attachment" in r.headers["content-disposition"]
    doc = r.json()
    assert doc["format"] == "footwork-export" and doc["people"][0]["name"] == "Sam"
    csv = sam.get("/export/measurements.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "arch-index,left,0.28" in csv.text
    assert sam.get("/export/passwords.csv").status_code == 404
    assert sam.get("/api/export").json()["people"][0]["measurements"][0]["value"] == 0.28


def test_an_import_is_previewed_then_confirmed_and_a_repeat_adds_nothing(
    sam: TestClient, settings: Settings
):
    files = {"file": ("mine.csv", CSV, "text/csv")}
    preview = sam.post("/import", files=files)
    assert preview.status_code == 200 and "Nothing has been saved yet" in preview.text
    assert measurements.list_all(settings) == []
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    done = sam.post("/import/confirm", data={"token": token})
    assert done.status_code == 200 and "Imported" in done.text
    assert [m.value for m in measurements.list_all(settings)] == [50]
    assert uploads(settings) == []
    again = sam.post("/import", files=files)
    assert "already here: there is nothing to import" in again.text
    assert sam.post("/import/confirm", data={"token": token}).status_code == 404


def test_the_api_imports_in_one_step_with_confirm(sam: TestClient, settings: Settings):
    doc = json.dumps(sam.get("/api/export").json())
    files = {"file": ("footwork.json", doc, "application/json")}
    r = sam.post("/api/import", files=files)
    assert r.json()["applied"] is False
    r = sam.post("/api/import?confirm=true", files={"file": ("mine.csv", CSV, "text/csv")})
    assert r.json() == {"applied": True, "people_new": [], "people_existing": ["Sam"],
                        "new": {"measurements": 1, "sessions": 0, "outcomes": 0},
                        "duplicate": {"measurements": 0, "sessions": 0, "outcomes": 0},
                        "total_new": 1}  # fmt: skip


def test_a_wrong_file_type_is_refused_and_nothing_is_kept(sam: TestClient, settings: Settings):
    r = sam.post("/import", files={"file": ("notes.exe", b"MZ...", "application/octet-stream")})
    assert r.status_code == 415 and "not a file this page takes" in r.text
    r = sam.post("/api/import", files={"file": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 415 and "Choose a .json, .csv file" in r.json()["hint"]
    assert uploads(settings) == [] and measurements.list_all(settings) == []


def test_an_oversized_upload_is_refused_and_nothing_is_kept(
    sam: TestClient, settings: Settings, upload_limit: int
):
    big = CSV + "x" * (upload_limit + 1)
    r = sam.post("/import", files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code == 413 and "larger than" in r.text
    assert uploads(settings) == [] and measurements.list_all(settings) == []


def test_a_broken_import_file_is_refused_with_the_reason(sam: TestClient, settings: Settings):
    r = sam.post("/api/import", files={"file": ("f.json", b"{not json", "application/json")})
    assert r.status_code == 422 and "is not valid JSON" in r.json()["detail"]
    bad = CSV.replace(",50,", ",400,")
    r = sam.post("/import", files={"file": ("bad.csv", bad, "text/csv")})
    assert r.status_code == 422 and "nothing was imported" in r.text
    r = sam.post("/import", files={"file": ("empty.csv", b"", "text/csv")})
    assert r.status_code == 415 and "is empty" in r.text
    assert sam.post("/import", data={}).status_code == 422
    assert uploads(settings) == [] and measurements.list_all(settings) == []


def test_the_upload_limit_is_a_setting(settings: Settings):
    app = create_app(settings, WebOptions(max_upload_bytes=10))
    with TestClient(app) as c:
        r = c.post("/api/import", files={"file": ("m.csv", CSV, "text/csv")})
    assert r.status_code == 413
