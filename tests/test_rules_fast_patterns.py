"""Regular expressions rewritten for speed (a word boundary moved behind the first letter,
possessive runs) find exactly what their plain forms find."""

from __future__ import annotations

import random
import re

import pytest

from mtcheck.rules.entities import NameTranslatedAsWords
from mtcheck.rules.glued import _LOWER_UPPER_RE, _PARTY_STATE_RE

PLAIN = [
    (_LOWER_UPPER_RE, r"\b([a-zäöüß]{3,})([A-ZÄÖÜ][a-zäöüß]+)\b"),
    (_PARTY_STATE_RE, r"\b([A-Z][a-z]+)([RDI])([A-Z]{2})\b"),
]
PIECES = ["Graham", "RSC", "R", "SC", "zuvor", "Musk", "Anna", "Money", "Maker", "ab", "Ä", "ä", "ß", " ", "  ",
          "-", "_", "5", "\n", "é", "É", "×", "x", "Xy", ".", "DMA"]


@pytest.mark.parametrize("fast, plain", PLAIN, ids=["lower-upper", "party-state"])
def test_fast_pattern_equals_plain_form(fast, plain, seeds_dir):
    plain = re.compile(plain)
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16))) for _ in range(5000)]
    for text in texts:
        got = [(m.span(), m.groups(), m.span(1)) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groups(), m.span(1)) for m in plain.finditer(text)], text


def test_glued_opening_quote_pattern_equals_plain_form():
    from mtcheck.rules.punctuation import _GLUED_OPEN_RE

    plain = re.compile(r"(?<=[\w\]).,;!?])„")
    rng = random.Random(8)
    pieces = ["„", "“", "a", "]", ".", ",", " ", "\n", "_", "5", "!", "(", "ä"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _GLUED_OPEN_RE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_credit_patterns_equal_their_word_boundary_forms(seeds_dir):
    # furniture's credit patterns put each opener first and its boundary behind it (w(?<!\ww)) instead of \b(?:...)
    from mtcheck.rules import furniture

    agency = furniture._AGENCY
    plain = {
        2: rf"\b(?:{furniture._CREDIT_OPENERS})\s*:\s*[^\n:]{{0,100}}?[/|]\s*{agency}",
        4: rf"\b(?:Foto|Beeld)\s+{agency}(?:\s*/\s*[\w.'’ -]{{1,40}})?",
    }
    rng = random.Random(9)
    pieces = ["Foto", "Fotos", "Bild", "Bilder", "Beeld", "Quelle", "x", "_", "5", "é", "Ä", ":", " : ", "/", "|",
              " dpa", " AP", " Reuters", "picture alliance", "\n", " ", "Foto ANP", "Bildnachweis: x / dpa", "."]
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    for i, form in plain.items():
        fast, slow = furniture._CREDIT_RES[i], re.compile(form)
        assert fast.pattern != slow.pattern
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)], text


def test_fronted_adverbial_and_glued_function_word_patterns_equal_their_plain_forms(seeds_dir):
    # MT701's fronted opener and MT202's name + function word put the first letter before the boundary look-behind
    from mtcheck.rules import glued, word_order

    fronted = word_order._FRONTED_RE.pattern
    head = "(?:" + "|".join(f"{w[0]}(?<!\\w{w[0]}){w[1:]}" for w in word_order._FRONTED_OPENERS.split("|")) + ")"
    assert fronted.startswith(head)
    pairs = [(word_order._FRONTED_RE, re.compile(rf"(?<!\w)(?:{word_order._FRONTED_OPENERS})" + fronted[len(head):]))]
    for lang, words in glued.GLUE_WORDS.items():
        pairs.append((glued._NAME_FUNCTION_RE[lang], re.compile(rf"\b([A-ZÄÖÜ][a-zäöüß]{{2,}})({'|'.join(words)})\b")))
    rng = random.Random(10)
    pieces = ["Im ", "Am", "In", "Letzten ", "Letzter", "Vergangene", "x", "a", " ", ", ", "der ", "Trump ", "sagte",
              "Milnerdas", "Ädas", "Musk", "het", "_", "9", "ß", "Ende", "\n", "kann", "er ", "é", "-", "."]
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))) for _ in range(5000)]
    for fast, slow in pairs:
        for text in texts:
            got = [(m.span(), m.groups()) for m in fast.finditer(text)]
            assert got == [(m.span(), m.groups()) for m in slow.finditer(text)], (slow.pattern[:40], text)


def test_date_address_and_seam_patterns_equal_their_plain_forms(seeds_dir):
    # MT505's day, MT704's preposition and MT202's seam check are written so that re can skip ahead to candidates
    from mtcheck.rules import conventions, glued

    date = conventions.EnglishDateFormat._RE
    house = conventions.HouseNumberFirst._RE
    date_plain = re.compile(r"(?<![\w./-])(\d{1,2})" + date.pattern[len(r"(\d(?<![\w./-].)\d?)"):])
    head = "(?:" + "|".join(f"{w[0]}(?<!\\w{w[0]}){w[1:]}" for w in conventions.HouseNumberFirst._PREPOSITIONS.split("|")) + ")"
    assert house.pattern.startswith(head)
    house_plain = re.compile(r"\b(?:im|in|am|an|auf|bei|op|aan|bij)" + house.pattern[len(head):])
    seam_plain = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")
    rng = random.Random(11)
    pieces = ["12", "1", "3 ", " ", "Januar", " März ", "2020", "1999", ".", "/", "-", "x", "im ", "in ", "Block ",
              "Main Street", "St.", "Ave", "Haus", "\n", "aB", "äÖ", "ß", "_", "von ", "der ", "Blvd", "aan ", "é"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(8000)]
    for text in texts:
        for fast, slow in ((date, date_plain), (house, house_plain)):
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                [(m.span(), m.groups()) for m in slow.finditer(text)], text
        assert bool(glued._LOWER_UPPER_SEAM_RE.search(text)) == bool(seam_plain.search(text)), text


def test_triple_pattern_finds_the_plain_forms_triples(seeds_dir):
    # MT102's triple: the first letter is matched before the look-ahead, group 1 is the rest of the first name;
    # (start, first name, second word, third word, end) are those of the plain look-ahead form at every match
    plain = re.compile(r"(?=\b([A-ZÄÖÜ][a-zäöüß]+) ([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b)")
    rng = random.Random(13)
    pieces = PIECES + ["Elon", "Star", "Wars", "Van", "Ness", "Müller", "Haus", "Meister", "ÄÖ"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 16))) for _ in range(8000)]
    texts += ["Der Film mit Anna Star Wars war ein Erfolg.", "Jonathan Van Ness Money Maker und Anna Bell Hooks"]
    found = 0
    for text in texts:
        got = [(m.start(), m.group() + m.group(1), m.group(2), m.group(3), m.end(3))
               for m in NameTranslatedAsWords._TRIPLE_RE.finditer(text)]
        want = [(m.start(1), m.group(1), m.group(2), m.group(3), m.end(3)) for m in plain.finditer(text)]
        assert got == want, text
        found += len(got)
    assert found > 100
