"""Shortcuts in segment.py give what the plain definitions give."""

from __future__ import annotations

from mtcheck.segment import WORD_RE, segment

TEXTS = [
    "Elon Musk sagte: „Wir bauen 3 Raketen_Teile.“ Das kostet 5 % – oder $10?\n\nZweiter Absatz, nicht-leer's.",
    "_ __ a_b – ‚x‘ … ¿Qué? Ünïcödé ١٢٣ ² ½ 中文 😀 e\u0301",
    "",
]


def test_words_are_the_word_tokens():
    for text in TEXTS:
        for sentence in segment(text).sentences:
            assert sentence.words == [t for t in sentence.tokens if t.is_word]
            assert [t.text for t in sentence.words] == WORD_RE.findall(sentence.text)


def test_word_count_with_and_without_built_words(seeds_dir):
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for text in texts:
        cold = segment(text)
        warm = segment(text)
        for sentence in warm.sentences[::2]:  # half of them built, half counted by regex
            sentence.words  # noqa: B018
        expected = sum(len(WORD_RE.findall(s.text)) for s in cold.sentences)
        assert cold.word_count == warm.word_count == expected
