"""``ficlens serve``: a small local web page and JSON API around :func:`ficlens.analyze`.

Why it looks like this: people who do not use a terminal paste a chapter or drop a
file and read the same report the CLI writes. It binds to 127.0.0.1 unless told
otherwise, keeps nothing (uploads are read into memory, and any spooled temporary file
is closed, which deletes it, before the response goes out), refuses bodies over the
size limit twice (by ``Content-Length`` before reading and by counting the bytes
actually streamed, for chunked or lying clients) and turns every
:class:`~ficlens.errors.FiclensError` into a one-line error, never a traceback.

Under load (``ficlens serve``): analyses run in a bounded pool of worker processes
(:mod:`ficlens.workpool`) with a queue, a time limit and a memory limit each; a full
queue is answered 503 at once, and ``/healthz`` is answered by the event loop, which
never analyses.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import PurePath
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import FiclensError, InputError, UnsupportedFormatError
from .report.html import csp, page, render_parts, title_of
from .workpool import Job, Limits, PoolFull, ProcessPool, Result, ThreadRunner

ACCEPT = ".txt,.text,.md,.html,.htm,.xhtml,.epub,.docx"
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and headers on top of the file itself
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class TooLarge(HTTPException):
    """Raised while the body streams in, as soon as it passes the limit."""

    def __init__(self, limit_mb: float) -> None:
        super().__init__(413, f"the upload is larger than the {limit_mb:g} MB limit")


def _too_large_body(path: str, limit_mb: float) -> Response:
    msg = f"the upload is larger than the {limit_mb:g} MB limit"
    if path.startswith("/api/"):
        return JSONResponse({"error": msg}, status_code=413, headers=SECURITY_HEADERS)
    return _html(_form_page(error=msg), 413)


class BodyLimit:
    """ASGI middleware that refuses request bodies over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int, limit_mb: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limit_mb = limit_mb

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await _too_large_body(scope.get("path", ""), self.limit_mb)(scope, receive, send)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge(self.limit_mb)
            return message

        await self.app(scope, limited, send)


def _html(body: str, status: int = 200) -> HTMLResponse:
    headers = dict(SECURITY_HEADERS)
    headers["Content-Security-Policy"] = csp("'self'") + "; frame-ancestors 'none'"
    return HTMLResponse(body, status_code=status, headers=headers)


def _form(text: str = "") -> str:
    return (
        '<form class="upload" method="post" action="/report" enctype="multipart/form-data">'
        '<label for="text">Paste a story or chapter</label>'
        f'<textarea id="text" name="text" spellcheck="false" '
        f'placeholder="Paste text here, or choose a file below.">{escape(text, quote=True)}'
        "</textarea>"
        '<div class="row"><label for="file">or upload a file (.txt, .html, .epub, .docx):</label>'
        f'<input id="file" name="file" type="file" accept="{ACCEPT}">'
        '<button type="submit">Analyse</button></div></form>'
    )


def _form_page(error: str | None = None, text: str = "") -> str:
    err = (f'<section class="card error" role="alert"><h2>Could not analyse that</h2>'
           f"<p>{escape(error, quote=True)}</p></section>" if error else "")
    body = (
        '<header class="top"><p class="kicker">ficlens</p><h1>Read a story, see what is in it</h1>'
        '<p class="byline">Cast, dialogue by speaker, point of view, pairings, rating and '
        "proofreading. Everything runs on this computer; nothing is kept.</p></header>"
        f'{err}<section class="card" id="analyse">{_form(text)}</section>'
    )
    return page("ficlens", body, form_action="'self'")


def _report_page(analysis_doc: Any) -> str:
    css, body = render_parts(analysis_doc)
    again = ('<section class="card" id="analyse"><details><summary>Analyse another story'
             f"</summary>{_form()}</details></section>")
    return page(title_of(analysis_doc), again + body, extra_css=css, form_action="'self'")


def _status_for(exc: FiclensError) -> int:
    return 422 if isinstance(exc, InputError | UnsupportedFormatError) else 400


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _internal(exc: BaseException) -> str:
    return f"internal error: {type(exc).__name__}: {_one_line(exc)} (please report it)"


def _analyze_input(data: bytes | None, name: str | None, text: str | None) -> Any:
    """Run the pipeline on uploaded bytes (format from the name) or on pasted text."""
    from .pipeline import load, run_stages

    if data:
        doc = load(data, name=name)
    elif text and text.strip():
        doc = load(text.encode("utf-8"), name=name or "pasted.txt")
    else:
        raise InputError("no story given: paste text or choose a file")
    return run_stages(doc)


def _run_job(job: Job) -> Result:
    """One analysis, rendered: (200, JSON bytes or page) or (status, None, one-line error).

    Runs in a worker process (or a thread with ``workers=0``); what it returns crosses
    a pipe, so it is plain data.
    """
    kind, data, name, text = job
    try:
        doc = _analyze_input(data, name, text)
        if kind == "json":
            from .report.json import to_dict

            return 200, json.dumps(to_dict(doc), ensure_ascii=False).encode("utf-8"), ""
        return 200, _report_page(doc), ""
    except FiclensError as exc:
        return _status_for(exc), None, _one_line(exc)
    except RecursionError:
        return 422, None, "the input nests too deeply to analyse"
    except MemoryError:
        return 422, None, "the analysis ran out of memory; try a shorter text"
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        return 500, None, _internal(exc)


