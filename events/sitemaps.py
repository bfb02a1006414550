"""sitemap.xml (Django's sitemaps framework): the timeline, and every published event, actor and
source page. Drafts are never listed: each section reads published data only."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from events.models import Actor, Citation, Event, Source


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["events:timeline", "events:actors"]

    def location(self, item: str) -> str:
        return reverse(item)


class EventSitemap(Sitemap):
    def items(self) -> QuerySet[Event]:
        return Event.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, item: Event) -> dt.datetime:
        return item.updated


class ActorSitemap(Sitemap):
    def items(self) -> QuerySet[Actor]:
        return Actor.objects.with_published_events().order_by("pk").only("slug")


class SourceSitemap(Sitemap):
    def items(self) -> QuerySet[Source]:
        cited = Citation.objects.filter(source=OuterRef("pk"), event__status="published")
        return Source.objects.filter(Exists(cited)).order_by("pk").only("pk")


SITEMAPS = {
    "pages": PagesSitemap,
    "events": EventSitemap,
    "actors": ActorSitemap,
    "sources": SourceSitemap,
}
