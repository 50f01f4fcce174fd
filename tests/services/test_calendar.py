"""The plan as an RFC 5545 calendar file that calendar apps can import again and again: events
in the person's time zone, mini-sets at the chosen times, and a SEQUENCE that rises exactly
where an event changed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from footwork.domain.measures import MeasureKind, Method, NewMeasurement
from footwork.domain.session import session_minutes, session_steps
from footwork.domain.sides import Side
from footwork.domain.units import Unit
from footwork.errors import InvalidInput
from footwork.services import calendar_file, measurements, people, planning
from footwork.services.calendar_file import calendar, export, set_training_times, system_zone

START = date(2026, 11, 2)
MORNING = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
EVENING = datetime(2026, 11, 9, 21, 45, tzinfo=timezone(timedelta(hours=2)))
BERLIN = ZoneInfo("Europe/Berlin")


def events(ics: bytes) -> list:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def ics_of(pp, **kw) -> bytes:
    return calendar(pp, zone=kw.pop("zone", BERLIN), **kw).body


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
def test_each_day_has_the_session_and_its_later_mini_sets_and_there_is_a_retest(ana_plan, weeks):
    ics = ics_of(ana_plan, weeks=weeks, stamp=MORNING)
    cal = Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//footwork//foot training plan//EN"
    evs = events(ics)
    assert len(evs) == weeks * 7 * 3 + 1  # the session, mini-sets 2 and 3; the re-test
    sessions = [e for e in evs if str(e["SUMMARY"]).startswith("Foot training")]
    minutes = session_minutes(session_steps(ana_plan.plan))
    assert [e.decoded("DTSTART") for e in sessions] == [
        datetime.combine(START + timedelta(days=n), time(7, 30), tzinfo=BERLIN)
        for n in range(weeks * 7)
    ]
    for n, e in enumerate(sessions):
        assert str(e["SUMMARY"]) == "Foot training: Outward Roll · Heel Circle · Banded Squat"
        length = e.decoded("DTEND") - e.decoded("DTSTART")
        assert (
            length == timedelta(minutes=minutes) if n < 7 else length >= timedelta(minutes=minutes)
        )
        text = str(e["DESCRIPTION"])
        assert "Heel Circle (left): 2 sets of 5 slow circles each way" in text
        assert "mini-set 1 of 3; the others: 2 of 3 at 12:30, 3 of 3 at 17:00." in text
        [alarm] = e.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    [retest] = [e for e in evs if str(e["SUMMARY"]) == "Foot re-test"]
    assert retest.decoded("DTSTART").date() == START + timedelta(weeks=4) == ana_plan.plan.retest_on
    assert retest.walk("VALARM") == []


def test_the_banded_squat_mini_sets_are_spread_over_the_day_at_the_chosen_times(settings, ana_plan):
    set_training_times(settings, "ana", times="06:45, 11:00, 19:15", zone="Europe/Berlin")
    evs = events(export(settings, "ana", weeks=1, today=START))
    first_day = [e for e in evs if e.decoded("DTSTART").date() == START]
    assert [(e.decoded("DTSTART").time(), str(e["SUMMARY"])[:26]) for e in first_day] == [
        (time(6, 45), "Foot training: Outward Rol"),
        (time(11, 0), "Banded Squat: mini-set 2 o"),
        (time(19, 15), "Banded Squat: mini-set 3 o"),
    ]
    assert str(first_day[2]["SUMMARY"]) == "Banded Squat: mini-set 3 of 3"
    [alarm] = first_day[1].walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(0)


def test_a_person_who_chose_no_times_is_shown_every_default_time(settings, ana_plan):
    assert calendar_file.training_times(settings, "ana").text == "07:30, 12:30, 17:00, 20:00"
    set_training_times(settings, "ana", times="06:45, 19:15")
    assert calendar_file.training_times(settings, "ana").text == "06:45, 19:15"


def test_event_times_carry_the_time_zone_with_its_definition(ana_plan):
    ics = ics_of(ana_plan, weeks=1, stamp=MORNING)
    assert b"DTSTART;TZID=Europe/Berlin:20261102T073000" in ics
    [tz] = Calendar.from_ical(ics).walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    for e in events(ics):
        assert e.decoded("DTSTART").tzinfo is not None


def test_the_systems_time_zone_is_used_unless_the_person_chose_one(settings, ana_plan, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    assert system_zone() == ZoneInfo("America/New_York")
    first = events(export(settings, "ana", weeks=1, today=START))[0]
    assert first.decoded("DTSTART").tzinfo == ZoneInfo("America/New_York")
    set_training_times(settings, "ana", zone="Asia/Tokyo")
    first = events(export(settings, "ana", weeks=1, today=START))[0]
    assert first.decoded("DTSTART").tzinfo == ZoneInfo("Asia/Tokyo")
    assert first.decoded("DTSTART").time() == time(7, 30)


@pytest.mark.parametrize(
    ("times", "zone", "message"),
    [("7:30, 25:00", None, "not a time of day"), (None, "Mars/Olympus", "not a time zone")],
)
def test_bad_times_or_zones_are_refused_and_nothing_changes(
    settings, ana_plan, times, zone, message
):
    set_training_times(settings, "ana", times="08:00")
    with pytest.raises(InvalidInput, match=message) as excinfo:
        set_training_times(settings, "ana", times=times, zone=zone)
    assert excinfo.value.hint
    assert calendar_file.training_times(settings, "ana").times == (time(8),)


def test_a_changed_dose_raises_the_sequence_of_exactly_the_changed_events(settings, ana_plan):
    def by_uid(ics: bytes) -> dict[str, tuple[int, str]]:
        return {str(e["UID"]): (int(e["SEQUENCE"]), str(e["SUMMARY"])) for e in events(ics)}

    first = by_uid(export(settings, "ana", weeks=1, stamp=MORNING, today=START))
    again = by_uid(export(settings, "ana", weeks=1, stamp=EVENING, today=START))
    assert again == first and {seq for seq, _ in first.values()} == {0}

    flat = NewMeasurement(MeasureKind.ARCH_INDEX, Side.LEFT, 0.30, Unit.RATIO,
                          Method.FOOTPRINT, datetime(2026, 11, 2, 6))  # fmt: skip
    measurements.record(settings, [flat], person="ana")  # one more mini-set a day
    later = by_uid(export(settings, "ana", weeks=1, stamp=EVENING, today=START))

    assert set(first) < set(later)  # the same events are updated; mini-set 4 is new
    for uid, (seq, summary) in later.items():
        if uid not in first:
            assert (seq, summary) == (0, "Banded Squat: mini-set 4 of 4")
        elif summary == "Foot re-test":
            assert seq == 0  # unchanged
        else:
            assert seq == 1, summary  # the dose or the mini-set count changed
    assert by_uid(export(settings, "ana", weeks=1, stamp=EVENING, today=START)) == later


def test_every_event_has_a_utc_dtstamp_and_a_uid(ana_plan):
    ics = ics_of(ana_plan, weeks=1, stamp=EVENING)
    for e in events(ics):
        assert e.decoded("DTSTAMP") == datetime(2026, 11, 9, 19, 45, tzinfo=UTC)
        assert str(e["UID"]).endswith("@footwork")
    assert ics.count(b"DTSTAMP:20261109T194500Z") == ics.count(b"BEGIN:VEVENT") == 22


def test_a_calendar_made_without_a_stamp_is_stamped_now(ana_plan):
    before = datetime.now(UTC).replace(microsecond=0)
    evs = events(ics_of(ana_plan, weeks=1))
    after = datetime.now(UTC)
    for e in evs:
        assert before <= e.decoded("DTSTAMP") <= after


def test_uids_stay_the_same_across_exports_made_at_different_times(ana_plan):
    first = events(ics_of(ana_plan, weeks=2, stamp=MORNING))
    later = events(ics_of(ana_plan, weeks=2, stamp=EVENING))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]
    assert len({str(e["UID"]) for e in first}) == len(first)  # all distinct
    assert first[0].decoded("DTSTAMP") != later[0].decoded("DTSTAMP")


def test_another_persons_calendar_has_other_uids(settings, ana_plan):
    ben = planning.current_plan(settings, "ben", today=START)
    ana_uids = {str(e["UID"]) for e in events(ics_of(ana_plan, weeks=2, stamp=MORNING))}
    ben_uids = {str(e["UID"]) for e in events(ics_of(ben, weeks=2, stamp=MORNING))}
    assert len(ben_uids) == len(ana_uids) == 2 * 7 * 3 + 1
    assert ana_uids.isdisjoint(ben_uids)


def test_the_calendar_follows_the_stored_plan_start(settings, ana_plan):
    later = planning.current_plan(settings, "ana", today=START + timedelta(days=10))
    assert later.plan.start == START and later.plan.week == 2
    first_event = events(ics_of(later, weeks=1, stamp=MORNING))[0]
    assert first_event.decoded("DTSTART").date() == START


def test_later_weeks_in_the_calendar_show_the_progressed_dose(ana_plan):
    evs = [e for e in events(ics_of(ana_plan, weeks=4, stamp=MORNING))
           if str(e["SUMMARY"]).startswith("Foot training")]  # fmt: skip
    week1, week3 = str(evs[0]["DESCRIPTION"]), str(evs[14]["DESCRIPTION"])
    assert "Outward Roll: 1 set of 5 slow reps on each foot; 3 s out, 3 s hold" in week1
    assert "Outward Roll: 1 set of 5 slow reps on each foot; 3 s out, 5 s hold" in week3


def test_event_descriptions_speak_to_any_user_and_name_no_command(ana_plan):
    for e in events(ics_of(ana_plan, weeks=1, stamp=MORNING)):
        text = str(e["DESCRIPTION"])
        assert "footwork coach" not in text and "footwork assess" not in text
        assert "--" not in text
        assert "Open footwork" in text or "tests in footwork" in text


def test_a_mini_set_no_longer_planned_is_sent_as_cancelled_so_apps_remove_it(settings, ana_plan):
    def arch(index: float, hour: int) -> None:
        m = NewMeasurement(MeasureKind.ARCH_INDEX, Side.LEFT, index, Unit.RATIO,
                           Method.FOOTPRINT, datetime(2026, 11, 2, hour))  # fmt: skip
        measurements.record(settings, [m], person="ana")

    arch(0.30, 5)  # flat: four mini-sets a day
    four = {str(e["UID"]): e for e in events(export(settings, "ana", weeks=1, today=START))}
    arch(0.24, 6)  # a newer footprint in the normal band: three again
    three = events(export(settings, "ana", weeks=1, today=START))
    gone = [e for e in three if str(e.get("STATUS", "")) == "CANCELLED"]
    assert len(gone) == 7  # mini-set 4 of each day
    for e in gone:
        assert str(four[str(e["UID"])]["SUMMARY"]) == "Banded Squat: mini-set 4 of 4"
        assert int(e["SEQUENCE"]) == 1
    again = events(export(settings, "ana", weeks=1, today=START))
    assert [int(e["SEQUENCE"]) for e in again if str(e.get("STATUS", "")) == "CANCELLED"] == [1] * 7
