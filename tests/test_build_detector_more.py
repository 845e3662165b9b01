"""scripts/build_detector_nt18.py and scripts/build_detector_flores.py on synthetic snapshots: the recovered
translation direction of newstest2018, document chunks with one group per source chunk, domain selection,
sha256 warnings and clear errors (no network, no real data)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from script_loader import load_script
from snapshot_repo import git_repo


def _lines(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


# -- newstest2018 ------------------------------------------------------------------------------------------------

# 16 reference lines: 0-3 German-original, 4-11 English-original (one run), 12-15 German-original
WORDS = ["Hafenstadt", "Bürgermeister", "Fußballverein", "Regierung", "Klimawandel", "Wahlkampf", "Forschung",
         "Autobahn", "Krankenhaus", "Feuerwehr", "Flughafen", "Bahnhof", "Weinberg", "Theater", "Sternwarte",
         "Bibliothek"]
ENGLISH_ORIGINAL = list(range(4, 12))


@pytest.fixture()
def nt18(monkeypatch):
    mod = load_script("scripts/build_detector_nt18.py")
    monkeypatch.setattr(mod, "N_LINES", 16)
    monkeypatch.setattr(mod, "N_PARAPHRASE", len(ENGLISH_ORIGINAL))
    return mod


def _nt18_snapshot(mod, tmp_path: Path) -> tuple[Path, Path]:
    ref = [f"Die {w} meldet {i * 7} neue Fälle am Montag." for i, w in enumerate(WORDS)]
    # the paraphrase keeps the content words and numbers, rewords the rest
    par = [f"Am Montag wurden von der {WORDS[i]} {i * 7} weitere Fälle gemeldet." for i in ENGLISH_ORIGINAL]
    src = [f"English line {i} about the {w.lower()} with some words." for i, w in enumerate(WORDS)]
    snaps = tmp_path / "snaps"
    git_repo(snaps / mod.TESTSETS / "repo", {mod.SRC[1]: _lines(src), mod.REF[1]: _lines(ref)})
    git_repo(snaps / mod.GOOGLE / "repo", {mod.PARAPHRASE[1]: _lines(par)})
    lb = tmp_path / "lb"
    for name, (_, path, _, _) in mod.MT_FILES.items():
        (lb / path).parent.mkdir(parents=True, exist_ok=True)
        (lb / path).write_text(_lines([f"{name} Ausgabe {i}." for i in range(16)]), encoding="utf-8")
    return snaps, lb


def test_align_is_monotone_and_finds_the_paraphrased_lines(nt18):
    ref = [f"Die {w} meldet {i * 7} neue Fälle." for i, w in enumerate(WORDS)]
    par = [f"Neue Fälle ({i * 7}) meldet die {WORDS[i]}." for i in (2, 3, 9, 14)]
    assert nt18.align(par, ref) == [2, 3, 9, 14]


def test_origin_runs_drop_stray_short_matches(nt18):
    docs = nt18.origin_runs([2, 3, 4, 5, 9], 12, min_run=3)
    assert docs[2:6] == ["en-r000"] * 4
    assert docs[9].startswith("de-")  # a single aligned line is a stray match, not a document
    assert docs[0] == docs[1] == "de-r000" and docs[6] == docs[11] == "de-r001"


def test_nt18_english_original_half_only_by_default(nt18, tmp_path, capsys):
    snaps, lb = _nt18_snapshot(nt18, tmp_path)
    records, prov = nt18.build(snaps, lb)
    assert prov["lines_english_original"] == len(ENGLISH_ORIGINAL)
    assert {r["label"] for r in records} == {"human_translation", "mt"}
    refs = [r for r in records if r["label"] == "human_translation"]
    assert [s for r in refs for s in r["sentences"]] == [f"Die {WORDS[i]} meldet {i * 7} neue Fälle am Montag."
                                                         for i in ENGLISH_ORIGINAL]
    for g in {r["group"] for r in records}:
        assert {r["system"] for r in records if r["group"] == g} == {"ref-wmt18", *nt18.MT_FILES}
    assert "differs from the file used" in capsys.readouterr().err
    name, (repo, path, _, _) = next(iter(nt18.MT_FILES.items()))
    assert prov["mt"][name]["sha256"] == hashlib.sha256((lb / path).read_bytes()).hexdigest()


def test_nt18_all_labels_german_originals(nt18, tmp_path):
    snaps, lb = _nt18_snapshot(nt18, tmp_path)
    records, _ = nt18.build(snaps, lb, origin="all")
    originals = [r for r in records if r["label"] == "human_original"]
    assert {r["system"] for r in originals} == {"original-de"}
    assert sum(len(r["sentences"]) for r in originals) == 16 - len(ENGLISH_ORIGINAL)
    assert sum(len(r["sentences"]) for r in records if r["label"] == "mt") == 16
    with pytest.raises(ValueError, match="--origin"):
        nt18.build(snaps, lb, origin="de")


def test_nt18_errors_name_the_file(nt18, tmp_path):
    snaps, lb = _nt18_snapshot(nt18, tmp_path)
    path = next(iter(nt18.MT_FILES.values()))[1]
    (lb / path).write_text("eine Zeile\n", encoding="utf-8")
    with pytest.raises(ValueError, match="1 lines, expected 16"):
        nt18.build(snaps, lb)
    (lb / path).unlink()
    with pytest.raises(FileNotFoundError, match="newstest2018.eng-deu.output"):
        nt18.build(snaps, lb)


def test_nt18_cli_writes_jsonl_and_provenance(nt18, tmp_path):
    snaps, lb = _nt18_snapshot(nt18, tmp_path)
    out = tmp_path / "out" / "nt18.jsonl"
    assert nt18.main(["--snapshots", str(snaps), "--leaderboard", str(lb), "--out", str(out), "--origin", "all"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["testset"] for r in rows} == {"newstest2018"} and {r["domain"] for r in rows} == {"news"}
    prov = json.loads(out.with_suffix(".provenance.json").read_text())
    assert prov["origin"] == "all" and prov["origin_from"]["path"] == nt18.PARAPHRASE[1]


# -- FLORES-200 --------------------------------------------------------------------------------------------------

@pytest.fixture()
def flores(monkeypatch):
    mod = load_script("scripts/build_detector_flores.py")
    monkeypatch.setattr(mod, "N_LINES", 6)
    return mod


def _flores_snapshot(mod, tmp_path: Path) -> tuple[Path, Path]:
    urls = [("https://en.wikinews.org/wiki/A", "wikinews")] * 3 + [("https://en.wikivoyage.org/wiki/B", "wikivoyage")] * 2 \
        + [("https://en.wikibooks.org/wiki/C", "wikibooks")]
    meta = ["URL\tdomain\ttopic\thas_image\thas_hyperlink"] + [f"{u}\t{d}\tt\tno\tno" for u, d in urls]
    snaps = tmp_path / "snaps"
    git_repo(snaps / mod.TESTSETS / "repo", {mod.SRC: _lines([f"English {i}." for i in range(6)]),
                                             mod.REF: _lines([f"Deutsch {i}." for i in range(6)]),
                                             mod.META: _lines(meta)})
    lb = tmp_path / "lb"
    for _, path, _, _ in mod.MT_FILES.values():
        (lb / path).parent.mkdir(parents=True, exist_ok=True)
        (lb / path).write_text(_lines([f"Maschine {i}." for i in range(6)]), encoding="utf-8")
    return snaps, lb


def test_flores_documents_domains_and_groups(flores, tmp_path):
    snaps, lb = _flores_snapshot(flores, tmp_path)
    records, prov = flores.build(snaps, lb)
    assert {r["doc_id"] for r in records} == {"https://en.wikinews.org/wiki/A", "https://en.wikivoyage.org/wiki/B",
                                              "https://en.wikibooks.org/wiki/C"}
    news = [r for r in records if r["domain"] == "news"]
    assert {r["doc_id"] for r in news} == {"https://en.wikinews.org/wiki/A"}
    assert {r["label"] for r in news} == {"human_translation", "mt"} and all(len(r["sentences"]) == 3 for r in news)
    for g in {r["group"] for r in records}:
        assert {r["system"] for r in records if r["group"] == g} == {"ref-flores200", *flores.MT_FILES}
    only_news, _ = flores.build(snaps, lb, ("wikinews",))
    assert {r["domain"] for r in only_news} == {"news"} and len(only_news) == 2
    with pytest.raises(ValueError, match="unknown domain"):
        flores.build(snaps, lb, ("wikipedia",))


def test_flores_cli_and_errors(flores, tmp_path):
    snaps, lb = _flores_snapshot(flores, tmp_path)
    out = tmp_path / "out" / "flores.jsonl"
    assert flores.main(["--snapshots", str(snaps), "--leaderboard", str(lb), "--out", str(out),
                        "--domains", "wikinews,wikibooks"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["domain"] for r in rows} == {"news", "wiki"} and len(rows) == 4
    assert json.loads(out.with_suffix(".provenance.json").read_text())["domains"] == ["wikinews", "wikibooks"]
    (lb / next(iter(flores.MT_FILES.values()))[1]).unlink()
    with pytest.raises(FileNotFoundError, match="flores200-devtest.eng-deu.output"):
        flores.build(snaps, lb)
