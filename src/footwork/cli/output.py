"""Console objects and small rendering helpers shared by the commands."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rich.console import Console


@cache
def console() -> Console:
    return Console(highlight=False)


@cache
def err_console() -> Console:
    """Errors and hints, never broken inside a word: they often name a path to copy."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """Print plain JSON on stdout (no colour, no wrapping), for scripts."""
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def print_public(model: Any) -> None:
    """Print a public model (services.schemas), or a list of them, exactly as the API sends it."""
    from footwork.services.schemas import to_json

    print(to_json(model))


_UNIT_SUFFIX = {"deg": "°", "ratio": "", "pct": "%"}


def fmt_value(value: float, unit: str, digits: int = 3) -> str:
    """A value with its unit as people write it: 48°, 8 cm, 0.28, 41%."""
    suffix = _UNIT_SUFFIX.get(unit, f" {unit}")
    return f"{value:.{digits}g}{suffix}"
