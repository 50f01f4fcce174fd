"""Every CSV the export writes imports back; spreadsheets' semicolon CSVs are read; a long
name is no problem; numbers and dates in a file obey the same limits as typed ones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_transfer import fill, fresh_home

from footwork.config import Settings
from footwork.errors import ImportRejected
from footwork.services import measurements, people, transfer
from footwork.services import progress as progress_service
from footwork.services import sessions as sessions_service

HEADER = "kind,side,value,unit,method,taken_at,person\n"


def counts(settings: Settings, person: str) -> tuple[int, int, int]:
    sets = sum(len(s.sets) for s in sessions_service.list_sessions(settings, person))
    outcomes = len(progress_service.report(settings, person).outcomes)
    return len(measurements.list_all(settings, person)), sets, outcomes


def test_every_exported_csv_imports_back_once(settings: Settings, tmp_path: Path):
    fill(settings)
    files = transfer.export_to(settings, tmp_path / "out")
    csvs = [f for f in files if f.suffix == ".csv"]
    assert {f.name for f in csvs} == {"measurements.csv", "sets.csv", "outcomes.csv"}
    fresh = fresh_home(tmp_path, "fresh")
    for f in csvs:
        assert transfer.import_file(fresh, f).total_new > 0, f.name
        assert transfer.import_file(fresh, f).total_new == 0, f.name  # nothing doubled
    for name in ("ana", "ben"):
        assert counts(fresh, name) == counts(settings, name)


def test_a_semicolon_csv_with_decimal_commas_is_read(settings: Settings, tmp_path: Path):
    f = tmp_path / "tabelle.csv"
    f.write_text("kind;side;value;unit;method;taken_at\n"
                 "big-toe-extension;left;48,5;deg;goniometer;2026-11-02\n"
                 "lunge-distance;right;9;cm;tape;2026-11-02\n", encoding="utf-8")  # fmt: skip
    assert transfer.import_file(settings, f).new["measurements"] == 2
    assert [m.value for m in measurements.list_all(settings)] == [48.5, 9.0]


def test_a_person_with_a_long_name_imports_and_re_imports_without_doubling(
    settings: Settings, tmp_path: Path
):
    name = "Maria Fernanda de los Santos Oliveira-Lindqvist"  # 47 characters
    f = tmp_path / "long.csv"
    f.write_text(HEADER + f"big-toe-extension,left,48,deg,goniometer,2026-11-02,{name}\n",
                 encoding="utf-8")  # fmt: skip
    assert transfer.import_file(settings, f).people_new == [name]
    assert transfer.import_file(settings, f).total_new == 0
    assert [p.name for p in people.list_profiles(settings)] == [name]


@pytest.mark.parametrize(
    ("line", "says"),
    [("big-toe-extension,left,4_8,deg,goniometer,2026-11-02,", "'4_8' is not a number"),
     ("big-toe-extension,left,\"1,000\",deg,goniometer,2026-11-02,", "ambiguous"),
     ("big-toe-extension,left,48,deg,goniometer,9999-12-31,", "in the future"),
     ("big-toe-extension,left,48,deg,goniometer,0001-01-01,", "before 1900"),
     ("big-toe-extension,left,48,deg,goniometer,2026-11-02," + "x" * 121, "at most 120")],
)  # fmt: skip
def test_a_csv_row_outside_the_limits_is_refused_by_line(settings, tmp_path, line, says):
    f = tmp_path / "bad.csv"
    f.write_text(HEADER + line + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match=says):
        transfer.import_file(settings, f)
    assert people.list_profiles(settings) == []


@pytest.mark.parametrize(
    ("change", "says"),
    [(lambda p: p["measurements"][0].update(value=True), "valid number"),
     (lambda p: p["measurements"][0].update(value="48"), "valid number"),
     (lambda p: p["outcomes"][0].update(recorded_at="9999-12-31T00:00:00"), "in the future"),
     (lambda p: p["sessions"][0].update(plan_week=10**20), "less than or equal"),
     (lambda p: p["sessions"][0]["sets"][0].update(reps_done=10**20), "less than or equal")],
)  # fmt: skip
def test_a_json_file_outside_the_limits_is_refused(settings, tmp_path, change, says):
    fill(settings)
    doc = transfer.export_document(settings)
    change(doc["people"][0])
    f = tmp_path / "footwork.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportRejected, match=says):
        transfer.import_file(fresh_home(tmp_path, "fresh"), f)


def test_a_measurement_csv_is_read_with_the_import_rules_and_defaults(tmp_path: Path):
    """The CSV of results to record: the delimiter and decimal comma as an import reads them,
    and a missing unit, method or date is the measure's own unit, default method and now."""
    f = tmp_path / "results.csv"
    f.write_text("kind;side;value;unit;method;taken_at;note\n"
                 "big-toe-extension;left;48,5;;;2026-11-02T07:00;after a run\n"
                 "lunge-distance;right;4;in;tape;;\n", encoding="utf-8")  # fmt: skip
    first, second = transfer.read_measurement_file(f)
    assert (first.value, first.unit.value, first.method.value) == (48.5, "deg", "goniometer")
    assert (first.taken_at.isoformat(), first.note) == ("2026-11-02T07:00:00", "after a run")
    assert (second.value, second.unit.value, second.method.value) == (4.0, "in", "tape")
    assert second.taken_at.date() == date.today()


def test_a_measurement_csv_with_a_bad_row_is_refused_naming_the_line(tmp_path: Path):
    f = tmp_path / "results.csv"
    f.write_text("kind,side,value\nbig-toe-extension,left,48\nankle-dorsiflexion,right,95\n",
                 encoding="utf-8")  # fmt: skip
    with pytest.raises(ImportRejected, match=r"line 3: .*95"):
        transfer.read_measurement_file(f)
    f.write_text("kind,side\nbig-toe-extension,left\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="lacks the columns: value"):
        transfer.read_measurement_file(f)


def test_a_json_list_of_results_is_read_by_the_same_rules(tmp_path: Path):
    f = tmp_path / "results.json"
    f.write_text(json.dumps([{"kind": "big-toe-extension", "side": "left", "value": 48.5},
                             {"kind": "arch-index", "side": "right", "value": "0,27"}]),
                 encoding="utf-8")  # fmt: skip
    first, second = transfer.read_measurement_file(f)
    assert (first.value, first.method.value, second.value) == (48.5, "goniometer", 0.27)
    rows = [{"kind": "big-toe-extension", "side": "left", "value": 48},
            {"kind": "big-toe-extension", "value": 50}]  # fmt: skip
    f.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ImportRejected, match="entry 2: no side"):
        transfer.read_measurement_file(f)
    f.write_text('{"kind": "big-toe-extension"}', encoding="utf-8")
    with pytest.raises(ImportRejected, match="not a list of measurements"):
        transfer.read_measurement_file(f)
    f.write_text("[{not json", encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"Cannot read results\.json"):
        transfer.read_measurement_file(f)
