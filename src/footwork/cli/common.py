"""Options and helpers shared by the command modules."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Annotated

import typer

from footwork.config import Settings
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


def parse_day(text: str | None) -> date | None:
    return parse_when(text).date() if text else None
