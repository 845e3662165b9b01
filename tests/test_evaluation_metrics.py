"""The metrics of ``mtcheck eval`` on small hand-made cases, the gold reader, the spell-checker
baseline, the gate logic and the command itself."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import shutil
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.evaluation.evaluate import (
    EvalDocument,
    EvalError,
    Gold,
    GoldDocument,
    Span,
    auroc,
    check_gate,
    document_scores,
    evaluate_documents,
    load_gold,
    overlaps,
    span_scores,
    update_gate,
)
from mtcheck.evaluation.spellcheck import SpellChecker, flags_for


def S(start, end, category="garbled_entity", path="a.txt", severity="warning"):
    return Span(path, start, end, category, severity)


# ---------------------------------------------------------------- overlap matching


def test_overlap_needs_a_shared_character():
    assert overlaps(S(0, 5), S(4, 9))
    assert overlaps(S(2, 3), S(0, 10))  # containment
    assert not overlaps(S(0, 5), S(5, 9))  # touching is not overlapping
    assert not overlaps(S(6, 9), S(0, 5))


def test_span_scores_overlap_matching():
    gold = [S(0, 5), S(10, 15), S(30, 35)]
    predicted = [S(3, 4), S(14, 20), S(50, 55)]
    r = span_scores(gold, predicted)
    assert (r["found"], r["correct"]) == (2, 2)
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(2 / 3)
    assert r["f1"] == pytest.approx(2 / 3)


def test_one_finding_over_two_gold_spans_finds_both_but_counts_once():
    r = span_scores([S(0, 5), S(6, 10)], [S(2, 8)])
    assert r["recall"] == 1.0 and r["precision"] == 1.0 and r["predicted"] == 1


def test_two_findings_on_one_gold_span_are_both_correct():
    r = span_scores([S(0, 10)], [S(0, 2), S(5, 7), S(20, 22)])
    assert r["found"] == 1 and r["correct"] == 2
    assert r["precision"] == pytest.approx(2 / 3) and r["recall"] == 1.0


def test_spans_in_other_documents_never_match():
    r = span_scores([S(0, 10, path="a.txt")], [S(0, 10, path="b.txt")])
    assert r["found"] == 0 and r["correct"] == 0 and r["f1"] == 0.0


def test_empty_gold():
    r = span_scores([], [S(0, 3)])
    assert r["recall"] is None and r["precision"] == 0.0 and r["f1"] is None


def test_empty_predictions():
    r = span_scores([S(0, 3)], [])
    assert r["precision"] is None and r["recall"] == 0.0 and r["f1"] is None


def test_both_empty_is_undefined_not_perfect():
    r = span_scores([], [])
    assert r["precision"] is None and r["recall"] is None and r["f1"] is None
    assert r["by_category"] == {} and r["macro"]["f1"] is None


def test_by_category_requires_the_same_category_and_macro_averages_categories():
    gold = [S(0, 5, "glued_token"), S(10, 15, "word_order"), S(20, 25, "word_order")]
    predicted = [S(0, 5, "glued_token"), S(10, 12, "stray_capital")]
    r = span_scores(gold, predicted)
    assert r["recall"] == pytest.approx(2 / 3) and r["precision"] == 1.0  # micro is category-blind
    cats = r["by_category"]
    assert cats["glued_token"]["f1"] == 1.0
    assert cats["word_order"]["recall"] == 0.0 and cats["word_order"]["recall_any"] == 0.5
    assert cats["word_order"]["precision"] is None and cats["word_order"]["f1"] == 0.0
    assert cats["stray_capital"]["precision"] == 0.0 and cats["stray_capital"]["recall"] is None
    assert r["macro"]["f1"] == pytest.approx(1 / 3)  # (1 + 0 + 0) / 3


# ---------------------------------------------------------------- AUROC


def _pairwise_auroc(pos, neg):
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_auroc_extremes_and_ties():
    assert auroc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auroc([0.1], [0.9, 0.8]) == 0.0
    assert auroc([0.5, 0.5], [0.5, 0.5, 0.5]) == 0.5  # all tied: chance
    assert auroc([0.5, 0.8], [0.5, 0.1]) == pytest.approx(0.875)  # one tied pair counts one half


def test_auroc_matches_pairwise_count_with_many_ties():
    rng = random.Random(7)
    for _ in range(20):
        pos = [rng.choice([0, 0.1, 0.2, 0.5]) for _ in range(rng.randint(1, 12))]
        neg = [rng.choice([0, 0.1, 0.3]) for _ in range(rng.randint(1, 12))]
        assert auroc(pos, neg) == pytest.approx(_pairwise_auroc(pos, neg))


def test_auroc_undefined_without_both_classes():
    assert auroc([], [0.1]) is None and auroc([0.3], []) is None


def test_document_scores_accuracy_per_label():
    docs = [
        {"label": "mt", "score": 0.9, "verdict": "machine_translated"},
        {"label": "mt", "score": 0.4, "verdict": "suspect"},
        {"label": "human_original", "score": 0.0, "verdict": "clean"},
        {"label": "human_translation", "score": 0.7, "verdict": "machine_translated"},
    ]
    r = document_scores(docs)
    assert r["by_label"]["mt"]["accuracy"] == 0.5  # suspect is not the machine_translated verdict
    assert r["by_label"]["human_original"]["accuracy"] == 1.0
    assert r["by_label"]["human_translation"]["accuracy"] == 0.0
    assert r["accuracy"] == 0.5
    assert r["auroc"] == pytest.approx(0.75)


# ---------------------------------------------------------------- false flags and the system block


def _doc(key, label, findings, words=1000, source="s", gold_path=None):
    return EvalDocument(key=key, source=source, label=label, words=words, score=0.0, verdict="clean",
                        findings=findings, gold_path=gold_path)


def test_false_flags_count_evidence_at_warning_or_above_on_human_documents_only():
    human = _doc("h.txt", "human", [
        S(0, 3, "garbled_entity", "h.txt", "warning"),  # counts
        S(5, 8, "stray_capital", "h.txt", "error"),  # counts
        S(9, 12, "punctuation", "h.txt", "info"),  # too weak to count
        S(20, 30, "boilerplate", "h.txt", "warning"),  # furniture, not evidence
    ], words=500)
    mt = _doc("m.txt", "machine_translated", [S(0, 3, "garbled_entity", "m.txt")], words=500)
    gold = Gold(file=None, documents={})
    r = evaluate_documents(gold, [human, mt])
    assert r["false_flags"]["flags"] == 2
    assert r["false_flags_per_1k_words"] == pytest.approx(4.0)  # 2 flags in 500 human words
    assert r["false_flags"]["by_source"]["s"]["flagged_documents"] == 1


def test_boilerplate_is_scored_apart_from_mt_evidence():
    gold = Gold(file=None, documents={"g.txt": GoldDocument("g.txt", "machine_translated")},
                spans=[Span("g.txt", 0, 5, "garbled_entity"), Span("g.txt", 10, 20, "boilerplate")])
    doc = _doc("g.txt", "machine_translated", [
        S(0, 2, "garbled_entity", "g.txt"),
        S(12, 14, "stray_capital", "g.txt"),  # MT evidence on furniture: a wrong finding
        S(10, 20, "boilerplate", "g.txt"),
    ], gold_path="g.txt")
    r = evaluate_documents(gold, [doc])
    assert (r["spans"]["gold"], r["spans"]["predicted"], r["spans"]["correct"]) == (1, 2, 1)
    assert r["spans"]["precision"] == 0.5 and r["spans"]["recall"] == 1.0
    assert r["boilerplate"]["precision"] == 1.0 and r["boilerplate"]["recall"] == 1.0


# ---------------------------------------------------------------- gold file


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "record, message",
    [
        ({"type": "span", "path": "a.txt", "start": 3, "end": 3, "category": "punctuation"}, "start < end"),
        ({"type": "span", "path": "a.txt", "start": 0, "end": 3, "category": ""}, "needs a 'category'"),
        ({"type": "span", "path": "a.txt", "start": 0, "end": 3}, "needs a 'category'"),
        ({"type": "document", "path": "a.txt", "label": "robot"}, "unknown label"),
        ({"type": "note", "path": "a.txt"}, "unknown record type"),
        ({"start": 0}, "'path'"),
    ],
)
def test_bad_gold_records_name_file_and_line(tmp_path, record, message):
    gold = _write(tmp_path / "gold.jsonl", [{"type": "document", "path": "a.txt", "label": "human"}, record])
    with pytest.raises(EvalError, match=message) as info:
        load_gold(gold)
    assert f"{gold}:2" in str(info.value)


def test_broken_gold_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"path": "a.txt"\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"gold.jsonl:1: broken JSON"):
        load_gold(gold)


def test_the_seed_gold_reads_and_is_consistent():
    gold = load_gold(Path(__file__).resolve().parents[1] / "references/gold/seeds.jsonl")
    labels = {p.split("/")[-1][:3]: d.label for p, d in gold.documents.items()}
    assert labels == {"000": "machine_translated", "001": "human", "002": "human", "003": "human", "004": "human"}
    evidence = [s for s in gold.spans if s.category != "boilerplate"]
    assert evidence and all(s.path.endswith("000_a35475a38765537f.txt") for s in evidence)


# ---------------------------------------------------------------- the command, end to end on a tiny corpus

ARTICLE = (
    "Der Senator sprach am Montag in Berlin. Die Regierung kündigte Für nächste Woche Gespräche an, "
    "sagte er in a statement am Montag.\n\nSchreibe einen Kommentar\n"
)


def _tiny_gold(tmp_path, text=ARTICLE):
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    spans = [("Für", "stray_capital"), ("in a statement", "untranslated_fragment"),
             ("Schreibe einen Kommentar", "boilerplate")]
    records = [{"type": "document", "path": str(article), "label": "machine_translated",
                "sha256": hashlib.sha256(ARTICLE.encode()).hexdigest()}]
    for snippet, category in spans:
        start = ARTICLE.index(snippet)
        records.append({"type": "span", "path": str(article), "start": start, "end": start + len(snippet),
                        "category": category, "text": snippet})
    return _write(tmp_path / "gold.jsonl", records)


def test_eval_json_has_the_contract_fields(tmp_path, capsys):
    gold = _tiny_gold(tmp_path)
    assert main(["eval", "--gold", str(gold), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("precision", "recall", "f1", "by_category"):
        assert key in report["spans"]
    assert report["spans"]["gold"] == 2
    assert "false_flags_per_1k_words" in report and "documents" in report
    assert "baseline" in report
    if shutil.which("hunspell"):
        assert "spans" in report["baseline"] or report["baseline"].get("skipped")


def test_eval_accepts_gold_categories_mtcheck_does_not_have(tmp_path, capsys):
    """Gold from others (MQM, other annotators) uses its own categories: reported per category,
    never refused; macro figures stay over mtcheck's categories."""
    gold = _tiny_gold(tmp_path)
    records = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines()]
    start = ARTICLE.index("Für")
    records.append({"type": "span", "path": records[0]["path"], "start": start, "end": start + 3,
                    "category": "garbled_headline"})
    _write(gold, records)
    assert main(["eval", "--gold", str(gold), "--format", "json", "--no-baseline"]) == 0
    spans = json.loads(capsys.readouterr().out)["spans"]
    foreign = spans["by_category"]["garbled_headline"]
    assert foreign["foreign"] is True and foreign["gold"] == 1 and foreign["recall_any"] == 1.0
    assert "foreign" not in spans["by_category"]["stray_capital"]
    own = [c for c in spans["by_category"].values() if not c.get("foreign")]
    assert spans["macro"]["f1"] == pytest.approx(sum(c["f1"] for c in own) / len(own))
    assert main(["eval", "--gold", str(gold), "--no-baseline"]) == 0
    assert "garbled_headline (not an mtcheck category)" in capsys.readouterr().out


