"""The copy-and-paste code that embeds a filtered view of the timeline in another site."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, QueryDict
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from events.filters import EMBED_PARAMETERS
from events.forms import EmbedForm, TimelineFilterForm

# What each of the embed's layouts (EmbedForm.layout) shows, for the reader choosing one.
LAYOUT_HELP = {
    "list": "the events as a list",
    "rail": "the dated rail of this page",
    "strip": "markers on a time axis, the chosen event's card below",
}
DEFAULT_LAYOUT = "list"


@dataclass(frozen=True)
class LayoutCode:
    """The code of one layout: an iframe, or a loader script that sizes it to its content."""

    layout: str
    label: str
    help: str
    iframe: str
    loader: str

    @property
    def default(self) -> bool:
        return self.layout == DEFAULT_LAYOUT


@dataclass(frozen=True)
class EmbedCode:
    layouts: list[LayoutCode]
    feeds: dict[str, str]


def embed_code(request: HttpRequest, form: TimelineFilterForm) -> EmbedCode:
    """The code of each layout showing what the form's filters show, and the feeds."""
    kept = form.data.copy()
    for name in list(kept):
        if name not in EMBED_PARAMETERS or not any(kept.getlist(name)):
            kept.pop(name)
    query = kept.urlencode()
    layouts = [
        layout_code(request, kept.copy(), str(value), str(label))
        for value, label in EmbedForm.base_fields["layout"].choices
    ]
    feeds = {
        name: request.build_absolute_uri(reverse(f"events:{view}")) + (f"?{query}" if query else "")
        for name, view in (("Atom", "atom"), ("iCalendar", "ical"), ("JSON", "json_feed"))
    }
    return EmbedCode(layouts, feeds)


def layout_code(request: HttpRequest, params: QueryDict, layout: str, label: str) -> LayoutCode:
    """The iframe and the loader script of one layout (the default one is not named)."""
    if layout != DEFAULT_LAYOUT:
        params["layout"] = layout
    query = params.urlencode()
    src = request.build_absolute_uri(reverse("events:embed")) + (f"?{query}" if query else "")
    iframe = format_html(
        '<iframe src="{}" title="NATO Timeline" width="100%" height="480" loading="lazy" '
        'style="border:0"></iframe>',
        src,
    )
    attributes = format_html_join(
        "", ' data-{}="{}"', ((name, ",".join(params.getlist(name))) for name in params)
    )
    loader = format_html(
        '<script src="{}"{} async></script>',
        request.build_absolute_uri(static_unhashed("events/embed.js")),
        attributes,
    )
    return LayoutCode(layout, label, LAYOUT_HELP.get(layout, ""), str(iframe), str(loader))


def static_unhashed(path: str) -> str:
    """A static URL without the content hash: other sites keep this address for good."""
    hashed = static(path)
    return hashed[: hashed.rindex("/") + 1] + path.rsplit("/", 1)[-1]
