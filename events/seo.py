"""What search engines and size-minded clients get besides the pages: robots.txt, the sitemap
views, and compression for responses that carry no secret."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

from events.http_cache import PAGE, cached_public
from events.http_methods import read_only
from events.sitemaps import SITEMAPS

# Not for search results: embeds are copies of pages shown on other sites, the API and oEmbed
# are data, the admin is private.
NOT_INDEXED = ("/embed/", "/api/", "/oembed", "/admin/")


@read_only
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in NOT_INDEXED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@read_only
@cached_public(PAGE, vary=(), parameters=())
def sitemap_index(request: HttpRequest) -> HttpResponse:
    # Rendered here: the response cache keeps the content.
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section").render()


@read_only
@cached_public(PAGE, vary=(), parameters=("p",))
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section).render()


def carries_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response may hold something an attacker could recover by compression
    (BREACH): a CSRF token, a session's data, a cookie being set, the admin."""
    return bool(
        request.META.get("CSRF_COOKIE_USED")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or response.cookies
        or request.path.startswith("/admin/")
    )


class CompressPublic(GZipMiddleware):
    """gzip for anonymous public responses only (pages, fragments, feeds, API). A compressed
    response's ETag turns weak; ours are weak already, so conditional GET still matches."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if carries_secret(request, response):
            return response
        return super().process_response(request, response)
