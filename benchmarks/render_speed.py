"""How fast the HTML report of a ~100,000-word novel is made and opened in a browser.

    python benchmarks/render_speed.py [NOVEL.txt] [--words 100000] [--synthetic] [--out F]
                                      [--skip STAGE]

Cuts a LitBank novel to ``--words`` words, runs the full analysis, times
``render_html``, then opens the file in headless Chromium (Debian's, at
/usr/bin/chromium, through Playwright) and times ``page.goto(..., wait_until="load")``
three times. Target: under 3 s to load. ``--synthetic`` lays extra marks over the
text (a quotation every 40 words spread over 30 speakers, a proofreading note every
200 words, rating evidence every 5,000) so the renderer is measured under a heavy load
even while some stages find little.

This is a benchmark, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL = ROOT.parent / "shared" / "data" / "litbank" / "original"
DEFAULT_NOVEL = ORIGINAL / "766_david_copperfield.txt"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]


def cut_words(text: str, words: int) -> str:
    """The text up to the end of the line holding its ``words``-th word."""
    from ficlens.segment import WORD_RE

    for n, m in enumerate(WORD_RE.finditer(text), 1):
        if n == words:
            end = text.find("\n", m.end())
            return text[: end if end >= 0 else len(text)] + "\n"
    return text


def add_synthetic(doc):  # noqa: ANN001, ANN201 - benchmark helper
    """Heavy, overlapping marks on every part of the text (seeded, so repeatable)."""
    from ficlens.document import (
        Character,
        Evidence,
        Interaction,
        Problem,
        Quote,
        Rating,
        Relationship,
        Utterance,
    )
    from ficlens.segment import WORD_RE

    rng = random.Random(7)
    cast = tuple(Character(f"c{i}", f"Person {i}", (f"P{i}",), rng.randint(1, 900), "they/them")
                 for i in range(30))
    words = list(WORD_RE.finditer(doc.text))
    quotes, utts, problems, evidence = [], [], [], []
    for i in range(0, len(words) - 12, 40):
        q = Quote(words[i].start(), words[i + 10].end(), "", len(utts))
        quotes.append(q)
        utts.append(Utterance(len(utts), (len(quotes) - 1,), f"c{rng.randrange(30)}",
                              (f"c{rng.randrange(30)}",)))
    for i in range(5, len(words), 200):
        problems.append(Problem(words[i].start(), words[i].end(), "spelling", "check", ("fix",)))
    for i in range(7, len(words) - 30, 5000):
        evidence.append(Evidence(words[i].start(), words[i + 30].end(), "synthetic"))
    inter = tuple(Interaction(f"c{a}", f"c{b}", rng.randint(0, 50), rng.randint(0, 20))
                  for a in range(30) for b in range(a + 1, 30) if rng.random() < 0.15)
    return doc.evolve(characters=cast, quotes=tuple(quotes), utterances=tuple(utts),
                      proofread=tuple(problems), interactions=inter,
                      relationships=(Relationship("Person 0/Person 1", ("c0", "c1"), "romantic",
                                                  0.9, tuple(evidence[:3])),),
                      rating=Rating("Mature", {"Mature": 0.7}, tuple(evidence)))


def analyze_tolerant(text: str, skip: tuple[str, ...]):  # noqa: ANN201
    """The full analysis; a stage that fails is reported and left out, so the report is
    still measured (the renderer must cope with any stage's output being missing)."""
    from ficlens import Pipeline, load

    doc = load(text)
    for stage in Pipeline().stages:
        if stage.name in skip:
            continue
        try:
            doc = stage(doc)
        except Exception as exc:  # noqa: BLE001 - a benchmark of the renderer, not the stage
            print(f"stage {stage.name} failed ({type(exc).__name__}: {exc}); left out", file=sys.stderr)
    return doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("novel", nargs="?", default=str(DEFAULT_NOVEL))
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--synthetic", action="store_true", help="add heavy synthetic marks")
    ap.add_argument("--out", help="keep the report here (default: a temporary file)")
    ap.add_argument("--skip", action="append", default=[], metavar="STAGE",
                    help="leave a stage out of the analysis (repeatable)")
    args = ap.parse_args(argv)

    from ficlens.report.html import render_html

    novel = Path(args.novel)
    if not novel.is_file():
        print(f"render_speed: {novel} not found (needs ../shared/data)", file=sys.stderr)
        return 2
    text = cut_words(novel.read_text(encoding="utf-8"), args.words)
    t0 = time.perf_counter()
    doc = analyze_tolerant(text, tuple(args.skip))
    t_analyze = time.perf_counter() - t0
    if args.synthetic:
        doc = add_synthetic(doc)
    print(f"novel: {novel.name}, {doc.words:,} words; analysis {t_analyze:.2f} s")
    marks = (len(doc.quotes), len(doc.characters), len(doc.proofread or ()),
             len(doc.rating.evidence) if doc.rating else 0)
    print("quotes {:,}, characters {:,}, proofreading notes {:,}, rating evidence {:,}".format(*marks))

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        html = render_html(doc)
        times.append(time.perf_counter() - t0)
    print(f"render_html: {statistics.median(times):.3f} s (median of 3), "
          f"{len(html.encode('utf-8')) / 1e6:.2f} MB")

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / "report.html"
    out.write_text(html, encoding="utf-8")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed; skipping the browser timing", file=sys.stderr)
        return 0
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing (run `make browser`); skipping the browser timing",
              file=sys.stderr)
        return 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        loads = []
        for _ in range(3):
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(out.as_uri(), wait_until="load")
            loads.append(time.perf_counter() - t0)
            page.close()
        browser.close()
    med = statistics.median(loads)
    print("chromium load: " + ", ".join(f"{t:.2f}" for t in loads)
          + f" s; median {med:.2f} s (target < 3 s: {'ok' if med < 3 else 'SLOW'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
