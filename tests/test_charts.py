"""The overview's axis, zoom and bars; the embed's strip; the rail's headings; the normalised
filter URLs and chips. Pure functions: no database except where events are saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.http import QueryDict

from events import charts, links, rail
from events.models import Event


@dataclass(frozen=True)
class Month:
    month: dt.date
    count: int


def months(*rows: tuple[int, int, int]) -> list[Month]:
    return [Month(dt.date(y, m, 1), n) for y, m, n in rows]


@pytest.mark.parametrize(
    ("first", "last", "step", "bars"),
    [(1949, 2022, "year", 74), (2017, 2022, "quarter", 24), (2021, 2021, "month", 12),
     (2020, 2022, "month", 36), (1, 2022, "decade", 203)],
)  # fmt: skip
def test_the_resolution_follows_the_span_and_stays_at_tens_of_bars(first, last, step, bars):
    assert charts.step_for(first, last) == step
    assert len(charts.periods(first, last, step)) == bars


def test_the_window_is_the_chosen_range_drawn_over_the_events_it_matches():
    counted = months((2017, 3, 2), (2021, 1, 7))
    assert charts.Window.around(None, None, counted) == charts.Window(2017, 2021, "quarter")
    # A range wider than its events is drawn over the events.
    wide = charts.Window.around(dt.date(1, 1, 1), dt.date(9999, 12, 31), counted)
    assert (wide.first_year, wide.last_year) == (2017, 2021)
    # A range with no events: its own year.
    assert charts.Window.around(dt.date(3000, 1, 1), None, []) == charts.Window(3000, 3000, "month")


def test_bars_sit_on_a_linear_axis_with_room_for_empty_periods():
    overview = charts.build(months((1949, 4, 1), (2017, 5, 3), (2022, 6, 1)), None, None, "")
    xs = {bar.period.label: bar.x for bar in overview.bars}
    assert xs["1949"] == 0 and abs(xs["2017"] - 68 / 74 * charts.WIDTH) < 0.5
    heights = {bar.period.label: bar.height for bar in overview.bars}
    assert heights["2017"] == charts.BAR_AREA and heights["1950"] == 0
    assert heights["2022"] == pytest.approx(charts.BAR_AREA / 3, abs=0.1)
    assert [bar.period.label for bar in overview.rows] == ["1949", "2017", "2022"]


def test_the_chosen_part_of_the_window_is_marked_and_outside_counts_are_read():
    asked = []

    def counts_for(start, end):
        asked.append((start, end))
        return months((2021, 1, 7), (2021, 6, 2))

    overview = charts.build(
        months((2021, 1, 7)), dt.date(2021, 1, 1), dt.date(2021, 3, 31), "kind=call", counts_for
    )
    assert asked == [(dt.date(2021, 1, 1), dt.date(2021, 12, 31))]
    assert [b.period.label for b in overview.bars if b.selected] == [
        "January 2021", "February 2021", "March 2021"]  # fmt: skip
    assert overview.href(overview.rows[1].period) == "?kind=call&from=2021-06&to=2021-06"
    # The whole window chosen: nothing to mark.
    whole = charts.build(months((2021, 1, 7)), dt.date(2021, 1, 1), dt.date(2021, 12, 31), "")
    assert not any(b.selected for b in whole.bars)


def test_zoom_links_stop_at_the_ends_of_the_calendar():
    first = charts.build(months((1, 5, 1)), dt.date(1, 1, 1), dt.date(1, 12, 31), "")
    labels = [z.label for z in first.zoom]
    assert labels == ["All years", "0s", "1", "2 →"]
    last = charts.build(months((9999, 5, 1)), dt.date(9999, 1, 1), dt.date(9999, 12, 31), "")
    assert [z.label for z in last.zoom] == ["← 9998", "All years", "9990s", "9999"]
    assert [z.current for z in last.zoom] == [False, False, False, True]


def test_the_svg_escapes_the_carried_query_and_names_each_bar():
    overview = charts.build(months((2021, 1, 2)), None, None, "q=%22%3E%3Cscript%3E")
    svg = overview.svg()
    assert "<script>" not in svg and 'aria-label="January 2021: 2 events"' in svg
    assert (
        overview.key == charts.build(months((2021, 1, 2)), None, None, "q=%22%3E%3Cscript%3E").key
    )
    assert overview.key != charts.build(months((2021, 1, 3)), None, None, "").key


def event(pk: int, day: str, precision: str = "day", kind: str = "call", parent=None) -> Event:
    date = dt.date.fromisoformat(day)
    made = Event(pk=pk, slug=f"e{pk}", title=f"E{pk}", kind=kind, date_from=date, date_to=date,
                 date_precision=precision, parent_id=parent)  # fmt: skip
    # What the database computes (Event.sort_date), for these unsaved events.
    made.sort_date = date.replace(month=1, day=1) if precision == "year" else date
    return made


def test_the_strip_puts_close_events_on_separate_lanes():
    strip = charts.strip([event(1, "2021-01-26"), event(2, "2021-01-26"), event(3, "2017-05-01")])
    ys = {m.event.pk: m.y for m in strip.markers}
    assert ys[1] != ys[2] and ys[3] == ys[1]
    xs = {m.event.pk: m.x for m in strip.markers}
    assert xs[3] < xs[1] == xs[2]
    assert strip.ticks[0][1] == "2017"


def test_an_event_known_by_its_year_sorts_at_the_start_of_the_year_under_its_own_heading():
    rows = rail.rows(
        [event(1, "2021-01-26"), event(2, "2021-01-26", "year", "summit"), event(3, "2021-01-25")]
    )
    assert [(r.event.pk, r.year, r.month) for r in rows] == [
        (1, 2021, "January 2021"), (3, None, ""), (2, None, "2021 · month not known")]  # fmt: skip
    oldest = rail.rows([event(2, "2021-01-26", "year"), event(3, "2021-01-25")], oldest_first=True)
    assert [r.event.pk for r in oldest] == [2, 3]


def test_children_hang_from_their_parent_and_continued_pages_repeat_no_heading():
    rows = rail.rows(
        [event(2, "2021-01-26", kind="pledge", parent=1), event(1, "2021-01-26"),
         event(3, "2021-01-20")],
        previous=dt.date(2021, 1, 28),
    )  # fmt: skip
    assert [(r.event.pk, r.attached, r.year, r.month) for r in rows] == [
        (1, False, None, ""), (2, True, None, ""), (3, False, None, "")]  # fmt: skip


def test_filter_urls_keep_only_the_fields_that_are_set():
    query = QueryDict("q=&kind=summit&topic=&place=&from=&to=&order=newest")
    assert links.normalised(query).urlencode() == "kind=summit"
    assert links.needs_normalising(query)
    assert not links.needs_normalising(QueryDict("kind=summit&order=oldest"))


def test_each_active_filter_is_a_chip_that_removes_itself():
    query = QueryDict("kind=call&kind=pledge&q=Putin&order=oldest&after=2021-01-01_3")
    chips = links.chips(query, {"kind": {"call": "Call", "pledge": "Pledge"}})
    assert links.chips(QueryDict("q=x"), {})[0].href == ""  # the timeline's own path
    assert [(c.label, c.href) for c in chips] == [
        ("Call", "?kind=pledge&q=Putin&order=oldest"),
        ("Pledge", "?kind=call&q=Putin&order=oldest"),
        ("Search: Putin", "?kind=call&kind=pledge&order=oldest"),
    ]


def test_a_period_is_one_chip():
    chips = links.chips(QueryDict("kind=call&from=2021&to=2021"), {"kind": {"call": "Call"}})
    assert [(c.label, c.href) for c in chips] == [
        ("Call", "?from=2021&to=2021"),
        ("2021", "?kind=call"),
    ]
    wide = links.chips(QueryDict("from=2017&to=2021-03"), {})
    assert [(c.label, c.href) for c in wide] == [("2017 – 2021-03", "")]
    only_start = links.chips(QueryDict("from=2017"), {})
    assert [(c.label, c.href) for c in only_start] == [("From: 2017", "")]
