"""Throughput of ``ficlens batch`` against an in-process ``ficlens.analyze`` loop, same run.

    python benchmarks/batch_speed.py [--limit N] [--skip-dask] [--store-rows 400]

On the AO3 works in ../shared/data/ao3/works (all 698 by default; ``--limit N`` takes
the first N in name order), it measures, one after the other in this run:

1. an in-process loop: ``ficlens.analyze(bytes, name=...)`` and its JSON, after warm-up;
2. ``ficlens batch --jobs 1`` and ``--jobs 2`` into fresh stores (the same code the CLI
   runs), wall time from start to the last committed work, worker start-up included,
   and the same without start-up (from the first worker ready);
3. the same through a local Dask cluster of two single-thread worker processes;
4. for each batch run: "workers busy" (the sum of per-work analysis times over wall
   time: near --jobs when every worker is kept fed) and, for local runs, "cores used"
   (CPU seconds of this process and its workers over wall time: what the machine gave);
   a busy count near --jobs with few cores used means other jobs took the CPU;
5. peak RSS per worker; a kill-and-resume run (SIGKILL of a running ``ficlens batch``
   at about a third, then the same command again) on the works plus 5% broken files,
   counting works lost or stored twice;
6. SQLite insert throughput of analysis rows (the store's scaling point).

A benchmark, not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKS = ROOT.parent / "shared" / "data" / "ao3" / "works"


def in_process(files: list[Path]) -> tuple[float, int]:
    import ficlens
    from ficlens.corpus.analyse import warm_up

    warm_up()
    words = 0
    t0 = time.perf_counter()
    for f in files:
        try:
            a = ficlens.analyze(f.read_bytes(), name=f.name)
        except ficlens.FiclensError:
            continue
        a.to_json(indent=None)
        words += a.document.words
    return time.perf_counter() - t0, words


def batch(files: list[str], store: Path, **kw: object) -> dict[str, object]:
    import resource

    from ficlens.corpus.run import BatchOptions, run_batch

    def own() -> float:
        me = resource.getrusage(resource.RUSAGE_SELF)
        return me.ru_utime + me.ru_stime

    def cpu() -> float:
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        return ch.ru_utime + ch.ru_stime + own()

    c0, o0 = cpu(), own()
    s = run_batch(BatchOptions(inputs=files, out=str(store), progress="quiet", **kw))
    parent_cpu = own() - o0
    # CPU seconds of this process and its (joined) workers over wall seconds: how many
    # cores the run actually got. On a machine shared with other jobs this shows whether
    # a low speed-up is starvation (few cores got) or serialisation (cores idle).
    cores = (cpu() - c0) / s.seconds if s.seconds > 0 else 0.0
    # Sum of the per-work analysis times over wall time: how many workers were busy on
    # average (near --jobs when the dispatcher keeps every worker fed).
    con = sqlite3.connect(store)
    busy = (con.execute("SELECT sum(seconds) FROM works").fetchone()[0] or 0.0) / s.seconds
    # CPU per analysed work: in the worker process (all its threads), and in this process
    # (supervisor or Dask client, with an in-process Dask scheduler), store writes included.
    n, worker_cpu = con.execute("SELECT count(*), sum(cpu_seconds) FROM works "
                                "WHERE cpu_seconds IS NOT NULL").fetchone()
    con.close()
    return {"ok": s.ok, "failed": s.failed, "words": s.words, "seconds": s.seconds,
            "cores_used": cores, "busy_workers": busy,
            "worker_cpu_ms": 1000 * (worker_cpu or 0.0) / max(1, n),
            "parent_cpu_ms": 1000 * parent_cpu / max(1, n),
            "steady_seconds": s.seconds - s.startup_seconds,
            "peak_rss_mb": max(s.peak_rss_mb.values()) if s.peak_rss_mb else None}


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def kill_and_resume(files: list[Path], tmp: Path, reference: Path) -> dict[str, object]:
    corpus = tmp / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus / f.name)
    n_broken = max(1, round(len(files) * 0.05 / 0.95))
    kinds = [b"", os.urandom(4000), b"PK\x03\x04 broken epub"]
    for i in range(n_broken):
        ext = (".txt", ".txt", ".epub")[i % 3]
        (corpus / f"zz_broken_{i:03d}{ext}").write_bytes(kinds[i % 3] + str(i).encode() * (i % 3 != 0))
    unique = {hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus.iterdir()}
    expected = {str(p) for p in corpus.iterdir()}
    store = tmp / "resume.sqlite"
    cmd = [sys.executable, "-m", "ficlens.cli", "batch", str(corpus), "--out", str(store),
           "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    target = len(files) // 3
    while proc.poll() is None:
        try:
            if store.exists() and sqlite3.connect(store).execute(
                    "SELECT count(*) FROM works").fetchone()[0] >= target:
                break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(store)
    kept = con.execute("SELECT count(*) FROM works").fetchone()[0]
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    con = sqlite3.connect(store)
    status = dict(con.execute("SELECT id, status FROM works"))
    analysed = con.execute("SELECT count(*) FROM works WHERE duplicate_of IS NULL").fetchone()[0]
    for wid, err in con.execute("SELECT id, error FROM works WHERE status = 'failed' AND "
                                "id NOT LIKE '%zz_broken_%'"):
        print(f"  failed (not one of the broken files): {Path(wid).name}: {err}")
    ids = con.execute("SELECT count(*), count(DISTINCT id) FROM works").fetchone()
    con.close()
    # the reference: the same works' statuses in the uninterrupted --jobs 2 run
    ref = dict(sqlite3.connect(reference).execute("SELECT source, status FROM works"))
    ok_before = {Path(s).name for s, st in ref.items() if st == "ok"}
    ok_after = {Path(i).name for i, st in status.items() if st == "ok"}
    broken_ok = sum(1 for i, st in status.items() if Path(i).name.startswith("zz_broken_") and st == "ok")
    return {"works": len(files), "broken": n_broken, "kept_after_kill": kept,
            "integrity": integrity, "ok": sum(1 for v in status.values() if v == "ok"),
            "failed": sum(1 for v in status.values() if v == "failed"),
            "lost": len(expected - set(status)), "stored_twice": ids[0] - ids[1],
            "good_not_ok": len(ok_before - ok_after), "broken_ok": broken_ok,
            "analysed_once": analysed == len(unique), "rerun_summary": out.stdout.strip()}


def store_throughput(files: list[Path], tmp: Path, n: int) -> dict[str, float]:
    from ficlens.corpus.analyse import analyse_work
    from ficlens.corpus.store import Store

    sizes = sorted(files, key=lambda f: f.stat().st_size)
    median = sizes[len(sizes) // 2]
    result = analyse_work("x", median.name, median.read_bytes())
    store = Store(tmp / "insert.sqlite")
    t0 = time.perf_counter()
    for i in range(n):
        work = {"id": f"w{i}", "source": str(median), "sha256": f"{i:064d}", "metadata": {}}
        store.write(work, result)
    seconds = time.perf_counter() - t0
    store.close()
    rows_per_work = sum(len(result["rows"][k]) for k in
                        ("characters", "utterances", "relationships", "tags")) + 1
    return {"works_per_s": n / seconds, "rows_per_s": n * rows_per_work / seconds,
            "analysis_kb": len(result["analysis"] or "") / 1024, "rows_per_work": rows_per_work}


def speed(files: list[Path], names: list[str], tmp: Path, res: dict[str, object],
          skip_dask: bool) -> None:
        secs, words = in_process(files)
        res["in_process"] = {"seconds": secs, "words": words}
        print(f"{len(files)} AO3 works, {words:,} words")
        print(f"in-process loop     {rate(len(files), secs):6.2f} works/s "
              f"{rate(words, secs):9,.0f} words/s  ({secs:.1f} s, after warm-up)")
        for jobs in (1, 2):
            r = batch(names, tmp / f"jobs{jobs}.sqlite", jobs=jobs)
            if jobs == 1:
                for wid, err in sqlite3.connect(tmp / "jobs1.sqlite").execute(
                        "SELECT id, error FROM works WHERE status = 'failed'"):
                    print(f"  failed: {Path(wid).name}: {err}")
            res[f"jobs{jobs}"] = r
            print(f"batch --jobs {jobs}      {rate(len(files), r['seconds']):6.2f} works/s "
                  f"{rate(r['words'], r['seconds']):9,.0f} words/s  ({r['seconds']:.1f} s; "
                  f"{rate(len(files), r['steady_seconds']):.2f} works/s without start-up); "
                  f"ok {r['ok']}, failed {r['failed']}; peak RSS per worker {r['peak_rss_mb']:.0f} MB; "
                  f"workers busy {r['busy_workers']:.2f}, cores used {r['cores_used']:.2f}; CPU per work: "
                  f"worker {r['worker_cpu_ms']:.0f} ms, this process {r['parent_cpu_ms']:.1f} ms")
        if not skip_dask:
            import distributed

            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address=None,
                                          silence_logs=40) as cluster:
                r = batch(names, tmp / "dask.sqlite", scheduler=cluster.scheduler_address)
            res["dask2"] = r
            print(f"dask, 2 workers     {rate(len(files), r['seconds']):6.2f} works/s "
                  f"{rate(r['words'], r['seconds']):9,.0f} words/s  ({r['seconds']:.1f} s; "
                  f"{rate(len(files), r['steady_seconds']):.2f} works/s without warm-up); "
                  f"ok {r['ok']}, failed {r['failed']}; peak RSS per worker {r['peak_rss_mb']:.0f} MB; "
                  f"workers busy {r['busy_workers']:.2f}; CPU per work: worker {r['worker_cpu_ms']:.0f} ms, "
                  f"this process (client and scheduler) {r['parent_cpu_ms']:.1f} ms")
        j1 = res["jobs1"]["seconds"]  # type: ignore[index]
        j1s = res["jobs1"]["steady_seconds"]  # type: ignore[index]
        print(f"ratios: jobs1/in-process {secs / j1:.2f} (without start-up {secs / j1s:.2f}); "
              f"jobs2/jobs1 {j1 / res['jobs2']['seconds']:.2f} "  # type: ignore[index]
              f"(without start-up {j1s / res['jobs2']['steady_seconds']:.2f})"  # type: ignore[index]
              + (f"; dask2/jobs1 {j1 / res['dask2']['seconds']:.2f} "  # type: ignore[index]
                 f"(without warm-up {j1s / res['dask2']['steady_seconds']:.2f})"  # type: ignore[index]
                 if "dask2" in res else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N works (name order)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-resume", action="store_true")
    ap.add_argument("--skip-speed", action="store_true",
                    help="only --jobs 2, then kill + resume and the store (no loop, no Dask)")
    ap.add_argument("--store-rows", type=int, default=400)
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = ap.parse_args(argv)
    if not WORKS.is_dir():
        print(f"benchmark: {WORKS}: not found (needs ../shared/data)", file=sys.stderr)
        return 2
    files = sorted(WORKS.glob("*.html"))
    if args.limit:
        files = files[: args.limit]
    names = [str(f) for f in files]
    res: dict[str, object] = {"works": len(files)}
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-") as d:
        tmp = Path(d)
        if args.skip_speed:
            r = batch(names, tmp / "jobs2.sqlite", jobs=2)
            res["jobs2"] = r
            print(f"{len(files)} AO3 works; batch --jobs 2: ok {r['ok']}, failed {r['failed']}, "
                  f"{r['seconds']:.1f} s")
        else:
            speed(files, names, tmp, res, args.skip_dask)
        if not args.skip_resume:
            k = kill_and_resume(files, tmp, tmp / "jobs2.sqlite")
            res["kill_resume"] = k
            print(f"kill + resume (2 jobs, {k['works']} works + {k['broken']} broken = 5%): "
                  f"{k['kept_after_kill']} stored when killed (integrity {k['integrity']}); "
                  f"after rerun ok {k['ok']}, failed {k['failed']}; lost {k['lost']}, "
                  f"stored twice {k['stored_twice']}, ok in the clean run but not now "
                  f"{k['good_not_ok']}, broken files ok {k['broken_ok']}; each distinct text "
                  f"analysed once: {k['analysed_once']}")
        st = store_throughput(files, tmp, args.store_rows)
        res["store"] = st
        print(f"SQLite store: {st['works_per_s']:,.0f} works/s committed one per transaction "
              f"({st['rows_per_s']:,.0f} rows/s; median work: {st['analysis_kb']:.0f} KB of JSON, "
              f"{st['rows_per_work']} rows)")
    if args.json:
        print(json.dumps(res, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
