"""Rep detection: hysteresis, full reps only, minimum phase time, validity mask."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footwork.vision.pose.reps import Excursion, detect_excursions, excursion_phase_times

FPS = 30.0


def _bumps(n_reps: int, *, rest_s: float = 1.0, rep_s: float = 2.0, lead_s: float = 1.0):
    """A rest-rep-rest signal: each rep is a half-cosine bump of height 1."""
    parts = [np.zeros(int(lead_s * FPS))]
    for _ in range(n_reps):
        t = np.linspace(0, np.pi * 2, int(rep_s * FPS), endpoint=False)
        parts.append((1 - np.cos(t)) / 2)
        parts.append(np.zeros(int(rest_s * FPS)))
    sig = np.concatenate(parts)
    return sig, np.arange(len(sig)) / FPS


def _detect(sig, times, **kw):
    args = {"enter": 0.6, "exit": 0.3, "min_phase_s": 0.3} | kw
    return detect_excursions(sig, times, **args)


@pytest.mark.parametrize("n", [0, 1, 3, 5])
def test_each_full_bump_is_one_excursion(n):
    sig, times = _bumps(n)
    found = _detect(sig, times)
    assert len(found) == n
    for exc in found:
        assert exc.start < exc.peak < exc.end
        assert sig[exc.peak] == pytest.approx(1.0, abs=0.01)


def test_a_clip_starting_past_enter_does_not_count_the_half_rep():
    sig, times = _bumps(2, lead_s=0)
    cut = int(1.0 * FPS)  # start at the peak of the first rep: only its return is seen
    assert len(_detect(sig[cut:], times[cut:])) == 1


def test_a_clip_starting_part_way_out_counts_the_rep_it_starts_in():
    sig, times = _bumps(2, lead_s=0)
    cut = int(0.4 * FPS)  # start on the way out, still below enter (0.6)
    assert sig[cut] < 0.6
    found = _detect(sig[cut:], times[cut:])
    assert len(found) == 2
    assert found[0].start == 0


def test_a_clip_ending_mid_rep_does_not_count_it():
    sig, times = _bumps(2, rest_s=0.5)
    cut = len(sig) - int(1.2 * FPS)  # end during the second rep's return
    assert len(_detect(sig[:cut], times[:cut])) == 1


def test_noise_around_one_threshold_counts_once():
    sig, times = _bumps(1)
    rng = np.random.default_rng(3)
    noisy = sig + rng.normal(0, 0.05, len(sig))
    assert len(_detect(noisy, times, enter=0.5, exit=0.2)) == 1


def test_a_twitch_shorter_than_the_minimum_phase_is_not_a_rep():
    sig, times = _bumps(1, rep_s=0.4)
    assert _detect(sig, times, min_phase_s=0.3) == []
    assert len(_detect(sig, times, min_phase_s=0.1)) == 1


def test_invalid_frames_inside_a_rep_drop_it():
    sig, times = _bumps(2)
    valid = np.ones(len(sig), bool)
    valid[int(1.8 * FPS) : int(2.2 * FPS)] = False  # middle of the first rep
    found = _detect(sig, times, valid=valid)
    assert len(found) == 1
    assert found[0].start > int(2.2 * FPS)


def test_nan_frames_count_as_invalid():
    sig, times = _bumps(2)
    sig[int(2.0 * FPS)] = np.nan
    assert len(_detect(sig, times)) == 1


def test_a_paused_peak_is_measured_as_a_hold():
    sig, times = _bumps(0)
    down = (1 - np.cos(np.linspace(0, np.pi, 30))) / 2
    hold = np.ones(45)
    sig = np.concatenate([np.zeros(30), down, hold, down[::-1], np.zeros(30)])
    times = np.arange(len(sig)) / FPS
    (exc,) = _detect(sig, times)
    out_s, hold_s, back_s, total_s = excursion_phase_times(exc, sig, times)
    assert hold_s == pytest.approx(1.5 + 0.33, abs=0.15)
    assert out_s == pytest.approx(back_s, abs=0.1)
    assert total_s == pytest.approx(out_s + hold_s + back_s)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"enter": 0.3, "exit": 0.6}, "greater than exit"),
        ({"valid": np.ones(3, bool)}, "valid must have shape"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    sig, times = _bumps(1)
    with pytest.raises(ValueError, match=message):
        _detect(sig, times, **kwargs)


def test_mismatched_signal_and_times_are_refused():
    with pytest.raises(ValueError, match="equal-length"):
        detect_excursions(np.zeros(5), np.zeros(4), enter=1, exit=0, min_phase_s=0)


@settings(max_examples=60, deadline=None)
@given(
    amplitude=st.floats(0.0, 0.25),
    seed=st.integers(0, 10_000),
)
def test_sub_threshold_noise_never_counts_a_rep(amplitude, seed):
    rng = np.random.default_rng(seed)
    sig = rng.uniform(-amplitude, amplitude, 300)
    times = np.arange(300) / FPS
    assert _detect(sig, times, enter=0.6, exit=0.3) == []


def test_excursion_is_a_plain_value():
    assert Excursion(1, 2, 3) == Excursion(start=1, peak=2, end=3)
