"""Footprint analysis on a 12-megapixel photo: working resolution vs the naive full-size run.

    .venv/bin/python bench/bench_footprint.py

Generates a seeded 4000x3000 photo of a foot on a whole A4 sheet (camera roll, perspective,
ink texture, JPEG), then times two runs of the same analysis:

- baseline: the naive pipeline at full resolution (no shrinking, sheet rectified at its
  native ~9 px/mm);
- footwork: the photo shrunk to 1400 px on its long side, sheet rectified at ≤ 4 px/mm.

Both timings include reading the JPEG file from disk. Prints the best of several runs for
each, the ratio, and the arch index of both (they must agree, or the speed-up is worthless).

Then one podoscope line: a seeded podoscope photo of both feet (light contact on a dark
plate), enlarged to a phone's resolution (3000 px high), read with the polarity decided by
footwork; the time and both feet's arch indices against the truth.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import cv2

from footwork.synth.footprint import podoscope_photo, random_photo
from footwork.vision.image_io import read_image, write_image
from footwork.vision.pictures.footprint_photo import analyse_photo

SIZE = (4000, 3000)
REPEATS = 3
T = TypeVar("T")


def best_time(run: Callable[[], T]) -> tuple[float, T]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    photo = random_photo(7, sheet_visible=True, size_px=SIZE)
    image = photo.image
    truth = photo.feet[0]
    full = max(image.shape[:2])
    with tempfile.TemporaryDirectory() as folder:
        path = write_image(Path(folder) / "print.jpg", image)
        read_s, _ = best_time(lambda: read_image(path))
        naive_s, naive = best_time(
            lambda: analyse_photo(read_image(path), long_side=full, max_px_per_mm=20.0)
        )
        ours_s, ours = best_time(lambda: analyse_photo(read_image(path)))
    megapixels = image.shape[0] * image.shape[1] / 1e6
    print(f"photo: {image.shape[1]}x{image.shape[0]} ({megapixels:.1f} MP), whole A4 sheet")
    print(f"reading the JPEG alone: {read_s:.3f} s (included below)")
    print(f"baseline (full resolution, {naive.px_per_mm:.1f} px/mm): {naive_s:.3f} s")
    print(f"footwork (working resolution, {ours.px_per_mm:.1f} px/mm): {ours_s:.3f} s")
    print(f"speed-up: {naive_s / ours_s:.1f}x")
    for name, result in (("baseline", naive), ("footwork", ours)):
        foot = result.prints[0]
        length = foot.full_length_px / result.px_per_mm
        print(f"{name}: arch index {foot.arch_index:.4f} (truth {truth.arch_index:.4f}), "
              f"length {length:.1f} mm (truth {truth.length_mm:.1f} mm)")  # fmt: skip
    assert abs(ours.prints[0].arch_index - truth.arch_index) <= 0.01
    podoscope()


def podoscope() -> None:
    scene = podoscope_photo(7)
    zoom = min(SIZE[0] / scene.image.shape[1], SIZE[1] / scene.image.shape[0])  # keep shape
    image = cv2.resize(scene.image, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    with tempfile.TemporaryDirectory() as folder:
        path = write_image(Path(folder) / "podoscope.jpg", image)
        seconds, seen = best_time(lambda: analyse_photo(read_image(path)))
    indices = ", ".join(
        f"{t.side.value} {p.arch_index:.4f} (truth {t.arch_index:.4f})"
        for t, p in zip(scene.feet, seen.prints, strict=True)
    )
    height, width = image.shape[:2]
    print(f"podoscope {width}x{height}, both feet, read as podoscope={seen.podoscope}: "
          f"{seconds:.3f} s; arch index {indices}")  # fmt: skip
    assert seen.podoscope
    for t, p in zip(scene.feet, seen.prints, strict=True):
        assert abs(p.arch_index - t.arch_index) <= 0.01


if __name__ == "__main__":
    main()
