"""Word frequencies (wordfreq, whose lists ship in its wheel) for any language the scan may meet.

py3langid identifies about 97 languages; wordfreq has lists for about 40, and its Chinese, Japanese
and Korean lists need tokenizers that are not installed (jieba, MeCab). A language without a usable
list answers 0.0 (unknown word) instead of raising, so that an Estonian or Chinese article gets the
rules that need no frequencies rather than crashing the scan.

Every word-frequency look-up of mtcheck goes through :func:`zipf`. It answers exactly what
``wordfreq.zipf_frequency(word, lang)`` answers, but without wordfreq's per-process dictionary of the
whole list (building it cost about 0.55 s of CPU in every scan process for German and English, half
of a scan's start-up). Instead, on first use of a language, a lookup table is derived from wordfreq's
own list file and kept in mtcheck's cache folder (:func:`cache_dir`): a ``.npy`` file (written with
``np.save``, no pickle) holding, sorted, a 64-bit key of each listed word (the first half of its
16-byte BLAKE2b digest) and, beside it, the other half of the digest with the word's frequency
bucket in its 16 low bits. Later processes load it in a few milliseconds. A look-up still runs
wordfreq's own code for everything but the dictionary (``lossy_tokenize``, digit smashing and
``digit_freq``, several tokens combined, rounding): :func:`_word_frequency` is wordfreq 3.1.1's
``_word_frequency`` with ``freqs[smashed]`` replaced by the table.

A word's 112 stored bits (64-bit key, 48 further bits) make a false hit of an unlisted word
impossible in practice (about one in 10^28 per look-up); two listed words with the same 64-bit key
are checked for when the table is built (there are none in wordfreq 3.1.1's lists; if there were,
the table would not be used). The table's file name holds wordfreq's version and the list file's
name and size, its first column a magic number, the list's bucket count and a CRC-32 of the rest:
a file of another wordfreq, a truncated or corrupt file is not used (it is built again). Writes go to
a temporary file in the same folder, then ``os.replace``: concurrent processes and ``--jobs``
workers never read half a table. Whatever fails (no home folder, a read-only folder, a full disk)
falls back to wordfreq's dictionary, with the same answers, at the old speed; so does
``MTCHECK_WORD_TABLE=off``.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import tempfile
import time
import zlib
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

try:
    import locate
except ImportError:  # a wordfreq that no longer uses locate: nothing to speed up, imported as it is below
    locate = None


def _caller_dir() -> Path:
    """``locate.this_dir()``'s answer (the folder of the calling function's file, else the working folder) from the
    caller's frame alone."""
    caller = sys._getframe(1).f_globals
    if "__file__" in caller:
        return Path(os.path.abspath(caller["__file__"])).parent
    return Path(os.path.abspath(os.getcwd()))


# wordfreq finds its data folder when imported, with locate.this_dir(), which calls inspect.stack(): that looks up
# the source file and module of every frame on the stack, searching sys.modules for each (0.035 s of CPU in a scan,
# whose imports run deep under typer). During that import only, this_dir is the same answer from the caller's frame.
_this_dir = getattr(locate, "this_dir", None)
if _this_dir is not None:
    locate.this_dir = _caller_dir
try:
    import wordfreq
    from wordfreq import (
        INFERRED_SPACE_FACTOR,
        available_languages,
        cB_to_freq,
        freq_to_zipf,
        lossy_tokenize,
        read_cBpack,
        zipf_frequency,
        zipf_to_freq,
    )
    from wordfreq.language_info import get_language_info
    from wordfreq.numbers import digit_freq, smash_numbers
finally:
    if _this_dir is not None:
        locate.this_dir = _this_dir

# py3langid codes whose wordfreq list goes by another name.
_ALIASES = {"no": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}
# Lists that need a tokenizer package mtcheck does not install.
_NEEDS_TOKENIZER = frozenset({"zh", "ja", "ko"})

# The wordfreq release whose _word_frequency this module repeats (tests/test_word_frequency_table.py
# compares the two on every word of the test corpora). Another release gets wordfreq's own look-up
# until someone compares again and raises this.
VERIFIED_WORDFREQ = "3.1.1"
# The cache folder (shared with the model stage) and the switch that turns the tables off ("off"): the word tables
# and the cached language model (language.model_cache_path).
CACHE_ENV = "MTCHECK_CACHE_DIR"
SWITCH_ENV = "MTCHECK_WORD_TABLE"
# Format of the table file: bump when the layout or the hashing changes (old files are then ignored).
TABLE_FORMAT = 1
_MAGIC = int.from_bytes(b"mtcwfq01", "little")
_BUCKET_BITS = 0xFFFF
# wordfreq.zipf_frequency(word, lang) asks word_frequency for at least this (minimum Zipf 0).
_MINIMUM = zipf_to_freq(0.0)
# Answers kept per (word, language); cleared when full, as wordfreq clears its own cache.
_ANSWERS: dict[tuple[str, str], float] = {}
_ANSWERS_MAX = 100_000


