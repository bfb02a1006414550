"""What the English bundle's temporal words mean (events/extraction/lang/en.yaml, `temporal`),
read through dates.py: shifts, relative periods and relative days."""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.dates import find_expressions, offset_of, resolve
from events.extraction.lang import load_language


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("the day after", 1),
        ("the day before", -1),
        ("the day earlier", -1),
        ("the next day", 1),
        ("the previous day", -1),
        ("two weeks before", -14),
        ("three days later", 3),
    ],
)
def test_a_shifts_direction_is_the_meaning_its_word_has_in_the_bundle(text, days):
    [expr] = find_expressions(text)
    assert offset_of(expr).days == days


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("last week", "2024-02-26", "2024-03-03"),
        ("next month", "2024-04-01", "2024-04-30"),
        ("later this year", "2024-03-07", "2024-12-31"),
        ("earlier this month", "2024-03-01", "2024-03-07"),
        ("yesterday", "2024-03-06", "2024-03-06"),
        ("last night", "2024-03-06", "2024-03-06"),
        ("this evening", "2024-03-07", "2024-03-07"),
    ],
)
def test_relative_words_resolve_by_their_meaning(text, start, end):
    [expr] = find_expressions(text)
    found = resolve(expr, dt.date(2024, 3, 7))
    assert (str(found.start), str(found.end)) == (start, end)


def test_every_kind_of_temporal_expression_has_its_words_in_the_bundle():
    words = load_language().temporal
    assert set(words.relative) == {"last", "this", "next"}
    assert {"day", "week", "month", "year"} <= set(words.units)
    assert set(words.period_modifiers.values()) <= {
        "previous", "current", "following", "until_anchor", "from_anchor",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # the longest match, "next Jan", leaves out the number that made "Jan" a month
        ("They will meet next Jan 3.", "2025-01-01", "2025-01-31"),
        ("It ended in mid-Sep 12.", "2023-09-11", "2023-09-20"),
    ],
)
def test_a_month_abbreviation_cut_from_its_number_is_still_that_month(text, start, end):
    [expr] = find_expressions(text)
    found = resolve(expr, dt.date(2024, 3, 7), "future" if "will" in text else "past")
    assert (str(found.start), str(found.end)) == (start, end)
