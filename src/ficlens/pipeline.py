"""The stages, in order, and a small pipeline that runs, skips, inserts and times them.

The order is the data flow: each stage reads only what earlier stages added. Every
stage declares what it ``requires`` and what it ``assigns`` (names of
:class:`~ficlens.document.Document` fields, or ``field.attribute`` where a stage fills
in an attribute of items an earlier stage made); :meth:`Pipeline.check` refuses a
pipeline whose stage needs something no earlier stage provides.

To add a built-in stage, add one line to ``STAGES`` (functions are named as
``"module:function"`` strings so that ``import ficlens`` loads no stage code).

A user's stage is any ``Document -> Document`` function added with
:meth:`Pipeline.add_stage`. Its results belong in ``Document.extras[name]`` (set with
:meth:`Document.with_extra`, or simply return a JSON-ready value instead of a
document, and the pipeline stores it there); they reach the JSON under
``"extras": {name: ...}``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .document import Document, frozen_mapping
from .errors import ConfigError, InputError
from .gcpause import gc_paused

StageFunc = Callable[..., Any]


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline.

    ``func`` is a callable taking a :class:`Document` (and the stage's settings as
    keyword arguments) or a ``"module:function"`` string imported on first use.
    """

    name: str
    func: StageFunc | str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)

    def resolve(self) -> StageFunc:
        """The stage's function (imported now if it was given by name)."""
        if callable(self.func):
            return self.func
        module, _, attr = self.func.partition(":")
        return getattr(importlib.import_module(module), attr)

    def __call__(self, doc: Document) -> Document:
        result = self.resolve()(doc, **dict(self.settings))
        if isinstance(result, Document):
            return result
        try:
            json.dumps(result, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"stage {self.name!r} returned neither a Document nor "
                              f"JSON-ready data ({exc})") from None
        return doc.with_extra(self.name, result)


# The built-in stages, in order. A new stage is one line here.
STAGES: tuple[Stage, ...] = (
    Stage("segment", "ficlens.segment:segment",
          assigns=("paragraphs", "sentences", "tokens", "scenes")),
    Stage("quotes", "ficlens.quotes:find_quotes",
          requires=("paragraphs",), assigns=("quotes", "utterances")),
    Stage("characters", "ficlens.characters:find_characters",
          requires=("quotes",), assigns=("mentions", "characters", "fandom")),
    Stage("coref", "ficlens.coref:find_coreference",
          requires=("paragraphs", "quotes", "characters", "mentions"),
          assigns=("mentions.pronoun", "mentions.description", "characters.gender")),
    Stage("speakers", "ficlens.speakers:attribute_speakers",
          requires=("quotes", "utterances", "characters", "mentions", "mentions.pronoun"),
          assigns=("utterances.speaker", "utterances.addressees")),
    Stage("pov", "ficlens.pov:find_pov",
          requires=("scenes", "characters"), assigns=("narration", "scenes.pov")),
    Stage("relations", "ficlens.relations:find_relations",
          requires=("characters", "mentions"), assigns=("interactions", "relationships")),
    Stage("rating", "ficlens.rating:rate",
          requires=("paragraphs",), assigns=("rating", "warnings")),
    Stage("tags", "ficlens.tags:suggest_tags",
          requires=("characters",), assigns=("tags",)),
    Stage("proofread", "ficlens.proofread:proofread",
          requires=("characters",), assigns=("proofread",)),
)

STAGE_NAMES = tuple(s.name for s in STAGES)

# What a freshly read document already has.
READ_ASSIGNS = ("text", "source", "chapters", "options")


