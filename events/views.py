"""Public pages: published events only. Each view parses (form), reads, renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from events import actors, charts, dataversion, links, rail, serialize
from events.embeds import embed_code
from events.filters import Cursor, CursorField, TimelineFilters
from events.forms import EmbedForm, OEmbedForm, TimelineFilterForm
from events.http_cache import PAGE, cached_public
from events.http_methods import read_only
from events.models import Actor, Event, EventQuerySet, Source
from events.timeline import moved_event, read_events, read_page


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# The key of the overview the page shows, sent by timeline.js: a filter change that leaves the
# overview as it was gets the results without it.
OVERVIEW_HEADER = "X-Timeline-Overview"


@read_only
@vary_on_headers("HX-Request", OVERVIEW_HEADER)
@cached_public(PAGE, vary=("HX-Request", OVERVIEW_HEADER))
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    if not request.htmx and links.needs_normalising(request.GET):
        # Only the fields that are set go into the URL (a submitted form sends every field).
        query = links.normalised(request.GET).urlencode()
        return redirect(f"{request.path}?{query}" if query else request.path)
    form = TimelineFilterForm(request.GET)
    template = "events/timeline.html"
    if not form.is_valid():
        if request.htmx:
            template += "#results"
        context = {"form": form, "errors": form.error_list(), **actor_picker(request)}
        return render(request, template, context, status=400)
    page = read_page(form.filters())
    if request.htmx:
        # A "more" request appends items; a filter change replaces the results.
        template += "#page" if page.filters.after else "#results"
    overview = None
    if page.filters.after is None:
        base = links.without(request.GET, "from", "to", "after", "size")
        overview = charts.for_filters(page.filters, base, months=page.months)
    context = {
        "form": form,
        "page": page,
        "rows": rail.rows(page.events, oldest_first=page.filters.oldest_first,
                          previous=page.filters.after and page.filters.after.date),
        "overview": overview,
        "send_overview": overview and request.headers.get(OVERVIEW_HEADER) != overview.key,
        "chips": links.chips(request.GET, links.chip_labels(page.filters)),
        **(actor_picker(request) if not request.htmx else {}),
        "more_query": form.query_with(after=page.next_cursor),
        "embed": embed_code(request, form),
    }  # fmt: skip
    return render(request, template, context)


@read_only
@cached_public(PAGE, parameters=())
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.published().for_timeline().filter(slug=slug).first()
    if event is None:
        moved = moved_event(slug)
        if moved is None:
            raise Http404("No published event here.")
        return redirect(moved, permanent=True)
    context = {
        "event": event,
        "children": event.children.published().for_timeline(),
        # Not the children again (listed above): a page holds each event once, and ids once.
        "related": Event.objects.published()
        .related_to(event)
        .exclude(parent=event)
        .for_timeline()[:10],
        "jsonld": serialize.json_ld(serialize.event_data(event, request.build_absolute_uri)),
    }
    return render(request, "events/event_detail.html", context)


def listing(
    request: HtmxHttpRequest, events: EventQuerySet, template: str, context: dict[str, Any]
) -> HttpResponse:
    """An actor's or a source's events, newest first, a page at a time with the timeline's
    "more" control (an HTMX request for the next page gets the `page` fragment alone)."""
    try:
        after = CursorField().clean(request.GET.get("after", ""))
    except ValidationError as error:
        return HttpResponseBadRequest(
            f"after: {error.messages[0]}", content_type="text/plain; charset=utf-8"
        )
    rows = list(events.page_after(after).for_timeline()[: LISTING_SIZE + 1])
    more = len(rows) > LISTING_SIZE
    context["events"] = rows[:LISTING_SIZE]
    context["more_query"] = more and urlencode({"after": Cursor.after(rows[LISTING_SIZE - 1])})
    if request.htmx and after is not None:
        template += "#page"
    return render(request, template, context)


def actor_picker(request: HttpRequest) -> dict[str, Any]:
    """The actors the filter form lists before a search: the chosen, then the most frequent."""
    frequent = dataversion.computed("actors-most-frequent", actors.most_frequent)
    options = actors.offered(request.GET.getlist("actor"), frequent)
    return {"actor_options": options, "actors_chosen": sum(o.checked for o in options)}


@read_only
@vary_on_headers("HX-Request")
def actor_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every actor published events name, or those whose name holds `q`: a plain page, and
    the options the filter form's actor search loads as you type (HTMX)."""
    found = actors.named_like(
        request.GET.get("q", ""), limit=actors.FOUND if request.htmx else None
    )
    template = "events/actor_list.html" + ("#options" if request.htmx else "")
    return render(request, template, {"actors": found, "q": request.GET.get("q", "")[:100]})


