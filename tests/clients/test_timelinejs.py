"""Knight Lab's TimelineJS3 (npm @knight-lab/timelinejs) renders our `/api/timelinejs` export,
loaded by URL as TimelineJS documents it, on another site: one slide per published event plus
the title slide, each slide's media (the first quote, credited to its publisher, linking to the
passage) loaded, for the whole timeline, a filtered one and a filter that matches nothing, with
no console error and no request leaving this machine."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIST = "@knight-lab/timelinejs/dist"

# TimelineJS's own embedding, self-hosted: its CSS and JS, a container, `new TL.Timeline(id,
# url, options)`; `script_path` says where its files are, `font: null` keeps its default font
# file away (it loads Google Fonts), `duration` shortens the slide animation for the test.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS3 reading NATO Timeline</title>
<link rel="stylesheet" href="node_modules/{dist}/css/timeline.css">
<script src="node_modules/{dist}/js/timeline.js"></script>
</head><body>
<div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>
  const source = new URLSearchParams(location.search).get("source");
  const script_path = new URL("node_modules/{dist}/js/", location.href).href;
  window.timeline = new TL.Timeline("timeline-embed", source,
                                    {{ script_path, font: null, duration: 1 }});
  window.timeline.on("loaded", () => {{ window.rendered = true; }});
</script>
</body></html>
"""

READ = """() => ({
    slides: document.querySelectorAll(".tl-storyslider .tl-slide").length,
    markers: document.querySelectorAll(".tl-timenav .tl-timemarker").length,
    title: document.querySelector(".tl-slide-titleslide .tl-headline")?.textContent,
    headlines: [...document.querySelectorAll(".tl-slide:not(.tl-slide-titleslide) .tl-headline")]
        .map((h) => h.textContent.trim()),
    quotes: document.querySelectorAll(".tl-slide .tl-media-blockquote blockquote").length,
    credits: [...document.querySelectorAll(".tl-slide .tl-credit")].map((c) => c.textContent),
    links: [...document.querySelectorAll(".tl-slide .tl-media-link")].map((a) => a.href),
    error: document.querySelector(".tl-message-full")?.textContent.match(/error.*/i)?.[0] || null,
})"""


def render(client, site: tuple[str, object], export_url: str) -> dict:
    base, folder = site
    (folder / "timelinejs.html").write_text(PAGE.format(dist=DIST))
    page = client.page
    page.goto(f"{base}/timelinejs.html?source={quote(export_url, safe='')}")
    # Rendered, or TimelineJS's full-page message says "ERROR: ..." (it first says "Loading").
    page.wait_for_function(
        "window.rendered || /error/i.test(document.querySelector('.tl-message-full')?.textContent)"
    )
    if not page.evaluate("window.rendered"):
        return page.evaluate(READ)
    # Show every slide in turn: TimelineJS loads a slide's media when it comes near.
    for number in range(1, page.evaluate("window.timeline.config.events.length") + 1):
        page.evaluate(f"window.timeline.goTo({number})")
    page.wait_for_function(
        "document.querySelectorAll('.tl-slide .tl-media').length"
        " === document.querySelectorAll('.tl-slide .tl-media-item').length"
    )
    page.wait_for_load_state("networkidle")
    return page.evaluate(READ)


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        ("", lambda events: events),
        ("?kind=call&from=2021&to=2022",
         lambda events: events.filter(kind="call", date_from__year__in=[2021, 2022])),
    ],
    ids=["all", "filtered"],
)  # fmt: skip
def test_timelinejs_shows_one_slide_per_published_event(
    client_page, third_party_site, live_server, published, query, chosen
):
    events = chosen(Event.objects.published())
    titles = sorted(events.values_list("title", flat=True))
    assert titles
    shown = render(client_page, third_party_site, f"{live_server.url}/api/timelinejs{query}")
    assert client_page.outside == []
    assert client_page.errors == []
    assert shown["error"] is None
    assert shown["title"] == "NATO Timeline"
    assert (shown["slides"], shown["markers"]) == (len(titles) + 1, len(titles))
    assert sorted(shown["headlines"]) == titles
    cited = events.filter(citations__isnull=False).distinct().count()
    assert shown["quotes"] == len(shown["credits"]) == len(shown["links"]) == cited > 0
    assert all(link.startswith(f"{live_server.url}/sources/") for link in shown["links"])


def test_timelinejs_says_so_when_nothing_matches(
    client_page, third_party_site, live_server, published
):
    url = f"{live_server.url}/api/timelinejs?q=nothingmatchesthis"
    shown = render(client_page, third_party_site, url)
    assert client_page.outside == []
    assert client_page.errors == []
    assert shown["error"] is None  # TimelineJS's "Timeline configuration has no events ..."
    assert (shown["slides"], shown["markers"]) == (2, 1)
    assert shown["headlines"] == ["No published event matches these filters"]
