"""The timeline's data: who (Actor, with their terms of office: Term), where (Place), about what
(Topic), from which article (Source), what happened (Event) and the sentences that say so
(Citation); the calendar of known meetings (KnownMeeting) that dates "the Madrid summit"."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Protocol

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify

from events.extraction.data import KnownMeeting as ExtractedMeeting
from events.extraction.kinds import DEFAULT_KIND, KINDS
from events.extraction.lang import load_language

# The language of the public pages: their search stems words as its bundle says.
SITE_LANGUAGE = "en"


def search_config() -> str:
    """The PostgreSQL text search configuration of the site's language, from its bundle.

    The stored search document is built by migration 0005's trigger with 'english', the
    English bundle's value: a query must stem as the document did, so a site whose bundle names
    another configuration needs a migration rebuilding the document with it too."""
    return load_language(SITE_LANGUAGE).search_config


class PagePosition(Protocol):
    """Where a page of events ends (events.filters.Cursor): the last event's date and id."""

    date: dt.date
    pk: int


def day_label(day: dt.date) -> str:
    """ "7 Mar 1966": a day as the pages write it."""
    return f"{day.day} {day:%b %Y}"


def split_lines(value: str) -> list[str]:
    """The non-empty, stripped lines of an editor's one-per-line field."""
    return [line.strip() for line in value.splitlines() if line.strip()]


