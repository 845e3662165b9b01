"""Split an article into paragraphs, sentences and tokens, keeping exact character offsets.

Everything here is linear in the length of the text: regular expressions with no nested
quantifiers, searches bounded by ``pos``/``endpos`` instead of slicing the rest of the text,
and a bounded look-back for abbreviations. ``benchmarks/bench_scan.py`` measures it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, repeat
from typing import NamedTuple

# A token: a word (letters, digits, inner hyphens and apostrophes) or one other non-space character.
TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")   # WORD_RE as one group: split() keeps the words

# Abbreviations after which a full stop does not end a sentence (German, Dutch, English news),
# compared in lower case. Words that often end a sentence too ("usw.", "etc.", "AG.") are left
# out: a capital after them starts a new sentence far more often than not.
ABBREVIATIONS = frozenset(
    """
    abg abs abt akad art bd bzgl bzw ca dipl dr dt evtl exkl fa fr frl geb gebr gegr gem ges gest
    ggf hl hr hrsg inkl ing jh jhd kath kl lfd mind mio mrd nr prof rd sog st std stellv str stv
    tel tsd verh vgl zzgl
    bijv blz dhr drs ir jl mevr mr mw resp vlg
    mrs ms jr sr vs gov sen rep gen col lt sgt capt cmdr corp inc ltd co dept est fig ft mt
    jan feb febr mar apr aug sep sept okt oct nov dez dec
    """.split()
)

# Sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace.
# Starts only at the first mark of a run and takes it whole (possessive): a run of 200,000 full
# stops with no space after it is one failed attempt, not one per mark (quadratic; found by fuzzing).
# The first mark comes first in the pattern and the look-behind after it ("not a mark before this one"):
# ``re`` then skips ahead to the next mark instead of trying the look-behind at every position
# (the same matches as ``(?<![.!?…])[.!?…]++...``, tested; about four times faster).
_SENTENCE_END_RE = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*+[\"”“'’»«)\]]*+(?=\s)")
_PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NON_SPACE_RE = re.compile(r"\S")
# "\r\n|\n" rather than "\r?\n": a pattern that starts with literals lets ``re`` skip to them (same matches)
_LINE_BREAK_RE = re.compile(r"\r\n|\n")

# Ordinals are written "5." in German ("am 5. Oktober", "der 1. FC Köln", "zum 3. Mal"); a number
# with more digits before a full stop is a year or an amount that ends the sentence ("seit 2019."),
# unless a month follows or an article precedes it ("zum 100. Geburtstag").
_MAX_ORDINAL_DIGITS = 2
_MAX_ORDINAL_DIGITS_IN_CONTEXT = 3
_MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember "
    "januari februari maart mei augustus oktober".split()
)
_ORDINAL_ARTICLES = frozenset(
    "am im zum zur vom beim dem den der des die das ihr ihre ihrem ihren ihres sein seine seinem seinen "
    "seines unser unsere unserem unseren diesem diesen dieser dieses jenem".split()
)
_WORD_BEFORE_RE = re.compile(r"(\w+)\s+$")
_WORD_AFTER_RE = re.compile(r"\s+(\w+)")


class Token(NamedTuple):
    """A word or a punctuation mark with its offsets. A named tuple, not a dataclass: an article
    has hundreds of thousands of tokens and tuples are built several times faster."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "_"

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int

    @cached_property
    def tokens(self) -> list[Token]:
        # Built on first use: a rule that only needs the text never pays for the tokens.
        return tokenize(self.text, self.start)

    @cached_property
    def words(self) -> list[Token]:
        # Straight from WORD_RE (its matches are exactly the word tokens): the rules need words far
        # more often than punctuation, so most scans never build the other tokens.
        return words_of(self.text, self.start)


def words_of(text: str, base: int = 0) -> list[Token]:
    """The word tokens of ``text`` (WORD_RE's matches), offsets counted from ``base``.

    ``split`` with the pattern as one group gives gap, word, gap, word, ..., gap, and the running sum of their
    lengths the offsets: no match object and no method call per word. About a fifth less CPU than a list
    comprehension over ``finditer`` (words are built for every sentence of a scan), the same tokens (tested)."""
    parts = _WORD_SPLIT_RE.split(text)
    offsets = list(accumulate(map(len, parts), initial=base))
    return list(map(tuple.__new__, repeat(Token), zip(offsets[1:-1:2], offsets[2:-1:2], parts[1::2])))


def token_after(text: str, words: list[Token], j: int, end: int) -> Token | None:
    """The token after ``words[j]`` (a sentence's words, the sentence ending at ``end``): the next
    word, or the punctuation mark before it, or None at the end. Between two words there are only
    spaces and punctuation marks (every word character belongs to a word), one token each."""
    stop = words[j + 1].start if j + 1 < len(words) else end
    rest = text[words[j].end : stop].lstrip()
    if rest:
        at = stop - len(rest)
        return Token(at, at + 1, rest[0])
    return words[j + 1] if j + 1 < len(words) else None


