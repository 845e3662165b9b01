"""scan.analyse_batch (stage by stage over several articles) gives what analyse_or_error gives article by article."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import mtcheck.pipeline.scan as scan_module
from mtcheck.pipeline.entity_index import build_index, count_names, default_references_dir
from mtcheck.pipeline.records import Article, ScanError
from mtcheck.rules import Rule, select_rules

WMT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wmt-de-dev.jsonl"


class _Exploding(Rule):
    code = "MT999"
    name = "exploding"
    category = "glued_token"
    severity = "info"
    summary = why = example = false_positives = "test"

    def check(self, ctx):
        if "EXPLODE" in ctx.article.text:
            raise RuntimeError("boom")
        return []


def _articles(seeds_dir) -> list:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    if WMT.is_file():
        texts += ["\n\n".join(json.loads(line)["sentences"]) for line in WMT.read_text(encoding="utf-8").splitlines()[:40]]
    texts += ["", "Hello world, this is an English sentence about the weather.", "Kurz. EXPLODE hier.",
              "Het kabinet heeft besloten dat de belasting omhoog gaat, zei de minister."]
    items: list = [Article(path=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    items.insert(3, ScanError("broken.txt", "cannot read"))
    long = "\n\n".join(t for t in texts if "EXPLODE" not in t)
    items.append(Article(path="long.txt", text=long))  # longer than CHUNK_CHARS below: analysed in parts
    return items


def _plain(result):
    if isinstance(result, ScanError):
        return ("error", result.path, result.message)
    return ("result", result.article.path, result.article.lang, result.verdict, result.score, result.mt_probability,
            result.mt_note, result.sentence_mt, result.rules_run, result.words,
            [dataclasses.astuple(f) for f in result.findings])


def test_analyse_batch_equals_article_by_article(seeds_dir, monkeypatch):
    rules = select_rules() + [_Exploding()]
    index = build_index(references=default_references_dir())
    fresh = _articles(seeds_dir)
    for item in fresh:
        if isinstance(item, Article):
            index.merge(count_names(item.text))
    monkeypatch.setattr(scan_module, "CHUNK_CHARS", max(len(a.text) for a in fresh[:-1] if isinstance(a, Article)) + 1)
    monkeypatch.setattr(scan_module, "BATCH_CHARS", 5000)  # several detector flushes within the batch
    for style in (False, True):
        for lang in (None, "de"):
            one = [item if isinstance(item, ScanError) else
                   scan_module.analyse_or_error(item, rules, index, lang, style) for item in _articles(seeds_dir)]
            batch = list(scan_module.analyse_batch(_articles(seeds_dir), rules, index, lang, style))
            assert [_plain(r) for r in batch] == [_plain(r) for r in one]
            errors = [r for r in batch if isinstance(r, ScanError)]
            assert any("boom" in e.message for e in errors) and any(e.path == "broken.txt" for e in errors)
            assert any(not isinstance(r, ScanError) and r.article.path == "long.txt" for r in batch)


def test_scan_raises_the_young_gc_threshold_and_restores_it(seeds_dir):
    # Pass 2 runs with GC_YOUNG_THRESHOLD (fewer collections while words are built) and gives the caller back
    # the collector as it was, also when the caller stops early.
    import gc

    from mtcheck.pipeline.scan import GC_YOUNG_THRESHOLD, ScanOptions, scan

    before = gc.get_threshold()
    seen = []
    results = scan(ScanOptions(paths=[str(seeds_dir)], references=default_references_dir()))
    for _ in results:
        seen.append(gc.get_threshold()[0])
    assert seen and set(seen) == {GC_YOUNG_THRESHOLD} and GC_YOUNG_THRESHOLD > before[0]
    assert gc.get_threshold() == before
    results = scan(ScanOptions(paths=[str(seeds_dir)], references=default_references_dir()))
    next(results)
    results.close()
    assert gc.get_threshold() == before
