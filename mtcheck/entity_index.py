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
from pathlib import Path

# A capitalised word: an upper-case letter, then letters (inner hyphens allowed).
NAME_TOKEN_RE = re.compile(r"\b[A-ZÄÖÜÀ-Ý][a-zäöüßà-ÿA-ZÄÖÜÀ-Ý]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*\b")

PACKAGE_REFERENCES = Path(__file__).resolve().parent.parent / "references"


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
    def party_letter(self) -> str:
        return {"Democrat": "D", "Republican": "R", "Independent": "I"}.get(self.party, "")


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

    def add_article(self, text: str) -> None:
        counts = count_names(text)
        self.articles += 1
        self.doc_freq.update(counts.keys())
        self.corpus_freq.update(counts)

    def merge(self, counts: Counter) -> None:
        """Add one article's ``count_names`` result (computed elsewhere, e.g. in a worker)."""
        self.articles += 1
        self.doc_freq.update(counts.keys())
        self.corpus_freq.update(counts)

    def people(self, last_name: str) -> list[Person]:
        return self.by_last.get(last_name, [])

    def is_known_surname(self, word: str) -> bool:
        return word in self.by_last

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


def count_names(text: str) -> Counter:
    """Capitalised words of an article with their counts (cheap: one regular expression)."""
    return Counter(m.group() for m in NAME_TOKEN_RE.finditer(text))


def build_index(texts: Iterable[str] = (), references: Path | None = None) -> EntityIndex:
    index = EntityIndex()
    for text in texts:
        index.add_article(text)
    if references is not None and (references / "gazetteers").is_dir():
        index.load_gazetteers(references / "gazetteers")
    return index
