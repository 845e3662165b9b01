"""MT950 mt-style: documented like the other rules so that `mtcheck rules`, `mtcheck explain MT950`,
``--select``/``--ignore`` and the SARIF rule table cover it. Its findings are made by
``pipeline.style`` from the learned detector's sentence scores (``mtcheck.detector``), not by
``rules.run_rules``; this module imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.pipeline.style import STYLE_CATEGORY, STYLE_CODE, STYLE_NAME

from .model_rules import ModelRule


@dataclass(frozen=True)
class DetectorRule(ModelRule):
    def documentation(self) -> str:
        return super().documentation().replace(
            "stage: models (needs the model extras and models)",
            "stage: detector (offline; languages with a shipped detector model)")

    @property
    def detector_languages(self) -> list[str]:
        from mtcheck.detector import available_languages

        return available_languages()


MT_STYLE = DetectorRule(
    STYLE_CODE, STYLE_NAME, STYLE_CATEGORY, "info",
    "The sentences of an article that the learned detector scores as most machine-translation-like (sentence "
    "probability >= 0.7, in an article whose mt_probability is >= 0.7; at most one in five sentences, at most "
    "five), with the word and character n-grams that pushed each one toward MT and their weights.",
    "Fluent machine translation leaves no broken surface, but its word and character statistics differ from "
    "human German: favourite connectives, calqued phrasing, relative clauses, punctuation habits. The detector "
    "(docs/detector.md) learned them from WMT system outputs against human translations and German originals.",
    "'Es ist tatsächlich wichtig, dass die Regierung ...' -> reads like machine translation (sentence p=0.86, "
    "article p=0.91); n-grams pushing toward MT (log-odds): 'tatsächlich' +0.41, ', die' +0.22, 'Es ist' +0.18",
    "Any single sentence is weak evidence: human translators and plain-style writers use the same words. The "
    "finding is info and is not rule evidence; the article's verdict counts the detector once, through "
    "mt_probability. Languages without a detector model get no MT950 findings.",
)
