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


def test_best_class_equals_full_normalisation():
    # identify() normalises only the best class's row; near ties and non-finite scores take py3langid's full
    # norm_probs. Same class and the same float32 probability as norm_probs + argmax, ties included.
    from mtcheck.pipeline.language import _best_class

    ident = _identifier()
    rng = np.random.default_rng(11)
    cases = []
    for i in range(3000):
        scores = (ident.nb_pc + rng.standard_normal(ident.nb_pc.shape[0]) * rng.uniform(0.01, 300)).astype(np.float32)
        if i % 2:  # a runner-up at, just under and just over the margin
            best = int(np.argmax(scores))
            other = (best + 1 + i % (scores.shape[0] - 1)) % scores.shape[0]
            scores[other] = scores[best] - np.float32([0, 1e-6, 1e-3, 0.05, 0.1, 0.1001, 0.5, 3][i % 8])
        cases.append(scores)
    tie = cases[0].copy()
    tie[:] = tie.max()
    cases += [tie, np.full_like(tie, -np.inf), np.where(np.arange(tie.shape[0]) == 3, np.inf, tie)]
    with np.errstate(invalid="ignore", over="ignore"):
        for scores in cases:
            probs = ident.norm_probs(scores)
            expected = int(np.argmax(probs))
            best, prob = _best_class(ident, scores)
            assert best == expected
            assert prob == float(probs[expected]) or (np.isnan(prob) and np.isnan(probs[expected]))