class GazetteerEntry(models.Model):
    """What Actor, Place and Topic share: a name, a slug and the other names it goes by."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names the extractor should recognise, one per line "
        '(for example "Biden", "President Biden"). The name itself is always recognised.',
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """The name followed by every alias, without duplicates."""
        return list(dict.fromkeys([self.name, *split_lines(self.aliases)]))

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> models.Model:
        return self.get(slug=slug)


class GazetteerQuerySet(models.QuerySet):
    def with_published_events(self) -> GazetteerQuerySet:
        """The entries at least one published event names: the only ones public pages list
        (not the reference people nobody has written about, nor those only drafts name)."""
        # Actor, Place and Topic are each reached from Event by a relation named "events".
        relation = self.model._meta.get_field("events").field.name
        first = (
            Event.objects.published()
            .filter(**{relation: OuterRef("pk")})
            .order_by()
            .values("pk")[:1]
        )
        # Not Exists(): PostgreSQL makes that a semi-join over every published event's
        # participants (100 ms with 100,000 events); a first match per entry is one index
        # probe each (10 ms for 1,300 actors).
        return self.alias(first_published=Subquery(first)).filter(first_published__isnull=False)


GazetteerManager = SlugManager.from_queryset(GazetteerQuerySet)


class Actor(GazetteerEntry):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        COUNTRY = "country", "Country"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='The office that identifies the person, e.g. "NATO Secretary General". '
        'The extractor resolves "the Secretary General" to the actor named nearby whose '
        "role it is.",
    )
    country = models.CharField(
        max_length=100, blank=True, help_text='The country\'s name, e.g. "Germany".'
    )

    objects = GazetteerManager()

    class Meta(GazetteerEntry.Meta):
        verbose_name = "actor"

    def get_absolute_url(self) -> str:
        return reverse("events:actor", args=[self.slug])


class Term(models.Model):
    """A term of office: who held an office of a country (or of NATO, the EU) and when. The
    extractor reads them to know who "the Chancellor" or "Johnson" was on an article's day."""

    class Office(models.TextChoices):
        HEAD_OF_STATE = "head_of_state", "Head of state"
        HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
        FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
        DEFENCE_MINISTER = "defence_minister", "Defence minister"
        PARTY_LEADER = "party_leader", "Party leader"
        SECRETARY_GENERAL = "secretary_general", "Secretary General (NATO)"
        DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", "Deputy Secretary General (NATO)"
        SACEUR = "saceur", "Supreme Allied Commander Europe (NATO)"
        COMMISSION_PRESIDENT = "commission_president", "President of the European Commission"
        COUNCIL_PRESIDENT = "council_president", "President of the European Council"
        HIGH_REPRESENTATIVE = "high_representative", "High Representative (EU)"
        VICE_PRESIDENT = "vice_president", "Vice president"

    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="terms",
        limit_choices_to={"kind": Actor.Kind.PERSON},
        help_text="The person who held the office.",
    )
    office = models.CharField(max_length=30, choices=Office.choices)
    title = models.CharField(
        max_length=100,
        help_text='The title as news copy gives it, e.g. "Chancellor", "Prime Minister".',
    )
    country = models.CharField(
        max_length=10,
        help_text='The ISO 3166 alpha-2 code of the country ("GB", "DE"), or "NATO" or "EU".',
    )
    start = models.DateField(help_text="The first day in office.")
    end = models.DateField(
        null=True,
        blank=True,
        help_text="The day the term ended: the successor's first day is fine (this day is not "
        "counted). Empty: still in office.",
    )
    basis = models.TextField(
        blank=True, help_text="Where the dates come from (an official list, a news report)."
    )
    uncertain = models.BooleanField(
        default=False, help_text="Set when a date is approximate or disputed; say why in basis."
    )

    class Meta:
        verbose_name = "term of office"
        verbose_name_plural = "terms of office"
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="term_end_not_before_start",
                violation_error_message="A term cannot end before it starts.",
            ),
        ]
        indexes = [models.Index(fields=["office", "country", "start"])]

    def __str__(self) -> str:
        until = day_label(self.end) if self.end else "in office"
        return f"{self.title} ({self.country}), {day_label(self.start)} – {until}"

    def overlaps(self, other: Term) -> bool:
        """Whether both are terms of one office of one country that share a day (the end day
        is not counted: a successor may start on it)."""
        return (
            self.office == other.office
            and self.country == other.country
            and (other.end is None or self.start < other.end)
            and (self.end is None or other.start < self.end)
        )

    def overlap_message(self, other: Term) -> str:
        until = f"until {day_label(other.end)}" if other.end else "with no end"
        return (
            f"This term overlaps {other.actor}'s as {other.title} ({other.country}) from "
            f"{day_label(other.start)} {until}: one office of one country has one holder at a "
            "time (a term may end on the day the next begins)."
        )

    def clean(self) -> None:
        if self.start is None or (self.end is not None and self.end < self.start):
            return  # the fields' and the constraint's own messages say what is wrong
        others = (
            Term.objects.filter(office=self.office, country=self.country)
            .exclude(pk=self.pk)
            .select_related("actor")
        )
        for other in others:
            if self.overlaps(other):
                raise ValidationError(self.overlap_message(other), code="overlap")


class KnownMeeting(models.Model):
    """A meeting of a calendar the extractor knows (every NATO summit, G7 summit, ...), so that
    "the Vilnius summit" or "the Munich Security Conference" in an article gets its dates."""

    class Series(models.TextChoices):
        NATO_SUMMIT = "nato_summit", "NATO summit"
        G7_SUMMIT = "g7_summit", "G7 (G8) summit"
        MUNICH_SECURITY_CONFERENCE = "munich_security_conference", "Munich Security Conference"
        NATO_FOREIGN_MINISTERS = "nato_foreign_ministers", "NATO foreign ministers' meeting"
        NATO_DEFENCE_MINISTERS = "nato_defence_ministers", "NATO defence ministers' meeting"
        OTHER = "other", "Other"

    series = models.CharField(max_length=30, choices=Series.choices)
    name = models.CharField(max_length=200, help_text='e.g. "NATO Summit".')
    place = models.CharField(
        max_length=200, help_text="The city the meeting was held in, as news copy names it."
    )
    country = models.CharField(
        max_length=10, help_text='The ISO 3166 alpha-2 code of the host country, e.g. "LT".'
    )
    start = models.DateField(help_text="The meeting's first day.")
    end = models.DateField(help_text="The meeting's last day (the first, for one day).")
    aliases = models.TextField(
        blank=True,
        help_text="Other names texts use for the meeting or its place, one per line (for "
        'example "Wales summit", "Newport").',
    )
    basis = models.TextField(blank=True, help_text="Where the dates come from.")
    uncertain = models.BooleanField(
        default=False, help_text="Set when a day is not well established; say why in basis."
    )

    class Meta:
        verbose_name = "known meeting"
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="knownmeeting_end_not_before_start",
                violation_error_message="A meeting cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.place}, {day_label(self.start)}"

    def alias_list(self) -> list[str]:
        return split_lines(self.aliases)

    def as_known_meeting(self) -> ExtractedMeeting:
        """This meeting as the extractor sees it."""
        return ExtractedMeeting(
            self.series, self.name, self.place, self.country, self.start, self.end,
            tuple(self.alias_list()),
        )  # fmt: skip


