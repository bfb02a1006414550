from django.urls import path

from events import feeds, views

app_name = "events"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("embed/", views.embed, name="embed"),
    path("embed/events/<slug:slug>/", views.embed_event, name="embed_event"),
    path("oembed", views.oembed, name="oembed"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("feeds/atom", feeds.atom, name="atom"),
    path("feeds/ical", feeds.ical, name="ical"),
    path("feeds/json", feeds.json_feed, name="json_feed"),
]
