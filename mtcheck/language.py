"""Language identification (py3langid; its model ships inside the wheel, nothing downloads)."""

from __future__ import annotations

from functools import lru_cache

# Languages with rule sets of their own; others get the generic rules.
SUPPORTED = ("de", "nl", "en")

# Identifying only the first part of a long article is enough and keeps huge files linear.
_SAMPLE_CHARS = 20_000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, probability in [0, 1]) for ``text``; ``("und", 0.0)`` if empty."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)
