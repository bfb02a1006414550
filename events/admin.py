"""Curation in the Django admin: declarative where possible; the hooks overridden are the ones
curation needs (optimistic locking, merging, the review queue, adding an article)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from events import curation, ingest, tasks, workbench
from events.models import (
    Actor,
    Citation,
    Event,
    EventRedirect,
    Feed,
    Import,
    KnownMeeting,
    Place,
    Source,
    Term,
    Topic,
)

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
TRACKED_FIELDS = ["title", "kind", "date_from", "date_to", "date_precision", "summary",
                  "place", "planned", "status", "confidence", "parent"]  # fmt: skip
ONE_LINE = {models.TextField: {"widget": forms.TextInput(attrs={"size": 30})}}


class TermFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Terms added or changed together must not overlap each other either (each form's
        own check compares it with the terms already saved)."""
        super().clean()
        terms = [
            form.instance
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for i, term in enumerate(terms):
            for other in terms[i + 1 :]:
                if term.overlaps(other):
                    raise ValidationError(term.overlap_message(other))


class TermInline(admin.TabularInline):
    model = Term
    formset = TermFormSet
    extra = 0
    fields = ["office", "title", "country", "start", "end", "basis", "uncertain"]
    formfield_overrides = ONE_LINE


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TermInline]

    def get_inlines(self, request: HttpRequest, obj: Actor | None) -> list:
        # Terms of office are held by people (an actor being added may become one).
        return self.inlines if obj is None or obj.kind == Actor.Kind.PERSON else []


@admin.register(KnownMeeting)
class KnownMeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "start", "end", "series"]
    list_filter = ["series", "uncertain"]
    search_fields = ["name", "place", "aliases"]
    date_hierarchy = "start"
    fields = ["series", "name", "place", "country", "start", "end", "aliases", "basis",
              "uncertain"]  # fmt: skip


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


class CitationInline(admin.TabularInline):
    model = Citation
    form = workbench.CitationForm  # a quote alone: its offsets are found in the source
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "occurrence", "start", "end", "context"]
    readonly_fields = ["start", "end", "context"]

    @admin.display(description="in context")
    def context(self, citation: Citation) -> str:
        return citation.in_context() if citation.pk else "—"


