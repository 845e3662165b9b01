"""Garbled-entity (MT1xx) and glued-token (MT2xx) rules on the seeds, on human text and on tricky cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mtcheck.pipeline.entity_index import NearMissIndex, article_names, build_index, default_references_dir
from mtcheck.pipeline.records import Article
from mtcheck.rules import select_rules
from mtcheck.pipeline.scan import ScanOptions, analyse, scan

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"
RULES = select_rules(["MT1", "MT2"])
REFERENCES = default_references_dir()
GAZETTEERS = build_index(references=REFERENCES)


def _scan_seeds():
    options = ScanOptions(paths=[str(SEEDS)], select=["MT1", "MT2"], references=REFERENCES)
    return {r.article.path.rsplit("/", 1)[-1][:3]: r for r in scan(options)}


@pytest.fixture(scope="module")
def seed_results():
    return _scan_seeds()


def _find(result, rule, needle, occurrence_prefix=""):
    """The finding of ``rule`` whose span is ``needle`` at the offset where ``occurrence_prefix + needle``
    first occurs in the text (the prefix pins one occurrence among several)."""
    text = result.article.text
    start = text.index(occurrence_prefix + needle) + len(occurrence_prefix)
    matching = [f for f in result.findings if f.rule == rule and f.start == start]
    assert matching, f"{rule} did not flag {needle!r} at {start}: {[(f.rule, f.text) for f in result.findings]}"
    finding = matching[0]
    assert finding.end == start + len(needle)
    assert text[finding.start:finding.end] == finding.text == needle
    return finding


EXPECTED_IN_SEED_000 = [
    # rule, span, prefix that pins the occurrence, suggestion, words the message must contain
    ("MT101", "Mask", "„", "Musk", ["one letter from 'Musk'", "times in this article"]),
    ("MT102", "Anna Money Maker", "", "Anna Moneymaker", ["Moneymaker", "English"]),
    ("MT103", "Star Shield", "", "StarShield", ["'StarShield' elsewhere in this article"]),
    ("MT201", "GrahamRSC", "", "Graham (R-SC)", ["Lindsey Graham", "Republican", "SC"]),
    ("MT202", "zuvorMusk", "", "zuvor Musk", ["'zuvor' and 'Musk'"]),
    ("MT202", "Milnerdas", "", "Milner das", ["'Milner'", "'das' glued on"]),
]


@pytest.mark.parametrize("rule,span,prefix,suggestion,words", EXPECTED_IN_SEED_000, ids=[e[1] for e in EXPECTED_IN_SEED_000])
def test_seed_000_artifact_found_at_its_offset(seed_results, rule, span, prefix, suggestion, words):
    finding = _find(seed_results["000"], rule, span, prefix)
    assert finding.suggestion == suggestion
    for word in words:
        assert word in finding.message
    assert finding.severity in ("warning", "error")


def test_seed_000_malik_reported_as_info(seed_results):
    finding = _find(seed_results["000"], "MT104", "Malik", "bevor ")
    assert finding.severity == "info"  # a hint for the reader, not proof: see MT104's false positives
    assert "named once" in finding.message and "'bevor'" in finding.message
    assert finding.suggestion is None  # nothing in the data says who was meant


def test_seed_000_mask_evidence_counts_musk(seed_results):
    text = seed_results["000"].article.text
    finding = _find(seed_results["000"], "MT101", "Mask", "„")
    musk = len([w for w in re.findall(r"\b\w+\b", text) if w == "Musk"])
    assert f"named {musk} times in this article" in finding.message


def test_seed_000_has_no_other_entity_findings(seed_results):
    expected = {(e[0], e[1]) for e in EXPECTED_IN_SEED_000} | {("MT104", "Malik")}
    found = {(f.rule, f.text) for f in seed_results["000"].findings}
    assert found == expected


@pytest.mark.parametrize("seed", ["001", "002", "003", "004"])
def test_human_seeds_get_no_entity_or_glue_findings(seed_results, seed):
    assert seed_results[seed].findings == []


def _run(text, lang="de", index=GAZETTEERS, rules=RULES):
    return analyse(Article(path="case.txt", text=text), rules, index, forced_lang=lang).findings


@pytest.mark.parametrize(
    "text",
    [
        # inflections differ in length: never a near miss
        "Wladimir Putin sprach. Putin sagte nichts. Putins Lob kam. Putin schwieg. Elon Musk nickte. Musks Firma.",
        # a human typo makes a rarer word, not a more common one
        "Ishwar Vidyasagar lebte in Bengalen. Vidyasagar lehrte. Vidyasagar schrieb. Vidaysagar starb 1891.",
        # a German noun next to a frequent name
        "Der Iran reichert an. Iran droht. Im Iran wird gewählt. Teheran und Iran. Die Zentrifugen nutzen Uran.",
        # a second person with a first name of their own
        "Thomas Maier leitet das Amt. Maier sagte, die Lage sei ernst. Maier will handeln. Maier sprach lange. "
        "Auch Stefan Meier von der Opposition äußerte sich.",
        # accents only
        "Jürgen Müller sagte, Müller werde bleiben. Müller blieb. Müller lachte. Auf Englisch: Muller said so.",
        # surname particles and camel case brands
        "Der Moderator Jonathan Van Ness sprach. Das Unternehmen SpaceX und die Plattform YouTube sind bekannt.",
        # inflected nouns are not a name with a function word glued on
        "Ein Waffenteil fehlte, bei den Waffenteilen gab es Lücken. Der Terror, der Terrorist.",
        # a bare name after a conjunction that the article introduced, or a common word
        "Der Analyst Ian Bremmer schrieb, dass Bremmer selbst mit Musk gesprochen habe, bevor Berlin reagierte.",
    ],
)
def test_tricky_negatives(text):
    findings = _run(text)
    assert findings == [], [(f.rule, f.text, f.message) for f in findings]


def test_near_miss_index_substitution_and_transposition_only():
    index = NearMissIndex(["Musk", "Putin", "Milner"])
    assert index.lookup("Mask") == ["Musk"]
    assert index.lookup("Ptuin") == ["Putin"]  # adjacent transposition
    assert index.lookup("Putins") == []  # insertion: an inflection, not a garble
    assert index.lookup("Musk") == []  # itself
    assert index.lookup("Xi") == []  # too short to judge


def test_corpus_name_makes_a_one_off_variant_suspect():
    corpus = [f"Elon Musk sprach am Tag {n}. Musk sagte etwas. Musk ging." for n in range(5)]
    index = build_index(corpus, references=REFERENCES)
    text = "Der Unternehmer hat sich geäußert. Später erzählte Mask einem Publikum von Raketen."
    index.add_article(text)
    findings = [f for f in _run(text, index=index) if f.rule == "MT101"]
    assert [f.text for f in findings] == ["Mask"]
    assert findings[0].suggestion == "Musk"
    assert "scanned articles" in findings[0].message


def test_article_names_counts_mid_sentence_and_first_names():
    text = "Elon Musk sprach. Musk sagte, dass Musk bleibt."
    names = article_names(text, sentence_starts=[0, 18])
    assert names.counts["Musk"] == 3
    assert names.mid_sentence["Musk"] == 2  # the one opening "Musk sagte" is grammar, not evidence
    assert names.before["Musk"] == {"Elon": 1}


@pytest.mark.skipif(not (SHARED_DATA / "wmt-de-dev.jsonl").is_file(), reason="shared WMT data not present")
def test_no_findings_on_wmt_human_documents():
    labels = {}
    with open(SHARED_DATA / "wmt-de-dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            labels[record["id"]] = record["label"]
    options = ScanOptions(paths=[str(SHARED_DATA / "wmt-de-dev.jsonl")], select=["MT1", "MT2"], references=REFERENCES)
    flagged = [
        (result.article.id, f.rule, f.text)
        for result in scan(options)
        if labels[result.article.id] != "mt"
        for f in result.findings
    ]
    assert flagged == []


def _gazetteer_index(corpus, source="test.tsv"):
    """A scanned corpus plus one gazetteer person, Elise Stefanik (from a file named ``source``)."""
    from mtcheck.pipeline.entity_index import EntityIndex, Person

    index = EntityIndex()
    for text in corpus:
        index.add_article(text)
    person = Person(full_name="Elise Stefanik", first="Elise", last="Stefanik", party="Republican", state="NY",
                    source=source)
    index.by_last["Stefanik"] = [person]
    index.first_names.add("Elise")
    return index


def test_gazetteer_spelling_wins_over_the_article_majority():
    # The garble is the article's majority spelling: MT101 has no right spelling to count; MT106 asks the gazetteer.
    text = ("Die Abgeordnete Elise Stefanick sprach am Montag. Stefanick sagte, sie sei bereit. Stefanick lobte "
            "Elise Stefanik.")
    index = _gazetteer_index([text])
    findings = _run(text, index=index)
    garbled = [f for f in findings if f.rule == "MT106"]
    assert [f.text for f in garbled] == ["Stefanick"] * 3
    assert all(f.suggestion == "Stefanik" for f in garbled)
    # The gazetteer's spelling is never reported as a near miss of the majority garble.
    assert not [f for f in findings if f.text == "Stefanik"]


def test_a_garble_repeated_across_the_corpus_does_not_become_canonical():
    corpus = [f"Die Republikanerin Elise Stefanick sprach am Tag {n}. Stefanick sagte etwas. Stefanick ging."
              for n in range(6)]
    text = "Die Abgeordnete hat sich geäußert. Später sagte Stefanik, sie sei bereit."
    index = _gazetteer_index(corpus + [text])
    findings = _run(text, index=index)
    assert not [f for f in findings if f.rule.startswith("MT1") and f.text == "Stefanik"]
    # ... and the garble itself is reported in the articles that write it with the gazetteer's first name.
    assert [f.text for f in _run(corpus[0], index=index) if f.rule == "MT106"] == ["Stefanick"] * 3


def test_gazetteer_names_only_in_articles_about_politics():
    # The gazetteers list politicians: a namesake in a sports result is another person, not a garble.
    sport = "Im Finale lief Elise Stefanick 11,02 Sekunden. Stefanick wurde Vierte. Stefanick war zufrieden."
    index = _gazetteer_index([sport])
    assert not [f for f in _run(sport, index=index) if f.rule == "MT106"]
    politics = sport.replace("Im Finale lief", "Die Senatorin")
    index = _gazetteer_index([politics])
    assert [f.text for f in _run(politics, index=index) if f.rule == "MT106"] == ["Stefanick"] * 3


def test_gazetteer_names_only_in_articles_about_their_country():
    # A US gazetteer person is garbled in articles about US politics; an Austrian article on an election that names
    # a political scientist one letter from a congresswoman is about another person (invented sentences).
    austrian = ("Vor der Präsidentenwahl verglich die Politologin Elise Stefanick in Wien die Programme der Kandidaten. "
                "Stefanick fand wenig Neues. Stefanick lehrt in Graz.")
    index = _gazetteer_index([austrian], source="us_test.tsv")
    assert not [f for f in _run(austrian, index=index) if f.rule == "MT106"]
    american = austrian.replace("Vor der Präsidentenwahl", "Vor der Wahl zum US-Kongress")
    index = _gazetteer_index([american], source="us_test.tsv")
    assert [f.text for f in _run(american, index=index) if f.rule == "MT106"] == ["Stefanick"] * 3
    # A gazetteer file without a known country prefix keeps the politics test only.
    index = _gazetteer_index([austrian])
    assert [f.text for f in _run(austrian, index=index) if f.rule == "MT106"] == ["Stefanick"] * 3


def test_name_spelled_two_ways_only_with_each_spelling_twice():
    text = ("Präsident Selenskyj sprach in Kiew. Selenskyj sagte, die Lage sei ernst. Später betonte Zelensky, er "
            "brauche Hilfe. Zelensky reist nach Berlin.")
    result = analyse(Article(path="t.txt", text=text), select_rules(["MT105"], preview=True), build_index(),
                     forced_lang="de")
    assert [f.text for f in result.findings] == ["Zelensky", "Zelensky"]
    once = text.replace("Zelensky reist", "Er reist")
    result = analyse(Article(path="t.txt", text=once), select_rules(["MT105"], preview=True), build_index(),
                     forced_lang="de")
    assert result.findings == []
