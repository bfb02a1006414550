"""The editor's workbench: one article with its proposed events highlighted in its text, the
events as cards beside it (publish, reject, edit in place), citing by selecting a passage, and
the admin home's summary of the work waiting. Reads, writes and the admin views that glue them
to HTTP; the views are reached through EventAdmin.get_urls (admin_urls below)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from events import curation, ingest, tasks
from events.extraction.kinds import BY_NAME, compatible
from events.models import Actor, Citation, Event, Import, Place, Source

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

# Each event of an article gets one of these colours (workbench.css: .wb-c0 … .wb-c7).
COLOURS = 8
LOW_CONFIDENCE = 0.5
TEMPLATE = "admin/workbench/review.html"


# Reads


@dataclass
class Piece:
    """A run of the article's text and the events whose citations cover it."""

    text: str
    start: int
    events: list[int] = field(default_factory=list)
    colour: int | None = None
    kind: str = ""

    @property
    def event_ids(self) -> str:
        return " ".join(map(str, self.events))


def source_events(source: Source) -> list[Event]:
    """The events citing `source`, in the order the article reports them, each with its
    colour, its citations of this source and the stored events it may duplicate."""
    events = list(
        Event.objects.filter(citations__source=source)
        .annotate(first_cited=Min("citations__start", filter=Q(citations__source=source)))
        .select_related("place")
        .prefetch_related(
            "participants",
            Prefetch(
                "citations",
                queryset=Citation.objects.filter(source=source).order_by("start"),
                to_attr="here",
            ),
        )
        .order_by("first_cited", "pk")
        .distinct()
    )
    for i, event in enumerate(events):
        event.colour = i % COLOURS
        event.duplicates = possible_duplicates(event) if event.status == "draft" else []
    return events


def possible_duplicates(event: Event, limit: int = 3) -> list[Event]:
    """Other events of a compatible kind, overlapping its dates, with a participant in common:
    the ones an editor would merge it into."""
    if event.date_from is None or event.date_to is None:
        return []
    kinds = [k for k in BY_NAME if compatible(event.kind, k)]
    return list(
        Event.objects.exclude(pk=event.pk)
        .exclude(status=Event.Status.REJECTED)
        .filter(kind__in=kinds, participants__in=event.participants.all())
        .in_range(event.date_from, event.date_to)
        .distinct()
        .order_by("-status", "date_from")[:limit]
    )


