"""Ranking candidate speakers: a linear first pass and a tree second pass, decoded in order.

Why hand-rolled inference: the model is stored as JSON
(``models/speakers.json``, loaded by :func:`ficlens.models.load_model`: a few dozen linear weights for the first pass, a small
forest of gradient-boosted trees for the second), so loading takes milliseconds and
scikit-learn is only needed to train (``scripts/train_speakers.py``). The trees are
evaluated with numpy over all candidates of one utterance at once. A missing or
corrupt model file is an error (no silent fallback); the hand-set rule weights
(``RULE_WEIGHTS``, the decisions the rule layer would make: a named speech tag first,
then a pronoun tag resolved by gender and recency, then turn-taking and the
paragraph's actor) are used only when a caller passes them.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from math import exp
from operator import add, itemgetter, mul, neg, sub

import numpy as np

from ..models import load_model, model_path
from .context import Context
from .conversation import decided_votes
from .features import UttInfo, dynamic_features, dynamic_rows, dynamic_touched, static_candidates

MODEL_PATH = model_path("speakers")

RULE_WEIGHTS: dict[str, float] = {
    "tag_name": 10.0, "tag_other_name": -3.0, "tag_gender": 2.0, "tag_gender_rank0": 3.0,
    "tag_gender_rank1": 1.0, "tag_gender_mismatch": -5.0, "tag_gender_unknown": -1.0, "tag_coref": 4.0,
    "vocative": -6.0, "named_in_quote": -1.5, "actor": 2.5, "actor_gender_rank0": 1.5,
    "after_actor": 1.0, "prev2_adj_notag": 3.0, "prev2_spk_adj": 1.0, "prev_spk_adj": -1.5,
    "prev_spk_same_para": 2.5, "prev_addressee_adj": 2.0, "narr_rank0": 1.0, "narr_rank1": 0.5,
    "narr_dist": -0.3, "count": 0.3, "tag_first": 8.0, "narrator": 0.5, "no_narr_mention": -1.0,
    "recent_speaker": 0.5, "tag_addressee": -4.0, "tag_gender_focus": 2.5, "actor_focus": 1.0, "tag_gender_chain": 2.0,
    "tag_gender_last_subject": 2.0, "actor_gender_last_subject": 1.0,
}

# Rules the PDNC-trained weights cannot learn because PDNC almost never shows them,
# added on top of any weights. "tag_switch_referent": "Finn looked at him, and he
# smiled. 'Meredith..' he called out" - the explicit "and he" after "looked at him"
# switches the subject to the other man, and the tag's "he" continues it (1 case in
# 8 PDNC novels, right; the tight point of view of fan fiction has many).
# "tag_gender_mismatch": '"Help me look for them." she said' is not the man who spoke
# just before in the same paragraph; PDNC has too few such turns for the trees to learn
# that a pronoun tag's gender overrides turn-taking (25 oracle decisions, 23 wrong).
# "tag_kin_owner": '"How can you be so silly," cried her mother' is not said by the
# woman "her" points at (the nearest one), whoever else it is; about 1% of PDNC's
# quotations have such a tag (kin-tagged anaphoric quotes right end to end 126 -> 131).
# "beat_after" / "beat_before": an untagged line told by an action beat, the way fan
# fiction writes most lines ('"He's not lying!" Ben defended Klaus.'; 'Logan was next to
# her "yep it sure is half-pint."'): the beat's named subject speaks. Fan-fiction dev works
# 80.7 -> 83.6%, PDNC dev novels 74.0 -> 74.1% (issue #12). "beat_before_coref": the same
# with a pronoun subject, resolved by the coref stage (fan-fiction dev 83.6 -> 84.0%, PDNC
# dev unchanged). "tag_coref": a pronoun tag ("he says") whose pronoun the coref stage
# links to the candidate (fan-fiction dev 83.6 -> 85.7%, PDNC dev 74.3 -> 74.4%; with the
# coref stage before its sentence-end fix it lowered fan fiction, 80.7 -> 80.3).
FIXED_WEIGHTS: dict[str, float] = {"tag_switch_referent": 4.0, "tag_gender_mismatch": -4.0,
                                    "tag_kin_owner": -4.0, "beat_after": 4.0, "beat_before": 2.0,
                                    "beat_before_coref": 1.0, "tag_coref": 1.5}
FIXED_ITEMS = tuple(FIXED_WEIGHTS.items())
FIXED_KEYS = frozenset(FIXED_WEIGHTS)


TREE_CHUNK = 1024  # rows walked through the trees together


@dataclass(frozen=True, eq=False)
class Trees:
    """Gradient-boosted regression trees over the candidate features (log-odds).

    Why trees for the second pass: the clues interact (a pronoun tag's gender rank
    matters only without a named tag; alternation only inside a conversation), which
    a linear model cannot express. Stored as flat per-tree node arrays; a leaf points
    to itself, so every candidate walks the same number of steps and one utterance's
    candidates are scored with a handful of numpy operations.
    """

    features: tuple[str, ...]
    feat: np.ndarray  # (trees, nodes) feature index tested at each node
    thr: np.ndarray  # go left when value <= threshold
    left: np.ndarray  # child node numbers within the tree
    right: np.ndarray
    value: np.ndarray  # leaf values (learning rate applied)
    depth: int
    bias: float
    index: dict[str, int] = field(default_factory=dict)
    flat: tuple[np.ndarray, ...] = ()

    def __post_init__(self) -> None:
        self.index.update({f: i for i, f in enumerate(self.features)})
        t, width = self.feat.shape
        base = (np.arange(t) * width)[:, None]
        # one flat array per field, each entry twice, addressed by 2 * the flat node id
        # (np.take walks all trees at once): at 2g + 1 the left child, at 2g the right
        # one, so the next node is one take at 2g + (x <= threshold), with no np.where
        children = np.empty(2 * t * width, dtype=np.intp)
        children[1::2] = 2 * (self.left + base).ravel()
        children[0::2] = 2 * (self.right + base).ravel()
        flat = (np.repeat(self.feat.ravel(), 2), np.repeat(self.thr.ravel(), 2), children,
                np.repeat(self.value.ravel(), 2), 2 * base.ravel())
        object.__setattr__(self, "flat", flat)

    def score_many(self, fs: list[dict[str, float]]) -> list[float]:
        # equal rows score equally: each distinct row is walked once (a crowd of
        # candidates nobody mentions nearby gives the same row again and again, and the
        # walk is most of the cost)
        first: dict[tuple[tuple[str, float], ...], int] = {}
        at = [first.setdefault(tuple(f.items()), len(first)) for f in fs]
        if len(first) == len(fs):
            return self._score_rows(fs)
        scores = self._score_rows([dict(k) for k in first])
        return [scores[i] for i in at]

    def _score_rows(self, fs: list[dict[str, float]]) -> list[float]:
        n = len(fs)
        width = len(self.features) + 1  # last column: features unknown to the trees
        x = np.zeros(n * width)
        unk = len(self.features)
        # one fancy assignment, the names looked up by C-level map instead of an item
        # per feature in Python; features unknown to the trees land in the last column,
        # which no split reads (a leaf points to itself whatever it reads)
        keys: list[str] = []
        vals: list[float] = []
        for f in fs:
            keys.extend(f)
            vals.extend(f.values())
        cols = np.fromiter(map(self.index.get, keys, repeat(unk, len(keys))), dtype=np.intp, count=len(keys))
        rows = np.repeat(np.arange(n, dtype=np.intp) * width, [len(f) for f in fs])
        x[rows + cols] = vals
        feat, thr, children, value, base = self.flat
        out = np.empty(n)
        # a slice of rows at a time, so the (rows, trees) node arrays stay in the cache
        for a in range(0, n, TREE_CHUNK):
            b = min(n, a + TREE_CHUNK)
            node = np.broadcast_to(base, (b - a, base.shape[0]))
            roff = (np.arange(a, b) * width)[:, None]
            for _ in range(self.depth):
                go_left = x.take(feat.take(node) + roff) <= thr.take(node)
                node = children.take(node + go_left)
            out[a:b] = value.take(node).sum(axis=1)
        return (self.bias + out).tolist()

    @classmethod
    def from_dict(cls, d: dict) -> Trees:
        shape = (int(d["trees"]), int(d["nodes"]))

        def arr(key: str, dtype: str) -> np.ndarray:
            return np.frombuffer(base64.b64decode(d[key]), dtype=dtype).reshape(shape)

        return cls(tuple(d["features"]), arr("feat", "<i2").astype(np.intp), arr("thr", "<f8"),
                   arr("left", "<i2").astype(np.intp), arr("right", "<i2").astype(np.intp),
                   arr("value", "<f4").astype(float), int(d["depth"]), float(d["bias"]))

    def to_dict(self) -> dict:
        """Node arrays as base64 of little-endian binary: small, and decoded in microseconds."""

        def enc(a: np.ndarray, dtype: str) -> str:
            return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")

        return {"features": list(self.features), "trees": self.feat.shape[0], "nodes": self.feat.shape[1],
                "feat": enc(self.feat, "<i2"), "thr": enc(self.thr, "<f8"), "left": enc(self.left, "<i2"),
                "right": enc(self.right, "<i2"), "value": enc(self.value, "<f4"),
                "depth": self.depth, "bias": round(self.bias, 6)}


@dataclass(frozen=True)
class Weights:
    """Linear weights (or ``trees``); ``second`` re-scores with look-ahead features (a second pass)."""

    weights: dict[str, float]
    bias: float = 0.0
    second: Weights | None = None
    trees: Trees | None = None

    def score(self, f: dict[str, float]) -> float:
        if self.trees is not None:
            return self.trees.score_many([f])[0]
        w = self.weights
        # features without a weight add exactly nothing: skipping them keeps the sum
        # (in the same order) bit for bit
        return self.bias + sum([w[k] * v for k, v in f.items() if k in w])

    def score_distinct(self, fs: list[dict[str, float]]) -> list[float]:
        """:meth:`score_many` of rows known to differ (trees skip looking for equal rows)."""
        if self.trees is not None:
            return self.trees._score_rows(fs) if fs else []
        return self.score_many(fs)

    def score_many(self, fs: list[dict[str, float]]) -> list[float]:
        """Scores of one utterance's candidates (trees score them all in one go)."""
        if self.trees is not None:
            return self.trees.score_many(fs) if fs else []
        w = self.weights
        b = self.bias
        known = w.keys()
        get = w.__getitem__
        # a row whose every feature has a weight (most rows) sums the same products in
        # the same order without the test per feature
        return [b + (sum(map(mul, map(get, f), f.values())) if f.keys() <= known
                     else sum([w[k] * v for k, v in f.items() if k in w])) for f in fs]


