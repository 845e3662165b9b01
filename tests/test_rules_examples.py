"""Every rule's own positive and negative examples, run through the real pipeline."""

from __future__ import annotations

import pytest

from mtcheck.pipeline.entity_index import build_index, default_references_dir
from mtcheck.pipeline.records import Article
from mtcheck.rules import all_rules
from mtcheck.pipeline.scan import analyse

RULES = all_rules()
INDEX = build_index(references=default_references_dir())


def _cases(kind):
    for code, rule in RULES.items():
        for number, example in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, example, id=f"{code}-{kind}-{number}")


def _findings(rule, example):
    article = Article(path="example.txt", text=example.text)
    result = analyse(article, [rule], INDEX, forced_lang=example.lang)
    return result.findings


def test_every_rule_has_examples_and_docs():
    for code, rule in RULES.items():
        assert rule.positive, f"{code} has no positive example"
        assert rule.negative, f"{code} has no negative example"
        for field in ("summary", "why", "example", "false_positives"):
            assert getattr(rule, field).strip(), f"{code} has no {field}"


@pytest.mark.parametrize("rule,example", list(_cases("positive")))
def test_positive_example_is_flagged(rule, example):
    findings = _findings(rule, example)
    assert findings, f"{rule.code} missed: {example.text!r}"
    for f in findings:
        assert example.text[f.start:f.end] == f.text
    if example.span is not None:
        assert example.span in [f.text for f in findings], [f.text for f in findings]


@pytest.mark.parametrize("rule,example", list(_cases("negative")))
def test_negative_example_is_not_flagged(rule, example):
    findings = _findings(rule, example)
    assert not findings, f"{rule.code} flagged {[f.text for f in findings]} in {example.text!r}"


def test_model_rule_codes_are_documented_and_selectable():
    from mtcheck.rules import documented_rules, select_codes, select_rules

    documented = documented_rules()
    assert {"MT901", "MT902", "MT903", "MT904"} <= set(documented)
    for code in ("MT901", "MT902", "MT903", "MT904"):
        assert code in documented[code].documentation()
    # --select MT9 keeps the model rules and no offline rule; --ignore MT9 keeps every offline rule.
    assert select_codes(["MT90"]) == {"MT901", "MT902", "MT903", "MT904"}
    assert select_codes(["MT9"]) == {"MT901", "MT902", "MT903", "MT904", "MT950"}
    assert "detector" in documented["MT950"].documentation() and documented["MT950"].category == "mt_style"
    assert select_rules(["MT9"]) == []
    assert [r.code for r in select_rules(ignore=["MT9"])] == [c for c, r in RULES.items() if not r.preview]
    assert [r.code for r in select_rules(ignore=["MT9"], preview=True)] == list(RULES)
    with pytest.raises(KeyError):
        select_codes(["MT999"])
