"""The JSONL findings contract (see README "JSONL findings"): one record per line, ``type`` first.

Field names here are a public contract read by other tools and CI scripts: add fields freely,
never rename or drop one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mtcheck import __version__
from mtcheck.pipeline.records import VERDICTS, ArticleResult, Finding, LineIndex, ScanError
from mtcheck.pipeline.score import verdict_reason


# Lone surrogates, and the line breaks other than \n and \r that json.dumps leaves raw (NEL, LINE and PARAGRAPH
# SEPARATOR: Python's str.splitlines and some JSONL readers split a line there).
_SURROGATE = re.compile("[\ud800-\udfff\u0085\u2028\u2029]")


def dumps(record: dict) -> str:
    """One JSONL line, UTF-8 safe: a lone surrogate or a NEL/U+2028/U+2029 line break (only ever inside a JSON
    string) is written as its ``\\uXXXX`` escape, the JSON for it, so that the write never fails and the record
    stays on one line for every line splitter."""
    line = json.dumps(record, ensure_ascii=False)
    if _SURROGATE.search(line):
        line = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
    return line


def run_record(signature: str, **extra: Any) -> dict:
    return {"type": "run", "tool": "mtcheck", "version": __version__, "signature": signature, **extra}


def summary_record(summaries: list, errors: list, **extra: Any) -> dict:
    """The closing record: what the run found, with the counts known only at its end (the model
    stage's ``model_calls``). Last in ``findings.jsonl`` and on stdout (``--format jsonl``)."""
    verdicts = {v: 0 for v in VERDICTS}
    for s in summaries:
        verdicts[s.verdict] = verdicts.get(s.verdict, 0) + 1
    return {
        "type": "summary",
        "articles": len(summaries),
        "errors": len(errors),
        "findings": sum(sum(s.by_category.values()) for s in summaries),
        "evidence": sum(s.evidence for s in summaries),
        "verdicts": verdicts,
        **extra,
    }


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 article', '2 articles'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def article_summary(article: dict) -> str:
    """One article record in words, the same in every CI format: the verdict, the score and the
    findings (all of them, and how many count as evidence)."""
    n, evidence = article.get("findings", 0), article.get("evidence", 0)
    return (f"{article['verdict']} (score {article['score']:.2f}, {plural(n, 'finding')}, "
            f"{evidence} of them evidence)")


def article_record(result: ArticleResult) -> dict:
    article = result.article
    record: dict[str, Any] = {"type": "article", "path": article.path}
    if article.id is not None:
        record["id"] = article.id
    record.update(
        lang=article.lang,
        lang_confidence=round(article.lang_confidence, 3),
        chars=len(article.text),
        words=result.words,
        score=result.score,
        verdict=result.verdict,
        mt_probability=result.mt_probability,
        rule_score=result.rule_score,
        findings=len(result.findings),
        evidence=len(result.evidence),
        by_category=count_by_category(result.findings),
        rules_run=result.rules_run,
        format=article.source_format,
    )
    if article.source_format == "html" or article.meta.get("text_field") == "sentences" or article.path == "-":
        # Offsets refer to text found nowhere else on disk (extracted from HTML, joined from a
        # JSONL record's sentences, read from standard input): carry it. A JSONL record's
        # "text" field is pointed to by meta.line instead.
        record["text"] = article.text
    if result.mt_note:
        record["mt_note"] = result.mt_note  # why mt_probability is null ("no detector for fr")
    if result.sentence_mt:
        record["sentence_mt"] = [[start, end, p] for start, end, p in result.sentence_mt]
    reason = verdict_reason(result.rule_score, result.findings, result.words, result.mt_probability)
    if reason:
        record["verdict_reason"] = reason
    if article.meta:
        record["meta"] = article.meta
    if article.warnings:
        record["warnings"] = list(article.warnings)
    record.update(result.extras.get("article", {}))
    return record


def finding_record(result: ArticleResult, finding: Finding, lines: LineIndex) -> dict:
    line, column = lines.locate(finding.start)
    record: dict[str, Any] = {"type": "finding", "path": result.article.path}
    if result.article.id is not None:
        record["id"] = result.article.id
    record.update(
        start=finding.start,
        end=finding.end,
        line=line,
        column=column,
        text=finding.text,
        rule=finding.rule,
        name=finding.name,
        category=finding.category,
        severity=finding.severity,
        confidence=finding.confidence,
        message=finding.message,
        suggestion=finding.suggestion,
    )
    return record


def error_record(error: ScanError) -> dict:
    record: dict[str, Any] = {"type": "error", "path": error.path, "message": error.message}
    if error.line is not None:
        record["line"] = error.line
    return record


def result_records(item: ArticleResult | ScanError) -> list[dict]:
    """The records for one scanned item, in contract order (article, then its findings)."""
    if isinstance(item, ScanError):
        return [error_record(item)]
    records = [article_record(item)]
    if item.findings:  # the line index scans the whole text: only for an article with findings to place
        lines = LineIndex(item.article.text)
        records.extend(finding_record(item, f, lines) for f in item.findings)
    records.extend(item.extras.get("records", []))  # e.g. model-stage sentence records
    return records


def records_with_fingerprints(item: ArticleResult | ScanError) -> list[dict]:
    """``result_records`` with each finding's line-free ``fingerprint`` (SARIF partialFingerprints,
    baselines): what ``findings.jsonl`` and ``--format jsonl`` write. The fingerprints are computed
    once per result, before ``--baseline`` dropped any (see ``pipeline.fingerprints``)."""
    records = result_records(item)
    if isinstance(item, ArticleResult):
        from mtcheck.pipeline.fingerprints import finding_fingerprints

        for record, fp in zip((r for r in records if r["type"] == "finding"), finding_fingerprints(item)):
            record["fingerprint"] = fp
    return records


def count_by_category(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.category] = counts.get(f.category, 0) + 1
    return dict(sorted(counts.items()))
