"""Multi-valued filters: one bounded plan whatever the number of values, at most MAX_VALUES
values per parameter on every output, strict dates, and a statement timeout on public reads."""

from __future__ import annotations

import os
import re
from itertools import combinations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.forms import MAX_VALUES
from events.models import Actor, Event
from nato_timeline.middleware import PublicStatementTimeout

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
OUTPUTS = ["/", "/embed/", "/feeds/atom", "/feeds/ical", "/feeds/json", "/api/events",
           "/api/timelinejs"]  # fmt: skip


def joins(sql: str) -> int:
    return len(re.findall(r"\bJOIN\b", sql))


def test_the_actor_filter_is_a_semi_join_per_actor_and_no_join(db):
    Actor.objects.bulk_create(Actor(name=f"A {i}", slug=f"a{i}") for i in range(MAX_VALUES))
    for n in (1, 2, 5, MAX_VALUES):
        sql = str(Event.objects.published().with_actors([f"a{i}" for i in range(n)]).query)
        # EXISTS on each actor's id: no join whose planning grows with the number of actors.
        assert (joins(sql), sql.count("EXISTS"), "HAVING" in sql) == (0, n, False)
    assert not Event.objects.with_actors(["a0", "no-such-actor"]).exists()


def test_requests_with_more_actors_make_no_more_joins(client, seeded_with_draft):
    slugs = list(Actor.objects.with_published_events().values_list("slug", flat=True))
    assert len(slugs) >= 3
    most = []
    for n in (1, 2, min(len(slugs), MAX_VALUES)):
        query = "&".join(f"actor={slug}" for slug in slugs[:n])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/events?{query}").status_code == 200
        # The queries of events that carry the actor filter (not the form's actor lookup).
        filtering = [q["sql"] for q in captured.captured_queries
                     if 'FROM "events_event"' in q["sql"]
                     and all(slug in q["sql"] for slug in slugs[:n])]  # fmt: skip
        assert filtering
        most.append(max(joins(sql) for sql in filtering))
    assert len(set(most)) == 1, most


def test_several_actors_mean_events_in_which_all_took_part(client, seeded_with_draft):
    published = list(Event.objects.published().prefetch_related("participants"))
    taking_part = {e.slug: {a.slug for a in e.participants.all()} for e in published}
    actors = sorted(set().union(*taking_part.values()))
    checked = 0
    for pair in combinations(actors, 2):
        expected = {slug for slug, who in taking_part.items() if set(pair) <= who}
        if not expected:
            continue
        response = client.get("/api/events?size=100&" + "&".join(f"actor={a}" for a in pair))
        assert {e["slug"] for e in response.json()["events"]} == expected, pair
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("url", OUTPUTS)
def test_more_than_the_maximum_of_values_is_a_400_naming_the_limit(client, seeded_with_draft, url):
    enough = "&".join(["kind=call"] * MAX_VALUES)
    assert client.get(f"{url}?{enough}").status_code == 200
    too_many = "&".join(f"actor=actor-{i}" for i in range(MAX_VALUES + 1))
    response = client.get(f"{url}?{too_many}")
    assert response.status_code == 400
    assert f"at most {MAX_VALUES} values" in response.content.decode()


def test_the_htmx_fragment_refuses_too_many_values_too(client, seeded_with_draft):
    response = client.get("/?" + "&".join(["kind=call"] * (MAX_VALUES + 1)), headers=HTMX)
    assert response.status_code == 400
    assert f"kind: at most {MAX_VALUES} values per parameter" in response.content.decode()
    assert b"<html" not in response.content


@pytest.mark.parametrize(
    "query", ["from=2021-13", "from=2021-30", "to=2021-99", "from=2021-00", "to=2021-02-30",
              "from=0000", "to=2021-1", "from=2021-13-01"],
)  # fmt: skip
def test_months_and_days_that_do_not_exist_are_a_400(client, seeded_with_draft, query):
    for url in ("/", "/api/events", "/feeds/atom"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, (url, query)
        assert "is not a date" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [("from=2021-12&to=2021-12", "2021-12-01", "2021-12-31"),
     ("from=2020-02&to=2020-02", "2020-02-01", "2020-02-29"),
     ("from=2021&to=2021", "2021-01-01", "2021-12-31"),
     ("from=2022-03-24&to=2022-03-24", "2022-03-24", "2022-03-24")],
)  # fmt: skip
def test_numeric_periods_cover_their_whole_span(query, first, last):
    from django.http import QueryDict

    from events.forms import TimelineFilterForm

    form = TimelineFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    filters = form.filters()
    assert (str(filters.date_from), str(filters.date_to)) == (first, last)


postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


def show_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@postgresql
def test_public_reads_run_under_the_statement_timeout_and_nothing_else_does(
    client,
    seeded_with_draft,
    monkeypatch,
    settings,
):
    seen = {}
    from events import views

    real = views.read_page

    def spy(filters):
        seen["public"] = show_timeout()
        return real(filters)

    monkeypatch.setattr(views, "read_page", spy)
    assert show_timeout() == "0"  # commands, migrations, imports: no limit
    assert client.get("/").status_code == 200
    assert seen["public"] == "3s"
    assert show_timeout() == "0"  # reset after the request


