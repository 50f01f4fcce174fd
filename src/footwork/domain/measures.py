"""What footwork measures: each kind with its unit, plausible range and allowed methods.

A ``NewMeasurement`` is what an interface hands in (value in any unit); ``validate`` turns it
into a ``Measurement`` in the kind's canonical unit, or refuses it with a message that says what
is allowed. Nothing here touches storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from footwork.domain.limits import check_moment
from footwork.domain.sides import Side, parse_side
from footwork.domain.units import DIMENSION_OF, Dimension, Unit, convert, parse_unit
from footwork.errors import ImplausibleValue, InvalidInput


class Method(StrEnum):
    GONIOMETER = "goniometer"
    INCLINOMETER = "inclinometer"
    PHONE_INCLINOMETER = "phone-inclinometer"
    TAPE = "tape"
    PHOTO = "photo"
    FOOTPRINT = "footprint"
    PRESSURE_PLATE = "pressure-plate"
    VIDEO = "video"
    RULER = "ruler"


class MeasureKind(StrEnum):
    BIG_TOE_EXTENSION = "big-toe-extension"
    ANKLE_DORSIFLEXION = "ankle-dorsiflexion"  # lunge test, shin angle from vertical
    LUNGE_DISTANCE = "lunge-distance"  # lunge test, big toe to wall
    ARCH_INDEX = "arch-index"
    CHIPPAUX_SMIRAK = "chippaux-smirak"
    STAHELI = "staheli"
    CLARKE_ANGLE = "clarke-angle"
    FOOT_LENGTH = "foot-length"
    FOOT_WIDTH = "foot-width"
    NAVICULAR_DROP = "navicular-drop"


@dataclass(frozen=True)
class KindSpec:
    kind: MeasureKind
    title: str
    unit: Unit
    low: float
    high: float
    methods: tuple[Method, ...]
    higher_is_better: bool | None  # None: neither direction is "better"

    @property
    def dimension(self) -> Dimension:
        return DIMENSION_OF[self.unit]


_ANGLE_TOOLS = (Method.GONIOMETER, Method.PHONE_INCLINOMETER, Method.PHOTO, Method.VIDEO)
_PRINT_TOOLS = (Method.FOOTPRINT, Method.PRESSURE_PLATE)

KINDS: dict[MeasureKind, KindSpec] = {
    s.kind: s
    for s in (
        KindSpec(
            MeasureKind.BIG_TOE_EXTENSION, "Big-toe extension", Unit.DEG, 0, 110, _ANGLE_TOOLS, True
        ),
        KindSpec(
            MeasureKind.ANKLE_DORSIFLEXION,
            "Lunge test: shin angle",
            Unit.DEG,
            0,
            70,
            (Method.INCLINOMETER, *_ANGLE_TOOLS),
            True,
        ),
        KindSpec(
            MeasureKind.LUNGE_DISTANCE,
            "Lunge test: toe to wall",
            Unit.CM,
            0,
            25,
            (Method.TAPE, Method.RULER, Method.PHOTO),
            True,
        ),
        KindSpec(
            MeasureKind.ARCH_INDEX,
            "Arch index",
            Unit.RATIO,
            0,
            0.5,
            _PRINT_TOOLS,
            None,
        ),
        KindSpec(
            MeasureKind.CHIPPAUX_SMIRAK,
            "Chippaux-Smirak index",
            Unit.PERCENT,
            0,
            120,
            _PRINT_TOOLS,
            None,
        ),
        KindSpec(MeasureKind.STAHELI, "Staheli arch index", Unit.RATIO, 0, 3, _PRINT_TOOLS, None),
        KindSpec(MeasureKind.CLARKE_ANGLE, "Clarke's angle", Unit.DEG, 0, 75, _PRINT_TOOLS, None),
        KindSpec(
            MeasureKind.FOOT_LENGTH,
            "Foot length",
            Unit.MM,
            100,
            360,
            (*_PRINT_TOOLS, Method.RULER, Method.TAPE),
            None,
        ),
        KindSpec(
            MeasureKind.FOOT_WIDTH,
            "Foot width",
            Unit.MM,
            40,
            160,
            (*_PRINT_TOOLS, Method.RULER, Method.TAPE),
            None,
        ),
        KindSpec(
            MeasureKind.NAVICULAR_DROP,
            "Navicular drop",
            Unit.MM,
            0,
            35,
            (Method.RULER, Method.PHOTO),
            None,
        ),
    )
}


def default_method(kind: MeasureKind) -> Method:
    """The method assumed when none is given: the tool of the self-test that records this
    measure, if it suits the measure, else the measure's first method."""
    from footwork.domain.protocols import PROTOCOLS  # protocols is built on this module's enums

    methods = KINDS[kind].methods
    for protocol in PROTOCOLS:
        if kind in protocol.records and protocol.default_method in methods:
            return protocol.default_method
    return methods[0]


