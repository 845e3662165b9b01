"""Changed-only scans for CI: which articles changed since a git revision, and the corpus-wide
entity context for them, cached on disk so that it is not rebuilt on every run.

Which revision: ``--since REV`` when given; else the merge base of HEAD with the default branch
(``origin/HEAD``, else ``origin/main``, ``origin/master``, ``main``, ``master``); when HEAD is on
the default branch itself (the merge base is HEAD), ``HEAD~1``; in a repository with one commit,
everything. "Changed" means added, copied, modified, renamed or retyped between that revision and
the working tree (committed, staged or not), plus untracked files git does not ignore; deleted
files are not scanned.

The entity index (how many articles name "Musk") is what makes "Mask" stand out, so a scan of one
new article still wants the whole corpus: the corpus is the ``include`` paths of the
configuration, else every article file git knows in the repository. Each file's name counts are
cached in ``.mtcheck-cache/context.sqlite`` under the repository root, keyed by path, size and
modification time; a run recounts only files that changed and adjusts the cached totals.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

from mtcheck.pipeline import entity_index
from mtcheck.pipeline.entity_index import EntityIndex, build_index, count_names
from mtcheck.pipeline.ingest import DEFAULT_MAX_BYTES, Source, iter_sources, kind_of, load
from mtcheck.pipeline.inputs import Plan, excluded, expand, is_article, own_output, under
from mtcheck.pipeline.records import Article

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id of the empty tree
DEFAULT_BRANCHES = ("origin/main", "origin/master", "main", "master")
CACHE_DIR = ".mtcheck-cache"


class ChangedError(RuntimeError):
    """Git is missing, this is no repository, or the revision does not exist."""


def git(args: list[str], cwd: Path | str = ".") -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise ChangedError("git is not installed, and --changed needs it") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangedError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _ok(args: list[str], cwd: Path) -> str | None:
    try:
        return git(args, cwd).strip()
    except ChangedError:
        return None


def repo_root(cwd: Path | str = ".") -> Path:
    try:
        return Path(git(["rev-parse", "--show-toplevel"], cwd).strip())
    except ChangedError as exc:
        raise ChangedError(f"{Path(cwd).resolve()} is not inside a git repository (--changed needs one)") from exc


def default_branch(root: Path) -> str | None:
    head = _ok(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"], root)
    candidates = ([head] if head else []) + list(DEFAULT_BRANCHES)
    for name in candidates:
        if _ok(["rev-parse", "--verify", "-q", f"{name}^{{commit}}"], root):
            return name
    return None


def default_revision(root: Path) -> tuple[str, str]:
    """(revision, how it was chosen) for a changed-only scan with no ``--since``."""
    head = _ok(["rev-parse", "--verify", "-q", "HEAD^{commit}"], root)
    if head is None:
        return EMPTY_TREE, "no commits yet: every file is new"
    branch = default_branch(root)
    if branch:
        base = _ok(["merge-base", "HEAD", branch], root)
        if base and base != head:
            return base, f"merge base with {branch}"
    if _ok(["rev-parse", "--verify", "-q", "HEAD~1^{commit}"], root):
        return "HEAD~1", f"HEAD is on {branch}: its parent" if branch else "no default branch: HEAD's parent"
    return EMPTY_TREE, "HEAD is the first commit: every file is new"


def changed_files(since: str | None = None, cwd: Path | str = ".") -> tuple[list[str], str]:
    """Files changed since ``since`` (default: see the module doc), as paths relative to ``cwd``.
    Returns (paths, a line saying which revision was used)."""
    root = repo_root(cwd)
    if since is None:
        rev, why = default_revision(root)
    else:
        if _ok(["rev-parse", "--verify", "-q", f"{since}^{{commit}}"], root) is None and since != EMPTY_TREE:
            raise ChangedError(f"--since {since}: no such revision in {root}")
        rev, why = since, "--since"
    names = git(["diff", "--name-only", "-z", "--diff-filter=ACMRT", rev, "--"], root).split("\0")
    names += git(["ls-files", "-z", "--others", "--exclude-standard"], root).split("\0")
    cwd_abs = Path(cwd).resolve()
    paths = sorted({os.path.relpath(root / name, cwd_abs) for name in names if name})
    shown = rev if rev != EMPTY_TREE else "the empty tree"
    return [p for p in paths if os.path.isfile(p)], f"since {shown}, {why}"


def select_changed(paths: list[str], include: list[str] | None, exclude: list[str] | None) -> list[str]:
    return [
        p
        for p in paths
        if is_article(p) and (not include or under(p, include)) and not excluded(p, exclude or [])
    ]


def corpus_files(
    root: Path, include: list[str] | None, exclude: list[str] | None, out: str | Path | None = None
) -> list[str]:
    """Every article of the corpus, as paths relative to the repository root, less the scan's
    own reports under ``out`` (see ``own_output``)."""
    if include:
        files = [
            (os.path.relpath(os.path.abspath(s.path), root), folder)
            for folder in include
            for s in iter_sources([folder])
            if isinstance(s, Source) and s.path != "-"
        ]
    else:
        listed = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root).split("\0")
        files = [(n, str(root)) for n in listed if n]
    prefix = os.path.relpath(root)  # 'exclude' globs match paths as the user writes them: from the current folder
    keep = set()
    for name, found_in in files:
        if not is_article(name) or (out is not None and own_output(os.path.join(root, name), out, found_in)):
            continue
        if exclude and excluded(name if prefix == "." else os.path.join(prefix, name), exclude):
            continue
        keep.add(name)
    return sorted(keep)


# --- the cached corpus context ------------------------------------------------------------------


def _counter_signature(max_bytes: int) -> str:
    """Cached counts are only valid for the code that counted them: the name counter, the reader
    that turns files into article text (and trafilatura, which extracts it from HTML), the
    mtcheck version, and the size limit."""
    from importlib.metadata import PackageNotFoundError, version

    from mtcheck import __version__
    from mtcheck.pipeline import ingest

    try:
        extractor = version("trafilatura")
    except PackageNotFoundError:
        extractor = "none"
    material = b"\x1f".join((
        Path(entity_index.__file__).read_bytes(),
        Path(ingest.__file__).read_bytes(),
        __version__.encode(),
        extractor.encode(),
        str(max_bytes).encode(),
    ))
    return hashlib.sha256(material).hexdigest()[:16]


def _file_counts(path: str, max_bytes: int) -> tuple[int, Counter, Counter]:
    """(articles, in how many of them each name occurs, total occurrences) for one file."""
    articles, doc, total = 0, Counter(), Counter()
    for item in load(Source(path, kind_of(path)), max_bytes):
        if isinstance(item, Article):
            counts = count_names(item.text)
            articles += 1
            doc.update(counts.keys())
            total.update(counts)
    return articles, doc, total


class ContextCache:
    """Per-file name counts plus their running totals, in SQLite (safe when two scans run at once).

    New and edited files are counted with no lock held (a cold cache reads the whole corpus); the
    write that follows is one short transaction. A broken cache file is rebuilt, one warning on
    stderr; when the cache cannot be used at all the counts are made without it."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES):
        self.root = root
        self.max_bytes = max_bytes
        self.folder = root / CACHE_DIR
        self.path = self.folder / "context.sqlite"
        self.stats = {"files": 0, "recounted": 0, "dropped": 0}

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():  # the cache never shows as untracked, whatever the project's .gitignore says
            ignore.write_text("# mtcheck's corpus cache (mtcheck scan --changed): never committed\n*\n", encoding="utf-8")
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
                " articles INTEGER, doc TEXT, total TEXT)"
            )
        except BaseException:
            db.close()
            raise
        return db

    def totals(self, files: list[str]) -> tuple[int, Counter, Counter]:
        """(articles, doc_freq, corpus_freq) over ``files`` (relative to the repository root),
        recounting only what changed."""
        current: dict[str, tuple[int, int]] = {}
        for name in files:
            try:
                st = os.stat(os.path.join(self.root, name))
            except OSError:  # tracked by git but deleted in the working tree
                continue
            current[name] = (st.st_size, st.st_mtime_ns)
        self.stats["files"] = len(current)
        try:
            return self._cached_totals(current)
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, OSError) or "locked" in str(exc) or "busy" in str(exc):
                return self._warn_and_count(current, exc)  # in use or not writable: leave it be
            _warn(f"{self.path}: unreadable cache ({exc}); rebuilding it")
        for leftover in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        try:
            return self._cached_totals(current)
        except (sqlite3.Error, OSError) as exc:
            return self._warn_and_count(current, exc)

    def _warn_and_count(self, current: dict[str, tuple[int, int]], exc: BaseException):
        _warn(f"{self.path}: cache not usable ({exc}); counting the corpus without it")
        articles, doc, total = 0, Counter(), Counter()
        for p in current:
            n, d, t = _file_counts(str(self.root / p), self.max_bytes)
            articles += n
            doc.update(d)
            total.update(t)
        self.stats["recounted"] = len(current)
        self.stats["dropped"] = 0
        return articles, doc, total

    def _cached_totals(self, current: dict[str, tuple[int, int]]) -> tuple[int, Counter, Counter]:
        signature = _counter_signature(self.max_bytes)
        db = self._connect()
        try:
            # 1. What the cache holds (a plain read: it blocks no other scan).
            meta = dict(db.execute("SELECT key, value FROM meta"))
            valid = meta.get("signature") == signature and "totals" in meta
            cached = {p: (s, m) for p, s, m in db.execute("SELECT path, size, mtime_ns FROM files")} if valid else {}
            # 2. Count the new and edited files with no lock held: a cold cache reads the whole corpus.
            counted = {
                p: _file_counts(str(self.root / p), self.max_bytes)
                for p, key in current.items()
                if cached.get(p) != key
            }
            # 3. One short write, against the cache as it is now (another scan may have written
            #    meanwhile): drop what no longer matches, add what is new.
            db.execute("BEGIN IMMEDIATE")
            meta = dict(db.execute("SELECT key, value FROM meta"))
            valid = meta.get("signature") == signature and "totals" in meta
            if not valid:
                db.execute("DELETE FROM files")
                articles, doc, total = 0, Counter(), Counter()
            else:
                saved = json.loads(meta["totals"])
                articles, doc, total = saved["articles"], Counter(saved["doc"]), Counter(saved["total"])
            cached = {p: (s, m) for p, s, m in db.execute("SELECT path, size, mtime_ns FROM files")}
            stale = [p for p, key in cached.items() if current.get(p) != key]
            fresh = [p for p, key in current.items() if cached.get(p) != key]
            for p in stale:
                n, d, t = db.execute("SELECT articles, doc, total FROM files WHERE path = ?", (p,)).fetchone()
                articles -= n
                doc.subtract(json.loads(d))
                total.subtract(json.loads(t))
                db.execute("DELETE FROM files WHERE path = ?", (p,))
            for p in fresh:
                if p not in counted:  # the cache changed under us (rare): count it now
                    counted[p] = _file_counts(str(self.root / p), self.max_bytes)
                n, d, t = counted[p]
                articles += n
                doc.update(d)
                total.update(t)
                size, mtime = current[p]
                db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                    (p, size, mtime, n, json.dumps(d, ensure_ascii=False), json.dumps(t, ensure_ascii=False)),
                )
            if stale or fresh or not valid:
                doc = +doc  # drop names whose count fell to zero
                total = +total
                saved = json.dumps({"articles": articles, "doc": doc, "total": total}, ensure_ascii=False)
                db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("signature", signature), ("totals", saved)]
                )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        self.stats["recounted"] = len(counted)
        self.stats["dropped"] = len([p for p in stale if p not in current])
        return articles, doc, total


