from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.dates import dateline, find_expressions, offset_of, resolve, tense_of

TUE = dt.date(2021, 1, 26)  # a Tuesday
THU = dt.date(2018, 5, 17)


def only(text: str, anchor: dt.date, tense: str | None = None):
    exprs = [e for e in find_expressions(text) if e.kind != "blocker"]
    assert len(exprs) == 1, exprs
    found = resolve(exprs[0], anchor, tense or tense_of(text))
    return found and (found.start.isoformat(), found.end.isoformat(), found.precision)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # a bare weekday is the latest such day, the publication day itself included
        ("Biden spoke Tuesday with Stoltenberg", TUE, ("2021-01-26", "2021-01-26", "day")),
        ("Biden spoke to Putin on Tuesday", TUE, ("2021-01-26", "2021-01-26", "day")),
        ("They met on Friday", TUE, ("2021-01-22", "2021-01-22", "day")),
        ("They will meet on Friday", TUE, ("2021-01-29", "2021-01-29", "day")),
        ("They met last Tuesday", TUE, ("2021-01-19", "2021-01-19", "day")),
        ("They met last Monday", TUE, ("2021-01-25", "2021-01-25", "day")),
        ("They will meet next Tuesday", TUE, ("2021-02-02", "2021-02-02", "day")),
        # weeks, months and years are calendar periods
        ("Austin talked to Stoltenberg last week", TUE, ("2021-01-18", "2021-01-24", "week")),
        ("They speak this week", TUE, ("2021-01-25", "2021-01-31", "week")),
        ("Talks resumed last month", TUE, ("2020-12-01", "2020-12-31", "month")),
        ("The summit in Brussels later this year", TUE, ("2021-01-26", "2021-12-31", "year")),
        ("Trump said it earlier this year", TUE, ("2021-01-01", "2021-01-26", "year")),
        ("The treaty was signed last year", TUE, ("2020-01-01", "2020-12-31", "year")),
        # windows counted from the anchor day, which they include
        ("Over the next two days, leaders will meet", TUE, ("2021-01-26", "2021-01-27", "day")),
        ("They met twice in the past three days", TUE, ("2021-01-24", "2021-01-26", "day")),
        ("within the next two weeks", TUE, ("2021-01-26", "2021-02-08", "day")),
        # "set for" looks ahead
        ("The meeting is set for Friday", TUE, ("2021-01-29", "2021-01-29", "day")),
        # absolute dates
        ("signed the Washington Treaty on April 4, 1949", THU, ("1949-04-04", "1949-04-04", "day")),
        ("signed on 4 April 1949", THU, ("1949-04-04", "1949-04-04", "day")),
        ("dated 2022-03-24 in the archive", THU, ("2022-03-24", "2022-03-24", "day")),
        ("a successful July 11-12, 2018, NATO Summit", THU, ("2018-07-11", "2018-07-12", "day")),
        ("from June 30 – July 2, 2022", THU, ("2022-06-30", "2022-07-02", "day")),
        ("In May 2017, Trump met Stoltenberg", THU, ("2017-05-01", "2017-05-31", "month")),
        ("In 2017, NATO deployed a new presence", THU, ("2017-01-01", "2017-12-31", "year")),
        # a month and day without a year: the nearest in the tense's direction
        (
            "On March 31, Tillerson visited Brussels",
            dt.date(2017, 3, 31),
            ("2017-03-31", "2017-03-31", "day"),
        ),
        ("They met on Dec. 12", TUE, ("2020-12-12", "2020-12-12", "day")),
        ("They will meet on Feb. 15", TUE, ("2021-02-15", "2021-02-15", "day")),
        # named and partial months
        ("Last May, NATO Allies adopted a plan", THU, ("2017-05-01", "2017-05-31", "month")),
        ("Last March, NATO Allies adopted a plan", THU, ("2018-03-01", "2018-03-31", "month")),
        (
            "the summit, which will be in late June",
            dt.date(2022, 3, 24),
            ("2022-06-21", "2022-06-30", "month"),
        ),
        ("Allies met in early June", dt.date(2022, 9, 1), ("2022-06-01", "2022-06-10", "month")),
        ("Allies met in mid-June 2019", THU, ("2019-06-11", "2019-06-20", "month")),
        ("Allies met in June", dt.date(2022, 9, 1), ("2022-06-01", "2022-06-30", "month")),
        # relative days
        ("Yesterday, Jake said so", dt.date(2022, 3, 24), ("2022-03-23", "2022-03-23", "day")),
        ("came up at NATO today", dt.date(2022, 3, 24), ("2022-03-24", "2022-03-24", "day")),
        ("They spoke two days ago", TUE, ("2021-01-24", "2021-01-24", "day")),
        # September keeps its name (once read as "Sepember" and lost)
        (
            "Allies invoked Article 5 on 12 September",
            dt.date(2001, 10, 2),
            ("2001-09-12", "2001-09-12", "day"),
        ),
        ("signed in Sept. 2019", THU, ("2019-09-01", "2019-09-30", "month")),
        # parts of a year and seasons: wide enough for either reading of a season
        ("a Road Map signed in late 2023", THU, ("2023-09-01", "2023-12-31", "month")),
        ("agreed in early 2022", THU, ("2022-01-01", "2022-04-30", "month")),
        ("At the summit last summer", dt.date(2023, 4, 5), ("2022-06-01", "2022-09-22", "month")),
        ("They will meet next spring", dt.date(2023, 4, 5), ("2024-03-01", "2024-06-20", "month")),
        ("met in the summer of 2019", THU, ("2019-06-01", "2019-09-22", "month")),
        # a day range without its year, in the tense's direction
        (
            "The summit will be held in Ankara on July 7-8",
            dt.date(2025, 8, 19),
            ("2026-07-07", "2026-07-08", "day"),
        ),
        ("They met from 9 to 11 July", dt.date(2024, 7, 20), ("2024-07-09", "2024-07-11", "day")),
        # a span of days from a first day
        (
            "For three days beginning on April 23, members will meet",
            dt.date(1999, 3, 12),
            ("1999-04-23", "1999-04-25", "day"),
        ),
        # the weekend before (or, in the future tense, after) the anchor
        (
            "my meeting with Erdogan over the weekend",
            dt.date(2023, 10, 23),
            ("2023-10-21", "2023-10-22", "week"),
        ),
        ("They will meet this weekend", TUE, ("2021-01-30", "2021-01-31", "week")),
        # anniversaries: "on this day in 1949", "twenty-five years ago, on this very day"
        (
            "So on this day in 1949, ministers came together",
            dt.date(2024, 4, 4),
            ("1949-04-04", "1949-04-04", "day"),
        ),
        (
            "Twenty-five years ago, on this very day, Poland joined NATO",
            dt.date(2024, 3, 12),
            ("1999-03-12", "1999-03-12", "day"),
        ),
        (
            "Twenty-five years ago Poland joined NATO",
            dt.date(2024, 3, 12),
            ("1999-01-01", "1999-12-31", "year"),
        ),
        # a live blog's entry stamp: the page's day or, in another time zone, the day before
        (
            "2326 GMT — Erdogan and Orban hold talks",
            dt.date(2024, 7, 10),
            ("2024-07-09", "2024-07-10", "day"),
        ),
        ("The vote passed 11 hours ago", dt.date(2024, 7, 10), ("2024-07-09", "2024-07-10", "day")),
        # parts of relative periods
        ("They met late last year", dt.date(2021, 3, 17), ("2020-09-01", "2020-12-31", "month")),
        ("at the end of last month", dt.date(2021, 3, 17), ("2021-02-21", "2021-02-28", "month")),
        ("They met this past weekend", dt.date(2021, 3, 17), ("2021-03-13", "2021-03-14", "week")),
        # a year before a summit names it
        ("The 2026 NATO summit will be held in Ankara", THU, ("2026-01-01", "2026-12-31", "year")),
    ],
)
def test_expression_resolves_to_its_range(text, anchor, expected):
    assert only(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "published", "filed"),
    [
        (
            "WASHINGTON, April 4 ─ (AP) ─ 12 nations today signed a treaty.",
            "1949-04-05",
            "1949-04-04",
        ),
        (
            "Madrid, 8 July 1997 (RFE/RL) - NATO heads of state met today.",
            "1997-07-08",
            "1997-07-08",
        ),
        (
            "OTTAWA, ON, March 7, 2024 /CNW/ - The Prime Minister issued a statement.",
            "2024-03-07",
            "2024-03-07",
        ),
        (
            "BRUSSELS, Belgium, Feb. 10 (UPI) — NATO was plunged into crisis.",
            "2003-02-10",
            "2003-02-10",
        ),
        (
            "Official text\n\n3 April 2008\n\nNATO decisions on open-door policy",
            "2008-04-03",
            "2008-04-03",
        ),
        # a dateline after the publication day, or long before it, is not the day of filing
        ("WASHINGTON, April 9 (AP) - Talks went on.", "1949-04-05", None),
        ("Updated: 9 April 2009\n\nThe Council met.", "2009-04-10", None),
    ],
)
def test_a_dateline_gives_the_day_a_dispatch_was_filed(text, published, filed):
    found = dateline(text, dt.date.fromisoformat(published))
    assert (found.isoformat() if found else None) == filed


