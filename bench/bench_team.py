"""Team mode under load: 50 signed-in athletes browsing and logging sets for 60 s.

    FOOTWORK_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/bench_team.py [--athletes 50] [--seconds 60] [--think 1.0]

(``--database-url`` or ``FOOTWORK_TEST_DATABASE_URL`` work too; without a PostgreSQL address
the benchmark refuses to run: team mode for a clinic runs on PostgreSQL.)

Real processes on loopback: a fresh FOOTWORK_HOME and a fresh PostgreSQL schema (dropped at
the end), ``footwork serve --team --no-browser --port P``, then through the services in this
process the accounts: N athletes and a coach every athlete has joined. Each simulated athlete
is one thread with one keep-alive connection, as a browser has: it signs in through the form
(the CSRF token from the form, the session cookie from the answer, the page's token from
``<meta name="csrf-token">``), records two measurements so it has a plan, waits for the
others, and then until the time is up opens Today, Plan, Progress, Data and
``/api/progress``, or trains: ``POST /api/sessions``, three sets, finish, as the session
page's script does (cookie, Origin, ``X-CSRF-Token``). Between requests it pauses ``--think``
seconds on average (0: as fast as the server answers). The coach opens ``/coach`` every few
seconds when the app has it, and three times more once the athletes have stopped.

Prints requests, errors (any answer that is not 2xx/3xx, or no answer: must be 0), latency
p50/p95/p99 per kind and overall, sets logged and the sets the database holds for each athlete
afterwards (must be equal), and the server's exit code. Bounded: ``--seconds`` of load plus
sign-in and start-up, each bounded by a timeout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from bench_queue import database  # bench/ is on the path when a benchmark runs
from machine import load_average, stop

from footwork.cli.serve import free_port

PASSWORD = "bench feet all day long"
START_TIMEOUT_S = 120.0
REQUEST_TIMEOUT_S = 60.0
CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')
# What an athlete does next, with its weight: mostly reading pages, a quarter of the time a
# short session (three sets).
ACTIONS = (
    ("today", "/", 25),
    ("plan", "/plan", 15),
    ("progress", "/progress", 15),
    ("data", "/data", 10),
    ("api-progress", "/api/progress", 10),
    ("session", None, 25),
)
MEASUREMENTS = [
    {"kind": "big-toe-extension", "side": "left", "value": 48},
    {"kind": "big-toe-extension", "side": "right", "value": 52},
    {"kind": "arch-index", "side": "left", "value": 0.28},
    {"kind": "arch-index", "side": "right", "value": 0.27},
]
# What a stale keep-alive connection raises when reused (the request never reached the app).
IDLE_CLOSED_S = 4.5  # uvicorn closes keep-alive connections idle for 5 s
STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
SET = {"exercise": "outward-roll", "side": "left", "reps_target": 10}


# A browser: one keep-alive connection, its cookies, its CSRF token ----------------------------


@dataclass
class Timings:
    """Every answer's latency by kind, and the errors; shared by all threads."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    reopened: int = 0  # keep-alive connections the server had closed, opened again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.ms[kind].append(ms)
            if error:
                self.errors.append(error)


