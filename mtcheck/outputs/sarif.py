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
- caps, so that the file stays one GitHub accepts (it rejects a run of over 25,000 results) and a
  degenerate article (250 kB of "Für Für ...": 62,495 findings) does not bury the others: at most
  ``PER_ARTICLE`` results per article (its worst: errors, then warnings, then notes, in text
  order) and ``MAX_RESULTS`` per run (failing articles' first, then by level and score); a
  ``note`` notification says how many were left out and that ``findings.jsonl`` has them all.
- written as the scan goes (``SarifWriter``): each result is serialised once into a temporary
  file, so memory holds one article's findings, not the whole log several times over.
"""

from __future__ import annotations

import heapq
import io
import json
import tempfile
from collections.abc import Iterable
from typing import TextIO

from mtcheck import __version__
from .github import end_position
from .jsonl import _SURROGATE
from mtcheck.pipeline.score import reaches

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
PER_ARTICLE = 1000  # results per article: a real rewrite has tens; more is a degenerate text
MAX_RESULTS = 25_000  # results per run: GitHub code scanning rejects a larger run outright
_RESULTS = "__mtcheck_results__"  # stands for the results array in the serialised head


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
    """The path as a relative URI: its bytes percent-encoded, those of a name that is not UTF-8 (Python holds them as
    lone surrogates, "bad_\\udcff.txt") as the file system has them ("bad_%FF.txt"), not an encoding error."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/").encode("utf-8", "surrogateescape"), safe="/")


