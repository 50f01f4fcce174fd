"""Pose extraction with a scripted estimator: stride, shrinking, pixel scale, nobody frames."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from footwork.errors import RetakeNeeded
from footwork.vision.pose.estimator import PoseEstimate
from footwork.vision.pose.extract import (
    FULL_RATE,
    ExtractOptions,
    extract_photo_pose,
    extract_pose,
    stride_for,
)
from footwork.vision.pose.sequence import N_LANDMARKS, PoseSequence


class ScriptedEstimator:
    """Finds a 'person' at the centre of every frame except the dark ones."""

    def __init__(self) -> None:
        self.sizes: list[tuple[int, int]] = []

    def estimate(self, frame_rgb: np.ndarray) -> PoseEstimate | None:
        h, w = frame_rgb.shape[:2]
        self.sizes.append((w, h))
        if frame_rgb.mean() < 20:
            return None
        xy = np.tile([w / 2, h / 2], (N_LANDMARKS, 1)).astype(float)
        return PoseEstimate(xy=xy, visibility=np.full(N_LANDMARKS, 0.9))

    def close(self) -> None:
        pass


def _clip(path: Path, frames: int = 30, fps: float = 30.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (640, 480))
    for i in range(frames):
        level = 0 if 10 <= i < 15 else 128  # frames 10–14 are dark: nobody found
        writer.write(np.full((480, 640, 3), level, np.uint8))
    writer.release()
    return path


@pytest.mark.parametrize(
    ("fps", "target", "stride"),
    [(30, 7.5, 4), (25, 7.5, 3), (24, 7.5, 3), (60, 7.5, 8), (5, 7.5, 1), (30, None, 1)],
)
def test_the_stride_keeps_the_analysed_rate_near_the_target(fps, target, stride):
    assert stride_for(fps, target) == stride


def test_landmarks_come_back_in_the_pixels_of_the_original_frame(tmp_path):
    estimator = ScriptedEstimator()
    seq = extract_pose(_clip(tmp_path / "c.mp4"), estimator,
                       options=ExtractOptions(target_fps=10, max_side=320))  # fmt: skip
    assert set(estimator.sizes) == {(320, 240)}
    assert len(seq) == 10 and seq.fps == pytest.approx(10.0)
    assert seq.times[:3] == pytest.approx([0.0, 0.1, 0.2])
    assert (seq.width, seq.height) == (640, 480)
    assert seq.point("nose")[0] == pytest.approx([320, 240])


def test_frames_with_nobody_hold_nan_and_zero_visibility(tmp_path):
    seq = extract_pose(_clip(tmp_path / "c.mp4"), ScriptedEstimator(), options=FULL_RATE)
    nobody = np.isnan(seq.xy[:, 0, 0])
    assert np.flatnonzero(nobody).tolist() == [10, 11, 12, 13, 14]
    assert (seq.visibility[nobody] == 0).all()


def test_progress_is_reported_per_analysed_frame(tmp_path):
    seen: list[tuple[int, int]] = []
    options = ExtractOptions(target_fps=10)
    extract_pose(_clip(tmp_path / "c.mp4"), ScriptedEstimator(), options=options,
                 progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    assert seen[0] == (1, 10) and seen[-1] == (10, 10)


def test_a_photo_is_one_frame_and_nobody_asks_for_a_retake(tmp_path):
    photo = tmp_path / "p.png"
    cv2.imwrite(str(photo), np.full((100, 200, 3), 128, np.uint8))
    seq = extract_photo_pose(photo, ScriptedEstimator())
    assert len(seq) == 1 and (seq.width, seq.height) == (200, 100)
    cv2.imwrite(str(photo), np.zeros((100, 200, 3), np.uint8))
    with pytest.raises(RetakeNeeded, match="No person found"):
        extract_photo_pose(photo, ScriptedEstimator())


class MovingEstimator(ScriptedEstimator):
    """A body that stands still for the first half of the clip, then moves every frame."""

    def __init__(self, still_until: int) -> None:
        super().__init__()
        self.still_until = still_until
        self.calls = 0

    def estimate(self, frame_rgb: np.ndarray) -> PoseEstimate | None:
        self.calls += 1
        est = super().estimate(np.full_like(frame_rgb, 128))
        assert est is not None
        xy = est.xy + np.linspace(0, 100, N_LANDMARKS)[:, None]  # a body 100 px tall
        if self.calls > self.still_until:
            xy = xy + 10.0 * self.calls  # 10% of body height per look
        return PoseEstimate(xy=xy, visibility=est.visibility)


def test_frames_are_skipped_while_still_and_filled_in_evenly(tmp_path):
    estimator = MovingEstimator(still_until=1000)
    seq = extract_pose(_clip(tmp_path / "c.mp4", frames=30), estimator,
                       options=ExtractOptions(target_fps=None, max_side=None))  # fmt: skip
    assert len(seq) == 30
    assert estimator.calls == 16  # looks at frames 0, 1, then every other one, and the last
    assert np.isfinite(seq.xy[:-1]).all()
    assert seq.times == pytest.approx(np.arange(30) / 30.0)


def test_a_moving_body_is_looked_at_every_time(tmp_path):
    estimator = MovingEstimator(still_until=0)
    extract_pose(_clip(tmp_path / "c.mp4", frames=30), estimator,
                 options=ExtractOptions(target_fps=None, max_side=None))  # fmt: skip
    assert estimator.calls == 30


def test_the_sequence_constructors_give_what_the_readers_give(tmp_path):
    clip = _clip(tmp_path / "c.mp4")
    options = ExtractOptions(target_fps=10, max_side=320)
    seen: list[tuple[int, int]] = []
    made = PoseSequence.from_clip(clip, ScriptedEstimator(), options,
                                  progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    read = extract_pose(clip, ScriptedEstimator(), options=options)
    assert np.array_equal(made.xy, read.xy, equal_nan=True)
    assert np.array_equal(made.times, read.times) and made.fps == read.fps
    assert seen[-1] == (10, 10)
    assert len(PoseSequence.from_clip(clip, ScriptedEstimator())) == len(
        extract_pose(clip, ScriptedEstimator())
    )
    photo = tmp_path / "p.png"
    cv2.imwrite(str(photo), np.full((100, 200, 3), 128, np.uint8))
    assert PoseSequence.from_photo(photo, ScriptedEstimator()).source == str(photo)


def _decoding() -> bool:
    return any(t.name == "footwork-decode" and t.is_alive() for t in threading.enumerate())


class BuiltLate(ScriptedEstimator):
    """Records whether the clip was already being decoded when it was built, and its close."""

    def __init__(self) -> None:
        super().__init__()
        self.decoding_at_build = _decoding()
        self.closed = False
        _BUILT.append(self)

    def close(self) -> None:
        self.closed = True


_BUILT: list[BuiltLate] = []


def test_a_model_given_as_its_builder_is_built_while_decoding_and_closed(tmp_path):
    clip = _clip(tmp_path / "c.mp4")
    _BUILT.clear()
    seq = PoseSequence.from_clip(clip, BuiltLate, ExtractOptions(target_fps=10))
    (model,) = _BUILT
    assert model.decoding_at_build and model.closed
    assert np.array_equal(seq.xy, extract_pose(clip, ScriptedEstimator(),
                          options=ExtractOptions(target_fps=10)).xy, equal_nan=True)  # fmt: skip
    assert not _decoding()


def test_a_model_that_fails_to_build_releases_the_clip(tmp_path):
    def broken() -> ScriptedEstimator:
        raise RuntimeError("no model")

    with pytest.raises(RuntimeError, match="no model"):
        extract_pose(_clip(tmp_path / "c.mp4"), broken)
    assert not _decoding()


def test_importing_the_sequence_module_loads_no_video_reader():
    code = (
        "import sys, footwork.vision.pose.sequence; "
        "print(sorted(m for m in ('cv2', 'footwork.vision.pose.extract', "
        "'footwork.vision.pose.landmark_csv') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