class Pipeline:
    """An ordered list of stages that can be run, trimmed, extended and timed.

    >>> import ficlens
    >>> p = ficlens.Pipeline(exclude=["proofread"])
    >>> p.names[-1]
    'tags'
    """

    def __init__(self, stages: Iterable[Stage] | None = None, *,
                 exclude: Iterable[str] = (), only: Iterable[str] | None = None,
                 config: Mapping[str, Mapping[str, Any]] | None = None,
                 check: bool = True) -> None:
        self._stages: list[Stage] = list(STAGES if stages is None else stages)
        self._known = tuple(s.name for s in self._stages)
        exclude = _names(exclude, "exclude")
        only = None if only is None else _names(only, "only")
        for name in (*[n for n in exclude if n not in STAGE_NAMES], *(only or ())):
            self._stage_index(name)
        if only is not None:
            self._stages = [s for s in self._stages if s.name in self._with_requirements(only)]
        if exclude:
            self._stages = [s for s in self._stages if s.name not in exclude]
        for name, settings in (config or {}).items():
            self.configure(name, **dict(settings))
        if check:
            self.check(excluded=exclude)

    # --- looking ---------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self._stages)

    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(self._stages)

    def __repr__(self) -> str:
        return f"Pipeline({', '.join(self.names)})"

    def _stage_index(self, name: str) -> int:
        for i, s in enumerate(self._stages):
            if s.name == name:
                return i
        known = self.names if name not in self._known else self._known
        raise ConfigError(f"unknown stage {name!r}; stages are: {', '.join(known)}")

    def _with_requirements(self, wanted: Iterable[str]) -> set[str]:
        """The named stages plus, transitively, the stages that provide what they need."""
        keep = set(wanted)
        for i in range(len(self._stages) - 1, -1, -1):
            stage = self._stages[i]
            if stage.name not in keep:
                continue
            for need in stage.requires:
                for earlier in reversed(self._stages[:i]):
                    if need in earlier.assigns:
                        keep.add(earlier.name)
                        break
        return keep

    # --- changing ----------------------------------------------------------------------
    def insert(self, stage: Stage, *, after: str | None = None, before: str | None = None) -> Pipeline:
        """Put ``stage`` after (or before) a named stage, else at the end."""
        if stage.name in self.names:
            raise ConfigError(f"there is already a stage named {stage.name!r}")
        if after is not None and before is not None:
            raise ConfigError("give after= or before=, not both")
        if after is not None:
            at = self._stage_index(after) + 1
        elif before is not None:
            at = self._stage_index(before)
        else:
            at = len(self._stages)
        self._stages.insert(at, stage)
        self.check()
        return self

    def add_stage(self, name: str, func: StageFunc, *, after: str | None = None,
                  before: str | None = None, requires: Iterable[str] = (),
                  assigns: Iterable[str] = ()) -> Pipeline:
        """Add a user's ``Document -> Document`` function as a stage named ``name``.

        Its results go in ``Document.extras[name]`` (see the module docstring) and
        reach the JSON as ``"extras": {name: ...}``. Returns the pipeline, so calls chain.
        """
        if not callable(func):
            raise ConfigError(f"stage {name!r}: {func!r} is not callable")
        if not isinstance(name, str) or not name:
            raise ConfigError("a stage needs a non-empty name")
        assigns = tuple(assigns) or (f"extras.{name}",)
        return self.insert(Stage(name, func, tuple(requires), assigns), after=after, before=before)

    def remove(self, *names: str) -> Pipeline:
        """Leave the named stages out (checked: nothing left may need them)."""
        for name in names:
            self._stage_index(name)
        self._stages = [s for s in self._stages if s.name not in names]
        self.check(excluded=names)
        return self

    def configure(self, name: str, **settings: Any) -> Pipeline:
        """Pass ``settings`` to the named stage's function as keyword arguments."""
        i = self._stage_index(name)
        stage = self._stages[i]
        func = stage.resolve()
        try:
            params = inspect.signature(func).parameters
        except (TypeError, ValueError):  # pragma: no cover - builtins
            params = {}
        takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
        for key in settings:
            p = params.get(key)
            if not takes_any and (p is None or p.kind not in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
                                  or key == next(iter(params), None)):
                allowed = [k for k, v in list(params.items())[1:]
                           if v.kind in (v.KEYWORD_ONLY, v.POSITIONAL_OR_KEYWORD)]
                raise ConfigError(f"stage {name!r} has no setting {key!r}; its settings are: "
                                  f"{', '.join(allowed) or 'none'}")
        self._stages[i] = replace(stage, settings={**stage.settings, **settings})
        return self

    def check(self, *, excluded: Iterable[str] = ()) -> None:
        """Raise :class:`ConfigError` if a stage needs what no earlier stage assigns."""
        excluded = tuple(excluded)
        have = set(READ_ASSIGNS)
        for stage in self._stages:
            for need in stage.requires:
                if need not in have:
                    by = [s.name for s in STAGES if need in s.assigns and s.name in excluded]
                    why = (f"which the excluded stage {by[0]!r} assigns; exclude "
                           f"{stage.name!r} too, or keep {by[0]!r}") if by else \
                        "which no earlier stage assigns"
                    raise ConfigError(f"stage {stage.name!r} needs {need!r}, {why}")
            have.update(stage.assigns)

    # --- running -----------------------------------------------------------------------
    @gc_paused
    def run(self, doc: Document, *, until: str | None = None,
            timings: MutableMapping[str, float] | None = None) -> Document:
        """Apply the stages in order (stopping after ``until``); with ``timings`` given,
        record each stage's wall-clock seconds in it."""
        if until is not None:
            self._stage_index(until)
        for stage in self._stages:
            t0 = time.perf_counter()
            doc = stage(doc)
            if timings is not None:
                timings[stage.name] = time.perf_counter() - t0
            if stage.name == until:
                break
        return doc

    def analyze(self, source: str | os.PathLike[str] | bytes, *, fandom: str | None = None,
                cast: str | os.PathLike[str] | None = None, name: str | None = None) -> Analysis:
        """Read ``source`` (as :func:`ficlens.analyze` does) and run this pipeline."""
        return Analysis(self.run(with_options(load(source, name=name), fandom=fandom, cast=cast)))


