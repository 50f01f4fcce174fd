"""Units, conversion and measurement validation: what a person may type, and what is refused."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.domain.measures import (
    KINDS,
    MeasureKind,
    Method,
    NewMeasurement,
    parse_kind,
    parse_method,
    validate,
)
from footwork.domain.sides import Direction, Side, parse_direction, parse_side
from footwork.domain.units import DIMENSION_OF, Unit, convert, parse_unit
from footwork.errors import ImplausibleValue, InvalidInput

WHEN = datetime(2026, 11, 2, 7, 30)


def new(kind: str, value: float, unit: str, method: str, side: str = "left") -> NewMeasurement:
    return NewMeasurement(
        kind=MeasureKind(kind),
        side=Side(side),
        value=value,
        unit=Unit(unit),
        method=Method(method),
        taken_at=WHEN,
    )


# Parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "exception"),
    [
        ("deg", Unit.DEG, None),
        ("°", Unit.DEG, None),
        (" Degrees ", Unit.DEG, None),
        ("rad", Unit.RAD, None),
        ("radians", Unit.RAD, None),
        ("cm", Unit.CM, None),
        ("MM", Unit.MM, None),
        ("in", Unit.INCH, None),
        ("inches", Unit.INCH, None),
        ('"', Unit.INCH, None),
        ("%", Unit.PERCENT, None),
        ("pct", Unit.PERCENT, None),
        ("ratio", Unit.RATIO, None),
        ("furlong", None, InvalidInput),
        ("", None, InvalidInput),
    ],
)
def test_units_are_read_as_people_type_them(text, expected, exception):
    if exception:
        with pytest.raises(exception) as excinfo:
            parse_unit(text)
        assert "deg, rad, cm, mm, in, ratio, pct" in str(excinfo.value)
    else:
        assert parse_unit(text) is expected


@pytest.mark.parametrize(
    ("text", "expected", "exception"),
    [
        ("left", Side.LEFT, None),
        ("R", Side.RIGHT, None),
        (" Right ", Side.RIGHT, None),
        ("middle", None, InvalidInput),
        ("both", None, InvalidInput),
    ],
)
def test_a_side_is_left_or_right(text, expected, exception):
    if exception:
        with pytest.raises(exception, match="Use left or right"):
            parse_side(text)
    else:
        assert parse_side(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cw", Direction.CLOCKWISE),
        ("clockwise", Direction.CLOCKWISE),
        ("ccw", Direction.COUNTER_CLOCKWISE),
        ("anticlockwise", Direction.COUNTER_CLOCKWISE),
        ("Counterclockwise", Direction.COUNTER_CLOCKWISE),
    ],
)
def test_circle_directions_accept_their_usual_names(text, expected):
    assert parse_direction(text) is expected


def test_an_unknown_direction_names_the_allowed_ones():
    with pytest.raises(InvalidInput, match=r"clockwise \(cw\) or counter-clockwise \(ccw\)"):
        parse_direction("sideways")


@pytest.mark.parametrize(
    ("parse", "text", "expected", "allowed"),
    [
        (parse_kind, "big_toe_extension", MeasureKind.BIG_TOE_EXTENSION, None),
        (parse_kind, "Arch-Index", MeasureKind.ARCH_INDEX, None),
        (parse_kind, "toe-wiggle", None, "big-toe-extension, ankle-dorsiflexion, lunge-distance"),
        (parse_method, "phone_inclinometer", Method.PHONE_INCLINOMETER, None),
        (parse_method, "eyeball", None, "goniometer, inclinometer, phone-inclinometer, tape"),
    ],
)
def test_unknown_measures_and_methods_list_what_is_allowed(parse, text, expected, allowed):
    if allowed:
        with pytest.raises(InvalidInput) as excinfo:
            parse(text)
        assert repr(text) in excinfo.value.message
        assert allowed in excinfo.value.hint
    else:
        assert parse(text) is expected


# Conversion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected", "exception"),
    [
        (90.0, Unit.DEG, Unit.RAD, math.pi / 2, None),
        (math.pi, Unit.RAD, Unit.DEG, 180.0, None),
        (1.0, Unit.INCH, Unit.CM, 2.54, None),
        (10.0, Unit.MM, Unit.CM, 1.0, None),
        (26.0, Unit.CM, Unit.MM, 260.0, None),
        (0.25, Unit.RATIO, Unit.RATIO, 0.25, None),
        (10.0, Unit.CM, Unit.DEG, None, InvalidInput),
        (45.0, Unit.DEG, Unit.MM, None, InvalidInput),
        (0.3, Unit.RATIO, Unit.PERCENT, None, InvalidInput),
    ],
)
def test_units_convert_within_a_dimension_and_never_across(
    value, from_unit, to_unit, expected, exception
):
    if exception:
        with pytest.raises(exception, match="Cannot convert"):
            convert(value, from_unit, to_unit)
    else:
        assert convert(value, from_unit, to_unit) == pytest.approx(expected, rel=1e-12)


_UNITS_BY_DIMENSION = {
    d: [u for u in Unit if DIMENSION_OF[u] is d] for d in set(DIMENSION_OF.values())
}
_SAME_DIMENSION_PAIRS = [
    (a, b) for units in _UNITS_BY_DIMENSION.values() for a in units for b in units
]


@given(
    pair=st.sampled_from(_SAME_DIMENSION_PAIRS),
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
def test_a_conversion_there_and_back_returns_the_same_value(pair, value):
    there, back = pair
    assert convert(convert(value, there, back), back, there) == pytest.approx(
        value, rel=1e-12, abs=1e-9
    )


# Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "unit", "method", "expected"),
    [
        ("big-toe-extension", 48, "deg", "goniometer", 48.0),
        ("big-toe-extension", 1.0, "rad", "photo", 57.29577951308232),
        ("ankle-dorsiflexion", 38.5, "deg", "inclinometer", 38.5),
        ("lunge-distance", 10, "cm", "tape", 10.0),
        ("lunge-distance", 95, "mm", "ruler", 9.5),
        ("lunge-distance", 4, "in", "tape", 10.16),
        ("arch-index", 0.24, "ratio", "footprint", 0.24),
        ("chippaux-smirak", 41, "pct", "pressure-plate", 41.0),
        ("staheli", 0.7, "ratio", "footprint", 0.7),
        ("clarke-angle", 38, "deg", "footprint", 38.0),
        ("foot-length", 26.5, "cm", "ruler", 265.0),
        ("foot-width", 4, "in", "tape", 101.6),
        ("navicular-drop", 0.9, "cm", "ruler", 9.0),
    ],
)
def test_a_good_value_in_any_unit_is_stored_in_the_measures_own_unit(
    kind, value, unit, method, expected
):
    m = validate(new(kind, value, unit, method))
    assert m.value == pytest.approx(expected, rel=1e-12)
    assert m.unit is KINDS[MeasureKind(kind)].unit
    assert m.kind is MeasureKind(kind) and m.side is Side.LEFT and m.taken_at == WHEN


@pytest.mark.parametrize(
    ("kind", "value", "unit", "method", "exception", "says"),
    [
        # A distance for the shin angle: point to the distance measure of the same test.
        ("ankle-dorsiflexion", 10, "cm", "tape", InvalidInput, "use the measure lunge-distance"),
        ("ankle-dorsiflexion", 10, "cm", "inclinometer", InvalidInput, "lunge-distance"),
        ("lunge-distance", 38, "deg", "tape", InvalidInput, "use the measure ankle-dorsiflexion"),
        ("big-toe-extension", 5, "cm", "goniometer", InvalidInput, "Give it in deg"),
        ("arch-index", 25, "pct", "footprint", InvalidInput, "Give it in ratio"),
        ("big-toe-extension", 400, "deg", "goniometer", ImplausibleValue, "0 to 110 deg"),
        ("big-toe-extension", -5, "deg", "goniometer", ImplausibleValue, "0 to 110 deg"),
        ("lunge-distance", -3, "cm", "tape", ImplausibleValue, "0 to 25 cm"),
        ("lunge-distance", 12, "in", "tape", ImplausibleValue, "0 to 25 cm"),
        ("ankle-dorsiflexion", math.nan, "deg", "inclinometer", ImplausibleValue, "0 to 70"),
        ("ankle-dorsiflexion", math.inf, "deg", "inclinometer", ImplausibleValue, "0 to 70"),
        ("arch-index", 0.9, "ratio", "footprint", ImplausibleValue, "0 to 0.5 ratio"),
        (
            "arch-index",
            0.24,
            "ratio",
            "goniometer",
            InvalidInput,
            "Use one of: footprint, pressure-plate",
        ),
        ("lunge-distance", 10, "cm", "goniometer", InvalidInput, "Use one of: tape, ruler, photo"),
        ("navicular-drop", 9, "mm", "video", InvalidInput, "Use one of: ruler, photo"),
    ],
)
def test_a_bad_measurement_is_refused_with_a_message_that_says_what_is_allowed(
    kind, value, unit, method, exception, says
):
    with pytest.raises(InvalidInput) as excinfo:
        validate(new(kind, value, unit, method))
    assert excinfo.type is exception  # precisely this class, not just any InvalidInput
    assert says in str(excinfo.value)
    assert excinfo.value.hint, "every refusal says what to do next"


def test_a_wrong_unit_message_names_both_dimensions():
    with pytest.raises(InvalidInput) as excinfo:
        validate(new("ankle-dorsiflexion", 10, "cm", "inclinometer"))
    assert excinfo.value.message == (
        "Lunge test: shin angle is an angle, but cm is a unit of length."
    )


def test_an_implausible_value_message_repeats_what_was_typed_and_in_which_unit():
    with pytest.raises(ImplausibleValue) as excinfo:
        validate(new("big-toe-extension", 400, "deg", "goniometer"))
    assert excinfo.value.message.startswith("Big-toe extension of 400 deg is outside")
    assert "Check the number and the unit" in excinfo.value.hint


_KIND_UNIT = [(k, u) for k, spec in KINDS.items() for u in _UNITS_BY_DIMENSION[spec.dimension]]


@given(data=st.data(), kind_unit=st.sampled_from(_KIND_UNIT))
def test_any_in_range_value_validates_and_stays_in_range(data, kind_unit):
    kind, unit = kind_unit
    spec = KINDS[kind]
    # A value inside the plausible range, written in any unit of the right dimension. The tiny
    # margin keeps float rounding of the unit change itself away from the edges.
    margin = (spec.high - spec.low) * 1e-9
    canonical = data.draw(st.floats(spec.low + margin, spec.high - margin))
    typed = convert(canonical, spec.unit, unit)
    method = data.draw(st.sampled_from(spec.methods))
    m = validate(
        NewMeasurement(kind=kind, side=Side.RIGHT, value=typed, unit=unit, method=method,
                       taken_at=WHEN)
    )  # fmt: skip
    assert spec.low <= m.value <= spec.high
    assert m.value == pytest.approx(canonical, rel=1e-9, abs=1e-12)
    assert m.method is method


@given(kind=st.sampled_from(list(MeasureKind)), data=st.data())
def test_the_edges_of_the_range_are_allowed_in_the_measures_own_unit(kind, data):
    spec = KINDS[kind]
    value = data.draw(st.sampled_from([spec.low, spec.high]))
    m = validate(
        NewMeasurement(kind=kind, side=Side.LEFT, value=value, unit=spec.unit,
                       method=spec.methods[0], taken_at=WHEN)
    )  # fmt: skip
    assert m.value == value
