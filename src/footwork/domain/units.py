"""Units footwork accepts, and conversion to each measure's canonical unit."""

from __future__ import annotations

from enum import StrEnum

from footwork.errors import InvalidInput


class Unit(StrEnum):
    DEG = "deg"
    RAD = "rad"
    CM = "cm"
    MM = "mm"
    INCH = "in"
    RATIO = "ratio"
    PERCENT = "pct"


class Dimension(StrEnum):
    ANGLE = "angle"
    LENGTH = "length"
    RATIO = "ratio"
    PERCENT = "percent"


DIMENSION_OF: dict[Unit, Dimension] = {
    Unit.DEG: Dimension.ANGLE,
    Unit.RAD: Dimension.ANGLE,
    Unit.CM: Dimension.LENGTH,
    Unit.MM: Dimension.LENGTH,
    Unit.INCH: Dimension.LENGTH,
    Unit.RATIO: Dimension.RATIO,
    Unit.PERCENT: Dimension.PERCENT,
}

# How many of the dimension's base unit (deg, mm, ratio, pct) one unit holds.
_TO_BASE: dict[Unit, float] = {
    Unit.DEG: 1.0,
    Unit.RAD: 57.29577951308232,
    Unit.MM: 1.0,
    Unit.CM: 10.0,
    Unit.INCH: 25.4,
    Unit.RATIO: 1.0,
    Unit.PERCENT: 1.0,
}

_ALIASES = {
    "°": Unit.DEG,
    "degree": Unit.DEG,
    "degrees": Unit.DEG,
    "radian": Unit.RAD,
    "radians": Unit.RAD,
    "inch": Unit.INCH,
    "inches": Unit.INCH,
    '"': Unit.INCH,
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
}


def parse_unit(text: str) -> Unit:
    """Read a unit as people type it ("deg", "°", "cm", "inches", "%")."""
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return Unit(key)
    except ValueError:
        allowed = ", ".join(u.value for u in Unit)
        raise InvalidInput(
            f"Unknown unit {text!r}.", hint=f"Use one of: {allowed}.", field="unit"
        ) from None


def convert(value: float, from_unit: Unit, to_unit: Unit) -> float:
    """Convert between units of the same dimension; refuse across dimensions."""
    if DIMENSION_OF[from_unit] is not DIMENSION_OF[to_unit]:
        raise InvalidInput(
            f"Cannot convert {from_unit.value} to {to_unit.value}: "
            f"one is {DIMENSION_OF[from_unit].value}, the other {DIMENSION_OF[to_unit].value}.",
            field="unit",
        )
    return value * _TO_BASE[from_unit] / _TO_BASE[to_unit]
