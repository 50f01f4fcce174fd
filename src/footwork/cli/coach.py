"""footwork coach: today's session, timed rep by rep, with cues, and a log of what was done.

At a terminal: Ctrl-C during a timer opens a small menu (continue, end this set, skip the
exercise, stop and save). Without a terminal, or with --auto, it runs straight through and logs
every set with the --effort, --pain and --note given; --time-scale 0 runs without waiting.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.prompt import Prompt
from rich.table import Table

from footwork.cli.common import JsonOpt, PersonOpt, interactive, settings
from footwork.cli.output import console, err_console, print_json
from footwork.cli.speech import Voice
from footwork.domain.exercises import BANDED_SQUAT, EXERCISES, get_exercise, plural
from footwork.domain.limits import SCALE_MAX, SCALE_MIN
from footwork.domain.session import SessionLog, SetLog, Step, StepKind, check_scale, session_steps
from footwork.errors import InvalidInput

if TYPE_CHECKING:  # the session services load the database: only when coaching starts
    from footwork.services.sessions import SessionRecorder


_SCALE = f"{SCALE_MIN}-{SCALE_MAX}"  # how the rating scale is written in prompts and help


class _EndSet(Exception):
    pass


class _SkipExercise(Exception):
    pass


class _StopSession(Exception):
    pass


@dataclass
class CoachOptions:
    auto: bool
    time_scale: float
    effort: int | None
    pain: int | None
    note: str
    skip: set[str]
    stop_after_sets: int | None


@dataclass
class CoachState:
    reps_in_set: int = 0
    last_rating: tuple[int | None, int | None] = (None, None)
    logged: list[SetLog] = field(default_factory=list)
    skipping: str | None = None
    end_set_pending: bool = False
    stop_reason: str = ""


def coach(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help=f"Coach only this exercise (repeat for several): {', '.join(EXERCISES)}.",
        ),
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", help="Skip this exercise (logged as skipped).")
    ] = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="Run straight through without questions (also the default without a terminal).",
        ),
    ] = False,
    time_scale: Annotated[
        float,
        typer.Option(
            "--time-scale",
            min=0.0,
            max=5.0,
            help="Multiply every timer; 0 runs instantly (for scripts and tests).",
        ),
    ] = 1.0,
    speak: Annotated[
        bool | None,
        typer.Option(
            "--speak/--no-speak", help="Speak the cues (needs espeak-ng; default: at a terminal)."
        ),
    ] = None,
    effort: Annotated[
        int | None, typer.Option(help=f"Effort {_SCALE} to log for each set.")
    ] = None,
    pain: Annotated[int | None, typer.Option(help=f"Pain {_SCALE} to log for each set.")] = None,
    note: Annotated[str, typer.Option(help="A note to log with each set.")] = "",
    stop_after_sets: Annotated[
        int | None,
        typer.Option("--stop-after-sets", min=0, help="Stop (and save) after this many sets."),
    ] = None,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Be coached through today's session, rep by rep."""
    from footwork.services import planning, progress
    from footwork.services.sessions import SessionRecorder

    check_scale("effort", effort)
    check_scale("pain", pain)
    keys = [get_exercise(k).key for k in (only or [])]
    opts = CoachOptions(
        auto or not interactive() or as_json,
        time_scale,
        effort,
        pain,
        note,
        {get_exercise(k).key for k in (skip or [])},
        stop_after_sets,
    )
    cfg = settings()
    pp = planning.current_plan(cfg, person)
    minisets = progress.today(cfg, pp.person).logged_of(BANDED_SQUAT.key)
    steps = session_steps(pp.plan, keys or None, minisets_done=minisets)
    if not steps:
        raise InvalidInput("Nothing to coach.", hint="Check the names given to --only.")
    voice = Voice(enabled=speak if speak is not None else not opts.auto)
    if voice.wanted and not voice.enabled:
        err_console().print(f"[yellow]{voice.missing_hint}[/]")
    recorder = SessionRecorder(
        cfg, pp.person, SessionLog(started_at=datetime.now(), plan_week=pp.plan.week)
    )
    state = CoachState()
    # With --json the running commentary goes to stderr, so stdout holds only the JSON summary.
    live_output = contextlib.redirect_stdout(sys.stderr) if as_json else contextlib.nullcontext()
    try:
        with live_output:
            _run(steps, opts, state, recorder, voice)
    finally:
        voice.stop()
        recorder.finish(note=state.stop_reason)
    _summary(state, as_json, pp.person)


