"""Background jobs, stored: submit one, run it (in the web process, or on a worker fed by a
job queue), follow its progress, and when a process dies find the jobs it cut off and run them
again.

Whoever runs jobs calls ``run`` with a job's id; everything a job needs is in its record. The
record decides who runs a job, so a job sent twice, or run again after its worker was taken
for dead, still ends with one result.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from footwork.config import Settings
from footwork.domain.jobs import (
    FAILED_LISTED_FOR_DAYS,
    MAX_ATTEMPTS,
    STALE_AFTER_HOURS,
    Job,
    JobKind,
    JobStatus,
    WorkerState,
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
_RUNNING_HERE: set[str] = set()  # the jobs this process is running now
_RUNNING_LOCK = threading.Lock()
_IDLE_SINCE = [time.monotonic()]  # when this process last had no job left to run


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
        created_at=datetime.now(),  # to the microsecond: it orders the queue
    )  # fmt: skip
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.add(job, uow.people.resolve(person).id)


def get(settings: Settings, job_id: str) -> Job | None:
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.get(job_id)


def open_or_failed(
    settings: Settings, now: datetime | None = None, person: str | None = None
) -> list[Job]:
    """Jobs not finished yet, and those that failed in the last few days, newest first: what
    someone who left the page needs to hear about (given ``person``, only theirs)."""
    since = (now or datetime.now()) - timedelta(days=FAILED_LISTED_FOR_DAYS)
    with open_store(settings).unit_of_work() as uow:
        found = uow.jobs.all()
    return [
        j for j in found
        if person is None or j.person == person
        if not j.status.finished
        or (j.status is JobStatus.FAILED and (j.finished_at or since) >= since)
    ]  # fmt: skip


def run(settings: Settings, job_id: str) -> Job | None:
    """Run a job to its end (done or failed), once: None if it is not this process's to run
    (finished already, taken by a live worker, or given up)."""
    job = _claim(settings, job_id)
    if job is None:
        return None
    with _running_here(job_id):
        try:
            result = RUNNERS[job.kind](settings, job, _progress_writer(settings, job))
        except FootworkError as exc:
            return _fail(settings, job, exc.message, exc.hint or "")
        except Exception:
            log.exception("job %s (%s) failed", job.id, job.kind)
            return _fail(settings, job, INTERNAL_ERROR, INTERNAL_HINT)
        return _finish(settings, job, result)


def _claim(settings: Settings, job_id: str) -> Job | None:
    me, now = worker_name(), datetime.now()
    with open_store(settings).unit_of_work() as uow:
        job = uow.jobs.get(job_id)
        if job is None or job.status.finished:
            return None
        if job.status is JobStatus.RUNNING:
            if _alive(uow, job, now) or not uow.jobs.release(job.id, job.worker):
                return None  # its worker finishes it, or someone else just took it over
            log.warning("job %s: %s is gone, so it runs again here", job.id, job.worker)
        if job.attempts >= MAX_ATTEMPTS or not (settings.media / job.upload).is_file():
            _give_up(settings, uow, job)
            return None
        return uow.jobs.claim(job_id, me)


def _finish(settings: Settings, job: Job, result: str) -> Job | None:
    """Record the result; only then remove the upload (unless the person keeps clips)."""
    with open_store(settings).unit_of_work() as uow:
        done = uow.jobs.update_if_running(job.id, worker_name(), status=JobStatus.DONE,
                                          result=result, finished_at=_now())  # fmt: skip
    if done is not None and not job.params.get("keep_clip"):
        discard(settings.media / job.upload if job.upload else None)
    return done


def recover(settings: Settings) -> list[str]:
    """After a restart of the process that runs jobs itself (no job queue): put back the jobs
    whose process is gone, fail those out of attempts (or whose upload is gone), and return
    every job waiting to run, oldest first."""
    return reconcile(settings, resend_after_s=0.0)


def reconcile(settings: Settings, resend_after_s: float | None = None) -> list[str]:
    """Put the jobs of workers that are gone back in the queue, give up on those out of
    attempts or whose upload is gone, and return the ids of the waiting jobs that need
    sending: never sent (the queue was down), or, given ``resend_after_s``, last sent that long
    ago (their message seems lost). Oldest first."""
    now = datetime.now()
    waiting: list[str] = []
    with open_store(settings).unit_of_work() as uow:
        for job in uow.jobs.unfinished():
            sent = job.dispatched_at
            if job.status is JobStatus.RUNNING:
                if _alive(uow, job, now) or not uow.jobs.release(job.id, job.worker):
                    continue
                log.warning("job %s: %s is gone; it is queued again", job.id, job.worker)
                sent = None
            elif job.status is JobStatus.INTERRUPTED:
                uow.jobs.update(job.id, status=JobStatus.QUEUED)
            if job.attempts >= MAX_ATTEMPTS or not (settings.media / job.upload).is_file():
                _give_up(settings, uow, job)
            elif sent is None or (
                resend_after_s is not None and (now - sent).total_seconds() >= resend_after_s
            ):
                waiting.append(job.id)
        uow.workers.forget_unseen_since(now - timedelta(hours=STALE_AFTER_HOURS))
    return waiting


class Queue(Protocol):
    """Where jobs are sent to be run (a job queue)."""

    def send(self, job_id: str) -> bool:
        """Send the job; False when the queue cannot be reached (the job waits, unsent)."""
        ...


def dispatch(settings: Settings, queue: Queue, job_ids: list[str]) -> list[str]:
    """Send jobs to the queue, noting each sent one; the ids sent."""
    sent = []
    for job_id in job_ids:
        if not queue.send(job_id):
            break  # the queue is down: the rest wait for the next try as well
        with open_store(settings).unit_of_work() as uow:
            uow.jobs.mark_dispatched(job_id, _now())
        sent.append(job_id)
    return sent


def beat(settings: Settings) -> None:
    """Record this worker process's heartbeat, and the job it runs."""
    running = running_here()
    with open_store(settings).unit_of_work() as uow:
        uow.workers.beat(worker_name(), running[0] if running else None, datetime.now())


