"""The timeline's overview: events over time on a linear axis, server-rendered SVG.

The axis is proportional to time (a gap of decades looks like decades) and is drawn at the
resolution of its zoom level: one bar per year over the whole timeline, per quarter over a few
years to a dozen, per month over three years or less, so it holds tens of bars whatever the
number of events. The zoom level follows the date filter itself: a bar links to its period,
which is then drawn a level finer, and the zoom links set or clear the period. Geometry here,
markup built here too (a template would spend most of a request on the bars)."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING, Protocol

from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from events.filters import TimelineFilters
    from events.models import Event

WIDTH = 960  # the viewBox: the SVG scales to its box
BAR_AREA = 56
LABEL_ROOM = 16
MIN_LABEL_GAP = 44  # in viewBox units: labels closer than this are thinned
MONTH_ABBR = list(calendar.month_abbr)
MONTH_NAMES = list(calendar.month_name)
_ORDER = re.compile(r"(?:^|&)order=[^&]*")


class MonthCounted(Protocol):
    """What the timeline's month counts give: a month (its first day) and a count."""

    month: dt.date
    count: int


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # the last day
    label: str  # "1999", "Q2 1999", "May 1999"
    param_from: str  # the filter values that select it: "1999", "1999-04"
    param_to: str


@dataclass(frozen=True)
class Bar:
    period: Period
    count: int
    x: float
    width: float
    height: float
    selected: bool


@dataclass(frozen=True)
class ZoomLink:
    label: str
    query: str
    current: bool


def _month_key(m: MonthCounted) -> tuple[int, int]:
    return m.month.year, m.month.month


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods(first_year: int, last_year: int, step: str) -> list[Period]:
    """Every period of the window, empty ones included: the axis is linear."""
    found = []
    if step == "decade":
        for decade in range(first_year // 10 * 10, last_year + 1, 10):
            start, end = max(decade, first_year), min(decade + 9, last_year)
            found.append(Period(dt.date(start, 1, 1), dt.date(end, 12, 31), f"{decade}s",
                                str(start), str(end)))  # fmt: skip
        return found
    for year in range(first_year, last_year + 1):
        if step == "year":
            found.append(Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year),
                                str(year), str(year)))  # fmt: skip
            continue
        months = 3 if step == "quarter" else 1
        for first in range(1, 13, months):
            last = first + months - 1
            label = (
                f"Q{(first - 1) // 3 + 1} {year}" if months == 3 else f"{MONTH_NAMES[first]} {year}"
            )
            found.append(Period(dt.date(year, first, 1), _last_day(year, last), label,
                                f"{year}-{first:02d}", f"{year}-{last:02d}"))  # fmt: skip
    return found


def step_for(first_year: int, last_year: int) -> str:
    span = last_year - first_year + 1
    if span > 120:  # tens of bars still, whatever the dates
        return "decade"
    return "year" if span > 12 else "quarter" if span > 3 else "month"


@dataclass(frozen=True)
class Window:
    first_year: int
    last_year: int
    step: str

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.last_year, 12, 31)

    @classmethod
    def around(
        cls, date_from: dt.date | None, date_to: dt.date | None, months: Sequence[MonthCounted]
    ) -> Window:
        """Whole years around the chosen period, or around the matching events without one."""
        years = [m.month.year for m in months if m.count]
        if years:  # a range wider than the events it matches is drawn over those events
            first = max(date_from.year, min(years)) if date_from else min(years)
            last = min(date_to.year, max(years)) if date_to else max(years)
        else:
            only = date_from or date_to
            first = last = only.year if only else dt.date.today().year
        last = max(first, last)
        return cls(first, last, step_for(first, last))


@dataclass(frozen=True)
class Overview:
    window: Window
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    zoom: list[ZoomLink]
    base: str  # the query string of the other filters
    chosen: tuple[dt.date | None, dt.date | None]
    path: str = ""  # where the links go: the timeline itself when empty

    @property
    def rows(self) -> list[Bar]:
        """The counts for the table that screen readers get: periods with events."""
        return [bar for bar in self.bars if bar.count]

    def href(self, period: Period) -> str:
        query = f"{self.base}&" if self.base else ""
        return f"{self.path}?{query}from={period.param_from}&to={period.param_to}"

    @property
    def key(self) -> str:
        """Changes when the drawing does, the order of the list aside (with JavaScript, the
        overview's links set the dates alone): the fragment leaves out an overview the page
        has."""
        drawn = (self.window, [(b.count, b.selected) for b in self.bars],
                 [(z.label, z.current) for z in self.zoom], _ORDER.sub("", self.base))  # fmt: skip
        return hashlib.sha256(repr(drawn).encode()).hexdigest()[:12]

    def svg(self, title: str = "Events over time") -> SafeString:
        return _svg(self, title)


