"""Translation-direction evidence by forced decoding (Wastl, Vamvas and Sennrich, 2024, "Machine
Translation Models are Zero-Shot Detectors of Translation Direction").

For a sentence pair (x, y) a translation model assigns a higher length-normalised probability to
the direction in which the pair was actually translated: P(y | x) > P(x | y) when y is a translation
of x. Here x is the article sentence S (German, Dutch...), y its English back-translation B, and the
two models are the ones already loaded for the round trip:

    delta(S) = log P(S | B) / |S|  -  log P(B | S) / |B|          (mean log-probability per token)

``delta > 0`` says "S reads like a translation of B", i.e. of English. Per article the signal is the
mean delta over the scored sentences and the share of sentences with delta > 0.

Caveat, and why this is reported but not scored: B is the model's own output for S, so P(B | S) is
inflated for every article, human or not. The absolute value is therefore biased towards "to
English"; what carries information is the comparison between articles scored by the same models
(a machine-translated article's sentences sit higher than a native one's). The paper's setting
(a given human or machine parallel pair) does not have this bias.
"""

from __future__ import annotations

from statistics import mean


def delta(logprob_sentence_given_english: float, logprob_english_given_sentence: float) -> float:
    return round(logprob_sentence_given_english - logprob_english_given_sentence, 4)


def summarise(deltas: list[float]) -> dict:
    """The article-level signal (see the module docstring for how to read it)."""
    if not deltas:
        return {"sentences": 0}
    return {
        "sentences": len(deltas),
        "mean_delta": round(mean(deltas), 4),
        "share_from_english": round(sum(d > 0 for d in deltas) / len(deltas), 3),
    }
