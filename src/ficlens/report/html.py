"""The HTML report: one self-contained file a person can open, share, print or read on a phone.

Why self-contained and locked down: reports are mailed around and opened from disk, and
the story text and every name in it come from strangers' files. So the CSS and the
network picture are inline, nothing is fetched (no fonts, no images, no scripts from
elsewhere), every text value goes through :func:`html.escape` with ``quote=True``, and a
strict Content-Security-Policy allows only the one small table-sorting script, by hash.
The page works with scripts off: the cast table is then a plain table.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import PurePath
from typing import Any

from ..document import Character, Document
from .colors import assign_colors
from .network_svg import render_network
from .story_html import Inline, Marker, excerpt, render_story

# Sorts a table when a header is clicked. Kept tiny and constant: the page's CSP
# allows exactly this text by its sha256 hash and nothing else.
SORT_SCRIPT = """(function(){
function key(td,num){var v=td.getAttribute('data-v');if(v===null)v=td.textContent.trim().toLowerCase();return num?parseFloat(v)||0:v;}
var ts=document.querySelectorAll('table.sortable');
for(var t=0;t<ts.length;t++)(function(tb){
var ths=tb.tHead.rows[0].cells;
for(var c=0;c<ths.length;c++)(function(th,i){
var b=document.createElement('button');b.type='button';b.className='sort';
while(th.firstChild)b.appendChild(th.firstChild);th.appendChild(b);
b.addEventListener('click',function(){
var num=th.getAttribute('data-type')==='num',cur=th.getAttribute('aria-sort');
var asc=cur?cur!=='ascending':!num;
for(var k=0;k<ths.length;k++)ths[k].removeAttribute('aria-sort');
th.setAttribute('aria-sort',asc?'ascending':'descending');
var body=tb.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(x,y){var a=key(x.cells[i],num),z=key(y.cells[i],num);var r=a<z?-1:a>z?1:0;return asc?r:-r;});
for(var r=0;r<rows.length;r++)body.appendChild(rows[r]);
});})(ths[c],c);})(ts[t]);
})();"""

KEY_SPEAKERS = 14  # speakers named in the colour key above the story; the table has all
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()


def csp(form_action: str = "'none'") -> str:
    """The Content-Security-Policy of the report: nothing loads, only our script runs."""
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; "
            f"img-src data:; base-uri 'none'; form-action {form_action}")


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The report's CSS, shipped as package data so designers can edit a .css file."""
    return resources.files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _meta_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value if v is not None)
    value = " ".join(str(value).split())
    return value or None


def title_of(doc: Document) -> str:
    """What to call the story: its metadata title, else the file name, else a stand-in."""
    title = _meta_str(doc.source.metadata.get("title"))
    if title:
        return title
    if doc.source.path:
        return PurePath(doc.source.path).name or doc.source.path
    return "Untitled story"


def page(title: str, body: str, *, extra_css: str = "", form_action: str = "'none'") -> str:
    """A full HTML page around ``body`` with the report's CSS, CSP and sorting script."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp(form_action))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="ficlens">\n'
        f"<title>{_e(title)} \u2014 ficlens report</title>\n"
        f"<style>\n{stylesheet()}{extra_css}\n</style>\n</head>\n<body>\n<div class=\"wrap\">\n"
        f"{body}\n"
        '<footer>Made by ficlens on this computer; nothing in this page loads from the '
        'internet.</footer>\n</div>\n'
        f"<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n"
    )


class _Ctx:
    """Look-ups the sections share: names and colour classes by character id."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.by_id: dict[str, Character] = {c.id: c for c in doc.characters}
        extra_ids: dict[str, None] = {}  # ordered set
        for u in doc.utterances:  # speakers the cast list does not know still get a colour
            for cid in (u.speaker, *u.addressees):
                if cid and cid not in self.by_id:
                    extra_ids[cid] = None
        for sc in doc.scenes:
            if sc.pov and sc.pov not in self.by_id:
                extra_ids[sc.pov] = None
        extra = [Character(id=i, name=i) for i in extra_ids]
        self.colors = assign_colors([*doc.characters, *extra])
        self.cls = {cid: f"c{n}" for n, cid in enumerate(self.colors)}
        self.lines: dict[str, int] = {}
        for u in doc.utterances:
            if u.speaker:
                self.lines[u.speaker] = self.lines.get(u.speaker, 0) + 1

    def name(self, cid: str | None) -> str:
        if cid is None:
            return "unknown"
        c = self.by_id.get(cid)
        return c.name if c else cid

    def color_css(self) -> str:
        return "".join(f".{self.cls[cid]}{{--c:{light};--cd:{dark}}}"
                       for cid, (light, dark) in self.colors.items())


def _num(value: object) -> str:
    """A score for people: two decimals, or the value as text if it is not a number."""
    try:
        return f"{float(value):.2f}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _e(value)


