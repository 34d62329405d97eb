"""``ficlens proofread FILE``: list the problems, or write a corrected copy.

Why a separate command: a writer wants the problems in reading order with the line
and column their editor shows, and a corrected copy that they can diff; the input
file is never touched.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..document import Document
from ..errors import ConfigError

# Stages the proofreader does not need: skipped for speed.
SKIP = ("speakers", "pov", "relations", "rating", "tags")
CONTEXT = 60  # characters shown each side of a problem in a long line


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def render_text(doc: Document, name: str = "") -> str:
    """Each problem as ``line:col``, the line with the span underlined, and the advice."""
    text = doc.text
    problems = doc.proofread or ()
    out: list[str] = []
    for p in problems:
        line, col = line_col(text, p.start)
        ls = text.rfind("\n", 0, p.start) + 1
        le = text.find("\n", p.start)
        le = len(text) if le < 0 else le
        a = max(ls, p.start - CONTEXT)
        b = min(le, max(p.end, p.start + 1) + CONTEXT)
        prefix = "..." if a > ls else ""
        suffix = "..." if b < le else ""
        shown = text[a:b].replace("\t", " ")
        width = max(1, min(p.end, b) - p.start)
        caret = " " * (len(prefix) + p.start - a) + "^" * width
        where = f"{name}:{line}:{col}" if name else f"{line}:{col}"
        out.append(f"{where}: {p.kind}: {p.message}")
        out.append(f"    {prefix}{shown}{suffix}")
        out.append(f"    {caret}")
        if p.suggestions:
            shown_s = ", ".join(repr(s) for s in p.suggestions[:3])
            out.append(f"    suggestion: {shown_s}{'  (safe fix)' if p.safe else ''}")
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no problems found"
    out.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}: {summary}")
    return "\n".join(out) + "\n"


def to_json(doc: Document) -> str:
    text = doc.text
    items = []
    for p in doc.proofread or ():
        line, col = line_col(text, p.start)
        items.append({"start": p.start, "end": p.end, "line": line, "column": col,
                      "kind": p.kind, "text": text[p.start:p.end], "message": p.message,
                      "suggestions": list(p.suggestions), "safe": p.safe})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _same_file(a: str, b: str) -> bool:
    pa, pb = Path(a), Path(b)
    try:
        return pa.resolve() == pb.resolve() or (pa.exists() and pb.exists() and pa.samefile(pb))
    except OSError:
        return False


def write_fixed(doc: Document, out: str, source: str) -> int:
    """Write a corrected copy with the safe fixes applied to ``out``; never to the input.

    For a plain-text file the copy is the whole file as it was (author's notes, line
    endings, encoding and byte-order mark kept) with only the fixed words changed: a
    writer diffs it against the original. Other inputs (HTML, EPUB, DOCX, standard
    input) get the story text, as UTF-8.
    """
    from . import apply_fixes

    if source != "-" and _same_file(out, source):
        raise ConfigError(f"{out}: refusing to overwrite the input file; give a new file name")
    target = Path(out)
    if target.is_dir():
        raise ConfigError(f"{out}: is a directory")
    copy = _fixed_file_copy(doc, source) if source != "-" else None
    if copy is not None:
        data, applied = copy
    else:
        fixed, applied = apply_fixes(doc.text, doc.proofread or ())
        data = fixed.encode("utf-8")
    from ..atomic import atomic_write_bytes

    atomic_write_bytes(target, data)  # temporary file and rename: never half a copy
    return applied


ANCHOR = 30  # characters of unchanged context that place a fix in the original file


def _fixed_file_copy(doc: Document, source: str) -> tuple[bytes, int] | None:
    """The original plain-text file with the safe fixes applied, or None if not possible.

    The story text differs from the file only by normalised line ends, a dropped BOM and
    cut-out note paragraphs, so each fix is placed by finding its surrounding words (on
    its own line) in the file, in order. A fix that cannot be placed, or whose
    replacement the file's encoding cannot hold, is left out.
    """
    from ..read.decode import normalise_newlines

    if doc.source.format != "text" or not doc.source.encoding:
        return None
    try:
        raw = Path(source).read_bytes()
        original = raw.decode(doc.source.encoding)
    except (OSError, UnicodeDecodeError, LookupError):
        return None
    newline = "\r\n" if "\r\n" in original else ("\r" if "\r" in original else "\n")
    bom = original.startswith("\ufeff")
    file_text = normalise_newlines(original[1:] if bom else original)
    text = doc.text
    chosen = sorted((p for p in doc.proofread or () if p.safe and p.suggestions),
                    key=lambda p: (p.start, p.end))
    pieces: list[str] = []
    cursor = 0  # in file_text
    last_end = 0  # in text, to skip overlapping fixes
    applied = 0
    for p in chosen:
        if p.start < last_end:
            continue
        line_start = text.rfind("\n", 0, p.start) + 1
        line_end = text.find("\n", p.end)
        line_end = len(text) if line_end < 0 else line_end
        # the context starts after the previous fix, so it reads the same in the file
        a = max(line_start, p.start - ANCHOR, last_end)
        b = min(line_end, p.end + ANCHOR)
        found = file_text.find(text[a:b], cursor)
        if found < 0:
            continue
        start = found + (p.start - a)
        end = start + (p.end - p.start)
        try:
            p.suggestions[0].encode(doc.source.encoding)
        except (UnicodeEncodeError, LookupError):
            continue
        pieces += [file_text[cursor:start], p.suggestions[0]]
        cursor, last_end = end, p.end
        applied += 1
    pieces.append(file_text[cursor:])
    fixed = "".join(pieces)
    if newline != "\n":
        fixed = fixed.replace("\n", newline)
    if bom:
        fixed = "\ufeff" + fixed
    try:
        return fixed.encode(doc.source.encoding), applied
    except (UnicodeEncodeError, LookupError):
        return None


def run_proofread_command(args: argparse.Namespace) -> int:
    """The body of ``ficlens proofread``; returns the exit code."""
    from ..cli_io import read_source as _read_source
    from ..cli_io import write_output as _write_output
    from ..pipeline import analyze
    from . import proofread

    if hasattr(sys.stdout, "reconfigure"):  # story text on a non-UTF-8 terminal
        sys.stdout.reconfigure(errors="backslashreplace")
    fix = getattr(args, "fix", None)
    output = getattr(args, "output", None)
    if fix and args.path != "-" and _same_file(fix, args.path):
        raise ConfigError(f"{fix}: refusing to overwrite the input file; give a new file name")
    if output and fix and output != "-" and _same_file(output, fix):
        raise ConfigError(f"{fix}: the report and the corrected copy need different files")
    analysis = analyze(_read_source(args.path), fandom=getattr(args, "fandom", None),
                       cast=getattr(args, "cast", None), exclude=SKIP)
    doc = analysis.document
    if doc.proofread is None:
        doc = proofread(doc)
    name = "" if args.path == "-" else args.path
    content = to_json(doc) if args.format == "json" else render_text(doc, name)
    _write_output(content, output, [args.path])
    if fix:
        applied = write_fixed(doc, fix, args.path)
        print(f"ficlens: wrote {fix} with {applied} safe fix{'es' if applied != 1 else ''} "
              f"applied", file=sys.stderr)
    return 0


__all__ = ["line_col", "render_text", "run_proofread_command", "to_json", "write_fixed"]
