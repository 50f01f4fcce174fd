"""Two footwork processes starting together on an empty PostgreSQL database both succeed.

Each process first imports footwork and waits; the test then releases both at the same moment,
so both reach the schema migration together, as two commands (or a server and a command) do
when started at once on a new database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from pg_support import PG_ENV
from pg_support import pg_url as _pg_url
from sqlalchemy import create_engine, text

from footwork.storage.engine import head_revision

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get(PG_ENV),
        reason=f"no PostgreSQL: set {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)",
    ),
    pytest.mark.slow,  # three real processes per trial
]

START = """
import sys
from footwork.config import Settings
from footwork.services.store import open_store
print("ready", flush=True)
sys.stdin.readline()
open_store(Settings.from_env())
print("open", flush=True)
"""


@pytest.fixture
def fresh_schema_url():
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_url("public"))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.mark.parametrize("trial", range(3))
def test_processes_starting_together_on_an_empty_database_all_succeed(
    fresh_schema_url, footwork_home, trial
):
    env = os.environ | {"FOOTWORK_DATABASE_URL": fresh_schema_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", START],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:  # release all at once
        p.stdin.write("\n")
        p.stdin.flush()
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err[-3000:]
        assert out.strip() == "open"
    engine = create_engine(fresh_schema_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            head_revision()
        )
    engine.dispose()
