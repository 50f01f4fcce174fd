"""The operator's team-mode commands (footwork user | token | team), run as an operator runs
them, on SQLite and PostgreSQL; what they print is checked by using it through the accounts
service, as the web app does."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from footwork.cli.main import build_app
from footwork.config import Settings
from footwork.errors import InvalidInput, NotFound
from footwork.services import accounts

PASSWORD = "correct horse battery"
ADDRESS = "127.0.0.1"


class Cli:
    def __init__(self) -> None:
        self.app = build_app()
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, stdin: str | None = None) -> Result:
        result = self.runner.invoke(self.app, list(args), input=stdin)
        assert result.exit_code == code, (result.output, result.exception)
        return result

    def add(self, email: str, role: str, *more: str) -> Result:
        return self("user", "add", email, "--role", role, "--password-stdin", *more,
                    stdin=PASSWORD + "\n")  # fmt: skip


def said(text: str) -> str:
    """Output as one line (Rich wraps long lines at the terminal's width)."""
    return " ".join(text.split())


def secret_of(link: str) -> str:
    assert "/links/" in link, link
    return link.rsplit("/links/", 1)[1]


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("FOOTWORK_PUBLIC_URL", raising=False)
    return Cli()


def test_a_user_added_with_a_password_on_stdin_can_sign_in(cli, settings):
    result = cli.add("Sam@Example.org", "coach", "--name", "Sam Lee")
    assert "Added coach sam@example.org" in result.stdout
    account, session = accounts.sign_in(settings, "sam@example.org", PASSWORD, ADDRESS)
    assert (account.role.value, account.name) == ("coach", "Sam Lee")
    assert accounts.session_account(settings, session) == account


def test_a_password_typed_at_the_prompt_is_asked_twice_and_again_when_too_short(cli, settings):
    typed = f"short\n{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n"
    result = cli("user", "add", "ana@example.org", "--role", "athlete", stdin=typed)
    assert "needs at least 10" in said(result.output)
    assert PASSWORD not in result.output  # hidden while typed
    account, _ = accounts.sign_in(settings, "ana@example.org", PASSWORD, ADDRESS)
    assert account.person_id is not None  # an athlete owns a profile for their records


def test_an_email_already_taken_is_refused_before_a_password_is_asked(cli):
    cli.add("sam@example.org", "coach")
    result = cli("user", "add", "SAM@example.org", "--role", "athlete", code=2)
    text = said(result.stderr)
    assert "There is already an account for sam@example.org." in text
    assert "footwork user reset-link sam@example.org" in text
    assert "Password" not in result.output


def test_a_role_that_does_not_exist_is_refused(cli):
    result = cli("user", "add", "x@example.org", "--role", "boss", "--password-stdin",
                 stdin=PASSWORD + "\n", code=2)  # fmt: skip
    assert "Invalid value for '--role'" in result.output and "'boss'" in result.output
    assert "x@example.org" not in cli("user", "list").stdout


def test_a_password_on_stdin_that_is_too_short_adds_nobody(cli):
    result = cli("user", "add", "x@example.org", "--role", "coach", "--password-stdin",
                 stdin="short\n", code=2)  # fmt: skip
    assert "needs at least 10" in said(result.stderr)
    assert cli("user", "list", "--json").stdout.strip() == "[]"


def test_the_list_shows_each_account_with_its_role_and_status(cli):
    cli.add("coach@example.org", "coach", "--name", "Sam Lee")
    cli.add("gone@example.org", "athlete")
    cli("user", "add", "new@example.org", "--role", "athlete", "--invite")
    cli("user", "disable", "gone@example.org")
    table = cli("user", "list").stdout
    assert "Sam Lee" in table and "invited" in table and "disabled" in table
    rows = json.loads(cli("user", "list", "--json").stdout)
    assert [(r["email"], r["role"], r["status"]) for r in rows] == [
        ("coach@example.org", "coach", "active"),
        ("gone@example.org", "athlete", "disabled"),
        ("new@example.org", "athlete", "invited"),
    ]
    assert all(r["created"] for r in rows)


def test_a_disabled_account_cannot_sign_in_until_enabled_again(cli, settings):
    cli.add("ana@example.org", "athlete")
    _, session = accounts.sign_in(settings, "ana@example.org", PASSWORD, ADDRESS)
    assert "Disabled ana@example.org" in cli("user", "disable", "ana@example.org").stdout
    assert accounts.session_account(settings, session) is None
    with pytest.raises(InvalidInput):
        accounts.sign_in(settings, "ana@example.org", PASSWORD, ADDRESS)
    cli("user", "enable", "ana@example.org")
    accounts.sign_in(settings, "ana@example.org", PASSWORD, ADDRESS)


def test_disabling_someone_unknown_says_so(cli):
    result = cli("user", "disable", "nobody@example.org", code=3)
    assert "No account for nobody@example.org." in result.stderr


def test_a_reset_link_lets_the_person_set_a_new_password(cli, settings):
    cli.add("ana@example.org", "athlete")
    result = cli("user", "reset-link", "ana@example.org", "--url", "https://feet.example.org/")
    link = result.stdout.strip()
    assert link.startswith("https://feet.example.org/links/")
    assert "sets a new password" in said(result.stderr)
    accounts.set_password_by_link(settings, secret_of(link), "a brand new passphrase")
    accounts.sign_in(settings, "ana@example.org", "a brand new passphrase", ADDRESS)


def test_an_invited_user_sets_their_first_password_with_the_printed_link(cli, settings):
    result = cli("user", "add", "new@example.org", "--role", "coach", "--invite")
    assert "Added coach new@example.org" in said(result.stderr)
    link = result.stdout.strip()
    assert link.startswith("/links/")  # no public address known: the path, and a note
    assert "FOOTWORK_PUBLIC_URL" in said(result.stderr)
    with pytest.raises(InvalidInput):
        accounts.sign_in(settings, "new@example.org", PASSWORD, ADDRESS)
    again = cli("user", "reset-link", "new@example.org")  # lost it: an invite link again
    assert "has no password yet" in said(again.stderr)
    with pytest.raises(NotFound):  # the first link was retired by the second
        accounts.set_password_by_link(settings, secret_of(link), PASSWORD)
    accounts.set_password_by_link(settings, secret_of(again.stdout.strip()), PASSWORD)
    accounts.sign_in(settings, "new@example.org", PASSWORD, ADDRESS)


def test_links_use_the_public_address_from_the_settings(cli, monkeypatch):
    monkeypatch.setenv("FOOTWORK_PUBLIC_URL", "https://feet.example.org")
    cli.add("sam@example.org", "coach")
    link = cli("team", "invite", "--coach", "sam@example.org").stdout.strip()
    assert link.startswith("https://feet.example.org/links/")
    given = cli("team", "invite", "--coach", "sam@example.org", "--url", "http://10.0.0.5:8000")
    assert given.stdout.strip().startswith("http://10.0.0.5:8000/links/")


def test_an_address_that_is_not_a_web_address_is_refused(cli):
    cli.add("sam@example.org", "coach")
    result = cli("team", "invite", "--coach", "sam@example.org", "--url", "feet.org", code=2)
    assert "is not a web address" in said(result.stderr)


def test_a_created_token_is_alone_on_stdout_and_works_until_revoked(cli, settings):
    cli.add("ana@example.org", "athlete")
    result = cli("token", "create", "--user", "ana@example.org", "--name", "watch")
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and token.startswith("fw_")
    assert "shown this once" in said(result.stderr)
    account = accounts.token_account(settings, token)
    assert account is not None and account.email == "ana@example.org"
    listed = cli("token", "list", "--user", "ana@example.org", "--json").stdout
    assert token not in listed and json.loads(listed)[0]["name"] == "watch"
    assert "Revoked API token" in cli("token", "revoke", token).stdout
    assert accounts.token_account(settings, token) is None
    assert json.loads(cli("token", "list", "--user", "ana@example.org", "--json").stdout)[0][
        "revoked"
    ]


def test_a_token_is_revoked_by_its_id_with_the_account(cli, settings):
    cli.add("ana@example.org", "athlete")
    token = cli("token", "create", "--user", "ana@example.org").stdout.strip()
    token_id = json.loads(cli("token", "list", "--user", "ana@example.org", "--json").stdout)[0]
    missing = cli("token", "revoke", str(token_id["id"]), code=3)
    assert "No such token." in missing.stderr
    cli("token", "revoke", str(token_id["id"]), "--user", "ana@example.org")
    assert accounts.token_account(settings, token) is None


def test_a_team_invite_lets_a_new_athlete_sign_up_and_join_the_coach(cli, settings):
    cli.add("sam@example.org", "coach", "--name", "Sam Lee")
    result = cli("team", "invite", "--coach", "sam@example.org")
    assert "joins Sam Lee (sam@example.org) as their coach" in said(result.stderr)
    athlete = accounts.sign_up_by_link(
        settings, secret_of(result.stdout.strip()), "ana@example.org", "Ana", PASSWORD
    )
    coach = accounts.find_user(settings, "sam@example.org")
    assert [a.email for a in accounts.athletes_of(settings, coach.id)] == [athlete.email]


def test_only_a_coach_can_invite_athletes(cli):
    cli.add("ana@example.org", "athlete")
    result = cli("team", "invite", "--coach", "ana@example.org", code=2)
    assert "ana@example.org is not a coach" in said(result.stderr)
    assert result.stdout == ""


def test_an_error_with_json_is_a_json_object(cli):
    cli.add("sam@example.org", "coach")
    result = cli("user", "add", "sam@example.org", "--role", "coach", "--invite", "--json",
                 code=2)  # fmt: skip
    error = json.loads(result.stdout)
    assert error["field"] == "email" and error["exit_code"] == 2


def test_serve_in_team_mode_takes_its_public_address_from_the_settings(cli, monkeypatch):
    monkeypatch.setenv("FOOTWORK_PUBLIC_URL", "feet.example.org")  # no scheme: refused
    result = cli("serve", "--team", "--no-browser", code=2)
    assert "'feet.example.org' is not a web address" in said(result.stderr)
