"""Run the whole ficlens pipeline over the shared corpora and report crashes and speed.

Why: every stage is tuned on a few texts; this catches the crashes, hangs and slow
stages that only show up on the long tail (698 AO3 works, PDNC and LitBank novels).

Each file runs in a child process forked from a warmed-up parent (models already
loaded), so a hang is killed after ``--timeout`` seconds and a crash cannot take the
run down. One JSON line per file goes to ``<out>/results.jsonl``; ``<out>/summary.md``
groups crashes by (stage, exception, location) and lists the slowest files and the
words/s of each stage.

    nice -n 10 .venv/bin/python scripts/qa_corpus.py --out /work/notes/qa
    nice -n 10 .venv/bin/python scripts/qa_corpus.py --sets ao3 --limit 20
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PKG = str(ROOT / "src" / "ficlens")
LITBANK_MUST = ("4300_ulysses", "766_david_copperfield", "599_vanity_fair")


def corpus(sets: list[str], litbank_n: int) -> list[tuple[str, Path]]:
    """(set name, path) for every file to run, in a stable order."""
    files: list[tuple[str, Path]] = []
    if "pdnc" in sets:
        files += [("pdnc", p) for p in sorted((DATA / "pdnc" / "novels").glob("*/novel_text.txt"))]
    if "litbank" in sets:
        by_size = sorted((DATA / "litbank" / "original").glob("*.txt"), key=lambda p: -p.stat().st_size)
        pick = [p for p in by_size if p.stem in LITBANK_MUST]
        # The largest ones plus an even spread over the rest, so both tails are covered.
        rest = [p for p in by_size if p not in pick]
        want = max(0, litbank_n - len(pick))
        top = rest[: want // 2]
        rest = rest[want // 2 :]
        step = max(1, len(rest) // max(1, want - len(top)))
        pick += top + rest[::step][: want - len(top)]
        files += [("litbank", p) for p in pick]
    if "ao3" in sets:
        files += [("ao3", p) for p in sorted((DATA / "ao3" / "works").glob("*.html"))]
    return files


def _location(exc: BaseException) -> str:
    """file:line of the deepest frame inside src/ficlens (where the bug most likely is)."""
    where = "?"
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(PKG):
            where = f"{os.path.relpath(frame.filename, ROOT / 'src')}:{frame.lineno}"
    return where


def run_one(path: Path) -> dict[str, Any]:
    """Read and analyse one file, timing each stage; never raises."""
    from ficlens import Analysis, Pipeline, load
    from ficlens.document import frozen_mapping

    rec: dict[str, Any] = {"path": str(path), "ok": False, "stages": {}, "cpu_stages": {},
                           "load_avg": os.getloadavg()[0]}
    stage = "read"
    t_all, c_all = time.perf_counter(), time.process_time()
    try:
        t, c = time.perf_counter(), time.process_time()
        doc = load(path)
        rec["stages"]["read"] = time.perf_counter() - t
        rec["cpu_stages"]["read"] = time.process_time() - c
        rec["words"] = doc.words
        rec["chars"] = len(doc.text)
        doc = doc.evolve(options=frozen_mapping({}))
        for step in Pipeline().stages:
            stage = step.name
            t, c = time.perf_counter(), time.process_time()
            doc = step(doc)
            rec["stages"][stage] = time.perf_counter() - t
            rec["cpu_stages"][stage] = time.process_time() - c
        # The reports are part of what a user runs: a renderer crash counts too.
        stage = "render"
        t, c = time.perf_counter(), time.process_time()
        analysis = Analysis(doc)
        json.loads(analysis.to_json())
        analysis.to_text()
        analysis.to_html()
        rec["stages"]["render"] = time.perf_counter() - t
        rec["cpu_stages"]["render"] = time.process_time() - c
        rec["ok"] = True
        rec["violations"] = invariant_errors(doc)
        rec["n_characters"] = len(doc.characters)
        rec["n_quotes"] = len(doc.quotes)
    except BaseException as exc:  # noqa: BLE001 - the point is to record anything
        rec["stage"] = stage
        rec["exc"] = type(exc).__name__
        rec["msg"] = str(exc).splitlines()[0][:200] if str(exc) else ""
        rec["where"] = _location(exc)
        rec["clean"] = type(exc).__module__.startswith("ficlens")
    rec["seconds"] = time.perf_counter() - t_all
    rec["cpu"] = time.process_time() - c_all
    return rec


def invariant_errors(doc: Any) -> list[str]:
    """Broken promises of the document model (offsets outside the text, dangling ids)."""
    errs: list[str] = []
    n = len(doc.text)
    spans: list[tuple[str, Any]] = [(f, s) for f in ("chapters", "paragraphs", "sentences", "tokens",
                                                     "scenes", "quotes", "mentions")
                                    for s in getattr(doc, f)]
    spans += [("proofread", p) for p in doc.proofread or ()]
    spans += [("relationship evidence", e) for r in doc.relationships for e in r.evidence]
    if doc.rating is not None:
        spans += [("rating evidence", e) for e in doc.rating.evidence]
    spans += [("warning evidence", e) for w in doc.warnings for e in w.evidence]
    for what, s in spans:
        if not 0 <= s.start <= s.end <= n:
            errs.append(f"{what} span {s.start}:{s.end} outside 0:{n}")
    for q in doc.quotes:
        if q.text not in doc.text[q.start:q.end]:
            errs.append(f"quote text not inside its span at {q.start}")
    ids = {c.id for c in doc.characters}
    if len(ids) != len(doc.characters):
        errs.append("duplicate character ids")
    for u in doc.utterances:
        if not all(0 <= i < len(doc.quotes) for i in u.quotes):
            errs.append(f"utterance {u.id} points at a missing quote")
        if u.speaker is not None and u.speaker not in ids:
            errs.append(f"utterance {u.id} speaker {u.speaker} is no character")
        if not set(u.addressees) <= ids:
            errs.append(f"utterance {u.id} addressee is no character")
    errs += [f"mention at {m.start} of unknown {m.character}" for m in doc.mentions
             if m.character is not None and m.character not in ids]
    errs += [f"scene pov {s.pov} is no character" for s in doc.scenes if s.pov is not None and s.pov not in ids]
    errs += [f"relationship {r.tag} names no character" for r in doc.relationships
             if not set(r.characters) <= ids]
    for a, b in zip(doc.paragraphs, doc.paragraphs[1:], strict=False):
        if a.end > b.start:
            errs.append(f"paragraphs overlap at {b.start}")
            break
    # one line per kind, so a systematic bug does not flood the record
    return list(dict.fromkeys(e.split(" at ")[0] if " at " in e else e for e in errs))[:10]


def _child(path: Path, conn: Any) -> None:
    try:
        conn.send(run_one(path))
    finally:
        conn.close()


def run_with_timeout(path: Path, timeout: float) -> dict[str, Any]:
    """run_one in a forked child; a child that overruns is killed and recorded as a hang."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(path, send))
    t = time.perf_counter()
    proc.start()
    send.close()
    rec = None
    if recv.poll(timeout):
        try:
            rec = recv.recv()
        except EOFError:
            rec = None
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if rec is None:
        elapsed = time.perf_counter() - t
        hung = elapsed >= timeout
        rec = {"path": str(path), "ok": False, "stages": {}, "seconds": elapsed,
               "stage": "?", "exc": "Timeout" if hung else f"ChildDied(rc={proc.exitcode})",
               "msg": f"no result after {timeout:.0f} s" if hung else "child exited without a result",
               "where": "?", "clean": False}
    return rec


