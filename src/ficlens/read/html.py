"""HTML to story paragraphs (generic web pages and saved stories; AO3 in ao3.py).

Why a walker of our own instead of ``text_content()``: the story's paragraph breaks
matter to every later stage (paragraphs, scenes, dialogue turns), and ``text_content``
loses them. Block elements end a paragraph, ``<br>`` is a line break inside one, ``<hr>``
is a scene break, and script/style/head are never text. The walk is iterative, so a
deeply nested page cannot overflow the stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..document import Document
from ..errors import InputError
from .build import StoryBuilder
from .decode import decode_text, normalise_newlines, utf16_without_bom
from .notes import is_heading

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote table thead tbody tfoot tr td th section "
    "article header footer pre dl dt dd center address figure figcaption main nav aside "
    "details summary form fieldset legend caption body html".split()
)
SKIP_TAGS = frozenset("script style noscript template head title iframe object embed svg math select button".split())
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACE_RE = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENC_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.IGNORECASE)

MAX_DEPTH = 2048  # libxml2's nesting limit even with huge_tree
_BR = "\x1e"  # stands for <br> while a paragraph is collected; never in decoded text
Block = tuple[str, str, int]  # ("p" | "h" | "hr", text, heading level)


@lru_cache(maxsize=1)
def _parser():  # noqa: ANN202 - lxml type, imported lazily like the rest of lxml here
    import lxml.html

    return lxml.html.HTMLParser(huge_tree=True)


def decode_html(data: bytes, name: str | None = None) -> tuple[str, str]:
    """Decoded HTML text: declared charset when UTF-8 does not fit, else our detector."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(data):
        return decode_text(data, name)
    try:
        return normalise_newlines(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET_RE.search(data[:4096]) or _XML_ENC_RE.search(data[:512])
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            enc = "cp1252"  # what browsers do, and what such pages really hold
        try:
            return normalise_newlines(data.decode(enc)), enc
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_text(data, name)


def parse_html(text: str, name: str | None = None):
    """An lxml element tree of an HTML (or XHTML) document; one-line error when hopeless."""
    import lxml.html
    from lxml import etree

    text = _XML_DECL_RE.sub("", text, count=1).replace(_BR, " ")
    if not text.strip():
        raise InputError(f"{name or 'the input'}: empty: no text, or only white space")
    try:
        # huge_tree: unclosed <div>/<font> tags nest deeper than lxml's default limit
        # (~255), which would silently drop every paragraph after it.
        parser = _parser()
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        if "Excessive depth" in str(exc):
            raise InputError(_too_deep(name)) from None
        raise InputError(f"{name or 'the input'}: cannot parse the HTML ({str(exc).splitlines()[0] if str(exc) else 'no content'})") from None
    # libxml2 stops at a depth it cannot go past and drops the rest of the page, so
    # the story would look empty: say what is wrong instead (issue #14)
    if any("Excessive depth" in e.message for e in parser.error_log):
        raise InputError(_too_deep(name))
    return tree


def _too_deep(name: str | None) -> str:
    return (f"{name or 'the input'}: the markup nests elements more than {MAX_DEPTH:,} levels "
            "deep, too deep to read")


def clean(text: str) -> str:
    """Collapse HTML white space (including no-break spaces) to single spaces."""
    return _SPACE_RE.sub(" ", text).strip()


def blocks(root) -> Iterator[Block]:
    """Paragraphs, headings and scene breaks of an element, in document order."""
    from lxml import etree

    buf: list[str] = []
    heading: list[int] = []  # levels of open heading elements
    pre = 0

    def flush() -> Iterator[Block]:
        if not buf:
            return
        raw = "".join(buf)
        buf.clear()
        if pre:
            lines = [ln.rstrip() for ln in raw.replace(_BR, "\n").split("\n")]
        else:
            lines = [clean(ln) for ln in raw.split(_BR)]
        para = "\n".join(ln for ln in lines if ln.strip())
        if para:
            if heading:
                yield ("h", para.replace("\n", " "), heading[-1])
            else:
                yield ("p", para, 0)

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event in ("comment", "pi"):
            if el.tail:
                buf.append(el.tail)
            continue
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is not None:
            tag = tag.rsplit("}", 1)[-1].lower()
        if event == "start":
            if tag is None:
                continue
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                # the end event still comes for a skipped element; its tail is added there
                continue
            if tag in BLOCK_TAGS or tag == "hr":
                yield from flush()
                if tag in HEADING_TAGS:
                    heading.append(HEADING_TAGS[tag])
                if tag == "pre":
                    pre += 1
            if tag == "hr":
                yield ("hr", "", 0)
            elif tag == "br":
                buf.append(_BR)
            elif tag == "img" and el.get("alt") and clean(el.get("alt", "")) in ("* * *", "***", "~~~"):
                yield from flush()
                yield ("hr", "", 0)
            if el.text and tag not in SKIP_TAGS:
                buf.append(el.text)
        else:
            if tag is not None and (tag in BLOCK_TAGS) and tag not in SKIP_TAGS:
                yield from flush()
                if tag in HEADING_TAGS and heading:
                    heading.pop()
                if tag == "pre":
                    pre -= 1
            if el.tail and el is not root:
                buf.append(el.tail)
    yield from flush()


def body_of(tree):
    """The ``<body>`` element, or the tree itself for a fragment."""
    found = tree.find(".//body")
    return found if found is not None else tree


def fill_generic(builder: StoryBuilder, root) -> None:
    """Add a generic page's paragraphs to ``builder``, making chapters from headings.

    Headings of the shallowest level that occurs at least twice split chapters (a page of
    several chapters under ``<h2>``); failing that, headings that read like "Chapter 3"
    do. A lone heading before any text is the title of the work, not story text.
    """
    items = list(blocks(root))
    levels = [lvl for kind, _t, lvl in items if kind == "h"]
    split_level = next((lvl for lvl in sorted(set(levels)) if levels.count(lvl) >= 2 and lvl <= 3), None)
    seen_text = False
    for kind, text, level in items:
        if kind == "hr":
            builder.add_scene_break()
        elif kind == "h" and (level == split_level or (split_level is None and is_heading(text))):
            builder.start_chapter(text)
        elif kind == "h" and not seen_text:
            if "title" not in builder.metadata:
                builder.metadata["title"] = text
            else:
                builder.add_note("heading", text, work_level=True)
        else:
            builder.add_paragraph(text)
            seen_text = True


def read_html_tree(tree, name: str | None = None, encoding: str | None = None) -> Document:  # noqa: ANN001
    """A document from a parsed generic HTML page (AO3 downloads go to ao3.py; the
    reader in ``read/__init__.py`` decides)."""
    builder = StoryBuilder()
    title = tree.findtext(".//title")
    if title and clean(title):
        builder.metadata["title"] = clean(title)
    for meta in tree.iterfind(".//meta"):
        if (meta.get("name") or "").lower() == "author" and meta.get("content"):
            builder.metadata["author"] = [clean(meta.get("content"))]
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        builder.metadata["language"] = lang
    fill_generic(builder, body_of(tree))
    return builder.build(path=name, format="html", encoding=encoding)