def build(
    months: Sequence[MonthCounted],
    date_from: dt.date | None,
    date_to: dt.date | None,
    base: str,
    counts_for: Callable[[dt.date, dt.date], Sequence[MonthCounted]] | None = None,
    path: str = "",
) -> Overview:
    """The overview of the events counted in `months` (those matching the filters, the date
    range included). Outside the chosen range the window shows what the same filters match
    there, read with `counts_for(start, end)` (which takes the other filters); `base` is the
    query string of the other filters, for the links."""
    window = Window.around(date_from, date_to, months)
    covers = (date_from in (None, window.start)) and (date_to in (None, window.end))
    if not covers and counts_for is not None:
        months = counts_for(window.start, window.end)
    by_month = {_month_key(m): m.count for m in months}
    return Overview(
        window=window,
        bars=_bars(window, by_month, date_from, date_to),
        ticks=_ticks(window),
        zoom=_zoom(window, base, date_from, date_to),
        base=base,
        chosen=(date_from, date_to),
        path=path,
    )


def for_filters(
    filters: TimelineFilters,
    base: str,
    path: str = "",
    months: Sequence[MonthCounted] | None = None,
) -> Overview:
    """The overview of the events the filters match, from their month counts (cached; pass
    `months` when the caller has them)."""
    from events.timeline import month_counts

    def counts_for(start: dt.date, end: dt.date) -> Sequence[MonthCounted]:
        return month_counts(replace(filters, date_from=start, date_to=end, after=None))

    if months is None:
        months = month_counts(filters)
    return build(months, filters.date_from, filters.date_to, base, counts_for, path)


def _x(window: Window, day: dt.date, *, end: bool = False) -> float:
    """Where a day starts on the axis (or ends: `end`; no day after 9999-12-31 is needed)."""
    total = (window.end - window.start).days + 1
    return round(((day - window.start).days + end) / total * WIDTH, 1)


def _bars(
    window: Window,
    by_month: dict[tuple[int, int], int],
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> list[Bar]:
    spans = periods(window.first_year, window.last_year, window.step)
    starts = [p.start for p in spans]
    counts = [0] * len(spans)
    for (year, month), n in by_month.items():
        day = dt.date(year, month, 1)
        i = bisect_right(starts, day) - 1
        if i >= 0 and day <= spans[i].end:
            counts[i] += n
    counted = list(zip(spans, counts, strict=True))
    top = max((n for _, n in counted), default=0) or 1
    # The chosen range is marked when it is part of the window only.
    chosen = bool((date_from and date_from > window.start) or (date_to and date_to < window.end))
    bars = []
    for period, count in counted:
        x0 = _x(window, period.start)
        x1 = _x(window, period.end, end=True)
        height = round(max(2.0, count / top * BAR_AREA), 1) if count else 0.0
        selected = (
            chosen
            and (date_from is None or period.end >= date_from)
            and (date_to is None or period.start <= date_to)
        )
        gap = 1.0 if x1 - x0 > 3 else 0.0
        bars.append(Bar(period, count, x0, round(x1 - x0 - gap, 1), height, selected))
    return bars


def _ticks(window: Window) -> list[tuple[float, str]]:
    if window.step == "month":
        months_per_label = 1 if window.last_year == window.first_year else 3
        ticks = []
        for year in range(window.first_year, window.last_year + 1):
            for month in range(1, 13, months_per_label):
                # One year's window is named by the zoom links: its months need no year.
                several = window.last_year > window.first_year
                label = (
                    f"{MONTH_ABBR[month]} {year}" if month == 1 and several else MONTH_ABBR[month]
                )
                ticks.append((_x(window, dt.date(year, month, 1)), label))
        return ticks
    years = window.last_year - window.first_year + 1
    per_year = WIDTH / years
    every = next((k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500) if k * per_year >= MIN_LABEL_GAP),
                 1000)  # fmt: skip
    return [
        (_x(window, dt.date(year, 1, 1)), str(year))
        for year in range(window.first_year, window.last_year + 1)
        if year % every == 0 or (year == window.first_year and (year % every) * 2 < every)
    ]


def _zoom(
    window: Window, base: str, date_from: dt.date | None, date_to: dt.date | None
) -> list[ZoomLink]:
    """All years; the decade; the year; and the windows either side when zoomed in."""
    query = f"{base}&" if base else ""

    def link(label: str, first: int, last: int) -> ZoomLink:
        current = (date_from, date_to) == (dt.date(first, 1, 1), dt.date(last, 12, 31))
        return ZoomLink(label, f"{query}from={first}&to={last}", current)

    links = [ZoomLink("All years", base, date_from is None and date_to is None)]
    if window.step != "year" or date_from or date_to:
        decade = window.first_year // 10 * 10
        links.append(link(f"{decade}s", max(decade, 1), decade + 9))
        if window.first_year == window.last_year:
            links.append(link(str(window.first_year), window.first_year, window.first_year))
        span = window.last_year - window.first_year + 1
        if window.first_year - span >= 1:
            earlier = link(f"← {_span_label(window.first_year - span, span)}",
                           window.first_year - span, window.first_year - 1)  # fmt: skip
            links.insert(0, earlier)
        if window.last_year + span <= 9999:
            later = link(f"{_span_label(window.last_year + 1, span)} →",
                         window.last_year + 1, window.last_year + span)  # fmt: skip
            links.append(later)
    return links


