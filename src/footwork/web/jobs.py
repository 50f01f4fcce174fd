"""Who runs the clip analyses the pages start: a small thread pool in this process (the
embedded default), or, with a job queue set, the workers behind it.

Jobs are recorded in the database (``services.jobs``) either way, so their progress and
outcome outlive the process; on start-up the pool takes up the jobs a crash cut off, and
with a queue the workers do. With a queue this process never runs the pose model: it only
sends jobs, and every few seconds sends again those it could not send while the broker was
down.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from footwork.config import Settings
from footwork.domain.jobs import HEARTBEAT_EVERY_S, Job, JobStatus
from footwork.services import jobs, user_files

if TYPE_CHECKING:
    from footwork.services.job_queue import JobQueue

log = logging.getLogger(__name__)
SWEEP_EVERY_S = 3600.0  # stale files are looked for at start-up and then every hour
STAGES = {"pose": "Finding the body in each frame", "video": "Drawing the annotated video"}
NO_WORKER = "Waiting for a worker (none is running just now)"


def stage_text(job: Job, waiting: str = "Waiting to start") -> str:
    """The job's stage in the page's words; ``waiting`` says why a queued job waits."""
    if job.status is JobStatus.QUEUED:
        return waiting
    if job.status is JobStatus.INTERRUPTED:
        return "Interrupted; starting again"
    if job.status is JobStatus.DONE:
        return "Finished"
    if job.status is JobStatus.FAILED:
        return "Stopped"
    return STAGES.get(job.stage, job.stage) or "Starting"


class JobRunner:
    """Runs jobs in this process, on a small thread pool (no job queue set)."""

    def __init__(self, settings: Settings, workers: int = 1) -> None:
        self._settings = settings
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="footwork-job")

    def submit(self, job_id: str) -> None:
        self._pool.submit(self._run, job_id)

    def recover(self) -> list[str]:
        """Run again the jobs a crash or a kill cut off; their ids."""
        again = jobs.recover(self._settings)
        for job_id in again:
            self.submit(job_id)
        return again

    def look_after(self) -> None:
        """Nothing to do between jobs: the pool holds every job it was given."""

    def waiting_text(self, job: Job) -> str:
        return "Waiting to start"

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str) -> None:
        try:
            jobs.run(self._settings, job_id)
        except Exception:  # the database itself failed; the job stays unfinished for recovery
            log.exception("could not run job %s", job_id)


class QueuedJobs:
    """Sends jobs to the job queue; the workers behind it run them."""

    def __init__(self, settings: Settings) -> None:
        from footwork.services.job_queue import JobQueue

        self._settings = settings
        self._queue: JobQueue = JobQueue(settings)

    def submit(self, job_id: str) -> None:
        """Send the job; if the broker is down it waits, recorded, and goes with the next look."""
        jobs.dispatch(self._settings, self._queue, [job_id])

    def recover(self) -> list[str]:
        """Send the jobs that wait unsent, and put back those of workers that are gone."""
        return jobs.dispatch(self._settings, self._queue, jobs.reconcile(self._settings))

    def look_after(self) -> None:
        try:
            self.recover()
        except Exception:  # the database is out of reach: try again next time
            log.exception("sending the waiting jobs failed")

    def waiting_text(self, job: Job) -> str:
        """Why a queued job waits: for a worker; whether any is running, and how many clips
        are before this one."""
        try:
            alive = jobs.live_workers(self._settings)
            ahead = jobs.queued_ahead(self._settings, job) if alive else 0
        except Exception:
            return "Waiting for a worker"
        if not alive:
            return NO_WORKER
        if ahead:
            return (
                f"Waiting for a worker ({ahead} {'clip' if ahead == 1 else 'clips'} before yours)"
            )
        return "Waiting for a worker"

    def shutdown(self) -> None:
        self._queue.close()


Runner = JobRunner | QueuedJobs


def job_runner(settings: Settings) -> Runner:
    """The queue's sender when a job queue is set, else the thread pool."""
    return QueuedJobs(settings) if settings.broker_url else JobRunner(settings, workers=1)


async def look_after_every(runner: Runner, every_s: float = HEARTBEAT_EVERY_S) -> None:
    """Send waiting jobs again every few seconds while the server runs."""
    while True:
        await asyncio.sleep(every_s)
        await run_in_threadpool(runner.look_after)


def sweep(settings: Settings) -> None:
    """Remove files nobody kept that are over a day old (a crash, an abandoned page)."""
    try:
        removed = user_files.sweep(settings) + jobs.sweep_orphan_clips(settings)
    except Exception:  # a sweep that fails must not stop the server
        log.exception("sweeping stale files failed")
        return
    if removed:
        log.info("removed %d stale files", len(removed))


async def sweep_every(settings: Settings, every_s: float = SWEEP_EVERY_S) -> None:
    """Sweep again every ``every_s`` seconds while the server runs (start-up sweeps first)."""
    while True:
        await asyncio.sleep(every_s)
        await run_in_threadpool(sweep, settings)
