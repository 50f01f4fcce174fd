"""Team mode's accounts: who may sign in, with what, and who coaches whom.

Passwords are hashed with argon2id (argon2-cffi); session cookies, API tokens and one-time
links are random secrets of which only a SHA-256 is stored, so a copy of the database lets no
one sign in. Every function opens its own unit of work.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from footwork.config import Settings
from footwork.domain.accounts import (
    FAILED_LOGIN_WINDOW,
    FAILED_LOGINS_PER_ACCOUNT,
    FAILED_LOGINS_PER_ADDRESS,
    LINK_VALID_FOR,
    PASSWORD_MAX,
    PASSWORD_MIN,
    SESSION_ABSOLUTE_LIMIT,
    SESSION_IDLE_LIMIT,
    AccessEvent,
    Account,
    ApiToken,
    LinkPurpose,
    OneTimeLink,
    Role,
    login_locked_until,
)
from footwork.domain.limits import check_name
from footwork.domain.records import Person
from footwork.errors import InvalidInput, NotFound, TooManyAttempts
from footwork.services.store import UnitOfWork, open_store

TOKEN_PREFIX = "fw_"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A session's "last seen" is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
# The same person looking at the same thing again within this time is one line in the log.
ACCESS_REPEAT_WINDOW = timedelta(minutes=10)

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Checked against when the email is unknown, so that a wrong email takes as long as a wrong
# password and the timing does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash("footwork: no such account")


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# Rules for what people type ------------------------------------------------------------------


def normal_email(email: str) -> str:
    text = email.strip().lower()
    if not EMAIL.match(text) or len(text) > 254:
        raise InvalidInput(
            f"{email.strip()!r} is not an email address.",
            hint="Type the address in full, like sam@example.org.",
            field="email",
        )
    return text


def check_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(
            f"The password has {len(password)} characters; it needs at least {PASSWORD_MIN}.",
            hint="Choose a longer one: a few unrelated words are easy to remember and hard "
            "to guess.",
            field="password",
        )
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(
            f"The password has {len(password)} characters; at most {PASSWORD_MAX} are kept.",
            hint="Choose a shorter one.",
            field="password",
        )
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


def _role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(
            f"{role!r} is not a role.",
            hint="Choose athlete, coach or admin.",
            field="role",
        ) from None


# Accounts ------------------------------------------------------------------------------------


def add_user(
    settings: Settings,
    email: str,
    role: str | Role,
    *,
    name: str = "",
    password: str | None = None,
) -> Account:
    """A new account; an athlete also gets the person who owns their records. Without a
    password the account cannot sign in until its invite link is used."""
    address = normal_email(email)
    kind = _role(role)
    shown = check_name(name, "name") if name.strip() else ""
    hashed = hash_password(password) if password is not None else None
    with open_store(settings).unit_of_work() as uow:
        if uow.accounts.by_email(address) is not None:
            raise InvalidInput(
                f"There is already an account for {address}.",
                hint="Use a different address, or send that person a reset link.",
                field="email",
            )
        person_id = (
            _new_person(uow, shown or address.split("@")[0]).id if kind is Role.ATHLETE else None
        )
        return uow.accounts.add(address, shown, kind, hashed, person_id, now())


def _new_person(uow: UnitOfWork, wanted: str) -> Person:
    """A person for a new athlete, named as they are (a number added if the name is taken:
    person names are unique, and the name shows only to them and their coaches)."""
    name, n = wanted[:100], 1
    while uow.people.find(name) is not None:
        n += 1
        name = f"{wanted[:100]} ({n})"
    return uow.people.add(name)


def find_user(settings: Settings, email: str) -> Account:
    address = normal_email(email)
    with open_store(settings).unit_of_work() as uow:
        found = uow.accounts.by_email(address)
    if found is None:
        raise NotFound(f"No account for {address}.", hint="Check the address.", field="email")
    return found


def get_account(settings: Settings, account_id: int) -> Account | None:
    with open_store(settings).unit_of_work() as uow:
        return uow.accounts.get(account_id)


def list_users(settings: Settings) -> list[Account]:
    with open_store(settings).unit_of_work() as uow:
        return uow.accounts.all()


def set_disabled(settings: Settings, email: str, disabled: bool = True) -> Account:
    """Disable (or enable again) an account: a disabled one signs in nowhere, its sessions
    end, its tokens stop working; its records stay."""
    account = find_user(settings, email)
    with open_store(settings).unit_of_work() as uow:
        uow.accounts.set_disabled(account.id, disabled)
        if disabled:
            uow.login_sessions.delete_for(account.id)
        changed = uow.accounts.get(account.id)
    assert changed is not None
    return changed


# One-time links ------------------------------------------------------------------------------


def _make_link(
    uow: UnitOfWork, purpose: LinkPurpose, account_id: int | None, coach_id: int | None
) -> str:
    secret = secrets.token_urlsafe(32)
    at = now()
    uow.links.add(digest(secret), purpose, account_id, coach_id, at, at + LINK_VALID_FOR[purpose])
    return secret


def password_link(settings: Settings, email: str) -> tuple[LinkPurpose, str]:
    """A link for setting a password: an invite if the account never had one, else a reset.
    A new link retires the account's earlier unused ones of that kind."""
    account = find_user(settings, email)
    purpose = LinkPurpose.RESET if account.has_password else LinkPurpose.INVITE
    with open_store(settings).unit_of_work() as uow:
        uow.links.cancel_for(account.id, purpose, now())
        return purpose, _make_link(uow, purpose, account.id, None)


