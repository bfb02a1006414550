"""What the article commands share: their arguments, and reading the files they name."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError

from events.extraction import Article, ArticleError, article_paths, read_article, read_manifest


def add_article_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="article files or folders of them")
    parser.add_argument(
        "--manifest",
        type=Path,
        action="append",
        default=[],
        help="JSON (like shared/seeds/manifest.json) or CSV with the columns file, title, "
        "publisher, kind, url, published; overrides the files' own front matter (may be "
        "given once per folder)",
    )


def iter_articles(
    paths: list[Path], manifest_paths: list[Path]
) -> Iterator[tuple[Path, Article | ArticleError]]:
    """Each article file with its parsed article, or the error that kept it from parsing."""
    manifest: dict[str, dict[str, object]] = {}
    try:
        for manifest_path in manifest_paths:
            manifest.update(read_manifest(manifest_path))
    except ArticleError as exc:
        raise CommandError(str(exc)) from exc
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    for path in article_paths(paths):
        try:
            yield path, read_article(path, manifest)
        except ArticleError as exc:
            yield path, exc
