"""The changed-only scan's corpus cache (.mtcheck-cache/context.sqlite)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

import mtcheck
from mtcheck.ci import changed
from mtcheck.ci.changed import ContextCache, _counter_signature, _file_counts, corpus_files

from test_ci_changed import repo  # noqa: F401  (the fixture: a repository holding the five seeds)


def _scratch(root: Path, files: list[str]):
    articles, doc, total = 0, {}, {}
    for f in files:
        n, d, t = _file_counts(str(root / f), 50 * 1024 * 1024)
        articles += n
        for k, v in d.items():
            doc[k] = doc.get(k, 0) + v
        for k, v in t.items():
            total[k] = total.get(k, 0) + v
    return articles, doc, total


def test_files_are_counted_without_holding_the_write_lock(repo, monkeypatch):  # noqa: F811
    """A cold run used to count the whole corpus inside BEGIN IMMEDIATE: a second scan waiting
    for the lock died after 60 s. Another writer must get the lock while files are counted."""
    files = corpus_files(repo, None, None)
    cache = ContextCache(repo)
    seen = []
    real = changed._file_counts

    def counting(path, max_bytes):
        other = sqlite3.connect(cache.path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # raises 'database is locked' while a writer holds it
            other.execute("ROLLBACK")
            seen.append("free")
        except sqlite3.OperationalError as exc:
            seen.append(str(exc))
        finally:
            other.close()
        return real(path, max_bytes)

    monkeypatch.setattr(changed, "_file_counts", counting)
    articles, doc, total = cache.totals(files)
    assert seen == ["free"] * len(files)
    assert (articles, dict(doc), dict(total)) == _scratch(repo, files)


def test_a_corrupt_cache_is_rebuilt_with_one_warning(repo, capsys):  # noqa: F811
    files = corpus_files(repo, None, None)
    cache_dir = repo / ".mtcheck-cache"
    cache_dir.mkdir()
    (cache_dir / "context.sqlite").write_bytes(b"this is not a database, it is a broken file" * 100)
    cache = ContextCache(repo)
    articles, doc, total = cache.totals(files)
    err = capsys.readouterr().err
    assert (articles, dict(doc), dict(total)) == _scratch(repo, files)
    assert len(err.strip().splitlines()) == 1 and "context.sqlite" in err and "Traceback" not in err
    again = ContextCache(repo)  # the rebuilt cache works
    assert again.totals(files)[0] == articles and again.stats["recounted"] == 0
    assert capsys.readouterr().err == ""


def test_the_cache_folder_never_shows_as_untracked(repo):  # noqa: F811
    (repo / ".gitignore").write_text("/reports/\n", encoding="utf-8")  # the project does not ignore it
    subprocess.run(["git", "add", ".gitignore"], cwd=repo, check=True)
    ContextCache(repo).totals(corpus_files(repo, None, None))
    assert (repo / ".mtcheck-cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo,
                            capture_output=True, text=True, check=True).stdout
    assert ".mtcheck-cache" not in status


@pytest.mark.parametrize("what", ["version", "trafilatura", "ingest"])
def test_the_cache_key_covers_the_version_the_reader_and_trafilatura(monkeypatch, tmp_path, what):
    before = _counter_signature(1000)
    if what == "version":
        monkeypatch.setattr(mtcheck, "__version__", mtcheck.__version__ + ".post1")
    elif what == "trafilatura":
        import importlib.metadata

        real = importlib.metadata.version
        monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0.1" if name == "trafilatura" else real(name))
    else:
        from mtcheck.pipeline import ingest

        copy = tmp_path / "ingest.py"
        copy.write_bytes(Path(ingest.__file__).read_bytes() + b"\n# changed\n")
        monkeypatch.setattr(ingest, "__file__", str(copy))
    assert _counter_signature(1000) != before
    assert _counter_signature(1000) != _counter_signature(1001)
