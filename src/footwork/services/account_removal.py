"""Deleting an account for good: the account, and for an athlete every record and file of
theirs.

The database removes an athlete's records with their person (measurements, sessions and
sets, outcome notes, jobs, calendar events, plan changes, clip comments on their clips, the
access log, upload owners) and the account's sessions, tokens, links and coaching with the
account. Files are not in the database, so they are listed first and removed after: the clips
kept for their analyses, the analyses' folders (results, annotated videos, plots) and the
photos and footprints they uploaded with their overlays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from footwork.config import Settings
from footwork.errors import InvalidInput, NotFound
from footwork.services import accounts
from footwork.services.analyses import analyses_dir
from footwork.services.store import UnitOfWork, open_store
from footwork.services.user_files import discard

# Where uploaded pictures are kept (under the home), named "<token>.<suffix>" with overlays
# "<token>-angle.png" and "<token>-overlay.png" beside them.
PICTURE_FOLDERS = ("uploads/photos", "uploads/footprints")
UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Removed:
    """What a deletion took away."""

    email: str
    person: bool  # an athlete's records went with the account
    files: int  # files and folders removed from disk


def delete_own_account(settings: Settings, account_id: int, password: str) -> Removed:
    """Delete one's own account, confirmed by its password."""
    if not accounts.password_matches(settings, account_id, password):
        raise InvalidInput(
            "That is not your password, so nothing was deleted.",
            hint="Type the password you sign in with to confirm.",
            field="password",
        )
    return delete_account(settings, account_id)


def delete_account(settings: Settings, account_id: int) -> Removed:
    """Delete an account; an athlete's records and files go with it, for good."""
    with open_store(settings).unit_of_work() as uow:
        account = uow.accounts.get(account_id)
        if account is None:
            raise NotFound("There is no such account.")
        paths = _files_of(settings, uow, account.person_id) if account.person_id else []
        if account.person_id is not None:
            uow.people.delete(account.person_id)
        uow.accounts.delete(account_id)
        uow.login_attempts.forget(account.email)
    existing = [p for p in paths if p.exists()]
    discard(*existing)  # after the commit: a failed deletion leaves the files in place
    return Removed(account.email, account.person_id is not None, len(existing))


def _files_of(settings: Settings, uow: UnitOfWork, person_id: int) -> list[Path]:
    """Every file on disk that belongs to the person."""
    paths: list[Path] = []
    for job in uow.jobs.of_person(person_id):
        if job.upload:
            paths.append(settings.media / job.upload)
        paths.append(analyses_dir(settings) / job.id)
    for token in filter(UPLOAD_TOKEN.match, uow.upload_owners.tokens(person_id)):
        for folder in PICTURE_FOLDERS:
            paths.extend((settings.home / folder).glob(f"{token}*"))
    return paths
