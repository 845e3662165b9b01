"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning reads it.

- ``tool.driver.rules``: every rule that ran, with its stable id (``MT101``), name, one-line
  summary, full documentation as help text, and default level.
- one ``result`` per finding: ``ruleId``/``ruleIndex``, ``level``, the evidence as message, a
  region (start line and column, end line and column; columns count Unicode code points, which
  the run declares with ``columnKind``) and ``partialFingerprints`` carrying the baseline
  fingerprint, which holds no line number, so that an alert survives edits elsewhere.
- locations are relative to the current folder under ``uriBaseId`` ``%SRCROOT%``: run the scan
  at the repository root, as code scanning expects.
- HTML inputs: offsets refer to the extracted text, so the result points at the file with the
  snippet but no region; JSONL inputs: the region is the record's line.
- unreadable inputs become ``toolExecutionNotifications``; ``executionSuccessful`` is false then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from mtcheck import __version__
from .github import end_position
from mtcheck.pipeline.score import reaches

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(rule) -> dict:
    langs = ", ".join(sorted(rule.languages)) if rule.languages else "all"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": rule.documentation(),
            "markdown": (
                f"**{rule.code} {rule.name}** ({rule.category}, languages: {langs})\n\n"
                f"{rule.summary}\n\n**Why it signals machine translation.** {rule.why}\n\n"
                f"**Example.** {rule.example}\n\n**Known false positives.** {rule.false_positives}"
            ),
        },
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {"category": rule.category, "tags": ["machine-translation", rule.category]},
    }


def _sentence(text: str) -> str:
    """A message ends with a full stop before the suggestion is appended to it."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/")


def render(records: Iterable[dict], *, rules: list | None = None, fail_on: str = "machine_translated", **_) -> str:
    records = list(records)
    run_record = next((r for r in records if r["type"] == "run"), {})
    articles = {(r["path"], r.get("id")): r for r in records if r["type"] == "article"}
    findings = [r for r in records if r["type"] == "finding"]
    errors = [r for r in records if r["type"] == "error"]

    descriptors = [_rule_descriptor(r) for r in (rules or [])]
    index_of = {d["id"]: i for i, d in enumerate(descriptors)}
    for f in findings:  # a rule the registry did not hand us (a model-stage rule): describe it briefly
        if f["rule"] not in index_of:
            index_of[f["rule"]] = len(descriptors)
            descriptors.append(
                {"id": f["rule"], "name": f["name"], "shortDescription": {"text": f["name"]},
                 "properties": {"category": f["category"]}}
            )

    results = []
    for f in findings:
        article = articles.get((f["path"], f.get("id")), {})
        location: dict = {"artifactLocation": {"uri": _uri(f["path"]), "uriBaseId": "%SRCROOT%"}}
        fmt = article.get("format", "text")
        if fmt == "text":
            end_line, end_col = end_position(f["line"], f["column"], f["text"])
            location["region"] = {
                "startLine": f["line"],
                "startColumn": f["column"],
                "endLine": end_line,
                "endColumn": end_col + 1,  # SARIF's end column is exclusive
                "snippet": {"text": f["text"]},
            }
        elif (article.get("meta") or {}).get("line"):
            location["region"] = {"startLine": article["meta"]["line"], "snippet": {"text": f["text"]}}
        message = _sentence(f["message"]) + (f" Suggestion: {f['suggestion']}." if f.get("suggestion") else "")
        if f.get("id") is not None:
            message = f"[record {f['id']}] {message}"
        result = {
            "ruleId": f["rule"],
            "ruleIndex": index_of[f["rule"]],
            "level": LEVEL.get(f["severity"], "warning"),
            "message": {"text": message},
            "locations": [{"physicalLocation": location}],
            "properties": {
                "category": f["category"],
                "confidence": f["confidence"],
                "articleVerdict": article.get("verdict"),
                "articleScore": article.get("score"),
                "articleFailsCheck": bool(article) and reaches(article["verdict"], fail_on),
                "start": f["start"],
                "end": f["end"],
            },
        }
        if f.get("fingerprint"):
            result["partialFingerprints"] = {"mtcheckFinding/v1": f["fingerprint"]}
        results.append(result)

    notifications = [
        {
            "level": "error",
            "message": {"text": f"{e['path']}: {e['message']}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e["path"]), "uriBaseId": "%SRCROOT%"}}}],
        }
        for e in errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "mtcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "invocations": [
            {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}
        ],
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder the scan ran in (the repository root)."}}},
        "results": results,
        "properties": {
            "signature": run_record.get("signature", ""),
            "failOn": fail_on,
            "articles": [
                {"path": a["path"], "id": a.get("id"), "verdict": a["verdict"], "score": a["score"]}
                for a in articles.values()
            ],
        },
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
