"""The report outputs: the HTML report deletes only what it wrote."""

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


# --- a scan never reads its own reports ----------------------------------------------------------


def _scan_count(capsys, *argv: str) -> tuple[int, int, str]:
    import json

    code = main(["scan", *argv, "--format", "jsonl"])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    return code, sum(1 for r in records if r["type"] == "article"), err


def test_scanning_the_current_folder_twice_does_not_read_the_first_report(tmp_path, monkeypatch, capsys):
    """`scan .` twice used to read reports/findings.jsonl and the report's pages as articles."""
    monkeypatch.chdir(tmp_path)
    for seed in (CLEAN_SEED, "001_2a84b2346d2e0b4e.txt"):
        shutil.copy(SEEDS / seed, tmp_path / seed)
    first = _scan_count(capsys, ".")
    assert (tmp_path / "reports" / "findings.jsonl").is_file()
    second = _scan_count(capsys, ".")
    assert first[:2] == second[:2] == (0, 2), (first, second)
    # Everything under the default --out is skipped by a folder scan; a file there named on
    # purpose is still read.
    shutil.copy(SEEDS / CLEAN_SEED, tmp_path / "reports" / "kept.txt")
    assert _scan_count(capsys, ".")[:2] == (0, 2)
    assert _scan_count(capsys, "reports/kept.txt")[:2] == (0, 1)
    # The report written into the scanned folder itself: only what the report writes there
    # (findings.jsonl, index.html, its pages) is skipped, never the articles.
    shutil.rmtree(tmp_path / "reports")
    third = _scan_count(capsys, ".", "--out", ".")
    fourth = _scan_count(capsys, ".", "--out", ".")
    assert (tmp_path / "index.html").is_file()
    assert third[:2] == fourth[:2] == (0, 2), (third, fourth)


def test_the_baseline_command_skips_the_reports_too(tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.chdir(tmp_path)
    shutil.copy(SEEDS / "000_a35475a38765537f.txt", tmp_path / "mt.txt")
    assert main(["scan", ".", "--quiet"]) == 1
    assert main(["baseline", "."]) == 0
    capsys.readouterr()
    data = json.loads((tmp_path / ".mtcheck-baseline.json").read_text(encoding="utf-8"))
    assert data["findings"] and {e["path"] for e in data["findings"]} == {"mt.txt"}
