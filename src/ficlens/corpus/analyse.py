"""Analyse one work where the work runs: a local worker process or a Dask worker.

The function here is the whole unit of work. It takes the work's id, a file-name hint
and its raw bytes, runs :func:`ficlens.analyze` on the bytes exactly as ``ficlens
analyze`` does, and returns a plain dict: the ``ficlens/1`` JSON as a string plus the
rows of the query tables (built here, in the worker, so the single writer stays light).
It never raises for a bad work: the failure is the result, with a one-line reason.
Being a pure function of its arguments, it is safe to run twice (Dask may rerun it).
"""

from __future__ import annotations

import json
import os
import resource
import time
from typing import Any

WARM_UP_TEXT = (
    "Chapter 1\n\n\"Hello, Tom,\" Anna said. Tom smiled at her and took her hand.\n\n"
    "\"We should go,\" he whispered. She kissed him.\n"
)

# Enough threads for one work; more only fight the other workers for the cores.
_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_threads() -> None:
    """Keep numeric libraries to one thread per worker (call before they are imported)."""
    for var in _THREAD_ENV:
        os.environ.setdefault(var, "1")


def warm_up() -> float:
    """Load every model and lexicon once (per process); returns the seconds it took."""
    import ficlens

    t0 = time.perf_counter()
    ficlens.analyze(WARM_UP_TEXT.encode("utf-8"))
    return time.perf_counter() - t0


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


def classify(error: str) -> str:
    """A short reason for a failure, for counting failures by kind."""
    low = error.lower()
    for needle, reason in (
        ("timed out", "timeout"), ("memory", "memory"), ("worker died", "crash"),
        ("killed", "crash"), ("empty", "empty"), ("binary", "binary"),
        ("corrupt", "corrupt"), ("unsupported", "unsupported"),
        ("neither epub nor docx", "unsupported"), ("limit is", "too big"),
        ("zip bomb", "too big"), ("no story text", "empty"), ("cannot read", "unreadable"),
    ):
        if needle in low:
            return reason
    return "error"


def analyse_work(work_id: str, name: str | None, data: bytes) -> dict[str, Any]:
    """Analyse one work's bytes; a result dict, ``status`` "ok" or "failed"."""
    import ficlens
    from ficlens.errors import FiclensError

    t0 = time.perf_counter()
    c0 = time.process_time()
    result: dict[str, Any] = {"id": work_id, "status": "failed", "error": None, "words": None,
                              "analysis": None, "rows": None, "ficlens": ficlens.__version__}
    try:
        # The same call as `ficlens analyze FILE`: the bytes, and the file name as hint.
        out = ficlens.analyze(data, name=name).to_dict()
        result["analysis"] = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
        result["rows"] = table_rows(out)
        result["words"] = int(out.get("words") or 0)
        result["status"] = "ok"
    except FiclensError as exc:
        result["error"] = one_line(str(exc))
    except MemoryError:
        result["error"] = "out of memory while analysing"
    except RecursionError:
        result["error"] = "input nests too deeply (recursion limit)"
    except Exception as exc:  # noqa: BLE001 - one bad work must not stop a corpus
        result["error"] = one_line(f"internal error: {type(exc).__name__}: {exc}")
    result["seconds"] = time.perf_counter() - t0
    # CPU time of the whole worker process meanwhile (all its threads): compared with
    # ``seconds`` it shows waiting for a core; across runners, a runner's own overhead.
    result["cpu_seconds"] = time.process_time() - c0
    result["peak_rss_mb"] = peak_rss_mb()
    result["pid"] = os.getpid()
    return result


def _names(chars: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in chars}


def _count_words(text: str) -> int:
    from ficlens.segment import count_words

    return count_words(text)


