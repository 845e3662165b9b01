"""Finding fingerprints: line-free ids that SARIF (partialFingerprints), findings.jsonl and
baselines share.

A fingerprint holds no line number or offset, so that an edit elsewhere in the article keeps it:
it hashes the rule, the article (path relative to the current folder, plus the record id for
JSONL), the finding's text with its whitespace collapsed, and up to CONTEXT characters on either
side of it. Identical fingerprints within one article get an occurrence number (``...:2``), so
that a second copy of an old finding is new.
"""

from __future__ import annotations

import hashlib
import os
import re

from .records import ArticleResult

CONTEXT = 24

_SPACE = re.compile(r"\s+")


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
    if not result.findings:
        return []  # most articles: no key to build (abspath and relpath cost more than the rest)
    text = result.article.text
    key = article_key(result.article.path, result.article.id)
    seen: dict[str, int] = {}
    out = []
    for f in result.findings:
        before = _norm(text[max(0, f.start - CONTEXT) : f.start])
        after = _norm(text[f.end : f.end + CONTEXT])
        material = "\x1f".join((f.rule, key, _norm(f.text), before, after))
        digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:24]  # any text, lone surrogates too
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
