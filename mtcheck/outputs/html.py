"""The HTML report: ``index.html`` plus one page per article, self-contained and readable offline.

Pages are rendered as articles stream through the scan (no article text is kept in memory) into a
hidden folder beside the report; only when the scan completes is that folder renamed into place
and ``index.html`` (which links into it) replaced. A reader therefore sees the previous report or
the new one, never a mix: the folder carries a fresh name on every run (``articles-<token>``), so
the old index keeps pointing at the old pages until the new index replaces it in one rename.

All article text reaches the templates as plain strings and Jinja2's autoescape escapes it; no
article text is ever placed inside a ``<script>`` element.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck import __version__
from .sarif import PER_ARTICLE, SEVERITY_RANK
from .atomic import REPORT_MARKER, atomic_open, clean_stale, hold, report_lock, umask
from mtcheck.pipeline.records import CATEGORIES, NON_EVIDENCE_CATEGORIES, VERDICTS, ArticleResult, Finding, LineIndex
from mtcheck.pipeline.score import verdict_reason
from mtcheck.pipeline.segment import segment

PAGES_PREFIX = "articles-"
# A pages folder is named articles-<8 hex digits> and holds this marker, written when the folder
# is created: only folders with both are ever deleted (a user's own "articles-de/" never is).
PAGES_RE = re.compile(r"articles-[0-9a-f]{8}")
# How an index.html this report wrote starts (so that --no-html removes only an mtcheck index).
GENERATOR = b'<meta name="generator" content="mtcheck'

# Display order of categories on a span covered by several: evidence first, boilerplate last.
_PRIORITY = {c: i for i, c in enumerate(sorted(CATEGORIES, key=lambda c: c in NON_EVIDENCE_CATEGORIES))}

_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def encode_page(html: str) -> bytes:
    """A page as UTF-8. A lone surrogate (article text from the Python API can hold one) becomes a
    character reference, which browsers show as U+FFFD, instead of failing the report."""
    return html.encode("utf-8", "xmlcharrefreplace")


def is_report_pages(folder: Path) -> bool:
    """True for a pages folder this report wrote (name pattern and marker file), never anything else."""
    return bool(PAGES_RE.fullmatch(folder.name)) and (folder / REPORT_MARKER).is_file()


def _environment():
    # jinja2 imported here: a --no-html scan (which still imports this module to remove a stale page
    # set) does not pay for it (about 0.1 s of start-up)
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("mtcheck.outputs", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(CATEGORIES=CATEGORIES, VERDICTS=VERDICTS, version=__version__)
    env.filters["score"] = lambda x: f"{x:.2f}"
    return env


def page_name(key: str, used: set[str], label: str | None = None) -> str:
    """A file name that is safe on every file system and unique in this report: a readable slug
    of ``label`` (default: the key's file name) plus a short hash of the full key (path + JSONL id
    can hold anything)."""
    stem = label if label is not None else key.replace("\\", "/").rsplit("/", 1)[-1]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem.encode("ascii", "ignore").decode()).strip("-_")[:48] or "article"
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    name, n = f"{slug}-{digest}.html", 1
    while name in used:  # the same input given twice
        n += 1
        name = f"{slug}-{digest}-{n}.html"
    used.add(name)
    return name


@dataclass
class Piece:
    """A run of article text covered by one fixed set of findings (possibly none)."""

    text: str
    fids: list[int] = field(default_factory=list)  # findings covering the piece
    cats: list[str] = field(default_factory=list)  # their categories, most important first
    title: str = ""
    anchors: list[dict] = field(default_factory=list)  # findings that start here
    sentence: int | None = None  # index of the model-stage sentence record the piece belongs to
    ends_sentence: int | None = None  # that record ends right after this piece

    @property
    def css(self) -> str:
        if not self.cats:
            return ""
        classes = ["hl", f"c-{self.cats[0]}"]
        if len(self.cats) > 1:
            classes.append("multi")
        if all(c == "boilerplate" for c in self.cats):  # furniture is muted; mt_style sentences are not
            classes.append("muted")
        return " ".join(classes)


@dataclass
class Block:
    """A paragraph of the article, with the model-stage sentences that end inside it."""

    pieces: list[Piece]
    sentences: list[int]  # indices into the sentence records


def _sentence_records(result: ArticleResult) -> list[dict]:
    """The model stage's sentence records that point at a valid span of the text, in text order."""
    n = len(result.article.text)
    kept = []
    for record in result.extras.get("records") or []:
        if not isinstance(record, dict) or record.get("type") != "sentence":
            continue
        start, end = record.get("start"), record.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
            continue
        kept.append(record)
    kept.sort(key=lambda r: (r["start"], r["end"]))
    # Sentences do not overlap; a malformed overlapping record is dropped rather than mis-drawn.
    out, last_end = [], -1
    for record in kept:
        if record["start"] >= last_end:
            out.append(record)
            last_end = record["end"]
    return out