@lru_cache(maxsize=1)
def _available() -> dict[str, str]:
    return available_languages()


@lru_cache(maxsize=None)
def wordlist_language(lang: str) -> str | None:
    """The wordfreq language to use for ``lang``, or None when there is no usable list."""
    lang = _ALIASES.get(lang, lang)
    if lang in _NEEDS_TOKENIZER or lang not in _available():
        return None
    return lang


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang`` (0.0 for unknown words and for languages without a list).

    Exactly ``wordfreq.zipf_frequency(word, lang)`` for a language with a usable list."""
    key = (word, lang)
    try:
        return _ANSWERS[key]
    except KeyError:
        pass
    usable = wordlist_language(lang)
    if usable is None:
        value = 0.0
    else:
        table = _table(usable)
        if table is None:
            value = zipf_frequency(word, usable)
        else:
            value = round(freq_to_zipf(_word_frequency(word, usable, table)), 2)
    if len(_ANSWERS) >= _ANSWERS_MAX:
        _ANSWERS.clear()
    _ANSWERS[key] = value
    return value


def _word_frequency(word: str, lang: str, table: _Table) -> float:
    """wordfreq 3.1.1's ``_word_frequency(word, lang, "best", minimum)`` for the minimum of
    ``zipf_frequency``, with its dictionary (``get_frequency_dict``) replaced by ``table``."""
    minimum = _MINIMUM
    tokens = lossy_tokenize(word, lang)
    if not tokens:
        return minimum
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        freq = table.get(smashed)
        if freq is None:
            return minimum
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    freq = 1.0 / one_over_result
    if get_language_info(lang)["tokenizer"] == "jieba":
        freq *= INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    unrounded = max(freq, minimum)
    if unrounded == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(unrounded, leading_zeroes + 3)


def _hash(word: str) -> bytes:
    """16 bytes of BLAKE2b: stable across processes and machines, unlike ``hash``."""
    return hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _digest(word: str) -> tuple[int, int]:
    """The table key of ``word`` and the 48 further bits kept to confirm a hit."""
    digest = _hash(word)
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") & ~_BUCKET_BITS


class _Table:
    """A wordfreq list as sorted keys (binary search) and check bits with bucket numbers."""

    __slots__ = ("_array", "_keys", "_tags", "_size", "_freqs")

    def __init__(self, array) -> None:
        # array: (2, n + 1) native uint64; column 0 is the header (see _build).
        self._array = array
        self._keys = memoryview(array[0, 1:]).cast("B").cast("Q")
        self._tags = memoryview(array[1, 1:]).cast("B").cast("Q")
        self._size = len(self._keys)
        # the very floats wordfreq's get_frequency_dict stores for each bucket
        self._freqs = [cB_to_freq(-index) for index in range(int(array[1, 0]) >> 32)]

    def get(self, word: str) -> float | None:
        key, check = _digest(word)
        i = bisect_left(self._keys, key)
        if i < self._size and self._keys[i] == key:
            tag = self._tags[i]
            if tag & ~_BUCKET_BITS == check:
                return self._freqs[tag & _BUCKET_BITS]
        return None


_TABLES: dict[str, _Table | None] = {}


def _table(lang: str) -> _Table | None:
    """The lookup table of ``lang``'s list, or None (wordfreq's own look-up) when there is none."""
    try:
        return _TABLES[lang]
    except KeyError:
        pass
    try:
        table = _open_table(lang)
    except Exception:  # noqa: BLE001 - any failure means wordfreq's dictionary, with the same answers
        table = None
    _TABLES[lang] = table
    return table


def clear_caches() -> None:
    """Forget the loaded tables and the answers (tests; a changed cache folder)."""
    _TABLES.clear()
    _ANSWERS.clear()


def cache_dir() -> Path | None:
    """mtcheck's cache folder, as the model stage resolves it (mtcheck.models.config, which the
    offline packages may not import): $MTCHECK_CACHE_DIR, else $XDG_CACHE_HOME/mtcheck, else
    ~/.cache/mtcheck. None when $MTCHECK_WORD_TABLE is "off"."""
    if os.environ.get(SWITCH_ENV, "").strip().lower() == "off":
        return None
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "mtcheck"


@lru_cache(maxsize=1)
def wordfreq_version() -> str | None:
    """The installed wordfreq's version, from its dist-info folder (importlib.metadata costs 30 ms)."""
    site = Path(wordfreq.__file__).resolve().parent.parent
    for name in os.listdir(site):
        if name.startswith("wordfreq-") and name.endswith(".dist-info"):
            return name[len("wordfreq-"):-len(".dist-info")]
    from importlib.metadata import version

    return version("wordfreq")


