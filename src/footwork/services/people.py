"""People: profiles that own every record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from footwork.config import Settings
from footwork.domain.records import Person
from footwork.services.store import open_store


@dataclass(frozen=True)
class Profile:
    name: str
    sport: str
    goals: str
    plan_start: date | None


def add(settings: Settings, name: str, sport: str = "", goals: str = "") -> Profile:
    with open_store(settings).unit_of_work() as uow:
        return _profile(uow.people.add(name, sport, goals))


def list_profiles(settings: Settings) -> list[Profile]:
    with open_store(settings).unit_of_work() as uow:
        return [_profile(p) for p in uow.people.all()]


def count(settings: Settings) -> int:
    return len(list_profiles(settings))


def _profile(p: Person) -> Profile:
    return Profile(p.name, p.sport, p.goals, p.plan_start)
