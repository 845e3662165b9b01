"""Text normalisation and hashed n-gram features of the MT-likeness detector (numpy and stdlib only).

Training (``mtcheck.detector.train``) and scoring (``mtcheck.detector.model``) both call this module, so the two
can never disagree on what a feature is. Nothing here needs scikit-learn.

Normalisation (``normalise``)
    NFKC; every quote character (ASCII, German „“ ‚‘, typographic “” ‘’, guillemets «» ‹›, primes) becomes ``"``
    or ``'``; every dash or minus (‐ ‑ ‒ – — ― − ­) becomes ``-``; every decimal digit becomes ``0``; runs of
    whitespace become one space. This removes the punctuation-style and date/number shortcuts of the WMT data.

Features: two blocks in one vector of ``2 * dim`` columns, each block weighted and L2-normalised on its own
    * words: ``word_ngrams`` (1, 2) over tokens ``\\w+`` or single non-space punctuation characters, case kept
      (``lower=False``) or lower-cased;
    * chars: ``char_ngrams`` (2..5) over the normalised text padded with one space at each end.

Hash (documented so that any implementation can reproduce it; all arithmetic is modulo 2**64)
    * a word's hash ``w`` is ``zlib.crc32(word.encode("utf-8"))``;
      a word n-gram ``(w1, ..., wn)`` hashes to ``mix(((...(w1 * P + w2) * P + ...) + wn) ^ (n * K))``;
    * a character n-gram of code points ``(c1, ..., cn)`` hashes to
      ``mix(((...(c1 * P + c2) * P + ...) + cn) ^ (n * K) ^ C)``;
    * ``mix`` is the MurmurHash3 64-bit finaliser (``fmix64``); P, K, C are the constants below;
    * the column is ``mix(...) % dim`` (``dim`` a power of two), plus ``dim`` for the char block.

Weighting: term frequency ``1 + log(count)`` (sublinear), times the stored inverse document frequency of the
column, then each block is divided by its L2 norm.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

P = np.uint64(1_000_003)
K = np.uint64(0x9E3779B97F4A7C15)
C = np.uint64(0x632BE59BD9B4E019)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_SEED = [np.uint64((n * 0x9E3779B97F4A7C15) % (1 << 64)) for n in range(16)]   # n * K mod 2**64

_QUOTES_DOUBLE = "\"„“”‟«»〝〞＂″"
_QUOTES_SINGLE = "'‚‘’‛‹›`´′"
_DASHES = "‐‑‒–—―−\u00ad⁃﹘﹣－"
_TRANSLATE = {ord(ch): '"' for ch in _QUOTES_DOUBLE}
_TRANSLATE.update({ord(ch): "'" for ch in _QUOTES_SINGLE})
_TRANSLATE.update({ord(ch): "-" for ch in _DASHES})
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class FeatureParams:
    """Everything that defines the feature space; stored in the artefact and checked on load."""

    dim: int = 1 << 18               # columns per block (power of two); the vector has 2 * dim
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    lower: bool = False
    word_weight: float = 1.0         # each block is L2-normalised, then multiplied by its weight
    char_weight: float = 1.0
    hash_name: str = "crc32-words+poly1000003-chars+fmix64"

    def to_dict(self) -> dict:
        return {"dim": self.dim, "word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams),
                "lower": self.lower, "word_weight": self.word_weight, "char_weight": self.char_weight,
                "hash_name": self.hash_name}

    @classmethod
    def from_dict(cls, d: dict) -> "FeatureParams":
        return cls(dim=int(d["dim"]), word_ngrams=tuple(d["word_ngrams"]), char_ngrams=tuple(d["char_ngrams"]),
                   lower=bool(d["lower"]), word_weight=float(d["word_weight"]),
                   char_weight=float(d["char_weight"]), hash_name=str(d["hash_name"]))

    @property
    def n_features(self) -> int:
        return 2 * self.dim


def normalise(text: str) -> str:
    """NFKC, quotes and dashes unified, digits masked to 0, whitespace collapsed (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _DIGIT.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, elementwise on a uint64 array (wrapping arithmetic, in place)."""
    h ^= h >> _S33
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    return h


_word_cache: dict[str, int] = {}


def _word_hashes(tokens: list[str]) -> np.ndarray:
    cache = _word_cache
    out = []
    for t in tokens:
        h = cache.get(t)
        if h is None:
            h = zlib.crc32(t.encode("utf-8"))
            if len(cache) < 500_000:
                cache[t] = h
        out.append(h)
    return np.array(out, dtype=np.uint64)


def _rolling(a: np.ndarray, n: int) -> np.ndarray:
    """Polynomial hash of every window of length n of a uint64 array: sum a[i+k] * P**(n-1-k)."""
    m = a.shape[0] - n + 1
    h = a[:m].copy()
    for k in range(1, n):
        h *= P
        h += a[k:k + m]
    return h


class Grams:
    """Hashed columns of one normalised text, with the positions needed to recover each n-gram's string."""

    __slots__ = ("text", "tokens", "word_cols", "word_pos", "char_cols", "char_pos")

    def __init__(self, text, tokens, word_cols, word_pos, char_cols, char_pos):
        self.text, self.tokens = text, tokens
        self.word_cols, self.word_pos = word_cols, word_pos     # word_pos: (start token, n)
        self.char_cols, self.char_pos = char_cols, char_pos     # char_pos: (start char in padded text, n)

    def gram(self, col: int) -> str:
        """A readable form of one n-gram of this text that hashes to ``col`` (the first one found)."""
        hit = np.flatnonzero(self.word_cols == col)
        if hit.size:
            start, n = self.word_pos[hit[0]]
            return " ".join(self.tokens[start:start + n])
        hit = np.flatnonzero(self.char_cols == col)
        if hit.size:
            start, n = self.char_pos[hit[0]]
            return "⟨" + (" " + self.text + " ")[start:start + n] + "⟩"
        return "?"


def grams(norm_text: str, params: FeatureParams, keep_positions: bool = False) -> Grams:
    """Hashed column of every word and char n-gram of an already normalised text (duplicates kept)."""
    mask = np.uint64(params.dim - 1)
    text = norm_text.lower() if params.lower else norm_text
    if not text:
        e, z = np.zeros(0, dtype=np.int64), np.zeros((0, 2), dtype=np.int64)
        return Grams(text, [], e, z if keep_positions else None, e, z if keep_positions else None)
    tokens = _TOKEN.findall(text)
    w = _word_hashes(tokens)
    padded = " " + text + " "
    a = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts, pos, n_word = [], [], 0
    for seq, (lo, hi), salt in ((w, params.word_ngrams, np.uint64(0)), (a, params.char_ngrams, C)):
        for n in range(lo, hi + 1):
            if seq.shape[0] >= n:
                h = _rolling(seq, n)
                h ^= _SEED[n] ^ salt
                parts.append(h)
                if keep_positions:
                    pos.append(np.stack([np.arange(h.shape[0]), np.full(h.shape[0], n)], axis=1))
        if salt == 0:
            n_word = sum(x.shape[0] for x in parts)
    allh = fmix64(np.concatenate(parts)) & mask if parts else np.zeros(0, dtype=np.uint64)
    cols = allh.astype(np.int64)
    cols[n_word:] += params.dim
    if keep_positions:
        allp = np.concatenate(pos) if pos else np.zeros((0, 2), dtype=np.int64)
        wp, cp = allp[:n_word], allp[n_word:]
    else:
        wp = cp = None
    return Grams(text, tokens, cols[:n_word], wp, cols[n_word:], cp)


def vectorise(norm_text: str, params: FeatureParams, idf: np.ndarray, g: Grams | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Sparse feature vector of one normalised text: (sorted column indices, float64 values)."""
    g = g if g is not None else grams(norm_text, params)
    cols = np.concatenate([g.word_cols, g.char_cols])
    if cols.size == 0:
        return cols, np.zeros(0)
    cols.sort()
    edge = np.flatnonzero(np.diff(cols)) + 1
    starts = np.concatenate([[0], edge])
    uniq = cols[starts]
    counts = np.diff(np.concatenate([starts, [cols.shape[0]]]))
    vals = (1.0 + np.log(counts)) * idf[uniq]
    split = int(np.searchsorted(uniq, params.dim))
    sq = vals * vals
    nw = np.sqrt(sq[:split].sum())
    nc = np.sqrt(sq[split:].sum())
    if nw > 0:
        vals[:split] *= params.word_weight / nw
    if nc > 0:
        vals[split:] *= params.char_weight / nc
    return uniq, vals


def document_frequency(norm_texts, params: FeatureParams) -> tuple[np.ndarray, int]:
    """Number of texts in which each column occurs, and the number of texts."""
    df = np.zeros(params.n_features, dtype=np.int64)
    n = 0
    for t in norm_texts:
        g = grams(t, params)
        df[np.unique(np.concatenate([g.word_cols, g.char_cols]))] += 1
        n += 1
    return df, n


def idf_from_df(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed idf as scikit-learn computes it: ``log((1 + n) / (1 + df)) + 1``."""
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float64)


def matrix(norm_texts, params: FeatureParams, idf: np.ndarray):
    """CSR parts (data, indices, indptr) of the feature matrix of many normalised texts (for training)."""
    data, indices, indptr = [], [], [0]
    for t in norm_texts:
        i, v = vectorise(t, params, idf)
        data.append(v)
        indices.append(i)
        indptr.append(indptr[-1] + i.shape[0])
    return (np.concatenate(data) if data else np.zeros(0), np.concatenate(indices).astype(np.int32)
            if indices else np.zeros(0, np.int32), np.array(indptr, dtype=np.int64))
