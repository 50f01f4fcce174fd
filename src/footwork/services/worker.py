"""A worker process: takes clip analyses from the job queue and runs them, while it beats its
heartbeat into the database and looks after the jobs others left behind.

Every few seconds a worker records that it lives; puts back in the queue the jobs of workers
that stopped beating (killed, or their machine lost) and sends the jobs that were never sent
(the broker was down when they were uploaded); and, when it has been idle a while although jobs
wait, sends those again (their messages were lost, say with a broker that kept nothing).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from footwork.config import Settings
from footwork.domain.jobs import HEARTBEAT_EVERY_S, JOB_TIME_LIMIT_S, RESEND_AFTER_S
from footwork.services import jobs
from footwork.services.job_queue import JobQueue, safe_url

log = logging.getLogger(__name__)
BROKER_RETRY_S = 5.0


@dataclass
class Stop:
    """How a worker is asked to stop: ``finish`` after the clips in hand, or ``now`` (the clips
    in hand go back to the queue for another worker)."""

    finish: threading.Event = field(default_factory=threading.Event)
    now: threading.Event = field(default_factory=threading.Event)

    def ask(self) -> None:
        """First ask: finish; second: now."""
        (self.now if self.finish.is_set() else self.finish).set()


def run_worker(
    settings: Settings,
    stop: Stop,
    *,
    threads: int = 1,
    say: Callable[[str], None] = print,
) -> bool:
    """Run clip analyses from the queue until ``stop`` is asked. True when a clip was left
    unfinished in a thread of this process (stopped at once): the process should then end
    without waiting for that thread."""
    queue = JobQueue(settings)
    if not queue.reachable():
        say(f"The {queue.kind} queue at {safe_url(queue.url)} does not answer; trying again "
            f"every {BROKER_RETRY_S:g} s.")  # fmt: skip
        while not queue.reachable():
            if stop.finish.wait(BROKER_RETRY_S):
                return False
    worker = queue.worker(threads)
    jobs.beat(settings)
    worker.start()
    say(f"Worker {jobs.worker_name()} is ready: it takes clips from the {queue.kind} queue "
        f"at {safe_url(queue.url)}, reads them from {settings.media} and records results in "
        f"{safe_url(settings.resolved_database_url)}.")  # fmt: skip
    while not stop.finish.wait(HEARTBEAT_EVERY_S):
        look_after(settings, queue)
    if jobs.running_here():
        say("Finishing the clip in hand; stop again to leave it to another worker.")
    stopping = threading.Thread(target=worker.stop, args=(JOB_TIME_LIMIT_S * 1000,), daemon=True)
    stopping.start()
    while stopping.is_alive() and not stop.now.wait(HEARTBEAT_EVERY_S):
        _beat(settings)
    handed_back = jobs.leave(settings)
    jobs.dispatch(settings, queue, handed_back)
    if handed_back:
        say(f"Handed back {len(handed_back)} unfinished clip(s) to the queue.")
    queue.close()
    say(f"Worker {jobs.worker_name()} stopped.")
    return stopping.is_alive()


def look_after(settings: Settings, queue: JobQueue) -> None:
    """One round of housekeeping: heartbeat, jobs of lost workers, jobs waiting unsent."""
    if not _beat(settings):
        return
    try:
        idle = jobs.idle_for_s()
        resend = RESEND_AFTER_S if idle >= RESEND_AFTER_S else None
        jobs.dispatch(settings, queue, jobs.reconcile(settings, resend_after_s=resend))
    except Exception:  # the database or the broker is out of reach: try again next round
        log.exception("looking after the waiting jobs failed")


def _beat(settings: Settings) -> bool:
    try:
        jobs.beat(settings)
    except Exception:
        log.exception("could not record this worker's heartbeat")
        return False
    return True
