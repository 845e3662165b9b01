"""The word table (mtcheck.pipeline.word_frequency) answers exactly like wordfreq.zipf_frequency, and
its cache on disk never gives a wrong answer: corrupt, truncated, unwritable, turned off, or built by
two processes at once. Every test uses its own temporary cache folder (MTCHECK_CACHE_DIR)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import wordfreq
from wordfreq import get_frequency_dict, zipf_frequency

from mtcheck.pipeline import word_frequency as wf
from mtcheck.pipeline.segment import WORD_RE

ROOT = Path(__file__).resolve().parent.parent
WMT_DEV = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"

HARD_CASES = [
    "", " ", "\t\n", "Haus", "haus", "HAUS", "Straße", "STRASSE", "strasse", "Fußball", "ẞ", "Äpfel", "öl",
    "Bundes-regierung", "Bundesregierung", "E-Mail", "e-mail", "Covid-19", "COVID-19", "G7", "C3PO",
    "1999", "2024", "2077", "0815", "12345", "3,5", "3.14", "1.000.000", "10%", "€", "5€", "$5", "1st",
    "don't", "don’t", "Don't", "ist's", "l'homme", "d'Artagnan", "rock'n'roll", "O'Brien",
    "New York", "ballistic missiles", "state of the art", "of", "the", "der die das", "Haus123 Hof",
    "xyzqwvbnm", "Qwertzuiopü", "Mio.", "Dr.", "z.B.", "U.S.", "#hashtag", "@handle", "https://example.org",
    "naïve", "café", "Café", "cafe\u0301", "ﬁsch", "Ｈａｕｓ", "ǅ", "İstanbul", "ς", "Σ", "Москва", "日本",
    "\ud800", "a\u200bb", "...", "—", "''", "'s", "s'", "-", "--x--",
]
LANGS = ["de", "en", "nl"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(wf.CACHE_ENV, str(folder))
    monkeypatch.delenv(wf.SWITCH_ENV, raising=False)
    wf.clear_caches()
    yield folder
    wf.clear_caches()


def expected(word: str, lang: str) -> float:
    usable = wf.wordlist_language(lang)
    return zipf_frequency(word, usable) if usable else 0.0


def assert_same(words, langs) -> int:
    """Every word in every language: the table's answer is wordfreq's (also -0.0 against 0.0)."""
    checked = 0
    for lang in langs:
        wrong = [(w, wf.zipf(w, lang), expected(w, lang)) for w in words
                 if repr(wf.zipf(w, lang)) != repr(expected(w, lang))]
        assert not wrong, f"{lang}: {wrong[:10]}"
        checked += len(words)
    return checked


def corpus_words(texts) -> list[str]:
    """Distinct words as the rules see them (WORD_RE), their lower-case forms and the whitespace
    tokens with their punctuation (several wordfreq tokens, digits, quotes)."""
    words = set()
    for text in texts:
        for match in WORD_RE.finditer(text):
            words.add(match.group(0))
            words.add(match.group(0).lower())
        words.update(text.split())
    return sorted(words)


def test_the_installed_wordfreq_is_the_verified_one():
    # Raising wordfreq: compare its _word_frequency with ours, then raise VERIFIED_WORDFREQ.
    assert wf.wordfreq_version() == wf.VERIFIED_WORDFREQ


def test_the_table_is_used_and_written_where_told(cache):
    assert wf.zipf("Haus", "de") == zipf_frequency("Haus", "de") > 4
    assert isinstance(wf._TABLES["de"], wf._Table)
    files = sorted(p.name for p in (cache / "wordfreq").iterdir())
    assert files == [f"wordfreq-{wf.VERIFIED_WORDFREQ}-large_de-{os.path.getsize(wf._available()['de'])}.t1.npy"]
    table = np.load(cache / "wordfreq" / files[0], allow_pickle=False)
    assert table.dtype == np.uint64 and table.shape == (2, len(get_frequency_dict("de")) + 1)
    assert (np.diff(table[0, 1:].astype(np.float64)) >= 0).all()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_listed_word_has_its_dictionary_frequency(cache, lang):
    wf.zipf("x", lang)
    table = wf._TABLES[lang]
    freqs = get_frequency_dict(lang)
    wrong = [w for w, f in freqs.items() if table.get(w) != f]
    assert not wrong, wrong[:10]
    assert table.get("xyzqwvbnm-not-a-word") is None


def test_hard_cases(cache):
    assert assert_same(HARD_CASES, LANGS + ["fr", "no", "hr", "et", "zh", "ja", "xx"]) > 0
    assert wf.zipf("Haus", "et") == 0.0 and wf.zipf("的", "zh") == 0.0


def test_seed_and_rule_example_words(cache):
    from mtcheck.rules import all_rules

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for rule in all_rules().values():
        texts.append(rule.example)
        texts.extend(example.text for example in [*rule.positive, *rule.negative])
    words = corpus_words(texts)
    assert len(words) > 2000
    assert_same(words, LANGS)


@pytest.mark.skipif(not WMT_DEV.is_file(), reason="needs ../shared/data/wmt-de-dev.jsonl")
def test_a_sample_of_wmt_de_dev(cache):
    lines = WMT_DEV.read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in random.Random(8).sample(lines, min(60, len(lines)))]
    words = corpus_words("\n".join(doc["sentences"]) for doc in docs)
    assert len(words) > 5000
    assert_same(words, ["de", "en"])


def test_a_second_process_loads_the_table(cache):
    wf.zipf("Haus", "de")
    code = ("from mtcheck.pipeline import word_frequency as wf, scan; import sys; "
            "print(wf.zipf('Haus', 'de'), type(wf._table('de')).__name__)")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ), cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [repr(zipf_frequency("Haus", "de")), "_Table"]


def corrupt(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "flipped":
        data[len(data) // 2] ^= 0x40  # one bit inside the keys: only the checksum sees it
    elif how == "empty":
        data = bytearray()
    elif how == "garbage":
        data = bytearray(b"not a numpy file at all" * 100)
    elif how == "pickle":
        import pickle

        data = bytearray(pickle.dumps(np.array([object()], dtype=object)))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "pickle"])
def test_a_damaged_table_is_never_used_and_is_built_again(cache, how):
    wf.zipf("Haus", "en")
    path = wf.table_path("en")
    good = path.read_bytes()
    corrupt(path, how)
    assert path.read_bytes() != good
    with pytest.raises(Exception):
        wf._load(path)
    wf.clear_caches()
    assert_same(HARD_CASES + ["house", "home", "missiles"], ["en"])
    assert path.read_bytes() == good  # rebuilt, byte for byte


def test_a_damaged_table_in_a_folder_that_cannot_be_written_falls_back(cache, monkeypatch):
    wf.zipf("Haus", "en")
    corrupt(wf.table_path("en"), "flipped")
    wf.clear_caches()
    monkeypatch.setattr(wf.tempfile, "mkstemp", _refuse)
    assert_same(HARD_CASES + ["house"], ["en"])
    assert wf._TABLES["en"] is None  # wordfreq's dictionary


def _refuse(*args, **kwargs):
    raise PermissionError(13, "Permission denied")


def test_an_unwritable_cache_folder_falls_back(tmp_path, monkeypatch):
    # A folder inside a regular file cannot be made, not even by root (chmod does not stop root).
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(wf.CACHE_ENV, str(blocker / "cache"))
    wf.clear_caches()
    try:
        assert_same(HARD_CASES + ["Haus", "house"], ["de", "en"])
        assert wf._TABLES == {"de": None, "en": None}
    finally:
        wf.clear_caches()


def test_a_failing_write_leaves_no_file(cache, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wf.os, "replace", fail)
    assert_same(["Haus", "house", "Straße"], ["de"])
    assert wf._TABLES["de"] is None
    assert list((cache / "wordfreq").iterdir()) == []  # the temporary file is gone too


def test_a_read_only_folder_with_a_table_is_read(cache, monkeypatch):
    wf.zipf("house", "en")
    wf.clear_caches()
    monkeypatch.setattr(wf.tempfile, "mkstemp", _refuse)
    assert_same(["house", "home"], ["en"])
    assert isinstance(wf._TABLES["en"], wf._Table)


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(wf.SWITCH_ENV, "off")
    monkeypatch.setenv(wf.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    wf.clear_caches()
    try:
        assert wf.cache_dir() is None
        assert_same(["Haus", "Straße"], ["de"])
        assert wf._TABLES["de"] is None and list(tmp_path.iterdir()) == []
    finally:
        wf.clear_caches()


def test_the_default_folder_is_the_model_stages(tmp_path, monkeypatch):
    monkeypatch.delenv(wf.CACHE_ENV, raising=False)
    monkeypatch.delenv(wf.SWITCH_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert wf.cache_dir() == tmp_path / "xdg" / "mtcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert wf.cache_dir() == tmp_path / ".cache" / "mtcheck"
    monkeypatch.setenv(wf.CACHE_ENV, str(tmp_path / "mine"))
    assert wf.cache_dir() == tmp_path / "mine"
    config = pytest.importorskip("mtcheck.models.config")
    assert wf.cache_dir() == config.mtcheck_cache_dir()


def test_another_wordfreq_release_gets_wordfreqs_own_look_up(cache, monkeypatch):
    monkeypatch.setattr(wf, "VERIFIED_WORDFREQ", "0.0.0")
    assert_same(["Haus"], ["de"])
    assert wf._TABLES["de"] is None and not cache.exists()


def test_two_processes_building_at_once_leave_one_valid_table(cache):
    # Both start before either has written: each builds (about 0.3 s for English) and renames.
    code = ("import sys; from mtcheck.pipeline import word_frequency as wf; sys.stdin.readline(); "
            "print(repr(wf.zipf('house', 'en')), type(wf._table('en')).__name__)")
    procs = [subprocess.Popen([sys.executable, "-c", code], env=dict(os.environ), cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(3)]
    for proc in procs:  # all imported and waiting: release them together
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outs = [proc.communicate(timeout=120)[0].split() for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert outs == [[repr(zipf_frequency("house", "en")), "_Table"]] * 3
    files = sorted(p.name for p in (cache / "wordfreq").iterdir())
    assert files == [wf.table_path("en").name]  # no temporary file left over
    wf._load(wf.table_path("en"))  # valid


def test_a_scan_answers_the_same_without_the_table(tmp_path, monkeypatch):
    """The seeds' findings with the table (cold, then warm) and with MTCHECK_WORD_TABLE=off."""
    outputs = []
    for switch in ("on", "on", "off"):
        out = tmp_path / f"out{len(outputs)}"
        env = {**os.environ, wf.CACHE_ENV: str(tmp_path / "cache"), wf.SWITCH_ENV: switch}
        subprocess.run([sys.executable, "-m", "mtcheck", "scan", str(ROOT / "seeds"), "--no-html", "-q",
                        "--out", str(out)], env=env, cwd=ROOT, capture_output=True, check=False)
        outputs.append((out / "findings.jsonl").read_text(encoding="utf-8"))
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
    assert list((tmp_path / "cache" / "wordfreq").glob("*.npy"))



