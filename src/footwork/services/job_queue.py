"""The job queue: clip analyses sent to Redis or RabbitMQ and run by ``footwork worker``
processes on any machine that shares the database and the media folder.

Dramatiq carries the messages and acknowledges one only after its job ran, so a worker killed
mid-clip leaves its message to be delivered again. The message holds nothing but the job's id:
the database record says what to run and who runs it (``services.jobs``), so a message
delivered twice, or lost with a broker that kept nothing, costs no result and doubles none.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import dramatiq
import pika
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from redis import Redis

from footwork.config import Settings
from footwork.domain.jobs import JOB_TIME_LIMIT_S, WORKER_LOST_AFTER_S
from footwork.errors import InvalidInput
from footwork.services import jobs

log = logging.getLogger(__name__)
QUEUE_NAME = "footwork-jobs"
ACTOR_NAME = "footwork_run_job"
BROKER_SCHEMES = {"redis": "Redis", "rediss": "Redis", "amqp": "RabbitMQ", "amqps": "RabbitMQ"}
# A job's own failures (a bad clip, say) are recorded on the job and never retried by the
# queue; these retries are for the database being briefly out of reach while a job starts.
RETRIES = 3
RETRY_BACKOFF_MS = (2_000, 30_000)


def broker_kind(url: str) -> str:
    """The broker a URL names ("Redis" or "RabbitMQ"); anything else is refused."""
    kind = BROKER_SCHEMES.get(urlsplit(url).scheme)
    if kind is None:
        raise InvalidInput(
            f"footwork cannot use {safe_url(url)} as its job queue.",
            hint="Give a Redis URL (redis://HOST:6379/0) or a RabbitMQ URL "
            "(amqp://USER:PASSWORD@HOST:5672/).",
        )
    return kind


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return parts._replace(netloc=f"{parts.username}:***@{host}{port}").geturl()


class JobQueue:
    """The queue at ``settings.broker_url``: send jobs to it, or run a worker on it."""

    def __init__(self, settings: Settings, run: Callable[[Settings, str], object] = jobs.run):
        if not settings.broker_url:
            raise InvalidInput("No job queue is set.", hint="Set FOOTWORK_BROKER_URL.")
        self.settings = settings
        self.url = settings.broker_url
        self.kind = broker_kind(self.url)
        self.broker = _broker(self.url)
        self._down = False
        self._lock = threading.Lock()  # the RabbitMQ broker's connection is per thread; the
        # Redis client is shared, and sends are rare: one at a time is plenty

        def run_job(job_id: str) -> None:
            run(settings, job_id)

        self.actor = dramatiq.actor(
            broker=self.broker,
            actor_name=ACTOR_NAME,
            queue_name=QUEUE_NAME,
            max_retries=RETRIES,
            min_backoff=RETRY_BACKOFF_MS[0],
            max_backoff=RETRY_BACKOFF_MS[1],
            time_limit=JOB_TIME_LIMIT_S * 1000,
        )(run_job)

    def send(self, job_id: str) -> bool:
        """Put the job on the queue; False when the broker cannot be reached."""
        try:
            with self._lock:
                self.actor.send(job_id)
        except Exception as exc:  # any broker or network failure: the job waits, unsent
            if not self._down:  # said once per outage, not at every try
                log.warning(
                    "the %s queue at %s does not answer (%s); jobs wait, recorded, and are "
                    "sent when it is back", self.kind, safe_url(self.url), exc,
                )  # fmt: skip
            self._down = True
            return False
        if self._down:
            log.warning("the %s queue at %s answers again", self.kind, safe_url(self.url))
        self._down = False
        return True

    def reachable(self) -> bool:
        """Whether the broker answers now."""
        try:
            if isinstance(self.broker, RedisBroker):
                self.broker.client.ping()
            elif isinstance(self.broker, RabbitmqBroker):
                pika.BlockingConnection(self.broker.parameters).close()
        except Exception:
            return False
        return True

    def worker(self, threads: int = 1) -> dramatiq.Worker:
        """A Dramatiq worker on this queue, not started. It takes one message per thread at a
        time (no prefetching), so a waiting clip goes to whichever worker is free first."""
        worker = dramatiq.Worker(self.broker, queues={QUEUE_NAME}, worker_threads=threads)
        worker.queue_prefetch = threads
        return worker

    def close(self) -> None:
        self.broker.close()


def _broker(url: str) -> dramatiq.Broker:
    if broker_kind(url) == "Redis":
        client = Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        # Dramatiq hands a dead worker's unacknowledged messages to others once its broker
        # heartbeat is this old; footwork's own heartbeats in the database do the same.
        return RedisBroker(client=client, heartbeat_timeout=int(WORKER_LOST_AFTER_S * 1000))
    return RabbitmqBroker(url=url, confirm_delivery=True)
