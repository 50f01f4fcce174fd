"""Team mode's accounts service on a real database: passwords, sessions, tokens, links,
sign-in limits and who may see whose records."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from footwork.config import Settings
from footwork.domain.accounts import (
    FAILED_LOGIN_WINDOW,
    SESSION_IDLE_LIMIT,
    LinkPurpose,
    Role,
    login_locked_until,
)
from footwork.errors import InvalidInput, NotFound, TooManyAttempts
from footwork.services import accounts
from footwork.services.store import open_store
from footwork.storage.tables import LoginAttemptRow, LoginSessionRow, OneTimeLinkRow

PASSWORD = "long enough words"


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    return open_store(settings).engine


def _every_text_in_the_database(settings: Settings) -> str:
    with _engine(settings).connect() as conn:
        found = []
        for table in ("account", "login_session", "api_token", "one_time_link"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                found.extend(str(v) for v in row)
    return " ".join(found)


def test_an_athlete_gets_their_own_person_and_signs_in(settings: Settings):
    athlete = accounts.add_user(settings, " Ali@Club.Test ", "athlete", name="Ali",
                                password=PASSWORD)  # fmt: skip
    assert athlete.email == "ali@club.test" and athlete.person_id is not None
    coach = accounts.add_user(settings, "sam@club.test", Role.COACH, password=PASSWORD)
    assert coach.person_id is None
    account, secret = accounts.sign_in(settings, "ALI@club.test", PASSWORD, "10.0.0.1")
    assert account.id == athlete.id
    assert accounts.session_account(settings, secret) == account
    # Only hashes are kept: neither the password nor the session's secret is in the database.
    stored = _every_text_in_the_database(settings)
    assert PASSWORD not in stored and secret not in stored and "$argon2id$" in stored


def test_two_athletes_with_one_name_get_two_people(settings: Settings):
    a = accounts.add_user(settings, "a@club.test", "athlete", name="Alex", password=PASSWORD)
    b = accounts.add_user(settings, "b@club.test", "athlete", name="Alex", password=PASSWORD)
    assert a.person_id != b.person_id


@pytest.mark.parametrize(
    ("email", "role", "password", "field"),
    [
        ("not-an-address", "athlete", PASSWORD, "email"),
        ("x@club.test", "physio", PASSWORD, "role"),
        ("x@club.test", "athlete", "short", "password"),
    ],
)
def test_bad_account_details_are_refused_with_the_field(settings, email, role, password, field):
    with pytest.raises(InvalidInput) as refused:
        accounts.add_user(settings, email, role, password=password)
    assert refused.value.field == field and refused.value.hint
    assert accounts.list_users(settings) == []


def test_one_account_per_email(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    with pytest.raises(InvalidInput, match="already an account"):
        accounts.add_user(settings, "X@club.test", "athlete", password=PASSWORD)


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    with pytest.raises(InvalidInput) as wrong_password:
        accounts.sign_in(settings, "x@club.test", "not the password", "10.0.0.1")
    with pytest.raises(InvalidInput) as no_account:
        accounts.sign_in(settings, "nobody@club.test", PASSWORD, "10.0.0.2")
    assert wrong_password.value.message == no_account.value.message


def test_five_failures_lock_the_account_until_the_window_passes(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    for _ in range(5):
        with pytest.raises(InvalidInput):
            accounts.sign_in(settings, "x@club.test", "guess", "10.0.0.1")
    with pytest.raises(TooManyAttempts) as locked:  # even the right password, from elsewhere
        accounts.sign_in(settings, "x@club.test", PASSWORD, "10.9.9.9")
    assert 0 < locked.value.retry_after_s <= FAILED_LOGIN_WINDOW.total_seconds()
    assert "15 minutes" in locked.value.message
    _age_failures(settings, FAILED_LOGIN_WINDOW + timedelta(seconds=1))
    account, _ = accounts.sign_in(settings, "x@club.test", PASSWORD, "10.0.0.1")
    assert account.email == "x@club.test"


def _age_failures(settings: Settings, by: timedelta) -> None:
    with open_store(settings).unit_of_work() as uow:
        rows = uow.login_attempts._s.scalars(select(LoginAttemptRow)).all()
        for row in rows:
            row.at = row.at - by


def test_the_lock_opens_when_the_oldest_counted_failure_leaves_the_window():
    now = datetime(2026, 11, 25, 10, 0)
    tries = [now - timedelta(minutes=m) for m in (14, 10, 5, 2, 1)]
    assert login_locked_until(tries, 5, now) == now + timedelta(minutes=1)
    assert login_locked_until(tries[1:], 5, now) is None
    assert login_locked_until([*tries, now - timedelta(minutes=20)], 5, now) is not None


def test_twenty_failures_from_one_address_lock_that_address(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    for n in range(20):
        with pytest.raises(InvalidInput):
            accounts.sign_in(settings, f"guess{n}@club.test", "guess", "10.0.0.66")
    with pytest.raises(TooManyAttempts, match="network address"):
        accounts.sign_in(settings, "x@club.test", PASSWORD, "10.0.0.66")
    accounts.sign_in(settings, "x@club.test", PASSWORD, "10.0.0.7")  # other addresses may


def test_a_session_ends_on_sign_out_when_idle_and_when_disabled(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    _, first = accounts.sign_in(settings, "x@club.test", PASSWORD, "a")
    _, second = accounts.sign_in(settings, "x@club.test", PASSWORD, "a")
    _, third = accounts.sign_in(settings, "x@club.test", PASSWORD, "a")
    assert len({first, second, third}) == 3  # a new session at every sign-in
    accounts.sign_out(settings, first)
    assert accounts.session_account(settings, first) is None
    with open_store(settings).unit_of_work() as uow:
        uow.login_sessions._s.execute(
            update(LoginSessionRow)
            .where(LoginSessionRow.id == accounts.digest(second))
            .values(seen_at=datetime.now() - SESSION_IDLE_LIMIT - timedelta(minutes=1))
        )
    assert accounts.session_account(settings, second) is None
    assert accounts.session_account(settings, third) is not None
    accounts.set_disabled(settings, "x@club.test")
    assert accounts.session_account(settings, third) is None
    with pytest.raises(InvalidInput):
        accounts.sign_in(settings, "x@club.test", PASSWORD, "a")


def test_changing_the_password_ends_the_other_sessions(settings: Settings):
    x = accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    _, here = accounts.sign_in(settings, "x@club.test", PASSWORD, "a")
    _, elsewhere = accounts.sign_in(settings, "x@club.test", PASSWORD, "b")
    with pytest.raises(InvalidInput, match="current password"):
        accounts.change_password(settings, x.id, "wrong one!", "a new long password", here)
    accounts.change_password(settings, x.id, PASSWORD, "a new long password", here)
    assert accounts.session_account(settings, here) is not None
    assert accounts.session_account(settings, elsewhere) is None
    accounts.sign_in(settings, "x@club.test", "a new long password", "a")


def test_an_invite_link_sets_the_first_password_once(settings: Settings):
    accounts.add_user(settings, "new@club.test", "coach", name="New")
    with pytest.raises(InvalidInput):  # no password yet: cannot sign in
        accounts.sign_in(settings, "new@club.test", "", "a")
    purpose, secret = accounts.password_link(settings, "new@club.test")
    assert purpose is LinkPurpose.INVITE
    accounts.set_password_by_link(settings, secret, PASSWORD)
    accounts.sign_in(settings, "new@club.test", PASSWORD, "a")
    with pytest.raises(NotFound, match="used already"):
        accounts.set_password_by_link(settings, secret, "another long password")
    purpose, _ = accounts.password_link(settings, "new@club.test")
    assert purpose is LinkPurpose.RESET


def test_a_new_reset_link_retires_the_old_one_and_links_expire(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    _, old = accounts.password_link(settings, "x@club.test")
    _, new = accounts.password_link(settings, "x@club.test")
    with pytest.raises(NotFound):
        accounts.open_link(settings, old)
    with open_store(settings).unit_of_work() as uow:
        uow.links._s.execute(
            update(OneTimeLinkRow).values(expires_at=datetime.now() - timedelta(seconds=1))
        )
    with pytest.raises(NotFound, match="expired"):
        accounts.set_password_by_link(settings, new, "another long password")
    with pytest.raises(NotFound, match="not known"):
        accounts.open_link(settings, "made-up")


def test_a_join_link_signs_up_an_athlete_with_their_coach(settings: Settings):
    coach = accounts.add_user(settings, "sam@club.test", "coach", password=PASSWORD)
    admin = accounts.add_user(settings, "ada@club.test", "admin", password=PASSWORD)
    with pytest.raises(InvalidInput, match="not a coach"):
        accounts.join_link(settings, admin.email)
    secret = accounts.join_link(settings, coach.email)
    athlete = accounts.sign_up_by_link(settings, secret, "ali@club.test", "Ali", PASSWORD)
    assert [c.id for c in accounts.coaches_of(settings, athlete.id)] == [coach.id]
    assert [a.id for a in accounts.athletes_of(settings, coach.id)] == [athlete.id]
    with pytest.raises(NotFound):  # once
        accounts.sign_up_by_link(settings, secret, "bo@club.test", "Bo", PASSWORD)
    assert accounts.find_user(settings, "ali@club.test").role is Role.ATHLETE
    with pytest.raises(NotFound):
        accounts.find_user(settings, "bo@club.test")
    accounts.leave_coach(settings, athlete.id, coach.id)
    assert accounts.athletes_of(settings, coach.id) == []


def test_who_may_see_whose_records(settings: Settings):
    coach = accounts.add_user(settings, "sam@club.test", "coach", password=PASSWORD)
    other_coach = accounts.add_user(settings, "kim@club.test", "coach", password=PASSWORD)
    admin = accounts.add_user(settings, "ada@club.test", "admin", password=PASSWORD)
    ali = accounts.sign_up_by_link(
        settings, accounts.join_link(settings, coach.email), "ali@club.test", "Ali", PASSWORD
    )
    bo = accounts.add_user(settings, "bo@club.test", "athlete", name="Bo", password=PASSWORD)
    ali_person = accounts.viewable_person(settings, ali, None)
    bo_person = accounts.viewable_person(settings, bo, None)
    assert ali_person is not None and bo_person is not None
    assert accounts.viewable_person(settings, ali, ali_person.uid) == ali_person
    assert accounts.viewable_person(settings, ali, bo_person.uid) is None
    assert accounts.viewable_person(settings, coach, ali_person.uid) == ali_person
    assert accounts.viewable_person(settings, coach, bo_person.uid) is None
    assert accounts.viewable_person(settings, other_coach, ali_person.uid) is None
    assert accounts.viewable_person(settings, admin, ali_person.uid) is None
    assert accounts.viewable_person(settings, coach, None) is None


def test_tokens_are_shown_once_stored_hashed_and_revocable(settings: Settings):
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    token, secret = accounts.create_token(settings, "x@club.test", "spreadsheet")
    assert secret.startswith("fw_") and secret not in _every_text_in_the_database(settings)
    assert accounts.token_account(settings, secret).email == "x@club.test"  # type: ignore[union-attr]
    assert accounts.token_account(settings, secret + "x") is None
    accounts.revoke_token(settings, token.prefix, "x@club.test")
    assert accounts.token_account(settings, secret) is None
    with pytest.raises(NotFound):
        accounts.revoke_token(settings, "fw_unknown")


def test_the_access_log_words_who_did_what_and_skips_reloads(settings: Settings):
    coach = accounts.add_user(settings, "sam@club.test", "coach", name="Sam Lee",
                              password=PASSWORD)  # fmt: skip
    ali = accounts.sign_up_by_link(
        settings, accounts.join_link(settings, coach.email), "ali@club.test", "Ali", PASSWORD
    )
    assert ali.person_id is not None
    for _ in range(3):
        accounts.log_access(settings, ali.person_id, coach, "viewed", "your progress")
    accounts.log_access(settings, ali.person_id, coach, "changed", "your plan")
    events = accounts.access_log(settings, ali.person_id)
    assert [e.sentence() for e in events] == [
        "your coach Sam Lee changed your plan",
        "your coach Sam Lee viewed your progress",
    ]


@pytest.mark.real_password_cost
def test_passwords_are_hashed_with_argon2id_at_its_recommended_cost(settings: Settings):
    """RFC 9106's second recommended option, as argon2-cffi's default: 64 MiB, 3 passes, 4
    lanes; and a hash of a lighter cost is upgraded at the next sign-in."""
    accounts.add_user(settings, "x@club.test", "coach", password=PASSWORD)
    with _engine(settings).connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM account")).scalar_one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    from argon2 import PasswordHasher

    light = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    with _engine(settings).begin() as conn:
        conn.execute(text("UPDATE account SET password_hash = :h"), {"h": light})
    accounts.sign_in(settings, "x@club.test", PASSWORD, "a")
    with _engine(settings).connect() as conn:
        upgraded = conn.execute(text("SELECT password_hash FROM account")).scalar_one()
    assert upgraded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
