"""`footwork analyze`, `footwork pose` and `footwork measure lunge`, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner
from video_media import NEGATIVE, media

from footwork.cli.main import build_app
from footwork.config import Settings
from footwork.services.measurements import list_all
from footwork.services.sessions import list_sessions
from footwork.services.video import analyse_clip
from footwork.vision.pose.classify import ExerciseGuess
from footwork.vision.pose.landmark_csv import landmark_columns, write_landmark_csv

pytestmark = pytest.mark.slow


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_app(), list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def _blank_clip(path: Path) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (320, 240))
    for i in range(20):
        writer.write(np.full((240, 320, 3), 40 + i, np.uint8))
    writer.release()
    return path


def _stored_sessions() -> int:
    return len(list_sessions(Settings.from_env()))


def test_analyze_prints_the_documented_json(capsys):
    code, out, _ = _run(capsys, "analyze", str(media("squat/squat_19.mp4")), "-e", "squat",
                        "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["exercise"] == "squat" and data["reps"] == 2 and data["view"] == "front"
    assert set(data) >= {"source", "fps", "frames", "duration_s", "rep_list", "summary",
                         "findings", "warnings", "counting"}  # fmt: skip
    rep = data["rep_list"][0]
    assert rep["start_s"] < rep["peak_s"] < rep["end_s"]
    assert {"depth", "descent_s", "bottom_s", "ascent_s", "knees_out_ratio"} <= set(rep["measures"])
    assert data["counting"]["signal"] == "depth"
    assert data["counting"]["enter"] > data["counting"]["exit"]


def test_analyze_names_the_movement_when_not_told(capsys):
    code, out, _ = _run(capsys, "analyze", str(media("squat/squat_19.mp4")))
    assert code == 0
    assert "This looks like squat" in out and "2 full rep(s)" in out


def test_analyze_asks_when_it_cannot_tell(capsys):
    code, _, err = _run(capsys, "analyze", str(media("negative/multi_person_walk_jump.mp4")))
    assert code == 2
    assert "Could not tell which exercise" in err and "--exercise" in err


def test_analyze_saves_a_session_when_asked(capsys):
    code, out, _ = _run(capsys, "analyze", str(media("squat/squat_16.mp4")), "-e",
                        "banded-squat", "--save")  # fmt: skip
    assert code == 0 and "Saved as session" in out
    [log] = list_sessions(Settings.from_env())
    assert log.source == "video"
    assert sum(s.reps_done for s in log.sets) == 1


@pytest.mark.parametrize(
    ("make", "exercise", "message"),
    [("blank", "squat", "Nobody was found"),
     ("text", "squat", "not a video footwork can read"),
     ("csv", "squat", "missing 1 column(s): nose_x"),
     ("blank", "push-up", "Unknown exercise 'push-up'")],
)  # fmt: skip
def test_bad_input_fails_clearly_and_stores_nothing(capsys, tmp_path, make, exercise, message):
    if make == "blank":
        path = _blank_clip(tmp_path / "empty_room.mp4")
    elif make == "text":
        path = tmp_path / "notes.mov"
        path.write_text("not a video")
    else:
        path = tmp_path / "pose.csv"
        path.write_text(",".join(c for c in landmark_columns() if c != "nose_x") + "\n")
    code, _, err = _run(capsys, "analyze", str(path), "-e", exercise, "--save")
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert _stored_sessions() == 0


def test_pose_writes_landmarks_that_analyze_counts_the_same(capsys, tmp_path):
    csv_path = tmp_path / "squat_19.csv"
    code, out, _ = _run(capsys, "pose", str(media("squat/squat_19.mp4")), "--out", str(csv_path))
    assert code == 0 and "143 frames" in out
    code, out, _ = _run(capsys, "analyze", str(csv_path), "-e", "squat", "--json")
    assert code == 0 and json.loads(out)["reps"] == 2


def test_annotate_writes_a_browser_playable_video_and_plot_a_png(capsys, tmp_path):
    clip = media("squat/squat_16.mp4")
    code, out, _ = _run(capsys, "analyze", str(clip), "-e", "squat", "--annotate",
                        str(tmp_path / "out.mp4"), "--plot", str(tmp_path / "out.png"),
                        "--json")  # fmt: skip
    assert code == 0
    written = Path(json.loads(out)["outputs"]["annotated"])
    assert written.suffix in (".mp4", ".webm")
    cap = cv2.VideoCapture(str(written))
    codec = int(cap.get(cv2.CAP_PROP_FOURCC)).to_bytes(4, "little").decode().lower()
    assert codec in ("avc1", "h264", "vp80", "vp08")
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 47
    cap.release()
    plot = cv2.imread(str(tmp_path / "out.png"))
    assert plot is not None and plot.shape[1] >= 800


def test_measure_lunge_on_a_side_photo_saves_an_ankle_measurement(capsys, tmp_path):
    cap = cv2.VideoCapture(str(media("squat/squat_17.mp4")))
    cap.set(cv2.CAP_PROP_POS_MSEC, 2400)  # the bottom of the squat: shins lean forward
    ok, frame = cap.read()
    cap.release()
    assert ok
    photo = tmp_path / "lunge.png"
    cv2.imwrite(str(photo), frame)
    code, out, _ = _run(capsys, "measure", "lunge", str(photo), "--side", "left", "--json",
                        "--save", "--annotate", str(tmp_path / "shown.png"))  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["view"] == "side" and data["method"] == "photo"
    assert 15 < data["angle_deg"] < 60
    assert cv2.imread(str(tmp_path / "shown.png")) is not None
    [saved] = list_all(Settings.from_env())
    assert saved.value == pytest.approx(data["angle_deg"], abs=0.1)
    assert saved.kind.value == "ankle-dorsiflexion"


def test_measure_lunge_refuses_a_front_view(capsys, tmp_path):
    code, _, err = _run(capsys, "measure", "lunge", str(media("squat/squat_19.mp4")), "--side",
                        "right", "--save")  # fmt: skip
    assert code == 2
    assert "side view" in err
    assert list_all(Settings.from_env()) == []


@pytest.mark.parametrize(
    ("option", "name", "message"),
    [("--annotate", "out.gif", "Cannot write a video called out.gif"),
     ("--plot", "out.jpg", "Cannot write a plot called out.jpg")],
)  # fmt: skip
def test_wrong_output_names_are_refused_before_any_work(capsys, tmp_path, option, name, message):
    code, _, err = _run(capsys, "analyze", str(tmp_path / "missing.mp4"), "-e", "squat",
                        option, str(tmp_path / name))  # fmt: skip
    assert code == 2 and message in err


def test_when_unsure_the_service_asks_and_uses_the_answer(poses, tmp_path):
    csv_path = write_landmark_csv(poses(NEGATIVE), tmp_path / "walk.csv")
    asked: list[ExerciseGuess] = []

    def ask(guess: ExerciseGuess) -> str:
        asked.append(guess)
        return "Heel Raise"

    done = analyse_clip(csv_path, None, ask=ask)
    assert len(asked) == 1 and asked[0].exercise is None
    assert done.result.exercise == "heel-raise" and done.result.rep_count == 0


@pytest.mark.parametrize("exercise", ["heel-circle", "outward-roll", "lunge-test", "squat"])
def test_a_landmark_file_too_short_to_hold_a_rep_is_refused_clearly(
    capsys, poses, tmp_path, exercise
):
    clip = poses(media("squat/squat_19.mp4"))
    one_frame = write_landmark_csv(clip.slice(10, 11), tmp_path / "one_frame.csv")
    code, _, err = _run(capsys, "analyze", str(one_frame), "-e", exercise, "--save")
    assert code == 2
    assert "too short to hold a repetition" in err and "Traceback" not in err
    assert _stored_sessions() == 0
