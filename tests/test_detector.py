"""The MT-likeness detector: shipped artefact, numpy scorer == scikit-learn, calibration, a tiny retrained model.

The training data is ../shared/data (relative to the repository root) or $MTCHECK_SHARED (the shared folder, or
its data folder). The tests that need it fail, not skip, when it is missing: CI has it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from mtcheck.detector import load_detector, no_detector_message
from mtcheck.detector.evaluation import auroc, read_jsonl, record_text
from mtcheck.detector.features import FeatureParams, grams, matrix, normalise
from mtcheck.detector.model import DATA_DIR, Detector

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    candidates = []
    if os.environ.get("MTCHECK_SHARED"):
        env = Path(os.environ["MTCHECK_SHARED"])
        candidates += [env / "data", env]
    candidates.append(ROOT.parent / "shared" / "data")
    for c in candidates:
        if (c / "wmt-de-train.jsonl").is_file():
            return c
    pytest.fail(f"wmt-de-train.jsonl not found in {', '.join(map(str, candidates))} (set MTCHECK_SHARED)")


# -- features ----------------------------------------------------------------------------------------------------

def test_normalise_quotes_dashes_digits():
    assert normalise("„Ja“ – sagte er 2024 ‚nein‘ — «oui»\u00a0 ok") == "\"Ja\" - sagte er 0000 'nein' - \"oui\" ok"
    assert normalise(normalise("„A“ 12 – b")) == normalise("„A“ 12 – b")


def test_hash_is_pinned():
    """The documented hash gives these columns on every platform; changing it invalidates the artefact."""
    g = grams(normalise("Es ist, die"), FeatureParams(char_ngrams=(3, 4)))
    assert g.word_cols.tolist()[:4] == PINNED_WORD_COLS
    assert g.char_cols.tolist()[:4] == PINNED_CHAR_COLS
    assert g.gram(int(g.word_cols[0])) == "Es"
    assert g.gram(int(g.char_cols[0])) == "⟨ Es⟩"


def test_char_bigrams_come_first_and_leave_longer_orders_unchanged():
    """Detector 2.1.0 adds character 2-grams (the default): they are hashed with their own seed and come
    before the 3- and 4-grams, whose columns stay those of the pinned hash."""
    text = normalise("Es ist, die")
    g34 = grams(text, FeatureParams(char_ngrams=(3, 4)))
    g24 = grams(text, FeatureParams())
    assert FeatureParams().char_ngrams == (2, 4)
    n2 = len(" " + text + " ") - 1
    assert g24.char_cols.shape[0] == n2 + g34.char_cols.shape[0]
    assert g24.char_cols[n2:].tolist() == g34.char_cols.tolist()
    assert g24.word_cols.tolist() == g34.word_cols.tolist()
    assert g24.char_cols.tolist()[:2] == PINNED_CHAR2_COLS
    assert g24.gram(int(g24.char_cols[0])) == "⟨ E⟩"
    assert g24.gram(int(g24.char_cols[1])) == "⟨Es⟩"


PINNED_WORD_COLS = [102393, 32459, 242237, 215681]
PINNED_CHAR_COLS = [313015, 346648, 296519, 522018]
PINNED_CHAR2_COLS = [415512, 352257]


# -- the shipped artefact ----------------------------------------------------------------------------------------

def loaded_artefact(lang: str) -> tuple[Detector, dict]:
    """A shipped artefact, checked as issue 8 asks (at most 5 MB, no pickle, loaded fast, documented)."""
    path = DATA_DIR / f"{lang}.npz"
    assert path.is_file() and path.stat().st_size <= 5_000_000
    with np.load(path, allow_pickle=False) as z:
        assert {"weights", "idf", "intercept", "calibration", "meta"} <= set(z.files)
    det = Detector(path)
    t0 = time.perf_counter()
    info = det.info
    assert time.perf_counter() - t0 < 2.0          # about 0.05 s; the benchmark reports the figure
    for key in ("model_id", "version", "licence", "features", "calibration"):
        assert info[key]
    assert len(info["training_data"]["sha256"]) == 64
    return det, info


def test_artefact_loads_offline_without_pickle(no_network):
    det, info = loaded_artefact("de")
    assert "research use" in info["licence"]
    assert 0.0 <= det.score_text("Das ist ein kurzer Satz.") <= 1.0


def test_no_detector_for_other_languages():
    assert load_detector("de") is not None
    assert load_detector("de") is load_detector("DE")
    assert load_detector("xx") is None
    assert load_detector("") is None
    assert no_detector_message("nl") == "no detector for nl"


def test_calibration_monotone():
    det = load_detector("de")
    det.info                                          # loads the artefact
    for sentence in (False, True):
        a, _ = det.cal_sentence if sentence else det.cal_text
        assert a > 0
        ps = [det.calibrate(z, sentence=sentence) for z in np.linspace(-20, 20, 81)]
        assert all(0.0 <= p <= 1.0 for p in ps)
        assert all(p2 >= p1 for p1, p2 in zip(ps, ps[1:]))
        assert ps[-1] > ps[0]


@pytest.mark.parametrize("lang, samples", [
    ("de", ("Das ist ein Test, die Katze schläft.", "„Tatsächlich“, sagte sie 2023.",
            "Es ist wichtig zu beachten, dass dies ein Beispiel ist.")),
    ("nl", ("Dit is een test, de kat slaapt.", "‘Inderdaad’, zei ze in 2023.",
            "Het is belangrijk op te merken dat dit een voorbeeld is.")),
])
def test_shipped_scorer_matches_sklearn_on_its_weights(lang, samples):
    """Each shipped artefact's numpy scorer gives scikit-learn's predict_proba for the same weights and features."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    det = load_detector(lang)
    det._load()
    texts = [normalise(t) for t in samples]
    clf = LogisticRegression()
    clf.classes_ = np.array([0, 1])
    clf.coef_ = det.weights.reshape(1, -1)
    clf.intercept_ = np.array([det.intercept])
    X = csr_matrix(matrix(texts, det.params, det.idf), shape=(len(texts), det.params.n_features))
    expected = clf.predict_proba(X)[:, 1]
    got = [1 / (1 + np.exp(-det.decision(t))) for t in texts]
    np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)
    a, _ = det.cal_text
    assert a > 0


