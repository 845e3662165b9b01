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


@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    text: str
    rules: tuple[str, ...]  # codes of the evidence findings inside this sentence (empty under "all")


def select(result: ArticleResult, everything: bool = False) -> list[Suspect]:
    text = result.article.text
    evidence = sorted(result.evidence, key=lambda f: f.start)
    chosen = []
    for sentence in segment(text).sentences:
        rules = tuple(sorted({f.rule for f in evidence if f.start < sentence.end and f.end > sentence.start}))
        if not rules and not everything:
            continue
        if len(sentence.words) < (2 if rules else MIN_WORDS) or len(sentence.text) > MAX_CHARS:
            continue
        chosen.append(Suspect(sentence.start, sentence.end, sentence.text, rules))
    return chosen
