"""The JSON files a user hands to mtcheck (--index, --baseline, eval --gold) when Python's parser
cannot read them: '[[[[...' a hundred thousand deep raised RecursionError and an integer of 5,000
digits ValueError, both past the JSONDecodeError handlers, so the command ended with 'internal
error ... please report it'. Now each is a one-line error naming the file, exit status 2."""

from __future__ import annotations

import pytest

from mtcheck.cli import main

from conftest import SEEDS

SEED = str(SEEDS / "002_adaef2065d6d3256.txt")


@pytest.mark.parametrize("content, words", [("[" * 100_000, "nested too deeply"),
                                            ('{"a": ' + "7" * 5000 + "}", "4300 digits")])
@pytest.mark.parametrize("command", [
    ["scan", SEED, "--index", "{file}"],
    ["scan", SEED, "--baseline", "{file}"],
    ["eval", "--gold", "{file}", SEED],
])
def test_unparseable_json_file_is_a_clear_error(tmp_path, capsys, content, words, command):
    file = tmp_path / "control.json"
    file.write_text(content, encoding="utf-8")
    args = [a.replace("{file}", str(file)) for a in command]
    if args[0] == "scan":
        args += ["--no-html", "--models", "off", "--out", str(tmp_path / "out"), "--quiet"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "control.json" in err and words in err
