"""HTTP caching of the public pages, fragments, feeds, embeds and API, all keyed by the data
version (events.dataversion) and the normalised query:

- an ETag (weak: a compressing proxy may rewrite the body) and Last-Modified on every 200;
- `If-None-Match` / `If-Modified-Since` answered with 304 before the view runs a query of its
  own (the only read is the data version's row, by primary key);
- `Cache-Control: public` with a short `max-age` and `stale-while-revalidate`, so a CDN or a
  reverse proxy in front (README, "Caching in front") can serve repeated requests;
- `Vary: HX-Request`: the page and its HTMX fragment share a URL;
- a server-side copy of each 200 in Django's cache (Redis in production, shared by every web
  process), so repeated anonymous requests skip the view; a Redis outage only makes it miss
  (nato_timeline.cache)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from events import dataversion

View = Callable[..., HttpResponseBase]

# Seconds: how long a browser, CDN or proxy may reuse a response without asking, and how much
# longer it may serve it while it asks again in the background.
PAGE = {"max_age": 30, "stale_while_revalidate": 300}
FEED = {"max_age": 600, "stale_while_revalidate": 3600}
API = {"max_age": 30, "stale_while_revalidate": 300}

# Responses larger than this are not kept in the server-side cache.
MAX_CACHED_BYTES = 1_000_000
# Headers a stored response keeps (the middleware adds the security headers to every answer).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link")


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


def etag_for(request: HttpRequest, version: dataversion.Version, vary: tuple[str, ...]) -> str:
    """The data version, the deployed code, the path, the normalised query and the headers the
    answer depends on."""
    described = "|".join(
        # The host and scheme: pages hold absolute URLs (feeds, the API, the embed code).
        [settings.RELEASE, request.scheme, request.get_host(), request.path]
        + [normalised_query(request)]
        + [request.headers.get(name, "") for name in vary]
    )
    digest = hashlib.sha256(described.encode()).hexdigest()[:20]
    return f'W/"{version.key}-{digest}"'


def cached_public(
    policy: dict[str, int], vary: tuple[str, ...] = ("HX-Request",)
) -> Callable[[View], View]:
    """Conditional GET, cache headers and the server-side response cache for a public view
    whose answer depends only on its URL, the `vary` headers and the published data."""

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
            version = dataversion.current()
            if version.key is None:
                return view(request, *args, **kwargs)
            etag = etag_for(request, version, vary)
            changed = int(version.changed.timestamp())
            not_modified = get_conditional_response(request, etag=etag, last_modified=changed)
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
                    kept = {h: response[h] for h in KEPT_HEADERS if h in response}
                    cache.set(key, (response.content, kept), settings.RESPONSE_CACHE_SECONDS)
            _headers(response, etag, changed)
            return response

        return wrapped

    return decorate
