"""footwork user | token | team: the operator's commands for team mode.

Each works on the configured database (FOOTWORK_HOME, FOOTWORK_DATABASE_URL), also while
``footwork serve --team`` runs. What a script wants (a token, a link) is the only thing on
stdout; what a person should know about it goes to stderr.

No email is sent: a one-time link is printed for the operator to pass on. A link is the
server's address followed by ``/links/<secret>``; the address comes from ``--url``, else
FOOTWORK_PUBLIC_URL; without either only the path is printed, with a note.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from footwork.cli.common import JsonOpt, settings
from footwork.cli.output import console, err_console, print_json
from footwork.config import PUBLIC_URL_ENV
from footwork.domain.accounts import Role
from footwork.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from footwork.domain.accounts import Account, ApiToken, LinkPurpose

user_app = typer.Typer(
    help="Team mode's accounts: add, list, disable, reset.", no_args_is_help=True
)
token_app = typer.Typer(
    help="Team mode's API tokens, for scripts and integrations.",
    no_args_is_help=True,
)
team_app = typer.Typer(help="Team mode: invite athletes to a coach.", no_args_is_help=True)

EmailArg = Annotated[str, typer.Argument(help="The account's email address.")]
UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        help=f"The address people open the app at, to print the whole link (default: "
        f"{PUBLIC_URL_ENV}), e.g. https://footwork.example.org.",
    ),
]


def say(text: str) -> None:
    """A note for the person at the terminal, kept off stdout."""
    err_console().print(text, markup=False)


# Links ---------------------------------------------------------------------------------------


def link_address(secret: str, url: str | None) -> str:
    """The link to hand on: the server's address (``url``, else FOOTWORK_PUBLIC_URL) and
    ``/links/<secret>``; only the path, with a note saying what to put in front, without one."""
    from footwork.cli.serve import public_address

    path = f"/links/{secret}"
    base = url if url is not None else settings().public_url
    if not base:
        say(
            "Put the address people open footwork at in front of this path (e.g. "
            "https://footwork.example.org/links/...). To have the whole link printed, set "
            f"{PUBLIC_URL_ENV} to that address, or give --url."
        )
        return path
    public_address(base)  # refuses what is not a web address
    return base.strip().rstrip("/") + path


def lasting(span: timedelta) -> str:
    """How long a link works, as people say it: "7 days", "24 hours"."""
    hours = int(span.total_seconds() // 3600)
    if hours % 24 == 0 and hours > 24:
        return f"{hours // 24} days"
    return f"{hours} hours" if hours != 1 else "1 hour"


def _password_link_note(account: Account, purpose: LinkPurpose, *, new: bool = False) -> str:
    from footwork.domain.accounts import LINK_VALID_FOR, LinkPurpose

    valid = lasting(LINK_VALID_FOR[purpose])
    if new:
        return f"With this link they set their password (it works once, for {valid}):"
    disabled = (
        f" The account is disabled: enable it with 'footwork user enable {account.email}' "
        "to let them sign in."
        if account.disabled
        else ""
    )
    if purpose is LinkPurpose.INVITE:
        return (
            f"{account.email} has no password yet. With this link they set one (it works "
            f"once, for {valid}; an earlier invite link no longer works).{disabled}"
        )
    return (
        f"With this link {account.email} sets a new password (it works once, for {valid}; an "
        "earlier reset link no longer works, and setting the password signs them out "
        f"everywhere).{disabled}"
    )


# footwork user -------------------------------------------------------------------------------


def status(account: Account) -> str:
    if account.disabled:
        return "disabled"
    return "active" if account.has_password else "invited"


def _when(at: datetime | None) -> str:
    return at.isoformat(sep=" ", timespec="minutes") if at else ""


def account_json(account: Account) -> dict[str, Any]:
    return {
        "email": account.email,
        "name": account.name,
        "role": account.role.value,
        "status": status(account),
        "created": account.created_at.isoformat() if account.created_at else None,
    }


def read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice at a hidden prompt (asked again
    until it is long enough and both match)."""
    from footwork.services.accounts import check_password

    if from_stdin:
        return check_password(sys.stdin.readline().rstrip("\r\n"))

    while True:
        password: str = typer.prompt("Password", hide_input=True, err=True)
        try:
            check_password(password)
        except InvalidInput as exc:
            say(str(exc))
            continue
        if typer.prompt("Type it again", hide_input=True, err=True) == password:
            return password
        say("The two differ. Type the password again, twice.")


