"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from events import api
from nato_timeline import health

api_patterns = (
    [
        path("events", api.events, name="events"),
        path("events/<slug:slug>", api.event_detail, name="event"),
        path("timelinejs", api.timelinejs, name="timelinejs"),
        path("openapi.json", api.openapi, name="openapi"),
    ],
    "api",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("", include("events.urls")),
]
