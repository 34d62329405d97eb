"""``ficlens eval pdnc``: speaker attribution on the Project Dialogism Novel Corpus.

Runs our pipeline on each PDNC novel, writes one JSONL of {start, end, speaker} per
novel (the speaker string is the name the text knows the character by, see
``display_names``), scores it with the reference scorer ``../shared/tools/pdnc_score.py``
(strict name rules) in a subprocess, and prints BookNLP-big's predictions on the
same novels, scored by the same scorer, beside ours. Also reports addressee
accuracy against PDNC's ``addressees`` column.

Leave-novels-out: the shipped speaker model was trained on every PDNC novel, so
each novel is attributed with the weights of the cross-validation fold that did not
see it (stored in the model file as ``folds``; see ``scripts/train_speakers.py``).
``--gold-quotes`` attributes PDNC's own quotation spans with PDNC's cast (oracle
quotes and characters, for development).

Two groups (``pdnc_split.json``): 15 development novels and 5 held-out novels drawn
once by a seeded rule before the coreference work of issue #12; scores are reported
for each group separately. Beside the strict score (the speaker string is the name we
show), a right-person score writes, for each of our characters, the PDNC character its
names and aliases resolve to (:func:`person_map`), so the display-name policy does not
decide it.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..document import Character, Document, Quote, Source, Utterance
from ..errors import ConfigError
from ..titles import HONORIFICS
from .data import data_dir, default_root, tools_dir

csv.field_size_limit(1 << 30)

DEFAULT_DATA = default_root() / "pdnc"
DEFAULT_SCORER = tools_dir(default_root()) / "pdnc_score.py"
STAGE_SECONDS = [0.0]  # time spent in the speakers and pov stages (end-to-end mode)
_MARKS = "\"'\u201c\u201d\u2018\u2019`\u00ab\u00bb"


@dataclass(frozen=True)
class GoldQuote:
    id: str
    spans: tuple[tuple[int, int], ...]
    speaker: str
    addressees: tuple[str, ...]
    type: str


@dataclass(frozen=True)
class Novel:
    name: str
    text: str
    quotes: tuple[GoldQuote, ...]
    characters: tuple[Character, ...]  # ids "c<PDNC id>", name = PDNC main name


def _literal_list(raw: str) -> list[str]:
    raw = (raw or "").strip()
    if not raw or raw.lower() == "nan":
        return []
    try:
        v = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return [raw]
    return [v] if isinstance(v, str) else [str(x) for x in v]


def novel_names(data: Path = DEFAULT_DATA) -> list[str]:
    d = data / "novels"
    return sorted(p.name for p in d.iterdir() if (p / "quotation_info.csv").is_file()) if d.is_dir() else []


def load_novel(name: str, data: Path = DEFAULT_DATA) -> Novel:
    """One PDNC novel: text, gold quotations and the annotated cast."""
    d = data / "novels" / name
    if not (d / "novel_text.txt").is_file():
        raise ConfigError(f"{d}: no PDNC novel there")
    text = (d / "novel_text.txt").read_text(encoding="utf-8")
    chars = []
    with open(d / "character_info.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            g = {"M": "male", "F": "female"}.get((r.get("Gender") or "").strip().upper()[:1])
            main = r["Main Name"].strip()
            aliases = tuple(sorted({a.strip() for a in _literal_list(r.get("Aliases", "")) if a.strip()} - {main}))
            chars.append(Character(id=f"c{r['Character ID'].strip()}", name=main, aliases=aliases, gender=g))
    quotes = []
    with open(d / "quotation_info.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            spans = tuple((int(a), int(b)) for a, b in ast.literal_eval(r["quoteByteSpans"]))
            quotes.append(GoldQuote(r["quoteID"], spans, r["speaker"].strip(),
                                    tuple(_literal_list(r.get("addressees", ""))), (r.get("quoteType") or "").strip()))
    return Novel(name, text, tuple(quotes), tuple(chars))


class NameResolver:
    """Maps a speaker string to a PDNC character id (main name first, then unique alias)."""

    def __init__(self, characters: tuple[Character, ...]) -> None:
        self.main: dict[str, str] = {}
        alias: dict[str, set[str]] = {}
        for c in characters:
            self.main.setdefault(_norm(c.name), c.id)
            for a in (c.name, *c.aliases):
                alias.setdefault(_norm(a), set()).add(c.id)
        self.alias = {k: next(iter(v)) for k, v in alias.items() if len(v) == 1}

    def __call__(self, name: str | None) -> str | None:
        k = _norm(name or "")
        return self.main.get(k) or self.alias.get(k)


def _norm(s: str) -> str:
    s = s.casefold()
    s = "".join("" if ch in "'\u2019\u2018`" else (ch if ch.isalnum() else " ") for ch in s)
    return " ".join(s.split())


def _with_marks(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a gold span (PDNC spans mostly exclude the marks) to include them."""
    if s > 0 and text[s - 1] in _MARKS:
        s -= 1
    if e < len(text) and text[e] in _MARKS:
        e += 1
    return s, e


