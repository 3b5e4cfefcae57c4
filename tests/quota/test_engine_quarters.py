"""quota.engine.quarters: quarter parsing, months and calendar-month addition (Q-5, Q-16, C-4)."""

from datetime import date

import pytest

from quota.engine import InvalidQuarter, Quarter, add_months


def test_it_parses_and_writes_a_quarter_q16():
    quarter = Quarter.parse("2025-Q2")
    assert (quarter.year, quarter.number, str(quarter)) == (2025, 2, "2025-Q2")
    assert quarter.first_day == date(2025, 4, 1)
    assert quarter.last_day == date(2025, 6, 30)
    assert quarter.months == (date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1))


@pytest.mark.parametrize(
    "text",
    [
        "2025-Q5",
        "2025-Q0",
        "2025Q1",
        "25-Q1",
        "2025-q1",
        " 2025-Q1",
        "2025-Q1 ",
        "2025-Q1\n",
        "\u0662\u0660\u0662\u0665-Q1",
        "",
        "0001-Q1",
        "9999-Q4",
    ],
)
def test_it_refuses_an_impossible_quarter_q16(text):
    with pytest.raises(InvalidQuarter):
        Quarter.parse(text)


@pytest.mark.parametrize("value", [None, 20252, ["2025-Q2"]])
def test_it_refuses_a_quarter_that_is_not_a_string_q16(value):
    with pytest.raises(InvalidQuarter):
        Quarter.parse(value)


def test_it_crosses_a_year_for_the_previous_quarter_q16():
    assert Quarter.parse("2025-Q1").previous == Quarter(2024, 4)
    assert Quarter(2024, 4).months[-1] == date(2024, 12, 1)
    assert Quarter(2024, 4).next == Quarter(2025, 1)


def test_it_puts_the_cutoff_on_the_14th_of_the_month_after_the_quarter_c4():
    assert Quarter.parse("2025-Q2").cutoff_date() == date(2025, 7, 14)
    assert Quarter.parse("2024-Q4").cutoff_date() == date(2025, 1, 14)


def test_it_finds_the_quarter_containing_a_day():
    assert Quarter.containing(date(2025, 12, 31)) == Quarter(2025, 4)
    assert Quarter(2025, 4).contains(date(2025, 10, 1))
    assert not Quarter(2025, 4).contains(date(2026, 1, 1))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 11, 30), 3, date(2025, 2, 28)),  # contracts.md quota decision 3
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 1), 3, date(2025, 6, 1)),
        (date(2024, 7, 1), 12, date(2025, 7, 1)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
    ],
)
def test_it_adds_calendar_months_with_last_day_fallback_qd9(day, months, expected):
    assert add_months(day, months) == expected


def test_it_saturates_calendar_months_at_the_ends_of_the_calendar():
    assert add_months(date(9999, 11, 1), 3) == date.max
    assert add_months(date(1, 2, 1), -3) == date.min
