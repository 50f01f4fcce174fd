"""Typed settings, read at the edge (CLI, web) and passed inward."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

HOME_ENV = "FOOTWORK_HOME"
DATABASE_ENV = "FOOTWORK_DATABASE_URL"


def default_home() -> Path:
    """FOOTWORK_HOME if set, else the platform's per-user data folder."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("footwork", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where footwork keeps its data.

    home: folder for the embedded database, exports and analysis outputs.
    database_url: SQLAlchemy URL; default is SQLite inside ``home``.
    """

    home: Path = field(default_factory=default_home)
    database_url: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(home=default_home(), database_url=os.environ.get(DATABASE_ENV) or None)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'footwork.sqlite3'}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home
