"""Shortcuts of the scan's bookkeeping (docs/speed.md, fifth round) give what the plain definitions give."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from mtcheck.outputs.jsonl import records_with_fingerprints
from mtcheck.pipeline.entity_index import EntityIndex, count_names
from mtcheck.pipeline.fingerprints import fingerprints
from mtcheck.pipeline.records import Article, ArticleResult, Finding

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(8)
    alphabet = "aAbB ÄäÖöÜüß×ÀÝØ-–@#_1\n.,'’MüllerMusk"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200))) for _ in range(500)]
    texts += ["", "Musk Musk Müller", "Elon Musk sagte, Musk-Stiftung und Merkel."]
    return texts


def test_add_article_counts_like_merge_of_count_names_in_the_same_order():
    texts = _texts()
    assert len(texts) > 500 and any(count_names(t) for t in texts)
    merged, added = EntityIndex(), EntityIndex()
    for text in texts:
        merged.merge(count_names(text))
        added.add_article(text)
    assert added == merged
    assert added.articles == len(texts)
    # the same names first seen in the same order (what iterates the counters sees them alike)
    assert list(added.doc_freq.items()) == list(merged.doc_freq.items())
    assert list(added.corpus_freq.items()) == list(merged.corpus_freq.items())
    # doc_freq counts articles, not uses
    twice = EntityIndex()
    twice.add_article("Musk und Musk und Musk")
    twice.add_article("Musk")
    assert twice.doc_freq == Counter({"Musk": 2}) and twice.corpus_freq == Counter({"Musk": 4})


def _result(text: str, findings: list[Finding]) -> ArticleResult:
    return ArticleResult(article=Article(path="x/a.txt", text=text, lang="de"), findings=findings, score=0.0,
                         verdict="clean")


def test_an_article_without_findings_has_no_fingerprints_and_only_its_article_record():
    result = _result("Ein Satz.\nNoch einer.", [])
    assert fingerprints(result) == []
    records = records_with_fingerprints(result)
    assert [r["type"] for r in records] == ["article"]


def test_findings_still_get_lines_columns_and_fingerprints():
    text = "Erste Zeile.\nDann Mask sagte es."
    at = text.index("Mask")
    finding = Finding(start=at, end=at + 4, text="Mask", rule="MT101", name="n", category="entity",
                      severity="warning", confidence=0.8, message="m")
    records = records_with_fingerprints(_result(text, [finding]))
    assert [r["type"] for r in records] == ["article", "finding"]
    assert (records[1]["line"], records[1]["column"]) == (2, 6)
    assert len(records[1]["fingerprint"]) == 24
