"""One transaction per use case: a unit of work commits all of its writes or none, and its
repositories hand out domain records, never database rows. On SQLite and, when configured,
PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from footwork.config import Settings
from footwork.domain.jobs import Job, JobKind
from footwork.domain.measures import MeasureKind, Method, NewMeasurement, validate
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Side
from footwork.domain.units import Unit
from footwork.services import measurements, people, progress, sessions, transfer
from footwork.services.store import close_all, open_store


class Stop(Exception):
    pass


def _measurement(value: float = 50.0) -> NewMeasurement:
    return NewMeasurement(MeasureKind.BIG_TOE_EXTENSION, Side.LEFT, value, Unit.DEG,
                          Method.GONIOMETER, datetime(2026, 11, 2, 7, 0))  # fmt: skip


def test_a_unit_of_work_commits_its_writes_when_the_block_ends(settings: Settings):
    with open_store(settings).unit_of_work() as uow:
        ana = uow.people.add("ana")
        uow.measurements.add(ana.id, validate(_measurement()))
        uow.people.set_plan_start(ana.id, date(2026, 11, 2))
    close_all()  # another process sees the same

    [profile] = people.list_profiles(settings)
    assert (profile.name, profile.plan_start) == ("ana", date(2026, 11, 2))
    assert [m.value for m in measurements.list_all(settings, "ana")] == [50.0]


def test_an_error_after_writes_rolls_every_write_back(settings: Settings):
    with pytest.raises(Stop), open_store(settings).unit_of_work() as uow:
        ana = uow.people.add("ana")
        uow.measurements.add(ana.id, validate(_measurement()))
        session_id = uow.sessions.start(ana.id, SessionLog(started_at=datetime(2026, 11, 2, 7)))
        uow.sessions.add_set(session_id, SetLog("toe-yoga", Side.LEFT, None, 10, 10))
        uow.outcomes.add(ana.id, "pain", 2, "/10", "", datetime(2026, 11, 2, 8))
        assert uow.people.find("ana") is not None  # written, inside the transaction
        raise Stop

    assert people.list_profiles(settings) == []
    with open_store(settings).unit_of_work() as uow:
        assert uow.people.all() == []
        assert uow.sessions.existing_uids([]) == set()


def test_an_import_that_fails_half_way_writes_nothing(settings: Settings, tmp_path: Path):
    """The file passes every check, but its second session repeats a set's uid: the database
    refuses that set after the person, the measurements and the first session were written."""
    people.add(settings, "ana")
    measurements.record(settings, [_measurement(40.0)], "ana")
    sessions.record_session(settings, SessionLog(datetime(2026, 11, 1, 7), sets=[
        SetLog("toe-yoga", Side.LEFT, None, 10, 10)]), "ana")  # fmt: skip
    transfer.export_to(settings, tmp_path / "export")
    doc = json.loads((tmp_path / "export" / "footwork.json").read_text(encoding="utf-8"))
    [person] = doc["people"]
    person.update(uid="another-person", name="bea")
    for m in person["measurements"]:
        m["uid"] = "another-" + m["uid"][:20]
    first = person["sessions"][0]
    first["uid"] = "session-1"
    second = json.loads(json.dumps(first)) | {"uid": "session-2"}
    person["sessions"] = [first, second]  # the same set uid in both sessions
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")

    with pytest.raises(Exception) as refused:  # whatever the database raises
        transfer.import_file(settings, path)
    assert "IntegrityError" in type(refused.value).__name__  # it got as far as writing

    assert [p.name for p in people.list_profiles(settings)] == ["ana"]
    with open_store(settings).unit_of_work() as uow:
        assert uow.sessions.existing_uids(["session-1", "session-2"]) == set()
        assert uow.people.find("bea") is None
    assert len(measurements.list_all(settings, "ana")) == 1


def _assert_plain(value: object, where: str = "result") -> None:
    """Only domain records, enums and builtin values, all the way down."""
    module = type(value).__module__
    assert module == "builtins" or module.startswith(("footwork.domain.", "datetime")), (
        f"{where} is a {type(value).__module__}.{type(value).__qualname__}"
    )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _assert_plain(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            _assert_plain(k, where)
            _assert_plain(v, f"{where}[{k!r}]")
    elif isinstance(value, (list, tuple, set)):
        for n, v in enumerate(value):
            _assert_plain(v, f"{where}[{n}]")


def test_repositories_return_domain_records_never_rows(settings: Settings):
    sessions.record_session(settings, SessionLog(datetime(2026, 11, 2, 7), sets=[
        SetLog("toe-yoga", Side.LEFT, None, 10, 10, pain=1)]))  # fmt: skip
    measurements.record(settings, [_measurement()])
    progress.add_outcome(settings, "pain", 2, when=datetime(2026, 11, 2, 8))
    store = open_store(settings)
    with store.unit_of_work() as uow:
        me = uow.people.resolve(None)
        job = uow.jobs.add(Job(id="j1", kind=JobKind.CLIP_ANALYSIS), me.id)
        [set_record] = uow.sessions.sets(me.id)
        [outcome] = uow.outcomes.all(me.id)
        [measured] = uow.measurements.all(me.id)
        assert measured.id is not None
        uow.calendar.save_versions(me.id, {"session-2026-11-02-0@footwork": ("digest", 0)})
        results = {
            "people.all": uow.people.all(),
            "people.find": uow.people.find(me.name),
            "people.reader": uow.people.reader(None),
            "people.set_plan_start": uow.people.set_plan_start(me.id, date(2026, 11, 2)),
            "people.set_training_times": uow.people.set_training_times(me.id, ["07:00"]),
            "measurements.all": uow.measurements.all(me.id),
            "measurements.all_with_uids": uow.measurements.all_with_uids(me.id),
            "measurements.get": uow.measurements.get(measured.id, me.id),
            "measurements.update": uow.measurements.update(measured.id, me.id, measured),
            "sessions.all": uow.sessions.all(me.id),
            "sessions.sets": uow.sessions.sets(me.id),
            "sessions.get_set": uow.sessions.get_set(set_record.id, me.id),
            "sessions.days_trained": uow.sessions.days_trained(me.id),
            "sessions.pains": uow.sessions.pains(me.id),
            "outcomes.all": uow.outcomes.all(me.id),
            "outcomes.get": uow.outcomes.get(outcome.id, me.id),
            "calendar.versions": uow.calendar.versions(me.id),
            "jobs.add": job,
            "jobs.get": uow.jobs.get("j1"),
            "jobs.claim": uow.jobs.claim("j1", "host:1"),
            "jobs.all": uow.jobs.all(),
        }
    for name, value in results.items():
        assert value not in (None, []), f"{name} found nothing: the check would see nothing"
        _assert_plain(value, name)


def test_the_plain_value_check_can_fail():
    from footwork.storage.tables import PersonRow

    with pytest.raises(AssertionError, match="PersonRow"):
        _assert_plain([PersonRow(name="ana")])
