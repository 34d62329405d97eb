"""Archive of Our Own downloads (HTML, and the same pages inside AO3 EPUBs).

Why its own reader: an AO3 download wraps the story in a preface (the very tags the
rating and tag stages try to predict, plus summary and notes) and an afterword (end
notes), and each chapter in a chapter preface (title, chapter summary, notes) and
chapter end notes. Left in the text, the preface would let every stage read the
answer instead of the story. So the story text here is the chapter bodies alone; the
tags go to ``Source.metadata`` (``rating`` as a string, list-valued tags as lists of
strings, ``stats`` as a dict) and everything else to ``Source.notes`` or chapter titles.

The page layout followed is AO3's download templates (``div#preface`` with
``dl.tags``, ``div#chapters`` with ``div.meta.group`` + ``div.userstuff`` per chapter,
``div#afterword``); a file that breaks it falls back to generic HTML rules.
"""

from __future__ import annotations

import re
from typing import Any

from ..document import Document
from .build import StoryBuilder
from .html import blocks, clean

# dt label (lower-cased, ':' and plural 's' removed) -> metadata key.
TAG_KEYS = {
    "rating": "rating",
    "archive warning": "warnings",
    "warning": "warnings",
    "category": "categories",
    "categorie": "categories",
    "fandom": "fandoms",
    "relationship": "relationships",
    "character": "characters",
    "additional tag": "additional_tags",
    "freeform": "additional_tags",
    "language": "language",
    "series": "series",
    "collection": "collections",
    "stat": "stats",
}
SINGLE_VALUED = frozenset({"rating", "language"})
# Label paragraph before a blockquote -> note kind, for the work and for a chapter.
WORK_NOTE_KINDS = {"summary": "summary", "notes": "note", "end notes": "end_note"}
CHAPTER_NOTE_KINDS = {
    "chapter summary": "summary",
    "chapter notes": "chapter_note",
    "chapter end notes": "chapter_end_note",
    "summary": "summary",
    "notes": "chapter_note",
    "end notes": "chapter_end_note",
}
_STAT_RE = re.compile(r"([A-Z][A-Za-z ]*?):\s*(\S+)")
_SERIES_RE = re.compile(r"Part\s+(\d+)\s+of\s*$")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def is_ao3(tree) -> bool:
    """True for a page laid out like an AO3 download (preface tags, or the AO3 message)."""
    preface = tree.find(".//div[@id='preface']")
    if preface is not None:
        if preface.xpath(".//dl[contains(concat(' ', normalize-space(@class), ' '), ' tags ')]"):
            return True
        message = " ".join(preface.xpath(".//p[contains(@class,'message')]//text()"))
        if "Archive of Our Own" in message or "archiveofourown.org" in message:
            return True
    return False


def find_tags_list(root):
    """The ``dl.tags`` element of an AO3 preface, or None."""
    found = root.xpath(".//dl[contains(concat(' ', normalize-space(@class), ' '), ' tags ')]")
    return found[0] if found else None


def parse_tags(dl) -> dict[str, Any]:
    """AO3's typed tags from the preface ``dl.tags``, keyed as the module docstring says."""
    meta: dict[str, Any] = {}
    label = None
    for el in dl:
        name = _local(el)
        if name == "dt":
            label = clean(el.text_content()).rstrip(":").strip().lower()
            label = label[:-1] if label.endswith("s") and label[:-1] in TAG_KEYS else label
        elif name == "dd" and label:
            key = TAG_KEYS.get(label)
            if key is None:
                meta.setdefault("other", {})[label] = clean(el.text_content())
            elif key == "stats":
                meta["stats"] = _parse_stats(el.text_content())
            elif key == "series":
                meta["series"] = _parse_series(el)
            elif key in SINGLE_VALUED:
                meta[key] = clean(el.text_content())
            else:
                links = [clean(a.text_content()) for a in el.iter("a")]
                values = [v for v in links if v] or [
                    v.strip() for v in clean(el.text_content()).split(",") if v.strip()
                ]
                meta[key] = values
            label = None
    return meta


def _parse_stats(text: str) -> dict[str, Any]:
    stats: dict[str, Any] = {}
    for m in _STAT_RE.finditer(text):
        key = m.group(1).strip().lower()
        value = m.group(2).strip()
        number = value.replace(",", "")
        stats[key] = int(number) if number.isdigit() else value
    return stats


def _parse_series(dd) -> list[dict[str, Any]]:
    series = []
    before = dd.text or ""
    for a in dd.iter("a"):
        m = _SERIES_RE.search(clean(before))
        series.append({"title": clean(a.text_content()), "part": int(m.group(1)) if m else None,
                       "url": a.get("href")})
        before = a.tail or ""
    return series


def _labelled_blocks(container, kinds: dict[str, str]):
    """(kind, text) for each ``<p>Label</p><blockquote>...</blockquote>`` pair."""
    label = None
    for el in container:
        name = _local(el)
        if name == "p":
            label = clean(el.text_content()).lower().rstrip(":")
        elif name == "blockquote":
            kind = kinds.get(label or "", "note")
            text = "\n\n".join(t for k, t, _ in blocks(el) if k != "hr")
            yield kind, text
        elif name == "div" and "endnote-link" in _classes(el):
            continue
        elif name in ("div", "dl", "ul"):
            # nested meta (afterword endnotes div) holds its own label/blockquote pairs
            yield from _labelled_blocks(el, kinds)