def _escape(text: str) -> str:
    """JSON escapes for what cannot be written as UTF-8 (a lone surrogate) or breaks line-based
    readers (U+2028, U+2029, U+0085): the text stays exact, as in findings.jsonl."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def worst_first(findings: list[dict], limit: int) -> tuple[list[dict], int]:
    """The ``limit`` worst findings of one article (errors, warnings, notes; each in text order),
    back in text order, and how many were left out."""
    if len(findings) <= limit:
        return findings, 0
    kept = sorted(findings, key=lambda f: (SEVERITY_RANK.get(f["severity"], 1), f["start"], f["end"]))[:limit]
    kept.sort(key=lambda f: (f["start"], f["end"]))
    return kept, len(findings) - limit


class SarifWriter:
    """Takes the scan's records as they come (``add``: run, article, its findings, errors) and
    writes the log at the end (``write``). A result is built and serialised once, into a
    temporary file; only its priority key and place stay in memory."""

    def __init__(self, *, rules: list | None = None, fail_on: str = "machine_translated",
                 per_article: int = PER_ARTICLE, max_results: int = MAX_RESULTS):
        self.fail_on = fail_on
        self.per_article, self.max_results = per_article, max_results
        self.signature = ""
        self.descriptors = [_rule_descriptor(r) for r in (rules or [])]
        self.index_of = {d["id"]: i for i, d in enumerate(self.descriptors)}
        self.articles: dict[tuple, dict] = {}  # key -> the few article fields a result carries
        self.errors: list[dict] = []
        self.notes: list[str] = []
        self._pending: dict[tuple, list[dict]] = {}  # findings of the article being received
        self._spool = tempfile.TemporaryFile("w+b")
        self._places: list[tuple] = []  # (priority key, offset, length) per spooled result

    def add(self, record: dict) -> None:
        kind = record["type"]
        if kind == "finding":
            self._pending.setdefault((record["path"], record.get("id")), []).append(record)
            return
        self._flush()
        if kind == "run":
            self.signature = record.get("signature", "")
        elif kind == "article":
            self.articles[(record["path"], record.get("id"))] = {
                k: record.get(k) for k in ("path", "id", "verdict", "score", "format", "meta")}
        elif kind == "error":
            self.errors.append(record)

    def _flush(self) -> None:
        for key, findings in self._pending.items():
            article = self.articles.get(key, {})
            kept, left = worst_first(findings, self.per_article)
            if left:
                name = key[0] if key[1] is None else f"{key[0]}#{key[1]}"
                self.notes.append(
                    f"{name}: {len(findings):,} findings; the {len(kept):,} worst are results here (at most "
                    f"{self.per_article:,} per article), all {len(findings):,} are in findings.jsonl.")
            fails = bool(article) and reaches(article["verdict"], self.fail_on)
            for f in kept:
                data = json.dumps(self._result(f, article, fails), ensure_ascii=False)
                data = _escape(data).encode("utf-8")  # a lone surrogate cannot be written
                priority = (not fails, SEVERITY_RANK.get(f["severity"], 1), -(article.get("score") or 0.0),
                            len(self._places))
                self._places.append((priority, self._spool.tell(), len(data)))
                self._spool.write(data)
        self._pending.clear()

    def _result(self, f: dict, article: dict, fails: bool) -> dict:
        if f["rule"] not in self.index_of:  # a rule the registry did not hand us (a model-stage rule)
            self.index_of[f["rule"]] = len(self.descriptors)
            self.descriptors.append(
                {"id": f["rule"], "name": f["name"], "shortDescription": {"text": f["name"]},
                 "properties": {"category": f["category"]}}
            )
        location: dict = {"artifactLocation": {"uri": _uri(f["path"]), "uriBaseId": "%SRCROOT%"}}
        fmt = article.get("format") or "text"
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
            "ruleIndex": self.index_of[f["rule"]],
            "level": LEVEL.get(f["severity"], "warning"),
            "message": {"text": message},
            "locations": [{"physicalLocation": location}],
            "properties": {
                "category": f["category"],
                "confidence": f["confidence"],
                "articleVerdict": article.get("verdict"),
                "articleScore": article.get("score"),
                "articleFailsCheck": fails,
                "start": f["start"],
                "end": f["end"],
            },
        }
        if f.get("fingerprint"):
            result["partialFingerprints"] = {"mtcheckFinding/v1": f["fingerprint"]}
        return result

    def write(self, stream: TextIO) -> None:
        """The whole log to ``stream``: the head, the kept results from the spool, the tail."""
        self._flush()
        places = self._places
        notes = list(self.notes)
        if len(places) > self.max_results:
            notes.append(
                f"{len(places):,} results; the {self.max_results:,} worst are listed (GitHub code scanning "
                f"rejects a run of more), all findings are in findings.jsonl.")
            places = sorted(heapq.nsmallest(self.max_results, places), key=lambda p: p[1])
        notifications = [
            {
                "level": "error",
                "message": {"text": f"{e['path']}: {e['message']}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e["path"]), "uriBaseId": "%SRCROOT%"}}}],
            }
            for e in self.errors
        ] + [{"level": "note", "message": {"text": note}} for note in notes]
        run = {
            "tool": {
                "driver": {
                    "name": "mtcheck",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": self.descriptors,
                }
            },
            "invocations": [
                {"executionSuccessful": not self.errors, "toolExecutionNotifications": notifications}
            ],
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder the scan ran in (the repository root)."}}},
            "results": _RESULTS,
            "properties": {
                "signature": self.signature,
                "failOn": self.fail_on,
                "articles": [
                    {"path": a["path"], "id": a.get("id"), "verdict": a["verdict"], "score": a["score"]}
                    for a in self.articles.values()
                ],
            },
        }
        text = json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)
        head, tail = _escape(text).split(f'"{_RESULTS}"', 1)
        stream.write(head + "[")
        for n, (_, offset, length) in enumerate(places):
            self._spool.seek(offset)
            stream.write(("\n        " if n == 0 else ",\n        ") + self._spool.read(length).decode("utf-8"))
        stream.write(("\n      ]" if places else "]") + tail + "\n")

    def close(self) -> None:
        self._spool.close()


def render(records: Iterable[dict], *, rules: list | None = None, fail_on: str = "machine_translated", **_) -> str:
    """The whole log as one string (tests, small runs); the scan streams through ``SarifWriter``."""
    return render_through(SarifWriter(rules=rules, fail_on=fail_on), records)


def render_through(writer, records: Iterable[dict]) -> str:
    """Feed ``records`` to a streaming writer (SARIF, JUnit: ``add``, ``write``, ``close``) and return its text."""
    try:
        for record in records:
            writer.add(record)
        out = io.StringIO()
        writer.write(out)
        return out.getvalue()
    finally:
        writer.close()
