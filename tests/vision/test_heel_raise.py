"""Heel-raise counting on a scripted side-view stick figure (no real heel-raise clip exists)."""

from __future__ import annotations

import numpy as np
import pytest

from footwork.vision.pose.classify import guess_exercise
from footwork.vision.pose.exercises import get_analyser
from footwork.vision.pose.sequence import LANDMARK_INDEX, N_LANDMARKS, PoseSequence

FPS = 30.0
# A standing person seen from the side, pixels of a 720×1280 portrait frame.
STANDING = {
    "nose": (372, 170), "left_ear": (360, 160), "right_ear": (360, 160),
    "left_shoulder": (360, 300), "right_shoulder": (362, 302), "left_elbow": (365, 450),
    "right_elbow": (367, 452), "left_wrist": (370, 590), "right_wrist": (372, 592),
    "left_hip": (355, 620), "right_hip": (357, 622), "left_knee": (362, 860),
    "right_knee": (364, 862), "left_ankle": (355, 1090), "right_ankle": (357, 1092),
    "left_heel": (330, 1110), "right_heel": (332, 1112), "left_foot_index": (430, 1115),
    "right_foot_index": (432, 1117),
}  # fmt: skip


def _rise_script(reps: int, *, up_s=1.0, top_s=1.0, down_s=1.0, rest_s=1.0, lead_s=1.5):
    """Heel height over time (0..1) for ``reps`` raises; ends with ``rest_s`` flat."""
    parts = [np.zeros(int(lead_s * FPS))]
    for _ in range(reps):
        up = (1 - np.cos(np.linspace(0, np.pi, int(up_s * FPS)))) / 2
        parts += [up, np.ones(int(top_s * FPS)), up[::-1], np.zeros(int(rest_s * FPS))]
    return np.concatenate(parts)


def _heel_raises(script: np.ndarray, *, rise_px: float = 45.0, seed: int = 0) -> PoseSequence:
    rng = np.random.default_rng(seed)
    t = len(script)
    xy = np.full((t, N_LANDMARKS, 2), np.nan)
    for name, (x, y) in STANDING.items():
        lift = 0.0 if "foot_index" in name else (1.0 if "heel" in name else 0.8)
        xy[:, LANDMARK_INDEX[name], 0] = x
        xy[:, LANDMARK_INDEX[name], 1] = y - lift * rise_px * script
    sway = 6 * np.sin(np.arange(t) / FPS * 2 * np.pi * 0.3)  # the body sways a little
    xy[:, :, 0] += sway[:, None]
    xy += rng.normal(0, 2.0, xy.shape)  # the model's jitter, in pixels
    vis = np.where(np.isfinite(xy[..., 0]), 0.95, 0.0)
    return PoseSequence(xy=xy, visibility=vis, times=np.arange(t) / FPS, fps=FPS, width=720,
                        height=1280, source="scripted")  # fmt: skip


@pytest.mark.parametrize("reps", [1, 3, 5])
def test_each_heel_raise_is_counted(reps):
    result = get_analyser("heel-raise")(_heel_raises(_rise_script(reps), seed=reps))
    assert result.rep_count == reps
    assert result.exercise == "heel-raise"


def test_the_top_hold_and_the_tempo_are_measured():
    result = get_analyser("heel-raise")(_heel_raises(_rise_script(2, top_s=2.0, up_s=1.5)))
    for rep in result.reps:  # the top counts from within 5% of it: a little of each ramp
        assert 1.8 <= rep.measures["top_s"] <= 2.8
        assert 0.8 <= rep.measures["up_s"] <= 1.6
        assert 0.1 < rep.measures["rise"] < 0.25  # 36 px on a ~230 px shin
    assert not any(f.code == "short-top" for f in result.findings)


def test_bouncing_at_the_top_is_pointed_out():
    result = get_analyser("heel-raise")(_heel_raises(_rise_script(2, top_s=0.0)))
    assert result.rep_count == 2
    assert [f.rep for f in result.findings if f.code == "short-top"] == [1, 2]


def test_standing_still_with_sway_and_jitter_counts_nothing():
    result = get_analyser("heel-raise")(_heel_raises(np.zeros(300), seed=9))
    assert result.rep_count == 0


def test_a_raise_cut_off_by_the_end_of_the_clip_is_not_counted():
    script = _rise_script(2)
    cut = len(script) - int(2.5 * FPS)  # ends while the second raise is at the top
    result = get_analyser("heel-raise")(_heel_raises(script[:cut]))
    assert result.rep_count == 1


def test_a_heel_raise_clip_is_recognised_without_being_told():
    guess = guess_exercise(_heel_raises(_rise_script(4)))
    assert guess.exercise == "heel-raise"
    assert guess.confidence >= 0.5


def test_feet_out_of_the_picture_are_reported():
    seq = _heel_raises(_rise_script(1))
    seq.xy[:, LANDMARK_INDEX["left_foot_index"]] = np.nan
    seq.xy[:, LANDMARK_INDEX["right_foot_index"]] = np.nan
    result = get_analyser("heel-raise")(seq)
    assert result.rep_count == 0
    assert any("feet" in w for w in result.warnings)


def test_one_heel_rising_at_a_time_is_walking_not_a_raise():
    seq = _heel_raises(_rise_script(3))
    for name in ("right_heel", "right_ankle", "right_knee"):
        x, y = STANDING[name]
        seq.xy[:, LANDMARK_INDEX[name]] = [x, y]
    assert get_analyser("heel-raise")(seq).rep_count == 0


def test_stepping_feet_are_not_counted():
    seq = _heel_raises(_rise_script(3))
    step = 150 * np.floor(seq.times / 1.2)  # a step forward every 1.2 s
    for name in ("left_foot_index", "right_foot_index", "left_heel", "right_heel"):
        seq.xy[:, LANDMARK_INDEX[name], 0] += step
    assert get_analyser("heel-raise")(seq).rep_count == 0
