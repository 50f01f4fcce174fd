"""footwork plan: the personal programme, with reasons, and its calendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel

from footwork.cli.common import JsonOpt, PersonOpt, output_file, settings
from footwork.cli.output import console, print_public
from footwork.domain.plan import Plan, PlanItem, dose_lines


def plan(
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", help="Write the sessions to this calendar file (.ics) for your calendar app."
        ),
    ] = None,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=26, help="Weeks of sessions in the calendar file.")
    ] = 4,
    restart: Annotated[
        bool, typer.Option("--restart", help="Start the programme again from week 1 today.")
    ] = False,
    person: PersonOpt = None,
    times: Annotated[
        str | None,
        typer.Option(
            "--times",
            metavar="HH:MM,...",
            help="When you train: the session, then each further Banded Squat mini-set of the "
            "day (e.g. '07:30,12:30,17:00'); '' for the defaults. Used by the calendar file.",
        ),
    ] = None,
    time_zone: Annotated[
        str | None,
        typer.Option(
            "--time-zone",
            metavar="ZONE",
            help="Your time zone for the calendar, e.g. Europe/Berlin; '' for this computer's.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Your programme: which exercises, how much on each foot, why, and when to re-test."""
    from footwork.services import calendar_file, planning

    if ics is not None:  # checked before anything changes
        ics = output_file(ics, (".ics",), "--ics", "plan.ics")
    cfg = settings()
    if restart:
        planning.restart_plan(cfg, person)
    if times is not None or time_zone is not None:
        calendar_file.set_training_times(cfg, person, times=times, zone=time_zone)
    pp = planning.current_plan(cfg, person)
    chosen = calendar_file.training_times(cfg, pp.person)
    if ics is not None:
        ics.parent.mkdir(parents=True, exist_ok=True)
        ics.write_bytes(calendar_file.export(cfg, pp.person, weeks=weeks))
    if as_json:
        from footwork.services import schemas

        public = schemas.plan_public(pp.person, pp.plan, chosen.text, chosen.zone.key)
        print_public(public if ics is None else schemas.PlanWritten(**dict(public), ics=str(ics)))
        return
    show_plan(pp.person, pp.plan)
    console().print(
        f"Training times: {chosen.text} ({chosen.zone.key}"
        + ("" if chosen.zone_chosen else ", this computer's time zone")
        + "): the session first, then each further Banded Squat mini-set. Change them with "
        "--times and --time-zone."
    )
    if ics is not None:
        console().print(
            f"Calendar written to {ics} ({weeks} weeks). Import it into your "
            "calendar app; importing a newer file updates the same events.",
            soft_wrap=True,
        )


def show_plan(person: str, p: Plan) -> None:
    c = console()
    c.print(
        f"[bold]Programme for {person}[/]: week {p.week} (started {p.start:%d %b %Y}), "
        f"{p.sessions_per_week} short sessions a week. Re-test on {p.retest_on:%d %b %Y}."
    )
    for item in p.items:
        c.print(
            Panel(
                _item_text(item),
                title=f"{item.exercise.name}: {item.exercise.purpose}",
                title_align="left",
            )
        )
    for note in p.notes:
        c.print(f"• {note}")


def _item_text(item: PlanItem) -> str:
    lines = [
        f"[bold]{side.value + ' foot' if side else 'Dose'}:[/] {text}"
        for side, text in dose_lines(item)
    ]
    lines += [f"[dim]Why:[/] {r}" for r in item.reasons]
    if item.regression_advised:
        lines.append(f"[yellow]Easier version:[/] {item.exercise.regression}")
    return "\n".join(lines)


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("plan")(plan)
