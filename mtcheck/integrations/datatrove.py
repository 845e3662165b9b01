"""mtcheck as datatrove pipeline steps (``pip install mtcheck[datatrove]``).

- ``MTCheckFilter``: annotates each ``Document``'s metadata with mtcheck's score, verdict and
  finding counts per category, and keeps or drops it: by default it drops what ``mtcheck scan``
  calls ``machine_translated`` (``drop_verdicts``), optionally also every document whose score
  reaches ``drop_score``. Dropped documents go to datatrove's ``exclusion_writer`` when one is
  given; the step's stats count documents kept and dropped per verdict.
- ``MTCheckAnnotator``: the same metadata, every document kept.
- ``MTCheckIndexBuilder``: a first pipeline stage that counts the names of the documents it sees
  and writes one corpus index part per task (``<output>/<rank>.json``); a later stage gives that
  folder (or a file from ``mtcheck index build``) as ``index_path``, so that each task checks its
  shard with the names of the whole corpus. Without an index each document is its own corpus (as
  ``mtcheck scan`` on one file), which the stats say (``mtcheck_no_corpus_index``).

Heavy resources (rules, word lists, gazetteers, the index, the learned detector when installed)
load once per task, on the task's first document: the step itself pickles small, as the Slurm and
Ray executors need. The analysis is ``mtcheck.api.Checker``'s, the one ``mtcheck scan`` runs: on
the same documents and the same index the kept/dropped split equals the CLI's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.utils.logging import logger

if TYPE_CHECKING:
    from datatrove.io import DataFolderLike
    from datatrove.pipeline.writers.disk_base import DiskWriter

    from mtcheck.api import Checker, Result

VERDICTS = ("clean", "suspect", "machine_translated")


class _MTCheckStep:
    """What the filter and the annotator share: settings, the per-task checker, the metadata."""

    def _setup(self, index_path: str | None, lang: str | None, lang_key: str | None, select: Iterable[str] | None,
               ignore: Iterable[str] | None, references: str | None, metadata_key: str, findings: bool,
               preview: bool = False, detector: bool | None = None) -> None:
        self.index_path = index_path
        self.lang = lang
        self.lang_key = lang_key
        self.select = list(select) if select else None
        self.ignore = list(ignore) if ignore else None
        self.references = references
        self.metadata_key = metadata_key
        self.findings = findings
        self.preview = preview
        self.detector = detector
        self._checker: Checker | None = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_checker"] = None  # loaded again in each task, never shipped
        return state

    def checker(self) -> Checker:
        """This task's checker, loaded on first use (once per task)."""
        if self._checker is None:
            from mtcheck.api import _DEFAULT, Checker

            index = load_index(self.index_path) if self.index_path else None
            self._checker = Checker(select=self.select, ignore=self.ignore, lang=self.lang, index=index,
                                    references=_DEFAULT if self.references is None else self.references,
                                    preview=self.preview, detector=self.detector)
            if index is None:
                logger.warning("mtcheck: no corpus index given: each document is its own corpus; the entity "
                               "rules see no names of other documents (build one with 'mtcheck index build' "
                               "or MTCheckIndexBuilder)")
                self.stat_update("mtcheck_no_corpus_index", value=1, unit="task")  # type: ignore[attr-defined]
            else:
                self.stat_update("mtcheck_corpus_index_articles", value=index.articles, unit="task")  # type: ignore
        return self._checker

    def annotate(self, doc: Document) -> Result:
        """Check one document and write mtcheck's metadata into it."""
        from mtcheck.pipeline.records import Article

        lang = doc.metadata.get(self.lang_key) if self.lang_key else None
        # As mtcheck scan reads a JSONL record: a two-letter "lang" is taken at its word.
        lang = lang.lower() if isinstance(lang, str) and len(lang) == 2 and lang.isalpha() else None
        article = Article(path=str(doc.metadata.get("file_path", "<datatrove>")), text=doc.text, id=str(doc.id),
                          lang=lang, lang_confidence=1.0 if lang else 0.0, source_format="jsonl")
        result = self.checker().check_article(article)
        meta: dict[str, Any] = {
            "score": result.score,
            "verdict": result.verdict,
            "lang": result.lang,
            "words": result.words,
            "evidence": len(result.evidence),
            "by_category": result.by_category,
        }
        if result.mt_probability is not None:
            meta["mt_probability"] = result.mt_probability
        if self.findings:
            meta["findings"] = [
                {"start": f.start, "end": f.end, "text": f.text, "rule": f.rule, "category": f.category,
                 "severity": f.severity, "message": f.message}
                for f in result.findings
            ]
        doc.metadata[self.metadata_key] = meta
        self.stat_update(f"mtcheck_{result.verdict}")  # type: ignore[attr-defined]
        return result