def write_list(path: Path, buckets) -> Path:
    """A wordfreq list file (cBpack: gzip of msgpack, a header, then one list of words per centibel)."""
    import gzip

    import msgpack

    with gzip.open(path, "wb") as out:
        msgpack.dump([{"format": "cB", "version": 1}, *buckets], out)
    return path


def test_a_word_listed_twice_gets_the_later_bucket_as_in_wordfreqs_dictionary(tmp_path):
    source = write_list(tmp_path / "small_xx.msgpack.gz", [["a", "b"], [], ["a", "c"], ["d"]])
    table = wf._Table(wf._build(source))
    assert table.get("a") == wordfreq.cB_to_freq(-2)
    assert table.get("b") == wordfreq.cB_to_freq(0)
    assert table.get("d") == wordfreq.cB_to_freq(-3)
    assert table.get("e") is None


def test_two_words_with_one_key_mean_no_table(tmp_path, monkeypatch):
    source = write_list(tmp_path / "small_xx.msgpack.gz", [["a", "b"], ["c"]])
    real = wf._hash
    # "b" gets the key of "a" (the first 8 bytes) with other check bits: a 64-bit collision
    monkeypatch.setattr(wf, "_hash", lambda w: real("a")[:8] + bytes(8) if w == "b" else real(w))
    assert wf._build(source) is None
    # the same word listed twice (all 16 bytes equal) is no collision
    monkeypatch.setattr(wf, "_hash", lambda w: real("a") if w == "b" else real(w))
    assert wf._build(source) is not None


