"""The footwork command: builds the Typer app from one module per command group.

Each command module exposes ``register(app, measure_app)`` and adds its commands there.
Library errors (``FootworkError``) are turned into a message and an exit code in one place
(``_friendly``), with no traceback.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

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
    "footwork.cli.serve",
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
    _translate_errors(app)
    return app


def _translate_errors(app: typer.Typer) -> None:
    """Wrap every command so a FootworkError becomes a message and an exit code."""
    for info in app.registered_commands:
        if info.callback is not None and not hasattr(info.callback, "__footwork_wrapped__"):
            info.callback = _friendly(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _translate_errors(group.typer_instance)


def _friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FootworkError as exc:
            err_console().print(f"[bold red]Error:[/] {exc.message}")
            if exc.hint:
                err_console().print(exc.hint)
            raise typer.Exit(exc.exit_code) from None

    wrapper.__footwork_wrapped__ = True  # type: ignore[attr-defined]
    return wrapper


def run() -> None:
    """Console entry point."""
    build_app()()
