"""The Python API: check texts for machine-translation damage from Python, without the CLI.

    >>> import mtcheck
    >>> result = mtcheck.check("Der Kreml lobte Für seine Haltung ...", lang="de")
    >>> result.verdict, result.score, [f.rule for f in result.findings]

``check`` is the one-off call; a ``Checker`` loads the rules, the gazetteers (and, once it exists,
the learned detector) once and checks many texts; a ``CorpusIndex`` holds the names of a whole
corpus (the context that makes "Mask" stand out in a corpus that says "Musk" fifty times) and is
built, saved and loaded as JSON. Every result comes from ``mtcheck.pipeline.scan.analyse``, the
function ``mtcheck scan`` runs on each article: the API and the CLI give the same findings, scores
and verdicts for the same text and the same corpus context.

May import every offline package; never ``mtcheck.models`` (torch stays out of this path).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mtcheck import __version__
from mtcheck.pipeline.entity_index import EntityIndex, build_index, count_names, default_references_dir
from mtcheck.pipeline.ingest import DEFAULT_MAX_BYTES, iter_sources, load, lone_cr_to_lf
from mtcheck.pipeline.records import Article, ArticleResult, Finding, ScanError
from mtcheck.pipeline.scan import analyse, signature
from mtcheck.pipeline.style import STYLE_CODE, no_detector_note
from mtcheck.rules import Rule, select_codes, select_rules

Verdict = Literal["clean", "suspect", "machine_translated"]

INDEX_FORMAT = "mtcheck-corpus-index"
INDEX_FORMAT_VERSION = 1

# "Use the references folder mtcheck finds by itself" (./references, else the packaged copy).
_DEFAULT = object()


@dataclass(frozen=True)
class Result:
    """What mtcheck found in one text.

    ``score`` is in [0, 1] (the calibrated verdict formula over rule evidence and the detector, see
    docs/scoring.md); ``verdict`` is one of
    ``clean``, ``suspect``, ``machine_translated``; ``findings`` are sorted by offset, and for each
    ``text[f.start:f.end] == f.text``; ``f.message`` is the evidence in words, ``f.is_evidence`` says
    whether it counts towards the score (``boilerplate`` findings never do). ``mt_probability`` is
    the learned detector's probability that the text is machine-translated, ``None`` when no
    detector is installed for the language.
    """

    score: float
    verdict: Verdict
    lang: str
    words: int
    findings: tuple[Finding, ...]
    rules_run: tuple[str, ...]
    mt_probability: float | None = None
    id: str | None = None
    text: str = field(default="", repr=False)
    # The pipeline's own result, for the JSONL records (``records``).
    raw: ArticleResult | None = field(default=None, repr=False, compare=False)

    @property
    def evidence(self) -> list[Finding]:
        """The findings that count towards the score (all but ``boilerplate``)."""
        return [f for f in self.findings if f.is_evidence]

    @property
    def by_category(self) -> dict[str, int]:
        """Number of findings per category, categories sorted by name (as in the JSONL records)."""
        return dict(sorted(Counter(f.category for f in self.findings).items()))

    @property
    def is_machine_translated(self) -> bool:
        return self.verdict == "machine_translated"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: score, verdict, counts and the findings with their offsets."""
        return {
            "id": self.id,
            "lang": self.lang,
            "words": self.words,
            "score": self.score,
            "verdict": self.verdict,
            "mt_probability": self.mt_probability,
            "evidence": len(self.evidence),
            "by_category": self.by_category,
            "rules_run": list(self.rules_run),
            "findings": [
                {"start": f.start, "end": f.end, "text": f.text, "rule": f.rule, "name": f.name,
                 "category": f.category, "severity": f.severity, "confidence": f.confidence,
                 "message": f.message, "suggestion": f.suggestion, "evidence": f.is_evidence}
                for f in self.findings
            ],
        }

    def records(self) -> list[dict[str, Any]]:
        """The records ``mtcheck scan --format jsonl`` writes for this text (article, then findings):
        the stable JSONL contract of the README."""
        from mtcheck.outputs.jsonl import records_with_fingerprints

        if self.raw is None:
            raise ValueError("this Result was not made by a Checker")
        return records_with_fingerprints(self.raw)

    @classmethod
    def from_article_result(cls, result: ArticleResult, mt_probability: float | None = None) -> Result:
        article = result.article
        return cls(
            score=result.score,
            verdict=result.verdict,  # type: ignore[arg-type]
            lang=article.lang or "",
            words=result.words,
            findings=tuple(result.findings),
            rules_run=tuple(result.rules_run),
            mt_probability=mt_probability,
            id=article.id,
            text=article.text,
            raw=result,
        )


