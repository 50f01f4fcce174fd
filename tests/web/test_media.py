"""Pictures and clips through the web app: a photo angle from clicked points, a footprint with
its overlay, and "Check my form" as a background job with progress and a kept history."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from csrf_support import same_origin_client
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import measurements, sessions
from footwork.web.app import create_app
from footwork.web.options import WebOptions

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
FOOTPRINT = MEDIA / "footprint" / "plantar_flat.jpg"
CLIP = MEDIA / "squat" / "squat_19.mp4"
TOE_POINTS = "100,200 200,200 290,150"  # extension = 180° - interior angle = atan(50/90)

# Content that is what its name says (an MP4 or PNG header), but nothing can read further.
BROKEN_MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2048
PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def png(width: int = 400, height: int = 300) -> bytes:
    image = np.full((height, width, 3), 200, np.uint8)
    cv2.line(image, (100, 200), (200, 200), (40, 40, 40), 6)
    return cv2.imencode(".png", image)[1].tobytes()


def upload_photo(client: TestClient, preset: str = "big-toe-extension") -> str:
    r = client.post("/photo", files={"file": ("toe.png", png(), "image/png")},
                    data={"preset": preset, "side": "left"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return r.headers["location"].split("/")[2].split("?")[0]


def files_in(settings: Settings, area: str) -> list[Path]:
    folder = settings.home / "uploads" / area
    return list(folder.iterdir()) if folder.exists() else []


def test_a_photo_angle_is_measured_from_clicked_points_then_saved(
    sam: TestClient, settings: Settings
):
    token = upload_photo(sam)
    page = sam.get(f"/photo/{token}?preset=big-toe-extension&side=left").text
    assert f'src="/uploads/{token}.png"' in page and 'data-needed="3"' in page
    form = {"points": TOE_POINTS, "preset": "big-toe-extension", "side": "left"}
    preview = sam.post(f"/photo/{token}", data=form)
    assert "Big-toe extension, left foot: 29.1°" in preview.text
    assert measurements.list_all(settings) == []  # a preview stores nothing
    assert sam.get(f"/uploads/{token}-angle.png").headers["content-type"] == "image/png"
    saved = sam.post(f"/photo/{token}", data=form | {"save": "true"})
    assert "Saved to your results" in saved.text
    [m] = measurements.list_all(settings)
    assert (m.kind.value, m.side.value, m.method.value) == ("big-toe-extension", "left", "photo")
    assert m.value == pytest.approx(29.05, abs=0.05)


def test_the_lunge_preset_measures_the_shin_from_two_points(sam: TestClient, settings: Settings):
    token = upload_photo(sam, "lunge")
    form = {"points": "200,50 150,250", "preset": "lunge", "side": "left", "save": "true"}
    assert "Lunge test: shin angle, left foot: 14" in sam.post(f"/photo/{token}", data=form).text
    [m] = measurements.list_all(settings)
    assert m.kind.value == "ankle-dorsiflexion" and m.value == pytest.approx(14.04, abs=0.05)


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("100,200 200,200", "3"),  # too few points for the big toe
        ("100,200 200,200 900,150", "outside"),  # off the image
        ("nowhere", "Cannot read the point"),
    ],
)
def test_bad_points_are_refused_and_nothing_is_stored(
    sam: TestClient, settings: Settings, points: str, message: str
):
    token = upload_photo(sam)
    form = {"points": points, "preset": "big-toe-extension", "side": "left", "save": "true"}
    r = sam.post(f"/photo/{token}", data=form)
    assert r.status_code == 422 and message in r.text
    assert measurements.list_all(settings) == []


def test_an_impossible_toe_angle_from_a_photo_is_not_stored(sam: TestClient, settings: Settings):
    token = upload_photo(sam)  # a toe bent back 135° past the metatarsal line
    form = {"points": "100,200 200,200 130,130", "preset": "big-toe-extension", "side": "left"}
    r = sam.post(f"/photo/{token}", data=form | {"save": "true"})
    assert r.status_code == 422 and "outside what a human foot shows" in r.text
    assert measurements.list_all(settings) == []


@pytest.mark.parametrize(
    ("name", "body", "status", "message"),
    [
        ("toe.gif", b"GIF89a", 415, "not a file this page takes"),
        ("toe.png", b"not really a png", 415, "toe.png is named like a photo, but its content"),
        ("toe.png", PNG_HEADER + b"broken", 422, "toe.png is not a readable image"),
    ],
)
def test_a_photo_that_is_not_an_image_is_refused_and_removed(
    sam: TestClient, settings: Settings, name: str, body: bytes, status: int, message: str
):
    r = sam.post("/photo", files={"file": (name, body, "image/png")},
                 data={"preset": "lunge", "side": "left"})  # fmt: skip
    assert r.status_code == status and message in r.text
    assert files_in(settings, "photos") == []


def test_an_oversized_photo_is_refused(sam: TestClient, settings: Settings, upload_limit: int):
    big = b"\x89PNG" + b"0" * upload_limit
    r = sam.post("/photo", files={"file": ("big.png", big, "image/png")},
                 data={"preset": "lunge", "side": "left"})  # fmt: skip
    assert r.status_code == 413 and files_in(settings, "photos") == []


def test_pictures_outside_the_upload_folders_are_not_served(sam: TestClient):
    assert sam.get("/uploads/..%2Ffootwork.sqlite3").status_code == 404
    assert sam.get("/uploads/secret.txt").status_code == 404
    assert sam.get("/photo/" + "0" * 32).status_code == 404


@pytest.mark.skipif(not FOOTPRINT.exists(), reason=f"real footprint photo not found at {FOOTPRINT}")
def test_a_footprint_shows_its_overlay_and_is_saved_on_request(sam: TestClient, settings: Settings):
    r = sam.post(
        "/footprint", files={"file": (FOOTPRINT.name, FOOTPRINT.read_bytes(), "image/jpeg")}
    )
    assert r.status_code == 200 and "flat" in r.text and "Save to my results" in r.text
    overlay = r.text.split('src="/uploads/')[1].split('"')[0]
    assert sam.get(f"/uploads/{overlay}").status_code == 200
    assert measurements.list_all(settings) == []
    token = overlay.removesuffix("-overlay.png")
    saved = sam.post(f"/footprint/{token}/save")
    assert "Saved" in saved.text
    kinds = {m.kind.value for m in measurements.list_all(settings)}
    assert "arch-index" in kinds and "chippaux-smirak" in kinds


def test_a_blank_page_is_not_a_footprint(sam: TestClient, settings: Settings):
    blank = cv2.imencode(".png", np.full((600, 400, 3), 255, np.uint8))[1].tobytes()
    r = sam.post("/footprint", files={"file": ("blank.png", blank, "image/png")})
    assert r.status_code == 422
    assert measurements.list_all(settings) == [] and files_in(settings, "footprints") == []


def wait_for(client: TestClient, job_id: str, timeout_s: float = 120) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.3)


def submit_clip(client: TestClient, name: str, body: bytes, exercise: str = "squat") -> str:
    r = client.post("/check", files={"file": (name, body, "video/mp4")},
                    data={"exercise": exercise}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return r.headers["location"].split("/")[-1]


@pytest.mark.parametrize("keep", [False, True])
def test_a_broken_clip_fails_in_the_background_with_the_reason(settings: Settings, keep: bool):
    app = create_app(settings, WebOptions(delete_video_after_analysis=not keep))
    with same_origin_client(app) as client:
        job_id = submit_clip(client, "broken.mp4", BROKEN_MP4)
        job = wait_for(client, job_id)
        page = client.get(f"/check/{job_id}").text
        listed = client.get("/check").text.split('id="pending"')[1].split("</section>")[0]
    assert job["status"] == "failed" and job["message"] and job["hint"]
    assert "broken.mp4" in job["message"] and job["stage"] == "Stopped"
    assert "The clip could not be analysed" in page and job["hint"] in page
    assert "Analysing your clip" not in page and "Starting" not in page
    # someone who left the page finds the failure and its reason on the "Check my form" page
    assert f'href="/check/{job_id}">broken.mp4</a>' in listed and job["message"] in listed
    # nothing is left of a failed analysis, even when clips are otherwise kept
    assert files_in(settings, "clips") == [] and not (settings.home / "analyses" / job_id).exists()
    assert sessions.list_sessions(settings) == []


def test_clip_uploads_are_checked_before_any_work(sam: TestClient, settings: Settings):
    r = sam.post("/check", files={"file": ("clip.exe", b"MZ", "video/mp4")})
    assert r.status_code == 415
    assert sam.post("/check", files={"file": ("c.mp4", b"x", "video/mp4")},
                    data={"exercise": "juggling"}).status_code == 422  # fmt: skip
    assert sam.get("/check/" + "0" * 32).status_code == 404
    assert sam.get("/api/jobs/nope").status_code == 404
    assert files_in(settings, "clips") == []


def test_a_clip_larger_than_the_limit_is_refused(settings: Settings):
    app = create_app(settings, WebOptions(max_video_bytes=1000))
    with same_origin_client(app) as client:
        big = BROKEN_MP4 + b"\x00" * (1001 - len(BROKEN_MP4))
        r = client.post("/check", files={"file": ("c.mp4", big, "video/mp4")})
    assert r.status_code == 413 and files_in(settings, "clips") == []


@pytest.mark.slow
@pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}")
def test_a_real_clip_is_analysed_in_the_background_and_kept_in_the_history(
    sam: TestClient, settings: Settings
):
    job_id = submit_clip(sam, CLIP.name, CLIP.read_bytes())
    assert wait_for(sam, job_id)["status"] == "done"
    page = sam.get(f"/check/{job_id}").text
    assert "squat: 2 reps" in page and "clip deleted after analysis" in page
    video = page.split('<video class="result" controls muted playsinline src="')[1].split('"')[0]
    assert sam.get(video).headers["content-type"].startswith("video/")
    assert files_in(settings, "clips") == []  # deleted: only results are kept
    assert job_id in sam.get("/check").text
    [logged] = sessions.list_sessions(settings)
    assert logged.source == "video" and logged.reps_done == 2


def test_the_api_measures_and_saves_a_photo_angle(sam: TestClient, settings: Settings):
    form = {"points": TOE_POINTS, "preset": "big-toe-extension", "side": "right", "save": "true"}
    r = sam.post("/api/photo-angle", files={"file": ("toe.png", png(), "image/png")}, data=form)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["value_deg"] == pytest.approx(29.1, abs=0.05) and body["source"]
    assert sam.get(body["annotated"]).status_code == 200
    [m] = body["saved"]
    assert (m["kind"], m["side"], m["method"]) == ("big-toe-extension", "right", "photo")
    assert len(measurements.list_all(settings)) == 1


def test_the_api_refuses_bad_points_and_keeps_nothing(sam: TestClient, settings: Settings):
    form = {"points": "1,1 2,2", "preset": "big-toe-extension", "side": "left", "save": "true"}
    r = sam.post("/api/photo-angle", files={"file": ("toe.png", png(), "image/png")}, data=form)
    assert r.status_code == 422 and "needs 3 points" in r.json()["detail"]
    r = sam.post("/api/photo-angle", files={"file": ("toe.png", png(), "image/png")},
                 data=form | {"preset": "elbow"})  # fmt: skip
    assert r.status_code == 422
    assert measurements.list_all(settings) == []
    assert [p for p in files_in(settings, "photos") if "-angle" not in p.name] == []


@pytest.mark.skipif(not FOOTPRINT.exists(), reason=f"real footprint photo not found at {FOOTPRINT}")
def test_the_api_reads_a_footprint(sam: TestClient, settings: Settings):
    files = {"file": (FOOTPRINT.name, FOOTPRINT.read_bytes(), "image/jpeg")}
    body = sam.post("/api/footprint", files=files, data={"save": "true"}).json()
    [foot] = body["report"]["feet"]
    assert foot["category"] == "flat" and 0.26 <= foot["arch_index"] <= 0.5
    assert body["report"]["source"] == FOOTPRINT.name
    assert sam.get(body["overlay"]).status_code == 200
    assert body["report"]["annotated"] == body["overlay"]  # never a path on the server
    assert {m["kind"] for m in body["saved"]} >= {"arch-index", "staheli"}


def test_the_api_queues_an_analysis_and_reports_its_failure(sam: TestClient, settings: Settings):
    r = sam.post("/api/analyses", files={"file": ("broken.mov", BROKEN_MP4, "video/mp4")})
    assert r.status_code == 202
    started = r.json()
    job = wait_for(sam, started["id"])
    assert job["status"] == "failed" and job["message"]
    missing = sam.get(started["result"])
    assert missing.status_code == 404 and "/api/jobs/" in missing.json()["hint"]
    assert sam.get("/api/analyses").json() == []


@pytest.mark.slow
@pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}")
def test_the_pose_model_suggests_knee_and_ankle_on_a_lunge_photo(
    settings: Settings, tmp_path: Path
):
    still = tmp_path / "person.png"
    capture = cv2.VideoCapture(str(MEDIA / "squat" / "squat_17.mp4"))
    capture.set(cv2.CAP_PROP_POS_FRAMES, 40)
    ok, frame = capture.read()
    capture.release()
    assert ok
    cv2.imwrite(str(still), frame)
    app = create_app(settings)  # the default upload limit: a full-size photo
    with same_origin_client(app) as client:
        files = {"file": ("lunge.png", still.read_bytes(), "image/png")}
        form = {"preset": "lunge", "side": "left"}
        r = client.post("/photo", files=files, data=form, follow_redirects=False)
        token = r.headers["location"].split("/")[2].split("?")[0]
        assert "Suggest the points for me" in client.get(r.headers["location"]).text
        found = client.get(f"/api/photos/{token}/lunge-points", params={"side": "left"}).json()
    (kx, ky), (ax, ay) = found["points"]
    assert 0 <= kx < 1280 and 0 <= ax < 1280 and ky < ay  # the knee is above the ankle
    assert 0 <= found["angle_deg"] < 60


def test_no_suggestion_without_a_person_in_the_photo(sam: TestClient):
    token = upload_photo(sam, "lunge")
    r = sam.get(f"/api/photos/{token}/lunge-points")
    assert r.status_code == 422 and r.json()["detail"]
    assert sam.get("/api/photos/" + "0" * 32 + "/lunge-points").status_code == 404
