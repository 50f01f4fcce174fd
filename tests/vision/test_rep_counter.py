"""RepCounter: one sample at a time gives exactly the reps of the whole signal.

The whole-signal counts are also checked against the detector as it was before it became a
counter (``_reference``, a frozen copy), so recorded clips keep their counts.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footwork.synth.camera import Camera
from footwork.synth.motion import Filming, heel_raise, lunge_test, outward_roll, squat
from footwork.vision.pose.exercises.foot_tracks import shin_length_px
from footwork.vision.pose.exercises.heel_raise import RaiseCounting, rise_trace
from footwork.vision.pose.exercises.lunge_test import facing_sign, front_leg, shin_angle
from footwork.vision.pose.exercises.outward_roll import roll_traces, settled_stance
from footwork.vision.pose.exercises.squat import SquatCounting, depth_trace
from footwork.vision.pose.exercises.thresholds import LungeThresholds, OutwardRollThresholds
from footwork.vision.pose.reps import Excursion, RepCounter, ScaledLevels

FPS = 30.0


def _streamed(counter: RepCounter, values, times, valid=None) -> list[Excursion]:
    """Feed the samples one by one, as a live camera would."""
    found = []
    ok = np.ones(len(values), bool) if valid is None else valid
    for t, v, good in zip(times, values, ok, strict=True):
        done = counter.update(t, v, good)
        if done is not None:
            found.append(done)
    last = counter.finish()
    return found if last is None else [*found, last]


def _reference(signal, times, *, enter, exit, min_phase_s, valid=None) -> list[Excursion]:
    """The whole-signal detector before RepCounter (footwork 3a29392), kept as the oracle."""
    values, stamps = np.asarray(signal, float), np.asarray(times, float)
    ok = np.isfinite(values) & (True if valid is None else np.asarray(valid, bool))
    found: list[Excursion] = []
    armed = away = False
    rest = start = peak = -1
    for i in range(len(values)):
        if not ok[i]:
            armed = away = False
            continue
        v = values[i]
        if not armed:
            if v < enter:
                armed, rest = True, i
            continue
        if not away:
            if v <= exit:
                rest = i
            elif v >= enter:
                away, start, peak = True, rest, i
            continue
        if v > values[peak]:
            peak = i
        if v > exit:
            continue
        away, rest = False, i
        s, e, floor = start, i, found[-1].end if found else 0
        while s > floor and ok[s - 1] and values[s - 1] < values[s]:
            s -= 1
        while e + 1 < len(values) and ok[e + 1] and values[e + 1] < values[e]:
            e += 1
        if stamps[peak] - stamps[s] >= min_phase_s and stamps[e] - stamps[peak] >= min_phase_s:
            found.append(Excursion(s, peak, e))
    return found


def _assert_same_everywhere(values, times, *, enter, exit, min_phase_s, valid=None):
    counter = RepCounter(enter=enter, exit=exit, min_phase_s=min_phase_s)
    whole = counter.count(values, times, valid)
    assert _streamed(counter, values, times, valid) == whole
    expected = _reference(values, times, enter=enter, exit=exit, min_phase_s=min_phase_s,
                          valid=valid)  # fmt: skip
    assert whole == expected
    return whole


def _bumps(n_reps: int, rep_s: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    parts = [np.zeros(30)]
    for _ in range(n_reps):
        t = np.linspace(0, 2 * np.pi, int(rep_s * FPS), endpoint=False)
        parts += [(1 - np.cos(t)) / 2, np.zeros(30)]
    sig = np.concatenate(parts)
    return sig, np.arange(len(sig)) / FPS


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(st.integers(-3, 3), min_size=1, max_size=250),
    gaps=st.lists(st.integers(0, 249), max_size=6),
    nans=st.lists(st.integers(0, 249), max_size=4),
    fps=st.sampled_from([7.5, 30.0]),
    min_phase_s=st.sampled_from([0.0, 0.1, 0.4]),
)
def test_streaming_and_whole_signal_agree_on_any_signal(steps, gaps, nans, fps, min_phase_s):
    # A coarse random walk: plateaus and ties test the strict comparisons of the widening.
    values = np.cumsum(steps).astype(float) / 4
    n = len(values)
    values[[i for i in nans if i < n]] = np.nan
    valid = np.ones(n, bool)
    valid[[i for i in gaps if i < n]] = False
    times = np.arange(n) / fps
    _assert_same_everywhere(values, times, enter=1.0, exit=0.25, min_phase_s=min_phase_s,
                            valid=valid)  # fmt: skip


@pytest.mark.parametrize("n", [0, 1, 4])
def test_bumps_are_counted_the_same_both_ways(n):
    sig, times = _bumps(n)
    assert len(_assert_same_everywhere(sig, times, enter=0.6, exit=0.3, min_phase_s=0.3)) == n


def _filmed(view: str) -> Filming:
    return Filming(camera=Camera(view=view), fps=FPS)


@pytest.mark.parametrize("view", ["front", "left", "rear-right"])
def test_a_squat_depth_trace_gives_the_same_reps_both_ways(view):
    seq = squat(4, filming=_filmed(view), seed=len(view)).seq
    params = SquatCounting()
    depth = depth_trace(seq, params).depth
    enter, exit_ = params.levels.levels(depth)
    found = _assert_same_everywhere(depth, seq.times, enter=enter, exit=exit_,
                                    min_phase_s=params.min_phase_s)  # fmt: skip
    assert len(found) == 4


def test_a_squat_clip_ending_mid_rep_gives_the_same_reps_both_ways():
    seq = squat(4, end_mid_rep=True, filming=_filmed("front"), seed=7).seq
    depth = depth_trace(seq).depth
    counter = RepCounter.scaled(depth, SquatCounting().levels, min_phase_s=0.4)
    assert _streamed(counter, depth, seq.times) == counter.count(depth, seq.times)
    assert len(counter.count(depth, seq.times)) == 4


@pytest.mark.parametrize("stride", [1, 4])
def test_a_heel_rise_trace_gives_the_same_reps_both_ways(stride):
    seq = heel_raise(6, filming=_filmed("left"), seed=11).seq
    rise, times = rise_trace(seq)[::stride], seq.times[::stride]
    params = RaiseCounting()
    enter, exit_ = params.levels.levels(rise)
    found = _assert_same_everywhere(rise, times, enter=enter, exit=exit_,
                                    min_phase_s=params.min_phase_s)  # fmt: skip
    assert len(found) == 6


def test_outward_roll_and_lunge_traces_with_a_validity_mask_agree_both_ways():
    roll_th, lunge_th = OutwardRollThresholds(), LungeThresholds()
    seq = outward_roll(seed=24).seq
    shin = shin_length_px(seq)
    facing = settled_stance(seq, shin, roll_th)
    counted = 0
    for side in ("left", "right"):
        smooth, _ = roll_traces(seq, side, shin, roll_th, facing)
        counted += len(_assert_same_everywhere(
            smooth, seq.times, enter=roll_th.enter_deg, exit=roll_th.exit_deg,
            min_phase_s=roll_th.min_phase_s, valid=facing))  # fmt: skip
    seq = lunge_test(seed=25).seq
    shin = shin_length_px(seq)
    sign = facing_sign(seq, shin)
    for side in ("left", "right"):
        angle = shin_angle(seq, side, shin, sign, lunge_th)
        counted += len(_assert_same_everywhere(
            angle, seq.times, enter=lunge_th.enter_deg, exit=lunge_th.exit_deg,
            min_phase_s=lunge_th.min_phase_s, valid=front_leg(seq, side, shin, sign)))  # fmt: skip
    assert counted >= 10


def test_the_phase_follows_the_movement_and_a_rep_is_reported_once_it_settles():
    counter = RepCounter(enter=0.6, exit=0.3, min_phase_s=0.0)
    assert counter.phase == "waiting"
    seen = []
    values = [0.9, 0.2, 0.1, 0.5, 0.8, 1.0, 0.7, 0.25, 0.1, 0.05, 0.05, 0.4]
    for i, v in enumerate(values):
        seen.append((counter.update(i / FPS, v), counter.phase))
    phases = ["waiting"] + ["rest"] * 3 + ["away"] * 3 + ["rest"] * 5
    assert [phase for _, phase in seen] == phases
    # Back at rest at sample 7, still falling until 9: reported at 10, which falls no further.
    assert [i for i, (done, _) in enumerate(seen) if done] == [10]
    assert seen[10][0] == Excursion(start=2, peak=5, end=9)
    assert counter.finish() is None


def test_a_rep_still_settling_at_the_end_is_reported_by_finish():
    counter = RepCounter(enter=0.6, exit=0.3, min_phase_s=0.0)
    for i, v in enumerate([0.1, 0.8, 0.2, 0.1]):
        assert counter.update(i / FPS, v) is None
    assert counter.finish() == Excursion(start=0, peak=1, end=3)


def test_an_invalid_sample_disarms_and_reset_starts_a_new_stream():
    counter = RepCounter(enter=0.6, exit=0.3, min_phase_s=0.0)
    for i, v in enumerate([0.1, 0.8]):
        counter.update(i / FPS, v)
    assert counter.phase == "away"
    counter.update(2 / FPS, float("nan"))
    assert counter.phase == "waiting"
    counter.reset()
    for i, v in enumerate([0.1, 0.8, 0.1]):
        counter.update(i / FPS, v)
    assert counter.finish() == Excursion(start=0, peak=1, end=2)


def test_count_leaves_the_stream_alone():
    counter = RepCounter(enter=0.6, exit=0.3, min_phase_s=0.0)
    counter.update(0.0, 0.1)
    counter.update(1 / FPS, 0.8)
    sig, times = _bumps(2)
    assert len(counter.count(sig, times)) == 2
    assert counter.phase == "away"


def test_scaled_levels_follow_the_largest_movement_with_floors():
    levels = ScaledLevels(enter_fraction=0.5, exit_fraction=0.25, min_enter=0.25, min_exit=0.08)
    assert levels.levels(np.array([0.0, 0.8, np.nan])) == (0.4, 0.2)
    assert levels.levels(np.array([0.0, 0.1])) == (0.25, 0.08)
    assert levels.levels(np.full(3, np.nan)) == (0.25, 0.08)
    counter = RepCounter.scaled(np.array([0.0, 0.8]), levels, min_phase_s=0.4)
    assert counter.levels == {"enter": 0.4, "exit": 0.2}


def test_levels_must_leave_room_for_hysteresis():
    with pytest.raises(ValueError, match="greater than exit"):
        RepCounter(enter=0.3, exit=0.3, min_phase_s=0.0)


@pytest.mark.slow
@pytest.mark.parametrize("clip", ["squat/squat_13.mp4", "squat/slow_6count_side_front.mp4"])
def test_real_squat_depth_traces_give_the_same_reps_both_ways(poses, clip):
    seq = poses(clip)
    params = SquatCounting()
    depth = depth_trace(seq, params).depth
    enter, exit_ = params.levels.levels(depth)
    found = _assert_same_everywhere(depth, seq.times, enter=enter, exit=exit_,
                                    min_phase_s=params.min_phase_s)  # fmt: skip
    assert found


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(st.integers(-3, 3), min_size=1, max_size=250),
    gaps=st.lists(st.integers(0, 249), max_size=4),
    fraction=st.sampled_from([0.4, 0.6]),
)
def test_a_counter_with_a_return_fraction_agrees_both_ways(steps, gaps, fraction):
    values = np.cumsum(steps).astype(float) / 4
    valid = np.ones(len(values), bool)
    valid[[i for i in gaps if i < len(values)]] = False
    times = np.arange(len(values)) / 7.5
    make = lambda: RepCounter(enter=1.0, exit=0.25, min_phase_s=0.1, return_fraction=fraction)  # noqa: E731
    assert _streamed(make(), values, times, valid) == make().count(values, times, valid)


def test_movements_to_and_fro_without_rest_count_one_each_with_a_return_fraction():
    """Four rolls that only dip to 3 between them (smoothing lifts the instant at flat):
    with plain hysteresis (exit 2) they are one long excursion; coming 60% of the way back
    ends each."""
    times = np.arange(0, 8, 1 / 30)
    values = 3 + 9 * np.abs(np.sin(np.pi * times / 2))
    values[times < 0.2] = 0.0
    values[times > 7.8] = 0.0
    plain = RepCounter(enter=5, exit=2, min_phase_s=0.3)
    relative = RepCounter(enter=5, exit=2, min_phase_s=0.3, return_fraction=0.6)
    assert len(plain.count(values, times)) == 1
    assert len(relative.count(values, times)) == 4
    assert _streamed(relative, values, times) == relative.count(values, times)


def test_a_return_fraction_must_be_a_fraction():
    with pytest.raises(ValueError, match="return_fraction"):
        RepCounter(enter=1, exit=0.5, min_phase_s=0.1, return_fraction=1.0)