def test_sentence_scores_and_ngrams_are_sane():
    det = load_detector("de")
    sents = ["Es ist wichtig zu beachten, dass die Regierung tatsächlich reagiert hat.",
             "Der Großbrand ist gelöscht.", ""]
    out = det.score_sentences(sents, top=5)
    assert len(out) == 3
    for (score, ngrams), sent in zip(out, sents):
        assert 0.0 <= score <= 1.0
        assert len(ngrams) <= 5
        weights = [w for _, w in ngrams]
        assert all(w > 0 for w in weights) and weights == sorted(weights, reverse=True)
        norm = " " + normalise(sent) + " "
        for gram, _ in ngrams:
            if gram.startswith("⟨"):
                assert gram[1:-1] in norm
            else:
                assert all(tok in norm for tok in gram.split(" "))
    assert out[0].ngrams                             # the first sentence has MT-leaning n-grams
    assert out[2].ngrams == []


def test_batched_sentence_scores_equal_each_sentence_alone():
    det = load_detector("de")
    dev = read_jsonl(shared_data() / "wmt-de-dev.jsonl")
    for doc in dev[:: max(1, len(dev) // 12)]:
        sents = doc["sentences"] + ["", "„Ja“ – 12", "x"]
        batch = det.score_sentences(sents)
        for s, b in zip(sents, batch):
            alone = det._score_sentence_alone(s)
            assert abs(alone.score - b.score) < 1e-9
            assert [g for g, _ in alone.ngrams] == [g for g, _ in b.ngrams]
        p, sentence_scores = det.score_article(doc["sentences"])
        assert abs(p - det.score_text(" ".join(doc["sentences"]))) < 1e-9
        assert [x.score for x in sentence_scores] == [x.score for x in batch[:len(doc["sentences"])]]


def test_shipped_model_separates_dev_documents():
    dev = read_jsonl(shared_data() / "wmt-de-dev.jsonl")
    det = load_detector("de")
    p = {lab: np.array([det.score_text(record_text(r)) for r in dev if r["label"] == lab])
         for lab in ("mt", "human_translation", "human_original")}
    assert auroc(p["mt"], p["human_translation"]) > 0.7
    assert auroc(p["mt"], p["human_original"]) > 0.85


# -- a tiny model retrained here ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from mtcheck.detector.train import train_detector
    out = tmp_path_factory.mktemp("detector") / "tiny.npz"
    res = train_detector(shared_data() / "wmt-de-train.jsonl", out, sample=300,
                         params=FeatureParams(dim=1 << 14), log=lambda *a: None)
    return res


def test_tiny_model_numpy_scorer_equals_sklearn(tiny, no_network):
    from scipy.sparse import csr_matrix

    clf, params = tiny["model"], tiny["params"]
    det = Detector(tiny["path"])
    texts = tiny["val_texts"][:40] + ["", "Ein Satz.", "„Zitat“ – 1999"]
    X = csr_matrix(matrix([normalise(t) for t in texts], params, tiny["idf"]),
                   shape=(len(texts), params.n_features))
    expected = clf.predict_proba(X)[:, 1]
    z = np.array([det.decision(t) for t in texts])
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), expected, atol=1e-6, rtol=0)
    np.testing.assert_allclose(z, clf.decision_function(X), atol=1e-6, rtol=0)
    a, b = tiny["calibration"]["text"]
    np.testing.assert_allclose([det.score_text(t) for t in texts], 1 / (1 + np.exp(-(a * z + b))), atol=1e-9)


