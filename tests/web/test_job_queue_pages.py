"""With a job queue set, the web app only sends clips to it: the pose model never runs in the
web process, an upload made while the broker is down is kept and sent later, and the page says
the clip waits for a worker. A broker URL footwork cannot use is refused at start with a
message saying what to give.

Real Redis where the machine has it (FOOTWORK_TEST_REDIS_URL, else 127.0.0.1:6379); the broker
that is down is a real closed port.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from csrf_support import same_origin_client
from fastapi.testclient import TestClient

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.domain.jobs import JobStatus
from footwork.errors import InvalidInput
from footwork.services import jobs
from footwork.services.job_queue import QUEUE_NAME, safe_url
from footwork.synth.motion import squat
from footwork.vision.pose import mediapipe_pose
from footwork.vision.pose.landmark_csv import write_landmark_csv
from footwork.web.app import create_app
from footwork.web.jobs import NO_WORKER

# A database of its own per test process (pytest -n 2 runs two), flushed by these tests only.
_BASE = os.environ.get("FOOTWORK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
REDIS_URL = f"{_BASE}/{5 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:] or 0) % 2}"


def redis_or_skip(url: str):  # type: ignore[no-untyped-def]
    from redis import Redis

    client = Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except Exception:
        pytest.skip(f"no Redis at {url}: set FOOTWORK_TEST_REDIS_URL to a Redis the tests may use")
    return client


def no_pose_model_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the web process ran the pose model")

    monkeypatch.setattr(mediapipe_pose.MediaPipePose, "from_installed_model", refuse)


@pytest.fixture
def queued_app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    client = redis_or_skip(REDIS_URL)
    client.flushdb()
    no_pose_model_here(monkeypatch)
    app = create_app(replace(settings, broker_url=REDIS_URL))
    with same_origin_client(app) as c:
        yield c
    client.flushdb()


@pytest.fixture
def broker_down_app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    no_pose_model_here(monkeypatch)
    down = f"redis://127.0.0.1:{free_port('127.0.0.1')}/0"
    with same_origin_client(create_app(replace(settings, broker_url=down))) as c:
        yield c


def landmark_file(tmp_path: Path) -> Path:
    return write_landmark_csv(squat(reps=2, seed=5).seq, tmp_path / "my squats.csv")


def upload(client: TestClient, path: Path) -> str:
    with path.open("rb") as f:
        r = client.post("/api/analyses", files={"file": (path.name, f, "text/csv")},
                        data={"exercise": "squat"})  # fmt: skip
    assert r.status_code == 202, r.text
    return r.json()["id"]


def test_an_upload_goes_to_the_queue_and_is_not_run_here(
    queued_app: TestClient, settings: Settings, tmp_path: Path
):
    job_id = upload(queued_app, landmark_file(tmp_path))

    job = jobs.get(settings, job_id)
    assert job.status is JobStatus.QUEUED and job.dispatched_at is not None
    assert (settings.media / job.upload).is_file()  # kept for the worker
    from redis import Redis

    waiting = Redis.from_url(REDIS_URL).lrange(f"dramatiq:{QUEUE_NAME}", 0, -1)
    assert len(waiting) == 1  # one message, holding only the job's id
    status = queued_app.get(f"/api/jobs/{job_id}").json()
    assert status["status"] == "queued" and status["stage"] == NO_WORKER
    assert "worker" in queued_app.get(f"/check/{job_id}").text


def test_an_upload_while_the_broker_is_down_is_kept_and_waits_for_a_worker(
    broker_down_app: TestClient, settings: Settings, tmp_path: Path
):
    job_id = upload(broker_down_app, landmark_file(tmp_path))

    job = jobs.get(settings, job_id)
    assert job.status is JobStatus.QUEUED and job.dispatched_at is None  # to be sent later
    assert (settings.media / job.upload).is_file()
    page = broker_down_app.get(f"/check/{job_id}").text
    assert "Waiting for a worker" in page and "A footwork worker analyses it" in page
    assert "on this computer" not in page and "own footwork server" in page
    assert "on its analysis workers" in broker_down_app.get("/check").text
    assert broker_down_app.get("/check").status_code == 200
    assert jobs.reconcile(settings) == [job_id]  # the next look sends it


def test_media_live_in_the_media_folder_when_one_is_set(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    media = tmp_path / "shared-media"
    no_pose_model_here(monkeypatch)
    down = f"redis://127.0.0.1:{free_port('127.0.0.1')}/0"
    app = create_app(replace(settings, broker_url=down, media_dir=media))
    with same_origin_client(app) as c:
        job_id = upload(c, landmark_file(tmp_path))
    job = jobs.get(replace(settings, media_dir=media), job_id)
    assert (media / job.upload).is_file() and job.upload.startswith("uploads/clips/")
    assert not (settings.home / job.upload).exists()


@pytest.mark.parametrize(
    "url", ["mysql://db.example/footwork", "http://127.0.0.1:6379", "rabbit://queue"]
)
def test_a_broker_footwork_cannot_use_is_refused_at_start(settings: Settings, url: str):
    with pytest.raises(InvalidInput) as refused:
        create_app(replace(settings, broker_url=url))
    assert "job queue" in refused.value.message
    assert "redis://" in (refused.value.hint or "") and "amqp://" in (refused.value.hint or "")


def test_a_password_in_the_broker_url_is_never_shown():
    assert safe_url("amqp://clinic:s3cret@mq.local:5672/fw") == "amqp://clinic:***@mq.local:5672/fw"
    assert "s3cret" not in safe_url("redis://:s3cret@127.0.0.1:6379/0")


def test_a_waiting_clip_says_how_many_are_before_it(
    broker_down_app: TestClient, settings: Settings, tmp_path: Path
):
    first, second, third = (upload(broker_down_app, landmark_file(tmp_path)) for _ in range(3))
    assert NO_WORKER in broker_down_app.get(f"/check/{third}").text  # nobody to take them
    jobs.beat(settings)  # a worker is heard from
    stages = [broker_down_app.get(f"/api/jobs/{j}").json()["stage"] for j in (first, second, third)]
    assert stages == [
        "Waiting for a worker",
        "Waiting for a worker (1 clip before yours)",
        "Waiting for a worker (2 clips before yours)",
    ]
    assert "2 clips before yours" in broker_down_app.get("/check").text
