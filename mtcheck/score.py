"""Article score and verdict from the findings.

    evidence = sum over findings that are evidence (not boilerplate) of
               SEVERITY_WEIGHT[severity] * confidence
    density  = 1000 * evidence / max(words, MIN_WORDS)        # evidence per 1,000 words
    score    = 1 - exp(-density / DENSITY_SCALE)              # in [0, 1)

Verdict: ``machine_translated`` when score >= MT_THRESHOLD and the evidence spans at least
MIN_CATEGORIES_FOR_MT categories (one repeated artifact class can be a house style; content-farm
translation damages text in several ways at once); ``suspect`` when score >= SUSPECT_THRESHOLD;
else ``clean``. MIN_WORDS keeps a single finding in a ten-word snippet from reading as a flood.

The constants are calibrated on ../shared/data/wmt-de-dev.jsonl (human documents must stay
clean) and the seeds; ``benchmarks/calibrate.py`` prints the figures behind them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .records import Finding

SEVERITY_WEIGHT = {"info": 0.25, "warning": 1.0, "error": 2.0}
MIN_WORDS = 150
DENSITY_SCALE = 8.0
SUSPECT_THRESHOLD = 0.35
MT_THRESHOLD = 0.6
MIN_CATEGORIES_FOR_MT = 2

SCORE_SIGNATURE = f"score:d{DENSITY_SCALE}-s{SUSPECT_THRESHOLD}-m{MT_THRESHOLD}-c{MIN_CATEGORIES_FOR_MT}"


def evidence_weight(findings: Iterable[Finding]) -> float:
    return sum(SEVERITY_WEIGHT[f.severity] * f.confidence for f in findings if f.is_evidence)


def article_score(findings: list[Finding], words: int) -> float:
    density = 1000.0 * evidence_weight(findings) / max(words, MIN_WORDS)
    return round(1.0 - math.exp(-density / DENSITY_SCALE), 4)


def verdict(score: float, findings: list[Finding]) -> str:
    categories = {f.category for f in findings if f.is_evidence}
    if score >= MT_THRESHOLD and len(categories) >= MIN_CATEGORIES_FOR_MT:
        return "machine_translated"
    if score >= SUSPECT_THRESHOLD:
        return "suspect"
    return "clean"


VERDICT_RANK = {"clean": 0, "suspect": 1, "machine_translated": 2}


def reaches(article_verdict: str, fail_on: str) -> bool:
    """True when ``article_verdict`` is at or above the ``--fail-on`` level."""
    return VERDICT_RANK[article_verdict] >= VERDICT_RANK[fail_on]
