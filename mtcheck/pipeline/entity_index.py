"""Corpus context for the entity rules: which names the scanned articles use, and which real
people the gazetteers under ``references/`` know.

A name seen in many articles (or in a gazetteer) makes its one-letter variant in another
article suspect: "Mask" stands out in a corpus that says "Musk" fifty times.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, compress, repeat
from operator import not_
from pathlib import Path

from rapidfuzz.distance import OSA

# A capitalised word: an upper-case letter, then letters (inner hyphens allowed). Written as
# r"\b[A-ZÄÖÜÀ-Ý][a-zäöüßà-ÿA-ZÄÖÜÀ-Ý]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*\b" with the first "\b" moved behind
# the first letter as a look-behind (no word character before it), so that the regular expression
# engine can skip ahead to the next capital (about a third faster; the same matches, tested). "×"
# (inside À-Ý) is no word character: "\b" before it means a word character before it. A word right
# after "@" or "#" is a handle or a tag ("@ElonMusk", "#StarShield"), not a spelling of a name.
NAME_TOKEN_RE = re.compile(r"(?:[A-ZÄÖÜÀ-ÖØ-Ý](?<![\w@#].)|×(?<=\w.))[a-zäöüßà-ÿA-ZÄÖÜÀ-Ý]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*\b")
_NEWLINE_RE = re.compile("\n")

PACKAGE_REFERENCES = Path(__file__).resolve().parents[2] / "references"


def default_references_dir() -> Path | None:
    """``./references`` when the scan runs in a project that has one, else the copy that
    ships beside the package."""
    local = Path("references")
    if (local / "gazetteers").is_dir():
        return local
    return PACKAGE_REFERENCES if PACKAGE_REFERENCES.is_dir() else None


@dataclass(frozen=True)
class Person:
    """A real person from a gazetteer."""

    full_name: str
    first: str
    last: str
    party: str = ""
    state: str = ""
    role: str = ""
    source: str = ""

    @property
    def lang(self) -> str:
        """The language the person's name is written in at home, from the gazetteer file's prefix (NAMES_LANG)."""
        return NAMES_LANG.get(self.source.split("_", 1)[0].lower(), "")

    @property
    def party_letter(self) -> str:
        return {"Democrat": "D", "Republican": "R", "Independent": "I"}.get(self.party, "")


# A gazetteer file's prefix (language or country code: "de_bundestag19_members.tsv", "us_executive.tsv") -> the
# language its people's names belong to. MT106 only trusts a gazetteer spelling over an article's when the person
# is foreign to the article's language: an engine garbles names it does not know; a German writer spelling a German
# name one letter away from a Bundestag member is far more likely writing about another person.
NAMES_LANG = {"de": "de", "at": "de", "ch": "de", "nl": "nl", "be": "nl", "fr": "fr", "es": "es", "it": "it",
              "us": "en", "uk": "en", "gb": "en", "en": "en", "ca": "en", "au": "en", "ie": "en"}


@dataclass
class EntityIndex:
    """Names across the scanned corpus and the gazetteers."""

    # In how many scanned articles each capitalised word occurs.
    doc_freq: Counter = field(default_factory=Counter)
    # Total occurrences across the corpus.
    corpus_freq: Counter = field(default_factory=Counter)
    articles: int = 0
    # Gazetteer people by surname and by first name.
    by_last: dict[str, list[Person]] = field(default_factory=dict)
    first_names: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    # Near-miss lookup over the corpus's frequent names, built on first use (see near_misses).
    _frequent: NearMissIndex | None = field(default=None, init=False, repr=False, compare=False)

    def add_article(self, text: str) -> None:
        """``merge(count_names(text))`` without the article's Counter: ``Counter.update`` with a mapping adds it
        in a Python loop, with a list of words in C. The same counts, new names in the same order (first use)."""
        words = NAME_TOKEN_RE.findall(text)
        self.articles += 1
        self.doc_freq.update(dict.fromkeys(words).keys())  # a view, not a mapping: counted once each, in C
        self.corpus_freq.update(words)

    def merge(self, counts: Counter) -> None:
        """Add one article's ``count_names`` result (computed elsewhere, e.g. in a worker)."""
        self.articles += 1
        self.doc_freq.update(counts.keys())
        self.corpus_freq.update(counts)

    def people(self, last_name: str) -> list[Person]:
        return self.by_last.get(last_name, [])

    def is_known_surname(self, word: str) -> bool:
        return word in self.by_last

    def is_known_name(self, word: str) -> bool:
        return word in self.by_last or word in self.first_names

    def frequent_near_misses(self, word: str, min_docs: int = 3) -> list[str]:
        """Names used in at least ``min_docs`` scanned articles that are one edit from ``word``.
        The lookup is built once per index (the corpus is fixed after pass 1)."""
        if self._frequent is None or self._frequent.min_docs != min_docs:
            names = [n for n, df in self.doc_freq.items() if df >= min_docs]
            self._frequent = NearMissIndex(names, min_docs=min_docs)
        return self._frequent.lookup(word)

    def load_gazetteers(self, folder: Path) -> None:
        for path in sorted(folder.glob("*.tsv")):
            self.sources.append(path.name)
            with open(path, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    person = _person_from_row(row, path.name)
                    if person is None:
                        continue
                    self.by_last.setdefault(person.last, []).append(person)
                    if person.first:
                        self.first_names.add(person.first)


def _person_from_row(row: dict, source: str) -> Person | None:
    if row.get("last"):  # congress-legislators layout
        first = (row.get("nickname") or row.get("first") or "").strip()
        full = (row.get("official_full") or f"{row.get('first', '')} {row['last']}").strip()
        return Person(
            full_name=full,
            first=first,
            last=row["last"].strip(),
            party=(row.get("party") or "").strip(),
            state=(row.get("state") or "").strip(),
            role=(row.get("chamber") or row.get("role") or "").strip(),
            source=source,
        )
    name = (row.get("name") or "").strip()
    if not name or " " not in name:  # Bundestag layout: "Ernst-Michael von Abercron"
        return None
    parts = name.split()
    return Person(full_name=name, first=parts[0], last=parts[-1], party=(row.get("party") or "").strip(), source=source)


class NearMissIndex:
    """Words one substitution or one adjacent transposition apart, of the same length, found
    without comparing every pair: two such words share a one-letter deletion ("Musk" and
    "Mask" both give "Msk"), so a lookup touches only a handful of candidates, each checked
    with rapidfuzz's optimal-string-alignment distance. Where only a few words have the length
    looked up (an article's own names), comparing with each is cheaper than the deletions, and
    finds the same words: two words of one length at distance 1 always share a deletion."""

    MIN_LENGTH = 4  # shorter names ("Xi", "Ma") are one letter from too many words
    FEW = 8  # compare directly with at most this many words of the same length

    def __init__(self, words: Iterable[str], min_docs: int = 0):
        self.min_docs = min_docs
        self._by_length: dict[int, dict[str, None]] = {}
        for word in words:
            if len(word) >= self.MIN_LENGTH:
                self._by_length.setdefault(len(word), {})[word] = None
        self._by_deletion: dict[str, set[str]] = {}
        for group in self._by_length.values():
            if len(group) > self.FEW:
                for word in group:
                    for key in _deletions(word):
                        self._by_deletion.setdefault(key, set()).add(word)

    def lookup(self, word: str) -> list[str]:
        group = self._by_length.get(len(word))
        if not group or len(word) < self.MIN_LENGTH:
            return []
        if len(group) <= self.FEW:
            candidates = group
        else:
            candidates = {other for key in _deletions(word) for other in self._by_deletion.get(key, ())}
        return sorted(other for other in candidates
                      if other != word and OSA.distance(word, other, score_cutoff=1) == 1)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class ArticleNames:
    """The capitalised words of one article, counted once so that every rule can ask about
    them in constant time (computed per article, shared through ``Context.cache``).

    ``counts`` (word -> occurrences), ``mid_sentence`` (word -> occurrences not at the start of a
    sentence or line) and ``before`` (word -> capitalised words written right before it, one
    space apart on the same line: "Elon" for "Musk") are built at once; ``spans`` and
    ``occurrences`` on first use."""

    def __init__(self, starts: list[int], ends: list[int], words: list[str], glued: dict[int, int],
                 counts: Counter, mid_sentence: Counter, before: dict[str, Counter]):
        self._starts, self._ends, self._words = starts, ends, words  # every capitalised word, in text order
        self._glued = glued  # start of a word -> start of the capitalised word right before it
        self.counts = counts
        self.mid_sentence = mid_sentence
        self.before = before

    @cached_property
    def spans(self) -> dict[str, list[tuple[int, int]]]:
        """word -> (start, end) of each occurrence."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for start, end, word in zip(self._starts, self._ends, self._words):
            spans.setdefault(word, []).append((start, end))
        return spans

    @cached_property
    def last_start(self) -> dict[str, int]:
        """word -> start of its last occurrence (its only one, for a word named once)."""
        return dict(zip(self._words, self._starts))

    def start_before(self, start: int) -> int:
        """The start of the capitalised word one space before the word at ``start``, or -1."""
        return self._glued.get(start, -1)

    @cached_property
    def occurrences(self) -> list[tuple[int, int, str, int]]:
        """(start, end, word, start of the capitalised word right before it or -1), in text order."""
        return list(zip(self._starts, self._ends, self._words, map(self._glued.get, self._starts, repeat(-1))))


# NAME_TOKEN_RE as one group: split() gives the text between the names and the names, alternately.
_NAME_SPLIT_RE = re.compile(f"({NAME_TOKEN_RE.pattern})")


def article_names(text: str, sentence_starts: Iterable[int] = ()) -> ArticleNames:
    """One pass of NAME_TOKEN_RE over the text. ``sentence_starts`` are offsets where a
    sentence's first word begins (capitalised there for grammar, not because it is a name).
    This runs on every capitalised word of every article (a quarter of all German words), so
    nothing here takes a Python step per word: ``split`` cuts the text into gaps and names, and
    the running sum of their lengths gives the offsets."""
    parts = _NAME_SPLIT_RE.split(text)  # gap, name, gap, name, ..., gap
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends = offsets[1:-1:2], offsets[2:-1:2]
    counts = Counter(words)
    # Occurrences capitalised by grammar: at a sentence start or a line start.
    grammar = set(sentence_starts)
    grammar.add(0)
    grammar.update(m.end() for m in _NEWLINE_RE.finditer(text))
    mid_sentence = Counter(compress(words, map(not_, map(grammar.__contains__, starts))))
    # Pairs one space apart: "Elon Musk" (the gap between names i and i + 1 is parts[2 * i + 2]).
    pairs = list(compress(range(len(words) - 1), map(" ".__eq__, parts[2:-1:2])))
    before: dict[str, Counter] = {}
    for (first, second), n in Counter((words[i], words[i + 1]) for i in pairs).items():
        if second not in before:
            before[second] = Counter()
        before[second][first] = n
    glued = {starts[i + 1]: starts[i] for i in pairs}
    return ArticleNames(starts, ends, words, glued, counts, mid_sentence, before)


def count_names(text: str) -> Counter:
    """Capitalised words of an article with their counts (cheap: one regular expression)."""
    return Counter(NAME_TOKEN_RE.findall(text))  # the pattern has no groups: findall gives whole matches


def build_index(texts: Iterable[str] = (), references: Path | None = None) -> EntityIndex:
    index = EntityIndex()
    for text in texts:
        index.add_article(text)
    if references is not None and (references / "gazetteers").is_dir():
        index.load_gazetteers(references / "gazetteers")
    return index


def names_for(ctx) -> ArticleNames:
    """``article_names`` for a rule ``Context``, computed once per article and kept in ``ctx.cache``."""
    names = ctx.cache.get("article_names")
    if names is None:
        starts = (s.words[0].start for s in ctx.doc.sentences if s.words)
        names = ctx.cache["article_names"] = article_names(ctx.article.text, starts)
    return names
