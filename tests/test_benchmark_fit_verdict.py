"""benchmarks/fit_verdict.py: a German refit must not silently drop (or silently keep stale) per-language blocks."""

from __future__ import annotations

import json

from script_loader import load_script

from mtcheck.pipeline.score import VERDICT_MODEL


def _fit_verdict():
    return load_script("benchmarks/fit_verdict.py")


def test_language_blocks_are_kept_when_thresholds_stay():
    shipped = json.loads(VERDICT_MODEL.read_text(encoding="utf-8"))
    assert shipped["languages"], "the shipped verdict model has per-language blocks"
    new = {"thresholds": dict(shipped["thresholds"])}
    assert _fit_verdict().carry_languages(shipped, new) == []
    assert new["languages"] == shipped["languages"]


def test_language_blocks_are_left_out_and_named_when_thresholds_move():
    shipped = json.loads(VERDICT_MODEL.read_text(encoding="utf-8"))
    moved = dict(shipped["thresholds"], suspect=shipped["thresholds"]["suspect"] + 0.01)
    new = {"thresholds": moved}
    assert sorted(_fit_verdict().carry_languages(shipped, new)) == sorted(shipped["languages"])
    assert "languages" not in new


def test_no_language_blocks_no_message():
    new = {"thresholds": {"suspect": 0.9, "machine_translated": 0.95}}
    assert _fit_verdict().carry_languages({}, new) == []
    assert "languages" not in new
