"""Temporal expressions: found with offsets by our own patterns, resolved one by one with
dateparser relative to an anchor day (usually the publication date).

dateparser is never asked to search a whole text: its `search_dates` gives no offsets, matches
words such as "may" or "a", and is slow. Where it resolves an expression wrongly or too
narrowly, the rule here says so: a weekday on the anchor day itself is that day; "last week"
is the calendar week before, not one day; "January 26" said on 26 January is that day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta

from events.extraction.data import DateRange

Tense = Literal["past", "present", "future"]

_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|Sept"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?=\s+\d)"
)
MONTH = rf"(?:{_MONTH_NAMES})(?!\w)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}  # fmt: skip
_UNITS = "|".join(w for w in NUMBER_WORDS if NUMBER_WORDS[w] < 10 and len(w) > 2)
NUM = (
    rf"(?:\d{{1,3}}|(?:{'|'.join(TENS)})(?:[- ](?:{_UNITS}))?"
    rf"|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
)
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"

Kind = Literal[
    "span", "day_range", "this_day", "full_date", "month_day_range", "month_day", "month_part",
    "year_part", "month_year", "named_month", "season", "bare_month", "year", "weekday", "weekend",
    "relative_day", "ago", "stamp", "period", "window", "offset", "anniversary", "blocker",
]  # fmt: skip
SEASONS = "spring|summer|autumn|fall|winter"

# Order matters where two patterns could match the same words: the longest match wins, and
# among equal lengths the earlier pattern.
_TO = r"\s*(?:[-–]|and|to|through)\s*"
_DAY_RANGE_US = rf"{MONTH}\s+{DAY}{_TO}(?:{MONTH}\s+)?{DAY},?\s+{YEAR}"  # July 11-12, 2018
_DAY_RANGE_EU = rf"{DAY}{_TO}{DAY}\s+{MONTH},?\s+{YEAR}"  # 14 and 15 February 2023
_BLOCKER = (
    r"\b(?:during|amid|after|before|since|following)\s+(?:the|his|her|their|its)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:transition|campaign|administration|presidency|tenure|term"
    r"|election|inauguration|war|pandemic|dissolution|collapse|fall|end|invasion|annexation"
    r"|attacks?|crisis|revolution|reunification)\b|\bnumerous times\b|\brecently\b"
)
PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, flags))
    for kind, pattern, flags in (
        # "for three days beginning on April 23"
        ("span", rf"\b(?:for|over)\s+{NUM}\s+days\s+(?:beginning|starting|from)\s+(?:on\s+)?"
         rf"(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH})(?:,?\s+{YEAR})?", re.I),
        ("day_range", _DAY_RANGE_US + "|" + _DAY_RANGE_EU, 0),
        # an anniversary speech: "on this day in 1949" is the anchor's day of that year
        ("this_day", rf"\b(?:on\s+)?this\s+(?:very\s+)?day\s+in\s+{YEAR}", re.I),
        ("full_date",
         rf"{MONTH}\s+{DAY},?\s+{YEAR}|{DAY}\s+{MONTH},?\s+{YEAR}|\d{{4}}-\d\d-\d\d", 0),
        ("month_day_range",
         rf"{MONTH}\s+{DAY}{_TO}(?:{MONTH}\s+)?{DAY}(?!\d)|{DAY}{_TO}{DAY}\s+{MONTH}", 0),
        ("year_part",
         r"(?:[Ee]arly|[Ll]ate|[Mm]id|the (?:beginning|start|end|middle) of)[- ]?"
         rf"(?:{YEAR}(?!\d)|(?:last|this|next) year\b)", 0),
        ("season",
         rf"\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext|[Tt]his past)\s+(?:{SEASONS})\b"
         rf"|(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\s+(?:of\s+)?{YEAR}"
         rf"|(?<=\b[Ii]n the )(?:{SEASONS})\b(?!\s+of\b))", 0),
        ("month_part",
         r"(?:[Ee]arly|[Ll]ate|[Mm]id|the (?:beginning|start|end|middle) of)[- ]?"
         rf"(?:{MONTH}(?:,?\s+{YEAR})?|(?:last|this|next) month\b)", 0),
        ("month_year", rf"{MONTH},?\s+{YEAR}", 0),
        ("month_day", rf"{MONTH}\s+{DAY}(?!\d)|{DAY}\s+{MONTH}", 0),
        ("named_month", rf"(?:[Ll]ast|[Tt]his|[Nn]ext|[Tt]his past) {MONTH}", 0),
        ("bare_month", rf"(?<=\b[Ii]n ){MONTH}(?!\s*\d)|(?<=\b[Dd]uring ){MONTH}(?!\s*\d)", 0),
        ("year",
         rf"(?<=\b[Ii]n )(?:{YEAR})(?![\d%-]|\s+(?:percent|per cent)\b)|(?<=\b[Dd]uring ){YEAR}"
         rf"|(?<=\b[Tt]he ){YEAR}(?=\s+(?:[A-Z][\w-]*\s+)*[Ss]ummit\b)",
         0),
        ("weekday",
         rf"(?:(?:[Ll]ast|[Tt]his|[Nn]ext|[Oo]n)\s+)?{WEEKDAY}"
         r"(?:\s+(?:morning|afternoon|evening|night))?", 0),
        ("weekend",
         r"\b(?:over|during|at|on|this|last|next|this past)\s+(?:the\s+)?weekend\b", re.I),
        # "today's three invitees" is no date of an event; "yesterday's ceremony" is
        ("relative_day",
         r"\b(?:today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening)|last night)\b"
         r"(?!['’]s\s+(?!(?:[\w-]+\s+){0,2}(?:ceremony|meeting|talks|summit|call|session|vote"
         r"|signing|decision|statement|announcement|speech|visit)))", re.I),
        # A live blog's entry stamp ("2326 GMT — ", "Updated 3:45 p.m.") or "11 hours ago": a
        # time on the page's day, which in another time zone may be the day before.
        ("stamp",
         r"(?m:^[ \t]*(?:\d{1,2}:\d{2}|\d{4})\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|ET)?"
         r"\s*[—–-](?=\s))"
         r"|\b(?:[Uu]pdated|[Pp]ublished at|[Pp]osted at):?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
         r"|\b(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
         r"\s+(?:hours?|minutes?)\s+ago\b", 0),
        ("ago",
         rf"\b{NUM}\s+(?:day|week|month|year)s?\s+ago\b"
         r"(?:,?\s+(?:on\s+)?this\s+(?:very\s+)?day|\s+to the day|\s+today)?", re.I),
        ("period",
         r"\b(?:last|this|next|earlier this|later this|early this|late this|early next"
         r"|later next)\s+(?:week|month|year)\b", re.I),
        # "over the next two days", "in the past three weeks": counted from the anchor day
        ("window",
         rf"\b(?:over|in|during|within|for)\s+the\s+(?:next|coming|past|last|previous)\s+"
         rf"{NUM}\s+(?:day|week)s?\b", re.I),
        ("offset",
         rf"\b(?:{NUM}|the)\s+(?:day|week)s?\s+(?:after|before|later|earlier)\b"
         r"|\bthe (?:next|following|previous) day\b", re.I),
        ("anniversary", r"\bthe\s+(?:\w+)[- ](?:day|week|month|year)\s+anniversary\s+of\b", re.I),
        ("blocker", _BLOCKER, re.I),
    )
)  # fmt: skip

_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|ahead of|no later than|through|expires?|deadline of)\s+"
    r"(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?$",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|is going to|are going to|(?:is|are) (?:expected|scheduled|set|due)"
    r" to|(?:is|are|was|were) planning to|upcoming|look(?:s|ed)? ahead|looking ahead"
    r"|look(?:s|ing)? forward to|preparations? for|preparing for"
    r"|to be held|next"
    r"|(?:is|are) (?:set|scheduled|slated|due) for|(?:is|are) due (?:in|at|back)"
    r"|hope[sd]? to|hoping to"
    # an intention or an invitation to be somewhere later: "accepted the invitation to attend"
    r"|(?:invitations?|invited|agree[sd]?|plans?|planned|intends?|intended|hopes?|hoped|promised)"
    r" to (?:attend|visit|host|travel|come|meet|hold))\b|['’]ll\b",
    re.I,
)
_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:(?:also|already|not|long|repeatedly|since|\w+ly)\s+)*"
    r"(?:\w+ed|met|spoken|made|taken|given|held|been|seen|grown|done|gone|become|sent|won|led"
    r"|told|said|shown|brought|built|chosen|written|begun|paid)\b",
    re.I,
)


@dataclass(frozen=True)
class TemporalExpression:
    start: int
    end: int
    text: str
    kind: Kind
    deadline: bool = False


def find_expressions(text: str, offset: int = 0) -> list[TemporalExpression]:
    """Every temporal expression in text, with offsets (plus `offset`), overlaps removed."""
    found: list[TemporalExpression] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            deadline = bool(_DEADLINE_BEFORE.search(text, 0, match.start()))
            found.append(
                TemporalExpression(
                    match.start() + offset, match.end() + offset, match.group(), kind, deadline
                )
            )
    found.sort(key=lambda e: (-(e.end - e.start), PATTERNS_ORDER[e.kind]))
    kept: list[TemporalExpression] = []
    for expr in found:
        if all(expr.end <= k.start or k.end <= expr.start for k in kept):
            kept.append(expr)
    return sorted(kept, key=lambda e: e.start)


PATTERNS_ORDER = {kind: i for i, (kind, _) in enumerate(PATTERNS)}


def tense_of(clause: str) -> Tense:
    """Future when the clause speaks of what will happen; present for present perfect."""
    if _FUTURE.search(clause):
        return "future"
    if _PRESENT_PERFECT.search(clause):
        return "present"
    return "past"


@lru_cache(maxsize=64)
def _parser(anchor: dt.date, prefer: str) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()),
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


# Expressions that name their own year (or whose year we choose ourselves) do not depend on
# the anchor: parsing them against one fixed day lets the cache serve every article.
FIXED_ANCHOR = dt.date(2000, 6, 15)


@lru_cache(maxsize=4096)
def dateparse(text: str, anchor: dt.date, prefer: str = "past") -> tuple[dt.date, str] | None:
    """dateparser on one expression: the day it gives and its period, or None."""
    data = _parser(anchor, prefer).get_date_data(_normalise(text))
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _normalise(text: str) -> str:
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    return re.sub(r"\bSept\b\.?", "Sep", text).replace(".", "")


def _month_range(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _year_range(year: int) -> DateRange:
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _week_range(day: dt.date) -> DateRange:
    monday = day - dt.timedelta(days=day.weekday())
    return DateRange(monday, monday + dt.timedelta(days=6), "week")


def period_range(day: dt.date, period: str) -> DateRange:
    """The calendar period of the given kind that contains day."""
    if period == "year":
        return _year_range(day.year)
    if period == "month":
        return _month_range(day.year, day.month)
    if period == "week":
        return _week_range(day)
    return DateRange(day, day, "day")


def _month_number(text: str) -> int:
    match = re.search(MONTH, text)
    if match is None:
        raise ValueError(f"no month in {text!r}")
    parsed = dateparse(f"1 {match.group()} 2000", FIXED_ANCHOR)
    if parsed is None:
        raise ValueError(f"unknown month {match.group()!r}")
    return parsed[0].month


def _nearest_month(month: int, anchor: dt.date, tense: Tense, strict: bool = False) -> int:
    """The year of the named month nearest the anchor, in the tense's direction."""
    if tense == "future":
        return (
            anchor.year
            if (month > anchor.month or (month == anchor.month and not strict))
            else anchor.year + 1
        )
    return (
        anchor.year
        if (month < anchor.month or (month == anchor.month and not strict))
        else anchor.year - 1
    )