def test_tiny_model_artefact_metadata(tiny):
    det = Detector(tiny["path"])
    info = det.info
    assert info["training_data"]["sample"] == 300
    assert info["features"]["dim"] == 1 << 14
    assert info["calibration"]["text"][0] > 0
    with np.load(tiny["path"], allow_pickle=False) as z:
        json.loads(str(z["meta"]))


def test_training_is_deterministic(tiny, tmp_path):
    from mtcheck.detector.train import train_detector
    res = train_detector(shared_data() / "wmt-de-train.jsonl", tmp_path / "again.npz", sample=300,
                         params=FeatureParams(dim=1 << 14), log=lambda *a: None)
    with np.load(tiny["path"]) as a, np.load(res["path"]) as b:
        np.testing.assert_array_equal(a["weights"], b["weights"])
        np.testing.assert_array_equal(a["calibration"], b["calibration"])


def test_ht_weight_one_is_the_default_and_other_weights_change_the_model(tiny, tmp_path):
    """``ht_weight`` (weight of human-translation rows; docs/detector.md, "Tried after 2.2.0: newstest2018 and
    FLORES-200") is 1.0 by default: passing 1.0 gives the same weights; another value gives other weights and is
    stored in the artefact."""
    from mtcheck.detector.train import train_detector
    same = train_detector(shared_data() / "wmt-de-train.jsonl", tmp_path / "one.npz", sample=300, ht_weight=1.0,
                          params=FeatureParams(dim=1 << 14), log=lambda *a: None)
    heavy = train_detector(shared_data() / "wmt-de-train.jsonl", tmp_path / "three.npz", sample=300, ht_weight=3.0,
                           params=FeatureParams(dim=1 << 14), log=lambda *a: None)
    with np.load(tiny["path"]) as a, np.load(same["path"]) as b, np.load(heavy["path"]) as c:
        np.testing.assert_array_equal(a["weights"], b["weights"])
        assert not np.array_equal(a["weights"], c["weights"])
    assert Detector(heavy["path"]).info["model"]["ht_weight"] == 3.0
    # human translations weigh more: their validation scores move toward human (lower) on average
    ht = [i for i, r in enumerate(tiny["val_records"]) if r["label"] == "human_translation"]
    assert ht
    z_one = np.array([Detector(tiny["path"]).decision(tiny["val_texts"][i]) for i in ht])
    z_three = np.array([Detector(heavy["path"]).decision(tiny["val_texts"][i]) for i in ht])
    assert z_three.mean() < z_one.mean()


def test_decision_fast_path_equals_feature_vector_dot():
    """``Detector.decision`` regroups the sum (per block: sum of w x idf x tf, divided by the norm); it must give
    the dot product of the weights with ``vectorise``'s feature vector, which is what scikit-learn sees."""
    from mtcheck.detector.features import vectorise

    det = load_detector("de")
    det._load()
    texts = ["", "x", "„Ja“ – 12", "Das ist ein Test, die Katze schläft. Das ist ein Test."]
    texts += [record_text(r) for r in read_jsonl(shared_data() / "wmt-de-dev.jsonl")[:20]]
    for t in texts:
        idx, val = vectorise(normalise(t), det.params, det.idf)
        expected = float(np.dot(det.weights[idx], val) + det.intercept)
        assert abs(det.decision(t) - expected) < 1e-9


