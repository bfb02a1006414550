"""Small server-rendered SVG charts: geometry here, markup in the templates."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from events.forms import TimelineFilterForm
from events.timeline import MonthCount

STRIP_HEIGHT = 48
BAR_WIDTH = 14
GAP = 4
TICK_SPACING = 34  # year labels closer than this to the previous one are left out
LABEL_ROOM = 26  # past the last bar, so that a year label under it is not cut off
MONTH_NAMES = list(calendar.month_name)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    count: int
    href: str = ""


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    ticks: list[tuple[int, str]]

    def svg(self, title: str, htmx_target: str = "") -> SafeString:
        """The chart as inline SVG. Built here rather than in a template: a strip can hold
        hundreds of bars, and the template engine would spend most of a request on them.
        Numbers and month names need no escaping; links and the title are escaped."""
        parts = []
        for bar in self.bars:
            label = f"{escape(bar.label)}: {bar.count} event{'s' if bar.count != 1 else ''}"
            rect = (
                f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
                f"<title>{label}</title></rect>"
            )
            if bar.href and htmx_target:
                href = escape(bar.href)
                rect = (
                    f'<a href="{href}" hx-get="{href}" hx-target="{escape(htmx_target)}" '
                    f'hx-push-url="true">{rect}</a>'
                )
            parts.append(rect)
        parts += [f'<text x="{x}" y="{self.height + 12}">{escape(t)}</text>' for x, t in self.ticks]
        name, width = escape(title), self.width + LABEL_ROOM
        return mark_safe(
            f'<svg viewBox="0 -2 {width} {self.height + 16}" width="{width}" '
            f'height="{self.height + 18}" role="img" aria-label="{name}"><title>{name}</title>'
            f"{''.join(parts)}</svg>"
        )


def _bars(values: list[int], height: int) -> list[tuple[int, int, int]]:
    top = max(values, default=1) or 1
    step = BAR_WIDTH + GAP
    return [
        (i * step, height - max(2, round(v / top * height)), max(2, round(v / top * height)))
        for i, v in enumerate(values)
    ]


def month_overview(months: list[MonthCount], form: TimelineFilterForm) -> SafeString:
    """The timeline's overview: events per month, each bar a link that keeps the other filters
    and shows its month."""
    return _month_overview(tuple(months), form.query_without("from", "to", "after"))


@lru_cache(maxsize=128)
def _month_overview(months: tuple[MonthCount, ...], base: str) -> SafeString:
    # Hundreds of bars, the same for every page of a filter set: built once per set of counts.
    return month_strip(months, base).svg("Events per month", "#results")


def month_strip(months: Sequence[MonthCount], base: str) -> Chart:
    """One bar per month that has events; each bar links to the timeline of its month, with
    the filters of the query string `base`."""
    bars, ticks = [], []
    geometry = _bars([m.count for m in months], STRIP_HEIGHT)
    query = f"{base}&" if base else ""
    for (x, y, h), m in zip(geometry, months, strict=True):
        period = f"{m.month.year}-{m.month.month:02d}"
        label = f"{MONTH_NAMES[m.month.month]} {m.month.year}"
        bars.append(Bar(x, y, BAR_WIDTH, h, label, m.count, f"?{query}from={period}&to={period}"))
        year = str(m.month.year)
        if not ticks or (ticks[-1][1] != year and x - ticks[-1][0] >= TICK_SPACING):
            ticks.append((x, year))
    return Chart(bars, max(len(bars) * (BAR_WIDTH + GAP), 1), STRIP_HEIGHT, ticks)


def year_bars(counts: list[tuple[int, int]]) -> Chart:
    """Events per year, every year between the first and the last shown (zeros included)."""
    if not counts:
        return Chart([], 1, STRIP_HEIGHT, [])
    by_year = dict(counts)
    years = list(range(counts[0][0], counts[-1][0] + 1))
    if len(years) > 40:  # a long career: only the years with events
        years = [y for y, _ in counts]
    geometry = _bars([by_year.get(y, 0) for y in years], STRIP_HEIGHT)
    bars = [
        Bar(x, y, BAR_WIDTH, h if by_year.get(year) else 0, str(year), by_year.get(year, 0))
        for (x, y, h), year in zip(geometry, years, strict=True)
    ]
    ticks: list[tuple[int, str]] = []
    for bar in bars:
        if bar.count and (not ticks or bar.x - ticks[-1][0] >= TICK_SPACING):
            ticks.append((bar.x, bar.label))
    return Chart(bars, max(len(bars) * (BAR_WIDTH + GAP), 1), STRIP_HEIGHT, ticks)
