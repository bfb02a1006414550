#!/usr/bin/env python
"""Weight of the timeline page and its HTMX fragment: HTML, CSS and JS, raw and as gzip -9
would send them (WhiteNoise serves precompressed static files).

    .venv/bin/python bench/page_weight.py                      # the demo's seed timeline
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nato_timeline_bench \\
        .venv/bin/python bench/page_weight.py                  # a large database, read only

Without DATABASE_URL it loads the seed timeline into a scratch SQLite database. Requests go
through Django's test client; nothing is written to a database given by DATABASE_URL.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    ("timeline page", "/", False),
    ("filtered page (kind=call)", "/?kind=call", False),
    ("fragment: a filter change", "/?kind=summit", True),
    ("embed, 20 events (list)", "/embed/?limit=20", False),
    ("embed, 20 events (rail)", "/embed/?layout=rail&limit=20", False),
    ("embed, 20 events (strip)", "/embed/?layout=strip&limit=20", False),
]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def setup(scratch: str) -> None:
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nato_timeline.settings"
    os.environ.pop("REDIS_URL", None)
    seed = "DATABASE_URL" not in os.environ
    if seed:
        os.environ["VAR_DIR"] = scratch
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if seed:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", str(ROOT / "fixtures" / "timeline.json"), verbosity=0)


def static_file(url: str) -> bytes:
    from django.contrib.staticfiles import finders

    path = finders.find(re.sub(r"^/static/", "", url))
    return Path(path).read_bytes() if path else b""


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        setup(scratch)
        from django.conf import settings
        from django.test import Client

        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        from events.models import Event

        client = Client()
        print(f"{Event.objects.published().count():,} published events")
        print(f"{'what':32} {'HTML':>9} {'HTML gz':>8} {'+CSS/JS gz':>11} {'total gz':>9}")
        for name, url, htmx in URLS:
            headers = {"HX-Request": "true"} if htmx else {}
            html = client.get(url, headers=headers).content
            assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
            assets_gz = sum(gz(static_file(a.decode())) for a in assets if b"favicon" not in a)
            print(f"{name:32} {len(html) / 1024:8.1f}K {gz(html) / 1024:7.1f}K "
                  f"{assets_gz / 1024:10.1f}K {(gz(html) + assets_gz) / 1024:8.1f}K")  # fmt: skip


if __name__ == "__main__":
    main()