def test_eval_refuses_gold_that_no_longer_fits_the_text(tmp_path, capsys):
    gold = _tiny_gold(tmp_path, text=ARTICLE.replace("Senator", "Senatorin"))
    assert main(["eval", "--gold", str(gold), "--no-baseline"]) == 2
    assert "changed since it was annotated" in capsys.readouterr().err


def test_eval_missing_gold_file_is_a_clear_error(tmp_path, capsys):
    assert main(["eval", "--gold", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


# ---------------------------------------------------------------- spell-checker baseline


def test_flags_for_matches_whole_words_only():
    text = "Hauss und Hausschuh, Hauss-Tür und Hauss."
    flags = flags_for(text, {"Hauss"})
    assert [(f.start, f.end) for f in flags] == [(0, 5), (35, 40)]
    assert all(text[f.start : f.end] == "Hauss" for f in flags)


def test_baseline_without_hunspell_skips_with_a_note():
    checker = SpellChecker(executable=None)
    assert checker.check({"a": ("Text", "de")}) == {"a": None}
    assert "not installed" in checker.notes[0]


@pytest.mark.skipif(not shutil.which("hunspell"), reason="hunspell is not installed")
def test_baseline_with_hunspell_flags_unknown_words_and_skips_missing_dictionaries():
    checker = SpellChecker()
    if "de_DE" not in checker.installed_dictionaries():
        pytest.skip("hunspell-de-de is not installed")
    result = checker.check({"de": ("Das Haus ist grosss und schön.", "de"), "xx": ("Text", "xx")})
    assert [f.text for f in result["de"]] == ["grosss"]
    assert result["xx"] is None and any("'xx'" in n for n in checker.notes)


# ---------------------------------------------------------------- gate logic


GATE = {
    "tolerance": 0.02,
    "floors": {"spans.recall": {"value": 0.6}, "spans.precision": {"value": 0.9, "tolerance": 0.05}},
    "ceilings": {"false_flags.by_source.s.per_1k_words": {"value": 0.5, "tolerance": 0.1}},
}


def _report(recall, precision, flags):
    return {"spans": {"recall": recall, "precision": precision},
            "false_flags": {"by_source": {"s": {"per_1k_words": flags}}}}


def test_gate_passes_within_tolerance_and_fails_beyond_it():
    assert check_gate(_report(0.59, 0.86, 0.55), GATE) == []
    failures = check_gate(_report(0.57, 0.84, 0.7), GATE)
    assert len(failures) == 3
    assert any("spans.recall" in f and "below the floor" in f for f in failures)
    assert any("per_1k_words" in f and "above the ceiling" in f for f in failures)


def test_gate_fails_on_a_metric_it_cannot_find():
    assert check_gate({"spans": {"precision": 1.0}}, {"floors": {"spans.recall": {"value": 0.1}}})


def test_update_gate_raises_floors_freely_and_refuses_to_lower_them():
    new, refusals = update_gate(_report(0.7, 0.95, 0.2), GATE)
    assert refusals == [] and new["floors"]["spans.recall"]["value"] == 0.7
    assert new["floors"]["spans.precision"]["tolerance"] == 0.05  # tolerances are kept
    new, refusals = update_gate(_report(0.5, 0.95, 0.9), GATE)
    assert len(refusals) == 2 and new["floors"]["spans.recall"]["value"] == 0.6
    new, refusals = update_gate(_report(0.5, 0.95, 0.9), GATE, allow_lower=True)
    assert refusals == [] and new["floors"]["spans.recall"]["value"] == 0.5


def test_update_gate_cli_needs_allow_lower_to_lower_a_floor(tmp_path, capsys):
    gold = _tiny_gold(tmp_path)
    gate = tmp_path / "gate.json"
    gate.write_text(json.dumps({"tolerance": 0.0, "floors": {"spans.recall": {"value": 1.01}}}), encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--no-baseline", "--gate", str(gate)]) == 1
    assert "gate FAILED" in capsys.readouterr().err
    assert main(["eval", "--gold", str(gold), "--no-baseline", "--gate", str(gate), "--update-gate"]) == 1
    assert json.loads(gate.read_text())["floors"]["spans.recall"]["value"] == 1.01  # untouched
    assert main(["eval", "--gold", str(gold), "--no-baseline", "--gate", str(gate), "--update-gate",
                 "--allow-lower"]) == 0
    pinned = json.loads(gate.read_text())["floors"]["spans.recall"]["value"]
    assert pinned <= 1.0
    assert main(["eval", "--gold", str(gold), "--no-baseline", "--gate", str(gate)]) == 0


def test_eval_table_prints_names_as_they_are(tmp_path, capsys, monkeypatch):
    """Paths are printed literally: a folder '[bold]x' was shown bold (markup), and '[/]' in a path ended the
    command in rich's MarkupError."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "[bold]x" / "[" / "]y"  # a path reading '[bold]x/[/]y/a.txt'
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    _write(tmp_path / "gold.jsonl", [{"type": "document", "path": "[bold]x/[/]y/a.txt", "label": "human"}])
    assert main(["eval", "--gold", "gold.jsonl", "[bold]x", "--no-baseline"]) == 0
    out = capsys.readouterr().out
    assert "inputs [bold]x" in out
