"""Without the `models` extra (the README's scan command installs only the core), the model stage
says so in one line and the offline scan is unchanged; the model commands exit 2 with the install
command instead of a traceback."""

from __future__ import annotations

import json

import pytest

from mtcheck.models import config as model_config
from mtcheck.models import stage as model_stage
from mtcheck.cli import main

from conftest import SEEDS

MT_SEED = SEEDS / "000_a35475a38765537f.txt"


@pytest.fixture
def no_extra(monkeypatch):
    monkeypatch.setattr(model_stage, "missing_extra", lambda: ["torch", "comet"])
    monkeypatch.setattr(model_config, "missing_extra", lambda: ["torch", "comet"])


def _scan(tmp_path, capsys, *options):
    code = main(["scan", str(MT_SEED), "--no-html", "--format", "jsonl", "--out", str(tmp_path), *options])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_auto_without_extra_says_so_once_and_keeps_offline_results(no_extra, tmp_path, capsys):
    code, records, err = _scan(tmp_path, capsys)
    assert code == 1
    lines = [line for line in err.splitlines() if "models" in line]
    assert len(lines) == 1 and "model extra is not installed" in lines[0] and "pip install" in lines[0]
    off_code, off_records, _ = _scan(tmp_path, capsys, "--models", "off")
    strip = lambda rs: [r for r in rs if r["type"] != "run"]  # noqa: E731
    assert off_code == code and strip(off_records) == strip(records)


def test_require_without_extra_exits_2_naming_the_extra(no_extra, tmp_path, capsys):
    code, _, err = _scan(tmp_path, capsys, "--models", "require")
    assert code == 2
    assert "models extra" in err and "pip install" in err


@pytest.mark.parametrize("command", [["models", "pull", "de"], ["models", "check"]])
def test_model_commands_without_extra_exit_2(no_extra, capsys, command):
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "models extra" in err and "Traceback" not in err
