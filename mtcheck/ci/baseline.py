"""Baselines: findings someone already judged, so that CI reports only what is new.

A finding's fingerprint holds no line number or offset, so that an edit elsewhere in the article
keeps it: it hashes the rule, the article (path relative to the current folder, plus the record
id for JSONL), the finding's text with its whitespace collapsed, and up to CONTEXT characters on
either side of it. Identical fingerprints within one article get an occurrence number
(``...:2``), so that a second copy of an old finding is new.

``mtcheck baseline`` writes every current finding's fingerprint to a JSON file;
``mtcheck scan --baseline FILE`` drops the findings found in it *before* scoring: a baselined
finding counts nowhere, not in the article's score, its verdict, the exit status or any output.
An article whose findings are all baselined reads as clean; the article record keeps what the
baseline hid (``baselined``, ``score_without_baseline``, ``verdict_without_baseline``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import replace
from pathlib import Path

from mtcheck.outputs.atomic import atomic_open
from mtcheck.pipeline.records import ArticleResult, Finding
from mtcheck.pipeline.score import article_score, verdict

CONTEXT = 24
FORMAT_VERSION = 1
DEFAULT_BASELINE = Path(".mtcheck-baseline.json")

_SPACE = re.compile(r"\s+")


class BaselineError(ValueError):
    """An unreadable or malformed baseline file; the message names it."""


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def article_key(path: str, record_id: str | None = None) -> str:
    """The article's name in fingerprints: a POSIX path relative to the current folder."""
    if path != "-":
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute)
        path = absolute if relative.startswith("..") else relative
        path = path.replace(os.sep, "/")
    return path if record_id is None else f"{path}#{record_id}"


def fingerprints(result: ArticleResult) -> list[str]:
    """One fingerprint per finding of ``result``, in the findings' order."""
    text = result.article.text
    key = article_key(result.article.path, result.article.id)
    seen: dict[str, int] = {}
    out = []
    for f in result.findings:
        before = _norm(text[max(0, f.start - CONTEXT) : f.start])
        after = _norm(text[f.end : f.end + CONTEXT])
        material = "\x1f".join((f.rule, key, _norm(f.text), before, after))
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(digest if seen[digest] == 1 else f"{digest}:{seen[digest]}")
    return out


FINGERPRINTS = "fingerprints"  # ArticleResult.extras key: [(finding, fingerprint), ...]


def finding_fingerprints(result: ArticleResult) -> list[str]:
    """The fingerprints of ``result``'s findings, computed once over all of them and kept in
    ``extras``: after a baseline drops some, the rest keep the numbers they had (a new second
    copy of a baselined finding stays ``...:2``; computed again it would become the first)."""
    pairs = result.extras.get(FINGERPRINTS)
    if pairs is not None:
        by_finding = {id(f): fp for f, fp in pairs}  # the pairs hold the findings: ids stay unique
        if all(id(f) in by_finding for f in result.findings):
            return [by_finding[id(f)] for f in result.findings]
    prints = fingerprints(result)
    result.extras[FINGERPRINTS] = list(zip(result.findings, prints))
    return prints


class Baseline:
    """A set of fingerprints read from a baseline file."""

    def __init__(self, known: set[str], path: Path | None = None):
        self.known = known
        self.path = path

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: not a baseline file (broken JSON: {exc})") from exc
        if not isinstance(data, dict) or data.get("tool") != "mtcheck" or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not an mtcheck baseline file (write one with 'mtcheck baseline')")
        if data.get("version") != FORMAT_VERSION:
            raise BaselineError(f"{path}: baseline format {data.get('version')!r}, this mtcheck reads {FORMAT_VERSION}")
        try:
            known = {entry["fingerprint"] for entry in data["findings"]}
        except (TypeError, KeyError) as exc:
            raise BaselineError(f"{path}: baseline entry without a fingerprint") from exc
        return cls(known, Path(path))

    def apply(self, result: ArticleResult) -> ArticleResult:
        """``result`` without the baselined findings, its score and verdict computed again from the rest."""
        prints = finding_fingerprints(result)  # numbered over every finding, before any is dropped
        pairs = [(f, fp) for f, fp in zip(result.findings, prints) if fp not in self.known]
        kept: list[Finding] = [f for f, _ in pairs]
        hidden = len(result.findings) - len(kept)
        score = article_score(kept, result.words)
        extras = dict(result.extras)
        extras[FINGERPRINTS] = pairs
        extras["article"] = {
            **extras.get("article", {}),
            "baselined": hidden,
            "score_without_baseline": result.score,
            "verdict_without_baseline": result.verdict,
        }
        return replace(result, findings=kept, score=score, verdict=verdict(score, kept), extras=extras)


class BaselineWriter:
    """Collects fingerprints during a scan; ``write`` saves them atomically, sorted so that diffs stay small."""

    def __init__(self, signature: str = ""):
        self.signature = signature
        self.entries: list[dict] = []

    def add(self, result: ArticleResult) -> None:
        key = article_key(result.article.path, result.article.id)
        for f, fp in zip(result.findings, finding_fingerprints(result)):
            self.entries.append({"fingerprint": fp, "path": key, "rule": f.rule, "text": f.text})

    def write(self, path: Path) -> None:
        entries = sorted(self.entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
        data = {"tool": "mtcheck", "version": FORMAT_VERSION, "signature": self.signature, "findings": entries}
        with atomic_open(Path(path)) as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
