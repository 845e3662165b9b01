"""False flags on human German news: the human documents of ../shared/data/wmt-de-dev.jsonl
(professional translations and German originals) must stay clean, and the rules may raise only a
pinned, measured number of flags on them.

Measured with every rule (benchmarks/calibrate.py): 0 flags in 81,396 words of human text
(0.000 per 1,000 words), no human document machine_translated; with the learned detector in the verdict at most
5 % suspect (issue 8; one of 258 with detector v2). The ceiling below
leaves room for about four flags, so a rule that starts flagging human text fails this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.pipeline.records import ArticleResult
from mtcheck.pipeline.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

WMT = SHARED_DATA / "wmt-de-dev.jsonl"
HUMAN_LABELS = ("human_translation", "human_original")
FLAGS_PER_1000_WORDS_CEILING = 0.05
FLAG_SEVERITIES = ("warning", "error")


@pytest.fixture(scope="module")
def human_results() -> list[ArticleResult]:
    if not WMT.exists():
        pytest.skip(f"{WMT} is absent: the shared WMT development data is not checked out next to the repository")
    results = []
    for item in scan(ScanOptions(paths=[str(WMT)], references=ROOT / "references")):
        assert isinstance(item, ArticleResult), f"scan error: {item}"
        if item.article.meta.get("label") in HUMAN_LABELS:
            results.append(item)
    return results


def _flags(result: ArticleResult):
    return [f for f in result.findings if f.is_evidence and f.severity in FLAG_SEVERITIES]


def test_enough_human_text_was_scanned(human_results):
    assert len(human_results) == 258
    assert sum(r.words for r in human_results) > 80_000


def test_false_flags_per_1000_words_under_ceiling(human_results):
    words = sum(r.words for r in human_results)
    flags = [(r.article.id, f.rule, f.text) for r in human_results for f in _flags(r)]
    rate = 1000 * len(flags) / words
    assert rate <= FLAGS_PER_1000_WORDS_CEILING, f"{rate:.3f} flags per 1,000 words: {flags[:20]}"


def test_no_human_document_is_machine_translated_and_few_suspect(human_results):
    """Issue 8's bar for the verdict with the learned detector: at most 5 % of the human documents not clean,
    none machine_translated. The suspect threshold holds 1 % of held-apart human validation chunks
    (benchmarks/fit_verdict.py), so an occasional suspect human document is expected; detector v2 gives one of 258
    (newstest2020 upi.205650 ref-A, score 0.93), v1 gave none."""
    flagged = [(r.article.id, r.verdict, r.score) for r in human_results if r.verdict != "clean"]
    assert not [f for f in flagged if f[1] == "machine_translated"], flagged
    assert len(flagged) <= 0.05 * len(human_results), flagged
