"""Language identification (py3langid; its model ships inside the wheel, nothing downloads).

py3langid's model is read once per process; its arrays are kept in mtcheck's cache folder (``model_cache_path``),
which later processes load in about a tenth of the time."""

from __future__ import annotations

import os
import re
from functools import lru_cache

# Languages with rule sets of their own; others get the generic rules.
SUPPORTED = ("de", "nl", "en")

# Identifying only the first part of a long article is enough and keeps huge files linear.
_SAMPLE_CHARS = 20_000


class _Model:
    """py3langid's model, with its feature extractor recast as array operations.

    py3langid walks the UTF-8 bytes through a finite automaton (Aho-Corasick over the model's
    byte n-grams) one byte at a time in Python, and counts the features each state emits. The
    n-grams are at most ``depth`` (4) bytes long, so the automaton's state after a byte depends
    only on the last ``depth`` bytes: running it from the start state over those bytes alone
    lands in the same state. That is ``depth`` vectorised table look-ups for the whole text
    instead of a Python loop per byte, with the same feature counts (tested against py3langid).
    """

    def __init__(self, arrays: dict | None = None):
        """From py3langid's model, or from ``arrays`` (``_model_arrays``: the same model as stored in the cache)."""
        import numpy as np

        if arrays is None:
            arrays = _model_arrays(_identifier())
        self.arrays = arrays
        # py3langid's identifier over the same arrays: its own class, for its norm_probs (near ties)
        from py3langid.langid import LanguageIdentifier

        self.ident = LanguageIdentifier(arrays["nb_ptc"], arrays["nb_pc"], arrays["nb_ptc"].shape[0],
                                        arrays["nb_classes"].tolist(), None, None, norm_probs=True)
        self.nextmove = arrays["nextmove"]
        self.states = self.nextmove.shape[0] // 256
        self.depth = int(arrays["depth"])
        self.out_state = arrays["out_state"].astype(np.intp, copy=False)
        self.out_feature = arrays["out_feature"].astype(np.intp, copy=False)

    def features(self, data: bytes):
        """The feature vector py3langid's ``instance2fv`` computes (same counts, same dtype)."""
        import numpy as np

        ident = self.ident
        codes = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
        n = len(codes)
        nextmove = self.nextmove
        state = np.zeros(n, dtype=np.intp)
        # Position i reads bytes i-depth+1 .. i in order, starting from state 0 (whose row starts
        # the table, so the first step is a plain look-up of the byte).
        back = self.depth - 1
        state[back:] = np.take(nextmove, codes[: n - back])
        for back in range(self.depth - 2, -1, -1):
            state[back:] = np.take(nextmove, (state[back:] << 8) + codes[: n - back])
        visits = np.bincount(state, minlength=self.states)
        counts = np.bincount(self.out_feature, weights=visits[self.out_state], minlength=ident.nb_numfeats)
        return counts.astype(np.uint16)


def _automaton_depth(table) -> int:
    """The longest path from the start state to a state first reached there (the trie depth)."""
    import numpy as np

    seen = np.zeros(len(table), dtype=bool)
    seen[0] = True
    frontier = np.array([0])
    depth = 0
    while True:
        reached = np.zeros(len(table), dtype=bool)
        reached[table[frontier].ravel()] = True  # a mask, not np.unique: no sort of ~2 M entries
        new = np.flatnonzero(reached & ~seen)
        if not len(new):
            return depth
        seen[new] = True
        frontier = new
        depth += 1


def _model_arrays(ident) -> dict:
    """What ``_Model`` needs of py3langid's identifier, as numpy arrays (what the cache file holds)."""
    import numpy as np

    states = len(ident.tk_nextmove) // 256
    # The transition table in the smallest integer type that holds a state (int16: 4.7 MB instead of 19 MB of
    # intp). Its look-ups are random; between two articles the rules and the detector evict it from the CPU caches,
    # and a quarter of the bytes means fewer misses (a third faster then). The states read from it are widened to
    # intp before they index anything.
    small = np.int16 if states <= np.iinfo(np.int16).max else np.int32
    nextmove = np.asarray(ident.tk_nextmove, dtype=small)
    # The features each state emits, as (state, feature) pairs for one weighted bincount.
    pairs = [(state, feature) for state, features in ident.tk_output.items() for feature in features]
    return {
        "nb_ptc": np.asarray(ident.nb_ptc), "nb_pc": np.asarray(ident.nb_pc), "nb_classes": np.array(ident.nb_classes),
        "nextmove": nextmove, "depth": np.array(_automaton_depth(nextmove.reshape(states, 256))),
        "out_state": np.array([s for s, _ in pairs], dtype=np.int64),
        "out_feature": np.array([f for _, f in pairs], dtype=np.int64),
    }


