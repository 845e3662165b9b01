"""benchmarks/field_detector.py: which sentences count as article prose, and a run on a tiny invented field set
(no real page text in the repository; the WMT files are pointed elsewhere, so their sections are skipped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    return load_script("benchmarks/field_detector.py")


def _spans(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def test_prose_leaves_out_short_lines_capitals_and_boilerplate(bench):
    lines = ["Polizei vor Ort",                                                      # heading: too short
             "Die Beamten trafen am Dienstag kurz nach Mitternacht am Haus ein.",     # prose
             "KLICKEN SIE HIER, UM DIE APP AUF IHR TELEFON ZU ERHALTEN",             # capitals
             "Foto: Max Muster / dpa und weitere Agenturen der Welt heute",          # a boilerplate finding on it
             "Der Verdächtige wurde später in einem Vorort festgenommen."]           # prose
    text = "\n".join(lines)
    spans = _spans(text)
    credit = spans[3]
    got = bench.prose_text(text, spans, [credit])
    assert got == f"{lines[1]} {lines[4]}"
    assert bench.prose_text(text, spans, []) == f"{lines[1]} {lines[3]} {lines[4]}"
    assert bench.prose_text("", [], []) == ""


def test_runs_on_a_tiny_field_set_without_wmt_files(bench, tmp_path, capsys):
    (tmp_path / "dev").mkdir()
    pages = {
        "de-mt-1": ("mt", "Der Stellvertreter des Sheriffs wurde bei einer Verkehrskontrolle erschossen, sagen die "
                          "Behörden. Die Beamten werden in Verwaltungsurlaub genommen, während die Polizei ermittelt. "
                          "Dies ist eine sich entwickelnde Geschichte."),
        "de-hu-1": ("human", "Die ukrainische Armee rückt nach eigenen Angaben an zwei Frontabschnitten weiter vor. "
                             "Die Angaben sind nicht sofort überprüfbar. Der Großteil der Hilfe soll noch in diesem "
                             "Jahr ankommen."),
    }
    rows = []
    for pid, (label, text) in pages.items():
        (tmp_path / "dev" / f"{pid}.txt").write_text(text, encoding="utf-8")
        rows.append({"id": pid, "label": label, "split": "dev", "lang": "de"})
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code = bench.main(["--texts", str(tmp_path), "--manifest", str(manifest), "--train", str(tmp_path / "no.jsonl"),
                       "--dev", str(tmp_path / "no.jsonl")])
    out = capsys.readouterr().out
    assert code == 0
    assert "no.jsonl: absent, skipped" in out and "the WMT comparison is skipped" in out
    assert "1 German MT pages, 1 human pages" in out and "prose only (>= 6 words)" in out
    with pytest.raises(SystemExit, match="no heldout/ folder"):
        bench.main(["--texts", str(tmp_path), "--split", "heldout", "--manifest", str(manifest)])
