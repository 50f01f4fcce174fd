"""Outward rolls: reps per foot, end-range pauses within 0.3 s, and no false rolls."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footwork.synth.camera import Camera
from footwork.synth.motion import Filming, outward_roll
from footwork.synth.realism import Realism
from footwork.vision.pose.exercises import get_analyser
from footwork.vision.pose.exercises.outward_roll import analyze

# A phone held upright at shin height, the person filling most of the picture: jitter,
# jumps, lost frames, hands hidden now and then, walking into place, a slight tilt.
PHONE = Realism(
    noise_px=1.0,
    burst_rate_hz=0.15,
    drop_fraction=0.03,
    walk_in_s=2.5,
    tilt_deg=0.6,
    occluded=("left_wrist", "right_wrist"),
    occluded_fraction=0.3,
)


def _film(view: str = "front", realism: Realism = PHONE, fps: float = 30.0) -> Filming:
    camera = Camera(
        view=view, width=1080, height=1920, person_px=1500, height_m=0.5, target=(0.0, 0.0, 0.85)
    )
    return Filming(camera=camera, realism=realism, fps=fps)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.slow
def test_rolls_per_foot_and_pauses_match_the_truth(seed):
    rng = np.random.default_rng(seed)
    pauses = tuple(float(p) for p in rng.uniform(0.5, 3.0, 5))
    clip = outward_roll(
        feet=("right", "left") if seed % 2 else ("left", "right"),
        reps_per_foot=(3, 4, 5)[seed % 3],
        roll_deg=float(rng.uniform(20, 32)),
        roll_s=float(rng.uniform(1.5, 2.5)),
        pauses_s=pauses,
        filming=_film(("front", "rear")[seed % 2], fps=(24.0, 30.0, 60.0)[seed % 3]),
        seed=seed,
    )
    result = analyze(clip.seq)
    truth = sorted(clip.truth.reps, key=lambda r: r.start_s)
    assert result.reps_by_side == {s: clip.truth.count(s) for s in ("left", "right")}
    errors = []
    for got, want in zip(result.reps, truth, strict=True):
        assert got.side == want.side
        assert got.start_s < want.start_s + want.measures["pause_s"] / 2 + 2.5 < got.end_s + 2.5
        errors.append(got.measures["pause_s"] - want.measures["pause_s"])
    assert np.max(np.abs(errors)) <= 0.35
    assert np.mean(np.abs(errors)) <= 0.15


def test_the_roll_size_follows_the_roll():
    sizes = {}
    for roll in (18.0, 30.0):
        clip = outward_roll(
            feet=("left",),
            reps_per_foot=3,
            roll_deg=roll,
            filming=_film(realism=Realism(noise_px=1.0)),
            seed=2,
        )
        sizes[roll] = np.median([r.measures["roll_deg"] for r in analyze(clip.seq).reps])
    # A proxy: the ankle's lean over the foot reads 0.7–1.15 of the foot's roll, depending on
    # the view, and in proportion to it.
    ratios = [sizes[r] / r for r in sizes]
    assert all(0.7 <= q <= 1.15 for q in ratios)
    assert ratios[0] == pytest.approx(ratios[1], rel=0.1)


@settings(max_examples=8, deadline=None)
@given(roll=st.floats(0.0, 6.0), seed=st.integers(0, 999))
@pytest.mark.slow
def test_a_foot_wobbling_a_few_degrees_never_counts(roll, seed):
    clip = outward_roll(reps_per_foot=3, roll_deg=roll, pauses_s=(1.5,), filming=_film(), seed=seed)
    assert analyze(clip.seq).rep_count == 0


def test_a_short_pause_and_a_small_roll_get_feedback():
    clip = outward_roll(
        feet=("right",),
        reps_per_foot=3,
        roll_deg=16.0,
        pauses_s=(0.3,),
        filming=_film(realism=Realism(noise_px=0.8)),
        seed=4,
    )
    result = analyze(clip.seq)
    assert result.reps_by_side == {"left": 0, "right": 3}
    codes = {f.code for f in result.findings}
    assert {"short-pause", "small-roll", "one-foot-only"} <= codes


def test_good_rolls_get_no_warning_feedback():
    clip = outward_roll(
        reps_per_foot=2,
        roll_deg=28.0,
        pauses_s=(2.0,),
        filming=_film(realism=Realism(noise_px=0.8)),
        seed=5,
    )
    result = analyze(clip.seq)
    assert result.rep_count == 4
    assert [f for f in result.findings if f.severity == "warn"] == []


def test_a_side_view_is_warned_about():
    clip = outward_roll(reps_per_foot=2, filming=_film("left"))
    assert any("front or from behind" in w for w in analyze(clip.seq).warnings)


def test_the_registry_finds_the_analyser_and_the_json_has_sides():
    clip = outward_roll(reps_per_foot=2, filming=_film(realism=Realism(noise_px=0.8)), seed=1)
    out = get_analyser("outward-roll")(clip.seq).to_dict()
    assert out["reps_by_side"] == {"left": 2, "right": 2}
    assert out["counting"]["signal"] == "roll_deg"
    assert all(rep["measures"]["pause_s"] > 1.5 for rep in out["rep_list"])
