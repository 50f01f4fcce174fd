"""The footwork command: builds the Typer app from one module per command group.

Each command module exposes ``register(app, measure_app)`` and adds its commands there.
Library errors (``FootworkError``) and file-system errors (a folder given for a file, a file
that exists, no permission) are turned into a message and an exit code in one place
(``_friendly``), with no traceback. With ``--json``, every error (including a mistyped option)
is also a JSON object on stdout, so scripts can read it. Help shows readable value names
(TEXT, NUMBER, PATH; ranges as "0 to 5") instead of Python types (``_ReadableHelp``).
"""

from __future__ import annotations

import errno
import functools
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer import _click
from typer.core import TyperArgument, TyperGroup, TyperOption

from footwork.cli.hints import cli_hint
from footwork.cli.output import err_console, print_json
from footwork.errors import FootworkError

JSON_FLAG = "--json"

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
    "footwork.cli.live",
    "footwork.cli.serve",
    "footwork.cli.worker",
    "footwork.cli.team",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        cls=_ReadableHelp,
        name="footwork",
        help="Measure your feet, follow a short foot programme, check your form, track progress.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    measure_app = typer.Typer(help="Add, list and take measurements.", no_args_is_help=True)
    app.add_typer(measure_app, name="measure")
    for name in COMMAND_MODULES:  # a module that fails to import stops here: no command vanishes
        importlib.import_module(name).register(app, measure_app)
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
        as_json = bool(kwargs.get("as_json"))
        try:
            return fn(*args, **kwargs)
        except FootworkError as exc:
            report_error(
                exc.message, cli_hint(exc), exc.exit_code, as_json=as_json, field=exc.field
            )
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away (footwork ... | head)
                raise
            message, hint = file_problem(exc)
            report_error(message, hint, FILE_ERROR_EXIT, as_json=as_json)
            raise typer.Exit(FILE_ERROR_EXIT) from None

    wrapper.__footwork_wrapped__ = True  # type: ignore[attr-defined]
    return wrapper


FILE_ERROR_EXIT = 2


def report_error(
    message: str, hint: str | None, exit_code: int, *, as_json: bool, field: str | None = None
) -> None:
    """The error as people read it (stderr), or as a JSON object on stdout with --json, with
    ``field`` (the neutral name of the input that was wrong) when there is one, as in the API."""
    if as_json:
        about = {"field": field} if field else {}
        print_json({"error": message, "hint": hint} | about | {"exit_code": exit_code})
        return
    err_console().print(f"[bold red]Error:[/] {message}", markup=True, highlight=False)
    if hint:
        err_console().print(hint, markup=False)


def file_problem(exc: OSError) -> tuple[str, str]:
    """A message and what to do for a file or folder footwork could not read or write."""
    name = exc.filename if exc.filename is not None else "the file"
    if isinstance(exc, IsADirectoryError):
        return f"{name} is a folder.", "Give a file name (inside it, if you like) instead."
    if isinstance(exc, FileExistsError):
        return (
            f"{name} already exists and is not a folder.",
            "Give the name of a new or existing folder instead.",
        )
    if isinstance(exc, NotADirectoryError):
        return f"Part of the path {name} is a file, not a folder.", "Check the path."
    if isinstance(exc, PermissionError):
        return (
            f"footwork is not allowed to use {name} (permission denied).",
            "Choose a file or folder you can write to, such as one in your home folder.",
        )
    if isinstance(exc, FileNotFoundError):
        return f"There is no {name}.", "Check the path; create the folder first if needed."
    if exc.errno == errno.ENOSPC:
        return f"The disk is full: could not write {name}.", "Free some space and try again."
    if exc.errno == errno.EROFS:
        return f"{name} is on a read-only disk.", "Choose a folder you can write to."
    return f"Could not use {name}: {exc.strerror or exc}.", "Check the path and try again."


class _ReadableHelp(TyperGroup):
    """The root command: readable value names in every command's help, and JSON errors.

    Typer shows Python types (``<bool>``, ``<list[str]>``, ``<float range> [0.0<=x<=5.0]``);
    people read ``NUMBER [0 to 5]``. Flags show no value at all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _readable(self)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if JSON_FLAG not in argv or not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(argv, prog_name, complete_var, False, **extra)
        except _click.exceptions.ClickException as exc:  # a mistyped option or value
            report_error(exc.format_message(), _usage_hint(exc), exc.exit_code, as_json=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            report_error("Stopped.", None, 1, as_json=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_hint(exc: _click.exceptions.ClickException) -> str | None:
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    return f"See: {ctx.command_path} --help"


def _readable(command: Any) -> None:
    for param in command.params:
        _readable_param(param)
    original = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option  # --help is a flag: it shows no value name
    for sub in getattr(command, "commands", {}).values():
        _readable(sub)


_TYPE_NAMES = {bool: "", int: "INTEGER", float: "NUMBER", str: "TEXT"}


def _type_word(param: Any) -> str:
    """TEXT, INTEGER, NUMBER or PATH for a parameter; its choices joined by '|'."""
    kind = param.type_descriptor
    if kind.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in kind.choices or ())
    if kind.is_path:
        return "PATH"
    element = kind.annotation
    if kind.is_list:
        element = getattr(element, "__args__", (str,))[0]
    return _TYPE_NAMES.get(element, "TEXT")


class _ReadableArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return _type_word(self)

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def _get_number_range_help_str(self) -> str | None:
        return _range_text(self.min, self.max)


class _ReadableOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag:
            return None
        return _type_word(self)

    def _get_number_range_help_str(self) -> str | None:
        return _range_text(self.min, self.max)


def _readable_param(param: Any) -> None:
    if type(param) is TyperArgument:
        param.__class__ = _ReadableArgument
        if param.metavar is None:
            param.metavar = param.name.upper().replace("_", "-")
    elif type(param) is TyperOption:
        param.__class__ = _ReadableOption


def _range_text(low: float | None, high: float | None) -> str | None:
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    if low is not None:
        return f"at least {low:g}"
    if high is not None:
        return f"at most {high:g}"
    return None


def run() -> None:
    """Console entry point (also ``python -m footwork``, which help and hints call footwork)."""
    build_app()(prog_name="footwork")
