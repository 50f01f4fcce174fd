"""The broker stopped mid-job and started again loses nothing: the running clip still finishes
(a worker needs only the database for that), a clip uploaded while the broker is down is
accepted, recorded and shown as waiting for a worker, and runs once the broker is back.

The broker is a redis-server of the test's own, on a free port and keeping nothing on disk,
so the machine's own Redis stays up."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
import redis
from queue_support import Team, rows, team_env

from footwork.cli.serve import free_port

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
FIRST, FIRST_REPS = MEDIA / "squat" / "squat_19.mp4", 2  # as ../shared/media/README.md says
SECOND, SECOND_REPS = MEDIA / "squat" / "squat_8.mp4", 1
REDIS_SERVER = shutil.which("redis-server")
WAITING = "Waiting for a worker"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed"),
    pytest.mark.skipif(not FIRST.exists() or not SECOND.exists(),
                       reason=f"real squat clips not found in {MEDIA / 'squat'}"),
]  # fmt: skip


class PrivateRedis:
    """A redis-server on a free loopback port that keeps nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port("127.0.0.1"), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        with (self.folder / "redis.log").open("ab") as out:
            self.proc = subprocess.Popen(
                [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
                stdout=out, stderr=out, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while not self.answers():
            assert self.proc.poll() is None, (self.folder / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not answer within 30 s"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        assert not self.answers()

    def answers(self) -> bool:
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False
        finally:
            client.close()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    own = PrivateRedis(tmp_path / "redis")
    own.start()
    try:
        yield own
    finally:
        own.stop()


@pytest.fixture
def team(
    database_url: str, own_redis: PrivateRedis, footwork_home: Path, tmp_path: Path
) -> Iterator[Team]:
    media = tmp_path / "media"
    crew = Team(env=team_env(footwork_home, database_url, own_redis.url, media),
                logs=tmp_path / "logs", media=media)  # fmt: skip
    try:
        yield crew
    finally:
        crew.stop()


def test_stopping_the_broker_mid_job_and_starting_it_again_loses_no_clip(
    team: Team, own_redis: PrivateRedis, database_url: str
):
    team.serve()
    team.worker("worker")
    first = team.submit(FIRST)
    team.wait(lambda: _running(team, first), "the first job to run with progress", 120)

    own_redis.stop()
    second = team.submit(SECOND)  # accepted and recorded with the broker down
    [(upload, status)] = rows(database_url, "SELECT upload, status FROM job WHERE id = :id",
                              id=second)  # fmt: skip
    assert status == "queued" and (team.media / upload).is_file()
    assert WAITING in _check_page(team, second)
    team.wait(lambda: team.job(first)["status"] in ("done", "failed"),
              "the running job to end without the broker", 120)  # fmt: skip
    assert team.job(first)["status"] == "done", team.job(first)
    assert team.job(second)["status"] == "queued"
    assert WAITING in _check_page(team, second)

    own_redis.start()
    team.wait(lambda: team.job(second)["status"] in ("done", "failed"),
              "the waiting job to end once the broker is back", 120)  # fmt: skip
    for job_id, reps in ((first, FIRST_REPS), (second, SECOND_REPS)):
        job = team.job(job_id)
        assert (job["status"], job["attempts"]) == ("done", 1), job
        analysis = httpx.get(f"{team.base}/api/analyses/{job_id}", timeout=10).json()
        assert analysis["result"]["reps"] == reps
        assert rows(database_url, "SELECT count(*) FROM session_log WHERE uid = :id",
                    id=job_id) == [(1,)]  # fmt: skip
    assert rows(database_url, "SELECT count(*) FROM session_log") == [(2,)]
    assert sorted(rows(database_url, "SELECT id, status FROM job")) == sorted(
        [(first, "done"), (second, "done")]
    )
    assert sorted(team.media.glob("analyses/*/result.json")) == sorted(
        team.media / "analyses" / i / "result.json" for i in (first, second)
    )
    assert not any((team.media / "uploads" / "clips").iterdir())
    assert all(p.proc.poll() is None for p in team.processes)  # nobody gave up on the way


def _running(team: Team, job_id: str) -> bool:
    job = team.job(job_id)
    return job["status"] == "running" and job["done"] > 0


def _check_page(team: Team, job_id: str) -> str:
    r = httpx.get(f"{team.base}/check/{job_id}", timeout=10)
    assert r.status_code == 200, r.text
    return r.text
