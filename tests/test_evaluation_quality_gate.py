"""The quality gate, run in CI: mtcheck's detection quality on the gold seeds and on the WMT
development documents must not regress beyond the tolerances pinned in quality-gate.json.

A failure here means a change made detection worse (lost gold spans, new wrong findings, new
false flags on human text). Fix the change; lowering a pinned floor needs an explicit
`mtcheck eval ... --gate quality-gate.json --update-gate --allow-lower` (docs/eval.md).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from mtcheck.evaluation.evaluate import check_gate, load_gate, metric, run_eval

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "references" / "gold" / "seeds.jsonl"
GATE = ROOT / "quality-gate.json"
DATA = ROOT.parent / "shared" / "data"
WMT = DATA / "wmt-de-dev.jsonl"
WMT_SOURCE = "wmt-de-dev"  # the name eval gives that input (its file stem)


@pytest.fixture(scope="module")
def gate():
    return load_gate(GATE)


@pytest.fixture(scope="module")
def report():
    paths = [str(WMT)] if DATA.is_dir() else []
    return run_eval(GOLD, paths, references=ROOT / "references", baseline=False)


def _entries(gate, wmt: bool) -> dict:
    part = {"tolerance": gate.get("tolerance", 0.0)}
    for kind in ("floors", "ceilings"):
        part[kind] = {k: v for k, v in gate.get(kind, {}).items() if (f".{WMT_SOURCE}." in k) == wmt}
    return part


def test_gate_file_is_pinned_with_small_tolerances(gate):
    assert gate["floors"] and gate["ceilings"]
    for key in ("spans.recall", "spans.precision"):
        assert gate["floors"][key]["value"] > 0, f"{key} is not pinned"
    for kind in ("floors", "ceilings"):
        for key, entry in gate[kind].items():
            tolerance = entry.get("tolerance", gate["tolerance"])
            small = 0.05 if "per_1k_words" not in key else 0.5
            assert 0 <= tolerance <= small, f"{key}: tolerance {tolerance} is not small"


def test_gate_on_the_seeds(report, gate):
    failures = check_gate(report, _entries(gate, wmt=False))
    assert not failures, "quality regression on the seeds:\n" + "\n".join(failures)


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is absent")
def test_gate_on_wmt_de_dev(report, gate):
    assert WMT_SOURCE in report["documents"]
    failures = check_gate(report, _entries(gate, wmt=True))
    assert not failures, "quality regression on wmt-de-dev:\n" + "\n".join(failures)


def test_the_gate_bites_on_a_regression(report, gate):
    """The same report, made worse by twice the tolerance, must fail: the gate is not a no-op."""
    worse = copy.deepcopy(report)
    tolerance = gate["floors"]["spans.recall"].get("tolerance", gate["tolerance"])
    worse["spans"]["recall"] = metric(report, "spans.recall") - 2 * tolerance - 0.01
    worse["false_flags"]["by_source"]["gold"]["per_1k_words"] = 100.0
    failures = check_gate(worse, _entries(gate, wmt=False))
    assert any(f.startswith("spans.recall") for f in failures)
    assert any("gold.per_1k_words" in f for f in failures)
