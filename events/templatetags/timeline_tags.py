"""Template helpers of the public pages."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.models import Event, Source

register = template.Library()

# The escapes Django's json_script uses, so data can sit in any <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_script_data(value: object) -> SafeString:
    """JSON safe inside a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder).translate(_ESCAPES))


@register.simple_tag
def htmx_script() -> SafeString:
    """The htmx that django-htmx vendors, without the debug handler its own tag adds when
    DEBUG is on: that handler replaces the whole page with any 400, where ours (a bad filter)
    belongs under the form, so the demo behaves as production does."""
    return format_html('<script src="{}" defer></script>', static("django_htmx/htmx-2.min.js"))


@register.filter
def confirmed_by(event: Event) -> Source | None:
    """The first report from the event's day on, for an event first reported as still to
    come (a source published before it) and no longer planned; else None. Reads the
    prefetched citations."""
    if event.planned or event.date_from is None:
        return None
    sources = [c.source for c in event.citations.all() if c.source.published]
    ahead = [s for s in sources if s.published < event.date_from]  # type: ignore[operator]
    later = [s for s in sources if s.published >= event.date_from]  # type: ignore[operator]
    return min(later, key=lambda s: s.published) if ahead and later else None  # type: ignore[return-value]