def _score_items(scores) -> list[tuple[str, str]]:
    if not isinstance(scores, dict):
        return []
    items = []
    for name, value in scores.items():
        if isinstance(value, float):
            value = f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
        items.append((str(name), str(value)))
    return items


def build_blocks(text: str, findings: list[Finding], sentences: list[dict]) -> list[Block]:
    """Cut the text into paragraphs and each paragraph into pieces at every finding and sentence
    boundary, so that overlapping findings become flat, non-nested runs of highlighted text."""
    paragraphs = [(p.start, p.end) for p in segment(text).paragraphs] or [(0, len(text))]
    cuts = set()
    for s, e in paragraphs:
        cuts.update((s, e))
    for f in findings:
        cuts.update((f.start, f.end))
    for r in sentences:
        cuts.update((r["start"], r["end"]))
    cuts = sorted(cuts)

    # Each finding's link target sits where it starts, or at the next visible text when it
    # starts in the blank space between paragraphs.
    anchors_at: dict[int, list[int]] = {}
    starts = [s for s, _ in paragraphs]
    for i, f in enumerate(findings):
        pos = f.start
        k = bisect.bisect_right(starts, pos) - 1  # the last paragraph starting at or before pos
        s, e = paragraphs[k] if k >= 0 else (-1, -1)
        if not (s <= pos < e or pos == e == f.end):
            pos = starts[k + 1] if k + 1 < len(starts) else paragraphs[-1][1]
        anchors_at.setdefault(pos, []).append(i)
    titles = [_title(f) for f in findings]

    blocks: list[Block] = []
    by_start = sorted(range(len(findings)), key=lambda i: findings[i].start)
    fi, si = 0, 0  # next finding (by start) to activate; next sentence record
    active: set[int] = set()
    for p_start, p_end in paragraphs:
        pieces: list[Piece] = []
        block_sentences: list[int] = []
        bounds = cuts[bisect.bisect_left(cuts, p_start) : bisect.bisect_right(cuts, p_end)]
        for a, b in zip(bounds, bounds[1:]):
            # Every finding boundary is a cut, so a finding active at ``a`` covers all of a..b.
            while fi < len(by_start) and findings[by_start[fi]].start <= a:
                active.add(by_start[fi])
                fi += 1
            active = {i for i in active if findings[i].end > a}
            while si < len(sentences) and sentences[si]["end"] <= a:
                si += 1
            piece = _piece(text[a:b], sorted(active), findings, titles)
            piece.anchors = _anchors(anchors_at.pop(a, []), findings, titles)
            if si < len(sentences) and sentences[si]["start"] <= a:
                piece.sentence = si
                if sentences[si]["end"] == b:
                    piece.ends_sentence = si
                    block_sentences.append(si)
            pieces.append(piece)
        tail = anchors_at.pop(p_end, [])
        if tail:  # zero-width findings at the paragraph's end, and findings placed after the text
            pieces.append(Piece(text="", anchors=_anchors(tail, findings, titles)))
        blocks.append(Block(pieces=pieces, sentences=block_sentences))
    return blocks


def _anchors(ids: list[int], findings: list[Finding], titles: list[str]) -> list[dict]:
    """Link targets; a zero-width finding (something missing) also gets a visible caret."""
    return [
        {"i": i, "point": findings[i].start == findings[i].end, "cat": findings[i].category, "title": titles[i]}
        for i in ids
    ]


