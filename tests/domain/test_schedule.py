"""The times of a day's training: chosen, checked, and filled in when more bouts are planned."""

from __future__ import annotations

import itertools
from datetime import time

import pytest

from footwork.domain.schedule import DEFAULT_TIMES, day_times, format_times, parse_times
from footwork.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected", "message"),
    [
        ("07:30, 12:00 18:15", (time(7, 30), time(12), time(18, 15)), None),
        ("18:00;6:45", (time(6, 45), time(18)), None),
        ("7h30", (time(7, 30),), None),
        ("", None, "at least one time"),
        ("25:00", None, "not a time of day"),
        ("noon", None, "not a time of day"),
        ("07:30, 07:45", None, "less than 30 minutes apart"),
        (", ".join(["06:00"] * 9), None, "at most 8 times"),
    ],
)
def test_times_of_day_are_read_as_people_write_them(text, expected, message):
    if message:
        with pytest.raises(InvalidInput, match=message):
            parse_times(text)
    else:
        assert parse_times(text) == expected


def test_the_defaults_spread_four_bouts_over_the_day():
    assert format_times(day_times(None, 4)) == "07:30, 12:30, 17:00, 20:00"
    assert day_times(None, 3) == list(DEFAULT_TIMES[:3])


def test_more_bouts_than_chosen_times_follow_the_last_two_hours_apart():
    assert format_times(day_times([time(8), time(13)], 4)) == "08:00, 13:00, 15:00, 17:00"
    late = day_times([time(23)], 3)
    assert late[0] == time(23) and all(a < b for a, b in itertools.pairwise(late))
