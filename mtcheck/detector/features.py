"""Text normalisation and hashed n-gram features of the MT-likeness detector (numpy and stdlib only).

Training (``mtcheck.detector.train``) and scoring (``mtcheck.detector.model``) both call this module, so the two
can never disagree on what a feature is. Nothing here needs scikit-learn.

Normalisation (``normalise``)
    NFKC; every quote character (ASCII, German „“ ‚‘, typographic “” ‘’, guillemets «» ‹›, primes) becomes ``"``
    or ``'``; every dash or minus (‐ ‑ ‒ – — ― − ­) becomes ``-``; every decimal digit becomes ``0``; runs of
    whitespace become one space. This removes the punctuation-style and date/number shortcuts of the WMT data.

Features: two blocks in one vector of ``2 * dim`` columns, each block weighted and L2-normalised on its own
    * words: ``word_ngrams`` (1, 2) over tokens: maximal runs of word characters (``ch.isalnum() or ch == "_"``)
      or single other non-space characters; case kept (``lower=False``) or lower-cased;
    * chars: ``char_ngrams`` (2..4 since detector 2.1.0: on validation as good as 3..4 on chunks and better on
      document-length texts, at ~10 % more scoring time; 3..5 and 2..5 were no better; every added order adds
      work, as character n-grams are ~90 % of all n-grams) over the normalised text padded with one space at
      each end.

Hash (documented so that any implementation can reproduce it; all arithmetic is modulo 2**64)
    * a word's hash ``w`` is the polynomial hash of its code points ``(...(c1 * P + c2) * P + ...) + cm``;
      a word n-gram ``(w1, ..., wn)`` hashes to ``mix(((...(w1 * P + w2) * P + ...) + wn) ^ (n * K))``;
    * a character n-gram of code points ``(c1, ..., cn)`` hashes to
      ``mix(((...(c1 * P + c2) * P + ...) + cn) ^ (n * K) ^ C)``;
    * ``mix`` is the MurmurHash3 64-bit finaliser (``fmix64``); P, K, C are the constants below;
    * the column is ``mix(...) % dim`` (``dim`` a power of two), plus ``dim`` for the char block.

Weighting: term frequency ``1 + log(count)`` (sublinear), times the stored inverse document frequency of the
column, then each block is divided by its L2 norm.

Everything is vectorised over the text's code points (no Python loop per character or token): the detector
scores several MB of text per CPU-second.
"""

from __future__ import annotations

import re
import unicodedata
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
_TRANSLATE_CHARS = _QUOTES_DOUBLE + _QUOTES_SINGLE + _DASHES
_TRANSLATE = {ord(ch): '"' for ch in _QUOTES_DOUBLE}
_TRANSLATE.update({ord(ch): "'" for ch in _QUOTES_SINGLE})
_TRANSLATE.update({ord(ch): "-" for ch in _DASHES})
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"[^\S ]+\s*| \s+")          # any whitespace other than one single space
# Every whitespace character (``str.isspace``, as ``\s``) but the space itself, listed (tested complete): a text
# with none of them and no two spaces in a row has nothing for _SPACE to replace. Looking for these few characters
# is several times cheaper than _SPACE's own scan, which stops at every space of the text.
_OTHER_SPACE = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_SUBS = [(re.compile("[" + re.escape(chars) + "]"), repl)
         for chars, repl in ((_QUOTES_DOUBLE[1:], '"'), (_QUOTES_SINGLE[1:], "'"), (_DASHES, "-"))]


@dataclass(frozen=True)
class FeatureParams:
    """Everything that defines the feature space; stored in the artefact and checked on load."""

    dim: int = 1 << 18               # columns per block (power of two); the vector has 2 * dim
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 4)
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
    text = unicodedata.normalize("NFKC", text)
    for pattern, repl in _SUBS:          # = text.translate(_TRANSLATE), several times faster
        text = pattern.sub(repl, text)
    text = _DIGIT.sub("0", text)
    if "  " in text or _OTHER_SPACE.search(text):
        text = _SPACE.sub(" ", text)
    return text.strip()


_SEP = "\x00"


