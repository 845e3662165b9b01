"""benchmarks/human_corpus.py: the 10kGNAD-style CSV reader, the split by category and the figures on a tiny
invented corpus (no real article text in the repository)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("human_corpus", ROOT / "benchmarks" / "human_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CSV = (
    "Sport;'Der Verein gewann am Sonntag klar. Der Trainer lobte die Abwehr und sprach von einem verdienten Sieg.'\n"
    "Kultur;'Das Museum zeigt ab Mai neue Bilder. Die Ausstellung läuft bis zum Herbst, der Eintritt ist frei.'\n"
    "Inland;'Die Regierung plant eine Reform. Kreml-Beamte Musk lobte Für seine damalige Meinung wurde er kritisiert.'\n"
)


def test_split_is_by_category_and_ids_name_the_row(bench, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    rows = bench.read_csv(path)
    assert [c for c, _ in rows] == ["Sport", "Kultur", "Inland"]
    files = bench.write_parts(rows, {"Sport"}, tmp_path / "parts")
    tune = [json.loads(line) for line in files["tune"].read_text(encoding="utf-8").splitlines()]
    report = [json.loads(line) for line in files["report"].read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in tune] == ["Sport-1"]
    assert [r["id"] for r in report] == ["Kultur-2", "Inland-3"]
    assert {r["category"] for r in report} == {"Kultur", "Inland"}


def test_figures_count_evidence_per_part(bench, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    assert bench.main([str(path), "--work", str(tmp_path / "parts"), "--tune", "Sport", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tune"]["articles"] == 1 and report["tune"]["evidence"] == 0
    # the invented seam "lobte Für seine" is a (deliberately planted) MT301 finding in the report part
    assert report["report"]["articles"] == 2
    assert report["report"]["rules"].get("MT301") == 1
    assert report["report"]["per_1000"] > 0


def test_malformed_row_names_the_file_and_line(bench, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Sport;'ok text'\nnur eine Spalte\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.csv:2"):
        bench.read_csv(path)


def test_unknown_tuning_category_is_an_error(bench, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(SystemExit, match="Wetter"):
        bench.main([str(path), "--work", str(tmp_path / "parts"), "--tune", "Wetter"])
