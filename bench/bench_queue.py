"""Clip analyses on the job queue: 20 clips at once with 1 worker, then 2, same run.

    .venv/bin/python bench/bench_queue.py [--media ../shared/media]
        [--broker redis://127.0.0.1:6379/7] [--database-url postgresql://...]
        [--workers 1,2] [--page-rate 4] [--timeout 900]

Each round is real processes on loopback: a fresh FOOTWORK_HOME (media folder inside it),
``footwork serve`` on a free port, N ``footwork worker`` processes (started and "ready"
before the clock starts), all sharing the broker and the database. 20 clips of
``../shared/media`` whose human count is known (17 squat clips, the kettlebell heel raises,
and two clips that must count no squat) are posted at once to ``POST /api/analyses``, each
with its exercise; the clock runs from the first post until every job is done or failed.
Meanwhile one client asks for real pages (``/``, ``/check``, ``/progress`` and a job's
``/check/ID``) at a steady rate, one after another, to time the web app under load.

The broker database is emptied before each round: give a Redis database nothing else uses
(default 7; the tests use 8-15). The database is SQLite in the home folder, or with
``--database-url postgresql://...`` a fresh schema per round, created and dropped here.

Prints per round: clips per minute, time to the first and to the last result, page latency
p50/p95 (and the slowest), the workers' CPU seconds per clip (steadier than wall time on
a shared machine), errors (non-2xx answers, failed or unfinished jobs, counts that
differ from the human count: all must be 0), jobs that needed more than one attempt, and the
load average; then clips per minute of the last round against the first.
``--timeout`` bounds each round: what has not finished by then is counted as an error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from machine import load_average, stop
from media_truth import TRUTH  # bench/ is on the path when a benchmark runs

from footwork.cli.serve import free_port

ROOT = Path(__file__).resolve().parents[1]
# 20 clips with a single human count: all but the calves-only heel raises (no count), the ankle
# rocks, the jumping jacks and the two people walking.
LEFT_OUT = {
    "heel-raise/heel_raise_rear_edited.mp4", "lunge/ankle_rocks_split_stance.mp4",
    "negative/jumping_jacks_webcam.mp4", "negative/multi_person_walk_jump.mp4",
}  # fmt: skip
CLIPS: dict[str, tuple[str, int]] = {
    clip: (exercise, count)
    for clip, (exercise, count) in TRUTH.items()
    if clip not in LEFT_OUT and count is not None
}
PAGES = ("/", "/check", "/progress")
START_TIMEOUT_S = 180.0  # a server or worker not answering by then fails the round
POLL_EVERY_S = 0.5  # job states are read this often (times are good to about this)
FINISHED = {"done", "failed"}


# HTTP, with the standard library only -------------------------------------------------------


class Client:
    """A fresh loopback connection per request, as a browser opening a page would often have."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body or None, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def json(self, method: str, path: str, payload: object) -> tuple[int, bytes]:
        body = json.dumps(payload).encode()
        return self.request(method, path, body, {"Content-Type": "application/json"})

    def upload(self, clip: Path, exercise: str) -> tuple[int, bytes]:
        """POST /api/analyses as multipart form data: the clip and its exercise."""
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="exercise"\r\n\r\n'
            f"{exercise}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{clip.name}"\r\nContent-Type: video/mp4\r\n\r\n'.encode(),
            clip.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", "/api/analyses", b"".join(parts), headers)


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds of a running process, all its threads (Linux /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:  # it has exited (its exit code is reported as an error)
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# Processes ----------------------------------------------------------------------------------


@dataclass
class Round:
    """One round's processes and environment."""

    home: Path
    env: dict[str, str]
    port: int
    logs: list[Path] = field(default_factory=list)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)  # exit codes, once stopped

    def worker_cpu_s(self) -> float:
        """CPU seconds the workers have used so far."""
        return sum(_cpu_s(p.pid) for p in self.procs[1:])

    def start(self, name: str, *args: str) -> Path:
        log = self.home / f"{name}.log"
        with log.open("wb") as out:
            self.procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "footwork", *args],
                    env=self.env,
                    cwd=self.home,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        self.logs.append(log)
        return log

    def stop(self) -> None:
        """SIGTERM to workers first, then the server (each finishes what it runs), keeping
        their exit codes. A process still running after a minute is killed (code -9)."""
        for proc in reversed(self.procs):
            self.codes.append(stop(proc))


