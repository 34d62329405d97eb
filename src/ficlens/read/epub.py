"""EPUB: container.xml -> OPF -> spine, read with zipfile and lxml (no EbookLib).

Why by hand: the EPUB layout we need is small (container, package file, spine), and
reading it ourselves lets every read be capped against zip bombs (see zipsafe.py).

Three flavours, recognised by content:

* **AO3** EPUBs carry AO3's download pages: the typed tags come from the preface page
  (``dl.tags``), exactly as for AO3 HTML, not from ``dc:subject`` (which flattens them).
* **FanFicFare** EPUBs have ``title_page.xhtml`` whose "Label: value" lines (or
  ``dl``/table) give the metadata, chapter titles in ``fff_chapter_title`` headings and
  chapter notes in ``fff_chapter_notes`` blocks; its ``toc_page``/``log_page`` are skipped.
* any other EPUB: ``dc:title``/``dc:creator``/``dc:language`` metadata, each spine
  document a chapter (navigation, cover and title pages skipped), its leading heading
  the chapter title.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import unquote

from ..document import Document
from ..errors import InputError
from . import ao3
from .build import StoryBuilder
from .html import blocks, body_of, clean, decode_html, parse_html
from .zipsafe import SafeZip

NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_SKIP_NAME_RE = re.compile(r"(?:^|[/_\-.])(?:nav|toc|cover|titlepage|title_page|copyright|log_page|toc_page)(?:[_\-.]|$)", re.I)
_LABEL_LINE_RE = re.compile(r"^\s*([A-Z][A-Za-z /]{0,30}?):\s*(.*)$")
FFF_KEYS = {
    "rating": "rating",
    "warnings": "warnings",
    "warning": "warnings",
    "archive warnings": "warnings",
    "category": "fandoms",
    "categories": "fandoms",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationships": "relationships",
    "relationship": "relationships",
    "ships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
    "characters": "characters",
    "character": "characters",
    "genre": "additional_tags",
    "genres": "additional_tags",
    "freeform tags": "additional_tags",
    "additional tags": "additional_tags",
    "tags": "additional_tags",
    "language": "language",
    "series": "series",
    "title": "title",
    "author": "author",
    "authors": "author",
}
FFF_STATS = {"status", "published", "updated", "packaged", "words", "chapters", "kudos", "hits",
             "comments", "bookmarks", "reviews", "favs", "follows"}
LIST_KEYS = {"warnings", "fandoms", "relationships", "characters", "additional_tags", "author"}


def _xml(data: bytes, what: str, label: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise InputError(f"{label}: corrupt EPUB ({what} is not readable XML)")
    return root


class _Package:
    """The parts of an EPUB package the readers need."""

    def __init__(self, zf: SafeZip, label: str) -> None:
        self.zf = zf
        self.label = label
        opf_path = self._opf_path()
        opf = _xml(zf.read(opf_path), opf_path, label)
        base = posixpath.dirname(opf_path)
        self.metadata: dict[str, Any] = {}
        md = opf.find("opf:metadata", NS)
        if md is None:
            md = opf.find(".//{*}metadata")
        self.contributors: list[str] = []
        if md is not None:
            title = md.findtext("dc:title", namespaces=NS)
            if title and clean(title):
                self.metadata["title"] = clean(title)
            creators = [clean(c.text or "") for c in md.findall("dc:creator", NS)]
            if any(creators):
                self.metadata["author"] = [c for c in creators if c]
            lang = md.findtext("dc:language", namespaces=NS)
            if lang and clean(lang):
                self.metadata["language"] = clean(lang)
            subjects = [clean(s.text or "") for s in md.findall("dc:subject", NS)]
            if any(subjects):
                self.metadata["subjects"] = [s for s in subjects if s]
            self.contributors = [clean(c.text or "") for c in md.findall("dc:contributor", NS)]
            self.publisher = clean(md.findtext("dc:publisher", default="", namespaces=NS) or "")
            self.source = clean(md.findtext("dc:source", default="", namespaces=NS) or "")
        else:
            self.publisher = self.source = ""
        manifest: dict[str, tuple[str, str, str]] = {}
        for item in opf.iterfind(".//{*}manifest/{*}item"):
            href = unquote(item.get("href") or "")
            manifest[item.get("id") or ""] = (
                posixpath.normpath(posixpath.join(base, href)) if base else posixpath.normpath(href),
                item.get("media-type") or "",
                item.get("properties") or "",
            )
        self.spine: list[str] = []
        for ref in opf.iterfind(".//{*}spine/{*}itemref"):
            if (ref.get("linear") or "yes").lower() == "no":
                continue
            entry = manifest.get(ref.get("idref") or "")
            if entry is None:
                continue
            path, media, props = entry
            if "nav" in props.split() or not ("html" in media or path.endswith((".xhtml", ".html", ".htm"))):
                continue
            self.spine.append(path)
        if not self.spine:
            raise InputError(f"{label}: corrupt EPUB (its spine lists no readable pages)")

    def _opf_path(self) -> str:
        if not self.zf.has("META-INF/container.xml"):
            opfs = sorted(n for n in self.zf.names if n.endswith(".opf"))
            if opfs:
                return opfs[0]
            raise InputError(f"{self.label}: corrupt EPUB (META-INF/container.xml is missing)")
        root = _xml(self.zf.read("META-INF/container.xml"), "container.xml", self.label)
        rootfile = root.find(".//c:rootfile", NS)
        if rootfile is None:
            rootfile = root.find(".//{*}rootfile")
        path = rootfile.get("full-path") if rootfile is not None else None
        if not path:
            raise InputError(f"{self.label}: corrupt EPUB (container.xml names no package file)")
        return unquote(path)

    def page(self, path: str):
        """The parsed page (lxml.html tree); a page missing from the archive is an error."""
        text, _enc = decode_html(self.zf.read(path), f"{self.label}:{path}")
        return parse_html(text, f"{self.label}:{path}")


def read_epub(data: bytes, name: str | None = None) -> Document:
    """A document from an EPUB file's bytes."""
    label = name or "the input"
    zf = SafeZip(data, name=name, what="EPUB")
    pkg = _Package(zf, label)
    pages = [(path, pkg.page(path)) for path in pkg.spine]
    if any(ao3.find_tags_list(tree) is not None and tree.find(".//div[@id='preface']") is not None
           or _is_ao3_page(tree) for _p, tree in pages):
        return _read_ao3(pages, pkg, name)
    if zf.find_suffix("title_page.xhtml") or any("fanficfare" in c.lower() for c in pkg.contributors):
        return _read_fanficfare(pages, pkg, name, zf)
    return _read_generic(pages, pkg, name)


