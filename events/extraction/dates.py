"""Temporal expressions: found with offsets by our own patterns, resolved one by one relative to
an anchor day (usually the publication date), with dateparser for full dates and month names.

The words are the language bundle's (the `temporal` section of lang/<code>.yaml); this module
holds the skeleton of each kind of expression (which slot stands where), compiled once per
bundle, and how each kind is resolved into days.

dateparser is never asked to search a whole text: its `search_dates` gives no offsets, matches
words such as "may" or "a", and is slow. Where it resolves an expression wrongly or too
narrowly, the rule here says so: a weekday on the anchor day itself is that day; "last week"
is the calendar week before, not one day; "January 26" said on 26 January is that day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta

from events.extraction.data import DateRange
from events.extraction.lang import Language, TemporalWords, load_language
from events.extraction.lang import alternatives as _alt

Tense = Literal["past", "present", "future"]
Kind = Literal[
    "span", "day_range", "this_day", "full_date", "month_day_range", "month_day", "month_part",
    "year_part", "month_year", "named_month", "season", "bare_month", "year", "weekday", "weekend",
    "relative_day", "ago", "stamp", "period", "window", "offset", "anniversary", "blocker",
]  # fmt: skip
# Order matters where two patterns could match the same words: the longest match wins, and
# among equal lengths the earlier pattern.
PATTERNS_ORDER: dict[str, int] = {
    kind: i
    for i, kind in enumerate((
        "span", "day_range", "this_day", "full_date", "month_day_range", "year_part", "season",
        "month_part", "month_year", "month_day", "named_month", "bare_month", "year", "weekday",
        "weekend", "relative_day", "stamp", "ago", "period", "window", "offset", "anniversary",
        "blocker",
    ))
}  # fmt: skip
YEAR = r"(?:1[89]\d\d|20\d\d)"
_LANGUAGE = load_language()


def _capital(word: str) -> str:
    """ "last" -> "[Ll]ast": a word of a slot that may open a sentence."""
    return f"[{word[0].upper()}{word[0]}]{word[1:]}" if word[:1].islower() else word


def _caps(words: Iterable[str]) -> str:
    return _alt(_capital(w) for w in words)


def _all(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(word for words in table.values() for word in words)


def _after(words: Iterable[str], pattern: str) -> str:
    """pattern right after one of the words (a look-behind each: they must be of fixed width)."""
    return _alt(rf"(?<=\b{_capital(w)} ){pattern}" for w in words)


def _meanings(table: dict[str, tuple[str, ...]], end: str = "") -> re.Pattern[str]:
    """One named group per meaning: `match.lastgroup` says which words were found."""
    groups = "|".join(f"(?P<{key}>{_alt(words)})" for key, words in table.items())
    return re.compile(f"(?:{groups}){end}", re.I)


class Grammar:
    """A bundle's temporal words compiled into the patterns of every kind of expression."""

    def __init__(self, words: TemporalWords, dateparser_languages: tuple[str, ...]) -> None:
        w = self.words = words
        self.dateparser_languages = dateparser_languages

        def units(*keys: str, forms: slice = slice(None, None, -1)) -> str:
            # plural before singular, so that the longer form is tried first
            return _alt(word for key in keys for word in w.units[key][forms])

        one, many = slice(0, 1), slice(1, 2)
        relative = _all(w.relative)
        month = self.month = (
            rf"(?:{_alt(w.months)}|(?:{_alt(w.months_before_a_number)})(?=\s+\d))(?!\w)"
        )
        self.abbreviated_month = re.compile(rf"(?:{_alt(w.months_before_a_number)})(?!\w)")
        weekday = rf"(?:{_alt(w.weekdays)})"
        num = self.num = (
            rf"(?:\d{{1,3}}|(?:{_alt(w.tens)})(?:[- ](?:{_alt(w.after_tens)}))?"
            rf"|{_alt(sorted(w.numbers, key=len, reverse=True))})"
        )
        day = rf"\d{{1,2}}(?:{_alt(w.ordinal_suffixes)})?"
        seasons = _alt(_all(w.seasons))
        to = rf"\s*(?:[-–]|{_alt(w.range)})\s*"
        parts = rf"(?:{_caps(_all(w.parts))}|{_alt(_all(w.parts_of))})[- ]?"
        the = _alt(w.the)
        small_numbers = _alt(n for n, value in w.numbers.items() if value <= 12)
        patterns: dict[str, tuple[str, int]] = {
            # "for three days beginning on April 23"
            "span": (
                rf"\b(?:{_alt(w.span_for)})\s+{num}\s+(?:{units('day', forms=many)})\s+"
                rf"(?:{_alt(w.span_from)})\s+(?:(?:{_alt(w.before_a_day)})\s+)?"
                rf"(?:{month}\s+{day}|{day}\s+{month})(?:,?\s+{YEAR})?",
                re.I,
            ),
            # "July 11-12, 2018", "14 and 15 February 2023"
            "day_range": (
                rf"{month}\s+{day}{to}(?:{month}\s+)?{day},?\s+{YEAR}"
                rf"|{day}{to}{day}\s+{month},?\s+{YEAR}",
                0,
            ),
            # an anniversary speech: "on this day in 1949" is the anchor's day of that year
            "this_day": (
                rf"\b(?:(?:{_alt(w.before_a_day)})\s+)?(?:{_alt(w.this_day)})\s+{YEAR}",
                re.I,
            ),
            "full_date": (
                rf"{month}\s+{day},?\s+{YEAR}|{day}\s+{month},?\s+{YEAR}|\d{{4}}-\d\d-\d\d",
                0,
            ),
            "month_day_range": (
                rf"{month}\s+{day}{to}(?:{month}\s+)?{day}(?!\d)|{day}{to}{day}\s+{month}",
                0,
            ),
            "year_part": (
                rf"{parts}(?:{YEAR}(?!\d)|(?:{_alt(relative)}) (?:{units('year', forms=one)})\b)",
                0,
            ),
            "season": (
                rf"\b(?:(?:{_caps(relative + w.just_gone)})\s+(?:{seasons})\b"
                rf"|(?:{_caps(_all(w.seasons))})\s+(?:(?:{_alt(w.of)})\s+)?{YEAR}"
                rf"|(?:{_after(w.in_the, '')})(?:{seasons})\b(?!\s+(?:{_alt(w.of)})\b))",
                0,
            ),
            "month_part": (
                rf"{parts}(?:{month}(?:,?\s+{YEAR})?"
                rf"|(?:{_alt(relative)}) (?:{units('month', forms=one)})\b)",
                0,
            ),
            "month_year": (rf"{month},?\s+{YEAR}", 0),
            "month_day": (rf"{month}\s+{day}(?!\d)|{day}\s+{month}", 0),
            "named_month": (rf"(?:{_caps(relative + w.just_gone)}) {month}", 0),
            "bare_month": (_after(w.before_a_month, rf"{month}(?!\s*\d)"), 0),
            "year": (
                _alt(
                    (
                        _after(
                            w.before_a_year,
                            rf"(?:{YEAR})(?![\d%-]|\s+(?:{_alt(w.percent)})\b)",
                        ),
                        _after(w.before_any_year, YEAR),
                        # "the 2023 Vilnius Summit"
                        _after(w.the, rf"{YEAR}(?=\s+(?:[A-Z][\w-]*\s+)*(?:{_alt(w.summit)})\b)"),
                    )
                ),
                0,
            ),
            "weekday": (
                rf"(?:(?:{_caps(relative + w.before_a_day)})\s+)?{weekday}"
                rf"(?:\s+(?:{_alt(w.parts_of_day)}))?",
                0,
            ),
            "weekend": (
                rf"\b(?:{_alt(w.weekend_prepositions + relative + w.just_gone)})\s+"
                rf"(?:(?:{the})\s+)?(?:{_alt(w.weekend)})\b",
                re.I,
            ),
            # "today's three invitees" is no date of an event; "yesterday's ceremony" is
            "relative_day": (
                rf"\b(?:{_alt(w.days)})\b"
                rf"(?!['’]s\s+(?!(?:[\w-]+\s+){{0,2}}(?:{_alt(w.possessive_events)})))",
                re.I,
            ),
            # A live blog's entry stamp ("2326 GMT — ", "Updated 3:45 p.m.") or "11 hours ago":
            # a time on the page's day, which in another time zone may be the day before.
            "stamp": (
                rf"(?m:^[ \t]*(?:\d{{1,2}}:\d{{2}}|\d{{4}})\s*(?:{_alt(w.time_zones)})?"
                r"\s*[—–-](?=\s))"
                rf"|\b(?:{_alt(w.stamp_words)}):?\s+\d{{1,2}}:\d{{2}}\s*"
                rf"(?:{_alt(w.clock_suffixes)})?"
                rf"|\b(?:\d{{1,2}}|{small_numbers})\s+(?:{units('hour', 'minute')})\s+"
                rf"(?:{_alt(w.ago)})\b",
                0,
            ),
            "ago": (
                rf"\b{num}\s+(?:{units('day', 'week', 'month', 'year')})\s+(?:{_alt(w.ago)})\b"
                rf"(?:{_alt(w.ago_to_the_day)})?",
                re.I,
            ),
            "period": (
                rf"\b(?:{_alt(w.period_modifiers)})\s+"
                rf"(?:{units('week', 'month', 'year', forms=one)})\b",
                re.I,
            ),
            # "over the next two days", "in the past three weeks": counted from the anchor day
            "window": (
                rf"\b(?:{_alt(w.window_prepositions)})\s+(?:{the})\s+"
                rf"(?:{_alt(w.window_ahead + w.window_back)})\s+{num}\s+"
                rf"(?:{units('day', 'week')})\b",
                re.I,
            ),
            "offset": (
                rf"\b(?:{num}|{the})\s+(?:{units('day', 'week')})\s+(?:{_alt(w.offsets)})\b"
                rf"|\b(?:{the}) (?:{_alt(w.adjacent_days)}) "
                rf"(?:{units('day', forms=one)}|{_alt(w.parts_of_day)})\b",
                re.I,
            ),
            "anniversary": (
                rf"\b(?:{the})\s+(?:\w+)[- ](?:{units('day', 'week', 'month', 'year', forms=one)})"
                rf"\s+(?:{_alt(w.anniversary)})\s+(?:{_alt(w.of)})\b",
                re.I,
            ),
            "blocker": (
                rf"\b(?:{_alt(w.blocker_prepositions)})\s+(?:{_alt(w.blocker_determiners)})\s+"
                rf"(?:[\w'’-]+\s+){{0,3}}?(?:{_alt(w.blocker_periods)})\b"
                rf"|\b(?:{_alt(w.blocker_words)})\b",
                re.I,
            ),
        }
        self.patterns: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
            (kind, re.compile(*patterns[kind]))  # type: ignore[misc]
            for kind in PATTERNS_ORDER
        )
        self.deadline_before = re.compile(w.deadline_before, re.I)
        self.future = re.compile(w.future, re.I)
        self.present_perfect = re.compile(w.present_perfect, re.I)
        # what the resolvers read back
        self.unit_of = {word.lower(): key for key, forms in w.units.items() for word in forms}
        self.season_of = {s.lower(): key for key, names in w.seasons.items() for s in names}
        self.season_word = re.compile(seasons, re.I)
        self.num_unit = re.compile(rf"({num})\s+({units('day', 'week', 'month', 'year')})", re.I)
        self.day_or_week_count = re.compile(rf"({num})\s+({units('day', 'week')})\b", re.I)
        self.counted_offset = re.compile(rf"({num})\s+({units('day', 'week')})\s+(\w+)", re.I)
        self.the_words = tuple(f"{word} " for word in w.the)
        self.before_the_day = re.compile(
            _alt(word for word, sign in {**w.offsets, **w.adjacent_days}.items() if sign < 0)
        )
        self.adjacent = re.compile(rf"\b(?:{_alt(w.adjacent_days)})\b", re.I)
        self.unit_word = re.compile(rf"({units('day', 'week', 'month', 'year', forms=one)})", re.I)
        self.anniversary_count = re.compile(rf"(?:{the})\s+(\w+)[- ]", re.I)
        self.ahead = re.compile(rf"\b(?:{_alt(w.window_ahead)})\b", re.I)
        self.to_the_day = re.compile(_alt(w.ago_to_the_day), re.I)
        self.relative = _meanings(
            {**w.relative, "this": w.relative.get("this", ()) + w.just_gone}, end=r"\b"
        )
        self.relative_year = self._relative_before("year")
        self.relative_month = self._relative_before("month")
        self.part = _meanings({k: w.parts[k] + w.parts_of.get(k, ()) for k in w.parts})
        # the longest words first: "later this" before "late this"
        self.period_modifiers = [
            (re.compile(rf"(?:{words})\s", re.I), meaning)
            for words, meaning in sorted(w.period_modifiers.items(), key=lambda m: -len(m[0]))
        ]
        self.day_number = re.compile(rf"\b(\d{{1,2}})(?:{_alt(w.ordinal_suffixes)})?\b")
        self.ordinal_suffix = re.compile(rf"(\d)(?:{_alt(w.ordinal_suffixes)})\b")
        self.spellings = [
            (re.compile(rf"\b{wrong}\b\.?"), right)
            for wrong, right in w.dateparser_spellings.items()
        ]
        self.revised = re.compile(_alt(w.revised), re.I)
        date_text = rf"(?:{month}\s+{day}(?:,?\s+{YEAR})?|{day}\s+{month}(?:,?\s+{YEAR})?)"
        self.span_first = re.compile(rf"(?:{month}\s+{day}|{day}\s+{month})(?:,?\s+{YEAR})?$")
        # Where and when a report was filed: "WASHINGTON, April 4 (AP) -", "Madrid, 8 July 1997
        # (RFE/RL) -", "OTTAWA, ON, March 7, 2024 /CNW/ -", "July 17 (UPI) --"; or the page's
        # own date on a line of its own near the top ("3 April 2008", "• 04 Apr. 2024 -").
        self.datelines = (
            re.compile(
                rf"^[ \t]*(?:[A-Z][A-Za-z.'’ -]{{1,40}},\s+){{0,3}}(?P<date>{date_text})\s*"
                r"(?:[-–—─]+\s*)?(?:\([A-Za-z/ .&-]{1,25}\)|/[A-Za-z]{2,8}/)?\s*[-–—─]{1,2}(?!\w)",
                re.M,
            ),
            re.compile(
                rf"^[ \t•*|-]*(?:[A-Z][A-Za-z.'’ -]{{1,30}},?\s+)?(?P<date>{date_text})[ \t•*|-]*$",
                re.M,
            ),
        )

    def _relative_before(self, unit: str) -> re.Pattern[str]:
        """ "last year", "next month" inside an expression: which of last / this / next."""
        return re.compile(rf"(?:{self.relative.pattern}) (?:{self.words.units[unit][0]})\b", re.I)

    def which(self, text: str) -> str | None:
        """ "last", "this" or "next" when the text begins with such a word."""
        found = self.relative.match(text)
        return found.lastgroup if found else None

    def period_modifier(self, text: str) -> str:
        """What the words before a period's unit mean ("later this": from the anchor day)."""
        return next(meaning for words, meaning in self.period_modifiers if words.match(text))


