"""footwork live: count, time and cue a set from a camera (or a recording played as one)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from footwork.cli.common import JsonOpt, PersonOpt, settings
from footwork.cli.output import console, err_console
from footwork.errors import InvalidInput
from footwork.vision.pose.exercises import EXERCISE_NAMES

if TYPE_CHECKING:  # the video stack loads only when the command runs
    from footwork.services.live import CountedSet, LiveUpdate


def live(
    exercise: Annotated[
        str,
        typer.Option(
            "--exercise", "-e", help=f"One of: {', '.join(EXERCISE_NAMES)}.", show_default=False
        ),
    ],
    camera: Annotated[
        int | None,
        typer.Option(
            "--camera",
            min=0,
            help="The camera to film with: 0 is the first (the default when no --source is given).",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            help="Play a clip or a landmark CSV as if it were the camera.",
            show_default=False,
        ),
    ] = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="Play --source as fast as possible, not in real time.")
    ] = False,
    no_log: Annotated[bool, typer.Option("--no-log", help="Do not log the set.")] = False,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Count reps live from a camera: set-up help, phase, cues; the set is logged at the end.

    Stop with Ctrl-C: the set counted so far is still logged.
    """
    if camera is not None and source is not None:
        raise InvalidInput("Film with a camera or play a recording, not both.",
                           hint="Give --camera or --source.", field="source")  # fmt: skip
    from footwork.services import live as service
    from footwork.vision.pose.exercises import check_exercise

    name = check_exercise(exercise)
    if source is not None:
        frames = service.recorded_frames(source)
        frames = frames if fast else service.paced(frames)
        what = source.name
    else:
        frames = service.camera_frames(camera or 0)
        what = f"camera {camera or 0}"
    log = None if no_log else service.set_logger(settings(), person, what=what)
    show = _JsonLines() if as_json else _Text(name)
    try:
        done = service.run_live_set(name, frames, on_update=show.update, log=log, source_name=what)
    finally:
        show.close()
    show.finish(done)
    if done.problem is not None:
        raise done.problem


class _JsonLines:
    """Each event as one JSON line; at the end, the whole set as one JSON object."""

    def update(self, update: LiveUpdate) -> None:
        for event in update.events:
            _line(event.to_dict())

    def close(self) -> None:
        sys.stdout.flush()

    def finish(self, done: CountedSet) -> None:
        for event in done.closing:
            _line(event.to_dict())
        _line({"kind": "done", "exercise": done.exercise, "reps": done.reps,
               "ended": done.ended, "session_id": done.session_id,
               "result": None if done.result is None else done.result.to_dict()})  # fmt: skip


def _line(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str), flush=True)


class _Text:
    """One line per event; on a terminal, a status line kept up to date under them."""

    def __init__(self, exercise: str) -> None:
        self.exercise = exercise
        self.out = console()
        self.status = self.out.is_terminal
        self.shown = ""

    def update(self, update: LiveUpdate) -> None:
        if update.events:
            self._clear()
            for event in update.events:
                self.out.print(_event_text(event.kind, event.text, event.rep), markup=False)
        if self.status:
            line = _status_text(update, _VALUE_NAMES.get(self.exercise))
            if line != self.shown or update.events:
                self.out.file.write("\r\x1b[K" + line)
                self.out.file.flush()
                self.shown = line

    def close(self) -> None:
        self._clear()

    def _clear(self) -> None:
        if self.status and self.shown:
            self.out.file.write("\r\x1b[K")
            self.shown = ""

    def finish(self, done: CountedSet) -> None:
        out, r = self.out, done.result
        for event in done.closing:
            out.print(_event_text(event.kind, event.text, event.rep), markup=False)
        if done.ended == "stopped":
            out.print("Stopped.")
        if r is None:
            out.print("Counting never started: nobody was set up in the picture. Nothing "
                      "was logged.")  # fmt: skip
            return
        out.print(f"[bold]{r.exercise}[/]: [bold green]{r.rep_count} rep(s)[/] in "
                  f"{r.duration_s:.1f} s")  # fmt: skip
        if r.per_side:
            out.print("By foot: " + ", ".join(f"{k} {v}" for k, v in r.reps_by_side.items()))
        if r.per_direction:
            ways = r.reps_by_direction.items()
            out.print("By direction: " + ", ".join(f"{k} {v}" for k, v in ways))
        for key, value in r.summary.items():
            if key.startswith("max_shin_angle_deg_"):
                out.print(f"Best shin angle, {key.rsplit('_', 1)[-1]}: {value:.1f}°")
        if done.session_id is not None:
            out.print(f"Logged as session {done.session_id}.")
        if done.problem is not None:
            err_console().print("The set so far is logged above.", markup=False)


def _event_text(kind: str, text: str, rep: dict[str, Any] | None) -> str:
    if kind == "rep" and rep is not None:
        about = " ".join(str(rep[k]) for k in ("side", "direction") if rep.get(k))
        return f"Rep {text.split('.')[0]}{f' ({about})' if about else ''}: “{text}”"
    if kind == "setup":
        return f"Set-up: {text}"
    if kind == "ready":
        return f"Ready: {text}"
    return f"“{text}”"


_VALUE_NAMES = {"lunge-test": "shin", "outward-roll": "roll"}  # values shown, in degrees


def _status_text(u: LiveUpdate, value_name: str | None) -> str:
    if not u.ready:
        return f"{u.t:6.1f} s  setting up" + (f": {u.setup}" if u.setup else "")
    parts = [f"{u.t:6.1f} s", f"reps {u.reps}"]
    if u.reps_by_side:
        parts.append(" ".join(f"{k[0].upper()}{v}" for k, v in u.reps_by_side.items()))
    where = " ".join(x for x in (u.side, u.direction) if x)
    parts.append(f"{u.phase} {u.phase_s:.1f} s" + (f" ({where})" if where else ""))
    if u.value is not None and value_name:
        parts.append(f"{value_name} {u.value:.0f}°")
    if u.best:
        parts.append("best " + " ".join(f"{k} {v:.1f}°" for k, v in u.best.items()))
    if u.setup:
        parts.append(u.setup)
    return "  ".join(parts)


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("live")(live)