def _choose_year(month: int, day: int, anchor: dt.date, tense: Tense) -> dt.date:
    """A month and day without a year: the nearest such day before (or, in the future tense,
    after) the anchor, the anchor day itself included."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if tense == "future":
        later = [c for c in candidates if c >= anchor]
        return min(later) if later else max(candidates)
    earlier = [c for c in candidates if c <= anchor]
    return max(earlier) if earlier else min(candidates)


def _count(word: str) -> int:
    """ "3", "three", "twenty-five" as a number."""
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word.lower())
    if parts[0] in TENS:
        return TENS[parts[0]] + (NUMBER_WORDS[parts[1]] if len(parts) > 1 else 0)
    return NUMBER_WORDS[parts[0]]


_NUM_UNIT = re.compile(rf"({NUM})\s+(day|week|month|year)s?", re.I)
# Seasons as (first month, first day, last month, last day): wide enough for both the
# meteorological and the astronomical reading (summer: 1 June to 22 September).
_SEASON_BOUNDS = {
    "spring": (3, 1, 6, 20), "summer": (6, 1, 9, 22), "autumn": (9, 1, 12, 20),
    "fall": (9, 1, 12, 20), "winter": (12, 1, 3, 20),
}  # fmt: skip


def _season(name: str, year: int) -> DateRange:
    m0, d0, m1, d1 = _SEASON_BOUNDS[name]
    end_year = year + 1 if m1 < m0 else year
    return DateRange(dt.date(year, m0, d0), dt.date(end_year, m1, d1), "month")


def _resolve_season(text: str, anchor: dt.date, tense: Tense) -> DateRange:
    lowered = text.lower()
    name = re.search(SEASONS, lowered)
    assert name is not None
    season = name.group()
    year = re.search(YEAR, text)
    if year:
        return _season(season, int(year.group()))
    current = _season(season, anchor.year)
    if current.start > anchor:  # not begun yet this year: "this winter" may be last year's
        current = _season(season, anchor.year - 1) if season == "winter" else current
    if lowered.startswith("last") or (
        not lowered.startswith(("this", "next")) and tense == "past" and current.start > anchor
    ):
        return current if current.end < anchor else _season(season, current.start.year - 1)
    if lowered.startswith("next") or (tense == "future" and current.end < anchor):
        return current if current.start > anchor else _season(season, current.start.year + 1)
    return current


def _resolve_weekend(text: str, anchor: dt.date, tense: Tense) -> DateRange:
    lowered = text.lower()
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if lowered.startswith("next") or (tense == "future" and not lowered.startswith("last")):
        if saturday + dt.timedelta(days=1) < anchor or lowered.startswith("next"):
            saturday += dt.timedelta(days=7)
    elif lowered.startswith("last") and anchor.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return DateRange(saturday, saturday + dt.timedelta(days=1), "week")


def resolve(expr: TemporalExpression, anchor: dt.date, tense: Tense = "past") -> DateRange | None:
    """The range of days an expression denotes, seen from the anchor day; None when it
    cannot be dated by itself (offsets, blockers)."""
    resolver = RESOLVERS.get(expr.kind)
    return resolver(expr.text, anchor, tense) if resolver is not None else None


def _resolve_weekday(text: str, anchor: dt.date, tense: Tense) -> DateRange:
    words = text.split()
    which = (
        words[0].lower() if len(words) > 1 and words[0].lower() in {"last", "this", "next"} else ""
    )
    weekday = next(i for i, name in enumerate(calendar.day_name) if name in text)
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if which == "last":
        day = anchor - dt.timedelta(days=back or 7)
    elif which == "next":
        day = anchor + dt.timedelta(days=ahead or 7)
    elif tense == "future":
        day = anchor + dt.timedelta(days=ahead)
    else:  # "spoke Tuesday", "on Tuesday": the latest such day up to the anchor day itself
        day = anchor - dt.timedelta(days=back)
    return DateRange(day, day, "day")


def _resolve_period(text: str, anchor: dt.date) -> DateRange | None:
    unit = text.split()[-1]
    if text.startswith("later this"):
        end = period_range(anchor, unit).end
        return DateRange(anchor, end, unit)  # type: ignore[arg-type]
    if text.startswith(("earlier this", "early this")):
        start = period_range(anchor, unit).start
        return DateRange(start, anchor, unit)  # type: ignore[arg-type]
    if text.startswith("this") or text.startswith("late this"):
        return period_range(anchor, unit)
    if text.startswith(("early next", "later next")):
        text = "next " + unit
    # dateparser names one day of the period ("last week" -> seven days back); widen it to the
    # calendar period that contains that day.
    parsed = dateparse(text, anchor, "future" if text.startswith("next") else "past")
    return period_range(parsed[0], unit) if parsed else None


# Where and when a report was filed: "WASHINGTON, April 4 (AP) -", "Madrid, 8 July 1997
# (RFE/RL) -", "OTTAWA, ON, March 7, 2024 /CNW/ -", "July 17 (UPI) --"; or the page's own date
# on a line of its own near the top ("3 April 2008", "• 04 Apr. 2024 -").
_DATE_TEXT = rf"(?:{MONTH}\s+{DAY}(?:,?\s+{YEAR})?|{DAY}\s+{MONTH}(?:,?\s+{YEAR})?)"
_DATELINE = re.compile(
    rf"^[ \t]*(?:[A-Z][A-Za-z.'’ -]{{1,40}},\s+){{0,3}}(?P<date>{_DATE_TEXT})\s*"
    r"(?:[-–—─]+\s*)?(?:\([A-Za-z/ .&-]{1,25}\)|/[A-Za-z]{2,8}/)?\s*[-–—─]{1,2}(?!\w)",
    re.M,
)
_DATE_LINE = re.compile(
    rf"^[ \t•*|-]*(?:[A-Z][A-Za-z.'’ -]{{1,30}},?\s+)?(?P<date>{_DATE_TEXT})[ \t•*|-]*$", re.M
)
DATELINE_REACH = 800  # characters from the top where a dateline may stand


def dateline(text: str, published: dt.date | None) -> dt.date | None:
    """The day a dispatch was filed, from its dateline or the page's own date line; None when
    there is none, or it lies after the publication day or more than a week before it."""
    head = text[:DATELINE_REACH]
    for pattern in (_DATELINE, _DATE_LINE):
        for match in pattern.finditer(head):
            if re.search(
                r"updated|modified", head[max(0, match.start() - 20) : match.start()], re.I
            ):
                continue
            words = match.group("date")
            kind: Kind = "full_date" if re.search(YEAR + "$", words) else "month_day"
            found = resolve(
                TemporalExpression(0, len(words), words, kind), published or FIXED_ANCHOR
            )
            if found is None or (kind == "month_day" and published is None):
                continue
            day = found.start
            if published is None or published - dt.timedelta(days=7) <= day <= published:
                return day
    return None


@dataclass(frozen=True)
class Offset:
    """ "a day after", "two weeks before": a shift relative to another event."""

    days: int


def offset_of(expr: TemporalExpression) -> Offset | None:
    if expr.kind != "offset":
        return None
    lowered = expr.text.lower()
    if lowered.startswith("the "):
        sign = -1 if "previous" in lowered or "before" in lowered else 1
        return Offset(sign)
    found = re.match(rf"({NUM})\s+(day|week)s?\s+(\w+)", lowered)
    if found is None:
        return None
    number, unit, direction = found.groups()
    days = _count(number) * (7 if unit.startswith("week") else 1)
    return Offset(days if direction in {"after", "later"} else -days)


# One resolver per kind of expression: text, anchor day and tense in, a range of days out.
def _resolve_as_span(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    count = _NUM_UNIT.search(text) or re.search(rf"({NUM})\s+days", text, re.I)
    first = re.search(rf"(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH})(?:,?\s+{YEAR})?$", text)
    if count is None or first is None:
        return None
    start = resolve(
        TemporalExpression(
            0,
            0,
            first.group(),
            "full_date" if re.search(YEAR + "$", first.group()) else "month_day",
        ),
        anchor,
        tense,
    )
    if start is None:
        return None
    days = _count(count.group(1))
    return DateRange(start.start, start.start + dt.timedelta(days=days - 1), "day")


def _resolve_as_window(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    """ "Over the next two days" (today and tomorrow), "in the past three weeks"."""
    count = re.search(rf"({NUM})\s+(day|week)s?\b", text, re.I)
    if count is None:
        return None
    days = _count(count.group(1)) * (7 if count.group(2).lower() == "week" else 1)
    step = dt.timedelta(days=days - 1)
    if re.search(r"\b(?:next|coming)\b", text, re.I):
        return DateRange(anchor, anchor + step, "day")
    return DateRange(anchor - step, anchor, "day")


def _resolve_as_month_day_range(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    months = re.findall(MONTH, text)
    days = re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text)
    if not months or len(days) != 2:
        return None
    first = dateparse(f"{months[0]} {days[0]}, 2000", FIXED_ANCHOR)
    last = dateparse(f"{months[-1]} {days[1]}, 2000", FIXED_ANCHOR)
    if not (first and last):
        return None
    start = _choose_year(first[0].month, first[0].day, anchor, tense)
    try:
        end = start.replace(month=last[0].month, day=last[0].day)
    except ValueError:
        return None
    return DateRange(start, end, "day") if start <= end else None


def _resolve_as_year_part(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    year_match = re.search(YEAR, text)
    lowered = text.lower()
    shift = -1 if "last year" in lowered else 1 if "next year" in lowered else 0
    year = int(year_match.group()) if year_match else anchor.year + shift
    if "early" in lowered or "beginning" in lowered or "start" in lowered:
        return DateRange(dt.date(year, 1, 1), dt.date(year, 4, 30), "month")
    if "mid" in lowered or "middle" in lowered:
        return DateRange(dt.date(year, 5, 1), dt.date(year, 8, 31), "month")
    return DateRange(dt.date(year, 9, 1), dt.date(year, 12, 31), "month")


def _resolve_as_this_day(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    year_match = re.search(YEAR, text)
    assert year_match is not None
    try:
        day = anchor.replace(year=int(year_match.group()))
    except ValueError:  # 29 February
        return None
    return DateRange(day, day, "day")


def _resolve_as_season(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    return _resolve_season(text, anchor, tense)


def _resolve_as_weekend(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    return _resolve_weekend(text, anchor, tense)


def _resolve_as_day_range(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    year = re.search(YEAR + r"$", text)
    months = re.findall(MONTH, text)
    days = re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text[: year.start()] if year else text)
    if not (year and months and len(days) == 2):
        return None
    first = dateparse(f"{months[0]} {days[0]}, {year.group()}", FIXED_ANCHOR)
    last = dateparse(f"{months[-1]} {days[1]}, {year.group()}", FIXED_ANCHOR)
    if first and last and first[0] <= last[0]:
        return DateRange(first[0], last[0], "day")
    return None


def _resolve_as_full_date(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    parsed = dateparse(text, FIXED_ANCHOR)
    return period_range(*parsed) if parsed else None


def _resolve_as_month_day(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    parsed = dateparse(text, FIXED_ANCHOR)
    if parsed is None:
        return None
    day = _choose_year(parsed[0].month, parsed[0].day, anchor, tense)
    return DateRange(day, day, "day")


def _resolve_as_named_month(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    month = _month_number(text)
    which = text.split()[0].lower()
    if which == "this":
        year = anchor.year
    elif which == "next":
        year = _nearest_month(month, anchor, "future", strict=True)
    else:  # "last May" said in May is the May of the year before
        year = _nearest_month(month, anchor, "past", strict=True)
    return _month_range(year, month)


def _resolve_as_bare_month(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    month = _month_number(text)
    return _month_range(_nearest_month(month, anchor, tense), month)


def _resolve_as_month_part(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    relative = re.search(r"(last|this|next) month", text, re.I)
    if relative:  # "the end of last month"
        shift = {"last": -1, "this": 0, "next": 1}[relative.group(1).lower()]
        day = anchor + relativedelta(months=shift)
        whole = _month_range(day.year, day.month)
    else:
        month = _month_number(text)
        year_match = re.search(YEAR, text)
        year = int(year_match.group()) if year_match else _nearest_month(month, anchor, tense)
        whole = _month_range(year, month)
    lowered = text.lower()
    if "early" in lowered or "beginning" in lowered or "start" in lowered:
        return DateRange(whole.start, whole.start.replace(day=10), "month")
    if "mid" in lowered or "middle" in lowered:
        return DateRange(whole.start.replace(day=11), whole.start.replace(day=20), "month")
    return DateRange(whole.start.replace(day=21), whole.end, "month")


def _resolve_as_year(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    return _year_range(int(text))


def _resolve_as_weekday(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    return _resolve_weekday(text, anchor, tense)


def _resolve_as_relative_day(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    lowered = text.lower()
    if lowered.startswith(("this", "tonight")):
        return DateRange(anchor, anchor, "day")
    if lowered == "last night":
        return DateRange(anchor - dt.timedelta(days=1), anchor - dt.timedelta(days=1), "day")
    parsed = dateparse(lowered, anchor, ("future" if tense == "future" else "past"))
    return DateRange(parsed[0], parsed[0], "day") if parsed else None


def _resolve_as_stamp(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    return DateRange(anchor - dt.timedelta(days=1), anchor, "day")


def _resolve_as_ago(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    found = _NUM_UNIT.search(text)
    if found is None:
        return None
    unit = found.group(2).lower()
    day = anchor - relativedelta(**{f"{unit}s": _count(found.group(1))})  # type: ignore[arg-type]
    if re.search(r"this\s+(?:very\s+)?day|to the day|today", text, re.I):
        return DateRange(day, day, "day")
    return period_range(day, unit)


def _resolve_as_period(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    return _resolve_period(text.lower(), anchor)


def _resolve_as_anniversary(text: str, anchor: dt.date, tense: Tense) -> DateRange | None:
    unit = re.search(r"(day|week|month|year)", text, re.I)
    number = re.search(r"the\s+(\w+)[- ]", text, re.I)
    assert unit is not None and number is not None
    word = number.group(1).lower()
    count = {"first": 1}.get(word) or (
        _count(word) if word in NUMBER_WORDS or word.isdigit() else None
    )
    if count is None:
        return None
    day = anchor - relativedelta(**{f"{unit.group(1).lower()}s": count})
    return DateRange(day, day, "day")


RESOLVERS: dict[str, Callable[[str, dt.date, Tense], DateRange | None]] = {
    "span": _resolve_as_span,
    "month_day_range": _resolve_as_month_day_range,
    "year_part": _resolve_as_year_part,
    "this_day": _resolve_as_this_day,
    "season": _resolve_as_season,
    "weekend": _resolve_as_weekend,
    "day_range": _resolve_as_day_range,
    "full_date": _resolve_as_full_date,
    "month_year": _resolve_as_full_date,
    "month_day": _resolve_as_month_day,
    "named_month": _resolve_as_named_month,
    "bare_month": _resolve_as_bare_month,
    "month_part": _resolve_as_month_part,
    "year": _resolve_as_year,
    "weekday": _resolve_as_weekday,
    "relative_day": _resolve_as_relative_day,
    "stamp": _resolve_as_stamp,
    "ago": _resolve_as_ago,
    "period": _resolve_as_period,
    "window": _resolve_as_window,
    "anniversary": _resolve_as_anniversary,
}
