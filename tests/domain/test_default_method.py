"""One rule picks the method assumed when none is given (CLI, web forms and API all use it)."""

from footwork.domain.measures import KINDS, MeasureKind, Method, default_method
from footwork.domain.protocols import PROTOCOLS


def test_a_measure_defaults_to_its_self_tests_tool_when_that_tool_suits_it():
    assert default_method(MeasureKind.BIG_TOE_EXTENSION) is Method.GONIOMETER
    assert default_method(MeasureKind.LUNGE_DISTANCE) is Method.TAPE  # the lunge test's tape
    assert default_method(MeasureKind.ARCH_INDEX) is Method.FOOTPRINT


def test_otherwise_the_measures_first_method():
    # the lunge test's tape cannot measure an angle: the shin angle keeps its own first tool
    assert default_method(MeasureKind.ANKLE_DORSIFLEXION) is Method.INCLINOMETER
    assert default_method(MeasureKind.NAVICULAR_DROP) is Method.RULER  # no self-test records it


def test_every_default_is_a_method_the_measure_allows():
    for kind, spec in KINDS.items():
        assert default_method(kind) in spec.methods
    for p in PROTOCOLS:
        for kind in p.records:
            if p.default_method in KINDS[kind].methods:
                assert default_method(kind) is p.default_method


def test_a_typed_measurement_gets_the_measures_unit_and_default_method():
    from datetime import datetime

    from footwork.domain.measures import new_measurement
    from footwork.domain.sides import Side
    from footwork.domain.units import Unit

    when = datetime(2026, 11, 2, 7, 30)
    new = new_measurement("Lunge_Distance", "R", 8.5, None, None, when, "wall")
    assert (new.kind, new.side, new.unit, new.method) == (
        MeasureKind.LUNGE_DISTANCE, Side.RIGHT, Unit.CM, Method.TAPE)  # fmt: skip
    given = new_measurement("lunge-distance", "left", 3.5, "in", "ruler", when)
    assert (given.unit, given.method, given.note) == (Unit.INCH, Method.RULER, "")
