"""A clip analysis survives the server being killed: the job is stored, and the next start
runs it again from the kept upload, to one finished analysis. The real program runs in a
subprocess on its own SQLite home and is killed with SIGKILL mid-analysis."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from footwork.cli.serve import free_port

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
CLIP = MEDIA / "squat" / "squat_19.mp4"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL"),
    pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}"),
]


def start_server(home: Path, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FOOTWORK_DATABASE_URL"}
    env["FOOTWORK_HOME"] = str(home)
    with log.open("ab") as out:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen(
            [sys.executable, "-m", "footwork", "serve", "--port", str(port), "--no-browser"],
            env=env, stdout=out, stderr=out,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/exercises", timeout=2)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("footwork serve did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)


def poll_until(url: str, condition, proc: subprocess.Popen, timeout: float = 300) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        job = httpx.get(url, timeout=10).json()
        if condition(job):
            return job
        assert proc.poll() is None, "the server ended on its own"
        assert time.monotonic() < deadline, f"timed out; the job is at {job}"
        time.sleep(0.1)


def test_a_clip_analysis_cut_off_by_kill_9_finishes_once_after_a_restart(tmp_path: Path):
    home, log = tmp_path / "home", tmp_path / "serve.log"
    port = free_port("127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    server = start_server(home, port, log)
    try:
        with CLIP.open("rb") as clip:
            r = httpx.post(f"{base}/api/analyses", files={"file": ("My squat.mp4", clip)},
                           data={"exercise": "squat"}, timeout=60)  # fmt: skip
        assert r.status_code == 202, r.text
        job_url = f"{base}{r.json()['job']}"
        poll_until(job_url, lambda j: j["status"] == "running" and j["done"] > 0, server)
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    [kept] = list((home / "uploads" / "clips").iterdir())  # the upload outlived the kill

    server = start_server(home, port, log)
    try:
        job = poll_until(job_url, lambda j: j["status"] in ("done", "failed"), server)
        assert job["status"] == "done", job
        assert job["attempts"] == 2
        [analysis] = httpx.get(f"{base}/api/analyses", timeout=10).json()
        assert analysis["source_name"] == "My squat.mp4" and analysis["result"]
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not kept.exists()  # analysed, then deleted as the default says
    db = sqlite3.connect(home / "footwork.sqlite3")
    try:
        assert db.execute("SELECT count(*) FROM session_log WHERE source = 'video'").fetchone() == (
            1,
        )
        assert db.execute("SELECT status FROM job").fetchall() == [("done",)]
    finally:
        db.close()
