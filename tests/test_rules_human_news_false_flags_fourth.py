"""False flags on human news, fourth pass (docs/eval.md "Human news at scale, fourth pass"): MT103 on a dateline,
MT601 on a doubled question word, verb or number, MT603 on a chain, MT602 on a longer name, MT501 on mixed and paragraph-final quote
marks, MT502 on mojibake. Every sentence is invented; each negative case was flagged by main d250c5d, and the
shapes next to it that the rules exist for must stay flagged."""

from __future__ import annotations

from mtcheck.pipeline.entity_index import EntityIndex
from mtcheck.pipeline.records import Article
from mtcheck.pipeline.scan import analyse
from mtcheck.rules import select_rules


def run(text: str, select: str, lang: str = "de"):
    result = analyse(Article(path="t.txt", text=text), select_rules([select]), EntityIndex(), forced_lang=lang)
    return [f.text for f in result.findings]


def test_mt103_a_dateline_keeps_the_agencys_spelling():
    assert run("Haller stürzt vor dem Ziel. San Remo – Außenseiter Demare hat in Sanremo gewonnen.", "MT103") == []
    assert run("Las Vegas (APA) – Die Show in LasVegas war ausverkauft.", "MT103") == []
    # Inside a sentence, or without the dash, the split is still flagged.
    assert run("Der Sieger kam aus San Remo – und in Sanremo feierte man.", "MT103") == ["San Remo"]
    assert run("Die Version heißt StarShield. Star Shield ist nicht bereit.", "MT103") == ["Star Shield"]