# Events on one page of an actor or a source.
LISTING_SIZE = 50


@read_only
@vary_on_headers("HX-Request")
@cached_public(PAGE, parameters=("after",))
def actor_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.with_published_events(), slug=slug)
    events = Event.objects.published().with_actors([slug])
    # Aggregates over all the actor's events (194,000 for the most frequent at 1M): once per
    # data version.
    kinds = dataversion.computed(f"actor-kinds:{actor.pk}", events.kind_counts)
    first, last = dataversion.computed(
        f"actor-ends:{actor.pk}", lambda: actors.first_and_last(events)
    )
    context = {
        "actor": actor,
        "kinds": kinds,
        "overview": charts.for_filters(
            TimelineFilters(actors=[actor]), f"actor={actor.slug}", reverse("events:timeline")
        ),
        "companions": dataversion.computed(
            f"actor-met:{actor.pk}", lambda: actors.companions(actor)
        ),
        "first": first,
        "last": last,
        "jsonld": serialize.actor_json_ld(
            actor, request.build_absolute_uri(actor.get_absolute_url())
        ),
    }
    return listing(request, events, "events/actor_detail.html", context)


@read_only
@vary_on_headers("HX-Request")
@cached_public(PAGE, parameters=("after",))
def source_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.defer("original_text"), pk=pk)
    events = Event.objects.published().filter(pk__in=source.citations.values("event_id"))
    if not events.exists():  # an article only drafts come from is not public yet
        raise Http404("No published event cites this source.")
    citations = source.citations.filter(event__status=Event.Status.PUBLISHED)
    context = {
        "source": source,
        "segments": source.segments(list(citations)),
        "jsonld": serialize.source_json_ld(
            source, request.build_absolute_uri(source.get_absolute_url())
        ),
    }
    return listing(request, events, "events/source_detail.html", context)


# Embeds may be framed by the sites in EMBED_FRAME_ANCESTORS (default: any); every other page
# keeps X-Frame-Options DENY and frame-ancestors 'none'.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
OEMBED_WIDTH, OEMBED_HEIGHT = 600, 480
THEMES = [value for value, _ in EmbedForm.base_fields["theme"].choices]


def embeddable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return xframe_options_exempt(csp_override(EMBED_CSP)(view))


@read_only
@embeddable
@cached_public(PAGE, parameters=EmbedForm.base_fields)
def embed(request: HttpRequest) -> HttpResponse:
    form = EmbedForm(request.GET)
    if not form.is_valid():
        context = {"errors": form.error_list(), "theme": "auto"}
        return render(request, "events/embed.html", context, status=400)
    context = {
        "events": read_events(form.filters())[0],
        "theme": form.cleaned_data.get("theme") or "auto",
        "compact": form.cleaned_data.get("compact"),
        "layout": form.cleaned_data.get("layout") or "list",
        "full_url": reverse("events:timeline")
        + "?"
        + form.query_without("limit", "theme", "compact", "layout"),
    }
    if context["layout"] == "strip":
        context["strip"] = charts.strip(context["events"])
    return render(request, "events/embed.html", context)


@read_only
@embeddable
@cached_public(PAGE, parameters=("theme",))
def embed_event(request: HttpRequest, slug: str) -> HttpResponse:
    theme = request.GET.get("theme") or "auto"
    if theme not in THEMES:
        context = {"errors": [f"theme: choose one of {', '.join(THEMES)}."], "theme": "auto"}
        return render(request, "events/embed.html", context, status=400)
    event = get_object_or_404(Event.objects.published().for_timeline(), slug=slug)
    context = {"events": [event], "theme": theme, "single": True}
    return render(request, "events/embed.html", context)


@read_only
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed (https://oembed.com) for timeline and event URLs of this site: type "rich"."""
    form = OEmbedForm(request.GET, host=request.get_host())
    if not form.is_valid():
        status = form.status()
        return JsonResponse({"error": form.error_list()}, status=status)
    embed_url, title = form.embed()
    width, height = form.size(OEMBED_WIDTH, OEMBED_HEIGHT)
    src = request.build_absolute_uri(embed_url)
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        src, width, height, title,
    )  # fmt: skip
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": "NATO Timeline",
            "provider_url": request.build_absolute_uri("/"),
            "html": html,
            "width": width,
            "height": height,
            "cache_age": 3600,
        }
    )


@read_only
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page links: the SVG icon
    (a temporary redirect, since the static file's hashed name changes with it)."""
    return redirect(static("events/favicon.svg"))