def _chips(values: Iterable[str]) -> str:
    return "".join(f'<span class="chip">{_e(v)}</span>' for v in values)


def _header(doc: Document, ctx: _Ctx) -> str:
    meta = doc.source.metadata
    parts = ['<header class="top"><p class="kicker">ficlens report</p>',
             f"<h1>{_e(title_of(doc))}</h1>"]
    byline = []
    author = _meta_str(meta.get("author") or meta.get("authors"))
    if author:
        byline.append(f"by {_e(author)}")
    fandom = doc.fandom or _meta_str(meta.get("fandom") or meta.get("fandoms"))
    if fandom:
        byline.append(_e(fandom))
    if doc.source.path and _meta_str(meta.get("title")):
        byline.append(_e(PurePath(doc.source.path).name))
    if byline:
        parts.append('<p class="byline">' + " \u00b7 ".join(byline) + "</p>")

    stats = [(f"{doc.words:,}", "words"), (str(len(doc.chapters)), "chapters"),
             (str(len(doc.scenes)), "scenes"), (str(len(doc.characters)), "characters"),
             (str(len(doc.utterances) or len({q.utterance for q in doc.quotes})), "lines of dialogue")]
    if doc.narration:
        stats.append((f"{doc.narration.person} person", "narration"))
        if doc.narration.pov:
            stats.append((ctx.name(doc.narration.pov), "point of view"))
    rating = (doc.rating.rating if doc.rating else None) or (doc.tags.rating if doc.tags else None)
    items = "".join(f"<li><b>{_e(v)}</b><span>{_e(k)}</span></li>" for v, k in stats)
    if rating:
        word = _e(rating.split()[0]) if rating.split() else ""
        items += (f'<li><b><span class="badge rating-{word}">{_e(rating)}</span></b>'
                  "<span>suggested rating</span></li>")
    parts.append(f'<ul class="stats">{items}</ul>')

    rows: list[tuple[str, Iterable[str]]] = []
    warnings = [w.warning for w in doc.warnings]
    t = doc.tags
    if t is not None:
        rows += [("Fandoms", t.fandoms), ("Warnings", t.warnings or warnings),
                 ("Categories", t.categories), ("Relationships", t.relationships),
                 ("Characters", t.characters), ("Additional tags", t.additional)]
    else:
        rows += [("Warnings", warnings), ("Relationships", [r.tag for r in doc.relationships])]
    tag_html = "".join(f"<dt>{_e(k)}</dt><dd>{_chips(v)}</dd>" for k, v in rows if v)
    if tag_html:
        parts.append(f'<dl class="tags" aria-label="suggested tags">{tag_html}</dl>')
    parts.append("</header>")
    return "".join(parts)


