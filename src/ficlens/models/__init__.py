"""Every shipped model, in one folder and one convention, loaded by one function.

Layout: ``src/ficlens/models/NAME.json`` holds what inference reads (plain JSON
numbers, no pickle); ``NAME.meta.json`` beside it records the training data, split,
settings and scores. :func:`load_model` checks that the file is there, parses, has the
keys inference needs and (when the caller says which) was trained on the feature
names the code computes; otherwise it raises :class:`~ficlens.errors.ModelError`.
There is no silent fallback to other weights: a broken install should be loud.

==================  =======================================  ==========================
name                used by                                  trained by
==================  =======================================  ==========================
speakers            speakers stage (who says each quote)     scripts/train_speakers.py
mentions            characters stage (which words are names) scripts/train_mentions.py
rating              rating stage (AO3 rating and warnings)   scripts/train_rating.py
freeform            tags stage (additional tags)             scripts/train_rating.py
relations_ranker    relations stage (which pairings to list) scripts/train_pair_ranker.py
categories          tags stage (F/M, M/M, Gen, ...)          scripts/train_categories.py
coref               coref stage (which person a pronoun is)  scripts/train_coref.py
==================  =======================================  ==========================
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ModelError

MODELS_DIR = Path(__file__).resolve().parent

# name -> keys inference reads (checked on load)
REQUIRED: dict[str, tuple[str, ...]] = {
    "speakers": ("weights", "bias"),
    "mentions": ("weights", "weights2"),
    "rating": ("features", "ratings", "text_rating", "bias", "explicit_override", "warnings"),
    "freeform": ("min_precision", "tags"),
    "relations_ranker": ("features", "coef", "intercept", "mean", "scale"),
    "categories": ("rule",),
    "coref": ("kind", "features"),
}


def model_path(name: str) -> Path:
    """Where the shipped model ``name`` lives."""
    if name not in REQUIRED:
        raise ModelError(f"unknown model {name!r}; models are: {', '.join(REQUIRED)}")
    return MODELS_DIR / f"{name}.json"


def meta_path(name_or_path: str | os.PathLike[str]) -> Path:
    """The metadata file beside a model (``NAME.meta.json``)."""
    p = Path(name_or_path) if not isinstance(name_or_path, str) or name_or_path.endswith(".json") \
        else model_path(name_or_path)
    return p.with_name(p.name.removesuffix(".json") + ".meta.json")


def _read(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(f"{what} file {path} is missing; reinstall ficlens") from None
    except OSError as exc:
        raise ModelError(f"{what} file {path} cannot be read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ModelError(f"{what} file {path} is corrupt (not JSON: {exc}); reinstall ficlens") \
            from None


def load_model(name: str, *, path: str | os.PathLike[str] | None = None,
               features: Sequence[str] | None = None) -> dict[str, Any]:
    """The model ``name`` (or the file at ``path``, checked as that model), verified.

    ``features``: the feature names the code computes, in order; the model's own
    ``features`` list must equal it. Raises :class:`ModelError` with one line saying
    what is wrong; callers cache the result.
    """
    p = Path(path) if path is not None else model_path(name)
    data = _read(p, f"{name} model")
    if not isinstance(data, dict):
        raise ModelError(f"{name} model file {p} is corrupt (not a JSON object)")
    missing = [k for k in REQUIRED.get(name, ()) if k not in data]
    if missing:
        raise ModelError(f"{name} model file {p} is corrupt (no {', '.join(missing)})")
    if features is not None and list(data.get("features", ())) != list(features):
        theirs = list(data.get("features", ()))
        diff = sorted(set(theirs) ^ set(features)) or ["order"]
        raise ModelError(f"{name} model file {p} was trained on other features "
                         f"(differ: {', '.join(map(str, diff[:5]))}); retrain it")
    return data


def load_meta(name: str) -> dict[str, Any]:
    """The metadata recorded beside model ``name``."""
    data = _read(meta_path(name), f"{name} metadata")
    if not isinstance(data, dict):
        raise ModelError(f"{name} metadata file {meta_path(name)} is corrupt")
    return data


__all__ = ["MODELS_DIR", "REQUIRED", "load_meta", "load_model", "meta_path", "model_path"]
