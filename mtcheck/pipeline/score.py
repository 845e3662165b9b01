"""Article score and verdict from the findings.

    evidence = sum over findings that are evidence (not boilerplate) of
               SEVERITY_WEIGHT[severity] * confidence
    density  = 1000 * evidence / max(words, MIN_WORDS)        # evidence per 1,000 words
    score    = 1 - exp(-density / DENSITY_SCALE)              # in [0, 1)

Verdict:

- ``machine_translated`` when score >= MT_THRESHOLD and the evidence spans at least
  MIN_CATEGORIES_FOR_MT categories (one repeated artifact class can be a house style;
  content-farm translation damages text in several ways at once);
- ``suspect`` when score >= SUSPECT_THRESHOLD and there are at least MIN_FINDINGS_FOR_SUSPECT
  evidence findings (one artifact alone is as likely a typo or a rule's false flag);
- ``clean`` otherwise.

MIN_WORDS keeps a single finding in a ten-word snippet from reading as a flood.

Calibration (``benchmarks/calibrate.py``, figures in ``docs/scoring.md``): on the human documents
of ../shared/data/wmt-de-dev.jsonl (81,396 words) the rules raised no flag when these constants
were set (the test ceiling is 0.05 per 1,000 words), while seed 000 (content-farm MT) carries
about 18 evidence points per 1,000 words. MT_THRESHOLD = 0.6 is reached at a density of
DENSITY_SCALE * ln(1 / 0.4) ~= 4.6 points per 1,000 words (about five warnings in a 1,000-word
article): a quarter of seed 000's, so an article with a fraction of its damage is still caught.
SUSPECT_THRESHOLD = 0.35 is reached at ~2.2 points per 1,000 words. MIN_WORDS = 200 caps what
one false flag can do to a short document (density 1000 * 0.95 / 200 ~= 4.8), and
MIN_FINDINGS_FOR_SUSPECT keeps a lone finding from giving any verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .records import Finding

SEVERITY_WEIGHT = {"info": 0.25, "warning": 1.0, "error": 2.0}
MIN_WORDS = 200
DENSITY_SCALE = 5.0
SUSPECT_THRESHOLD = 0.35
MT_THRESHOLD = 0.6
MIN_CATEGORIES_FOR_MT = 2
MIN_FINDINGS_FOR_SUSPECT = 2

SCORE_SIGNATURE = (
    f"score:w{MIN_WORDS}-d{DENSITY_SCALE}-s{SUSPECT_THRESHOLD}-m{MT_THRESHOLD}"
    f"-c{MIN_CATEGORIES_FOR_MT}-f{MIN_FINDINGS_FOR_SUSPECT}"
)


def evidence_weight(findings: Iterable[Finding]) -> float:
    return sum(SEVERITY_WEIGHT[f.severity] * f.confidence for f in findings if f.is_evidence)


def article_score(findings: list[Finding], words: int) -> float:
    density = 1000.0 * evidence_weight(findings) / max(words, MIN_WORDS)
    return round(1.0 - math.exp(-density / DENSITY_SCALE), 4)


def verdict(score: float, findings: list[Finding]) -> str:
    evidence = [f for f in findings if f.is_evidence]
    if len(evidence) < MIN_FINDINGS_FOR_SUSPECT:
        return "clean"
    if score >= MT_THRESHOLD and len({f.category for f in evidence}) >= MIN_CATEGORIES_FOR_MT:
        return "machine_translated"
    if score >= SUSPECT_THRESHOLD:
        return "suspect"
    return "clean"


VERDICT_RANK = {"clean": 0, "suspect": 1, "machine_translated": 2}


def reaches(article_verdict: str, fail_on: str) -> bool:
    """True when ``article_verdict`` is at or above the ``--fail-on`` level."""
    return VERDICT_RANK[article_verdict] >= VERDICT_RANK[fail_on]
