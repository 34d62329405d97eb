"""``ficlens batch``, ``export`` and ``stats`` on a small written corpus with broken files.

The works are generated here (no data files): short stories with named speakers, in
.txt, .html, .docx, .epub and inside a zip, plus an empty file, a binary file, a corrupt
EPUB and a copy of one work under a second name.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import ficlens
from epub_builder import make_epub
from ficlens.cli import main

NAMES = [("Anna", "Tom"), ("Mira", "Jonas"), ("Clara", "Felix"), ("Ruth", "Oscar"),
         ("Lena", "Hugo"), ("Nora", "Silas"), ("Ida", "Bruno"), ("Vera", "Emil"),
         ("Greta", "Karl"), ("Hanna", "Otto"), ("Paula", "Leon"), ("Ilse", "Moritz")]
LINES = ["We should go before the rain comes", "I never said that", "Tell me the truth",
         "The train leaves at nine", "You kept the letter all this time",
         "Nobody has to know about tonight", "Then we wait for morning"]


def story(i: int, a: str, b: str, paragraphs: int = 8) -> str:
    """A short story in which ``a`` and ``b`` talk; ``i`` makes every text different."""
    out = [f"Chapter {i + 1}\n"]
    for k in range(paragraphs):
        line = LINES[(i + k) % len(LINES)]
        speaker, other = (a, b) if k % 2 == 0 else (b, a)
        out.append(f"\u201c{line}, {other},\u201d {speaker} said on day {i * 10 + k}. "
                   f"{speaker} looked at {other} and smiled.\n")
    return "\n".join(out)


def book_epub(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return make_epub(['<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
                      f"<head><title>{title}</title></head><body>{paras}</body></html>"], title=title)


def make_docx(body: str) -> bytes:
    import docx

    d = docx.Document()
    for p in body.split("\n"):
        if p.strip():
            d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def write_corpus(root: Path) -> dict[str, str]:
    """The corpus; returns ``id -> "ok" | "failed" | "duplicate" | "duplicate-failed"``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir()
    expect: dict[str, str] = {}
    for i in range(4):
        a, b = NAMES[i]
        (root / f"story{i}.txt").write_text(story(i, a, b), encoding="utf-8")
        expect[f"corpus/story{i}.txt"] = "ok"
    a, b = NAMES[4]
    html = "".join(f"<p>{p}</p>" for p in story(4, a, b).split("\n") if p.strip())
    (root / "sub" / "page.html").write_text(f"<!DOCTYPE html><html><body>{html}</body></html>")
    expect["corpus/sub/page.html"] = "ok"
    (root / "sub" / "book.epub").write_bytes(book_epub("Book", story(5, *NAMES[5])))
    expect["corpus/sub/book.epub"] = "ok"
    (root / "letter.docx").write_bytes(make_docx(story(6, *NAMES[6])))
    expect["corpus/letter.docx"] = "ok"
    with zipfile.ZipFile(root / "bundle.zip", "w") as z:
        z.writestr("one.txt", story(7, *NAMES[7]))
        z.writestr("two.txt", story(8, *NAMES[8]))
        z.writestr("dir/broken.epub", b"PK\x03\x04 this is not really a zip")
        z.writestr("readme.md", "not a work: wrong extension")
    expect.update({"corpus/bundle.zip:one.txt": "ok", "corpus/bundle.zip:two.txt": "ok",
                   "corpus/bundle.zip:dir/broken.epub": "failed"})
    (root / "empty.txt").write_bytes(b"")
    (root / "noise.txt").write_bytes(bytes(range(256)) * 20)
    (root / "corrupt.epub").write_bytes(b"PK\x03\x04\x14\x00garbage" + b"\x00" * 100)
    expect.update({"corpus/empty.txt": "failed", "corpus/noise.txt": "failed",
                   "corpus/corrupt.epub": "failed"})
    (root / "z_copy.txt").write_bytes((root / "story0.txt").read_bytes())
    expect["corpus/z_copy.txt"] = "duplicate"
    (root / "sub" / "empty_too.txt").write_bytes(b"")  # the same (empty) bytes, failed once
    expect["corpus/sub/empty_too.txt"] = "duplicate-failed"
    (root / "ignored.pdf").write_bytes(b"%PDF-1.4 not read")
    return expect


