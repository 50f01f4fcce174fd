"""A session step as plain data, shared by the session page (which carries the whole timed
script) and the JSON API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from footwork.domain.exercises import EXERCISES
from footwork.domain.session import Step


def step_dict(step: Step) -> dict[str, Any]:
    d = asdict(step)
    d["kind"] = step.kind.value
    d["side"] = step.side.value if step.side else None
    d["direction"] = step.direction.value if step.direction else None
    d["name"] = EXERCISES[step.exercise].name
    return d
