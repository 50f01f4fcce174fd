"""People: profiles that own every record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from footwork.config import Settings
from footwork.services.store import open_store
from footwork.storage import repository as repo


@dataclass(frozen=True)
class Profile:
    name: str
    sport: str
    goals: str
    plan_start: date | None


def add(settings: Settings, name: str, sport: str = "", goals: str = "") -> Profile:
    with open_store(settings).transaction() as s:
        row = repo.add_person(s, name, sport, goals)
        return Profile(row.name, row.sport, row.goals, row.plan_start)


def list_profiles(settings: Settings) -> list[Profile]:
    with open_store(settings).transaction() as s:
        return [Profile(p.name, p.sport, p.goals, p.plan_start) for p in repo.list_people(s)]


def count(settings: Settings) -> int:
    return len(list_profiles(settings))
