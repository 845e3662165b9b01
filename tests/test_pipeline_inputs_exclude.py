"""``--exclude`` globs (pipeline/inputs.py): a glob without a slash names a file or folder at any
depth, as in .gitignore; one with a slash matches the path from its start, as given or absolute."""

from __future__ import annotations

import json
import os

from mtcheck.cli import main
from mtcheck.pipeline.inputs import excluded


def test_a_name_glob_matches_at_any_depth():
    assert excluded("/srv/news/big.txt", ["big.txt"])  # matched nothing before: only whole paths were compared
    assert excluded("news/drafts/a.txt", ["drafts"])
    assert excluded("news/a/b.html", ["*.html"])
    assert not excluded("news/a/b.txt", ["*.html"])
    assert not excluded("news/bigger.txt", ["big.txt"])
    assert not excluded("news/a.txt", [""])  # an empty glob excludes nothing


def test_a_path_glob_matches_from_the_start_as_given_or_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert excluded("articles/drafts/a.txt", ["articles/drafts"])
    assert excluded("./articles/rewrite.txt", ["./articles/rewrite*"])
    assert excluded("articles/drafts/a.txt", [f"{tmp_path.as_posix()}/articles/drafts/"])
    assert not excluded("other/articles/drafts/a.txt", ["articles/drafts"])  # anchored at the start


def test_scan_of_an_absolute_folder_honours_a_name_glob(tmp_path, capsys):
    (tmp_path / "news" / "drafts").mkdir(parents=True)
    text = "Die Regierung hat am Mittwoch ein neues Gesetz beschlossen, das Mieter schützen soll.\n"
    for name in ("keep.txt", "big.txt", "drafts/wip.txt"):
        (tmp_path / "news" / name).write_text(text, encoding="utf-8")
    code = main(["scan", str(tmp_path / "news"), "--exclude", "big.txt", "--exclude", "drafts", "--no-html",
                 "--models", "off", "--format", "jsonl", "--out", str(tmp_path / "out")])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [os.path.basename(r["path"]) for r in records if r["type"] == "article"] == ["keep.txt"]
