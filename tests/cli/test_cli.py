"""The footwork command, driven as a user would (no terminal), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from icalendar import Calendar
from PIL import Image
from typer.testing import CliRunner, Result

from footwork.cli.main import build_app
from footwork.services import sessions

BASE_SETS = [
    ("outward-roll", "left", None),
    ("outward-roll", "right", None),
    ("heel-circle", "left", "clockwise"),
    ("heel-circle", "left", "counter-clockwise"),
    ("heel-circle", "right", "clockwise"),
    ("heel-circle", "right", "counter-clockwise"),
    ("banded-squat", None, None),
]


class Cli:
    def __init__(self) -> None:
        self.app = build_app()
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0) -> Result:
        result = self.runner.invoke(self.app, list(args))
        assert result.exit_code == code, (result.output, result.exception)
        return result

    def json(self, *args: str) -> object:
        """Run with --json; stdout must be exactly one JSON document."""
        return json.loads(self(*args, "--json").stdout)

    def snapshot(self) -> list[dict]:
        """Everything stored, as the JSON export shows it."""
        return self.json("export")["people"]


def said(result: Result) -> str:
    """The output as one line (Rich wraps long messages at the terminal width)."""
    return " ".join(result.output.split())


@pytest.fixture
def cli(database_url: str) -> Cli:
    return Cli()


def test_measure_add_list_and_delete_with_json(cli):
    toe = cli.json("measure", "add", "big-toe-extension", "48", "--side", "left",
                   "--date", "2026-11-02T07:30", "--note", "after run")  # fmt: skip
    lunge = cli.json("measure", "add", "lunge-distance", "4", "--side", "R", "--unit", "in",
                     "--date", "2026-11-02T07:40")  # fmt: skip
    assert {k: toe[k] for k in ("kind", "side", "value", "unit", "method", "taken_at", "note")} == {
        "kind": "big-toe-extension", "side": "left", "value": 48.0, "unit": "deg",
        "method": "goniometer", "taken_at": "2026-11-02T07:30:00", "note": "after run",
    }  # fmt: skip
    assert (lunge["side"], lunge["unit"], lunge["method"]) == ("right", "cm", "tape")
    assert lunge["value"] == pytest.approx(10.16)

    listed = cli.json("measure", "list")
    assert [m["id"] for m in listed] == [toe["id"], lunge["id"]]
    assert cli.json("measure", "list", "--kind", "lunge-distance") == [listed[1]]

    result = cli("measure", "delete", str(toe["id"]))
    assert f"Deleted measurement {toe['id']}." in said(result)
    assert cli.json("measure", "list") == [listed[1]]


def test_measure_list_as_a_table(cli):
    assert "No measurements yet" in said(cli("measure", "list"))
    cli("measure", "add", "arch-index", "0.27", "--side", "left")
    out = said(cli("measure", "list"))
    assert "Arch index" in out and "0.27 ratio" in out and "footprint" in out


def test_deleting_a_measurement_that_does_not_exist_says_how_to_find_the_ids(cli):
    cli("measure", "add", "big-toe-extension", "48", "--side", "left")
    result = cli("measure", "delete", "999", code=3)
    assert "No measurement with id 999. See the ids with: footwork measure list" in said(result)
    assert len(cli.json("measure", "list")) == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["measure", "add", "big-toe-extension", "5", "--side", "left", "--unit", "cm"],
         "Big-toe extension is an angle, but cm is a unit of length. Give it in deg."),
        (["measure", "add", "ankle-dorsiflexion", "9", "--side", "left", "--unit", "cm"],
         "For the toe-to-wall distance of the lunge test use the measure lunge-distance."),
        (["measure", "add", "big-toe-extension", "400", "--side", "left"],
         "Big-toe extension of 400 deg is outside what a human foot shows (0 to 110 deg)."),
        (["measure", "add", "lunge-distance", "--side", "left", "--", "-3"],
         "Lunge test: toe to wall of -3 cm is outside what a human foot shows (0 to 25 cm)."),
        (["measure", "add", "big-toe-extension", "48", "--side", "middle"],
         "Unknown side 'middle'. Use left or right."),
        (["measure", "add", "toe-wiggle", "48", "--side", "left"],
         "Use one of: big-toe-extension, ankle-dorsiflexion, lunge-distance"),
        (["measure", "add", "arch-index", "0.2", "--side", "left", "--method", "goniometer"],
         "Use one of: footprint, pressure-plate."),
        (["measure", "add", "big-toe-extension", "48", "--side", "left", "--date", "soon"],
         "Cannot read the date 'soon'. Use YYYY-MM-DD or YYYY-MM-DDTHH:MM."),
        (["coach", "--only", "toe-wiggle", "--time-scale", "0"],
         "Unknown exercise 'toe-wiggle'. Use one of: outward-roll, heel-circle, banded-squat."),
        (["coach", "--time-scale", "0", "--effort", "11"],
         "Effort must be a whole number from 0 to 10, not 11."),
        (["coach", "--time-scale", "0", "--pain", "-1"],
         "Pain must be a whole number from 0 to 10, not -1."),
        (["outcome", "add", "pain", "11"], "pain of 11 is out of range: 0 to 10"),
        (["outcome", "add", "pain", "2.5"], "pain is a whole number from 0 to 10."),
        (["outcome", "add", "squat-1rm", "--", "-5"], "squat-1rm of -5 kg is out of range"),
    ],
)  # fmt: skip
def test_a_bad_input_exits_non_zero_says_what_is_allowed_and_writes_nothing(cli, args, says):
    cli("measure", "add", "big-toe-extension", "50", "--side", "right")
    before_list, before_all = cli.json("measure", "list"), cli.snapshot()

    result = cli(*args, code=2)

    assert says in said(result)
    assert said(result).startswith("Error: ")
    assert "Traceback" not in result.output
    assert cli.json("measure", "list") == before_list
    assert cli.snapshot() == before_all


def _assessment_rows() -> list[dict]:
    return [
        {"kind": "big-toe-extension", "side": "left", "value": 48, "unit": "deg",
         "method": "goniometer", "taken_at": "2026-11-02T07:00"},
        {"kind": "big-toe-extension", "side": "right", "value": 66, "unit": "deg",
         "method": "goniometer", "taken_at": "2026-11-02T07:01"},
        {"kind": "lunge-distance", "side": "left", "value": 4, "unit": "in", "method": "tape",
         "taken_at": "2026-11-02T07:05"},
        {"kind": "ankle-dorsiflexion", "side": "right", "value": 33, "unit": "deg",
         "method": "inclinometer", "taken_at": "2026-11-02T07:06"},
        {"kind": "arch-index", "side": "left", "value": 0.28, "unit": "ratio",
         "method": "footprint", "taken_at": "2026-11-02T07:10"},
    ]  # fmt: skip


def _write_input(tmp_path: Path, fmt: str) -> Path:
    rows = _assessment_rows()
    path = tmp_path / f"tests.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    else:
        header = list(rows[0])
        lines = [",".join(header)] + [",".join(str(r[h]) for h in header) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_assess_records_a_file_of_results_then_reports_them(cli, tmp_path, fmt):
    shown = said(cli("assess", "--input", str(_write_input(tmp_path, fmt))))
    assert "Assessment: me" in shown and "below target" in shown

    report = cli.json("assess", "--show")

    found = {(f["kind"], f["side"]): f for f in report["findings"]}
    assert {k: (round(f["value"], 4), f["band"]) for k, f in found.items()} == {
        ("big-toe-extension", "left"): (48.0, "below target"),
        ("big-toe-extension", "right"): (66.0, "at target"),
        ("ankle-dorsiflexion", "right"): (33.0, "restricted"),
        ("lunge-distance", "left"): (10.16, "typical"),
        ("arch-index", "left"): (0.28, "flat"),
    }
    assert found[("big-toe-extension", "left")]["gap_to_target"] == 17.0
    assert found[("big-toe-extension", "left")]["mdc"] == 18.7
    assert found[("ankle-dorsiflexion", "right")]["mdc"] == 3.8
    assert report["missing"] == [{"kind": "arch-index", "side": "right"}]
    assert [d["kind"] for d in report["side_differences"]] == ["big-toe-extension"]
    assert report["side_differences"][0]["notable"] is False  # 18° < 18.7° of noise
    assert "not a diagnosis" in report["note"]


def test_assess_refuses_a_file_with_one_bad_entry_and_records_none_of_it(cli, tmp_path):
    rows = _assessment_rows()
    rows[3]["value"] = 95  # no ankle bends that far
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = cli("assess", "--input", str(path), code=2)
    assert "Lunge test: shin angle of 95 deg is outside" in said(result)
    assert cli.json("measure", "list") == []


def test_plan_as_json_and_as_a_calendar_file(cli, tmp_path):
    cli("assess", "--input", str(_write_input(tmp_path, "json")))
    ics = tmp_path / "cal" / "plan.ics"

    plan = cli.json("plan", "--ics", str(ics), "--weeks", "2")

    assert plan["person"] == "me" and plan["week"] == 1
    assert plan["start"] == date.today().isoformat()
    items = {i["exercise"]: i for i in plan["items"]}
    assert list(items) == ["outward-roll", "heel-circle", "banded-squat"]
    circle = items["heel-circle"]
    assert (circle["dose"]["left"]["sets"], circle["dose"]["right"]["sets"]) == (2, 2)
    assert sorted(circle["emphasis"]) == []  # both feet got one extra set
    assert items["banded-squat"]["dose"]["left"]["bouts_per_day"] == 4  # flat left arch
    assert all(i["reasons"] for i in plan["items"])
    assert plan["ics"] == str(ics)
    cal = Calendar.from_ical(ics.read_bytes())
    assert len(list(cal.walk("VEVENT"))) == 2 * 7 * 4 + 1  # a session and 3 more mini-sets a day

    text = said(cli("plan"))
    assert "Programme for me: week 1" in text and "Why:" in text


def _stored_sets(settings) -> list[tuple]:
    [session] = sessions.list_sessions(settings)
    return [
        (s.exercise, s.side and s.side.value, s.direction and s.direction.value, s.set_number,
         s.reps_done, s.reps_target, s.effort, s.pain, s.note, s.completed, s.stop_reason)
        for s in session.sets
    ]  # fmt: skip


COACH = ["coach", "--time-scale", "0", "--effort", "6", "--pain", "2", "--note", "x"]


def test_coach_logs_every_set_per_foot_and_direction(cli, settings):
    summary = cli.json(*COACH)

    assert summary["stopped"] is False
    assert summary["reps"] == 7 * 5
    assert [(s["exercise"], s["side"], s["direction"]) for s in summary["sets"]] == BASE_SETS
    assert _stored_sets(settings) == [
        (ex, side, d, 1, 5, 5, 6, 2, "x", True, "") for ex, side, d in BASE_SETS
    ]
    [session] = sessions.list_sessions(settings)
    assert session.ended_at is not None and session.plan_week == 1


def test_coach_follows_the_plan_extra_set_on_the_stiff_foot(cli, settings):
    cli("measure", "add", "big-toe-extension", "45", "--side", "left")
    cli(*COACH, "--only", "heel-circle")
    assert [(s[1], s[2], s[3]) for s in _stored_sets(settings)] == [
        ("left", "clockwise", 1),
        ("left", "counter-clockwise", 1),
        ("left", "clockwise", 2),
        ("left", "counter-clockwise", 2),
        ("right", "clockwise", 1),
        ("right", "counter-clockwise", 1),
    ]


def test_a_skipped_exercise_is_logged_as_skipped_sets_with_no_reps(cli, settings):
    out = said(cli(*COACH, "--skip", "heel-circle"))
    assert "logged heel-circle (left, clockwise): 0 reps (skipped)" in out
    stored = _stored_sets(settings)
    assert [(s[0], s[1], s[2]) for s in stored] == BASE_SETS
    for row in stored:
        if row[0] == "heel-circle":
            assert (row[4], row[5], row[9], row[10]) == (0, 5, False, "skipped")
        else:
            assert (row[4], row[9], row[10]) == (5, True, "")


def test_stopping_after_two_sets_keeps_exactly_two(cli, settings):
    summary = cli.json(*COACH, "--stop-after-sets", "2")
    assert summary["stopped"] is True
    assert [(s[0], s[1], s[4]) for s in _stored_sets(settings)] == [
        ("outward-roll", "left", 5),
        ("outward-roll", "right", 5),
    ]
    [session] = sessions.list_sessions(settings)
    assert session.note == "stopped early"


def test_progress_as_json_and_as_a_chart(cli, tmp_path):
    cli("measure", "add", "big-toe-extension", "40", "--side", "left", "--date", "2026-10-01")
    cli("measure", "add", "big-toe-extension", "62", "--side", "left", "--date", "2026-10-29")
    cli("measure", "add", "big-toe-extension", "55", "--side", "left", "--date", "2026-10-15",
        "--method", "photo")  # fmt: skip
    cli(*COACH, "--only", "banded-squat")
    chart = tmp_path / "charts" / "out.png"

    rep = cli.json("progress", "--chart", str(chart))

    goniometer, photo = rep["series"]
    assert (goniometer["method"], [p["value"] for p in goniometer["points"]]) == (
        "goniometer", [40.0, 62.0],
    )  # fmt: skip
    assert goniometer["change"] == {"delta": 22.0, "mdc": 18.7, "is_real": True}
    assert goniometer["verdict"] == "a real improvement"
    assert goniometer["target"] == 65.0
    assert (photo["method"], photo["change"]) == ("photo", None)
    a = rep["adherence"]
    # Only the day's first Banded Squat mini-set was logged: a partial day, not a done one.
    assert (a["done_days"], a["partial_days"], a["planned_days"], a["current_streak"]) == (
        0, 1, 1, 0,
    )  # fmt: skip
    assert a["last_session"] == date.today().isoformat()
    assert rep["chart"] == str(chart)

    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(chart) as img:
        assert img.format == "PNG"
        # 9 inches at 110 dpi; 3.2 in for the measure, 1.8 for the training days, 0.6 for the
        # title (each panel with its legend below its dates)
        assert img.size == (990, 616)
        assert len(img.convert("RGB").getcolors(maxcolors=100_000) or []) > 20  # not blank


def test_progress_as_text_nudges_when_no_session_was_logged(cli):
    out = said(cli("progress"))
    assert "No measurements yet" in out
    assert "No session logged in the last two days" in out


def test_outcome_notes_appear_in_progress(cli):
    assert "Noted squat-1rm: 120 kg." in said(
        cli("outcome", "add", "squat-1rm", "120", "--note", "new best", "--date", "2026-11-03")
    )
    assert "Noted note: sore calves." in said(
        cli("outcome", "add", "note", "--note", "sore calves")
    )
    outcomes = cli.json("progress")["outcomes"]
    assert [(o["kind"], o["value"], o["unit"], o["note"]) for o in outcomes] == [
        ("squat-1rm", 120.0, "kg", "new best"),
        ("note", None, "", "sore calves"),
    ]


def test_export_then_import_into_a_fresh_database(cli, tmp_path, monkeypatch):
    cli("assess", "--input", str(_write_input(tmp_path, "json")))
    cli(*COACH, "--only", "outward-roll")
    cli("outcome", "add", "5k-time", "24.5")
    before = cli.snapshot()
    measures = cli.json("measure", "list")
    out = tmp_path / "backup"
    assert "Exported to" in said(cli("export", "--out", str(out)))

    monkeypatch.setenv("FOOTWORK_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    preview = cli.json("import", str(out / "footwork.json"), "--preview")
    assert preview["applied"] is False and preview["total_new"] == 5 + 1 + 1
    assert cli.snapshot() == []
    assert "Imported 7 new records." in said(cli("import", str(out / "footwork.json")))
    assert "Imported 0 new records." in said(cli("import", str(out / "footwork.json")))

    assert cli.snapshot() == before
    assert [{k: v for k, v in m.items() if k != "id"} for m in cli.json("measure", "list")] == [
        {k: v for k, v in m.items() if k != "id"} for m in measures
    ]


def test_importing_a_file_that_is_not_an_export_is_refused(cli, tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text("not json", encoding="utf-8")
    result = cli("import", str(bad), code=2)
    assert "notes.json is not valid JSON" in said(result)
    assert cli.snapshot() == []


def test_start_without_a_terminal_prints_the_plan_and_next_steps(cli):
    out = said(cli("start"))
    assert "Welcome to footwork" in out
    assert "No measurements for me yet" in out
    assert "Programme for me: week 1" in out
    assert "No measurements yet: this is the standard programme." in out
    assert "What you can do next" in out and "footwork coach" in out


def _all_commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):  # a command group
            found += _all_commands(cmd, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_has_working_help(cli):
    commands = _all_commands(typer.main.get_command(cli.app))
    core = {
        (), ("measure",), ("measure", "add"), ("measure", "list"), ("measure", "delete"),
        ("assess",), ("plan",), ("coach",), ("progress",), ("outcome",), ("outcome", "add"),
        ("export",), ("import",), ("person",), ("person", "add"), ("person", "list"), ("start",),
    }  # fmt: skip
    assert core <= set(commands)
    for path in commands:
        result = cli(*path, "--help")
        assert "Usage:" in result.output, path
        assert "--help" in result.output, path
