"""The embedded job runner: a small thread pool in the server process that runs stored jobs.

Jobs are recorded in the database (``services.jobs``), so their progress and outcome outlive
the process; on start-up the runner takes up the jobs a crash cut off. A real queue can later
run the same records in a separate worker.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from starlette.concurrency import run_in_threadpool

from footwork.config import Settings
from footwork.domain.jobs import Job, JobStatus
from footwork.services import jobs, user_files

log = logging.getLogger(__name__)
SWEEP_EVERY_S = 3600.0  # stale files are looked for at start-up and then every hour
STAGES = {"pose": "Finding the body in each frame", "video": "Drawing the annotated video"}


def stage_text(job: Job) -> str:
    """The job's stage in the page's words."""
    if job.status is JobStatus.QUEUED:
        return "Waiting to start"
    if job.status is JobStatus.INTERRUPTED:
        return "Interrupted; starting again"
    if job.status is JobStatus.DONE:
        return "Finished"
    if job.status is JobStatus.FAILED:
        return "Stopped"
    return STAGES.get(job.stage, job.stage) or "Starting"


class JobRunner:
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

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str) -> None:
        try:
            jobs.run(self._settings, job_id)
        except Exception:  # the database itself failed; the job stays unfinished for recovery
            log.exception("could not run job %s", job_id)


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