def _wait_until(
    check: Callable[[], bool], what: str, log: Path, proc: subprocess.Popen[bytes]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not check():
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{what} did not start; its output ends:\n{tail}")
        time.sleep(0.2)


def _answers(client: Client) -> bool:
    try:
        return client.request("GET", "/api/people")[0] == 200
    except OSError:
        return False


@contextmanager
def running(home: Path, env: dict[str, str], workers: int) -> Iterator[tuple[Round, Client]]:
    """A server and ``workers`` workers, all ready; stopped on the way out."""
    r = Round(home, env, free_port("127.0.0.1"))
    client = Client(r.port)
    try:
        log = r.start("serve", "serve", "--port", str(r.port), "--no-browser")
        _wait_until(lambda: _answers(client), "footwork serve", log, r.procs[-1])
        for i in range(workers):
            log = r.start(f"worker{i + 1}", "worker")
            _wait_until(
                lambda log=log: "ready" in log.read_text(errors="replace"),
                f"footwork worker {i + 1}",
                log,
                r.procs[-1],
            )
        yield r, client
    finally:
        r.stop()


# Broker and database ------------------------------------------------------------------------


def empty_broker(url: str) -> None:
    """Empty the Redis database the benchmark owns (only that one), so no message of an
    earlier run is left; for RabbitMQ the fresh database makes such messages harmless."""
    if not url.startswith("redis"):
        return
    import redis

    redis.Redis.from_url(url).flushdb()


def _pg(url: str) -> str:
    return "postgresql+psycopg://" + url.removeprefix("postgresql://").removeprefix(
        "postgresql+psycopg://"
    )


@contextmanager
def database(base_url: str | None) -> Iterator[str | None]:
    """None (SQLite in the home folder), or the URL of a fresh PostgreSQL schema, dropped
    after the round."""
    if not base_url:
        yield None
        return
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_pg(base_url))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base_url else "?"
    try:
        yield f"{_pg(base_url)}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


# One round ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    clips: int
    first_s: float
    all_s: float
    page_ms: list[float]
    errors: list[str]
    retried: int
    worker_cpu_s: float
    workers_seen: int
    load_before: str
    load_after: str

    @property
    def per_minute(self) -> float:
        return self.clips / self.all_s * 60 if self.all_s > 0 else 0.0


class PageLoad(threading.Thread):
    """Asks for real pages one after another at ``rate`` a second until stopped."""

    def __init__(self, client: Client, rate: float, jobs: list[str]) -> None:
        super().__init__(daemon=True)
        self.client, self.every, self.jobs = client, 1 / rate, jobs
        self.latency_ms: list[float] = []
        self.errors: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.halt.is_set():
            start = time.perf_counter()
            pages = (*PAGES, f"/check/{self.jobs[n % len(self.jobs)]}") if self.jobs else PAGES
            path = pages[n % len(pages)]
            try:
                status, _ = self.client.request("GET", path)
            except OSError as exc:
                status, path = 0, f"{path} ({exc})"
            self.latency_ms.append((time.perf_counter() - start) * 1000)
            if not 200 <= status < 300:
                self.errors.append(f"GET {path}: {status}")
            n += 1
            self.halt.wait(max(0.0, self.every - (time.perf_counter() - start)))


def submit_all(client: Client, media: Path) -> tuple[dict[str, str], list[str]]:
    """Post every clip at once (one thread each); job id -> clip, and the refusals."""

    def post(rel: str) -> tuple[str, int, bytes]:
        return (rel, *client.upload(media / rel, CLIPS[rel][0]))

    ids, errors = {}, []
    with ThreadPoolExecutor(len(CLIPS)) as pool:
        for rel, status, body in pool.map(post, CLIPS):
            if status == 202:
                ids[json.loads(body)["id"]] = rel
            else:
                errors.append(f"POST {rel}: {status} {body[:200]!r}")
    return ids, errors


def follow(
    client: Client, ids: dict[str, str], start: float, timeout: float
) -> tuple[dict[str, float], dict[str, dict]]:
    """Poll every job until done or failed or the time is up; (seconds since ``start`` at
    which each finished, last state of each)."""
    finished: dict[str, float] = {}
    state: dict[str, dict] = {}
    while len(finished) < len(ids) and time.perf_counter() - start < timeout:
        for job_id in ids:
            if job_id in finished:
                continue
            status, body = client.request("GET", f"/api/jobs/{job_id}")
            if status == 200:
                state[job_id] = json.loads(body)
                if state[job_id]["status"] in FINISHED:
                    finished[job_id] = time.perf_counter() - start
        time.sleep(POLL_EVERY_S)
    return finished, state


def check_results(
    client: Client, ids: dict[str, str], finished: dict[str, float], state: dict[str, dict]
) -> list[str]:
    """Errors: unfinished or failed jobs, and counts that differ from the human count."""
    errors = []
    for job_id, rel in ids.items():
        job = state.get(job_id, {})
        if job_id not in finished:
            errors.append(f"{rel}: not finished in time ({job.get('status', 'unknown')})")
            continue
        if job["status"] != "done":
            errors.append(f"{rel}: {job['status']}: {job.get('message')} {job.get('hint')}")
            continue
        status, body = client.request("GET", f"/api/analyses/{job_id}")
        reps = json.loads(body)["result"]["reps"] if status == 200 else None
        if reps != CLIPS[rel][1]:
            errors.append(f"{rel}: {reps} reps (status {status}), human count {CLIPS[rel][1]}")
    return errors


