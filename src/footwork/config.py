"""Typed settings, read at the edge (CLI, web) and passed inward."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

HOME_ENV = "FOOTWORK_HOME"
DATABASE_ENV = "FOOTWORK_DATABASE_URL"
BROKER_ENV = "FOOTWORK_BROKER_URL"
MEDIA_ENV = "FOOTWORK_MEDIA_DIR"
PUBLIC_URL_ENV = "FOOTWORK_PUBLIC_URL"


def default_home() -> Path:
    """FOOTWORK_HOME if set, else the platform's per-user data folder."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("footwork", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where footwork keeps its data.

    home: folder for the embedded database, the secret key and exports.
    database_url: SQLAlchemy URL; default is SQLite inside ``home``.
    broker_url: the job queue (``redis://…`` or ``amqp://…``); None runs clip analyses in the
        web process instead.
    media_dir: where uploads and analysis outputs are kept; default ``home``. Workers on other
        machines mount the same folder.
    public_url: the address people open in team mode (``https://footwork.example.org``), used
        to print full one-time links; None when unknown.
    """

    home: Path = field(default_factory=default_home)
    database_url: str | None = None
    broker_url: str | None = None
    media_dir: Path | None = None
    public_url: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        media = os.environ.get(MEDIA_ENV)
        return cls(
            home=default_home(),
            database_url=os.environ.get(DATABASE_ENV) or None,
            broker_url=os.environ.get(BROKER_ENV) or None,
            media_dir=Path(media).expanduser() if media else None,
            public_url=os.environ.get(PUBLIC_URL_ENV) or None,
        )

    @property
    def media(self) -> Path:
        """The folder of uploads and analysis outputs."""
        return self.media_dir if self.media_dir is not None else self.home

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'footwork.sqlite3'}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home
