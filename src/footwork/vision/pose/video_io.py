"""Reading clips: probe a file, then stream its frames one at a time (never the whole clip).

``probe`` refuses what cannot be analysed (missing file, not a video, zero frames) with a
message that says what to do. It opens the file and decodes a frame (~30 ms of CPU for a
720p clip, more for 1080p), and one analysis asks several times (refuse early, choose the
stride, draw), so its answer is kept per file version (path, size, modification time).
``iter_frames`` decodes lazily, can skip frames (``stride``) and shrink them (``max_side``),
and ``prefetch`` decodes ahead on a thread so decoding overlaps with pose inference.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from footwork.errors import NotFound, UnreadableMedia

VIDEO_SUFFIXES = (".mp4", ".mov", ".webm", ".avi", ".gif", ".m4v", ".mkv")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")
_FALLBACK_FPS = 10.0  # GIFs and some webm files report no frame rate
TRUNCATED_SHARE = 0.9  # fewer frames than this share of the declared count = truncated file
_EXPORT_HINT = "Export the clip again from your phone (MP4 or MOV) and try once more."


@dataclass(frozen=True)
class VideoInfo:
    path: Path
    fps: float
    frames: int
    width: int
    height: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps if self.fps > 0 else 0.0


@dataclass(frozen=True)
class Frame:
    index: int  # frame number in the file
    time_s: float
    rgb: np.ndarray  # (H, W, 3) uint8


def _open(path: Path) -> cv2.VideoCapture:
    if not path.exists():
        raise NotFound(f"No file at {path}.", hint="Check the path and try again.")
    if path.is_dir():
        raise UnreadableMedia(f"{path} is a folder, not a video.", hint="Give the clip's file.")
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        cap.release()
        raise UnreadableMedia(
            f"{path.name} is not a video footwork can read (mp4, mov, webm, avi or GIF), "
            "or the file is damaged or incomplete.",
            hint=_EXPORT_HINT,
        )
    return cap


def probe(path: Path) -> VideoInfo:
    """Frame rate, frame count and size of a clip; raises UnreadableMedia if unusable."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not path.is_file():
        return _probe(path)  # raises NotFound / UnreadableMedia with the right words
    return _probe_version(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _probe_version(path: Path, size: int, mtime_ns: int) -> VideoInfo:
    """One probe per version of a file (a refusal raises and is not kept)."""
    return _probe(path)


def _probe(path: Path) -> VideoInfo:
    cap = _open(path)
    try:
        fps = cap.get(cv2.CAP_PROP_FPS)
        width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        first_ok = cap.grab()
    finally:
        cap.release()
    if not first_ok or width <= 0 or height <= 0:
        raise UnreadableMedia(
            f"{path.name} has no frames that can be decoded (empty, truncated or not a video).",
            hint=_EXPORT_HINT,
        )
    fps = fps if 1.0 <= fps <= 240.0 else _FALLBACK_FPS
    return VideoInfo(path=path, fps=float(fps), frames=max(frames, 1), width=width, height=height)


def _resized(bgr: np.ndarray, max_side: int | None) -> np.ndarray:
    h, w = bgr.shape[:2]
    if max_side is None or max(h, w) <= max_side:
        return bgr
    scale = max_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)


def iter_frames(
    path: Path, *, stride: int = 1, max_side: int | None = None, fps: float | None = None
) -> Iterator[Frame]:
    """Yield every ``stride``-th frame as RGB, shrunk so its longer side is ≤ ``max_side``.

    Skipped frames are only grabbed (demuxed and decoded, not converted). Raises
    UnreadableMedia after the last frame if the stream stopped well short of the frame count
    its header declares (a truncated file).
    """
    if stride < 1:
        raise ValueError("stride must be >= 1")
    rate = fps if fps is not None else probe(path).fps
    cap = _open(path)
    try:
        declared = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        index = 0
        while cap.grab():
            if index % stride == 0:
                ok, bgr = cap.retrieve()
                if not ok or bgr is None:
                    break
                rgb = cv2.cvtColor(_resized(bgr, max_side), cv2.COLOR_BGR2RGB)
                yield Frame(index=index, time_s=index / rate, rgb=rgb)
            index += 1
    finally:
        cap.release()
    _check_complete(path, index, declared)


def _check_complete(path: Path, read: int, declared: int) -> None:
    """Refuse a clip whose frames stop well before its declared length."""
    if declared > 0 and read < TRUNCATED_SHARE * declared and declared - read > 5:
        raise UnreadableMedia(
            f"{path.name} is incomplete: only {read} of its {declared} frames could be read "
            "(the file was probably cut short while copying or uploading).",
            hint="Copy or export the clip again and retry.",
        )


def read_image(path: Path) -> np.ndarray:
    """One photo as RGB; raises UnreadableMedia if it is not an image."""
    if not path.exists():
        raise NotFound(f"No file at {path}.", hint="Check the path and try again.")
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise UnreadableMedia(
            f"{path.name} is not an image footwork can read.",
            hint="Use a JPEG or PNG photo.",
        )
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


_DONE = object()


class Prefetch(Iterator[Frame]):
    """Frames decoded ahead on a background thread, which starts at once (so decoding the
    first frames overlaps with whatever the caller does next, e.g. building the pose model);
    at most ``depth`` frames are held. ``close`` (or the end of a ``with`` block) stops the
    thread and releases the clip, also when the frames were never read."""

    def __init__(self, frames: Iterator[Frame], depth: int = 4) -> None:
        self._slots: queue.Queue[object] = queue.Queue(maxsize=max(2, depth))
        self._stop = threading.Event()
        self._finished = False
        self._worker = threading.Thread(
            target=self._produce, args=(frames,), name="footwork-decode", daemon=True
        )
        self._worker.start()

    def _produce(self, frames: Iterator[Frame]) -> None:
        try:
            for frame in frames:
                if self._stop.is_set():
                    return
                self._slots.put(frame)
        except BaseException as exc:  # handed to the consumer, re-raised there
            self._slots.put(exc)
        finally:
            self._slots.put(_DONE)

    def __next__(self) -> Frame:
        if self._finished:
            raise StopIteration
        item = self._slots.get()
        if item is _DONE:
            self.close()
            raise StopIteration
        if isinstance(item, BaseException):
            self.close()
            raise item
        assert isinstance(item, Frame)
        return item

    def close(self) -> None:
        self._finished = True
        self._stop.set()
        for _ in range(100):  # the producer may be blocked on a full queue: drain until it ends
            _empty(self._slots)
            self._worker.join(timeout=0.05)
            if not self._worker.is_alive():
                return

    def __enter__(self) -> Prefetch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prefetch(frames: Iterator[Frame], depth: int = 4) -> Prefetch:
    """Decode ahead on a background thread; at most ``depth`` frames are held at once."""
    return Prefetch(frames, depth)


def _empty(slots: queue.Queue[object]) -> None:
    while True:
        try:
            slots.get_nowait()
        except queue.Empty:
            return
