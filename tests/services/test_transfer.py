"""Export and import: everything comes back, nothing is doubled, and a bad file adds nothing."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Method, NewMeasurement
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side
from footwork.domain.units import Unit
from footwork.errors import ImportRejected
from footwork.services import measurements, people, planning, sessions, transfer
from footwork.services import progress as progress_service


def fresh_home(tmp_path: Path, name: str) -> Settings:
    return Settings(home=tmp_path / name)


def new_m(kind, side, value, unit, method, when, **kw) -> NewMeasurement:
    return NewMeasurement(MeasureKind(kind), Side(side), value, Unit(unit), Method(method), when,
                          **kw)  # fmt: skip


def fill(settings: Settings) -> None:
    """Two people with measurements, coached sessions with sets, and outcome notes."""
    people.add(settings, "ana", sport="running", goals="a faster 10k")
    people.add(settings, "ben", sport="lifting")
    measurements.record(
        settings,
        [
            new_m("big-toe-extension", "left", 48, "deg", "goniometer", datetime(2026, 11, 2, 7),
                  note="stiff", details={"tries": [47, 48]}),
            new_m("big-toe-extension", "right", 66, "deg", "goniometer", datetime(2026, 11, 2, 7)),
            new_m("lunge-distance", "left", 4, "in", "tape", datetime(2026, 11, 2, 7, 5)),
            new_m("arch-index", "right", 0.27, "ratio", "footprint", datetime(2026, 11, 2, 7, 9),
                  source="print.jpg"),
        ],
        person="ana",
    )  # fmt: skip
    measurements.record(
        settings,
        [new_m("ankle-dorsiflexion", "left", 41.5, "deg", "inclinometer", datetime(2026, 11, 3))],
        person="ben",
    )
    sessions.record_session(
        settings,
        SessionLog(
            started_at=datetime(2026, 11, 2, 7, 30),
            ended_at=datetime(2026, 11, 2, 7, 44),
            note="felt good",
            plan_week=1,
            sets=[
                SetLog("outward-roll", Side.LEFT, None, 5, 5, effort=5, pain=1),
                SetLog("heel-circle", Side.LEFT, Direction.CLOCKWISE, 5, 5, effort=6, pain=0),
                SetLog("banded-squat", None, None, 3, 5, completed=False,
                       stop_reason="band slipped", note="slipped"),
            ],
        ),
        person="ana",
    )  # fmt: skip
    sessions.record_session(
        settings,
        SessionLog(started_at=datetime(2026, 11, 3, 18), sets=[
            SetLog("outward-roll", Side.RIGHT, None, 0, 5, completed=False, stop_reason="skipped")
        ]),
        person="ben",
    )  # fmt: skip
    progress_service.add_outcome(settings, "squat-1rm", 120, "new best", person="ben",
                                 when=datetime(2026, 11, 4, 19))  # fmt: skip
    progress_service.add_outcome(settings, "pain", 2, person="ana", when=datetime(2026, 11, 4))
    progress_service.add_outcome(settings, "note", None, "sore calves", person="ana",
                                 when=datetime(2026, 11, 5))  # fmt: skip
    planning.restart_plan(settings, "ana", date(2026, 11, 2))


def content(settings: Settings) -> list[dict]:
    return transfer.export_document(settings)["people"]


def totals(settings: Settings) -> tuple[int, int, int, int, int]:
    ps = content(settings)
    return (
        len(ps),
        sum(len(p["measurements"]) for p in ps),
        sum(len(p["sessions"]) for p in ps),
        sum(len(s["sets"]) for p in ps for s in p["sessions"]),
        sum(len(p["outcomes"]) for p in ps),
    )


FILLED = (2, 5, 2, 4, 3)


def test_an_export_imported_into_a_fresh_home_reproduces_everything(settings, tmp_path):
    fill(settings)
    files = transfer.export_to(settings, tmp_path / "export")
    assert [f.name for f in files] == [
        "footwork.json", "measurements.csv", "sets.csv", "outcomes.csv",
    ]  # fmt: skip
    with (tmp_path / "export" / "sets.csv").open(newline="", encoding="utf-8") as fh:
        set_rows = list(csv.DictReader(fh))
    assert [(r["person"], r["exercise"], r["side"], r["reps_done"]) for r in set_rows] == [
        ("ana", "outward-roll", "left", "5"), ("ana", "heel-circle", "left", "5"),
        ("ana", "banded-squat", "", "3"), ("ben", "outward-roll", "right", "0"),
    ]  # fmt: skip
    with (tmp_path / "export" / "outcomes.csv").open(newline="", encoding="utf-8") as fh:
        assert [r["kind"] for r in csv.DictReader(fh)] == ["pain", "note", "squat-1rm"]
    fresh = fresh_home(tmp_path, "fresh")

    result = transfer.import_file(fresh, tmp_path / "export" / "footwork.json")

    assert result.applied and result.people_new == ["ana", "ben"]
    assert result.new == {"measurements": 5, "sessions": 2, "outcomes": 3}
    assert totals(fresh) == FILLED
    assert content(fresh) == content(settings)  # uids, values, times, sets, notes: all of it
    ana = content(fresh)[0]
    assert ana["plan_start"] == "2026-11-02" and ana["goals"] == "a faster 10k"
    toe = ana["measurements"][0]
    assert (toe["value"], toe["note"], toe["details"]) == (48.0, "stiff", {"tries": [47, 48]})
    slipped = ana["sessions"][0]["sets"][2]
    assert (slipped["reps_done"], slipped["completed"], slipped["stop_reason"]) == (
        3, False, "band slipped",
    )  # fmt: skip


def test_a_sqlite_export_imports_into_either_database(settings, tmp_path):
    source = fresh_home(tmp_path, "laptop")
    fill(source)
    transfer.export_to(source, tmp_path / "export")
    transfer.import_file(settings, tmp_path / "export" / "footwork.json")
    assert content(settings) == content(source)
    # The imported data is usable, not just stored.
    [ana_lunge] = measurements.list_all(settings, "ana", MeasureKind.LUNGE_DISTANCE)
    assert ana_lunge.value == pytest.approx(10.16)
    assert progress_service.report(settings, "ben").outcomes[0].value == 120


def test_importing_the_same_export_twice_adds_nothing(settings, tmp_path):
    fill(settings)
    transfer.export_to(settings, tmp_path / "export")
    fresh = fresh_home(tmp_path, "fresh")
    path = tmp_path / "export" / "footwork.json"
    transfer.import_file(fresh, path)

    again = transfer.import_file(fresh, path)

    assert again.total_new == 0
    assert again.duplicate == {"measurements": 5, "sessions": 2, "outcomes": 3}
    assert again.people_new == [] and again.people_existing == ["ana", "ben"]
    assert totals(fresh) == FILLED


def test_importing_an_export_into_the_home_it_came_from_adds_nothing(settings, tmp_path):
    fill(settings)
    transfer.export_to(settings, tmp_path / "export")
    before = content(settings)
    result = transfer.import_file(settings, tmp_path / "export" / "footwork.json")
    assert result.total_new == 0
    assert content(settings) == before


def test_a_preview_counts_what_would_be_added_and_writes_nothing(settings, tmp_path):
    source = fresh_home(tmp_path, "source")
    fill(source)
    transfer.export_to(source, tmp_path / "export")

    result = transfer.import_file(settings, tmp_path / "export" / "footwork.json", preview=True)

    assert not result.applied
    assert result.people_new == ["ana", "ben"]
    assert result.new == {"measurements": 5, "sessions": 2, "outcomes": 3}
    assert people.list_profiles(settings) == []
    assert content(settings) == []


CSV = """kind,side,value,unit,method,taken_at,note
big-toe-extension,left,52,deg,goniometer,2026-11-02T07:00,first try
lunge-distance,right,4,in,tape,2026-11-02T07:05,
arch-index,left,0.28,ratio,footprint,2026-11-02,
"""


def test_a_measurements_csv_is_imported_into_the_default_profile(settings, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")

    result = transfer.import_file(settings, path)

    assert result.new["measurements"] == 3
    stored = measurements.list_all(settings)
    assert [(m.kind.value, m.side.value, round(m.value, 4)) for m in stored] == [
        ("arch-index", "left", 0.28),
        ("big-toe-extension", "left", 52.0),
        ("lunge-distance", "right", 10.16),
    ]
    assert stored[1].note == "first try"
    assert [p.name for p in people.list_profiles(settings)] == ["me"]


def test_a_csv_without_uids_imported_again_adds_nothing(settings, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    transfer.import_file(settings, path)

    again = transfer.import_file(settings, path)

    assert again.total_new == 0 and again.duplicate["measurements"] == 3
    assert len(measurements.list_all(settings)) == 3


def test_a_csv_resaved_by_a_spreadsheet_with_reformatted_numbers_adds_nothing(settings, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    transfer.import_file(settings, path)
    resaved = tmp_path / "resaved.csv"
    resaved.write_text(CSV.replace(",52,", ",52.0,").replace(",4,", ",4.00,"), encoding="utf-8")
    assert resaved.read_text() != CSV

    again = transfer.import_file(settings, resaved)

    assert again.total_new == 0
    assert len(measurements.list_all(settings)) == 3


def test_the_exported_measurements_csv_brings_back_each_persons_measurements(settings, tmp_path):
    source = fresh_home(tmp_path, "source")
    fill(source)
    transfer.export_to(source, tmp_path / "export")

    transfer.import_file(settings, tmp_path / "export" / "measurements.csv")

    assert sorted(p.name for p in people.list_profiles(settings)) == ["ana", "ben"]
    for name in ("ana", "ben"):
        got = [(m.kind, m.side, m.value, m.taken_at) for m in measurements.list_all(settings, name)]
        want = [(m.kind, m.side, m.value, m.taken_at) for m in measurements.list_all(source, name)]
        assert got == want


@pytest.mark.parametrize(
    ("bad_row", "says"),
    [
        (
            "big-toe-extension,left,400,deg,goniometer,2026-11-03,",
            "line 4: Big-toe extension of 400",
        ),
        ("big-toe-extension,left,40,cm,goniometer,2026-11-03,", "line 4: Big-toe extension is an"),
        ("big-toe-extension,middle,40,deg,goniometer,2026-11-03,", "line 4: Unknown side"),
        (
            "big-toe-extension,left,forty,deg,goniometer,2026-11-03,",
            "line 4: The value 'forty' is not a number",
        ),
        (
            "big-toe-extension,left,40,deg,goniometer,yesterday,",
            "line 4: Cannot read the date 'yesterday'",
        ),
    ],
)
def test_a_csv_with_one_bad_row_imports_nothing_and_says_which_row(
    settings, tmp_path, bad_row, says
):
    path = tmp_path / "mine.csv"
    path.write_text(CSV.replace("arch-index,left,0.28,ratio,footprint,2026-11-02,", bad_row))
    with pytest.raises(ImportRejected) as excinfo:
        transfer.import_file(settings, path)
    assert says in excinfo.value.message
    assert "nothing was imported" in excinfo.value.message
    assert "line 2" not in excinfo.value.message and "line 3" not in excinfo.value.message
    assert content(settings) == []


def test_a_json_export_with_one_implausible_measurement_imports_nothing(settings, tmp_path):
    source = fresh_home(tmp_path, "source")
    fill(source)
    doc = transfer.export_document(source)
    bad = doc["people"][1]["measurements"][0]
    bad["value"] = 95.0  # an ankle bend no one has
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), encoding="utf-8")

    with pytest.raises(ImportRejected) as excinfo:
        transfer.import_file(settings, path)

    assert f"ben, measurement {bad['uid']}" in excinfo.value.message
    assert content(settings) == []


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("notes.json", "hello, this is not json", "is not valid JSON"),
        ("list.json", "[1, 2, 3]", "does not match footwork's export format"),
        (
            "other.json",
            json.dumps({"format": "garmin", "version": 1, "exported_at": "2026-11-02",
                        "people": []}),
            "format: Input should be 'footwork-export'",
        ),
        (
            "future.json",
            json.dumps({"format": "footwork-export", "version": 7,
                        "exported_at": "2026-11-02T00:00", "people": []}),
            "version: Input should be 1",
        ),
        (
            "noname.json",
            json.dumps({"format": "footwork-export", "version": 1,
                        "exported_at": "2026-11-02T00:00",
                        "people": [{"uid": "x", "created_at": "2026-11-02T00:00"}]}),
            "people.0.name: Field required",
        ),
        ("empty.csv", "", "has no rows"),
        ("short.csv", "kind,side,value\nbig-toe-extension,left,40\n", "lacks the columns: method"),
        ("binary.json", None, "is not valid JSON"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_footwork_export_is_rejected_and_nothing_is_stored(
    settings, tmp_path, name, text, says
):
    path = tmp_path / name
    if text is None:
        path.write_bytes(b"\xff\xfe\x00garbage\x81")
    else:
        _write(path, text)
    with pytest.raises(ImportRejected) as excinfo:
        transfer.import_file(settings, path)
    assert says in excinfo.value.message
    assert excinfo.value.hint or "nothing" in excinfo.value.message
    assert people.list_profiles(settings) == []


def test_a_missing_file_is_rejected(settings, tmp_path):
    with pytest.raises(ImportRejected, match="No file at"):
        transfer.import_file(settings, tmp_path / "nowhere" / "footwork.json")
    assert people.list_profiles(settings) == []


def test_a_failed_import_leaves_earlier_data_untouched(settings, tmp_path):
    fill(settings)
    before = content(settings)
    bad = _write(tmp_path / "bad.csv", CSV + "arch-index,left,9,ratio,footprint,2026-11-03,\n")
    with pytest.raises(ImportRejected, match="line 5"):
        transfer.import_file(settings, bad, person="ana")
    assert content(settings) == before


def test_a_hand_written_json_in_other_units_and_spellings_is_stored_as_footwork_stores_it(
    settings, tmp_path
):
    doc = {
        "format": "footwork-export", "version": 1, "exported_at": "2026-11-05T10:00",
        "people": [{
            "uid": "p-1", "name": "cara", "created_at": "2026-11-01T09:00",
            "measurements": [
                {"uid": "m-1", "kind": "lunge_distance", "side": "R", "value": 4, "unit": "in",
                 "method": "Tape", "taken_at": "2026-11-02T07:00"},
                {"uid": "m-2", "kind": "big-toe-extension", "side": "l", "value": 1.0,
                 "unit": "rad", "method": "photo", "taken_at": "2026-11-02T07:05"},
            ],
        }],
    }  # fmt: skip
    transfer.import_file(settings, _write(tmp_path / "hand.json", json.dumps(doc)))
    lunge, toe = measurements.list_all(settings, "cara")
    assert (lunge.kind, lunge.side, lunge.method) == (
        MeasureKind.LUNGE_DISTANCE, Side.RIGHT, Method.TAPE,
    )  # fmt: skip
    assert lunge.value == pytest.approx(10.16)
    assert (toe.side, toe.value) == (Side.LEFT, pytest.approx(57.29577951308232))
    stored = content(settings)[0]["measurements"]
    assert [m["unit"] for m in stored] == ["cm", "deg"]


def test_restoring_a_backup_after_a_first_look_adopts_the_blank_automatic_profile(
    settings, tmp_path
):
    source = Settings(home=tmp_path / "other-home")
    people.add(source, "ana")
    measurements.record(
        source,
        [
            NewMeasurement(
                MeasureKind.BIG_TOE_EXTENSION,
                Side.LEFT,
                50,
                Unit.DEG,
                Method.GONIOMETER,
                datetime(2026, 11, 1),
            )
        ],
        person="ana",
    )
    transfer.export_to(source, tmp_path / "backup")
    planning.current_plan(settings)  # a first look at the plan makes a blank "me"

    transfer.import_file(settings, tmp_path / "backup" / "footwork.json")

    assert [p.name for p in people.list_profiles(settings)] == ["ana"]
    assert [m.value for m in measurements.list_all(settings)] == [50.0]
