"""Command line: argument parsing and one-line errors, nothing else.

Every expected failure (bad input, bad option) is a :class:`FiclensError`; it is
printed as one line on stderr and the exit code is 2. Set ``FICLENS_DEBUG=1`` to see
tracebacks of unexpected errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_io import read_source as _read_source
from .cli_io import write_output as _write_output
from .errors import ConfigError, FiclensError, InputError

if TYPE_CHECKING:
    from .pipeline import Analysis

EXIT_USAGE = 2


def _analysis(args: argparse.Namespace, **kw: object):
    from .pipeline import analyze

    source = _read_source(args.path)
    return analyze(source, fandom=getattr(args, "fandom", None), cast=getattr(args, "cast", None), **kw)


def cmd_analyze(args: argparse.Namespace) -> int:
    analysis = _analysis(args, only=args.only, exclude=args.exclude or ())
    fmt = args.format
    if fmt == "json":
        content: str | bytes = analysis.to_json() + "\n"
    elif fmt == "text":
        content = analysis.to_text()
    elif fmt == "html":
        content = analysis.to_html()
    elif fmt == "graphml":
        from .report.graphml import to_graphml

        content = to_graphml(analysis.document)
    elif fmt == "booknlp":
        return _write_booknlp(analysis, args)
    else:  # argparse restricts choices; kept for the API's sake
        raise ConfigError(f"unknown format {fmt!r}")
    _write_output(content, args.output, [args.path])
    return 0


def _write_booknlp(analysis: Analysis, args: argparse.Namespace) -> int:
    from .report.booknlp import write_booknlp

    if not args.output or args.output == "-":
        raise ConfigError("--format booknlp writes four files: give a folder with -o DIR")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{args.output}: not a folder (--format booknlp needs -o DIR)")
    name = "stdin" if args.path == "-" else Path(args.path).stem or "story"
    try:
        write_booknlp(analysis.document, folder, name)
    except OSError as exc:
        raise ConfigError(f"{args.output}: cannot write ({exc.strerror})") from None
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    from .report.tags_block import render_tags_block

    analysis = _analysis(args, exclude=("proofread",))
    _write_output(render_tags_block(analysis.document), args.output, [args.path])
    return 0


def cmd_proofread(args: argparse.Namespace) -> int:
    from .proofread.command import run_proofread_command

    return run_proofread_command(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from ._extras import require

    for module in ("fastapi", "uvicorn", "multipart"):
        require(module, extra="serve", purpose="ficlens serve")
    from .serve import serve

    serve(host=args.host, port=args.port, max_upload_mb=args.max_upload_mb, workers=args.workers,
          queue=args.queue, timeout_s=args.timeout, memory_mb=args.memory_mb)
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    from .characters.cast_packs import builtin_packs, find_pack, load_pack

    if args.pack_command == "build":
        from .packs import build_from_folder, write_atomic

        text, summary = build_from_folder(args.folder, fandom=args.fandom)
        if args.output in (None, "-"):
            sys.stdout.write(text)
        else:
            target = Path(args.output)
            if target.is_dir():
                raise ConfigError(f"{args.output}: is a directory; give a file name (PACK.toml)")
            try:
                write_atomic(target, text)
            except OSError as exc:
                raise ConfigError(f"{args.output}: cannot write ({exc.strerror})") from None
        print(f"ficlens: {summary}", file=sys.stderr)
        return 0
    if args.pack_command == "list":
        for pack in builtin_packs():
            name = Path(pack.path or "").name
            print(f"{pack.fandom}\t{name}\t{len(pack.characters)} characters\t"
                  f"{len(pack.ships)} ships")
        return 0
    # show
    name = args.name
    pack = load_pack(name) if name.endswith(".toml") else find_pack(name, builtin_packs())
    lines = [f"fandom: {pack.fandom}", f"file: {pack.path}",
             f"AO3 fandom tags: {', '.join(pack.tags)}",
             f"characters ({len(pack.characters)}):"]
    for c in pack.characters:
        extra = [a for a in c.aliases if a != c.tag]
        gender = f" [{c.gender}]" if c.gender else ""
        lines.append(f"  {c.tag}{gender}" + (f": {', '.join(extra)}" if extra else ""))
    counts = list(pack.ship_counts) or [None] * len(pack.ships)
    lines.append(f"ships ({len(pack.ships)}):")
    lines += [f"  {s}" + (f" ({n})" if n is not None else "") for s, n in zip(pack.ships, counts, strict=False)]
    _write_output("\n".join(lines) + "\n", None)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(f"ficlens.eval.{args.task.replace('-', '_')}")
    return int(module.main(args.rest) or 0)


def cmd_batch(args: argparse.Namespace) -> int:
    from .corpus.run import BatchOptions, run_batch

    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise ConfigError("--timeout must be a positive number of seconds")
    if args.memory_mb < 0:
        raise ConfigError("--memory-mb must be 0 (no cap) or more")
    if args.scheduler and args.timeout:
        print("ficlens: note: --timeout applies to local workers; on a Dask cluster use "
              "`dask worker --memory-limit` (see docs/batch.md)", file=sys.stderr)
    progress = "quiet" if args.quiet else ("lines" if args.plain else "auto")
    summary = run_batch(BatchOptions(
        inputs=args.inputs, out=args.out, jobs=args.jobs, timeout=args.timeout,
        memory_mb=args.memory_mb, retry_failed=args.retry_failed, scheduler=args.scheduler,
        text_column=args.text_column, id_column=args.id_column, progress=progress,
        interval=args.interval))
    print(summary.line(), flush=True)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .corpus.export import export_store

    for path in export_store(args.store, args.format, args.output):
        if not args.quiet:
            print(path)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .corpus.stats import render_stats

    _write_output(render_stats(args.store, args.format), args.output, [args.store])
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="ficlens",
        description="Read a story and tell what is in it.",
    )
    parser.add_argument("--version", action="version", version=f"ficlens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_cast_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--fandom", help="use this fandom's cast pack instead of detecting it")
        p.add_argument("--cast", help="a cast pack file of your own (TOML, see docs/cast-packs.md)")

    p = sub.add_parser("analyze", help="analyse a story file (txt, html, epub, docx; - for stdin)")
    p.add_argument("path")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument("--format", choices=["json", "text", "html", "graphml", "booknlp"],
                   default="json", help="booknlp: NAME.tokens/.entities/.quotes/.book in -o DIR")
    p.add_argument("--only", metavar="STAGES",
                   help="run only these stages (comma-separated) and those they need")
    p.add_argument("--exclude", metavar="STAGES",
                   help="leave these stages out (comma-separated), e.g. proofread,rating")
    add_cast_options(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("tags", help="print suggested AO3 tags, ready to paste")
    p.add_argument("path")
    p.add_argument("-o", "--output")
    add_cast_options(p)
    p.set_defaults(func=cmd_tags)

    p = sub.add_parser("proofread", help="list spelling, name and punctuation problems")
    p.add_argument("path")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--fix", metavar="OUT", help="write a corrected copy here (safe fixes only)")
    p.add_argument("-o", "--output")
    add_cast_options(p)
    p.set_defaults(func=cmd_proofread)

    p = sub.add_parser("serve", help="start the local web page")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--max-upload-mb", type=float, default=20.0)
    p.add_argument("--workers", type=int, default=2,
                   help="analysis processes (default 2; 0 runs analyses in threads, no limits)")
    p.add_argument("--queue", type=int, default=8,
                   help="requests that may wait for a worker; more get 503 at once (default 8)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit per analysis (default 120)")
    p.add_argument("--memory-mb", type=float, default=1536.0,
                   help="memory limit per analysis process (default 1536)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("pack", help="cast packs: build one from AO3 downloads, list, show")
    pack_sub = p.add_subparsers(dest="pack_command", required=True, metavar="PACK_COMMAND")
    q = pack_sub.add_parser("build", help="build a cast pack from a folder of AO3 downloads")
    q.add_argument("folder", type=Path, help="folder of AO3 .html/.epub downloads")
    q.add_argument("-o", "--output", help="write the pack here (PACK.toml; default: stdout)")
    q.add_argument("--fandom", help="the fandom to build (default: the one most works tag)")
    pack_sub.add_parser("list", help="list the shipped cast packs")
    q = pack_sub.add_parser("show", help="show a cast pack (a shipped fandom or a .toml file)")
    q.add_argument("name")
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser("eval", help="measure accuracy on ../shared/data (litbank, litbank-quotes, litbank-coref, "
                                   "pdnc, quotes, ao3, proofread, fanfic)")
    p.add_argument("task", choices=["litbank", "litbank-quotes", "pdnc", "quotes", "ao3", "proofread",
                                    "fanfic", "litbank-coref"])
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("batch", help="analyse many works into a store (docs/batch.md)")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, directories, .zip archives, or .csv/.jsonl/.parquet tables")
    p.add_argument("--out", required=True, metavar="STORE", help="the SQLite store to write")
    p.add_argument("--jobs", type=int, help="worker processes (default: the number of cores)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="per-work time limit")
    p.add_argument("--memory-mb", type=float, default=2000.0,
                   help="per-worker resident memory cap in MB (0: none; default 2000)")
    p.add_argument("--retry-failed", action="store_true", help="analyse failed works again")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on this Dask scheduler (tcp://host:8786) instead of local workers")
    p.add_argument("--text-column", default="text", help="tables: the column with the text")
    p.add_argument("--id-column", help="tables: the column with the work's id")
    p.add_argument("--quiet", action="store_true", help="no progress, only the summary line")
    p.add_argument("--plain", action="store_true", help="plain progress lines even on a terminal")
    p.add_argument("--interval", type=float, default=10.0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("export", help="write a batch store's tables as Parquet, CSV or JSON Lines")
    p.add_argument("store")
    p.add_argument("--format", choices=["parquet", "csv", "jsonl"], default="parquet")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="summarise a batch store (text, json or html)")
    p.add_argument("store")
    p.add_argument("--format", choices=["text", "json", "html"], default="text")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FiclensError as exc:
        print(f"ficlens: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("ficlens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print("ficlens: error: out of memory reading the input", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the CLI promises no tracebacks
        if os.environ.get("FICLENS_DEBUG"):
            raise
        print(f"ficlens: internal error: {type(exc).__name__}: {exc} "
              "(please report it; FICLENS_DEBUG=1 shows details)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["main", "build_parser", "InputError"]
