"""The Python API (mtcheck.api, re-exported at the package top): the examples of docs/api.md run,
results equal the command line's, the corpus index round-trips through JSON, bad index files are
refused by name, and `mtcheck index build` / `scan --index` give the scan's own results."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import mtcheck
from mtcheck.api import Checker, CorpusIndex, Result
from mtcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MT_SEED = SEEDS / "000_a35475a38765537f.txt"
DOC = ROOT / "docs" / "api.md"
DOC_BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_examples():
    assert len(DOC_BLOCKS) >= 5


@pytest.mark.parametrize("number", range(len(DOC_BLOCKS)))
def test_doc_example_runs(number, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # the examples read seeds/ from the repository root
    exec(compile(DOC_BLOCKS[number], f"docs/api.md python block {number + 1}", "exec"), {"__name__": "__doc_example__"})
    assert capsys.readouterr().out.strip()  # each example shows what it got


def scan_records(argv, capsys) -> list[dict]:
    code = main(["scan", *argv, "--format", "jsonl", "--no-html", "--models", "off", "--quiet"])
    assert code in (0, 1)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_api_equals_the_cli_on_the_seeds(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    cli = scan_records([str(SEEDS), "--out", str(tmp_path)], capsys)
    checker = Checker(index=CorpusIndex.build_from_paths([SEEDS]))  # the scan's pass 1, as a file would hold it
    by_path: dict[str, list[dict]] = {}
    for record in cli:
        if record["type"] in ("article", "finding"):
            by_path.setdefault(record["path"], []).append(record)
    assert len(by_path) == 5
    for path, records in by_path.items():
        result = checker.check(Path(path).read_text(encoding="utf-8"), path=path)
        article, findings = records[0], records[1:]
        assert (result.score, result.verdict, result.lang, result.words) == (
            article["score"], article["verdict"], article["lang"], article["words"])
        assert result.by_category == article["by_category"] and len(result.evidence) == article["evidence"]
        assert [(f.start, f.end, f.rule, f.message, f.suggestion) for f in result.findings] == [
            (r["start"], r["end"], r["rule"], r["message"], r["suggestion"]) for r in findings]
        assert result.records() == records  # the scan's JSONL records, fingerprints included


def test_check_without_index_is_a_scan_of_that_one_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    cli = scan_records([str(MT_SEED), "--out", str(tmp_path)], capsys)
    article = next(r for r in cli if r["type"] == "article")
    result = mtcheck.check(MT_SEED.read_text(encoding="utf-8"))
    assert isinstance(result, Result)
    assert (result.score, result.verdict, len(result.findings)) == (article["score"], article["verdict"],
                                                                    article["findings"])
    assert result.verdict == "machine_translated" and result.is_machine_translated


def test_human_seeds_stay_clean_through_the_api():
    checker = Checker()
    for path in sorted(SEEDS.glob("00[1-4]_*.txt")):
        result = checker.check(path.read_text(encoding="utf-8"))
        assert result.verdict == "clean" and result.evidence == [], path.name


def test_result_to_dict_is_json_and_carries_offsets():
    text = "Senator Lindsey GrahamRSC sagte, er werde den Plan unterstützen."
    data = json.loads(json.dumps(mtcheck.check(text, lang="de").to_dict()))
    assert data["verdict"] == "clean" and 0.0 <= data["mt_probability"] <= 1.0  # German: the detector scores it
    # MT950 (info, not evidence) may mark the sentence as the detector's most MT-like; the rule finding is MT201
    [finding] = [f for f in data["findings"] if f["rule"] != "MT950"]
    assert finding["rule"] == "MT201" and text[finding["start"]:finding["end"]] == finding["text"]
    assert all(f["evidence"] is False for f in data["findings"] if f["rule"] == "MT950")
    assert finding["evidence"] is True and data["evidence"] == 1


def test_bad_arguments_are_clear_errors():
    with pytest.raises(TypeError, match="str"):
        mtcheck.check(b"bytes are no text")
    with pytest.raises(ValueError, match="ISO 639-1"):
        mtcheck.check("Text", lang="german")
    with pytest.raises(KeyError):
        Checker(select=["MT999"])


def test_corpus_index_round_trip_and_merge(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    whole = CorpusIndex.build(texts)
    assert whole.articles == 5 and whole.doc_freq["Musk"] >= 1 and whole.corpus_freq["Musk"] > 20
    assert CorpusIndex.build_from_paths([SEEDS]) == whole
    path = tmp_path / "names.json"
    whole.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "mtcheck-corpus-index" and data["articles"] == 5
    assert CorpusIndex.load(path) == whole
    # Parts built apart (as by parallel tasks) merge into the index of the whole.
    parts = tmp_path / "parts"
    parts.mkdir()
    CorpusIndex.build(texts[:2]).save(parts / "00000.json")
    CorpusIndex.build(texts[2:]).save(parts / "00001.json")
    assert CorpusIndex.load(parts) == whole
    assert CorpusIndex.build(texts[:2]).merge(CorpusIndex.build(texts[2:])) == whole


@pytest.mark.parametrize("content, message", [
    ("not json", "not JSON"),
    ('{"hello": 1}', "not an mtcheck corpus index"),
    ('{"format": "mtcheck-corpus-index", "format_version": 99}', "format version 99"),
    ('{"format": "mtcheck-corpus-index", "format_version": 1, "articles": 1, "doc_freq": {"A": "x"}, '
     '"corpus_freq": {}}', "counts must be integers"),
])
def test_bad_index_files_are_refused_by_name(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        CorpusIndex.load(path)
    assert str(path) in str(info.value)


def test_index_build_then_scan_with_it_gives_the_scan_s_results(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    index = tmp_path / "names.json"
    assert main(["index", "build", str(SEEDS), "-o", str(index)]) == 0
    assert "corpus index of 5 articles" in capsys.readouterr().err
    plain = scan_records([str(SEEDS), "--out", str(tmp_path / "a")], capsys)
    with_index = scan_records([str(SEEDS), "--out", str(tmp_path / "b"), "--index", str(index)], capsys)
    assert with_index == plain
    # The index of the whole corpus changes what a scan of one file sees: context it lacked alone.
    alone = scan_records([str(MT_SEED), "--out", str(tmp_path / "c")], capsys)
    one_with_index = scan_records([str(MT_SEED), "--out", str(tmp_path / "d"), "--index", str(index)], capsys)
    assert [r for r in one_with_index if r["type"] not in ("run", "source", "summary")] == [
        r for r in plain if r["type"] not in ("run", "source", "summary") and r["path"] == str(MT_SEED)]
    assert alone[1]["verdict"] == one_with_index[1]["verdict"] == "machine_translated"


def test_index_merge_command(tmp_path, capsys):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    CorpusIndex.build(texts[:3]).save(tmp_path / "a.json")
    CorpusIndex.build(texts[3:]).save(tmp_path / "b.json")
    out = tmp_path / "all.json"
    assert main(["index", "merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-o", str(out)]) == 0
    assert CorpusIndex.load(out) == CorpusIndex.build(texts)


def test_index_errors_exit_2_naming_the_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["scan", str(MT_SEED), "--index", str(bad), "--no-html", "--out", str(tmp_path), "--quiet"]) == 2
    assert str(bad) in capsys.readouterr().err
    assert main(["index", "build", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "missing.txt" in err and not (tmp_path / "x.json").exists()


def test_mt_probability_comes_from_the_detector_when_one_is_installed(monkeypatch):
    class FakeDetector:
        def score_text(self, text: str) -> float:
            return 0.25

        def score_article(self, sentences, top=5):  # the scan scores the text and its sentences in one pass
            return 0.25, [types.SimpleNamespace(score=0.2, ngrams=[]) for _ in sentences]

    fake = types.ModuleType("mtcheck.detector")
    fake.load_detector = lambda lang: FakeDetector()
    monkeypatch.setitem(sys.modules, "mtcheck.detector", fake)
    assert Checker().check("Der Bundestag hat am Donnerstag beraten.", lang="de").mt_probability == 0.25
    assert Checker(detector=False).check("Der Bundestag hat beraten.", lang="de").mt_probability is None


def test_without_a_detector_mt_probability_is_none(monkeypatch):
    monkeypatch.setitem(sys.modules, "mtcheck.detector", None)  # import fails: not installed
    checker = Checker()
    assert checker.check("Der Bundestag hat beraten.", lang="de").mt_probability is None
    assert "not installed" in checker.detector_notes["de"]
    with pytest.raises(RuntimeError, match="no learned detector"):
        Checker(detector=True).check("Der Bundestag hat beraten.", lang="de")


def test_import_stays_cheap_and_offline():
    code = ("import sys, mtcheck; assert 'mtcheck.api' not in sys.modules; "
            "r = mtcheck.check('Senator Lindsey GrahamRSC sagte es.', lang='de'); "
            "assert 'MT201' in [f.rule for f in r.findings]; assert 'torch' not in sys.modules; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_preview_rules_run_only_when_asked():
    from mtcheck.rules import select_rules

    preview = {r.code for r in select_rules(preview=True)} - {r.code for r in select_rules()}
    assert not preview & {r.code for r in Checker().rules}
    assert preview <= {r.code for r in Checker(preview=True).rules}


def test_the_shipped_detector_scores_german_and_names_what_it_lacks():
    pytest.importorskip("mtcheck.detector")
    from mtcheck.detector import available_languages

    checker = Checker()
    result = checker.check("Der Bundestag hat am Donnerstag über den Haushalt beraten.", lang="de")
    if "de" in available_languages():
        assert 0.0 <= result.mt_probability <= 1.0
    missing = next(code for code in ("nl", "en", "fr", "it") if code not in available_languages())
    assert checker.check("Some text in another language.", lang=missing).mt_probability is None
    assert missing in checker.detector_notes[missing]
