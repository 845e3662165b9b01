"""Run-time scorer of the MT-likeness detector: numpy only, no scikit-learn, no network.

Public API (stable; the scan, verdict and HTML code call only this):

    from mtcheck.detector import load_detector, no_detector_message

    det = load_detector("de")          # Detector, or None when no model exists for the language
    if det is None:
        print(no_detector_message("nl"))   # "no detector for nl"
    p = det.score_text(article_text)   # calibrated P(machine translated) in [0, 1] for a whole text
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

from .features import FeatureParams, grams, normalise, vectorise

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
                self.weights = z["weights"].astype(np.float64)
                self.idf = z["idf"].astype(np.float64)
                self.intercept = float(z["intercept"])
                cal = z["calibration"].astype(np.float64)
            if self.weights.shape[0] != self.params.n_features or self.idf.shape[0] != self.params.n_features:
                raise ValueError(f"{self.path}: weights/idf do not match the feature parameters")
            self.cal_text = (float(cal[0]), float(cal[1]))
            self.cal_sentence = (float(cal[2]), float(cal[3]))
            self.meta = meta
            self._loaded = True

    @property
    def info(self) -> dict:
        self._load()
        return dict(self.meta)

    # -- scoring ---------------------------------------------------------------------------------------------
    def decision(self, text: str) -> float:
        """Raw linear score (uncalibrated log-odds) of one text."""
        self._load()
        idx, val = vectorise(normalise(text), self.params, self.idf)
        return float(np.dot(self.weights[idx], val) + self.intercept)

    def calibrate(self, z: float, sentence: bool = False) -> float:
        self._load()
        a, b = self.cal_sentence if sentence else self.cal_text
        return _sigmoid(a * z + b)

    def score_text(self, text: str) -> float:
        """Calibrated probability in [0, 1] that ``text`` (a whole article, or any text) is machine translated."""
        return self.calibrate(self.decision(text))

    def score_sentences(self, sentences: Iterable[str], top: int = 5) -> list[SentenceScore]:
        """Score each sentence alone; return its calibrated probability and the n-grams that pushed it most
        toward MT (readable n-gram, contribution = weight x feature value; only positive contributions)."""
        self._load()
        out = []
        for sent in sentences:
            norm = normalise(sent)
            g = grams(norm, self.params)
            idx, val = vectorise(norm, self.params, self.idf, g)
            contrib = self.weights[idx] * val
            z = float(contrib.sum() + self.intercept)
            order = np.argsort(-contrib, kind="stable")[:top]
            tops = [(g.gram(int(idx[i])), round(float(contrib[i]), 4)) for i in order if contrib[i] > 0]
            out.append(SentenceScore(self.calibrate(z, sentence=True), tops))
        return out


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
