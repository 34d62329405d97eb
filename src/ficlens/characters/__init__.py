"""Cast: person mentions, aliases clustered into characters, pronouns.

``find_characters`` finds proper-name mentions (``mentions.py``), groups them into
characters (``aliases.py``, which also chooses each one's name: the fullest proper
name the text gives), drops clusters that are no person (places, peoples, headings,
interjections: ``aliases.not_a_person``), gives each its pronouns (``pronouns.py``) and numbers the
characters c1, c2, ... by how often they are named. Unnamed people who speak again
and again ("said the mariner") are added after them, with "nominal" mentions.
"""

from __future__ import annotations

import re

from ..document import Character, Document, Mention
from ..titles import HONORIFICS
from .aliases import Form, build_forms, cluster_forms, not_a_person, rescue
from .cast_packs import apply_cast_pack
from .clustering import far_ahead
from .mentions import NameMention, find_name_mentions, speaking_roles
from .pronouns import PRONOUNS, decide, decide_weak, forget_votes, pronoun_votes, weak_votes


def find_characters(doc: Document) -> Document:
    """Add name mentions and the characters they belong to."""
    accepted, rejected, stats = find_name_mentions(doc.text)
    names = [m for m in accepted + rescue(doc.text, accepted, rejected, stats)
             if not is_byline(doc.text, m.start)]
    clusters = cluster_forms(build_forms(names, doc.text, stats.lower), doc.text, stats.lower)
    clusters = [c for c in clusters if not not_a_person(c.forms, doc.text, stats.lower)]
    clusters.sort(key=lambda c: (-sum(f.count for f in c.forms),
                                 min(f.mentions[0].start for f in c.forms)))
    characters = []
    mentions = []
    for i, cluster in enumerate(clusters, 1):
        cid = f"c{i}"
        subject_votes: dict[tuple[int, int], str | None] = {}
        gender, pronouns = decide(pronoun_votes(doc.text, list(cluster.forms), subject_votes))
        if gender is None and pronouns is None:
            gender = decide_weak(weak_votes(doc.text, list(cluster.forms), subject_votes))
            pronouns = PRONOUNS.get(gender or "")
        aliases = tuple(dict.fromkeys(
            f.display for f in sorted(cluster.forms, key=lambda f: -f.count)
            if f.display != cluster.name and f.display not in cluster.variants))
        characters.append(Character(
            id=cid, name=cluster.name, aliases=aliases,
            mentions=sum(f.count for f in cluster.forms), pronouns=pronouns,
            variants=cluster.variants, gender=gender))
        mentions += [Mention(m.start, m.end, cid, "name") for f in cluster.forms for m in f.mentions]
    add_speaking_roles(doc, characters, mentions)
    forget_votes()  # (the votes remembered for this text are not needed after this)
    mentions.sort(key=lambda m: m.start)
    doc = doc.evolve(mentions=tuple(mentions), characters=tuple(characters))
    return apply_cast_pack(doc)


# How far into the text a title page may run ("The Project Gutenberg EBook of A
# Passage to India, by E. M. Forster").
BYLINE_REACH = 1000
_BY = re.compile(r"\bby[ \t]+(?:[A-Z]\.[ \t]*)*$", re.IGNORECASE)


def is_byline(text: str, start: int) -> bool:
    """Whether the name at ``start`` is the author's, in the title page's "by ...".

    Why: the author is no character, and a one-mention "M. Forster" at the top of the
    text took the pronouns of the first chapter and with them 22 of Aziz's lines."""
    return start < BYLINE_REACH and _BY.search(text, max(0, start - 20), start) is not None


def add_speaking_roles(doc: Document, characters: list[Character], mentions: list[Mention]) -> None:
    """Characters for unnamed people who speak again and again ("said the mariner").

    Their mentions are "nominal", so name-mention measures are unaffected; a role
    the cast already has by name ("the Chief") or whose words overlap a name mention
    is left alone. So is a bare person noun ("said the girl", "the son asked"):
    novelists use it for a person they have named ("the girl" for Adela, "the son"
    for George), and the coreference stage resolves it like a pronoun; a character
    of its own took her lines.
    """
    roles = speaking_roles(doc.text, sorted((q.start, q.end) for q in doc.quotes))
    if not roles:
        return
    from ..coref import PERSON_NOUNS

    known = {n.lower() for c in characters for n in (c.name, *c.aliases)}
    starts = sorted((m.start, m.end) for m in mentions)
    import bisect

    def free(s: int, e: int) -> bool:
        k = bisect.bisect_left(starts, (e, e))
        return not any(ms < e and s < me for ms, me in starts[max(0, k - 3):k])

    for words, spans in sorted(roles.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        low = words.lower()
        if low in known or low[4:] in known:
            continue
        if words == low and low[4:] in PERSON_NOUNS:
            continue  # "said the girl": coreference finds which girl (often a named one)
        spans = [(s, e) for s, e in spans if free(s, e)]
        if len(spans) < 2:
            continue
        holder = _title_holder(low[4:], characters)
        if holder is not None:  # "the general" is General Tilney when he is the only one
            mentions += [Mention(s, e, holder, "nominal") for s, e in spans]
            continue
        cid = f"c{len(characters) + 1}"
        form = Form(words, (), (), [NameMention(s, e, (), (), True) for s, e in spans])
        gender, pronouns = decide(pronoun_votes(doc.text, [form]))
        characters.append(Character(id=cid, name=words, mentions=len(spans),
                                    pronouns=pronouns, gender=gender))
        mentions += [Mention(s, e, cid, "nominal") for s, e in spans]


def _title_holder(word: str, characters: list[Character]) -> str | None:
    """The one character the cast names with this title ("General Tilney" for "the
    general"), or None when the word is no title or several people hold it. One
    holder named far more often than every other counts as the one ("General Tilney"
    named 24 times beside a "General Courteney" named once)."""
    if word not in HONORIFICS:
        return None
    holders = {c.id: c.mentions for c in characters for n in (c.name, *c.aliases)
               if len(n.split()) > 1 and n.split()[0].rstrip(".").lower() == word}
    return far_ahead(holders)
