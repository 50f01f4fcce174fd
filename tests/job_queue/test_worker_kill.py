"""A worker killed with SIGKILL mid-analysis loses nothing: the job is delivered again, finishes
on the other worker, once, and the uploaded clip outlives every moment until the result is
stored. Real processes (web app and two workers) on a real broker and database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from queue_support import Team, kill_9, rows

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
CLIP, REPS = MEDIA / "squat" / "squat_19.mp4", 2  # two squats, as ../shared/media/README.md says
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL"),
    pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}"),
]


class Watch:
    """Looks at a job and its upload together, and fails the moment the upload is gone while
    the result is not stored yet (the job recorded done, with its result.json)."""

    def __init__(self, team: Team, database_url: str, job_id: str) -> None:
        self.team, self.job_id = team, job_id
        [(upload,)] = rows(database_url, "SELECT upload FROM job WHERE id = :id", id=job_id)
        self.upload = team.media / upload
        self.result = team.media / "analyses" / job_id / "result.json"
        self.looks = 0

    def look(self) -> dict[str, Any]:
        # The upload first, the job after: a job recorded done stays done, so an upload missing
        # before a job that is still not done after was deleted too early.
        upload_there = self.upload.is_file()
        job = self.team.job(self.job_id)
        if not upload_there:
            stored = job["status"] == "done" and self.result.is_file()
            assert stored, f"the upload was deleted before the result was stored: {job}"
        self.looks += 1
        return job

    def until(self, condition, what: str, timeout: float) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        def check() -> dict[str, Any] | None:
            job = self.look()
            return job if condition(job) else None

        return self.team.wait(check, what, timeout)


def test_a_job_whose_worker_is_killed_mid_clip_finishes_once_on_the_other_worker(
    team: Team, database_url: str
):
    team.serve()
    workers = [team.worker("worker-1"), team.worker("worker-2")]
    job_id = team.submit(CLIP)
    watch = Watch(team, database_url, job_id)
    assert watch.upload.is_relative_to(team.media / "uploads" / "clips"), watch.upload

    running = watch.until(lambda j: j["status"] == "running" and j["done"] > 0,
                          "the job to run with progress", 120)  # fmt: skip
    victim = team.owner(running["worker"])
    [survivor] = [w for w in workers if w is not victim]
    kill_9(victim, int(running["worker"].rpartition(":")[2]))
    assert watch.upload.is_file()  # the killed worker had not finished with it

    done = watch.until(lambda j: j["status"] in ("done", "failed"), "the job to end", 150)
    assert done["status"] == "done", done
    assert done["attempts"] == 2, done
    assert done["worker"] != running["worker"] and team.owner(done["worker"]) is survivor, done
    analysis = httpx.get(f"{team.base}/api/analyses/{job_id}", timeout=10)
    assert analysis.status_code == 200, analysis.text
    assert analysis.json()["result"]["reps"] == REPS
    assert list(team.media.glob("analyses/*/result.json")) == [watch.result]
    assert rows(database_url, "SELECT count(*) FROM session_log WHERE uid = :id", id=job_id) == [
        (1,)
    ]
    assert rows(database_url, "SELECT count(*) FROM session_log") == [(1,)]
    assert rows(database_url, "SELECT id, status FROM job") == [(job_id, "done")]
    assert not watch.upload.exists()  # deleted once the result was stored
    assert watch.looks > 10
