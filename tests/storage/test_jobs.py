"""Background jobs are stored: they outlive the process, a restart finds the ones it cut off
and queues them again (a bounded number of times), and a failure keeps its reason.
Runs on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from footwork.config import Settings
from footwork.domain.jobs import MAX_ATTEMPTS, JobStatus
from footwork.services import jobs, people
from footwork.services.store import close_all, open_store


def kept_clip(settings: Settings, name: str = "clip.mp4") -> Path:
    folder = settings.home / "uploads" / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{os.urandom(16).hex()}.mp4"
    path.write_bytes(b"\x00" * 64)
    return path


def submit(settings: Settings, clip: Path) -> str:
    if not people.count(settings):
        people.add(settings, "ana")
    job = jobs.submit_clip(settings, clip, "Knee check.mp4", exercise="squat", person="ana",
                           keep_clip=False)  # fmt: skip
    return job.id


def cut_off_by_a_dead_process(settings: Settings, job_id: str) -> None:
    """The job was claimed by a process on this host that no longer exists (kill -9)."""
    with open_store(settings).unit_of_work() as uow:
        assert uow.jobs.claim(job_id, f"{socket.gethostname()}:{2**22 + 7}") is not None


def test_a_job_is_stored_with_everything_a_worker_needs(settings: Settings):
    clip = kept_clip(settings)
    job_id = submit(settings, clip)
    close_all()  # a new process would see the same record

    job = jobs.get(settings, job_id)
    assert job is not None and job.status is JobStatus.QUEUED
    assert (job.person, job.file_name, job.params) == (
        "ana", "Knee check.mp4", {"exercise": "squat", "keep_clip": False},
    )  # fmt: skip
    assert settings.home / job.upload == clip and job.attempts == 0 and job.created_at


def test_a_job_cut_off_by_a_crash_is_queued_again_from_its_kept_upload(settings: Settings):
    clip = kept_clip(settings)
    job_id = submit(settings, clip)
    cut_off_by_a_dead_process(settings, job_id)

    assert jobs.recover(settings) == [job_id]
    job = jobs.get(settings, job_id)
    assert job is not None and job.status is JobStatus.QUEUED and job.attempts == 1
    assert clip.exists()
    assert jobs.recover(settings) == [job_id]  # still queued: a second start takes it too


def test_a_job_still_run_by_a_live_process_is_left_alone(settings: Settings):
    job_id = submit(settings, kept_clip(settings))
    with open_store(settings).unit_of_work() as uow:  # the test runner's parent is alive
        uow.jobs.claim(job_id, f"{socket.gethostname()}:{os.getppid()}")
    assert jobs.recover(settings) == []
    assert jobs.get(settings, job_id).status is JobStatus.RUNNING


def test_a_job_that_keeps_being_cut_off_is_stopped_with_a_reason(settings: Settings):
    clip = kept_clip(settings)
    job_id = submit(settings, clip)
    for _ in range(MAX_ATTEMPTS):
        cut_off_by_a_dead_process(settings, job_id)
        jobs.recover(settings)
    job = jobs.get(settings, job_id)
    assert job is not None and job.status is JobStatus.FAILED
    assert "Knee check.mp4" in job.message and f"{MAX_ATTEMPTS} times" in job.message
    assert job.hint and not clip.exists()


def test_a_cut_off_job_whose_upload_is_gone_fails_and_says_so(settings: Settings):
    clip = kept_clip(settings)
    job_id = submit(settings, clip)
    cut_off_by_a_dead_process(settings, job_id)
    clip.unlink()
    assert jobs.recover(settings) == []
    job = jobs.get(settings, job_id)
    assert job.status is JobStatus.FAILED and "Knee check.mp4" in job.message


def test_only_uploads_no_job_needs_are_swept(settings: Settings):
    needed = kept_clip(settings)
    submit(settings, needed)
    orphan = kept_clip(settings)
    assert jobs.sweep_orphan_clips(settings) == []  # both are new
    assert jobs.sweep_orphan_clips(settings, max_age_hours=0) == [orphan]
    assert needed.exists() and not orphan.exists()


def test_a_queued_job_is_claimed_by_one_runner_only(settings: Settings):
    job_id = submit(settings, kept_clip(settings))
    with open_store(settings).unit_of_work() as uow:
        first = uow.jobs.claim(job_id, "host-a:1")
    with open_store(settings).unit_of_work() as uow:
        second = uow.jobs.claim(job_id, "host-b:2")
    assert first is not None and first.status is JobStatus.RUNNING and first.attempts == 1
    assert first.worker == "host-a:1" and second is None
