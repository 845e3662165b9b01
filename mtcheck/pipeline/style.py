"""The learned detector in the scan: an article's ``mt_probability``, a score per sentence, and the sentences
that push most toward machine translation (MT950 ``mt-style`` findings, category ``mt_style``).

The detector itself (``mtcheck.detector``: hashed n-grams, a linear model, numpy only) is loaded once per
process on the first article of its language (``load_detector`` caches it; ``scan._warm_up`` loads it before
``--jobs`` workers fork, so they share it). A language without a model gets ``mt_probability`` None and the note
"no detector for <lang>".

Which sentences become findings (``STYLE_*`` below): only in an article whose own ``mt_probability`` is at least
``STYLE_ARTICLE_MIN`` (a human article's few MT-like sentences are noise, not evidence worth a reader's time);
chosen on the detector's validation chunks of wmt-de-train (article >= 0.7, sentence >= 0.7: a finding in 8.5 % of
human and 45 % of MT chunks; 0.6/0.7 gave 13.6 % / 55 %, 0.8/0.75 gave 4.6 % / 29 %);
among its sentences of at least ``STYLE_MIN_WORDS`` words whose sentence probability is at least
``STYLE_SENTENCE_MIN``, the highest ``max(1, sentences // STYLE_PER_SENTENCES)`` (at most ``STYLE_MAX``). The
finding's message names the n-grams that pushed the sentence toward MT with their contributions (weight x feature
value of the linear model, in log-odds), so a reader can check them. MT950 is ``info`` and not rule evidence: the
verdict counts the detector once, through ``mt_probability`` (``score.combine``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .records import Article, Finding
from .segment import Segmented

STYLE_CODE = "MT950"
STYLE_NAME = "mt-style"
STYLE_CATEGORY = "mt_style"
STYLE_ARTICLE_MIN = 0.7
STYLE_SENTENCE_MIN = 0.7
STYLE_MIN_WORDS = 5
STYLE_PER_SENTENCES = 5
STYLE_MAX = 5
STYLE_TOP_NGRAMS = 5


@dataclass
class StyleResult:
    """What the detector said about one article (``probability`` None: no detector for its language)."""

    probability: float | None
    note: str | None = None
    sentences: list[tuple[int, int, float]] = field(default_factory=list)  # (start, end, probability)
    top: list[tuple[int, int, float, list[tuple[str, float]]]] = field(default_factory=list)  # MT950 picks


NOT_INSTALLED = "the learned detector (mtcheck.detector) is not installed"


def detector_for(lang: str | None):
    """The detector for ``lang`` or None. Imported here so that a scan with no detector language loads nothing."""
    if not lang:
        return None
    try:
        from mtcheck.detector import load_detector
    except ImportError:  # a trimmed install without the detector package: the rules still run
        return None
    return load_detector(lang)


def no_detector_note(lang: str | None) -> str:
    try:
        from mtcheck.detector import no_detector_message
    except ImportError:
        return NOT_INSTALLED
    return no_detector_message(lang or "?")


def assess(article: Article, doc: Segmented, detect: bool = True) -> StyleResult:
    """Score the article and each of its sentences with the detector of its language (``detect=False``:
    don't; mt_probability None with the note "detector off")."""
    if not detect:
        return StyleResult(None, "detector off")
    detector = detector_for(article.lang)
    if detector is None:
        return StyleResult(None, no_detector_note(article.lang))
    text = article.text
    if not text.strip():
        return StyleResult(None, "empty text")
    sentences = doc.sentences
    if not sentences:
        return StyleResult(round(detector.score_text(text), 4), None)
    # The article (its sentences joined: whitespace between them is collapsed by the detector's normalisation
    # anyway) and every sentence alone, from one hashing pass, without n-grams (recovering readable n-grams costs
    # more than scoring); the n-grams only for the few sentences that become findings.
    article_p, scored = _score_in_batches(detector, [s.text for s in sentences])
    probability = round(article_p, 4)
    result = StyleResult(probability, None,
                         [(s.start, s.end, round(sc.score, 3)) for s, sc in zip(sentences, scored)])
    if probability >= STYLE_ARTICLE_MIN and sentences:
        quota = min(STYLE_MAX, max(1, len(sentences) // STYLE_PER_SENTENCES))
        candidates = [(sc.score, s) for s, sc in zip(sentences, scored)
                      if sc.score >= STYLE_SENTENCE_MIN and len(s.words) >= STYLE_MIN_WORDS]
        candidates.sort(key=lambda c: (-c[0], c[1].start))
        chosen = sorted((s for _, s in candidates[:quota]), key=lambda s: s.start)
        explained = detector.score_sentences([s.text for s in chosen], top=STYLE_TOP_NGRAMS)
        result.top = [(s.start, s.end, round(sc.score, 4), sc.ngrams) for s, sc in zip(chosen, explained)
                      if sc.ngrams]
    return result


# The detector's arrays for one call grow with its text (about 260 bytes per character for the
# article and every sentence): a long text is scored in batches of sentences of at most this many
# characters, so that its peak memory stays bounded. News articles (well under this) are scored in
# one call; a longer text's probability is the word-weighted mean of its batches' probabilities, as
# for the parts of a very large article (scan.CHUNK_CHARS).
DETECTOR_BATCH_CHARS = 100_000


def _score_in_batches(detector, texts: list[str]):
    """``detector.score_article(texts, top=0)``, in batches of at most DETECTOR_BATCH_CHARS characters."""
    if sum(len(t) for t in texts) <= DETECTOR_BATCH_CHARS:
        return detector.score_article(texts, top=0)
    scored, weighted, weight = [], 0.0, 0
    start, size = 0, 0
    for i, t in enumerate(texts + [None]):
        if t is None or (size + len(t) > DETECTOR_BATCH_CHARS and i > start):
            batch = texts[start:i]
            p, batch_scores = detector.score_article(batch, top=0)
            words = max(1, sum(len(b.split()) for b in batch))
            weighted, weight = weighted + p * words, weight + words
            scored.extend(batch_scores)
            start, size = i, 0
        if t is not None:
            size += len(t)
    return weighted / weight, scored


def style_findings(article: Article, style: StyleResult) -> list[Finding]:
    """The MT950 findings of one article (see the module docstring for which sentences)."""
    out = []
    for start, end, p, grams in style.top:
        evidence = ", ".join(f"{_show(g)} {w:+.2f}" for g, w in grams)
        out.append(Finding(
            start=start, end=end, text=article.text[start:end], rule=STYLE_CODE, name=STYLE_NAME,
            category=STYLE_CATEGORY, severity="info", confidence=round(p, 3),
            message=(f"reads like machine translation (sentence p={p:.2f}, article p={style.probability:.2f}); "
                     f"n-grams pushing toward MT (log-odds): {evidence}"),
        ))
    return out


def _show(gram: str) -> str:
    # Character n-grams come as ⟨...⟩ (spaces are significant there); word n-grams are quoted.
    return gram if gram.startswith("⟨") else f"'{gram}'"


def logit(p: float, clip: float = 8.0) -> float:
    """log(p / (1 - p)), clipped to [-clip, clip] so that a 0 or 1 stays finite."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return max(-clip, min(clip, math.log(p / (1 - p))))
