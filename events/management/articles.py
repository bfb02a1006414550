"""What the article commands share: their arguments, and reading the files they name."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from events.extraction import Article, ArticleError, read_article, read_manifest
from events.extraction.articles import find_article_files


def add_article_arguments(parser: ArgumentParser, *, urls: bool = False) -> None:
    if urls:  # kept as given: Path() would turn "https://" into "https:/"
        parser.add_argument("paths", nargs="+", help="article files, folders of them, or URLs")
    else:
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
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read the files that symbolic links inside the folders point to (by default they "
        "are skipped, as are devices, pipes and sockets)",
    )


def iter_articles(
    paths: list[Path],
    manifest_paths: list[Path],
    *,
    follow_symlinks: bool = False,
    skipped: Callable[[Path, str], None] = lambda path, reason: None,
) -> Iterator[tuple[Path, Article | ArticleError]]:
    """Each article file with its parsed article, or the error that kept it from parsing;
    `skipped` is told of each file or folder left out of the folders named, and why."""
    manifest: dict[str, dict[str, object]] = {}
    try:
        for manifest_path in manifest_paths:
            manifest.update(read_manifest(manifest_path))
    except ArticleError as exc:
        raise CommandError(str(exc)) from exc
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    found, left_out = find_article_files(paths, follow_symlinks=follow_symlinks)
    for path, reason in left_out:
        skipped(path, reason)
    for path in found:
        try:
            yield path, read_article(path, manifest)
        except ArticleError as exc:
            yield path, exc


def reading_options(command: BaseCommand, options: dict[str, Any]) -> dict[str, Any]:
    """`iter_articles` arguments from the command's options: symbolic links followed or not,
    each file left out reported on stderr."""
    return {
        "follow_symlinks": options["follow_symlinks"],
        "skipped": lambda path, reason: command.stderr.write(f"{path}: {reason}"),
    }