WARM_TEXT = ("Chapter 1\n\n\u201cHello,\u201d said Anna Smith. Bob Jones smiled at her and kissed her. "
             "She recieved teh letter that seperate day; Anna\u2019s hands shook. \"Don't go,\" he whispered, "
             "and Anna said nothing.\n\n* * *\n\nBob Jones left the room. Izzie and Izzy laughed. Mr. Smith sighed.\n")


def warm_up(files: list[tuple[str, Path]] | None = None) -> dict[str, float]:
    """Load every model once in the parent so each forked child starts warm.

    Returns the seconds each stage took on that first, cold call: the one-off cost a
    single CLI run pays on top of the per-word rates in the summary.
    """
    try:
        rec = run_one_text(WARM_TEXT)
    except Exception as exc:  # noqa: BLE001 - a broken tree still gets per-file records
        print(f"qa_corpus: warm-up failed: {type(exc).__name__}: {exc} at {_location(exc)}", file=sys.stderr)
        return {}
    # Readers and lexicons load lazily (lxml for HTML, proofreading's affix flags): run the
    # first file of each set once too, so every child measures the steady state.
    for set_name in dict.fromkeys(s for s, _ in files or ()):
        run_one(next(p for s, p in files or () if s == set_name))
    return rec["stages"]


def run_one_text(text: str) -> dict[str, Any]:
    from ficlens import Analysis, Pipeline, load
    from ficlens.document import frozen_mapping

    out: dict[str, Any] = {"stages": {}}
    t = time.perf_counter()
    doc = load(text).evolve(options=frozen_mapping({}))
    out["stages"]["read"] = time.perf_counter() - t
    doc = Pipeline().run(doc, timings=out["stages"])
    t = time.perf_counter()
    analysis = Analysis(doc)
    analysis.to_json()
    analysis.to_text()
    analysis.to_html()
    out["stages"]["render"] = time.perf_counter() - t
    return out