def join_link(settings: Settings, coach_email: str) -> str:
    """A link an athlete opens to join this coach (creating their account if they are new)."""
    coach = find_user(settings, coach_email)
    if coach.role is not Role.COACH:
        raise InvalidInput(
            f"{coach.email} is not a coach, so athletes cannot join them.",
            hint="Invite athletes to a coach's account.",
            field="email",
        )
    with open_store(settings).unit_of_work() as uow:
        return _make_link(uow, LinkPurpose.JOIN, None, coach.id)


def open_link(settings: Settings, secret: str, purpose: LinkPurpose | None = None) -> OneTimeLink:
    """The link behind a secret, if it can still be used."""
    with open_store(settings).unit_of_work() as uow:
        link = uow.links.by_hash(digest(secret))
    if link is None or (purpose is not None and link.purpose is not purpose):
        raise NotFound(
            "This link is not known here.",
            hint="Check that the whole link was copied, or ask for a new one.",
        )
    if link.used_at is not None:
        raise NotFound(
            "This link has been used already; each link works once.",
            hint="Sign in, or ask your coach or admin for a new link.",
        )
    if not link.usable(now()):
        raise NotFound("This link has expired.", hint="Ask your coach or admin for a new one.")
    return link


def set_password_by_link(settings: Settings, secret: str, password: str) -> Account:
    """Use an invite or reset link: set the password and end the account's other sessions."""
    hashed = hash_password(password)
    link = open_link(settings, secret)
    if link.purpose is LinkPurpose.JOIN or link.account_id is None:
        raise NotFound("This link is not for setting a password.")
    with open_store(settings).unit_of_work() as uow:
        if not uow.links.use(link.id, now()):
            raise NotFound("This link has been used already; each link works once.")
        uow.accounts.set_password_hash(link.account_id, hashed)
        uow.login_sessions.delete_for(link.account_id)
        uow.login_attempts.forget(_email_of(uow, link.account_id))
        account = uow.accounts.get(link.account_id)
    assert account is not None
    return account


def _email_of(uow: UnitOfWork, account_id: int) -> str:
    account = uow.accounts.get(account_id)
    return account.email if account else ""


def join_coach(settings: Settings, secret: str, athlete: Account) -> Account:
    """The athlete joins the coach of a join link; returns the coach."""
    if athlete.role is not Role.ATHLETE:
        raise InvalidInput(
            "Only athletes can join a coach.",
            hint="Open this link while signed in as the athlete, or sign out first.",
        )
    link = open_link(settings, secret, LinkPurpose.JOIN)
    assert link.coach_id is not None
    with open_store(settings).unit_of_work() as uow:
        coach = uow.accounts.get(link.coach_id)
        if coach is None or coach.disabled:
            raise NotFound("The coach of this link no longer has an account here.")
        if not uow.links.use(link.id, now()):
            raise NotFound("This link has been used already; each link works once.")
        uow.coaching.join(coach.id, athlete.id, now())
    return coach


def sign_up_by_link(
    settings: Settings, secret: str, email: str, name: str, password: str
) -> Account:
    """A new athlete's account from a join link, joined to its coach."""
    open_link(settings, secret, LinkPurpose.JOIN)  # refuse a dead link before creating anyone
    athlete = add_user(settings, email, Role.ATHLETE, name=name, password=password)
    join_coach(settings, secret, athlete)
    return athlete