# Tokens take about 30 bytes per character of text. An article longer than this keeps none: each
# use rebuilds its sentence's tokens (a few rules use them, so it costs some CPU time), and memory
# stays at about half of what kept tokens would take.
KEEP_TOKENS_MAX_CHARS = 1_000_000


class _TransientSentence(Sentence):
    """A sentence of a very long article: tokens and words built at each use, never kept."""

    @property
    def tokens(self) -> list[Token]:
        return tokenize(self.text, self.start)

    @property
    def words(self) -> list[Token]:
        return words_of(self.text, self.start)


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Segmented:
    """An article's text cut into paragraphs and sentences (with their tokens)."""

    text: str
    paragraphs: list[Paragraph]

    @cached_property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    @cached_property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]

    @cached_property
    def word_count(self) -> int:
        # A sentence's word tokens are exactly WORD_RE's matches in its text: count those the rules
        # already built, and count regex matches (much cheaper than building tokens) for the rest.
        return sum(len(s.__dict__["words"]) if "words" in s.__dict__ else len(WORD_RE.findall(s.text))
                   for s in self.sentences)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset`` (binary search), or None between sentences."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None


def tokenize(text: str, base: int = 0) -> list[Token]:
    make = tuple.__new__  # skips NamedTuple's Python-level __new__: the hot loop of segmentation
    return [make(Token, (m.start() + base, m.end() + base, m.group())) for m in TOKEN_RE.finditer(text)]


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation, an initial or a German
    ordinal ("Dr.", "J.", "D.C.", "z.B.", "am 5. Oktober")."""
    word_start = dot
    floor = max(0, dot - 20)  # bounded look-back keeps "a.a.a.a…" linear
    while word_start > floor and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if not word:
        return False
    if word.isdigit():
        if len(word) <= _MAX_ORDINAL_DIGITS:
            return True
        return len(word) <= _MAX_ORDINAL_DIGITS_IN_CONTEXT and _ordinal_context(text, word_start, dot)
    if len(word) == 1:  # an initial: "J. Biden"
        return word.isalpha()
    if "." in word:  # dotted abbreviations have short parts ("D.C", "z.B", "U.S"); web addresses do not
        return all(len(part) <= 3 for part in word.split("."))
    return word.lower() in ABBREVIATIONS


def _ordinal_context(text: str, number_start: int, dot: int) -> bool:
    """A month after the number, or an article before it: "am 100. Geburtstag", "1. Mai"."""
    after = _WORD_AFTER_RE.match(text, dot + 1, dot + 40)
    if after and after.group(1).lower() in _MONTHS:
        return True
    before = _WORD_BEFORE_RE.search(text, max(0, number_start - 20), number_start)
    return bool(before) and before.group(1).lower() in _ORDINAL_ARTICLES


def _next_char(text: str, pos: int, end: int) -> str:
    """The first non-space character of text[pos:end], or '' (no slicing: stays linear)."""
    m = _NON_SPACE_RE.search(text, pos, end)
    return m.group() if m else ""


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]. A line break inside a paragraph also ends one
    (captions, list items, headlines) unless the next line starts in lower case (a wrapped line)."""
    cuts: list[int] = []
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        dot = m.start()
        if text[dot] == "." and m.end() - dot == 1 and _is_abbreviation(text, dot):
            continue
        if _next_char(text, m.end(), end).islower():
            continue  # "z. B. die", "ca. zehn", "„Warum?“ fragte er": not a new sentence
        cuts.append(m.end())
    for m in _LINE_BREAK_RE.finditer(text, start, end):
        if not _next_char(text, m.end(), end).islower():
            cuts.append(m.start())
    spans: list[tuple[int, int]] = []
    cursor = start
    for cut in sorted(cuts) + [end]:
        s, e = cursor, cut
        cursor = cut
        # Trim whitespace; drop what is left empty.
        m = _NON_SPACE_RE.search(text, s, e)
        if m is None:
            continue
        s = m.start()
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
    return spans


def segment(text: str) -> Segmented:
    make_sentence = Sentence if len(text) <= KEEP_TOKENS_MAX_CHARS else _TransientSentence
    paragraphs: list[Paragraph] = []
    cursor = 0
    bounds = []
    for m in _PARAGRAPH_SPLIT_RE.finditer(text):
        bounds.append((cursor, m.start()))
        cursor = m.end()
    bounds.append((cursor, len(text)))
    for p_start, p_end in bounds:
        first = _NON_SPACE_RE.search(text, p_start, p_end)
        if first is None:
            continue
        p_start = first.start()
        while p_end > p_start and text[p_end - 1].isspace():
            p_end -= 1
        paragraph = Paragraph(p_start, p_end, text[p_start:p_end])
        index = len(paragraphs)
        for s_start, s_end in split_sentences(text, p_start, p_end):
            paragraph.sentences.append(make_sentence(s_start, s_end, text[s_start:s_end], index))
        paragraphs.append(paragraph)
    return Segmented(text, paragraphs)
