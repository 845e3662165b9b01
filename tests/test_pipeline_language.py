"""language.identify: the array form of py3langid's feature extraction gives py3langid's counts."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from mtcheck.pipeline.language import _identifier, _model, _model_arrays, identify

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


# The cached arrays of py3langid's model (language.model_cache_path): the same model, and a damaged or missing file
# never gives another answer.

@pytest.fixture
def model_cache(tmp_path, monkeypatch):
    from mtcheck.pipeline import language, word_frequency

    folder = tmp_path / "cache"
    monkeypatch.setenv(word_frequency.CACHE_ENV, str(folder))
    monkeypatch.delenv(word_frequency.SWITCH_ENV, raising=False)
    language._model.cache_clear()
    yield folder
    language._model.cache_clear()


def _same_model(model) -> None:
    reference = _model_arrays(_identifier())
    for name, array in reference.items():
        got = model.arrays[name]
        assert got.dtype == array.dtype and np.array_equal(got, array), name
    assert model.ident.nb_classes == _identifier().nb_classes
    assert model.ident.nb_numfeats == _identifier().nb_numfeats


def _answers(texts) -> list:
    from mtcheck.pipeline import language

    language._model.cache_clear()
    return [identify(t) for t in texts]


def test_the_model_cache_is_written_and_then_loaded(model_cache, seeds_dir, monkeypatch):
    from mtcheck.pipeline import language

    texts = _texts(seeds_dir)[:80]
    cold = _answers(texts)
    path = language.model_cache_path()
    assert path.parent.parent == model_cache and path.is_file()
    _same_model(language._model())
    # a second process: the file is read, py3langid's pickle is not
    monkeypatch.setattr(language, "_identifier", lambda: pytest.fail("py3langid's model was read"))
    warm = _answers(texts)
    assert warm == cold
    monkeypatch.undo()
    _same_model(language._model())
    reference = _identifier()
    for text, answer in zip(texts, cold):
        if any(ch.isalpha() for ch in text):
            lang, prob = reference.classify(text[:20_000].encode("utf8", errors="surrogatepass"))
            assert answer == (str(lang), float(prob))


@pytest.mark.parametrize("how", ["truncated", "empty", "flipped", "garbage", "pickled", "wrong shape", "bad state"])
def test_a_damaged_model_cache_is_never_used_and_is_built_again(model_cache, seeds_dir, how):
    from mtcheck.pipeline import language

    texts = _texts(seeds_dir)[:40]
    expected = _answers(texts)
    path = language.model_cache_path()
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "flipped":  # a bit inside the transition table's data: the zip member's CRC-32 fails
        with np.load(path) as z:
            assert "nextmove" in z.files
        at = data.index(b"nextmove.npy") + 4096
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1:])
    elif how == "garbage":
        path.write_bytes(b"not a zip file at all" * 100)
    elif how == "pickled":
        with open(path, "wb") as out:
            np.savez(out, **{**_model_arrays(_identifier()), "nb_classes": np.array([object()], dtype=object)})
    elif how == "wrong shape":
        arrays = _model_arrays(_identifier())
        with open(path, "wb") as out:
            np.savez(out, **{**arrays, "nb_pc": arrays["nb_pc"][:-1]})
    else:  # a well-formed file whose automaton leads to a state that does not exist
        arrays = _model_arrays(_identifier())
        nextmove = arrays["nextmove"].copy()
        nextmove[1000] = nextmove.shape[0] // 256
        with open(path, "wb") as out:
            np.savez(out, **{**arrays, "nextmove": nextmove})
    with pytest.raises(Exception):
        language._load_model_arrays(path)
    assert _answers(texts) == expected
    _same_model(language._model())
    language._load_model_arrays(path)  # written again, whole


def test_an_unwritable_model_cache_folder_falls_back(tmp_path, monkeypatch, seeds_dir):
    from mtcheck.pipeline import language, word_frequency

    blocker = tmp_path / "file"
    blocker.write_text("a regular file: no folder can be made below it")
    monkeypatch.setenv(word_frequency.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.delenv(word_frequency.SWITCH_ENV, raising=False)
    texts = _texts(seeds_dir)[:40]
    try:
        got = _answers(texts)
        _same_model(language._model())
    finally:
        language._model.cache_clear()
    monkeypatch.setenv(word_frequency.SWITCH_ENV, "off")
    assert got == _answers(texts)
    language._model.cache_clear()


def test_off_writes_no_model_cache(tmp_path, monkeypatch):
    from mtcheck.pipeline import language, word_frequency

    monkeypatch.setenv(word_frequency.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(word_frequency.SWITCH_ENV, "off")
    try:
        assert language.model_cache_path() is None
        assert identify("Das ist ein deutscher Satz über das Wetter.")[0] == "de"
        _same_model(language._model())
    finally:
        language._model.cache_clear()
    assert not (tmp_path / "cache").exists()
