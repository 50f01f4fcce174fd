"""The plan as it stood on each past day reads only what was logged by then."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from footwork.config import Settings
from footwork.domain.assessment import assess
from footwork.domain.session import SessionLog, SetLog
from footwork.services import people
from footwork.services.planning import PlanHistory
from footwork.services.sessions import record_session
from footwork.services.store import open_store

TODAY = date(2026, 11, 25)


def _log(settings: Settings, day: date, pain: int | None) -> None:
    when = datetime.combine(day, time(7, 0))
    entry = SetLog(exercise="outward-roll", side=None, direction=None, set_number=1,
                   reps_done=8, reps_target=8, effort=None, pain=pain)  # fmt: skip
    record_session(settings, SessionLog(started_at=when, sets=[entry]), "Ali")


def test_pain_logged_later_does_not_change_an_earlier_days_plan(settings: Settings):
    people.add(settings, "Ali")
    start = TODAY - timedelta(days=20)
    for n in range(21):
        _log(settings, start + timedelta(days=n), pain=7 if n == 20 else 1)
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.find("Ali")
        assert who is not None
        history = PlanHistory(uow, who, assess([]))
        assert history.recent(TODAY).max_pain == 7  # today's pain counts today
        assert history.recent(TODAY - timedelta(days=1)).max_pain == 1  # not the day before
        assert history.recent(TODAY - timedelta(days=1)).adherence == 1.0
        assert history.recent(start + timedelta(days=3)) == history.recent(start)  # week one
