"""Changed-only scans (``scan --changed`` / ``--since``) in temporary git repositories, and the
on-disk cache of the corpus entity context."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mtcheck.ci.changed import ContextCache, _file_counts, changed_files, corpus_files, default_revision
from mtcheck.cli import main

from conftest import SEEDS, git

CLEAN_SEED = "002_adaef2065d6d3256.txt"  # human-written German (manager magazin / Reuters)
MT_SEED = "000_a35475a38765537f.txt"  # content-farm machine translation


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A repository on ``main`` whose first commit holds the five seeds under ``articles/``."""
    root = tmp_path / "news"
    (root / "articles").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, root / "articles" / seed.name)
    (root / ".gitignore").write_text("/reports/\n/.mtcheck-cache/\n", encoding="utf-8")
    commit_all(root, "seeds")
    monkeypatch.chdir(root)
    return root


def add_new_articles(root: Path, *, clean: bool = True, mt: bool = True) -> None:
    if clean:
        shutil.copy(SEEDS / CLEAN_SEED, root / "articles" / "2025-01-02-clean.txt")
    if mt:
        shutil.copy(SEEDS / MT_SEED, root / "articles" / "2025-01-02-rewrite.txt")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def articles_of(jsonl: str) -> dict[str, dict]:
    records = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    return {r["path"]: r for r in records if r["type"] == "article"}


def findings_of(jsonl: str) -> list[dict]:
    return [r for r in map(json.loads, filter(str.strip, jsonl.splitlines())) if r["type"] == "finding"]


def test_changed_scans_only_the_new_articles_and_fails_on_the_rewrite(repo, capsys, tmp_path):
    add_new_articles(repo)
    commit_all(repo, "ingest two articles")
    code, out, err = run(capsys, "scan", "--changed", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "r"))
    articles = articles_of(out)
    assert sorted(articles) == ["articles/2025-01-02-clean.txt", "articles/2025-01-02-rewrite.txt"]
    assert articles["articles/2025-01-02-rewrite.txt"]["verdict"] == "machine_translated"
    assert articles["articles/2025-01-02-clean.txt"]["verdict"] == "clean"
    assert code == 1
    assert "2 changed articles" in err and "HEAD~1" in err  # HEAD is on main: its parent


def test_only_a_clean_new_article_passes(repo, capsys, tmp_path):
    add_new_articles(repo, mt=False)
    commit_all(repo, "ingest a clean article")
    code, out, _ = run(capsys, "scan", "--changed", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "r"))
    assert list(articles_of(out)) == ["articles/2025-01-02-clean.txt"]
    assert code == 0


def test_default_revision_is_the_merge_base_on_a_branch(repo, capsys, tmp_path):
    git(repo, "checkout", "-q", "-b", "ingest")
    add_new_articles(repo, mt=False)
    commit_all(repo, "first article")
    add_new_articles(repo, clean=False)
    commit_all(repo, "second article")
    rev, why = default_revision(repo)
    assert rev == git(repo, "rev-parse", "main").strip() and "merge base with main" in why
    # Both commits of the branch count, not just the last one ...
    _, out, _ = run(capsys, "scan", "--changed", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "a"))
    assert sorted(articles_of(out)) == ["articles/2025-01-02-clean.txt", "articles/2025-01-02-rewrite.txt"]
    # ... while --since picks the revision (and implies --changed).
    code, out, _ = run(capsys, "scan", "--since", "HEAD~1", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "b"))
    assert list(articles_of(out)) == ["articles/2025-01-02-rewrite.txt"]
    assert code == 1


def test_working_tree_changes_untracked_files_and_deletions(repo, capsys, tmp_path):
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    add_new_articles(repo, mt=False)  # untracked, never committed
    (repo / "articles" / "004_079101004b9092f1.txt").unlink()  # deleted: nothing to scan
    with open(repo / "articles" / "003_1421ac953318d2ee.txt", "a", encoding="utf-8") as handle:
        handle.write("\nA correction was appended.\n")  # modified, not staged
    (repo / "articles" / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    files, _ = changed_files()
    assert "articles/004_079101004b9092f1.txt" not in files
    _, out, _ = run(capsys, "scan", "--changed", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "r"))
    assert sorted(articles_of(out)) == ["articles/003_1421ac953318d2ee.txt", "articles/2025-01-02-clean.txt"]


