"""language.identify: the array form of py3langid's feature extraction gives py3langid's counts."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from mtcheck.pipeline.language import _identifier, _model, identify

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _texts(seeds_dir) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    wmt = SHARED_DATA / "wmt-de-dev.jsonl"
    if wmt.is_file():
        texts += ["\n".join(json.loads(line)["sentences"]) for line in wmt.read_text(encoding="utf-8").splitlines()[:60]]
    # Short texts (fewer bytes than the automaton's depth), emoji, CJK, Cyrillic, lone surrogates.
    texts += ["", "a", "ab", "abc", "Ünïcödé 😀 текст 中文", "x" * 50, "  123 -- ", "\ud800ab"]
    rng = random.Random(7)
    for _ in range(100):
        texts.append("".join(chr(rng.choice((rng.randint(32, 127), rng.randint(128, 0x10FFFF))))
                             for _ in range(rng.randint(0, 200))))
    return texts


def test_automaton_depth_is_the_longest_ngram():
    assert _model().depth == 4  # py3langid's byte n-grams are 1 to 4 bytes long


def test_features_equal_py3langid(seeds_dir):
    reference = _identifier()
    for text in _texts(seeds_dir):
        data = text.encode("utf8", errors="surrogatepass")
        expected = reference.instance2fv(data)
        got = _model().features(data)
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected), text[:60]


def test_identify_equals_py3langid_classify(seeds_dir):
    reference = _identifier()
    for text in _texts(seeds_dir)[:80]:
        if not any(ch.isalpha() for ch in text):
            assert identify(text) == ("und", 0.0)
            continue
        lang, prob = reference.classify(text[:20_000].encode("utf8", errors="surrogatepass"))
        assert identify(text) == (str(lang), float(prob))
