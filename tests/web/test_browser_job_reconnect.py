"""The job page of a clip analysis while footwork is down: it says it is reconnecting, keeps
trying, and shows the job's real outcome once footwork is back (which runs the job again)."""

from __future__ import annotations

import shutil
import time
from contextlib import AbstractContextManager
from pathlib import Path

import cv2
import pytest
from browser_support import CLIP, needs_chromium, serving

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.services import jobs
from footwork.web.app import create_app

pytestmark = [needs_chromium, pytest.mark.slow]


def running(settings: Settings, port: int) -> AbstractContextManager[str]:
    return serving(create_app(settings), port)


def first_half_second(source: Path, target: Path) -> Path:
    """A real clip cut to its first half second: valid video, too short for a repetition."""
    capture = cv2.VideoCapture(str(source))
    fps = capture.get(cv2.CAP_PROP_FPS)
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    out = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for _ in range(int(fps / 2)):
        ok, frame = capture.read()
        assert ok
        out.write(frame)
    out.release()
    capture.release()
    return target


@pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}")
def test_the_job_page_reconnects_while_footwork_is_down_and_shows_the_outcome(
    settings_sqlite: Settings, browser, tmp_path: Path
):  # type: ignore[no-untyped-def]
    port = free_port("127.0.0.1")
    folder = settings_sqlite.home / "uploads" / "clips"
    folder.mkdir(parents=True)
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    with running(settings_sqlite, port) as base:
        # Stored as the upload route stores it, while this server runs nothing new: the job
        # waits, like one cut off by a crash, until the next start takes it up.
        short = first_half_second(CLIP, tmp_path / "short.mp4")
        upload = shutil.copy(short, folder / "0123456789abcdef0123456789abcdef.mp4")
        job = jobs.submit_clip(settings_sqlite, Path(upload), "My squat.mp4", exercise="squat",
                               person=None, keep_clip=False)  # fmt: skip
        page.goto(f"{base}/check/{job.id}")
        assert page.locator("#stage").inner_text() == "Waiting to start"
        assert page.locator("#connection").is_hidden()
    page.wait_for_selector("#connection", state="visible", timeout=15000)
    assert "Reconnecting" in page.locator("#connection").inner_text()
    time.sleep(3)  # it keeps trying (and keeps saying so) while footwork is down
    assert page.locator("#connection").is_visible()

    with running(settings_sqlite, port):
        page.wait_for_selector("#job-again", state="visible", timeout=120000)
        assert page.locator("#connection").is_hidden()
        assert page.locator("h1").inner_text() == "The clip could not be analysed"
        assert "My squat.mp4 is only" in page.locator("#job-error").inner_text()
        assert page.locator("#job-hint").inner_text()
    context.close()
