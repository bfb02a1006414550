"""What search engines read in a page's head besides the title: the canonical URL."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

register = template.Library()

# Parameters that choose a page of a list rather than what the page is about.
NOT_CANONICAL = frozenset({"after", "size"})


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The page's absolute URL with its filters, without paging parameters or empty values."""
    request = context["request"]
    pairs = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_CANONICAL
        for value in values
        if value.strip()
    ]
    query = urlencode(pairs)
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))