@cache
def _compiled(words: TemporalWords, dateparser_languages: tuple[str, ...]) -> Grammar:
    return Grammar(words, dateparser_languages)


_ENGLISH = _compiled(_LANGUAGE.temporal, _LANGUAGE.dateparser_languages)


def grammar(language: Language = _LANGUAGE) -> Grammar:
    """The language's temporal patterns, compiled on first use."""
    if language is _LANGUAGE:
        return _ENGLISH
    return _compiled(language.temporal, language.dateparser_languages)


@dataclass(frozen=True)
class TemporalExpression:
    start: int
    end: int
    text: str
    kind: Kind
    deadline: bool = False


def find_expressions(
    text: str, offset: int = 0, language: Language = _LANGUAGE
) -> list[TemporalExpression]:
    """Every temporal expression in text, with offsets (plus `offset`), overlaps removed."""
    g = grammar(language)
    found: list[TemporalExpression] = []
    for kind, pattern in g.patterns:
        for match in pattern.finditer(text):
            deadline = bool(g.deadline_before.search(text, 0, match.start()))
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


def tense_of(clause: str, language: Language = _LANGUAGE) -> Tense:
    """Future when the clause speaks of what will happen; present for present perfect."""
    g = grammar(language)
    if g.future.search(clause):
        return "future"
    if g.present_perfect.search(clause):
        return "present"
    return "past"


