"""Terminal errors: a message that says what to do, exit code 2, no traceback; with --json, a
JSON error object on stdout. Output files are written where the message says they are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from footwork.cli.main import build_app


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(build_app(), list(args))


def said(result: Result) -> str:
    """Everything printed, as one line (Rich wraps long messages at the terminal width)."""
    return " ".join((result.stdout + result.stderr).split())


def refused(result: Result, *phrases: str) -> None:
    """Exit code 2 from our own message (a SystemExit, not an escaped exception)."""
    assert result.exit_code == 2, (said(result), result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in said(result)
    for phrase in phrases:
        assert phrase in said(result), said(result)


@pytest.fixture
def with_plan(settings):
    """A stored measurement, so plan and progress have something to show."""
    added = run("measure", "add", "big-toe-extension", "48", "--side", "left")
    assert added.exit_code == 0, said(added)


def test_plan_ics_given_a_folder_says_to_give_a_file_name(with_plan, tmp_path):
    result = run("plan", "--ics", str(tmp_path))
    refused(result, f"{tmp_path} is a folder", f"{tmp_path / 'plan.ics'}")
    assert list(tmp_path.glob("*.ics")) == []


def test_plan_ics_without_extension_writes_and_reports_the_ics_file(with_plan, tmp_path):
    result = run("plan", "--ics", str(tmp_path / "cal" / "training"))
    assert result.exit_code == 0, said(result)
    written = tmp_path / "cal" / "training.ics"
    assert written.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert f"Calendar written to {written}" in said(result)


def test_export_out_onto_an_existing_file_is_refused_and_the_file_kept(settings, tmp_path):
    existing = tmp_path / "notes.txt"
    existing.write_text("mine", encoding="utf-8")
    result = run("export", "--out", str(existing))
    refused(result, f"{existing} is a file, not a folder", "--out")
    assert existing.read_text(encoding="utf-8") == "mine"


def test_export_out_where_footwork_may_not_write_says_so(settings, tmp_path):
    if os.geteuid() == 0:  # root may write anywhere a user may; /sys refuses even root
        target = Path("/sys/footwork-export-test")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "export"
    result = run("export", "--out", str(target))
    refused(result, "permission denied", "Choose a file or folder you can write to")
    assert not target.exists()


def test_progress_chart_in_an_unsupported_format_is_refused(with_plan, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run("progress", "--chart", str(out / "chart.txt"))
    refused(result, "cannot write a .txt file", "PNG or SVG or PDF", "chart.png")
    assert list(out.iterdir()) == []


def test_progress_chart_given_a_folder_is_refused(with_plan, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run("progress", "--chart", str(out))
    refused(result, f"{out} is a folder", str(out / "progress.png"))
    assert list(out.iterdir()) == []


def test_progress_chart_without_extension_reports_the_file_really_written(with_plan, tmp_path):
    result = run("progress", "--chart", str(tmp_path / "x" / "noext"))
    assert result.exit_code == 0, said(result)
    written = tmp_path / "x" / "noext.png"
    assert written.read_bytes().startswith(b"\x89PNG")
    assert f"Chart written to {written}" in said(result)
    assert not (tmp_path / "x" / "noext").exists()


@pytest.mark.parametrize(
    ("url", "phrases"),
    [
        ("notaurl", ["FOOTWORK_DATABASE_URL is not a database address", "postgresql://"]),
        ("mysql://me@localhost/footwork", ["SQLite or PostgreSQL, not mysql", "unset it"]),
        ("postgresql+asyncpg://me@localhost/x", ["driver 'postgresql+asyncpg' is not installed"]),
    ],
)
def test_a_database_url_footwork_cannot_use_is_explained(url, phrases):
    refused(run("measure", "list", env={"FOOTWORK_DATABASE_URL": url}), *phrases)


def test_connection_hints_fit_the_kind_of_database(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    sqlite = run("measure", "list", env={"FOOTWORK_DATABASE_URL": "sqlite:////dev/null/x.db"})
    assert sqlite.exit_code != 0 and "Traceback" not in said(sqlite)
    assert "PostgreSQL" not in said(sqlite)
    pg = run(
        "measure", "list", env={"FOOTWORK_DATABASE_URL": "postgresql://me@127.0.0.1:1/footwork"}
    )
    assert pg.exit_code == 4, said(pg)
    assert "PostgreSQL server at 127.0.0.1:1 is running" in said(pg)
    assert "locked" not in said(pg)


def test_with_json_a_refusal_is_a_json_object_on_stdout(with_plan, tmp_path):
    result = run("plan", "--ics", str(tmp_path), "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["exit_code"] == 2
    assert f"{tmp_path} is a folder" in error["error"]
    assert "plan.ics" in error["hint"]


def test_with_json_a_database_error_is_a_json_object_on_stdout():
    result = run("measure", "list", "--json", env={"FOOTWORK_DATABASE_URL": "notaurl"})
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == "FOOTWORK_DATABASE_URL is not a database address."


def test_with_json_a_usage_error_in_a_real_process_is_a_json_object(footwork_home):
    done = subprocess.run(
        [sys.executable, "-m", "footwork", "measure", "add", "--json"],
        capture_output=True,
        text=True,
        env=os.environ | {"FOOTWORK_HOME": str(footwork_home)},
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    error = json.loads(done.stdout)
    assert error["exit_code"] == 2
    assert "Missing argument 'KIND'" in error["error"]
    assert error["hint"] == "See: footwork measure add --help"
    assert "Traceback" not in done.stderr


def test_help_shows_readable_value_names_everywhere():
    from typer.main import get_command

    def commands(command, path):
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from commands(sub, [*path, name])

    for path in commands(get_command(build_app()), []):
        result = CliRunner(env={"COLUMNS": "200"}).invoke(build_app(), [*path, "--help"])
        assert result.exit_code == 0, path
        for python_type in ("<bool>", "<list", "range>", "<str>", "<int>", "<float>", "<path>"):
            assert python_type not in result.stdout, (path, python_type, result.stdout)
        assert "<=x" not in result.stdout and "x>=" not in result.stdout, path