def summarize(records: list[dict[str, Any]], cold: dict[str, float] | None = None, top: int = 15) -> str:
    """The markdown summary: crashes grouped, slowest files, words/s per stage."""
    lines = [f"# ficlens corpus QA ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
             "Each file runs in a child forked from a warmed parent, so model loading is not in "
             "the per-file times; 'crashes' are exceptions not from ficlens.errors.", ""]
    if cold:
        lines += ["Cold start (first call in a fresh process, a tiny text), seconds: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in cold.items())
                  + f"; total {sum(cold.values()):.2f}", ""]
    by_set: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_set[r["set"]].append(r)
    lines.append("| set | files | ok | clean errors | crashes | hangs | words | seconds | words/s |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for name, rs in by_set.items():
        ok = [r for r in rs if r["ok"]]
        hangs = sum(r.get("exc") == "Timeout" for r in rs)
        clean = sum(bool(r.get("clean")) for r in rs if not r["ok"])
        words = sum(r.get("words", 0) for r in ok)
        secs = sum(r["seconds"] for r in ok)
        lines.append(f"| {name} | {len(rs)} | {len(ok)} | {clean} | {len(rs) - len(ok) - clean - hangs} | "
                     f"{hangs} | {words} | {secs:.1f} | {words / secs if secs else 0:.0f} |")
    lines += ["", "## Failures grouped by (stage, exception, location)", ""]
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if not r["ok"]:
            groups[(r["stage"], r["exc"], r["where"])].append(r)
    if not groups:
        lines.append("None.")
    else:
        lines.append("| stage | exception | clean | location | count | example file | message |")
        lines.append("|---|---|---|---|---|---|---|")
        for (stage, exc, where), rs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            msg = rs[0].get("msg", "").replace("|", "\\|")[:120]
            clean = "yes" if rs[0].get("clean") else "NO"
            lines.append(f"| {stage} | {exc} | {clean} | {where} | {len(rs)} | {Path(rs[0]['path']).parent.name if rs[0]['set'] == 'pdnc' else Path(rs[0]['path']).name} | {msg} |")
    lines += ["", "## Document-model violations in finished files", ""]
    viol: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for v in r.get("violations", ()):
            viol[v].append(Path(r["path"]).name if r["set"] != "pdnc" else Path(r["path"]).parent.name)
    if not viol:
        lines.append("None.")
    for v, names in sorted(viol.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"- {v}: {len(names)} files, e.g. {names[0]}")
    lines += ["", f"## Slowest {top} files (wall seconds)", "",
              "| file | set | words | seconds | cpu s | words/s | slowest stage (s) |", "|---|---|---|---|---|---|---|"]
    for r in sorted(records, key=lambda r: -r["seconds"])[:top]:
        st = max(r["stages"].items(), key=lambda kv: kv[1]) if r["stages"] else ("?", 0.0)
        name = Path(r["path"]).parent.name if r["set"] == "pdnc" else Path(r["path"]).name
        w = r.get("words", 0)
        status = "" if r["ok"] else f" ({r['exc']} in {r['stage']})"
        lines.append(f"| {name}{status} | {r['set']} | {w} | {r['seconds']:.1f} | {r.get('cpu', 0):.1f} | "
                     f"{w / r['seconds'] if r['seconds'] else 0:.0f} | {st[0]} ({st[1]:.1f}) |")
    lines += ["", "## Words/s per stage (files that finished; sum words / sum seconds)", ""]
    stage_names = ["read", "segment", "quotes", "characters", "speakers", "pov", "relations", "rating",
                   "tags", "proofread", "render"]
    header = "| set | " + " | ".join(stage_names) + " | total |"
    lines += [header, "|" + "---|" * (len(stage_names) + 2)]
    for name, rs in list(by_set.items()) + [("all", records)]:
        ok = [r for r in rs if r["ok"]]
        words = sum(r.get("words", 0) for r in ok)
        cells = []
        for s in stage_names:
            secs = sum(r["stages"].get(s, 0.0) for r in ok)
            cells.append(f"{words / secs:.0f}" if secs else "-")
        secs = sum(r["seconds"] for r in ok)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {words / secs if secs else 0:.0f} |")
    lines += ["", "Same, by CPU seconds of the child (less sensitive to other engineers' load):", "",
              header, "|" + "---|" * (len(stage_names) + 2)]
    for name, rs in list(by_set.items()) + [("all", records)]:
        ok = [r for r in rs if r["ok"] and "cpu" in r]
        words = sum(r.get("words", 0) for r in ok)
        cells = []
        for s in stage_names:
            secs = sum(r["cpu_stages"].get(s, 0.0) for r in ok)
            cells.append(f"{words / secs:.0f}" if secs else "-")
        secs = sum(r["cpu"] for r in ok)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {words / secs if secs else 0:.0f} |")
    loads = [r["load_avg"] for r in records if "load_avg" in r]
    if loads:
        lines += ["", f"1-minute load average during the run: min {min(loads):.1f}, "
                  f"median {sorted(loads)[len(loads) // 2]:.1f}, max {max(loads):.1f} (2 cores)."]
    lines += ["", "Share of total time per stage (all finished files):", ""]
    ok = [r for r in records if r["ok"]]
    total = sum(r["seconds"] for r in ok) or 1.0
    shares = {s: sum(r["stages"].get(s, 0.0) for r in ok) / total for s in stage_names}
    lines.append(", ".join(f"{s} {100 * v:.0f}%" for s, v in sorted(shares.items(), key=lambda kv: -kv[1])))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="pdnc,litbank,ao3", help="comma list of ao3, pdnc, litbank")
    ap.add_argument("--litbank", type=int, default=20, help="how many LitBank novels")
    ap.add_argument("--limit", type=int, default=0, help="at most this many files per set (0: all)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per file before it counts as a hang")
    ap.add_argument("--out", type=Path, default=Path("/work/notes/qa"))
    ap.add_argument("--resume", action="store_true", help="skip files already in results.jsonl")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"qa_corpus: {DATA} is not present", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    results = args.out / "results.jsonl"
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    files = corpus(sets, args.litbank)
    if args.limit:
        count: dict[str, int] = defaultdict(int)
        kept = []
        for s, p in files:
            count[s] += 1
            if count[s] <= args.limit:
                kept.append((s, p))
        files = kept
    done: dict[str, dict[str, Any]] = {}
    if args.resume and results.exists():
        for line in results.read_text().splitlines():
            r = json.loads(line)
            done[r["path"]] = r
    else:
        results.write_text("")
    cold = warm_up(files)
    records = [done[str(p)] for _, p in files if str(p) in done]
    with results.open("a") as fh:
        for i, (set_name, path) in enumerate(files, 1):
            if str(path) in done:
                continue
            rec = run_with_timeout(path, args.timeout)
            rec["set"] = set_name
            records.append(rec)
            fh.write(json.dumps(rec) + "\n")
            fh.flush()
            status = "ok" if rec["ok"] else f"{rec['exc']} in {rec['stage']} at {rec['where']}"
            print(f"[{i}/{len(files)}] {set_name} {path.name if set_name != 'pdnc' else path.parent.name} "
                  f"{rec.get('words', 0)}w {rec['seconds']:.1f}s {status}", flush=True)
    (args.out / "summary.md").write_text(summarize(records, cold))
    print(f"wrote {args.out / 'summary.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