def gold_document(novel: Novel) -> Document:
    """A document carrying PDNC's quotation spans and cast (oracle inputs)."""
    text = novel.text
    quotes: list[Quote] = []
    utts: list[Utterance] = []
    order = sorted(range(len(novel.quotes)), key=lambda i: novel.quotes[i].spans[0])
    for uid, gi in enumerate(order):
        g = novel.quotes[gi]
        idx = []
        for s, e in sorted(g.spans):
            s2, e2 = _with_marks(text, s, e)
            idx.append(len(quotes))
            quotes.append(Quote(s2, e2, text[s:e], uid))
        utts.append(Utterance(uid, tuple(idx)))
    return Document(text=text, source=Source(path=None, format="text"), quotes=tuple(quotes),
                    utterances=tuple(utts), characters=novel.characters)


def gold_order(novel: Novel) -> list[int]:
    """Gold quote indices in the order :func:`gold_document` gives utterances."""
    return sorted(range(len(novel.quotes)), key=lambda i: novel.quotes[i].spans[0])


SPLIT_PATH = Path(__file__).with_name("pdnc_split.json")


def heldout_novels() -> list[str]:
    """The 5 held-out PDNC novels (never tuned on; see ``pdnc_split.json``)."""
    return list(json.loads(SPLIT_PATH.read_text(encoding="utf-8"))["heldout"])


def person_map(novel: Novel, doc: Document) -> dict[str, str]:
    """Our character id -> the PDNC main name of the person all its names point to.

    The character's ``name`` is tried first (main name, or an alias of one PDNC
    character), then every alias and every name form the text uses for it: the PDNC
    character most of them resolve to uniquely wins (ties: none)."""
    from collections import Counter

    res = NameResolver(novel.characters)
    main = {c.id: c.name for c in novel.characters}
    forms: dict[str, Counter[str]] = {}
    for m in doc.mentions:
        if m.character is not None and m.kind == "name":
            forms.setdefault(m.character, Counter())[" ".join(doc.text[m.start:m.end].split())] += 1
    out: dict[str, str] = {}
    for c in doc.characters:
        pid = res(c.name)
        if pid is None:
            votes: Counter[str] = Counter()
            for a in c.aliases:
                r = res(a)
                if r:
                    votes[r] += 1
            for f, n in forms.get(c.id, Counter()).items():
                r = res(f)
                if r:
                    votes[r] += n
            top = votes.most_common(2)
            if top and (len(top) == 1 or top[0][1] > top[1][1]):
                pid = top[0][0]
        if pid is not None:
            out[c.id] = main[pid]
    return out


def _fold_of(name: str) -> str | None:
    from ..speakers.model import MODEL_PATH

    try:
        meta = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for fold, info in meta.get("folds", {}).items():
        if name in info.get("test_novels", []):
            return fold
    return None


