"""Mixed-language pages (issue 12, part 4): languages per paragraph."""

from __future__ import annotations

from mtcheck.pipeline.entity_index import EntityIndex
from mtcheck.pipeline.language import mask, paragraph_languages
from mtcheck.pipeline.records import Article
from mtcheck.pipeline.scan import analyse
from mtcheck.pipeline.segment import segment
from mtcheck.rules import select_rules

NL = [
    "Het kabinet wil de belasting op arbeid verlagen, zo maakte de minister dinsdag bekend in Den Haag.",
    "De oppositie reageerde kritisch op de plannen en wil meer duidelijkheid over de financiering ervan.",
    "Volgens de minister gaat het om een bedrag van ruim twee miljard euro dat vanaf volgend jaar beschikbaar komt.",
]
EN = [
    "The minister said the plan would be presented to parliament next week, together with the budget.",
    "Critics argued that the proposal did not explain where the money would come from in the long run.",
]


def test_half_english_half_dutch_page_gets_dutch_rules_and_a_finding_per_english_paragraph():
    text = "\n\n".join([EN[0], NL[0], EN[1], NL[1], NL[2]])
    result = analyse(Article(path="p.txt", text=text), select_rules(), EntityIndex())
    assert result.article.lang == "nl"
    flagged = [f.text for f in result.findings if f.rule == "MT402"]
    assert flagged == EN
    for f in result.findings:
        assert text[f.start : f.end] == f.text


def test_an_english_page_quoting_one_dutch_sentence_stays_english():
    more = [e.replace("minister", "premier").replace("money", "cash") for e in EN]
    text = "\n\n".join(EN + more + EN + more + [NL[0]])
    target, english = paragraph_languages(segment(text), "en")
    assert target == "en" and english == []


def test_german_rules_never_see_the_english_paragraphs():
    # "In" capitalised after a word would be a stray capital in German text; in an English paragraph it is
    # English title case, and the paragraph is blanked for the German rules.
    english = "The series Frankly In Love was praised by critics across the country, and the show was renewed."
    german = [
        "Die Regierung will die Steuern auf Arbeit senken, teilte der Minister am Dienstag in Berlin mit.",
        "Die Opposition kritisierte die Pläne scharf und verlangte mehr Klarheit über die Finanzierung.",
    ]
    text = "\n\n".join([german[0], english, german[1]])
    result = analyse(Article(path="p.txt", text=text), select_rules(), EntityIndex(), forced_lang="de")
    assert [f.rule for f in result.findings if f.is_evidence] == ["MT402"]


def test_mask_keeps_offsets_and_line_breaks():
    assert mask("ab\ncd\nef", [(1, 5)]) == "a \n  \nef"
