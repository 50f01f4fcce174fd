"""Background jobs as plain records: what was asked, how far it got, and how it ended.

A job outlives the process that runs it: it is stored, so a restart or another worker finds
the jobs that were cut off and runs them again from the kept upload. With a job queue, the
database stays the record: a queue message only says "job X wants running", so a message
lost or delivered twice loses or doubles nothing.

    queued ──> running ──> done
                  │   └──> failed         (the input cannot give a result; it says why)
                  └──> interrupted ──> queued (again, while attempts remain) | failed
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


class JobKind(StrEnum):
    CLIP_ANALYSIS = "clip-analysis"


# A job cut off by a crash is run again from its kept upload. Twice more is enough to survive
# an unlucky restart; a job that keeps taking the program down with it must not do so for ever.
MAX_ATTEMPTS = 3

# Files the person did not keep (unsaved photos, previews, downloads already sent) are removed
# when they are done with, and anything left behind by a crash is swept after a day: long
# enough for a page left open over lunch, short enough that health data does not pile up.
STALE_AFTER_HOURS = 24

# A job that failed stays listed with its reason for a week, so someone who left the page while
# it ran still learns what went wrong; after that only finished analyses are listed.
FAILED_LISTED_FOR_DAYS = 7


# Workers (``footwork worker``) write a heartbeat to the database every few seconds; one not
# seen for much longer than that is taken as gone (killed, or its machine lost), and the clip
# it was running is run again elsewhere. Fifteen seconds is five missed beats: a busy or
# briefly paused process is not mistaken for a dead one, and a clip waits little longer than
# a restart takes.
HEARTBEAT_EVERY_S = 3.0
WORKER_LOST_AFTER_S = 15.0

# A queued job whose message seems lost (the broker restarted and kept nothing, say) is sent
# again: by the web process at once when the first send failed, and by a worker that has been
# idle this long while the job still waits (an idle worker with prefetch 1 would have taken a
# message that was on the queue). A message sent twice is harmless: the second finds the job
# taken or done.
RESEND_AFTER_S = 10.0

# Upper bound on one clip analysis on a worker; a clip that takes longer has hung (the longest
# clip the upload limit admits takes a few minutes on two cores).
JOB_TIME_LIMIT_S = 3600


@dataclass(frozen=True)
class WorkerState:
    """A worker process as its last heartbeat left it."""

    name: str  # "host:pid"
    started_at: datetime
    seen_at: datetime
    job_id: str | None = None  # the job it is running, if any

    def alive(self, now: datetime) -> bool:
        return (now - self.seen_at).total_seconds() < WORKER_LOST_AFTER_S


@dataclass(frozen=True)
class Job:
    id: str
    kind: JobKind
    status: JobStatus = JobStatus.QUEUED
    person: str | None = None
    file_name: str = ""  # the user's own name for the upload
    upload: str = ""  # where the kept upload is, relative to the footwork home
    params: dict[str, Any] = field(default_factory=dict)
    stage: str = ""
    done: int = 0
    total: int = 0
    message: str = ""
    hint: str = ""
    result: str = ""  # where the result is, relative to the footwork home
    attempts: int = 0
    worker: str = ""  # who runs it ("host:pid"), so a restart knows which jobs were cut off
    dispatched_at: datetime | None = None  # last sent to the job queue (None: not yet)
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    reviewed_at: datetime | None = None  # when the athlete's coach first opened the result

    @property
    def fraction(self) -> float:
        if self.status is JobStatus.DONE:
            return 1.0
        return self.done / self.total if self.total else 0.0
