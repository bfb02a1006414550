"""Event extraction: pure Python, no Django. Text and publication date in, event candidates out.

articles = [read_article(path, manifest) for path in article_paths(paths)]
candidates = extract(articles, Gazetteer(entities))
"""

from events.extraction.articles import (
    ArticleError,
    article_paths,
    parse_article,
    read_article,
    read_manifest,
)
from events.extraction.data import Article, ArticleMeta, DateRange, Entity, EventCandidate
from events.extraction.gazetteer import Gazetteer
from events.extraction.merging import EventKey, same_event
from events.extraction.pipeline import anchor_date, extract

__all__ = [
    "Article",
    "ArticleError",
    "ArticleMeta",
    "DateRange",
    "Entity",
    "EventCandidate",
    "EventKey",
    "Gazetteer",
    "anchor_date",
    "article_paths",
    "extract",
    "parse_article",
    "read_article",
    "read_manifest",
    "same_event",
]
