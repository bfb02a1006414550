"""The shipped gazetteer (fixtures/gazetteer.yaml): actors, places and topics with their aliases.

`sync_gazetteer` takes the model classes as arguments so that a data migration can call it with
its historical models; it adds what is missing and never overwrites an editor's changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify

from events.extraction import Entity, Gazetteer
from events.extraction.data import KnownMeeting, Term
from events.extraction.gazetteer import fold

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


DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def reference_data(data_dir: Path = DATA_DIR) -> ReferenceData:
    """The shipped reference data: people with their terms of office, countries with their
    demonyms, organisations, and the calendar of known meetings."""
    people: dict[str, Entity] = {}
    for path in sorted((data_dir / "terms").glob("*.yaml")):
        for row in _load(path).get("people", []):
            terms = tuple(
                Term(t["office"], t["title"], t["country"], t["start"], t.get("end"))
                for t in row.get("terms") or []
            )
            known = people.get(row["name"])
            names = (row["name"], *(row.get("aliases") or []))
            if known is not None:
                names, terms = (*known.names, *names), (*known.terms, *terms)
            people[row["name"]] = Entity(
                row["name"],
                "person",
                tuple(dict.fromkeys(names)),
                _role(terms),
                row["country"],
                terms,
            )
    countries_file = _load(data_dir / "countries.yaml")
    entities = list(people.values())
    demonyms: dict[str, str] = {}
    for row in countries_file.get("countries", []):
        code = row["code"]
        entities.append(
            Entity(row["name"], "country", (row["name"], *row.get("aliases", [])), "", code)
        )
        for demonym in row.get("demonyms") or []:
            demonyms.setdefault(demonym, code)
        if row.get("capital"):
            capital_names = (row["capital"], *(row.get("capital_aliases") or []))
            entities.append(Entity(row["capital"], "place", capital_names, "", code))
    for row in countries_file.get("organisations", []):
        entities.append(Entity(row["name"], "organisation", (row["name"], *row.get("aliases", []))))
    calendar = tuple(
        KnownMeeting(
            m["series"],
            m["name"],
            m["place"],
            m["country"],
            m["start"],
            m["end"],
            tuple(m.get("aliases") or ()),
        )
        for m in _load(data_dir / "calendar.yaml").get("meetings", [])
    )
    places = {fold(e.name) for e in entities if e.category == "place"}
    for meeting in calendar:
        if fold(meeting.place) not in places:
            places.add(fold(meeting.place))
            entities.append(Entity(meeting.place, "place", (meeting.place,), "", meeting.country))
    return ReferenceData(tuple(entities), demonyms, calendar)


@dataclass(frozen=True)
class ReferenceData:
    entities: tuple[Entity, ...]
    demonyms: dict[str, str]
    calendar: tuple[KnownMeeting, ...]


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _role(terms: tuple[Term, ...]) -> str:
    """ "Prime Minister (GB); Chancellor (DE)": what `holds_role` reads."""
    return "; ".join(dict.fromkeys(f"{t.title} ({t.country})" for t in terms))


def build_gazetteer(local: list[Entity], data_dir: Path = DATA_DIR) -> Gazetteer:
    """The reference data with the local entities (the editors' in the database, or the shipped
    gazetteer file) merged in: a local entity naming a reference entity of its category (by its
    name or an alias) keeps its own name and adds its aliases; its terms and country come from
    the reference."""
    reference = reference_data(data_dir)
    merged: list[Entity] = []
    claimed: dict[tuple[str, str], int] = {}
    for entity in reference.entities:
        for name in entity.names:
            claimed.setdefault((entity.category, fold(name)), len(merged))
        merged.append(entity)
    for entity in local:
        at = next(
            (
                claimed[(entity.category, fold(n))]
                for n in entity.names
                if (entity.category, fold(n)) in claimed
            ),
            None,
        )
        if at is None:
            merged.append(entity)
            continue
        known = merged[at]
        merged[at] = replace(
            known,
            name=entity.name,
            names=tuple(dict.fromkeys([entity.name, *entity.names, *known.names])),
            role="; ".join(r for r in dict.fromkeys([entity.role, known.role]) if r),
        )
    return Gazetteer(merged, reference.demonyms, reference.calendar)


def _local_from_file(path: Path = GAZETTEER_FILE) -> list[Entity]:
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
    return entities


def shipped_gazetteer(path: Path = GAZETTEER_FILE) -> Gazetteer:
    """The shipped gazetteer read straight from its files, without a database."""
    return build_gazetteer(_local_from_file(path))


def gazetteer_from_db() -> Gazetteer:
    """The extractor's gazetteer as editors left it: every actor, place and topic with aliases,
    over the shipped reference data (terms of office, countries, calendar)."""
    from events.models import Actor, Place, Topic

    entities = [Entity(a.name, a.kind, tuple(a.names()), a.role) for a in Actor.objects.all()]
    entities += [Entity(p.name, "place", tuple(p.names())) for p in Place.objects.all()]
    entities += [Entity(t.name, "topic", tuple(t.names())) for t in Topic.objects.all()]
    return build_gazetteer(entities)