def fill_preface(builder: StoryBuilder, preface) -> None:
    """Metadata and work notes from an AO3 preface element."""
    dl = find_tags_list(preface)
    if dl is not None:
        builder.metadata.update(parse_tags(dl))
    for link in preface.xpath(".//p[contains(@class,'message')]//a/@href"):
        m = re.search(r"/works/(\d+)", link)
        if m:
            builder.metadata["work_id"] = m.group(1)
            builder.metadata["url"] = link
            break
    title = preface.find(".//h1")
    if title is not None and clean(title.text_content()):
        builder.metadata["title"] = clean(title.text_content())
    byline = preface.xpath(".//div[contains(@class,'byline')]")
    if byline:
        authors = [clean(a.text_content()) for a in byline[0].xpath(".//a[@rel='author']")]
        if not authors:
            text = clean(byline[0].text_content())
            authors = [text[3:].strip() if text.lower().startswith("by ") else text]
        builder.metadata["author"] = [a for a in authors if a]
    meta = preface.xpath(".//div[contains(concat(' ', normalize-space(@class), ' '), ' meta ')]")
    for kind, text in _labelled_blocks(meta[0] if meta else preface, WORK_NOTE_KINDS):
        builder.add_note(kind, text, work_level=True)
    for li in preface.xpath(".//div[contains(@class,'meta')]/ul/li"):
        builder.add_note("preface", clean(li.text_content()), work_level=True)


def fill_afterword(builder: StoryBuilder, afterword) -> None:
    """Work end notes from an AO3 afterword element (chapter end notes live in chapters)."""
    for kind, text in _labelled_blocks(afterword, WORK_NOTE_KINDS):
        builder.add_note("end_note" if kind == "note" else kind, text, work_level=True)


def _is_content(el) -> bool:
    return _local(el) == "div" and "userstuff" in _classes(el) and not el.xpath(
        ".//div[contains(@class,'userstuff') or contains(@class,'meta')]"
    )


def fill_chapters(builder: StoryBuilder, container, *, new_chapter: bool = False) -> None:
    """Chapters from an element holding AO3 chapter prefaces, bodies and end notes.

    ``new_chapter`` starts a chapter for a body with no chapter preface (an EPUB whose
    every file is one chapter).
    """
    pending_title = False
    for el in container:
        name = _local(el)
        cls = _classes(el)
        if name == "h2" and "toc-heading" in cls:
            continue
        if name == "div" and "meta" in cls and (el.get("id") or "").startswith("endnotes"):
            for _kind, text in _labelled_blocks(el, CHAPTER_NOTE_KINDS):
                builder.add_note("chapter_end_note", text)
        elif name == "div" and "meta" in cls:
            heading = el.xpath(".//h2|.//h3")
            builder.start_chapter(clean(heading[0].text_content()) if heading else None)
            pending_title = True
            for kind, text in _labelled_blocks(el, CHAPTER_NOTE_KINDS):
                builder.add_note(kind, text)
        elif _is_content(el):
            if (new_chapter and not pending_title) or builder.current_chapter is None:
                builder.start_chapter(None)
            pending_title = False
            new_chapter = True
            _add_blocks(builder, el)
        elif name == "div" and "userstuff" in cls or (name == "div" and el.get("id") == "chapters"):
            fill_chapters(builder, el, new_chapter=new_chapter)
        elif name in ("div", "p", "blockquote", "ul", "ol", "table", "pre", "hr", "center"):
            _add_blocks(builder, el)


def _add_blocks(builder: StoryBuilder, el) -> None:
    for kind, text, _level in blocks(el):
        if kind == "hr":
            builder.add_scene_break()
        else:
            builder.add_paragraph(text)


def fill_ao3(builder: StoryBuilder, root) -> None:
    """Preface, chapters and afterword of an AO3 page (or of one AO3 EPUB file)."""
    preface = root.find(".//div[@id='preface']")
    if preface is not None:
        fill_preface(builder, preface)
    elif find_tags_list(root) is not None:
        fill_preface(builder, root)
        return
    chapters = root.find(".//div[@id='chapters']")
    if chapters is not None:
        fill_chapters(builder, chapters)
    elif preface is None and root.find(".//div[@id='afterword']") is None:
        body = root.find(".//body")
        fill_chapters(builder, body if body is not None else root, new_chapter=True)
    afterword = root.find(".//div[@id='afterword']")
    if afterword is not None:
        fill_afterword(builder, afterword)


def read_ao3_tree(tree, *, name: str | None, encoding: str | None) -> Document:
    """A document from a parsed AO3 HTML download."""
    builder = StoryBuilder()
    fill_ao3(builder, tree)
    return builder.build(path=name, format="ao3-html", encoding=encoding)
