"""The event kinds: one registry that the model's choices, detection, titles, confidence and
merging all read. A new kind is a new row here (and its trigger rules in a language bundle).

`role`: a *container* is an occasion people attend (call, meeting, summit); a *child* is
something done or said at one (pledge, agreement, statement) and is linked to the container it
was made in. `takes_part`: who the participants are: everyone named (`all`), the signatories or
deciders before the verb (`subjects`), or one speaker (`speaker`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class KindSpec:
    name: str
    label: str
    role: Literal["container", "child"]
    takes_part: Literal["all", "subjects", "speaker"]
    base_confidence: float
    # Kinds that reports of the same real event may be given ("talks" reported as a meeting by
    # one source, the summit reported as a meeting of leaders by another).
    also: tuple[str, ...] = ()
    # Reports of this kind are dated by their own words only (each rule may ask the same).
    needs_own_date: bool = False
    # How a title reads, with several participants and with one: {first} is the first named,
    # {others} the rest, {all} all of them (short names, joined "A, B and C"), {place} " in X"
    # where known, {phrase} the report's own words from its verb on. A summit is its name.
    title_many: str = "{all} {phrase}"
    title_one: str = "{all} {phrase}"
    # ... and when the report's own words do not read after the names
    title_plain: str = "{all}"


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        "call", "Call", "container", "all", 0.6, also=("meeting",),
        title_many="{all} speak by phone", title_one="Call with {all}",
    ),
    KindSpec(
        "meeting", "Meeting", "container", "all", 0.55, also=("call", "summit"),
        title_many="{first} meets {others}{place}", title_one="Meeting with {all}{place}",
    ),
    KindSpec("summit", "Summit", "container", "all", 0.6, also=("meeting",)),
    KindSpec(
        "pledge", "Pledge", "child", "speaker", 0.5, also=("statement",),
        title_plain="Pledge by {all}",
    ),
    KindSpec(
        "agreement", "Agreement", "child", "subjects", 0.55, also=("other",),
        title_plain="Agreement of {all}",
    ),
    KindSpec(
        "statement", "Statement", "child", "speaker", 0.4, also=("pledge", "other"),
        title_plain="Statement by {all}",
    ),
    KindSpec(
        "other", "Other", "child", "subjects", 0.45, also=("agreement", "statement"),
        title_plain="{all}",
    ),
)  # fmt: skip
BY_NAME: dict[str, KindSpec] = {k.name: k for k in KINDS}
CONTAINER_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if k.role == "container")
CHILD_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if k.role == "child")
DEFAULT_KIND = "other"


def known_kind(name: str) -> str | None:
    """The registered kind of that name, or None (callers drop or map unknown kinds)."""
    return name if name in BY_NAME else None


def compatible(a: str, b: str) -> bool:
    """Whether two reports' kinds may describe one real event."""
    return a == b or b in BY_NAME[a].also or a in BY_NAME[b].also