def display_names(doc: Document, policy: str = "known") -> dict[str, str]:
    """The string written for each character; none of the policies reads gold data.

    "known" (the default) writes the name the text knows the character by:
    ``Character.name`` (the fullest proper name the text gives, see
    ``characters.aliases.character_name``), except that a given name with a surname
    the narration writes bare fewer than three times, beside the given name used alone
    at least as often, gives way to the given name ("Elizabeth", written 620 times,
    rather than "Elizabeth Bennet", written twice), and a full name the text only
    writes with its title is written with it ("Mr. Thomas Marvel"). The product keeps the full name
    on show; the scorer, like a reader, accepts the name the book uses.
    "name" writes ``Character.name`` unchanged. "frequent" writes the form the text
    uses most, as the BookNLP predictions name characters, for comparison.
    """
    names = {c.id: c.name for c in doc.characters}
    if policy == "name":
        return names
    counts: dict[str, dict[str, int]] = {}
    for m in doc.mentions:
        if m.character is not None and m.kind == "name":
            form = " ".join(doc.text[m.start:m.end].split())
            if form[:1].isupper():
                d = counts.setdefault(m.character, {})
                d[form] = d.get(form, 0) + 1
    for cid, d in counts.items():
        if cid not in names:
            continue
        if policy == "frequent":
            names[cid] = max(d, key=lambda f: (d[f], len(f), f))
            continue
        words = names[cid].split()
        bare = d.get(names[cid], 0)
        if len(words) < 2 or words[0].lower().rstrip(".") in TITLE_WORDS or bare >= BARE_FULL_NAME_USES:
            continue
        if d.get(words[0], 0) >= max(1, bare):
            names[cid] = words[0]
            continue
        # never written bare, always with its title: write it as the text does
        # ("Mr. Thomas Marvel", "Mr. E. W. B. Childers")
        titled = {f: n for f, n in d.items() if f.endswith(" " + names[cid]) and n > bare}
        if titled:
            names[cid] = max(titled, key=lambda f: (titled[f], f))
    return names


# A full name written bare this often is how the text knows the person ("known" policy).
BARE_FULL_NAME_USES = 3
# Words that make a name a title-and-name ("Lady Catherine", "the Colonel"), not a given name.
TITLE_WORDS = frozenset(HONORIFICS) | {"the"}


def predict_novel(novel: Novel, gold_quotes: bool, fold: str | None,
                  policy: str = "known") -> tuple[list[dict], Document]:
    """Run attribution on one novel; returns scorer rows and the final document.

    Each row also carries ``person``: the PDNC main name our speaker maps to
    (:func:`person_map`), for the right-person score."""
    from ..speakers import predict
    from ..speakers.model import load_weights

    weights = load_weights(None, fold)
    if gold_quotes:
        doc = gold_document(novel)
        from ..segment import segment

        doc = segment(doc)
        t0 = time.perf_counter()
        doc, decisions = predict(doc, weights)
        STAGE_SECONDS[0] += time.perf_counter() - t0
        speakers = [d.speaker for d in decisions]
    else:
        from ..pipeline import run_stages
        from ..read import read_text

        doc = read_text(novel.text, name=novel.name)
        doc = run_stages(doc, until="coref")
        t0 = time.perf_counter()
        doc, decisions = predict(doc, weights)
        from ..pov import find_pov

        find_pov(doc)
        STAGE_SECONDS[0] += time.perf_counter() - t0
        speakers = [d.speaker for d in decisions]
    names = display_names(doc, "name" if gold_quotes else policy)
    persons = person_map(novel, doc)
    rows = []
    for u, spk in zip(doc.utterances, speakers, strict=True):
        for qi in u.quotes:
            q = doc.quotes[qi]
            rows.append({"start": q.start, "end": q.end, "speaker": names.get(spk or "", ""),
                         "person": persons.get(spk or "", "")})
    from dataclasses import replace

    doc = doc.evolve(utterances=tuple(
        replace(u, speaker=d.speaker, addressees=d.addressees, kind=d.kind, confidence=d.confidence)
        for u, d in zip(doc.utterances, decisions, strict=True)))
    return rows, doc


