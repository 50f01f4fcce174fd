"""The person's own files: messages name them as the person does (never the random name an
upload is stored under), and footwork keeps only what the person saved: unsaved photos,
unconfirmed imports and downloads are removed when done with, or swept after a day."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from csrf_support import same_origin_client
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import measurements
from footwork.web.app import create_app

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
FOOTPRINT = MEDIA / "footprint" / "plantar_flat.jpg"
CLIP = MEDIA / "squat" / "squat_19.mp4"
TOKEN = re.compile(r"[0-9a-f]{32}")
TOE_POINTS = "100,200 200,200 290,150"
NOT_REALLY_A_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096  # the right first bytes, then nothing


def png() -> bytes:
    image = np.full((300, 400, 3), 200, np.uint8)
    cv2.line(image, (100, 200), (200, 200), (40, 40, 40), 6)
    return cv2.imencode(".png", image)[1].tobytes()


def files(settings: Settings, area: str) -> list[str]:
    folder = settings.home / area
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def refusal(response) -> str:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, response.text
    if response.headers["content-type"].startswith("application/json"):
        body = response.json()
        return f"{body['detail']} {body.get('hint') or ''}"
    return response.text.split('<section class="card error"')[1].split("</section>")[0]


# The user's own file names ---------------------------------------------------------------


def test_a_photo_that_cannot_be_read_is_named_as_the_person_named_it(sam: TestClient):
    r = sam.post("/photo", files={"file": ("Holiday toe.png", NOT_REALLY_A_PNG, "image/png")},
                 data={"preset": "big-toe-extension", "side": "left"})  # fmt: skip
    text = refusal(r)
    assert "Holiday toe.png" in text and not TOKEN.search(text)


def test_a_saved_photo_angle_names_the_persons_photo_and_the_photo_is_not_kept(
    sam: TestClient, settings: Settings
):
    form = {"preset": "big-toe-extension", "side": "left"}
    photo = {"file": ("My toe.png", png(), "image/png")}
    r = sam.post("/photo", files=photo, data=form, follow_redirects=False)
    page = sam.get(r.headers["location"]).text
    token = r.headers["location"].split("/")[2].split("?")[0]
    assert 'name="name" value="My toe.png"' in page
    form = {"points": TOE_POINTS, "preset": "big-toe-extension", "side": "left",
            "name": "My toe.png", "save": "true"}  # fmt: skip
    assert "Saved to your results" in sam.post(f"/photo/{token}", data=form).text
    [m] = measurements.list_all(settings)
    assert m.source == "My toe.png"
    assert files(settings, "uploads/photos") == [f"{token}-angle.png"]  # shown on the page


def test_a_footprint_photo_that_cannot_be_read_is_named_as_the_person_named_it(
    sam: TestClient, settings: Settings
):
    for url in ("/footprint", "/api/footprint"):
        r = sam.post(url, files={"file": ("Left print.png", NOT_REALLY_A_PNG, "image/png")})
        text = refusal(r)
        assert "Left print.png" in text and not TOKEN.search(text)
    assert files(settings, "uploads/footprints") == []


@pytest.mark.skipif(not FOOTPRINT.exists(), reason=f"real footprint photo not found at {FOOTPRINT}")
def test_a_saved_footprint_names_the_persons_photo_and_the_photo_is_not_kept(
    sam: TestClient, settings: Settings
):
    r = sam.post(
        "/footprint", files={"file": ("Flat feet.jpg", FOOTPRINT.read_bytes(), "image/jpeg")}
    )
    assert r.status_code == 200, r.text
    assert 'name="name" value="Flat feet.jpg"' in r.text
    token = r.text.split('src="/uploads/')[1].split("-overlay.png")[0]
    assert "Saved" in sam.post(f"/footprint/{token}/save", data={"name": "Flat feet.jpg"}).text
    assert {m.source for m in measurements.list_all(settings)} == {"Flat feet.jpg"}
    assert files(settings, "uploads/footprints") == [f"{token}-overlay.png"]


def test_an_import_that_is_refused_names_the_persons_file(sam: TestClient, settings: Settings):
    body = b"date,value\n2026-01-01,3\n"
    for url in ("/import", "/api/import"):
        r = sam.post(url, files={"file": ("My export.csv", body, "text/csv")})
        text = refusal(r)
        assert "My export.csv" in text and not TOKEN.search(text)
    assert files(settings, "uploads/imports") == []


@pytest.mark.slow  # runs the pose model
@pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}")
def test_a_real_clip_too_short_to_analyse_fails_with_its_own_name_and_leaves_nothing(
    settings: Settings, tmp_path: Path
):
    capture = cv2.VideoCapture(str(CLIP))
    fps = capture.get(cv2.CAP_PROP_FPS)
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    short = tmp_path / "short.mp4"
    out = cv2.VideoWriter(str(short), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for _ in range(int(fps / 2)):
        out.write(capture.read()[1])
    out.release()
    with same_origin_client(create_app(settings)) as client:
        r = client.post("/api/analyses", files={"file": ("Monday squat.mp4", short.read_bytes())})
        job_url = r.json()["job"]
        deadline = time.monotonic() + 120
        while (job := client.get(job_url).json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.3)
        page = client.get(f"/check/{job['id']}").text
    assert job["status"] == "failed"
    assert job["message"].startswith("Monday squat.mp4 is only") and job["hint"]
    assert "The clip could not be analysed" in page and "Monday squat.mp4 is only" in page
    assert files(settings, "uploads/clips") == [] and files(settings, "analyses") == []


# Keeping only what the person saved ------------------------------------------------------


def test_a_csv_download_leaves_no_copy_behind(sam: TestClient, settings: Settings):
    for name in ("measurements", "sets", "outcomes"):
        r = sam.get(f"/export/{name}.csv")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert files(settings, "exports") == []


MEASUREMENTS_CSV = (
    b"kind,side,value,unit,method,taken_at\n"
    b"big-toe-extension,left,48,deg,goniometer,2026-10-01T08:00:00\n"
)


def test_a_confirmed_import_leaves_no_upload(sam: TestClient, settings: Settings):
    upload = {"file": ("Clinic.csv", MEASUREMENTS_CSV, "text/csv")}
    preview = sam.post("/import", files=upload)
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    assert 'name="name" value="Clinic.csv"' in preview.text
    assert files(settings, "uploads/imports") != []  # waiting for the person to confirm
    sam.post("/import/confirm", data={"token": token, "name": "Clinic.csv"})
    assert len(measurements.list_all(settings)) == 1
    assert files(settings, "uploads/imports") == []


def test_an_import_with_nothing_new_leaves_no_upload(sam: TestClient, settings: Settings):
    upload = {"file": ("Clinic.csv", MEASUREMENTS_CSV, "text/csv")}
    token = sam.post("/import", files=upload).text.split('name="token" value="')[1].split('"')[0]
    sam.post("/import/confirm", data={"token": token, "name": "Clinic.csv"})
    again = sam.post("/import", files=upload)
    assert "there is nothing to import" in again.text
    assert files(settings, "uploads/imports") == []


def age(path: Path, hours: float) -> Path:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


STALE = [
    "uploads/photos/" + "a" * 32 + ".png",
    "uploads/photos/" + "a" * 32 + "-angle.png",
    "uploads/footprints/" + "b" * 32 + "-overlay.png",
    "uploads/imports/" + "c" * 32 + ".csv",
    "exports/20260101-000000-000000/sets.csv",
    "reports/chart-20260101.png",
    "uploads/clips/" + "d" * 32 + ".mp4",  # no job needs it
]


def test_files_nobody_kept_are_swept_after_a_day_when_footwork_starts(settings: Settings):
    home = settings.home
    for name in STALE:
        for path, hours in ((home / name, 25), (home / f"{name}.new", 1)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
            age(path, hours)
    kept = home / "analyses" / ("e" * 32) / "plot.png"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"x")
    age(kept, 24 * 30)

    with same_origin_client(create_app(settings)) as client:
        assert client.get("/check").status_code == 200

    assert [n for n in STALE if (home / n).exists()] == []
    assert all((home / f"{n}.new").exists() for n in STALE)  # younger than a day
    assert kept.exists()  # analyses the person keeps are never swept
