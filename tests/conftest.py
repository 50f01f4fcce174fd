"""Shared fixtures: every test gets its own footwork home; storage tests run on SQLite and,
when FOOTWORK_TEST_DATABASE_URL is set, on that real PostgreSQL too (in a fresh schema).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from pg_support import PG_ENV
from pg_support import pg_url as _pg_url
from sqlalchemy import create_engine, text

from footwork.config import Settings
from footwork.services.store import close_all

# In CI, Hypothesis draws the same examples on every run (a red build is always reproducible);
# locally it explores new ones each run.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
MEDIA = Path(__file__).resolve().parents[1].parent / "shared" / "media"


def _backends() -> list[object]:
    if os.environ.get(PG_ENV):
        return ["sqlite", "postgresql"]
    reason = f"no PostgreSQL: set {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)"
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skip(reason=reason))]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", _backends())


@pytest.fixture(autouse=True)
def light_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id, with the lightest parameters, so the many sign-ins of team-mode tests
    take milliseconds instead of a tenth of a second each. A test marked
    ``real_password_cost`` keeps footwork's own parameters."""
    if request.node.get_closest_marker("real_password_cost"):
        return
    from argon2 import PasswordHasher

    from footwork.services import accounts

    light = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", light)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", light.hash("footwork: no such account"))


@pytest.fixture(autouse=True)
def footwork_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private home folder (and SQLite database) for every test."""
    home = tmp_path / "footwork-home"
    monkeypatch.setenv("FOOTWORK_HOME", str(home))
    monkeypatch.delenv("FOOTWORK_DATABASE_URL", raising=False)
    monkeypatch.delenv("FOOTWORK_PUBLIC_URL", raising=False)
    yield home
    close_all()


@pytest.fixture
def database_url(
    backend: str, footwork_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The database for this test: SQLite in the home folder, or a fresh PostgreSQL schema.
    It is also set as FOOTWORK_DATABASE_URL, so CLI commands use it.
    """
    if backend == "sqlite":
        url = f"sqlite:///{footwork_home / 'footwork.sqlite3'}"
        monkeypatch.setenv("FOOTWORK_DATABASE_URL", url)
        yield url
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_url("public"))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = _pg_url(schema)
    monkeypatch.setenv("FOOTWORK_DATABASE_URL", url)
    try:
        yield url
    finally:
        close_all()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def settings(database_url: str, footwork_home: Path) -> Settings:
    return Settings(home=footwork_home, database_url=database_url)
