"""Real footwork processes for the job-queue tests: a web app (``footwork serve``) and workers
(``footwork worker``) sharing one database, one broker and one media folder, each a subprocess
logging to its own file. ``Team.stop`` ends every process it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from sqlalchemy import create_engine, text

from footwork.cli.serve import free_port

START_S = 90.0  # a process that has not answered by then will not


@dataclass
class Process:
    name: str
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} ({self.log}) ---\n" + "\n".join(text.splitlines()[-lines:])


def team_env(home: Path, database_url: str, broker_url: str, media: Path) -> dict[str, str]:
    """This environment less any FOOTWORK_ setting, plus the four a team shares."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTWORK_")}
    env.update(FOOTWORK_HOME=str(home), FOOTWORK_DATABASE_URL=database_url,
               FOOTWORK_BROKER_URL=broker_url, FOOTWORK_MEDIA_DIR=str(media))  # fmt: skip
    return env


@dataclass
class Team:
    """The processes of one test, all on the same settings (``env``)."""

    env: dict[str, str]
    logs: Path
    media: Path
    processes: list[Process] = field(default_factory=list)
    base: str = ""

    def start(self, name: str, *args: str) -> Process:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:  # a file, not a pipe: a full pipe would block the program
            proc = subprocess.Popen(
                [sys.executable, "-m", "footwork", *args],
                env=self.env, stdout=out, stderr=out, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        started = Process(name, proc, log)
        self.processes.append(started)
        return started

    def serve(self) -> Process:
        """Start the web app on a free loopback port; return once it answers."""
        port = free_port("127.0.0.1")
        self.base = f"http://127.0.0.1:{port}"
        web = self.start("web", "serve", "--port", str(port), "--no-browser")
        self.wait(lambda: _answers(f"{self.base}/api/exercises"), "the web app to answer", START_S)
        return web

    def worker(self, name: str) -> Process:
        """Start a worker; return once it says it is ready."""
        worker = self.start(name, "worker")
        self.wait(lambda: "ready" in worker.log.read_text(errors="replace"),
                  f"{name} to say it is ready", START_S)  # fmt: skip
        return worker

    def wait(self, condition: Callable[[], Any], what: str, timeout: float) -> Any:
        """Poll ``condition`` until it gives something true; fail (with the logs) when a
        process ends on its own or after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            got = condition()
            if got:
                return got
            for p in self.processes:
                if p.proc.poll() is not None and p.proc.returncode != -signal.SIGKILL:
                    self.fail(f"{p.name} ended (code {p.proc.returncode}) while waiting for {what}")
            if time.monotonic() > deadline:
                self.fail(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.05)

    def fail(self, message: str) -> None:
        pytest.fail(message + "\n" + "\n".join(p.tail() for p in self.processes))

    def job(self, job_id: str) -> dict[str, Any]:
        r = httpx.get(f"{self.base}/api/jobs/{job_id}", timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    def submit(self, clip: Path, exercise: str = "squat") -> str:
        """Upload ``clip`` for analysis; the job id."""
        with clip.open("rb") as f:
            r = httpx.post(f"{self.base}/api/analyses", files={"file": (clip.name, f)},
                           data={"exercise": exercise}, timeout=60)  # fmt: skip
        assert r.status_code == 202, r.text
        return str(r.json()["id"])

    def owner(self, worker: str) -> Process:
        """The started process that is, or is the parent of, the process named ``worker``
        ("host:pid") on a job."""
        pid = int(worker.rpartition(":")[2])
        while pid > 1:
            for p in self.processes:
                if p.pid == pid:
                    return p
            pid = _parent(pid)
        self.fail(f"no process of this test runs the job (worker {worker!r})")
        raise AssertionError  # pytest.fail raised already

    def stop(self) -> None:
        """End every process still running: politely, then with SIGKILL."""
        for p in self.processes:
            if p.proc.poll() is None:
                p.proc.terminate()
        deadline = time.monotonic() + 20
        for p in self.processes:
            try:
                p.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.proc.kill()
                p.proc.wait(timeout=30)


def kill_9(p: Process, pid: int | None = None) -> None:
    """SIGKILL the process ``pid`` (default: ``p`` itself), which must still be running."""
    assert p.proc.poll() is None, f"{p.name} must still run when it is killed"
    os.kill(pid or p.pid, signal.SIGKILL)
    if pid in (None, p.pid):
        assert p.proc.wait(timeout=30) == -signal.SIGKILL


def rows(database_url: str, query: str, **params: Any) -> list[tuple]:
    """What ``query`` finds in the test's database, read on a connection of its own."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(query), params)]
    finally:
        engine.dispose()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rpartition(")")[2].split()[1])