def _is_ao3_page(tree) -> bool:
    return ao3.find_tags_list(tree) is not None and bool(
        tree.xpath(".//p[contains(@class,'message')]") or tree.xpath(".//div[@id='preface']")
    )


def _read_ao3(pages, pkg: _Package, name: str | None) -> Document:
    builder = StoryBuilder()
    builder.metadata.update(pkg.metadata)
    builder.metadata.pop("subjects", None)  # the preface has the same tags, typed
    for _path, tree in pages:
        body = body_of(tree)
        has_story = tree.find(".//div[@id='chapters']") is not None or tree.xpath(
            ".//div[contains(@class,'userstuff') and not(ancestor::div[@id='preface']) "
            "and not(ancestor::div[@id='afterword'])]"
        )
        if tree.find(".//div[@id='preface']") is not None or ao3.find_tags_list(tree) is not None:
            ao3.fill_ao3(builder, body)
        elif tree.find(".//div[@id='afterword']") is not None:
            ao3.fill_afterword(builder, tree.find(".//div[@id='afterword']"))
        elif has_story:
            ao3.fill_chapters(builder, body, new_chapter=True)
    return builder.build(path=name, format="ao3-epub", encoding="utf-8")


def _title_page_metadata(tree, builder: StoryBuilder) -> None:
    """FanFicFare's title page: "<b>Label:</b> value<br/>" lines, or dl / table rows."""
    pairs: list[tuple[str, str]] = []
    for dt in tree.iter("dt"):
        dd = dt.getnext()
        if dd is not None and dd.tag == "dd":
            pairs.append((clean(dt.text_content()).rstrip(":"), clean(dd.text_content())))
    for tr in tree.iter("tr"):
        cells = [clean(td.text_content()) for td in tr if td.tag in ("td", "th")]
        if len(cells) == 2 and cells[0]:
            pairs.append((cells[0].rstrip(":"), cells[1]))
    if not pairs:
        for kind, text, _level in blocks(body_of(tree)):
            if kind == "h" and " by " in text and "title" not in builder.metadata:
                title, _sep, author = text.rpartition(" by ")
                builder.metadata["title"], builder.metadata["author"] = title.strip(), [author.strip()]
                continue
            for line in text.split("\n"):
                m = _LABEL_LINE_RE.match(line)
                if m:
                    pairs.append((m.group(1), m.group(2)))
    stats: dict[str, Any] = {}
    for label, value in pairs:
        key = label.strip().lower()
        if key in ("summary", "description"):
            builder.add_note("summary", value, work_level=True)
        elif key in FFF_KEYS:
            mkey = FFF_KEYS[key]
            if mkey in LIST_KEYS:
                builder.metadata[mkey] = [v.strip() for v in value.split(",") if v.strip()]
            elif mkey == "series":
                builder.metadata["series"] = [{"title": value, "part": None, "url": None}]
            else:
                builder.metadata[mkey] = value
        elif key in FFF_STATS:
            number = value.replace(",", "")
            stats[key] = int(number) if number.isdigit() else value
        elif value:
            builder.metadata.setdefault("other", {})[key] = value
    if stats:
        builder.metadata["stats"] = stats