def _span_label(first: int, span: int) -> str:
    return str(first) if span == 1 else f"{first}–{first + span - 1}"


def _plural(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def _svg(overview: Overview, title: str) -> SafeString:
    """Each bar with events a link to its period (the keyboard reaches it; its name says the
    period and the count); the other filters carried in every link, escaped. The bars stretch
    to the width of the page (an inner SVG without aspect ratio); the labels, placed in
    percent, keep their size."""
    parts = []
    top = BAR_AREA
    for bar in overview.bars:
        if not bar.count:
            continue
        href = escape(overview.href(bar.period))
        name = escape(f"{bar.period.label}: {_plural(bar.count)}")
        css = "bar sel" if bar.selected else "bar"
        # The hit area is the whole column, so that a short bar is easy to click.
        parts.append(
            f'<a href="{href}" class="{css}" aria-label="{name}">'
            f'<rect class="hit" x="{bar.x}" y="0" width="{bar.width}" height="{top}"/>'
            f'<rect x="{bar.x}" y="{round(top - bar.height, 1)}" width="{bar.width}" '
            f'height="{bar.height}"/></a>'
        )
    chosen = [b for b in overview.bars if b.selected]
    if chosen:
        x0, x1 = chosen[0].x, chosen[-1].x + chosen[-1].width
        parts.insert(0, f'<rect class="range" x="{x0}" y="0" width="{round(x1 - x0, 1)}" '
                        f'height="{top}"/>')  # fmt: skip
    labels = []
    for i, (x, text) in enumerate(overview.ticks):
        percent = round(x / WIDTH * 100, 2)
        css = ' class="minor"' if i % 2 else ""
        anchor = (
            ' text-anchor="end"' if percent > 96 else ' text-anchor="middle"' if percent > 3 else ""
        )
        labels.append(f'<text x="{percent}%" y="{top + 14}"{css}{anchor}>{escape(text)}</text>')
    name = escape(title)
    return mark_safe(
        f'<svg class="axis" width="100%" height="{top + LABEL_ROOM}" role="group" '
        f'aria-label="{name}" data-step="{overview.window.step}">'
        f'<svg viewBox="0 0 {WIDTH} {top}" width="100%" height="{top}" role="none" '
        f'preserveAspectRatio="none">{"".join(parts)}'
        f'<line x1="0" y1="{top - 0.5}" x2="{WIDTH}" y2="{top - 0.5}"/></svg>'
        f"{''.join(labels)}</svg>"
    )


# The embed's strip: markers on a time axis, in viewBox units.
STRIP_WIDTH = 480
STRIP_PAD = 12
LANE = 16
MIN_MARKER_GAP = 14


@dataclass(frozen=True)
class StripMarker:
    event: Event
    x: float
    y: float


@dataclass(frozen=True)
class Strip:
    markers: list[StripMarker]
    ticks: list[tuple[float, str]]
    height: int
    width: int = STRIP_WIDTH

    @property
    def axis_y(self) -> int:
        return self.height - 18


def strip(events: Sequence[Event]) -> Strip:
    """The events on a linear axis from the first to the last; events too close to tell
    apart go on the next lane up, so that none hides another."""
    dated = sorted((e for e in events if e.date_from), key=lambda e: (e.date_from, e.pk))
    if not dated:
        return Strip([], [], 40)
    first = dt.date(dated[0].date_from.year, 1, 1)  # type: ignore[union-attr]
    last = dt.date(dated[-1].date_from.year, 12, 31)  # type: ignore[union-attr]
    total = (last - first).days + 1
    inner = STRIP_WIDTH - 2 * STRIP_PAD

    def x_of(day: dt.date) -> float:
        return round(STRIP_PAD + (day - first).days / total * inner, 1)

    lanes: list[float] = []  # the x of the last marker on each lane
    placed = []
    for event in dated:
        x = x_of(event.date_from)  # type: ignore[arg-type]
        lane = next((i for i, end in enumerate(lanes) if x - end >= MIN_MARKER_GAP), len(lanes))
        if lane == len(lanes):
            lanes.append(x)
        lanes[lane] = x
        placed.append((event, x, lane))
    height = 18 + LANE * len(lanes) + 12
    markers = [StripMarker(e, x, height - 18 - 10 - lane * LANE) for e, x, lane in placed]
    years = last.year - first.year + 1
    every = next(k for k in (1, 2, 5, 10, 20, 50, 100) if k * inner / years >= 48)
    ticks = [
        (x_of(dt.date(year, 1, 1)), str(year))
        for year in range(first.year, last.year + 1)
        if (year - first.year) % every == 0
    ]
    return Strip(markers, ticks, height)
