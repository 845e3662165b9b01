"""The CI outputs and the commit of the report files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from mtcheck.outputs import report as report_module
from mtcheck.outputs.junit import render
from mtcheck.pipeline.records import Article, ArticleResult, Finding, ScanError
from mtcheck.outputs.report import Reporter


def _records(path: str) -> list[dict]:
    return [
        {"type": "run", "tool": "mtcheck", "signature": "sig\x07nature"},
        {"type": "article", "path": path, "id": "r\x01", "verdict": "machine_translated", "score": 0.9},
        {"type": "finding", "path": path, "id": "r\x01", "line": 1, "column": 2, "text": "Mask\x0b",
         "rule": "MT101", "name": "entity-near-miss", "category": "garbled_entity", "severity": "warning",
         "message": "m", "suggestion": None},
        {"type": "article", "path": path + ".2", "verdict": "clean", "score": 0.0},
        {"type": "error", "path": f"bad\x02{path}", "message": "cannot read", "line": 3},
    ]


@pytest.mark.parametrize("path", ["news/a\x01b.txt", "news/\x1b[31mred.txt", "news/caf\udcc3.txt"])
def test_junit_is_valid_xml_whatever_the_file_name_holds(path):
    """Control characters in names went into name/file/classname attributes unescaped: invalid XML."""
    xml = render(_records(path), fail_on="machine_translated")
    root = ET.fromstring(xml.split("?>", 1)[1])  # parses: no character XML forbids
    cases = list(root.iter("testcase"))
    assert len(cases) == 3
    assert all("\ufffd" in c.get("name") and "\ufffd" in c.get("file") for c in cases)
    assert next(root.iter("property")).get("value") == "sig\ufffdnature"
    xml.encode("utf-8")  # and it can be written out


def _result(path: str, text: str = "Elon Mask kam am Montag nach Berlin.") -> ArticleResult:
    start = text.index("Mask")
    f = Finding(start, start + 4, "Mask", "MT101", "entity-near-miss", "garbled_entity", "warning", 0.9, "m")
    return ArticleResult(Article(path, text, lang="de"), [f], 0.9, "machine_translated", ["MT101"], 6)


def _snapshot(out):
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_findings_file_that_cannot_be_written_leaves_the_whole_previous_report(tmp_path, monkeypatch):
    """The HTML report used to be committed before findings.jsonl was written out: a full disk
    while writing findings.jsonl left the new HTML beside the old findings."""
    out = tmp_path / "rep"
    with Reporter(out=out, quiet=True, fmt="jsonl", signature="one") as rep:
        rep.add(_result("a.txt"))
    before = _snapshot(out)

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_module.shutil, "copyfileobj", full_disk)
    with pytest.raises(OSError):
        with Reporter(out=out, quiet=True, fmt="jsonl", signature="two") as rep:
            rep.add(_result("b.txt"))
            rep.add(ScanError("c.txt", "cannot read"))
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".mtcheck-report"]  # no temporary left behind
    monkeypatch.undo()
    with Reporter(out=out, quiet=True, fmt="jsonl", signature="three") as rep:
        rep.add(_result("b.txt"))
    records = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["signature"] == "three" and "three" in (out / "index.html").read_text(encoding="utf-8")


def test_a_gate_update_that_cannot_be_synced_leaves_the_old_gate(tmp_path, monkeypatch, capsys):
    """eval --update-gate wrote the gate through its own helper: a fixed temporary name, renamed
    over the gate without syncing it first. It now goes through atomic_open like every report."""
    from mtcheck.outputs import atomic
    from mtcheck.cli import main
    from test_evaluation_metrics import _tiny_gold

    gold = _tiny_gold(tmp_path)
    gate = tmp_path / "gate.json"
    old = json.dumps({"tolerance": 0.0, "floors": {"spans.recall": {"value": 0.0}}}) + "\n"
    gate.write_text(old, encoding="utf-8")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    assert main(["eval", "--gold", str(gold), "--no-baseline", "--gate", str(gate), "--update-gate"]) == 2
    assert gate.read_text(encoding="utf-8") == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "gate.json", "gold.jsonl"]
    assert "gate.json: cannot write" in capsys.readouterr().err
    monkeypatch.undo()
    assert main(["eval", "--gold", str(gold), "--no-baseline", "--gate", str(gate), "--update-gate"]) == 0
    capsys.readouterr()
    assert json.loads(gate.read_text(encoding="utf-8"))["floors"]["spans.recall"]["value"] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "gate.json", "gold.jsonl"]
