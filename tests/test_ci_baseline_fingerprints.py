"""Baselines: fingerprints computed once, no baseline written after errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mtcheck.ci.baseline import Baseline
from mtcheck.pipeline.fingerprints import fingerprints
from mtcheck.cli import main
from mtcheck.pipeline.records import Article, ArticleResult, Finding
from mtcheck.outputs.report import Reporter
from mtcheck.rules import select_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
UNIT = "Der Chef von Tesla heisst Elon Mask und das schon seit vielen Jahren. "


def _twice() -> ArticleResult:
    """An article holding the same finding twice, in the same context: same fingerprint, numbered."""
    text = UNIT * 3
    findings = []
    for k in range(2):
        start = text.index("Mask", k * len(UNIT))
        findings.append(Finding(start, start + 4, "Mask", "MT101", "entity-near-miss", "garbled_entity",
                                "warning", 0.9, "'Mask' is one letter from 'Musk'", "Musk"))
    return ArticleResult(Article("a.txt", text, lang="de"), findings, score=0.5, verdict="suspect",
                         rules_run=["MT101"], words=len(text.split()))


def test_a_new_copy_of_a_baselined_finding_keeps_its_occurrence_number(tmp_path, capsys):
    """The baseline knows the first copy (X); the second copy is new and is X:2. The reporter used
    to fingerprint what was left after the baseline and called it X, the baselined one's name."""
    result = _twice()
    first, second = fingerprints(result)
    assert second == f"{first}:2"
    kept = Baseline({first}).apply(result)
    assert len(kept.findings) == 1

    with Reporter(out=tmp_path / "r", fmt="sarif", html=False, quiet=True, signature="s",
                  rules=select_rules(["MT101"], None)) as reporter:
        reporter.add(kept)
    sarif = json.loads(capsys.readouterr().out)
    records = [json.loads(line) for line in (tmp_path / "r" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["fingerprint"] for r in records if r["type"] == "finding"] == [second]
    assert [r["partialFingerprints"]["mtcheckFinding/v1"] for r in sarif["runs"][0]["results"]] == [second]
    # Scanned again with the same baseline, the result is the same (not renumbered once more).
    again = Baseline({first}).apply(_twice())
    assert [f.start for f in again.findings] == [f.start for f in kept.findings]


def test_no_baseline_is_written_when_an_input_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    shutil.copy(SEEDS / "000_a35475a38765537f.txt", tmp_path / "articles" / "mt.txt")
    (tmp_path / "articles" / "broken.html").write_bytes(b"<html><body><p>x</p></body></html>")  # no article text
    code = main(["baseline", "articles", "-o", "base.json"])
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "base.json").exists()
    assert "broken.html" in err and "nothing written to base.json" in err
    # An existing baseline is left as it was.
    (tmp_path / "base.json").write_text("old\n", encoding="utf-8")
    assert main(["baseline", "articles", "missing.txt", "-o", "base.json"]) == 2
    assert (tmp_path / "base.json").read_text(encoding="utf-8") == "old\n"
    # Without the failing inputs it is written.
    (tmp_path / "articles" / "broken.html").unlink()
    assert main(["baseline", "articles", "-o", "base.json"]) == 0
    assert json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]


def test_baseline_of_a_file_name_that_is_not_utf8_is_written_and_applied(tmp_path, monkeypatch, capsys):
    """A file named with a Latin-1 byte ended 'mtcheck baseline' in an internal UnicodeEncodeError (its path, a lone
    surrogate in Python, cannot be written as UTF-8). It is written as its JSON escape and read back as the same path:
    the scan with that baseline reports none of its findings."""
    import os

    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    with open(b"articles/Stra\xdfe.txt", "wb") as handle:
        handle.write((SEEDS / "000_a35475a38765537f.txt").read_bytes())
    assert main(["baseline", "articles", "-o", "base.json"]) == 0
    raw = (tmp_path / "base.json").read_text(encoding="utf-8")
    assert "Stra\\udcdfe.txt" in raw and json.loads(raw)["findings"]
    assert main(["scan", "articles", "--baseline", "base.json", "--no-html", "--quiet", "--out", "out"]) == 0
    records = [json.loads(line) for line in (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not [r for r in records if r["type"] == "finding"]
    assert os.listdir(b"articles") == [b"Stra\xdfe.txt"]


def test_baseline_output_under_a_file_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    shutil.copy(SEEDS / "000_a35475a38765537f.txt", tmp_path / "articles" / "mt.txt")
    (tmp_path / "taken").write_text("a file\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["baseline", "articles", "-o", "taken/base.json"]) == 2
    err = capsys.readouterr().err
    assert f"mtcheck: error: cannot write taken/base.json: {tmp_path / 'taken'} is a file, not a folder" in err
    assert "internal error" not in err
