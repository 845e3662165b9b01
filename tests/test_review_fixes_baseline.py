"""Review fixes around baselines: fingerprints computed once, no baseline written after errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mtcheck.baseline import Baseline, fingerprints
from mtcheck.cli import main
from mtcheck.records import Article, ArticleResult, Finding
from mtcheck.report import Reporter
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
