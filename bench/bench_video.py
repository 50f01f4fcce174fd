"""Video analysis speed and memory: footwork's pipeline against a naive loop, same run.

    .venv/bin/python bench/bench_video.py [--media ../shared/media] [--long-repeats 20]

Naive loop: decode every frame at full size, run BlazePose (complexity 1, tracking mode) on
every full frame, count a squat each time the smaller knee angle goes below 110° and back
above 160°. footwork: ``footwork.services.video.analyse_clip`` as ``footwork analyze`` runs
it (frame stride to ~7.5 analysed frames/s, every other one of those skipped while the body is
still, frames shrunk to 640 px, decode-ahead thread, view-independent depth counting).

Prints, per clip, the clip frames per second of wall time of both (best of ``--repeats``
runs, since the machine may be shared), their ratio, the ratio of CPU time, and both counts
next to the human count; then peak resident memory of footwork on a short clip and on
a long one made by looping a clip (written and read as a stream, never held in memory).
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

from footwork.services.video import analyse_clip
from footwork.vision.pose.angles import angle_between
from footwork.vision.pose.video_io import probe

ROOT = Path(__file__).resolve().parents[1]
TRUTH = {
    "squat/squat_7.mp4": 0, "squat/squat_8.mp4": 1, "squat/squat_9.mp4": 1,
    "squat/squat_11.mp4": 1, "squat/squat_12.mp4": 1, "squat/squat_13.mp4": 2,
    "squat/squat_14.mp4": 1, "squat/squat_16.mp4": 1, "squat/squat_17.mp4": 1,
    "squat/squat_18.mp4": 1, "squat/squat_19.mp4": 2, "squat/squat_24.mp4": 1,
    "squat/squat_29.mp4": 1, "squat/slow_6count_side_front.mp4": 3,
    "negative/multi_person_walk_jump.mp4": 0,
}  # fmt: skip
DOWN_DEG, UP_DEG = 110.0, 160.0


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process, all threads)


def _clock() -> Timing:
    return time.perf_counter(), time.process_time()


def _since(start: Timing) -> Timing:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def naive_count(path: Path) -> tuple[int, int, Timing]:
    """(reps, frames, timing) of the naive loop."""
    start = _clock()
    pose = mp.solutions.pose.Pose(model_complexity=1)
    cap = cv2.VideoCapture(str(path))
    reps, frames, down = 0, 0, False
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames += 1
        result = pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        if result.pose_landmarks is None:
            continue
        p = np.array([[m.x, m.y] for m in result.pose_landmarks.landmark])
        knee = min(angle_between(p[23], p[25], p[27]), angle_between(p[24], p[26], p[28]))
        if not down and knee < DOWN_DEG:
            down = True
        elif down and knee > UP_DEG:
            down, reps = False, reps + 1
    cap.release()
    pose.close()
    return reps, frames, _since(start)


def footwork_count(path: Path) -> tuple[int, int, Timing]:
    """(reps, frames, timing) of footwork's own pipeline."""
    start = _clock()
    result = analyse_clip(path, "squat").result
    return result.rep_count, probe(path).frames, _since(start)


def best_of(run: Callable[[Path], tuple[int, int, Timing]], path: Path, repeats: int):
    """The run with the least wall time of ``repeats`` (others share the machine)."""
    runs = [run(path) for _ in range(repeats)]
    return min(runs, key=lambda r: r[2][0])


def speed_table(media: Path, repeats: int) -> None:
    print(f"{'clip':37s} {'fps':>4s} {'frames':>6s} {'naive':>6s} {'footwork':>8s} "
          f"{'ratio':>6s} {'cpu ratio':>9s}  reps naive/footwork/truth")  # fmt: skip
    sums: dict[str, np.ndarray] = {k: np.zeros(5) for k in ("all", "30")}
    right = {"naive": 0, "footwork": 0}
    for rel, truth in TRUTH.items():
        path = media / rel
        n_reps, frames, (n_wall, n_cpu) = best_of(naive_count, path, repeats)
        f_reps, _, (f_wall, f_cpu) = best_of(footwork_count, path, repeats)
        fps = probe(path).fps
        print(f"{rel:37s} {fps:4.0f} {frames:6d} {frames / n_wall:6.1f} {frames / f_wall:8.1f} "
              f"{n_wall / f_wall:5.2f}x {n_cpu / f_cpu:8.2f}x  {n_reps}/{f_reps}/{truth}",
              flush=True)  # fmt: skip
        row = np.array([frames, n_wall, f_wall, n_cpu, f_cpu])
        sums["all"] += row
        if round(fps) == 30:
            sums["30"] += row
        right["naive"] += n_reps == truth
        right["footwork"] += f_reps == truth
    for label, key in (("all clips", "all"), ("30 fps clips", "30")):
        frames, n_wall, f_wall, n_cpu, f_cpu = sums[key]
        print(f"{label}: naive {frames / n_wall:.1f} fps, footwork {frames / f_wall:.1f} fps, "
              f"ratio {n_wall / f_wall:.2f}x (CPU time ratio {n_cpu / f_cpu:.2f}x)")  # fmt: skip
    print(
        f"exact counts: naive {right['naive']}/{len(TRUTH)}, "
        f"footwork {right['footwork']}/{len(TRUTH)}"
    )


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
    parser.add_argument("--memory-only", action="store_true", help="skip the speed table")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child_run(args.child)
        return
    print(
        f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; "
        f"OpenCV {cv2.__version__}\n"
    )
    if not args.memory_only:
        speed_table(args.media, args.repeats)
    memory_table(args.media, args.long_repeats)


if __name__ == "__main__":
    main()
