"""footwork worker as an operator starts it: without a queue it says what to set; with a
broker that does not answer it says so and keeps trying until it is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from footwork.cli.serve import free_port


def start_worker(home: Path, broker: str | None, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FOOTWORK_BROKER_URL"}
    env["FOOTWORK_HOME"] = str(home)
    if broker:
        env["FOOTWORK_BROKER_URL"] = broker
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "footwork", "worker"], env=env,
                                stdout=out, stderr=out)  # fmt: skip


def test_a_worker_without_a_queue_says_what_to_set(footwork_home: Path, tmp_path: Path):
    log = tmp_path / "worker.log"
    proc = start_worker(footwork_home, None, log)
    assert proc.wait(timeout=60) == 2
    said = log.read_text()
    assert "needs a job queue" in said and "FOOTWORK_BROKER_URL" in said
    assert "Traceback" not in said


def test_a_worker_whose_broker_does_not_answer_waits_and_stops_when_asked(
    footwork_home: Path, tmp_path: Path
):
    log = tmp_path / "worker.log"
    broker = f"redis://:secret@127.0.0.1:{free_port('127.0.0.1')}/0"
    proc = start_worker(footwork_home, broker, log)
    deadline = time.monotonic() + 60
    while "does not answer" not in log.read_text() and time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    said = log.read_text()
    assert "does not answer" in said and "secret" not in said and "Traceback" not in said


def test_a_worker_with_a_broker_it_cannot_use_is_refused(footwork_home: Path, tmp_path: Path):
    log = tmp_path / "worker.log"
    proc = start_worker(footwork_home, "kafka://127.0.0.1:9092", log)
    assert proc.wait(timeout=60) == 2
    assert "cannot use kafka://127.0.0.1:9092 as its job queue" in log.read_text()
