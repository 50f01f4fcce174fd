"""footwork person add | list."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from footwork.cli.common import JsonOpt, settings
from footwork.cli.output import console, print_public

person_app = typer.Typer(help="Profiles: each person's data is kept apart.", no_args_is_help=True)


@person_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name or nickname.")],
    sport: Annotated[str, typer.Option(help="Main sport or activity.")] = "",
    goals: Annotated[str, typer.Option(help="What you want from foot training.")] = "",
) -> None:
    """Add a profile."""
    from footwork.services import people

    p = people.add(settings(), name, sport, goals)
    console().print(f"Added {p.name}. Use --person {p.name!r} when several people share footwork.")


@person_app.command("list")
def list_cmd(as_json: JsonOpt = False) -> None:
    """List profiles."""
    from footwork.services import people

    profiles = people.list_profiles(settings())
    if as_json:
        from footwork.services.schemas import person_public

        print_public([person_public(p) for p in profiles])
        return
    table = Table("name", "sport", "goals", "plan started")
    for p in profiles:
        table.add_row(p.name, p.sport, p.goals, p.plan_start.isoformat() if p.plan_start else "")
    console().print(table)


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
