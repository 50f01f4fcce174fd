"""An athlete's calendar subscription (team mode): a secret address a calendar app reads the
training calendar from, without signing in. The address can be replaced, which ends the old
one."""

from __future__ import annotations

import secrets
from datetime import date

from footwork.config import Settings
from footwork.domain.limits import CALENDAR_WEEKS_MAX
from footwork.errors import NotFound
from footwork.services import calendar_file
from footwork.services.store import open_store

SECRET_BYTES = 24  # 192 bits: an address nobody can guess
# The feed covers the plan from its start to this many weeks ahead of today, so a calendar
# app that reads it every day always has the coming weeks.
WEEKS_AHEAD = 4


def feed_secret(settings: Settings, account_id: int, *, renew: bool = False) -> str:
    """The secret of the athlete's calendar address, made on first use; ``renew`` replaces
    it, and the old address stops working."""
    with open_store(settings).unit_of_work() as uow:
        secret = None if renew else uow.accounts.calendar_token(account_id)
        if secret is None:
            secret = secrets.token_urlsafe(SECRET_BYTES)
            uow.accounts.set_calendar_token(account_id, secret)
        return secret


def feed(settings: Settings, secret: str, today: date | None = None) -> bytes:
    """The calendar of the athlete whose address holds this secret."""
    with open_store(settings).unit_of_work() as uow:
        account = uow.accounts.by_calendar_token(secret) if secret else None
        person = uow.people.get(account.person_id) if account and account.person_id else None
        if account is None or account.disabled or person is None:
            raise NotFound(
                "There is no calendar at this address.",
                hint="The address may have been replaced by a new one: use that instead.",
            )
    today = today or date.today()
    start = person.plan_start or today
    weeks = min(CALENDAR_WEEKS_MAX, max((today - start).days, 0) // 7 + WEEKS_AHEAD)
    return calendar_file.export(settings, person.name, weeks=weeks, today=today)