def exit_errors(r: Round) -> list[str]:
    """Workers must exit 0 on SIGTERM; the server may also end by the signal itself (uvicorn
    raises it again once it has shut down cleanly)."""
    errors = []
    for log, code in zip(reversed(r.logs), r.codes, strict=True):
        if code != 0 and not (log.stem == "serve" and code == -signal.SIGTERM):
            errors.append(f"{log.stem} exited with {code}")
    return errors


def one_round(args: argparse.Namespace, workers: int) -> Outcome:
    with (
        tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp,
        database(args.database_url) as db_url,
    ):
        home = Path(tmp)
        env = {
            **os.environ,
            "FOOTWORK_HOME": str(home),
            "FOOTWORK_MEDIA_DIR": str(home / "media"),
        }
        for name in ("FOOTWORK_DATABASE_URL", "FOOTWORK_BROKER_URL"):
            env.pop(name, None)
        if workers:
            env["FOOTWORK_BROKER_URL"] = args.broker
            empty_broker(args.broker)
        if db_url:
            env["FOOTWORK_DATABASE_URL"] = db_url
        with running(home, env, workers) as (r, client):
            status, body = client.json("POST", "/api/people", {"name": "Bench"})
            if status != 201:
                raise RuntimeError(f"POST /api/people answered {status}: {body[:300]!r}")
            load_before = load_average()
            jobs: list[str] = []
            pages = PageLoad(client, args.page_rate, jobs)
            cpu_before, start = r.worker_cpu_s(), time.perf_counter()
            pages.start()
            ids, errors = submit_all(client, args.media)
            jobs.extend(ids)
            finished, state = follow(client, ids, start, args.timeout)
            worker_cpu_s = r.worker_cpu_s() - cpu_before
            pages.halt.set()
            pages.join()
            errors += check_results(client, ids, finished, state) + pages.errors
            load_after = load_average()
        errors += exit_errors(r)
    times = sorted(t for j, t in finished.items() if state[j]["status"] == "done")
    times = times or [float("nan")]
    return Outcome(
        clips=sum(1 for j in finished if state[j]["status"] == "done"),
        first_s=times[0],
        all_s=times[-1] if len(finished) == len(CLIPS) else float("nan"),
        page_ms=pages.latency_ms,
        errors=errors,
        worker_cpu_s=worker_cpu_s,
        retried=sum(1 for j in state.values() if j.get("attempts", 1) > 1),
        workers_seen=len({j.get("worker") for j in state.values() if j.get("worker")}),
        load_before=load_before,
        load_after=load_after,
    )


def report(workers: int, o: Outcome) -> None:
    p50, p95 = np.percentile(o.page_ms, [50, 95]) if o.page_ms else (np.nan, np.nan)
    print(
        f"{workers} worker(s): {o.clips}/{len(CLIPS)} clips, {o.per_minute:.1f} clips/min; "
        f"first result {o.first_s:.1f} s, all {o.all_s:.1f} s; pages ({len(o.page_ms)}): "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(o.page_ms, default=0):.0f} ms; "
        f"worker CPU {o.worker_cpu_s / max(o.clips, 1):.1f} s a clip; errors {len(o.errors)}; "
        f"jobs run more than once {o.retried}; workers that ran jobs {o.workers_seen}; "
        f"load {o.load_before} -> {o.load_after}",
        flush=True,
    )
    for error in o.errors:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    parser.add_argument(
        "--broker",
        default="redis://127.0.0.1:6379/7",
        help="broker URL; a Redis database is emptied before each round",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="postgresql://... (a fresh schema per round); default SQLite",
    )
    parser.add_argument(
        "--workers",
        default="1,2",
        help="worker counts, one round each; 0: no broker, jobs run in the web process",
    )
    parser.add_argument("--page-rate", type=float, default=4.0, help="page requests a second")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per round")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"machine: {os.cpu_count()} CPUs; broker {args.broker}; database {database}; "
        f"{len(CLIPS)} clips; pages {args.page_rate:g}/s; load {load_average()}\n",
        flush=True,
    )
    outcomes = {}
    for n in counts:
        outcomes[n] = one_round(args, n)
        report(n, outcomes[n])
    first, last = outcomes[counts[0]], outcomes[counts[-1]]
    if len(counts) > 1 and first.per_minute > 0:
        print(
            f"\n{counts[-1]} workers vs {counts[0]}: {last.per_minute / first.per_minute:.2f}x "
            "clips per minute"
        )
    errors = sum(len(o.errors) for o in outcomes.values())
    print(f"errors in all rounds: {errors}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
