"""benchmarks/human_corpus.py: the 10kGNAD-style CSV reader, the split by category and the figures on a tiny
invented corpus (no real article text in the repository)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    return load_script("benchmarks/human_corpus.py")


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


def test_jsonl_split_by_a_joined_field_with_titles_and_filters(bench, tmp_path, capsys):
    # DpgMedia2019 keeps each article's publisher in a second file; wmt-de-train keeps sentences as a list.
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": 1, "title": "Kabinet wil lagere lasten", "text": "Het kabinet wil de lasten verlagen, zei de minister."},
        {"id": 2, "title": "Nieuw museum", "text": "Het museum opent in mei de deuren voor het publiek."},
        {"id": 3, "title": "Zonder uitgever", "text": "Deze tekst heeft geen uitgever."},
        {"id": 1, "title": "Kabinet wil lagere lasten", "text": "Het kabinet wil de lasten verlagen, zei de minister."},
    ]) + "\n", encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "1", "publisher": "krant-a"}\n{"id": "2", "publisher": "krant-b"}\n', encoding="utf-8")
    rows, ungrouped = bench.read_jsonl(articles, "publisher", title_field="title", labels=labels)
    assert [(g, i) for g, _, i in rows] == [("krant-a", "1"), ("krant-b", "2")] and ungrouped == 1
    assert rows[0][1].startswith("Kabinet wil lagere lasten\n\nHet kabinet")
    files = bench.write_parts(rows, {"krant-a"}, tmp_path / "parts")
    assert [json.loads(x)["id"] for x in files["tune"].read_text(encoding="utf-8").splitlines()] == ["krant-a-1"]
    assert [json.loads(x)["id"] for x in files["report"].read_text(encoding="utf-8").splitlines()] == ["krant-b-2"]

    chunks = tmp_path / "chunks.jsonl"
    chunks.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a", "label": "human_original", "domain": "news", "sentences": ["Der Zug kam spät.", "Alle warteten."]},
        {"id": "b", "label": "mt", "domain": "news", "sentences": ["Maschinell."]},
        {"id": "c", "label": "human_translation", "domain": "social", "sentences": ["Ein Post."]},
    ]) + "\n", encoding="utf-8")
    rows, _ = bench.read_jsonl(chunks, "domain", text_field="sentences",
                               keep=bench._keep(["label=human_original,human_translation"]))
    assert [(g, t, i) for g, t, i in rows] == [("news", "Der Zug kam spät.\nAlle warteten.", "a"),
                                               ("social", "Ein Post.", "c")]
    # Every group in the tuning part: the report part is empty and not scanned.
    assert bench.main([str(chunks), "--work", str(tmp_path / "p2"), "--group-field", "domain", "--text-field",
                       "sentences", "--tune", "news", "--tune", "social", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"tune"} and report["tune"]["articles"] == 3


def test_jsonl_errors_name_the_file_and_line(bench, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "ok", "category": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl:2"):
        bench.read_jsonl(path, "category")
    path.write_text('{"id": 1, "body": "ok", "category": "a"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl:1: no field 'text'"):
        bench.read_jsonl(path, "category")
    with pytest.raises(SystemExit, match="--tune"):
        bench.main([str(path), "--work", str(tmp_path / "p")])
    with pytest.raises(SystemExit, match="FIELD=VALUE"):
        bench._keep(["label"])
