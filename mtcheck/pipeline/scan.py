"""The offline pipeline: sources -> ingest -> segment -> detect -> score.

Two passes over the inputs: the first counts the names of every article into the corpus
entity index (small), the second runs the rules. Articles stream through both passes, so
memory stays flat however large the corpus; ``--jobs N`` spreads the second pass over N
processes.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mtcheck import __version__
from .entity_index import EntityIndex, build_index
from .ingest import DEFAULT_MAX_BYTES, Source, iter_sources, load
from .language import SUPPORTED, identify, mask, paragraph_languages
from .records import Article, ArticleResult, Finding, ScanError
from mtcheck.rules import RULESET_VERSION, Context, Rule, run_rules, select_rules
from .score import SCORE_SIGNATURE, judge, rule_score
from .segment import segment
from .word_frequency import zipf
from .style import STYLE_CODE, assess, detector_for, style_findings


@dataclass
class ScanOptions:
    paths: list[str]
    lang: str | None = None  # force a language instead of identifying it
    select: list[str] | None = None
    ignore: list[str] | None = None
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    references: Path | None = None
    # A prebuilt corpus index (changed-only scans bring a cached one): pass 1 is skipped.
    index: EntityIndex | None = None
    # Also run the rules marked preview (not yet precise on real pages).
    preview: bool = False

    @property
    def style_findings(self) -> bool:
        """Whether MT950 (the detector's sentence findings) is selected; mt_probability is computed anyway."""
        from mtcheck.rules import select_codes

        return STYLE_CODE in select_codes(self.select, self.ignore)


def signature(rules: list[Rule], models: str = "none") -> str:
    """A sacrebleu-style signature: two runs with the same one are comparable."""
    codes = ",".join(r.code for r in rules)
    return f"mtcheck:{__version__}|rules:{RULESET_VERSION}[{codes}]|{SCORE_SIGNATURE}|models:{models}"


# An article longer than this is analysed in parts of about this size, cut at paragraph (else line,
# sentence, word) boundaries, so that what the rules build (sentences, words, look-ups) is held for
# one part at a time: peak memory then grows with the article's text, not with its analysis.
# Findings keep article-global offsets; counts "in this article" are counted within the part.
CHUNK_CHARS = 1_000_000


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts of ``text``, each at most ``size`` characters, cut after a
    blank line, else a line break, else a sentence end, else a space (a hard cut only when none)."""
    bounds, start, n = [], 0, len(text)
    while n - start > size:
        limit = start + size
        floor = start + size // 2  # parts stay at least half full
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, floor, limit)
            if at != -1:
                cut = at + len(sep)
                break
        if cut <= start:
            cut = limit
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def analyse(article: Article, rules: list[Rule], index: EntityIndex, forced_lang: str | None = None,
            style: bool = False, detect: bool = True) -> ArticleResult:
    """Run the rules and the detector on one article and judge it; a very large article in parts
    (see CHUNK_CHARS): findings and sentence scores at article-global offsets, words summed, the
    detector's probability the word-weighted mean of the parts', then judged as a whole."""
    if len(article.text) <= CHUNK_CHARS:
        return _analyse_whole(article, rules, index, forced_lang, style, detect)
    if forced_lang:
        article.lang, article.lang_confidence = forced_lang, 1.0
    elif article.lang is None:
        article.lang, article.lang_confidence = identify(article.text)
    findings: list[Finding] = []
    sentence_mt: list = []
    words, weighted, weight, notes, rules_run = 0, 0.0, 0, [], []
    for start, end in chunk_bounds(article.text):
        part = dataclasses.replace(article, text=article.text[start:end], meta=dict(article.meta))
        result = _analyse_whole(part, rules, index, article.lang, style, detect)
        del part
        findings.extend(dataclasses.replace(f, start=f.start + start, end=f.end + start) for f in result.findings)
        sentence_mt.extend((s + start, e + start, p) for s, e, p in (result.sentence_mt or []))
        words += result.words
        if result.mt_probability is not None:
            weighted += result.mt_probability * max(result.words, 1)
            weight += max(result.words, 1)
        if result.mt_note and result.mt_note not in notes:
            notes.append(result.mt_note)
        rules_run = rules_run or result.rules_run
    probability = weighted / weight if weight else None
    rules_score = rule_score(findings, words)
    score, article_verdict = judge(rules_score, probability, words, findings, article.lang)
    return ArticleResult(
        article=article, findings=findings, score=score, verdict=article_verdict, rules_run=rules_run,
        words=words, mt_probability=probability, mt_note="; ".join(notes) or None, sentence_mt=sentence_mt,
        rule_score=rules_score,
    )


def _analyse_whole(article: Article, rules: list[Rule], index: EntityIndex, forced_lang: str | None = None,
                   style: bool = False, detect: bool = True) -> ArticleResult:
    """Run the rules and the detector on one article and judge it (``style``: add the MT950 findings;
    ``detect=False``: no detector, as for a language without one)."""
    return _finish(_prepare(article, rules, index, forced_lang), style, detect)


@dataclass
class _Prepared:
    """An article after its rules, before the detector (``analyse_batch`` runs the detector on several at once)."""

    article: Article
    seen: Article            # what the rules and the detector read (English paragraphs of a mixed page blanked)
    doc: object              # segment(article.text)
    ctx_doc: object          # segment(seen.text)
    findings: list[Finding]
    active: list[Rule]


def _prepare(article: Article, rules: list[Rule], index: EntityIndex, forced_lang: str | None = None) -> _Prepared:
    """Language, segments and rule findings of one article (the first half of ``_analyse_whole``)."""
    if forced_lang:
        article.lang, article.lang_confidence = forced_lang, 1.0
    elif article.lang is None:
        article.lang, article.lang_confidence = identify(article.text)
    doc = segment(article.text)
    # A page that mixes English with German or Dutch paragraphs: the German/Dutch rules run on the
    # German/Dutch paragraphs (the English ones blanked, offsets kept), and MT402 reports the English ones.
    seen = article
    english: list = []
    if len(doc.paragraphs) > 1:
        target, english = paragraph_languages(doc, article.lang)
        if target != article.lang and not forced_lang:
            article.lang = target
    ctx_doc = doc
    if english:
        seen = dataclasses.replace(article, text=mask(article.text, english))
        ctx_doc = segment(seen.text)
    ctx = Context(article=seen, doc=ctx_doc, lang=article.lang, entities=index)
    if english:
        ctx.cache["language.english_paragraphs"] = english
        ctx.cache["language.original_text"] = article.text
    active = [r for r in rules if r.applies_to(article.lang)]
    findings = sorted(run_rules(ctx, active), key=lambda f: (f.start, f.end, f.rule))
    findings = _drop_duplicates(findings)
    if english:
        for f in findings:
            f.text = article.text[f.start : f.end]
    return _Prepared(article, seen, doc, ctx_doc, findings, active)


def _finish(prepared: _Prepared, style: bool = False, detect: bool = True) -> ArticleResult:
    """The detector's scores and the verdict of one prepared article (the second half of ``_analyse_whole``)."""
    article, doc, findings, active = prepared.article, prepared.doc, prepared.findings, prepared.active
    # The detector reads what the rules read: English paragraphs of a mixed page are blanked (offsets kept).
    detected = assess(prepared.seen, prepared.ctx_doc, detect)
    if style and detected.top:
        findings = sorted(findings + style_findings(article, detected), key=lambda f: (f.start, f.end, f.rule))
    rules_score = rule_score(findings, doc.word_count)
    score, article_verdict = judge(rules_score, detected.probability, doc.word_count, findings, article.lang)
    return ArticleResult(
        article=article,
        findings=findings,
        score=score,
        verdict=article_verdict,
        rules_run=[r.code for r in active] + ([STYLE_CODE] if style and detected.probability is not None else []),
        words=doc.word_count,
        mt_probability=detected.probability,
        mt_note=detected.note,
        sentence_mt=detected.sentences,
        rule_score=rules_score,
    )


def _drop_duplicates(findings):
    """Two rules flagging the very same span and category count once (the first rule wins)."""
    seen = set()
    kept = []
    for f in findings:
        key = (f.start, f.end, f.category)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def _articles(sources: list[Source], max_bytes: int, errors: bool) -> Iterator[Article | ScanError]:
    for source in sources:
        for item in load(source, max_bytes):
            if errors or isinstance(item, Article):
                yield item


# Worker-process state, set once per process by the pool initializer.
_worker: dict = {}


def _init_worker(rules: list[Rule], index: EntityIndex, lang: str | None, style: bool = True) -> None:
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool ends its workers with SIGTERM
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    _worker.update(rules=rules, index=index, lang=lang, style=style)


def _analyse_in_worker(articles: list[Article]) -> list[ArticleResult | ScanError]:
    return list(analyse_batch(articles, _worker["rules"], _worker["index"], _worker["lang"], _worker["style"]))


def analyse_or_error(article: Article, rules: list[Rule], index: EntityIndex, forced_lang: str | None,
                     style: bool = False):
    """``analyse``, with a failure on one article reported as that article's error (the scan goes on
    with the rest, and exits 2) instead of ending the whole scan."""
    try:
        return analyse(article, rules, index, forced_lang, style)
    except Exception as exc:
        return _internal_error(article, exc)


def _internal_error(article: Article, exc: Exception) -> ScanError:
    where = f" (record {article.id})" if article.id is not None else ""
    return ScanError(article.path, f"internal error while analysing{where}: {type(exc).__name__}: {exc} "
                                   "(please report it)", line=article.meta.get("line"))


# analyse_batch holds at most this many characters of prepared articles (segments, words, findings) before it
# runs their detector: memory stays bounded, and a batch of news articles is still dozens of them.
BATCH_CHARS = 300_000


def analyse_batch(items: list, rules: list[Rule], index: EntityIndex, forced_lang: str | None,
                  style: bool = False) -> Iterator[ArticleResult | ScanError]:
    """``analyse_or_error`` for each article of ``items`` (ScanErrors pass through), in order, with the same
    results, stage by stage instead of article by article: the language of every article first, then the
    rules of each, then the detector of each. Each stage's tables (the language model's automaton and
    weights, the detector's weights) then stay in the CPU caches from one article to the next instead of
    being evicted by the rules in between: about 15 % less CPU time for a scan of news articles."""
    if not forced_lang:
        for item in items:
            if isinstance(item, Article) and item.lang is None:
                try:
                    item.lang, item.lang_confidence = identify(item.text)
                except Exception:  # noqa: BLE001 - analysed below, where the error is reported as the article's
                    pass
    pending: list = []                 # _Prepared, ScanError or ArticleResult, in input order
    held = 0
    for item in items:
        if isinstance(item, ScanError):
            pending.append(item)
        elif len(item.text) > CHUNK_CHARS:   # analysed in parts, on its own
            pending.append(analyse_or_error(item, rules, index, forced_lang, style))
        else:
            try:
                pending.append(_prepare(item, rules, index, forced_lang))
                held += len(item.text)
            except Exception as exc:
                pending.append(_internal_error(item, exc))
        if held >= BATCH_CHARS:
            yield from _finish_all(pending, style)
            pending, held = [], 0
    yield from _finish_all(pending, style)


def _finish_all(pending: list, style: bool) -> Iterator[ArticleResult | ScanError]:
    for item in pending:
        if isinstance(item, _Prepared):
            try:
                item = _finish(item, style)
            except Exception as exc:
                item = _internal_error(item.article, exc)
        yield item


def scan(
    options: ScanOptions,
    on_total: Callable[[int], None] | None = None,
) -> Iterator[ArticleResult | ScanError]:
    """Scan every input; yield one result per article and one error per problem, in input order."""
    rules = select_rules(options.select, options.ignore, preview=options.preview)
    style = options.style_findings
    listed = list(iter_sources(options.paths, options.max_bytes))
    sources = [s for s in listed if isinstance(s, Source)]
    yield from (e for e in listed if isinstance(e, ScanError))

    index = options.index if options.index is not None else build_index(references=options.references)
    # Pass 1: the corpus entity index (skipped when a changed-only scan brings a cached one). In this
    # process: counting names runs at tens of MB/s, so shipping the texts to workers would cost more.
    total = len(sources) if options.index is not None else 0
    if options.index is None:
        for article in _articles(sources, options.max_bytes, errors=False):
            index.add_article(article.text)
            total += 1
        article = None  # the last article's text is not kept through pass 2
    if on_total:
        on_total(total)
    # Pass 2: rules and scores, in bounded batches so that memory stays flat.
    items = _batches(_articles(sources, options.max_bytes, errors=True), BATCH)
    if options.jobs <= 1:
        # The garbage collector would otherwise walk everything loaded so far (word lists, model
        # tables, the index) again and again while tokens are built: about 8 % of the CPU time.
        gc.freeze()
        threshold = gc.get_threshold()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *threshold[1:])
        try:
            for batch in items:
                yield from analyse_batch(batch, rules, index, options.lang, style)
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()
        return
    # Load the language model and the word lists once here, into memory the workers share, instead
    # of once in each worker (about 0.5 s of CPU per worker).
    items = iter(items)
    first = next(items, [])
    _warm_up([a for a in first if isinstance(a, Article)], options.lang)
    items = itertools.chain([first], items)
    # The index is complete now: fork the workers, which inherit it (and the rules) without pickling.
    # Frozen objects are skipped by the workers' garbage collector, which would otherwise walk (and
    # so copy, page by page) everything inherited from this process: word lists, model tables.
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(
            options.jobs, initializer=_init_worker, initargs=(rules, index, options.lang, style)
        )
    finally:
        gc.unfreeze()
    try:
        # Two batches in flight: the workers analyse one while this process reads the next and
        # writes the results of the previous one.
        pending = None
        for batch in items:
            articles = [a for a in batch if isinstance(a, Article)]
            # a few articles per task, analysed stage by stage there too (analyse_batch)
            chunks = [articles[i : i + WORKER_CHUNK] for i in range(0, len(articles), WORKER_CHUNK)]
            job = pool.map_async(_analyse_in_worker, chunks, chunksize=1)
            if pending is not None:
                yield from _merge(*pending)
            pending = (batch, job)
        if pending is not None:
            yield from _merge(*pending)
    finally:
        pool.terminate()


