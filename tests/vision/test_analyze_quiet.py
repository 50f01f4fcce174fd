"""`footwork analyze` in a real process: MediaPipe's native log stays out of the terminal, and a
missing or unreadable clip is refused before the pose model loads.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from video_media import media

NATIVE_LOG = re.compile(r"^[IWE]\d{4} |inference_feedback_manager|Feedback manager|TensorFlow Lite")


def footwork(*args: str, home: Path, importtime: bool = False) -> subprocess.CompletedProcess:
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-m", "footwork", *args],
        capture_output=True,
        text=True,
        env=os.environ | {"FOOTWORK_HOME": str(home)},
        timeout=600,
    )


def loaded(stderr: str) -> set[str]:
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


@pytest.mark.slow
def test_analyze_on_a_real_clip_prints_no_native_log_lines(footwork_home):
    done = footwork(
        "analyze", str(media("squat/squat_16.mp4")), "--exercise", "squat", home=footwork_home
    )
    assert done.returncode == 0, done.stderr
    assert "1 full rep" in done.stdout
    noise = [line for line in done.stderr.splitlines() if NATIVE_LOG.search(line)]
    assert noise == []


@pytest.mark.parametrize("name", ["missing.mp4", "notes.mp4"])
@pytest.mark.slow
def test_a_missing_or_unreadable_clip_is_refused_before_the_pose_model_loads(
    footwork_home, tmp_path, name
):
    clip = tmp_path / name
    if name == "notes.mp4":
        clip.write_text("not a video", encoding="utf-8")
    done = footwork(
        "analyze", str(clip), "--exercise", "squat", home=footwork_home, importtime=True
    )
    assert done.returncode in (2, 3), done.stderr[-2000:]
    message = " ".join(line for line in done.stderr.splitlines() if "import time" not in line)
    assert "No file at" in message or "not a video footwork can read" in message, message
    assert "mediapipe" not in loaded(done.stderr)
    assert "Traceback" not in message