def test_a_hit_needs_the_check_bits_too(tmp_path, monkeypatch):
    table = wf._Table(wf._build(write_list(tmp_path / "small_xx.msgpack.gz", [["a"]])))
    real = wf._hash
    monkeypatch.setattr(wf, "_hash", lambda w: real("a")[:8] + bytes(8) if w == "z" else real(w))
    assert table.get("a") == 1.0 and table.get("z") is None


def test_every_word_frequency_look_up_goes_through_zipf():
    # A direct wordfreq look-up would build wordfreq's dictionary again (0.4 s and 60 MB per process).
    package = ROOT / "mtcheck"
    direct = [str(p.relative_to(ROOT)) for p in package.rglob("*.py")
              if p.name != "word_frequency.py" and "wordfreq" in "".join(
                  line for line in p.read_text(encoding="utf-8").splitlines() if "import" in line)]
    assert not direct, f"use mtcheck.pipeline.word_frequency.zipf in {direct}"


def test_wordfreq_finds_its_data_folder_as_with_locate():
    # word_frequency imports wordfreq with a cheaper locate.this_dir (the caller's frame only): the same folder as
    # locate's own, and locate's function is back in place afterwards.
    import locate

    # a fresh process, where word_frequency is what imports wordfreq
    check = ("import os, sys, locate, locate._locate\n"
             "from pathlib import Path\n"
             "assert 'wordfreq' not in sys.modules\n"
             "from mtcheck.pipeline import word_frequency\n"
             "import wordfreq, wordfreq.util\n"
             "assert locate.this_dir is locate._locate.this_dir\n"
             "assert wordfreq.DATA_PATH == Path(os.path.abspath(wordfreq.util.__file__)).parent / 'data'\n"
             "assert wordfreq.DATA_PATH.is_dir() and any(wordfreq.DATA_PATH.glob('large_de.msgpack.gz'))\n"
             "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
    assert wf._caller_dir() == locate.this_dir() == Path(__file__).resolve().parent
    here: dict = {}
    exec("from mtcheck.pipeline.word_frequency import _caller_dir\nimport locate\n"
         "answers = (_caller_dir(), locate.this_dir())", here)  # no __file__: the working folder, both
    assert here["answers"][0] == here["answers"][1] == Path(os.path.abspath(os.getcwd()))
