"""The Dutch detector (mtcheck/detector/data/nl.npz), its verdict block, and its data builder
(scripts/build_detector_nl.py) on tiny invented inputs. No network, no training data needed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from mtcheck.detector import load_detector
from mtcheck.pipeline import score as score_mod

from script_loader import load_script
from snapshot_repo import git_repo
from test_detector import loaded_artefact

ROOT = Path(__file__).resolve().parent.parent


def _builder():
    return load_script("scripts/build_detector_nl.py")


# -- the shipped artefact ----------------------------------------------------------------------------------------

def test_nl_artefact_loads_offline_without_pickle(no_network):
    _, info = loaded_artefact("nl")
    assert info["lang"] == "nl" and info["model_id"] == "mtcheck-detector-nl-hashlr"
    assert info["training_data"]["file"] == "nl-train.jsonl" and len(info["training_data"]["sha256"]) == 64
    assert "NTREX" in info["licence"] and "DpgMedia2019" in info["licence"]
    assert load_detector("nl") is load_detector("NL") is not None
    assert load_detector("de") is not load_detector("nl")
    assert 0.0 <= load_detector("nl").score_text("Dit is een korte zin.") <= 1.0


# The scorer-equals-scikit-learn check of nl.npz is parametrised with German in tests/test_detector.py.


# -- the verdict block of the language ---------------------------------------------------------------------------

def test_nl_verdict_block_is_used_for_dutch_only():
    model = score_mod.verdict_model()
    nl = model["languages"]["nl"]["with_detector"]
    assert score_mod.coefficient_set(True, "nl") == nl
    assert score_mod.coefficient_set(True, "nl-BE") == nl
    assert score_mod.coefficient_set(True, "de") == model["with_detector"]
    assert score_mod.coefficient_set(True, None) == model["with_detector"]
    assert score_mod.coefficient_set(False, "nl") == model["rules_only"]
    assert all(v >= 0 for k, v in nl["coefficients"].items() if k != "length")
    feats = {"rule": 0.3, "detector": 1.5, "length": 0.2}
    z = nl["intercept"] + sum(nl["coefficients"][k] * v for k, v in feats.items())
    assert math.isclose(score_mod.combine(feats, "nl"), 1 / (1 + math.exp(-z)))
    assert score_mod.combine(feats, "nl") != score_mod.combine(feats, "de")
    # monotone in the detector's probability for Dutch too
    scores = [score_mod.judge(0.0, p, 300, [], "nl")[0] for p in (0.01, 0.2, 0.5, 0.8, 0.99)]
    assert scores == sorted(scores) and scores[-1] > scores[0]
    assert "+nl:" in score_mod.SCORE_SIGNATURE


# -- the builder on tiny invented inputs --------------------------------------------------------------------------

def test_split_lines_counts_and_names_the_file():
    b = _builder()
    assert b.split_lines("a\nb\n", "x.txt", 2) == ["a", "b"]
    assert b.split_lines("a\r\nb", "x.txt") == ["a", "b"]
    with pytest.raises(ValueError, match="y.txt: 3 lines, expected 2"):
        b.split_lines("a\nb\nc\n", "y.txt", 2)


def test_doc_ids_header_and_missing_cells():
    b = _builder()
    meta = ["URL\tdomain", "https://en.wikinews.org/a\twikinews", "https://en.wikivoyage.org/b\twikivoyage"]
    assert b.doc_ids(meta, 0, True, "m.tsv", 2) == ["https://en.wikinews.org/a", "https://en.wikivoyage.org/b"]
    assert b.doc_ids(["d1", "d1", "d2"], 0, False, "ids.tsv", 3) == ["d1", "d1", "d2"]
    with pytest.raises(ValueError, match="m.tsv: 1 rows, expected 2"):
        b.doc_ids(meta[:2], 0, True, "m.tsv", 2)
    with pytest.raises(ValueError, match="ids.tsv:2: no document id"):
        b.doc_ids(["d1", "\tx"], 0, False, "ids.tsv", 2)
    assert b.flores_domain("https://en.wikinews.org/wiki/X") == "news"
    assert b.flores_domain("https://en.wikibooks.org/wiki/X") == "wiki"


def test_chunks_stay_in_their_document_and_share_groups_across_systems():
    b = _builder()
    docs = ["d1"] * 12 + ["d2"] * 3
    src = [f"Source sentence {i}." for i in range(15)]
    runs = b.chunk_runs(docs, [len(s) for s in src])
    # 12 lines of d1: 10 + 2 short ones merged into the chunk before (the shared builder's tail rule)
    assert [(d, c, len(ix)) for d, c, ix in runs] == [("d1", 0, 12), ("d2", 0, 3)]
    long = b.chunk_runs(["d"] * 3, [1000, 1000, 1000])
    assert [ix for _, _, ix in long] == [[0], [1], [2]]
    ref = [f"Bronzin {i}." for i in range(15)]
    mt = [f"Machinezin {i}." for i in range(15)]
    mt[13] = "   "                                  # an empty output line is left out of its chunk
    recs = b.parallel_records("tiny", src, docs, {"ref-x": ("human_translation", ref), "sys-y": ("mt", mt)},
                              domain="news")
    assert {r["group"] for r in recs} == {"tiny:en-nl:d1:0", "tiny:en-nl:d2:0"}
    by = {(r["group"], r["system"]): r for r in recs}
    assert by[("tiny:en-nl:d2:0", "sys-y")]["sentences"] == ["Machinezin 12.", "Machinezin 14."]
    assert by[("tiny:en-nl:d1:0", "ref-x")]["label"] == "human_translation"
    for r in recs:
        assert set(r) == {"id", "label", "system", "testset", "lp", "domain", "doc_id", "group", "sentences"}
        assert r["id"] == f"{r['group']}:{r['system']}"


def test_originals_only_from_tune_publishers_grouped_by_article():
    b = _builder()
    articles = [
        {"id": 1, "title": "Kabinet valt", "text": "Het kabinet is gevallen. De premier biedt ontslag aan."},
        {"id": 2, "title": "Regionaal nieuws", "text": "In Tilburg is een brug dicht."},   # report part: AD
        {"id": 1, "title": "Kabinet valt", "text": "Het kabinet is gevallen. De premier biedt ontslag aan."},
        {"id": 3, "title": "", "text": "Zonder uitgever."},
    ]
    labels = {"1": "vk", "2": "ad"}
    recs, counts = b.original_records(articles, labels)
    assert counts == {"kept": 1, "other publisher": 1, "repeated": 1, "no publisher": 1}
    assert len(recs) == 1
    r = recs[0]
    assert r["label"] == "human_original" and r["group"] == "dpgmedia2019:nl:vk-1" and r["doc_id"] == "vk-1"
    assert r["sentences"] == ["Kabinet valt", "Het kabinet is gevallen.", "De premier biedt ontslag aan."]
    assert "ad" not in b.TUNE_PUBLISHERS and set(b.TUNE_PUBLISHERS) == {"vk", "trouw", "parool"}


def test_build_reads_snapshots_and_leaderboard(tmp_path):
    """End to end on invented snapshots: two test sets, one MT file each, originals; a missing MT file and a
    wrong line count name the file."""
    b = _builder()
    snaps, lb = tmp_path / "snaps", tmp_path / "lb"

    def repo(name: str, files: dict[str, str]) -> None:
        git_repo(snaps / name / "repo", files)

    tests = {}
    for ts, spec in b.TESTS.items():
        n = 3
        tests[spec["src"]] = "".join(f"English {ts} {i}.\n" for i in range(n))
        tests[spec["ref"]] = "".join(f"Nederlands {ts} {i}.\n" for i in range(n))
        ids = [f"doc{i // 2}" for i in range(n)]
        tests[spec["docs"]] = ("URL\tdomain\n" if spec["header"] else "") + "".join(f"{d}\tx\n" for d in ids)
    repo(b.TESTSETS, tests)
    repo(b.DPG, {b.DPG_ARTICLES: json.dumps({"id": 7, "title": "Titel", "text": "Een zin. Nog een zin."}) + "\n",
                 b.DPG_LABELS: json.dumps({"id": "7", "publisher": "trouw"}) + "\n"})
    monkey = {name: (ts, path, c, "0" * 64) for name, (ts, path, c, _) in b.MT_FILES.items()}
    b.MT_FILES.clear()
    b.MT_FILES.update(monkey)
    for ts, spec in b.TESTS.items():
        spec["lines"] = 3
    for name, (ts, path, _, _) in b.MT_FILES.items():
        (lb / path).parent.mkdir(parents=True, exist_ok=True)
        (lb / path).write_text("".join(f"Machine {ts} {i}.\n" for i in range(3)), encoding="utf-8")
    records, prov = b.build(snaps, lb)
    labels = sorted({(r["label"], r["testset"]) for r in records})
    assert ("human_original", "dpgmedia2019") in labels
    assert ("mt", "ntrex128") in labels and ("human_translation", "flores200-devtest") in labels
    assert prov["originals"]["articles"] == {"kept": 1}
    groups = {}
    for r in records:
        groups.setdefault(r["group"], set()).add(r["label"])
    assert all(g == {"mt", "human_translation"} for k, g in groups.items() if not k.startswith("dpgmedia"))
    one = next(iter(b.MT_FILES.values()))[1]
    (lb / one).write_text("too\nfew\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2 lines, expected 3"):
        b.build(snaps, lb)
    (lb / one).unlink()
    with pytest.raises(FileNotFoundError, match="missing; copy"):
        b.build(snaps, lb)