class Place(GazetteerEntry):
    country = models.CharField(max_length=100, blank=True)

    objects = GazetteerManager()

    class Meta(GazetteerEntry.Meta):
        verbose_name = "place"


class Topic(GazetteerEntry):
    aliases = models.TextField(
        "keywords",
        blank=True,
        help_text="Words or phrases that mark an article passage as being about this topic, "
        'one per line (for example "Article 5", "collective defense").',
    )

    objects = GazetteerManager()

    class Meta(GazetteerEntry.Meta):
        verbose_name = "topic"


class SourceManager(models.Manager):
    def get_by_natural_key(self, content_hash: str) -> Source:
        return self.get(content_hash=content_hash)


class Source(models.Model):
    """An article or statement the timeline cites."""

    class Kind(models.TextChoices):
        NEWS = "news", "News report"
        TRANSCRIPT = "transcript", "Transcript"
        FACT_SHEET = "fact_sheet", "Fact sheet"
        BLOG = "blog", "Blog post"
        READOUT = "readout", "Readout"
        STATEMENT = "statement", "Statement"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    url = models.URLField("URL", max_length=1000, blank=True)
    file_name = models.CharField(
        max_length=255, blank=True, help_text="The file the article was imported from, if any."
    )
    author = models.CharField(max_length=300, blank=True, help_text="The byline, if known.")
    fetched_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the page was fetched from its URL (empty for pasted text and files): "
        "the original is then the page's HTML, and the text the article extracted from it.",
    )
    published = models.DateField(
        null=True, blank=True, help_text="The day the article was published, if known."
    )
    published_inferred = models.BooleanField(
        "publication date inferred",
        default=False,
        help_text="Set when the publication date was not given and was inferred from the text.",
    )
    text = models.TextField(
        "cleaned text", help_text="The text events are extracted from; citations point into it."
    )
    original_text = models.TextField(help_text="The article exactly as it was imported.")
    language = models.CharField(
        max_length=16,
        default="en",
        help_text="The article's language (a BCP 47 code): it chooses the extraction bundle.",
    )
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 of the cleaned text: the same article imported twice is one source.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = SourceManager()

    class Meta:
        ordering = ["-published", "title"]
        indexes = [models.Index(fields=["published"])]
        constraints = [
            # A page fetched from the web is one source, whatever its text became since.
            models.UniqueConstraint(
                fields=["url"], condition=Q(fetched_at__isnull=False), name="source_unique_web_url"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        # The hash is derived from the text, never typed: keep it true on every save.
        self.content_hash = self.hash_text(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:source", args=[self.pk])

    def segments(self, citations: list[Citation]) -> list[tuple[str, list[int]]]:
        """The text cut into (piece, passage starts) with the cited passages as their own
        pieces; overlapping citations make one passage that carries every start."""
        spans: list[list[int]] = []  # [start, end, *citation starts]
        for c in sorted(citations, key=lambda c: (c.start, c.end)):
            if spans and c.start < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], c.end)
                if c.start not in spans[-1][2:]:
                    spans[-1].append(c.start)
            else:
                spans.append([c.start, c.end, c.start])
        pieces: list[tuple[str, list[int]]] = []
        pos = 0
        for start, end, *starts in spans:
            pieces.append((self.text[pos:start], []))
            pieces.append((self.text[start:end], starts))
            pos = end
        pieces.append((self.text[pos:], []))
        return [p for p in pieces if p[0]]

    def natural_key(self) -> tuple[str]:
        return (self.content_hash,)

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class YearStart(models.Func):
    """The first day of a date's year, as an immutable expression (a stored generated column
    may use no other): PostgreSQL's date_trunc of a date depends on the time zone."""

    output_field = models.DateField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        template = "make_date(extract(year from %(expressions)s)::integer, 1, 1)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        template = "date(%(expressions)s, 'start of year')"
        return self.as_sql(compiler, connection, template=template, **extra)


class EventQuerySet(models.QuerySet):
    """The reads every public page needs."""

    def published(self) -> EventQuerySet:
        return self.filter(status=Event.Status.PUBLISHED)

    def in_range(self, start: dt.date | None, end: dt.date | None) -> EventQuerySet:
        """Events whose date range overlaps [start, end]; either bound may be open."""
        qs = self
        if start is not None:
            qs = qs.filter(date_to__gte=start)
        if end is not None:
            # sort_date <= date_from, so the second condition adds nothing but a bound on the
            # order's index: the newest matching events are found from `end` backwards, not by
            # walking every later event first.
            qs = qs.filter(date_from__lte=end, sort_date__lte=end)
        return qs

    def with_actors(self, slugs: list[str]) -> EventQuerySet:
        """Events with every one of the given actors among their participants.

        One semi-join (EXISTS) per actor on its id, read first: given `actor_id = 7` rather than
        a join on the slug, the planner knows from its statistics how frequent each actor is (a
        fifth of the events or a handful) and can start from the rarest, or walk the date order
        probing each event's participants. A grouped subquery (HAVING COUNT = n) read every
        participation of every chosen actor (1.5 s for two frequent actors at 1M events), and
        a join per actor made planning explode (40 actors, 8 s); at most 20 semi-joins plan
        and run in a fraction of that (`bench/scale.py`).
        """
        wanted = sorted(set(slugs))
        if not wanted:
            return self
        ids = list(Actor.objects.filter(slug__in=wanted).values_list("pk", flat=True))
        if len(ids) < len(wanted):
            return self.none()
        links, qs = Event.participants.through.objects, self
        for actor in ids:
            qs = qs.filter(Exists(links.filter(event=OuterRef("pk"), actor=actor)))
        return qs

    def of_kinds(self, kinds: list[str]) -> EventQuerySet:
        return self.filter(kind__in=kinds) if kinds else self

    def on_topic(self, slug: str) -> EventQuerySet:
        # A semi-join on the id, like one actor's (see with_actors): no duplicate rows, and the
        # planner knows how frequent the topic is.
        topic = Topic.objects.filter(slug=slug).values_list("pk", flat=True).first()
        links = Event.topics.through.objects.filter(event=OuterRef("pk"), topic=topic)
        return self.filter(Exists(links)) if topic else self.none()

    def at_place(self, slug: str) -> EventQuerySet:
        place = Place.objects.filter(slug=slug).values_list("pk", flat=True).first()
        return self.filter(place=place) if place else self.none()

    def search(self, text: str) -> EventQuerySet:
        """Events whose title, summary or a cited quote matches: PostgreSQL full-text search
        (web-search syntax, the site language's stemming), a plain substring match elsewhere."""
        if not text:
            return self
        if connection.vendor == "postgresql":
            query = SearchQuery(text, config=search_config(), search_type="websearch")
            return self.filter(search_document=query)
        quotes = Citation.objects.filter(event=OuterRef("pk"), quote__icontains=text)
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text) | Exists(quotes))

    def chronological(self, oldest_first: bool = False) -> EventQuerySet:
        """In the timeline's order: by `sort_date` (an event known only by its year at the start
        of that year), then by id, so that the order is total and a page can end anywhere."""
        if oldest_first:
            return self.order_by("sort_date", "pk")
        return self.order_by("-sort_date", "-pk")

    def page_after(self, cursor: PagePosition | None, oldest_first: bool = False) -> EventQuerySet:
        """Keyset pagination: the events after the cursor in the chosen order."""
        qs = self.chronological(oldest_first)
        if cursor is None:
            return qs
        # A row comparison, (sort_date, id) < (d, n): unlike its OR spelling, it bounds an index
        # scan on (sort_date, id), so a page 900,000 events deep reads a few index pages.
        beyond = TupleGreaterThan if oldest_first else TupleLessThan
        return qs.filter(beyond(Tuple("sort_date", "pk"), (cursor.date, cursor.pk)))

    def related_to(self, event: Event, days: int = 30) -> EventQuerySet:
        """Other events sharing a participant with `event` within `days` of it."""
        if event.date_from is None or event.date_to is None:
            return self.none()
        window = dt.timedelta(days=days)
        return (
            self.exclude(pk=event.pk)
            .filter(participants__in=event.participants.all())
            .in_range(event.date_from - window, event.date_to + window)
            .distinct()
            # By the first possible day, not the timeline's sort_date: a short list, not paged,
            # and the index on (status, date_from, date_to) that finds the window gives this
            # order (by sort_date it read every participation of a frequent actor: 200 ms).
            .order_by("-date_from", "-pk")
        )

    def kind_counts(self) -> list[tuple[str, int]]:
        """(kind label, count) for each kind present, most frequent first."""
        labels = dict(Event.Kind.choices)
        rows = self.order_by().values("kind").annotate(n=Count("pk", distinct=True))
        return sorted(((labels[r["kind"]], r["n"]) for r in rows), key=lambda r: (-r[1], r[0]))

    def year_counts(self) -> list[tuple[int, int]]:
        rows = (
            self.order_by()
            .annotate(year=ExtractYear("date_from"))
            .values("year")
            .annotate(n=Count("pk", distinct=True))
        )
        return sorted((r["year"], r["n"]) for r in rows if r["year"] is not None)

    def for_timeline(self) -> EventQuerySet:
        """Everything a timeline entry shows, in a constant number of queries."""
        return (
            self.defer("search_document")
            .select_related("place", "parent")
            .prefetch_related(
                "participants",
                "topics",
                Prefetch(
                    "citations",
                    # A citation shows its source's title and publisher: the article's text (often
                    # the largest thing in the database) stays behind.
                    queryset=Citation.objects.select_related("source")
                    .defer("source__text", "source__original_text")
                    .order_by("source__published", "source", "start"),
                ),
            )
        )


