"""A short plain-text summary that fits a terminal (``--format text``)."""

from __future__ import annotations

from ..document import Document


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def render_text(doc: Document) -> str:
    lines: list[str] = []
    title = doc.source.metadata.get("title") or doc.source.path or "(text)"
    lines.append(f"{title}")
    lines.append(f"{doc.words:,} words, {len(doc.chapters)} chapter(s), {len(doc.scenes)} scene(s)")
    n_utt = len({q.utterance for q in doc.quotes})
    lines.append(f"{len(doc.quotes)} quotation span(s) in {n_utt} utterance(s)")
    if doc.narration:
        pov = doc.character(doc.narration.pov)
        lines.append(f"narration: {doc.narration.person} person"
                     + (f", point of view: {pov.name}" if pov else ""))
    if doc.fandom:
        lines.append(f"fandom: {doc.fandom}")
    if doc.rating:
        lines.append(f"rating: {doc.rating.rating}")
    lines.append("")
    if doc.characters:
        spoken: dict[str, int] = {}
        for u in doc.utterances:
            if u.speaker:
                spoken[u.speaker] = spoken.get(u.speaker, 0) + 1
        width = max(max(len(c.name) for c in doc.characters), 9)
        canon = any(c.canonical for c in doc.characters)
        cwidth = max([len(c.canonical or "") for c in doc.characters] + [9]) if canon else 0
        head = f"{'character':<{width}}  " + (f"{'canonical':<{cwidth}}  " if canon else "")
        lines.append(f"{head}{'mentions':>8}  {'lines':>5}  aliases")
        for c in sorted(doc.characters, key=lambda c: -c.mentions):
            aliases = ", ".join(a for a in c.aliases + c.variants if a != c.name)
            row = f"{c.name:<{width}}  " + (f"{c.canonical or '':<{cwidth}}  " if canon else "")
            lines.append(f"{row}{c.mentions:>8}  {spoken.get(c.id, 0):>5}  {aliases}")
        lines.append("")
    if len(doc.chapters) > 1 or any(c.title for c in doc.chapters):
        lines.append("chapters:")
        for i, c in enumerate(doc.chapters, 1):
            lines.append(f"  {i:>3}. {c.title or '(untitled)'}  (line {_line_of(doc.text, c.start)})")
        lines.append("")
    if doc.scenes:
        lines.append("scenes:")
        for i, s in enumerate(doc.scenes, 1):
            pov = doc.character(s.pov)
            lines.append(f"  {i:>3}. line {_line_of(doc.text, s.start)}"
                         + (f", point of view: {pov.name}" if pov else ""))
        lines.append("")
    if doc.utterances and any(u.speaker for u in doc.utterances):
        lines.append("dialogue:")
        quotes = doc.quotes
        for u in doc.utterances:
            speaker = doc.character(u.speaker)
            to = [doc.character(a) for a in u.addressees]
            said = " ... ".join(quotes[i].text for i in u.quotes)
            if len(said) > 70:
                said = said[:67] + "..."
            who = speaker.name if speaker else "?"
            if to:
                who += " -> " + ", ".join(c.name for c in to if c)
            lines.append(f"  {who}: \u201c{said}\u201d")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