def _warm() -> None:
    """Load the models in a new worker before its first request."""
    from .pipeline import analyze

    analyze("\u201cHello,\u201d said Anna Smith. Bob Jones smiled.\n")


def _busy_message(capacity: int) -> str:
    return (f"the server is busy ({capacity} analyses running or waiting, its limit); "
            "try again in a minute")


async def _read_input(request: Request, max_bytes: int, limit_mb: float
                      ) -> tuple[bytes | None, str | None, str | None]:
    """(file bytes, file name, text) from a multipart/urlencoded form or a JSON body."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            payload = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise HTTPException(400, "the body is not valid JSON") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise HTTPException(400, 'send JSON like {"text": "the story"}')
        name = payload.get("name")
        return None, (name if isinstance(name, str) else None), payload["text"]
    if not (ctype.startswith("multipart/form-data")
            or ctype.startswith("application/x-www-form-urlencoded")):
        raise HTTPException(415, "send a form (file or text field) or JSON {\"text\": ...}")
    try:
        async with request.form(max_files=1, max_fields=20) as form:
            text = form.get("text")
            upload = form.get("file")
            data = name = None
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise TooLarge(limit_mb)
                name = PurePath(upload.filename.replace("\\", "/")).name or None
            return data, name, text if isinstance(text, str) else None
    except HTTPException:
        raise
    except Exception as exc:  # malformed multipart: the client's fault, one line
        raise HTTPException(400, f"could not read the form: {_one_line(exc)}") from None


def create_app(max_upload_mb: float = 20.0, *, workers: int = 0, queue: int = 8,
               timeout_s: float = 120.0, memory_mb: float = 1536.0) -> FastAPI:
    """The web app; ``max_upload_mb`` bounds every request body.

    ``workers`` > 0 runs analyses in that many worker processes, each analysis limited
    to ``timeout_s`` seconds and ``memory_mb`` MB (see :mod:`ficlens.workpool`); 0 runs
    them in threads of this process (tests, embedding). At most ``queue`` more requests
    wait for a worker; past that the answer is 503 at once.
    """
    from contextlib import asynccontextmanager

    max_bytes = int(max_upload_mb * 1024 * 1024)
    limits = Limits(workers=workers, queue=queue, timeout_s=timeout_s, memory_mb=memory_mb)
    runner: ProcessPool | ThreadRunner = (ProcessPool(limits, _run_job, _warm) if workers > 0
                                          else ThreadRunner(limits, _run_job))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # noqa: ANN202 - FastAPI's lifespan protocol
        runner.start()
        try:
            yield
        finally:
            runner.close()

    app = FastAPI(title="ficlens", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.runner = runner

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        msg = _one_line(Exception(exc.detail))
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": msg}, status_code=exc.status_code,
                                headers=SECURITY_HEADERS)
        return _html(_form_page(error=msg), exc.status_code)

    @app.get("/", response_class=HTMLResponse)
    async def index() -> Response:
        return _html(_form_page())

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", **runner.status()}

    async def run(kind: str, data: bytes | None, name: str | None, text: str | None) -> Result:
        if runner.accepted >= runner.status()["capacity"]:
            raise PoolFull()  # before the worker even sees it
        return await runner.run((kind, data, name, text))

    @app.post("/report", response_class=HTMLResponse)
    async def report(request: Request) -> Response:
        data, name, text = await _read_input(request, max_bytes, max_upload_mb)
        try:
            status, body, error = await run("html", data, name, text)
        except PoolFull:
            resp = _html(_form_page(error=_busy_message(runner.status()["capacity"]),
                                    text=text or ""), 503)
            resp.headers["Retry-After"] = "30"
            return resp
        if status == 200:
            return _html(body)
        return _html(_form_page(error=error, text=text or ""), status)

    @app.post("/api/analyze")
    async def api_analyze(request: Request) -> Response:
        data, name, text = await _read_input(request, max_bytes, max_upload_mb)
        try:
            status, body, error = await run("json", data, name, text)
        except PoolFull:
            return JSONResponse({"error": _busy_message(runner.status()["capacity"])},
                                status_code=503, headers={**SECURITY_HEADERS, "Retry-After": "30"})
        if status == 200:
            return Response(body, media_type="application/json", headers=SECURITY_HEADERS)
        return JSONResponse({"error": error}, status_code=status, headers=SECURITY_HEADERS)

    app.add_middleware(BodyLimit, max_bytes=max_bytes + FORM_OVERHEAD, limit_mb=max_upload_mb)
    return app


def serve(host: str = "127.0.0.1", port: int = 8000, max_upload_mb: float = 20.0, *,
          workers: int = 2, queue: int = 8, timeout_s: float = 120.0,
          memory_mb: float = 1536.0) -> None:
    """Run the app with uvicorn until interrupted (``ficlens serve``)."""
    import uvicorn

    from .errors import ConfigError

    if max_upload_mb <= 0:
        raise ConfigError("--max-upload-mb must be more than 0")
    if workers < 0 or queue < 0:
        raise ConfigError("--workers and --queue must be 0 or more")
    if timeout_s <= 0 or memory_mb <= 0:
        raise ConfigError("--timeout and --memory-mb must be more than 0")
    app = create_app(max_upload_mb, workers=workers, queue=queue, timeout_s=timeout_s,
                     memory_mb=memory_mb)
    print(f"ficlens: serving on http://{host}:{port}/ with {workers} worker(s), "
          f"{queue} waiting, {timeout_s:g} s and {memory_mb:g} MB per analysis (Ctrl+C stops)",
          flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