def test_training_rows_sentences_chunks_and_documents():
    from mtcheck.detector.train import training_rows

    recs = [{"sentences": ["Eins.", " ", "Zwei."], "testset": "t", "lp": "en-de", "doc_id": "d", "system": "A"},
            {"sentences": ["Drei."], "testset": "t", "lp": "en-de", "doc_id": "d", "system": "A"},
            {"sentences": ["Vier."], "testset": "t", "lp": "en-de", "doc_id": "d", "system": "A"},
            {"sentences": ["Fünf."], "testset": "t", "lp": "en-de", "doc_id": "d", "system": "refA"}]
    texts = [normalise(" ".join(s for s in r["sentences"] if s.strip())) for r in recs]
    y = np.array([1, 1, 1, 0])
    rows, labels, n_fine, src = training_rows(recs, texts, y, "chunk")
    assert rows == texts and labels.tolist() == [1, 1, 1, 0] and n_fine == 4 and src.tolist() == [0, 1, 2, 3]
    rows, labels, n_fine, src = training_rows(recs, texts, y, "sentence+chunk")
    assert rows[:n_fine] == ["Eins.", "Zwei.", "Drei.", "Vier.", "Fünf."]       # blank sentence dropped
    assert src.tolist() == [0, 0, 1, 2, 3, 0, 1, 2, 3]
    assert labels[:n_fine].tolist() == [1, 1, 1, 1, 0] and rows[n_fine:] == texts
    rows, labels, n_fine, src = training_rows(recs, texts, y, "sentence+chunk+doc")
    docs = rows[n_fine + len(texts):]
    assert docs == ["Eins. Zwei. Drei. Vier."]             # one window of system A's three chunks; refA has one
    assert labels[n_fine + len(texts):].tolist() == [1]
    with pytest.raises(ValueError, match="granularity"):
        training_rows(recs, texts, y, "paragraph")


