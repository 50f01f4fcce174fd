"""`footwork live`, run as a user would: a landmark stream played as the camera, events as JSON
lines and the set logged; text output; bad input refused with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footwork.cli.main import build_app
from footwork.config import Settings
from footwork.services.sessions import list_sessions
from footwork.synth.motion import heel_circle, heel_raise
from footwork.vision.pose.landmark_csv import write_landmark_csv


def _run(*argv: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_app(), list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


@pytest.fixture(scope="module")
def raises_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_landmark_csv(heel_raise(4, seed=12).seq, tmp_path_factory.mktemp("live") / "r.csv")


def test_live_plays_a_landmark_file_as_the_camera_and_logs_the_set(raises_csv):
    code, out, _ = _run("live", "--source", str(raises_csv), "--exercise", "heel-raise",
                        "--fast", "--json")  # fmt: skip
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    *events, done = lines
    assert done["kind"] == "done" and done["reps"] == 4 and done["result"]["reps"] == 4
    kinds = [e["kind"] for e in events]
    assert kinds.index("ready") < kinds.index("rep")
    assert [e["text"].split(".")[0] for e in events if e["kind"] == "rep"] == ["1", "2", "3", "4"]
    [session] = list_sessions(Settings.from_env())
    assert done["session_id"] is not None and session.reps_done == 4
    assert session.source == "camera"


def test_live_in_text_shows_each_event_and_the_result(tmp_path):
    blocks = (("left", "clockwise", 2),)
    path = write_landmark_csv(heel_circle(blocks, seed=4).seq, tmp_path / "c.csv")
    code, out, _ = _run("live", "--source", str(path), "-e", "heel-circle", "--fast", "--no-log")
    assert code == 0
    assert "Ready: I can see you" in out
    assert "Rep 1 (left clockwise)" in out and "Rep 2 (left clockwise)" in out
    assert "heel-circle: 2 rep(s)" in out and "By direction: clockwise 2" in out
    assert "Logged" not in out and list_sessions(Settings.from_env()) == []


def test_an_unknown_exercise_is_refused(raises_csv):
    code, _, err = _run("live", "--source", str(raises_csv), "--exercise", "jumping", "--fast")
    assert code == 2 and "jumping" in err


def test_a_missing_camera_says_what_to_do():
    code, out, _ = _run("live", "--camera", "57", "--exercise", "squat", "--json")
    assert code == 2
    data = json.loads(out)
    assert (
        data["error"].startswith("Could not open camera 57") and "Connect a camera" in data["hint"]
    )
    assert list_sessions(Settings.from_env()) == []


def test_an_unreadable_clip_is_refused_before_anything_runs(tmp_path):
    clip = tmp_path / "broken.mp4"
    clip.write_bytes(b"not a video at all")
    code, _, err = _run("live", "--source", str(clip), "--exercise", "squat")
    assert code == 2 and "broken.mp4" in err


def test_a_camera_and_a_recording_together_are_refused(raises_csv):
    code, _, err = _run("live", "--camera", "0", "--source", str(raises_csv), "-e", "squat")
    assert code == 2 and "not both" in err