def test_reports_written_inside_the_repository_are_never_scanned(repo, capsys):
    add_new_articles(repo, clean=False)
    commit_all(repo, "ingest")
    run(capsys, "scan", "--changed", "--no-html", "--format", "jsonl", "--out", "reports")
    assert (repo / "reports" / "findings.jsonl").is_file()
    git(repo, "rm", "-q", "--cached", ".gitignore")  # even when git does not ignore the reports
    (repo / ".gitignore").unlink()
    _, out, _ = run(capsys, "scan", "--changed", "--no-html", "--format", "jsonl", "--out", "reports")
    assert list(articles_of(out)) == ["articles/2025-01-02-rewrite.txt"]


def test_changed_only_findings_equal_a_full_scan_of_the_corpus(repo, capsys, tmp_path):
    """The cached corpus context gives the new article exactly the context a full scan gives it."""
    add_new_articles(repo)
    commit_all(repo, "ingest")
    _, full, _ = run(capsys, "scan", "articles", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "f"))
    _, changed, _ = run(capsys, "scan", "--changed", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "c"))

    def of(jsonl, path):
        return [(f["rule"], f["start"], f["end"], f["message"]) for f in findings_of(jsonl) if f["path"] == path]

    for path in ("articles/2025-01-02-rewrite.txt", "articles/2025-01-02-clean.txt"):
        assert of(changed, path) == of(full, path)
    assert of(changed, "articles/2025-01-02-rewrite.txt")  # and there is something to compare


def test_context_cache_recounts_only_what_changed(repo):
    files = corpus_files(repo, None, None)
    assert len(files) == 5
    cache = ContextCache(repo)
    first = cache.totals(files)
    assert cache.stats["recounted"] == 5
    again = ContextCache(repo)
    assert again.totals(files) == first and again.stats["recounted"] == 0

    add_new_articles(repo, clean=False)
    target = repo / "articles" / "001_2a84b2346d2e0b4e.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nAngela Merkel sprak.\n", encoding="utf-8")
    files = corpus_files(repo, None, None)
    later = ContextCache(repo)
    articles, doc, total = later.totals(files)
    assert later.stats["recounted"] == 2  # the new article and the edited one

    # The adjusted totals equal a count from scratch.
    want_articles, want_doc, want_total = 0, {}, {}
    for f in files:
        n, d, t = _file_counts(f, 50 * 1024 * 1024)
        want_articles += n
        for k, v in d.items():
            want_doc[k] = want_doc.get(k, 0) + v
        for k, v in t.items():
            want_total[k] = want_total.get(k, 0) + v
    assert articles == want_articles == 6
    assert dict(doc) == want_doc and dict(total) == want_total
    assert doc["Musk"] == first[1]["Musk"] + 1  # the copy of seed 000 names him too

    # A deleted file leaves the totals.
    (repo / "articles" / "2025-01-02-rewrite.txt").unlink()
    gone = ContextCache(repo)
    articles, doc, _ = gone.totals(corpus_files(repo, None, None))
    assert articles == 5 and doc["Musk"] == first[1]["Musk"] and gone.stats["dropped"] == 1


def test_not_a_repository_and_a_bad_revision_exit_2(tmp_path, monkeypatch, capsys, repo):
    code, _, err = run(capsys, "scan", "--since", "no-such-branch", "--no-html", "--out", str(tmp_path / "r"))
    assert code == 2 and "no-such-branch" in err
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.chdir(plain)
    code, _, err = run(capsys, "scan", "--changed", "--no-html", "--out", str(tmp_path / "r2"))
    assert code == 2 and "not inside a git repository" in err


def test_a_repository_with_one_commit_scans_everything(tmp_path, monkeypatch, capsys):
    root = tmp_path / "one"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copy(SEEDS / CLEAN_SEED, root / "a.txt")
    commit_all(root, "first")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "scan", "--changed", "--format", "jsonl", "--no-html", "--out", str(tmp_path / "r"))
    assert list(articles_of(out)) == ["a.txt"] and code == 0
    assert "first commit" in err
