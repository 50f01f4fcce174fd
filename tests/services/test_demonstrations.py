"""The exercise demonstrations teach what matters: the moving foot moves a visible amount in
the close-up, the stance is staggered, each side keeps its colour in every demonstration, and
the phases are named and timed by the exercise's dose."""

from __future__ import annotations

import numpy as np
import pytest

from footwork.domain.exercises import EXERCISES
from footwork.errors import NotFound
from footwork.services.demonstrations import SIDE_COLOURS, Demonstration, demonstration
from footwork.synth.closeup import STAGGER_M, closeup

FOOT_EXERCISES = ("outward-roll", "heel-circle")
MOVES = ("out", "back", "circle")


def _foot(demo: Demonstration, side: str) -> list[int]:
    """The points of one foot as drawn (not its shadow on the floor)."""
    return [
        i
        for i, name in enumerate(demo.joints)
        if name.startswith(f"{side}_") and "_shadow_" not in name
        and not name.endswith(("_hip", "_knee"))
    ]  # fmt: skip


def _travel(demo: Demonstration, joints: list[int], start: int, end: int) -> np.ndarray:
    """How far (x, y) the points travel in frames start..end, as a share of the box."""
    xy = np.array(demo.frames[start:end])[:, joints]
    return np.ptp(xy, axis=0).max(axis=0) / np.array(demo.box[2:])


@pytest.mark.parametrize("key", FOOT_EXERCISES)
def test_the_moving_foot_moves_a_visible_share_of_the_close_up(key: str) -> None:
    demo = demonstration(key)
    moving = [p for p in demo.phases if p.kind in MOVES]
    assert {p.side for p in moving} == {"left", "right"}  # both feet are shown
    for p in moving:
        assert p.side is not None
        rest = "right" if p.side == "left" else "left"
        travel = _travel(demo, _foot(demo, p.side), p.start, p.end)
        assert travel.max() > 0.10, (p.label, p.side, travel)  # the highlighted foot moves
        assert _travel(demo, _foot(demo, rest), p.start, p.end).max() < 0.01  # the other rests


@pytest.mark.parametrize("key", FOOT_EXERCISES)
def test_the_stance_is_staggered_a_little_less_than_a_step(key: str) -> None:
    from footwork.services.demonstrations import phase_plan

    plan = phase_plan(EXERCISES[key])
    film = closeup(key, plan)
    step_m = 0.41 * 1.75  # a normal walking step of the 1.75 m body
    for phase, (a, b) in zip(plan, film.phase_frames, strict=True):
        if phase.kind not in MOVES:
            continue
        other = "right" if phase.side == "left" else "left"
        ball = {
            s: film.world[a:b, film.joints.index(f"{s}_ball_inner"), 1] for s in (phase.side, other)
        }
        ahead = ball[phase.side] - ball[other]  # metres the moving foot is ahead
        gap = ahead if key == "outward-roll" else -ahead  # roll: front foot; circle: rear foot
        assert np.allclose(gap, STAGGER_M, atol=0.02)
        assert 0.6 * step_m < STAGGER_M < step_m


def test_each_side_keeps_its_colour_in_every_demonstration() -> None:
    assert SIDE_COLOURS["left"] != SIDE_COLOURS["right"]
    for key in EXERCISES:
        demo = demonstration(key)
        assert {s: demo.colours[s] for s in SIDE_COLOURS} == SIDE_COLOURS
        for a, b, side in demo.bones:  # a bone coloured "left" joins left joints
            if side != "centre":
                assert demo.joints[a].startswith(side) and demo.joints[b].startswith(side)
        for side, ring in demo.outlines:
            assert all(demo.joints[i].startswith(side) for i in ring)


@pytest.mark.parametrize("key", list(EXERCISES))
def test_phases_are_named_and_timed_by_the_dose(key: str) -> None:
    ex, demo = EXERCISES[key], demonstration(key)
    tempo = ex.dose.tempo
    seconds = {"out": tempo.out_s, "hold": tempo.pause_s, "back": tempo.back_s,
               "circle": tempo.out_s}  # fmt: skip
    for p in demo.phases:
        assert abs((p.end - p.start) / demo.fps - p.seconds) <= 1 / demo.fps  # frames match
        if p.kind in seconds:
            assert p.seconds == seconds[p.kind], p
    assert demo.phases[-1].end == len(demo.frames)  # the loop is exactly the phases
    assert all(a.end == b.start for a, b in zip(demo.phases, demo.phases[1:], strict=False))
    labels = [p.label for p in demo.phases if p.kind in (*seconds, "rest")]
    named = [p.name for p in (ex.phases.into, ex.phases.hold, ex.phases.back) if p]
    if key == "outward-roll":  # the names the coached session shows
        assert labels[:3] == named == ["Roll out", "Hold", "Roll back"]
    elif key == "heel-circle":  # a circle is named by its direction, both ways on each foot
        shown = {(p.side, p.label) for p in demo.phases if p.kind == "circle"}
        assert shown == {(s, f"Circle {d}") for s in ("left", "right")
                         for d in ("clockwise", "counter-clockwise")}  # fmt: skip
        assert all(p.trace == demo.joints.index(f"{p.side}_heel") for p in demo.phases
                   if p.kind == "circle")  # fmt: skip
    else:
        assert labels[:4] == [*named, "Stand tall"] == ["Down", "Hold", "Up", "Stand tall"]
        assert demo.band  # the band's X


def test_heel_circles_turn_the_way_their_label_says() -> None:
    demo = demonstration("heel-circle")
    for p in demo.phases:
        if p.kind != "circle":
            continue
        path = np.array(demo.frames[p.start : p.end])[:, p.trace]
        x, y = path[:, 0] - path[:, 0].mean(), path[:, 1] - path[:, 1].mean()
        area = np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2  # > 0: clockwise on screen (y down)
        assert (area > 0) == (p.direction == "clockwise"), p
        assert np.ptp(path[:, 0]) > 0.15 * demo.box[2]  # a big circle, not a wobble


def test_an_unknown_exercise_has_no_demonstration() -> None:
    with pytest.raises(NotFound):
        demonstration("plank")


@pytest.mark.parametrize(
    ("key", "kind", "per_block", "said"),
    [
        ("outward-roll", "out", 1, "One rep on each foot is shown"),
        ("heel-circle", "circle", 2, "Two circles each way on each foot are shown"),
        ("banded-squat", "out", 2, "Two reps are shown"),
    ],
)
def test_the_caption_says_how_many_reps_are_shown(key: str, kind: str, per_block: int, said: str):
    demo = demonstration(key)
    blocks: dict[tuple[str | None, str | None], int] = {}
    for p in demo.phases:
        if p.kind == kind:
            blocks[p.side, p.direction] = blocks.get((p.side, p.direction), 0) + 1
    assert set(blocks.values()) == {per_block}
    assert said in demo.caption and "the dose below says how many to do" in demo.caption