@user_app.command("add")
def user_add(
    email: EmailArg,
    role: Annotated[
        Role,
        typer.Option(
            help="athlete: their own records; coach: the athletes who join them; admin: "
            "accounts and links, no health data.",
        ),
    ],
    name: Annotated[str, typer.Option(help="The name others see (default: the email).")] = "",
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from the first line of standard input instead of asking "
            "for it twice.",
        ),
    ] = False,
    invite: Annotated[
        bool,
        typer.Option(
            "--invite",
            help="Set no password: print an invite link with which the person sets their own.",
        ),
    ] = False,
    url: UrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add an account.

    Without --invite or --password-stdin it asks for the password twice. An athlete's account
    comes with their own profile for their records.
    """
    from footwork.services import accounts

    if invite and password_stdin:
        raise InvalidInput(
            "--invite adds the account without a password; --password-stdin gives one.",
            hint="Use one of the two.",
        )
    config = settings()
    refuse_taken(email)  # before a password is asked for
    password = None if invite else read_password(password_stdin)
    account = accounts.add_user(config, email, role, name=name, password=password)
    link = None
    if invite:
        purpose, secret = accounts.password_link(config, account.email)
        link = _link_with_note(account, purpose, secret, url, quiet=as_json)
    if as_json:
        print_json(account_json(account) | ({"link": link} if link else {}))
    elif link:
        print(link)
    else:
        console().print(f"Added {account.role.value} {account.email}.", markup=False)


def refuse_taken(email: str) -> None:
    from footwork.services import accounts

    try:
        found = accounts.find_user(settings(), email)
    except NotFound:
        return
    raise InvalidInput(
        f"There is already an account for {found.email}.",
        hint="Use a different address. If the person forgot their password, print them a "
        f"reset link: footwork user reset-link {found.email}",
        field="email",
    )


def _link_with_note(
    account: Account, purpose: LinkPurpose, secret: str, url: str | None, *, quiet: bool
) -> str:
    if not quiet:
        say(f"Added {account.role.value} {account.email}.")
        say(_password_link_note(account, purpose, new=True))
    return link_address(secret, url)


@user_app.command("list")
def user_list(as_json: JsonOpt = False) -> None:
    """List the accounts; status 'invited' means no password has been set yet."""
    from footwork.services import accounts

    found = accounts.list_users(settings())
    if as_json:
        print_json([account_json(a) for a in found])
        return
    table = Table("email", "name", "role", "status", "created")
    for a in found:
        table.add_row(a.email, a.name, a.role.value, status(a), _when(a.created_at))
    console().print(table)


@user_app.command("disable")
def user_disable(email: EmailArg, as_json: JsonOpt = False) -> None:
    """Disable an account: no sign-in, no API tokens.

    It is signed out everywhere at once. Its records are kept; 'footwork user enable' undoes it.
    """
    from footwork.services import accounts

    account = accounts.set_disabled(settings(), email, disabled=True)
    if as_json:
        print_json(account_json(account))
        return
    console().print(
        f"Disabled {account.email}: signed out everywhere, and their API tokens stop working. "
        "Their records are kept.",
        markup=False,
    )


@user_app.command("enable")
def user_enable(email: EmailArg, as_json: JsonOpt = False) -> None:
    """Enable a disabled account: its password and unrevoked API tokens work again."""
    from footwork.services import accounts

    account = accounts.set_disabled(settings(), email, disabled=False)
    if as_json:
        print_json(account_json(account))
        return
    console().print(f"Enabled {account.email}.", markup=False)


@user_app.command("reset-link")
def user_reset_link(email: EmailArg, url: UrlOpt = None) -> None:
    """Print a link to set a new password.

    A one-time link with which the person sets a new password (an invite link if the account
    has none yet). Only the link goes to standard output.
    """
    from footwork.services import accounts

    config = settings()
    account = accounts.find_user(config, email)
    purpose, secret = accounts.password_link(config, account.email)
    say(_password_link_note(account, purpose))
    print(link_address(secret, url))


# footwork token ------------------------------------------------------------------------------


UserOpt = Annotated[str, typer.Option("--user", help="The account's email address.")]


def token_json(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created": token.created_at.isoformat(),
        "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@token_app.command("create")
def token_create(
    user: UserOpt,
    name: Annotated[
        str, typer.Option(help="What the token is for, to recognise it in the list.")
    ] = "",
) -> None:
    """Create an API token that acts as the account.

    Only the token is printed on standard output; it is shown this once.
    """
    from footwork.services import accounts

    config = settings()
    token, secret = accounts.create_token(config, user, name)
    owner = accounts.find_user(config, user)
    say(
        f"API token {token.id}{f' ({token.name})' if token.name else ''} for {owner.email}. "
        "It is shown this once: keep it somewhere safe. Scripts send it as the header "
        "'Authorization: Bearer TOKEN'."
    )
    print(secret)


@token_app.command("list")
def token_list(user: UserOpt, as_json: JsonOpt = False) -> None:
    """List an account's API tokens: their ids and first characters, never the tokens."""
    from footwork.services import accounts

    tokens = accounts.list_tokens(settings(), user)
    if as_json:
        print_json([token_json(t) for t in tokens])
        return
    table = Table("id", "name", "starts with", "created", "last used", "revoked")
    for t in tokens:
        table.add_row(str(t.id), t.name, f"{t.prefix}…", _when(t.created_at),
                      _when(t.last_used_at), _when(t.revoked_at))  # fmt: skip
    console().print(table)


