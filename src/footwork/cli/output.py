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
    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Print plain JSON on stdout (no colour, no wrapping), for scripts."""
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