def _piece(text: str, covering: list[int], findings: list[Finding], titles: list[str]) -> Piece:
    cats = sorted({findings[i].category for i in covering}, key=lambda c: _PRIORITY.get(c, len(_PRIORITY)))
    return Piece(text=text, fids=covering, cats=cats, title="\n".join(titles[i] for i in covering))


def _title(f: Finding) -> str:
    title = f"{f.rule} {f.name} ({f.category}): {f.message}"
    if f.suggestion:
        title += f" \u2192 {f.suggestion}"
    return title


class HtmlReport:
    """Writes the HTML report under ``out``; see the module docstring for the commit protocol."""

    def __init__(self, out: Path, signature: str, rules: list):
        self.out = Path(out)
        self.signature = signature
        self.rules = {r.code: r for r in rules}
        self.summaries: list = []
        self.sources: list = []
        self.errors: list = []
        self._env = _environment()
        self._used: set[str] = set()
        self._tmp: Path | None = None
        self._pages_dir = ""

    def __enter__(self) -> HtmlReport:
        with report_lock(self.out):
            clean_stale(self.out)
            self.open()
        return self

    def open(self) -> None:
        """Create the hidden build folder and its marker, locked for as long as this report lives
        (an unlocked build folder is a killed scan's: see ``atomic.clean_stale``). Call it holding
        the report lock."""
        self.out.mkdir(parents=True, exist_ok=True)
        self._pages_dir = PAGES_PREFIX + secrets.token_hex(4)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{self._pages_dir}.", suffix=".tmp", dir=self.out))
        marker = self._tmp / REPORT_MARKER
        self._marker_fd = os.open(marker, os.O_RDWR | os.O_CREAT, 0o666)
        hold(self._marker_fd)
        os.write(self._marker_fd, b"Pages of an mtcheck HTML report: the next report into this folder deletes them.\n")

    def add(self, result: ArticleResult) -> str:
        """Render one article's page now and return its path relative to ``out``."""
        assert self._tmp is not None, "HtmlReport.add() outside its with-block"
        article = result.article
        # JSONL records share their file name: their id tells them apart.
        name = page_name(article.key, self._used, article.id)
        # Streamed to the file as the template renders: a very large article's page is never held
        # whole in memory (as a string, then as bytes).
        template = self._env.get_template("article.html.j2")
        with open(self._tmp / name, "wb", buffering=1 << 16) as handle:
            for fragment in template.generate(**self._article_context(result, index_href="../index.html")):
                handle.write(encode_page(fragment))
        return f"{self._pages_dir}/{name}"

    def render_article(self, result: ArticleResult, index_href: str = "index.html") -> str:
        return self._env.get_template("article.html.j2").render(**self._article_context(result, index_href))

    def _article_context(self, result: ArticleResult, index_href: str) -> dict:
        article = result.article
        text = article.text
        findings = [f for f in result.findings if 0 <= f.start <= f.end <= len(text)]
        sentences = _sentence_records(result)
        lines = LineIndex(text)
        counts: dict[str, int] = {}  # the legend counts every finding, shown or not
        for f in findings:
            counts[f.category] = counts.get(f.category, 0) + 1
        total = len(findings)
        if total > PER_ARTICLE:
            # A degenerate text (250 kB of "Für Für ...": 62,495 findings) made a 67 MB page that a
            # browser took 40 s to open; the worst PER_ARTICLE are highlighted and listed, as in SARIF.
            findings = sorted(findings, key=lambda f: (SEVERITY_RANK.get(f.severity, 1), f.start, f.end))[:PER_ARTICLE]
            findings.sort(key=lambda f: (f.start, f.end))
        models: dict[str, str] = {}
        for r in sentences:
            if isinstance(r.get("models"), dict):
                models.update({str(k): str(v) for k, v in r["models"].items()})
        items = []
        for i, f in enumerate(findings):
            line, column = lines.locate(f.start)
            items.append({"i": i, "f": f, "line": line, "column": column})
        sentence_views = [
            {
                "n": k + 1,
                "text": r.get("text") or text[r["start"]:r["end"]],
                "backtranslation": r.get("backtranslation"),
                "roundtrip": r.get("roundtrip"),
                "scores": _score_items(r.get("scores")),
                "reference": r.get("reference"),
                "spans": [sp for sp in r.get("spans") or [] if isinstance(sp, dict) and sp.get("text")],
            }
            for k, r in enumerate(sentences)
        ]
        return dict(
            article=article,
            lang=article.lang if article.lang and _LANG_RE.match(article.lang) else None,
            result=result,
            blocks=build_blocks(text, findings, sentences),
            sentences=sentence_views,
            items=items,
            total=total,
            per_article=PER_ARTICLE,
            counts=counts,
            categories=[c for c in CATEGORIES if c in counts] + sorted(c for c in counts if c not in CATEGORIES),
            rules=[self.rules.get(code) or _documented(code) for code in result.rules_run],
            models=models,
            signature=self.signature,
            index_href=index_href,
            reason=verdict_reason(result.rule_score, result.findings, result.words, result.mt_probability),
        )

    def render_index(self) -> str:
        summaries = sorted(self.summaries, key=lambda s: (-s.score, s.path, s.id or ""))
        used = set()
        for s in summaries:
            used.update(s.by_category)
        categories = [c for c in CATEGORIES if c in used] + sorted(c for c in used if c not in CATEGORIES)
        verdict_counts = {v: sum(1 for s in summaries if s.verdict == v) for v in VERDICTS}
        return self._env.get_template("index.html.j2").render(
            summaries=summaries,
            sources=sorted((g.record() for g in self.sources),
                           key=lambda r: (-VERDICTS.index(r["verdict"]), -(r["mt_probability"] or 0), r["source"])),
            categories=categories,
            verdict_counts=verdict_counts,
            errors=self.errors,
            rules=list(self.rules.values()),
            signature=self.signature,
        )

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.abort()
            return False
        index = self.prepare()
        with report_lock(self.out):
            self.commit(index)
            clean_stale(self.out)
        return False

    def abort(self) -> None:
        """Drop the pages built so far; the previous report stays as it was."""
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        fd, self._marker_fd = getattr(self, "_marker_fd", None), None
        if fd is not None:
            os.close(fd)

    def prepare(self) -> str:
        """Render the index (what can fail before anything is committed); pass it to ``commit``."""
        try:
            return self.render_index()
        except BaseException:
            self.abort()
            raise

    def commit(self, index: str) -> None:
        """Rename the pages into place, replace ``index.html``, delete the previous run's pages.
        Call it holding the report lock (two scans committing at once would delete each other's
        pages from under their index)."""
        tmp, self._tmp = self._tmp, None
        if tmp is None:
            return
        try:
            pages = self.out / self._pages_dir
            try:
                os.chmod(tmp, 0o777 & ~umask())  # mkdtemp makes it private; a report is for sharing
                tmp.rename(pages)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            try:
                with atomic_open(self.out / "index.html", "wb") as handle:  # made as readable as any new file
                    handle.write(encode_page(index))
            except BaseException:
                shutil.rmtree(pages, ignore_errors=True)
                raise
        finally:
            self._release()
        # The new index is in place: the previous run's pages are unreachable now.
        remove_pages(self.out, keep=self._pages_dir)


def remove_pages(out: Path, keep: str | None = None) -> None:
    """Delete the pages folders a report wrote in ``out`` (name and marker), but ``keep``. Only
    folders a report wrote are touched: ``--out`` may hold the user's files."""
    for old in Path(out).glob(PAGES_PREFIX + "*"):
        if old.name != keep and not old.is_symlink() and old.is_dir() and is_report_pages(old):
            shutil.rmtree(old, ignore_errors=True)


def remove_html_report(out: Path) -> None:
    """``--no-html``: remove an earlier HTML report (an ``index.html`` mtcheck wrote, and its pages)
    so that the folder never pairs a new ``findings.jsonl`` with an old index. Call it holding the
    report lock."""
    index = Path(out) / "index.html"
    try:
        with open(index, "rb") as handle:
            ours = GENERATOR in handle.read(4096)
        if ours and not index.is_symlink():
            index.unlink()
    except OSError:
        pass
    remove_pages(out)


def _documented(code: str):
    from mtcheck.rules import documented_rules

    return documented_rules().get(code) or _UnknownRule(code)


@dataclass
class _UnknownRule:
    code: str
    name: str = "?"
    category: str = "?"
    summary: str = ""
