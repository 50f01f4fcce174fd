"""The footwork command: builds the Typer app from one module per command group.

Each command module exposes ``register(app, measure_app)`` and adds its commands there.
Library errors (``FootworkError``) are turned into a message and an exit code in ``run``.
"""

from __future__ import annotations

import importlib
import sys

import typer

from footwork.cli.output import err_console
from footwork.errors import FootworkError

COMMAND_MODULES = (
    "footwork.cli.measure",
    "footwork.cli.assess",
    "footwork.cli.plan",
    "footwork.cli.coach",
    "footwork.cli.progress",
    "footwork.cli.data",
    "footwork.cli.person",
    "footwork.cli.start",
    "footwork.cli.footprint",
    "footwork.cli.analyze",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="footwork",
        help="Measure your feet, follow a short foot programme, check your form, track progress.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    measure_app = typer.Typer(help="Add, list and take measurements.", no_args_is_help=True)
    app.add_typer(measure_app, name="measure")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not built yet
                continue
            raise
        module.register(app, measure_app)
    return app


def run(argv: list[str] | None = None) -> None:
    """Console entry point: run the app and translate footwork errors into messages."""
    app = build_app()
    try:
        app(args=argv, standalone_mode=False)
    except FootworkError as exc:
        err_console().print(f"[bold red]Error:[/] {exc.message}")
        if exc.hint:
            err_console().print(exc.hint)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console().print("Stopped.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
