"""Writes are transactional: killing footwork mid-write never leaves half an import or a
broken database, and a killed coached session keeps every set finished before the kill.

These run the real program in a subprocess on the embedded SQLite database and SIGKILL it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Method, NewMeasurement
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Side
from footwork.domain.units import Unit
from footwork.services import measurements, sessions, transfer
from footwork.services.store import close_all

BULK = 100_000
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def footwork(home: Path, *args: str, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FOOTWORK_DATABASE_URL"}
    env["FOOTWORK_HOME"] = str(home)
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would block the program
        return subprocess.Popen(
            [sys.executable, "-m", "footwork", *args], env=env, stdout=out, stderr=out
        )


def wait_for(condition, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    """Poll until ``condition()`` holds while ``proc`` still runs; fail if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"footwork ended (code {proc.returncode}) before the kill:\n"
                        + log.read_text(errors="replace"))  # fmt: skip
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("timed out waiting for footwork to start writing")
        time.sleep(0.01)


def kill(proc: subprocess.Popen) -> None:
    assert proc.poll() is None, "the program must still be running when it is killed"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def sql(db: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def table_count(db: Path, table: str) -> int:
    try:
        return sql(db, f"SELECT count(*) FROM {table}")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def write_big_export(path: Path, n: int) -> None:
    t0 = datetime(2020, 1, 1, 6, 0)
    doc = {
        "format": "footwork-export",
        "version": 1,
        "exported_at": "2026-11-25T00:00:00",
        "people": [
            {
                "uid": "bulk-person",
                "name": "bulk",
                "created_at": "2020-01-01T00:00:00",
                "measurements": [
                    {
                        "uid": f"bulk-{i:07d}",
                        "kind": "big-toe-extension",
                        "side": "left" if i % 2 else "right",
                        "value": 40 + (i % 50) * 0.5,
                        "unit": "deg",
                        "method": "goniometer",
                        "taken_at": (t0 + timedelta(minutes=i)).isoformat(),
                    }
                    for i in range(n)
                ],
            }
        ],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")


def add_earlier_data(settings: Settings) -> None:
    measurements.record(
        settings,
        [
            NewMeasurement(MeasureKind.BIG_TOE_EXTENSION, Side.LEFT, 48, Unit.DEG,
                           Method.GONIOMETER, datetime(2026, 11, 1, 7)),
            NewMeasurement(MeasureKind.LUNGE_DISTANCE, Side.RIGHT, 11, Unit.CM, Method.TAPE,
                           datetime(2026, 11, 1, 7, 5)),
        ],
    )  # fmt: skip
    sessions.record_session(
        settings,
        SessionLog(datetime(2026, 11, 1, 8), sets=[SetLog("outward-roll", Side.LEFT, None, 5, 5)]),
    )
    close_all()  # the test holds no connection while footwork runs


def earlier_data(settings: Settings) -> tuple:
    return (
        [(m.kind, m.side, m.value) for m in measurements.list_all(settings, "me")],
        [(s.started_at, len(s.sets)) for s in sessions.list_sessions(settings, "me")],
    )


@pytest.mark.slow
def test_an_import_killed_mid_write_stores_all_or_nothing(footwork_home, tmp_path):
    settings = Settings(home=footwork_home)
    add_earlier_data(settings)
    before = earlier_data(settings)
    close_all()
    db, wal = footwork_home / "footwork.sqlite3", footwork_home / "footwork.sqlite3-wal"
    big = tmp_path / "big.json"
    write_big_export(big, BULK)
    log = tmp_path / "import.log"

    proc = footwork(footwork_home, "import", str(big), log=log)
    # Writing has begun once the write-ahead log holds more than a megabyte of new pages.
    wait_for(lambda: wal.exists() and wal.stat().st_size > 1_000_000, proc, log)
    kill(proc)

    assert sql(db, "PRAGMA integrity_check") == [("ok",)]
    assert table_count(db, "measurement") in (2, 2 + BULK)  # never part of the import
    assert sql(db, "SELECT count(*) FROM person WHERE name = 'bulk'")[0][0] in (0, 1)
    assert earlier_data(settings) == before

    result = transfer.import_file(settings, big)  # a second import works and completes it

    assert result.new["measurements"] + result.duplicate["measurements"] == BULK
    assert table_count(db, "measurement") == 2 + BULK
    assert sql(db, "SELECT count(DISTINCT uid) FROM measurement")[0][0] == 2 + BULK
    assert earlier_data(settings) == before
    close_all()
    assert sql(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.slow
def test_a_coached_session_killed_midway_keeps_every_finished_set(footwork_home, tmp_path):
    settings = Settings(home=footwork_home)
    add_earlier_data(settings)
    db = footwork_home / "footwork.sqlite3"
    log = tmp_path / "coach.log"
    today_sets = "SELECT count(*) FROM set_log WHERE session_id = (SELECT max(id) FROM session_log)"

    proc = footwork(
        footwork_home, "coach", "--auto", "--time-scale", "0.02", "--effort", "5", "--pain", "1",
        "--note", "kill test", log=log,
    )  # fmt: skip
    wait_for(lambda: table_count(db, "session_log") == 2 and sql(db, today_sets)[0][0] >= 2,
             proc, log)  # fmt: skip
    seen = sql(db, today_sets)[0][0]
    kill(proc)

    assert sql(db, "PRAGMA integrity_check") == [("ok",)]
    *_, killed = sessions.list_sessions(settings)
    assert killed.ended_at is None  # it never finished
    assert seen <= len(killed.sets) < 7
    expected = [("outward-roll", "left", None), ("outward-roll", "right", None),
                ("heel-circle", "left", "clockwise"), ("heel-circle", "left", "counter-clockwise"),
                ("heel-circle", "right", "clockwise")]  # fmt: skip
    got = [(s.exercise, s.side and s.side.value, s.direction and s.direction.value)
           for s in killed.sets]  # fmt: skip
    assert got == expected[: len(got)]
    for s in killed.sets:  # each stored set is a whole, finished set with its rating
        assert (s.reps_done, s.reps_target, s.completed) == (5, 5, True)
        assert (s.effort, s.pain, s.note) == (5, 1, "kill test")
    assert earlier_data(settings)[0] == [
        (MeasureKind.BIG_TOE_EXTENSION, Side.LEFT, 48.0),
        (MeasureKind.LUNGE_DISTANCE, Side.RIGHT, 11.0),
    ]