def _run(
    steps: list[Step],
    opts: CoachOptions,
    state: CoachState,
    recorder: SessionRecorder,
    voice: Voice,
) -> None:
    for step in steps:
        if state.skipping == step.exercise:
            if step.kind is StepKind.SET_DONE:
                _log_set(step, opts, state, recorder, completed=False, reason="skipped")
            continue
        state.skipping = step.exercise if step.exercise in opts.skip else None
        if state.skipping and step.kind is not StepKind.SET_DONE:
            continue
        try:
            _do_step(step, opts, state, recorder, voice)
        except _EndSet:
            state.end_set_pending = True
        except _SkipExercise:
            state.skipping = step.exercise
        except _StopSession:
            state.stop_reason = "stopped early"
            _log_partial(step, opts, state, recorder)
            return
        if opts.stop_after_sets is not None and len(state.logged) >= opts.stop_after_sets:
            state.stop_reason = "stopped early"
            return


def _do_step(
    step: Step, opts: CoachOptions, state: CoachState, recorder: SessionRecorder, voice: Voice
) -> None:
    if state.end_set_pending and step.kind is not StepKind.SET_DONE:
        return
    if step.kind is StepKind.SETUP:
        _show_setup(step, opts, voice)
    elif step.kind is StepKind.SET_DONE:
        reason = ""
        if state.end_set_pending:
            state.end_set_pending = False
            reason = get_exercise(step.exercise).early_stop or "ended early"
        _log_set(step, opts, state, recorder, completed=not reason, reason=reason)
    else:
        voice.say(step.spoken)
        _timer(step, opts)
        if step.rep and step.rep_ends:
            state.reps_in_set = step.rep  # this rep's last phase ran to its end


def _show_setup(step: Step, opts: CoachOptions, voice: Voice) -> None:
    ex = get_exercise(step.exercise)
    body = "\n".join(
        ["[bold]Set-up[/]", *[f"• {s}" for s in ex.setup], "[bold]Steps[/]",
         *[f"{i}. {s}" for i, s in enumerate(ex.steps, start=1)],
         "[bold]Cues[/]: " + " ".join(ex.cues), f"[dim]Equipment: {ex.equipment}[/]"]
    )  # fmt: skip
    console().print(Panel(body, title=f"{ex.name}: {ex.purpose}", title_align="left"))
    voice.say(step.spoken)
    if not opts.auto:
        try:
            Prompt.ask("Press Enter when you are in position", default="", show_default=False)
        except (KeyboardInterrupt, EOFError):
            raise _StopSession from None


def _timer(step: Step, opts: CoachOptions) -> None:
    seconds = step.seconds * opts.time_scale
    label = f"[bold]{step.phase:>12}[/] {step.cue}"
    if seconds <= 0:
        console().print(label)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeRemainingColumn(),
        console=console(),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=seconds)
        start = time.monotonic()
        while (elapsed := time.monotonic() - start) < seconds:
            try:
                time.sleep(min(0.1, seconds - elapsed))
            except KeyboardInterrupt:
                progress.stop()
                _menu(step, opts)
                start = time.monotonic() - elapsed
                progress.start()
            progress.update(task, completed=min(time.monotonic() - start, seconds))
    if step.kind is StepKind.HOLD or step.kind is StepKind.GET_READY:
        console().print(f"  {step.cue}")


def _menu(step: Step, opts: CoachOptions) -> None:
    if opts.auto:
        raise _StopSession
    stop_label = get_exercise(step.exercise).early_stop or "end this set"
    choice = Prompt.ask(
        f"Paused. \\[c]ontinue, \\[e] {stop_label}, \\[s]kip this exercise, \\[q]uit and save",
        choices=["c", "e", "s", "q"],
        default="c",
    )
    if choice == "e":
        raise _EndSet
    if choice == "s":
        raise _SkipExercise
    if choice == "q":
        raise _StopSession


