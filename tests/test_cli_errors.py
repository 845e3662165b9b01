"""Exit status 2 for the cases CI must not mistake for a pass or for an MT verdict."""

from __future__ import annotations

from mtcheck import scan as scan_module
from mtcheck.cli import main

from conftest import SEEDS


def test_folder_without_articles_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["scan", str(empty), "--no-html", "--models", "off", "--out", str(tmp_path / "r")]) == 2
    assert "no article to scan" in capsys.readouterr().err


def test_a_crash_exits_2_not_1(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(scan_module, "analyse", broken)
    code = main(["scan", str(SEEDS), "--no-html", "--models", "off", "--out", str(tmp_path)])
    assert code == 2
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err
    assert not (tmp_path / "findings.jsonl").exists()  # nothing half-written