class CorpusIndex:
    """How often each capitalised word occurs across a corpus: in how many articles
    (``doc_freq``) and in all (``corpus_freq``). The entity rules read it to tell a garbled name
    from a real one. It is pass 1 of ``mtcheck scan``; built once and saved, it lets many
    processes or machines check parts of the corpus with the context of the whole.

    Saved as JSON (never pickle: an index file is data, safe to load from anywhere). Indexes of
    parts of a corpus ``merge`` into the index of the whole.
    """

    def __init__(self, doc_freq: Counter | None = None, corpus_freq: Counter | None = None, articles: int = 0):
        self.doc_freq: Counter = doc_freq if doc_freq is not None else Counter()
        self.corpus_freq: Counter = corpus_freq if corpus_freq is not None else Counter()
        self.articles = articles

    def __repr__(self) -> str:
        return f"CorpusIndex(articles={self.articles}, names={len(self.doc_freq)})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CorpusIndex) and self.articles == other.articles
                and self.doc_freq == other.doc_freq and self.corpus_freq == other.corpus_freq)

    def add(self, text: str) -> None:
        """Count the names of one more article."""
        counts = count_names(text)
        self.articles += 1
        self.doc_freq.update(counts.keys())
        self.corpus_freq.update(counts)

    @classmethod
    def build(cls, texts: Iterable[str]) -> CorpusIndex:
        """The index of a corpus given as article texts (streamed: one text in memory at a time)."""
        index = cls()
        for text in texts:
            index.add(text)
        return index

    @classmethod
    def build_from_paths(cls, paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES,
                         errors: list[ScanError] | None = None) -> CorpusIndex:
        """The index of the articles in files and folders, read exactly as ``mtcheck scan`` reads
        them (text, HTML, JSONL records). Unreadable inputs are skipped and appended to ``errors``
        when a list is given."""
        index = cls()
        for source in iter_sources([str(p) for p in paths], max_bytes):
            if isinstance(source, ScanError):
                if errors is not None:
                    errors.append(source)
                continue
            for item in load(source, max_bytes):
                if isinstance(item, Article):
                    index.add(item.text)
                elif errors is not None:
                    errors.append(item)
        return index

    def merge(self, other: CorpusIndex) -> CorpusIndex:
        """Add another index (of other articles) into this one; returns ``self``."""
        self.articles += other.articles
        self.doc_freq.update(other.doc_freq)
        self.corpus_freq.update(other.corpus_freq)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": INDEX_FORMAT,
            "format_version": INDEX_FORMAT_VERSION,
            "mtcheck": __version__,
            "articles": self.articles,
            "doc_freq": dict(sorted(self.doc_freq.items())),
            "corpus_freq": dict(sorted(self.corpus_freq.items())),
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "corpus index") -> CorpusIndex:
        """Read ``to_dict``'s form back; ``ValueError`` naming ``where`` when it is not one."""
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
            raise ValueError(f"{where}: not an mtcheck corpus index (no \"format\": \"{INDEX_FORMAT}\")")
        if data.get("format_version") != INDEX_FORMAT_VERSION:
            raise ValueError(f"{where}: corpus index format version {data.get('format_version')!r}, "
                             f"this mtcheck reads version {INDEX_FORMAT_VERSION}")
        try:
            doc, total, articles = Counter(data["doc_freq"]), Counter(data["corpus_freq"]), int(data["articles"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: broken corpus index ({type(exc).__name__}: {exc})") from None
        if not all(isinstance(v, int) for v in doc.values()) or not all(isinstance(v, int) for v in total.values()):
            raise ValueError(f"{where}: broken corpus index (counts must be integers)")
        return cls(doc, total, articles)

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str, where: str = "corpus index") -> CorpusIndex:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not JSON ({exc.msg} at line {exc.lineno})") from None
        except RecursionError:  # '[[[[...' deeper than Python's parser goes
            raise ValueError(f"{where}: not JSON that can be read (nested too deeply)") from None
        except ValueError as exc:  # valid JSON Python refuses: an integer of over 4,300 digits
            raise ValueError(f"{where}: not JSON that can be read ({str(exc).split(';', 1)[0]})") from None
        return cls.from_dict(data, where)

    def save(self, path: str | os.PathLike) -> None:
        """Write the index as JSON (atomically: a reader never sees half a file)."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(self.dumps(), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> CorpusIndex:
        """Read an index written by ``save`` (or ``mtcheck index build``). A folder is read as the
        merge of every ``*.json`` index in it (the parts written by parallel tasks)."""
        path = Path(path)
        if path.is_dir():
            parts = sorted(path.glob("*.json"))
            if not parts:
                raise ValueError(f"{path}: no corpus index (*.json) in this folder")
            index = cls()
            for part in parts:
                index.merge(cls.load(part))
            return index
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"{path}: cannot read the corpus index: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path}: not an mtcheck corpus index (not UTF-8 text)") from None
        return cls.loads(text, str(path))

    def entity_index(self, references: Path | None = None) -> EntityIndex:
        """The pipeline's ``EntityIndex``: these counts plus the gazetteers of ``references``."""
        index = build_index(references=references)
        index.doc_freq, index.corpus_freq, index.articles = Counter(self.doc_freq), Counter(self.corpus_freq), self.articles
        return index


class Checker:
    """Checks many texts with rules, word lists, gazetteers and models loaded once.

    ``select``/``ignore``: rule codes or prefixes (as ``--select``/``--ignore``). ``lang``: force a
    language for every text (else each text's is identified). ``index``: the corpus context (a
    ``CorpusIndex`` or the path of a saved one); without it each text is its own corpus, exactly
    as ``mtcheck scan`` on that one file. ``references``: the folder with ``gazetteers/`` (default:
    ``./references``, else the copy beside the package; ``None`` for none). ``detector``: ``None``
    uses the learned detector when one is installed for the language (``mt_probability``), ``False``
    never, ``True`` requires it (``RuntimeError`` when missing). ``preview``: also run the rules
    marked preview (``mtcheck scan --preview``).
    """

    def __init__(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        lang: str | None = None,
        index: CorpusIndex | str | os.PathLike | None = None,
        references: Any = _DEFAULT,
        detector: bool | None = None,
        preview: bool = False,
    ) -> None:
        self.rules: list[Rule] = select_rules(list(select) if select else None, list(ignore) if ignore else None,
                                              preview=preview)
        self.lang = _check_lang(lang)
        self.references: Path | None = default_references_dir() if references is _DEFAULT else (
            Path(references) if references is not None else None)
        if isinstance(index, (str, os.PathLike)):
            index = CorpusIndex.load(index)
        self.corpus_index: CorpusIndex | None = index
        # Gazetteers are read once; with a corpus index the combined lookup is built once too.
        self._base = build_index(references=self.references)
        self._entities = index.entity_index(self.references) if index is not None else None
        self._detector_mode = detector
        # MT950 (the detector's most MT-like sentences as info findings), as `mtcheck scan` does when selected
        self._style = STYLE_CODE in select_codes(list(select) if select else None, list(ignore) if ignore else None)
        self.detector_notes: dict[str, str] = {}  # language -> why no detector runs for it

    @property
    def signature(self) -> str:
        """The run signature of the JSONL ``run`` record: rule set, score constants."""
        return signature(self.rules)

    def check(self, text: str, lang: str | None = None, id: str | None = None, path: str | None = None) -> Result:
        """Check one text. ``lang`` (ISO 639-1) overrides the checker's and identification; ``id``
        and ``path`` name the text in ``records()`` (and its findings' fingerprints) as a JSONL
        record's id and a scanned file's path would."""
        if not isinstance(text, str):
            raise TypeError(f"check() takes the text as str, not {type(text).__name__}")
        forced = _check_lang(lang)
        # Lone CRs become LFs as in a scanned file (same length: offsets still index the text passed).
        article = Article(path=path or id or "<text>", text=lone_cr_to_lf(text), id=id, lang=forced, lang_confidence=1.0 if forced else 0.0,
                          source_format="text")
        return self.check_article(article)

    def check_many(self, texts: Iterable[str], lang: str | None = None) -> Iterator[Result]:
        """Check texts one after the other (streamed). For corpus context across them, build a
        ``CorpusIndex`` first and give it to the ``Checker``."""
        for text in texts:
            yield self.check(text, lang=lang)

    def check_article(self, article: Article) -> Result:
        """Check a pipeline ``Article`` (its ``lang``, when set, is taken at its word)."""
        result = self.analyse(article)
        if result.mt_probability is None and article.lang and self._detector_mode is not False:
            self.detector_notes[article.lang] = result.mt_note or no_detector_note(article.lang)
            if self._detector_mode:
                raise RuntimeError(f"no learned detector for {article.lang!r}: {self.detector_notes[article.lang]}")
        return Result.from_article_result(result, result.mt_probability)

    def analyse(self, article: Article) -> ArticleResult:
        """The pipeline's result for one article: ``mtcheck.pipeline.scan.analyse`` with this
        checker's rules and corpus context (the function ``mtcheck scan`` runs)."""
        entities = self._entities if self._entities is not None else self._own_corpus(article.text)
        return analyse(article, self.rules, entities, self.lang, style=self._style,
                       detect=self._detector_mode is not False)

    def _own_corpus(self, text: str) -> EntityIndex:
        """The context ``mtcheck scan`` has for a single file: the gazetteers and this text's names."""
        counts = count_names(text)
        return EntityIndex(doc_freq=Counter(counts.keys()), corpus_freq=counts, articles=1,
                           by_last=self._base.by_last, first_names=self._base.first_names, sources=self._base.sources)


def _check_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    if not isinstance(lang, str) or len(lang) != 2 or not lang.isalpha():
        raise ValueError(f"lang takes a two-letter ISO 639-1 code, not {lang!r}")
    return lang.lower()


_default_checker: Checker | None = None


def check(text: str, lang: str | None = None) -> Result:
    """Check one text with the default rules and no corpus context beyond the text itself.

    The rules and word lists are loaded on the first call and kept: later calls are fast. For
    other settings, or a corpus index, make a ``Checker``."""
    global _default_checker
    if _default_checker is None:
        _default_checker = Checker()
    return _default_checker.check(text, lang=lang)


__all__ = ["Checker", "CorpusIndex", "Finding", "Result", "Verdict", "check"]
