"""Team mode's people and rules: accounts and their roles, links, tokens, the access log, and
the limits that keep sign-in safe. Pure records and numbers: no I/O.

Roles:
- **athlete**: owns one person's records (measurements, sessions, clips...), sees and changes
  only those, joins coaches through invite links and can leave them.
- **coach**: sees and edits the records of the athletes who joined them, and only theirs.
- **admin**: manages accounts and links; reads no health data (unless also that athlete's
  coach, which an admin account is not: one role per account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"
    ADMIN = "admin"


class LinkPurpose(StrEnum):
    INVITE = "invite"  # a new account sets its password
    RESET = "reset"  # an existing account sets a new password
    JOIN = "join"  # an athlete joins a coach (signing up first if new)


# How long a one-time link works. Invites go out by hand (no email server is assumed), so they
# last a week; a reset link is a password in waiting, so it lasts a day.
LINK_VALID_FOR = {
    LinkPurpose.INVITE: timedelta(days=7),
    LinkPurpose.RESET: timedelta(hours=24),
    LinkPurpose.JOIN: timedelta(days=14),
}

# A signed-in browser stays signed in while used at least every 14 days, and at most 30 days
# in all (then the person signs in again). OWASP's session guidance: idle and absolute limits.
SESSION_IDLE_LIMIT = timedelta(days=14)
SESSION_ABSOLUTE_LIMIT = timedelta(days=30)

# Failed sign-ins: 5 for one account, or 20 from one address, within 15 minutes lock further
# tries until the oldest of them is 15 minutes old. Enough for typos, far too few to guess a
# password (OWASP Authentication Cheat Sheet: limit failed attempts per account and source).
FAILED_LOGINS_PER_ACCOUNT = 5
FAILED_LOGINS_PER_ADDRESS = 20
FAILED_LOGIN_WINDOW = timedelta(minutes=15)

# Passwords: at least 10 characters, at most 256 (NIST SP 800-63B 5.1.1: length over
# composition rules; a long upper bound allows pass phrases).
PASSWORD_MIN = 10
PASSWORD_MAX = 256


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    role: Role
    disabled: bool = False
    has_password: bool = True
    person_id: int | None = None
    created_at: datetime | None = None

    @property
    def label(self) -> str:
        """How others see them: the name, else the email."""
        return self.name or self.email


@dataclass(frozen=True)
class ApiToken:
    id: int
    account_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class OneTimeLink:
    id: int
    purpose: LinkPurpose
    account_id: int | None
    coach_id: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


@dataclass(frozen=True)
class AccessEvent:
    """Someone other than the athlete read or changed the athlete's data."""

    actor: str  # "your coach Sam Lee"
    action: str  # "viewed" | "changed"
    what: str  # "your progress"
    at: datetime

    def sentence(self) -> str:
        return f"{self.actor} {self.action} {self.what}"


def login_locked_until(failures: list[datetime], limit: int, now: datetime) -> datetime | None:
    """When sign-in opens again, given the failed attempts' times (None: it is open)."""
    recent = sorted(t for t in failures if now - t < FAILED_LOGIN_WINDOW)
    if len(recent) < limit:
        return None
    return recent[-limit] + FAILED_LOGIN_WINDOW
