"""Options and helpers shared by the command modules."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from footwork.config import Settings
from footwork.domain.limits import parse_number
from footwork.errors import InvalidInput

PersonOpt = Annotated[
    str | None,
    typer.Option("--person", "-p", help="Whose data (default: the only profile, or 'me')."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def settings() -> Settings:
    return Settings.from_env()


def interactive() -> bool:
    """True when a person is at the keyboard (stdin and stdout are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def parse_when(text: str | None) -> datetime:
    """A date or date-time as typed (2026-11-25 or 2026-11-25T07:30); default now."""
    if not text:
        return datetime.now().replace(microsecond=0)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"Cannot read the date {text!r}.", hint="Use YYYY-MM-DD or YYYY-MM-DDTHH:MM."
        ) from None


# A negative value ("measure add big-toe-extension -5") looks like an option to Click; with
# this setting it reaches the command's number argument, which reads it or refuses it.
NUMBER_ARGUMENTS = {"ignore_unknown_options": True}


def number_argument(text: str) -> float:
    """Typer parser for a typed number (``footwork.domain.limits.parse_number``: "48", "8.5",
    "48,5"; not "4_8" or "1,000"); a mistyped option that landed here is reported as one."""
    if text.startswith("-") and not text[1:2].isdigit() and text[1:2] != ".":
        raise typer.BadParameter(f"No such option: {text}")
    try:
        return parse_number(text, "")
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc)) from None


def output_file(path: Path, suffixes: tuple[str, ...], option: str, example: str) -> Path:
    """The file an option writes to, as it will really be written.

    A folder is refused (with a file name inside it to give instead); a name without an
    extension gets the first of ``suffixes``; another extension is refused, naming the ones
    footwork writes.
    """
    if path.is_dir():
        raise InvalidInput(
            f"{path} is a folder.", hint=f"Give {option} a file name, such as {path / example}."
        )
    if not path.suffix:
        return path.with_name(path.name + suffixes[0])
    if path.suffix.lower() not in suffixes:
        kinds = " or ".join(s.lstrip(".").upper() for s in suffixes)
        raise InvalidInput(
            f"footwork cannot write a {path.suffix} file here: it writes {kinds}.",
            hint=f"Name the file {path.with_suffix(suffixes[0]).name} for {option}.",
        )
    return path


def output_folder(path: Path, option: str) -> Path:
    """A folder an option writes into: refused if a file of that name is in the way."""
    if path.exists() and not path.is_dir():
        raise InvalidInput(
            f"{path} is a file, not a folder.",
            hint=f"Give {option} the name of a new or existing folder.",
        )
    return path
