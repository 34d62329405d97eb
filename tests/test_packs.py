"""Building cast packs from AO3 tags: crossover noise, duplicate ships, `ficlens pack`."""

from __future__ import annotations

import tomllib
from collections import Counter
from html import escape
from pathlib import Path

import pytest

from ficlens.cli import main
from ficlens.packs import merge_ships, tally


def _row(fandoms: list[str], characters: list[str], relationships: list[str]) -> dict:
    return {"fandoms": fandoms, "characters": characters, "relationships": relationships}


def test_reversed_and_short_duplicates_merge_under_the_commonest_spelling() -> None:
    ships = Counter({"Katniss Everdeen/Peeta Mellark": 5, "Peeta/Katniss": 1,
                     "Peeta Mellark/Katniss Everdeen": 2, "Katniss/Peeta": 1,
                     "Katniss Everdeen & Peeta Mellark": 2, "Gale Hawthorne/Peeta Mellark": 1,
                     "Katniss Everdeen/Peeta Mellark (past)": 1, "Hermione Granger/Peeta": 3})
    chars = ["Katniss Everdeen", "Peeta Mellark", "Gale Hawthorne"]
    assert merge_ships(ships, chars) == [("Katniss Everdeen/Peeta Mellark", 10),
                                         ("Katniss Everdeen & Peeta Mellark", 2),
                                         ("Gale Hawthorne/Peeta Mellark", 1)]


def test_crossover_works_bring_no_other_fandoms_people() -> None:
    rows = [
        _row(["Tea Stories (TV)"], ["Anna Kettle", "Tom Pot"], ["Anna Kettle/Tom Pot"]),
        _row(["Tea Stories (TV)", "Coffee Saga"], ["Anna Kettle", "Bean Grinder",
                                                   "Milo (Tea Stories)"],
             ["Anna Kettle/Bean Grinder", "Anna Kettle & Milo (Tea Stories)"]),
        _row(["Coffee Saga"], ["Bean Grinder"], []),
    ]
    t = tally(rows, "Tea Stories", ("Tea Stories",))
    assert t.works == 2 and t.crossovers == 1
    assert t.characters == Counter({"Anna Kettle": 2, "Tom Pot": 1, "Milo (Tea Stories)": 1})
    assert set(t.ships) == {"Anna Kettle/Tom Pot", "Anna Kettle & Milo (Tea Stories)"}
    assert set(t.tags) == {"Tea Stories (TV)"}


def _ao3_page(fandoms: list[str], characters: list[str], relationships: list[str]) -> str:
    def tags(items: list[str]) -> str:
        return ", ".join(f'<a href="x">{escape(t)}</a>' for t in items)

    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>A Work</title></head><body>
<div id="preface"><p class="message"><b>A Work</b><br/>Posted originally on the
<a href="http://archiveofourown.org/">Archive of Our Own</a> at
<a href="http://archiveofourown.org/works/1">http://archiveofourown.org/works/1</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="x">General Audiences</a></dd>
<dt>Fandom:</dt><dd>{tags(fandoms)}</dd>
<dt>Relationship:</dt><dd>{tags(relationships)}</dd>
<dt>Character:</dt><dd>{tags(characters)}</dd>
<dt>Language:</dt><dd>English</dd></dl>
<h1>A Work</h1><div class="byline">by <a rel="author" href="x">someone</a></div></div></div>
<div id="chapters" class="userstuff"><div class="userstuff">
<p>Anna poured the tea while Tom watched the rain.</p></div></div></body></html>"""


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    works = [
        (["Tea Stories (TV)"], ["Anna Kettle", "Tom Pot"], ["Anna Kettle/Tom Pot"]),
        (["Tea Stories (TV)"], ["Anna Kettle", "Tom Pot"], ["Tom Pot/Anna Kettle"]),
        (["Tea Stories (TV)", "Coffee Saga"], ["Anna Kettle", "Bean Grinder"],
         ["Anna Kettle/Bean Grinder", "Anna/Tom"]),
    ]
    for i, (f, c, r) in enumerate(works):
        (folder / f"work{i}.html").write_text(_ao3_page(f, c, r), encoding="utf-8")
    (folder / "notes.txt").write_text("not a download", encoding="utf-8")
    return folder


def test_pack_build_writes_a_pack_ficlens_can_use(downloads: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tea.toml"
    assert main(["pack", "build", str(downloads), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Tea Stories: 2 characters, 1 ships from 3 work(s) (1 crossover(s)" in err
    pack = tomllib.loads(out.read_text(encoding="utf-8"))
    assert pack["fandom"] == "Tea Stories" and pack["tags"] == ["Tea Stories (TV)"]
    assert [c["tag"] for c in pack["character"]] == ["Anna Kettle", "Tom Pot"]
    assert pack["ships"] == ["Anna Kettle/Tom Pot"] and pack["ship_counts"] == [3]
    story = tmp_path / "s.txt"
    story.write_text('"Tea?" asked Anna. Tom nodded.\n', encoding="utf-8")
    assert main(["analyze", str(story), "--cast", str(out), "--format", "text"]) == 0
    assert "Anna Kettle" in capsys.readouterr().out


def test_pack_build_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "build", str(tmp_path / "missing")]) == 2
    assert main(["pack", "build", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "not a folder" in err[0] and "no AO3 downloads" in err[1]


def test_pack_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any(line.startswith("Grey's Anatomy\tgreys-anatomy.toml\t") for line in listed)
    assert main(["pack", "show", "grey's anatomy"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("fandom: Grey's Anatomy\n") and "Richard Webber" in shown
    assert main(["pack", "show", "no such fandom"]) == 2


def test_build_packs_cleans_only_when_asked(tmp_path: Path) -> None:
    """The shipped packs keep crossover people (measured: they help find held-out
    crossovers); clean=True is what `ficlens pack build` does."""
    from ficlens.packs import build_packs

    rows = [_row(["Leverage (TV)"], ["Parker (Leverage)", "Eliot Spencer"],
                 ["Eliot Spencer/Parker (Leverage)", "Parker (Leverage)/Eliot Spencer"]),
            _row(["Leverage (TV)", "Sherlock (TV)"], ["Parker (Leverage)", "John Watson"], [])]
    for clean, watson, ships in ((False, True, 2), (True, False, 1)):
        build_packs(rows, tmp_path / str(clean), hand_written_from=None, clean=clean)
        pack = tomllib.loads((tmp_path / str(clean) / "leverage.toml").read_text("utf-8"))
        assert ("John Watson" in [c["tag"] for c in pack["character"]]) is watson
        assert len(pack["ships"]) == ships