@lru_cache(maxsize=8)
def load_weights(path: str | None = None, fold: str | None = None) -> Weights:
    """The shipped weights (or one cross-validation fold's, or the file at ``path``).

    Raises :class:`~ficlens.errors.ModelError` if the file is missing or corrupt."""
    data = load_model("speakers", path=path)
    if fold is not None:
        data = data.get("folds", {}).get(fold, data)
    return weights_from_dict(data)


def weights_from_dict(data: dict) -> Weights:
    second = data.get("second")
    trees = data.get("trees")
    return Weights(dict(data.get("weights", {})), float(data.get("bias", 0.0)),
                   weights_from_dict(second) if second else None, Trees.from_dict(trees) if trees else None)


def weights_to_dict(w: Weights) -> dict:
    out: dict = {"weights": w.weights, "bias": w.bias}
    if w.trees is not None:
        out["trees"] = w.trees.to_dict()
    if w.second is not None:
        out["second"] = weights_to_dict(w.second)
    return out


@dataclass(frozen=True)
class Decision:
    speaker: str | None
    addressees: tuple[str, ...]
    kind: str | None
    confidence: float | None
    probs: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # top candidates


def block_parity(infos: list[UttInfo], dec: list[Decision]) -> list[tuple[str, float] | None]:
    """For runs of adjacent turns, the speaker an A/B/A/B alternation assigns each turn.

    Why: in a two-person exchange most turns carry no tag, and deciding them one by
    one lets a single mistake flip every later turn. Here the two people who speak
    most in the run are taken as A and B, both parities are scored by the first
    pass's probabilities over the whole run, and the better one is proposed, with
    its margin per turn as the strength.
    """
    out: list[tuple[str, float] | None] = [None] * len(infos)
    k = 0
    n = len(infos)
    while k < n:
        j = k + 1
        while j < n and infos[j].adj_prev:
            j += 1
        if j - k >= 3:
            probs = [dict(d.probs) for d in dec[k:j]]
            total: dict[str, float] = {}
            for p in probs:
                for c, v in p.items():
                    total[c] = total.get(c, 0.0) + v
            top = sorted(total, key=lambda c: (-total[c], c))[:2]
            if len(top) == 2:
                a, b = top
                share = (total[a] + total[b]) / (j - k)
                h1 = sum(math.log(p.get(a if i % 2 == 0 else b, 0.0) + 0.01) for i, p in enumerate(probs))
                h2 = sum(math.log(p.get(b if i % 2 == 0 else a, 0.0) + 0.01) for i, p in enumerate(probs))
                first, second = (a, b) if h1 >= h2 else (b, a)
                margin = min(abs(h1 - h2) / (j - k), 3.0) * share
                for i in range(j - k):
                    out[k + i] = (first if i % 2 == 0 else second, margin)
        k = j
    return out