# py3langid's model, as the arrays above, in mtcheck's cache folder (beside the word tables): py3langid reads its
# model from an lzma-compressed pickle (0.06 s to decompress) and ``_Model`` derives its tables from it (0.015 s);
# the cached arrays load in about 0.02 s. The file name holds py3langid's version, its model file's size and this
# format; a file that fails to load or check (a zip member's CRC-32, names, dtypes, shapes) is built again. Written
# to a temporary file, then renamed (as the word tables). MTCHECK_WORD_TABLE=off turns this cache off too.
MODEL_CACHE_FORMAT = 1
_ARRAY_KINDS = {"nb_ptc": "f", "nb_pc": "f", "nb_classes": "U", "nextmove": "i", "depth": "i", "out_state": "i",
                "out_feature": "i"}


def model_cache_path():
    """Where the cached arrays of py3langid's model live, or None (cache turned off)."""
    from pathlib import Path

    import py3langid

    from .word_frequency import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    package = Path(py3langid.__file__).resolve().parent
    version = next((name[len("py3langid-"):-len(".dist-info")] for name in os.listdir(package.parent)
                    if name.startswith("py3langid-") and name.endswith(".dist-info")), "unknown")
    from py3langid.langid import MODEL_FILE

    size = (package / MODEL_FILE).stat().st_size
    return folder / "py3langid" / f"py3langid-{version}-model-{size}.m{MODEL_CACHE_FORMAT}.npz"


def _load_model_arrays(path) -> dict:
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        if sorted(z.files) != sorted(_ARRAY_KINDS):
            raise ValueError(f"{path}: not a language model cache")
        arrays = {name: z[name] for name in _ARRAY_KINDS}   # reading a member checks its CRC-32
    for name, kind in _ARRAY_KINDS.items():
        if arrays[name].dtype.kind != kind:
            raise ValueError(f"{path}: {name} has the wrong type")
    ptc, nextmove = arrays["nb_ptc"], arrays["nextmove"]
    if (ptc.ndim != 2 or arrays["nb_pc"].shape != ptc.shape[1:] or arrays["nb_classes"].shape != ptc.shape[1:]
            or nextmove.ndim != 1 or nextmove.shape[0] % 256 or arrays["depth"].shape != ()
            or arrays["out_state"].shape != arrays["out_feature"].shape):
        raise ValueError(f"{path}: shapes do not match")
    states = nextmove.shape[0] // 256
    # every index in range (a crafted file could pass the CRC): the automaton's states, the pairs, the depth
    if (not 1 <= int(arrays["depth"]) <= 16 or (nextmove.size and (nextmove.min() < 0 or nextmove.max() >= states))
            or (arrays["out_state"].size and (arrays["out_state"].min() < 0 or arrays["out_state"].max() >= states
                                              or arrays["out_feature"].min() < 0
                                              or arrays["out_feature"].max() >= ptc.shape[0]))):
        raise ValueError(f"{path}: indices out of range")
    return arrays


def _write_model_arrays(path, arrays: dict) -> None:
    import numpy as np

    from .word_frequency import write_cache_file

    write_cache_file(path, lambda out: np.savez(out, **arrays) or True)


def _cached_model():
    """``_Model`` from the cache file, or built from py3langid (and the file written) when there is none."""
    try:
        path = model_cache_path()
    except Exception:  # noqa: BLE001 - no cache folder at all: py3langid's own model, as before
        path = None
    if path is not None:
        try:
            return _Model(_load_model_arrays(path))
        except Exception:  # noqa: BLE001 - missing, unreadable, truncated or corrupt: built again below
            pass
    model = _Model()
    if path is not None:
        try:
            _write_model_arrays(path, model.arrays)
        except Exception:  # noqa: BLE001 - an unwritable folder or a full disk: the next process builds it again
            pass
    return model


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's own identifier (its ``classify`` is the reference the tests compare with)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _cached_model()


def identify(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, probability in [0, 1]) for ``text``; ``("und", 0.0)`` if empty."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return "und", 0.0
    import numpy as np

    model = _model()
    ident = model.ident
    # py3langid's classify() multiplies the whole 7480-feature vector with the model; a text uses
    # a few hundred features, so summing only those rows gives the same result faster. A plain
    # multiply-and-sum rather than a BLAS product: BLAS threads fight each other and the --jobs
    # workers on a busy machine (measured: several times slower under load).
    fv = model.features(sample.encode("utf8", errors="surrogatepass"))
    used = np.flatnonzero(fv != 0)  # a mask first: flatnonzero of uint16 counts is several times slower
    # (fv[used, None] * nb_ptc[used]).sum(axis=0), multiplied in place: the same products summed
    # in the same order, one array fewer. The counts widened to float32 first (exact), as numpy's
    # mixed uint16 x float32 loop does element by element, only slower.
    rows = np.take(ident.nb_ptc, used, axis=0)
    np.multiply(fv[used].astype(np.float32)[:, None], rows, out=rows)
    scores = rows.sum(axis=0) + ident.nb_pc
    best, prob = _best_class(ident, scores)
    return str(ident.nb_classes[best]), prob


