"""The plan as an RFC 5545 calendar file that calendar apps can import again and again."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from icalendar import Calendar

from footwork.domain.measures import MeasureKind, Method, NewMeasurement
from footwork.domain.sides import Side
from footwork.domain.units import Unit
from footwork.services import measurements, people, planning
from footwork.services.planning import calendar

START = date(2026, 11, 2)
MORNING = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
EVENING = datetime(2026, 11, 9, 21, 45, tzinfo=timezone(timedelta(hours=2)))


def events(ics: bytes) -> list:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


@pytest.fixture
def ana_plan(settings):
    """Ana (left big toe at 45°) and Ben share footwork; Ana's plan starts on START."""
    people.add(settings, "ana")
    people.add(settings, "ben")
    toe = NewMeasurement(MeasureKind.BIG_TOE_EXTENSION, Side.LEFT, 45, Unit.DEG,
                         Method.GONIOMETER, datetime(2026, 11, 1, 9))  # fmt: skip
    measurements.record(settings, [toe], person="ana")
    planning.restart_plan(settings, "ana", start=START)
    return planning.current_plan(settings, "ana", today=START)


@pytest.mark.parametrize("weeks", [1, 4])
def test_the_calendar_parses_back_with_one_event_a_day_and_a_retest(ana_plan, weeks):
    ics = calendar(ana_plan, weeks=weeks, stamp=MORNING)
    cal = Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//footwork//foot training plan//EN"
    evs = events(ics)
    assert len(evs) == weeks * 7 + 1
    sessions, [retest] = evs[:-1], evs[-1:]
    starts = [e.decoded("DTSTART") for e in sessions]
    assert starts == [datetime.combine(START + timedelta(days=n), time(7, 30)) for n in
                      range(weeks * 7)]  # fmt: skip
    for e in sessions:
        assert str(e["SUMMARY"]) == "Foot training: Outward Roll · Heel Circle · Banded Squat"
        assert e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(minutes=15)
        assert "Heel Circle (left): 2 sets of 5 slow circles each way" in str(e["DESCRIPTION"])
        [alarm] = e.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    assert str(retest["SUMMARY"]) == "Foot re-test"
    assert retest.decoded("DTSTART").date() == START + timedelta(weeks=4) == ana_plan.plan.retest_on
    assert retest.walk("VALARM") == []


def test_every_event_has_a_utc_dtstamp_and_a_uid(ana_plan):
    ics = calendar(ana_plan, weeks=1, stamp=EVENING)
    for e in events(ics):
        assert e.decoded("DTSTAMP") == datetime(2026, 11, 9, 19, 45, tzinfo=UTC)
        assert str(e["UID"]).endswith("@footwork")
    assert ics.count(b"DTSTAMP:20261109T194500Z") == 8
    assert ics.count(b"BEGIN:VEVENT") == 8


def test_a_calendar_made_without_a_stamp_is_stamped_now(ana_plan):
    before = datetime.now(UTC).replace(microsecond=0)
    evs = events(calendar(ana_plan, weeks=1))
    after = datetime.now(UTC)
    for e in evs:
        assert before <= e.decoded("DTSTAMP") <= after


def test_uids_stay_the_same_across_exports_made_at_different_times(ana_plan):
    first = events(calendar(ana_plan, weeks=2, stamp=MORNING))
    later = events(calendar(ana_plan, weeks=2, stamp=EVENING))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]
    assert len({str(e["UID"]) for e in first}) == len(first)  # all distinct
    assert first[0].decoded("DTSTAMP") != later[0].decoded("DTSTAMP")


def test_another_persons_calendar_has_other_uids(settings, ana_plan):
    ben = planning.current_plan(settings, "ben", today=START)
    ana_uids = {str(e["UID"]) for e in events(calendar(ana_plan, weeks=2, stamp=MORNING))}
    ben_uids = {str(e["UID"]) for e in events(calendar(ben, weeks=2, stamp=MORNING))}
    assert len(ben_uids) == len(ana_uids) == 15
    assert ana_uids.isdisjoint(ben_uids)


def test_the_calendar_follows_the_stored_plan_start(settings, ana_plan):
    later = planning.current_plan(settings, "ana", today=START + timedelta(days=10))
    assert later.plan.start == START and later.plan.week == 2
    first_event = events(calendar(later, weeks=1, stamp=MORNING))[0]
    assert first_event.decoded("DTSTART").date() == START


def test_later_weeks_in_the_calendar_show_the_progressed_dose(ana_plan):
    evs = events(calendar(ana_plan, weeks=4, stamp=MORNING))
    week1, week3 = str(evs[0]["DESCRIPTION"]), str(evs[14]["DESCRIPTION"])
    assert "Outward Roll: 1 set of 5 slow reps on each foot; 3 s out, 3 s hold" in week1
    assert "Outward Roll: 1 set of 5 slow reps on each foot; 3 s out, 5 s hold" in week3
