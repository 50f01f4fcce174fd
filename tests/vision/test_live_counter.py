"""The live counter on generated landmark streams with known truth: the foot exercises
counted per foot and direction as the clip analysis counts them, the phase and its cues at
the right moments by capture time, set-up help before counting starts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pytest

from footwork.domain.live_coaching import LIVE_EXERCISES
from footwork.synth.camera import Camera
from footwork.synth.motion import Filming, SyntheticClip, heel_circle, lunge_test, outward_roll
from footwork.vision.pose.estimator import PoseEstimate
from footwork.vision.pose.exercises import get_analyser
from footwork.vision.pose.live import LiveCounter, LiveUpdate
from footwork.vision.pose.result import AnalysisResult
from footwork.vision.pose.sequence import LANDMARK_INDEX, PoseSequence


@dataclass
class Played:
    clip: SyntheticClip
    updates: list[LiveUpdate]
    final: AnalysisResult
    counter: LiveCounter

    def cues(self, text: str) -> list[float]:
        return [e.t for u in self.updates for e in u.events if e.kind == "cue" and e.text == text]


def _pose(seq: PoseSequence, i: int) -> PoseEstimate | None:
    return PoseEstimate(seq.xy[i], seq.visibility[i]) if np.isfinite(seq.xy[i]).any() else None


def play(exercise: str, clip: SyntheticClip) -> Played:
    seq, counter = clip.seq, LiveCounter(exercise)
    updates = [counter.push(float(t), _pose(seq, i), (seq.width, seq.height))
               for i, t in enumerate(seq.times)]  # fmt: skip
    final = counter.finish()
    assert final is not None
    return Played(clip, updates, final, counter)


@pytest.fixture(scope="module")
def circles() -> Played:
    blocks = (("right", "clockwise", 2), ("right", "counter-clockwise", 2),
              ("left", "counter-clockwise", 2))  # fmt: skip
    return play("heel-circle", heel_circle(blocks, seed=5))


@pytest.fixture(scope="module")
def rolls() -> Played:
    # Held 4 s (longer than the dose's hold: "and back" is due) and 1 s (shorter: it is not).
    clip = outward_roll(reps_per_foot=2, pauses_s=(4.0, 1.0), seed=6)
    return play("outward-roll", clip)


@pytest.fixture(scope="module")
def lunges() -> Played:
    return play("lunge-test", lunge_test(max_angle_deg={"left": 38.0, "right": 44.0},
                                         attempts=2, seed=7))  # fmt: skip


# Rolls and lunges are long generated sets (15-20 s each to make and play): slow.
FIXTURES = ("circles", pytest.param("rolls", marks=pytest.mark.slow),
            pytest.param("lunges", marks=pytest.mark.slow))  # fmt: skip


@pytest.mark.parametrize("name", FIXTURES)
def test_the_live_count_per_foot_and_direction_is_the_clip_analysis_count_and_the_truth(
    request, name
):
    played: Played = request.getfixturevalue(name)
    truth, final = played.clip.truth, played.final
    clip = get_analyser(final.exercise)(played.clip.seq)
    assert final.rep_count == clip.rep_count == truth.count() > 0
    for side in ("left", "right"):
        assert final.reps_by_side[side] == clip.reps_by_side[side] == truth.count(side)
    if final.per_direction:
        for side in ("left", "right"):
            for way in ("clockwise", "counter-clockwise"):
                mine = sum(1 for r in final.reps if (r.side, r.direction) == (side, way))
                assert mine == truth.count(side, way)


@pytest.mark.parametrize("name", FIXTURES)
def test_the_shown_count_never_goes_down_and_every_rep_announced_is_in_the_result(request, name):
    played: Played = request.getfixturevalue(name)
    shown = [u.reps for u in played.updates]
    assert shown == sorted(shown)
    announced = [e for e in played.counter.events if e.kind == "rep"]
    assert len(announced) == played.final.rep_count  # each rep once, none the result lacks
    assert shown[-1] <= played.final.rep_count


@pytest.mark.parametrize("name", FIXTURES)
def test_counting_starts_only_once_ready(request, name):
    played: Played = request.getfixturevalue(name)
    ready_at = next(u.t for u in played.updates if u.ready)
    assert all(u.reps == 0 and u.phase == "setup" for u in played.updates if u.t < ready_at)
    kinds = [e.kind for e in played.counter.events]
    assert kinds.index("ready") < kinds.index("rep")


def _during(played: Played, start: float, end: float) -> list[LiveUpdate]:
    return [u for u in played.updates if start <= u.t <= end]


def test_heel_circles_show_the_moving_foot_and_the_way_it_turns(circles):
    reps = circles.clip.truth.reps
    for before, rep in itertools.pairwise(reps):
        if (before.side, before.direction) != (rep.side, rep.direction):
            continue  # the first circle of a block: the heel eases into it
        # the middle of each circle, past the phase's settling time
        middle = _during(circles, rep.start_s + 0.8, rep.end_s - 0.3)
        right = [u for u in middle if (u.phase, u.side, u.direction) ==
                 ("moving", rep.side, rep.direction)]  # fmt: skip
        assert len(right) >= 0.8 * len(middle), (rep, [(u.phase, u.side, u.direction)
                                                        for u in middle])  # fmt: skip


@pytest.mark.slow
def test_an_outward_roll_is_told_to_come_back_only_after_the_doses_hold(rolls):
    hold_s = LIVE_EXERCISES["outward-roll"].hold_s
    back = rolls.cues(LIVE_EXERCISES["outward-roll"].back)
    for rep in rolls.clip.truth.reps:
        pause = rep.measures["pause_s"]
        each_way = (rep.end_s - rep.start_s - pause) / 2
        hold_start, hold_end = rep.start_s + each_way, rep.end_s - each_way
        said = [t for t in back if rep.start_s <= t <= rep.end_s]
        if pause > hold_s + 0.5:
            assert len(said) == 1, (rep, back)
            assert hold_start + hold_s - 0.6 <= said[0] <= hold_end + 0.4
        else:
            assert said == [], (rep, back)  # let go before the hold was done: nothing to say


@pytest.mark.slow
def test_an_outward_roll_shows_the_hold_with_its_timer_on_the_rolling_foot(rolls):
    for rep in rolls.clip.truth.reps:
        pause = rep.measures["pause_s"]
        if pause < 3.0:
            continue
        each_way = (rep.end_s - rep.start_s - pause) / 2
        holding = _during(rolls, rep.start_s + each_way + 1.0, rep.end_s - each_way)
        held = [u for u in holding if u.phase == "hold" and u.side == rep.side]
        assert len(held) >= 0.6 * len(holding)
        timers = [u.phase_s for u in held]
        assert max(timers) >= pause - 1.5


@pytest.mark.slow
def test_the_lunge_test_shows_the_front_shin_angle_and_the_best_per_side(lunges):
    truth = lunges.clip.truth
    for rep in truth.reps:
        top = _during(lunges, rep.start_s + 3.0, rep.start_s + 3.5)  # held at the peak
        assert top and all(u.side == rep.side for u in top)
        assert all(abs((u.value or 0.0) - rep.measures["max_shin_angle_deg"]) < 6.0 for u in top)
    best = lunges.updates[-1].best
    for side in ("left", "right"):
        # as the analysis of the set so far measured it: the whole set's may differ by a hair
        assert best[side] == pytest.approx(lunges.final.summary[f"max_shin_angle_deg_{side}"],
                                           abs=0.5)  # fmt: skip
        assert best[side] == pytest.approx(truth.summary[f"max_shin_angle_deg_{side}"], abs=3.0)


# -- set-up help -------------------------------------------------------------------------------


def _frames(clip: SyntheticClip, seconds: float) -> list[tuple[float, np.ndarray, np.ndarray]]:
    seq = clip.seq
    return [(float(t), seq.xy[i].copy(), seq.visibility[i].copy())
            for i, t in enumerate(seq.times) if t <= seconds]  # fmt: skip


def test_feet_out_of_the_picture_are_told_to_step_back_and_counting_waits():
    clip = outward_roll(reps_per_foot=1, seed=8)
    counter, seq = LiveCounter("outward-roll"), clip.seq
    feet = [LANDMARK_INDEX[n] for n in LIVE_EXERCISES["outward-roll"].needs if "knee" not in n]
    for t, xy, vis in _frames(clip, 2.0):
        xy[feet, 1] += seq.height  # the feet below the bottom of the picture
        update = counter.push(t, PoseEstimate(xy, vis), (seq.width, seq.height))
        assert not update.ready and update.phase == "setup"
    assert update.setup is not None and update.setup.startswith("Step back")
    later = [counter.push(t + 2.0, PoseEstimate(xy, vis), (seq.width, seq.height))
             for t, xy, vis in _frames(clip, 1.0)]  # fmt: skip
    assert later[-1].ready and later[-1].setup is None
    kinds = [e.kind for e in counter.events]
    assert kinds.index("setup") < kinds.index("ready")


def test_nobody_in_a_dark_room_is_asked_for_more_light():
    counter = LiveCounter("squat")
    for i in range(10):
        update = counter.push(i / 10, None, (640, 480), brightness=12.0)
    assert update.setup is not None and update.setup.startswith("More light")
    assert not update.ready


def test_the_lunge_test_filmed_from_the_front_asks_to_turn_side_on():
    front = Filming(camera=Camera(view="front", height_m=0.45, target=(0.0, -0.15, 0.85)))
    clip = lunge_test(attempts=1, filming=front, seed=9)
    counter, seq = LiveCounter("lunge-test"), clip.seq
    for t, xy, vis in _frames(clip, 3.0):
        update = counter.push(t, PoseEstimate(xy, vis), (seq.width, seq.height))
    assert update.setup is not None and update.setup.startswith("Turn side-on")
    assert not counter.ready