class Event(models.Model):
    # The extraction's kind registry is the one list of kinds: Event.Kind.CALL, ... follow it.
    Kind = models.TextChoices(
        "Kind", [(k.name.upper(), (k.name, k.label)) for k in KINDS], qualname="Event.Kind"
    )

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        WEEK = "week", "Week"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=DEFAULT_KIND)
    date_from = models.DateField(
        null=True, blank=True, help_text="First day on which the event may have happened."
    )
    date_to = models.DateField(
        null=True, blank=True, help_text="Last day on which the event may have happened."
    )
    date_precision = models.CharField(
        max_length=10,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How precisely the sources date the event.",
    )
    # Where the event sorts on the timeline, on every page: the start of the period it is known
    # to, which for an event known only by its year is 1 January (its first possible day is
    # often only the day someone spoke of it, which would read as its date); newest first, it
    # comes after the dated events of its year, under "2021 · month not known" (events.rail).
    # Any other precision sorts by its first possible day. Computed by the database from the
    # dates, so no write path (a save, an update(), COPY) can leave it behind.
    sort_date = models.GeneratedField(
        expression=models.Case(
            models.When(date_precision="year", then=YearStart("date_from")),
            default=F("date_from"),
            output_field=models.DateField(),
        ),
        output_field=models.DateField(null=True),
        db_persist=True,
        verbose_name="sorts as",
    )
    summary = models.TextField(blank=True)
    participants = models.ManyToManyField(Actor, blank=True, related_name="events")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    planned = models.BooleanField(
        default=False,
        help_text="The sources spoke of it as still to come; a later report of the event itself "
        "clears it.",
    )
    known_meeting = models.ForeignKey(
        "KnownMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text="The calendar's meeting this event is (a summit): reports of any of its days "
        "are this event.",
    )
    confidence = models.FloatField(
        default=0.5, help_text="The extractor's confidence, from 0 to 1."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The event this one happened during (the call a pledge was made in).",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every change made through events.curation (the admin's saves, "
        "publishing, merging, re-linking), for optimistic locking.",
    )
    # PostgreSQL's full-text document of the title, the summary and every cited quote, kept by
    # triggers (migration 0005) however rows change; GIN-indexed. Empty on SQLite, which
    # searches by substring.
    search_document = SearchVectorField(null=True, editable=False)

    objects = SlugManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["-date_from", "-date_to", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__isnull=True, date_to__isnull=True)
                | Q(date_from__isnull=False, date_to__isnull=False, date_to__gte=F("date_from")),
                name="event_date_to_not_before_date_from",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="event_confidence_between_0_and_1",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "date_from", "date_to"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["updated"]),  # the timeline's cache stamp: Max("updated")
            # Keyset pagination, newest or oldest first (a B-tree reads both ways), over published
            # events only, alone and under the kind and place filters: a page 900,000 deep reads
            # a few index pages instead of the table (page_after's row comparison uses them).
            models.Index(
                fields=["sort_date", "id"],
                condition=Q(status="published"),
                name="event_published_by_sort",
            ),
            models.Index(
                fields=["kind", "sort_date", "id"],
                condition=Q(status="published"),
                name="event_published_kind_sort",
            ),
            models.Index(
                fields=["place", "sort_date", "id"],
                condition=Q(status="published"),
                name="event_published_place_sort",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def summary_adds(self) -> bool:
        """Whether the summary says something its cited passages do not (a draft's summary was
        once its quoted sentence: the page then shows it once, as the quote)."""
        said = " ".join(self.summary.split())
        quotes = {" ".join(c.quote.split()) for c in self.citations.all()}
        return bool(said) and said not in quotes

    def fitting_slug(self) -> str:
        """The address its date and title give ("2024-07-09-nato-summit-in-washington"): a
        draft's follows them (events.curation.settle_address)."""
        return unique_slug(Event, f"{self.date_from or ''} {self.title}", exclude=self.pk)

    def date_label(self) -> str:
        """The date as precisely as it is known: "26 Jan 2021", "May 2017", "11–12 Jul 2018"."""
        start, end = self.date_from, self.date_to
        if start is None or end is None:
            return "undated"
        if self.date_precision == self.Precision.YEAR:
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        if self.date_precision == self.Precision.MONTH and (start.year, start.month) == (
            end.year,
            end.month,
        ):
            ends_month = (end + dt.timedelta(days=1)).day == 1
            part = {(1, 10): "early ", (11, 20): "mid-"}.get((start.day, end.day), "")
            if start.day == 21 and ends_month:
                part = "late "
            return f"{part}{start:%B %Y}"
        if self.date_precision == self.Precision.WEEK:
            return f"week of {start.day} {start:%b %Y}"
        if start == end:
            return f"{start.day} {start:%b %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {start:%b %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"

    def machine_date(self) -> str:
        """The date for `<time datetime>`, as precise as the label: HTML accepts a year
        ("2017"), a month ("2017-05"), a week ("2021-W03") or a day, but no range, so a range
        of days gives its first."""
        start = self.date_from
        if start is None:
            return ""
        if self.date_precision == self.Precision.YEAR:
            return f"{start.year:04d}"
        if self.date_precision == self.Precision.MONTH:
            return f"{start.year:04d}-{start.month:02d}"
        if self.date_precision == self.Precision.WEEK:
            year, week, _ = start.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return start.isoformat()

    def publishing_problems(self) -> list[str]:
        """Why this event cannot be published; empty when it can."""
        problems = []
        if self.date_from is None or self.date_to is None:
            problems.append("it has no date")
        citations = list(self.citations.select_related("source"))
        if not citations:
            problems.append("it has no citation")
        elif not any(c.quote_matches() for c in citations):
            problems.append("none of its citations matches its source text")
        return problems


class CitationManager(models.Manager):
    def get_by_natural_key(self, event_slug: str, source_hash: str, start: int) -> Citation:
        return self.get(event__slug=event_slug, source__content_hash=source_hash, start=start)


class Citation(models.Model):
    """The exact passage of a source that reports an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="citations")
    quote = models.TextField(help_text="The cited passage, exactly as in the source's text.")
    start = models.PositiveIntegerField(help_text="Offset of the quote in the source's text.")
    end = models.PositiveIntegerField(help_text="Offset just past the quote's end.")

    objects = CitationManager()

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="citation_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["event", "source", "start"], name="citation_unique_passage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: “{self.quote[:60]}”"

    def get_absolute_url(self) -> str:
        return f"{self.source.get_absolute_url()}#passage-{self.start}"

    def clean(self) -> None:
        # Offsets not yet known (a quote the admin's form could not place) compare nothing.
        if self.source_id is not None and self.start is not None and not self.quote_matches():
            raise ValidationError(
                {"quote": "The quote is not the source's text between its start and end offsets."}
            )

    def natural_key(self) -> tuple[str, str, int]:
        return (*self.event.natural_key(), *self.source.natural_key(), self.start)

    natural_key.dependencies = ["events.event", "events.source"]

    def quote_matches(self) -> bool:
        return self.source.text[self.start : self.end] == self.quote

    def starts_mid_sentence(self) -> bool:
        """Whether the quote begins after the start of its sentence (shown with "…")."""
        return self.quote[:1].islower()

    def in_context(self, words: int = 8) -> str:
        """For editors: the quote in a few words of its context, linked to the passage as the
        source's admin page marks it."""
        text = self.source.text
        before = " ".join(text[: self.start].split()[-words:])
        after = " ".join(text[self.end :].split()[:words])
        url = reverse("admin:events_source_change", args=[self.source_id])
        return format_html(
            '…{} <mark>{}</mark> {}… <a href="{}#passage-{}">passage</a>',
            before, self.quote, after, url, self.start,
        )  # fmt: skip


def unique_slug(
    model: type[models.Model], text: str, max_length: int = 200, exclude: int | None = None
) -> str:
    """A slug for `text` not yet used by `model` (other than row `exclude`), suffixed -2, -3, …
    when needed."""
    base = slugify(text)[: max_length - 8].strip("-") or "item"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exclude(pk=exclude).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class EventRedirect(models.Model):
    """The public address of an event merged into another one: it now leads there."""

    old_slug = models.SlugField(max_length=200, unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="redirects")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "merged event address"
        verbose_name_plural = "merged event addresses"

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.event.slug}"


