"""Shortcuts in segment.py give what the plain definitions give."""

from __future__ import annotations

from mtcheck.pipeline.segment import WORD_RE, segment

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


def test_long_articles_keep_no_tokens_and_find_the_same(seeds_dir, monkeypatch):
    """Above KEEP_TOKENS_MAX_CHARS sentences rebuild their tokens at each use: same tokens, same
    word count, same findings (seed 000, made "long" by lowering the limit)."""
    import mtcheck.pipeline.segment
    from mtcheck.pipeline.entity_index import build_index, default_references_dir
    from mtcheck.pipeline.records import Article
    from mtcheck.rules import select_rules
    from mtcheck.pipeline.scan import analyse

    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    rules = select_rules()
    index = build_index(references=default_references_dir())

    def run():
        doc = segment(text)
        result = analyse(Article(path="a.txt", text=text), rules, index)
        return doc, [(f.start, f.end, f.rule, f.message) for f in result.findings], result.words

    kept_doc, kept_findings, kept_words = run()
    monkeypatch.setattr(mtcheck.pipeline.segment, "KEEP_TOKENS_MAX_CHARS", 100)
    doc, findings, words = run()
    sentence = doc.sentences[3]
    assert sentence.tokens == kept_doc.sentences[3].tokens and sentence.tokens is not sentence.tokens
    assert [s.words for s in doc.sentences] == [s.words for s in kept_doc.sentences]
    assert "tokens" not in sentence.__dict__ and "words" not in sentence.__dict__
    assert findings == kept_findings and len(findings) > 20
    assert words == kept_words


def test_tokenize_equals_the_regex_matches(seeds_dir):
    """tokenize() gives TOKEN_RE's matches as Tokens with their offsets from base."""
    import random

    from mtcheck.pipeline.segment import TOKEN_RE, Token, tokenize

    rng = random.Random(2)
    pieces = ["Wort", " ", "  ", "\n", "\t", "-", "'", "’", "x-y", "a'b", "_", "5", "½", "😀", "中文", "\u00a0", "\u2009",
              "e\u0301", ".", "„", "“", "\r\n"]
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    for text in texts:
        for base in (0, 17):
            expected = [Token(m.start() + base, m.end() + base, m.group()) for m in TOKEN_RE.finditer(text)]
            got = tokenize(text, base)
            assert got == expected, text
            assert all(type(t) is Token for t in got)


def test_words_of_equals_the_regex_matches(seeds_dir):
    """words_of() (split and running offsets) gives WORD_RE's matches as Tokens with their offsets from base."""
    import random

    from mtcheck.pipeline.segment import Token, words_of

    rng = random.Random(3)
    pieces = ["Wort", " ", "  ", "\n", "\t", "-", "'", "’", "x-y", "a'b", "a-", "-b", "a--b", "a’’b", "_", "5", "½",
              "😀", "中文", "\u00a0", "\u2009", "e\u0301", ".", "„", "“", "\r\n", "\ud800"]
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        for base in (0, 17):
            expected = [Token(m.start() + base, m.end() + base, m.group()) for m in WORD_RE.finditer(text)]
            got = words_of(text, base)
            assert got == expected, text
            assert all(type(t) is Token for t in got)


def test_sentence_end_and_line_break_patterns_match_their_plain_forms(seeds_dir):
    """_SENTENCE_END_RE and _LINE_BREAK_RE are written so that ``re`` can skip ahead (first mark, then the
    look-behind; literals first); they find exactly what the plain patterns find, also inside a range."""
    import random
    import re

    from mtcheck.pipeline.segment import _LINE_BREAK_RE, _SENTENCE_END_RE

    plain_end = re.compile(r"(?<![.!?…])[.!?…]++[\"”“'’»«)\]]*+(?=\s)")
    plain_break = re.compile(r"\r?\n")
    rng = random.Random(4)
    pieces = [".", "!", "?", "…", "..", " ", "\n", "\r", "\r\n", "a", "”", "“", "'", "»", ")", "]", "\t", "x.", "\u2009"]
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    for text in texts:
        for start, end in ((0, len(text)), (1, len(text) - 1), (2, len(text))):
            assert [m.span() for m in _SENTENCE_END_RE.finditer(text, start, end)] == \
                [m.span() for m in plain_end.finditer(text, start, end)], text
            assert [m.span() for m in _LINE_BREAK_RE.finditer(text, start, end)] == \
                [m.span() for m in plain_break.finditer(text, start, end)], text