class MTCheckFilter(_MTCheckStep, BaseFilter):
    """Keep or drop documents by mtcheck's verdict or score, annotating every one.

    Args:
        index_path: a corpus index (``mtcheck index build``), or a folder of index parts
            (``MTCheckIndexBuilder``); local path or fsspec URL. None: each document is its own corpus.
        drop_verdicts: verdicts whose documents are dropped (default: ``machine_translated``).
        drop_score: also drop every document whose score is at least this (None: verdicts only).
        lang: force one language (ISO 639-1) for every document.
        lang_key: metadata field with a document's language (taken when it is a two-letter code).
        select, ignore: rule codes or prefixes, as ``mtcheck scan --select/--ignore``.
        preview: also run the rules marked preview, as ``mtcheck scan --preview``.
        detector: the learned detector's ``mt_probability`` in the metadata: None where one ships for
            the language, False never (the CLI's scan does not run it), True required.
        references: folder with ``gazetteers/`` (default: as ``mtcheck scan``).
        metadata_key: where the annotation goes in ``Document.metadata``.
        findings: also store each finding (offsets, rule, message) in the metadata.
        exclusion_writer: a datatrove writer for the dropped documents.
    """

    name = "🔍 mtcheck"

    def __init__(
        self,
        index_path: DataFolderLike | str | None = None,
        drop_verdicts: Iterable[str] = ("machine_translated",),
        drop_score: float | None = None,
        lang: str | None = None,
        lang_key: str | None = "lang",
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        references: str | None = None,
        metadata_key: str = "mtcheck",
        findings: bool = False,
        exclusion_writer: DiskWriter | None = None,
        preview: bool = False,
        detector: bool | None = None,
    ):
        super().__init__(exclusion_writer=exclusion_writer)
        self.drop_verdicts = tuple(drop_verdicts)
        unknown = set(self.drop_verdicts) - set(VERDICTS)
        if unknown:
            raise ValueError(f"drop_verdicts: unknown verdicts {sorted(unknown)} (known: {', '.join(VERDICTS)})")
        if drop_score is not None and not 0.0 <= drop_score <= 1.0:
            raise ValueError(f"drop_score must lie in [0, 1], not {drop_score}")
        self.drop_score = drop_score
        self._setup(index_path, lang, lang_key, select, ignore, references, metadata_key, findings, preview, detector)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        result = self.annotate(doc)
        by_verdict = result.verdict in self.drop_verdicts
        by_score = self.drop_score is not None and result.score >= self.drop_score
        if by_verdict or by_score:
            self.stat_update(f"mtcheck_dropped_{result.verdict}")
            # The reason (dropped_<reason> in the stats, filter_reason in excluded documents).
            return False, f"mtcheck_{result.verdict}" if by_verdict else "mtcheck_score"
        self.stat_update(f"mtcheck_kept_{result.verdict}")
        return True


class MTCheckAnnotator(_MTCheckStep, PipelineStep):
    """Add mtcheck's score, verdict and counts per category to every document's metadata; drop none.
    Arguments as ``MTCheckFilter``'s, less the dropping ones."""

    name = "🔍 mtcheck annotate"
    type = "📊 - STATS"

    def __init__(
        self,
        index_path: DataFolderLike | str | None = None,
        lang: str | None = None,
        lang_key: str | None = "lang",
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        references: str | None = None,
        metadata_key: str = "mtcheck",
        findings: bool = False,
        preview: bool = False,
        detector: bool | None = None,
    ):
        super().__init__()
        self._setup(index_path, lang, lang_key, select, ignore, references, metadata_key, findings, preview,
                    detector)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                self.annotate(doc)
            self.stat_update("documents")
            yield doc


class MTCheckIndexBuilder(PipelineStep):
    """Count the names of the documents passing through into a corpus index part, one file per task
    (``<output_folder>/<rank:05d>.json``); documents pass on unchanged. A later stage (or ``mtcheck
    scan --index``) reads the folder as the merge of its parts."""

    name = "📇 mtcheck index"
    type = "📊 - STATS"

    def __init__(self, output_folder: DataFolderLike):
        super().__init__()
        from datatrove.io import get_datafolder

        self.output_folder = get_datafolder(output_folder)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from mtcheck.api import CorpusIndex

        index = CorpusIndex()
        for doc in data or ():
            with self.track_time():
                index.add(doc.text)
            self.stat_update("documents")
            yield doc
        with self.output_folder.open(f"{rank:05d}.json", "wt", encoding="utf-8") as handle:
            handle.write(index.dumps())
        self.stat_update("names", value=len(index.doc_freq), unit="task")


def load_index(path: DataFolderLike | str):
    """A corpus index file, or the merge of a folder's ``*.json`` parts; local or any fsspec URL."""
    from datatrove.io import get_datafolder

    from mtcheck.api import CorpusIndex

    if isinstance(path, str) and "://" not in path:
        return CorpusIndex.load(path)  # local: a file or a folder of parts
    folder = get_datafolder(path)
    if folder.isfile(""):  # a single remote file
        with folder.open("", "rt", encoding="utf-8") as handle:
            return CorpusIndex.loads(handle.read(), str(path))
    index = CorpusIndex()
    parts = sorted(folder.list_files(glob_pattern="*.json"))
    if not parts:
        raise ValueError(f"{path}: no corpus index (*.json) in this folder")
    for part in parts:
        with folder.open(part, "rt", encoding="utf-8") as handle:
            index.merge(CorpusIndex.loads(handle.read(), f"{path}/{part}"))
    return index


__all__ = ["MTCheckAnnotator", "MTCheckFilter", "MTCheckIndexBuilder", "load_index"]
