"""The motion generator: one consistent 3-D body, honest truth, seeded realism."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footwork.errors import InvalidInput
from footwork.synth.camera import Camera
from footwork.synth.motion import (
    Filming,
    SyntheticClip,
    Tempo,
    heel_circle,
    heel_raise,
    lunge_test,
    outward_roll,
    outward_roll_as_done,
    squat,
)
from footwork.synth.realism import Realism
from footwork.vision.pose.sequence import LANDMARK_INDEX, N_LANDMARKS
from footwork.vision.pose.view import View, classify_view

CLEAN = Realism.clean()


def _film(view: str, realism: Realism = CLEAN, fps: float = 30.0) -> Filming:
    return Filming(
        camera=Camera(view=view, height_m=0.5, target=(0.0, 0.0, 0.8)), realism=realism, fps=fps
    )


GENERATORS = {
    "heel_circle": lambda f: heel_circle(
        [("right", "clockwise", 2), ("left", "ccw", 2)], filming=f
    ),
    "outward_roll": lambda f: outward_roll(reps_per_foot=2, filming=f),
    "lunge_test": lambda f: lunge_test(attempts=2, heel_lift=True, filming=f),
    "squat": lambda f: squat(reps=2, knees_out=0.6, filming=f),
    "heel_raise": lambda f: heel_raise(reps=2, filming=f),
}


@pytest.mark.parametrize("name", list(GENERATORS))
def test_leg_segments_keep_their_3d_length_in_every_movement(name):
    clip = GENERATORS[name](_film("rear", Realism(walk_in_s=2.0)))
    lengths = clip.body.segment_lengths()
    for side in ("left", "right"):
        sk = clip.skeleton
        thigh = np.linalg.norm(sk[f"{side}_hip"] - sk[f"{side}_knee"], axis=1)
        shin = np.linalg.norm(sk[f"{side}_knee"] - sk[f"{side}_ankle"], axis=1)
        assert np.allclose(thigh, lengths["thigh"], atol=1e-9)
        assert np.allclose(shin, lengths["shin"], atol=1e-9)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_the_sequence_is_a_blazepose_sequence_in_the_frame(name):
    clip = GENERATORS[name](_film("front", Realism(noise_px=1.0)))
    seq = clip.seq
    assert seq.xy.shape == (len(seq), N_LANDMARKS, 2)
    assert np.all(np.diff(seq.times) > 0) and seq.times[0] == 0.0
    assert np.nanmin(seq.xy[..., 0]) > 0 and np.nanmax(seq.xy[..., 0]) < seq.width
    assert np.nanmin(seq.xy[..., 1]) > 0 and np.nanmax(seq.xy[..., 1]) < seq.height
    assert np.all((seq.visibility >= 0) & (seq.visibility <= 1))


def test_the_feet_are_below_the_head_in_the_image():
    seq = squat(reps=1, filming=_film("front")).seq
    assert np.all(seq.point("left_heel")[:, 1] > seq.point("nose")[:, 1] + 300)


@pytest.mark.parametrize(
    ("view", "expected"),
    [("front", View.FRONT), ("rear", View.REAR), ("left", View.SIDE), ("right", View.SIDE)],
)
def test_each_named_view_is_seen_as_that_view(view, expected):
    seq = squat(reps=1, filming=_film(view)).seq
    assert classify_view(seq).view is expected


@pytest.mark.parametrize("view", ["rear-left", "front-right"])
def test_oblique_views_foreshorten_the_shoulders_by_cos_45(view):
    square = "rear" if view.startswith("rear") else "front"
    oblique = abs(classify_view(squat(reps=1, filming=_film(view)).seq).ratio)
    straight = abs(classify_view(squat(reps=1, filming=_film(square)).seq).ratio)
    assert oblique / straight == pytest.approx(np.cos(np.radians(45)), rel=0.08)


def test_front_and_rear_views_mirror_left_and_right():
    front = squat(reps=1, filming=_film("front")).seq
    rear = squat(reps=1, filming=_film("rear")).seq
    lx, rx = LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["right_shoulder"]
    assert np.all(front.xy[:, lx, 0] > front.xy[:, rx, 0])
    assert np.all(rear.xy[:, lx, 0] < rear.xy[:, rx, 0])


def test_unknown_view_and_bad_fps_are_refused():
    with pytest.raises(InvalidInput, match="camera view"):
        squat(reps=1, filming=Filming(camera=Camera(view="above")))
    with pytest.raises(ValueError, match="fps"):
        squat(reps=1, filming=Filming(fps=120))


def _winding_turns(path: np.ndarray) -> float:
    rel = path - path.mean(axis=0)
    angle = np.unwrap(np.arctan2(rel[:, 1], rel[:, 0]))
    return float((angle[-1] - angle[0]) / (2 * np.pi))


@pytest.mark.parametrize(("view", "flip"), [("rear", 1), ("front", -1)])
def test_heel_circle_truth_matches_the_drawn_path(view, flip):
    clip = heel_circle(
        [("right", "clockwise", 3), ("left", "counter-clockwise", 2)], filming=_film(view)
    )
    assert clip.truth.count("right") == 3 and clip.truth.count("left") == 2
    expected = {"right": "clockwise", "left": "counter-clockwise"}
    for rep in clip.truth.reps:
        sel = (clip.seq.times >= rep.start_s) & (clip.seq.times <= rep.end_s)
        path = clip.clean_xy[sel, LANDMARK_INDEX[f"{rep.side}_heel"]]
        turns = _winding_turns(path)
        assert abs(abs(turns) - 1.0) < 0.1
        # Image y points down: a positive winding runs clockwise on screen.
        assert (turns > 0) == (rep.direction == "clockwise")
        seen_from_behind = expected[rep.side]
        assert (rep.direction == seen_from_behind) == (flip == 1)


def test_partial_heel_circles_are_not_in_the_truth():
    clip = heel_circle(
        [("right", "clockwise", 2.5), ("left", "clockwise", 0.75)], filming=_film("rear")
    )
    assert clip.truth.count("right") == 2 and clip.truth.count("left") == 0


def _foot_roll_deg(clip: SyntheticClip, side: str) -> np.ndarray:
    """Roll of the foot about its long axis from the 3-D heel, toe and ankle (degrees)."""
    sk = clip.skeleton
    axis = sk[f"{side}_foot_index"] - sk[f"{side}_heel"]
    up = sk[f"{side}_ankle"] - (sk[f"{side}_heel"] + sk[f"{side}_foot_index"]) / 2
    up -= axis * (np.sum(up * axis, axis=1) / np.sum(axis * axis, axis=1))[:, None]
    sideways = up[:, 0] * (1.0 if side == "right" else -1.0)
    return np.degrees(np.arctan2(sideways, np.hypot(up[:, 1], up[:, 2])))


def test_outward_roll_truth_matches_the_drawn_roll_and_pause():
    clip = outward_roll(
        feet=("left",),
        reps_per_foot=3,
        roll_deg=25.0,
        pauses_s=(0.5, 2.0, 3.0),
        filming=_film("front"),
    )
    roll = _foot_roll_deg(clip, "left")
    rest = np.median(roll[: int(clip.seq.fps)])
    for rep in clip.truth.reps:
        sel = (clip.seq.times >= rep.start_s) & (clip.seq.times <= rep.end_s)
        rolled = roll[sel] - rest
        assert rolled.max() == pytest.approx(25.0, abs=0.5)
        held = np.sum(rolled > rolled.max() - 0.01) / clip.seq.fps
        assert held == pytest.approx(rep.measures["pause_s"], abs=2.5 / clip.seq.fps)
    assert [r.measures["pause_s"] for r in clip.truth.reps] == [0.5, 2.0, 3.0]


def test_outward_roll_without_pause_or_rest_rolls_straight_back_and_out_again():
    clip = outward_roll(feet=("right",), reps_per_foot=3, roll_s=1.0, pauses_s=(0.0,),
                        rest_s=0.0, tempo_jitter=0.0, filming=_film("front"))  # fmt: skip
    roll = _foot_roll_deg(clip, "right")
    rest = np.median(roll[: int(clip.seq.fps)])
    reps = clip.truth.reps
    assert len(reps) == 3 and all(r.measures["pause_s"] == 0.0 for r in reps)
    for before, after in itertools.pairwise(reps):
        assert after.start_s == pytest.approx(before.end_s, abs=1e-9)  # no rest between
    for rep in reps:
        sel = (clip.seq.times >= rep.start_s) & (clip.seq.times <= rep.end_s)
        rolled = roll[sel] - rest
        assert rolled.max() == pytest.approx(25.0, abs=0.5)
        assert np.sum(rolled > rolled.max() - 0.5) / clip.seq.fps < 0.25  # a peak, no hold
        assert abs(rolled[0]) < 0.5 and abs(rolled[-1]) < 0.5  # flat at both ends


def test_outward_roll_feet_can_roll_unevenly():
    clip = outward_roll(feet=("left", "right"), reps_per_foot=2,
                        roll_deg={"left": 16.0, "right": 30.0}, roll_s={"left": 2.5, "right": 1.0},
                        filming=_film("front"))  # fmt: skip
    for side, size, each_way in (("left", 16.0, 2.5), ("right", 30.0, 1.0)):
        roll = _foot_roll_deg(clip, side)
        rest = np.median(roll[: int(clip.seq.fps)])
        for rep in (r for r in clip.truth.reps if r.side == side):
            sel = (clip.seq.times >= rep.start_s) & (clip.seq.times <= rep.end_s)
            assert (roll[sel] - rest).max() == pytest.approx(size, rel=0.03)
            assert rep.measures["roll_deg"] == size
            took = rep.end_s - rep.start_s - rep.measures["pause_s"]
            assert 2 * 0.7 * each_way <= took <= 2 * 1.3 * each_way


@pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
def test_an_outward_roll_set_cut_off_mid_roll_leaves_that_roll_out_of_the_truth(where):
    clip = outward_roll(feet=("left",), reps_per_foot=2, roll_deg=25.0, pauses_s=(1.0,),
                        end_mid_roll=where, filming=_film("front"))  # fmt: skip
    assert clip.truth.count("left") == 2
    roll = _foot_roll_deg(clip, "left")
    rest = np.median(roll[: int(clip.seq.fps)])
    at_end = roll[-1] - rest
    assert 11.0 <= at_end <= 25.5  # about halfway out or more, not yet rolling back
    assert clip.truth.reps[-1].end_s < clip.seq.duration_s - 1.0


@pytest.mark.parametrize("variation", ["no-pause", "short-pause", "uneven", "ends-mid-roll"])
def test_outward_rolls_as_done_are_seeded_and_have_honest_truth(variation):
    a, b = outward_roll_as_done(variation, 5), outward_roll_as_done(variation, 5)
    assert np.array_equal(a.seq.xy, b.seq.xy, equal_nan=True)
    reps = a.truth.reps
    assert 3 <= a.truth.count("left") == a.truth.count("right") <= 6
    pauses = [r.measures["pause_s"] for r in reps]
    sizes = {r.side: r.measures["roll_deg"] for r in reps}
    if variation == "no-pause":
        assert set(pauses) == {0.0}
    elif variation == "short-pause":
        assert all(0.15 <= p <= 0.7 for p in pauses)
    elif variation == "uneven":
        assert sorted(sizes.values())[0] <= 20.0 <= 24.0 <= sorted(sizes.values())[1]
    with pytest.raises(ValueError, match="variation"):
        outward_roll_as_done("wobbly", 5)


def test_lunge_truth_is_the_largest_heel_down_shin_angle():
    clip = lunge_test(
        max_angle_deg={"left": 35.0, "right": 44.0}, heel_lift=True, filming=_film("left")
    )
    truth = clip.truth
    assert truth.summary["max_shin_angle_deg_left"] == pytest.approx(35.0, abs=0.5)
    assert truth.summary["max_shin_angle_deg_right"] == pytest.approx(44.0, abs=0.5)
    for side in ("left", "right"):
        angle, down = truth.frames[f"shin_angle_deg_{side}"], truth.frames[f"heel_down_{side}"]
        assert (~down).any(), "the heel-lift variant must lift the heel"
        best_any = max(r.measures["max_shin_angle_any_deg"] for r in truth.reps if r.side == side)
        assert best_any > truth.summary[f"max_shin_angle_deg_{side}"] + 4.0
        assert angle[down].max() >= truth.summary[f"max_shin_angle_deg_{side}"]
    assert truth.count("left") == 3 and truth.count("right") == 3


@pytest.mark.parametrize(("start_mid", "end_mid"), [(False, False), (True, False), (True, True)])
def test_squat_truth_counts_reps_whose_bottom_and_return_are_seen(start_mid, end_mid):
    clip = squat(
        reps=3,
        depth=0.7,
        tempo=Tempo(out_s=1.5, hold_s=0.5, back_s=1.5, rest_s=1.0),
        start_mid_rep=start_mid,
        end_mid_rep=end_mid,
        filming=_film("left"),
    )
    assert clip.truth.count() == 3
    hip = (clip.skeleton["left_hip"][:, 2] + clip.skeleton["right_hip"][:, 2]) / 2
    standing = hip.max()
    assert (hip[0] < standing - 0.1) == start_mid
    assert (hip[-1] < standing - 0.1) == end_mid
    for rep in clip.truth.reps:
        assert 0 <= rep.start_s < rep.measures["peak_s"] < rep.end_s <= clip.seq.duration_s
        assert rep.measures["knee_flexion_deg"] > 70


def test_a_squat_keeps_the_feet_parallel_when_asked():
    for toe_out, turned in ((0.0, False), (0.25, True)):
        sk = squat(1, toe_out_rad=toe_out).skeleton
        for side in ("left", "right"):
            heel_to_toe = sk[f"{side}_foot_index"][-1] - sk[f"{side}_heel"][-1]
            assert (abs(heel_to_toe[0]) > 0.02) == turned, (side, toe_out, heel_to_toe)


def test_heel_raise_truth_has_the_requested_rise():
    clip = heel_raise(reps=4, heel_height_m=0.05, filming=_film("left"))
    assert clip.truth.count() == 4
    for rep in clip.truth.reps:
        assert rep.measures["heel_rise_m"] == pytest.approx(0.05, abs=0.01)


def test_same_seed_same_clip_other_seed_other_noise():
    film = _film("rear", Realism(noise_px=1.5, burst_rate_hz=0.5, drop_fraction=0.05))
    a, b = heel_raise(reps=2, filming=film, seed=3), heel_raise(reps=2, filming=film, seed=3)
    c = heel_raise(reps=2, filming=film, seed=4)
    assert np.array_equal(a.seq.xy, b.seq.xy, equal_nan=True)
    assert not np.array_equal(a.seq.xy, c.seq.xy, equal_nan=True)


def test_noise_drops_and_occlusion_look_like_a_pose_model():
    realism = Realism(
        noise_px=2.0,
        foot_noise_factor=1.0,
        drop_fraction=0.1,
        sway_m=0.0,
        occluded=("left_knee",),
        occluded_fraction=1.0,
    )
    clip = squat(reps=2, filming=_film("front", realism), seed=1)
    seq = clip.seq
    dropped = np.isnan(seq.xy[:, 0, 0])
    assert 0.08 < dropped.mean() < 0.14
    assert np.all(seq.visibility[dropped] < 0.1)
    kept = ~dropped
    nose_err = seq.xy[kept, LANDMARK_INDEX["nose"]] - clip.clean_xy[kept, LANDMARK_INDEX["nose"]]
    assert 2.0 < nose_err.std() < 3.5  # 2 px, a little more for a half-seen face point
    knee = LANDMARK_INDEX["left_knee"]
    assert np.all(seq.visibility[kept, knee] < 0.4)
    knee_err = seq.xy[kept, knee] - clip.clean_xy[kept, knee]
    assert knee_err.std() > 2 * 2.0


def test_camera_tilt_rotates_the_picture():
    level = squat(reps=1, filming=_film("left")).clean_xy
    tilted = squat(
        reps=1, filming=_film("left", Realism(tilt_deg=3.0, noise_px=0.0, sway_m=0.0))
    ).clean_xy
    hip, ankle = LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["left_ankle"]

    def lean(xy: np.ndarray) -> float:
        d = xy[0, ankle] - xy[0, hip]
        return float(np.degrees(np.arctan2(d[0], d[1])))

    assert abs(lean(tilted) - lean(level)) == pytest.approx(3.0, abs=0.05)


def test_walking_in_starts_away_from_the_exercise_spot():
    clip = heel_raise(reps=1, filming=_film("rear", Realism(walk_in_s=2.5)))
    start, end = clip.skeleton["left_hip"][0], clip.skeleton["left_hip"][-1]
    assert np.hypot(*(start - end)[:2]) > 2.0


@settings(max_examples=15, deadline=None)
@given(fps=st.floats(min_value=24, max_value=60), seed=st.integers(0, 10_000))
def test_any_fps_gives_evenly_spaced_frames(fps, seed):
    clip = heel_raise(reps=1, filming=_film("left", Realism(noise_px=1.0), fps=fps), seed=seed)
    assert clip.seq.fps == fps
    assert np.allclose(np.diff(clip.seq.times), 1.0 / fps)
