"""Reading and writing team mode's records: accounts, sessions, tokens, links, failed
sign-ins, coaching and the access log. Secrets arrive here already hashed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from footwork.domain.accounts import (
    AccessEvent,
    Account,
    ApiToken,
    LinkPurpose,
    OneTimeLink,
    Role,
)
from footwork.storage.tables import (
    AccessEventRow,
    AccountRow,
    ApiTokenRow,
    CoachingRow,
    LoginAttemptRow,
    LoginSessionRow,
    OneTimeLinkRow,
    UploadOwnerRow,
)


def to_account(row: AccountRow) -> Account:
    return Account(
        id=row.id, email=row.email, name=row.name, role=Role(row.role), disabled=row.disabled,
        has_password=row.password_hash is not None, person_id=row.person_id,
        created_at=row.created_at,
    )  # fmt: skip


class _Repo:
    def __init__(self, session: Session) -> None:
        self._s = session


class Accounts(_Repo):
    def add(self, email: str, name: str, role: Role, password_hash: str | None,
            person_id: int | None, now: datetime) -> Account:  # fmt: skip
        row = AccountRow(
            email=email, name=name, role=role.value, password_hash=password_hash,
            disabled=False, created_at=now, person_id=person_id,
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return to_account(row)

    def get(self, account_id: int) -> Account | None:
        row = self._s.get(AccountRow, account_id)
        return None if row is None else to_account(row)

    def by_email(self, email: str) -> Account | None:
        row = self._s.scalar(select(AccountRow).where(AccountRow.email == email))
        return None if row is None else to_account(row)

    def by_person(self, person_id: int) -> Account | None:
        row = self._s.scalar(select(AccountRow).where(AccountRow.person_id == person_id))
        return None if row is None else to_account(row)

    def all(self) -> list[Account]:
        return [to_account(r) for r in self._s.scalars(select(AccountRow).order_by(AccountRow.id))]

    def password_hash(self, account_id: int) -> str | None:
        row = self._s.get(AccountRow, account_id)
        return None if row is None else row.password_hash

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        self._s.execute(
            update(AccountRow)
            .where(AccountRow.id == account_id)
            .values(password_hash=password_hash)
        )

    def set_disabled(self, account_id: int, disabled: bool) -> None:
        self._s.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(disabled=disabled)
        )

    def set_person(self, account_id: int, person_id: int | None) -> None:
        self._s.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(person_id=person_id)
        )

    def calendar_token(self, account_id: int) -> str | None:
        row = self._s.get(AccountRow, account_id)
        return None if row is None else row.calendar_token

    def set_calendar_token(self, account_id: int, token: str | None) -> None:
        self._s.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(calendar_token=token)
        )

    def by_calendar_token(self, token: str) -> Account | None:
        row = self._s.scalar(select(AccountRow).where(AccountRow.calendar_token == token))
        return None if row is None else to_account(row)

    def delete(self, account_id: int) -> None:
        self._s.execute(delete(AccountRow).where(AccountRow.id == account_id))


class LoginSessions(_Repo):
    def add(self, session_hash: str, account_id: int, now: datetime, address: str) -> None:
        self._s.add(LoginSessionRow(
            id=session_hash, account_id=account_id, created_at=now, seen_at=now,
            address=address[:64],
        ))  # fmt: skip
        self._s.flush()

    def get(self, session_hash: str) -> tuple[int, datetime, datetime] | None:
        """(account id, created at, last seen) of a session."""
        row = self._s.get(LoginSessionRow, session_hash)
        return None if row is None else (row.account_id, row.created_at, row.seen_at)

    def touch(self, session_hash: str, now: datetime) -> None:
        self._s.execute(
            update(LoginSessionRow).where(LoginSessionRow.id == session_hash).values(seen_at=now)
        )

    def delete(self, session_hash: str) -> None:
        self._s.execute(delete(LoginSessionRow).where(LoginSessionRow.id == session_hash))

    def delete_for(self, account_id: int, keep: str | None = None) -> None:
        """End every session of an account (but ``keep``)."""
        query = delete(LoginSessionRow).where(LoginSessionRow.account_id == account_id)
        if keep is not None:
            query = query.where(LoginSessionRow.id != keep)
        self._s.execute(query)


class ApiTokens(_Repo):
    def add(self, account_id: int, name: str, prefix: str, token_hash: str,
            now: datetime) -> ApiToken:  # fmt: skip
        row = ApiTokenRow(account_id=account_id, name=name, prefix=prefix, token_hash=token_hash,
                          created_at=now)  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return _token(row)

    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._s.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
        return None if row is None else _token(row)

    def for_account(self, account_id: int) -> list[ApiToken]:
        rows = self._s.scalars(
            select(ApiTokenRow).where(ApiTokenRow.account_id == account_id).order_by(ApiTokenRow.id)
        )
        return [_token(r) for r in rows]

    def used(self, token_id: int, now: datetime) -> None:
        self._s.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now)
        )

    def revoke(self, token_id: int, now: datetime) -> bool:
        done = self._s.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        id=row.id, account_id=row.account_id, name=row.name, prefix=row.prefix,
        created_at=row.created_at, last_used_at=row.last_used_at, revoked_at=row.revoked_at,
    )  # fmt: skip


class Links(_Repo):
    def add(self, token_hash: str, purpose: LinkPurpose, account_id: int | None,
            coach_id: int | None, now: datetime, expires_at: datetime) -> OneTimeLink:  # fmt: skip
        row = OneTimeLinkRow(
            token_hash=token_hash, purpose=purpose.value, account_id=account_id,
            coach_id=coach_id, created_at=now, expires_at=expires_at,
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return _link(row)

    def by_hash(self, token_hash: str) -> OneTimeLink | None:
        row = self._s.scalar(select(OneTimeLinkRow).where(OneTimeLinkRow.token_hash == token_hash))
        return None if row is None else _link(row)

    def use(self, link_id: int, now: datetime) -> bool:
        """Mark a link used; False if it was used already (two tabs, one wins)."""
        done = self._s.execute(
            update(OneTimeLinkRow)
            .where(OneTimeLinkRow.id == link_id, OneTimeLinkRow.used_at.is_(None))
            .values(used_at=now)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def open_ones(self, now: datetime) -> list[OneTimeLink]:
        rows = self._s.scalars(
            select(OneTimeLinkRow)
            .where(OneTimeLinkRow.used_at.is_(None), OneTimeLinkRow.expires_at > now)
            .order_by(OneTimeLinkRow.id)
        )
        return [_link(r) for r in rows]

    def cancel_for(self, account_id: int, purpose: LinkPurpose, now: datetime) -> None:
        """Retire an account's unused links of one kind (a new reset link replaces the old)."""
        self._s.execute(
            update(OneTimeLinkRow)
            .where(OneTimeLinkRow.account_id == account_id,
                   OneTimeLinkRow.purpose == purpose.value, OneTimeLinkRow.used_at.is_(None))
            .values(used_at=now)
        )  # fmt: skip