class PublisherFilter(admin.SimpleListFilter):
    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        publishers = Source.objects.exclude(publisher="").values_list("publisher", flat=True)
        return [(p, p) for p in sorted(set(publishers))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(citations__source__publisher=self.value()).distinct()
        return queryset


def snapshot(event: Event) -> dict[str, Any]:
    """The values an editor sees when opening the event, as text."""
    values = {name: str(getattr(event, name) or "") for name in TRACKED_FIELDS}
    values["participants"] = ", ".join(sorted(a.name for a in event.participants.all()))
    values["topics"] = ", ".join(sorted(t.name for t in event.topics.all()))
    return {"version": event.version, "values": values}


class EventAdminForm(forms.ModelForm):
    """Carries what the editor loaded (signed), so that a save over someone else's is refused
    with what they changed."""

    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = [
            "title", "slug", "kind", "summary", "date_from", "date_to", "date_precision",
            "planned", "participants", "place", "topics", "parent", "confidence",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_state"].initial = signing.dumps(snapshot(self.instance))

    def loaded(self) -> dict[str, Any] | None:
        try:
            return signing.loads(self.data.get(self.add_prefix("loaded_state"), ""))
        except signing.BadSignature:
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            loaded = self.loaded()
            if loaded is None:
                raise ValidationError("This form is out of date: reload the page.")
            current = Event.objects.get(pk=self.instance.pk)
            if current.version != loaded["version"]:
                raise ValidationError(stale_message(loaded, current))
        return data


def stale_message(loaded: dict[str, Any], current: Event) -> str:
    """What another editor changed since `loaded` was read."""
    now = snapshot(current)["values"]
    changes = [
        f"{name.replace('_', ' ')}: now “{value or '(empty)'}”"
        for name, value in now.items()
        if loaded["values"].get(name) != value
    ]
    detail = "; ".join(changes) or "its citations"
    return (
        f"Someone else saved this event while you were editing it (now version "
        f"{current.version}). They changed {detail}. Your changes were not saved: reload the "
        "page, then apply them again."
    )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["date_label", "kind", "title", "status", "planned", "participant_names",
                    "sources", "confidence_percent"]  # fmt: skip
    list_display_links = ["title"]
    list_filter = ["status", "kind", "planned", ("participants", admin.RelatedOnlyFieldListFilter),
                   ("topics", admin.RelatedOnlyFieldListFilter), PublisherFilter]  # fmt: skip
    date_hierarchy = "date_from"
    search_fields = ["title", "summary", "citations__quote", "participants__name"]
    autocomplete_fields = ["participants", "topics", "place", "parent"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "version", "created", "updated"]
    inlines = [CitationInline]
    actions = ["publish", "reject", "back_to_draft", "merge"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "summary", "loaded_state"]}),
        ("When", {"fields": ["date_from", "date_to", "date_precision", "planned"]}),
        ("Who, where, about what", {"fields": ["participants", "place", "topics", "parent"]}),
        ("Extraction", {"fields": ["confidence", "version", "created", "updated"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(source_count=Count("citations__source", distinct=True))
            .prefetch_related("participants")
        )

    @admin.display(description="date", ordering="date_from")
    def date_label(self, event: Event) -> str:
        return event.date_label()

    @admin.display(description="participants")
    def participant_names(self, event: Event) -> str:
        return ", ".join(a.name for a in event.participants.all())

    @admin.display(description="confidence", ordering="confidence")
    def confidence_percent(self, event: Event) -> str:
        return f"{event.confidence:.0%}"

    @admin.display(description="sources", ordering="source_count")
    def sources(self, event: Event) -> int:
        return event.source_count

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        if change:
            loaded = form.loaded()
            # The check in the form and this save must not interleave with another save.
            if not curation.claim(obj, loaded["version"]):
                raise PermissionDenied(stale_message(loaded, Event.objects.get(pk=obj.pk)))
            obj.version = loaded["version"] + 1
        super().save_model(request, obj, form, change)
        curation.settle_address(obj, form.initial.get("slug", ""))

    def _set_status(self, request: HttpRequest, queryset: QuerySet, change: str) -> None:
        done, refused = 0, []
        for event in queryset:
            try:
                curation.ACTIONS[change](event)
            except ValidationError as exc:
                refused.append(exc.messages[0])
                continue
            self.log_change(request, event, f"{change.replace('_', ' ').capitalize()}ed.")
            done += 1
        if done:
            self.message_user(request, f"{done} event(s): {change.replace('_', ' ')} done.")
        for problem in refused:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description="Publish", permissions=["change"], location=BOTH)
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, "publish")

    @admin.action(description="Reject", permissions=["change"], location=BOTH)
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, "reject")

    @admin.action(description="Back to draft", permissions=["change"], location=BOTH)
    def back_to_draft(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, "unpublish")

    @admin.action(description="Merge selected events…", permissions=["change", "delete"])
    def merge(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        events = list(queryset.prefetch_related("participants", "topics", "citations"))
        if len(events) < 2:
            self.message_user(request, "Select two or more events to merge.", messages.WARNING)
            return None
        keep_id = request.POST.get("keep")
        if request.POST.get("confirm") == "yes" and keep_id:
            keep = next((e for e in events if str(e.pk) == keep_id), None)
            if keep is None:
                raise PermissionDenied("The event to keep must be one of those selected.")
            plan = curation.merge_events(keep=keep, others=events)
            self.log_change(request, keep, f"Merged {', '.join(e.title for e in plan.others)}.")
            self.message_user(
                request,
                f"Merged {len(plan.others)} event(s) into “{keep.title}”; "
                f"{plan.citations_moved} citation(s) moved.",
            )
            return None
        keep = next((e for e in events if str(e.pk) == keep_id), None) or max(
            events, key=lambda e: (e.status == Event.Status.PUBLISHED, e.confidence)
        )
        plans = [curation.plan_merge(e, events) for e in events]
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge events",
            "opts": self.model._meta,
            "events": events,
            "plans": plans,
            "keep": keep,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/merge.html", context)

    # The review queue: drafts by confidence, each publishable in one click.

    def get_urls(self) -> list:
        urls = [
            path(
                "review/", self.admin_site.admin_view(self.review_view), name="events_event_review"
            ),
            path(
                "review/<int:pk>/<str:action>/",
                self.admin_site.admin_view(require_POST(self.review_action)),
                name="events_event_review_action",
            ),
        ]
        return urls + workbench.admin_urls(self) + super().get_urls()

    def review_queryset(self, query: ReviewQueueForm) -> QuerySet:
        drafts = Event.objects.filter(status=Event.Status.DRAFT).prefetch_related(
            "participants", "citations__source"
        )
        if source := query.cleaned_data.get("source"):
            drafts = drafts.filter(citations__source=source).distinct()
        order = "-confidence" if query.descending else "confidence"
        return drafts.order_by(order, "date_from", "pk")

    def review_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        query = ReviewQueueForm(request.GET)
        valid = query.is_valid()
        context = {
            **self.admin_site.each_context(request),
            "title": "Review queue: draft events",
            "opts": self.model._meta,
            "events": self.review_queryset(query)[:200] if valid else [],
            "descending": valid and query.descending,
            "errors": [f"{name}: {m}" for name, ms in query.errors.items() for m in ms],
        }
        return TemplateResponse(
            request, "admin/events/event/review.html", context, status=200 if valid else 400
        )

    def review_action(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """Publish or reject one draft; HTMX gets the updated row, a plain POST the queue."""
        if not self.has_change_permission(request) or action not in {"publish", "reject"}:
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        version = request.POST.get("version", "")
        error = ""
        try:
            if not version.isdigit():
                raise ValidationError("This row is out of date: reload the queue.")
            # Only the version the editor saw: a row someone changed since is not overwritten.
            workbench.set_status(event=event, version=int(version), action=action)
            self.log_change(request, event, f"{action.capitalize()}ed from the review queue.")
        except ValidationError as exc:
            error = exc.messages[0]
        if request.headers.get("HX-Request"):
            context = {"event": event, "error": error}
            return render(request, "admin/events/event/review.html#row", context)
        if error:
            self.message_user(request, error, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:events_event_review"))


class ReviewQueueForm(forms.Form):
    """The review queue's query string: drafts citing one source, in either order."""

    source = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    order = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)

    @property
    def descending(self) -> bool:
        return self.cleaned_data.get("order") == "desc"


class ArticleForm(forms.Form):
    """An article to add by hand: a web address to fetch, pasted text or an uploaded file."""

    url = forms.URLField(
        label="URL", required=False, max_length=1000, assume_scheme="https",
        help_text="The article's web address: the page is fetched and its article, title, "
        "author, publisher and date are read from it. With pasted text or a file, it is only "
        "recorded.",
    )  # fmt: skip
    title = forms.CharField(max_length=500, required=False, help_text="Needed with text or a "
                            "file; from the page when importing by URL.")  # fmt: skip
    publisher = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.NEWS)
    published = forms.DateField(required=False, help_text="YYYY-MM-DD; needed to date "
                                "“Tuesday” or “last week”.")  # fmt: skip
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), required=False)
    file = forms.FileField(required=False, help_text="A .txt or .md file instead of pasted text.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload:
            if not upload.name.lower().endswith((".txt", ".md", ".markdown")):
                raise ValidationError("Upload a .txt or .md file.")
            from events.extraction import ArticleError
            from events.extraction.articles import decode

            try:
                data["text"] = decode(upload.read(), upload.name)
            except ArticleError as exc:
                raise ValidationError(f"{upload.name}: {exc.reason}") from exc
        has_text = bool((data.get("text") or "").strip())
        if not has_text and not data.get("url"):
            raise ValidationError("Give the article's URL, paste its text or upload a file.")
        if has_text and not data.get("title"):
            self.add_error("title", "A title is needed with pasted text or a file.")
        data["by_url"] = not has_text
        return data


def import_outcome(record: Import) -> str:
    """What an import did (the state has its own column), linked to its source if it has one."""
    said = record.error if record.state == Import.State.FAILED else record.detail
    if record.source_id is None:
        return said or "—"
    url = reverse("admin:events_source_change", args=[record.source_id])
    return format_html('{} (<a href="{}">source</a>)', said, url)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published", "event_count", "imported_at"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "text", "url"]
    readonly_fields = ["content_hash", "fetched_at", "imported_at", "import_history",
                       "marked_text", "events"]  # fmt: skip
    exclude = ["original_text"]
    actions = ["reextract"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(n_events=Count("citations__event", distinct=True))
        )

    @admin.display(description="events", ordering="n_events")
    def event_count(self, source: Source) -> int:
        return source.n_events

    @admin.display(description="imports")
    def import_history(self, source: Source) -> str:
        records = source.imports.order_by("-created")[:10]
        return format_html_join(
            "", "<li>{} {} — {}</li>",
            ((f"{r.created:%Y-%m-%d %H:%M}", r.get_kind_display(), r.outcome()) for r in records),
        ) or "—"  # fmt: skip

    @admin.display(description="text, extracted passages marked")
    def marked_text(self, source: Source) -> str:
        pieces = source.segments(list(source.citations.all()))
        return format_html(
            '<div style="white-space:pre-wrap;max-width:60rem">{}</div>',
            format_html_join(
                "",
                "{}",
                (
                    (
                        format_html('<mark id="passage-{}">{}</mark>', starts[0], piece)
                        if starts
                        else piece,
                    )
                    for piece, starts in pieces
                ),
            ),
        )

    @admin.display(description="events from this source")
    def events(self, source: Source) -> str:
        events = Event.objects.filter(citations__source=source).distinct().order_by("date_from")
        return format_html_join(
            "", '<li><a href="{}">{}</a> ({}, {})</li>',
            ((reverse("admin:events_event_change", args=[e.pk]), e.title, e.date_label(),
              e.get_status_display()) for e in events),
        ) or "—"  # fmt: skip

    @admin.action(description="Re-extract events (new drafts; known events get citations)",
                  permissions=["change"])  # fmt: skip
    def reextract(self, request: HttpRequest, queryset: QuerySet) -> None:
        for source in queryset:
            record = tasks.queue_reextract(source, user=request.user)
            if record.state == Import.State.DONE:
                counts = ingest.counted(record.events_created, record.events_merged)
                self.message_user(request, f"{source.title}: {counts}.")
            elif record.state == Import.State.FAILED:
                self.message_user(request, f"{source.title}: {record.outcome()}", messages.ERROR)
            else:
                self.message_user(request, f"{source.title}: re-extraction queued.")

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """ "Add an article": queued as an import, the same task as the import_articles
        command's; when tasks run at once (no worker), the outcome shows here directly."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if data["by_url"]:
                record = tasks.queue_url(data["url"], publisher=data["publisher"],
                                         kind=data["kind"], user=request.user)  # fmt: skip
            else:
                metadata = {k: data[k] for k in ("title", "publisher", "kind", "url") if data[k]}
                if data["published"]:
                    metadata["published"] = data["published"]
                name = data["file"].name if data["file"] else f"{data['title'][:60]}.txt"
                record = tasks.queue_text(data["text"], name, metadata, user=request.user)
            if record.state == Import.State.FAILED:
                form.add_error("url" if data["by_url"] else None, record.error)
            elif record.state != Import.State.DONE:
                self.message_user(request, "Queued: a worker imports it in the background; "
                                  "its state is shown in this list.")  # fmt: skip
                return HttpResponseRedirect(reverse("admin:events_import_changelist"))
            else:
                # The words import_articles prints for the same outcome.
                result = tasks.import_result(record)
                if result.created:
                    self.log_addition(request, record.source, "Added by hand.")
                calm = result.created and not result.needs_a_look
                level = messages.SUCCESS if calm else messages.WARNING
                self.message_user(request, f"{capfirst(result.outcome())}.", level)
                url = reverse("admin:events_source_review", args=[record.source_id])
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add an article",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/events/source/add_article.html", context)


@admin.register(Import)
class ImportAdmin(admin.ModelAdmin):
    """Recent imports and their state; a failed one can be queued again."""

    list_display = ["created", "kind", "what", "state", "outcome_link", "requested_by"]
    list_filter = ["state", "kind", "feed"]
    search_fields = ["url", "name", "error", "detail"]
    list_select_related = ["source", "feed", "requested_by"]
    date_hierarchy = "created"
    actions = ["retry"]
    fields = ["kind", "state", "url", "name", "feed", "source", "metadata", "outcome_link",
              "requested_by", "created", "started", "finished", "task_id"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # imports are asked for by adding an article, a command or a feed poll

    def has_change_permission(self, request: HttpRequest, obj: Import | None = None) -> bool:
        return False if obj is not None else super().has_change_permission(request)

    @admin.display(description="what")
    def what(self, record: Import) -> str:
        return record.url or record.name or str(record.source or record.feed or "")

    @admin.display(description="outcome")
    def outcome_link(self, record: Import) -> str:
        return import_outcome(record)

    @admin.action(description="Retry the selected failed imports", permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        failed = list(queryset.filter(state=Import.State.FAILED))
        for record in failed:
            record = tasks.retry(record)
            self.message_user(request, f"{record}: {record.outcome()}")
        if not failed:
            self.message_user(request, "Only failed imports can be retried.", messages.WARNING)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Publishers' feeds: polled on a schedule (`manage.py poll_feeds`), or now from here."""

    list_display = ["url", "publisher", "kind", "active", "last_polled", "last_error"]
    list_filter = ["active", "kind"]
    list_editable = ["active"]
    search_fields = ["url", "publisher"]
    readonly_fields = ["last_polled", "etag", "last_modified", "last_error"]
    actions = ["poll"]

    @admin.action(description="Poll the selected feeds now", permissions=["change"])
    def poll(self, request: HttpRequest, queryset: QuerySet) -> None:
        for feed in queryset:
            record = tasks.queue_poll(feed, user=request.user)
            level = messages.ERROR if record.state == Import.State.FAILED else messages.INFO
            self.message_user(request, f"{feed}: {record.outcome()}", level)


@admin.register(EventRedirect)
class EventRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "event", "created"]
    search_fields = ["old_slug", "event__title"]
    autocomplete_fields = ["event"]
