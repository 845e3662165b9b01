"""Article score and verdict: one calibrated formula over all the evidence.

Rule evidence (unchanged from the rules-only scorer, now called ``rule_score``)::

    evidence   = sum over findings that are rule evidence (not boilerplate, not mt_style) of
                 SEVERITY_WEIGHT[severity] * confidence
    density    = 1000 * evidence / max(words, MIN_WORDS)        # evidence per 1,000 words
    rule_score = 1 - exp(-density / DENSITY_SCALE)              # in [0, 1)

The verdict formula (``combine``; coefficients and thresholds in ``verdict_model.json``, fitted by
``benchmarks/fit_verdict.py``, provenance inside the file)::

    r = rule_score if the article has >= MIN_FINDINGS_FOR_SUSPECT evidence findings, or one at warning or
        above, confidence >= ALONE_MIN_CONFIDENCE, whose category names a translation error (ALONE_CATEGORIES),
        else 0
    d = logit(mt_probability), clipped to [-8, 8]             # the learned detector (pipeline/style.py)
    n = log(max(words, 20) / 200)                             # length
    z = b0 + b_rule * r + b_det * d + b_len * n
    score = 1 / (1 + exp(-z))                                 # the article's ``score``, in [0, 1]

Model-stage findings (MT901-MT904, when the models ran) are rule evidence: they enter through ``r``
(``rejudge`` after the stage), exactly as before. When no detector exists for the article's language the ``rules_only`` coefficients are used (no d term).
A language whose detector was trained on other data than the German one has its own ``with_detector``
coefficients under ``languages.<lang>`` (fitted by ``fit_verdict.py --lang``: its own detector's d reads on its
own scale); the thresholds are shared, so every language's formula is anchored to the same verdicts.
Every coefficient that multiplies evidence is >= 0, so the score never falls when evidence grows: it is
monotone in rule evidence and in mt_probability (tests/test_pipeline_verdict.py).

Verdict: ``machine_translated`` when score >= thresholds.machine_translated, ``suspect`` when score >=
thresholds.suspect, else ``clean``. Thresholds are picked on the same held-apart split (see the JSON).

Why ``r`` needs two findings: a single artifact is as likely a typo or a rule's false flag as machine
translation (measured: no rule flag at all on 81k words of human news, so one flag says little). A finding
that names a translation error rather than a slip (a false friend, a source formula or word order kept, a
leaked engine line: categories ``mistranslation``, ``word_order``, ``low_quality``) is not something a human
writer types by accident; those rules were checked on the field set's human pages and wmt-de-dev's human
documents with no hit, so one of them counts alone (field pages are excerpts of 90-340 words: most MT pages
give one such finding, not two).
MIN_WORDS keeps a single finding in a ten-word snippet from reading as a flood.

Why ``d`` needs DETECTOR_MIN_WORDS words: the detector was trained and the formula fitted on chunks of news (5 %
of the training chunks are under 20 words, and ``n`` treats anything shorter as 20 words), so on a text of a few
words its probability is an extrapolation, not evidence: "Es ist." scored 0.97 and came out machine_translated
with no finding. A shorter text is judged on rule evidence alone (the ``rules_only`` coefficients); its
``mt_probability`` is still reported, and it does not enter its source's mean either (``counted_probability``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .records import Finding

VERDICT_MODEL = Path(__file__).resolve().parent / "verdict_model.json"

SEVERITY_WEIGHT = {"info": 0.25, "warning": 1.0, "error": 2.0}
MIN_WORDS = 200
DETECTOR_MIN_WORDS = 20
DENSITY_SCALE = 5.0
MIN_FINDINGS_FOR_SUSPECT = 2
# Categories of a finding that counts alone (see the module docstring), at warning or error severity.
ALONE_CATEGORIES = frozenset({"mistranslation", "word_order", "low_quality"})
# ... and at this confidence or above (the rules' own estimate: MT409's capitals teaser, 0.7, and MT705's verb
# cluster, 0.7, resemble a capitals heading or a missing comma too closely to stand alone).
ALONE_MIN_CONFIDENCE = 0.75



@lru_cache(maxsize=1)
def verdict_model() -> dict:
    """The fitted coefficients and thresholds (small JSON shipped in the package)."""
    with open(VERDICT_MODEL, encoding="utf-8") as fh:
        return json.load(fh)


def _signature() -> str:
    model = verdict_model()
    own = "".join(f"+{lang}:{block.get('version', '?')}" for lang, block in sorted(model.get("languages", {}).items()))
    return (f"score:w{MIN_WORDS}-d{DENSITY_SCALE}-f{MIN_FINDINGS_FOR_SUSPECT}a{ALONE_MIN_CONFIDENCE}"
            f"-n{DETECTOR_MIN_WORDS}"
            f"+verdict:{model['version']}{own}")


SCORE_SIGNATURE = _signature()


def evidence_weight(findings: Iterable[Finding]) -> float:
    return sum(SEVERITY_WEIGHT[f.severity] * f.confidence for f in findings if f.is_evidence)


def rule_score(findings: list[Finding], words: int) -> float:
    """The rule evidence score alone (the module docstring's ``rule_score``)."""
    density = 1000.0 * evidence_weight(findings) / max(words, MIN_WORDS)
    return round(1.0 - math.exp(-density / DENSITY_SCALE), 4)


article_score = rule_score  # the name the rules-only scorer had


def counts_alone(finding: Finding) -> bool:
    """A finding that names a translation error (ALONE_CATEGORIES, warning or above): rule evidence by itself."""
    return (finding.category in ALONE_CATEGORIES and finding.severity != "info"
            and finding.confidence >= ALONE_MIN_CONFIDENCE and finding.is_evidence)


def rule_feature(rules_score: float, findings: list[Finding]) -> float:
    """``r``: the rule score, counted when at least MIN_FINDINGS_FOR_SUSPECT findings are evidence or one
    finding counts alone (``counts_alone``)."""
    evidence = sum(1 for f in findings if f.is_evidence)
    if evidence >= MIN_FINDINGS_FOR_SUSPECT or (evidence and any(map(counts_alone, findings))):
        return rules_score
    return 0.0


def counted_probability(mt_probability: float | None, words: int) -> float | None:
    """The detector's probability where it counts as evidence (verdict, source mean): None for a text under
    DETECTOR_MIN_WORDS words (module docstring)."""
    return mt_probability if words >= DETECTOR_MIN_WORDS else None


def features(rules_score: float, mt_probability: float | None, words: int, findings: list[Finding]
             ) -> dict[str, float]:
    from .style import logit

    out = {"rule": rule_feature(rules_score, findings), "length": math.log(max(words, 20) / 200.0)}
    counted = counted_probability(mt_probability, words)
    if counted is not None:
        out["detector"] = logit(counted)
    return out


def coefficient_set(with_detector: bool, lang: str | None = None) -> dict:
    """The intercept and coefficients: ``rules_only`` without a detector; with one, the language's own block
    (``languages.<lang>.with_detector``) when the model file has it, else the default ``with_detector``."""
    model = verdict_model()
    if not with_detector:
        return model["rules_only"]
    own = model.get("languages", {}).get((lang or "").lower().split("-")[0].split("_")[0], {})
    return own.get("with_detector") or model["with_detector"]


def combine(feats: dict[str, float], lang: str | None = None) -> float:
    """The calibrated score from the features (``features``); the coefficient set depends on whether a
    detector ran (``detector`` in feats) and, with one, on the article's language (``coefficient_set``)."""
    part = coefficient_set("detector" in feats, lang)
    coef = part["coefficients"]
    z = part["intercept"] + sum(coef[k] * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def verdict_of(score: float) -> str:
    t = verdict_model()["thresholds"]
    if score >= t["machine_translated"]:
        return "machine_translated"
    if score >= t["suspect"]:
        return "suspect"
    return "clean"


def judge(rules_score: float, mt_probability: float | None, words: int, findings: list[Finding],
          lang: str | None = None) -> tuple[float, str]:
    """(score, verdict) of an article from all its evidence (``lang``: its language, for ``coefficient_set``)."""
    score = round(combine(features(rules_score, mt_probability, words, findings), lang), 4)
    return score, verdict_of(score)


def rejudge(result) -> None:
    """Recompute an ``ArticleResult``'s rule score, score and verdict after its findings changed
    (model-stage findings added, baselined findings dropped)."""
    result.rule_score = rule_score(result.findings, result.words)
    result.score, result.verdict = judge(result.rule_score, result.mt_probability, result.words, result.findings,
                                         result.article.lang)


def verdict_reason(rules_score: float, findings: list[Finding], words: int | None = None,
                   mt_probability: float | None = None) -> str | None:
    """Why the evidence did not raise the score (an article with one finding and a rule score of 0.59, or a
    two-word text with mt_probability 0.97, shown clean reads as a bug otherwise), or None when there is nothing
    to explain."""
    if mt_probability is not None and words is not None and counted_probability(mt_probability, words) is None:
        return (f"{words} words: too short for the learned detector to count (it judges texts of "
                f"{DETECTOR_MIN_WORDS} words or more), so its mt_probability {mt_probability:.2f} is shown but "
                "the verdict rests on rule evidence alone")
    evidence = sum(1 for f in findings if f.is_evidence)
    if evidence == 1 and not any(map(counts_alone, findings)):
        return (f"only 1 finding is evidence: rule evidence counts from {MIN_FINDINGS_FOR_SUSPECT} findings "
                f"(one alone is as likely a typo or a false flag), or from 1 that names a translation error "
                f"({', '.join(sorted(ALONE_CATEGORIES))}), so its rule score {rules_score:.2f} "
                "does not raise the score")
    return None


VERDICT_RANK = {"clean": 0, "suspect": 1, "machine_translated": 2}


def reaches(article_verdict: str, fail_on: str) -> bool:
    """True when ``article_verdict`` is at or above the ``--fail-on`` level."""
    return VERDICT_RANK[article_verdict] >= VERDICT_RANK[fail_on]
