"""Cast: person mentions, aliases clustered into characters, pronouns.

``find_characters`` finds proper-name mentions (``mentions.py``), groups them into
characters (``aliases.py``), gives each its pronouns (``pronouns.py``) and numbers
the characters c1, c2, ... by how often they are named.
"""

from __future__ import annotations

from ..document import Character, Document, Mention
from .aliases import build_forms, cluster_forms, rescue
from .cast_packs import apply_cast_pack
from .mentions import find_name_mentions
from .pronouns import decide, pronoun_votes


def find_characters(doc: Document) -> Document:
    """Add name mentions and the characters they belong to."""
    accepted, rejected, stats = find_name_mentions(doc.text)
    names = accepted + rescue(doc.text, accepted, rejected, stats)
    clusters = cluster_forms(build_forms(names, doc.text), doc.text, stats.lower)
    clusters.sort(key=lambda c: (-sum(f.count for f in c.forms),
                                 min(f.mentions[0].start for f in c.forms)))
    characters = []
    mentions = []
    for i, cluster in enumerate(clusters, 1):
        cid = f"c{i}"
        gender, pronouns = decide(pronoun_votes(doc.text, list(cluster.forms)))
        aliases = tuple(dict.fromkeys(
            f.display for f in sorted(cluster.forms, key=lambda f: -f.count)
            if f.display != cluster.name and f.display not in cluster.variants))
        characters.append(Character(
            id=cid, name=cluster.name, aliases=aliases,
            mentions=sum(f.count for f in cluster.forms), pronouns=pronouns,
            variants=cluster.variants, gender=gender))
        mentions += [Mention(m.start, m.end, cid, "name") for f in cluster.forms for m in f.mentions]
    mentions.sort(key=lambda m: m.start)
    doc = doc.evolve(mentions=tuple(mentions), characters=tuple(characters))
    return apply_cast_pack(doc)
