from datetime import datetime

from footwork.domain.measures import MeasureKind, Method, NewMeasurement
from footwork.domain.sides import Side
from footwork.domain.units import Unit
from footwork.services import measurements


def test_a_measurement_round_trips_through_the_database(settings):
    new = NewMeasurement(
        MeasureKind.LUNGE_DISTANCE,
        Side.LEFT,
        4.5,
        Unit.INCH,
        Method.TAPE,
        datetime(2026, 11, 2, 7, 30),
        note="after run",
    )
    [saved] = measurements.record(settings, [new])
    [loaded] = measurements.list_all(settings)
    assert loaded.id == saved.id
    assert loaded.value == 4.5 * 2.54
    assert loaded.side is Side.LEFT and loaded.method is Method.TAPE
    assert loaded.taken_at == datetime(2026, 11, 2, 7, 30)
    assert loaded.note == "after run"
