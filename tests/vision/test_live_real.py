"""`footwork live --source CLIP --fast --json` on every shared clip with a human count: the
live count equals `footwork analyze`'s count on the same clip and the truth, and the clip is
decoded for live exactly as the clip analysis decodes it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner
from video_media import NOT_SQUATS, SQUAT_TRUTH, media

from footwork.cli.main import build_app
from footwork.services.live import clip_frames
from footwork.vision.pose.exercises import get_analyser

pytestmark = pytest.mark.slow

CLIPS: list[tuple[str, str, int]] = (
    [(f"squat/{clip}", "squat", n) for clip, n in SQUAT_TRUTH.items()]
    + [(f"squat/{clip}", "banded-squat", n) for clip, n in SQUAT_TRUTH.items()]
    + [("heel-raise/heel_raise_kettlebell_side_6.mp4", "heel-raise", 6)]
    + [(clip, "squat", 0) for clip in NOT_SQUATS]
)  # fmt: skip


def _live(clip: str, exercise: str) -> tuple[list[dict], dict]:
    result = CliRunner().invoke(
        build_app(),
        ["live", "--source", str(media(clip)), "--exercise", exercise, "--fast", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return lines[:-1], lines[-1]


@pytest.mark.parametrize(("clip", "exercise", "truth"), CLIPS)
def test_the_live_count_of_a_clip_is_the_clip_analysis_count_and_the_truth(
    poses, clip, exercise, truth
):
    analysed = get_analyser(exercise)(poses(clip)).rep_count
    events, done = _live(clip, exercise)
    reps = [e for e in events if e["kind"] == "rep"]
    assert done["kind"] == "done" and done["ended"] == "end"
    assert done["reps"] == analysed == truth
    assert len(reps) == done["reps"]  # every rep announced once, none the final lacks
    if truth:
        assert done["session_id"] is not None


@pytest.mark.parametrize("clip", ["squat/squat_19.mp4", "squat/slow_6count_side_front.mp4"])
def test_a_clip_is_decoded_for_live_as_the_clip_analysis_decodes_it(poses, clip):
    seq = poses(clip)
    frames = list(clip_frames(media(clip)))
    assert [f.t for f in frames] == pytest.approx(list(seq.times))
    for i, frame in enumerate(frames):
        if frame.pose is None:
            assert not np.isfinite(seq.xy[i]).any()
        else:
            np.testing.assert_allclose(frame.pose.xy, seq.xy[i], atol=1e-6)
            np.testing.assert_allclose(frame.pose.visibility, seq.visibility[i], atol=1e-6)


def test_people_walking_through_the_picture_are_named_in_the_set_up_help():
    """On a clip with several people, the live coach says someone else is in the picture
    (the pose model keeps following one person) and counts no squat."""
    events, done = _live("negative/multi_person_walk_jump.mp4", "squat")
    said = [e["text"] for e in events if e["kind"] == "setup"]
    assert any(text.startswith("Someone else is in the picture") for text in said)
    assert done["reps"] == 0


def test_one_person_alone_is_never_told_someone_else_is_there():
    events, _ = _live("squat/squat_19.mp4", "squat")
    assert not any("Someone else" in e["text"] for e in events)
