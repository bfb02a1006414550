"""vis-timeline (npm vis-timeline, its standalone build) fed from `/api/events` by the very
snippet the README shows, run on another site: one range item per event, each spanning its
days from the first day's start to the end of `date_to` (our exclusive `end`), with no console
error and no request leaving this machine."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = Path(__file__).resolve().parent.parent.parent / "README.md"
SCRIPT = "vis-timeline/standalone/umd/vis-timeline-graph2d.min.js"
EXAMPLE_SITE = "https://nato-timeline.example"

# Keeps the Timeline the README's snippet creates (it does not name it) for the test to read.
KEEP_TIMELINE = """<script>
  window.vis = new Proxy(window.vis, { get(target, name) {
    if (name !== "Timeline") return target[name];
    return function (...args) { window.timeline = new target.Timeline(...args); return window.timeline; };
  } });
</script>"""

# Where vis draws an item (by its title) against where its days begin and end, in pixels, with
# the window zoomed to the item and a day around it.
MEASURE = """async ([title, first, after]) => {
    const day = 86400000, start = Date.parse(first), end = Date.parse(after);
    window.timeline.setWindow(start - day, end + day, { animation: false });
    for (let frame = 0; frame < 3; frame++) await new Promise(requestAnimationFrame);
    const center = document.querySelector(".vis-panel.vis-center").getBoundingClientRect();
    const item = [...document.querySelectorAll(".vis-item")]
        .find((element) => element.textContent.trim() === title);
    const box = item.getBoundingClientRect();
    const perMs = center.width / (end - start + 2 * day);
    return { range: item.classList.contains("vis-range"),
             left: box.left - center.left, width: box.width,
             expected_left: day * perMs, expected_width: (end - start) * perMs };
}"""


def readme_example() -> str:
    """The README's HTML snippet that feeds vis-timeline from the API."""
    blocks = re.findall(r"```html\n(.*?)```", README.read_text(), re.S)
    [example] = [block for block in blocks if "vis.Timeline" in block]
    return example


def test_the_readme_example_feeds_vis_timeline_one_range_per_event(
    client_page, third_party_site, live_server, published
):
    example = readme_example()
    assert EXAMPLE_SITE in example and 'src="vis-timeline-graph2d.min.js"' in example
    html = example.replace(EXAMPLE_SITE, live_server.url).replace(
        'src="vis-timeline-graph2d.min.js"></script>',
        f'src="node_modules/{SCRIPT}"></script>{KEEP_TIMELINE}',
    )
    base, folder = third_party_site
    (folder / "vis.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vis-timeline reading'
        f" NATO Timeline</title></head><body>{html}</body></html>"
    )
    # The README's query: Joe Biden's events (fewer than its size=100).
    events = Event.objects.published().filter(participants__slug="joe-biden").distinct()
    assert 1 < events.count() < 100
    page = client_page.page
    page.goto(f"{base}/vis.html")
    page.wait_for_function(f"document.querySelectorAll('.vis-item').length >= {events.count()}")
    page.wait_for_load_state("networkidle")
    assert client_page.outside == []
    assert client_page.errors == []
    shown = page.eval_on_selector_all(".vis-item", "items => items.map(i => i.textContent.trim())")
    assert sorted(shown) == sorted(e.title for e in events)
    assert page.locator(".vis-item.vis-range").count() == events.count()  # none a point
    lengths = set()
    for event in events:
        after = event.date_to + dt.timedelta(days=1)
        drawn = page.evaluate(MEASURE, [event.title, str(event.date_from), str(after)])
        assert drawn["range"], event.title
        assert abs(drawn["left"] - drawn["expected_left"]) < 3, (event.title, drawn)
        assert abs(drawn["width"] - drawn["expected_width"]) < 3, (event.title, drawn)
        lengths.add((after - event.date_from).days)
    assert {1, 10, 340} <= lengths  # a day, a summit "in June", an event known by its year
