"""Stopping a worker as an operator does (Ctrl-C, SIGTERM from systemd): once, it finishes the
clip in hand and ends; twice, it hands the clip back at once and another worker finishes it.
Either way it ends with code 0 and one result. Real processes on a real broker and database."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from queue_support import Team, rows

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
CLIP, REPS = MEDIA / "squat" / "squat_19.mp4", 2
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}"),
]


def running_on(team: Team, job_id: str) -> dict:
    return team.wait(lambda: (j := team.job(job_id))["status"] == "running" and j["done"] > 0
                     and j, "the clip to run with progress", 120)  # fmt: skip


def test_one_stop_finishes_the_clip_in_hand(team: Team, database_url: str):
    team.serve()
    worker = team.worker("worker")
    job_id = team.submit(CLIP)
    assert team.owner(running_on(team, job_id)["worker"]) is worker

    worker.proc.send_signal(signal.SIGTERM)

    assert worker.proc.wait(timeout=150) == 0, worker.tail()
    job = team.job(job_id)
    assert (job["status"], job["attempts"]) == ("done", 1), job
    assert "Finishing the clip in hand" in worker.tail()
    assert rows(database_url, "SELECT count(*) FROM session_log") == [(1,)]


def test_a_second_stop_hands_the_clip_to_another_worker(team: Team, database_url: str):
    team.serve()
    first = team.worker("first")
    job_id = team.submit(CLIP)
    running_on(team, job_id)
    second = team.worker("second")  # started after the clip was taken: it waits

    first.proc.send_signal(signal.SIGTERM)
    team.wait(lambda: "Finishing the clip in hand" in first.tail(), "the first stop", 30)
    first.proc.send_signal(signal.SIGTERM)

    assert first.proc.wait(timeout=30) == 0, first.tail()
    said = first.tail()
    assert "Handed back 1 unfinished clip" in said and "terminate called" not in said, said
    team.processes.remove(first)  # it ended as asked: no longer one to watch
    done = team.wait(lambda: (j := team.job(job_id))["status"] in ("done", "failed") and j,
                     "the clip to end on the second worker", 150)  # fmt: skip
    assert done["status"] == "done" and done["attempts"] == 2, done
    assert team.owner(done["worker"]) is second
    assert rows(database_url, "SELECT count(*) FROM session_log") == [(1,)]
