"""Reading the assessment forms into domain objects (pure functions, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from footwork.domain.limits import parse_number
from footwork.domain.measures import (
    KINDS,
    MeasureKind,
    NewMeasurement,
    default_method,
    parse_method,
)
from footwork.domain.protocols import PROTOCOLS, Protocol
from footwork.domain.sides import Side
from footwork.domain.units import DIMENSION_OF, Unit, parse_unit
from footwork.errors import NotFound

TEST_KEYS = tuple(p.key for p in PROTOCOLS)


@dataclass(frozen=True)
class FieldSpec:
    """One measure on a test's form: its units and methods to choose from."""

    kind: MeasureKind
    title: str
    units: tuple[Unit, ...]
    methods: tuple[str, ...]
    default_method: str
    low: float
    high: float

    @property
    def unit(self) -> Unit:
        return self.units[0]


def protocol(key: str) -> Protocol:
    found = next((p for p in PROTOCOLS if p.key == key), None)
    if found is None:
        raise NotFound(f"There is no test called {key!r}.", hint=f"Tests: {', '.join(TEST_KEYS)}.")
    return found


def field_specs(p: Protocol) -> list[FieldSpec]:
    return [_field(p, kind) for kind in p.records]


def _field(p: Protocol, kind: MeasureKind) -> FieldSpec:
    spec = KINDS[kind]
    same = [u for u in Unit if DIMENSION_OF[u] is spec.dimension and u is not spec.unit]
    methods = tuple(m.value for m in spec.methods)
    default = default_method(kind).value
    return FieldSpec(kind, spec.title, (spec.unit, *same), methods, default, spec.low, spec.high)


def parse_tests(raw: str | None) -> list[str]:
    """The comma-separated tests a person chose; all three when none are given."""
    keys = [k.strip() for k in (raw or "").split(",") if k.strip()]
    for k in keys:
        protocol(k)
    return [k for k in TEST_KEYS if k in keys] or list(TEST_KEYS)


def next_test(current: str, tests: list[str]) -> str | None:
    later = tests[tests.index(current) + 1 :] if current in tests else []
    return later[0] if later else None


def read_measurements(p: Protocol, form: Mapping[str, str], now: datetime) -> list[NewMeasurement]:
    """Every value typed on a test's form (blank fields are tests not done)."""
    out = []
    for f in field_specs(p):
        unit = parse_unit(form.get(f"unit-{f.kind.value}") or f.unit.value)
        method = parse_method(form.get(f"method-{f.kind.value}") or f.default_method)
        for side in Side:
            raw = (form.get(f"value-{f.kind.value}-{side.value}") or "").strip()
            if raw:
                value = _number(raw, f.title, side)
                out.append(NewMeasurement(f.kind, side, value, unit, method, now))
    return out


def _number(raw: str, title: str, side: Side) -> float:
    return parse_number(raw, f"{title}, {side.value} foot:")
