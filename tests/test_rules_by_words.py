"""MT301 and MT601 read a sentence's words and look at the token after a word only where they
need it, instead of building every token: the same findings as the plain token-by-token rules
below (the definitions they replaced), on the seeds, WMT documents and random text."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from mtcheck.pipeline.entity_index import build_index
from mtcheck.pipeline.records import Article
from mtcheck.rules import Context, select_rules
from mtcheck.rules.repetition import CONJUNCTIONS, IDIOMS, MODIFIER_PREPOSITIONS, QUESTION_WORDS, repeated_verb
from mtcheck.rules.stray_capital import (
    _ARTICLES,
    _DETERMINERS,
    _URL,
    _glued_heading,
    _opens_label,
    _TITLE_CASE_PRONE,
    FUNCTION_WORDS,
    NOUN_HOMOGRAPHS,
    PARTICIPLES,
    PLACE_NAMES,
    _in_english_title,
    KICKER_MAX_WORDS,
    _cut_off,
    _kicker,
    _EMOTICON_RE,
    _glued_clause_heading,
    _named_title,
    _PREPOSITIONS,
)
from mtcheck.pipeline.segment import segment, tokenize

_OPENERS = frozenset(':;.!?"„“”»«‚‘’\'([{–—-•*/|')


def _mt301_by_tokens(rule, ctx):
    for sentence in ctx.doc.sentences:
        tokens = tokenize(sentence.text, sentence.start)
        for i in range(1, len(tokens)):
            token = tokens[i]
            if not token.is_capitalised or token.text[1:2].isupper():
                continue
            lower = token.text.lower()
            participle = lower in PARTICIPLES
            if lower not in FUNCTION_WORDS and not participle:
                continue
            prev = tokens[i - 1]
            if not prev.is_word or prev.text in _OPENERS or prev.text.isdigit():
                continue
            if prev.text.isupper() and i == 1:
                continue
            if token.start != prev.end + 1 or ctx.article.text[prev.end] != " ":
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if lower in NOUN_HOMOGRAPHS and not (prev.is_capitalised and nxt and nxt.text in _ARTICLES):
                continue
            if nxt and f"{token.text} {nxt.text}" in PLACE_NAMES:
                continue
            if _in_english_title(prev.text, nxt.text if nxt else ""):
                continue
            if lower in _TITLE_CASE_PRONE and nxt and nxt.is_capitalised:
                continue
            if lower in _ARTICLES and nxt and nxt.is_capitalised:
                continue
            if participle and i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper():
                continue
            text = ctx.article.text
            if text[token.end : token.end + 1] in "-‐‑":
                continue
            words = [t for t in tokens if t.is_word]
            j = words.index(token)
            if j + 1 == len(words) and _cut_off(text, token.end, sentence.end):
                continue
            if j <= KICKER_MAX_WORDS and _kicker(text, words, j, sentence, ctx.doc):
                continue
            if (not participle and _glued_heading(text, words, j, sentence)) or prev.text.lower() in _DETERMINERS:
                continue
            if _URL.search(text[text.rfind(" ", 0, prev.end) + 1 : prev.end]) or _opens_label(text, token.end, sentence.end):
                continue
            if _EMOTICON_RE.search(text[max(0, prev.end - 4) : prev.end]):
                continue
            if not participle and (_named_title(words, j) or _glued_clause_heading(text, words, j, sentence)):
                continue
            if (not participle and prev.text in _PREPOSITIONS and nxt and nxt.text[:1].isupper()
                    and text[token.end : nxt.start] == " "):
                continue
            yield (token.start, token.end, prev.is_capitalised)


def _mt601_by_tokens(rule, ctx):
    for sentence in ctx.doc.sentences:
        tokens = tokenize(sentence.text, sentence.start)
        for k in range(1, len(tokens) - 1):
            if tokens[k].text.lower() not in CONJUNCTIONS:
                continue
            left, right = tokens[k - 1], tokens[k + 1]
            if left.text != right.text or len(left.text) < 3 or not left.text.isalpha() and "-" not in left.text:
                continue
            if not left.text[:1].islower():
                continue
            if k + 2 < len(tokens) and tokens[k + 2].text.lower() in MODIFIER_PREPOSITIONS:
                continue
            if left.text.lower() in IDIOMS or left.text.lower() in QUESTION_WORDS:
                continue
            if repeated_verb(left.text, tokens[k].text, tokens[k + 2].text if k + 2 < len(tokens) else None):
                continue
            yield (left.start, right.end)


PIECES = ["Für", "für", "Und", "und", "oder", "Die", "Der", "Es", "Laut", "Wegen", "Veröffentlicht", "vom",
          "BERLIN", "Musk", "lobte", "konservative", "crimes", "and", "against", "Den", "Haag", "In", "Love",
          "2019", "5", " ", " ", " ", "  ", "\n", ", ", ". ", ": ", "„", "“", "(", ")", "–", "-", "'", "Zeit",
          "Grünen", "Wir", "Sind", "Helden", "ES", "Im", "Verlag", "gut und gut", "gut, und gut", "gut und\ngut",
          "gut  oder gut", "anti-west", "gut", "mit", "von", "Bücher", "In-", "Zu..", "Reportage", "ihrem", "Aus",
          ":P ", "will", "Am", "lobte"]


def _texts(seeds_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    wmt = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt-de-dev.jsonl"
    if wmt.is_file():
        texts += ["\n\n".join(json.loads(line)["sentences"]) for line in wmt.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(11)
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    return texts


@pytest.mark.parametrize("code, reference", [("MT301", _mt301_by_tokens), ("MT601", _mt601_by_tokens)])
def test_rule_finds_what_the_token_by_token_definition_finds(code, reference, seeds_dir):
    rule = select_rules([code])[0]
    index = build_index()
    flagged = 0
    for text in _texts(seeds_dir):
        ctx = Context(article=Article(path="a.txt", text=text, lang="de"), doc=segment(text), lang="de", entities=index)
        got = [(f.start, f.end) for f in rule.check(ctx)]
        expected = [found[:2] for found in reference(rule, ctx)]
        assert got == expected, text
        if code == "MT301":  # the confidence depends on whether the word before is capitalised
            confidences = [f.confidence for f in rule.check(ctx)]
            assert confidences == [0.75 if cap else 0.9 for _, _, cap in reference(rule, ctx)], text
        flagged += len(got)
    assert flagged > 100  # the random texts do exercise the rule


def test_mt401_finds_each_sentence_of_an_article_as_alone():
    """MT401 looks at the whole article's words first, then sentence by sentence: an article
    made of several sentences gets the findings each sentence gets on its own."""
    rule = select_rules(["MT401"])[0]
    index = build_index()
    sentences = [
        "Die Regierung hat the decision getroffen, die Steuern zu senken.",
        "Das Wetter war gut und die Stimmung auch.",
        "zwei der größten zu kaufen [intercontinental ballistic missiles], erzählte Musk.",
        "Sprechen in a Semaphore-Konferenz sagte der Administrator am Freitag etwas.",
    ]

    def found(text):
        ctx = Context(article=Article(path="a.txt", text=text, lang="de"), doc=segment(text), lang="de", entities=index)
        return [(f.start, f.end, f.message) for f in rule.check(ctx)]

    alone, offset = [], 0
    for sentence in sentences:
        alone += [(start + offset, end + offset, message) for start, end, message in found(sentence)]
        offset += len(sentence) + 1
    assert len(alone) >= 3
    assert found(" ".join(sentences)) == alone
