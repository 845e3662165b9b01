"""Run-time scorer of the MT-likeness detector: numpy only, no scikit-learn, no network.

Public API (stable; the scan, verdict and HTML code call only this):

    from mtcheck.detector import load_detector, no_detector_message

    det = load_detector("de")          # Detector, or None when no model exists for the language
    if det is None:
        print(no_detector_message("fr"))   # "no detector for fr"
    p = det.score_text(article_text)   # calibrated P(machine translated) in [0, 1] for a whole text
    p, sents = det.score_article(sentences)    # both of the above from one hashing pass (fastest)
    for s in det.score_sentences(sentences):   # one SentenceScore per sentence, same order
        s.score                        # calibrated P(MT) of the sentence alone, in [0, 1]
        s.ngrams                       # up to ``top`` (n-gram, contribution) pairs, largest push toward MT
                                       # first; contribution > 0 pushes toward MT (weight x feature value)
        score, ngrams = s              # a SentenceScore is a 2-tuple
    det.info                           # model id, version, training data sha256, licence, feature params
    det.decision(text)                 # raw linear score (log-odds before calibration)

``load_detector`` is cheap: the artefact (``mtcheck/detector/data/<lang>.npz``) is read on the first score
(about 0.05 s) and kept; one Detector per language per process. The artefact is a numpy ``.npz`` read with
``allow_pickle=False``: arrays ``weights`` (float32), ``idf`` (float16), ``intercept``, ``calibration``
(Platt slope and offset for texts, then for sentences) and ``meta`` (a JSON string).

Calibration: ``p = 1 / (1 + exp(-(a * z + b)))`` where ``z`` is the linear score; ``a, b`` were fitted by
logistic regression on held-apart validation chunks with the classes balanced, so ``p`` reads as the probability
of MT when MT and human text are equally likely a priori. Sentences have their own ``a, b`` (fitted on validation
sentences): a single sentence carries little evidence, so its probabilities stay closer to 0.5.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Iterable, NamedTuple

import numpy as np

from .features import FeatureParams, grams, normalise, normalise_many, vectorise

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT_VERSION = 1


def no_detector_message(lang: str) -> str:
    return f"no detector for {lang}"


class SentenceScore(NamedTuple):
    score: float
    ngrams: list[tuple[str, float]]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return float(1.0 / (1.0 + np.exp(-x)))
    e = float(np.exp(x))
    return e / (1.0 + e)


class Detector:
    """A linear model over hashed n-gram features (see ``features``), loaded lazily from an ``.npz`` artefact."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._loaded = False
        # scratch tables of the sentence scores (``_scores_only``), one set per thread, reused from article to
        # article; never cleared: every entry read is written first for the same article
        self._scratch = threading.local()

    # -- loading ---------------------------------------------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            with np.load(self.path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                if int(meta.get("format_version", 0)) != FORMAT_VERSION:
                    raise ValueError(f"{self.path}: artefact format {meta.get('format_version')} "
                                     f"is not {FORMAT_VERSION}")
                self.params = FeatureParams.from_dict(meta["features"])
                # stored as float32 and float16 (v2); widened exactly (every float32 or float16 is a float64)
                self.weights = z["weights"].astype(np.float64)
                self.idf = z["idf"].astype(np.float64)
                # idf and weight x idf of each column side by side (real and imaginary part of one complex128):
                # the scan's gather fetches both from one cache line. Between two articles the rules evict the
                # model from the CPU caches, so each column read is a cache miss; two separate arrays cost two.
                self._idf_wxidf = np.empty(self.idf.shape[0], dtype=np.complex128)
                self._idf_wxidf.real = self.idf
                self._idf_wxidf.imag = self.weights * self.idf
                self.intercept = float(z["intercept"])
                cal = z["calibration"].astype(np.float64)
            if self.weights.shape[0] != self.params.n_features or self.idf.shape[0] != self.params.n_features:
                raise ValueError(f"{self.path}: weights/idf do not match the feature parameters")
            self.cal_text = (float(cal[0]), float(cal[1]))
            self.cal_sentence = (float(cal[2]), float(cal[3]))
            self.meta = meta
            self._loaded = True

    def _gather(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """idf and weight x idf (float64) of the given columns: one 1-D gather of the complex table (numpy gathers
        rows of a 2-D table about 10 times slower; two gathers from separate arrays miss the cache twice). The
        product was computed once at load from the same float64 values, so the results are exactly those of
        widening and multiplying after the gather."""
        both = self._idf_wxidf[cols]
        return both.real, both.imag

    @property
    def info(self) -> dict:
        self._load()
        return dict(self.meta)

    # -- scoring ---------------------------------------------------------------------------------------------
    def decision(self, text: str) -> float:
        """Raw linear score (uncalibrated log-odds) of one text."""
        self._load()
        params = self.params
        cols = grams(normalise(text), params).cols
        if cols.size == 0:
            return self.intercept
        # = np.dot(weights[idx], val) of ``vectorise``, regrouped: per block, (sum of w * idf * tf) / norm
        cols.sort()
        first = np.empty(cols.shape[0], dtype=bool)
        first[0] = True
        np.not_equal(cols[1:], cols[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        tf = np.log(np.diff(starts, append=cols.shape[0]))
        tf += 1.0
        uniq = cols[starts]
        idf_u, wxidf = self._gather(uniq)
        split = int(np.searchsorted(uniq, params.dim))
        v = tf * idf_u
        z = self.intercept
        nw = np.sqrt(np.dot(v[:split], v[:split]))
        if nw > 0:
            z += params.word_weight * float(np.dot(tf[:split], wxidf[:split])) / nw
        nc = np.sqrt(np.dot(v[split:], v[split:]))
        if nc > 0:
            z += params.char_weight * float(np.dot(tf[split:], wxidf[split:])) / nc
        return float(z)

    def calibrate(self, z: float, sentence: bool = False) -> float:
        self._load()
        a, b = self.cal_sentence if sentence else self.cal_text
        return _sigmoid(a * z + b)

    def score_text(self, text: str) -> float:
        """Calibrated probability in [0, 1] that ``text`` (a whole article, or any text) is machine translated."""
        return self.calibrate(self.decision(text))

    def score_sentences(self, sentences: Iterable[str], top: int = 5) -> list[SentenceScore]:
        """Score each sentence alone; return its calibrated probability and the n-grams that pushed it most
        toward MT (readable n-gram, contribution = weight x feature value; only positive contributions).

        Vectorised over all sentences at once: the sentences are normalised, joined by spaces and hashed in one
        pass; each n-gram that lies inside one sentence (with its padding spaces) counts for that sentence, so
        every score equals the score of the sentence on its own (``_score_sentence_alone``)."""
        return self._score_batch(normalise_many(list(sentences)), top)[1]

    def score_article(self, sentences: Iterable[str], top: int = 5) -> tuple[float, list[SentenceScore]]:
        """``score_text(" ".join(sentences))`` and ``score_sentences(sentences)`` from one hashing pass."""
        return self._score_batch(normalise_many(list(sentences)), top, with_text=True)

    def _score_batch(self, norms: list[str], top: int, with_text: bool = False):
        self._load()
        if top <= 0 and any(norms):
            return self._scores_only(norms, with_text)
        params, dim = self.params, self.params.dim
        nonempty = [i for i, t in enumerate(norms) if t]
        empty_score = self.calibrate(self.intercept, sentence=True)
        out = [SentenceScore(empty_score, []) for _ in norms]
        if not nonempty:
            return (self.calibrate(self.intercept) if with_text else None), out
        texts = [norms[i] for i in nonempty]
        joined = " ".join(texts)
        g = grams(joined, params)
        text_p = None
        if with_text:
            idx, val = vectorise(joined, params, self.idf, g)
            text_p = self.calibrate(float(np.dot(self.weights[idx], val) + self.intercept))
        lens = np.array([len(t) for t in texts])
        offsets = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])     # start of each sentence in joined
        # word n-grams: every token of the n-gram in the same sentence
        tok_sid = np.searchsorted(offsets, g.starts, side="right") - 1
        w_sid, w_pos, w_len = [], [], []
        for n, count in g.n_words:
            first = np.arange(count)
            w_sid.append(np.where(tok_sid[first] == tok_sid[first + n - 1], tok_sid[first], -1))
            w_pos.append(first)
            w_len.append(np.full(count, n))
        # char n-grams at padded position p, length n: inside " sentence " = padded[o, o + len + 2)
        lo, hi = params.char_ngrams
        plen = len(joined) + 2
        c_pos = np.concatenate([np.arange(plen - n + 1) for n in range(lo, hi + 1) if plen >= n])
        c_len = np.concatenate([np.full(plen - n + 1, n) for n in range(lo, hi + 1) if plen >= n])
        c_sid = np.searchsorted(offsets, c_pos, side="right") - 1
        c_sid = np.where(c_pos + c_len <= offsets[c_sid] + lens[c_sid] + 2, c_sid, -1)
        sid = np.concatenate(w_sid + [c_sid])
        cols = np.concatenate([g.word_cols, g.char_cols]).astype(np.int64)
        keep = np.flatnonzero(sid >= 0)
        key = sid[keep] * params.n_features + cols[keep]
        order = np.argsort(key, kind="stable")
        skey = key[order]
        first = np.empty(skey.shape[0], dtype=bool)
        first[0] = True
        np.not_equal(skey[1:], skey[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.diff(starts, append=skey.shape[0])
        ukey = skey[starts]
        usid, ucol = ukey // params.n_features, ukey % params.n_features
        occ = keep[order[starts]]                      # first occurrence of each (sentence, column)
        vals = (1.0 + np.log(counts)) * self.idf[ucol]
        block = usid * 2 + (ucol >= dim)
        norm = np.sqrt(np.bincount(block, weights=vals * vals, minlength=2 * len(texts)))
        scale = np.where(ucol >= dim, params.char_weight, params.word_weight)
        vals = vals * scale / norm[block]
        contrib = self.weights[ucol] * vals
        z = np.bincount(usid, weights=contrib, minlength=len(texts)) + self.intercept
        # top n-grams per sentence: by sentence, then contribution descending
        rank = np.lexsort((-contrib, usid))
        n_word_occ = g.word_cols.shape[0]
        word_pos = np.concatenate(w_pos) if w_pos else np.zeros(0, dtype=np.int64)
        word_len = np.concatenate(w_len) if w_len else np.zeros(0, dtype=np.int64)
        padded = " " + joined + " "
        bounds = np.searchsorted(usid[rank], np.arange(len(texts) + 1)).tolist()
        # only the top candidates of each sentence, as Python lists (numpy scalars are slow in a loop)
        pick = np.concatenate([rank[bounds[k]:min(bounds[k] + top, bounds[k + 1])] for k in range(len(texts))])
        c_list, o_list = contrib[pick].tolist(), occ[pick].tolist()
        is_word = occ[pick] < n_word_occ
        wo = np.where(is_word, occ[pick], 0)
        wp_list, wl_list = word_pos[wo].tolist(), word_len[wo].tolist()
        co = np.where(is_word, 0, occ[pick] - n_word_occ)
        cp_list, cl_list = c_pos[co].tolist(), c_len[co].tolist()
        st, en = g.starts.tolist(), g.ends.tolist()
        z_list = z.tolist()
        j = 0
        for k, i in enumerate(nonempty):
            tops = []
            for _ in range(min(top, bounds[k + 1] - bounds[k])):
                if c_list[j] > 0:
                    if o_list[j] < n_word_occ:
                        t0, n = wp_list[j], wl_list[j]
                        gram = " ".join(joined[st[t]:en[t]] for t in range(t0, t0 + n))
                    else:
                        gram = "⟨" + padded[cp_list[j]:cp_list[j] + cl_list[j]] + "⟩"
                    tops.append((gram, round(c_list[j], 4)))
                j += 1
            out[i] = SentenceScore(self.calibrate(z_list[k], sentence=True), tops)
        return text_p, out

    def _sentence_ids(self, g, texts: list[str], outside: int = -1) -> np.ndarray:
        """For every n-gram of ``g`` (word n-grams, then char n-grams, as in ``g.cols``), the index of the
        sentence of ``texts`` it lies in, or ``outside`` when it crosses a sentence boundary of the joined text."""
        params = self.params
        lens = np.array([len(t) for t in texts])
        offsets = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])
        tok_sid = np.searchsorted(offsets, g.starts, side="right") - 1
        sids = []
        # Slices, not index arrays: this runs once per article on small arrays, where each numpy call's fixed cost
        # (a few microseconds) is most of the detector's time; the same integers as gathering with np.arange.
        for n, count in g.n_words:     # a word n-gram counts when all its tokens are in one sentence
            first_sid = tok_sid[:count]
            sids.append(np.where(first_sid == tok_sid[n - 1:n - 1 + count], first_sid, outside))
        # char n-grams: the sentence whose padded " sentence " starts at or before each padded position, and
        # where that padded sentence ends; an n-gram at p counts when p + n <= that end, i.e. room[p] >= n
        lo, hi = params.char_ngrams
        plen = int(offsets[-1] + lens[-1] + 2)       # = sum of lengths + separators + the two padding spaces
        widths = np.empty(len(texts), dtype=offsets.dtype)
        widths[:-1] = offsets[1:] - offsets[:-1]
        widths[-1] = plen - offsets[-1]
        own = np.repeat(np.arange(len(texts)), widths)
        room = (offsets + lens + 2)[own]
        room -= np.arange(plen)
        for n in range(lo, hi + 1):
            m = plen - n + 1
            if m > 0:
                sids.append(np.where(room[:m] >= n, own[:m], outside))
        return np.concatenate(sids) if sids else np.zeros(0, dtype=np.int64)

    # Largest (sentences x distinct columns) table the sort-free path uses (int32 entries: 16 MB); a longer
    # article (one of several MB) takes the sorting path instead.
    _PAIR_TABLE_MAX = 1 << 22

    def _scores_only(self, norms: list[str], with_text: bool):
        """``_score_batch`` with ``top=0``: the same scores, without what recovering n-grams needs. The scan
        scores every sentence this way and asks for n-grams only for the few it reports (pipeline/style.py).

        No sort per (sentence, column): the article's distinct columns (sorted once, which the article score
        needs anyway) are numbered 0..U-1; each n-gram's pair (sentence, column number) indexes a scratch table
        of sentences x U entries; every n-gram writes its own position there, and reading the table back gives
        each n-gram the position of one representative of its pair (whichever write landed: all n-grams of a pair
        read the same one). Counting n-grams per representative gives the term frequency of each pair. All of it
        is linear in the number of n-grams (the sort it replaces was most of the sentence cost); the sums equal
        ``_scores_only_sorted`` to rounding (tested to 1e-9)."""
        params, dim = self.params, self.params.dim
        nonempty = [i for i, t in enumerate(norms) if t]
        texts = [norms[i] for i in nonempty]
        joined = " ".join(texts)
        g = grams(joined, params)
        cols, n_sent = g.cols, len(texts)
        scratch = self._scratch
        if getattr(scratch, "cols", None) is None:
            scratch.cols = np.empty(params.n_features, dtype=np.int32)
            scratch.pairs = np.empty(0, dtype=np.int32)
        col_table = scratch.cols
        # the article's distinct columns, without sorting: one representative n-gram per column
        n = cols.shape[0]
        positions = np.arange(n, dtype=np.int32)
        col_table[cols] = positions
        rep_of = col_table[cols]                 # the representative (last n-gram) of each n-gram's column
        per_rep = np.bincount(rep_of, minlength=n)
        reps = np.flatnonzero(per_rep)
        ucols = cols[reps]
        n_uniq = ucols.shape[0]
        idf_u, wxidf_u = self._gather(ucols)     # per distinct column
        char_u = (ucols >= dim).astype(np.intp)
        text_p = None
        if with_text:                         # = vectorise + dot, regrouped per block as in decision()
            tf = np.log(per_rep[reps])
            tf += 1.0
            v = tf * idf_u
            norms2 = np.sqrt(np.bincount(char_u, weights=v * v, minlength=2))
            dots = np.bincount(char_u, weights=tf * wxidf_u, minlength=2)
            z_text = self.intercept
            for blk, weight in ((0, params.word_weight), (1, params.char_weight)):
                if norms2[blk] > 0:
                    z_text += weight * float(dots[blk]) / float(norms2[blk])
            text_p = self.calibrate(z_text)
        if n_sent * n_uniq > self._PAIR_TABLE_MAX:
            return text_p, self._sentence_scores_sorted(norms, nonempty, texts, g)
        # The sentence of each n-gram; an n-gram across two sentences goes to an extra row (n_sent) whose sums
        # are never read: cheaper than dropping those few n-grams from every array.
        sid = self._sentence_ids(g, texts, outside=n_sent)
        # Each n-gram's column number 0..U-1 (its representative's rank among reps), from an array of n entries
        # instead of writing and reading the 2 x 2^18 column table again (random accesses: cache misses).
        rank = np.empty(n, dtype=np.intp)
        rank[reps] = np.arange(n_uniq)
        cnum = rank[rep_of]
        pair = sid * n_uniq + cnum
        size = (n_sent + 1) * n_uniq
        if scratch.pairs.shape[0] < size:
            scratch.pairs = np.empty(max(size, 2 * scratch.pairs.shape[0]), dtype=np.int32)
        table = scratch.pairs
        table[pair] = positions
        counts = np.bincount(table[pair], minlength=n)
        rep = np.flatnonzero(counts)                 # one n-gram per (sentence, column) pair
        usid = sid[rep]
        urank = cnum[rep]
        tf = np.log(counts[rep])
        tf += 1.0
        vals = tf * idf_u[urank]
        char = char_u[urank]
        block = usid * 2 + char
        norm = np.sqrt(np.bincount(block, weights=vals * vals, minlength=2 * n_sent))
        scale = np.where(char, params.char_weight, params.word_weight) / norm[block]
        # weight x value = (weight x idf) x tf x scale
        z = np.bincount(usid, weights=wxidf_u[urank] * tf * scale, minlength=n_sent) + self.intercept
        return text_p, self._sentence_out(norms, nonempty, z[:n_sent])

    def _sentence_out(self, norms, nonempty, z):
        a, b = self.cal_sentence
        probs = (1.0 / (1.0 + np.exp(-(a * z + b)))).tolist()   # calibrate() on every sentence at once
        empty = SentenceScore(self.calibrate(self.intercept, sentence=True), [])
        out = [empty] * len(norms)
        for k, i in enumerate(nonempty):
            out[i] = SentenceScore(probs[k], [])
        return out

    def _scores_only_sorted(self, norms: list[str], with_text: bool):
        """The sentence scores by sorting (sentence, column) keys: the reference for ``_scores_only`` and its
        path for very long articles."""
        nonempty = [i for i, t in enumerate(norms) if t]
        texts = [norms[i] for i in nonempty]
        joined = " ".join(texts)
        g = grams(joined, self.params)
        text_p = None
        if with_text:
            idx, val = vectorise(joined, self.params, self.idf, g)
            text_p = self.calibrate(float(np.dot(self.weights[idx], val) + self.intercept))
        return text_p, self._sentence_scores_sorted(norms, nonempty, texts, g)

    def _sentence_scores_sorted(self, norms, nonempty, texts, g):
        params, dim = self.params, self.params.dim
        sid = self._sentence_ids(g, texts)
        cols = np.concatenate([g.word_cols, g.char_cols])
        keep = sid >= 0
        # one key per (sentence, column); 32-bit keys sort about twice as fast as 64-bit ones
        nf = params.n_features
        dtype = np.uint32 if len(texts) * nf < (1 << 32) else np.int64
        key = np.sort(sid[keep].astype(dtype) * dtype(nf) + cols[keep].astype(dtype))
        first = np.empty(key.shape[0], dtype=bool)
        first[:1] = True
        np.not_equal(key[1:], key[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.diff(starts, append=key.shape[0])
        ukey = key[starts].astype(np.int64)
        usid = ukey // nf
        ucol = ukey - usid * nf
        vals = (1.0 + np.log(counts)) * self.idf[ucol]
        char = ucol >= dim
        block = usid * 2 + char
        norm = np.sqrt(np.bincount(block, weights=vals * vals, minlength=2 * len(texts)))
        vals *= np.where(char, params.char_weight, params.word_weight) / norm[block]
        z = np.bincount(usid, weights=self.weights[ucol] * vals, minlength=len(texts)) + self.intercept
        return self._sentence_out(norms, nonempty, z)

    def _score_sentence_alone(self, sentence: str, top: int = 5) -> SentenceScore:
        """One sentence scored on its own (reference for ``score_sentences``; slower)."""
        self._load()
        norm = normalise(sentence)
        g = grams(norm, self.params)
        idx, val = vectorise(norm, self.params, self.idf, g)
        contrib = self.weights[idx] * val
        z = float(contrib.sum() + self.intercept)
        order = np.argsort(-contrib, kind="stable")[:top]
        tops = [(g.gram(int(idx[i])), round(float(contrib[i]), 4)) for i in order if contrib[i] > 0]
        return SentenceScore(self.calibrate(z, sentence=True), tops)


_cache: dict[str, Detector | None] = {}


def available_languages() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.npz"))


def load_detector(lang: str) -> Detector | None:
    """The detector for ``lang`` (ISO 639-1, e.g. "de"), or None ("no detector for <lang>") when none ships."""
    lang = (lang or "").lower().split("-")[0].split("_")[0]
    if lang not in _cache:
        path = DATA_DIR / f"{lang}.npz"
        _cache[lang] = Detector(path) if lang and path.is_file() else None
    return _cache[lang]