def _link(row: OneTimeLinkRow) -> OneTimeLink:
    return OneTimeLink(
        id=row.id, purpose=LinkPurpose(row.purpose), account_id=row.account_id,
        coach_id=row.coach_id, created_at=row.created_at, expires_at=row.expires_at,
        used_at=row.used_at,
    )  # fmt: skip


class LoginAttempts(_Repo):
    def failed(self, email: str, address: str, now: datetime) -> None:
        self._s.add(LoginAttemptRow(email=email, address=address[:64], at=now))
        self._s.flush()

    def failures(self, *, since: datetime, email: str | None = None,
                 address: str | None = None) -> list[datetime]:  # fmt: skip
        query = select(LoginAttemptRow.at).where(LoginAttemptRow.at >= since)
        if email is not None:
            query = query.where(LoginAttemptRow.email == email)
        if address is not None:
            query = query.where(LoginAttemptRow.address == address)
        return list(self._s.scalars(query))

    def forget(self, email: str) -> None:
        """A successful sign-in clears the account's failures (not the address's)."""
        self._s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.email == email))

    def prune(self, before: datetime) -> None:
        self._s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < before))


class Coaching(_Repo):
    def join(self, coach_id: int, athlete_id: int, now: datetime) -> bool:
        """Add the pair; False if the athlete had joined this coach already."""
        if self.coaches(athlete_id).count(coach_id):
            return False
        self._s.add(CoachingRow(coach_id=coach_id, athlete_id=athlete_id, started_at=now))
        self._s.flush()
        return True

    def leave(self, coach_id: int, athlete_id: int) -> bool:
        done = self._s.execute(
            delete(CoachingRow).where(
                CoachingRow.coach_id == coach_id, CoachingRow.athlete_id == athlete_id
            )
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def coaches(self, athlete_id: int) -> list[int]:
        return list(self._s.scalars(
            select(CoachingRow.coach_id).where(CoachingRow.athlete_id == athlete_id)
            .order_by(CoachingRow.id)
        ))  # fmt: skip

    def athletes(self, coach_id: int) -> list[int]:
        return list(self._s.scalars(
            select(CoachingRow.athlete_id).where(CoachingRow.coach_id == coach_id)
            .order_by(CoachingRow.id)
        ))  # fmt: skip

    def coaches_person(self, coach_id: int, person_id: int) -> bool:
        """Whether the coach coaches the athlete who owns this person's records."""
        found = self._s.scalar(
            select(CoachingRow.id)
            .join(AccountRow, AccountRow.id == CoachingRow.athlete_id)
            .where(CoachingRow.coach_id == coach_id, AccountRow.person_id == person_id)
        )
        return found is not None


class AccessLog(_Repo):
    def add(self, person_id: int, actor_id: int | None, event: AccessEvent) -> None:
        self._s.add(AccessEventRow(
            person_id=person_id, actor_id=actor_id, actor=event.actor[:300],
            action=event.action, what=event.what[:200], at=event.at,
        ))  # fmt: skip
        self._s.flush()

    def latest_by(self, person_id: int, actor_id: int) -> AccessEvent | None:
        row = self._s.scalar(
            select(AccessEventRow)
            .where(AccessEventRow.person_id == person_id, AccessEventRow.actor_id == actor_id)
            .order_by(AccessEventRow.at.desc(), AccessEventRow.id.desc()).limit(1)
        )  # fmt: skip
        return None if row is None else AccessEvent(row.actor, row.action, row.what, row.at)

    def for_person(self, person_id: int, limit: int = 200) -> list[AccessEvent]:
        rows = self._s.scalars(
            select(AccessEventRow).where(AccessEventRow.person_id == person_id)
            .order_by(AccessEventRow.at.desc(), AccessEventRow.id.desc()).limit(limit)
        )  # fmt: skip
        return [AccessEvent(r.actor, r.action, r.what, r.at) for r in rows]


class UploadOwners(_Repo):
    def add(self, token: str, person_id: int, now: datetime) -> None:
        self._s.merge(UploadOwnerRow(token=token, person_id=person_id, created_at=now))
        self._s.flush()

    def owner(self, token: str) -> int | None:
        row = self._s.get(UploadOwnerRow, token)
        return None if row is None else row.person_id

    def tokens(self, person_id: int) -> list[str]:
        return list(self._s.scalars(
            select(UploadOwnerRow.token).where(UploadOwnerRow.person_id == person_id)
        ))  # fmt: skip
