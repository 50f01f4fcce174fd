"""The coach at a real terminal (a pseudo-terminal): skipping mid-set keeps the reps done,
Ctrl-C before the first set stores nothing; and the coach's wording and voice hint."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest
from typer.testing import CliRunner

from footwork.cli.main import build_app
from footwork.services import sessions

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


class Terminal:
    """footwork running on a pseudo-terminal, read and typed into as a person would."""

    def __init__(self, *args: str) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        env = os.environ | {"TERM": "xterm", "COLUMNS": "160"}
        command = [sys.executable, "-m", "footwork", *args]
        self.proc = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 90) -> None:
        end = time.monotonic() + timeout
        while text not in ANSI.sub("", self.seen):
            assert time.monotonic() < end, f"never saw {text!r}:\n{ANSI.sub('', self.seen)}"
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode(errors="replace")
                except OSError:  # the program ended
                    break

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def interrupt(self) -> None:
        self.proc.send_signal(signal.SIGINT)

    def finish(self, timeout: float = 120) -> str:
        """Read until the program has ended and its terminal is drained, then the output."""
        end = time.monotonic() + timeout
        idle_since: float | None = None
        while time.monotonic() < end:
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the program ended and everything it wrote was read
                    break
                self.seen += chunk.decode(errors="replace")
                idle_since = None
            elif self.proc.poll() is not None:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > 2:
                    break
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self.master)
        return " ".join(ANSI.sub("", self.seen).split())


@pytest.mark.slow
def test_ctrl_c_at_the_first_prompt_stores_no_session(settings):
    term = Terminal("coach", "--no-speak")
    term.wait_for("Press Enter when you are in position")
    term.interrupt()
    out = term.finish()
    assert "Stopped before the first set: nothing was saved." in out
    assert "Traceback" not in out
    assert sessions.list_sessions(settings) == []


@pytest.mark.slow
def test_skipping_mid_set_logs_the_reps_already_done(settings):
    term = Terminal("coach", "--only", "outward-roll", "--no-speak", "--time-scale", "0.6")
    term.wait_for("Press Enter when you are in position")
    term.type("\r")
    term.wait_for("Rep 3/5 (left foot)")  # reps 1 and 2 are done; rep 3 has just begun
    term.interrupt()
    term.wait_for("Paused.")
    term.type("s\r")
    out = term.finish()
    assert "logged outward-roll (left): 2 reps (skipped)" in out, out[-600:]
    [session] = sessions.list_sessions(settings)
    left, right = session.sets
    assert (left.reps_done, left.completed, left.stop_reason) == (2, False, "skipped")
    assert (right.reps_done, right.stop_reason) == (0, "skipped")


@pytest.mark.slow
def test_quitting_after_one_rep_says_1_rep_and_stopped_early(settings):
    term = Terminal("coach", "--only", "banded-squat", "--no-speak", "--time-scale", "1")
    term.wait_for("Press Enter when you are in position")
    term.type("\r")
    term.wait_for("Rep 2/5")
    term.interrupt()
    term.wait_for("Paused.")
    term.type("q\r")
    term.wait_for("Effort and pain")  # the stopped set is rated like any other
    term.type("6 1\r")
    out = term.finish()
    assert "logged banded-squat (both feet, mini-set 1 of 3): 1 rep (stopped)" in out, out[-600:]
    assert "1 reps" not in out
    assert "Session saved. Stopped early: 1 set logged." in out


def run(*args: str):
    return CliRunner().invoke(build_app(), list(args))


def test_speak_without_espeak_says_how_to_get_voice_and_coaches_on(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on this PATH
    result = run("coach", "--speak", "--auto", "--time-scale", "0", "--only", "banded-squat")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "sudo apt-get install espeak-ng" in said and "Carrying on without voice." in said
    assert "Session saved. Well done." in said
    assert len(sessions.list_sessions(settings)) == 1


def test_each_coach_run_logs_the_next_mini_set_of_the_day(settings):
    first = run("coach", "--auto", "--time-scale", "0", "--only", "banded-squat")
    second = run("coach", "--auto", "--time-scale", "0", "--only", "banded-squat")
    assert "(both feet, mini-set 1 of 3): 5 reps" in " ".join(first.output.split())
    assert "(both feet, mini-set 2 of 3): 5 reps" in " ".join(second.output.split())
    numbers = [s.sets[0].set_number for s in sessions.list_sessions(settings)]
    assert numbers == [1, 2]


def test_stopping_early_is_worded_as_a_sentence(settings):
    result = run("coach", "--auto", "--time-scale", "0", "--stop-after-sets", "1")
    said = " ".join(result.output.split())
    assert "Session saved. Stopped early: 1 set logged." in said
    assert "Session saved. stopped early" not in said


class _Recorder:
    def __init__(self) -> None:
        self.sets: list = []

    def add(self, entry) -> None:
        self.sets.append(entry)


def _set_done(exercise: str):
    from footwork.domain.session import Step, StepKind

    return Step(StepKind.SET_DONE, exercise, 0, "Set done.", reps_total=5)


@pytest.mark.parametrize(
    ("exercise", "early_stop", "reason"),
    [
        ("banded-squat", "band snapped", "band snapped"),  # whatever the exercise data says
        ("banded-squat", "", "ended early"),
        ("outward-roll", "", "ended early"),
        ("outward-roll", "foot cramped", "foot cramped"),
    ],
)
def test_a_set_ended_early_is_logged_with_the_exercises_own_stop_reason(
    monkeypatch, exercise, early_stop, reason
):
    from dataclasses import replace

    from footwork.cli import coach
    from footwork.domain.exercises import EXERCISES

    monkeypatch.setitem(EXERCISES, exercise, replace(EXERCISES[exercise], early_stop=early_stop))
    opts = coach.CoachOptions(True, 0, None, None, "", set(), None)
    state, recorder = coach.CoachState(end_set_pending=True, reps_in_set=2), _Recorder()
    coach._do_step(_set_done(exercise), opts, state, recorder, voice=None)
    [entry] = recorder.sets
    assert (entry.stop_reason, entry.completed, entry.reps_done) == (reason, False, 2)


@pytest.mark.parametrize(
    ("exercise", "label"),
    [("banded-squat", "[e] band slipped"), ("heel-circle", "[e] end this set")],
)
def test_the_pause_menu_offers_the_exercises_own_early_stop(monkeypatch, exercise, label):
    from footwork.cli import coach

    asked = []
    monkeypatch.setattr(coach.Prompt, "ask", lambda text, **_: asked.append(text) or "c")
    coach._menu(_set_done(exercise), coach.CoachOptions(False, 0, None, None, "", set(), None))
    assert label in asked[0].replace("\\", "")
