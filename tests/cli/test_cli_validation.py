"""The terminal refuses what the domain limits refuse, and reads on an empty home write nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner, Result

from footwork.cli.main import build_app


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(build_app(), list(args))
    assert result.exit_code == code, (result.output, result.exception)
    return result


def said(result: Result) -> str:
    return " ".join(result.output.split())


def people() -> list:
    return json.loads(run("person", "list", "--json").stdout)


def measurements() -> list:
    return json.loads(run("measure", "list", "--json").stdout)


@pytest.fixture(autouse=True)
def _database(database_url: str) -> None:
    """Each test on its own database (SQLite, and PostgreSQL when configured)."""


def test_a_negative_value_is_out_of_range_not_an_unknown_option():
    result = run("measure", "add", "big-toe-extension", "-5", "--side", "left", code=2)
    assert "Big-toe extension of -5 deg is outside what a human foot shows" in said(result)
    assert "No such option" not in said(result)


def test_a_mistyped_option_is_still_reported_as_one():
    result = run("measure", "add", "big-toe-extension", "--sidee", code=2)
    assert "No such option: --sidee" in said(result)


@pytest.mark.parametrize(
    ("typed", "says"),
    [("4_8", "'4_8' is not a number"), ("1,000", "ambiguous"), ("1e2", "is not a number"),
     ("nan", "is not a number"), ("true", "is not a number")],
)  # fmt: skip
def test_loose_numbers_are_refused_and_nothing_is_stored(typed, says):
    result = run("measure", "add", "big-toe-extension", typed, "--side", "left", code=2)
    assert says in said(result)
    assert measurements() == []


def test_a_decimal_comma_is_read_as_a_decimal_point():
    run("measure", "add", "big-toe-extension", "48,5", "--side", "left")
    assert [m["value"] for m in measurements()] == [48.5]


@pytest.mark.parametrize("when", ["2099-01-01", "9999-12-31", "0001-01-01", "1899-12-31"])
def test_a_measurement_or_outcome_out_of_the_date_range_is_refused(when):
    toe = run("measure", "add", "big-toe-extension", "48", "-s", "left", "--date", when, code=2)
    assert when in said(toe)
    pain = run("outcome", "add", "pain", "3", "--date", when, code=2)
    assert when in said(pain)
    assert measurements() == [] and people() == []


def test_tomorrow_is_the_future_and_today_is_not():
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = run("measure", "add", "big-toe-extension", "48", "-s", "left", "--date", tomorrow,
                 code=2)  # fmt: skip
    assert "is in the future" in said(result)
    run(
        "measure",
        "add",
        "big-toe-extension",
        "48",
        "-s",
        "left",
        "--date",
        date.today().isoformat(),
    )
    assert len(measurements()) == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [(["squat-1rm", "1e308"], "is not a number"),
     (["squat-1rm", "2000"], "squat-1rm of 2000 kg is out of range: 0 to 1000 kg"),
     (["squat-1rm", "-5"], "squat-1rm of -5 kg is out of range"),
     (["5k-time", "24", "--unit", "lightyears"], "Unknown unit 'lightyears' for an outcome"),
     (["pain", "11"], "pain of 11 is out of range: 0 to 10")],
)  # fmt: skip
def test_outcomes_are_bounded_and_take_units_from_the_list(args, says):
    assert says in said(run("outcome", "add", *args, code=2))
    assert people() == []


def test_an_outcome_in_another_unit_is_kept_and_said_not_to_be_charted():
    result = run("outcome", "add", "grip", "40", "--unit", "other")
    assert "not charted" in said(result)


def test_listing_on_an_empty_home_creates_no_profile():
    assert "No measurements yet" in said(run("measure", "list"))
    run("progress")
    run("assess", "--show")
    assert people() == []


def test_person_me_on_an_empty_home_follows_the_same_rule_as_no_person():
    assert (
        measurements() == []
        and json.loads(run("measure", "list", "-p", "me", "--json").stdout) == []
    )
    run("measure", "add", "big-toe-extension", "48", "-s", "left", "--person", "me")
    assert [p["name"] for p in people()] == ["me"]
    run("measure", "add", "big-toe-extension", "50", "-s", "right")
    assert len(measurements()) == 2
    assert "No person called 'bob'" in said(run("measure", "list", "-p", "bob", code=3))


def test_a_blank_name_says_it_is_empty():
    result = run("person", "add", "   ", code=2)
    assert "The name is empty" in said(result) and "shorter" not in said(result)
    assert "at most 120 fit" in said(run("person", "add", "x" * 121, code=2))
