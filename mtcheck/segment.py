"""Split an article into paragraphs, sentences and tokens, keeping exact character offsets.

Everything here is linear in the length of the text (regular expressions with no nested
quantifiers), so a very large file costs time in proportion to its size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

# A token: a word (letters, digits, inner hyphens and apostrophes) or one other non-space character.
TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")

# Abbreviations after which a full stop does not end a sentence (German, Dutch, English news).
ABBREVIATIONS = frozenset(
    """
    bzw ca dr evtl ggf hr fr inkl jh mio mrd nr prof str tel usw vgl zb z b u a v chr
    dhr mevr mr mrs ms st jr sr vs etc no gov sen rep gen col lt capt corp inc ltd co
    jan feb mar apr aug sep sept okt oct nov dez dec mt ag
    """.split()
)

# Sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”“'’»«)\]]*(?=\s)")
_PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True)
class Token:
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
    tokens: list[Token] = field(default_factory=list)

    @cached_property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.is_word]


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def is_single_line(self) -> bool:
        return "\n" not in self.text


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
        return sum(len(s.words) for s in self.sentences)

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


def tokenize(text: str, base: int = 0) -> list[Token]:
    return [Token(m.start() + base, m.end() + base, m.group()) for m in TOKEN_RE.finditer(text)]


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial ("D.C.", "Dr.", "5.")."""
    word_start = dot
    floor = max(0, dot - 20)  # bounded look-back keeps "a.a.a.a…" linear
    while word_start > floor and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if not word:
        return False
    if word.isdigit():  # "am 5. Oktober": German ordinal dates
        return True
    if len(word) == 1 or "." in word:  # initials and dotted abbreviations: "J.", "D.C", "z.B"
        return True
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]; a line break inside a paragraph also ends one
    when the next line starts with a capital (captions, list items, headlines)."""
    spans: list[tuple[int, int]] = []
    cursor = start
    chunk = text[start:end]
    for m in _SENTENCE_END_RE.finditer(chunk):
        stop = start + m.end()
        dot = start + m.start()
        if text[dot] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, dot):
            continue
        following = text[stop:end].lstrip()
        if following and following[0].islower():
            continue  # "z. B. die", "ca. zehn": not a new sentence
        spans.append((cursor, stop))
        cursor = stop
    spans.append((cursor, end))
    # Line breaks inside a paragraph: treat each line as its own unit.
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece_start = s
        for nl in re.finditer(r"\n", text[s:e]):
            cut = s + nl.start()
            out.append((piece_start, cut))
            piece_start = cut + 1
        out.append((piece_start, e))
    # Trim whitespace and drop empties.
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def segment(text: str) -> Segmented:
    paragraphs: list[Paragraph] = []
    cursor = 0
    bounds = []
    for m in _PARAGRAPH_SPLIT_RE.finditer(text):
        bounds.append((cursor, m.start()))
        cursor = m.end()
    bounds.append((cursor, len(text)))
    for p_start, p_end in bounds:
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        while p_end > p_start and text[p_end - 1].isspace():
            p_end -= 1
        if p_end <= p_start:
            continue
        paragraph = Paragraph(p_start, p_end, text[p_start:p_end])
        index = len(paragraphs)
        for s_start, s_end in split_sentences(text, p_start, p_end):
            sentence_text = text[s_start:s_end]
            paragraph.sentences.append(
                Sentence(s_start, s_end, sentence_text, index, tokenize(sentence_text, s_start))
            )
        paragraphs.append(paragraph)
    return Segmented(text, paragraphs)
