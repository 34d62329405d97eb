"""Build cast packs for the fandoms most frequent in ../shared/data/ao3/labels.csv.

``python scripts/build_cast_packs.py [--out DIR] [--train-only]``

Only names go into a pack (canonical AO3 character tags are facts, the works are
not copied): for each fandom family below, the character tags authors used on
works of that family alone, with first names and surnames derived from the tag;
``ships`` lists the relationship tags seen, so pairings come out in AO3's spelling.
``--train-only`` uses the training split only (to measure character recall on works
whose tags did not build the pack). The Grey's Anatomy pack is written by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.characters.cast_packs import NOT_PEOPLE, derive_names  # noqa: E402
from ficlens.eval.ao3 import default_data_dir, load_labels, split  # noqa: E402

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


def family_of(fandoms: list[str]) -> set[str]:
    out = set()
    for f in fandoms:
        for fam, keys in FAMILIES.items():
            if any(k.lower() in f.lower() for k in keys):
                out.add(fam)
    return out


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "ficlens" / "characters" / "packs")
    ap.add_argument("--train-only", action="store_true")
    args = ap.parse_args()
    rows = load_labels(args.data)
    if args.train_only:
        rows = split(rows)[0]
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
    args.out.mkdir(parents=True, exist_ok=True)
    for fam in FAMILIES:
        if not chars[fam]:
            continue
        lines = [f"# {fam}: built by scripts/build_cast_packs.py from the character tags of "
                 f"{sum(tags[fam].values())} AO3 work(s)", f"fandom = {q(fam)}",
                 "tags = [" + ", ".join(q(t) for t, _ in tags[fam].most_common()) + "]"]
        known = set(chars[fam])
        good_ships = [s for s, _ in ships[fam].most_common()
                      if all(p.strip() in known for p in re.split(r"/| & ", s))]
        lines.append("ships = [" + ", ".join(q(s) for s in good_ships) + "]")
        for c, _n in sorted(chars[fam].items(), key=lambda kv: (-kv[1], kv[0])):
            d = derive_names(c)
            lines += ["", "[[character]]", f"tag = {q(c)}"]
            for key in ("names", "first", "surnames", "titles"):
                if d[key]:
                    lines.append(f"{key} = [" + ", ".join(q(x) for x in d[key]) + "]")
            if c in EXTRA_NICKNAMES:
                lines.append("nicknames = [" + ", ".join(q(x) for x in EXTRA_NICKNAMES[c]) + "]")
        (args.out / f"{slug(fam)}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{fam}: {len(chars[fam])} characters, {len(good_ships)} ships")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
