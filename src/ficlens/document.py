"""The one document model that every stage reads and adds to.

Why one immutable model: every stage (segment, quotes, characters, speakers, pov,
relations, rating, proofread) works on character offsets into the same story text, so
results line up without re-tokenising, and no stage can silently change what an
earlier stage found. A stage takes a ``Document`` and returns a new one made with
:meth:`Document.evolve`, adding only its own fields.

All ``start``/``end`` pairs are Python string offsets into ``Document.text``,
``end`` exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

SCHEMA = "ficlens/1"


def frozen_mapping(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only view of a dict, so metadata cannot be changed after reading."""
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the story text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Note:
    """Something in the file that is not story: author's note, disclaimer, summary.

    ``kind`` is one of "summary", "note", "end_note", "chapter_note",
    "chapter_end_note", "disclaimer", "heading", "preface".
    ``chapter`` is the index of the chapter it belongs to, or None for the work.
    """

    kind: str
    text: str
    chapter: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where the text came from and what the file said about it besides the story."""

    path: str | None
    format: str  # "text", "html", "ao3-html", "epub", "ao3-epub", "fanficfare-epub", "docx"
    metadata: Mapping[str, Any] = field(default_factory=frozen_mapping)
    notes: tuple[Note, ...] = ()
    encoding: str | None = None

    def __post_init__(self) -> None:
        # Readers pass plain dicts; freeze them so nothing downstream edits the tags.
        if not isinstance(self.metadata, MappingProxyType):
            object.__setattr__(self, "metadata", frozen_mapping(self.metadata))
        if not isinstance(self.notes, tuple):
            object.__setattr__(self, "notes", tuple(self.notes))


@dataclass(frozen=True, slots=True)
class Chapter:
    start: int
    end: int
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    """A run of text between scene breaks; ``pov`` is a character id set by the pov stage."""

    start: int
    end: int
    chapter: int = 0
    pov: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation span, including its quotation marks.

    ``text`` is the words inside the marks. Spans of one utterance (a quotation split
    by a speech tag) share ``utterance``.
    """

    start: int
    end: int
    text: str
    utterance: int


@dataclass(frozen=True, slots=True)
class Utterance:
    """One thing said: one or more quote spans, a speaker and the people addressed.

    ``quotes`` are indices into ``Document.quotes``. ``speaker`` and ``addressees`` are
    character ids, filled by the speakers stage. ``kind`` says how the speaker was
    found ("explicit", "anaphoric", "implicit", or None before attribution).
    """

    id: int
    quotes: tuple[int, ...]
    speaker: str | None = None
    addressees: tuple[str, ...] = ()
    kind: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place where a character is named or referred to.

    ``kind``: "name" (a proper name or a title form such as "the Chief"),
    "pronoun", or "nominal". ``character`` is the character id or None when the
    mention is not resolved to anyone.
    """

    start: int
    end: int
    character: str | None
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class Character:
    """One person in the story, with every name the text uses for them.

    ``name`` is the fullest proper name in the text. ``aliases`` are the other forms
    used (nicknames, title forms, first names). ``variants`` are spellings of one
    name that differ only by a typo or a spelling choice ("Izzy"/"Izzie").
    ``pronouns`` is e.g. "he/him", "she/her", "they/them" or None when unknown.
    ``canonical`` is the fandom's canonical character tag when a cast pack knows it.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    pronouns: str | None = None
    variants: tuple[str, ...] = ()
    canonical: str | None = None
    gender: str | None = None  # "male", "female", "nonbinary", None


@dataclass(frozen=True, slots=True)
class Narration:
    person: str  # "first", "second", "third"
    pov: str | None = None  # character id of the main focal character or the narrator


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Interaction:
    """An edge of the character network (unordered pair a < b)."""

    a: str
    b: str
    cooccurrence: int = 0
    conversation: int = 0
    physical: int = 0
    romantic: float = 0.0
    platonic: float = 0.0


@dataclass(frozen=True, slots=True)
class Relationship:
    """A pairing in AO3 syntax: "A/B" romantic or sexual, "A & B" platonic."""

    tag: str
    characters: tuple[str, ...]
    kind: str  # "romantic" or "platonic"
    strength: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Rating:
    rating: str  # AO3 rating name
    scores: Mapping[str, float] = field(default_factory=frozen_mapping)
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Warning:
    warning: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Tags:
    fandoms: tuple[str, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    additional: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """A proofreading note. ``safe`` marks fixes that ``--fix`` may apply unattended."""

    start: int
    end: int
    kind: str
    message: str
    suggestions: tuple[str, ...] = ()
    safe: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """The story and everything found in it so far. Immutable: use :meth:`evolve`."""

    text: str
    source: Source
    chapters: tuple[Chapter, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Span, ...] = ()
    scenes: tuple[Scene, ...] = ()
    quotes: tuple[Quote, ...] = ()
    utterances: tuple[Utterance, ...] = ()
    mentions: tuple[Mention, ...] = ()
    characters: tuple[Character, ...] = ()
    narration: Narration | None = None
    interactions: tuple[Interaction, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    fandom: str | None = None
    rating: Rating | None = None
    warnings: tuple[Warning, ...] = ()
    tags: Tags | None = None
    proofread: tuple[Problem, ...] | None = None
    options: Mapping[str, Any] = field(default_factory=frozen_mapping)
    # Results of user stages (see ficlens.Pipeline.add_stage), by stage name; JSON-ready
    # values only. They reach the JSON as "extras": {name: value}.
    extras: Mapping[str, Any] = field(default_factory=frozen_mapping)

    def evolve(self, **changes: Any) -> Document:
        """A copy with some fields replaced; the original is left as it was."""
        return replace(self, **changes)

    def with_extra(self, name: str, value: Any) -> Document:
        """A copy with a user stage's result stored as ``extras[name]``."""
        return replace(self, extras=frozen_mapping({**self.extras, name: value}))

    def slice(self, span: Span | Quote | Mention | Evidence | Problem) -> str:
        return self.text[span.start : span.end]

    def character(self, char_id: str | None) -> Character | None:
        """The character with this id (linear scan; cast lists are small)."""
        if char_id is None:
            return None
        for c in self.characters:
            if c.id == char_id:
                return c
        return None

    @property
    def words(self) -> int:
        """Word count as AO3 counts it: runs of letters/digits with inner apostrophes."""
        from .segment import count_words

        return count_words(self.text)
