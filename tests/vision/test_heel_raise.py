"""Heel-raise counting on a scripted side-view stick figure (no real heel-raise clip exists)."""

from __future__ import annotations

import itertools

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


def _joined(*parts: PoseSequence) -> PoseSequence:
    """One sequence of several, back to back in time."""
    xy = np.concatenate([p.xy for p in parts])
    vis = np.concatenate([p.visibility for p in parts])
    times = np.arange(len(xy)) / FPS
    return PoseSequence(xy=xy, visibility=vis, times=times, fps=FPS, width=720, height=1280,
                        source="scripted")  # fmt: skip


def _mirrored(seq: PoseSequence, *, heel_shift: float) -> PoseSequence:
    """The same person turned round (seen from the other side): x mirrored about the body,
    and the heel drawn ``heel_shift`` px lower, as the model places it differently."""
    xy = seq.xy.copy()
    xy[..., 0] = 2 * 365 - xy[..., 0]
    for name in ("left_heel", "right_heel"):
        xy[:, LANDMARK_INDEX[name], 1] += heel_shift
    return PoseSequence(xy=xy, visibility=seq.visibility, times=seq.times, fps=FPS, width=720,
                        height=1280, source="scripted")  # fmt: skip


def _moving(start: np.ndarray, end: np.ndarray, seconds: float, seed: int,
            toe_drop: float = 0.0) -> PoseSequence:  # fmt: skip
    """Landmarks going from ``start`` to ``end`` (33, 2) over ``seconds``, the heels lifting
    one at a time as in walking; ``toe_drop`` px: the toes come lower in the picture as the
    feet turn toward the camera (the heels then stand far above them)."""
    n = int(seconds * FPS)
    w = (1 - np.cos(np.linspace(0, np.pi, n))) / 2
    xy = start[None] + w[:, None, None] * (end - start)[None]
    for name in ("left_foot_index", "right_foot_index"):
        xy[:, LANDMARK_INDEX[name], 1] += toe_drop * np.sin(np.pi * w)
    steps = np.abs(np.sin(np.arange(n) / FPS * 2 * np.pi * 0.9))
    xy[:, LANDMARK_INDEX["left_heel"], 1] -= 60 * steps * (np.arange(n) % 34 < 17)
    xy[:, LANDMARK_INDEX["right_heel"], 1] -= 60 * steps * (np.arange(n) % 34 >= 17)
    xy += np.random.default_rng(seed).normal(0, 2.0, xy.shape)
    return PoseSequence(xy=xy, visibility=np.full((n, N_LANDMARKS), 0.95),
                        times=np.arange(n) / FPS, fps=FPS, width=720, height=1280)  # fmt: skip


def test_a_turn_half_way_and_walking_off_at_the_end_keep_the_count():
    """Seen from the other side after the turn, the flat heel sits lower and the rise looks
    smaller; turning and walking off swing the toes far below the heels (a "rise" twice a
    real one), which must neither set the scale of the count nor count."""
    first = _heel_raises(_rise_script(3, top_s=0.4, rest_s=0.8), rise_px=45.0, seed=1)
    second = _mirrored(_heel_raises(_rise_script(3, top_s=0.4, rest_s=0.8), rise_px=28.0,
                                    seed=2), heel_shift=25.0)  # fmt: skip
    turn = _moving(first.xy[-1], second.xy[0], 1.2, seed=3, toe_drop=90.0)
    gone = second.xy[-1] + np.array([700.0, 0.0])  # walks out of the picture to the right
    walk_off = _moving(second.xy[-1], gone, 1.5, seed=4, toe_drop=90.0)
    walk_off.xy[walk_off.xy[..., 0] > 720] = np.nan
    result = get_analyser("heel-raise")(_joined(first, turn, second, walk_off))
    assert result.rep_count == 6
    tops = [rep.peak_s for rep in result.reps]
    assert all(b - a > 1.5 for a, b in itertools.pairwise(tops))


def test_one_toe_jittering_does_not_reject_a_raise():
    seq = _heel_raises(_rise_script(3), seed=5)
    toe = LANDMARK_INDEX["right_foot_index"]
    rng = np.random.default_rng(6)
    bursts = rng.random(len(seq)) < 0.15  # one frame in seven thrown up to 60 px away
    seq.xy[bursts, toe] += rng.normal(0, 35.0, (int(bursts.sum()), 2))
    assert get_analyser("heel-raise")(seq).rep_count == 3


def test_a_knee_bend_that_tips_the_ankle_over_the_toe_is_not_a_raise():
    """A squat: the shin tips forward, so the ankle moves over the toe, but the hips drop
    and the knees bend; no heel rises."""
    script = _rise_script(3)
    seq = _heel_raises(np.zeros(len(script)), seed=7)
    for s in ("left", "right"):
        knee, ankle, hip = (LANDMARK_INDEX[f"{s}_{j}"] for j in ("knee", "ankle", "hip"))
        seq.xy[:, ankle, 1] -= 35 * script  # the ankle point rides up the front of the shin
        seq.xy[:, knee, 0] += 120 * script
        seq.xy[:, knee, 1] += 60 * script
        seq.xy[:, hip, 1] += 200 * script
    result = get_analyser("heel-raise")(seq)
    assert result.rep_count == 0


def test_feet_below_the_picture_are_never_seen_and_the_clip_says_how_to_film():
    seq = _heel_raises(_rise_script(3))
    for name in ("ankle", "heel", "foot_index"):
        for s in ("left", "right"):
            seq.xy[:, LANDMARK_INDEX[f"{s}_{name}"], 1] += 400  # below the 1280 px frame
    result = get_analyser("heel-raise")(seq)
    assert result.rep_count == 0
    assert any("never seen" in w and "Film" in w for w in result.warnings)


def test_legs_alone_in_the_picture_are_refused_with_the_reason():
    """What the pose model gives for a close-up of the calves: nobody in most frames, and in
    the rest a body squeezed into the legs (the shoulders just above the hips)."""
    seq = _heel_raises(_rise_script(4), seed=8)
    for s in ("left", "right"):
        seq.xy[:, LANDMARK_INDEX[f"{s}_shoulder"], 1] = (
            seq.xy[:, LANDMARK_INDEX[f"{s}_hip"], 1] - 40
        )
    seq.xy[np.arange(len(seq)) % 5 != 0] = np.nan  # found in one frame in five
    seq.visibility[~np.isfinite(seq.xy[..., 0])] = 0.0
    result = get_analyser("heel-raise")(seq)
    assert result.rep_count == 0
    assert any("Only the lower legs" in w and "further back" in w for w in result.warnings)
