"""The HTML report: self-contained, escaped, well nested, and showing what the stages found."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from ficlens.document import (
    Chapter,
    Character,
    Document,
    Evidence,
    Interaction,
    Narration,
    Note,
    Problem,
    Quote,
    Rating,
    Relationship,
    Scene,
    Source,
    Span,
    Tags,
    Utterance,
    Warning,
)
from ficlens.report.html import SORT_SCRIPT, render_html
from ficlens.report.story_html import Inline, render_story

STORY = (
    "Anna Reyes walked into the kitchen. Tom was already there, burning toast.\n"
    "\u201cGood morning,\u201d Tom said. \u201cI made breakfast.\u201d\n"
    "\u201cYou made charcoal,\u201d Anna said, laughing. \u201cAgain.\u201d\n"
    "He kissed her cheek. She smelled the smoke and the coffe.\n"
    "* * *\n"
    "Later, Mrs. Okafor knocked. \u201cIs everything all rihgt in there?\u201d she asked.\n"
    "\u201cPerfectly fine!\u201d Anna called back.\n"
)


def _find(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def make_story_doc(text: str = STORY, anna_name: str = "Anna Reyes") -> Document:
    """A small story with every stage's output filled in by hand."""
    quotes = [(m.start(), m.end(), m.group(1)) for m in re.finditer("\u201c([^\u201d]*)\u201d", text)]
    utt_of = ([0, 0, 1, 1, 2, 3] + [1] * len(quotes))[: len(quotes)]
    q = tuple(Quote(s, e, t, utt_of[i]) for i, (s, e, t) in enumerate(quotes))
    utterances = (
        Utterance(0, (0, 1), "tom", ("anna",), "explicit", 0.9),
        Utterance(1, (2, 3), "anna", ("tom",), "explicit", 0.9),
        Utterance(2, (4,), "okafor", ("anna", "tom"), "anaphoric", 0.7),
        Utterance(3, (5,), None, (), None, None),
    )
    characters = (
        Character("anna", anna_name, ("Anna",), 4, "she/her", canonical="Anna Reyes (Original)"),
        Character("tom", "Tom", ("Tommy",), 3, "he/him", variants=("Thom",)),
        Character("okafor", "Mrs. Okafor", ("Mrs. Okafor",), 1, "she/her"),
    )
    kiss = _find(text, "He kissed her cheek.")
    typo = _find(text, "coffe")
    typo2 = _find(text, "rihgt")
    brk = text.index("* * *")
    overlap = (quotes[1][0] + 3, quotes[2][0] + 5)  # starts inside one quote, ends in another
    return Document(
        text=text,
        source=Source(path="/tmp/kitchen.txt", format="text",
                      metadata={"title": "Burnt Toast", "author": "A. Writer"}),
        chapters=(Chapter(0, len(text), "One: Breakfast"),),
        scenes=(Scene(0, brk, 0, "anna"), Scene(brk, len(text), 0, "tom")),
        quotes=q,
        utterances=utterances,
        characters=characters,
        narration=Narration("third", "anna"),
        interactions=(Interaction("anna", "tom", 3, 2, 1, 0.8, 0.1),
                      Interaction("anna", "okafor", 1, 1, 0, 0.0, 0.2)),
        relationships=(Relationship("Anna Reyes/Tom", ("anna", "tom"), "romantic", 0.8,
                                    (Evidence(*kiss, "kiss"),)),),
        rating=Rating("Teen And Up Audiences", {"General Audiences": 0.3, "Teen And Up Audiences": 0.6},
                      (Evidence(*kiss, "kissing"), Evidence(*overlap, "test overlap"))),
        warnings=(Warning("No Archive Warnings Apply"),),
        tags=Tags(fandoms=("Original Work",), rating="Teen And Up Audiences",
                  relationships=("Anna Reyes/Tom",), characters=("Anna Reyes", "Tom"),
                  additional=("Fluff",)),
        proofread=(Problem(*typo, "spelling", "possible misspelling", ("coffee",), True),
                   Problem(*typo2, "spelling", "possible misspelling", ("right",), True)),
    )