def _log_set(
    step: Step,
    opts: CoachOptions,
    state: CoachState,
    recorder: SessionRecorder,
    *,
    completed: bool,
    reason: str = "",
) -> None:
    done = step.reps_total if completed else state.reps_in_set  # a skipped set keeps its reps
    effort, pain, note = _rating(step, opts, state, skipped=reason == "skipped")
    entry = SetLog(
        exercise=step.exercise,
        side=step.side,
        direction=step.direction,
        reps_done=done,
        reps_target=step.reps_total,
        set_number=step.set_number,
        effort=effort,
        pain=pain,
        note=note,
        completed=completed,
        stop_reason=reason,
    )
    recorder.add(entry)
    state.logged.append(entry)
    state.reps_in_set = 0
    console().print(
        f"  [green]logged[/] {step.exercise} ({_where(entry, step)}): {plural(done, 'rep')}"
        + (f" ({reason})" if reason else "")
    )


def _where(entry: SetLog, step: Step) -> str:
    side = entry.side.value if entry.side else "both feet"
    if step.sets_total:
        side += f", mini-set {entry.set_number} of {step.sets_total}"
    return f"{side}, {entry.direction.value}" if entry.direction else side


def _log_partial(
    step: Step, opts: CoachOptions, state: CoachState, recorder: SessionRecorder
) -> None:
    if state.reps_in_set and step.reps_total:
        _log_set(step, opts, state, recorder, completed=False, reason="stopped")


def _rating(
    step: Step, opts: CoachOptions, state: CoachState, skipped: bool
) -> tuple[int | None, int | None, str]:
    if opts.auto or skipped:
        return opts.effort, opts.pain, opts.note
    while True:
        raw = Prompt.ask(
            f"  Effort and pain {_SCALE}, then a note (e.g. '6 1 tight calf'; Enter = same as "
            "last)",
            default="",
            show_default=False,
        )
        try:
            return _parse_rating(raw, state)
        except InvalidInput as exc:
            console().print(f"[red]{exc.message}[/] {exc.hint or ''}")


def _parse_rating(raw: str, state: CoachState) -> tuple[int | None, int | None, str]:
    parts = raw.split(maxsplit=2)
    if not parts:
        return (*state.last_rating, "")
    try:
        effort = int(parts[0])
        pain = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        raise InvalidInput("Start with two whole numbers: effort, then pain.") from None
    check_scale("effort", effort)
    check_scale("pain", pain)
    state.last_rating = (effort, pain)
    return effort, pain, parts[2] if len(parts) > 2 else ""


def _summary(state: CoachState, as_json: bool, person: str) -> None:
    if as_json:
        print_json(
            {
                "person": person,
                "stopped": bool(state.stop_reason),
                "reps": sum(s.reps_done for s in state.logged),
                "sets": [
                    s.__dict__
                    | {
                        "side": s.side and s.side.value,
                        "direction": s.direction and s.direction.value,
                    }
                    for s in state.logged
                ],
            }
        )
        return
    table = Table(
        "exercise",
        "foot",
        "direction",
        "set",
        "reps",
        "effort",
        "pain",
        "note",
        title="Session log",
        title_justify="left",
    )
    for s in state.logged:
        table.add_row(
            s.exercise,
            s.side.value if s.side else "both",
            s.direction.value if s.direction else "",
            str(s.set_number),
            f"{s.reps_done} of {s.reps_target}" + (f" ({s.stop_reason})" if s.stop_reason else ""),
            _opt(s.effort),
            _opt(s.pain),
            s.note,
        )
    if not state.logged:
        console().print("Stopped before the first set: nothing was saved.")
        return
    console().print(table)
    if state.stop_reason:
        sets = plural(len(state.logged), "set")
        console().print(f"\a[bold green]Session saved.[/] Stopped early: {sets} logged.")
    else:
        console().print("\a[bold green]Session saved.[/] Well done.")


def _opt(v: int | None) -> str:
    return "" if v is None else str(v)


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("coach")(coach)
