"""Annotation and plots only read an analysis: phases, counters, cues, outputs."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from footwork.errors import InvalidInput
from footwork.vision.pose.draw import (
    cues_at,
    draw_frame,
    landmarks_at,
    open_writer,
    phase_at,
    reps_done_at,
)
from footwork.vision.pose.plots import plot_analysis
from footwork.vision.pose.result import AnalysisResult, Finding, Rep
from footwork.vision.pose.sequence import N_LANDMARKS, PoseSequence


def _result(exercise: str = "squat") -> AnalysisResult:
    reps = [
        Rep(1, 1.0, 4.0, peak_s=2.0, measures={"descent_s": 1.0, "bottom_s": 0.5, "ascent_s": 1.5}),
        Rep(2, 5.0, 7.0, peak_s=6.0),
    ]
    times = np.linspace(0, 8, 81)
    return AnalysisResult(
        exercise=exercise, source="x", view="front", fps=10, frames=81, duration_s=8, reps=reps,
        findings=[Finding("knees-in", "Rep 1: knees in.", "warn", rep=1)],
        signals={"depth": np.sin(times) ** 2, "other": np.cos(times)}, times=times,
        count_signal="depth", count_levels={"enter": 0.5, "exit": 0.2},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("t", "phase"),
    [(0.5, "standing"), (1.5, "lowering"), (2.2, "bottom"), (3.0, "rising"), (5.5, "lowering"),
     (6.5, "rising"), (7.5, "standing")],
)  # fmt: skip
def test_the_phase_follows_each_rep(t, phase):
    assert phase_at(_result(), t) == phase


def test_an_exercise_without_its_own_words_gets_plain_ones():
    assert phase_at(_result("heel-circle"), 0.0) == "rest"
    assert phase_at(_result("heel-circle"), 5.5) == "moving"


def test_the_counter_and_cues_change_when_a_rep_finishes():
    result = _result()
    assert [reps_done_at(result, t) for t in (0.0, 3.9, 4.0, 7.5)] == [0, 0, 1, 2]
    assert cues_at(result, 3.0) == []
    assert cues_at(result, 4.5) == ["Rep 1: knees in."]
    assert cues_at(result, 7.5) == []


def _standing(shift_x: float = 0.0, arm_y: float | None = None) -> np.ndarray:
    """A body 200 px tall (shoulders at y=100, feet at y=300), moved ``shift_x`` to the right."""
    xy = np.zeros((N_LANDMARKS, 2))
    xy[:, 0] = 100 + shift_x
    xy[:, 1] = np.linspace(60, 300, N_LANDMARKS)
    xy[11:, 1] = np.linspace(100, 300, N_LANDMARKS - 11)
    if arm_y is not None:
        xy[15:17, 1] = arm_y  # the wrists
    return xy


def _two_frames(a: np.ndarray, b: np.ndarray, gap_s: float) -> PoseSequence:
    return PoseSequence(xy=np.stack([a, b]), visibility=np.ones((2, N_LANDMARKS)),
                        times=np.array([0.0, gap_s]), fps=1 / gap_s, width=400,
                        height=400)  # fmt: skip


def test_a_slow_move_over_a_short_gap_is_interpolated():
    seq = _two_frames(_standing(), _standing(shift_x=20), 0.133)  # 0.1 body heights
    assert landmarks_at(seq, 0.0665, 1 / 30)[:, 0] == pytest.approx(np.full(N_LANDMARKS, 110))
    assert landmarks_at(seq, 0.133)[0] == pytest.approx(seq.xy[1, 0])
    assert np.isnan(landmarks_at(seq, 0.2)).all()


def test_fast_points_are_held_for_a_frame_then_left_out():
    # the wrists swing 0.6 body heights in 0.133 s; the rest of the body barely moves
    seq = _two_frames(_standing(arm_y=250), _standing(shift_x=4, arm_y=130), 0.133)
    frame_s = 1 / 30
    mid = landmarks_at(seq, 0.0665, frame_s)
    assert np.isnan(mid[15:17]).all()
    assert mid[23:29, 0] == pytest.approx(np.full(6, 102))  # legs interpolated
    after_one = landmarks_at(seq, frame_s, frame_s)
    assert after_one[15:17, 1] == pytest.approx([250, 250])  # held from the analysed frame
    assert landmarks_at(seq, 0.133 - frame_s, frame_s)[15:17, 1] == pytest.approx([130, 130])


def test_a_long_gap_is_not_bridged():
    seq = _two_frames(_standing(), _standing(shift_x=2), 1.0)  # nobody seen for a second
    assert np.isnan(landmarks_at(seq, 0.5, 1 / 30)).all()
    assert landmarks_at(seq, 0.02, 1 / 30)[0] == pytest.approx(seq.xy[0, 0])


def test_drawing_marks_the_frame():
    frame = np.zeros((360, 640, 3), np.uint8)
    points = np.full((N_LANDMARKS, 2), np.nan)
    points[23:29] = [[300, 150], [340, 150], [300, 230], [340, 230], [300, 320], [340, 320]]
    draw_frame(frame, points, _result(), 4.5)
    assert frame[150:320, 290:350].any()  # the legs
    assert frame[:40, :200].any()  # the panel with the counter


def test_the_video_is_written_in_a_browser_codec(tmp_path):
    writer, written = open_writer(tmp_path / "out.mp4", 25, (64, 48))
    for i in range(10):
        writer.write(np.full((48, 64, 3), i * 20, np.uint8))
    writer.release()
    assert written.codec in ("avc1", "VP80")
    assert written.path.suffix == (".mp4" if written.codec == "avc1" else ".webm")
    assert int(cv2.VideoCapture(str(written.path)).get(cv2.CAP_PROP_FRAME_COUNT)) == 10


def test_a_webm_name_is_kept_and_other_names_are_refused(tmp_path):
    writer, written = open_writer(tmp_path / "out.webm", 25, (64, 48))
    writer.release()
    assert written.path == tmp_path / "out.webm" and written.codec == "VP80"
    with pytest.raises(InvalidInput, match=r"Use \.mp4 or \.webm"):
        open_writer(tmp_path / "out.gif", 25, (64, 48))


def test_the_plot_has_a_panel_per_signal(tmp_path):
    out = plot_analysis(_result(), tmp_path / "plot.png")
    image = cv2.imread(str(out))
    assert image.shape[1] == 1000 and image.shape[0] > 400  # two panels
    with pytest.raises(InvalidInput, match="png"):
        plot_analysis(_result(), tmp_path / "plot.svg")
