"""Segmentation: sentence boundaries in German, Dutch and English news, exact offsets."""

from __future__ import annotations

import pytest

from mtcheck.pipeline.segment import segment


def _sentences(text: str) -> list[str]:
    return [s.text for s in segment(text).sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Plain sentence ends.
        ("Das ist gut. Das ist schlecht! Warum? Darum.", ["Das ist gut.", "Das ist schlecht!", "Warum?", "Darum."]),
        # German ordinal dates and numbered names do not end a sentence.
        ("Die Wahl findet am 5. Oktober statt. Danach zählt man.", ["Die Wahl findet am 5. Oktober statt.", "Danach zählt man."]),
        ("Der 1. FC Köln gewann. Schalke verlor.", ["Der 1. FC Köln gewann.", "Schalke verlor."]),
        # A year before the full stop does end one, and so does a bare amount.
        ("Das Gesetz gilt seit 2019. Die Opposition klagt.", ["Das Gesetz gilt seit 2019.", "Die Opposition klagt."]),
        ("Der Wert stieg auf 250. Das ist viel.", ["Der Wert stieg auf 250.", "Das ist viel."]),
        # Three-digit ordinals after an article or before a month.
        ("Sie feiert ihren 100. Geburtstag. Alle kamen.", ["Sie feiert ihren 100. Geburtstag.", "Alle kamen."]),
        ("Er wurde zum 125. Mal gewählt. Gut.", ["Er wurde zum 125. Mal gewählt.", "Gut."]),
        # Abbreviations and initials.
        ("Dr. Müller sprach mit Prof. Schmidt. Sie waren einig.", ["Dr. Müller sprach mit Prof. Schmidt.", "Sie waren einig."]),
        ("Es gab z. B. Äpfel, d.h. Obst. Dann Brot.", ["Es gab z. B. Äpfel, d.h. Obst.", "Dann Brot."]),
        ("Er flog nach Washington, D.C. und traf J. Biden. Dann ging er.", ["Er flog nach Washington, D.C. und traf J. Biden.", "Dann ging er."]),
        ("Rund 5 Mio. Menschen sind betroffen. Das ist viel.", ["Rund 5 Mio. Menschen sind betroffen.", "Das ist viel."]),
        ("Das berichtete NOLA.com. Die Polizei schwieg.", ["Das berichtete NOLA.com.", "Die Polizei schwieg."]),
        # A full stop before a lower-case word does not end a sentence.
        ("Er kam ca. zehn Minuten zu spät. Sie nicht.", ["Er kam ca. zehn Minuten zu spät.", "Sie nicht."]),
        # Quotes: the closing quote belongs to the sentence; a reporting clause after "?" stays.
        ("„Wir gehen.“ Er ging. „Warum?“ fragte sie.", ["„Wir gehen.“", "Er ging.", "„Warum?“ fragte sie."]),
        ('"Es reicht", sagte er. "Genug."', ['"Es reicht", sagte er.', '"Genug."']),
        # Companies: "AG." at the end of a sentence is a sentence end.
        ("Der Gewinn stieg bei der Siemens AG. Die Aktie fiel.", ["Der Gewinn stieg bei der Siemens AG.", "Die Aktie fiel."]),
        # Dutch and English.
        ("Volgens dhr. Jansen is het klaar. Dat klopt.", ["Volgens dhr. Jansen is het klaar.", "Dat klopt."]),
        ("Mr. Smith met Sen. Graham on Monday. They talked.", ["Mr. Smith met Sen. Graham on Monday.", "They talked."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert _sentences(text) == expected


def test_lines_inside_a_paragraph_are_units_unless_wrapped():
    text = "Foto: Reuters\nDer Minister sprach lange\nund sagte nichts.\nEnde"
    assert _sentences(text) == ["Foto: Reuters", "Der Minister sprach lange\nund sagte nichts.", "Ende"]


def test_paragraphs_and_offsets_are_exact():
    text = "\ufeffTitel\r\n\r\n  Erster Satz. Zweiter Satz.  \n\n\n\tDritter Absatz.\n"
    doc = segment(text)
    assert [p.text for p in doc.paragraphs] == ["\ufeffTitel", "Erster Satz. Zweiter Satz.", "Dritter Absatz."]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 1, 2]
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
    assert [t.text for t in doc.sentences[1].tokens] == ["Erster", "Satz", "."]
    assert [t.text for t in doc.sentences[1].words] == ["Erster", "Satz"]
    assert doc.word_count == 7


def test_sentence_at_finds_the_enclosing_sentence():
    text = "Eins zwei. Drei vier.\n\nFünf."
    doc = segment(text)
    assert doc.sentence_at(0).text == "Eins zwei."
    assert doc.sentence_at(text.index("vier")).text == "Drei vier."
    assert doc.sentence_at(text.index("Fünf")).text == "Fünf."
    assert doc.sentence_at(text.index(" Drei")) is None  # the space between two sentences
    assert doc.sentence_at(len(text)) is None


@pytest.mark.parametrize("text", ["", "   \n\n \t", "...", "a" * 50, "x." * 1000])
def test_degenerate_texts(text):
    doc = segment(text)
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip()


def test_seed_sentences_cover_the_text(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = segment(text)
        assert doc.sentences, path.name
        previous_end = 0
        for sentence in doc.sentences:
            assert sentence.start >= previous_end
            assert text[previous_end : sentence.start].strip() == "", (path.name, text[previous_end : sentence.start])
            previous_end = sentence.end
        assert text[previous_end:].strip() == ""