def _warn(message: str) -> None:
    import sys

    print(f"mtcheck: warning: {message}", file=sys.stderr)


def context_index(
    root: Path,
    files: list[str],
    references: Path | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[EntityIndex, dict]:
    """The corpus entity index over ``files`` (from the cache) plus the gazetteers."""
    cache = ContextCache(root, max_bytes)
    articles, doc, total = cache.totals(files)
    index = build_index(references=references)
    index.doc_freq = doc
    index.corpus_freq = total
    index.articles = articles
    return index, cache.stats


# --- the plan of a changed-only scan -------------------------------------------------------------


def plan_changed(
    paths: list[str] | None,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    since: str | None = None,
    references: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    out: Path | None = None,
) -> Plan:
    """A changed-only scan's plan: the changed articles (inside ``include`` when set) plus the
    given ``paths``, and the corpus entity index built from the cached context. The scan's own
    reports under ``out`` are left out as in every scan (``inputs.own_output``). Raises
    ``ChangedError`` (git trouble)."""
    errors: list = []
    root = repo_root()
    files, rev_line = changed_files(since)
    chosen = [p for p in select_changed(files, include, exclude) if not own_output(p, out, str(root))]
    corpus = corpus_files(root, include, exclude, out=out)
    index, stats = context_index(root, corpus, references, max_bytes)
    note = (
        f"mtcheck: {len(chosen)} changed articles ({rev_line}); entity context: {index.articles} articles "
        f"in {stats['files']} files ({stats['recounted']} counted now, the rest from {CACHE_DIR}/)"
    )
    explicit = expand(list(paths or []), exclude, out, errors)
    return Plan(explicit + [p for p in chosen if p not in explicit], index, note, errors)
