"""footwork progress, and footwork outcome add (your own performance and pain notes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from footwork.cli.common import (
    NUMBER_ARGUMENTS,
    JsonOpt,
    PersonOpt,
    number_argument,
    output_file,
    parse_when,
    settings,
)
from footwork.cli.output import console, fmt_value, print_public
from footwork.domain.exercises import plural
from footwork.domain.limits import OTHER_UNIT, OUTCOME_UNITS
from footwork.domain.measures import KINDS
from footwork.domain.progress import DONE_RULE

if TYPE_CHECKING:  # the progress service loads the database: only when a command runs
    from footwork.services.progress import ProgressReport

CHART_SUFFIXES = (".png", ".svg", ".pdf")  # what matplotlib writes; PNG when none is given

outcome_app = typer.Typer(
    help="Your own outcome notes: lifts, run times, pain.", no_args_is_help=True
)


def progress(
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="Also draw the chart to this file: .png (the default), .svg or .pdf."
        ),
    ] = None,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every measure over time against its target, adherence, streaks and your notes."""
    from footwork.services import progress as progress_service

    if chart is not None:
        chart = output_file(chart, CHART_SUFFIXES, "--chart", "progress.png")
    rep = progress_service.report(settings(), person)
    if chart is not None:
        from footwork.services.charts import progress_chart  # matplotlib only when drawing

        progress_chart(rep, chart)
    if as_json:
        from footwork.services import schemas

        public = schemas.progress_public(rep)
        print_public(schemas.ProgressCharted(**dict(public), chart=str(chart) if chart else None))
        return
    show(rep)
    if chart is not None:
        console().print(f"Chart written to {chart}", soft_wrap=True)


def show(rep: ProgressReport) -> None:
    c = console()
    table = Table(title=f"Progress: {rep.person}", title_justify="left")
    for col in ("measure", "side", "first", "latest", "target", "change", "verdict"):
        table.add_column(col)
    for s in rep.series:
        unit = KINDS[s.kind].unit.value
        first, last = s.points[0].value, s.points[-1].value
        change = s.change
        table.add_row(
            f"{KINDS[s.kind].title} ({s.method.value})", s.side.value, fmt_value(first, unit),
            fmt_value(last, unit), fmt_value(s.target, unit) if s.target is not None else "-",
            f"{change.delta:+.3g} (noise ±{change.mdc:g})" if change and change.mdc else "-",
            s.verdict,
        )  # fmt: skip
    if rep.series:
        c.print(table)
    else:
        c.print("No measurements yet: run 'footwork assess'.")
    a = rep.adherence
    c.print(
        f"Days done: {a.done_days} of the last {a.planned_days} ({a.rate:.0%})"
        + (f", {a.partial_days} partial" if a.partial_days else "")
        + f"; current streak {plural(a.current_streak, 'day')}, longest {a.longest_streak}."
    )
    c.print(f"[dim]{DONE_RULE}[/]")
    if a.last_session is None or (rep.today - a.last_session).days >= 2:
        c.print(
            "[yellow]No session logged in the last two days.[/] A short one today keeps the "
            "streak going: footwork coach"
        )
    for o in rep.outcomes[-8:]:
        value = _outcome_value(o.value, o.unit)
        c.print(f"  {o.recorded_at:%Y-%m-%d} {o.kind}: {value} {o.note}".rstrip())


@outcome_app.command("add", context_settings=NUMBER_ARGUMENTS)
def add_outcome(
    kind: Annotated[
        str,
        typer.Argument(
            help="e.g. pain (0-10), squat-1rm (kg), 5k-time (min), vertical-jump (cm), "
            "or a name of your own."
        ),
    ],
    value: Annotated[
        float | None,
        typer.Argument(help="The number (kg, minutes, 0-10...).", parser=number_argument),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            help="Unit, if not the usual one: "
            + ", ".join(u for u in OUTCOME_UNITS if u and u != OTHER_UNIT)
            + "; or other (kept, but not charted).",
        ),
    ] = None,
    note: Annotated[str, typer.Option(help="What happened.")] = "",
    when: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default now.")] = None,
    person: PersonOpt = None,
) -> None:
    """Note a lift, a run time, a pain rating or anything else to see beside your foot measures."""
    from footwork.services import progress as progress_service

    o = progress_service.add_outcome(
        settings(), kind, value, note, unit, person, parse_when(when) if when else None
    )
    shown = _outcome_value(o.value, o.unit) or o.note
    console().print(f"Noted {o.kind}: {shown}.")
    if o.unit == OTHER_UNIT:
        console().print("Values in another unit are kept with your notes but not charted.")


def _outcome_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    sep = "" if unit.startswith("/") else " "
    return f"{value:g}{sep}{unit}".strip()


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("progress")(progress)
    app.add_typer(outcome_app, name="outcome")
