"""The terminal summary of a large scan: the worst articles and sources, the rest counted in one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mtcheck.cli import main
from mtcheck.cli.scan import scan as scan_command
from mtcheck.outputs.report import TOP_DEFAULT

ROOT = Path(__file__).resolve().parent.parent
SEED_MT = (ROOT / "seeds" / "000_a35475a38765537f.txt").read_text(encoding="utf-8")
GERMAN = ("Die Regierung hat am Montag neue Pläne für den Ausbau der Bahn vorgestellt. Der Minister sprach von einem "
          "wichtigen Schritt für das ganze Land, und die Opposition kündigte Widerstand an.\n")


def _corpus(tmp_path: Path, clean: int) -> Path:
    """One machine-translated record (seed 000) among ``clean`` human ones, each from its own site."""
    records = [{"id": "mt", "text": SEED_MT, "url": "https://farm.example/a"}]
    records += [{"id": f"h{i:02d}", "text": GERMAN, "url": f"https://site{i:02d}.example/a"} for i in range(clean)]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _article_rows(out: str) -> list[str]:
    return re.findall(r"feed\.jsonl#(\w+)", out)


def test_the_table_lists_the_worst_and_counts_the_rest(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    feed = _corpus(tmp_path, 24)
    assert main(["scan", str(feed), "--no-html", "--lang", "de", "--top", "3", "--out", str(tmp_path / "r")]) == 1
    out = capsys.readouterr().out
    rows = _article_rows(out)
    assert len(rows) == 3 and rows[0] == "mt", rows  # the machine-translated record first, whatever the order
    assert "... and 22 more articles not listed (22 clean; the table shows the 3 worst; --top 0 lists all)" in out
    assert "farm.example" in out  # the worst source is listed
    assert "... and 22 more sources not listed (22 clean;" in out
    assert "25 articles: 1 machine_translated, 0 suspect, 24 clean" in out
    # every article is still in the findings file
    lines = (tmp_path / "r" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(json.loads(line)["type"] == "article" for line in lines) == 25


def test_top_zero_lists_every_article_and_a_small_scan_is_listed_whole(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    feed = _corpus(tmp_path, 24)
    main(["scan", str(feed), "--no-html", "--lang", "de", "--top", "0", "--out", str(tmp_path / "r")])
    out = capsys.readouterr().out
    assert len(_article_rows(out)) == 25 and "not listed" not in out
    small = _corpus(tmp_path, 4)  # 5 articles, under the default
    main(["scan", str(small), "--no-html", "--lang", "de", "--out", str(tmp_path / "r")])
    out = capsys.readouterr().out
    assert len(_article_rows(out)) == 5 and "not listed" not in out


def test_the_default_is_the_reporters(tmp_path, capsys, monkeypatch):
    """The option's default and the Reporter's are one number (the CLI keeps a literal so that --help needs no
    import of the outputs)."""
    default = next(p.default for p in __import__("inspect").signature(scan_command).parameters.values()
                   if p.name == "top")
    assert default == TOP_DEFAULT
    monkeypatch.setenv("COLUMNS", "250")
    feed = _corpus(tmp_path, TOP_DEFAULT + 2)
    main(["scan", str(feed), "--no-html", "--lang", "de", "--out", str(tmp_path / "r")])
    out = capsys.readouterr().out
    assert len(_article_rows(out)) == TOP_DEFAULT
    assert f"... and 3 more articles not listed (3 clean; the table shows the {TOP_DEFAULT} worst" in out
