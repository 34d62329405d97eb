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

from .errors import ConfigError, FiclensError, InputError

EXIT_USAGE = 2


def _read_source(path: str) -> str | bytes | Path:
    if path == "-":
        data = sys.stdin.buffer.read()
        return data
    return Path(path)


def _write_output(content: str | bytes, out: str | None, inputs: Sequence[str] = ()) -> None:
    if out is None or out == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    target = Path(out)
    for given in inputs:
        if given != "-" and Path(given).exists() and target.exists() and target.resolve() == Path(given).resolve():
            raise ConfigError(f"{out}: refusing to overwrite the input file")
    if target.is_dir():
        raise ConfigError(f"{out}: is a directory")
    try:
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{out}: cannot write ({exc.strerror})") from None


def _analysis(args: argparse.Namespace, **kw: object):
    from .pipeline import analyze

    source = _read_source(args.path)
    return analyze(source, fandom=getattr(args, "fandom", None), cast=getattr(args, "cast", None), **kw)


def cmd_analyze(args: argparse.Namespace) -> int:
    analysis = _analysis(args)
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
    else:  # argparse restricts choices; kept for the API's sake
        raise ConfigError(f"unknown format {fmt!r}")
    _write_output(content, args.output, [args.path])
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    from .report.tags_block import render_tags_block

    analysis = _analysis(args, skip=("proofread",))
    _write_output(render_tags_block(analysis.document), args.output, [args.path])
    return 0


def cmd_proofread(args: argparse.Namespace) -> int:
    from .proofread.command import run_proofread_command

    return run_proofread_command(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(host=args.host, port=args.port, max_upload_mb=args.max_upload_mb)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(f"ficlens.eval.{args.task.replace('-', '_')}")
    return int(module.main(args.rest) or 0)


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
    p.add_argument("--format", choices=["json", "text", "html", "graphml"], default="json")
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
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="measure accuracy on ../shared/data (litbank, litbank-quotes, litbank-coref, "
                                   "pdnc, quotes, ao3, proofread, fanfic)")
    p.add_argument("task", choices=["litbank", "litbank-quotes", "pdnc", "quotes", "ao3", "proofread",
                                    "fanfic", "litbank-coref"])
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_eval)
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