def _read_fanficfare(pages, pkg: _Package, name: str | None, zf: SafeZip) -> Document:
    builder = StoryBuilder()
    builder.metadata.update(pkg.metadata)
    builder.metadata.pop("subjects", None)
    title_page = next((tree for path, tree in pages if path.endswith("title_page.xhtml")), None)
    if title_page is None:
        path = zf.find_suffix("title_page.xhtml")
        title_page = pkg.page(path) if path else None
    if title_page is not None:
        _title_page_metadata(title_page, builder)
    for path, tree in pages:
        if _SKIP_NAME_RE.search(posixpath.basename(path)):
            continue
        body = body_of(tree)
        heading = tree.xpath(".//*[contains(@class,'fff_chapter_title')]")
        title = clean(heading[0].text_content()) if heading else None
        for el in heading:
            el.drop_tree()
        notes = tree.xpath(".//*[contains(@class,'fff_chapter_notes')]")
        note_texts = ["\n\n".join(t for k, t, _ in blocks(el) if k != "hr") for el in notes]
        for el in notes:
            el.drop_tree()
        if title is None:
            first = next(iter(blocks(body)), None)
            if first is not None and first[0] == "h":
                title = first[1]
                h = body.xpath(".//h1|.//h2|.//h3|.//h4")
                if h:
                    h[0].drop_tree()
        builder.start_chapter(title)
        for text in note_texts:
            builder.add_note("chapter_note", text)
        _add_body(builder, body)
    return builder.build(path=name, format="fanficfare-epub", encoding="utf-8")


def _add_body(builder: StoryBuilder, body) -> None:
    for kind, text, _level in blocks(body):
        if kind == "hr":
            builder.add_scene_break()
        else:
            builder.add_paragraph(text)


def _read_generic(pages, pkg: _Package, name: str | None) -> Document:
    builder = StoryBuilder()
    builder.metadata.update(pkg.metadata)
    for path, tree in pages:
        if _SKIP_NAME_RE.search(posixpath.basename(path)):
            continue
        items = list(blocks(body_of(tree)))
        if not any(kind == "p" for kind, _t, _l in items):
            continue
        title = None
        if items and items[0][0] == "h":
            title = items[0][1]
            items = items[1:]
        builder.start_chapter(title)
        # later headings of the page stay paragraphs: one spine page is one chapter
        for kind, text, _level in items:
            if kind == "hr":
                builder.add_scene_break()
            else:
                builder.add_paragraph(text)
    return builder.build(path=name, format="epub", encoding="utf-8")
