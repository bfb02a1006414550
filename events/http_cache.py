"""HTTP caching of the public pages, fragments, feeds, embeds and API, all keyed by the data
version (events.dataversion) and the normalised query:

- an ETag (weak: a compressing proxy may rewrite the body) and Last-Modified on every 200;
- `If-None-Match` answered with 304 before the view runs a query of its own (the only read is
  the data version's row, by primary key). `If-Modified-Since` alone is not: Last-Modified has
  one-second resolution and knows nothing of a deploy (RELEASE), so a date cannot say that
  nothing changed; the ETag names both;
- the ETag and the cache key read only the query parameters the view recognises and the
  headers it depends on in a normal form; the view sees only those parameters, so what it
  renders cannot depend on others (tracking tags, junk) and junk cannot fill the cache;
- `Cache-Control: public` with a short `max-age` and `stale-while-revalidate`, so a CDN or a
  reverse proxy in front (README, "Caching in front") can serve repeated requests;
- `Vary: HX-Request`: the page and its HTMX fragment share a URL;
- a server-side copy of each 200 in Django's cache (Redis in production, shared by every web
  process), so repeated anonymous requests skip the view; a Redis outage only makes it miss
  (nato_timeline.cache)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from events import dataversion
from events.filters import PARAMETERS

View = Callable[..., HttpResponseBase]

# Seconds: how long a browser, CDN or proxy may reuse a response without asking, and how much
# longer it may serve it while it asks again in the background.
PAGE = {"max_age": 30, "stale_while_revalidate": 300}
FEED = {"max_age": 600, "stale_while_revalidate": 3600}
API = {"max_age": 30, "stale_while_revalidate": 300}

# Responses larger than this are not kept in the server-side cache.
MAX_CACHED_BYTES = 1_000_000
# Headers a stored response does not keep: this decorator sets them on every answer (a cookie
# would never be stored anyway: no public view sets one).
NOT_KEPT = {"etag", "last-modified", "cache-control", "vary", "content-length", "set-cookie",
            "date"}  # fmt: skip

# The parameters of the timeline's filters, which every filtered output reads.
FILTERS = tuple(p.name for p in PARAMETERS)

# The forms a header the answer depends on can take; any other value is read as none. The
# overview's key is charts.Overview.key (12 hex digits) and only fragments read it.
HX_REQUEST = "HX-Request"
HEADER_FORMS = {"hx-request": re.compile("true"), "x-timeline-overview": re.compile("[0-9a-f]{12}")}


def recognised(request: HttpRequest, parameters: Iterable[str]) -> QueryDict:
    """The request's query less the parameters the view does not read."""
    names = set(parameters)
    pairs = [(n, v) for n, values in request.GET.lists() if n in names for v in values]
    return QueryDict(urlencode(pairs))


def normalised_query(request: HttpRequest) -> str:
    """The query string with its parameters in a fixed order and empty values dropped: the
    same request spelled two ways is one cache entry."""
    pairs = [
        (name, value)
        for name, values in sorted(request.GET.lists())
        for value in values
        if value.strip()
    ]
    return urlencode(pairs)


def header_part(request: HttpRequest, name: str) -> str:
    """A header the answer depends on, in its normal form: "" for a value the view cannot tell
    from no value."""
    value = request.headers.get(name, "")
    if name.lower() != HX_REQUEST.lower() and request.headers.get(HX_REQUEST) != "true":
        return ""  # only fragments read the other headers
    form = HEADER_FORMS.get(name.lower())
    if form is None:
        return value[:100]
    return value if form.fullmatch(value) else ""


def etag_for(request: HttpRequest, version: dataversion.Version, vary: tuple[str, ...]) -> str:
    """The data version, the deployed code, the path, the normalised query and the headers the
    answer depends on."""
    described = "|".join(
        # The host and scheme: pages hold absolute URLs (feeds, the API, the embed code).
        [settings.RELEASE, request.scheme, request.get_host(), request.path]
        + [normalised_query(request)]
        + [header_part(request, name) for name in vary]
    )
    digest = hashlib.sha256(described.encode()).hexdigest()[:20]
    return f'W/"{version.key}-{digest}"'


def cached_public(
    policy: dict[str, int],
    vary: tuple[str, ...] = (HX_REQUEST,),
    parameters: Iterable[str] = FILTERS,
) -> Callable[[View], View]:
    """Conditional GET, cache headers and the server-side response cache for a public view
    whose answer depends only on its path, its query `parameters`, the `vary` headers and the
    published data."""
    recognised_names = frozenset(parameters)

    def _headers(response: HttpResponseBase, etag: str, changed: int) -> None:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed)
        patch_cache_control(response, public=True, **policy)
        patch_vary_headers(response, vary)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if not recognised_names.issuperset(request.GET):
                # the view reads only what it recognises, so no other parameter can change it
                request.GET = recognised(request, recognised_names)
                request.META["QUERY_STRING"] = request.GET.urlencode()  # its full URL too
            version = dataversion.current()
            if version.key is None:
                return view(request, *args, **kwargs)
            etag = etag_for(request, version, vary)
            changed = int(version.changed.timestamp())
            # ETags only: If-Modified-Since alone gets a 200 (see the module's docstring).
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                _headers(not_modified, etag, changed)
                return not_modified
            key = f"response:{etag}"
            stored = cache.get(key)
            if stored is not None:
                content, headers = stored
                response: HttpResponseBase = HttpResponse(content, headers=headers)
            else:
                with dataversion.pinned(version):
                    response = view(request, *args, **kwargs)
                    if dataversion.lagging():
                        # a facet of the previous version: neither kept nor tagged as this one
                        response["Cache-Control"] = "no-cache"
                        return response
                if response.status_code != 200:
                    return response
                if isinstance(response, HttpResponse) and len(response.content) <= MAX_CACHED_BYTES:
                    kept = {h: v for h, v in response.items() if h.lower() not in NOT_KEPT}
                    cache.set(key, (response.content, kept), settings.RESPONSE_CACHE_SECONDS)
            _headers(response, etag, changed)
            return response

        return wrapped

    return decorate
