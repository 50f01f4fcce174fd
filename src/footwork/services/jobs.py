"""Background jobs, stored: submit one, run it (here, or later in a separate worker), follow
its progress, and after a crash find the jobs that were cut off and run them again.

Whoever runs jobs calls ``run`` with a job's id; everything a job needs is in its record.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from footwork.config import Settings
from footwork.domain.jobs import (
    FAILED_LISTED_FOR_DAYS,
    MAX_ATTEMPTS,
    STALE_AFTER_HOURS,
    Job,
    JobKind,
    JobStatus,
)
from footwork.errors import FootworkError
from footwork.services import analyses
from footwork.services.store import UnitOfWork, open_store
from footwork.services.user_files import discard

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5  # progress is written at most this often (the page polls about as often)
INTERNAL_ERROR = "The analysis stopped because of an error inside footwork."
INTERNAL_HINT = "Try again; if it happens again with this clip, record it once more."
Work = Callable[[Settings, Job, Callable[[str, int, int], None]], str]
RUNNERS: dict[JobKind, Work] = {JobKind.CLIP_ANALYSIS: analyses.run_clip_job}


def worker_name() -> str:
    """This process, as recorded on the jobs it runs."""
    return f"{socket.gethostname()}:{os.getpid()}"


def submit_clip(
    settings: Settings,
    upload: Path,
    file_name: str,
    *,
    exercise: str | None,
    person: str | None,
    keep_clip: bool,
) -> Job:
    """Record a clip analysis of a stored upload, queued; it still has to be run."""
    job = Job(
        id=uuid.uuid4().hex, kind=JobKind.CLIP_ANALYSIS, file_name=file_name,
        upload=_relative(settings, upload),
        params={"exercise": exercise, "keep_clip": keep_clip},
        created_at=datetime.now().replace(microsecond=0),
    )  # fmt: skip
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.add(job, uow.people.resolve(person).id)


def get(settings: Settings, job_id: str) -> Job | None:
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.get(job_id)


def open_or_failed(settings: Settings, now: datetime | None = None) -> list[Job]:
    """Jobs not finished yet, and those that failed in the last few days, newest first: what
    someone who left the page needs to hear about."""
    since = (now or datetime.now()) - timedelta(days=FAILED_LISTED_FOR_DAYS)
    with open_store(settings).unit_of_work() as uow:
        found = uow.jobs.all()
    return [
        j for j in found
        if not j.status.finished
        or (j.status is JobStatus.FAILED and (j.finished_at or since) >= since)
    ]  # fmt: skip


def run(settings: Settings, job_id: str) -> Job | None:
    """Run a queued job to its end (done or failed); None if it was not waiting to run."""
    with open_store(settings).unit_of_work() as uow:
        job = uow.jobs.claim(job_id, worker_name())
    if job is None:
        return None
    try:
        result = RUNNERS[job.kind](settings, job, _progress_writer(settings, job_id))
    except FootworkError as exc:
        return _fail(settings, job, exc.message, exc.hint or "")
    except Exception:
        log.exception("job %s (%s) failed", job.id, job.kind)
        return _fail(settings, job, INTERNAL_ERROR, INTERNAL_HINT)
    return _update(settings, job_id, status=JobStatus.DONE, result=result,
                   finished_at=_now())  # fmt: skip


def recover(settings: Settings) -> list[str]:
    """After a restart: mark the jobs this host was running interrupted, fail those out of
    attempts (or whose upload is gone), and queue the rest again. The ids to run, oldest first.
    """
    host = socket.gethostname()
    again: list[str] = []
    with open_store(settings).unit_of_work() as uow:
        for job in uow.jobs.unfinished():
            if job.status is JobStatus.RUNNING and _still_running(job.worker, host):
                continue
            if job.status is JobStatus.RUNNING:
                uow.jobs.update(job.id, status=JobStatus.INTERRUPTED)
            if job.attempts >= MAX_ATTEMPTS or not (settings.home / job.upload).is_file():
                _give_up(settings, uow, job)
            else:
                uow.jobs.update(job.id, status=JobStatus.QUEUED)
                again.append(job.id)
    return again


def referenced_uploads(settings: Settings) -> set[Path]:
    """Uploads that jobs still need (unfinished) or keep (a finished analysis's kept clip)."""
    with open_store(settings).unit_of_work() as uow:
        jobs = uow.jobs.all()
    return {settings.home / j.upload for j in jobs if j.upload and j.status is not JobStatus.FAILED}


def sweep_orphan_clips(settings: Settings, max_age_hours: float = STALE_AFTER_HOURS) -> list[Path]:
    """Remove uploaded clips no job needs or keeps, older than ``max_age_hours``."""
    folder = settings.home / "uploads" / "clips"
    if not folder.is_dir():
        return []
    needed = {p.resolve() for p in referenced_uploads(settings)}
    cutoff = time.time() - max_age_hours * 3600
    orphans = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.resolve() not in needed and p.stat().st_mtime < cutoff
    ]
    discard(*orphans)
    return orphans


def _give_up(settings: Settings, uow: UnitOfWork, job: Job) -> None:
    name = job.file_name or "the clip"
    if job.attempts >= MAX_ATTEMPTS:
        message = f"The analysis of {name} was cut off {job.attempts} times, so it was stopped."
        hint = "Try a shorter clip, or record it again."
    else:
        message = f"The analysis of {name} was cut off, and the clip is not kept any more."
        hint = "Choose the clip again."
    uow.jobs.update(job.id, status=JobStatus.FAILED, message=message, hint=hint,
                    finished_at=_now())  # fmt: skip
    discard(settings.home / job.upload if job.upload else None,
            analyses.analyses_dir(settings) / job.id)  # fmt: skip


def _fail(settings: Settings, job: Job, message: str, hint: str) -> Job | None:
    discard(settings.home / job.upload if job.upload else None,
            analyses.analyses_dir(settings) / job.id)  # fmt: skip
    return _update(settings, job.id, status=JobStatus.FAILED, message=message, hint=hint,
                   finished_at=_now())  # fmt: skip


def _progress_writer(settings: Settings, job_id: str) -> Callable[[str, int, int], None]:
    last_stage, last_at = [""], [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < PROGRESS_EVERY_S and done < total:
            return
        last_stage[0], last_at[0] = stage, now
        _update(settings, job_id, stage=stage, done=done, total=total)

    return progress


def _update(settings: Settings, job_id: str, **changes: Any) -> Job | None:
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.update(job_id, **changes)


def _still_running(worker: str, host: str) -> bool:
    """Whether the process named ``worker`` ("host:pid") still runs; other hosts' jobs are
    theirs to recover."""
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return name != host and bool(name)
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _relative(settings: Settings, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.home.resolve()))
    except ValueError:
        return str(path)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