def normalise_many(texts: list[str]) -> list[str]:
    """``[normalise(t) for t in texts]`` in one pass: the texts joined by NUL, normalised, split again. Every step
    of ``normalise`` acts within a piece: NUL is no whitespace (runs of whitespace never span it), no quote, dash or
    digit, and blocks Unicode composition (it is a starter that composes with nothing), and NFKC never produces it.
    Texts that contain NUL themselves are normalised one by one. Much faster on many short texts (sentences)."""
    if len(texts) < 2 or any(_SEP in t for t in texts):
        return [normalise(t) for t in texts]
    return [piece.strip() for piece in normalise(_SEP.join(texts)).split(_SEP)]


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, elementwise on a uint64 array (wrapping arithmetic, in place)."""
    h ^= h >> _S33
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    return h


_PRIME_POWERS = np.ones(1, dtype=np.uint64)       # P**k mod 2**64
_INV_POWERS = np.ones(1, dtype=np.uint64)         # P**-k mod 2**64 (P is odd, so invertible)
_Q = np.uint64(pow(int(P), -1, 1 << 64))


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    global _PRIME_POWERS, _INV_POWERS
    if _PRIME_POWERS.shape[0] < n:
        m = max(n, 2 * _PRIME_POWERS.shape[0], 4096)
        _PRIME_POWERS = np.concatenate([[np.uint64(1)], np.cumprod(np.full(m - 1, P, dtype=np.uint64))])
        _INV_POWERS = np.concatenate([[np.uint64(1)], np.cumprod(np.full(m - 1, _Q, dtype=np.uint64))])
    return _PRIME_POWERS, _INV_POWERS


_BMP_WORD: np.ndarray | None = None


def _is_word(cp: np.ndarray) -> np.ndarray:
    """Word character (``ch.isalnum() or ch == "_"``) per code point; a table for the BMP, Python beyond."""
    global _BMP_WORD
    if _BMP_WORD is None:
        _BMP_WORD = np.array([chr(i).isalnum() or i == 0x5F for i in range(0x10000)], dtype=bool)
    big = cp >= 0x10000
    if not big.any():
        return _BMP_WORD[cp]
    out = np.zeros(cp.shape[0], dtype=bool)
    out[~big] = _BMP_WORD[cp[~big]]
    out[big] = [chr(int(c)).isalnum() for c in cp[big]]
    return out


def _rolling(a: np.ndarray, n: int) -> np.ndarray:
    """Polynomial hash of every window of length n of a uint64 array: sum a[i+k] * P**(n-1-k)."""
    m = a.shape[0] - n + 1
    h = a[:m].copy()
    for k in range(1, n):
        h *= P
        h += a[k:k + m]
    return h


class Grams:
    """Hashed columns of one normalised text, with what is needed to recover each n-gram's string."""

    __slots__ = ("text", "starts", "ends", "word_cols", "char_cols", "n_words", "char_range", "cols")

    def __init__(self, text, starts, ends, word_cols, char_cols, n_words, char_range=(2, 5), cols=None):
        self.text, self.starts, self.ends = text, starts, ends    # token spans in text
        self.word_cols, self.char_cols = word_cols, char_cols
        # all columns, word then char (word_cols and char_cols are views of it when grams() made it)
        self.cols = cols if cols is not None else np.concatenate([word_cols, char_cols])
        self.n_words = n_words      # (n, count) per word n-gram order, in the order of word_cols
        self.char_range = char_range

    @property
    def tokens(self) -> list[str]:
        return [self.text[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist())]

    def gram(self, col: int) -> str:
        """A readable form of one n-gram of this text that hashes to ``col`` (the first one found): word n-grams
        as their tokens joined by spaces, char n-grams in ⟨angle brackets⟩ (spaces kept)."""
        hit = np.flatnonzero(self.word_cols == col)
        if hit.size:
            i = int(hit[0])
            for n, count in self.n_words:
                if i < count:
                    return " ".join(self.text[s:e] for s, e in zip(self.starts[i:i + n].tolist(),
                                                                     self.ends[i:i + n].tolist()))
                i -= count
        hit = np.flatnonzero(self.char_cols == col)
        if hit.size:
            i = int(hit[0])
            padded = " " + self.text + " "
            lo, hi = self.char_range
            for n in range(lo, hi + 1):
                count = max(len(padded) - n + 1, 0)
                if i < count:
                    return "⟨" + padded[i:i + n] + "⟩"
                i -= count
        return "?"


def grams(norm_text: str, params: FeatureParams) -> Grams:
    """Hashed column of every word and char n-gram of an already normalised text (duplicates kept)."""
    mask = np.uint64(params.dim - 1)
    text = norm_text.lower() if params.lower else norm_text
    empty = np.zeros(0, dtype=np.int32)
    if not text:
        return Grams(text, empty, empty, empty, empty, [], params.char_ngrams, empty)
    # surrogatepass: a lone surrogate (text from the Python API) is its code point, not a crash (fuzzing)
    a = np.frombuffer((" " + text + " ").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = _is_word(a)
    other = ~word & (a != 32)
    prev_word = np.empty_like(word)
    prev_word[0] = False
    prev_word[1:] = word[:-1]
    next_word = np.empty_like(word)
    next_word[-1] = False
    next_word[:-1] = word[1:]
    starts = np.flatnonzero((word & ~prev_word) | other)
    ends = np.flatnonzero((word & ~next_word) | other) + 1
    a64 = a.astype(np.uint64)
    # word hash = sum_{k=s}^{e-1} a[k] P^(e-1-k) = P^(e-1) * (S[e] - S[s]),  S = prefix sums of a[k] P^-k
    pw, iv = _powers(a.shape[0] + 1)
    S = np.zeros(a.shape[0] + 1, dtype=np.uint64)
    np.cumsum(a64 * iv[:a.shape[0]], out=S[1:])
    w = pw[ends - 1] * (S[ends] - S[starts])
    parts, n_words, n_word_cols = [], [], 0
    lo, hi = params.word_ngrams
    for n in range(lo, hi + 1):
        if w.shape[0] >= n:
            h = _rolling(w, n)
            h ^= _SEED[n]
            parts.append(h)
            n_words.append((n, h.shape[0]))
            n_word_cols += h.shape[0]
    lo, hi = params.char_ngrams
    for n in range(lo, hi + 1):
        if a64.shape[0] >= n:
            h = _rolling(a64, n)
            h ^= _SEED[n] ^ C
            parts.append(h)
    cols = (fmix64(np.concatenate(parts)) & mask).astype(np.int32)
    cols[n_word_cols:] += params.dim
    return Grams(text, starts - 1, ends - 1, cols[:n_word_cols], cols[n_word_cols:], n_words, params.char_ngrams,
                 cols)


def vectorise(norm_text: str, params: FeatureParams, idf: np.ndarray, g: Grams | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Sparse feature vector of one normalised text: (sorted column indices, float64 values)."""
    g = g if g is not None else grams(norm_text, params)
    cols = g.cols.copy()
    if cols.size == 0:
        return cols, np.zeros(0)
    cols.sort()
    first = np.empty(cols.shape[0], dtype=bool)
    first[0] = True
    np.not_equal(cols[1:], cols[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    uniq = cols[starts]
    counts = np.diff(starts, append=cols.shape[0])
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
