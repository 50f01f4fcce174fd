"""Video analysis speed and memory: footwork's pipeline against a naive loop, same run.

    .venv/bin/python bench/bench_video.py [--media ../shared/media] [--repeats 2]
        [--only squat_7,heel_raise] [--long-repeats 20] [--memory-only] [--no-memory]

Every clip of ``squat/``, ``heel-raise/``, ``lunge/`` and ``negative/`` in the shared media,
each analysed as its own exercise (heel raises as ``heel-raise``; squats, and the lunge and
negative clips, which must count 0 squats, as ``squat``).

Naive loop: decode every frame at full size, run BlazePose (complexity 1, tracking mode) on
every full frame, count a squat each time the smaller knee angle goes below 110° and back
above 160° (a heel raise each time the heels rise more than 3 % of the body's height above
their lowest point and come back down). footwork: ``footwork.services.video.analyse_clip``
as ``footwork analyze`` runs it (frame stride to ~7.5 analysed frames/s, every other one of
those skipped while the body is still, frames shrunk to 640 px, decode-ahead thread).
Both include building the pose model (start-up) and closing it; Python imports, paid once
per process by both, are not timed (one untimed run of each comes first).

Prints, per clip, the clip frames per second of wall time of both (best of ``--repeats``
runs, since the machine may be shared), their ratio, the ratio of CPU time (this process,
all threads: steadier than wall time when others use the cores), and both counts next to
the human count; the load average before and after; then peak resident memory of footwork
on a short clip and on a long one made by looping a clip (written and read as a stream).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import mediapipe as mp
import numpy as np
from media_truth import TRUTH  # bench/ is on the path when a benchmark runs

from footwork.errors import FootworkError
from footwork.services.video import analyse_clip
from footwork.vision.pose.angles import angle_between
from footwork.vision.pose.video_io import probe

ROOT = Path(__file__).resolve().parents[1]
DOWN_DEG, UP_DEG = 110.0, 160.0
HEEL_RISE = 0.03  # × body height above the heels' lowest point: a naive heel raise


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process, all threads)


def _clock() -> Timing:
    return time.perf_counter(), time.process_time()


def _since(start: Timing) -> Timing:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


class _NaiveCounter:
    """The naive loop's rep rule for one exercise, fed one frame's landmarks at a time."""

    def __init__(self, exercise: str) -> None:
        self.exercise, self.reps, self.up = exercise, 0, False
        self.floor = -np.inf  # lowest heel position seen (image y grows downward)

    def add(self, p: np.ndarray) -> None:
        if self.exercise == "heel-raise":
            heel = float(p[[29, 30], 1].mean())
            self.floor = max(self.floor, heel)
            rise = (self.floor - heel) / max(float(np.ptp(p[11:, 1])), 1.0)
            active = rise > HEEL_RISE
        else:
            knee = min(angle_between(p[23], p[25], p[27]), angle_between(p[24], p[26], p[28]))
            active = knee < DOWN_DEG if not self.up else knee <= UP_DEG
        if active and not self.up:
            self.up = True
        elif not active and self.up:
            self.up, self.reps = False, self.reps + 1


def naive_count(path: Path, exercise: str) -> tuple[int, Timing]:
    """(reps, timing) of the naive loop."""
    start = _clock()
    pose = mp.solutions.pose.Pose(model_complexity=1)
    cap = cv2.VideoCapture(str(path))
    counter = _NaiveCounter(exercise)
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        result = pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        if result.pose_landmarks is None:
            continue
        counter.add(np.array([[m.x, m.y] for m in result.pose_landmarks.landmark]))
    cap.release()
    pose.close()
    return counter.reps, _since(start)


def footwork_count(path: Path, exercise: str) -> tuple[int, Timing]:
    """(reps, timing) of footwork's own pipeline; reps -1 when it asks for a retake (e.g.
    nobody found), which is timed too: the whole clip was looked at before saying so."""
    start = _clock()
    try:
        reps = analyse_clip(path, exercise).result.rep_count
    except FootworkError:
        reps = -1
    return reps, _since(start)


def best_of(run: Callable[[Path, str], tuple[int, Timing]], path: Path, exercise: str,
            repeats: int) -> tuple[int, Timing]:  # fmt: skip
    """The run with the least wall time of ``repeats`` (others share the machine), and the
    least CPU time of them (CPU time varies less, but also a little)."""
    runs = [run(path, exercise) for _ in range(repeats)]
    reps = {r[0] for r in runs}
    if len(reps) > 1:
        print(f"  note: {path.name} gave different counts across runs: {sorted(reps)}")
    return runs[0][0], (min(r[1][0] for r in runs), min(r[1][1] for r in runs))


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def warm_up(media: Path) -> None:
    """One untimed run of each on a short clip: Python imports and first-use set-up that a
    process pays once, whatever it analyses, are not charged to the first clip of the table."""
    clip = media / "squat" / "squat_16.mp4"
    naive_count(clip, "squat")
    footwork_count(clip, "squat")
    footwork_count(clip, "heel-raise")


def speed_table(media: Path, repeats: int, only: list[str]) -> None:
    clips = {k: v for k, v in TRUTH.items() if not only or any(o in k for o in only)}
    warm_up(media)
    print(f"load average (1/5/15 min) before: {_load()}")
    print(
        f"{'clip':45s} {'exercise':10s} {'fps':>4s} {'frames':>6s} {'naive':>6s} "
        f"{'footwork':>8s} {'ratio':>6s} {'cpu ratio':>9s}  reps naive/footwork/truth"
    )
    sums = np.zeros(5)
    right = {"naive": 0, "footwork": 0}
    worst: tuple[float, float, str] = (np.inf, np.inf, "")
    for rel, (exercise, truth) in clips.items():
        path = media / rel
        info = probe(path)  # outside the timing: only the table needs the frame count
        n_reps, (n_wall, n_cpu) = best_of(naive_count, path, exercise, repeats)
        f_reps, (f_wall, f_cpu) = best_of(footwork_count, path, exercise, repeats)
        frames = info.frames
        shown = "8-9" if truth is None else str(truth)
        f_shown = "refused" if f_reps < 0 else str(f_reps)
        print(f"{rel:45s} {exercise:10s} {info.fps:4.0f} {frames:6d} {frames / n_wall:6.1f} "
              f"{frames / f_wall:8.1f} {n_wall / f_wall:5.2f}x {n_cpu / f_cpu:8.2f}x  "
              f"{n_reps}/{f_shown}/{shown}", flush=True)  # fmt: skip
        sums += np.array([frames, n_wall, f_wall, n_cpu, f_cpu])
        worst = min(worst, (n_wall / f_wall, n_cpu / f_cpu, rel))
        if truth is not None:
            right["naive"] += n_reps == truth
            right["footwork"] += f_reps == truth
    frames, n_wall, f_wall, n_cpu, f_cpu = sums
    print(f"all clips: naive {frames / n_wall:.1f} fps, footwork {frames / f_wall:.1f} fps, "
          f"ratio {n_wall / f_wall:.2f}x (CPU time ratio {n_cpu / f_cpu:.2f}x); lowest "
          f"{worst[0]:.2f}x ({worst[2]})")  # fmt: skip
    counted = sum(1 for _, t in clips.values() if t is not None)
    print(f"exact counts: naive {right['naive']}/{counted}, footwork {right['footwork']}/{counted}")
    print(f"load average (1/5/15 min) after: {_load()}")


def make_long_clip(source: Path, repeats: int, out: Path) -> int:
    """Write ``source`` looped ``repeats`` times to ``out`` frame by frame; returns frames."""
    cap = cv2.VideoCapture(str(source))
    fps = cap.get(cv2.CAP_PROP_FPS)
    size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    cap.release()
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    frames = 0
    for _ in range(repeats):
        cap = cv2.VideoCapture(str(source))
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            writer.write(bgr)
            frames += 1
        cap.release()
    writer.release()
    return frames


def _rss_mib() -> float:
    """Resident memory of this process now (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child_run(path: Path) -> None:
    """In a fresh process: analyse ``path``; print RSS before, peak RSS during, reps, time."""
    before = _rss_mib()
    peak = [before]

    def sample(stage: str, done: int, total: int) -> None:
        if done % 25 == 0:
            peak[0] = max(peak[0], _rss_mib())

    start = time.perf_counter()
    result = analyse_clip(path, "squat", progress=sample).result
    peak[0] = max(peak[0], _rss_mib())
    print(json.dumps([before, peak[0], result.rep_count, time.perf_counter() - start]))


def memory_of(path: Path) -> tuple[float, float, int, float]:
    """(RSS before analysis, peak RSS during it, reps, seconds), measured in a fresh process."""
    out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    before, peak, reps, seconds = json.loads(out.stdout.strip().splitlines()[-1])
    return float(before), float(peak), int(reps), float(seconds)


def memory_table(media: Path, repeats: int) -> None:
    short = media / "squat/squat_19.mp4"
    with tempfile.TemporaryDirectory() as tmp:
        long_clip = Path(tmp) / "long.mp4"
        frames = make_long_clip(short, repeats, long_clip)
        print(f"\nresident memory, fresh process each (long = squat_19 looped {repeats}x, "
              f"{frames} frames, written and read as a stream)")  # fmt: skip
        for label, path in (("short", short), ("long", long_clip)):
            before, peak, reps, seconds = memory_of(path)
            print(
                f"  {label:5s} {path.name:16s} after start-up {before:6.1f} MiB, peak while "
                f"analysing {peak:6.1f} MiB (+{peak - before:.1f}); {reps} reps, {seconds:.1f} s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    parser.add_argument("--long-repeats", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=2, help="runs per clip; best is kept")
    parser.add_argument("--only", default="", help="comma-separated parts of clip names")
    parser.add_argument("--memory-only", action="store_true", help="skip the speed table")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory table")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child_run(args.child)
        return
    print(
        f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; "
        f"OpenCV {cv2.__version__}; MediaPipe {mp.__version__}\n"
    )
    if not args.memory_only:
        speed_table(args.media, args.repeats, [o for o in args.only.split(",") if o])
    if not args.no_memory:
        memory_table(args.media, args.long_repeats)


if __name__ == "__main__":
    main()
