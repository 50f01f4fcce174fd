"""footwork worker: run clip analyses from the job queue (FOOTWORK_BROKER_URL)."""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import Annotated

import typer

from footwork.cli.common import settings
from footwork.cli.output import err_console
from footwork.errors import InvalidInput


def worker(
    threads: Annotated[
        int,
        typer.Option(
            min=1,
            max=16,
            help="Clips analysed at once by this process. Each takes about one core; start "
            "more worker processes rather than more threads to use more cores.",
        ),
    ] = 1,
) -> None:
    """Analyse uploaded clips taken from the job queue, until stopped.

    Start as many as the machines have cores to spare, on this or other machines that share
    the database (FOOTWORK_DATABASE_URL), the queue (FOOTWORK_BROKER_URL) and the media folder
    (FOOTWORK_MEDIA_DIR). Ctrl-C or SIGTERM finishes the clip in hand and stops; a second one
    stops at once and leaves that clip to another worker.
    """
    from footwork.services.worker import Stop, run_worker

    config = settings()
    if not config.broker_url:
        raise InvalidInput(
            "A worker needs a job queue, and none is set.",
            hint="Set FOOTWORK_BROKER_URL to a Redis (redis://HOST:6379/0) or RabbitMQ "
            "(amqp://USER:PASSWORD@HOST:5672/) URL, the same one the web app uses.",
        )
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    stop = Stop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.ask())
    say = err_console().print
    if run_worker(config, stop, threads=threads, say=lambda text: say(text, markup=False)):
        # A clip was left mid-way (handed back to the queue): end now, without waiting for
        # the pose model's own threads, which would abort the interpreter's exit.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("worker")(worker)
