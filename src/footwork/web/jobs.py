"""Background jobs for long analyses: a small thread pool and an in-memory table the pages poll.

A job is a plain function that takes a progress callback; the registry runs it off the request,
records its stage and progress, and keeps the error message if it fails. Results that matter
are written to disk by the job itself, so they outlive the process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from footwork.errors import FootworkError

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
STAGES = {"pose": "Finding the body in each frame", "video": "Drawing the annotated video"}


@dataclass(frozen=True)
class Job:
    id: str
    status: str = "queued"  # queued | running | done | failed
    stage: str = ""
    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


class JobRegistry:
    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="footwork-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(self, job_id: str, work: Callable[[Progress], Any]) -> Job:
        job = self._set(Job(job_id))
        self._pool.submit(self._run, job_id, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _set(self, job: Job) -> Job:
        with self._lock:
            self._jobs[job.id] = job
        return job

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _run(self, job_id: str, work: Callable[[Progress], Any]) -> None:
        self._update(job_id, status="running", stage="Starting")

        def progress(stage: str, done: int, total: int) -> None:
            self._update(job_id, stage=STAGES.get(stage, stage), done=done, total=total)

        try:
            work(progress)
        except FootworkError as exc:
            self._update(job_id, status="failed", message=str(exc))
        except Exception:
            log.exception("analysis job %s failed", job_id)
            self._update(
                job_id, status="failed", message="The analysis stopped with an internal error."
            )
        else:
            self._update(job_id, status="done", stage="Finished", done=1, total=1)
