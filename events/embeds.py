"""The copy-and-paste code that embeds a filtered view of the timeline in another site."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from events.filters import EMBED_PARAMETERS
from events.forms import TimelineFilterForm


@dataclass(frozen=True)
class EmbedCode:
    iframe: str
    loader: str
    feeds: dict[str, str]


def embed_code(request: HttpRequest, form: TimelineFilterForm) -> EmbedCode:
    """An iframe and a loader script showing what the form's filters show."""
    kept = form.data.copy()
    for name in list(kept):
        if name not in EMBED_PARAMETERS or not any(kept.getlist(name)):
            kept.pop(name)
    query = kept.urlencode()
    src = request.build_absolute_uri(reverse("events:embed")) + (f"?{query}" if query else "")
    iframe = format_html(
        '<iframe src="{}" title="NATO Timeline" width="100%" height="480" loading="lazy" '
        'style="border:0"></iframe>',
        src,
    )
    attributes = format_html_join(
        "", ' data-{}="{}"', ((name, ",".join(kept.getlist(name))) for name in kept)
    )
    loader = format_html(
        '<script src="{}"{} async></script>',
        request.build_absolute_uri(static_unhashed("events/embed.js")),
        attributes,
    )
    feeds = {
        name: request.build_absolute_uri(reverse(f"events:{view}")) + (f"?{query}" if query else "")
        for name, view in (("Atom", "atom"), ("iCalendar", "ical"), ("JSON", "json_feed"))
    }
    return EmbedCode(str(iframe), str(loader), feeds)


def static_unhashed(path: str) -> str:
    """A static URL without the content hash: other sites keep this address for good."""
    hashed = static(path)
    return hashed[: hashed.rindex("/") + 1] + path.rsplit("/", 1)[-1]