def running_here() -> list[str]:
    """The jobs this process is running now."""
    with _RUNNING_LOCK:
        return sorted(_RUNNING_HERE)


def idle_for_s() -> float:
    """How long this process has had no job to run (0 while it runs one)."""
    with _RUNNING_LOCK:
        return 0.0 if _RUNNING_HERE else time.monotonic() - _IDLE_SINCE[0]


def leave(settings: Settings) -> list[str]:
    """This worker stops: put back any job it still runs (so another worker takes it at once)
    and forget its heartbeat; the ids put back."""
    me = worker_name()
    with open_store(settings).unit_of_work() as uow:
        back = [j.id for j in uow.jobs.unfinished()
                if j.status is JobStatus.RUNNING and j.worker == me
                and uow.jobs.release(j.id, me)]  # fmt: skip
        uow.workers.forget(me)
    return back


def queued_ahead(settings: Settings, job: Job) -> int:
    """How many jobs wait in the queue before ``job`` (sent earlier, not started yet)."""
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.count_queued_before(job.id)


def live_workers(settings: Settings) -> list[WorkerState]:
    """The workers heard from lately."""
    now = datetime.now()
    with open_store(settings).unit_of_work() as uow:
        return [w for w in uow.workers.all() if w.alive(now)]


def referenced_uploads(settings: Settings) -> set[Path]:
    """Uploads that jobs still need (unfinished) or keep (a finished analysis's kept clip)."""
    with open_store(settings).unit_of_work() as uow:
        jobs = uow.jobs.all()
    kept = (j for j in jobs if j.upload and j.status is not JobStatus.FAILED)
    return {settings.media / j.upload for j in kept}


def sweep_orphan_clips(settings: Settings, max_age_hours: float = STALE_AFTER_HOURS) -> list[Path]:
    """Remove uploaded clips no job needs or keeps, older than ``max_age_hours``."""
    folder = settings.media / "uploads" / "clips"
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
    _discard_files(settings, job)


def _fail(settings: Settings, job: Job, message: str, hint: str) -> Job | None:
    """Record why the job failed; only then remove its upload and any partial output."""
    with open_store(settings).unit_of_work() as uow:
        failed = uow.jobs.update_if_running(
            job.id, worker_name(), status=JobStatus.FAILED, message=message, hint=hint,
            finished_at=_now(),
        )  # fmt: skip
    if failed is not None:
        _discard_files(settings, job)
    return failed


def _discard_files(settings: Settings, job: Job) -> None:
    """Remove a failed job's upload and whatever part of its analysis was written."""
    discard(settings.media / job.upload if job.upload else None,
            analyses.analyses_dir(settings) / job.id)  # fmt: skip


def _progress_writer(settings: Settings, job: Job) -> Callable[[str, int, int], None]:
    last_stage, last_at = [""], [0.0]
    me = worker_name()

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < PROGRESS_EVERY_S and done < total:
            return
        last_stage[0], last_at[0] = stage, now
        with open_store(settings).unit_of_work() as uow:
            uow.jobs.update_if_running(job.id, me, stage=stage, done=done, total=total)

    return progress


@contextmanager
def _running_here(job_id: str) -> Iterator[None]:
    with _RUNNING_LOCK:
        _RUNNING_HERE.add(job_id)
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            _RUNNING_HERE.discard(job_id)
            if not _RUNNING_HERE:
                _IDLE_SINCE[0] = time.monotonic()


def _alive(uow: UnitOfWork, job: Job, now: datetime) -> bool:
    """Whether the process that runs ``job`` ("host:pid") still does: on this host, by its
    process (this one only while it runs the job); elsewhere, by its heartbeat (a host with no
    heartbeat runs its jobs itself and recovers them itself)."""
    name, _, pid = job.worker.rpartition(":")
    if name != socket.gethostname() or not pid.isdigit():
        state = uow.workers.get(job.worker)
        return state.alive(now) if state is not None else bool(name)
    if int(pid) == os.getpid():
        with _RUNNING_LOCK:
            return job.id in _RUNNING_HERE
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _relative(settings: Settings, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.media.resolve()))
    except ValueError:
        return str(path)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
