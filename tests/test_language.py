"""A source's language: stored from the article's metadata, used again when it is re-extracted;
the public search stems as the site language's bundle says."""

from __future__ import annotations

import pytest
from django.db import connection

from events.extraction import parse_article
from events.extraction.lang import load_language
from events.ingest import import_article, reextract
from events.models import SITE_LANGUAGE, Event, search_config

TEXT = "Biden spoke with Stoltenberg on Tuesday about the alliance."


@pytest.mark.django_db
def test_the_source_keeps_the_language_its_metadata_gives(gazetteer):
    article = parse_article(TEXT, "gb.txt", {"language": "en-GB", "published": "2021-01-28"})
    source = import_article(article=article, gazetteer=gazetteer).source
    source.refresh_from_db()
    assert (article.meta.language, source.language) == ("en", "en")


@pytest.mark.django_db
def test_reextraction_reads_the_stored_language(gazetteer):
    article = parse_article(TEXT, "a.txt", {"published": "2021-01-28"})
    source = import_article(article=article, gazetteer=gazetteer).source
    source.language = "xx"  # no bundle: the stored language is the one re-extraction uses
    from events.extraction import ArticleError

    with pytest.raises(ArticleError, match="no language bundle for 'xx'"):
        reextract(source=source, gazetteer=gazetteer)


def test_the_search_configuration_is_the_site_bundles():
    assert search_config() == load_language(SITE_LANGUAGE).search_config == "english"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
@pytest.mark.django_db
def test_postgresql_searches_with_the_bundles_configuration(monkeypatch):
    import events.models

    monkeypatch.setattr(events.models, "search_config", lambda: "simple")
    _sql, params = Event.objects.search("talks").query.sql_with_params()
    assert "simple" in params and "english" not in params
