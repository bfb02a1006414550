"""The shipped gazetteer (fixtures/gazetteer.yaml): actors, places and topics with their aliases.

`sync_gazetteer` takes the model classes as arguments so that a data migration can call it with
its historical models; it adds what is missing and never overwrites an editor's changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify

from events.extraction import Entity, Gazetteer

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


def shipped_gazetteer(path: Path = GAZETTEER_FILE) -> Gazetteer:
    """The shipped gazetteer read straight from its file, without a database."""
    data = read_gazetteer(path)
    entities = [
        Entity(a["name"], a["kind"], (a["name"], *a.get("aliases", [])), a.get("role", ""))
        for a in data.get("actors", [])
    ]
    entities += [
        Entity(p["name"], "place", (p["name"], *p.get("aliases", [])))
        for p in data.get("places", [])
    ]
    entities += [
        Entity(t["name"], "topic", (t["name"], *t.get("keywords", [])))
        for t in data.get("topics", [])
    ]
    return Gazetteer(entities)


def gazetteer_from_db() -> Gazetteer:
    """The extractor's gazetteer as editors left it: every actor, place and topic with aliases."""
    from events.models import Actor, Place, Topic

    entities = [Entity(a.name, a.kind, tuple(a.names()), a.role) for a in Actor.objects.all()]
    entities += [Entity(p.name, "place", tuple(p.names())) for p in Place.objects.all()]
    entities += [Entity(t.name, "topic", tuple(t.names())) for t in Topic.objects.all()]
    return Gazetteer(entities)
