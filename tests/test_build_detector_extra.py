"""scripts/build_detector_extra.py on a synthetic snapshot: document chunks, one group per source chunk shared by
every system and reference, sha256 warnings, clear errors (no network, no real data)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from script_loader import load_script
from snapshot_repo import git_repo

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def builder(monkeypatch):
    mod = load_script("scripts/build_detector_extra.py")
    monkeypatch.setattr(mod, "N_LINES", 14)
    return mod


def _snapshot(builder, tmp_path: Path) -> tuple[Path, Path]:
    docs = ["d1"] * 12 + ["d2"] * 2
    src = [f"English sentence {i} of some length." for i in range(14)]
    tr = {name: "\n".join(f"{name} Satz {i}." for i in range(14)) + "\n" for name in builder.REFS}
    snaps = tmp_path / "snaps"
    files = {builder.SRC[1]: "\n".join(src) + "\n", builder.DOC_IDS[1]: "\n".join(docs) + "\n",
             builder.REFS["ref-wmt19"][1]: tr["ref-wmt19"], builder.REFS["ref-ntrex128"][1]: tr["ref-ntrex128"]}
    git_repo(snaps / builder.TESTSETS / "repo", files)
    git_repo(snaps / builder.GOOGLE / "repo", {builder.REFS["ref-google-ar"][1]: tr["ref-google-ar"]})
    lb = tmp_path / "lb"
    for name, (_, path, _, _) in builder.MT_FILES.items():
        (lb / path).parent.mkdir(parents=True, exist_ok=True)
        (lb / path).write_text("\n".join(f"{name} Ausgabe {i}." for i in range(14)) + "\n", encoding="utf-8")
    return snaps, lb


def test_builder_chunks_documents_and_shares_groups(builder, tmp_path, capsys):
    snaps, lb = _snapshot(builder, tmp_path)
    records, prov = builder.build(snaps, lb, tuple(builder.REFS), tuple(builder.MT_FILES))
    groups = {r["group"] for r in records}
    # d1 (12 lines) -> chunks of 10 + 2, the 2-line tail is short and merged; d2 (2 lines) -> one chunk
    assert groups == {"newstest2019:en-de:d1:0", "newstest2019:en-de:d2:0"}
    for g in groups:
        systems = {r["system"] for r in records if r["group"] == g}
        assert systems == set(builder.REFS) | set(builder.MT_FILES)
    d1 = [r for r in records if r["doc_id"] == "d1" and r["system"] == "ref-wmt19"][0]
    assert len(d1["sentences"]) == 12 and d1["label"] == "human_translation" and d1["domain"] == "news"
    assert {r["label"] for r in records if r["system"] in builder.MT_FILES} == {"mt"}
    # the synthetic MT files are not those of detector 2.2.0: reported, not fatal
    assert "differs from the file used" in capsys.readouterr().err
    repo, path = next(iter(builder.MT_FILES.values()))[:2]
    assert prov["mt"][next(iter(builder.MT_FILES))]["repo"] == repo
    assert prov["mt"][next(iter(builder.MT_FILES))]["sha256"] == hashlib.sha256((lb / path).read_bytes()).hexdigest()


def test_builder_default_is_candidate_b(builder, tmp_path):
    snaps, lb = _snapshot(builder, tmp_path)
    records, prov = builder.build(snaps, lb)
    assert {r["system"] for r in records} == set(builder.DEFAULT_REFS) | set(builder.DEFAULT_MT)
    assert set(prov["human_translation"]) == set(builder.DEFAULT_REFS)
    assert set(prov["mt"]) == set(builder.DEFAULT_MT) and "m2m100-1.2B" not in builder.DEFAULT_MT
    with pytest.raises(ValueError, match="unknown reference"):
        builder.build(snaps, lb, ("ref-wmt19", "ref-nope"))
    with pytest.raises(ValueError, match="unknown MT system"):
        builder.build(snaps, lb, builder.DEFAULT_REFS, ("m2m100-1.2B", "mt-nope"))


def test_builder_mt_selects_systems(builder, tmp_path):
    snaps, lb = _snapshot(builder, tmp_path)
    mt = tuple(builder.DEFAULT_MT) + ("m2m100-1.2B",)
    records, prov = builder.build(snaps, lb, builder.DEFAULT_REFS, mt)
    assert {r["system"] for r in records if r["label"] == "mt"} == set(mt)
    assert prov["mt"]["m2m100-1.2B"]["repo"] == "Helsinki-NLP/External-MT-leaderboard"


def test_builder_errors_name_the_missing_file(builder, tmp_path):
    snaps, lb = _snapshot(builder, tmp_path)
    path = next(iter(builder.MT_FILES.values()))[1]
    (lb / path).unlink()
    with pytest.raises(FileNotFoundError, match="newstest2019.eng-deu.output|ntrex128.eng-deu.output"):
        builder.build(snaps, lb)
    (lb / path).write_text("nur eine Zeile\n", encoding="utf-8")
    with pytest.raises(ValueError, match="1 lines, expected 14"):
        builder.build(snaps, lb)


def test_builder_cli_writes_jsonl_and_provenance(builder, tmp_path):
    snaps, lb = _snapshot(builder, tmp_path)
    out = tmp_path / "out" / "extra.jsonl"
    assert builder.main(["--snapshots", str(snaps), "--leaderboard", str(lb), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 * (len(builder.DEFAULT_REFS) + len(builder.DEFAULT_MT))
    out3 = tmp_path / "out" / "extra-v3.jsonl"
    assert builder.main(["--snapshots", str(snaps), "--leaderboard", str(lb), "--out", str(out3),
                         "--mt", ",".join(builder.MT_FILES)]) == 0
    assert len(out3.read_text(encoding="utf-8").splitlines()) == 2 * (len(builder.DEFAULT_REFS) + len(builder.MT_FILES))
    assert json.loads(out.with_suffix(".provenance.json").read_text())["doc_ids"] == builder.DOC_IDS[1]
