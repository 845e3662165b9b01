"""Fan the scan's results out to every output: stdout (table, JSONL or JSON), ``findings.jsonl``
and the HTML report under ``--out``, errors and progress on stderr, and the exit status.

Files are written atomically: a scan that dies leaves the previous report in place.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jsonlines

from .atomic import AtomicFile, clean_stale, report_lock
from .jsonl import _SURROGATE, count_by_category, dumps, plural, records_with_fingerprints, run_record
from mtcheck.pipeline.records import NON_EVIDENCE_CATEGORIES, ArticleResult, ScanError
from mtcheck.pipeline.score import VERDICT_RANK, counted_probability, reaches
from mtcheck.pipeline.sources import SourceGroup, aggregate, source_of


CI_FORMATS = ("sarif", "github", "junit")


@dataclass
class Summary:
    """The small per-article facts kept for the table and the index (not the article text)."""

    path: str
    id: str | None
    lang: str | None
    words: int
    score: float
    verdict: str
    by_category: dict[str, int]
    evidence: int
    page: str | None = None
    mt_probability: float | None = None
    mt_note: str | None = None
    source: tuple[str, str] | None = None  # (kind, name): pipeline/sources.py


# The terminal summary lists this many articles (and sources), worst first, by default: a table of thousands of
# rows is no summary. The rest are counted in one line; findings.jsonl and the HTML index have them all.
TOP_DEFAULT = 20


@dataclass
class Reporter:
    out: Path
    fmt: str = "table"  # table | jsonl | json | sarif | github | junit
    html: bool = True
    quiet: bool = False
    top: int = TOP_DEFAULT  # articles (and sources) the terminal table lists, worst first; 0: all
    signature: str = ""
    rules: list = field(default_factory=list)
    run_extra: dict = field(default_factory=dict)
    fail_on: str = "machine_translated"  # the CI formats mark the articles that reach it
    # run_extra holds counts that grow while the scan runs (the model stage's model_calls): the
    # run record streamed first on stdout says null for them; the closing summary record has them.
    pending_counts: tuple[str, ...] = ()

    def __post_init__(self):
        self.summaries: list[Summary] = []
        self.errors: list[ScanError] = []
        self._json_records: list[dict] = []
        self._ci_records: list[dict] = []  # --format github: run, article (no text), finding, error records
        self._ci_writer = None  # --format sarif/junit: a writer that spools its output as the scan goes
        self._progress = None
        self._task = None
        self._html = None

    # Context management: open the outputs, and commit them only when the scan completes.
    def __enter__(self):
        # Temporary files are created (and locked) under the report folder's lock, where what
        # killed scans left behind is cleaned up too (see atomic.clean_stale).
        with report_lock(self.out):
            clean_stale(self.out)
            self._findings_file = AtomicFile(self.out / "findings.jsonl")
            if self.html:
                from .html import HtmlReport

                self._html = HtmlReport(self.out, signature=self.signature, rules=self.rules)
                try:
                    self._html.open()
                except BaseException:
                    self._findings_file.abort()
                    raise
        self._findings = self._findings_file.handle
        # The body goes to a temporary file first: the run record heads findings.jsonl but carries
        # counts known only at the end (model_calls), so it is written last, above the body.
        self._body = tempfile.TemporaryFile("w+", encoding="utf-8")
        # JSON Lines writers (the jsonlines package) with our dumps: a lone surrogate or a Unicode line break
        # escaped, so that every record stays one line.
        self._body_lines = jsonlines.Writer(self._body, dumps=dumps)
        self._stdout_lines = jsonlines.Writer(sys.stdout, dumps=dumps) if self.fmt == "jsonl" else None
        if self.fmt in ("sarif", "junit"):
            # Streamed: holding every finding and then the whole log as one string took 900 MB for
            # one degenerate article of 62,495 findings (SARIF); a spool keeps one article's worth.
            from .junit import JunitWriter
            from .sarif import SarifWriter

            writer = SarifWriter if self.fmt == "sarif" else JunitWriter
            self._ci_writer = writer(rules=self.rules, fail_on=self.fail_on)
        self._run = run_record(self.signature, **self.run_extra)
        self._emit(self._run)
        if not self.quiet and sys.stderr.isatty():
            from rich.progress import Progress

            self._progress = Progress(transient=True, console=_console(stderr=True))
            self._progress.start()
            self._task = self._progress.add_task("scanning", total=None)
        return self

    def __exit__(self, exc_type, exc, tb):
        # Commit order: findings.jsonl is written out and synced and the index rendered first (what
        # a full disk breaks); then, holding the report folder's lock (so that concurrent scans into
        # one --out commit one after the other and the last wins whole), the pages and index.html
        # are renamed into place, then findings.jsonl. Any failure before that leaves the previous
        # report whole; only a failing rename right after the new index.html (not a full disk)
        # could pair the new HTML with the old findings.jsonl.
        if self._progress is not None:
            self._progress.stop()
        if exc_type is not None:
            self._abort()
            return False
        try:
            self.sources = aggregate([(s.source, s.verdict, counted_probability(s.mt_probability, s.words))
                                      for s in self.summaries])
            for group in self.sources:  # after every article: a source record sums up its articles
                self._emit(group.record())
            findings = jsonlines.Writer(self._findings, dumps=dumps)
            findings.write(self._run)
            self._body.seek(0)
            shutil.copyfileobj(self._body, self._findings)
            findings.write(self._summary_record())
            self._findings_file.prepare()
            index = None
            if self._html is not None:
                self._html.summaries, self._html.errors = self.summaries, self.errors
                self._html.sources = self.sources
                index = self._html.prepare()
        except BaseException:
            self._abort()
            raise
        self._body.close()
        try:
            with _signals_deferred(), report_lock(self.out):  # a commit is never cut in half
                if self._html is not None:
                    self._html.commit(index)
                else:
                    from .html import remove_html_report

                    remove_html_report(self.out)  # never a new findings.jsonl beside an old index
                self._findings_file.commit()
                clean_stale(self.out)
        except BaseException:
            self._abort()
            raise
        self._finish()
        return False

    def _abort(self) -> None:
        self._body.close()
        if self._ci_writer is not None:
            self._ci_writer.close()
        if self._html is not None:
            self._html.abort()
        self._findings_file.abort()

    def set_total(self, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total)

    def add(self, item: ArticleResult | ScanError) -> None:
        records = records_with_fingerprints(item)
        for record in records:
            self._emit(record)
        if isinstance(item, ScanError):
            self.errors.append(item)
            where = f"{shown(item.path)}:{item.line}" if item.line else shown(item.path)
            print(f"mtcheck: error: {where}: {item.message}", file=sys.stderr)
            return
        for warning in item.article.warnings:
            print(f"mtcheck: warning: {shown(item.article.path)}: {shown(warning)}", file=sys.stderr)
        summary = Summary(
            path=item.article.path,
            id=item.article.id,
            lang=item.article.lang,
            words=item.words,
            score=item.score,
            verdict=item.verdict,
            by_category=count_by_category(item.findings),
            evidence=len(item.evidence),
            mt_probability=item.mt_probability,
            mt_note=item.mt_note,
            source=source_of(item.article),
        )
        if self._html is not None:
            summary.page = self._html.add(item)
        self.summaries.append(summary)
        if self._progress is not None:
            self._progress.advance(self._task)

    def _summary_record(self) -> dict:
        from .jsonl import summary_record

        return summary_record(self.summaries, self.errors, **self.run_extra)

    def _emit(self, record: dict) -> None:
        if record["type"] != "run":  # the run record is written last, at the head (see __enter__)
            self._body_lines.write(record)
        if self._stdout_lines is not None:
            if record["type"] == "run" and self.pending_counts:  # streamed before the counts are known: null, not a
                record = {**record, **{k: None for k in self.pending_counts if k in record}}  # wrong zero
            self._stdout_lines.write(record)
        elif self.fmt == "json":
            self._json_records.append(record)
        elif self.fmt in CI_FORMATS and record["type"] in ("run", "article", "finding", "error"):
            if self._ci_writer is not None:
                self._ci_writer.add(record)  # the writers keep no article text
                return
            self._ci_records.append({k: v for k, v in record.items() if k != "text"} if record["type"] == "article" else record)

    def _finish(self) -> None:
        if self.fmt == "jsonl":
            self._stdout_lines.write(self._summary_record())
        elif self.fmt == "json":
            doc = _nest(self._json_records)
            doc["summary"] = self._summary_record()
            sys.stdout.write(_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                                            json.dumps(doc, ensure_ascii=False, indent=2)) + "\n")
        elif self._ci_writer is not None:
            try:
                self._ci_writer.write(sys.stdout)
            finally:
                self._ci_writer.close()
        elif self.fmt in CI_FORMATS:
            import importlib

            writer = importlib.import_module(f".{self.fmt}", __package__)
            text = writer.render(self._ci_records, rules=self.rules, fail_on=self.fail_on)
            sys.stdout.write(_SURROGATE.sub("\ufffd", text))  # a lone surrogate cannot be written
        elif self.fmt == "table" and not self.quiet:
            print_table(self.summaries, self.errors, self.out, self.html, self.sources, top=self.top)

    def exit_code(self, fail_on: str) -> int:
        if self.errors:
            return 2
        return 1 if any(reaches(s.verdict, fail_on) for s in self.summaries) else 0


@contextmanager
def _signals_deferred():
    """Hold SIGINT and SIGTERM back for the few renames of a commit; they are delivered (and end
    the scan) right after it."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    old = mask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def _nest(records: list[dict]) -> dict:
    """``--format json``: the JSONL records as one object. Each article record keeps its contract
    fields (``findings`` stays a count) and gains its records by type: ``finding_records``,
    ``sentence_records``. Source records go under ``sources``."""
    run = records[0] if records and records[0]["type"] == "run" else {}
    articles: list[dict] = []
    errors: list[dict] = []
    sources: list[dict] = []
    for record in records[1:]:
        if record["type"] == "article":
            articles.append({**record, "finding_records": []})
        elif record["type"] == "error":
            errors.append(record)
        elif record["type"] == "source":
            sources.append(record)
        elif articles:
            articles[-1].setdefault(f"{record['type']}_records", []).append(record)
    return {"run": run, "articles": articles, "sources": sources, "errors": errors}


