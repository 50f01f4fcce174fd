"""Uploads: refused by size before they are read or stored, and by content, not by name."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from csrf_support import same_origin_headers
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.web.app import create_app
from footwork.web.options import WebOptions
from footwork.web.uploads import FORM_OVERHEAD, content_kind

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
MP4 = MEDIA / "squat" / "squat_19.mp4"
PNG = MEDIA / "foot-photo" / "itw_rgb_0.png"
JPG = MEDIA / "footprint" / "plantar_flat.jpg"
FORM = {"preset": "lunge", "side": "left", "points": "1,1 2,2", "exercise": "squat"}
# Each route that takes a file, with a name it accepts.
UPLOADS = {
    "/photo": "toe.png",
    "/footprint": "print.jpg",
    "/api/photo-angle": "toe.png",
    "/api/footprint": "print.jpg",
    "/check": "squat.mp4",
    "/api/analyses": "squat.mp4",
    "/import": "mine.csv",
    "/api/import": "mine.json",
}
LIMIT = 100_000


def stored_files(settings: Settings) -> list[Path]:
    folder = settings.home / "uploads"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_every_route_that_takes_a_file_is_covered(client: TestClient):
    taking_files = {
        context.path
        for context in iter_route_contexts(client.app.routes)
        if isinstance(route := getattr(context, "original_route", None), APIRoute)
        and any("UploadFile" in str(p.field_info.annotation) for p in route.dependant.body_params)
    }
    assert taking_files == set(UPLOADS)


# Size ---------------------------------------------------------------------------------------


@pytest.fixture
def small(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, WebOptions(max_upload_bytes=LIMIT, max_video_bytes=LIMIT))
    with TestClient(app, headers=same_origin_headers(app)) as c:
        yield c


def multipart(name: str, size: int) -> tuple[bytes, bytes, str]:
    """(head, tail, content type) of a one-file multipart body whose file is ``size`` bytes."""
    boundary = "fwboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode() + b"\x00\x00\x00\x18ftypmp42"
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head, tail, f"multipart/form-data; boundary={boundary}"


def run_asgi(app, headers: dict[str, str], chunks: Iterator[bytes]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Send a POST to /check straight to the ASGI app, body in ``chunks``; the status and
    how many body bytes the app read before answering."""
    read = 0
    status = 0

    async def receive() -> dict:
        nonlocal read
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/check", "raw_path": b"/check", "query_string": b"",
        "root_path": "", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
        "headers": [(k.lower().encode(), v.encode())
                    for k, v in ({"Host": "testserver"} | headers).items()],
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    return status, read


def endless(head: bytes, chunk: int = 16 * 1024) -> Iterator[bytes]:
    """A body far larger than the limit (finite, so a broken limit fails rather than hangs)."""
    yield head
    for _ in range(200):
        yield b"\x00" * chunk


def test_a_declared_size_over_the_limit_is_refused_before_reading_anything(
    small: TestClient, settings: Settings
):
    head, _, content_type = multipart("huge.mp4", 1)
    headers = same_origin_headers(small.app) | {
        "Content-Type": content_type,
        "Content-Length": str(1_500_000_000),  # the 1.5 GB upload of the walk-through
    }
    status, read = run_asgi(small.app, headers, endless(head))
    assert status == 413 and read == 0
    assert stored_files(settings) == []


def test_a_body_without_a_declared_size_is_cut_off_at_the_limit(
    small: TestClient, settings: Settings
):
    head, _, content_type = multipart("huge.mp4", 1)
    headers = same_origin_headers(small.app) | {
        "Content-Type": content_type,
        "Transfer-Encoding": "chunked",
    }
    status, read = run_asgi(small.app, headers, endless(head))
    assert status == 413
    # Reading stopped at the limit: at most one chunk beyond it was ever in the app's hands.
    assert LIMIT < read <= LIMIT + FORM_OVERHEAD + 16 * 1024
    assert stored_files(settings) == []


def test_a_chunked_upload_over_the_limit_gets_a_clear_413(small: TestClient, settings: Settings):
    head, tail, content_type = multipart("long-clip.mp4", 1)

    def body() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield head
        for _ in range(20):
            yield b"\x00" * 16 * 1024
        yield tail

    r = small.post("/check", content=body(), headers={"Content-Type": content_type})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413 and "larger than the" in r.text and "Choose a smaller" in r.text
    assert stored_files(settings) == []