def _cast(doc: Document, ctx: _Ctx) -> str:
    if not doc.characters:
        return '<p class="empty">No characters were found.</p>'
    rows = []
    for c in sorted(doc.characters, key=lambda c: (-c.mentions, c.name.lower(), c.id)):
        aliases = [a for a in (*c.aliases, *c.variants) if a != c.name]
        lines = ctx.lines.get(c.id, 0)
        rows.append(
            f'<tr><td class="who"><span class="sw ck {ctx.cls[c.id]}"></span>{_e(c.name)}</td>'
            f'<td class="canon">{_e(c.canonical or "")}</td>'
            f'<td class="aka">{_e(", ".join(aliases))}</td>'
            f'<td>{_e(c.pronouns or "")}</td>'
            f'<td class="num" data-v="{c.mentions}">{c.mentions:,}</td>'
            f'<td class="num" data-v="{lines}">{lines:,}</td></tr>'
        )
    return ('<div class="scroll"><table class="sortable cast"><thead><tr>'
            '<th>Name</th><th class="canon">Canonical name</th><th class="aka">Aliases</th>'
            '<th>Pronouns</th><th class="num" data-type="num" aria-sort="descending">Mentions</th>'
            '<th class="num" data-type="num">Lines spoken</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _quote_inlines(doc: Document, ctx: _Ctx) -> list[Inline]:
    by_utt = {u.id: u for u in doc.utterances}
    out = []
    for n, q in enumerate(doc.quotes):
        u = by_utt.get(q.utterance)
        speaker = u.speaker if u else None
        if speaker:
            tip = f"{ctx.name(speaker)}"
            if u and u.addressees:
                tip += " \u2192 " + ", ".join(ctx.name(a) for a in u.addressees)
            cls = f"q ck {ctx.cls[speaker]}"
        else:
            tip = "speaker unknown"
            if u and u.addressees:
                tip += " \u2192 " + ", ".join(ctx.name(a) for a in u.addressees)
            cls = "q unk"
        out.append(Inline(q.start, q.end, 0, n, "span", f'class="{cls}" title="{_e(tip)}"'))
    return out


def _evidence_list(doc: Document, items: list[tuple[str, int, int, str]]) -> str:
    lis = "".join(
        f'<li><a href="#{anchor}" class="ex">\u201c{excerpt(doc.text, s, e)}\u201d</a> '
        f'<span class="kind">{_e(reason)}</span></li>'
        for anchor, s, e, reason in items
    )
    return f'<ul class="items">{lis}</ul>' if lis else ""


def _details(summary: str, inner: str, open_: bool) -> str:
    return f"<details{' open' if open_ else ''}><summary>{summary}</summary>{inner}</details>"


def _sections(doc: Document, ctx: _Ctx) -> tuple[list[tuple[str, str, str, str]], list[Inline]]:
    """(id, heading, count note, html) for each section, and the marks for the story."""
    inlines = _quote_inlines(doc, ctx)
    order = len(inlines)
    sections = [("cast", "Cast", f"{len(doc.characters)}", _cast(doc, ctx)),
                ("network", "Character network", "", render_network(doc, ctx.cls))]

    if doc.relationships:
        lis = []
        for r_i, rel in enumerate(doc.relationships):
            ev = []
            for e_i, ev_item in enumerate(rel.evidence):
                anchor = f"rel-{r_i}-{e_i}"
                order += 1
                inlines.append(Inline(ev_item.start, ev_item.end, 1, order, "mark",
                                      f'class="rel" title="{_e(rel.tag)}: {_e(ev_item.reason)}"',
                                      anchor))
                ev.append((anchor, ev_item.start, ev_item.end, ev_item.reason))
            lis.append(f'<li><b>{_e(rel.tag)}</b> <span class="kind">{_e(rel.kind)}, '
                       f"strength {_num(rel.strength)}</span>"
                       + (_details(f"{len(ev)} passage(s)", _evidence_list(doc, ev), False)
                          if ev else "") + "</li>")
        sections.append(("pairings", "Pairings", f"{len(doc.relationships)}",
                         f'<ul class="items">{"".join(lis)}</ul>'))

    if doc.rating is not None or doc.warnings:
        inner = []
        if doc.rating is not None:
            word = _e(doc.rating.rating.split()[0]) if doc.rating.rating.split() else ""
            inner.append(f'<p>Suggested rating: <span class="badge rating-{word}">'
                         f"{_e(doc.rating.rating)}</span></p>")
            if doc.rating.scores:
                inner.append('<div class="scores">' + "".join(
                    f"<span>{_e(k)}: {_num(v)}</span>" for k, v in doc.rating.scores.items())
                    + "</div>")
            ev = []
            for e_i, item in enumerate(doc.rating.evidence):
                anchor = f"ev-{e_i}"
                order += 1
                inlines.append(Inline(item.start, item.end, 2, order, "mark",
                                      f'class="ev" title="rating: {_e(item.reason)}"', anchor))
                ev.append((anchor, item.start, item.end, item.reason))
            inner.append(_evidence_list(doc, ev))
        for w_i, w in enumerate(doc.warnings):
            ev = []
            for e_i, item in enumerate(w.evidence):
                anchor = f"wn-{w_i}-{e_i}"
                order += 1
                inlines.append(Inline(item.start, item.end, 2, order, "mark",
                                      f'class="ev" title="{_e(w.warning)}: {_e(item.reason)}"',
                                      anchor))
                ev.append((anchor, item.start, item.end, item.reason))
            inner.append(f'<p>Archive warning: <span class="chip">{_e(w.warning)}</span></p>'
                         + _evidence_list(doc, ev))
        n_ev = (len(doc.rating.evidence) if doc.rating else 0) + sum(len(w.evidence)
                                                                     for w in doc.warnings)
        sections.append(("rating", "Rating and warnings", f"{n_ev} passage(s)", "".join(inner)))

    if doc.proofread is not None:
        if not doc.proofread:
            body = '<p class="empty">No proofreading problems found.</p>'
        else:
            lis = []
            for p_i, p in enumerate(doc.proofread):
                anchor = f"pr-{p_i}"
                fix = (" \u2192 " + ", ".join(p.suggestions)) if p.suggestions else ""
                order += 1
                inlines.append(Inline(p.start, p.end, 3, order, "mark",
                                      f'class="pr" title="{_e(p.kind)}: {_e(p.message)}{_e(fix)}"',
                                      anchor))
                lis.append(f'<li><a href="#{anchor}" class="ex">\u201c{excerpt(doc.text, p.start, p.end, 60)}'
                           f'\u201d</a> <span class="kind">{_e(p.kind)}</span> {_e(p.message)}'
                           + (f" <b>{_e(fix)}</b>" if fix else "") + "</li>")
            body = _details(f"{len(lis)} note(s)", f'<ul class="items">{"".join(lis)}</ul>',
                            len(lis) <= 60)
        sections.append(("proofreading", "Proofreading", f"{len(doc.proofread)}", body))

    if doc.source.notes:
        notes = "".join(f'<div class="note"><span class="kind">{_e(n.kind.replace("_", " "))}'
                        f"</span>\n{_e(n.text)}</div>" for n in doc.source.notes)
        sections.append(("notes", "Notes in the file", f"{len(doc.source.notes)}",
                         _details("Author's notes, summary and other text that is not story",
                                  notes, False)))
    return sections, inlines


def _title_line(doc: Document, start: int, title: str) -> int | None:
    """Where the chapter's own title line starts in the text, if the text repeats it.

    Why: most files print "Chapter 1. I Am Born" as the chapter's first line; a heading
    above it would say the same thing twice, so that line becomes the heading.
    """
    head = doc.text[start:start + len(title) + 200]
    stripped = head.lstrip()
    line = stripped.split("\n", 1)[0].strip()
    if line and " ".join(line.split()).casefold() == " ".join(title.split()).casefold():
        return start + (len(head) - len(stripped)) + stripped.index(line[0])
    return None


def _markers(doc: Document, ctx: _Ctx) -> tuple[list[Marker], dict[int, str]]:
    """Chapter headings and scene breaks to put between paragraphs, and title lines."""
    out: list[Marker] = []
    headings: dict[int, tuple[str, str]] = {}
    chapter_starts = {c.start for c in doc.chapters}
    if len(doc.chapters) > 1 or any(c.title for c in doc.chapters):
        for i, ch in enumerate(doc.chapters):
            title = ch.title or f"Chapter {i + 1}"
            heading = f'<h3 class="chapter" id="ch-{i}">{_e(title)}</h3>\n'
            at = _title_line(doc, ch.start, ch.title) if ch.title else None
            if at is not None:
                headings[at] = (f"ch-{i}", heading)
            else:
                out.append(Marker(ch.start, 2 * i, heading))
    for i, sc in enumerate(doc.scenes):
        is_break = i > 0 and sc.start not in chapter_starts
        if not is_break and not sc.pov:
            continue
        glyph = '<span class="glyph" aria-hidden="true">\u2042</span>' if is_break else ""
        label = f"Scene {i + 1}"
        if sc.pov:
            label += f" \u00b7 point of view: {ctx.name(sc.pov)}"
        pov_cls = f" ck {ctx.cls[sc.pov]}" if sc.pov in ctx.cls else ""
        out.append(Marker(sc.start, 2 * len(doc.chapters) + i,
                          f'<div class="scene" id="scene-{i}" role="separator">{glyph}'
                          f'<span class="pov{pov_cls}">{_e(label)}</span></div>\n'))
    return out, headings


def _speaker_key(doc: Document, ctx: _Ctx) -> str:
    speakers = sorted(ctx.lines, key=lambda s: (-ctx.lines[s], ctx.name(s)))
    if not doc.quotes:
        return ""
    items = "".join(f'<span class="q ck {ctx.cls[s]}">{_e(ctx.name(s))}</span>'
                    for s in speakers[:KEY_SPEAKERS])
    if len(speakers) > KEY_SPEAKERS:
        items += f'<span class="kind">and {len(speakers) - KEY_SPEAKERS} more speakers</span>'
    if any(not (u.speaker) for u in doc.utterances) or not doc.utterances:
        items += '<span class="q unk">speaker unknown</span>'
    return f'<div class="key" aria-label="dialogue colours">{items}</div>'


def render_parts(doc: Document) -> tuple[str, str]:
    """(CSS for the character colours, the report's content) without the page around them."""
    ctx = _Ctx(doc)
    sections, inlines = _sections(doc, ctx)
    markers, headings = _markers(doc, ctx)
    story = render_story(doc, inlines, markers, headings)
    toc = "".join(f'<a href="#{sid}">{_e(head)}</a>' for sid, head, _, _ in sections)
    toc += '<a href="#story">Story</a>'
    parts = [_header(doc, ctx),
             f'<nav class="toc" aria-label="sections">{toc}</nav>']
    for sid, head, note, inner in sections:
        small = f" <small>{_e(note)}</small>" if note else ""
        parts.append(f'<section class="card" id="{sid}"><h2>{_e(head)}{small}</h2>{inner}</section>')
    parts.append('<section class="card" id="story"><h2>Story</h2>'
                 f'{_speaker_key(doc, ctx)}<article class="story">{story}</article></section>')
    return ctx.color_css(), "\n".join(parts)


def render_html(doc: Document) -> str:
    """The whole report as one self-contained HTML page."""
    css, body = render_parts(doc)
    return page(title_of(doc), body, extra_css=css)


__all__ = ["SCRIPT_HASH", "SORT_SCRIPT", "csp", "page", "render_parts", "render_html", "title_of"]
