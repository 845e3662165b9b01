"""False flags on human news, fourth pass (docs/eval.md "Human news at scale, fourth pass"): MT103 on a dateline,
MT601 on a doubled question word, verb or number, MT603 on a chain, MT602 on a longer name, MT501 on mixed quote
marks, MT502 on mojibake. Every sentence is invented; each negative case was flagged by main 7d48892, and the
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


def test_mt601_question_words_verbs_and_numbers_doubled_on_purpose():
    assert run("Die Agentur zählt, wie und wie oft welche Politiker zu Wort kommen.", "MT601") == []
    assert run("Der Schuldenberg wächst und wächst, und die Stadt redet und redet weiter.", "MT601") == []
    assert run("Bald zählten die Nachbarn zwei und zwei zusammen.", "MT601") == []
    # One word for two source words (wmt-de-train MT outputs' shapes) stays flagged.
    assert run("Forscher testen Medikamente willkürlich und willkürlich, warnte er.", "MT601") == [
        "willkürlich und willkürlich"]
    assert run("Es gibt viele und viele kleine Studien mit ein paar Dutzend Patienten.", "MT601") == ["viele und viele"]
    assert run("Die Partei vertritt konservative und konservative Positionen.", "MT601") == [
        "konservative und konservative"]
    # An adjective in -t is no verb ("guter" is a word, "wächster" is not).
    assert run("Das Essen war gut und gut, sagte sie.", "MT601") == ["gut und gut"]
    # A participle or a verb with its prefix on is no doubling for duration (wmt-de-train MT outputs' shapes).
    assert run("Die Blüten werden von Insekten bestäubt und bestäubt.", "MT601") == ["bestäubt und bestäubt"]
    assert run("Das Gerät nimmt alles auf, was herauskommt und herauskommt.", "MT601") == [
        "herauskommt und herauskommt"]


def test_mt603_a_chain_is_no_duplicate():
    assert run("Geld kauft Macht und Macht kauft Geld, sagte er.", "MT603") == []
    assert run("Am Montag trafen sich die Regierung und Regierung, hieß es.", "MT603") == ["Regierung und Regierung"]


def test_mt501_a_straight_quote_pairs_with_a_german_one():
    assert run('Er sagte, dass „sie nichts tue“ und dass sie "sich um nichts kümmere“.', "MT501") == []
    # Debris is still flagged, and so is a stray closer ending its line: an engine that dropped an opener
    # ("... zum Nachdenken auf.“") leaves the same shape as a translator who did ("... MaPrimeRénov“."), so it is
    # left flagged (docs/eval.md, fourth pass).
    assert run("Drei Bereiche haben „Vorrang: Wohnen und Verkehr“, mit mehr Mitteln für Bonus“.", "MT501") == ["“"]
    assert run("Er sagte: „Das ist beunruhigend.“ .“ an einige Geheimdienste.“ Dann ging er.", "MT501") == ["“", "“"]
    assert run("Er sagte, es sei „gut“. .“ Dann ging er.", "MT501") == ["“"]
    assert run("Er rief: „Das ist genug.““\nDann ging er.", "MT501") == ["“"]  # a doubled closer ending its line


def test_mt502_mojibake_trade_mark_is_no_quote():
    assert run("Das Gateway von Nuage Networksâ„¢ verbindet Filialen.", "MT502") == []
    assert run("Er nannte es „absurd„ und ging.", "MT502") == ["„"]


def test_mt602_a_longer_name_is_not_its_own_agent():
    assert run("Die Aktie ist an der Börse Euronext Amsterdam von Euronext notiert.", "MT602") == []
    assert run("Obwohl der Vertrag nie zustande kam, wurde SpaceX teilweise von SpaceX finanziert.", "MT602") == [
        "SpaceX teilweise von SpaceX"]
