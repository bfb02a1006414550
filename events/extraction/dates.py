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
)
MONTH = rf"(?:{_MONTH_NAMES})(?!\w)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
NUM = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"

Kind = Literal[
    "day_range", "full_date", "month_day", "month_part", "month_year", "named_month",
    "bare_month", "year", "weekday", "relative_day", "ago", "period", "offset",
    "anniversary", "blocker",
]  # fmt: skip

# Order matters where two patterns could match the same words: the longest match wins, and
# among equal lengths the earlier pattern.
_TO = r"\s*(?:[-–]|and|to|through)\s*"
_DAY_RANGE_US = rf"{MONTH}\s+{DAY}{_TO}(?:{MONTH}\s+)?{DAY},?\s+{YEAR}"  # July 11-12, 2018
_DAY_RANGE_EU = rf"{DAY}{_TO}{DAY}\s+{MONTH},?\s+{YEAR}"  # 14 and 15 February 2023
_BLOCKER = (
    r"\b(?:during|amid|after|before|since|following)\s+(?:the|his|her|their|its)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:transition|campaign|administration|presidency|tenure|term"
    r"|election|inauguration|war|pandemic)\b|\bnumerous times\b|\brecently\b"
)
PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, flags))
    for kind, pattern, flags in (
        ("day_range", _DAY_RANGE_US + "|" + _DAY_RANGE_EU, 0),
        ("full_date",
         rf"{MONTH}\s+{DAY},?\s+{YEAR}|{DAY}\s+{MONTH},?\s+{YEAR}|\d{{4}}-\d\d-\d\d", 0),
        ("month_part",
         r"(?:[Ee]arly|[Ll]ate|[Mm]id|the (?:beginning|start|end|middle) of)[- ]?"
         rf"{MONTH}(?:,?\s+{YEAR})?", 0),
        ("month_year", rf"{MONTH},?\s+{YEAR}", 0),
        ("month_day", rf"{MONTH}\s+{DAY}(?!\d)|{DAY}\s+{MONTH}", 0),
        ("named_month", rf"(?:[Ll]ast|[Tt]his|[Nn]ext|[Tt]his past) {MONTH}", 0),
        ("bare_month", rf"(?<=\b[Ii]n ){MONTH}(?!\s*\d)|(?<=\b[Dd]uring ){MONTH}(?!\s*\d)", 0),
        ("year",
         rf"(?<=\b[Ii]n )(?:{YEAR})(?![\d%-]|\s+(?:percent|per cent)\b)|(?<=\b[Dd]uring ){YEAR}",
         0),
        ("weekday",
         rf"(?:(?:[Ll]ast|[Tt]his|[Nn]ext|[Oo]n)\s+)?{WEEKDAY}"
         r"(?:\s+(?:morning|afternoon|evening|night))?", 0),
        ("relative_day",
         r"\b(?:today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening))\b", re.I),
        ("ago", rf"\b{NUM}\s+(?:day|week|month|year)s?\s+ago\b", re.I),
        ("period",
         r"\b(?:last|this|next|earlier this|later this|early this|late this|early next"
         r"|later next)\s+(?:week|month|year)\b", re.I),
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
    r"|to be held|next)\b|['’]ll\b",
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
    return text.replace("Sept.", "Sep").replace("Sept", "Sep").replace(".", "")


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
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def resolve(expr: TemporalExpression, anchor: dt.date, tense: Tense = "past") -> DateRange | None:
    """The range of days an expression denotes, seen from the anchor day; None when it
    cannot be dated by itself (offsets, blockers)."""
    text = expr.text
    prefer = "future" if tense == "future" else "past"
    match expr.kind:
        case "day_range":
            year = re.search(YEAR + r"$", text)
            months = re.findall(MONTH, text)
            days = re.findall(
                r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text[: year.start()] if year else text
            )
            if not (year and months and len(days) == 2):
                return None
            first = dateparse(f"{months[0]} {days[0]}, {year.group()}", FIXED_ANCHOR)
            last = dateparse(f"{months[-1]} {days[1]}, {year.group()}", FIXED_ANCHOR)
            if first and last and first[0] <= last[0]:
                return DateRange(first[0], last[0], "day")
            return None
        case "full_date" | "month_year":
            parsed = dateparse(text, FIXED_ANCHOR)
            return period_range(*parsed) if parsed else None
        case "month_day":
            parsed = dateparse(text, FIXED_ANCHOR)
            if parsed is None:
                return None
            day = _choose_year(parsed[0].month, parsed[0].day, anchor, tense)
            return DateRange(day, day, "day")
        case "named_month":
            month = _month_number(text)
            which = text.split()[0].lower()
            if which == "this":
                year = anchor.year
            elif which == "next":
                year = _nearest_month(month, anchor, "future", strict=True)
            else:  # "last May" said in May is the May of the year before
                year = _nearest_month(month, anchor, "past", strict=True)
            return _month_range(year, month)
        case "bare_month":
            month = _month_number(text)
            return _month_range(_nearest_month(month, anchor, tense), month)
        case "month_part":
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
        case "year":
            return _year_range(int(text))
        case "weekday":
            return _resolve_weekday(text, anchor, tense)
        case "relative_day":
            lowered = text.lower()
            if lowered.startswith(("this", "tonight")):
                return DateRange(anchor, anchor, "day")
            parsed = dateparse(lowered, anchor, prefer)
            return DateRange(parsed[0], parsed[0], "day") if parsed else None
        case "ago":
            parsed = dateparse(text, anchor, "past")
            return period_range(*parsed) if parsed else None
        case "period":
            return _resolve_period(text.lower(), anchor)
        case "anniversary":
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
    return None


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
    number, unit, direction = lowered.split()[:3]
    days = _count(number) * (7 if unit.startswith("week") else 1)
    return Offset(days if direction in {"after", "later"} else -days)