def _warm_up(articles: list[Article], forced_lang: str | None) -> None:
    """Identify the first articles' languages (stored on them, so the workers skip that) and load
    the word lists of those languages and English, which the entity rules compare with, and the
    detectors of those languages."""
    langs = {"en"}
    for article in articles:
        if forced_lang:
            langs.add(forced_lang)
        elif article.lang is None:
            article.lang, article.lang_confidence = identify(article.text)
        langs.add(article.lang)
    identify("warm-up")  # the language model, even when every article brings its own language
    for lang in sorted(langs & set(SUPPORTED)):
        zipf("warm-up", lang)  # the word table (or wordfreq's dictionary), shared with the workers
        detector = detector_for(lang)
        if detector is not None:
            detector.score_text("warm-up")  # loads the artefact here, once, for every worker to share


def _merge(batch: list, job) -> Iterator[ArticleResult | ScanError]:
    """A batch's items in input order: errors as they are, articles replaced by their results."""
    analysed = itertools.chain.from_iterable(job.get())
    for item in batch:
        yield item if isinstance(item, ScanError) else next(analysed)


# The young generation's collection threshold during pass 2 (CPython's default: 700). A batch of articles keeps
# about 20,000 to 30,000 container objects alive (word tuples, sentences, findings), almost none of them in
# reference cycles; with the default the collector ran about 550 times per 2.5 MB, each time walking the newest
# of them (0.17 s of CPU, 3 to 4 % of a scan, measured with gc.callbacks). Above a batch's live objects it
# rarely runs at all, and cyclic garbage still cannot pile up beyond this many objects.
GC_YOUNG_THRESHOLD = 50_000

# Articles handed to the workers at a time: enough to keep them busy, few enough to keep memory flat.
BATCH = 64
# Articles per worker task (analysed stage by stage; 64 / 8 = 8 tasks per batch keeps two to four workers busy).
WORKER_CHUNK = 8


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