def rows(store: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(store)
    try:
        return list(con.execute(sql, args))
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    expect = write_corpus(base / "corpus")
    store = base / "store.sqlite"
    cwd = os.getcwd()
    os.chdir(base)
    try:
        code = main(["batch", "corpus", "--out", str(store), "--jobs", "2", "--quiet"])
    finally:
        os.chdir(cwd)
    assert code == 0
    return base, store, expect


def test_directory_and_zip_each_work_recorded_once_with_reasons(corpus_run):
    base, store, expect = corpus_run
    got = {wid: (status, dup, reason) for wid, status, dup, reason in
           rows(store, "SELECT id, status, duplicate_of, reason FROM works")}
    assert set(got) == set(expect)
    for wid, want in expect.items():
        status, dup, reason = got[wid]
        if want == "duplicate":
            assert (status, dup) == ("ok", "corpus/story0.txt")
        elif want == "duplicate-failed":
            assert (status, dup) == ("failed", "corpus/empty.txt")
        else:
            assert status == want, (wid, got[wid])
            assert dup is None
    assert got["corpus/empty.txt"][2] == "empty"
    assert got["corpus/noise.txt"][2] == "binary"
    assert got["corpus/corrupt.epub"][2] == "corrupt"
    # failures are one line naming the file
    for (err,) in rows(store, "SELECT error FROM works WHERE status = 'failed'"):
        assert err and "\n" not in err
    assert rows(store, "PRAGMA journal_mode")[0][0] == "wal"


def test_stored_analysis_is_what_analyze_gives(corpus_run):
    base, store, _ = corpus_run
    (stored,) = rows(store, "SELECT analysis FROM works WHERE id = 'corpus/sub/book.epub'")[0]
    got = json.loads(stored)
    want = ficlens.analyze(base / "corpus" / "sub" / "book.epub").to_dict()
    assert got["schema"] == "ficlens/1"
    assert got["source"]["path"] == "book.epub"
    got["source"]["path"] = want["source"]["path"]
    assert got == want


def test_query_tables_answer_pairings_and_speakers(corpus_run):
    _, store, _ = corpus_run
    # which works pair Anna and Tom (names stored sorted: a < b)
    pair = rows(store, "SELECT DISTINCT work_id FROM relationships WHERE a = 'Anna' AND b = 'Tom'")
    assert {w for (w,) in pair} == {"corpus/story0.txt"}
    # who speaks most, straight from utterances
    top = rows(store, "SELECT speaker, count(*) FROM utterances WHERE speaker IS NOT NULL "
                      "GROUP BY speaker ORDER BY 2 DESC LIMIT 3")
    assert top and top[0][1] >= 4
    speakers = {s for (s,) in rows(store, "SELECT DISTINCT speaker FROM utterances")}
    assert {"Anna", "Tom", "Mira", "Jonas"} <= speakers
    # the characters table agrees with the utterances it summarises
    for wid, name, lines in rows(store, "SELECT work_id, name, lines FROM characters"):
        n = rows(store, "SELECT count(*) FROM utterances WHERE work_id = ? AND speaker = ?",
                 wid, name)[0][0]
        assert n == lines
    # duplicates carry no rows of their own
    assert rows(store, "SELECT count(*) FROM characters WHERE work_id = 'corpus/z_copy.txt'")[0][0] == 0


def test_rerun_skips_and_retry_failed_reanalyses(corpus_run, capsys):
    base, store, expect = corpus_run
    before = dict(rows(store, "SELECT id, finished_at FROM works"))
    cwd = os.getcwd()
    os.chdir(base)
    try:
        assert main(["batch", "corpus", "--out", str(store), "--jobs", "1", "--quiet"]) == 0
        first = capsys.readouterr().out
        assert main(["batch", "corpus", "--out", str(store), "--jobs", "1", "--quiet",
                     "--retry-failed"]) == 0
        second = capsys.readouterr().out
    finally:
        os.chdir(cwd)
    assert f"0 ok, 0 failed, {len(expect)} skipped" in first
    n_failed = sum(1 for v in expect.values() if v == "failed")
    assert (f"0 ok, {n_failed} failed, {len(expect) - n_failed - 1} skipped, 1 duplicate"
            in second)
    after = dict(rows(store, "SELECT id, finished_at FROM works"))
    for wid, v in expect.items():
        assert (after[wid] == before[wid]) == (v not in ("failed", "duplicate-failed")), wid


def test_stats_text_json_html(corpus_run, tmp_path):
    _, store, expect = corpus_run
    out = tmp_path / "stats.json"
    assert main(["stats", str(store), "--format", "json", "-o", str(out)]) == 0
    s = json.loads(out.read_text())
    n_ok = sum(1 for v in expect.values() if v == "ok")
    assert s["works"] == {"ok": n_ok, "failed": 4, "duplicates": 2}
    assert {f["reason"] for f in s["failures"]} == {"empty", "binary", "corrupt"}
    assert sum(r["works"] for r in s["ratings"]) == n_ok
    assert sum(b["works"] for b in s["words_per_work"]["histogram"]) == n_ok
    shares = [d["share"] for d in s["dialogue_by_gender"]]
    assert shares and abs(sum(shares) - 1) < 0.01
    assert s["lines_per_speaker"]["top"][0]["lines"] >= 4
    html_path = tmp_path / "stats.html"
    assert main(["stats", str(store), "--format", "html", "-o", str(html_path)]) == 0
    page = html_path.read_text()
    assert "Content-Security-Policy" in page and "<svg" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert main(["stats", str(store)]) == 0


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_every_table(corpus_run, tmp_path, fmt):
    _, store, expect = corpus_run
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / fmt
    assert main(["export", str(store), "--format", fmt, "-o", str(out), "--quiet"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{t}.{fmt}" for t in
                           ("works", "characters", "utterances", "relationships", "tags"))
    n_chars = rows(store, "SELECT count(*) FROM characters")[0][0]
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out / "works.parquet").num_rows == len(expect)
        assert pq.read_table(out / "characters.parquet").num_rows == n_chars
    elif fmt == "csv":
        with open(out / "characters.csv", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) == n_chars + 1
    else:
        lines = (out / "works.jsonl").read_text().splitlines()
        assert {json.loads(x)["id"] for x in lines} == set(expect)


def test_tables_csv_jsonl_parquet(tmp_path, capsys):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")

    with open(tmp_path / "works.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["work_id", "body", "fandom", "kudos"])
        w.writerow(["a1", story(0, *NAMES[0]), "<script>alert(1)</script>", "12"])
        w.writerow(["a2", story(1, *NAMES[1]), "Sea Stories", "3"])
        w.writerow(["a3", "", "Sea Stories", "0"])
    with open(tmp_path / "works.jsonl", "w") as fh:
        fh.write(json.dumps({"work_id": "j1", "body": story(2, *NAMES[2]), "lang": "en"}) + "\n")
        fh.write("{not json\n")
    pq.write_table(pa.table({"work_id": ["p1"], "body": [story(3, *NAMES[3])], "year": [2020]}),
                   tmp_path / "works.parquet")
    store = tmp_path / "t.sqlite"
    args = [str(tmp_path / f"works.{e}") for e in ("csv", "jsonl", "parquet")]
    assert main(["batch", *args, "--out", str(store), "--text-column", "body",
                 "--id-column", "work_id", "--jobs", "1", "--interval", "0"]) == 0
    out, err = capsys.readouterr()
    # not a terminal: plain progress lines on stderr, one summary line on stdout
    assert "batch: 6/6 works (4 ok, 2 failed, 0 skipped)" in err and "works/s" in err
    assert out.count("\n") == 1 and out.startswith("ficlens batch: 4 ok, 2 failed, 0 skipped")
    got = {wid: (status, json.loads(meta or "{}"), fandom) for wid, status, meta, fandom in
           rows(store, "SELECT id, status, metadata, fandom FROM works")}
    base = str(tmp_path)
    assert got[f"{base}/works.csv#a1"][0] == "ok"
    assert got[f"{base}/works.csv#a1"][1]["kudos"] == "12"
    assert got[f"{base}/works.csv#a2"][2] == "Sea Stories"
    assert got[f"{base}/works.csv#a3"][0] == "failed"
    assert got[f"{base}/works.jsonl#j1"][0] == "ok"
    assert got[f"{base}/works.jsonl#j1"][1] == {"lang": "en", "work_id": "j1"}
    assert got[f"{base}/works.jsonl#2"][0] == "failed"
    assert got[f"{base}/works.parquet#p1"][1]["year"] == 2020
    assert len(got) == 6
    # names from a table are escaped in the HTML page
    page = tmp_path / "s.html"
    assert main(["stats", str(store), "--format", "html", "-o", str(page)]) == 0
    text = page.read_text()
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_missing_column_and_missing_extra_are_one_line_errors(tmp_path, capsys, monkeypatch):
    (tmp_path / "w.csv").write_text("id,body\n1,hello there\n")
    assert main(["batch", str(tmp_path / "w.csv"), "--out", str(tmp_path / "s.sqlite")]) == 2
    err = capsys.readouterr().err.strip()
    assert "no column 'text'" in err and "\n" not in err
    assert main(["batch", str(tmp_path / "nothing"), "--out", str(tmp_path / "s.sqlite")]) == 2
    assert "no such file" in capsys.readouterr().err
    from ficlens.corpus import extras

    monkeypatch.setattr(extras, "have", lambda module: False)
    (tmp_path / "w.txt").write_text(story(0, "Anna", "Tom"))
    assert main(["batch", str(tmp_path / "w.txt"), "--out", str(tmp_path / "d.sqlite"),
                 "--scheduler", "tcp://127.0.0.1:1", "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "ficlens[corpus]" in err and "\n" not in err
    from ficlens.corpus.store import Store

    Store(tmp_path / "e.sqlite").close()
    assert main(["export", str(tmp_path / "e.sqlite"), "--format", "parquet",
                 "-o", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err.strip()
    assert "ficlens[corpus]" in err and "\n" not in err
    # jsonl export needs no extra
    assert main(["export", str(tmp_path / "e.sqlite"), "--format", "jsonl",
                 "-o", str(tmp_path / "x"), "--quiet"]) == 0


def _long_story(words: int) -> str:
    parts = []
    i = 0
    while sum(len(p.split()) for p in parts) < words:
        a, b = NAMES[i % len(NAMES)]
        parts.append(story(i, a, b, paragraphs=12))
        i += 1
    return "\n".join(parts)


def test_timeout_and_memory_cap_fail_one_work_and_the_run_goes_on(tmp_path):
    (tmp_path / "a_slow.txt").write_text(_long_story(120000), encoding="utf-8")
    (tmp_path / "b_small.txt").write_text(story(1, "Anna", "Tom"), encoding="utf-8")
    store = tmp_path / "s.sqlite"
    assert main(["batch", str(tmp_path / "a_slow.txt"), str(tmp_path / "b_small.txt"),
                 "--out", str(store), "--jobs", "1", "--timeout", "0.5", "--quiet"]) == 0
    got = {w: (s, e) for w, s, e in rows(store, "SELECT id, status, error FROM works")}
    assert got[str(tmp_path / "a_slow.txt")] == ("failed", "timed out after 0.5 s")
    assert got[str(tmp_path / "b_small.txt")][0] == "ok"
    # a warmed worker holds over 60 MB, so the cap stops the long work once it is running
    capped = tmp_path / "c.sqlite"
    assert main(["batch", str(tmp_path / "a_slow.txt"), "--out", str(capped), "--jobs", "1",
                 "--memory-mb", "60", "--quiet"]) == 0
    ((status, reason, error),) = rows(capped, "SELECT status, reason, error FROM works")
    assert (status, reason) == ("failed", "memory") and "memory cap exceeded" in error


@pytest.mark.skipif(sys.platform != "linux", reason="process groups and /proc")
def test_sigkill_midway_then_resume_every_work_ok_exactly_once(tmp_path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    n = 16
    for i in range(n):
        a, b = NAMES[i % len(NAMES)]
        (corpus / f"w{i:02d}.txt").write_text(story(i, a, b, paragraphs=40), encoding="utf-8")
    (corpus / "broken.epub").write_bytes(b"not an epub")
    store = tmp_path / "s.sqlite"
    cmd = [sys.executable, "-m", "ficlens.cli", "batch", str(corpus), "--out", str(store),
           "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if store.exists():
                try:
                    done = rows(store, "SELECT count(*) FROM works")[0][0]
                except sqlite3.OperationalError:
                    done = 0
                if done >= 3:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    assert rows(store, "PRAGMA integrity_check")[0][0] == "ok"
    kept = rows(store, "SELECT count(*) FROM works")[0][0]
    assert 3 <= kept < n + 1
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    status = dict(rows(store, "SELECT id, status FROM works"))
    assert len(status) == n + 1
    assert sum(1 for s in status.values() if s == "ok") == n
    assert status[str(corpus / "broken.epub")] == "failed"
    # the rerun analysed only what the killed run had not committed
    assert f"{kept} skipped" in out.stdout


def test_dask_cluster_with_a_worker_killed_midway(tmp_path):
    distributed = pytest.importorskip("distributed")
    import threading

    from ficlens.corpus.run import BatchOptions, run_batch

    corpus = tmp_path / "d"
    corpus.mkdir()
    n = 14
    for i in range(n):
        a, b = NAMES[i % len(NAMES)]
        (corpus / f"w{i:02d}.txt").write_text(story(i, a, b, paragraphs=40), encoding="utf-8")
    store = tmp_path / "d.sqlite"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=40) as cluster:
        with distributed.Client(cluster.scheduler_address) as client:
            pids = list(client.run(os.getpid).values())
        killed: list[int] = []

        def killer() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if store.exists() and rows(store, "SELECT count(*) FROM works")[0][0] >= 2:
                        os.kill(pids[0], signal.SIGKILL)
                        killed.append(pids[0])
                        return
                except sqlite3.OperationalError:
                    pass
                time.sleep(0.05)

        t = threading.Thread(target=killer, daemon=True)
        t.start()
        summary = run_batch(BatchOptions(inputs=[str(corpus)], out=str(store),
                                         scheduler=cluster.scheduler_address, progress="quiet"))
        t.join(5)
    assert killed, "the worker was not killed during the run"
    assert (summary.ok, summary.failed) == (n, 0)
    status = rows(store, "SELECT status, count(*) FROM works GROUP BY status")
    assert status == [("ok", n)]


def test_a_worker_killed_midway_fails_only_its_work_and_is_replaced(tmp_path):
    import multiprocessing
    import threading

    from ficlens.corpus.run import BatchOptions, run_batch

    corpus = tmp_path / "k"
    corpus.mkdir()
    n = 10
    for i in range(n):
        a, b = NAMES[i % len(NAMES)]
        (corpus / f"w{i:02d}.txt").write_text(story(i, a, b, paragraphs=60), encoding="utf-8")
    store = tmp_path / "k.sqlite"
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if store.exists() and rows(store, "SELECT count(*) FROM works")[0][0] >= 1:
                    child = multiprocessing.active_children()[0]
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
                    return
            except (sqlite3.OperationalError, IndexError):
                pass
            time.sleep(0.02)

    t = threading.Thread(target=killer, daemon=True)
    t.start()
    summary = run_batch(BatchOptions(inputs=[str(corpus)], out=str(store), jobs=2,
                                     progress="quiet"))
    t.join(5)
    assert killed and summary.replaced_workers >= 1
    assert summary.ok + summary.failed == n and summary.failed <= 1
    for (error,) in rows(store, "SELECT error FROM works WHERE status = 'failed'"):
        assert error == "worker died while analysing it (killed by signal 9)"
    again = run_batch(BatchOptions(inputs=[str(corpus)], out=str(store), jobs=1,
                                   progress="quiet", retry_failed=True))
    assert again.ok == summary.failed
    assert rows(store, "SELECT status, count(*) FROM works GROUP BY status") == [("ok", n)]