@postgresql
@pytest.mark.skipif(
    not os.environ.get("RUN_AUTOCOMMIT_TESTS"),
    reason="restoring the serialized reference data fails in the full suite's order (run with "
    "RUN_AUTOCOMMIT_TESTS=1 alone)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_timeout_is_set_once_per_connection(client, monkeypatch):
    """As under gunicorn (autocommit): the first public request sets the timeout, the next ones
    add no query (a 304 is the version's read alone), an editor's request resets it."""
    from django.contrib.auth.models import User

    from events import views

    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    seen = []
    real = views.read_page

    def spy(filters):
        seen.append(show_timeout())
        return real(filters)

    monkeypatch.setattr(views, "read_page", spy)
    try:
        assert client.get("/").status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/?kind=call").status_code == 200
            etag = client.get("/?kind=call")["ETag"]  # from the response cache
        assert seen == ["3s", "3s"]
        assert not [
            q
            for q in captured.captured_queries
            if "SHOW" not in q["sql"] and "statement_timeout" in q["sql"]
        ]
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/?kind=call", HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert len(captured.captured_queries) == 1
        assert show_timeout() == "3s"  # kept by the connection for its next public request
        user = User.objects.create_superuser("boss", password="a-long-pass-phrase")
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        assert show_timeout() == "0"  # what the admin's queries ran under
        client.logout()
        assert client.get("/healthz").status_code == 200
        assert show_timeout() == "0"
    finally:
        PublicStatementTimeout.reset()


@postgresql
def test_a_public_query_that_runs_too_long_is_cancelled(
    client, seeded_with_draft, monkeypatch, settings
):
    from events import views

    def slow(filters):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")

    settings.PUBLIC_STATEMENT_TIMEOUT = 0.2
    monkeypatch.setattr(views, "read_page", slow)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_the_openapi_document_states_the_maximum(client, db):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/events"]["get"]
    actor = next(p for p in parameters["parameters"] if p["name"] == "actor")
    assert actor["schema"]["maxItems"] == MAX_VALUES


# The filters are declared once (events.filters.PARAMETERS): every output follows that list.


def test_the_filters_object_has_one_attribute_per_parameter():
    from dataclasses import fields

    from events.filters import PARAMETERS, TimelineFilters

    assert [f.name for f in fields(TimelineFilters)] == [p.attribute for p in PARAMETERS]


def test_the_form_and_the_openapi_document_list_the_declared_parameters(client, db):
    from django.http import QueryDict

    from events.filters import EMBED_PARAMETERS, PARAMETERS
    from events.forms import TimelineFilterForm

    names = [p.name for p in PARAMETERS]
    assert list(TimelineFilterForm(QueryDict()).fields) == names
    paths = client.get("/api/openapi.json").json()["paths"]
    assert [p["name"] for p in paths["/api/events"]["get"]["parameters"]] == names
    timelinejs = paths["/api/timelinejs"]["get"]["parameters"]
    assert [p["name"] for p in timelinejs] == list(EMBED_PARAMETERS)
    assert "after" not in EMBED_PARAMETERS and "size" not in EMBED_PARAMETERS


def filters_of(query: str):
    from django.http import QueryDict

    from events.forms import TimelineFilterForm

    form = TimelineFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return form.filters()


def first_slug(model) -> str:
    return model.objects.with_published_events().order_by("slug").values_list("slug", flat=True)[0]


def narrowing_queries() -> list[tuple[str, str]]:
    """One query per narrowing parameter, each choosing fewer events than no filter."""
    from events.models import Place, Topic

    return [("kind", "call"), ("actor", "vladimir-putin"), ("topic", first_slug(Topic)),
            ("place", first_slug(Place)), ("from", "2021"), ("to", "2017"), ("q", "Putin")]  # fmt: skip


def test_every_narrowing_parameter_has_a_query_and_a_part_in_the_cache_key(seeded_with_draft):
    """With the overview cached, a query differing in any one parameter reads its own counts."""
    from events.filters import NARROWING
    from events.timeline import month_counts, published_matching

    queries = narrowing_queries()
    assert [name for name, _ in queries] == [p.name for p in NARROWING]
    everything = Event.objects.published().count()
    assert sum(m.count for m in month_counts(filters_of(""))) == everything
    for name, value in queries:
        filters = filters_of(f"{name}={value}")
        assert filters.active, name
        expected = published_matching(filters).count()
        assert 0 < expected < everything, name  # the parameter narrows the query
        assert sum(m.count for m in month_counts(filters)) == expected, name  # not a cached total


def test_ordering_and_paging_share_the_overview(seeded_with_draft):
    keys = {
        filters_of(query).cache_key()
        for query in ("kind=call", "kind=call&order=oldest", "kind=call&size=5&after=2021-01-01_3")
    }
    assert len(keys) == 1
