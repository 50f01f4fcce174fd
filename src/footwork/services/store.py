"""Opening the database: one migrated ``Store`` per database URL per process.

Services reach storage only through here: ``with open_store(settings).unit_of_work() as uow:``
is one transaction, and its repositories (``uow.people``, ``uow.measurements``...) take and
return domain records.
"""

from __future__ import annotations

import threading

from footwork.config import Settings
from footwork.storage.engine import make_engine, upgrade
from footwork.storage.unit_of_work import Store, UnitOfWork

__all__ = ["Store", "UnitOfWork", "close_all", "open_store"]

_stores: dict[str, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings) -> Store:
    """The store for these settings, created (and migrated to the latest schema) on first use."""
    url = settings.resolved_database_url
    with _lock:
        store = _stores.get(url)
        if store is None:
            if url.startswith("sqlite"):
                settings.ensure_home()
            engine = make_engine(url)
            upgrade(engine)
            store = _stores[url] = Store(engine)
        return store


def close_all() -> None:
    """Dispose every engine (tests and server shutdown)."""
    with _lock:
        for store in _stores.values():
            store.engine.dispose()
        _stores.clear()
