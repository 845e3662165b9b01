"""Review fixes in the report outputs: the HTML report deletes only what it wrote."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mtcheck.cli import main

PAGES_RE = re.compile(r"articles-[0-9a-f]{8}")
REPORT_MARKER = ".mtcheck-report"

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CLEAN_SEED = "002_adaef2065d6d3256.txt"


def _pages_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir() and PAGES_RE.fullmatch(p.name))


def test_a_report_into_the_input_folder_deletes_no_user_folder(tmp_path, monkeypatch, capsys):
    """`mtcheck scan articles-de --out .` used to delete the input folder articles-de/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles-de").mkdir()
    shutil.copy(SEEDS / CLEAN_SEED, tmp_path / "articles-de" / CLEAN_SEED)
    lookalike = tmp_path / "articles-deadbeef"  # the pages name pattern, but not written by a report
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("mine\n", encoding="utf-8")

    first = main(["scan", "articles-de", "--out", ".", "--quiet"])
    assert (tmp_path / "articles-de" / CLEAN_SEED).is_file() and (lookalike / "notes.txt").is_file()
    pages_one = [p for p in _pages_folders(tmp_path) if p != lookalike.name]
    assert len(pages_one) == 1 and (tmp_path / pages_one[0] / REPORT_MARKER).is_file()
    second = main(["scan", "articles-de", "--out", ".", "--quiet"])
    capsys.readouterr()

    assert first == second == 0
    assert (tmp_path / "articles-de" / CLEAN_SEED).read_bytes() == (SEEDS / CLEAN_SEED).read_bytes()
    assert (lookalike / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    # The report's own previous pages are still replaced.
    pages_two = [p for p in _pages_folders(tmp_path) if p != lookalike.name]
    assert len(pages_two) == 1 and pages_two != pages_one
