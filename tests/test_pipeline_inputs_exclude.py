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


def test_index_build_takes_the_same_exclude(tmp_path):
    """'mtcheck index build' had no --exclude: a corpus index built for 'scan --exclude drafts
    --index names.json' counted the drafts' names anyway."""
    (tmp_path / "news" / "drafts").mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text("Olaf Scholz sprach am Montag in Berlin mit Journalisten.\n",
                                             encoding="utf-8")
    (tmp_path / "news" / "drafts" / "b.txt").write_text("Annalena Baerbock reiste am Dienstag nach Paris weiter.\n",
                                                        encoding="utf-8")
    out = tmp_path / "names.json"
    assert main(["index", "build", str(tmp_path / "news"), "--exclude", "drafts", "-o", str(out)]) == 0
    index = json.loads(out.read_text(encoding="utf-8"))
    assert index["articles"] == 1
    assert "Baerbock" not in out.read_text(encoding="utf-8") and "Scholz" in out.read_text(encoding="utf-8")
