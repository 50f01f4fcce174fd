"""Live camera coaching on the server-pose path: how many people one server coaches at once.

    .venv/bin/python bench/bench_live.py [--media ../shared/media]
        [--clip squat/slow_6count_side_front.mp4] [--fps 15] [--max-users 6]
        [--seconds 0] [--loops 1] [--no-breakdown]

Real processes on loopback: a fresh FOOTWORK_HOME, ``footwork serve --no-browser --port P``
(the local mode, embedded SQLite). Each simulated user opens ``/live/socket?exercise=squat``
and sends the frames of one shared squat clip (``--loops N``: played N times in a row as
one long set, the capture clock running on) as the page does: taken at ``--fps`` by capture
time, downscaled so the long side is 480 px, JPEG quality 80, each sent at its capture time
(8 bytes little-endian float64 capture time, then the JPEG), in real time. The frames are
encoded before the clock starts, so a capture time is also the moment its frame is sent (a
real page adds its own encoding, a few ms). At the end the user sends ``{"type": "end"}``
and waits for ``done``.

Rounds of 1, 2, 3 ... users at once (the users' frame clocks are spread over one frame
interval, as real cameras are not in step), until a round misses the aim or ``--max-users``.
Per round, over the frames captured after the first ``WARM_UP_S`` (the model is built on a
connection's first frame):

- fps: updates received per second per user (the lowest user's, and the mean),
- delay from a frame's capture to the arrival of its update: p50/p95/p99 over all users,
- dropped: frames sent that got no update (the server keeps only the newest waiting frame),
- reps: the count in ``done`` against the clip's human count (bench/media_truth.py) times
  ``--loops``,
- the p95 delay in each 30 s of the set (the live counter analyses the set seen so far, so
  a long set costs more per frame than a short one),
- the load average, and fps and p95 against the 1-user round (the ratios of one run).

A round "holds" when every user sustains at least ``--fps`` x ``HOLD_SHARE`` updates a second
and the p95 delay is under ``AIM_P95_MS``. The answer printed is the most users a round held.

Then, unless ``--no-breakdown``, where one frame's time goes, measured in this process on the
same frames, one after another: JPEG decode (``decode_jpeg``), the pose model
(``MediaPipePose.estimate``, video mode, as the server's ``FramePoser``), and the live counter
(``LiveSet.push_frame``: ``LiveCounter.push`` plus the update's landmarks), with the counter's
cost early and late in the set (it analyses the set seen so far), and on a two-minute set
(the clip's poses played again and again, counter alone).

The client runs on the same machine as the server and takes some of its CPU: the numbers are
for a server that shares its cores with one small client per user. Bounded: each round lasts
the clip (or ``--seconds``) plus start-up and the final analysis, each with a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from machine import load_average, stop
from media_truth import TRUTH  # bench/ is on the path when a benchmark runs
from websockets.asyncio.client import connect

from footwork.cli.serve import free_port

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MEDIA = ROOT.parent / "shared" / "media"
LONG_SIDE_PX = 480
JPEG_QUALITY = 80
WARM_UP_S = 1.0  # frames captured before this are left out of fps and delay (model start-up)
AIM_P95_MS = 150.0
HOLD_SHARE = 0.95  # a user "sustains 15 fps" at 95 % of the frames or more
START_TIMEOUT_S = 120.0
DONE_TIMEOUT_S = 120.0
LONG_SET_S = 120.0  # the live counter's cost late in a long set (two minutes)


# The frames ----------------------------------------------------------------------------------


def clip_frames(path: Path, fps: float, seconds: float) -> list[tuple[float, bytes]]:
    """(capture time, JPEG) at ``fps`` by capture time: at each tick the clip's latest frame,
    as a camera read at that rate would show, downscaled and encoded as the page does."""
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise SystemExit(f"cannot read {path}")
    source_fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    out: list[tuple[float, bytes]] = []
    index, image = -1, None
    while True:
        t = len(out) / fps
        if seconds and t >= seconds:
            break
        while (index + 1) / source_fps <= t + 1e-9:  # the frame showing at time t
            ok, frame = capture.read()
            if not ok:
                capture.release()
                return out
            index, image = index + 1, frame
        assert image is not None
        h, w = image.shape[:2]
        scale = LONG_SIDE_PX / max(h, w)
        small = cv2.resize(
            image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA
        )
        ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        out.append((t, jpeg.tobytes()))
    capture.release()
    return out


# One simulated user --------------------------------------------------------------------------


@dataclass
class UserResult:
    sent: dict[float, float] = field(default_factory=dict)  # capture t -> send time (s)
    arrived: dict[float, float] = field(default_factory=dict)  # capture t -> update arrival
    server_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reps: int | None = None
    shown_reps: int = 0
    first_update_s: float | None = None  # from the first frame sent


async def one_user(port: int, frames: list[tuple[float, bytes]], offset_s: float,
                   exercise: str) -> UserResult:  # fmt: skip
    result = UserResult()
    url = f"ws://127.0.0.1:{port}/live/socket?exercise={exercise}"
    async with connect(url, max_size=None, open_timeout=START_TIMEOUT_S) as ws:
        hello = json.loads(await asyncio.wait_for(ws.recv(), START_TIMEOUT_S))
        if hello.get("type") != "hello":
            result.errors.append(f"first message {hello!r}")
            return result
        await asyncio.sleep(offset_s)
        clock = time.perf_counter
        start = clock()
        receiver = asyncio.create_task(_receive(ws, result, start))
        for t, jpeg in frames:
            wait = start + t - clock()
            if wait > 0:
                await asyncio.sleep(wait)
            result.sent[t] = clock() - start
            await ws.send(struct.pack("<d", t) + jpeg)
        await ws.send(json.dumps({"type": "end"}))
        try:
            await asyncio.wait_for(receiver, DONE_TIMEOUT_S)
        except TimeoutError:
            result.errors.append("no 'done' message in time")
    return result


async def _receive(ws, result: UserResult, start: float) -> None:  # type: ignore[no-untyped-def]
    async for raw in ws:
        now = time.perf_counter() - start
        message = json.loads(raw)
        kind = message.get("type")
        if kind == "update":
            t = float(message["capture_t"])
            result.arrived[t] = now
            result.server_ms.append(float(message.get("server_ms") or 0.0))
            result.shown_reps = max(result.shown_reps, int(message.get("reps") or 0))
            if result.first_update_s is None:
                result.first_update_s = now
        elif kind == "done":
            result.reps = int(message.get("reps") or 0)
            return
        elif kind == "error":
            result.errors.append(f"{message.get('message')} ({message.get('hint')})")


# A round of N users --------------------------------------------------------------------------


@dataclass
class Round:
    users: int
    fps_min: float
    fps_mean: float
    p50: float
    p95: float
    p99: float
    dropped: int
    sent: int
    server_ms_p50: float
    reps: list[int | None]
    shown: list[int]
    first_update_s: float
    errors: list[str]
    load: str
    p95_by_30s: list[float]

    def holds(self, fps: float) -> bool:
        return (not self.errors and self.fps_min >= fps * HOLD_SHARE
                and self.p95 < AIM_P95_MS)  # fmt: skip


def run_round(port: int, users: int, frames: list[tuple[float, bytes]], fps: float,
              exercise: str) -> Round:  # fmt: skip
    async def all_users() -> list[UserResult]:
        tasks = [one_user(port, frames, i / (fps * users), exercise) for i in range(users)]
        return list(await asyncio.gather(*tasks))

    results = asyncio.run(all_users())
    last_t = frames[-1][0]
    span = last_t - WARM_UP_S + 1 / fps
    delays, per_user_fps, dropped, sent, server_ms = [], [], 0, 0, []
    windows: dict[int, list[float]] = {}
    for r in results:
        counted = [t for t in r.sent if t >= WARM_UP_S]
        got = [t for t in counted if t in r.arrived]
        per_user_fps.append(len(got) / span)
        delays += [(r.arrived[t] - r.sent[t]) * 1000 for t in got]
        for t in got:
            windows.setdefault(int(t // 30), []).append((r.arrived[t] - r.sent[t]) * 1000)
        dropped += len(counted) - len(got)
        sent += len(counted)
        server_ms += r.server_ms
    p50, p95, p99 = np.percentile(delays, [50, 95, 99]) if delays else (np.inf,) * 3
    return Round(
        users=users, fps_min=min(per_user_fps), fps_mean=float(np.mean(per_user_fps)),
        p50=float(p50), p95=float(p95), p99=float(p99), dropped=dropped, sent=sent,
        server_ms_p50=float(np.median(server_ms)) if server_ms else float("nan"),
        reps=[r.reps for r in results], shown=[r.shown_reps for r in results],
        first_update_s=max((r.first_update_s or np.inf) for r in results),
        errors=[e for r in results for e in r.errors], load=load_average(),
        p95_by_30s=[float(np.percentile(windows[k], 95)) for k in sorted(windows)],
    )  # fmt: skip


# Where one frame's time goes ----------------------------------------------------------------


def breakdown(frames: list[tuple[float, bytes]], exercise: str) -> None:
    from footwork.services.live_stream import LiveSet, PosedFrame
    from footwork.vision.camera_frame import decode_jpeg
    from footwork.vision.pose.mediapipe_pose import MediaPipePose

    model = MediaPipePose.from_installed_model(video=True)
    live = LiveSet(exercise)
    decode_ms, pose_ms, push_ms = [], [], []
    posed: list[PosedFrame] = []
    clock = time.perf_counter
    try:
        for t, jpeg in frames:
            a = clock()
            frame = decode_jpeg(jpeg)
            b = clock()
            pose = model.estimate(frame.rgb)
            c = clock()
            posed.append(PosedFrame(pose, frame.size, frame.brightness))
            live.push_frame(t, posed[-1])
            d = clock()
            decode_ms.append((b - a) * 1000)
            pose_ms.append((c - b) * 1000)
            push_ms.append((d - c) * 1000)
    finally:
        model.close()
    _, reps = live.finish()
    skip = max(1, len(frames) // 20)  # the model's first frames include its start-up
    third = len(push_ms) // 3
    total = np.add(np.add(decode_ms, pose_ms), push_ms)[skip:]
    print(f"\nwhere one frame's time goes (this process, one frame after another, "
          f"{len(frames)} frames, first {skip} left out):")  # fmt: skip
    for name, ms in (("JPEG decode", decode_ms), ("pose model", pose_ms),
                     ("live counter push", push_ms)):  # fmt: skip
        values = ms[skip:]
        print(f"  {name:18} mean {np.mean(values):6.1f} ms  p95 {np.percentile(values, 95):6.1f}"
              f" ms  ({np.sum(values) / np.sum(total):4.0%})")  # fmt: skip
    print(f"  {'total':18} mean {np.mean(total):6.1f} ms  p95 {np.percentile(total, 95):6.1f} "
          f"ms  -> at most {1000 / np.mean(total):.0f} frames/s on one core")  # fmt: skip
    print(f"  live counter push: first third of the set mean {np.mean(push_ms[:third]):.1f} ms, "
          f"last third {np.mean(push_ms[-third:]):.1f} ms; reps {reps}")  # fmt: skip
    long_set(frames, posed, exercise)


def long_set(frames: list[tuple[float, bytes]], posed: list[Any], exercise: str) -> None:
    """The live counter alone on a set of ``LONG_SET_S`` (the clip's poses played again and
    again): its cost per frame as the set grows."""
    from footwork.services.live_stream import LiveSet

    live = LiveSet(exercise)
    period = frames[1][0] - frames[0][0]
    span = frames[-1][0] + period
    windows: dict[int, list[float]] = {}
    t, i = 0.0, 0
    while t < LONG_SET_S:
        start = time.perf_counter()
        live.push_frame(t, posed[i % len(posed)])
        windows.setdefault(int(t // 30), []).append((time.perf_counter() - start) * 1000)
        i += 1
        t = (i // len(posed)) * span + frames[i % len(posed)][0]
    row = ", ".join(f"{30 * k}-{30 * (k + 1)} s {np.mean(v):.1f}" for k, v in windows.items())
    print(f"  live counter push over a {LONG_SET_S:.0f} s set (the clip again and again), mean "
          f"ms a frame by time into the set: {row}")  # fmt: skip


# Server, rounds, report -----------------------------------------------------------------------


def start_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FOOTWORK_HOME": str(home)}
    for name in ("FOOTWORK_DATABASE_URL", "FOOTWORK_BROKER_URL", "FOOTWORK_MEDIA_DIR"):
        env.pop(name, None)
    log = (home / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "footwork", "serve", "--no-browser", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    import urllib.request

    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/welcome", timeout=5):
                return server
        except OSError as exc:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                tail = (home / "serve.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(
                    f"footwork serve did not start; its output ends:\n{tail}"
                ) from exc
            time.sleep(0.2)


def print_round(r: Round, base: Round | None, fps: float) -> None:
    ratio = ""
    if base is not None and base is not r:
        ratio = (f"  (vs 1 user: fps x{r.fps_mean / base.fps_mean:.2f}, "
                 f"p95 x{r.p95 / base.p95:.2f})")  # fmt: skip
    print(f"{r.users} user(s): fps min {r.fps_min:.1f} mean {r.fps_mean:.1f}; delay p50/p95/p99 "
          f"{r.p50:.0f}/{r.p95:.0f}/{r.p99:.0f} ms; dropped {r.dropped}/{r.sent}; server_ms "
          f"p50 {r.server_ms_p50:.0f}; first update after {r.first_update_s:.2f} s; reps "
          f"{r.reps} (most shown {max(r.shown)}); load {r.load}; "
          f"{'holds' if r.holds(fps) else 'MISSES'}{ratio}", flush=True)  # fmt: skip
    if len(r.p95_by_30s) > 1:
        print("    p95 delay in each 30 s of the set: "
              + " / ".join(f"{p:.0f}" for p in r.p95_by_30s) + " ms")  # fmt: skip
    for error in r.errors[:5]:
        print(f"    error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--media", type=Path, default=DEFAULT_MEDIA)
    parser.add_argument("--clip", default="squat/slow_6count_side_front.mp4")
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--max-users", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=0.0,
                        help="use only the clip's first seconds (0: all of it)")  # fmt: skip
    parser.add_argument("--loops", type=int, default=1,
                        help="play the clip this many times in a row as one set")  # fmt: skip
    parser.add_argument("--no-breakdown", action="store_true")
    args = parser.parse_args()
    exercise, truth = TRUTH[args.clip]
    clip = clip_frames(args.media / args.clip, args.fps, args.seconds)
    span = clip[-1][0] + 1 / args.fps
    frames = [(k * span + t, jpeg) for k in range(args.loops) for t, jpeg in clip]
    truth = truth * args.loops if truth is not None else None
    size = np.mean([len(j) for _, j in frames]) / 1024
    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}; load {load_average()}")  # fmt: skip
    print(f"clip {args.clip} x{args.loops} ({exercise}, human count {truth}): {len(frames)} "
          f"frames at {args.fps:g} fps, long side {LONG_SIDE_PX} px, JPEG q{JPEG_QUALITY} "
          f"~{size:.0f} KB; aim: every user >= {args.fps * HOLD_SHARE:.2f} updates/s and "
          f"p95 < {AIM_P95_MS:.0f} ms", flush=True)  # fmt: skip
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="footwork-bench-live-") as tmp:
        port = free_port("127.0.0.1")
        server = start_server(Path(tmp), port)
        try:
            for users in range(1, args.max_users + 1):
                r = run_round(port, users, frames, args.fps, exercise)
                rounds.append(r)
                print_round(r, rounds[0], args.fps)
                if not r.holds(args.fps):
                    break
        finally:
            code = stop(server)
            log = (Path(tmp) / "serve.log").read_text(errors="replace")
    held = [r.users for r in rounds if r.holds(args.fps)]
    one = rounds[0]
    print(f"\none user: {one.fps_mean:.1f} updates/s, p95 {one.p95:.0f} ms; reps {one.reps[0]} "
          f"(human count {truth}: {'equal' if one.reps[0] == truth else 'DIFFERENT'})")  # fmt: skip
    print(f"simultaneous live users this server holds at {args.fps:g} fps with p95 < "
          f"{AIM_P95_MS:.0f} ms: {max(held) if held else 0}")  # fmt: skip
    if "Traceback" in log:
        print("the server's log has a traceback:\n" + log[-3000:])
    print(f"server exit code {code}; load {load_average()}")
    if not args.no_breakdown:
        breakdown(clip, exercise)


if __name__ == "__main__":
    main()