class Browser:
    def __init__(self, port: int, timings: Timings) -> None:
        self.port, self.timings = port, timings
        self.origin = f"http://127.0.0.1:{port}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.last_used = time.monotonic()

    def request(
        self, kind: str, method: str, path: str, body: bytes = b"", kind_of_body: str = ""
    ) -> tuple[int, str]:
        headers = {"Sec-Fetch-Site": "same-origin"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            headers |= {"Origin": self.origin, "Content-Type": kind_of_body}
            if self.csrf:
                headers["X-CSRF-Token"] = self.csrf
        start = time.perf_counter()
        try:
            status, text = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()  # a fresh connection next time
            status, text = 0, f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - start) * 1000
        ok = 200 <= status < 400
        self.timings.add(kind, ms, None if ok else f"{method} {path}: {status} {text[:200]!r}")
        return status, text

    def _send(self, method: str, path: str, body: bytes, headers: dict) -> tuple[int, str]:
        try:
            self.conn.request(method, path, body=body or None, headers=headers)
            response = self.conn.getresponse()
        except STALE:
            # The server closes a keep-alive connection idle for 5 s (uvicorn's default);
            # a browser then opens a new one and sends the request again, and so do we, once.
            # A connection in use more recently than that failing is an error.
            if time.monotonic() - self.last_used < IDLE_CLOSED_S:
                raise
            self.conn.close()
            with self.timings.lock:
                self.timings.reopened += 1
            self.conn.request(method, path, body=body or None, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.last_used = time.monotonic()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";")[0]
        return response.status, text

    def post_json(self, kind: str, path: str, payload: object) -> tuple[int, dict]:
        status, text = self.request(kind, "POST", path, json.dumps(payload).encode(),
                                    "application/json")  # fmt: skip
        try:
            return status, json.loads(text)
        except ValueError:
            return status, {}

    def sign_in(self, email: str) -> bool:
        """Through the form, as a person does; then the token of the pages' scripts."""
        status, html = self.request("login-form", "GET", "/login")
        token = CSRF_FIELD.search(html)
        if status != 200 or not token:
            return False
        form = urlencode({"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
        status, _ = self.request("sign-in", "POST", "/login", form.encode(),
                                 "application/x-www-form-urlencoded")  # fmt: skip
        return status == 303

    def page_token(self, path: str) -> bool:
        status, html = self.request("today", "GET", path)
        meta = CSRF_META.search(html)
        self.csrf = meta.group(1) if meta else ""
        return status == 200 and bool(self.csrf)

    def exists(self, path: str) -> bool:
        """Whether ``path`` answers 200 (not timed, not counted as an error if not)."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return self._send("GET", path, b"", {"Cookie": cookie})[0] == 200


# The simulated people ----------------------------------------------------------------------


class Athlete(threading.Thread):
    def __init__(self, n: int, port: int, timings: Timings, go: threading.Barrier,
                 until: list[float], think: float) -> None:  # fmt: skip
        super().__init__(daemon=True)
        self.email, self.browser = f"athlete{n}@bench.test", Browser(port, timings)
        self.go, self.until = go, until
        self.think, self.rng = think, random.Random(n)
        self.sets_logged = 0
        self.ready = False

    def pause(self) -> None:
        if self.think > 0:
            time.sleep(self.rng.uniform(0.5, 1.5) * self.think)

    def run(self) -> None:
        b = self.browser
        self.ready = b.sign_in(self.email) and b.page_token("/")
        if self.ready:
            status, _ = b.post_json("setup", "/api/measurements", MEASUREMENTS)
            self.ready = status == 201
        self.go.wait(timeout=START_TIMEOUT_S)
        if not self.ready:
            return
        weights = [weight for *_, weight in ACTIONS]
        while time.monotonic() < self.until[0]:
            kind, path, _ = self.rng.choices(ACTIONS, weights)[0]
            if path is None:
                self.train()
            else:
                b.request(kind, "GET", path)
            self.pause()

    def train(self) -> None:
        status, started = self.browser.post_json("session-start", "/api/sessions",
                                                 {"plan_week": None})  # fmt: skip
        if status != 201:
            return
        base = f"/api/sessions/{started['token']}"
        for number in (1, 2, 3):
            self.pause()
            body = SET | {"set_number": number, "reps_done": 9 + number % 2, "effort": 5,
                          "pain": 1}  # fmt: skip
            status, _ = self.browser.post_json("set", f"{base}/sets", body)
            self.sets_logged += status == 201
        self.browser.post_json("session-finish", f"{base}/finish", {"note": ""})


class Coach(threading.Thread):
    """Opens the coach's dashboard every few seconds (if the app has one)."""

    def __init__(self, port: int, timings: Timings, go: threading.Barrier,
                 until: list[float]) -> None:  # fmt: skip
        super().__init__(daemon=True)
        self.browser, self.go, self.until = Browser(port, timings), go, until
        self.dashboard = False

    def run(self) -> None:
        b = self.browser
        self.dashboard = b.sign_in("coach@bench.test") and b.exists("/coach")
        self.go.wait(timeout=START_TIMEOUT_S)
        if not self.dashboard:
            return
        while time.monotonic() < self.until[0]:
            b.request("coach", "GET", "/coach")
            time.sleep(3)


# Set-up: server, accounts; afterwards the database's count --------------------------------


def start_server(home: Path, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    log = (home / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "footwork", "serve", "--team", "--no-browser", "--port",
         str(port)],
        env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            tail = (home / "serve.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"footwork serve --team did not start; its output ends:\n{tail}")
        time.sleep(0.3)


def make_accounts(home: Path, db_url: str, athletes: int) -> None:
    """N athletes and one coach they have all joined, through the services."""
    from footwork.config import Settings
    from footwork.domain.accounts import Role
    from footwork.services import accounts

    settings = Settings(home=home, database_url=db_url)
    coach = accounts.add_user(settings, "coach@bench.test", Role.COACH, name="Bench Coach",
                              password=PASSWORD)  # fmt: skip
    for n in range(athletes):
        athlete = accounts.add_user(settings, f"athlete{n}@bench.test", Role.ATHLETE,
                                    name=f"Athlete {n}", password=PASSWORD)  # fmt: skip
        accounts.join_coach(settings, accounts.join_link(settings, coach.email), athlete)


def sets_in_database(db_url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT a.email, count(s.id) FROM account a "
                "JOIN session_log l ON l.person_id = a.person_id "
                "JOIN set_log s ON s.session_id = l.id GROUP BY a.email"
            ))  # fmt: skip
            return {email: int(n) for email, n in rows}
    finally:
        engine.dispose()


# The run -------------------------------------------------------------------------------------


def run(args: argparse.Namespace, base_url: str) -> int:
    timings = Timings()
    with (
        tempfile.TemporaryDirectory(prefix="bench-team-") as tmp,
        database(base_url) as db_url,
    ):
        assert db_url is not None
        home = Path(tmp)
        env = {**os.environ, "FOOTWORK_HOME": str(home), "FOOTWORK_DATABASE_URL": db_url}
        env.pop("FOOTWORK_BROKER_URL", None)
        env.pop("FOOTWORK_MEDIA_DIR", None)
        port = free_port("127.0.0.1")
        server = start_server(home, env, port)
        try:
            make_accounts(home, db_url, args.athletes)
            outcome = load(args, port, timings)
        finally:
            code = stop(server)
        log = (home / "serve.log").read_text(errors="replace")
        in_db = sets_in_database(db_url)
    athletes, coach, seconds, load_before = outcome
    return report(args, timings, athletes, coach, seconds, in_db, code, log, load_before)


def load(args: argparse.Namespace, port: int, timings: Timings):  # type: ignore[no-untyped-def]
    until = [float("inf")]
    go = threading.Barrier(args.athletes + 2)
    athletes = [Athlete(n, port, timings, go, until, args.think) for n in range(args.athletes)]
    coach = Coach(port, timings, go, until)
    signing_in = time.perf_counter()
    for person in (*athletes, coach):
        person.start()
    go.wait(timeout=START_TIMEOUT_S)
    print(f"{sum(a.ready for a in athletes)}/{len(athletes)} athletes signed in and ready in "
          f"{time.perf_counter() - signing_in:.1f} s", flush=True)  # fmt: skip
    load_before = load_average()
    with timings.lock:  # only what happens under load is timed from here on
        for kind in list(timings.ms):
            timings.ms[f"({kind}, before the clock)"] = timings.ms.pop(kind)
    start = time.monotonic()
    until[0] = start + args.seconds
    for person in (*athletes, coach):
        person.join(timeout=args.seconds + REQUEST_TIMEOUT_S * 4)
    seconds = time.monotonic() - start
    if coach.dashboard:  # and once the athletes have gone, on a quiet server
        for _ in range(3):
            coach.browser.request("(coach, after the load)", "GET", "/coach")
    return athletes, coach, seconds, load_before


def _row(kind: str, ms: list[float]) -> str:
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return f"  {kind:<32} {len(ms):>6}  {p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {max(ms):>7.0f}"


def report(args, timings, athletes, coach, seconds, in_db, code, log, load_before) -> int:  # type: ignore[no-untyped-def]
    errors = list(timings.errors)
    timed = {k: v for k, v in timings.ms.items() if not k.startswith("(")}
    everything = [ms for v in timed.values() for ms in v]
    print(f"\n{len(everything)} requests in {seconds:.1f} s ({len(everything) / seconds:.0f}/s) "
          f"from {len(athletes)} athletes, think time {args.think:g} s; load {load_before} -> "
          f"{load_average()}")  # fmt: skip
    print(f"  {'kind':<32} {'n':>6}  {'p50 ms':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for kind in sorted(timings.ms):
        print(_row(kind, timings.ms[kind]))
    if everything:
        print(_row("all under load", everything))
    if "coach" not in timings.ms:
        print("  (no /coach page in this app yet: the coach's dashboard was not loaded)")
    logged = {a.email: a.sets_logged for a in athletes}
    stored = sum(in_db.values())
    differ = [e for e in logged if in_db.get(e, 0) != logged[e]]
    print(f"sets logged {sum(logged.values())}, in the database {stored}, athletes whose "
          f"count differs {len(differ)}")  # fmt: skip
    errors += [f"{e}: {logged[e]} sets logged, {in_db.get(e, 0)} stored" for e in differ]
    errors += [f"{a.email} did not sign in" for a in athletes if not a.ready]
    if code not in (0, -signal.SIGTERM):
        errors.append(f"footwork serve exited with {code}")
    if "Traceback" in log:
        errors.append("the server's log has a traceback:\n" + log[-3000:])
    print(f"errors {len(errors)}; server exit code {code}; idle keep-alive connections the "
          f"server had closed, opened again {timings.reopened}")  # fmt: skip
    for error in errors[:30]:
        print(f"  error: {error}")
    return 1 if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause between an athlete's requests, seconds (0: none)",
    )
    parser.add_argument("--database-url", default=None, help="postgresql://... (a fresh "
                        "schema is made in it and dropped afterwards)")  # fmt: skip
    args = parser.parse_args()
    url = (args.database_url or os.environ.get("FOOTWORK_BENCH_DATABASE_URL")
           or os.environ.get("FOOTWORK_TEST_DATABASE_URL"))  # fmt: skip
    if not url or not url.startswith("postgresql"):
        sys.exit(
            "bench_team.py needs a PostgreSQL server: give its address with --database-url "
            "or FOOTWORK_BENCH_DATABASE_URL (or FOOTWORK_TEST_DATABASE_URL), e.g. "
            "postgresql://postgres@127.0.0.1:5432/test. A fresh schema is made there and "
            "dropped afterwards."
        )
    if not 1 <= args.athletes <= 500 or not 1 <= args.seconds <= 3600:
        sys.exit("--athletes must be 1-500 and --seconds 1-3600.")
    print(f"machine: {os.cpu_count()} CPUs; PostgreSQL; {args.athletes} athletes + 1 coach for "
          f"{args.seconds:g} s; load {load_average()}", flush=True)  # fmt: skip
    sys.exit(run(args, url))


if __name__ == "__main__":
    main()
