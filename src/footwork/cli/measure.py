"""footwork measure add | list | delete."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from footwork.cli.common import (
    NUMBER_ARGUMENTS,
    JsonOpt,
    PersonOpt,
    number_argument,
    parse_when,
    settings,
)
from footwork.cli.output import console, print_public
from footwork.domain.measures import KINDS, new_measurement, parse_kind


def add(
    kind: Annotated[
        str,
        typer.Argument(
            help="e.g. big-toe-extension, ankle-dorsiflexion, lunge-distance, arch-index."
        ),
    ],
    value: Annotated[
        float, typer.Argument(help="The number you measured.", parser=number_argument)
    ],
    side: Annotated[str, typer.Option("--side", "-s", help="left or right.")],
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="deg, cm, mm, in, ratio, pct (default: the measure's own unit)."
        ),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            "-m",
            help="goniometer, inclinometer, phone-inclinometer, tape, ruler, photo, footprint...",
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", help="When it was measured (YYYY-MM-DD[THH:MM]); default now."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Anything worth remembering.")] = "",
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record one measurement you took yourself."""
    from footwork.services import measurements

    new = new_measurement(kind, side, value, unit, method, parse_when(when), note)
    [saved] = measurements.record(settings(), [new], person)
    spec = KINDS[saved.kind]
    if as_json:
        from footwork.services.schemas import measurement_public

        print_public(measurement_public(saved))
        return
    console().print(
        f"Saved {spec.title}, {saved.side.value}: [bold]{saved.value:g} {spec.unit.value}[/] "
        f"({saved.method.value}, id {saved.id})."
    )


def list_cmd(
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this measure.")] = None,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List stored measurements, oldest first."""
    from footwork.services import measurements

    items = measurements.list_all(settings(), person, parse_kind(kind) if kind else None)
    if as_json:
        from footwork.services.schemas import measurement_public

        print_public([measurement_public(m) for m in items])
        return
    if not items:
        console().print(
            "No measurements yet. Add one with 'footwork measure add' or 'footwork assess'."
        )
        return
    table = Table("id", "date", "measure", "side", "value", "method", "note")
    for m in items:
        table.add_row(
            str(m.id),
            m.taken_at.strftime("%Y-%m-%d %H:%M"),
            KINDS[m.kind].title,
            m.side.value,
            f"{m.value:g} {m.unit.value}",
            m.method.value,
            m.note,
        )
    console().print(table)


def delete(
    measurement_id: Annotated[int, typer.Argument(help="The id shown by 'footwork measure list'.")],
    person: PersonOpt = None,
) -> None:
    """Delete one measurement (for a typo; everything else stays)."""
    from footwork.services import measurements

    measurements.delete(settings(), measurement_id, person)
    console().print(f"Deleted measurement {measurement_id}.")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    measure_app.command("add", context_settings=NUMBER_ARGUMENTS)(add)
    measure_app.command("list")(list_cmd)
    measure_app.command("delete")(delete)