def _kind(f: dict[str, float]) -> str:
    if "tag_name" in f:
        return "explicit"
    if "tag_gender" in f or "tag_first" in f or "tag_coref" in f:
        return "anaphoric"
    return "implicit"


def _addressees(ctx: Context, info: UttInfo, speaker: str | None, cands: dict[str, dict[str, float]],
                history: list[str | None]) -> list[str]:
    out = [v for v in dict.fromkeys(info.vocatives) if v != speaker]
    if out:
        return out
    t = info.tags[0] if info.tags else None
    if t is not None and t.addressee and t.addressee != speaker:
        return [t.addressee]
    if t is not None and t.addressee_gender in ("male", "female"):
        prev = history[-1] if history else None
        if prev and prev != speaker and ctx.gender.get(prev) == t.addressee_gender:
            return [prev]
        best = None
        for cid, f in cands.items():
            if cid == speaker or ctx.gender.get(cid) != t.addressee_gender or "narr_dist" not in f:
                continue
            if best is None or f["narr_dist"] < cands[best]["narr_dist"]:
                best = cid
        if best:
            return [best]
    prev = history[-1] if history else None
    if prev and prev != speaker and info.narration_before < 40:
        return [prev]
    return []


def decode(
    ctx: Context,
    infos: list[UttInfo],
    weights: Weights,
    narrator: str | None = None,
    collect: list[tuple[int, str, dict[str, float]]] | None = None,
) -> list[Decision]:
    """Choose a speaker for each utterance in text order (turn-taking needs the past).

    With a second-pass model, the first pass's choices for the next two turns
    become features of the second (a reply tagged "said Jane" two lines later tells
    who spoke now). ``collect``, when given, receives the final pass's
    (utterance index, candidate, features) rows for training.
    """
    first = Weights(weights.weights, weights.bias)
    if weights.second is None:
        return fill_addressees(infos, _decode(ctx, infos, first, narrator, collect, None))
    shared = Shared()  # both passes read the same static rows
    dec = _decode(ctx, infos, first, narrator, None, None, shared=shared)
    ahead = []
    for k in range(len(infos)):
        nxt = []
        for j in (k + 1, k + 2):
            if j < len(infos):
                nxt.append((dec[j].speaker, dec[j].confidence or 0.0, infos[j].adj_prev))
        ahead.append(tuple(nxt))
    alt = block_parity(infos, dec)
    dv = decided_votes(infos, [d.speaker for d in dec], [d.kind in ("explicit", "anaphoric") for d in dec])
    return fill_addressees(infos, _decode(ctx, infos, weights.second, narrator, collect, ahead, alt, dv,
                                          guess=dec, shared=shared))


