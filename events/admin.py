"""Curation in the Django admin."""

from __future__ import annotations

from django.contrib import admin

from events.models import Actor, Citation, Event, Place, Source, Topic


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "start", "end"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date_from", "date_to", "kind", "status", "confidence"]
    list_filter = ["status", "kind", "date_precision"]
    date_hierarchy = "date_from"
    search_fields = ["title", "summary", "citations__quote", "participants__name"]
    autocomplete_fields = ["participants", "topics", "place", "parent"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CitationInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published", "imported_at"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "text"]
    readonly_fields = ["content_hash", "imported_at"]