class _Checker(HTMLParser):
    """Fails on mis-nested tags, and collects ids, script and external references."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "circle", "line"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        if "id" in d:
            self.ids.append(d["id"] or "")
        if tag not in self.VOID:
            self.stack.append(tag)
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def check_html(html: str) -> _Checker:
    c = _Checker()
    c.feed(html)
    c.close()
    assert not c.errors, c.errors[:5]
    assert c.stack == [], c.stack
    assert len(c.ids) == len(set(c.ids)), "duplicate ids"
    return c


def test_full_document_renders_every_part():
    doc = make_story_doc()
    html = render_html(doc)
    c = check_html(html)
    assert "<title>Burnt Toast" in html and "by A. Writer" in html
    # header: words, chapters, scenes, narration, pov, rating, tags
    assert f"<b>{doc.words:,}</b><span>words</span>" in html
    assert "third person" in html and "point of view" in html
    assert "Teen And Up Audiences" in html and '<span class="chip">Fluff</span>' in html
    # cast table: one row per character with canonical name, aliases, pronouns, lines
    rows = re.findall(r"<tr><td class=\"who\">.*?</tr>", html)
    assert len(rows) == 3
    assert "Anna Reyes (Original)" in rows[0] and "Anna" in rows[0] and "she/her" in rows[0]
    assert rows[1].endswith('data-v="1">1</td></tr>') and "Tommy, Thom" in rows[1]  # 1 utterance
    # network: three nodes, two edges, the romantic pair marked
    assert html.count('<g class="node ck') == 3
    assert html.count('<line class="edge romantic"') == 1 and html.count('<line class="edge"') == 1
    # dialogue coloured per speaker, tooltips naming speaker and addressees
    assert 'title="Tom \u2192 Anna Reyes"' in html
    assert 'title="Mrs. Okafor \u2192 Anna Reyes, Tom"' in html
    assert 'class="q unk" title="speaker unknown"' in html
    # highlights with anchors, and lists that link to them
    for anchor in ("ev-0", "ev-1", "pr-0", "pr-1", "rel-0-0", "scene-1"):
        assert anchor in c.ids
        if not anchor.startswith("scene"):
            assert f'href="#{anchor}"' in html
    assert "\u2192 coffee" in html
    assert "point of view: Tom" in html  # scene POV marked
    assert '<h3 class="chapter" id="ch-0">One: Breakfast</h3>' in html
    assert html.count("<p>") >= 7


def test_each_speaker_has_one_stable_colour():
    doc = make_story_doc()
    html = render_html(doc)
    classes = {}
    for m in re.finditer(r'class="q ck (c\d+)" title="([^"\u2192]+?) \u2192', html):
        classes.setdefault(m.group(2), set()).add(m.group(1))
    assert set(classes) == {"Tom", "Anna Reyes", "Mrs. Okafor"}
    assert all(len(v) == 1 for v in classes.values())
    assert len({next(iter(v)) for v in classes.values()}) == 3
    # the same character keeps the same colour when another character joins the cast
    colour = re.search(r"\.(c\d+)\{--c:(#\w+)", html)
    assert colour
    bigger = doc.evolve(characters=(*doc.characters, Character("zed", "Zed", (), 0)))
    assert render_html(bigger).count(f"--c:{colour.group(2)}") == 1


def test_overlapping_spans_are_split_not_broken():
    text = "one \u201ctwo three\u201d four five\nsix seven"
    doc = Document(text=text, source=Source(None, "text"))
    spans = [
        Inline(4, 17, 0, 0, "span", 'class="q"'),            # the quotation
        Inline(9, 23, 2, 1, "mark", 'class="ev"', "ev-0"),    # starts inside, ends after
        Inline(0, 30, 3, 2, "mark", 'class="pr"', "pr-0"),    # crosses the paragraph break
        Inline(5, 8, 3, 3, "mark", 'class="pr"', "pr-1"),     # nested inside
    ]
    out = render_story(doc, spans, [])
    c = check_html(f"<div>{out}</div>")
    assert c.ids.count("ev-0") == 1 and c.ids.count("pr-0") == 1
    assert re.sub(r"<[^>]+>", "", out).replace("\n", "") == text.replace("\n", "")
    assert out.count("<p>") == 2
    # the long proofreading mark is continued in the second paragraph without its id
    assert '<p><mark class="pr">six' in out


def test_spans_out_of_range_do_not_crash():
    text = "Short text."
    doc = Document(text=text, source=Source(None, "text"),
                   quotes=(Quote(5, 500, "x", 0), Quote(-3, 2, "y", 1), Quote(4, 4, "", 2)),
                   proofread=(Problem(8, 8, "spelling", "empty"),))
    html = render_html(doc)
    check_html(html)
    assert "Short text." in re.sub(r"<[^>]+>", "", html)


def test_empty_document_renders():
    doc = Document(text="Just one line of story.", source=Source(None, "text"))
    html = render_html(doc)
    check_html(html)
    assert "Untitled story" in html
    assert "No characters were found" in html
    assert "<p>Just one line of story.</p>" in html
    assert 'id="rating"' not in html and 'id="proofreading"' not in html


HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
           "' onmouseover='alert(1)"]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_and_names_are_escaped(payload):
    text = f"Anna said hi. {payload} \u201cHello {payload}\u201d\n"
    doc = make_story_doc(text=STORY + text, anna_name=f"Anna {payload}")
    n = len(doc.text)
    doc = doc.evolve(
        source=Source(payload, "text", metadata={"title": payload, "author": payload},
                      notes=(Note("note", payload),)),
        chapters=(Chapter(0, n // 2, payload), Chapter(n // 2, n, None)),
        scenes=(Scene(0, n, 0, payload),),
        relationships=(Relationship(f"{payload}/Tom", ("anna", "tom"), "romantic", 1.0,
                                    (Evidence(0, 5, payload),)),),
        rating=Rating(payload, {payload: 0.5}, (Evidence(3, 9, payload),)),
        warnings=(Warning(payload, (Evidence(2, 4, payload),)),),
        proofread=(Problem(1, 4, payload, payload, (payload,)),),
        utterances=(*doc.utterances[:3], Utterance(3, (5,), payload, (payload,))),
        tags=Tags(additional=(payload,), fandoms=(payload,)))
    html = render_html(doc)
    c = check_html(html)
    assert [t for t, _ in c.tags if t in ("img", "iframe", "object")] == []
    assert c.scripts == [SORT_SCRIPT]
    assert all(not k.startswith("on") for _, attrs in c.tags for k in attrs)
    assert "&lt;" in html or "&#x27;" in html


def test_self_contained_with_strict_csp():
    html = render_html(make_story_doc())
    c = check_html(html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html and "url(" not in html
    csp = next(a["content"] for t, a in c.tags if t == "meta" and a.get("http-equiv"))
    digest = base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()
    assert "default-src 'none'" in csp and f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert 'name="viewport"' in html
    assert "@media print" in html and "prefers-color-scheme: dark" in html


def test_network_is_deterministic_and_sized_by_mentions():
    doc = make_story_doc()
    svg1 = re.search(r"<svg.*?</svg>", render_html(doc), re.S).group()
    svg2 = re.search(r"<svg.*?</svg>", render_html(doc), re.S).group()
    assert svg1 == svg2
    radii = [float(r) for r in re.findall(r'<circle [^>]*r="([\d.]+)"', svg1)]
    assert radii == sorted(radii, reverse=True) and radii[0] > radii[-1]
    widths = {m.group(1): float(m.group(2)) for m in
              re.finditer(r'<line class="edge( romantic)?"[^>]*stroke-width="([\d.]+)"', svg1)}
    assert widths[" romantic"] > widths[None]  # the stronger edge is the wider one


def test_sample_pipeline_output_renders(sample_analysis):
    doc = sample_analysis.document
    html = sample_analysis.to_html()
    check_html(html)
    plain = re.sub(r"<[^>]+>", "", html)
    first = doc.text.strip().splitlines()[0][:60]
    import html as html_mod

    assert html_mod.escape(first, quote=True) in html or first in plain
    assert html.count('<tr><td class="who">') == len(doc.characters)
    story = html.split('<article class="story">', 1)[1]
    assert story.count('class="q ') >= len(doc.quotes)  # a quote split by a mark counts twice
    assert len(re.findall(r'<span class="q ', story)) > 0 or not doc.quotes


def test_hard_wrapped_lines_flow_but_verse_keeps_its_breaks():
    prose = ("It was remarked that the clock began to strike, and I began to cry,\n"
             "simultaneously, which is more than most people can say of themselves.\n"
             "So it goes.")
    verse = "Roses are red,\nviolets are blue,\nthis line is short too."
    text = prose + "\n\n" + verse + "\n"
    html = render_html(Document(text=text, source=Source(None, "text"),
                                paragraphs=(Span(0, len(prose)),
                                            Span(len(prose) + 2, len(text) - 1))))
    story = html.split('<article class="story">', 1)[1]
    assert "to cry,\nsimultaneously" in story and "cry,<br>" not in story
    assert "Roses are red,<br>\nviolets are blue,<br>" in story


def test_chapter_title_line_becomes_the_heading_not_a_duplicate():
    text = "CHAPTER 1. I AM BORN\n\nWhether I shall turn out to be the hero.\n"
    doc = Document(text=text, source=Source(None, "text"),
                   chapters=(Chapter(0, len(text), "Chapter 1. I am born"),))
    story = render_html(doc).split('<article class="story">', 1)[1]
    assert '<h3 class="chapter" id="ch-0">CHAPTER 1. I AM BORN</h3>' in story
    assert story.count("I AM BORN") == 1
    other = doc.evolve(chapters=(Chapter(0, len(text), "Birth"),))
    story = render_html(other).split('<article class="story">', 1)[1]
    assert '<h3 class="chapter" id="ch-0">Birth</h3>' in story and "<p>CHAPTER 1. I AM BORN</p>" in story


def test_title_line_inside_a_longer_paragraph_keeps_a_separate_heading():
    text = "Chapter 2\nIt was raining when they met again, and nobody said a word.\n"
    doc = Document(text=text, source=Source(None, "text"), paragraphs=(Span(0, len(text) - 1),),
                   chapters=(Chapter(0, 1, "x"), Chapter(0, len(text), "Chapter 2")))
    story = render_html(doc).split('<article class="story">', 1)[1]
    assert '<h3 class="chapter" id="ch-1">Chapter 2</h3>' in story
    assert "<p>Chapter 2<br>" in story and check_html(f"<div>{story.split('</article>')[0]}</div>")