def test_an_upload_within_the_limit_still_works_when_sent_chunked(
    small: TestClient, settings: Settings
):
    csv = (
        b"kind,side,value,unit,method,taken_at\n"
        b"big-toe-extension,left,50,deg,goniometer,2026-11-01\n"
    )
    boundary = "fwb"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + csv
        + f"\r\n--{boundary}--\r\n".encode()
    )
    r = small.post(
        "/api/import?person=Sam&confirm=true",
        content=iter([body[:50], body[50:]]),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 200, r.text


def test_json_bodies_are_limited_too(small: TestClient):
    r = small.post("/api/people", content=b"[" + b" " * (2 * LIMIT) + b"]",
                   headers={"Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 413


# Type by content ------------------------------------------------------------------------------

TEXT = b"this is a text file\n"
RENAMED = [
    # (what it is, its bytes) sent under every route's accepted name
    ("text", TEXT),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
    ("exe", b"MZ\x90\x00" + b"\x00" * 64),
]


@pytest.mark.parametrize("route", sorted(UPLOADS))
@pytest.mark.parametrize(("what", "body"), RENAMED, ids=[r[0] for r in RENAMED])
@pytest.mark.slow
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_with_its_name(
    sam: TestClient, settings: Settings, route: str, what: str, body: bytes
):
    name = UPLOADS[route]
    suffix = Path(name).suffix
    matches = {".mp4": "mp4", ".png": "png", ".jpg": "png", ".csv": "text", ".json": None}
    if matches[suffix] == what:
        pytest.skip("this content is what the name says")
    r = sam.post(route, files={"file": (name, body, "application/octet-stream")}, data=FORM)
    assert r.status_code == 415, (route, what, r.text[:300])
    assert name in r.text and "content" in r.text
    assert stored_files(settings) == []


def test_the_message_says_what_the_content_looks_like(sam: TestClient):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = sam.post("/api/analyses", files={"file": ("holiday.mp4", png, "video/mp4")})
    assert r.status_code == 415
    body = r.json()
    assert body["detail"] == (
        "holiday.mp4 is named like a video, but its content is a PNG file (image/png)."
    )
    assert "MP4" in body["hint"]


@pytest.mark.skipif(not MEDIA.exists(), reason=f"shared media not found at {MEDIA}")
def test_real_videos_and_photos_are_recognised_by_content():
    for clip in MEDIA.rglob("*.mp4"):
        assert content_kind(clip.read_bytes()[:4096], ".mp4") == "video", clip.name
        assert content_kind(clip.read_bytes()[:4096], ".png") is None, clip.name
    for photo in [*MEDIA.rglob("*.png"), *MEDIA.rglob("*.jpg")]:
        head = photo.read_bytes()[:4096]
        assert content_kind(head, photo.suffix) == "image", photo.name
        assert content_kind(head, ".mp4") is None and content_kind(head, ".csv") is None


@pytest.mark.parametrize(
    ("head", "suffix", "kind"),
    [
        (b"GIF89a" + b"\x00" * 32, ".gif", "video"),
        (b"RIFF\x00\x00\x00\x00AVI LIST" + b"\x00" * 32, ".avi", "video"),
        (b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 32, ".mov", "video"),
        (b"\x00\x00\x00\x1cftyp3gp5" + b"\x00" * 32, ".mp4", "video"),  # a phone's brand
        (b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81\x01B\xf2\x81\x04B\xf3\x81\x08B\x82\x84webm",
         ".webm", "video"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ".jpg", "image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ".webp", "image"),
        (b"BM" + b"\x00" * 40, ".bmp", "image"),
        (b"kind;side;value\nbig-toe-extension;left;50,5\n", ".csv", "text"),
        ("\ufeffkind,side\nnote,café\n".encode(), ".csv", "text"),
        ("kind,side\nnote,caf\xe9\n".encode("cp1252"), ".csv", "text"),  # a spreadsheet's
        (b"frame,landmark,x,y,z,visibility\n0,0,0.5,0.5,0,1\n", ".csv", "text"),
        (b'  {"format": "footwork-export"}', ".json", "json"),
        (b"kind,side\n", ".json", None),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ".csv", None),
        (b"GIF89a" + b"\x00" * 32, ".png", None),
    ],
)  # fmt: skip
def test_content_kinds(head: bytes, suffix: str, kind: str | None):
    assert content_kind(head, suffix) == kind
