"""``ficlens stats STORE``: a corpus summary as text, JSON or one self-contained HTML page.

Everything is read from the query tables with SQL (no analysis JSON is parsed), so it
is linear in the store. Duplicates (same bytes as an earlier work) count once. The HTML
page reuses the report's page shell (CSS, strict Content-Security-Policy, no fetches);
charts are inline SVG and every name from the corpus is escaped.
"""

from __future__ import annotations

import json
import sqlite3
from html import escape
from typing import Any

from ..errors import ConfigError
from .store import connect

WORD_BUCKETS = [(0, 1000), (1000, 5000), (5000, 10000), (10000, 25000), (25000, 50000),
                (50000, 100000), (100000, None)]
TOP = 10
ORIGINALS = "status = 'ok' AND duplicate_of IS NULL"


def _rows(con: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return list(con.execute(sql, args))


def _median(values: list[int]) -> float:
    if not values:
        return 0.0
    n = len(values)
    mid = n // 2
    return float(values[mid]) if n % 2 else (values[mid - 1] + values[mid]) / 2


def collect(con: sqlite3.Connection, top: int = TOP) -> dict[str, Any]:
    """The whole summary as plain data (what ``--format json`` prints)."""
    counts = dict(_rows(con, "SELECT status, count(*) FROM works WHERE duplicate_of IS NULL "
                             "GROUP BY status"))
    dups = _rows(con, "SELECT count(*) FROM works WHERE duplicate_of IS NOT NULL")[0][0]
    words = sorted(r[0] or 0 for r in con.execute(f"SELECT words FROM works WHERE {ORIGINALS}"))
    total_words = sum(words)
    failures = [{"reason": r or "error", "works": n, "example": ex} for r, n, ex in _rows(
        con, "SELECT reason, count(*), min(error) FROM works WHERE status = 'failed' "
             "GROUP BY reason ORDER BY count(*) DESC, reason")]
    ratings = [{"rating": r or "none", "works": n} for r, n in _rows(
        con, f"SELECT rating, count(*) FROM works WHERE {ORIGINALS} GROUP BY rating "
             "ORDER BY count(*) DESC, rating")]
    warnings = [{"warning": w, "works": n} for w, n in _rows(
        con, "SELECT tag, count(DISTINCT work_id) FROM tags WHERE origin = 'analysis' AND "
             "kind = 'warning' GROUP BY tag ORDER BY 2 DESC, tag")]
    fandoms = []
    for fandom, n, fw in _rows(
            con, f"SELECT coalesce(fandom, '(unknown)'), count(*), sum(words) FROM works "
                 f"WHERE {ORIGINALS} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", top):
        cond = "w.fandom IS NULL" if fandom == "(unknown)" else "w.fandom = ?"
        args: tuple[Any, ...] = () if fandom == "(unknown)" else (fandom,)
        chars = [{"name": c, "works": k, "lines": ln} for c, k, ln in _rows(
            con, f"SELECT coalesce(c.canonical, c.name), count(DISTINCT c.work_id), sum(c.lines) "
                 f"FROM characters c JOIN works w ON w.id = c.work_id WHERE {cond} GROUP BY 1 "
                 f"ORDER BY 2 DESC, 3 DESC, 1 LIMIT ?", *args, top)]
        pairs = [{"pairing": t, "works": k} for t, k in _rows(
            con, f"SELECT r.tag, count(DISTINCT r.work_id) FROM relationships r "
                 f"JOIN works w ON w.id = r.work_id WHERE {cond} AND r.tag IS NOT NULL "
                 f"GROUP BY r.tag ORDER BY 2 DESC, 1 LIMIT ?", *args, top)]
        fandoms.append({"fandom": fandom, "works": n, "words": fw or 0,
                        "top_characters": chars, "top_pairings": pairs})
    gender_rows = _rows(
        con, "SELECT CASE WHEN speaker_id IS NULL THEN 'unattributed' "
             "ELSE coalesce(speaker_gender, 'unknown') END, count(*), sum(words) "
             "FROM utterances GROUP BY 1 ORDER BY 3 DESC")
    spoken = sum(r[2] or 0 for r in gender_rows) or 1
    dialogue = [{"gender": g, "lines": n, "words": w or 0, "share": round((w or 0) / spoken, 4)}
                for g, n, w in gender_rows]
    buckets = []
    for lo, hi in WORD_BUCKETS:
        n = sum(1 for w in words if w >= lo and (hi is None or w < hi))
        label = f"{lo:,}+" if hi is None else f"{lo:,}\u2013{hi - 1:,}"
        buckets.append({"words": label, "works": n})
    speakers = [{"speaker": s, "fandom": f, "works": k, "lines": ln, "words": w} for s, f, k, ln, w in _rows(
        con, "SELECT coalesce(c.canonical, c.name), w.fandom, count(DISTINCT c.work_id), "
             "sum(c.lines), sum(c.words_spoken) FROM characters c JOIN works w ON w.id = c.work_id "
             "WHERE c.lines > 0 GROUP BY 1, 2 ORDER BY 4 DESC, 1 LIMIT ?", top)]
    per_work = sorted(r[0] for r in con.execute(
        "SELECT lines FROM characters WHERE lines > 0"))
    return {
        "works": {"ok": counts.get("ok", 0), "failed": counts.get("failed", 0),
                  "duplicates": dups},
        "words": total_words,
        "failures": failures,
        "ratings": ratings,
        "warnings": warnings,
        "fandoms": fandoms,
        "dialogue_by_gender": dialogue,
        "words_per_work": {"min": words[0] if words else 0, "median": _median(words),
                           "mean": round(total_words / len(words), 1) if words else 0,
                           "max": words[-1] if words else 0, "histogram": buckets},
        "lines_per_speaker": {"speakers_with_lines": len(per_work),
                              "median_per_work": _median(per_work), "top": speakers},
    }


# text -------------------------------------------------------------------------------

def render_text_stats(s: dict[str, Any]) -> str:
    w = s["works"]
    out = [f"works: {w['ok']} ok, {w['failed']} failed, {w['duplicates']} duplicates; "
           f"{s['words']:,} words"]
    if s["failures"]:
        out.append("failures: " + ", ".join(f"{f['reason']} {f['works']}" for f in s["failures"]))
    out.append("ratings: " + (", ".join(f"{r['rating']} {r['works']}" for r in s["ratings"]) or "none"))
    out.append("warnings: " + (", ".join(f"{r['warning']} {r['works']}" for r in s["warnings"]) or "none"))
    wp = s["words_per_work"]
    out.append(f"words per work: min {wp['min']:,}, median {wp['median']:,.0f}, "
               f"mean {wp['mean']:,.0f}, max {wp['max']:,}")
    out.append("dialogue by speaker gender: " + (", ".join(
        f"{d['gender']} {d['share']:.0%}" for d in s["dialogue_by_gender"]) or "no dialogue"))
    ls = s["lines_per_speaker"]
    out.append(f"lines per speaker (per work): median {ls['median_per_work']:g} over "
               f"{ls['speakers_with_lines']} speakers")
    for sp in ls["top"]:
        out.append(f"  {sp['lines']:>6,} lines  {sp['speaker']} ({sp['fandom'] or '?'}, "
                   f"{sp['works']} works)")
    out.append("fandoms:")
    for f in s["fandoms"]:
        out.append(f"  {f['fandom']}: {f['works']} works, {f['words']:,} words")
        if f["top_characters"]:
            out.append("    characters: " + ", ".join(
                f"{c['name']} ({c['works']})" for c in f["top_characters"]))
        if f["top_pairings"]:
            out.append("    pairings: " + ", ".join(
                f"{p['pairing']} ({p['works']})" for p in f["top_pairings"]))
    return "\n".join(out) + "\n"


# html -------------------------------------------------------------------------------

def _e(value: object) -> str:
    return escape(str(value), quote=True)


def bar_chart(items: list[tuple[str, float]], *, title: str, unit: str = "") -> str:
    """A horizontal bar chart as inline SVG (labels escaped; no scripts, no fetches)."""
    if not items:
        return '<p class="empty">Nothing to show.</p>'
    row, label_w, bar_w = 24, 220, 360
    top = max(v for _, v in items) or 1
    h = row * len(items) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {label_w + bar_w + 90} {h}" '
             f'width="100%" style="max-width:{label_w + bar_w + 90}px" aria-label="{_e(title)}">'
             f"<title>{_e(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = max(1.0, bar_w * value / top)
        shown = label if len(label) <= 34 else label[:33] + "\u2026"
        num = f"{value:.0%}" if unit == "%" else f"{value:,.0f}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13" '
            f'fill="currentColor">{_e(shown)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="3" '
            f'fill="#4f7cac"><title>{_e(label)}: {_e(num)}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="12" '
            f'fill="currentColor">{_e(num)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(head: list[str], rows: list[list[Any]], num_cols: set[int]) -> str:
    if not rows:
        return '<p class="empty">None.</p>'
    th = "".join(f'<th class="num" data-type="num">{_e(h)}</th>' if i in num_cols
                 else f"<th>{_e(h)}</th>" for i, h in enumerate(head))
    body = []
    for r in rows:
        tds = "".join(
            f'<td class="num" data-v="{_e(v)}">{v:,}</td>' if i in num_cols and isinstance(v, int | float)
            else f"<td>{_e(v if v is not None else '')}</td>" for i, v in enumerate(r))
        body.append(f"<tr>{tds}</tr>")
    return (f'<div class="scroll"><table class="sortable"><thead><tr>{th}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _card(title: str, inner: str) -> str:
    return f'<section class="card"><h2>{_e(title)}</h2>{inner}</section>'


def render_html_stats(s: dict[str, Any], name: str) -> str:
    from ..report.html import page

    w = s["works"]
    wp = s["words_per_work"]
    stats = [("works ok", f"{w['ok']:,}"), ("failed", f"{w['failed']:,}"),
             ("duplicates", f"{w['duplicates']:,}"), ("words", f"{s['words']:,}"),
             ("median words", f"{wp['median']:,.0f}")]
    items = "".join(f"<li><b>{_e(v)}</b><span>{_e(k)}</span></li>" for k, v in stats)
    body = [f'<header class="top"><p class="kicker">ficlens corpus statistics</p>'
            f"<h1>{_e(name)}</h1><ul class=\"stats\">{items}</ul></header>"]
    body.append(_card("Failures by reason", _table(
        ["reason", "works", "example"], [[f["reason"], f["works"], f["example"]] for f in s["failures"]], {1})))
    body.append(_card("Ratings", bar_chart([(r["rating"], r["works"]) for r in s["ratings"]],
                                           title="works per rating")))
    body.append(_card("Archive warnings", bar_chart([(r["warning"], r["works"]) for r in s["warnings"]],
                                                    title="works per warning")))
    body.append(_card("Words per work", bar_chart([(b["words"], b["works"]) for b in wp["histogram"]],
                                                  title="works by length in words")))
    body.append(_card("Dialogue share by speaker gender", bar_chart(
        [(d["gender"], d["share"]) for d in s["dialogue_by_gender"]], title="share of spoken words",
        unit="%")))
    body.append(_card("Lines per speaker", bar_chart(
        [(f"{t['speaker']} ({t['fandom'] or '?'})", t["lines"]) for t in s["lines_per_speaker"]["top"]],
        title="lines spoken, top speakers")))
    fandom_parts = []
    for f in s["fandoms"]:
        chars = ", ".join(f"{c['name']} ({c['works']})" for c in f["top_characters"])
        pairs = ", ".join(f"{p['pairing']} ({p['works']})" for p in f["top_pairings"])
        fandom_parts.append([f["fandom"], f["works"], f["words"], chars, pairs])
    body.append(_card("Fandoms", _table(["fandom", "works", "words", "top characters (works)",
                                         "top pairings (works)"], fandom_parts, {1, 2})))
    return page(f"{name}: corpus statistics", "\n".join(body))


def render_stats(store: str, fmt: str = "text") -> str:
    """The summary of ``store`` in ``fmt`` ("text", "json" or "html")."""
    if fmt not in ("text", "json", "html"):
        raise ConfigError(f"unknown stats format {fmt!r}; choose text, json or html")
    con = connect(store)
    try:
        s = collect(con)
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{store}: not a ficlens store ({exc})") from None
    finally:
        con.close()
    if fmt == "json":
        return json.dumps(s, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from pathlib import PurePath

        return render_html_stats(s, PurePath(store).name)
    return render_text_stats(s)
