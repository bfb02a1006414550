"""Reading article files and their metadata: YAML front matter and manifests (JSON or CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from events.extraction.cleaning import clean
from events.extraction.data import Article, ArticleMeta
from events.extraction.lang import available_languages, language_code, load_language

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
        refuse_aliases(fm_text, name)
        meta = yaml.safe_load(fm_text) or {}
    except (ValueError, yaml.YAMLError) as exc:
        if isinstance(exc, ArticleError):
            raise
        raise ArticleError(name, f"broken front matter ({str(exc).splitlines()[0]})") from exc
    if not isinstance(meta, dict):
        raise ArticleError(name, "front matter is not a set of 'key: value' lines")
    start = len(raw) - len(content) if raw.endswith(content) else raw.find(content.strip())
    return meta, max(start, 0)


def refuse_aliases(fm_text: str, name: str) -> None:
    """Refuse YAML anchors and aliases: a few nested aliases expand into gigabytes when a field
    is turned into text. The events are read without building anything, so this is cheap."""
    depth, key, is_key = 0, None, True  # the top-level key whose value is being read
    for event in yaml.parse(fm_text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            field = f"the field {key!r}" if key is not None and not is_key else "front matter"
            raise ArticleError(name, f"YAML anchors and aliases are not allowed ({field})")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if depth == 1 and isinstance(event, yaml.ScalarEvent | yaml.CollectionEndEvent):
            if is_key and isinstance(event, yaml.ScalarEvent):
                key = event.value
            is_key = not is_key


# One value each, never a list or a mapping.
SCALAR_FIELDS = tuple(dict.fromkeys(META_FIELDS + DATE_KEYS + TITLE_KEYS + URL_KEYS))
SCALAR_TYPES = (str, int, float, bool, dt.date)


def refuse_non_scalars(meta: Mapping[str, Any], name: str) -> None:
    """Refuse a list or a mapping where one value is expected (a list as the title)."""
    for field in SCALAR_FIELDS:
        value = meta.get(field)
        if value is not None and not isinstance(value, SCALAR_TYPES):
            kind = "list" if isinstance(value, list) else type(value).__name__
            raise ArticleError(name, f"the field {field!r} must be a single value, not a {kind}")


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ArticleError(name, "the file is empty")
    if len(data) > MAX_BYTES:
        raise ArticleError(name, f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(data):
        # Text, but not UTF-8: say so, rather than "binary" (its NULs are half of each letter).
        raise ArticleError(name, "not UTF-8 text (UTF-16): save it as UTF-8")
    if b"\x00" in data:
        raise ArticleError(name, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(name, f"not UTF-8 text (byte {exc.start})") from exc


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without its byte-order mark: mostly text with a NUL in every other byte."""
    sample = data[:4000]
    return len(sample) >= 4 and any(sample[i::2].count(0) > 0.9 * len(sample[i::2]) for i in (0, 1))


def _first(meta: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[k] for k in keys if meta.get(k) not in (None, "")), None)


def parse_article(raw: str, name: str, overrides: Mapping[str, Any] | None = None) -> Article:
    """An article from its text: front matter read, manifest `overrides` applied, text cleaned."""
    front, body_start = split_front_matter(raw, name)
    meta = {**front, **(overrides or {})}
    refuse_non_scalars(meta, name)
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
        language=language_code(str(meta.get("language") or "en")),
    )
    if info.language not in available_languages():
        raise ArticleError(name, f"no language bundle for {info.language!r}")
    language = load_language(info.language)
    return Article(info, raw, clean(body, info.title, base=body_start, language=language))


def read_article(path: Path, manifest: Manifest | None = None) -> Article:
    try:
        # Non-blocking, so that a named pipe cannot hold the import (it is refused below).
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise ArticleError(path.name, "not a regular file")
            data = file.read(MAX_BYTES + 1)  # enough to tell that it is too large
    except OSError as exc:
        raise ArticleError(path.name, f"cannot read ({exc.strerror})") from exc
    return parse_article(decode(data, path.name), path.name, (manifest or {}).get(path.name))


Skipped = tuple[Path, str]  # a file or folder left out, and why


def find_article_files(
    paths: list[Path], *, follow_symlinks: bool = False
) -> tuple[list[Path], list[Skipped]]:
    """The article files named, folders expanded to their .txt/.md files, sorted; and what was
    left out of the folders: symbolic links (unless followed) and files that are not regular
    files (devices, pipes, sockets). A file named directly is read as it is given."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        in_folder: list[Path] = []
        seen: set[tuple[int, int]] = set()  # folders already walked: a link cycle ends here
        for folder, dirs, files in os.walk(path, followlinks=follow_symlinks):
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((info.st_dev, info.st_ino))
            for name in sorted(dirs):
                if not follow_symlinks and os.path.islink(os.path.join(folder, name)):
                    skipped.append((Path(folder, name), LINK_SKIPPED))
            for name in files:
                file = Path(folder, name)
                if file.suffix.lower() not in ARTICLE_SUFFIXES:
                    continue
                reason = _not_readable(file, follow_symlinks)
                if reason is None:
                    in_folder.append(file)
                else:
                    skipped.append((file, reason))
        found += sorted(in_folder)
    return found, skipped


LINK_SKIPPED = "skipped: a symbolic link (use --follow-symlinks to read what it points to)"


def _not_readable(file: Path, follow_symlinks: bool) -> str | None:
    """Why a file found in a folder is left out, or None to read it."""
    try:
        mode = file.lstat().st_mode
        if stat.S_ISLNK(mode):
            if not follow_symlinks:
                return LINK_SKIPPED
            mode = file.stat().st_mode
    except OSError as exc:
        return f"skipped: cannot read ({exc.strerror})"
    return None if stat.S_ISREG(mode) else "skipped: not a regular file"


def article_paths(paths: list[Path], *, follow_symlinks: bool = False) -> list[Path]:
    """The article files named, folders expanded to their .txt/.md files (see
    `find_article_files`, which also says what it left out)."""
    return find_article_files(paths, follow_symlinks=follow_symlinks)[0]
