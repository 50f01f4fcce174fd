"""Annotated video: skeleton, rep counter, phase and form cues drawn over the clip.

Drawing only reads what the analysis produced (``AnalysisResult`` and the ``PoseSequence``);
it never counts. Frames that were not analysed get a skeleton only where it can be trusted:
interpolated over short, slow moves, held for a frame after a fast one, otherwise left out
(``InBetween`` gives the bounds and the measurements behind them).

Browser-playable output: H.264 in MP4 when this OpenCV build can encode it ('avc1'),
otherwise VP8 in WebM (every current browser plays both). The file actually written is
returned, because its suffix may change from .mp4 to .webm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from footwork.errors import Fix, InvalidInput
from footwork.vision.pose.lunge_measure import ShinMeasurement
from footwork.vision.pose.result import AnalysisResult, Rep
from footwork.vision.pose.sequence import LANDMARK_INDEX, N_LANDMARKS, PoseSequence
from footwork.vision.pose.video_io import iter_frames, probe, read_image
from footwork.vision.quiet import native_stderr_silenced

Progress = Callable[[int, int], None]

MAX_OUTPUT_SIDE = 854  # 480p: VP8 encodes 1280×720 at only ~14 frames/s on one core
_CODECS = {".mp4": ("avc1", ".mp4"), ".webm": ("VP80", ".webm")}
VIDEO_OUTPUTS = (".mp4", ".webm")  # names --annotate accepts

_LIMBS = (
    ("shoulder", "elbow"), ("elbow", "wrist"), ("shoulder", "hip"), ("hip", "knee"),
    ("knee", "ankle"), ("ankle", "heel"), ("heel", "foot_index"), ("ankle", "foot_index"),
)  # fmt: skip
BONES: tuple[tuple[str, str], ...] = (
    *((f"{side}_{a}", f"{side}_{b}") for side in ("left", "right") for a, b in _LIMBS),
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
)

PHASE_WORDS: dict[str, tuple[str, str, str, str]] = {
    # exercise: (moving out, held at the far end, coming back, at rest)
    "squat": ("lowering", "bottom", "rising", "standing"),
    "banded-squat": ("lowering", "bottom", "rising", "standing"),
    "heel-raise": ("rising", "top", "lowering", "heels down"),
}
_DEFAULT_PHASES = ("moving", "end range", "returning", "rest")
_LEFT, _RIGHT, _CENTRE = (255, 140, 0), (0, 160, 255), (230, 230, 230)  # BGR


@dataclass(frozen=True)
class WrittenVideo:
    path: Path
    codec: str


@contextmanager
def _quiet_opencv() -> Iterator[None]:
    """Silence OpenCV and FFmpeg while probing encoders that may be missing."""
    previous = cv2.getLogLevel()
    cv2.setLogLevel(0)  # silent
    try:
        with native_stderr_silenced():
            yield
    finally:
        cv2.setLogLevel(previous)


def open_writer(
    out: Path, fps: float, size: tuple[int, int]
) -> tuple[cv2.VideoWriter, WrittenVideo]:
    """A browser-playable video writer: H.264 MP4 if possible, else VP8 WebM."""
    suffix = out.suffix.lower()
    if suffix not in VIDEO_OUTPUTS:
        raise InvalidInput(f"Cannot write a video called {out.name}.", hint="Use .mp4 or .webm.")
    out.parent.mkdir(parents=True, exist_ok=True)
    order = [".webm"] if suffix == ".webm" else [".mp4", ".webm"]
    for kind in order:
        fourcc, ext = _CODECS[kind]
        target = out if kind == suffix else out.with_suffix(ext)
        with _quiet_opencv():
            writer = cv2.VideoWriter(str(target), cv2.VideoWriter.fourcc(*fourcc), fps, size)
        if writer.isOpened():
            return writer, WrittenVideo(target, fourcc)
        writer.release()
        target.unlink(missing_ok=True)
    raise InvalidInput("This OpenCV build cannot write H.264 or VP8 video.",
                       hint="Ask for no annotated video, or install an OpenCV with FFmpeg.",
                       fix=Fix.NO_ANNOTATION)  # fmt: skip


@dataclass(frozen=True)
class InBetween:
    """When a frame that was not analysed gets a skeleton, and which.

    Measured on five real clips (jump squats, fast shallow squats, heel raises with a turn,
    lunges, a head leaving the picture), the model run on every frame
    (``ExtractOptions(target_fps=None)``) against the points interpolated from the default
    every 4th frame (gaps of 0.13–0.14 s), error in body heights. A point that moved at most
    ``max_move`` × body height between the two analysed frames around it was interpolated
    within a median of 1–3 % of body height (90th percentile 3–7 %), within the model's own
    disagreement between two runs on the same frames (worst point of the body: median 3 %,
    90th percentile 10 %): over such a short move the path is close to a straight line.
    Points that moved 0.3 body heights or more (a jump's take-off, arms swinging, a wrong pose
    on one side) were off by a median of 10–27 % when interpolated, the skeleton drawn
    narrower than the body or collapsing; they are instead drawn where they were analysed for
    ``hold_frames`` video frames either side (a frame's lag is a quarter of that move), and
    left out between.
    """

    max_gap_s: float = 0.3  # twice the gap between analysed frames (0.13–0.15 s); longer: a cut
    max_move: float = 0.2  # × body height between the two analysed frames (see above)
    hold_frames: float = 1.0  # an analysed point is shown this many video frames either side


IN_BETWEEN = InBetween()


def landmarks_at(
    seq: PoseSequence, t: float, frame_s: float = 0.0, rule: InBetween = IN_BETWEEN
) -> np.ndarray:
    """(33, 2) landmarks at time ``t`` (a video frame ``frame_s`` long); NaN where not drawn.

    Analysed frames give their own points. Between two analysed frames no more than
    ``rule.max_gap_s`` apart, a point that moved little is interpolated linearly; one that
    moved fast is held from the nearer analysed frame if that is within ``rule.hold_frames``
    video frames, else left out (see ``InBetween``). NaN outside the tracked span.
    """
    times = seq.times
    none = np.full((N_LANDMARKS, 2), np.nan)
    if len(times) == 0 or t < times[0] - 1e-9 or t > times[-1] + 1e-9:
        return none
    j = int(np.searchsorted(times, t))
    if j < len(times) and abs(times[j] - t) <= 1e-9:
        return seq.xy[j]
    i = j - 1
    if times[j] - times[i] > rule.max_gap_s:
        return _held(seq, t, i, j, frame_s * rule.hold_frames, none)
    a, b = seq.xy[i], seq.xy[j]
    w = (t - times[i]) / (times[j] - times[i])
    out = (1 - w) * a + w * b
    moved = np.linalg.norm(b - a, axis=1)
    fast = ~(moved <= rule.max_move * _body_height(a, b))  # NaN heights count as fast
    out[fast] = _held(seq, t, i, j, frame_s * rule.hold_frames, none)[fast]
    return out


def _held(
    seq: PoseSequence, t: float, i: int, j: int, hold_s: float, none: np.ndarray
) -> np.ndarray:
    """The nearer analysed frame's points if it is within ``hold_s`` of ``t``, else NaN."""
    near = i if t - seq.times[i] <= seq.times[j] - t else j
    return seq.xy[near].copy() if abs(seq.times[near] - t) <= hold_s + 1e-9 else none.copy()


def _body_height(a: np.ndarray, b: np.ndarray) -> float:
    """Height of the body (shoulders down) in the taller of two poses; NaN if neither."""
    heights = [np.nanmax(p[11:, 1]) - np.nanmin(p[11:, 1]) for p in (a, b)
               if np.isfinite(p[11:, 1]).sum() >= 2]  # fmt: skip
    return float(max(heights)) if heights else float("nan")


def phase_at(result: AnalysisResult, t: float) -> str:
    """The movement phase at time ``t``, in words that fit the exercise."""
    out_w, hold_w, back_w, rest_w = PHASE_WORDS.get(result.exercise, _DEFAULT_PHASES)
    for rep in result.reps:
        if rep.start_s <= t <= rep.end_s:
            return _phase_in_rep(rep, t, (out_w, hold_w, back_w))
    return rest_w


def _phase_in_rep(rep: Rep, t: float, words: tuple[str, str, str]) -> str:
    m = rep.measures
    out_s = m.get("descent_s", m.get("up_s"))
    hold_s = m.get("bottom_s", m.get("top_s"))
    if out_s is not None and hold_s is not None:
        if t < rep.start_s + out_s:
            return words[0]
        return words[1] if t <= rep.start_s + out_s + hold_s else words[2]
    peak = rep.peak_s if rep.peak_s is not None else (rep.start_s + rep.end_s) / 2
    return words[0] if t < peak else words[2]


def reps_done_at(result: AnalysisResult, t: float) -> int:
    return sum(1 for r in result.reps if r.end_s <= t)


def cues_at(result: AnalysisResult, t: float) -> list[str]:
    """Form cues of the last finished rep, shown until the next rep finishes."""
    done = [r.index for r in result.reps if r.end_s <= t]
    if not done:
        return []
    return [f.message for f in result.findings if f.rep == done[-1]]


def draw_frame(frame_bgr: np.ndarray, points: np.ndarray, result: AnalysisResult, t: float) -> None:
    """Draw skeleton and panel onto ``frame_bgr`` in place (``points`` in its pixels)."""
    scale = max(frame_bgr.shape[:2]) / 1000
    _draw_skeleton(frame_bgr, points, scale)
    lines = [f"{result.exercise}   reps {reps_done_at(result, t)}", phase_at(result, t)]
    _draw_panel(frame_bgr, lines, cues_at(result, t), scale)


def _draw_skeleton(img: np.ndarray, points: np.ndarray, scale: float) -> None:
    pen = max(1, round(3 * scale))
    for a, b in BONES:
        pa, pb = points[LANDMARK_INDEX[a]], points[LANDMARK_INDEX[b]]
        if np.isfinite(pa).all() and np.isfinite(pb).all():
            colour = _LEFT if a.startswith("left") and b.startswith("left") else (
                _RIGHT if a.startswith("right") and b.startswith("right") else _CENTRE)  # fmt: skip
            cv2.line(img, _px(pa), _px(pb), colour, pen, cv2.LINE_AA)
    for p in points[11:]:
        if np.isfinite(p).all():
            cv2.circle(img, _px(p), pen + 2, (255, 255, 255), -1, cv2.LINE_AA)


def _px(p: np.ndarray) -> tuple[int, int]:
    return round(float(p[0])), round(float(p[1]))


def _draw_panel(img: np.ndarray, lines: list[str], cues: list[str], scale: float) -> None:
    size, pen = 0.9 * scale, max(1, round(2 * scale))
    step = int(40 * scale)
    height = step * (len(lines) + len(cues)) + step // 2
    overlay = img.copy()
    cv2.rectangle(overlay, (0, 0), (img.shape[1], height), (0, 0, 0), -1)
    cv2.addWeighted(overlay, 0.55, img, 0.45, 0, dst=img)
    y = step
    for text, colour in [(s, (255, 255, 255)) for s in lines] + [(c, (80, 220, 255)) for c in cues]:
        cv2.putText(img, text, (int(12 * scale), y), cv2.FONT_HERSHEY_SIMPLEX, size, colour, pen,
                    cv2.LINE_AA)  # fmt: skip
        y += step
        size = min(size, 0.7 * scale) if y > 2 * step else size


def write_annotated(
    clip: Path,
    seq: PoseSequence,
    result: AnalysisResult,
    out: Path,
    progress: Progress | None = None,
) -> WrittenVideo:
    """Write the clip with skeleton, rep counter, phase and cues to ``out`` (streamed)."""
    info = probe(clip)
    scale = min(1.0, MAX_OUTPUT_SIDE / max(info.width, info.height))
    size = (round(info.width * scale) // 2 * 2, round(info.height * scale) // 2 * 2)
    writer, written = open_writer(out, info.fps, size)
    try:
        for frame in iter_frames(clip, fps=info.fps):
            bgr = cv2.cvtColor(cv2.resize(frame.rgb, size), cv2.COLOR_RGB2BGR)
            points = landmarks_at(seq, frame.time_s, 1 / info.fps) * np.array(
                [size[0] / info.width, size[1] / info.height]
            )
            draw_frame(bgr, points, result, frame.time_s)
            writer.write(bgr)
            if progress is not None:
                progress(frame.index + 1, info.frames)
    finally:
        writer.release()
    return written


def draw_shin_angle(image_bgr: np.ndarray, shin: ShinMeasurement, scale: float = 1.0) -> None:
    """Draw the measured shin line, a plumb line through the ankle and the angle, in place."""
    knee = np.array(shin.knee_xy) * scale
    ankle = np.array(shin.ankle_xy) * scale
    length = float(np.linalg.norm(knee - ankle))
    size = max(image_bgr.shape[:2]) / 1000
    pen = max(2, round(3 * size))
    cv2.line(image_bgr, _px(ankle), _px(ankle - [0, length]), (255, 255, 255), pen, cv2.LINE_AA)
    cv2.line(image_bgr, _px(ankle), _px(knee), (0, 200, 255), pen + 1, cv2.LINE_AA)
    for p in (knee, ankle):
        cv2.circle(image_bgr, _px(p), pen + 3, (0, 0, 255), -1, cv2.LINE_AA)
    label = f"{shin.side} shin {shin.angle_deg:.1f} deg from vertical"
    _draw_panel(image_bgr, [label], shin.warnings, size)


def write_shin_image(source: Path, seq: PoseSequence, shin: ShinMeasurement, out: Path) -> Path:
    """Save the photo, or the clip frame that was measured, with the shin angle drawn on it."""
    if out.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise InvalidInput(f"Cannot write an image called {out.name}.", hint="Use .png or .jpg.")
    rgb = _frame_at(source, seq, shin)
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    draw_shin_angle(bgr, shin, scale=bgr.shape[1] / seq.width)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), bgr):
        raise InvalidInput(
            f"Could not write {out}.", hint="Check the folder exists and is writable."
        )
    return out


def _frame_at(source: Path, seq: PoseSequence, shin: ShinMeasurement) -> np.ndarray:
    if len(seq) == 1:
        return read_image(source)
    target = seq.times[shin.frame]
    best: np.ndarray | None = None
    for frame in iter_frames(source):
        best = frame.rgb
        if frame.time_s >= target - 1e-6:
            break
    assert best is not None
    return best
