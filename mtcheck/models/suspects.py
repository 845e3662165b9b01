"""Which sentences reach the models.

By default only the suspect ones: sentences that overlap a finding that is evidence (boilerplate is
not: page furniture is not worth a model call). With ``--backtranslate all``, or when a
source-language original of the article is in ``references/`` (a mistranslation hides in sentences
that the rules find nothing wrong with, and the original is there to check them against), every
sentence of at least ``MIN_WORDS`` words. Each sentence goes to the models alone: OPUS-MT is a
sentence-level model, and a sentence's offsets then map model output straight back onto the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.pipeline.records import ArticleResult
from mtcheck.pipeline.segment import segment

MIN_WORDS = 3  # shorter pieces (headings cut mid-line, bylines) say little to a translation model
MAX_CHARS = 1000  # a "sentence" longer than this is a run-on list or a table: skipped
DETECTOR_TOP = 3  # the detector's highest-scoring sentences per article that also go to the models
DETECTOR_MIN = 0.6  # ... when their sentence probability is at least this


@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    text: str
    rules: tuple[str, ...]  # codes of the evidence findings inside this sentence (empty under "all")
    detector: float | None = None  # the detector's sentence probability, when that is why it was chosen


def select(result: ArticleResult, everything: bool = False) -> list[Suspect]:
    text = result.article.text
    evidence = sorted(result.evidence, key=lambda f: f.start)
    detector = _detector_top(result)
    chosen = []
    for sentence in segment(text).sentences:
        rules = tuple(sorted({f.rule for f in evidence if f.start < sentence.end and f.end > sentence.start}))
        p = detector.get((sentence.start, sentence.end))
        if not rules and not everything and p is None:
            continue
        if len(sentence.words) < (2 if rules else MIN_WORDS) or len(sentence.text) > MAX_CHARS:
            continue
        chosen.append(Suspect(sentence.start, sentence.end, sentence.text, rules, p))
    return chosen


def _detector_top(result: ArticleResult) -> dict[tuple[int, int], float]:
    """The (start, end) of the detector's DETECTOR_TOP highest sentences at or above DETECTOR_MIN."""
    scored = [(p, start, end) for start, end, p in result.sentence_mt or [] if p >= DETECTOR_MIN]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return {(start, end): p for p, start, end in scored[:DETECTOR_TOP]}