def _fixed_sums(rows: Iterable[dict[str, float]]) -> list[float | int]:
    """Each row's sum of the fixed weights (:data:`FIXED_WEIGHTS`; int 0 without any).

    Why per static row: the decoder's dynamic features never add a fixed feature, so a
    candidate's fixed sum is its static row's in both passes."""
    return [0 if FIXED_KEYS.isdisjoint(f) else sum([v for k, v in FIXED_ITEMS if k in f]) for f in rows]


def fill_addressees(infos: list[UttInfo], dec: list[Decision]) -> list[Decision]:
    """Turns with no addressee yet are spoken to the one who answers them next, or to
    the one who spoke just before (a reply), when that is someone else."""
    out = list(dec)
    for k, d in enumerate(dec):
        if d.addressees or d.speaker is None:
            continue
        to = None
        if k + 1 < len(dec) and infos[k + 1].adj_prev and dec[k + 1].speaker not in (None, d.speaker):
            to = dec[k + 1].speaker
        elif k > 0 and dec[k - 1].speaker not in (None, d.speaker) and infos[k].para - infos[k - 1].para_last <= 1:
            to = dec[k - 1].speaker
        if to is not None:
            out[k] = replace(d, addressees=(to,))
    return out


# the static rows of one utterance, kept alive by the first item (a layout is found by
# that dict's id): the candidates in order, their rows (one object per different row,
# from Shared.canon), those rows' ids, each candidate's place, each row's fixed weights
Layout = tuple[dict[str, dict[str, float]], list[str], list[dict[str, float]], list[int], dict[str, int],
               list[float | int]]