# Signing in ----------------------------------------------------------------------------------


def sign_in(settings: Settings, email: str, password: str, address: str) -> tuple[Account, str]:
    """Check the password and open a session: (the account, the session's secret for the
    cookie). Wrong details and a locked sign-in say so without telling which accounts exist."""
    address = address or "unknown"
    typed = email.strip().lower()
    at = now()
    with open_store(settings).unit_of_work() as uow:
        _refuse_when_locked(uow, typed, address, at)
        account = uow.accounts.by_email(typed)
        stored = uow.accounts.password_hash(account.id) if account else None
    ok = _verify(stored, password)
    with open_store(settings).unit_of_work() as uow:
        if not ok or account is None or account.disabled:
            uow.login_attempts.failed(typed, address, at)
            wrong = True
        else:
            wrong = False
            uow.login_attempts.forget(typed)
            uow.login_attempts.prune(at - FAILED_LOGIN_WINDOW)
            if stored and _hasher.check_needs_rehash(stored):
                uow.accounts.set_password_hash(account.id, _hasher.hash(password))
            secret = secrets.token_urlsafe(32)
            uow.login_sessions.add(digest(secret), account.id, at, address)
    if wrong:
        raise InvalidInput(
            "That email and password do not match an account here.",
            hint="Check both and try again. If you forgot the password, ask your coach or "
            "admin for a reset link.",
            field="password",
        )
    assert account is not None
    return account, secret


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _refuse_when_locked(uow: UnitOfWork, email: str, address: str, at: datetime) -> None:
    since = at - FAILED_LOGIN_WINDOW
    by_account = login_locked_until(
        uow.login_attempts.failures(since=since, email=email), FAILED_LOGINS_PER_ACCOUNT, at
    )
    by_address = login_locked_until(
        uow.login_attempts.failures(since=since, address=address), FAILED_LOGINS_PER_ADDRESS, at
    )
    until = max((t for t in (by_account, by_address) if t is not None), default=None)
    if until is None:
        return
    wait_s = max(1, math.ceil((until - at).total_seconds()))
    minutes = math.ceil(wait_s / 60)
    whose = "this account" if by_account is not None else "this device's network address"
    raise TooManyAttempts(
        f"Too many wrong passwords for {whose}: sign-in is paused for "
        f"{minutes} minute{'s' if minutes != 1 else ''}.",
        retry_after_s=wait_s,
        hint="Wait, then try again. If you forgot the password, ask your coach or admin for "
        "a reset link.",
    )


def session_account(settings: Settings, secret: str) -> Account | None:
    """The account a session cookie belongs to, or None if it ended, expired or was
    disabled."""
    key = digest(secret)
    at = now()
    with open_store(settings).unit_of_work() as uow:
        found = uow.login_sessions.get(key)
        if found is None:
            return None
        account_id, created, seen = found
        account = uow.accounts.get(account_id)
        expired = at - seen > SESSION_IDLE_LIMIT or at - created > SESSION_ABSOLUTE_LIMIT
        if account is None or account.disabled or expired:
            uow.login_sessions.delete(key)
            return None
        if at - seen >= TOUCH_EVERY:
            uow.login_sessions.touch(key, at)
        return account


def sign_out(settings: Settings, secret: str) -> None:
    with open_store(settings).unit_of_work() as uow:
        uow.login_sessions.delete(digest(secret))


def password_matches(settings: Settings, account_id: int, password: str) -> bool:
    """Whether ``password`` is the account's (to confirm a grave step, like deleting it)."""
    with open_store(settings).unit_of_work() as uow:
        stored = uow.accounts.password_hash(account_id)
    return _verify(stored, password)


def change_password(
    settings: Settings, account_id: int, current: str, new: str, session_secret: str | None
) -> None:
    """Change a password, given the current one; every other session of the account ends."""
    hashed = hash_password(new)
    with open_store(settings).unit_of_work() as uow:
        stored = uow.accounts.password_hash(account_id)
    if not _verify(stored, current):
        raise InvalidInput(
            "The current password is not right.",
            hint="Type the password you signed in with.",
            field="current",
        )
    with open_store(settings).unit_of_work() as uow:
        uow.accounts.set_password_hash(account_id, hashed)
        keep = digest(session_secret) if session_secret else None
        uow.login_sessions.delete_for(account_id, keep=keep)


# API tokens ----------------------------------------------------------------------------------


