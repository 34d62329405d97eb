"""Build cast packs from AO3 authors' tags (``scripts/build_cast_packs.py``, ``eval ao3``).

Only names go into a pack (canonical AO3 character tags are facts, the works are
not copied): for each fandom family below, the character tags authors used on
works of that family alone, with first names and surnames derived from the tag;
``ships`` lists the relationship tags seen, most used first, so pairings come out
in AO3's spelling. Why a library module and not only a script: ``ficlens eval ao3``
on the held-out split builds packs from the training works' tags on the fly, so
that no held-out work's own tags are in the packs it is measured with.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..characters.cast_packs import NOT_PEOPLE, PACKS_DIR, derive_names, display_name

# family name -> substrings of the AO3 fandom tags that belong to it
FAMILIES: dict[str, tuple[str, ...]] = {
    "The Hunger Games": ("Hunger Games",),
    "American Gods": ("American Gods",),
    "Graceling Realm": ("Kristin Cashore", "Graceling", "Bitterblue", "Seven Kingdoms"),
    "Howl's Moving Castle": ("Howl",),
    "The Umbrella Academy": ("Umbrella Academy",),
    "Pacific Rim": ("Pacific Rim",),
    "Marvel Cinematic Universe": ("Marvel Cinematic Universe", "Captain America",
                                  "Avengers (Marvel", "Thor (Movies)", "Iron Man (Movies)"),
    "Leverage": ("Leverage",),
    "Black Panther": ("Black Panther",),
    "Neverwhere": ("Neverwhere",),
    "Supernatural": ("Supernatural",),
    "The Hitchhiker's Guide to the Galaxy": ("Hitchhiker",),
    "The Giver": ("Giver",),
    "The Addams Family": ("Addams",),
    "Ms. Marvel": ("Ms. Marvel",),
    "The Perks of Being a Wallflower": ("Perks of Being",),
    "Vagrant Queen": ("Vagrant Queen",),
    "Once Upon a Time": ("Once Upon a Time",),
    "The Night Circus": ("Night Circus",),
    "Matilda": ("Matilda",),
    "Wayfarers": ("Wayfarers",),
    "Peter Pan": ("Peter Pan",),
}
# nicknames the tags do not spell out (names only, from the canon)
EXTRA_NICKNAMES = {
    "Number Five | The Boy (Umbrella Academy)": ["Five"],
    "Katniss Everdeen": ["Catnip"],
    "Primrose Everdeen": ["Prim"],
    "Haymitch Abernathy": ["Haymitch"],
}


def family_of(fandoms: Sequence[str]) -> set[str]:
    """The fandom families whose keys occur in a work's fandom tags."""
    out = set()
    for f in fandoms:
        for fam, keys in FAMILIES.items():
            if any(k.lower() in f.lower() for k in keys):
                out.add(fam)
    return out


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def build_packs(rows: Sequence[dict[str, Any]], out: Path,
                hand_written_from: Path | None = PACKS_DIR) -> list[str]:
    """Write one pack per family with tagged characters into ``out``; return summaries.

    Packs in ``hand_written_from`` that no family builds (Grey's Anatomy, written by
    hand from the canon, not from these labels) are copied along, so ``out`` is a
    complete packs directory.
    """
    chars: dict[str, Counter[str]] = defaultdict(Counter)
    ships: dict[str, Counter[str]] = defaultdict(Counter)
    tags: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        fams = family_of(r["fandoms"])
        if len(fams) != 1:
            continue  # crossovers would mix casts
        fam = fams.pop()
        for f in r["fandoms"]:
            if any(k.lower() in f.lower() for k in FAMILIES[fam]):
                tags[fam][f] += 1
        for c in r["characters"]:
            if not NOT_PEOPLE.search(c):
                chars[fam][c] += 1
        for s in r["relationships"]:
            ships[fam][s] += 1
    out.mkdir(parents=True, exist_ok=True)
    summary = []
    for fam in FAMILIES:
        if not chars[fam]:
            continue
        lines = [f"# {fam}: built by scripts/build_cast_packs.py from the character tags of "
                 f"{sum(tags[fam].values())} AO3 work(s)", f"fandom = {_q(fam)}",
                 "tags = [" + ", ".join(_q(t) for t, _ in tags[fam].most_common()) + "]"]
        # a ship's people must be the fandom's characters; "Parker & Eliot Spencer"
        # names "Parker (Leverage)" without AO3's disambiguator, and counts; the
        # reader of a second-person story is "Reader" or "You"
        known = {display_name(c) for c in chars[fam]} | {"Reader", "You"}
        good_ships = [(s, n) for s, n in ships[fam].most_common()
                      if all(display_name(p.strip()) in known for p in re.split(r"/| & ", s))]
        lines.append("ships = [" + ", ".join(_q(s) for s, _n in good_ships) + "]")
        lines.append("ship_counts = [" + ", ".join(str(n) for _s, n in good_ships) + "]")
        for c, _n in sorted(chars[fam].items(), key=lambda kv: (-kv[1], kv[0])):
            d = derive_names(c)
            lines += ["", "[[character]]", f"tag = {_q(c)}"]
            for key in ("names", "first", "surnames", "titles"):
                if d[key]:
                    lines.append(f"{key} = [" + ", ".join(_q(x) for x in d[key]) + "]")
            if c in EXTRA_NICKNAMES:
                lines.append("nicknames = [" + ", ".join(_q(x) for x in EXTRA_NICKNAMES[c]) + "]")
        (out / f"{slug(fam)}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        summary.append(f"{fam}: {len(chars[fam])} characters, {len(good_ships)} ships")
    if hand_written_from is not None and hand_written_from.resolve() != out.resolve():
        built = {f"{slug(f)}.toml" for f in FAMILIES}
        for p in sorted(hand_written_from.glob("*.toml")):
            if p.name not in built:
                shutil.copyfile(p, out / p.name)
    return summary


FOLDS = 5
FOLD_SEED = 7


def folds(rows: Sequence[dict[str, Any]], k: int = FOLDS, seed: int = FOLD_SEED) -> list[int]:
    """A fold number for each row (same rows, same folds).

    Why: tuning anything on the training split must not see a work's own tags in the
    packs it is measured with; ``ficlens eval ao3 --split train --packs folds``
    measures each work with packs built from the other folds' works only.
    """
    import random

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    out = [0] * len(rows)
    for pos, i in enumerate(order):
        out[i] = pos % k
    return out


def build_fold_packs(rows: Sequence[dict[str, Any]], out: Path) -> list[str]:
    """One packs directory per fold under ``out`` (``f0``, ``f1``...), each built from
    the other folds' rows; returns the directory of each row, in order."""
    assign = folds(rows)
    for k in range(max(assign, default=-1) + 1):
        build_packs([r for r, f in zip(rows, assign, strict=True) if f != k], out / f"f{k}")
    return [str(out / f"f{f}") for f in assign]
