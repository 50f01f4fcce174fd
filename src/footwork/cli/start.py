"""footwork start: the guided first run (profile, assessment, plan, today's session)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.prompt import Confirm, Prompt

from footwork.cli.assess import guided_entry, show_report
from footwork.cli.coach import coach
from footwork.cli.common import PersonOpt, interactive, settings
from footwork.cli.output import console
from footwork.cli.plan import show_plan

WELCOME = (
    "footwork measures your feet (big-toe extension, ankle bend, arch), builds a short "
    "programme of three exercises from the results, coaches you through it and tracks your "
    "progress. Everything stays on this computer."
)

NEXT_STEPS = """[bold]What you can do next[/]
  footwork assess                 do the three foot tests (guided)
  footwork measure add ...        record one measurement, e.g.
                                  footwork measure add big-toe-extension 48 --side left
  footwork footprint PHOTO        arch indices from a photographed footprint
  footwork plan --ics plan.ics    your programme, and a calendar file
  footwork coach                  today's session, timed rep by rep
  footwork analyze CLIP           count and check reps from a video
  footwork progress --chart c.png your measures over time
  footwork export / import        all your data, as JSON and CSV"""


def start(
    person: PersonOpt = None,
    no_coach: Annotated[
        bool, typer.Option("--no-coach", help="Do not offer the coached session at the end.")
    ] = False,
) -> None:
    """The guided tour: set up a profile, assess, see your plan, train."""
    from footwork.services import planning

    c = console()
    c.print(Panel(WELCOME, title="Welcome to footwork", title_align="left"))
    at_keyboard = interactive()
    name = person or (_onboard() if at_keyboard else None)
    pp = planning.current_plan(settings(), name)
    if (
        at_keyboard
        and pp.report.missing
        and Confirm.ask(
            "Do the foot tests now? (about 10 minutes; skip any you cannot do)", default=True
        )
    ):
        guided_entry(pp.person)
        pp = planning.current_plan(settings(), pp.person)
    show_report(pp.person, pp.report)
    show_plan(pp.person, pp.plan)
    if at_keyboard and not no_coach and Confirm.ask("Start today's session now?", default=False):
        coach(person=pp.person)
        return
    c.print(NEXT_STEPS)


def _onboard() -> str | None:
    """Create the first profile at the keyboard, or use the only existing one."""
    from footwork.services import people

    profiles = people.list_profiles(settings())
    if len(profiles) == 1:
        return profiles[0].name
    if profiles:
        names = [p.name for p in profiles]
        return Prompt.ask("Who is training?", choices=names, default=names[0])
    name = Prompt.ask("Your name (or a nickname)", default="me")
    sport = Prompt.ask("Main sport or activity", default="")
    goals = Prompt.ask("What do you want from foot training?", default="")
    return people.add(settings(), name, sport, goals).name


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("start")(start)
