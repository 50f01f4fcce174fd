"""Where the tests find a real PostgreSQL: one place, imported by conftest.py and by the tests
that open their own connections (a module of its own, since several folders have a conftest)."""

from __future__ import annotations

import os

PG_ENV = "FOOTWORK_TEST_DATABASE_URL"


def pg_url(schema: str) -> str:
    """The PostgreSQL of ``PG_ENV`` with ``schema`` as the search path (psycopg 3 driver)."""
    base = os.environ[PG_ENV]
    if base.startswith("postgresql://"):
        base = "postgresql+psycopg://" + base.removeprefix("postgresql://")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"