@lru_cache(maxsize=64)
def _parser(anchor: dt.date, prefer: str, languages: tuple[str, ...]) -> DateDataParser:
    return DateDataParser(
        languages=list(languages),
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


def dateparse(
    text: str, anchor: dt.date, prefer: str = "past", language: Language = _LANGUAGE
) -> tuple[dt.date, str] | None:
    """dateparser on one expression: the day it gives and its period, or None."""
    return _dateparse(text, anchor, prefer, grammar(language))


@lru_cache(maxsize=4096)
def _dateparse(text: str, anchor: dt.date, prefer: str, g: Grammar) -> tuple[dt.date, str] | None:
    data = _parser(anchor, prefer, g.dateparser_languages).get_date_data(_normalise(text, g))
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _normalise(text: str, g: Grammar) -> str:
    text = g.ordinal_suffix.sub(r"\1", text)
    for wrong, right in g.spellings:
        text = wrong.sub(right, text)
    return text.replace(".", "")


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


def _month_number(text: str, g: Grammar) -> int:
    # "next Jan" cut from "next Jan 3": the abbreviation without the number that made it a month
    match = re.search(g.month, text) or g.abbreviated_month.search(text)
    if match is None:
        raise ValueError(f"no month in {text!r}")
    parsed = _dateparse(f"1 {match.group()} 2000", FIXED_ANCHOR, "past", g)
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


def _count(word: str, g: Grammar) -> int:
    """ "3", "three", "twenty-five" as a number."""
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word.lower())
    if parts[0] in g.words.tens:
        return g.words.tens[parts[0]] + (g.words.numbers[parts[1]] if len(parts) > 1 else 0)
    return g.words.numbers[parts[0]]


