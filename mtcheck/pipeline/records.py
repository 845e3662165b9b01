"""The data that flows between stages: articles in, findings and verdicts out.

Plain dataclasses so that every stage can be tested alone and results can cross process
boundaries (``--jobs``) by pickling.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "garbled_entity",
    "glued_token",
    "stray_capital",
    "untranslated_fragment",
    "punctuation",
    "repetition",
    "word_order",
    "boilerplate",
    "mistranslation",
    "low_quality",
    "mt_style",
)

# Categories reported for the reader but never counted as rule evidence: boilerplate says nothing about
# translation; mt_style (MT950, the learned detector's most MT-like sentences) enters the verdict once,
# through the article's mt_probability, so counting its findings again would count the detector twice.
NON_EVIDENCE_CATEGORIES = frozenset({"boilerplate", "mt_style"})

SEVERITIES = ("info", "warning", "error")

VERDICTS = ("clean", "suspect", "machine_translated")


@dataclass
class Article:
    """One article to scan. ``text`` is what offsets refer to."""

    path: str
    text: str
    id: str | None = None
    lang: str | None = None  # detected or forced ISO 639-1 code
    lang_confidence: float = 0.0
    source_format: str = "text"  # text | html | jsonl
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # read with a problem that did not stop it

    @property
    def key(self) -> str:
        """A name unique within a scan: the path, plus the record id for JSONL inputs."""
        return f"{self.path}#{self.id}" if self.id is not None else self.path


@dataclass
class Finding:
    """One suspect span. ``article.text[start:end] == text`` always holds."""

    start: int
    end: int
    text: str
    rule: str
    name: str
    category: str
    severity: str
    confidence: float
    message: str
    suggestion: str | None = None

    @property
    def is_evidence(self) -> bool:
        return self.category not in NON_EVIDENCE_CATEGORIES


@dataclass
class ScanError:
    """A problem with one input; the scan goes on with the rest."""

    path: str
    message: str
    line: int | None = None


@dataclass
class ArticleResult:
    """Everything the scan learned about one article."""

    article: Article
    findings: list[Finding]
    score: float
    verdict: str
    rules_run: list[str] = field(default_factory=list)
    words: int = 0
    extras: dict[str, Any] = field(default_factory=dict)  # model-stage output and the like
    # The learned detector (pipeline/style.py): calibrated P(MT) of the whole text, None with a note when no
    # detector exists for the language; (start, end, P(MT)) per sentence.
    mt_probability: float | None = None
    mt_note: str | None = None
    sentence_mt: list[tuple[int, int, float]] = field(default_factory=list)
    # The rule evidence score alone (score.rule_score); ``score`` is the combined one (score.combine).
    rule_score: float = 0.0

    @property
    def evidence(self) -> list[Finding]:
        return [f for f in self.findings if f.is_evidence]


class LineIndex:
    """Maps character offsets to 1-based (line, column) in O(log n), for editors and CI."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
