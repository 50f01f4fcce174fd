"""Signal cleaning: gap filling, outlier rejection, zero-phase smoothing, resting baseline."""

from __future__ import annotations

import numpy as np
import pytest

from footwork.vision.pose.signals import (
    fill_short_gaps,
    finite_runs,
    gate_by_visibility,
    lowpass,
    reject_outliers,
    upper_envelope,
)

FPS = 10.0
T = np.arange(100) / FPS


def test_low_visibility_samples_become_unknown():
    out = gate_by_visibility(np.array([1.0, 2.0, 3.0]), np.array([0.9, 0.2, 0.5]), 0.5)
    assert np.isnan(out[1]) and out[0] == 1.0 and out[2] == 3.0


def test_short_gaps_are_bridged_and_long_gaps_and_ends_are_not():
    values = np.arange(100, dtype=float)
    values[[0, 10, 11, 12]] = np.nan  # an end gap and a 0.3 s gap
    values[40:60] = np.nan  # a 2 s gap
    out = fill_short_gaps(values, T, max_gap_s=0.5)
    assert np.isnan(out[0])
    assert out[10:13] == pytest.approx([10, 11, 12])
    assert np.isnan(out[40:60]).all()


def test_a_one_frame_spike_is_rejected_but_a_real_movement_is_kept():
    values = np.sin(2 * np.pi * 0.3 * T)  # a slow movement of amplitude 1
    values[50] += 2.0
    out = reject_outliers(values, T, window_s=1.0, max_deviation=0.5)
    assert np.isnan(out[50])
    assert np.isfinite(np.delete(out, 50)).all()


def test_lowpass_is_zero_phase_and_removes_jitter():
    slow = np.sin(2 * np.pi * 0.25 * T)
    jitter = 0.2 * np.random.default_rng(1).standard_normal(len(T))
    out = lowpass(slow + jitter, FPS, cutoff_hz=1.0)
    assert np.abs(out - slow).std() < 0.5 * jitter.std()
    assert np.argmax(out[:40]) == pytest.approx(np.argmax(slow[:40]), abs=1)


def test_lowpass_filters_each_run_and_keeps_gaps():
    values = np.ones(100)
    values[50] = np.nan
    out = lowpass(values, FPS, cutoff_hz=1.0)
    assert np.isnan(out[50]) and out[:50] == pytest.approx(1.0) and out[51:] == pytest.approx(1.0)


def test_lowpass_leaves_a_signal_alone_when_the_cutoff_is_above_nyquist():
    values = np.random.default_rng(2).standard_normal(50)
    assert lowpass(values, 4.0, cutoff_hz=3.0) == pytest.approx(values)


def test_finite_runs_lists_unbroken_stretches():
    values = np.array([np.nan, 1, 2, np.nan, np.nan, 3, np.nan, 4, 5, 6])
    assert finite_runs(values) == [(1, 3), (5, 6), (7, 10)]


def test_upper_envelope_finds_rest_on_both_sides_of_a_dip_and_follows_a_zoom():
    t = np.arange(300) / FPS  # 30 s
    height = np.where(t < 15, 1.0, 2.0)  # the camera zooms in at 15 s
    height = height - 0.5 * ((t > 5) & (t < 8))  # a squat-like dip before the zoom
    rest = upper_envelope(height, t, window_s=6.0)
    assert rest[65] == pytest.approx(1.0)  # bottom of the dip: rest is the level around it
    assert rest[140] == pytest.approx(1.0)  # just before the zoom
    assert rest[160] == pytest.approx(2.0)  # just after it


def test_upper_envelope_does_not_invent_rest_at_a_clip_that_ends_low():
    t = np.arange(50) / FPS
    height = np.clip(1.0 - 0.2 * np.maximum(t - 2.0, 0), 0.3, 1.0)  # ends going down
    rest = upper_envelope(height, t, window_s=6.0)
    assert rest[-1] == pytest.approx(1.0)
