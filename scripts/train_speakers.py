"""Train the speaker-ranking model on PDNC, leave-novels-out.

    .venv/bin/python scripts/train_speakers.py            # writes the shipped model
    .venv/bin/python scripts/train_speakers.py --folds 5 --iterations 2 --no-trees

Split: the PDNC novels (sorted by name) are dealt round-robin into ``--folds`` folds.
For each fold a logistic regression is trained on the other folds' novels; its
weights are stored under ``folds`` in the model file and used by ``ficlens eval pdnc``
for the novels of that fold, so every reported score comes from a model that never
saw the novel. The top-level weights are trained on all novels (what users get).

Inputs (``--inputs``): "oracle" is PDNC's own quotation spans and cast (names, aliases,
gender), with name mentions found by :class:`ficlens.speakers.context.NameMatcher`;
"pipeline" is what the model sees at run time: our own quotes and cast (the pipeline
run up to ``characters``), each utterance labelled through the gold quote it overlaps
most and our characters mapped to PDNC's with the reference scorer's name rules
(:func:`pipeline_labels`); "both" (the default) trains on the two together, so the
model learns from clean and from realistic inputs. ``--cache DIR`` keeps the
pipeline documents (pickles) between runs. Decoding
history (who spoke last) comes from the previous iteration's model, not from gold,
so the model learns to live with its own mistakes.

Model: iteration 1 fits the first pass (logistic regression); later iterations fit the
second pass, which sees the first pass's speakers of the neighbouring turns; the last
one (unless ``--no-trees``) as gradient-boosted trees (scikit-learn
HistGradientBoostingClassifier), exported node by node to JSON and evaluated with
numpy at run time (:class:`ficlens.speakers.model.Trees`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficlens.eval.pdnc import (  # noqa: E402
    DEFAULT_DATA,
    NameResolver,
    gold_document,
    gold_order,
    load_novel,
    novel_names,
)
from ficlens.segment import segment  # noqa: E402
from ficlens.speakers import prepare_inputs  # noqa: E402
from ficlens.speakers.model import (  # noqa: E402
    FIXED_WEIGHTS,
    MODEL_PATH,
    RULE_WEIGHTS,
    Trees,
    Weights,
    decode,
    weights_to_dict,
)


def prepare(name: str, data: Path) -> dict:
    novel = load_novel(name, data)
    _doc, ctx, infos, narrator = prepare_inputs(segment(gold_document(novel)))
    res = NameResolver(novel.characters)
    order = gold_order(novel)
    gold = [res(novel.quotes[gi].speaker) for gi in order]
    types = [novel.quotes[gi].type for gi in order]
    return {"name": name, "ctx": ctx, "infos": infos, "narrator": narrator,
            "gold": [frozenset({g}) if g else None for g in gold], "types": types, "kind": "oracle"}


def _pipeline_doc(novel, cache: Path | None):
    """The pipeline's document up to ``characters`` (from ``cache`` when there)."""
    import copyreg
    import pickle
    import types as _types

    from ficlens import Pipeline
    from ficlens.document import frozen_mapping
    from ficlens.read import read_text

    path = cache / f"{novel.name}.pkl" if cache else None
    if path is not None and path.is_file():
        return pickle.loads(path.read_bytes())
    doc = Pipeline().run(read_text(novel.text, name=novel.name), until="characters")
    if path is not None:
        copyreg.pickle(_types.MappingProxyType, lambda m: (frozen_mapping, (dict(m),)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(doc))
    return doc


def character_map(novel, characters) -> dict[str, str]:
    """Our character id -> PDNC id, by the scorer's rules: ``Character.name``, else an alias resolving uniquely."""
    res = NameResolver(novel.characters)
    out = {}
    for c in characters:
        pid = res(c.name)
        if pid is None:
            ids = {res(a) for a in c.aliases} - {None}
            pid = next(iter(ids)) if len(ids) == 1 else None
        if pid is not None:
            out[c.id] = pid
    return out


def pipeline_labels(novel, spans: list[list[tuple[int, int]]], cmap: dict[str, str]) -> tuple[list, list]:
    """Per utterance (its quote spans): the set of our characters that are the gold speaker, and the gold type.

    The gold quote is the one overlapping the utterance's spans most (None: no overlap,
    or no character of ours maps to the gold speaker)."""
    import bisect

    res = NameResolver(novel.characters)
    gs = sorted((s, e, gi) for gi, g in enumerate(novel.quotes) for s, e in g.spans)
    starts = [s for s, _, _ in gs]
    by_pid: dict[str, set[str]] = {}
    for cid, pid in cmap.items():
        by_pid.setdefault(pid, set()).add(cid)
    gold: list = []
    types: list = []
    for qs in spans:
        ov: Counter = Counter()
        for s, e in qs:
            k = bisect.bisect_right(starts, e) - 1
            for j in range(k, max(k - 8, -1), -1):
                o = min(e, gs[j][1]) - max(s, gs[j][0])
                if o > 0:
                    ov[gs[j][2]] += o
        if not ov:
            gold.append(None)
            types.append(None)
            continue
        gi = max(ov, key=lambda i: (ov[i], -i))
        pid = res(novel.quotes[gi].speaker)
        mine = by_pid.get(pid) if pid else None
        gold.append(frozenset(mine) if mine else None)
        types.append(novel.quotes[gi].type)
    return gold, types


def prepare_pipeline(name: str, data: Path, cache: Path | None) -> dict:
    """Like :func:`prepare`, on the pipeline's own quotes and cast (as ``ficlens.speakers.predict`` sees them)."""
    from ficlens.speakers import _ensure_utterances

    novel = load_novel(name, data)
    doc, ctx, infos, narrator = prepare_inputs(_ensure_utterances(_pipeline_doc(novel, cache)))
    order = sorted(range(len(infos)), key=lambda i: (infos[i].start, i))
    spans = [[(doc.quotes[qi].start, doc.quotes[qi].end) for qi in doc.utterances[i].quotes] for i in order]
    gold, types = pipeline_labels(novel, spans, character_map(novel, doc.characters))
    return {"name": name, "ctx": ctx, "infos": [infos[i] for i in order], "narrator": narrator,
            "gold": gold, "types": types, "kind": "pipeline"}


def rows_and_score(p: dict, w: Weights) -> tuple[list[tuple[dict, int]], Counter, Counter]:
    collect: list = []
    dec = decode(p["ctx"], p["infos"], w, p["narrator"], collect)
    rows = []
    by_utt: dict[int, list] = {}
    for ui, cid, f in collect:
        by_utt.setdefault(ui, []).append((cid, f))
    for ui, cands in by_utt.items():
        g = p["gold"][ui]
        if g is None or not any(c in g for c, _ in cands):
            continue
        rows.extend((f, int(c in g)) for c, f in cands)
    ok: Counter = Counter()
    tot: Counter = Counter()
    for d, g, t in zip(dec, p["gold"], p["types"], strict=True):
        if t is None:  # a pipeline utterance matching no gold quote
            continue
        for k in ("all", t):
            tot[k] += 1
            ok[k] += int(d.speaker is not None and g is not None and d.speaker in g)
    return rows, ok, tot


TREE_PARAMS = {"max_iter": 150, "max_leaf_nodes": 15, "max_depth": 6, "learning_rate": 0.1,
               "min_samples_leaf": 40, "l2_regularization": 1.0, "random_state": 0}


def fit_trees(x, y: list[int], names: list[str]) -> Trees:
    """Gradient-boosted trees, exported as flat node arrays (leaves point to themselves)."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    gb = HistGradientBoostingClassifier(**TREE_PARAMS)
    xd = x.toarray()
    gb.fit(xd, y)
    preds = [p[0].nodes for p in gb._predictors]
    width = max(len(nodes) for nodes in preds)
    t = len(preds)
    feat = np.zeros((t, width), dtype=np.intp)
    thr = np.zeros((t, width))
    left = np.zeros((t, width), dtype=np.intp)
    right = np.zeros((t, width), dtype=np.intp)
    value = np.zeros((t, width))
    for i, nodes in enumerate(preds):
        for j, nd in enumerate(nodes):
            if nd["is_leaf"]:
                left[i, j] = right[i, j] = j
                value[i, j] = nd["value"]
                thr[i, j] = 0.0  # unused: a leaf stays where it is
            else:
                feat[i, j], thr[i, j] = nd["feature_idx"], nd["num_threshold"]
                left[i, j], right[i, j] = nd["left"], nd["right"]
    depth = int(max(nd["depth"] for nodes in preds for nd in nodes))
    trees = Trees(tuple(names), feat, thr, left, right, value, depth, float(gb._baseline_prediction.ravel()[0]))
    # the exported trees must give sklearn's own scores (up to the rounding in JSON)
    sample = xd[:: max(1, len(xd) // 2000)]
    fs = [{names[k]: float(v) for k, v in enumerate(row) if v} for row in sample]
    trees = Trees.from_dict(trees.to_dict())  # what the model file will hold
    err = np.abs(np.array(trees.score_many(fs)) - gb.decision_function(sample)).max()
    assert err < 1e-4, f"tree export mismatch {err}"  # leaf values are stored as float32
    return trees


def fit(rows: list[tuple[dict, int]], c: float, first: Weights | None = None, trees: bool = False) -> Weights:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    y = [lab for _, lab in rows]
    names = [str(n) for n in vec.get_feature_names_out()]
    if trees:
        w = Weights({}, 0.0, None, fit_trees(x, y, names))
    else:
        lr = LogisticRegression(C=c, max_iter=2000)
        lr.fit(x, y)
        w = Weights({n: round(float(v), 4) for n, v in zip(names, lr.coef_[0], strict=True)},
                    round(float(lr.intercept_[0]), 4))
    if first is None:
        return w
    return Weights(first.weights, first.bias, w)


def _base(w: Weights, it: int) -> Weights:
    """Weights whose decoding produces the training rows of iteration ``it``.

    Iteration 0 trains the first pass; iteration 1 the second pass, with the first
    pass standing in for it (so history and look-ahead come from a real first pass);
    later iterations retrain the second pass on its own decisions.
    """
    if it == 1:
        first = Weights(w.weights, w.bias)
        return Weights(w.weights, w.bias, first)
    return w


def _heldout(prepared: list[dict], folds: dict, fold_w: dict) -> tuple[dict, dict, int]:
    """Accuracy of each novel under the fold model that did not train on it."""
    ok: Counter = Counter()
    tot: Counter = Counter()
    per_novel = {}
    for k, test in folds.items():
        for p in prepared:
            if p["name"] in test:
                _, o, t = rows_and_score(p, fold_w[k])
                ok.update(o)
                tot.update(t)
                per_novel[p["name"]] = round(o["all"] / max(t["all"], 1), 4)
    return {t: round(ok[t] / tot[t], 4) for t in tot}, per_novel, tot["all"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--novels", default="all")
    ap.add_argument("--no-trees", action="store_true", help="a linear second pass (no trees)")
    ap.add_argument("--inputs", choices=["oracle", "pipeline", "both"], default="both",
                    help="train on PDNC's quotes and cast, the pipeline's own, or both")
    ap.add_argument("--cache", type=Path, help="keep pipeline documents here (pickles)")
    args = ap.parse_args(argv)
    names = novel_names(args.data) if args.novels == "all" else args.novels.split(",")
    t0 = time.time()
    oracle = [prepare(n, args.data) for n in names]
    piped = [prepare_pipeline(n, args.data, args.cache) for n in names] if args.inputs != "oracle" else []
    prepared = (oracle if args.inputs != "pipeline" else []) + piped  # training inputs
    print(f"prepared {len(names)} novels in {time.time() - t0:.1f}s", file=sys.stderr)
    folds = {f"fold{k}": [n for i, n in enumerate(names) if i % args.folds == k] for k in range(args.folds)}
    rule = Weights(dict(RULE_WEIGHTS))
    fold_w = {k: rule for k in folds}
    all_w = rule
    for it in range(args.iterations):
        # rows for fold k's model come from its training novels decoded with fold k's previous weights
        # iteration 1 learns the first pass; later ones learn a second pass on top of it
        second = it >= 1
        trees = second and not args.no_trees and it == args.iterations - 1
        new_fold_w = {}
        for k, test in folds.items():
            rows: list = []
            base = _base(fold_w[k], it)
            for p in prepared:
                if p["name"] not in test:
                    rows.extend(rows_and_score(p, base)[0])
            new_fold_w[k] = fit(rows, args.c, fold_w[k] if second else None, trees)
        rows = []
        base = _base(all_w, it)
        for p in prepared:
            rows.extend(rows_and_score(p, base)[0])
        all_w = fit(rows, args.c, all_w if second else None, trees)
        fold_w = new_fold_w
        scores, per_novel, n_utt = _heldout(oracle, folds, fold_w)
        pscores: dict = {}
        print(f"iteration {it + 1}: held-out (oracle quotes) accuracy {scores}", file=sys.stderr)
        if piped:
            pscores = _heldout(piped, folds, fold_w)[0]
            print(f"iteration {it + 1}: held-out (pipeline quotes matched to gold) accuracy {pscores}",
                  file=sys.stderr)
    model = weights_to_dict(all_w)
    model["folds"] = {k: {"test_novels": folds[k], **weights_to_dict(fold_w[k])} for k in folds}
    args.out.write_text(json.dumps(model, sort_keys=True) + "\n", encoding="utf-8")
    meta = {
        "model": args.out.name,
        "kind": f"first pass: logistic regression over candidate speakers (sklearn LogisticRegression, C={args.c:g}); "
                + ("second pass: same" if args.no_trees else
                   f"second pass: gradient-boosted trees (sklearn HistGradientBoostingClassifier {TREE_PARAMS})"),
        "data": "PDNC novels in ../shared/data/pdnc/novels; training inputs: " + {
            "oracle": "oracle quotation spans and cast",
            "pipeline": "the pipeline's own quotes and cast (run up to `characters`), labels via the most "
                        "overlapping gold quote and the scorer's name rules",
            "both": "oracle quotation spans and cast, plus the pipeline's own quotes and cast (run up to "
                    "`characters`; labels via the most overlapping gold quote and the scorer's name rules)"}[args.inputs],
        "inputs": args.inputs,
        "novels": names,
        "split": f"{args.folds}-fold leave-novels-out, novels sorted by name dealt round-robin; "
                 "top-level weights trained on all novels",
        "folds": folds,
        "iterations": args.iterations,
        "heldout_accuracy_oracle_quotes": scores,
        "heldout_accuracy_per_novel": per_novel,
        "heldout_accuracy_pipeline_quotes": {"note": "our own quotes and cast, each utterance scored against the "
                                             "gold quote it overlaps most (unmatched ones left out)", **pscores},
        "utterances": n_utt,
        "command": f"python scripts/train_speakers.py --inputs {args.inputs}",
        "fixed_weights": {**FIXED_WEIGHTS, "note": "rules added on top of the learned weights (model.FIXED_WEIGHTS)"},
    }
    meta_path = args.out.with_suffix(".meta.json")
    try:  # end-to-end numbers come from `ficlens eval pdnc`, recorded by hand: keep them (stale until re-run)
        old = json.loads(meta_path.read_text(encoding="utf-8"))
        meta.update({k: old[k] for k in ("end_to_end_pdnc", "oracle_addressee_accuracy") if k in old})
    except (OSError, ValueError):
        pass
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta["heldout_accuracy_oracle_quotes"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
