"""The shipped gazetteer (fixtures/gazetteer.yaml): actors, places and topics with their aliases.

`sync_gazetteer` takes the model classes as arguments so that a data migration can call it with
its historical models; it adds what is missing and never overwrites an editor's changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify

GAZETTEER_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "gazetteer.yaml"


def read_gazetteer(path: Path = GAZETTEER_FILE) -> dict[str, list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def sync_gazetteer(
    actor_model: Any, place_model: Any, topic_model: Any, path: Path = GAZETTEER_FILE
) -> int:
    """Create the gazetteer rows that do not exist yet (matched by slug); return how many."""
    data = read_gazetteer(path)
    created = 0
    for model, key in ((actor_model, "actors"), (place_model, "places"), (topic_model, "topics")):
        for entry in data.get(key, []):
            fields = dict(entry)
            names = fields.pop("aliases", []) or fields.pop("keywords", []) or []
            fields["aliases"] = "\n".join(names)
            slug = fields.pop("slug", None) or slugify(fields["name"])
            _, was_created = model.objects.get_or_create(slug=slug, defaults=fields)
            created += was_created
    return created