def parse_kind(text: str) -> MeasureKind:
    try:
        return MeasureKind(text.strip().lower().replace("_", "-"))
    except ValueError:
        allowed = ", ".join(k.value for k in MeasureKind)
        raise InvalidInput(
            f"Unknown measure {text!r}.", hint=f"Use one of: {allowed}.", field="measure"
        ) from None


def parse_method(text: str) -> Method:
    try:
        return Method(text.strip().lower().replace("_", "-"))
    except ValueError:
        allowed = ", ".join(m.value for m in Method)
        raise InvalidInput(
            f"Unknown method {text!r}.", hint=f"Use one of: {allowed}.", field="method"
        ) from None


@dataclass(frozen=True)
class NewMeasurement:
    """A measurement as typed or computed, before validation."""

    kind: MeasureKind
    side: Side
    value: float
    unit: Unit
    method: Method
    taken_at: datetime
    note: str = ""
    source: str = ""  # e.g. the photo or clip it came from
    details: dict[str, Any] = field(default_factory=dict)  # raw landmarks, warnings, ...


def new_measurement(
    kind: str,
    side: str,
    value: float,
    unit: str | None,
    method: str | None,
    taken_at: datetime,
    note: str = "",
) -> NewMeasurement:
    """A measurement as a person gives it (names as typed): the measure's own unit and its
    ``default_method`` when none is given. Every interface reads a typed measurement here, so
    the defaults and the names they accept are the same everywhere."""
    k = parse_kind(kind)
    return NewMeasurement(
        kind=k,
        side=parse_side(side),
        value=value,
        unit=parse_unit(unit) if unit else KINDS[k].unit,
        method=parse_method(method) if method else default_method(k),
        taken_at=taken_at,
        note=note,
    )


@dataclass(frozen=True)
class Measurement:
    """A validated measurement in its kind's canonical unit."""

    kind: MeasureKind
    side: Side
    value: float
    method: Method
    taken_at: datetime
    note: str = ""
    source: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def unit(self) -> Unit:
        return KINDS[self.kind].unit


def _wrong_dimension_hint(spec: KindSpec, unit: Unit) -> str:
    if spec.kind is MeasureKind.ANKLE_DORSIFLEXION and DIMENSION_OF[unit] is Dimension.LENGTH:
        return "For the toe-to-wall distance of the lunge test use the measure lunge-distance."
    if spec.kind is MeasureKind.LUNGE_DISTANCE and DIMENSION_OF[unit] is Dimension.ANGLE:
        return "For the shin angle of the lunge test use the measure ankle-dorsiflexion."
    return f"Give it in {spec.unit.value}."


def validate(new: NewMeasurement, today: date | None = None) -> Measurement:
    """Check unit, method, range and date (1900 to ``today``, default the local today); return
    the measurement in canonical units and local time."""
    spec = KINDS[new.kind]
    taken_at = check_moment(new.taken_at, today or date.today(), "The measurement date")
    if DIMENSION_OF[new.unit] is not spec.dimension:
        raise InvalidInput(
            f"{spec.title} is {_article(spec.dimension)} {spec.dimension.value}, "
            f"but {new.unit.value} is a unit of {DIMENSION_OF[new.unit].value}.",
            hint=_wrong_dimension_hint(spec, new.unit),
            field="unit",
        )
    if new.method not in spec.methods:
        allowed = ", ".join(m.value for m in spec.methods)
        raise InvalidInput(
            f"{spec.title} cannot be measured with the method {new.method.value}.",
            hint=f"Use one of: {allowed}.",
            field="method",
        )
    value = convert(float(new.value), new.unit, spec.unit)
    if value != value or not spec.low <= value <= spec.high:  # NaN or out of range
        raise ImplausibleValue(
            f"{spec.title} of {new.value:g} {new.unit.value} is outside what a human foot shows "
            f"({spec.low:g} to {spec.high:g} {spec.unit.value}).",
            hint="Check the number and the unit, then enter it again.",
            field="value",
        )
    return Measurement(
        kind=new.kind,
        side=new.side,
        value=value,
        method=new.method,
        taken_at=taken_at,
        note=new.note,
        source=new.source,
        details=dict(new.details),
    )


def _article(dimension: Dimension) -> str:
    return "an" if dimension.value[0] in "aeiou" else "a"
