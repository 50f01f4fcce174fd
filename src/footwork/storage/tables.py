"""Database tables (SQLAlchemy 2). Every record belongs to a person.

Each row has a ``uid`` (a UUID) that stays the same across export and import, so importing the
same data twice adds nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_uid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class PersonRow(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sport: Mapped[str] = mapped_column(String(120), default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    plan_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    # When the person trains: "HH:MM" of the session, then of each further mini-set of the
    # day (None: the defaults); and the IANA time zone of those times (None: the system's).
    training_times: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MeasurementRow(Base):
    __tablename__ = "measurement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(30))
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class SessionRow(Base):
    __tablename__ = "session_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="coach")
    note: Mapped[str] = mapped_column(Text, default="")
    plan_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    sets: Mapped[list[SetRow]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SetRow.id"
    )


class SetRow(Base):
    __tablename__ = "set_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("session_log.id", ondelete="CASCADE"), index=True
    )
    exercise: Mapped[str] = mapped_column(String(40))
    side: Mapped[str | None] = mapped_column(String(10), nullable=True)
    direction: Mapped[str | None] = mapped_column(String(20), nullable=True)
    set_number: Mapped[int] = mapped_column(Integer, default=1)
    reps_done: Mapped[int] = mapped_column(Integer)
    reps_target: Mapped[int] = mapped_column(Integer)
    effort: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pain: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    completed: Mapped[bool] = mapped_column(default=True)
    stop_reason: Mapped[str] = mapped_column(String(40), default="")
    session: Mapped[SessionRow] = relationship(back_populates="sets")


class OutcomeRow(Base):
    """The person's own performance and pain notes (squat 1RM, 5 km time, pain...)."""

    __tablename__ = "outcome_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(60))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class JobRow(Base):
    """A background job (a clip analysis) and how far it got, so it survives a restart and a
    separate worker can later take the same records."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), index=True)
    stage: Mapped[str] = mapped_column(String(120), default="")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    hint: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    upload: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # When one of the athlete's coaches first opened the finished analysis (team mode).
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class WorkerRow(Base):
    """A worker process's heartbeat: whether it lives, and what it is doing."""

    __tablename__ = "worker"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    seen_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class CalendarEventRow(Base):
    """The last version of each calendar event handed out, so that an event whose content
    changes gets a higher SEQUENCE and calendar apps update it in place."""

    __tablename__ = "calendar_event"
    __table_args__ = (UniqueConstraint("person_id", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(120))
    digest: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)


# Team mode -------------------------------------------------------------------------------------


class AccountRow(Base):
    """Someone who signs in to a team server: an athlete (who owns a person's records), a coach
    or an admin."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))
    # None until the person sets one through their invite link.
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    # The secret in the athlete's calendar subscription address (None: none handed out yet).
    calendar_token: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class LoginSessionRow(Base):
    """A signed-in browser. ``id`` is the SHA-256 of the cookie's value, never the value."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    address: Mapped[str] = mapped_column(String(64), default="")


class ApiTokenRow(Base):
    """A token for scripts: only its SHA-256 is kept; ``prefix`` lets the owner tell them apart."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120), default="")
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class OneTimeLinkRow(Base):
    """An invite, password-reset or join-a-coach link: kept as the SHA-256 of its secret,
    used once, and dead after ``expires_at``."""

    __tablename__ = "one_time_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), nullable=True, index=True
    )
    coach_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class LoginAttemptRow(Base):
    """A failed sign-in, for the per-account and per-address limits."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class CoachingRow(Base):
    """An athlete who joined a coach."""

    __tablename__ = "coaching"
    __table_args__ = (UniqueConstraint("coach_id", "athlete_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(DateTime)


class AccessEventRow(Base):
    """Someone other than the athlete read or changed the athlete's data."""

    __tablename__ = "access_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    actor: Mapped[str] = mapped_column(String(300))  # "your coach Sam Lee", kept if they go
    action: Mapped[str] = mapped_column(String(20))  # viewed | changed
    what: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class PlanChangeRow(Base):
    """A coach's change to an athlete's plan, with its reason."""

    __tablename__ = "plan_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    exercise: Mapped[str | None] = mapped_column(String(40), nullable=True)  # None: a note
    side: Mapped[str | None] = mapped_column(String(10), nullable=True)  # None: both feet
    action: Mapped[str] = mapped_column(String(20))  # dose | pause | resume | add | note
    sets: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class ClipCommentRow(Base):
    """A coach's comment on an analysed clip, on one rep or the whole clip."""

    __tablename__ = "clip_comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(300), default="")
    rep: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-based; None: the clip
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)


class UploadOwnerRow(Base):
    """Who an uploaded photo belongs to (by its token), so no one else can open it."""

    __tablename__ = "upload_owner"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