def _shifted(day: dt.date, unit: str, count: int) -> dt.date:
    return day + relativedelta(**{f"{unit}s": count})  # type: ignore[arg-type]


# Seasons as (first month, first day, last month, last day): wide enough for both the
# meteorological and the astronomical reading (summer: 1 June to 22 September).
_SEASON_BOUNDS = {
    "spring": (3, 1, 6, 20), "summer": (6, 1, 9, 22), "autumn": (9, 1, 12, 20),
    "winter": (12, 1, 3, 20),
}  # fmt: skip


def _season(name: str, year: int) -> DateRange:
    m0, d0, m1, d1 = _SEASON_BOUNDS[name]
    end_year = year + 1 if m1 < m0 else year
    return DateRange(dt.date(year, m0, d0), dt.date(end_year, m1, d1), "month")


def _resolve_season(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange:
    name = g.season_word.search(text.lower())
    assert name is not None
    season = g.season_of[name.group().lower()]
    year = re.search(YEAR, text)
    if year:
        return _season(season, int(year.group()))
    current = _season(season, anchor.year)
    if current.start > anchor:  # not begun yet this year: "this winter" may be last year's
        current = _season(season, anchor.year - 1) if season == "winter" else current
    which = g.which(text)
    if which == "last" or (
        which not in {"this", "next"} and tense == "past" and current.start > anchor
    ):
        return current if current.end < anchor else _season(season, current.start.year - 1)
    if which == "next" or (tense == "future" and current.end < anchor):
        return current if current.start > anchor else _season(season, current.start.year + 1)
    return current


def _resolve_weekend(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange:
    which = g.which(text)
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if which == "next" or (tense == "future" and which != "last"):
        if saturday + dt.timedelta(days=1) < anchor or which == "next":
            saturday += dt.timedelta(days=7)
    elif which == "last" and anchor.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return DateRange(saturday, saturday + dt.timedelta(days=1), "week")


def resolve(
    expr: TemporalExpression, anchor: dt.date, tense: Tense = "past", language: Language = _LANGUAGE
) -> DateRange | None:
    """The range of days an expression denotes, seen from the anchor day; None when it
    cannot be dated by itself (offsets, blockers)."""
    resolver = RESOLVERS.get(expr.kind)
    return resolver(expr.text, anchor, tense, grammar(language)) if resolver is not None else None


def _resolve_weekday(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange:
    which = g.which(text) if len(text.split()) > 1 else None
    weekday = next(i for i, name in enumerate(g.words.weekdays) if name in text)
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


def _resolve_period(text: str, anchor: dt.date, g: Grammar) -> DateRange | None:
    unit = g.unit_of[text.split()[-1].lower()]
    current = period_range(anchor, unit)
    match g.period_modifier(text):
        case "from_anchor":
            return DateRange(anchor, current.end, unit)  # type: ignore[arg-type]
        case "until_anchor":
            return DateRange(current.start, anchor, unit)  # type: ignore[arg-type]
        case "current":
            return current
        case "previous":  # the calendar period before the anchor's, not one day of it
            return period_range(_shifted(anchor, unit, -1), unit)
        case "following":
            return period_range(_shifted(anchor, unit, 1), unit)
    return None


def dateline(
    text: str, published: dt.date | None, language: Language = _LANGUAGE
) -> dt.date | None:
    """The day a dispatch was filed, from its dateline or the page's own date line; None when
    there is none, or it lies after the publication day or more than a week before it."""
    g = grammar(language)
    head = text[:DATELINE_REACH]
    for pattern in g.datelines:
        for match in pattern.finditer(head):
            if g.revised.search(head, max(0, match.start() - 20), match.start()):
                continue
            words = match.group("date")
            kind: Kind = "full_date" if re.search(YEAR + "$", words) else "month_day"
            found = RESOLVERS[kind](words, published or FIXED_ANCHOR, "past", g)
            if found is None or (kind == "month_day" and published is None):
                continue
            day = found.start
            if published is None or published - dt.timedelta(days=7) <= day <= published:
                return day
    return None


DATELINE_REACH = 800  # characters from the top where a dateline may stand


@dataclass(frozen=True)
class Offset:
    """ "a day after", "two weeks before": a shift relative to another event."""

    days: int


def offset_of(expr: TemporalExpression, language: Language = _LANGUAGE) -> Offset | None:
    if expr.kind != "offset":
        return None
    g = grammar(language)
    lowered = expr.text.lower()
    if lowered.startswith(g.the_words):  # "the day before", "the next day": one day
        adjacent = g.adjacent.search(lowered)
        if adjacent is not None:  # "the next day", "the same evening"
            return Offset(g.words.adjacent_days[adjacent.group().lower()])
        return Offset(-1 if g.before_the_day.search(lowered) else 1)
    found = g.counted_offset.match(lowered)
    if found is None:
        return None
    number, unit, direction = found.group(1), g.unit_of[found.group(2).lower()], found.group(3)
    days = _count(number, g) * (7 if unit == "week" else 1)
    return Offset(days if g.words.offsets.get(direction, -1) > 0 else -days)


# One resolver per kind of expression: text, anchor day, tense and the language's grammar in,
# a range of days out.
Resolver = Callable[[str, dt.date, Tense, Grammar], DateRange | None]


def _resolve_as_span(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    count = g.num_unit.search(text)
    first = g.span_first.search(text)
    if count is None or first is None:
        return None
    kind = "full_date" if re.search(YEAR + "$", first.group()) else "month_day"
    start = RESOLVERS[kind](first.group(), anchor, tense, g)
    if start is None:
        return None
    days = _count(count.group(1), g)
    return DateRange(start.start, start.start + dt.timedelta(days=days - 1), "day")


def _resolve_as_window(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    """ "Over the next two days" (today and tomorrow), "in the past three weeks"."""
    count = g.day_or_week_count.search(text)
    if count is None:
        return None
    weeks = g.unit_of[count.group(2).lower()] == "week"
    days = _count(count.group(1), g) * (7 if weeks else 1)
    step = dt.timedelta(days=days - 1)
    if g.ahead.search(text):
        return DateRange(anchor, anchor + step, "day")
    return DateRange(anchor - step, anchor, "day")


def _resolve_as_month_day_range(
    text: str, anchor: dt.date, tense: Tense, g: Grammar
) -> DateRange | None:
    months = re.findall(g.month, text)
    days = g.day_number.findall(text)
    if not months or len(days) != 2:
        return None
    first = _dateparse(f"{months[0]} {days[0]}, 2000", FIXED_ANCHOR, "past", g)
    last = _dateparse(f"{months[-1]} {days[1]}, 2000", FIXED_ANCHOR, "past", g)
    if not (first and last):
        return None
    start = _choose_year(first[0].month, first[0].day, anchor, tense)
    try:
        end = start.replace(month=last[0].month, day=last[0].day)
    except ValueError:
        return None
    return DateRange(start, end, "day") if start <= end else None


def _resolve_as_year_part(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    year_match = re.search(YEAR, text)
    relative = g.relative_year.search(text)
    shift = {"last": -1, "next": 1}.get(relative.lastgroup or "", 0) if relative else 0
    year = int(year_match.group()) if year_match else anchor.year + shift
    part = g.part.match(text)
    which = part.lastgroup if part else "late"
    if which == "early":
        return DateRange(dt.date(year, 1, 1), dt.date(year, 4, 30), "month")
    if which == "middle":
        return DateRange(dt.date(year, 5, 1), dt.date(year, 8, 31), "month")
    return DateRange(dt.date(year, 9, 1), dt.date(year, 12, 31), "month")


def _resolve_as_this_day(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    year_match = re.search(YEAR, text)
    assert year_match is not None
    try:
        day = anchor.replace(year=int(year_match.group()))
    except ValueError:  # 29 February
        return None
    return DateRange(day, day, "day")


def _resolve_as_day_range(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    year = re.search(YEAR + r"$", text)
    months = re.findall(g.month, text)
    days = g.day_number.findall(text[: year.start()] if year else text)
    if not (year and months and len(days) == 2):
        return None
    first = _dateparse(f"{months[0]} {days[0]}, {year.group()}", FIXED_ANCHOR, "past", g)
    last = _dateparse(f"{months[-1]} {days[1]}, {year.group()}", FIXED_ANCHOR, "past", g)
    if first and last and first[0] <= last[0]:
        return DateRange(first[0], last[0], "day")
    return None


def _resolve_as_full_date(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    parsed = _dateparse(text, FIXED_ANCHOR, "past", g)
    return period_range(*parsed) if parsed else None


def _resolve_as_month_day(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    parsed = _dateparse(text, FIXED_ANCHOR, "past", g)
    if parsed is None:
        return None
    day = _choose_year(parsed[0].month, parsed[0].day, anchor, tense)
    return DateRange(day, day, "day")


def _resolve_as_named_month(
    text: str, anchor: dt.date, tense: Tense, g: Grammar
) -> DateRange | None:
    month = _month_number(text, g)
    which = g.which(text)
    if which == "this":
        year = anchor.year
    elif which == "next":
        year = _nearest_month(month, anchor, "future", strict=True)
    else:  # "last May" said in May is the May of the year before
        year = _nearest_month(month, anchor, "past", strict=True)
    return _month_range(year, month)


def _resolve_as_bare_month(
    text: str, anchor: dt.date, tense: Tense, g: Grammar
) -> DateRange | None:
    month = _month_number(text, g)
    return _month_range(_nearest_month(month, anchor, tense), month)


def _resolve_as_month_part(
    text: str, anchor: dt.date, tense: Tense, g: Grammar
) -> DateRange | None:
    relative = g.relative_month.search(text)
    if relative:  # "the end of last month"
        shift = {"last": -1, "this": 0, "next": 1}[relative.lastgroup or "this"]
        day = anchor + relativedelta(months=shift)
        whole = _month_range(day.year, day.month)
    else:
        month = _month_number(text, g)
        year_match = re.search(YEAR, text)
        year = int(year_match.group()) if year_match else _nearest_month(month, anchor, tense)
        whole = _month_range(year, month)
    part = g.part.match(text)
    which = part.lastgroup if part else "late"
    if which == "early":
        return DateRange(whole.start, whole.start.replace(day=10), "month")
    if which == "middle":
        return DateRange(whole.start.replace(day=11), whole.start.replace(day=20), "month")
    return DateRange(whole.start.replace(day=21), whole.end, "month")


def _resolve_as_year(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    return _year_range(int(text))


def _resolve_as_relative_day(
    text: str, anchor: dt.date, tense: Tense, g: Grammar
) -> DateRange | None:
    shift = next(n for words, n in g.words.days.items() if re.fullmatch(words, text, re.I))
    day = anchor + dt.timedelta(days=shift)
    return DateRange(day, day, "day")


def _resolve_as_stamp(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    return DateRange(anchor - dt.timedelta(days=1), anchor, "day")


def _resolve_as_ago(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    found = g.num_unit.search(text)
    if found is None:
        return None
    unit = g.unit_of[found.group(2).lower()]
    day = _shifted(anchor, unit, -_count(found.group(1), g))
    if g.to_the_day.search(text):
        return DateRange(day, day, "day")
    return period_range(day, unit)


def _resolve_as_period(text: str, anchor: dt.date, tense: Tense, g: Grammar) -> DateRange | None:
    return _resolve_period(text.lower(), anchor, g)


def _resolve_as_anniversary(
    text: str, anchor: dt.date, tense: Tense, g: Grammar
) -> DateRange | None:
    unit = g.unit_word.search(text)
    number = g.anniversary_count.search(text)
    assert unit is not None and number is not None
    word = number.group(1).lower()
    count = g.words.ordinals.get(word) or (
        _count(word, g) if word in g.words.numbers or word.isdigit() else None
    )
    if count is None:
        return None
    day = _shifted(anchor, g.unit_of[unit.group(1).lower()], -count)
    return DateRange(day, day, "day")


RESOLVERS: dict[str, Resolver] = {
    "span": _resolve_as_span,
    "month_day_range": _resolve_as_month_day_range,
    "year_part": _resolve_as_year_part,
    "this_day": _resolve_as_this_day,
    "season": _resolve_season,
    "weekend": _resolve_weekend,
    "day_range": _resolve_as_day_range,
    "full_date": _resolve_as_full_date,
    "month_year": _resolve_as_full_date,
    "month_day": _resolve_as_month_day,
    "named_month": _resolve_as_named_month,
    "bare_month": _resolve_as_bare_month,
    "month_part": _resolve_as_month_part,
    "year": _resolve_as_year,
    "weekday": _resolve_weekday,
    "relative_day": _resolve_as_relative_day,
    "stamp": _resolve_as_stamp,
    "ago": _resolve_as_ago,
    "period": _resolve_as_period,
    "window": _resolve_as_window,
    "anniversary": _resolve_as_anniversary,
}