@token_app.command("revoke")
def token_revoke(
    token: Annotated[
        str,
        typer.Argument(
            metavar="TOKEN|ID",
            help="The whole token, or (with --user) its id or first characters from "
            "'footwork token list'.",
        ),
    ],
    user: Annotated[str | None, typer.Option("--user", help="The account's email address.")] = None,
) -> None:
    """Revoke an API token: it stops working at once."""
    from footwork.services import accounts

    config = settings()
    revoked = accounts.revoke_token(config, token.strip(), user)
    owner = accounts.get_account(config, revoked.account_id)
    whose = f" of {owner.email}" if owner else ""
    label = f" ({revoked.name})" if revoked.name else ""
    console().print(f"Revoked API token {revoked.id}{label}{whose}.", markup=False)


# footwork team -------------------------------------------------------------------------------


@team_app.command("invite")
def team_invite(
    coach: Annotated[str, typer.Option("--coach", help="The coach's email address.")],
    url: UrlOpt = None,
) -> None:
    """Print a link an athlete opens to join a coach.

    The athlete signs up on that page if they have no account yet, or signs in. Each link
    works once. Only the link goes to standard output.
    """
    from footwork.domain.accounts import LINK_VALID_FOR, LinkPurpose
    from footwork.services import accounts

    config = settings()
    secret = accounts.join_link(config, coach)
    who = accounts.find_user(config, coach)
    valid = lasting(LINK_VALID_FOR[LinkPurpose.JOIN])
    named = f"{who.name} ({who.email})" if who.name else who.email
    say(
        f"An athlete who opens this link joins {named} as their coach "
        f"(it works once, for {valid}; make one link per athlete):"
    )
    print(link_address(secret, url))


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.add_typer(team_app, name="team")
