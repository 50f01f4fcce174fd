"""footwork analyze | pose | measure lunge: video and landmark-file analysis."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from footwork.cli.common import JsonOpt, PersonOpt, interactive, settings
from footwork.cli.output import console, err_console, print_json
from footwork.vision.pose.exercises import EXERCISE_NAMES
from footwork.vision.pose.rep_measures import RepMeasure, rep_measure

if TYPE_CHECKING:  # the video stack (scipy, OpenCV, MediaPipe) loads only when a command runs
    from footwork.services import video
    from footwork.vision.pose.classify import ExerciseGuess
    from footwork.vision.pose.result import AnalysisResult

_STAGES = {"pose": "Finding the body", "video": "Drawing the video"}

ClipArg = Annotated[
    Path,
    typer.Argument(help="A clip (mp4, mov, webm, avi, GIF) or a landmark CSV.", show_default=False),
]


@contextmanager
def _progress(enabled: bool) -> Iterator[video.Progress | None]:
    """A Rich progress bar on stderr, one task per stage; yields the callback to report to."""
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(), console=err_console(), transient=True,
    )  # fmt: skip
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield report


def analyze(
    clip: ClipArg,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise",
            "-e",
            help=f"One of: {', '.join(EXERCISE_NAMES)}. "
            "Left out: footwork names the movement it sees.",
        ),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Write a browser-playable video with skeleton, reps, "
            "phase and cues (.mp4; .webm if this machine has no H.264 encoder).",
        ),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG of the signals with each rep marked.")
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Store the result as a session.")] = False,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Count reps and check form in a recorded clip or a landmark CSV."""
    from footwork.services import video

    outputs = video.ClipOutputs(annotate=annotate, plot=plot, save=save, person=person)
    with _progress(enabled=err_console().is_terminal) as report:
        done = video.analyse_clip(clip, exercise, settings=settings(), outputs=outputs,
                                  progress=report, ask=_ask if interactive() else None)  # fmt: skip
    if as_json:
        print_json(_json(done))
        return
    _render(done)


def _ask(guess: ExerciseGuess) -> str:
    """Ask which exercise the clip shows, offering the best guess."""
    err_console().print(f"Not sure which exercise this is (best guess {guess.best}, "
                        f"{guess.confidence:.0%} sure).")  # fmt: skip
    answer: str = typer.prompt(f"Which one? ({', '.join(EXERCISE_NAMES)})", default=guess.best)
    return answer


def _json(done: video.ClipAnalysis) -> dict[str, Any]:
    """The clip's result in the shape of an analysis's ``result`` on the API (the analyses
    schema checks it), with the guess and the files written."""
    from footwork.services.analyses import ClipResultRecord

    result = ClipResultRecord.model_validate(done.result.to_dict())
    out: dict[str, Any] = result.model_dump(mode="json", exclude_unset=True)
    if done.guess is not None:
        out["guess"] = {
            "exercise": done.guess.exercise,
            "confidence": round(done.guess.confidence, 3),
        }
    out["outputs"] = {"annotated": _str(done.annotated), "plot": _str(done.plot),
                      "session_id": done.session_id}  # fmt: skip
    return out


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _render(done: video.ClipAnalysis) -> None:
    r, out = done.result, console()
    if done.guess is not None:
        out.print(f"This looks like [bold]{r.exercise}[/] ({done.guess.confidence:.0%} sure). "
                  "Use --exercise to choose another.")  # fmt: skip
    out.print(f"[bold]{r.exercise}[/]: [bold green]{r.rep_count} full rep(s)[/] in "
              f"{r.duration_s:.1f} s, {r.view} view")  # fmt: skip
    if r.per_side:
        out.print("By foot: " + ", ".join(f"{k} {v}" for k, v in r.reps_by_side.items()))
    if r.per_direction:
        out.print("By direction: " + ", ".join(f"{k} {v}" for k, v in r.reps_by_direction.items()))
    if r.reps:
        out.print(_rep_table(r))
    for f in r.findings:
        out.print(("[yellow]! [/]" if f.severity == "warn" else "• ") + f.message)
    for w in r.warnings:
        out.print(f"[dim]Note: {w}[/]")
    for label, path in (("Annotated video", done.annotated), ("Plot", done.plot)):
        if path is not None:
            out.print(f"{label}: {path}")
    if done.session_id is not None:
        out.print(f"Saved as session {done.session_id}.")


_SHORT = {"clockwise": "cw", "counter-clockwise": "ccw"}


def _rep_table(r: AnalysisResult) -> Table:
    keys: list[str] = []
    for rep in r.reps:
        keys += [k for k in rep.measures if k not in keys]
    sides = any(rep.side for rep in r.reps)
    directions = any(rep.direction for rep in r.reps)
    head = ["rep", *(["side"] if sides else []), *(["dir"] if directions else []), "time (s)"]
    table = Table(*head, *(rep_measure(k).heading for k in keys), box=None)
    table.columns[len(head) - 1].no_wrap = True
    if directions:
        table.caption = "dir: cw clockwise, ccw counter-clockwise"
    for rep in r.reps:
        first = [str(rep.index)] + ([rep.side or ""] if sides else [])
        first += [_SHORT.get(rep.direction or "", rep.direction or "")] if directions else []
        cells = [_cell(rep_measure(k), rep.measures.get(k)) for k in keys]
        table.add_row(*first, f"{rep.start_s:.1f}–{rep.end_s:.1f}", *cells)
    return table


def _cell(measure: RepMeasure, value: float | None) -> str:
    """The number alone (the column heading names the unit), or a dash where a rep lacks it."""
    return "–" if value is None else measure.number_text(value)


def pose(
    clip: Annotated[Path, typer.Argument(help="A clip (mp4, mov, webm, avi, GIF).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Landmark CSV to write.")],
) -> None:
    """Write the body landmarks of every frame of a clip to a CSV file."""
    with _progress(enabled=err_console().is_terminal) as report:
        from footwork.services import video

        path, seq = video.write_landmarks(clip, out, progress=report)
    console().print(f"Wrote {len(seq)} frames of landmarks to {path}.", soft_wrap=True)


def lunge(
    media: Annotated[Path, typer.Argument(help="A side photo or clip of a knee-to-wall lunge.")],
    side: Annotated[str, typer.Option("--side", "-s", help="The leg in front: left or right.")],
    annotate: Annotated[
        Path | None, typer.Option("--annotate", help="Write an image showing what was measured.")
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Store as an ankle measurement.")] = False,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Measure ankle dorsiflexion: the shin's angle from vertical in a lunge, heel down."""
    from footwork.services import video

    done = video.measure_lunge(
        media, side, settings=settings(), annotate=annotate, save=save, person=person
    )
    shin = done.shin
    if as_json:
        print_json({"side": shin.side, "angle_deg": round(shin.angle_deg, 1), "time_s": shin.time_s,
                    "view": shin.view, "method": done.method.value, "warnings": shin.warnings,
                    "annotated": _str(done.annotated),
                    "saved_id": None if done.saved is None else done.saved.id})  # fmt: skip
        return
    out = console()
    out.print(f"Ankle dorsiflexion ({shin.side}): [bold]{shin.angle_deg:.1f}°[/] shin angle "
              "from vertical, heel down.")  # fmt: skip
    for w in shin.warnings:
        out.print(f"[dim]Note: {w}[/]")
    if done.annotated is not None:
        out.print(f"Annotated image: {done.annotated}")
    if done.saved is not None:
        out.print(f"Saved (id {done.saved.id}).")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("pose")(pose)
    measure_app.command("lunge")(lunge)
