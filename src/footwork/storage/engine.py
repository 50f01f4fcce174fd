"""Engines and schema migration. Nothing is built at import time.

footwork stores its data in SQLite (the embedded default) or PostgreSQL. A database URL of any
other kind, or one that is not a URL at all, is refused with a message saying what to give.
On PostgreSQL, migrations run under an advisory lock, so processes that start together on an
empty database take turns creating the schema instead of racing to create the same tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from footwork.errors import InvalidInput, StorageError

MIGRATIONS = Path(__file__).with_name("migrations")
BACKENDS = ("sqlite", "postgresql")
URL_SETTING = "FOOTWORK_DATABASE_URL"
URL_EXAMPLES = "postgresql://user@host:5432/dbname or sqlite:////path/to/footwork.sqlite3"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"Cannot create the folder {folder} for the database ({exc.strerror}).",
                    hint="Choose a folder you can write to for footwork's data.",
                ) from None
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        raise InvalidInput(
            f"The database driver {parsed.drivername!r} is not installed.",
            hint=f"Write the address as postgresql://… (footwork brings the psycopg driver) in "
            f"{URL_SETTING}.",
        ) from exc


def parse_url(url: str) -> URL:
    """The URL, or InvalidInput saying what footwork accepts (a password is never echoed)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(
            f"{URL_SETTING} is not a database address.",
            hint=f"Give one like {URL_EXAMPLES}, or unset it to keep your data in the "
            "built-in database.",
        ) from None
    if parsed.get_backend_name() not in BACKENDS:
        raise InvalidInput(
            f"footwork keeps its data in SQLite or PostgreSQL, not {parsed.get_backend_name()}.",
            hint=f"Set {URL_SETTING} to {URL_EXAMPLES}, or unset it to keep your data in the "
            "built-in database.",
        )
    return parsed


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a database made by an older footwork is migrated.

    On PostgreSQL the whole migration runs in one transaction holding an advisory lock for this
    schema: a second process starting at the same moment waits, then finds the schema current.
    """
    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                _lock_migrations(connection)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except (OperationalError, DBAPIError) as exc:
        raise StorageError(
            f"Could not open or update the database at {engine.url!r}: {exc.orig}",
            hint=connection_hint(engine.url),
        ) from exc


def _lock_migrations(connection: Connection) -> None:
    """Take the transaction-scoped advisory lock that serialises footwork's migrations in the
    current schema (released when the migration's transaction ends, even if the process dies).
    """
    connection.execute(
        text("SELECT pg_advisory_xact_lock(hashtext('footwork migrations ' || current_schema()))")
    )


def connection_hint(url: URL) -> str:
    """What to check when the database cannot be opened, worded for its kind."""
    if url.get_backend_name() == "sqlite":
        return (
            f"Check that the folder {Path(url.database or '.').parent} exists and you can write "
            "there, and that no other program holds the database file locked."
        )
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return (
        f"Check that the PostgreSQL server at {where} is running and reachable, that the "
        f"database {url.database!r} exists, and that user {url.username!r} may connect "
        f"({URL_SETTING})."
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
