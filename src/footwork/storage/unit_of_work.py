"""One transaction per use case: ``with store.unit_of_work() as uow:``.

Inside the block, ``uow.people``, ``uow.measurements``, ``uow.sessions``, ``uow.outcomes``,
``uow.calendar``, ``uow.jobs``, ``uow.workers`` and team mode's (``uow.accounts``...) read
and write domain records; leaving it normally commits every write, leaving it by any
exception rolls every write back. No SQLAlchemy object leaves the block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from footwork.storage.accounts import (
    AccessLog,
    Accounts,
    ApiTokens,
    Coaching,
    Links,
    LoginAttempts,
    LoginSessions,
    UploadOwners,
)
from footwork.storage.coaching import ClipComments, PlanChanges
from footwork.storage.jobs import Jobs, Workers
from footwork.storage.repository import Calendar, Measurements, Outcomes, People, Sessions


class UnitOfWork:
    """The repositories of one transaction."""

    def __init__(self, session: Session) -> None:
        self.people = People(session)
        self.measurements = Measurements(session)
        self.sessions = Sessions(session)
        self.outcomes = Outcomes(session)
        self.calendar = Calendar(session)
        self.jobs = Jobs(session)
        self.workers = Workers(session)
        # Team mode (storage/accounts.py)
        self.accounts = Accounts(session)
        self.login_sessions = LoginSessions(session)
        self.api_tokens = ApiTokens(session)
        self.links = Links(session)
        self.login_attempts = LoginAttempts(session)
        self.coaching = Coaching(session)
        self.access_log = AccessLog(session)
        self.upload_owners = UploadOwners(session)
        # What a coach adds (storage/coaching.py)
        self.plan_changes = PlanChanges(session)
        self.clip_comments = ClipComments(session)


class Store:
    """A migrated database; each use case opens its own unit of work on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """Committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield UnitOfWork(session)
