"""URL configuration."""

from django.contrib import admin
from django.urls import include, path, re_path

from events import api, seo
from nato_timeline import health

api_patterns = (
    [
        path("events", api.events, name="events"),
        path("events/<slug:slug>", api.event_detail, name="event"),
        path("timelinejs", api.timelinejs, name="timelinejs"),
        path("openapi.json", api.openapi, name="openapi"),
        re_path(r"^(?P<rest>.*)$", api.not_found),
    ],
    "api",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", seo.sitemap_section, name="sitemap_section"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("", include("events.urls")),
]
