"""ResultBuilder: reps in any order come out sorted and numbered, summary and findings made once."""

from __future__ import annotations

import json

import numpy as np

from footwork.vision.pose.result import AnalysisResult, Finding, Rep, ResultBuilder
from footwork.vision.pose.sequence import N_LANDMARKS, PoseSequence


def _seq(frames: int = 90, fps: float = 30.0) -> PoseSequence:
    return PoseSequence(xy=np.zeros((frames, N_LANDMARKS, 2)),
                        visibility=np.ones((frames, N_LANDMARKS)),
                        times=np.arange(frames) / fps, fps=fps, width=640, height=480,
                        source="clip.mp4")  # fmt: skip


def test_reps_in_any_order_are_sorted_and_numbered_before_summary_and_review():
    seen = []

    def summarise(reps):
        seen.append(("summary", [(r.index, r.start_s) for r in reps]))
        return {"reps": float(len(reps))}

    def review(reps, summary):
        seen.append(("review", summary))
        return [Finding("late", f"Rep {r.index}", rep=r.index) for r in reps if r.start_s > 1]

    builder = ResultBuilder(_seq(), exercise="heel-circle", view="rear", per_side=True)
    builder.reps += [Rep(index=0, start_s=2.0, end_s=2.5, side="right")]
    builder.reps += [Rep(index=0, start_s=0.5, end_s=1.0, side="left"),
                     Rep(index=7, start_s=1.5, end_s=1.8, side="left")]  # fmt: skip
    result = builder.build(summarise=summarise, review=review)
    assert [(r.index, r.start_s) for r in result.reps] == [(1, 0.5), (2, 1.5), (3, 2.0)]
    assert seen == [("summary", [(1, 0.5), (2, 1.5), (3, 2.0)]), ("review", {"reps": 3.0})]
    assert [f.rep for f in result.findings] == [2, 3]
    assert result.reps_by_side == {"left": 2, "right": 1}


def test_without_summary_or_review_the_result_has_neither():
    builder = ResultBuilder(_seq(), exercise="lunge-test", view="front", per_side=True)
    builder.counted_on("shin_angle_deg", {"enter": 20.0, "exit": 15.0})
    builder.warnings.append("Film from the side.")
    result = builder.build()
    assert result.summary == {} and result.findings == [] and result.reps == []
    assert result.to_dict()["counting"] == {"signal": "shin_angle_deg", "enter": 20.0,
                                            "exit": 15.0}  # fmt: skip
    assert result.warnings == ["Film from the side."]


def test_the_built_result_serialises_exactly_like_one_made_by_hand():
    seq = _seq()
    depth = np.linspace(0.0, 1.0, len(seq))
    reps = [Rep(index=1, start_s=0.2, end_s=1.4, peak_s=0.8, view="side",
                measures={"depth": 0.61234, "descent_s": 0.6})]  # fmt: skip
    by_hand = AnalysisResult.for_sequence(
        seq, exercise="squat", view="side", reps=reps, summary={"max_depth": 0.61234},
        findings=[Finding("pause", "Rep 1: paused.", rep=1)], warnings=["w"],
        signals={"depth": depth}, count_signal="depth", count_levels={"enter": 0.3, "exit": 0.15},
    )  # fmt: skip
    builder = ResultBuilder(seq, exercise="squat", view="side")
    builder.reps = [Rep(index=0, start_s=0.2, end_s=1.4, peak_s=0.8, view="side",
                        measures={"depth": 0.61234, "descent_s": 0.6})]  # fmt: skip
    builder.warnings = ["w"]
    builder.signals["depth"] = depth
    builder.counted_on("depth", {"enter": 0.3, "exit": 0.15})
    built = builder.build(
        summarise=lambda r: {"max_depth": r[0].measures["depth"]},
        review=lambda r, _: [Finding("pause", "Rep 1: paused.", rep=r[0].index)],
    )
    assert json.dumps(built.to_dict()) == json.dumps(by_hand.to_dict())
    assert built.signals.keys() == {"depth"} and built.times is seq.times