def test_sort_free_sentence_scores_equal_the_sorting_path():
    # The scan's path (_scores_only: scratch tables, no sort) against the (sentence, column) sort it replaced,
    # on dev documents, odd inputs and an article long enough to take the sorting fallback.
    det = load_detector("de")
    dev = read_jsonl(shared_data() / "wmt-de-dev.jsonl")
    cases = [[normalise(s) for s in doc["sentences"]] for doc in dev[:: max(1, len(dev) // 20)]]
    cases.append([normalise(s) for s in ["", "x", "„Ja“ – 12", "", "Ein Satz. Ein Satz. Ein Satz."]])
    cases.append([normalise(" ".join(doc["sentences"])) for doc in dev[:40]])   # few long "sentences"
    for norms in cases:
        for with_text in (True, False):
            p_fast, fast = det._scores_only(norms, with_text)
            p_ref, ref = det._scores_only_sorted(norms, with_text)
            assert (p_fast is None) == (p_ref is None)
            if with_text:
                assert abs(p_fast - p_ref) < 1e-9
            assert len(fast) == len(ref) == len(norms)
            assert all(abs(a.score - b.score) < 1e-9 for a, b in zip(fast, ref))
    old = det._PAIR_TABLE_MAX
    det._PAIR_TABLE_MAX = 10                     # force the sorting fallback
    try:
        p_fb, fb = det._scores_only(cases[0], True)
    finally:
        det._PAIR_TABLE_MAX = old
    p_fast, fast = det._scores_only(cases[0], True)
    assert abs(p_fb - p_fast) < 1e-9 and all(abs(a.score - b.score) < 1e-9 for a, b in zip(fb, fast))


def test_sentence_scores_are_thread_safe():
    # The scratch tables are per thread: concurrent scans (e.g. a threaded datatrove step) score correctly.
    from concurrent.futures import ThreadPoolExecutor

    det = load_detector("de")
    dev = read_jsonl(shared_data() / "wmt-de-dev.jsonl")
    articles = [[normalise(s) for s in doc["sentences"]] for doc in dev[:60]]
    expected = [det._scores_only_sorted(a, True) for a in articles]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda a: det._scores_only(a, True), articles))
    for (p, s), (q, t) in zip(got, expected):
        assert abs(p - q) < 1e-9 and all(abs(a.score - b.score) < 1e-9 for a, b in zip(s, t))


def test_normalise_many_equals_one_by_one():
    from mtcheck.detector.features import normalise_many

    dev = read_jsonl(shared_data() / "wmt-de-dev.jsonl")
    odd = ["", " ", "  „Zitat“ –  12 \n", "\u0301e\u0301", "e", "\u0301", "ﬁ ½ Ⅻ", "a\x00b", "\t x \x1c", "`a´",
           "\u1100", "\u1161", "x\u0308", "\u0b47", "\u0b3e", "ende  \r\n"]
    cases = [doc["sentences"] for doc in dev[:: max(1, len(dev) // 30)]] + [odd, odd[:7], [s + " " for s in odd[8:]]]
    for texts in cases:
        assert normalise_many(texts) == [normalise(t) for t in texts]


def _extra_rows(path, n_groups=8):
    """A tiny extra training file: per group two MT and two human translations of one 'source'."""
    rows = []
    for g in range(n_groups):
        group = f"newstest2019:en-de:doc{g}:0"
        for system, label, sents in (
                ("mt-a", "mt", [f"Der Präsident sagte am Sonntag, dass er die Wahl {g} gewinnen wird.",
                                "Es ist wichtig, dass wir die Sache machen."]),
                ("mt-b", "mt", [f"Der Präsident sagte am Sonntag, er werde die Wahl {g} gewinnen.",
                                "Es ist wichtig, das zu tun."]),
                ("ref-a", "human_translation", [f"Er werde die Wahl {g} gewinnen, versicherte der Präsident.",
                                                "Darauf komme es jetzt an."]),
                ("ref-b", "human_translation", [f"Die Wahl {g} sei ihm sicher, so der Präsident am Sonntag.",
                                                "Das zählt."])):
            rows.append({"id": f"{group}:{system}", "label": label, "system": system, "testset": "newstest2019",
                         "lp": "en-de", "domain": "news", "doc_id": f"doc{g}", "group": group, "sentences": sents})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows


def test_extra_training_file_is_appended_and_split_by_group(tiny, tmp_path):
    """``extra`` rows join training and validation by group; the main file's validation records are unchanged,
    so ``figures_main`` of a run with extras is comparable with a run without them."""
    from mtcheck.detector.evaluation import in_validation
    from mtcheck.detector.train import train_detector

    rows = _extra_rows(tmp_path / "extra.jsonl")
    res = train_detector(shared_data() / "wmt-de-train.jsonl", tmp_path / "extra.npz", sample=300,
                         params=FeatureParams(dim=1 << 14), extra=[tmp_path / "extra.jsonl"], log=lambda *a: None)
    ids = {r["id"] for r in res["val_records"]}
    for r in rows:  # every row of a validation group is in validation, every other row is not
        assert (r["id"] in ids) == in_validation(r["group"])
    assert {r["id"] for r in tiny["val_records"]} <= ids
    assert res["figures_main"]["n"] == tiny["figures"]["n"]
    info = Detector(res["path"]).info
    assert info["training_data"]["extra"][0]["records"] == len(rows)
    assert info["training_data"]["extra"][0]["file"] == "extra.jsonl"


def test_extra_training_file_errors_name_the_file(tmp_path):
    from mtcheck.detector.train import read_extra

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"label": "mt", "sentences": ["x"]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl: record 1: .*missing: group"):
        read_extra(bad)
    with pytest.raises(FileNotFoundError, match="nope.jsonl"):
        read_extra(tmp_path / "nope.jsonl")
def _sentence_ids_reference(det, g, texts):
    """``Detector._sentence_ids`` as first written (index arrays, np.diff): the plain definition."""
    lens = np.array([len(t) for t in texts])
    offsets = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])
    tok_sid = np.searchsorted(offsets, g.starts, side="right") - 1
    sids = []
    for n, count in g.n_words:
        first = np.arange(count)
        sids.append(np.where(tok_sid[first] == tok_sid[first + n - 1], tok_sid[first], -1))
    lo, hi = det.params.char_ngrams
    plen = sum(len(t) for t in texts) + len(texts) - 1 + 2
    own = np.repeat(np.arange(len(texts)), np.diff(offsets, append=plen))
    end_of = (offsets + lens + 2)[own]
    for n in range(lo, hi + 1):
        m = plen - n + 1
        if m > 0:
            sids.append(np.where(np.arange(n, m + n) <= end_of[:m], own[:m], -1))
    return np.concatenate(sids) if sids else np.zeros(0, dtype=np.int64)


def test_sentence_ids_equal_the_plain_definition():
    import random

    det = load_detector("de")
    det._load()
    rng = random.Random(11)
    alphabet = ["a", "b", "Ü", "ß", " ", "0", "-", ".", "„", "x y", "_", "😀"]
    cases = [["x"], ["a", "b"], ["ab cd ef"], ["a b", "c", "d e f g"], ["„Ja“ – 0", "x"]]
    cases += [[normalise("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) or "z")
               for _ in range(rng.randint(1, 8))] for _ in range(300)]
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    cases += [[normalise(line) for line in p.read_text(encoding="utf-8").splitlines()] for p in seeds]
    checked = 0
    for texts in cases:
        texts = [t for t in texts if t]
        if not texts:
            continue
        g = grams(" ".join(texts), det.params)
        got, want = det._sentence_ids(g, texts), _sentence_ids_reference(det, g, texts)
        assert got.dtype == want.dtype and got.shape == want.shape == g.cols.shape
        assert np.array_equal(got, want)
        # the scan's call: n-grams across two sentences in an extra row instead of -1
        assert np.array_equal(det._sentence_ids(g, texts, outside=len(texts)), np.where(want < 0, len(texts), want))
        checked += 1
    assert checked > 250


def test_other_space_lists_every_whitespace_but_the_space():
    # normalise() skips _SPACE when no character of _OTHER_SPACE and no double space occurs: the list must be complete
    from mtcheck.detector.features import _OTHER_SPACE, _SPACE

    import random
    import unicodedata

    from mtcheck.detector.features import _DIGIT, _SUBS

    assert all(bool(_OTHER_SPACE.match(chr(c))) == (chr(c).isspace() and c != 32) for c in range(0x110000))

    def plain(text):  # normalise() without the shortcut
        text = unicodedata.normalize("NFKC", text)
        for pattern, repl in _SUBS:
            text = pattern.sub(repl, text)
        return _SPACE.sub(" ", _DIGIT.sub("0", text)).strip()

    rng = random.Random(12)
    pieces = ["a", "b", " ", "  ", "\t", "\n", "\u3000", "\u00a0", "\u2009", "\x1c", "\x85", "„", "–", "7", "ﬁ", "\x00"]
    texts = ["a b", "a  b", " a ", "", " ", "ab"] + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
                                                  for _ in range(5000)]
    for text in texts:
        assert normalise(text) == plain(text), repr(text)


# -- content-matched pairwise rows (docs/detector.md, "Tried after 2.2.0: pairwise training") -------------------

def test_pairwise_rows_pair_each_human_translation_with_k_mt_of_its_group(tmp_path):
    from mtcheck.detector.train import pairwise_rows

    rows = _extra_rows(tmp_path / "extra.jsonl", n_groups=3)
    rows.append(dict(rows[0], id="lonely:ref", group="lonely", label="human_translation"))   # no MT in its group
    rows.append(dict(rows[0], id="orig", label="human_original"))                           # never paired
    for k, per_ht in ((1, 1), (2, 2), (5, 2)):
        pairs = pairwise_rows(rows, k)
        assert pairs == pairwise_rows(rows, k)                       # deterministic
        hts = [i for i, r in enumerate(rows) if r["label"] == "human_translation" and r["group"] != "lonely"]
        assert sorted({h for _, h in pairs}) == hts                  # every matched reference is used
        for m, h in pairs:
            assert rows[m]["label"] == "mt" and rows[h]["label"] == "human_translation"
            assert rows[m]["group"] == rows[h]["group"]
        assert len(pairs) == per_ht * len(hts) and len(set(pairs)) == len(pairs)
    with pytest.raises(ValueError, match="pair k"):
        pairwise_rows(rows, 0)


def test_bias_column_fit_without_pairs_equals_the_ordinary_fit(tiny):
    """The pairwise fit moves the intercept into an explicit bias column (1 on ordinary rows); with no
    difference rows it must be the ordinary liblinear fit, whose intercept is such a column too."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    from mtcheck.detector.train import _fit_with_pairs

    params = tiny["params"]
    X = sp.csr_matrix(matrix(tiny["val_texts"], params, tiny["idf"]), shape=(len(tiny["val_texts"]), params.n_features))
    y = np.array([r["label"] == "mt" for r in tiny["val_records"]], dtype=int)
    plain = LogisticRegression(C=4, solver="liblinear", max_iter=2000).fit(X, y)
    paired = _fit_with_pairs(X, y, np.ones(len(y)), sp.csr_matrix((0, params.n_features)), 4)
    np.testing.assert_allclose(paired.coef_, plain.coef_, atol=1e-9)
    np.testing.assert_allclose(paired.intercept_, plain.intercept_, atol=1e-9)


@pytest.fixture(scope="module")
def tiny_pairwise(tmp_path_factory):
    from mtcheck.detector.train import train_detector
    d = tmp_path_factory.mktemp("pairwise")
    _extra_rows(d / "extra.jsonl", n_groups=12)
    return [train_detector(shared_data() / "wmt-de-train.jsonl", d / f"pw{i}.npz", sample=300, pairwise=3.0,
                           pair_k=2, extra=[d / "extra.jsonl"], params=FeatureParams(dim=1 << 14),
                           log=lambda *a: None) for i in range(2)]


def test_tiny_pairwise_model_is_deterministic_and_numpy_equals_sklearn(tiny, tiny_pairwise, no_network):
    from scipy.sparse import csr_matrix

    res, again = tiny_pairwise
    info = Detector(res["path"]).info
    assert info["model"]["pairwise"] == 3.0 and info["model"]["pair_k"] == 2 and info["model"]["n_pairs"] > 0
    assert Detector(tiny["path"]).info["model"]["n_pairs"] == 0         # off by default
    with np.load(res["path"]) as a, np.load(again["path"]) as b:
        np.testing.assert_array_equal(a["weights"], b["weights"])
        np.testing.assert_array_equal(a["intercept"], b["intercept"])
        np.testing.assert_array_equal(a["calibration"], b["calibration"])
    clf, params = res["model"], res["params"]
    det = Detector(res["path"])
    texts = res["val_texts"][:40] + ["", "Ein Satz.", "„Zitat“ – 1999"]
    X = csr_matrix(matrix([normalise(t) for t in texts], params, res["idf"]), shape=(len(texts), params.n_features))
    z = np.array([det.decision(t) for t in texts])
    np.testing.assert_allclose(z, clf.decision_function(X), atol=1e-6, rtol=0)
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), clf.predict_proba(X)[:, 1], atol=1e-6, rtol=0)
    assert det.intercept == pytest.approx(float(clf.intercept_[0]), abs=1e-6)


def test_pairwise_rows_widen_the_margin_of_matched_training_pairs(tiny_pairwise, tmp_path):
    """On the training groups of the extra file (the matched pairs of the sample), the pairwise model puts
    each MT chunk further above its group's references (mean z_mt - z_ht) than the same fit without pairs."""
    from mtcheck.detector.evaluation import in_validation
    from mtcheck.detector.train import pairwise_rows, train_detector

    res = tiny_pairwise[0]
    rows = _extra_rows(tmp_path / "extra.jsonl", n_groups=12)
    plain = train_detector(shared_data() / "wmt-de-train.jsonl", tmp_path / "plain.npz", sample=300,
                           extra=[tmp_path / "extra.jsonl"], params=FeatureParams(dim=1 << 14), log=lambda *a: None)
    train_rows = [r for r in rows if not in_validation(r["group"])]
    pairs = pairwise_rows(train_rows, 2)
    assert pairs

    def margin(path):
        det = Detector(path)
        z = [det.decision(" ".join(r["sentences"])) for r in train_rows]
        return float(np.mean([z[m] - z[h] for m, h in pairs]))

    assert margin(res["path"]) > margin(plain["path"])