def declared_fandom(meta: dict[str, Any]) -> str | None:
    """The first fandom a metadata mapping names (``fandoms`` or ``fandom``), if any."""
    fandoms = meta.get("fandoms") or meta.get("fandom")
    if isinstance(fandoms, list) and fandoms:
        return str(fandoms[0])
    if isinstance(fandoms, str) and fandoms.strip():
        return fandoms.strip()
    return None


def fandom_of(out: dict[str, Any]) -> str | None:
    """The work's fandom: what the file says (AO3), else the cast pack used, else the tags."""
    declared = declared_fandom((out.get("source") or {}).get("metadata") or {})
    if declared:
        return declared
    if out.get("fandom"):
        return str(out["fandom"])
    tags = out.get("tags") or {}
    if tags.get("fandoms"):
        return str(tags["fandoms"][0])
    return None


def table_rows(out: dict[str, Any]) -> dict[str, Any]:
    """The rows of the query tables for one analysis (work id filled in by the writer)."""
    chars = out.get("characters") or []
    by_id = _names(chars)
    quotes = out.get("quotes") or []
    utter_rows = []
    lines: dict[str, int] = {}
    spoken: dict[str, int] = {}
    for u in out.get("utterances") or []:
        text = " ".join(quotes[i]["text"] for i in u.get("quotes") or [] if 0 <= i < len(quotes))
        words = _count_words(text)
        sp = u.get("speaker")
        if sp:
            lines[sp] = lines.get(sp, 0) + 1
            spoken[sp] = spoken.get(sp, 0) + words
        speaker = by_id.get(sp) if sp else None
        utter_rows.append((
            u["id"], sp, speaker["name"] if speaker else None,
            speaker.get("gender") if speaker else None,
            "; ".join(by_id[a]["name"] for a in u.get("addressees") or [] if a in by_id) or None,
            u.get("kind"), u.get("confidence"), words, text,
        ))
    char_rows = [
        (c["id"], c["name"], c.get("gender"), c.get("pronouns"), c.get("canonical"),
         int(c.get("mentions") or 0), lines.get(c["id"], 0), spoken.get(c["id"], 0),
         "; ".join(c.get("aliases") or []) or None)
        for c in chars
    ]
    rel_rows = []
    for rank, r in enumerate(out.get("relationships") or [], 1):
        names = sorted(by_id[c]["name"] if c in by_id else c for c in r.get("characters") or [])
        a = names[0] if names else None
        b = names[1] if len(names) > 1 else None
        rel_rows.append((rank, r.get("tag"), r.get("kind"), r.get("strength"), a, b,
                         "; ".join(names)))
    tag_rows: list[tuple[str, str, str]] = []
    tags = out.get("tags") or {}
    for kind, key in (("fandom", "fandoms"), ("warning", "warnings"), ("category", "categories"),
                      ("relationship", "relationships"), ("character", "characters"),
                      ("additional", "additional")):
        for t in tags.get(key) or []:
            tag_rows.append(("suggested", kind, str(t)))
    if tags.get("rating"):
        tag_rows.append(("suggested", "rating", str(tags["rating"])))
    meta = (out.get("source") or {}).get("metadata") or {}
    for kind, key in (("fandom", "fandoms"), ("rating", "rating"), ("warning", "warnings"),
                      ("category", "categories"), ("relationship", "relationships"),
                      ("character", "characters"), ("additional", "additional_tags")):
        value = meta.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        for t in values:
            tag_rows.append(("file", kind, str(t)))
    for w in out.get("warnings") or []:
        if w.get("warning"):
            tag_rows.append(("analysis", "warning", str(w["warning"])))
    rating = out.get("rating") or {}
    title = meta.get("title")
    return {
        "title": str(title) if title else None,
        "fandom": fandom_of(out),
        "fandom_declared": declared_fandom(meta) is not None,
        "rating": rating.get("rating"),
        "pov": (out.get("narration") or {}).get("person"),
        "characters": char_rows,
        "utterances": utter_rows,
        "relationships": rel_rows,
        "tags": tag_rows,
    }
