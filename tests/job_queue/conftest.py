"""The job-queue tests run real footwork processes on a real broker: Redis when
FOOTWORK_TEST_REDIS_URL is set, RabbitMQ when FOOTWORK_TEST_AMQP_URL is set (.ci/run sets both
where the machine has them), each with SQLite and PostgreSQL (the ``database_url`` fixture).

Each test has a broker to itself. On Redis it claims one of the databases from the URL's
number up to 15 (a claim key with an expiry) and empties it before and after. On RabbitMQ,
where guest cannot make a virtual host, the tests take turns (a lock file) and empty footwork's
queues before and after.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from queue_support import Team, team_env

from footwork.services.job_queue import QUEUE_NAME

REDIS_ENV = "FOOTWORK_TEST_REDIS_URL"
AMQP_ENV = "FOOTWORK_TEST_AMQP_URL"
BROKERS = {
    "redis": (REDIS_ENV, "redis://127.0.0.1:6379/8"),
    "rabbitmq": (AMQP_ENV, "amqp://guest:guest@127.0.0.1:5672/"),
}
LAST_REDIS_DB = 15
CLAIM_KEY = "footwork-test:claimed"
CLAIM_S = 600  # a test that dies without cleaning up frees its database after this long
WAIT_FOR_BROKER_S = 300


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "broker" in metafunc.fixturenames:
        metafunc.parametrize("broker", list(BROKERS))


@pytest.fixture
def broker_url(broker: str) -> Iterator[str]:
    """A broker for this test alone, emptied before and after; skips with the reason when
    the machine has none."""
    env, example = BROKERS[broker]
    url = os.environ.get(env)
    if not url:
        pytest.skip(f"no {broker}: set {env} (e.g. {example}) to run the job-queue tests on it")
    if broker == "redis":
        yield from _redis_db(url)
    else:
        yield from _rabbitmq(url)


@pytest.fixture
def team(database_url: str, broker_url: str, footwork_home: Path, tmp_path: Path) -> Iterator[Team]:
    """Settings for a web app and workers on this test's database and broker, with a media
    folder apart from the home folder; every process started is ended at teardown."""
    media = tmp_path / "media"
    env = team_env(footwork_home, database_url, broker_url, media)
    crew = Team(env=env, logs=tmp_path / "logs", media=media)
    try:
        yield crew
    finally:
        crew.stop()


def _redis_db(url: str) -> Iterator[str]:
    import redis

    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    token = uuid.uuid4().hex
    deadline = time.monotonic() + WAIT_FOR_BROKER_S
    while True:
        for db in range(first, LAST_REDIS_DB + 1):
            client = redis.Redis.from_url(urlunsplit(parts._replace(path=f"/{db}")))
            try:
                claimed = client.set(CLAIM_KEY, token, nx=True, ex=CLAIM_S)
            except redis.RedisError as exc:
                client.close()
                pytest.skip(f"Redis at {url} ({REDIS_ENV}) does not answer: {exc}")
            if claimed:
                _empty_but_claim(client)
                try:
                    yield urlunsplit(parts._replace(path=f"/{db}"))
                finally:
                    _empty_but_claim(client)
                    client.delete(CLAIM_KEY)
                    client.close()
                return
            client.close()
        if time.monotonic() > deadline:
            pytest.fail(f"every Redis database from {first} to {LAST_REDIS_DB} stayed claimed")
        time.sleep(1)


def _empty_but_claim(client) -> None:  # type: ignore[no-untyped-def]
    for key in client.scan_iter(count=500):
        if key != CLAIM_KEY.encode():
            client.delete(key)


def _rabbitmq(url: str) -> Iterator[str]:
    import pika
    from pika.exceptions import AMQPError

    try:
        pika.BlockingConnection(pika.URLParameters(url)).close()
    except AMQPError as exc:
        pytest.skip(f"RabbitMQ at {url} ({AMQP_ENV}) does not answer: {exc!r}")
    lock = Path(tempfile.gettempdir()) / "footwork-test-rabbitmq.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # one test at a time on the shared queues
        _purge(url)
        try:
            yield url
        finally:
            _purge(url)


def _purge(url: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        for name in _queue_names():
            try:
                channel.queue_purge(name)
            except pika.exceptions.ChannelClosedByBroker:  # not declared yet
                channel = connection.channel()
    finally:
        connection.close()


def _queue_names() -> list[str]:
    """footwork's queues and Dramatiq's delay and dead-letter queues beside each."""
    names = [QUEUE_NAME]
    return [q for name in names for q in (name, f"{name}.DQ", f"{name}.XQ")]
