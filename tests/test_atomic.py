"""Outputs are written atomically: a killed or failed run leaves the old file whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ficlens.atomic import atomic_write, atomic_write_bytes
from ficlens.cli import main
from ficlens.errors import ConfigError

STORY = "\u201cGo home,\u201d said Anna Smith. Bob Jones left the room.\n\nTeh rain fell.\n"


def test_replaces_content_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write(target, "new \u00e9")
    assert target.read_text(encoding="utf-8") == "new \u00e9"
    assert os.stat(target).st_mode & 0o777 == 0o640, "the old file's permissions are kept"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("good")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError, match="cannot write"):
        atomic_write_bytes(target, b"x" * 1000)
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"], "the temporary file is removed"


def test_writes_to_a_device_directly() -> None:
    atomic_write("/dev/null", "anything")  # cannot be renamed over; must not raise


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        atomic_write(tmp_path, "x")


_CHILD = """
import os, sys, time
import ficlens.atomic as a
real = os.replace
def slow(src, dst):
    open(sys.argv[2], "w").close()  # tell the test the new content is on disk, not yet renamed
    time.sleep(60)
os.replace = slow
from ficlens.cli import main
main(["analyze", sys.argv[1], "-o", sys.argv[3]])
"""


def test_a_killed_run_leaves_the_old_output_in_place(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    out = tmp_path / "report.json"
    out.write_text('{"good": true}\n')
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(story), str(flag), str(out)])
    try:
        deadline = time.monotonic() + 120
        while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), "the child reached the rename"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert out.read_text() == '{"good": true}\n', "the old output is untouched"


def test_cli_output_and_fix_write_whole_files(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    out = tmp_path / "report.json"
    fixed = tmp_path / "fixed.txt"
    assert main(["analyze", str(story), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("}")
    assert main(["proofread", str(story), "--fix", str(fixed), "-o", str(tmp_path / "p.txt")]) == 0
    assert "The rain fell." in fixed.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fixed.txt", "p.txt", "report.json", "story.txt"]
