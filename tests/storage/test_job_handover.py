"""With a job queue the database record decides who runs a job: a job whose worker is gone goes
back to the queue and runs once more elsewhere, a message delivered twice runs the job once,
a re-run logs no second session, and the upload stays until the result is recorded.

Real jobs on generated landmark files (no pose model), on SQLite and, when configured,
PostgreSQL. The worker processes themselves, with real brokers, are in tests/job_queue.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from footwork.config import Settings
from footwork.domain.jobs import MAX_ATTEMPTS, RESEND_AFTER_S, WORKER_LOST_AFTER_S, JobStatus
from footwork.services import jobs, people
from footwork.services.store import open_store
from footwork.synth.motion import squat
from footwork.vision.pose.landmark_csv import write_landmark_csv

GONE = f"{socket.gethostname()}:{2**22 + 11}"  # a process on this host that does not exist
ELSEWHERE = "clinic-worker-2:4242"  # a worker on another machine


def landmark_clip(settings: Settings, reps: int = 3) -> Path:
    folder = settings.media / "uploads" / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    return write_landmark_csv(squat(reps=reps, seed=3).seq, folder / f"{os.urandom(16).hex()}.csv")


def submit(settings: Settings, clip: Path, keep: bool = False) -> str:
    if not people.count(settings):
        people.add(settings, "ana")
    job = jobs.submit_clip(settings, clip, "Squats.csv", exercise="squat", person="ana",
                           keep_clip=keep)  # fmt: skip
    return job.id


def claimed_by(settings: Settings, job_id: str, worker: str) -> None:
    with open_store(settings).unit_of_work() as uow:
        assert uow.jobs.claim(job_id, worker) is not None


def heartbeat(settings: Settings, worker: str, seconds_ago: float) -> None:
    with open_store(settings).unit_of_work() as uow:
        uow.workers.beat(worker, None, datetime.now() - timedelta(seconds=seconds_ago))


def video_sessions(settings: Settings) -> list[str]:
    with open_store(settings).unit_of_work() as uow:
        person = uow.people.resolve("ana")
        return [s.uid for s in uow.sessions.all(person.id) if s.log.source == "video"]


def test_a_job_whose_worker_was_killed_runs_again_here_once(settings: Settings):
    clip = landmark_clip(settings)
    job_id = submit(settings, clip)
    claimed_by(settings, job_id, GONE)  # it started there, then the process was killed

    done = jobs.run(settings, job_id)  # the broker delivers the message again

    assert done is not None and done.status is JobStatus.DONE
    assert done.attempts == 2 and done.worker == jobs.worker_name()
    assert video_sessions(settings) == [job_id]
    assert not clip.exists()  # removed once the result was recorded
    assert jobs.run(settings, job_id) is None  # a third delivery changes nothing
    assert video_sessions(settings) == [job_id]


def test_a_job_running_on_a_live_worker_elsewhere_is_left_to_it(settings: Settings):
    job_id = submit(settings, landmark_clip(settings))
    heartbeat(settings, ELSEWHERE, seconds_ago=1)
    claimed_by(settings, job_id, ELSEWHERE)

    assert jobs.run(settings, job_id) is None
    assert jobs.reconcile(settings, resend_after_s=0) == []
    job = jobs.get(settings, job_id)
    assert job.status is JobStatus.RUNNING and job.worker == ELSEWHERE and job.attempts == 1


def test_a_worker_elsewhere_that_stopped_beating_loses_its_job_to_the_queue(settings: Settings):
    job_id = submit(settings, landmark_clip(settings))
    heartbeat(settings, ELSEWHERE, seconds_ago=WORKER_LOST_AFTER_S + 1)
    claimed_by(settings, job_id, ELSEWHERE)

    assert jobs.reconcile(settings) == [job_id]  # put back, and to be sent again
    job = jobs.get(settings, job_id)
    assert job.status is JobStatus.QUEUED and job.dispatched_at is None
    assert jobs.run(settings, job_id).status is JobStatus.DONE


def test_the_lost_worker_cannot_overwrite_the_result_of_the_one_that_took_over(
    settings: Settings,
):
    job_id = submit(settings, landmark_clip(settings))
    claimed_by(settings, job_id, GONE)
    jobs.run(settings, job_id)
    with open_store(settings).unit_of_work() as uow:  # the old worker, late, tries to fail it
        assert uow.jobs.update_if_running(job_id, GONE, status=JobStatus.FAILED) is None
        assert uow.jobs.update_if_running(job_id, GONE, done=1, total=2) is None
    assert jobs.get(settings, job_id).status is JobStatus.DONE


def test_a_session_logged_before_the_kill_is_not_logged_twice(settings: Settings):
    """Killed after the session was logged but before the result was recorded."""
    clip = landmark_clip(settings)
    job_id = submit(settings, clip, keep=True)
    assert jobs.run(settings, job_id).status is JobStatus.DONE
    with open_store(settings).unit_of_work() as uow:  # as if the DONE had never been written
        uow.jobs.update(job_id, status=JobStatus.RUNNING, worker=GONE)
    (settings.media / "analyses" / job_id / "result.json").unlink()

    assert jobs.run(settings, job_id).status is JobStatus.DONE
    assert video_sessions(settings) == [job_id]
    assert clip.exists()  # the person keeps clips


def test_a_failure_is_recorded_before_the_upload_is_removed(settings: Settings):
    folder = settings.media / "uploads" / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    clip = folder / f"{os.urandom(16).hex()}.csv"
    clip.write_text("not,a,landmark,file\n1,2,3,4\n", encoding="utf-8")
    job_id = submit(settings, clip)

    failed = jobs.run(settings, job_id)

    assert failed.status is JobStatus.FAILED and failed.message and failed.hint
    assert not clip.exists() and not (settings.media / "analyses" / job_id).exists()
    assert video_sessions(settings) == []


def test_jobs_never_sent_are_sent_and_lost_messages_only_after_a_while(settings: Settings):
    first = submit(settings, landmark_clip(settings))
    second = submit(settings, landmark_clip(settings))
    with open_store(settings).unit_of_work() as uow:
        uow.jobs.mark_dispatched(first, datetime.now() - timedelta(seconds=RESEND_AFTER_S + 1))

    assert jobs.reconcile(settings) == [second]  # the web process: only what was never sent
    # An idle worker: also the job whose message has waited too long (lost with the broker).
    assert sorted(jobs.reconcile(settings, resend_after_s=RESEND_AFTER_S)) == sorted(
        [first, second]
    )


class Unreachable:
    def __init__(self) -> None:
        self.tried: list[str] = []

    def send(self, job_id: str) -> bool:
        self.tried.append(job_id)
        return False


def test_a_job_the_broker_did_not_take_waits_unsent_and_recorded(settings: Settings):
    job_id = submit(settings, landmark_clip(settings))
    down = Unreachable()
    assert jobs.dispatch(settings, down, [job_id]) == []
    assert jobs.get(settings, job_id).dispatched_at is None
    assert jobs.reconcile(settings) == [job_id]


def test_a_worker_that_stops_hands_its_job_back(settings: Settings):
    job_id = submit(settings, landmark_clip(settings))
    jobs.beat(settings)
    claimed_by(settings, job_id, jobs.worker_name())

    assert jobs.leave(settings) == [job_id]
    assert jobs.get(settings, job_id).status is JobStatus.QUEUED
    assert jobs.live_workers(settings) == []


@pytest.mark.parametrize("attempts", [MAX_ATTEMPTS])
def test_a_job_out_of_attempts_is_not_run_again(settings: Settings, attempts: int):
    job_id = submit(settings, landmark_clip(settings))
    for _ in range(attempts):
        claimed_by(settings, job_id, GONE)
        with open_store(settings).unit_of_work() as uow:
            uow.jobs.release(job_id, GONE)
    assert jobs.run(settings, job_id) is None
    job = jobs.get(settings, job_id)
    assert job.status is JobStatus.FAILED and f"{MAX_ATTEMPTS} times" in job.message


def test_heartbeats_say_who_is_alive_and_idle_since_when(settings: Settings):
    heartbeat(settings, ELSEWHERE, seconds_ago=WORKER_LOST_AFTER_S + 5)
    jobs.beat(settings)
    assert [w.name for w in jobs.live_workers(settings)] == [jobs.worker_name()]
    assert jobs.idle_for_s() >= 0