def test_anniversary_counts_back_from_the_anchor():
    text = "today marks the one-month anniversary of the launch of Russian aggression"
    expr = next(e for e in find_expressions(text) if e.kind == "anniversary")
    found = resolve(expr, dt.date(2022, 3, 24))
    assert (found.start, found.end) == (dt.date(2022, 2, 24), dt.date(2022, 2, 24))


def test_expressions_carry_offsets_into_the_text():
    text = "Biden spoke to Putin on Tuesday and Merkel last week."
    assert [(text[e.start : e.end], e.kind) for e in find_expressions(text, 0)] == [
        ("on Tuesday", "weekday"),
        ("last week", "period"),
    ]
    shifted = find_expressions(text, 100)
    assert shifted[0].start == 100 + text.index("on Tuesday")


@pytest.mark.parametrize(
    "text",
    ["Trump may meet Stoltenberg", "Do not", "a plan", "one of 12 members", "the 2020 election"],
)
def test_words_that_dateparser_would_take_for_dates_are_not_expressions(text):
    assert find_expressions(text) == []


def test_a_deadline_is_marked_as_such():
    expr = find_expressions("complete the extension by Feb. 5, when the pact expires")[0]
    assert expr.deadline and expr.text == "Feb. 5"


@pytest.mark.parametrize(
    ("text", "days"),
    [("a day after he spoke", 1), ("two weeks before the summit", -14), ("the next day", 1),
     ("three days later", 3)],
)  # fmt: skip
def test_offsets_relative_to_another_event(text, days):
    expr = next(e for e in find_expressions(text) if e.kind == "offset")
    assert offset_of(expr).days == days


def test_undatable_context_is_a_blocker():
    kinds = [e.kind for e in find_expressions("spoke with him during the presidential transition")]
    assert kinds == ["blocker"]


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("Biden spoke with Stoltenberg", "past"),
        ("Biden will speak with Stoltenberg", "future"),
        ("he looked ahead to the Madrid summit", "future"),
        ("Trump and Stoltenberg have met numerous times", "present"),
        ("NATO has recommitted to developing capabilities", "present"),
    ],
)
def test_tense(text, tense):
    assert tense_of(text) == tense


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("met on 14 and 15 February 2023 in Brussels", ("2023-02-14", "2023-02-15")),
        ("the summit on 9-11 July 2024 in Washington", ("2024-07-09", "2024-07-11")),
        ("from June 30 – July 2, 2022", ("2022-06-30", "2022-07-02")),
        ("on July 11 and 12, 2018", ("2018-07-11", "2018-07-12")),
    ],
)
def test_day_ranges_in_both_orders(text, expected):
    (expr,) = [e for e in find_expressions(text) if e.kind == "day_range"]
    found = resolve(expr, THU)
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (*expected, "day")
