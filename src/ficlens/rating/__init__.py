"""AO3 rating and archive warnings, with the passages that drove them.

Why lexicon features and a small linear model: the rating follows a few strong
passages; lexicon hits find them in one regex pass, a logistic regression over
their densities and peaks stacked with a 1,000-word tf-idf vocabulary
(``models/rating.json``, trained by ``scripts/train_rating.py`` on story text only, class
offsets and the Explicit override chosen by cross-validation) turns them into one
of the four ratings, and the same hits become the evidence a writer can check.
``models/rating.meta.json`` records why the issue's target (macro-F1 0.75 with Explicit
recall 0.95) is out of reach on authors' labels: the learning curve is nearly flat
and Explicit recall 0.95 in CV means flagging almost every work.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from ..document import Document, Evidence, Rating, Warning, frozen_mapping
from ..models import load_model as _load_model
from ..models import model_path
from .features import FEATURE_NAMES, Scan, analyse_cached
from .lexicon import REASONS, Hit
from .textmodel import text_proba

RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
NO_WARNINGS = "No Archive Warnings Apply"
MODEL_PATH = model_path("rating")
WARNING_CATEGORIES = {
    "Graphic Depictions Of Violence": ("violence",),
    "Major Character Death": ("death",),
    "Rape/Non-Con": ("noncon", "sexual"),
    "Underage Sex": ("underage", "sexual"),
}
MAX_EVIDENCE = 3
MIN_WARNING_CV_F1 = 0.3  # a warning model that scored less in CV is not trusted alone
# a warning needs one passage of its category this strong to point at; the model's
# per-warning "min_peak" (chosen by CV: "died" alone weighs 1.5) replaces this default
MIN_WARNING_PEAK = 3.0
_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)]*\s+|\n+")


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    """The shipped weights (plain JSON, ~70 kB, loads in a few milliseconds), checked
    against the features this code computes."""
    return _load_model("rating", features=FEATURE_NAMES)


def _proba(m: dict[str, Any], x: list[float]) -> list[float]:
    z = [(v - mu) / sd for v, mu, sd in zip(x, m["mean"], m["scale"], strict=True)]
    logits = [sum(c * v for c, v in zip(row, z, strict=True)) + b
              for row, b in zip(m["coef"], m["intercept"], strict=True)]
    if len(logits) == 1:
        p = 1 / (1 + math.exp(-logits[0]))
        return [1 - p, p]
    top = max(logits)
    e = [math.exp(v - top) for v in logits]
    s = sum(e)
    return [v / s for v in e]


def _sentence_around(doc: Document, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence holding ``pos`` (from the segment stage, else punctuation), clipped."""
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return max(s.start, lo), min(s.end, hi)
    text = doc.text
    start = lo
    for m in _SENT_END.finditer(text, lo, pos):
        start = m.end()
    m = _SENT_END.search(text, pos, hi)
    end = m.start() + len(m.group(0).rstrip()) if m else hi
    if end - start > 400:  # a run-on: keep a readable window around the hit
        start, end = max(start, pos - 200), min(end, pos + 200)
    return start, end


def _evidence(doc: Document, scan: Scan, cat: str, limit: int = MAX_EVIDENCE) -> tuple[Evidence, ...]:
    """The highest-scoring passages of a category, each narrowed to its strongest sentence."""
    scores = scan.scores.get(cat, [])
    order = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: -scores[i])
    out: list[Evidence] = []
    hits = scan.hits[cat]
    for i in order[:limit]:
        lo, hi = scan.spans[i]
        inside: list[Hit] = [h for h in hits if lo <= h.start < hi]
        best = max(inside, key=lambda h: h.weight)
        start, end = _sentence_around(doc, best.start, lo, hi)
        terms: list[str] = []
        for h in sorted(inside, key=lambda h: -h.weight):
            t = h.term.lower()
            if t not in terms and start <= h.start < end:
                terms.append(t)
        terms = terms[:3] or [best.term.lower()]
        reason = f"{REASONS[cat]}: " + ", ".join(f"'{t}'" for t in terms)
        out.append(Evidence(start, end, reason))
    return tuple(out)


def _category_scores(scan: Scan) -> dict[str, float]:
    """0..1 per category from the peak passage (1 - e^(-peak/4)): one passage decides."""
    out = {}
    for cat, ps in scan.scores.items():
        peak = max(ps, default=0.0)
        out[cat] = round(1.0 - math.exp(-peak / 4.0), 3)
    return out


def _rule_warning(warning: str, scan: Scan) -> bool:
    """Rules for warnings too rare in the data to learn (a handful of works each).

    Non-consent: a passage with strong non-consent words ('raped', 'molested') that is
    also sexual. Underage sex: a sexual passage naming a minor's age near it.
    """
    if warning not in ("Rape/Non-Con", "Underage Sex"):
        return False
    key = "noncon" if warning == "Rape/Non-Con" else "underage"
    strong_key = [sum(h.weight for h in scan.hits[key] if h.weight >= 3 and lo <= h.start < hi)
                  for lo, hi in scan.spans]
    sexual = scan.scores["sexual"]
    for i, s in enumerate(strong_key):
        if s < 3:
            continue
        near = sexual[max(0, i - 1): i + 2]
        if max(near, default=0.0) >= 3:
            return True
    return False


def rate(doc: Document) -> Document:
    """Set ``doc.rating`` and ``doc.warnings`` from the story text."""
    if not doc.text.strip():
        return doc.evolve(rating=Rating("General Audiences"),
                          warnings=(Warning(NO_WARNINGS),))
    scan = analyse_cached(doc.text, tuple((p.start, p.end) for p in doc.paragraphs))
    model = load_model()
    if "text_rating" in model:
        probs = text_proba(model["text_rating"], doc.text, scan.vector)
    else:
        probs = _proba(model["rating"], scan.vector)
    weighted = [math.log(max(p, 1e-12)) + b for p, b in zip(probs, model["bias"], strict=True)]
    level = max(range(4), key=lambda k: weighted[k])
    if scan.vector[FEATURE_NAMES.index("sexual:peak")] >= model["explicit_override"]:
        level = 3
    scores = _category_scores(scan)
    for name, p in zip(RATINGS, probs, strict=True):
        scores[f"p:{name}"] = round(p, 3)
    evidence: tuple[Evidence, ...] = ()
    if level > 0:
        cats = sorted(("sexual", "violence", "language"), key=lambda c: -scores[c])
        evidence = _evidence(doc, scan, cats[0])
        if level >= 2 and scores[cats[1]] >= 0.5:
            evidence += _evidence(doc, scan, cats[1], limit=1)
    warnings: list[Warning] = []
    for name, m in model["warnings"].items():
        cat = WARNING_CATEGORIES[name][0]
        if max(scan.scores[cat], default=0.0) < m.get("min_peak", MIN_WARNING_PEAK):
            continue
        trusted = m.get("cv_f1", 0.0) >= MIN_WARNING_CV_F1
        if (trusted and _proba(m, scan.vector)[1] >= m["threshold"]) or _rule_warning(name, scan):
            warnings.append(Warning(name, _evidence(doc, scan, cat)))
    if not warnings:
        warnings = [Warning(NO_WARNINGS)]
    return doc.evolve(
        rating=Rating(RATINGS[level], frozen_mapping(scores), evidence),
        warnings=tuple(warnings),
    )
