"""Whose photo or footprint an upload is, in team mode.

An upload is stored under a random token; the person it was uploaded for is recorded with it,
and only that person (or a coach they joined) may open, measure or save it. Anyone else is
told it is not there, exactly as for a token that never existed.
"""

from __future__ import annotations

from datetime import datetime

from footwork.config import Settings
from footwork.domain.accounts import Account, Role
from footwork.errors import NotFound
from footwork.services.store import open_store


def record_owner(settings: Settings, token: str, person_id: int) -> None:
    """Note that the upload ``token`` belongs to this person."""
    with open_store(settings).unit_of_work() as uow:
        uow.upload_owners.add(token, person_id, datetime.now().replace(microsecond=0))


def check_may_open(settings: Settings, token: str, account: Account, person_id: int) -> None:
    """Refuse (NotFound) unless the upload belongs to ``person_id``, the person the request is
    about, or, for a coach, to one of their athletes."""
    with open_store(settings).unit_of_work() as uow:
        owner = uow.upload_owners.owner(token)
        allowed = owner is not None and (
            owner == person_id
            or (account.role is Role.COACH and uow.coaching.coaches_person(account.id, owner))
        )
    if not allowed:
        raise NotFound("That picture is not here.", hint="Upload it again.")
