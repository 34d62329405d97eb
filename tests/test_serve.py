"""The local web app: form page, report page, JSON API, size limit, one-line errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from ficlens.serve import create_app

STORY = ("Anna walked into the kitchen. Tom was there.\n"
         "\u201cGood morning,\u201d Tom said.\n\u201cMorning,\u201d Anna said.\n")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(max_upload_mb=0.05))


def test_index_has_form_and_csp(client):
    r = client.get("/")
    assert r.status_code == 200
    assert '<form class="upload" method="post" action="/report"' in r.text
    assert 'name="text"' in r.text and 'type="file"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "form-action 'self'" in r.headers["content-security-policy"]


def test_report_from_pasted_text(client):
    r = client.post("/report", data={"text": STORY})
    assert r.status_code == 200
    assert 'id="story"' in r.text and "Anna walked into the kitchen." in r.text
    assert '<form class="upload"' in r.text  # analyse another one from the same page


def test_report_from_uploaded_file(client):
    r = client.post("/report", files={"file": ("chapter.txt", STORY.encode(), "text/plain")})
    assert r.status_code == 200
    assert "chapter.txt" in r.text and "Tom was there." in r.text


def test_api_json_text_gives_the_contract(client):
    import ficlens

    r = client.post("/api/analyze", json={"text": STORY})
    assert r.status_code == 200
    data = r.json()
    expected = ficlens.analyze(STORY).to_dict()
    assert data["schema"] == "ficlens/1"
    assert data["text"] == STORY
    assert data["words"] == expected["words"]
    assert data["quotes"] == expected["quotes"]


def test_api_multipart_file_and_form_text(client):
    r = client.post("/api/analyze", files={"file": ("a.txt", STORY.encode(), "text/plain")})
    assert r.status_code == 200 and r.json()["text"] == STORY
    r = client.post("/api/analyze", data={"text": STORY})
    assert r.status_code == 200 and r.json()["text"] == STORY


def test_pasted_text_that_names_a_file_is_not_read_from_disk(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT\n", encoding="utf-8")
    r = client.post("/api/analyze", json={"text": str(secret)})
    assert r.status_code == 200
    assert r.json()["text"] == str(secret)


def test_empty_input_is_a_one_line_error(client):
    r = client.post("/api/analyze", data={"text": "   "})
    assert r.status_code in (400, 422)
    assert set(r.json()) == {"error"} and "\n" not in r.json()["error"]
    r = client.post("/report", data={"text": ""})
    assert r.status_code in (400, 422) and 'role="alert"' in r.text


def test_bad_json_and_wrong_type(client):
    r = client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    r = client.post("/api/analyze", json={"story": "x"})
    assert r.status_code == 400
    r = client.post("/api/analyze", content=b"hello", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "error" in r.json()


def test_corrupt_epub_is_a_client_error_not_a_crash(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    r = client.post("/api/analyze", files={"file": ("broken.epub", buf.getvalue(), "application/epub+zip")})
    assert r.status_code == 422
    assert set(r.json()) == {"error"} and "\n" not in r.json()["error"]


def test_unexpected_failure_is_one_line_500(monkeypatch):
    import ficlens.serve as serve_mod

    def boom(*_a):
        raise RuntimeError("stage exploded\nwith a second line")

    monkeypatch.setattr(serve_mod, "_analyze_input", boom)
    c = TestClient(create_app())
    r = c.post("/api/analyze", json={"text": STORY})
    assert r.status_code == 500 and r.json()["error"].startswith("internal error: RuntimeError")
    assert "\n" not in r.json()["error"]
    r = c.post("/report", data={"text": STORY})
    assert r.status_code == 500 and "stage exploded with a second line" in r.text


def test_upload_over_limit_is_413_by_content_length(client):
    big = b"word " * 20_000  # 100 kB > 0.05 MB limit
    r = client.post("/api/analyze", files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413
    assert "0.05 MB limit" in r.json()["error"]
    r = client.post("/report", files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413 and "0.05 MB limit" in r.text


def test_upload_over_limit_is_413_when_streamed_without_length(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 4096

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]


def test_file_just_over_limit_inside_allowance_is_refused():
    small = TestClient(create_app(max_upload_mb=0.01))
    data = b"a " * 6000  # 12 kB: over 0.01 MB, under the form allowance
    r = small.post("/api/analyze", files={"file": ("x.txt", data, "text/plain")})
    assert r.status_code == 413


def test_hostile_upload_is_escaped_in_the_page(client):
    text = 'Anna said <script>window.__pwned=1</script> and "><img src=x onerror=alert(1)>\n'
    r = client.post("/report", data={"text": text})
    assert r.status_code == 200
    assert "<script>window.__pwned" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text


def test_serve_binds_loopback_by_default():
    import inspect

    from ficlens.cli import build_parser
    from ficlens.serve import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"


def test_uploads_leave_no_file_behind(monkeypatch, tmp_path):
    """A 1.5 MB upload spills to a temporary file; it is closed (so deleted) by the reply."""
    import tempfile

    import starlette.formparsers

    import ficlens.serve as serve_mod

    spooled = []

    class Recording(tempfile.SpooledTemporaryFile):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            spooled.append(self)

    seen = []
    monkeypatch.setattr(starlette.formparsers, "SpooledTemporaryFile", Recording)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def fake_analyze(data, name, text):
        seen.append(len(data))
        raise serve_mod.InputError("stop here")

    monkeypatch.setattr(serve_mod, "_analyze_input", fake_analyze)
    c = TestClient(create_app(max_upload_mb=5))
    r = c.post("/api/analyze", files={"file": ("big.txt", b"word " * 300_000, "text/plain")})
    assert r.status_code == 422 and r.json() == {"error": "stop here"}
    assert seen == [1_500_000]
    assert spooled and all(f.closed for f in spooled)
    assert list(tmp_path.iterdir()) == []
