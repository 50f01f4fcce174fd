"""Left and right, and circle directions."""

from __future__ import annotations

from enum import StrEnum

from footwork.errors import InvalidInput


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Direction(StrEnum):
    CLOCKWISE = "clockwise"
    COUNTER_CLOCKWISE = "counter-clockwise"


_SIDE_ALIASES = {"l": Side.LEFT, "r": Side.RIGHT, "left": Side.LEFT, "right": Side.RIGHT}
_DIRECTION_ALIASES = {
    "cw": Direction.CLOCKWISE,
    "clockwise": Direction.CLOCKWISE,
    "ccw": Direction.COUNTER_CLOCKWISE,
    "counter-clockwise": Direction.COUNTER_CLOCKWISE,
    "counterclockwise": Direction.COUNTER_CLOCKWISE,
    "anticlockwise": Direction.COUNTER_CLOCKWISE,
}


def parse_side(text: str) -> Side:
    try:
        return _SIDE_ALIASES[text.strip().lower()]
    except KeyError:
        raise InvalidInput(
            f"Unknown side {text!r}.", hint="Use left or right.", field="side"
        ) from None


def parse_direction(text: str) -> Direction:
    try:
        return _DIRECTION_ALIASES[text.strip().lower()]
    except KeyError:
        raise InvalidInput(
            f"Unknown direction {text!r}.",
            hint="Use clockwise (cw) or counter-clockwise (ccw).",
            field="direction",
        ) from None