@dataclass
class Shared:
    """What both decoding passes share: each utterance's layout, one object per
    different static row (by content, keys in order), each such row's fixed weights."""

    layouts: dict[int, Layout] = field(default_factory=dict)
    canon: dict[tuple[tuple[str, float], ...], dict[str, float]] = field(default_factory=dict)
    fixed: dict[int, float | int] = field(default_factory=dict)
    # by the id of a static row object (all alive while decoding): its one object
    known: dict[int, dict[str, float]] = field(default_factory=dict)

SPECULATE_BLOCK = 256  # utterances whose candidates the trees score in one numpy call


def _decode(
    ctx: Context,
    infos: list[UttInfo],
    weights: Weights,
    narrator: str | None,
    collect: list[tuple[int, str, dict[str, float]]] | None,
    ahead: list[tuple[tuple[str | None, float, bool], ...]] | None,
    alt: list[tuple[str, float] | None] | None = None,
    dv: list[dict[str, dict[str, float]]] | None = None,
    guess: list[Decision] | None = None,
    shared: Shared | None = None,
) -> list[Decision]:
    """One decoding pass. ``guess`` (the first pass's decisions, for the tree pass):
    the rows of a block of utterances are built as if the speakers so far were the
    guessed ones and scored in one numpy call; an utterance whose real recent speakers
    and addressees (all its rows read of the past) match the guess uses those scores,
    any other is scored alone, so the result is the same as scoring one by one.

    Why: a crowd of names (issue #14) costs per utterance, and one tree call per
    utterance is mostly numpy's fixed cost per operation. And a crowd's static rows
    repeat (a quarter million rows, four hundred different ones, in 12,500 lines of a
    roll call): each different row is scored once per pass (``row_score``, by the id
    of its one object in ``shared.canon``), only the rows the past changes are scored
    per utterance."""

    if shared is None:
        shared = Shared()
    layouts, canon, fixed_of, known = shared.layouts, shared.canon.setdefault, shared.fixed, shared.known
    row_score: dict[int, float] = {}  # this pass's score of each static row, by id

    def layout(cands: dict[str, dict[str, float]]) -> Layout:
        lay = layouts.get(id(cands))
        if lay is None:
            rows = list(map(known.get, map(id, cands.values())))
            if None in rows:
                # rows met for the first time (the static rows shared by a crowd's lines
                # are met again): one object per content
                for i, f in enumerate(cands.values()):
                    if rows[i] is None:
                        rows[i] = known[id(f)] = canon(tuple(f.items()), f)
            ids = list(map(id, rows))
            fixed = list(map(fixed_of.get, ids))
            if None in fixed:
                for i, v in enumerate(fixed):
                    if v is None:
                        fixed[i] = fixed_of[ids[i]] = _fixed_sums((rows[i],))[0]
            lay = layouts[id(cands)] = (cands, list(cands), rows, ids, {cid: i for i, cid in enumerate(cands)},
                                        fixed)  # type: ignore[assignment]
        return lay

    def rows_for(k: int, info: UttInfo, prev: UttInfo | None, history: list[str | None],
                 prev_addr: tuple[str, ...]) -> tuple[Layout, list[dict[str, float]], list[int]]:
        """The utterance's layout, its rows given this past, and the places of the rows
        the past changed (copies of static rows, extended)."""
        # the last few people who spoke stay candidates even when not named nearby
        extra = list(dict.fromkeys(x for x in (*history[-1:-7:-1], narrator) if x))[:5]
        lay = layout(static_candidates(ctx, info, extra))
        cands, cids, static_rows, _, place, _ = lay
        ahead_k = ahead[k] if ahead else ()
        alt_k = alt[k] if alt else None
        dv_k = dv[k] if dv else None

        def dynamic(cid: str, f: dict[str, float]) -> dict[str, float]:
            fd = dynamic_features(f, cid, info, prev, history, prev_addr, narrator, ahead_k)
            if alt_k is not None and alt_k[0] == cid:
                fd["block_parity"] = 1.0
                fd["block_parity_margin"] = alt_k[1]
            if dv_k and cid in dv_k:
                fd.update(dv_k[cid])
            return fd

        if collect is not None:
            return lay, [dynamic(cid, f) for cid, f in zip(cands, static_rows, strict=True)], list(range(len(cands)))
        touched = dynamic_touched(history, prev_addr, narrator, ahead_k)
        if alt_k is not None:
            touched.add(alt_k[0])
        if dv_k:
            touched.update(dv_k)
        # a candidate nothing the past decides applies to keeps its static row itself
        # (read only); only the touched ones (a few) are copied and extended (every
        # one when rows are collected for training)
        rows = static_rows.copy()
        changed = [i for i in map(place.get, touched) if i is not None]  # type: ignore[arg-type]
        if changed:
            pairs = [(cids[i], static_rows[i]) for i in changed]
            for i, (cid, _), fd in zip(changed, pairs, dynamic_rows(pairs, info, prev, history, prev_addr, narrator,
                                                                     ahead_k), strict=True):
                if alt_k is not None and alt_k[0] == cid:
                    fd["block_parity"] = 1.0
                    fd["block_parity_margin"] = alt_k[1]
                if dv_k and cid in dv_k:
                    fd.update(dv_k[cid])
                rows[i] = fd
        return lay, rows, changed

    def score(items: list[tuple[Layout, list[dict[str, float]], list[int]]]) -> list[list[float]]:
        """The scores of each item's rows: static rows from ``row_score`` (the new ones
        scored once), changed rows scored; one model call for each kind of row."""
        out: list[list[float]] = []
        new_static: dict[int, dict[str, float]] = {}
        changed_rows: list[dict[str, float]] = []
        for lay, rows, changed in items:
            got = list(map(row_score.get, lay[3]))
            if None in got:
                for i, v in enumerate(got):
                    if v is None:
                        new_static[lay[3][i]] = lay[2][i]
            changed_rows.extend([rows[i] for i in changed])
            out.append(got)  # type: ignore[arg-type]
        if new_static:
            row_score.update(zip(new_static, weights.score_distinct(list(new_static.values())), strict=True))
        changed_scores = iter(weights.score_many(changed_rows) if changed_rows else [])
        for (lay, _, changed), got in zip(items, out, strict=True):
            if new_static and None in got:
                got[:] = map(row_score.__getitem__, lay[3])
            for i in changed:
                got[i] = next(changed_scores)
        return out

    # the guessed past of each utterance: (previous info, last six speakers, addressees)
    guessed: list[tuple[UttInfo | None, tuple[str | None, ...], tuple[str, ...]] | None] = [None] * len(infos)
    if guess is not None and weights.trees is not None:
        g_hist: list[str | None] = []
        g_addr: tuple[str, ...] = ()
        g_prev: UttInfo | None = None
        for k, info in enumerate(infos):
            if info.end <= info.start:
                continue
            guessed[k] = (g_prev, tuple(g_hist[-6:]), g_addr)
            g_hist.append(guess[k].speaker)
            g_addr = guess[k].addressees
            g_prev = info
    pre: dict[int, tuple[Layout, list[dict[str, float]], list[float]]] = {}

    history: list[str | None] = []
    prev_addr: tuple[str, ...] = ()
    prev: UttInfo | None = None
    out: list[Decision] = []
    for k, info in enumerate(infos):
        if info.end <= info.start:
            out.append(Decision(None, (), None, None))
            continue
        if guessed[k] is not None and k not in pre:
            pre.clear()
            block = []
            for j in range(k, min(k + SPECULATE_BLOCK, len(infos))):
                gj = guessed[j]
                if gj is not None:
                    block.append((j, rows_for(j, infos[j], gj[0], list(gj[1]), gj[2])))
            for (j, (lay_j, rows_j, _)), scores_j in zip(block, score([got for _, got in block]), strict=True):
                pre[j] = (lay_j, rows_j, scores_j)
        hit = pre.pop(k, None)
        gk = guessed[k]
        if hit is not None and gk is not None and gk[1] == tuple(history[-6:]) and gk[2] == prev_addr:
            lay, rows, scores = hit
        else:
            got = rows_for(k, info, prev, history, prev_addr)
            lay, rows, _ = got
            scores = score([got])[0]
        cands, cids, _, _, _, fixed = lay
        if collect is not None:
            collect.extend(zip(repeat(info.index), cids, rows))
        if not rows:
            out.append(Decision(None, (), None, None))
            history.append(None)
            prev_addr = ()
            prev = info
            continue
        # Held as (-score, id, row): plain tuples sort best first, ties by id, with no
        # key function (ids are unique, so rows are never compared); negation is exact.
        # (the fixed weights are small dyadic numbers: their sum is exact in any order;
        # a row with none of them, most rows, adds the same int 0 the empty sum gives)
        # (element-wise work by map, one C call per step instead of Python per candidate)
        scored = list(zip(map(neg, map(add, scores, fixed)), cids, rows, strict=True))
        scored.sort()
        top = -scored[0][0]
        es = list(map(exp, map(max, map(sub, map(neg, map(itemgetter(0), scored)), repeat(top)), repeat(-50.0))))
        z = sum(es)
        _, speaker, fbest = scored[0]
        addressees = tuple(_addressees(ctx, info, speaker, cands, history))
        probs = tuple((c, e / z) for (_, c, _), e in zip(scored[:4], es, strict=False))
        out.append(Decision(speaker, addressees, _kind(fbest), round(1.0 / z, 4), probs))
        history.append(speaker)
        prev_addr = addressees
        prev = info
    return out
