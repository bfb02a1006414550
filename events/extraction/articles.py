"""Reading article files and their metadata: YAML front matter and manifests (JSON or CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from events.extraction.cleaning import clean
from events.extraction.data import Article, ArticleMeta
from events.extraction.lang import available_languages

MAX_BYTES = 2_000_000
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
META_FIELDS = ("title", "publisher", "kind", "url", "published", "language")
# Front matter keys that may hold the publication date, in order of preference.
DATE_KEYS = ("published", "date", "published_time", "pubdate", "published_at")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "permalink", "link", "canonical_url")


class ArticleError(ValueError):
    """An article or manifest that cannot be read, and why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


Manifest = dict[str, dict[str, Any]]


def read_manifest(path: Path) -> Manifest:
    """File name -> metadata, from a JSON manifest ({"articles": [{"file": ...}]}) or a CSV
    with a `file` column and any of title, publisher, kind, url, published."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(str(path), f"cannot read manifest ({exc})") from exc
    try:
        if path.suffix.lower() == ".csv":
            rows: list[Any] = list(csv.DictReader(io.StringIO(text)))
        else:
            data = json.loads(text)
            rows = data.get("articles", []) if isinstance(data, dict) else data
    except (ValueError, csv.Error) as exc:
        raise ArticleError(str(path), f"manifest is not valid JSON or CSV ({exc})") from exc
    manifest: Manifest = {}
    for row in rows:
        if not isinstance(row, Mapping) or not row.get("file"):
            raise ArticleError(str(path), "every manifest entry needs a 'file'")
        manifest[Path(str(row["file"])).name] = {
            k: v for k, v in row.items() if v not in ("", None)
        }
    return manifest


def parse_date(value: object, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise ArticleError(name, f"the date {value!r} does not parse (use YYYY-MM-DD)") from exc


def split_front_matter(raw: str, name: str) -> tuple[dict[str, Any], int]:
    """The front matter as a dict, and the offset where the body starts."""
    handler = YAMLHandler()
    if not handler.detect(raw):
        return {}, 0
    try:
        fm_text, content = handler.split(raw)
        meta = yaml.safe_load(fm_text) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise ArticleError(name, f"broken front matter ({str(exc).splitlines()[0]})") from exc
    if not isinstance(meta, dict):
        raise ArticleError(name, "front matter is not a set of 'key: value' lines")
    start = len(raw) - len(content) if raw.endswith(content) else raw.find(content.strip())
    return meta, max(start, 0)


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ArticleError(name, "the file is empty")
    if len(data) > MAX_BYTES:
        raise ArticleError(name, f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    if b"\x00" in data:
        raise ArticleError(name, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(name, f"not UTF-8 text (byte {exc.start})") from exc


def _first(meta: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[k] for k in keys if meta.get(k) not in (None, "")), None)


def parse_article(raw: str, name: str, overrides: Mapping[str, Any] | None = None) -> Article:
    """An article from its text: front matter read, manifest `overrides` applied, text cleaned."""
    front, body_start = split_front_matter(raw, name)
    meta = {**front, **(overrides or {})}
    body = raw[body_start:]
    if not body.strip():
        raise ArticleError(name, "no article text after the front matter")
    published = _first(meta, DATE_KEYS)
    info = ArticleMeta(
        file_name=name,
        title=str(_first(meta, TITLE_KEYS) or "").strip(),
        publisher=str(meta.get("publisher") or "").strip(),
        kind=str(meta.get("kind") or "news").strip(),
        url=str(_first(meta, URL_KEYS) or "").strip(),
        published=parse_date(published, name) if published is not None else None,
        language=str(meta.get("language") or "en").strip().lower(),
    )
    if info.language not in available_languages():
        raise ArticleError(name, f"no language bundle for {info.language!r}")
    return Article(info, raw, clean(body, info.title, base=body_start))


def read_article(path: Path, manifest: Manifest | None = None) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path.name, f"cannot read ({exc.strerror})") from exc
    return parse_article(decode(data, path.name), path.name, (manifest or {}).get(path.name))


def article_paths(paths: list[Path]) -> list[Path]:
    """The article files named, folders expanded to their .txt/.md files, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        else:
            found.append(path)
    return found
