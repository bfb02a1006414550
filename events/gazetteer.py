"""The gazetteer: the shipped files (fixtures/gazetteer.yaml; the reference data in events/data:
people with their terms of office, countries, organisations, the calendar of known meetings),
the database rows loaded from them, and the extractor's `Gazetteer` built from either.

`sync_gazetteer` and `sync_reference` take the model classes as arguments so that a data
migration can call them with its historical models; they add what is missing and never
overwrite an editor's changes. Every YAML file of the gazetteer is read here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from django.utils.text import slugify

from events.extraction import Entity, Gazetteer
from events.extraction.data import KnownMeeting, Term
from events.extraction.gazetteer import fold

GAZETTEER_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "gazetteer.yaml"


def read_gazetteer(path: Path = GAZETTEER_FILE) -> dict[str, list[dict[str, Any]]]:
    return read_yaml(path, required=True)


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


@dataclass(frozen=True)
class Note:
    """What the reference data says about a term's or a meeting's dates."""

    basis: str = ""
    uncertain: bool = False


@dataclass(frozen=True)
class ReferenceData:
    entities: tuple[Entity, ...]
    demonyms: dict[str, str]
    calendar: tuple[KnownMeeting, ...]
    # (person's name, term) -> note; meeting -> note
    term_notes: dict[tuple[str, Term], Note]
    meeting_notes: dict[KnownMeeting, Note]

    def country_names(self) -> dict[str, str]:
        """A country's name by its code: "GB" -> "United Kingdom"."""
        return {e.country: e.name for e in self.entities if e.category == "country"}

    def country_codes(self) -> dict[str, str]:
        """A country's code by its (folded) name or alias: "united kingdom", "britain" -> "GB"."""
        codes: dict[str, str] = {}
        for entity in self.entities:
            if entity.category == "country":
                for name in entity.names:
                    codes.setdefault(fold(name).casefold(), entity.country)
        return codes


def reference_data(data_dir: Path = DATA_DIR) -> ReferenceData:
    """The shipped reference data: people with their terms of office, countries with their
    demonyms and capitals, organisations, and the calendar of known meetings (read once per
    folder, however it is asked for)."""
    return _reference_data(Path(data_dir).resolve())


@cache
def _reference_data(data_dir: Path) -> ReferenceData:
    people: dict[str, Entity] = {}
    term_notes: dict[tuple[str, Term], Note] = {}
    for path in sorted((data_dir / "terms").glob("*.yaml")):
        for row in read_yaml(path).get("people", []):
            terms = []
            for t in row.get("terms") or []:
                term = Term(t["office"], t["title"], t["country"], t["start"], t.get("end"))
                terms.append(term)
                term_notes[(row["name"], term)] = _note(t)
            known = people.get(row["name"])
            names = (row["name"], *(row.get("aliases") or []))
            merged_terms = tuple(terms)
            if known is not None:
                names, merged_terms = (*known.names, *names), (*known.terms, *merged_terms)
            people[row["name"]] = Entity(
                row["name"],
                "person",
                tuple(dict.fromkeys(names)),
                _role(merged_terms),
                row["country"],
                merged_terms,
            )
    countries_file = read_yaml(data_dir / "countries.yaml")
    entities = list(people.values())
    demonyms: dict[str, str] = {}
    for row in countries_file.get("countries", []):
        code = row["code"]
        former = tuple(row.get("former_names") or ())
        names = (row["name"], *row.get("aliases", []), *former, *iso_names(code))
        entities.append(
            Entity(
                row["name"], "country", tuple(dict.fromkeys(names)), "", code, former_names=former
            )
        )
        for demonym in row.get("demonyms") or []:
            demonyms.setdefault(demonym, code)
        if row.get("capital"):
            capital_names = (row["capital"], *(row.get("capital_aliases") or []))
            # "capital": "Ankara invoked Article 4" speaks for Türkiye
            entities.append(Entity(row["capital"], "place", capital_names, "capital", code))
    for row in countries_file.get("organisations", []):
        entities.append(Entity(row["name"], "organisation", (row["name"], *row.get("aliases", []))))
    meeting_notes: dict[KnownMeeting, Note] = {}
    for m in read_yaml(data_dir / "calendar.yaml").get("meetings", []):
        meeting = KnownMeeting(
            m["series"],
            m["name"],
            m["place"],
            m["country"],
            m["start"],
            m["end"],
            tuple(m.get("aliases") or ()),
        )
        meeting_notes[meeting] = _note(m)
    return ReferenceData(tuple(entities), demonyms, tuple(meeting_notes), term_notes, meeting_notes)


