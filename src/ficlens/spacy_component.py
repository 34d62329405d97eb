"""ficlens as a spaCy pipeline component (the ``[spacy]`` extra).

    import spacy
    nlp = spacy.blank("en")          # or any pipeline you already run
    nlp.add_pipe("ficlens")          # found through the spacy_factories entry point
    doc = nlp(text)
    doc._.ficlens                    # the ficlens Analysis of the text
    for span in doc.spans["ficlens_quotes"]:
        print(span.text, span._.speaker)

The analysis runs on ``doc.text`` itself, so its character offsets are the Doc's;
quotation spans are aligned to the Doc's tokens (expanded to whole tokens). Settings:
``exclude`` (stages to leave out; proofreading by default), ``fandom`` and ``cast``
(a cast pack, as for ``ficlens analyze``).
"""

from __future__ import annotations

from typing import Any

from ._extras import require

spacy = require("spacy", extra="spacy", purpose="the ficlens spaCy component")

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

QUOTES_KEY = "ficlens_quotes"

for _cls, _name in ((Doc, "ficlens"), (Span, "speaker"), (Span, "speaker_id")):
    if not _cls.has_extension(_name):
        _cls.set_extension(_name, default=None)


class FiclensComponent:
    """Sets ``doc._.ficlens`` and ``doc.spans["ficlens_quotes"]`` (with ``span._.speaker``,
    the speaker's name, and ``span._.speaker_id``, their ficlens id)."""

    def __init__(self, exclude: list[str] | tuple[str, ...] = ("proofread",),
                 fandom: str | None = None, cast: str | None = None) -> None:
        from .pipeline import Pipeline

        self.pipeline = Pipeline(exclude=exclude)
        self.fandom = fandom
        self.cast = cast

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import Analysis, with_options
        from .read import read_text

        if not doc.text.strip():
            doc._.ficlens = None
            doc.spans[QUOTES_KEY] = []
            return doc
        story = with_options(read_text(doc.text), fandom=self.fandom, cast=self.cast)
        analysis = Analysis(self.pipeline.run(story))
        found = analysis.document
        names = {c.id: c.name for c in found.characters}
        speaker_of = {u.id: u.speaker for u in found.utterances}
        spans = []
        for q in found.quotes:
            span = doc.char_span(q.start, q.end, label="QUOTE", alignment_mode="expand")
            if span is None:
                continue
            who = speaker_of.get(q.utterance)
            span._.speaker_id = who
            span._.speaker = names.get(who) if who else None
            spans.append(span)
        doc.spans[QUOTES_KEY] = spans
        doc._.ficlens = analysis
        return doc


@Language.factory("ficlens", default_config={"exclude": ["proofread"], "fandom": None,
                                             "cast": None})
def make_ficlens(nlp: Language, name: str, exclude: list[str], fandom: str | None,
                 cast: str | None) -> FiclensComponent:
    """The factory spaCy calls for ``nlp.add_pipe("ficlens", config={...})``."""
    return FiclensComponent(exclude=exclude, fandom=fandom, cast=cast)


__all__: list[Any] = ["FiclensComponent", "QUOTES_KEY", "make_ficlens"]