class DataVersion(models.Model):
    """The version of the published data: one row, raised (events.dataversion.touch) in the same
    transaction as any change to what the public pages show; ETags and cache keys derive from it."""

    version = models.PositiveBigIntegerField(default=1)
    changed = models.DateTimeField(help_text="When the published data last changed.")

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"version {self.version} ({self.changed:%Y-%m-%d %H:%M:%S})"


class Feed(models.Model):
    """A publisher's RSS or Atom feed: each new entry is imported by its URL when feeds are polled
    (`manage.py poll_feeds`, on a schedule)."""

    url = models.URLField("feed URL", max_length=1000, unique=True)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Given to its articles; empty: the site's own name."
    )
    kind = models.CharField(
        "source kind",
        max_length=20,
        choices=Source.Kind.choices,
        default=Source.Kind.NEWS,
        help_text="The kind of source its articles become.",
    )
    active = models.BooleanField(default=True, help_text="Only active feeds are polled.")
    last_polled = models.DateTimeField(null=True, blank=True, editable=False)
    etag = models.CharField("ETag", max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_error = models.TextField(
        blank=True, editable=False, help_text="Why the last poll failed; empty when it worked."
    )

    class Meta:
        ordering = ["publisher", "url"]
        verbose_name = "feed"

    def __str__(self) -> str:
        return self.publisher or self.url


class Import(models.Model):
    """One background import, as editors follow it: what was asked, by whom, and how it went."""

    class Kind(models.TextChoices):
        URL = "url", "Article by URL"
        TEXT = "text", "Article text or file"
        REEXTRACT = "reextract", "Re-extraction of a source"
        POLL = "poll", "Feed poll"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    url = models.URLField("URL", max_length=1000, blank=True)
    name = models.CharField(max_length=255, blank=True, help_text="The file or title given.")
    text = models.TextField(blank=True, help_text="The article text to import, kept for a retry.")
    metadata = models.JSONField(default=dict, blank=True, help_text="Title, publisher, kind…")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    source_created = models.BooleanField(
        default=False, help_text="Whether the import stored a new source (else: seen before)."
    )
    events_created = models.PositiveIntegerField("new events", default=0)
    events_merged = models.PositiveIntegerField("events merged into", default=0)
    detail = models.CharField(max_length=500, blank=True, help_text="What the import did.")
    error = models.TextField(blank=True, help_text="Why it failed.")
    requested_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["state", "created"])]
        verbose_name = "import"

    def __str__(self) -> str:
        what = self.url or self.name or (self.source and self.source.title) or str(self.feed or "")
        return f"{self.get_kind_display()}: {what}"

    def outcome(self) -> str:
        """ "done: 3 new events, 1 merged", "failed: the server answered 404", "queued"."""
        if self.state == self.State.DONE:
            counts = f"{self.events_created} new events, {self.events_merged} merged"
            return f"done: {self.detail or counts}"
        if self.state == self.State.FAILED:
            return f"failed: {self.error}"
        return self.get_state_display().lower()

    def start(self, task_id: str = "") -> None:
        self.state, self.started, self.finished = self.State.RUNNING, timezone.now(), None
        self.task_id = task_id or self.task_id
        self.save(update_fields=["state", "started", "finished", "task_id"])

    def finish(self, **fields: object) -> None:
        """Done: the fields given (source, counts, detail) recorded with the state."""
        for name, value in fields.items():
            setattr(self, name, value)
        self.state, self.error, self.finished = self.State.DONE, "", timezone.now()
        self.save()

    def fail(self, reason: str) -> None:
        self.state, self.error, self.finished = self.State.FAILED, reason, timezone.now()
        self.save(update_fields=["state", "error", "finished"])


class PublishedMonth(models.Model):
    """How many published events start in each month: the whole timeline's overview, kept by a
    PostgreSQL trigger as events change (migration 0013), so that no request counts a million
    rows after a change. Empty on SQLite, which counts (see timeline.month_counts)."""

    month = models.DateField(primary_key=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "published events in a month"
        verbose_name_plural = "published events per month"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.n}"


class PublishedActor(models.Model):
    """How many published events name each actor: the filter form's most frequent actors, kept
    by PostgreSQL triggers as events are published, unpublished or deleted and as participants
    are added or removed (migration 0016), so that the first request after a change does not
    count millions of participations. Empty on SQLite, which counts (see
    actors.most_frequent)."""

    actor = models.OneToOneField(
        Actor, primary_key=True, on_delete=models.CASCADE, related_name="published_count"
    )
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "published events of an actor"
        verbose_name_plural = "published events per actor"
        indexes = [models.Index(fields=["-n"], name="published_actor_by_n")]

    def __str__(self) -> str:
        return f"{self.actor_id}: {self.n}"
