"""The BlazePose estimator on real frames: one subject followed, upright poses only."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from video_media import media

from footwork.vision.pose.estimator import PoseEstimate
from footwork.vision.pose.mediapipe_pose import create_pose_estimator, is_upright


def _frame_of(clip: str) -> np.ndarray:
    cap = cv2.VideoCapture(str(media(clip)))
    ok, bgr = cap.read()
    cap.release()
    assert ok
    return cv2.cvtColor(cv2.resize(bgr, (640, 360)), cv2.COLOR_BGR2RGB)


def _canvas(left: np.ndarray | None, right: np.ndarray | None) -> np.ndarray:
    canvas = np.full((360, 1280, 3), 90, np.uint8)
    if left is not None:
        canvas[:, :640] = left
    if right is not None:
        canvas[:, 640:] = right
    return canvas


def _centre_x(est: PoseEstimate) -> float:
    return float(np.mean(est.xy[11:25, 0]))


@pytest.mark.slow
def test_the_followed_person_is_kept_and_a_newcomer_only_taken_once_they_are_gone():
    one, other = _frame_of("squat/squat_19.mp4"), _frame_of("squat/squat_18.mp4")
    estimator = create_pose_estimator()
    try:
        seen = [estimator.estimate(_canvas(one, None)) for _ in range(3)]
        assert all(est is not None and _centre_x(est) < 640 for est in seen)
        swapped = [estimator.estimate(_canvas(None, other)) for _ in range(12)]
    finally:
        estimator.close()
    assert swapped[:7] == [None] * 7  # someone else, elsewhere: not our subject
    later = [est for est in swapped[8:] if est is not None]
    assert later and all(_centre_x(est) > 640 for est in later)  # forgotten, newcomer followed


def test_upright_means_shoulders_above_hips_above_ankles():
    xy = np.zeros((33, 2))
    xy[[11, 12], 1], xy[[23, 24], 1], xy[[27, 28], 1] = 100, 300, 500
    assert is_upright(PoseEstimate(xy=xy, visibility=np.ones(33)))
    xy[[27, 28], 1] = 200  # ankles above the hips: a tracking failure
    assert not is_upright(PoseEstimate(xy=xy, visibility=np.ones(33)))
