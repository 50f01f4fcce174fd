"""Shin inclination for the knee-to-wall lunge: largest angle with the heel still down."""

from __future__ import annotations

import numpy as np
import pytest

from footwork.errors import RetakeNeeded
from footwork.synth.motion import lunge_test
from footwork.vision.pose.lunge_measure import heel_down, measure_shin_angle
from footwork.vision.pose.sequence import LANDMARK_INDEX, N_LANDMARKS, PoseSequence

SHIN_PX = 240.0


def _lunge(
    angles_deg: np.ndarray, heel_lift_px: np.ndarray, *, facing: float = 1.0
) -> PoseSequence:
    """Side view: left ankle fixed, knee travelling forward; ``facing`` -1 mirrors it."""
    t = len(angles_deg)
    xy = np.full((t, N_LANDMARKS, 2), np.nan)
    rad = np.radians(angles_deg)
    ankle = np.stack([np.full(t, 400.0), 1000.0 - heel_lift_px * 0.7], axis=1)
    knee = ankle + np.stack([facing * SHIN_PX * np.sin(rad), -SHIN_PX * np.cos(rad)], axis=1)

    def near(track: np.ndarray, dx: float, dy: float) -> np.ndarray:
        return track + np.array([facing * dx, dy])

    def fixed(x: float, y: float) -> np.ndarray:
        return np.tile([x, y], (t, 1))

    heel = np.stack([ankle[:, 0] - facing * 30, ankle[:, 1] + 20 - heel_lift_px * 0.3], axis=1)
    parts = {
        "left_ankle": ankle, "left_knee": knee, "left_heel": heel,
        "left_foot_index": fixed(400 + facing * 120, 1025), "left_hip": near(knee, -60, -220),
        "left_shoulder": near(knee, -40, -520), "right_shoulder": near(knee, -42, -522),
        "right_hip": near(knee, -62, -222), "right_ankle": fixed(250, 1000),
        "right_knee": fixed(260, 770), "right_heel": fixed(225, 1020),
    }  # fmt: skip
    for name, track in parts.items():
        xy[:, LANDMARK_INDEX[name]] = track
    vis = np.where(np.isfinite(xy[..., 0]), 0.9, 0.0)
    return PoseSequence(xy=xy, visibility=vis, times=np.arange(t) / 15.0, fps=15.0, width=800,
                        height=1200, source="scripted")  # fmt: skip


def test_the_largest_angle_with_the_heel_down_is_taken():
    angles = np.concatenate([np.linspace(5, 38, 30), np.full(10, 38.0), np.linspace(38, 48, 10)])
    lift = np.concatenate([np.zeros(40), np.full(10, 40.0)])  # the heel comes up to go further
    shin = measure_shin_angle(_lunge(angles, lift), "left")
    assert shin.angle_deg == pytest.approx(38.0, abs=0.5)
    assert shin.view == "side" and shin.warnings == []
    assert 29 <= shin.frame < 40  # reached 38° at frame 29, heel up from frame 40


def test_the_angle_does_not_depend_on_which_way_the_person_faces():
    angles, lift = np.linspace(0, 30, 20), np.zeros(20)
    forward = measure_shin_angle(_lunge(angles, lift), "left").angle_deg
    mirrored = measure_shin_angle(_lunge(angles, lift, facing=-1.0), "left").angle_deg
    assert forward == pytest.approx(mirrored) == pytest.approx(30.0, abs=0.5)


def test_a_lifted_heel_is_seen():
    lift = np.concatenate([np.zeros(20), np.full(10, 40.0)])
    down = heel_down(_lunge(np.full(30, 30.0), lift), "left")
    assert down[:12].all() and not down[20:].any()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("heel_lift", [False, True])
@pytest.mark.slow
def test_on_generated_lunges_the_angle_is_within_two_degrees_even_when_the_heel_lifts(
    seed, heel_lift
):
    truth = {"left": 38.0, "right": 44.0}
    clip = lunge_test(("left", "right"), truth, heel_lift=heel_lift, seed=seed)
    for side in ("left", "right"):
        measured = measure_shin_angle(clip.seq, side).angle_deg
        assert measured == pytest.approx(clip.truth.summary[f"max_shin_angle_deg_{side}"], abs=2.0)


def test_a_one_frame_glitch_is_not_the_maximum():
    angles = np.full(20, 32.0)
    angles[7] = 70.0
    assert measure_shin_angle(_lunge(angles, np.zeros(20)), "left").angle_deg == pytest.approx(32.0)


def test_a_photo_warns_that_it_cannot_check_the_heel():
    shin = measure_shin_angle(_lunge(np.array([35.0]), np.zeros(1)), "left")
    assert shin.angle_deg == pytest.approx(35.0)
    assert any("heel" in w for w in shin.warnings)


def test_an_unseen_leg_asks_for_a_retake():
    seq = _lunge(np.full(10, 30.0), np.zeros(10))
    seq.visibility[:, LANDMARK_INDEX["left_knee"]] = 0.05
    with pytest.raises(RetakeNeeded, match="left knee and ankle could not be seen"):
        measure_shin_angle(seq, "left")


def test_frames_where_the_leg_is_hidden_are_skipped_quietly():
    angles = np.full(20, 30.0)
    angles[12] = 36.0
    seq = _lunge(angles, np.zeros(20))
    seq.visibility[2:8, LANDMARK_INDEX["left_ankle"]] = 0.1  # hidden for six frames
    shin = measure_shin_angle(seq, "left")
    assert shin.angle_deg == pytest.approx(30.0)  # the single 36° frame is a glitch
    assert shin.frames_used == 14