# Control characters in a name (a file named with a line break, an id holding a tab) would split the table's rows
# and stderr's one-line messages.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(name: str) -> str:
    """A path or record id as the terminal shows it: control characters as their escapes ("new\\nline.txt")."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], name) if _CONTROL.search(name) else name


def _cell(name: str) -> str:
    """A name for a rich table cell: shown, and its square brackets literal, never markup (an id "[/]" or a folder
    "[bold]" ended the scan in a MarkupError)."""
    from rich.markup import escape

    return escape(shown(name))


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, no_color="NO_COLOR" in os.environ, highlight=False)


def _hidden_line(hidden: list[str], noun: str, top: int) -> str:
    """"... and 1,078 more articles not listed (1,078 clean) ...": what the table left out, by verdict."""
    counts = {v: hidden.count(v) for v in VERDICT_STYLE}
    by_verdict = ", ".join(f"{n:,} {v}" for v, n in sorted(counts.items(), key=lambda kv: -VERDICT_RANK[kv[0]])
                           if n)
    return (f"... and {len(hidden):,} more {noun}{'s' if len(hidden) != 1 else ''} not listed ({by_verdict}; "
            f"the table shows the {top:,} worst; --top 0 lists all)")


def sources_table(sources: list[SourceGroup], top: int = 0):
    """One row per source (pipeline/sources.py), worst first; at most ``top`` rows (0: all). Returns the table
    and the verdicts of the sources it left out."""
    from rich.table import Table

    table = Table(title=None, show_edge=False, pad_edge=False)
    for header, justify in (("source", "left"), ("articles", "right"), ("mean mt prob. [95% CI]", "right"),
                            ("verdict", "left"), ("article verdicts", "left")):
        table.add_column(header, justify=justify, overflow="fold")
    rows = [(g, g.record()) for g in sources]
    rows.sort(key=lambda gr: (-VERDICT_RANK[gr[1]["verdict"]], -(gr[1]["mt_probability"] or 0), gr[0].name))
    hidden = [rec["verdict"] for _, rec in rows[top:]] if top else []
    for group, rec in rows[:top] if top else rows:
        p, ci = rec["mt_probability"], rec["mt_probability_ci95"]
        prob = "-" if p is None else f"{p:.2f}" + (f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else "")
        verdicts = ", ".join(f"{n} {v}" for v, n in rec["verdicts"].items() if n)
        table.add_row(f"{_cell(group.name)} ({group.kind})", str(rec["articles"]), prob,
                      f"[{VERDICT_STYLE[rec['verdict']]}]{rec['verdict']}[/]", verdicts)
    return table, hidden


VERDICT_STYLE = {"clean": "green", "suspect": "yellow", "machine_translated": "bold red"}


def print_table(summaries: list[Summary], errors: list[ScanError], out: Path, html: bool,
                sources: list[SourceGroup] | None = None, top: int = TOP_DEFAULT) -> None:
    """The terminal summary: one row per article, worst first (the ``top`` worst; 0: all), a line counting the
    rest, the sources likewise, then where the reports are."""
    from rich.table import Table

    console = _console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 240  # piped or logged (CI): rich's 80-column default would fold every path
    table = Table(title=None, show_edge=False, pad_edge=False)
    for header, justify in (("article", "left"), ("lang", "left"), ("words", "right"), ("score", "right"),
                            ("mt prob.", "right"), ("verdict", "left"), ("evidence", "right"), ("categories", "left")):
        table.add_column(header, justify=justify, overflow="fold")
    ranked = sorted(summaries, key=lambda s: (-s.score, s.path))
    shown_rows, hidden = (ranked[:top], ranked[top:]) if top else (ranked, [])
    for s in shown_rows:
        name = s.path if s.id is None else f"{s.path}#{s.id}"
        # Evidence first; page furniture is named last since it says nothing about translation.
        evidence = sorted(((c, n) for c, n in s.by_category.items() if c not in NON_EVIDENCE_CATEGORIES),
                          key=lambda kv: (-kv[1], kv[0]))
        cats = ", ".join(f"{c} {n}" for c, n in evidence[:3])
        if len(evidence) > 3:
            cats += f", +{len(evidence) - 3} more"
        if s.by_category.get("boilerplate"):
            cats = f"{cats}; boilerplate {s.by_category['boilerplate']}" if cats else f"boilerplate {s.by_category['boilerplate']}"
        table.add_row(
            _cell(name), s.lang or "?", str(s.words), f"{s.score:.2f}",
            f"{s.mt_probability:.2f}" if s.mt_probability is not None else "-",
            f"[{VERDICT_STYLE[s.verdict]}]{s.verdict}[/]", str(s.evidence), cats or "-",
        )
    console.print(table)
    if hidden:
        console.print(_hidden_line([s.verdict for s in hidden], "article", top), highlight=False, markup=False)
    if sources:
        source_rows, hidden_sources = sources_table(sources, top)
        console.print(source_rows)
        if hidden_sources:
            console.print(_hidden_line(hidden_sources, "source", top), highlight=False, markup=False)
    counts = {v: sum(1 for s in summaries if s.verdict == v) for v in VERDICT_STYLE}
    line = (
        f"{plural(len(summaries), 'article')}: {counts['machine_translated']} machine_translated, "
        f"{counts['suspect']} suspect, {counts['clean']} clean"
    )
    if errors:
        line += f"; {plural(len(errors), 'input')} could not be read (see errors above)"
    console.print(line, highlight=False)
    console.print(f"findings: {shown(str(out / 'findings.jsonl'))}", highlight=False, markup=False)
    if html:
        console.print(f"report:   {shown(str(out / 'index.html'))}", highlight=False, markup=False)