def addressee_counts(novel: Novel, doc: Document, names: dict[str, str]) -> tuple[int, int]:
    """(gold quotes with addressees whose matched utterance has a right addressee, gold quotes with addressees).

    ``names`` are the strings written for our characters (as for speakers); they are
    resolved to PDNC characters with the scorer's strict rules."""
    resolve = NameResolver(novel.characters)
    # map each gold quote to the predicted utterance overlapping its first span most
    spans = sorted((doc.quotes[qi].start, doc.quotes[qi].end, u.addressees)
                   for u in doc.utterances for qi in u.quotes)
    import bisect

    starts = [s for s, _, _ in spans]
    good = total = 0
    for g in novel.quotes:
        gold = {resolve(a) for a in g.addressees} - {None}
        if not gold:
            continue
        total += 1
        s, e = g.spans[0]
        k = bisect.bisect_right(starts, e) - 1
        best = None
        for j in range(k, max(k - 6, -1), -1):
            ov = min(e, spans[j][1]) - max(s, spans[j][0])
            if ov > 0 and (best is None or ov > best[0]):
                best = (ov, spans[j][2])
        if best and any(resolve(names.get(a, "")) in gold for a in best[1]):
            good += 1
    return good, total


def _score(scorer: Path, data: Path, pred_dir: Path, novels: list[str]) -> dict:
    cmd = [sys.executable, str(scorer), "--pdnc", str(data / "novels"), "--pred", str(pred_dir),
           "--novels", ",".join(novels), "--json", "--allow-missing"]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise ConfigError(f"scorer failed: {res.stderr.strip().splitlines()[-1] if res.stderr.strip() else res.returncode}")
    return json.loads(res.stdout)


def _row(label: str, m: dict) -> str:
    bt = m["by_type"]
    return (f"{label:40s} {m['n_gold']:6d} {100 * m['f1']:6.1f} {100 * m['acc_all']:6.1f} {100 * m['acc_found']:6.1f} "
            + " ".join(f"{100 * bt[t]['acc_all']:6.1f}" for t in ("Explicit", "Anaphoric", "Implicit")))


