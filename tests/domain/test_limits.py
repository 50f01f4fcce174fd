"""The input limits every interface shares: numbers as typed, dates, names, outcome units."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from footwork.domain import limits as L
from footwork.errors import InvalidInput

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("48", 48.0), (" 8.5 ", 8.5), ("-3", -3.0), (".5", 0.5), ("48,5", 48.5), ("1,5000", 1.5),
     ("+2", 2.0), ("0", 0.0)],
)  # fmt: skip
def test_plain_decimals_and_an_unambiguous_decimal_comma_are_read(typed, expected):
    assert L.parse_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [("4_8", "not a number"), ("1,000", "ambiguous"), ("12,345,678", "ambiguous"),
     ("1e3", "not a number"), ("nan", "not a number"), ("inf", "not a number"),
     ("true", "not a number"), ("", "not a number"), ("4 8", "not a number"),
     ("1.2.3", "not a number"), ("9" * 400, "out of range")],
)  # fmt: skip
def test_anything_else_is_refused_with_the_reason(typed, says):
    with pytest.raises(InvalidInput, match=says):
        L.parse_number(typed)


@pytest.mark.parametrize(
    "when",
    [datetime(1900, 1, 1), datetime(2026, 11, 25, 23, 59),
     datetime(2026, 11, 24, 23, 30, tzinfo=UTC)],
)  # fmt: skip
def test_dates_from_1900_to_today_are_kept(when):
    assert L.check_moment(when, TODAY).tzinfo is None


@pytest.mark.parametrize(
    ("when", "says"),
    [(datetime(1899, 12, 31), "before 1900"), (datetime(1, 1, 1), "before 1900"),
     (datetime(9999, 12, 31), "in the future"), (datetime(2026, 11, 26, 0, 1), "in the future")],
)  # fmt: skip
def test_dates_before_1900_or_after_today_are_refused(when, says):
    with pytest.raises(InvalidInput, match=says):
        L.check_moment(when, TODAY)


def test_a_blank_name_is_empty_and_a_long_one_too_long():
    with pytest.raises(InvalidInput, match="The name is empty") as blank:
        L.check_name("  ")
    assert "shorter" not in str(blank.value)
    with pytest.raises(InvalidInput, match="at most 120"):
        L.check_name("x" * 121)
    assert L.check_name("  Sam ") == "Sam"


def test_outcome_units_come_from_the_list_and_bound_the_value():
    assert L.parse_outcome_unit(None, "squat-1rm").key == "kg"
    assert L.parse_outcome_unit("Kilograms", "x").key == "kg"
    assert L.parse_outcome_unit("other", "x").charted is False
    with pytest.raises(InvalidInput, match="Unknown unit 'lightyears'"):
        L.parse_outcome_unit("lightyears", "x")
    L.check_outcome_value("squat-1rm", 500, L.OUTCOME_UNITS["kg"])
    for value in (1e308, -1, float("inf"), float("nan")):
        with pytest.raises(InvalidInput):
            L.check_outcome_value("squat-1rm", value, L.OUTCOME_UNITS["kg"])
    with pytest.raises(InvalidInput, match="whole number"):
        L.check_outcome_value("pain", 2.5, L.OUTCOME_UNITS["/10"])


def test_every_outcome_kind_names_a_listed_unit():
    assert {unit for unit, _ in L.OUTCOME_KINDS.values()} <= set(L.OUTCOME_UNITS)