def _names(value: Iterable[str] | str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    names = tuple(v.strip() for v in value)
    if not all(names):
        raise ConfigError(f"{what}: empty stage name")
    return names


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyze` returns: the finished document and ways to render it."""

    document: Document

    @gc_paused
    def to_dict(self) -> dict[str, Any]:
        from .report.json import to_dict

        return to_dict(self.document)

    @gc_paused
    def to_json(self, indent: int | None = 2) -> str:
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False)
        from .report.indented import dumps_indented

        # (the same text as json.dumps with this indent, about twice as fast)
        return dumps_indented(self.to_dict(), indent)

    def to_text(self) -> str:
        from .report.text import render_text

        return render_text(self.document)

    def to_html(self) -> str:
        from .report.html import render_html

        return render_html(self.document)


def load(source: str | os.PathLike[str] | bytes, *, name: str | None = None) -> Document:
    """Read a story from a path, raw bytes, or a string of story text."""
    from .read import read_bytes, read_path, read_text

    if isinstance(source, bytes):
        return read_bytes(source, name=name)
    if isinstance(source, os.PathLike):
        return read_path(Path(source))
    if "\n" not in source and len(source) < 4096 and source and os.path.exists(source):
        return read_path(Path(source))
    return read_text(source, name=name)


def with_options(doc: Document, *, fandom: str | None = None,
                 cast: str | os.PathLike[str] | None = None) -> Document:
    """The document with the cast-pack choice recorded in ``Document.options``."""
    options = {"fandom": fandom, "cast": str(cast) if cast is not None else None}
    return doc.evolve(options=frozen_mapping({k: v for k, v in options.items() if v is not None}))


def run_stages(doc: Document, *, until: str | None = None, skip: Iterable[str] = ()) -> Document:
    """Apply the built-in stages in order, stopping after ``until`` if given.

    ``skip`` leaves stages out without checking what later stages need (every stage
    copes with an earlier one's output missing); :class:`Pipeline` checks.
    """
    skip = tuple(skip)
    unknown = [n for n in (*skip, *([until] if until else [])) if n not in STAGE_NAMES]
    if unknown:
        raise ConfigError(f"unknown stage {unknown[0]!r}; stages are: {', '.join(STAGE_NAMES)}")
    stages = STAGES[: STAGE_NAMES.index(until) + 1] if until else STAGES
    return Pipeline([s for s in stages if s.name not in skip], check=False).run(doc)


def analyze(
    source: str | os.PathLike[str] | bytes,
    *,
    exclude: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    only: Iterable[str] | None = None,
    fandom: str | None = None,
    cast: str | os.PathLike[str] | None = None,
    until: str | None = None,
    skip: Iterable[str] = (),
    name: str | None = None,
) -> Analysis:
    """Analyse a story file (path), raw file bytes, or story text.

    A ``str`` naming an existing file is read as that file; any other ``str`` is the
    story text itself.

    ``exclude`` leaves stages out (``["proofread", "rating"]``); a kept stage that needs
    an excluded one is a :class:`ConfigError`. ``only`` runs just the named stages and
    the ones they need. ``config`` passes settings to stages as keyword arguments
    (``{"relations": {"learned": False}}``). ``fandom`` and ``cast`` choose a cast pack
    (see ``docs/cast-packs.md``). ``until`` stops after a named stage; ``skip`` is the
    older, unchecked form of ``exclude``. ``name`` is the file name of raw bytes (a hint
    at the format, and the ``source.path`` reported), as ``ficlens batch`` passes it.
    """
    skip = tuple(skip)
    unknown = [n for n in (*skip, *([until] if until else [])) if n not in STAGE_NAMES]
    if unknown:
        raise ConfigError(f"unknown stage {unknown[0]!r}; stages are: {', '.join(STAGE_NAMES)}")
    stages = STAGES[: STAGE_NAMES.index(until) + 1] if until else STAGES
    pipeline = Pipeline([s for s in stages if s.name not in skip], exclude=exclude, only=only,
                        config=config, check=not skip)
    doc = with_options(load(source, name=name), fandom=fandom, cast=cast)
    return Analysis(pipeline.run(doc))


def load_json(source: str | os.PathLike[str]) -> Analysis:
    """An :class:`Analysis` from ``ficlens/1`` JSON (a path, or the JSON text itself).

    Everything the JSON holds comes back; paragraph, sentence and token spans (the JSON
    keeps only their counts) are recomputed from the text. ``to_json()`` of the result
    gives the same JSON (for output of this version of ficlens).
    """
    from .report.json import from_dict

    text: str
    if isinstance(source, os.PathLike) or (isinstance(source, str)
                                           and not source.lstrip().startswith("{")):
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
    else:
        text = source
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"not JSON: {exc}") from None
    return Analysis(from_dict(data))


__all__ = ["Analysis", "Pipeline", "Stage", "STAGES", "STAGE_NAMES", "analyze", "load",
           "load_json", "run_stages", "with_options"]