def _write(out: Path, name: str, rows: list[dict], key: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"start": r["start"], "end": r["end"], "speaker": r[key]}) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ficlens eval pdnc", description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="the shared data folder or its pdnc/ (default: $FICLENS_DATA or ../shared/data)")
    ap.add_argument("--scorer", type=Path, help="pdnc_score.py (default: tools/ beside the data)")
    ap.add_argument("--novels", default="all",
                    help="comma list of novel folder names, 'dev' (the 15 development novels), "
                         "'heldout' (the 5 held-out ones, see pdnc_split.json) or 'all'")
    ap.add_argument("--gold-quotes", action="store_true", help="oracle quotation spans and cast (development)")
    ap.add_argument("--no-folds", action="store_true",
                    help="use the shipped all-novel model (scores on trained novels: NOT held-out)")
    ap.add_argument("--names", choices=["known", "name", "frequent"], default="known",
                    help="speaker string written for the scorer: the name the text knows the character "
                         "by (default; Character.name unless its full name is rarely written), "
                         "Character.name as the product shows it, or the character's most frequent "
                         "name form (like the BookNLP predictions)")
    ap.add_argument("--out", type=Path, help="keep prediction JSONL files here")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    args.data = data_dir(args.data, "pdnc", "novels")
    if args.scorer is None:
        args.scorer = tools_dir(args.data) / "pdnc_score.py"
    if not args.data.is_dir():
        raise ConfigError(f"{args.data}: PDNC data not found")
    every = novel_names(args.data)
    held = set(heldout_novels())
    if args.novels in ("all", "dev", "heldout"):
        names = [n for n in every if args.novels == "all" or (n in held) == (args.novels == "heldout")]
    else:
        names = [n.strip() for n in args.novels.split(",") if n.strip()]
    out = args.out or Path(tempfile.mkdtemp(prefix="ficlens-pdnc-"))
    addr: dict[str, list[int]] = {"dev": [0, 0], "heldout": [0, 0]}
    words = 0
    t_attr = 0.0
    for name in names:
        novel = load_novel(name, args.data)
        fold = None if args.no_folds else _fold_of(name)
        t0 = time.perf_counter()
        rows, doc = predict_novel(novel, args.gold_quotes, fold, args.names)
        t_attr += time.perf_counter() - t0
        words += len(novel.text.split())
        _write(out, name, rows, "speaker")
        _write(out / "person", name, rows, "person")
        g, t = addressee_counts(novel, doc, display_names(doc, "name" if args.gold_quotes else args.names))
        grp = addr["heldout" if name in held else "dev"]
        grp[0] += g
        grp[1] += t
        print(f"  {name}: {len(rows)} quotation spans, fold {fold or 'none'}", file=sys.stderr)
    bnlp_dir = args.data / "booknlp_big_predictions"
    groups = {"dev": [n for n in names if n not in held], "heldout": [n for n in names if n in held]}
    result: dict = {"novels": names, "gold_quotes": args.gold_quotes, "seconds": t_attr, "words": words,
                    "split": sorted(held), "groups": {}}
    for gname, gnovels in groups.items():
        if not gnovels:
            continue
        ours = _score(args.scorer, args.data, out, gnovels)
        person = _score(args.scorer, args.data, out / "person", gnovels)
        common = [n for n in gnovels if (bnlp_dir / f"{n}.jsonl").is_file()]
        theirs = _score(args.scorer, args.data, bnlp_dir, common) if common else None
        ours_common = _score(args.scorer, args.data, out, common) if common and common != gnovels else ours
        person_common = (_score(args.scorer, args.data, out / "person", common)
                         if common and common != gnovels else person)
        a_good, a_total = addr[gname]
        result["groups"][gname] = {
            "novels": gnovels, "ficlens": ours["micro"], "ficlens_right_person": person["micro"],
            "booknlp_novels": common, "ficlens_on_booknlp_novels": ours_common["micro"],
            "ficlens_right_person_on_booknlp_novels": person_common["micro"],
            "booknlp_big": theirs["micro"] if theirs else None,
            "addressee_accuracy": a_good / a_total if a_total else 0.0, "addressee_n": a_total,
            "per_novel": {n: m["acc_all"] for n, m in ours["novels"].items()},
            "per_novel_right_person": {n: m["acc_all"] for n, m in person["novels"].items()}}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    mode = "oracle quotes + cast" if args.gold_quotes else "end to end"
    shown = "PDNC main name" if args.gold_quotes else args.names
    print(f"PDNC speaker attribution ({mode}; speaker string = {shown}; "
          f"leave-novels-out folds{' OFF' if args.no_folds else ''}); Acc = over all gold quotes")
    for gname, r in result["groups"].items():
        n = len(r["novels"])
        print(f"\n== {gname} ({n} novels{': ' + ', '.join(r['novels']) if gname == 'heldout' else ''})")
        print(f"{'system':40s} {'gold':>6s} {'qF1':>6s} {'Acc':>6s} {'AccF':>6s} {'Exp':>6s} {'Ana':>6s} {'Imp':>6s}")
        print(_row(f"ficlens strict ({n})", r["ficlens"]))
        print(_row(f"ficlens right-person ({n})", r["ficlens_right_person"]))
        if r["booknlp_big"]:
            k = len(r["booknlp_novels"])
            if k != n:
                print(_row(f"ficlens strict ({k} BookNLP novels)", r["ficlens_on_booknlp_novels"]))
                print(_row(f"ficlens right-person ({k} BookNLP novels)", r["ficlens_right_person_on_booknlp_novels"]))
            print(_row(f"BookNLP-big strict ({k} novels)", r["booknlp_big"]))
        for nv in r["novels"]:
            print(f"  {nv:38s} strict {100 * r['per_novel'][nv]:5.1f}  right-person "
                  f"{100 * r['per_novel_right_person'][nv]:5.1f}")
        print(f"addressee accuracy (some predicted addressee in gold set): "
              f"{100 * r['addressee_accuracy']:.1f}% of {r['addressee_n']}")
    print(f"\npipeline time {t_attr:.1f}s for {words:,} words; speakers+pov stages {STAGE_SECONDS[0]:.2f}s "
          f"({words / max(STAGE_SECONDS[0], 1e-9):,.0f} words/s); predictions in {out}")
    return 0