# Score margin above which the top class is the top of py3langid's normalised probabilities too
# (float32 scores: their rounding errors are far below this).
_CLEAR_MARGIN = 0.1


def _best_class(ident, scores) -> tuple[int, float]:
    """``argmax`` of ``ident.norm_probs(scores)`` and that probability. norm_probs builds all
    classes x classes differences (97 x 97); only the best class's row is needed: its probability
    is that row's formula (the same float32 operations, so the same value), and the best class is
    the best score's whenever the runner-up is more than _CLEAR_MARGIN behind (a normalised
    probability is monotone in the score). Near ties and non-finite scores take the full path."""
    import numpy as np

    top2 = np.partition(scores, -2)[-2:] if scores.shape[0] > 1 else None
    best = int(np.argmax(scores))
    if top2 is None or not np.isfinite(scores).all() or not top2[1] - top2[0] > _CLEAR_MARGIN:
        probs = ident.norm_probs(scores)
        best = int(np.argmax(probs))
        return best, float(probs[best])
    with np.errstate(over="ignore"):
        prob = 1 / np.exp(scores[None, :] - scores[best : best + 1, None]).sum(1)
    return best, float(prob[0])


# Mixed-language pages. A paragraph needs this many words before its language is trusted (short
# lines, names and captions are identified poorly), and this probability.
MIN_PARAGRAPH_WORDS = 12
MIN_PARAGRAPH_PROBABILITY = 0.9
# Languages whose rules run on their own paragraphs of a page that mixes them with English.
MIXED_TARGETS = ("de", "nl")
# An English page with at least this share of its words in German or Dutch paragraphs is a mixed
# page of that language (an English page quoting a German sentence is not).
MIN_TARGET_SHARE = 0.2
# At most this many paragraphs are identified one by one (keeps a huge page linear and cheap).
MAX_PARAGRAPHS = 400
# Cheap first look, so that most paragraphs are never identified: an English paragraph of a dozen
# words has two of these words; a German or Dutch one of an English page has two of the others.
_ENGLISH_MARKERS_RE = re.compile(r"\b(?:the|and|that|with|for|you|are|this|from|have|has|were|said)\b", re.I)
_ENGLISH_HINTS = (" the ", " and ", " that ", " with ")
_TARGET_HINTS = (" der ", " die ", " und ", " het ", " een ", " van ", " de ")
_TARGET_MARKERS_RE = re.compile(r"\b(?:der|die|das|und|ist|nicht|mit|auf|sich|het|een|van|de|niet|zijn|wordt|met|op)\b", re.I)


def paragraph_languages(doc, lang: str):
    """For a page identified as ``lang`` (de, nl or en): the language its German/Dutch rules should
    run in, and the paragraphs written in English, as ``(target, [(start, end, words, probability)])``.
    ``target`` is ``lang`` itself unless an English page holds a substantial German or Dutch part.
    Only paragraphs of MIN_PARAGRAPH_WORDS words or more, identified with MIN_PARAGRAPH_PROBABILITY,
    count; an English paragraph is returned only when the page's target is German or Dutch."""
    from .segment import WORD_RE

    if lang not in MIXED_TARGETS and lang != "en":
        return lang, []
    # Substring tests first (far cheaper than any regular expression): a page with no English (or no
    # German/Dutch) function word at all has no paragraph in that language.
    text = doc.text
    if not any(w in text for w in (_TARGET_HINTS if lang == "en" else _ENGLISH_HINTS)):
        return lang, []
    words_in: dict[str, int] = {}
    english = []
    markers = _TARGET_MARKERS_RE if lang == "en" else _ENGLISH_MARKERS_RE
    for paragraph in doc.paragraphs[:MAX_PARAGRAPHS]:
        first = markers.search(paragraph.text)
        if first is None or markers.search(paragraph.text, first.end()) is None:
            continue  # not two marker words: not the other language
        words = len(WORD_RE.findall(paragraph.text))
        if words < MIN_PARAGRAPH_WORDS:
            continue
        found, probability = identify(paragraph.text)
        if probability < MIN_PARAGRAPH_PROBABILITY:
            continue
        words_in[found] = words_in.get(found, 0) + words
        if found == "en":
            english.append((paragraph.start, paragraph.end, words, probability))
    target = lang
    if lang == "en":
        best = max(MIXED_TARGETS, key=lambda code: words_in.get(code, 0))
        total = doc.word_count
        if total and words_in.get(best, 0) >= MIN_TARGET_SHARE * total:
            return best, paragraph_languages(doc, best)[1]  # now find its English paragraphs
    if target not in MIXED_TARGETS or not english:
        return target, []
    return target, english


def mask(text: str, spans) -> str:
    """``text`` with each (start, end, ...) span blanked (every character but line breaks becomes a
    space): offsets stay valid, and rules never see the blanked paragraphs."""
    parts = []
    cursor = 0
    for span in spans:
        start, end = span[0], span[1]
        parts.append(text[cursor:start])
        parts.append("".join("\n" if c == "\n" else " " for c in text[start:end]))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)