def iso_names(code: str) -> list[str]:
    """The ISO 3166 names pycountry gives a country ("Russian Federation", "Republic of
    Poland"), without the inverted ones ("Korea, Republic of")."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return []
    names = [getattr(country, attr, "") for attr in ("name", "official_name", "common_name")]
    return [n for n in names if n and "," not in n and "(" not in n]


def read_yaml(path: Path, *, required: bool = False) -> dict[str, Any]:
    """The one reader of the gazetteer's and the reference data's YAML files: a mapping (empty
    for an empty file, or a missing one that is not `required`)."""
    if not required and not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _note(row: dict[str, Any]) -> Note:
    return Note(str(row.get("basis") or ""), bool(row.get("uncertain")))


def _role(terms: Iterable[Term]) -> str:
    """ "Prime Minister (GB); Chancellor (DE)": what `holds_role` reads."""
    return "; ".join(dict.fromkeys(f"{t.title} ({t.country})" for t in terms))


def sync_reference(
    actor_model: Any, term_model: Any, meeting_model: Any, data_dir: Path = DATA_DIR
) -> int:
    """Load the reference people, their terms of office and the calendar of known meetings into
    the database; return how many rows were created (none on a second run).

    A person becomes an Actor unless an actor already goes by the person's name (as its name or
    an alias) or is named by one of the person's full names; that actor gets the terms and, the
    first time it gets terms, the person's other names as aliases. Countries and organisations
    stay in the files: only those the shipped gazetteer lists are actors."""
    reference = reference_data(data_dir)
    holders, created = _sync_people(actor_model, term_model, reference)
    created += _sync_terms(term_model, reference, holders)
    return created + _sync_meetings(meeting_model, reference)


def _sync_people(
    actor_model: Any, term_model: Any, reference: ReferenceData
) -> tuple[dict[str, int], int]:
    """The actor of each reference person (created when none goes by the person's names), by
    the person's name, as primary keys; and how many actors were created."""
    from events.models import split_lines as _lines

    country_names = reference.country_names()
    actors = list(actor_model.objects.all())
    by_name = {a.name: a for a in actors}
    by_alias: dict[str, Any] = {}
    for actor in actors:
        if actor.kind == "person":
            for alias in _lines(actor.aliases):
                by_alias.setdefault(alias, actor)
    slugs = {a.slug for a in actors}
    with_terms = set(term_model.objects.values_list("actor_id", flat=True).distinct())

    holders: dict[str, Any] = {}  # person's name -> actor (saved or to be created)
    new_actors = []
    for person in reference.entities:
        if person.category != "person":
            continue
        actor = _known_actor(person, by_name, by_alias)
        if actor is not None and actor.kind != "person":
            continue  # the name is a country's or an organisation's: leave it to editors
        if actor is None:
            actor = actor_model(
                name=person.name,
                slug=_free_slug(person.name, slugs),
                kind="person",
                role=person.role,
                country=country_names.get(person.country, ""),
                aliases="\n".join(person.names[1:]),
            )
            new_actors.append(actor)
            by_name[person.name] = actor
        elif actor.pk not in with_terms and person.terms:
            _add_names(actor, person.names)
        holders[person.name] = actor
    actor_model.objects.bulk_create(new_actors)
    # Read back rather than rely on bulk_create setting primary keys on every backend.
    saved = {a.name: a.pk for a in actor_model.objects.only("pk", "name")}
    return {person: saved[actor.name] for person, actor in holders.items()}, len(new_actors)


def _known_actor(person: Entity, by_name: dict[str, Any], by_alias: dict[str, Any]) -> Any:
    """The stored actor that goes by the person's name, or is named by one of its full names."""
    actor = by_name.get(person.name) or by_alias.get(person.name)
    if actor is None:
        actor = next((by_name[n] for n in person.names[1:] if n in by_name), None)
    return actor


def _add_names(actor: Any, names: Iterable[str]) -> None:
    """Give the actor, as aliases, those of `names` it does not go by yet."""
    from events.models import split_lines as _lines

    known = {actor.name, *_lines(actor.aliases)}
    missing = [n for n in names if n not in known]
    if missing:
        actor.aliases = "\n".join([*_lines(actor.aliases), *missing])
        actor.save(update_fields=["aliases"])


def _sync_terms(term_model: Any, reference: ReferenceData, holders: dict[str, int]) -> int:
    """Create the reference terms of office not yet stored; return how many."""
    existing_terms = set(term_model.objects.values_list("actor_id", "office", "country", "start"))
    new_terms = []
    for person in reference.entities:
        if person.category != "person" or person.name not in holders:
            continue
        actor_id = holders[person.name]
        for term in person.terms:
            key = (actor_id, term.office, term.country, term.start)
            if key in existing_terms:
                continue
            existing_terms.add(key)
            note = reference.term_notes.get((person.name, term), Note())
            new_terms.append(
                term_model(
                    actor_id=actor_id,
                    office=term.office,
                    title=term.title,
                    country=term.country,
                    start=term.start,
                    end=term.end,
                    basis=note.basis,
                    uncertain=note.uncertain,
                )
            )
    term_model.objects.bulk_create(new_terms)
    return len(new_terms)


def _sync_meetings(meeting_model: Any, reference: ReferenceData) -> int:
    """Create the calendar's meetings not yet stored; return how many."""
    existing_meetings = set(meeting_model.objects.values_list("series", "name", "place", "start"))
    new_meetings = []
    for meeting in reference.calendar:
        key = (meeting.series, meeting.name, meeting.place, meeting.start)
        if key in existing_meetings:
            continue
        existing_meetings.add(key)
        note = reference.meeting_notes.get(meeting, Note())
        new_meetings.append(
            meeting_model(
                series=meeting.series,
                name=meeting.name,
                place=meeting.place,
                country=meeting.country,
                start=meeting.start,
                end=meeting.end,
                aliases="\n".join(meeting.aliases),
                basis=note.basis,
                uncertain=note.uncertain,
            )
        )
    meeting_model.objects.bulk_create(new_meetings)
    return len(new_meetings)


def _free_slug(name: str, taken: set[str]) -> str:
    """A slug for the name not in `taken` (which it joins): "lech-walesa", "lech-walesa-2"."""
    base = slugify(fold(name))[:190].strip("-") or "actor"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def build_gazetteer(
    local: list[Entity],
    data_dir: Path = DATA_DIR,
    *,
    people: list[Entity] | None = None,
    calendar: Iterable[KnownMeeting] | None = None,
) -> Gazetteer:
    """The reference data with the local entities (the editors' in the database, or the shipped
    gazetteer file) merged in: a local entity naming a reference entity of its category (by its
    name or an alias) keeps its own name and adds its aliases; its terms and country come from
    the reference. `people` and `calendar`, when given (the database's), replace the reference
    files' people and meetings; the places of the meetings are known places either way."""
    reference = reference_data(data_dir)
    if people is None:
        people = [e for e in reference.entities if e.category == "person"]
    meetings = reference.calendar if calendar is None else tuple(calendar)
    base = [*people, *(e for e in reference.entities if e.category != "person")]
    places = {fold(e.name) for e in base if e.category == "place"}
    for meeting in meetings:
        if fold(meeting.place) not in places:
            places.add(fold(meeting.place))
            base.append(Entity(meeting.place, "place", (meeting.place,), "", meeting.country))
    merged: list[Entity] = []
    claimed: dict[tuple[str, str], int] = {}
    for entity in base:
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
    return Gazetteer(merged, reference.demonyms, meetings)


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
    """The extractor's gazetteer as editors left it: the actors with their aliases and terms of
    office, the places, the topics and the calendar of known meetings, all from the database,
    over the shipped countries, capitals, organisations and demonyms."""
    from django.db.models import Prefetch

    from events.models import Actor, Place, Topic
    from events.models import KnownMeeting as MeetingRow
    from events.models import Term as TermRow

    codes = reference_data().country_codes()
    people: list[Entity] = []
    local: list[Entity] = []
    # Rows in the order they were created (the shipped gazetteer's actors, then the reference
    # files' people and meetings in file order), so that ties fall as in the shipped gazetteer.
    by_creation = Prefetch("terms", queryset=TermRow.objects.order_by("pk"))
    for actor in Actor.objects.prefetch_related(by_creation).order_by("pk"):
        terms = tuple(Term(t.office, t.title, t.country, t.start, t.end) for t in actor.terms.all())
        roles = (part for role in (actor.role, _role(terms)) for part in role.split("; "))
        role = "; ".join(dict.fromkeys(r for r in roles if r))
        country = codes.get(fold(actor.country).casefold(), "")
        entity = Entity(actor.name, actor.kind, tuple(actor.names()), role, country, terms)
        (people if actor.kind == Actor.Kind.PERSON else local).append(entity)
    local += [Entity(p.name, "place", tuple(p.names())) for p in Place.objects.all()]
    local += [Entity(t.name, "topic", tuple(t.names())) for t in Topic.objects.all()]
    calendar = [m.as_known_meeting() for m in MeetingRow.objects.order_by("pk")]
    return build_gazetteer(local, people=people, calendar=calendar)