def marked_text(source: Source, events: list[Event]) -> list[Piece]:
    """The article's text cut at every cited passage's edges; each piece knows the events
    whose citations cover it (the first one gives its colour and kind)."""
    spans = [(c.start, c.end, e) for e in events for c in e.here]
    cuts = sorted({0, len(source.text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        covering = [e for s, t, e in spans if s <= a and b <= t]
        ids = list(dict.fromkeys(e.pk for e in covering))
        first = covering[0] if covering else None
        pieces.append(
            Piece(
                source.text[a:b], a, ids,
                first.colour if first else None, first.kind if first else "",
            )
        )  # fmt: skip
    return pieces


@dataclass(frozen=True)
class Home:
    """What the admin home shows: the work waiting."""

    drafts: int
    oldest_draft: Event | None
    sources_with_drafts: list[Source]
    imports: list[Import]
    attention: list[tuple[Event, list[str]]]


def attention_reasons(event: Event) -> list[str]:
    reasons = []
    if event.confidence < LOW_CONFIDENCE:
        reasons.append(f"low confidence ({event.confidence:.0%})")
    if not event.n_participants:
        reasons.append("no participants")
    if event.date_from is None:
        reasons.append("no date")
    elif event.date_precision in {Event.Precision.MONTH, Event.Precision.YEAR}:
        reasons.append(f"dated to the {event.date_precision} only")
    return reasons


def home() -> Home:
    drafts = Event.objects.filter(status=Event.Status.DRAFT)
    attention = (
        Event.objects.exclude(status=Event.Status.REJECTED)
        .annotate(n_participants=Count("participants"))
        .filter(
            Q(confidence__lt=LOW_CONFIDENCE)
            | Q(n_participants=0)
            | Q(date_from__isnull=True)
            | Q(date_precision__in=[Event.Precision.MONTH, Event.Precision.YEAR])
        )
        .order_by("-status", "confidence", "pk")[:10]
    )
    sources = (
        Source.objects.filter(citations__event__status=Event.Status.DRAFT)
        .annotate(n_drafts=Count("citations__event", distinct=True))
        .order_by("-imported_at")
        .defer("text", "original_text")[:8]
    )
    return Home(
        drafts=drafts.count(),
        oldest_draft=drafts.order_by("created", "pk").first(),
        sources_with_drafts=list(sources),
        imports=list(Import.objects.select_related("source").defer("text")[:8]),
        attention=[(e, attention_reasons(e)) for e in attention],
    )


# Finding a passage in the article


class QuoteError(ValidationError):
    """A passage not found in the source, or found more than once without saying which."""

    def __init__(self, message: str, occurrences: list[tuple[int, int]] | None = None) -> None:
        super().__init__(message, code="quote")
        self.occurrences = occurrences or []


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) of `quote` in `text`; whitespace may differ (a browser's selection
    turns line breaks into spaces, an editor's paste the reverse)."""
    words = quote.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def locate(text: str, quote: str, position: int | None = None) -> tuple[int, int]:
    """The offsets of `quote` in `text`: the occurrence nearest `position` (where the editor
    selected it) when it is given, else the only one."""
    found = occurrences(text, quote)
    if not found:
        short = quote if len(quote) <= 80 else quote[:77] + "…"
        raise QuoteError(
            f"“{short}” is not in the article's text: select or paste a passage of it."
        )
    if position is not None:
        return min(found, key=lambda span: abs(span[0] - position))
    if len(found) > 1:
        raise QuoteError(
            f"This passage appears {len(found)} times in the article: choose which one.", found
        )
    return found[0]


def occurrence_label(text: str, span: tuple[int, int], words: int = 6) -> str:
    """ "…before [quote] after…": one occurrence, told apart by its context."""
    before = " ".join(text[: span[0]].split()[-words:])
    after = " ".join(text[span[1] :].split()[:words])
    return f"…{before} [{' '.join(text[span[0] : span[1]].split())}] {after}… (at {span[0]})"


# Writes


class StaleEdit(ValidationError):
    """The event changed since the editor loaded it."""


def stale(event: Event) -> StaleEdit:
    current = Event.objects.select_related("place").get(pk=event.pk)
    return StaleEdit(
        f"Someone else saved “{current.title}” while you were looking at it (now version "
        f"{current.version}: {current.date_label()}, {current.get_status_display().lower()}). "
        "Your change was not made: their version is shown now; apply it again if needed."
    )


@transaction.atomic
def set_status(*, event: Event, version: int, action: str) -> None:
    """Publish or reject `event` if it is still the version the editor saw."""
    if not Event.objects.select_for_update().filter(pk=event.pk, version=version).exists():
        raise stale(event)
    curation.ACTIONS[action](event)


@transaction.atomic
def edit(*, event: Event, version: int, data: dict[str, Any]) -> Event:
    """Save the card's fields over `event` if nobody else saved it since `version`."""
    old_slug = event.slug
    for name in ["title", "date_from", "date_to", "date_precision", "place"]:
        setattr(event, name, data[name])
    event.full_clean(exclude=["slug", "parent", "known_meeting"])
    if not curation.claim(event, version):
        raise stale(event)
    event.version = version + 1
    event.save()
    event.participants.set(data["participants"])
    curation.settle_address(event, old_slug)
    return event


@transaction.atomic
def cite(*, event: Event, source: Source, quote: str, position: int | None = None) -> Citation:
    """A citation of `event` in `source`, its offsets found from the quoted passage."""
    start, end = locate(source.text, quote, position)
    if event.citations.filter(source=source, start=start).exists():
        raise ValidationError(f"“{event.title}” already cites this passage.")
    citation = Citation(event=event, source=source, quote=source.text[start:end],
                        start=start, end=end)  # fmt: skip
    citation.full_clean()
    citation.save()
    curation.change(Event.objects.filter(pk=event.pk))  # its citations changed: a new version
    return citation


@transaction.atomic
def new_event(*, source: Source, quote: str, title: str, position: int | None = None) -> Event:
    """A draft event reported by a passage the extractor missed: undated until the editor
    dates it (the card asks), made by hand so fully confident."""
    start, end = locate(source.text, quote, position)
    passage = source.text[start:end]
    title = " ".join((title or passage).split())[:300]
    event = Event(title=title, confidence=1.0, date_from=None, date_to=None)
    event.slug = event.fitting_slug()
    event.full_clean(exclude=["parent", "known_meeting"])
    event.save()
    Citation.objects.create(event=event, source=source, quote=passage, start=start, end=end)
    return event


def redate(*, source: Source, published: dt.date, user: object = None) -> Import:
    """Give `source` its publication date and extract its events again (new drafts for the
    sentences whose relative dates it resolves; known events only gain citations)."""
    source.published, source.published_inferred = published, False
    with transaction.atomic():
        # save(), not update(): the data version follows (the date shows on public pages)
        source.save(update_fields=["published", "published_inferred"])
    return tasks.queue_reextract(source, user=user)


@dataclass(frozen=True)
class PublishAll:
    published: list[Event]
    refused: list[str]


def publish_all(source: Source) -> PublishAll:
    """Publish every draft citing `source` that can be; say why the others cannot."""
    published, refused = [], []
    drafts = Event.objects.filter(citations__source=source, status=Event.Status.DRAFT).distinct()
    for event in drafts.order_by("date_from", "pk"):
        try:
            with transaction.atomic():
                curation.publish(event)
            published.append(event)
        except ValidationError as exc:
            refused.append(exc.messages[0])
    return PublishAll(published, refused)


# Forms


class CardForm(forms.Form):
    """A card's edit: title, dates, participants and place, over the version the editor saw."""

    required_css_class = "required"  # the admin's required marker on the label

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(max_length=300)
    date_from = forms.DateField(label="From", required=False, help_text="YYYY-MM-DD")
    date_to = forms.DateField(label="To", required=False, help_text="YYYY-MM-DD; empty: one day")
    date_precision = forms.ChoiceField(label="Precision", choices=Event.Precision.choices)
    participants = forms.CharField(
        required=False, help_text="Names or aliases of known actors, separated by commas."
    )
    place = forms.CharField(required=False, help_text="A known place's name, or empty.")

    @classmethod
    def for_event(cls, event: Event, **kwargs: Any) -> CardForm:
        initial = {
            "version": event.version, "title": event.title, "date_from": event.date_from,
            "date_to": event.date_to, "date_precision": event.date_precision,
            "participants": ", ".join(a.name for a in event.participants.all()),
            "place": event.place.name if event.place else "",
        }  # fmt: skip
        return cls(initial=initial, prefix=f"e{event.pk}", **kwargs)

    def clean_participants(self) -> list[Actor]:
        names = [n.strip() for n in self.cleaned_data["participants"].split(",") if n.strip()]
        actors, unknown = [], []
        for name in names:
            actor = Actor.objects.filter(name__iexact=name).first() or next(
                (a for a in Actor.objects.filter(aliases__icontains=name)
                 if name.lower() in (n.lower() for n in a.names())),
                None,
            )  # fmt: skip
            (actors if actor else unknown).append(actor or name)
        if unknown:
            raise ValidationError(
                f"Not a known actor: {', '.join(unknown)}. Add them under Actors first."
            )
        return actors

    def clean_place(self) -> Place | None:
        name = self.cleaned_data["place"].strip()
        if not name:
            return None
        place = Place.objects.filter(name__iexact=name).first()
        if place is None:
            raise ValidationError(f"Not a known place: {name}. Add it under Places first.")
        return place

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and not end:
            data["date_to"] = start
        elif end and not start:
            self.add_error("date_from", "Give the first day too.")
        return data


class RedateForm(forms.Form):
    published = forms.DateField(label="Publication date", help_text="YYYY-MM-DD")


class PassageForm(forms.Form):
    """A passage of the article: the quote, where it was selected (optional), and what to do."""

    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    occurrence = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    event = forms.IntegerField(required=False, min_value=1)
    title = forms.CharField(required=False, max_length=300)
    do = forms.ChoiceField(choices=[("new", "a new event"), ("cite", "a citation")])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("do") == "cite" and not data.get("event"):
            raise ValidationError("Choose the event this passage reports.")
        return data


class CitationForm(forms.ModelForm):
    """The event admin's citation: a quote alone; its offsets are found in the source, and an
    ambiguous quote asks which occurrence is meant."""

    occurrence = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, choices=[],
        help_text="The quote appears more than once: which one is meant?",
    )  # fmt: skip

    class Meta:
        model = Citation
        fields = ["source", "quote"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 40})}
        help_texts = {"quote": "Paste the passage as the article has it: its place is found."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spans: list[tuple[int, int]] = []
        source_id, quote = (
            self.data.get(self.add_prefix("source")),
            self.data.get(self.add_prefix("quote")),
        )
        if source_id and quote and str(source_id).isdigit():
            source = Source.objects.filter(pk=source_id).only("text").first()
            if source is not None:
                self.spans = occurrences(source.text, quote)
                self.fields["occurrence"].choices = [("", "—")] + [
                    (s, occurrence_label(source.text, (s, e))) for s, e in self.spans
                ]
        if len(self.spans) < 2:
            self.fields["occurrence"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source, quote = data.get("source"), data.get("quote")
        if source is None or not quote or self.errors:
            return data
        if (
            self.instance.pk
            and self.instance.source_id == source.pk
            and quote == self.instance.quote
        ):
            return data  # unchanged: keep its offsets
        chosen = data.get("occurrence")
        spans = self.spans
        if chosen is not None:
            spans = [s for s in spans if s[0] == chosen]
        try:
            start, end = locate(source.text, quote) if len(spans) != 1 else spans[0]
        except QuoteError as exc:
            raise ValidationError({"quote": exc.messages}) from exc
        self.instance.start, self.instance.end = start, end
        data["quote"] = source.text[start:end]
        self.instance.quote = data["quote"]
        return data


# Admin views, reached through EventAdmin.get_urls


class Workbench:
    """The workbench's pages, with the permissions and change log of the event admin."""

    def __init__(self, model_admin: ModelAdmin) -> None:
        self.model_admin = model_admin

    def urls(self) -> list[URLPattern]:
        wrap = self.model_admin.admin_site.admin_view
        return [
            path("source/<int:pk>/", wrap(self.review), name="events_source_review"),
            path(
                "source/<int:pk>/publish-all/",
                wrap(self.publish_all),
                name="events_source_publish_all",
            ),
            path(
                "source/<int:pk>/passage/",
                wrap(require_POST(self.passage)),
                name="events_source_passage",
            ),
            path(
                "source/<int:pk>/redate/",
                wrap(require_POST(self.redate)),
                name="events_source_redate",
            ),
            path(
                "card/<int:pk>/<str:action>/",
                wrap(require_POST(self.card_action)),
                name="events_event_card",
            ),
        ]

    def check(self, request: HttpRequest) -> None:
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied

    def context(self, request: HttpRequest, source: Source, **extra: Any) -> dict[str, Any]:
        events = source_events(source)
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": Source._meta,
            "title": f"Review: {source.title}",
            "source": source,
            "events": events,
            "pieces": marked_text(source, events),
            "forms": {e.pk: CardForm.for_event(e) for e in events},
            "drafts": sum(e.status == Event.Status.DRAFT for e in events),
            "passage_form": PassageForm(),
            "no_events_because": "" if events else ingest.explain_no_events(source),
            **extra,
        }

    def review(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The article, its proposed events highlighted, and their cards."""
        self.check(request)
        source = get_object_or_404(Source, pk=pk)
        return TemplateResponse(request, TEMPLATE, self.context(request, source))

    def publish_all(self, request: HttpRequest, pk: int) -> HttpResponse:
        """GET: what would be published, to confirm; POST: publish it."""
        self.check(request)
        source = get_object_or_404(Source, pk=pk)
        if request.method == "POST":
            result = publish_all(source)
            for event in result.published:
                self.model_admin.log_change(request, event, "Published from its article.")
            if result.published:
                self.model_admin.message_user(
                    request, f"{len(result.published)} event(s) published."
                )
            for problem in result.refused:
                self.model_admin.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:events_source_review", args=[pk]))
        drafts = (
            Event.objects.filter(citations__source=source, status=Event.Status.DRAFT)
            .distinct()
            .order_by("date_from", "pk")
        )
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Source._meta,
            "title": "Publish every draft of this article?",
            "source": source,
            "drafts": [(e, e.publishing_problems()) for e in drafts],
        }
        return TemplateResponse(request, "admin/workbench/publish_all.html", context)

    def redate(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Set the article's publication date, then extract its events again."""
        self.check(request)
        source = get_object_or_404(Source, pk=pk)
        form = RedateForm(request.POST)
        if not form.is_valid():
            problems = [m for ms in form.errors.values() for m in ms]
            self.model_admin.message_user(request, " ".join(problems), messages.ERROR)
        else:
            record = redate(source=source, published=form.cleaned_data["published"],
                            user=request.user)  # fmt: skip
            level = messages.ERROR if record.state == Import.State.FAILED else messages.INFO
            self.model_admin.message_user(
                request, f"Dated; extracted again: {record.outcome()}", level
            )
        return HttpResponseRedirect(reverse("admin:events_source_review", args=[pk]))

    def card_action(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """Publish, reject or edit one event in place: HTMX gets its card again, a plain form
        the whole page."""
        self.check(request)
        if action not in {"publish", "reject", "edit"}:
            raise PermissionDenied
        event = get_object_or_404(Event.objects.select_related("place"), pk=pk)
        source = get_object_or_404(Source, pk=request.POST.get("source") or 0)
        form = CardForm(request.POST, prefix=f"e{event.pk}")
        error = ""
        if action == "edit":
            if form.is_valid():
                try:
                    edit(event=event, version=form.cleaned_data["version"], data=form.cleaned_data)
                    self.model_admin.log_change(request, event, "Edited from its article.")
                    form = None
                except StaleEdit as exc:
                    error, form = exc.messages[0], None
                except ValidationError as exc:
                    error = "; ".join(exc.messages)
        else:
            version = request.POST.get("version", "")
            try:
                if not version.isdigit():
                    raise ValidationError("This card is out of date: reload the page.")
                set_status(event=event, version=int(version), action=action)
                done = f"{action.capitalize()}ed from its article."
                self.model_admin.log_change(request, event, done)
            except ValidationError as exc:
                error = exc.messages[0]
            form = None
        if request.headers.get("HX-Request"):
            context = self.context(request, source)
            card = next((e for e in context["events"] if e.pk == event.pk), None)
            if card is None:
                return HttpResponse("", status=200)
            if form is not None:
                context["forms"][event.pk] = form
            context.update(event=card, error=error, editing=form is not None)
            return TemplateResponse(request, f"{TEMPLATE}#card", context)
        if error:
            self.model_admin.message_user(request, error, messages.ERROR)
        url = reverse("admin:events_source_review", args=[source.pk])
        return HttpResponseRedirect(f"{url}#card-{event.pk}")

    def passage(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A selected (or pasted) passage: a new event from it, or a citation of an event."""
        self.check(request)
        source = get_object_or_404(Source, pk=pk)
        form = PassageForm(request.POST)
        url = reverse("admin:events_source_review", args=[source.pk])
        if not form.is_valid():
            problems = [m for ms in form.errors.values() for m in ms]
            self.model_admin.message_user(request, " ".join(problems), messages.ERROR)
            return HttpResponseRedirect(url)
        data = form.cleaned_data
        position = data["occurrence"] if data["occurrence"] is not None else data["position"]
        try:
            if data["do"] == "cite":
                event = get_object_or_404(Event, pk=data["event"])
                cite(event=event, source=source, quote=data["quote"], position=position)
                self.model_admin.log_change(request, event, "Cited a passage of its article.")
                self.model_admin.message_user(request, f"Passage cited for “{event.title}”.")
            else:
                event = new_event(source=source, quote=data["quote"], title=data["title"],
                                  position=position)  # fmt: skip
                self.model_admin.log_addition(request, event, "Made from a passage of an article.")
                self.model_admin.message_user(
                    request, f"New draft “{event.title}”: give it its date, then publish it."
                )
        except QuoteError as exc:
            if not exc.occurrences:
                self.model_admin.message_user(request, exc.messages[0], messages.ERROR)
                return HttpResponseRedirect(url)
            context = self.context(
                request, source, passage=data, error=exc.messages[0],
                choices=[(s, occurrence_label(source.text, (s, e))) for s, e in exc.occurrences],
            )  # fmt: skip
            return TemplateResponse(request, "admin/workbench/which.html", context, status=400)
        except ValidationError as exc:
            self.model_admin.message_user(request, exc.messages[0], messages.ERROR)
            return HttpResponseRedirect(url)
        return HttpResponseRedirect(f"{url}#card-{event.pk}")


def admin_urls(model_admin: ModelAdmin) -> list[URLPattern]:
    return Workbench(model_admin).urls()
