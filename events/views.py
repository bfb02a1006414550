"""Public pages: published events only. Each view parses (form), reads, renders."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from events import charts
from events.embeds import embed_code
from events.forms import EmbedForm, OEmbedForm, TimelineFilterForm
from events.models import Actor, Event, Source
from events.timeline import moved_event, read_events, read_page


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@vary_on_headers("HX-Request")
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    form = TimelineFilterForm(request.GET)
    template = "events/timeline.html"
    if not form.is_valid():
        if request.htmx:
            template += "#results"
        context = {"form": form, "errors": form.error_list()}
        return render(request, template, context, status=400)
    page = read_page(form.filters())
    if request.htmx:
        # A "more" request appends items; a filter change replaces the results.
        template += "#page" if page.filters.after else "#results"
    context = {
        "form": form,
        "page": page,
        "overview_svg": charts.month_overview(page.months, form),
        "more_query": form.query_with(after=page.next_cursor),
        "embed": embed_code(request, form),
    }
    return render(request, template, context)


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.published().for_timeline().filter(slug=slug).first()
    if event is None:
        return redirect(moved_event(slug), permanent=True)
    context = {
        "event": event,
        "children": event.children.published().for_timeline(),
        "related": Event.objects.published().related_to(event).for_timeline()[:10],
        "jsonld": event.json_ld(request.build_absolute_uri(event.get_absolute_url())),
    }
    return render(request, "events/event_detail.html", context)


@require_GET
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.with_published_events(), slug=slug)
    events = Event.objects.published().with_actors([slug])
    context = {
        "actor": actor,
        "events": events.chronological().for_timeline(),
        "kinds": events.kind_counts(),
        "per_year_svg": charts.year_bars(events.year_counts()).svg(
            f"Events per year: {actor.name}"
        ),
    }
    return render(request, "events/actor_detail.html", context)


@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    events = Event.objects.published().filter(citations__source=source).distinct()
    if not events.exists():  # an article only drafts come from is not public yet
        raise Http404("No published event cites this source.")
    citations = source.citations.filter(event__status=Event.Status.PUBLISHED)
    context = {
        "source": source,
        "segments": source.segments(list(citations)),
        "events": events.chronological().for_timeline(),
    }
    return render(request, "events/source_detail.html", context)


# Embeds may be framed by the sites in EMBED_FRAME_ANCESTORS (default: any); every other page
# keeps X-Frame-Options DENY and frame-ancestors 'none'.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
OEMBED_WIDTH, OEMBED_HEIGHT = 600, 480
THEMES = [value for value, _ in EmbedForm.base_fields["theme"].choices]


def embeddable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return xframe_options_exempt(csp_override(EMBED_CSP)(view))


@require_GET
@embeddable
def embed(request: HttpRequest) -> HttpResponse:
    form = EmbedForm(request.GET)
    if not form.is_valid():
        context = {"errors": form.error_list(), "theme": "auto"}
        return render(request, "events/embed.html", context, status=400)
    context = {
        "events": read_events(form.filters())[0],
        "theme": form.cleaned_data.get("theme") or "auto",
        "compact": form.cleaned_data.get("compact"),
        "full_url": reverse("events:timeline")
        + "?"
        + form.query_without("limit", "theme", "compact"),
    }
    return render(request, "events/embed.html", context)


@require_GET
@embeddable
def embed_event(request: HttpRequest, slug: str) -> HttpResponse:
    theme = request.GET.get("theme") or "auto"
    if theme not in THEMES:
        context = {"errors": [f"theme: choose one of {', '.join(THEMES)}."], "theme": "auto"}
        return render(request, "events/embed.html", context, status=400)
    event = get_object_or_404(Event.objects.published().for_timeline(), slug=slug)
    context = {"events": [event], "theme": theme, "single": True}
    return render(request, "events/embed.html", context)


@require_GET
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