def table_path(lang: str) -> Path | None:
    """Where the table of ``lang``'s list (a usable wordfreq language) lives, or None (turned off)."""
    folder = cache_dir()
    if folder is None:
        return None
    source = Path(_available()[lang])
    list_name = source.name.split(".")[0]  # large_de
    name = f"wordfreq-{wordfreq_version()}-{list_name}-{source.stat().st_size}.t{TABLE_FORMAT}.npy"
    return folder / "wordfreq" / name


def _open_table(lang: str) -> _Table | None:
    if wordfreq_version() != VERIFIED_WORDFREQ:
        return None
    path = table_path(lang)
    if path is None:
        return None
    try:
        return _Table(_load(path))
    except Exception:  # noqa: BLE001 - missing, unreadable, truncated or corrupt: build it again
        pass
    return _write(path, Path(_available()[lang]))


def _load(path: Path):
    import numpy as np

    array = np.load(path, allow_pickle=False)
    if array.dtype != np.dtype("<u8") or array.ndim != 2 or array.shape[0] != 2 or array.shape[1] < 1:
        raise ValueError(f"{path}: not a word table")
    if int(array[0, 0]) != _MAGIC:
        raise ValueError(f"{path}: not a word table")
    if zlib.crc32(array[1, 1:], zlib.crc32(array[0, 1:])) != int(array[1, 0]) & 0xFFFFFFFF:
        raise ValueError(f"{path}: checksum mismatch")
    if not array.dtype.isnative:
        array = array.astype(np.uint64)
    return array


def _write(path: Path, source: Path) -> _Table | None:
    """Build the table of the list file ``source`` and write it to ``path`` atomically."""
    import numpy as np

    built = []

    def write(out) -> bool:
        array = _build(source)
        if array is None:
            return False
        np.save(out, array, allow_pickle=False)
        built.append(array)
        return True

    return _Table(built[0]) if write_cache_file(path, write) else None


def write_cache_file(path: Path, write) -> bool:
    """Write a file of the cache folder atomically: ``write(binary file)`` fills a temporary file beside ``path``
    (created first: an unwritable folder costs no build), which is renamed into place when ``write`` returns True and
    removed otherwise. A reader never sees half a file. Shared by the word tables and the language model's arrays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            if not write(out):
                return False
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        temporary = None
        return True
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of builds that were killed more than an hour ago."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
        except OSError:
            pass


def _build(source: Path):
    """The table of one wordfreq list file: a (2, n + 1) uint64 array. Column 0: the magic number;
    the list's bucket count (high 32 bits) and the CRC-32 of the other columns (low 32 bits).
    Columns 1..n, sorted by row 0: the words' keys (row 0) and their check bits with their bucket
    numbers (row 1). None when two words share a key (never seen) or the list has too many buckets."""
    import numpy as np

    pack = read_cBpack(str(source))
    if len(pack) > _BUCKET_BITS:
        return None
    digests = []
    buckets = []
    for index, words in enumerate(pack):
        digests.extend(map(_hash, words))
        buckets.append(np.full(len(words), index, dtype=np.uint64))
    halves = np.frombuffer(b"".join(digests), dtype="<u8").reshape(-1, 2).astype(np.uint64)
    bucket = np.concatenate(buckets) if buckets else np.zeros(0, np.uint64)
    order = np.lexsort((bucket, halves[:, 0]))  # by key, then bucket
    keys, checks, bucket = halves[order, 0], halves[order, 1], bucket[order]
    checks &= ~np.uint64(_BUCKET_BITS)
    repeated = keys[1:] == keys[:-1]
    if repeated.any():
        if (checks[1:][repeated] != checks[:-1][repeated]).any():
            return None  # two different words with one 64-bit key
        # a word listed in two buckets: wordfreq's dictionary keeps the later (rarer) one
        keep = np.ones(len(keys), dtype=bool)
        keep[:-1][repeated] = False
        keys, checks, bucket = keys[keep], checks[keep], bucket[keep]
    array = np.empty((2, len(keys) + 1), dtype=np.uint64)
    array[0, 1:] = keys
    array[1, 1:] = checks | bucket
    array[0, 0] = _MAGIC
    array[1, 0] = (len(pack) << 32) | zlib.crc32(array[1, 1:], zlib.crc32(array[0, 1:]))
    return array
