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
    (NameTranslatedAsWords._TRIPLE_RE, r"(?=\b([A-ZÄÖÜ][a-zäöüß]+) ([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b)"),
]
PIECES = ["Graham", "RSC", "R", "SC", "zuvor", "Musk", "Anna", "Money", "Maker", "ab", "Ä", "ä", "ß", " ", "  ",
          "-", "_", "5", "\n", "é", "É", "×", "x", "Xy", ".", "DMA"]


@pytest.mark.parametrize("fast, plain", PLAIN, ids=["lower-upper", "party-state", "triple"])
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