def create_token(settings: Settings, email: str, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for the account: (its record, the secret, shown this once only)."""
    account = find_user(settings, email)
    if account.disabled:
        raise InvalidInput(f"{account.email} is disabled.", hint="Enable the account first.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with open_store(settings).unit_of_work() as uow:
        token = uow.api_tokens.add(
            account.id, name.strip()[:120], secret[:11], digest(secret), now()
        )
    return token, secret


def list_tokens(settings: Settings, email: str) -> list[ApiToken]:
    account = find_user(settings, email)
    with open_store(settings).unit_of_work() as uow:
        return uow.api_tokens.for_account(account.id)


def revoke_token(settings: Settings, token: str, email: str | None = None) -> ApiToken:
    """Revoke a token given in full, or by its id or prefix among an account's tokens."""
    with open_store(settings).unit_of_work() as uow:
        found = uow.api_tokens.by_hash(digest(token)) if token.startswith(TOKEN_PREFIX) else None
        if found is None and email is not None:
            account = uow.accounts.by_email(normal_email(email))
            mine = uow.api_tokens.for_account(account.id) if account else []
            found = next((t for t in mine if token in (str(t.id), t.prefix)), None)
        if found is None:
            raise NotFound(
                "No such token.",
                hint="Give the whole token, or its number or first characters with the "
                "account's email.",
            )
        uow.api_tokens.revoke(found.id, now())
        revoked = next(t for t in uow.api_tokens.for_account(found.account_id) if t.id == found.id)
    return revoked


def token_account(settings: Settings, secret: str) -> Account | None:
    """The account an API token acts for; None if unknown, revoked or its account disabled."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    with open_store(settings).unit_of_work() as uow:
        token = uow.api_tokens.by_hash(digest(secret))
        if token is None or token.revoked_at is not None:
            return None
        account = uow.accounts.get(token.account_id)
        if account is None or account.disabled:
            return None
        if token.last_used_at is None or now() - token.last_used_at >= TOUCH_EVERY:
            uow.api_tokens.used(token.id, now())
        return account


# Coaching and who may see what --------------------------------------------------------------


def coaches_of(settings: Settings, athlete_id: int) -> list[Account]:
    with open_store(settings).unit_of_work() as uow:
        return [a for i in uow.coaching.coaches(athlete_id) if (a := uow.accounts.get(i))]


def athletes_of(settings: Settings, coach_id: int) -> list[Account]:
    with open_store(settings).unit_of_work() as uow:
        return [a for i in uow.coaching.athletes(coach_id) if (a := uow.accounts.get(i))]


def leave_coach(settings: Settings, athlete_id: int, coach_id: int) -> None:
    with open_store(settings).unit_of_work() as uow:
        if not uow.coaching.leave(coach_id, athlete_id):
            raise NotFound("You are not with that coach.")


def viewable_person(settings: Settings, account: Account, person_uid: str | None) -> Person | None:
    """The person whose records ``account`` asks for (by uid; None: their own), or None when
    it may not see them. An athlete sees only their own; a coach only their athletes'; an
    admin nobody's."""
    with open_store(settings).unit_of_work() as uow:
        if person_uid is None:
            if account.role is Role.ATHLETE and account.person_id is not None:
                return uow.people.get(account.person_id)
            return None
        person = uow.people.by_uid(person_uid)
        if person is None:
            return None
        if account.person_id == person.id:
            return person
        if account.role is Role.COACH and uow.coaching.coaches_person(account.id, person.id):
            return person
        return None


def log_access(settings: Settings, person_id: int, actor: Account, action: str, what: str) -> None:
    """Record that someone other than the athlete viewed or changed the athlete's data. The
    same look again within ``ACCESS_REPEAT_WINDOW`` (a page reloaded) adds no new line."""
    at = now()
    with open_store(settings).unit_of_work() as uow:
        last = uow.access_log.latest_by(person_id, actor.id)
        if (
            last is not None
            and (last.action, last.what) == (action, what)
            and at - last.at < ACCESS_REPEAT_WINDOW
        ):
            return
        owner = uow.accounts.by_person(person_id)
        coached = owner is not None and actor.id in uow.coaching.coaches(owner.id)
        who = f"your coach {actor.label}" if coached else f"{actor.role.value} {actor.label}"
        uow.access_log.add(person_id, actor.id, AccessEvent(who, action, what, at))


def access_log(settings: Settings, person_id: int, limit: int = 200) -> list[AccessEvent]:
    with open_store(settings).unit_of_work() as uow:
        return uow.access_log.for_person(person_id, limit)
