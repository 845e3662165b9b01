"""The smaller items of issue 9: help, messages, plurals, CI counts, the verdict's reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mtcheck.cli import main
from mtcheck.pipeline.ingest import Source, load
from mtcheck.pipeline.records import Article, ArticleResult, Finding
from mtcheck.pipeline.score import verdict_reason

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MT_SEED = SEEDS / "000_a35475a38765537f.txt"
CLEAN_SEED = SEEDS / "002_adaef2065d6d3256.txt"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_dash_h_is_help_everywhere(capsys):
    for argv in (["-h"], ["scan", "-h"], ["eval", "-h"], ["models", "-h"]):
        code, out, err = run(argv, capsys)
        assert code == 0 and "Usage: mtcheck" in out, (argv, err)


def test_help_shows_no_python_type_labels(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    for argv in (["scan", "--help"], ["baseline", "--help"], ["eval", "--help"]):
        _, out, _ = run(argv, capsys)
        assert "<bool>" not in out and "list[" not in out, argv
    _, out, _ = run(["scan", "--help"], capsys)
    assert re.search(r"--select\s+CODES", out)


def test_usage_errors_in_plain_words(capsys, tmp_path):
    _, _, err = run(["scan", str(CLEAN_SEED), "--format", "bogus", "--out", str(tmp_path)], capsys)
    assert "Value error" not in err and "'bogus' is not one of" in err
    code, _, err = run(["scan", str(CLEAN_SEED), "--jobs", "0", "--out", str(tmp_path)], capsys)
    assert code == 2 and "Input should be" not in err and "must be 1 or more" in err


def test_an_unknown_language_code_exits_2(capsys, tmp_path):
    code, _, err = run(["scan", str(CLEAN_SEED), "--lang", "xx", "--out", str(tmp_path), "--no-html"], capsys)
    assert code == 2 and "--lang xx" in err
    code, _, _ = run(["scan", str(CLEAN_SEED), "--lang", "fr", "--out", str(tmp_path), "--no-html", "-q"], capsys)
    assert code == 0


def test_one_article_and_one_unreadable_input_in_the_singular(capsys, tmp_path):
    code, out, _ = run(["scan", str(CLEAN_SEED), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"),
                        "--models", "off"], capsys)
    assert code == 2
    assert "1 article: " in out and "1 articles" not in out
    assert "1 input could not be read" in out and "1 inputs" not in out
    index = (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    assert "1 articles" not in index and "1 inputs" not in index and "article scanned" in index


def test_broken_json_messages(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"text": "abc\n{"text": "\x01"}\n{"a": 1} x\n', encoding="utf-8")
    errors = [e for e in load(Source(str(path), "jsonl"))]
    messages = [e.message for e in errors]
    assert messages[0] == "broken JSON: Unterminated string starting at column 10"
    assert messages[1] == "broken JSON: Invalid control character at column 11"
    assert not any(" at at " in m for m in messages)
    lines = path.read_text(encoding="utf-8").splitlines()
    for error in errors:
        column = re.search(r"at column (\d+)", error.message)
        assert column is None or int(column.group(1)) <= len(lines[error.line - 1])


def test_mt504_suggestion_is_readable():
    from mtcheck.rules import select_rules

    text = "Die Kritik kam vom Senator. Lindsey Graham, einem Republikaner, am Montag."
    art = Article(path="x.txt", text=text, lang="de")
    from mtcheck.pipeline.entity_index import EntityIndex
    from mtcheck.pipeline.scan import analyse

    result = analyse(art, select_rules(["MT504"], None), EntityIndex())
    assert result.findings, "MT504 should fire"
    assert all(f.suggestion and f.suggestion.strip() for f in result.findings)


def _ci(fmt: str, tmp_path, capsys) -> str:
    _, out, _ = run(["scan", str(SEEDS), "--format", fmt, "--no-html", "--out", str(tmp_path / fmt),
                     "--models", "off"], capsys)
    return out


def test_sarif_messages_end_with_a_full_stop_before_the_suggestion(tmp_path, capsys):
    doc = json.loads(_ci("sarif", tmp_path, capsys))
    texts = [r["message"]["text"] for r in doc["runs"][0]["results"] if "Suggestion:" in r["message"]["text"]]
    assert texts
    assert all(re.search(r"[.!?…] Suggestion: ", t) for t in texts), [t for t in texts if not re.search(r"[.!?…] Suggestion", t)][:3]


def test_github_and_junit_count_the_same_findings(tmp_path, capsys):
    github = _ci("github", tmp_path, capsys)
    junit = _ci("junit", tmp_path, capsys)
    records = [json.loads(x) for x in (tmp_path / "junit" / "findings.jsonl").read_text().splitlines()]
    mt = next(r for r in records if r["type"] == "article" and r["verdict"] == "machine_translated")
    phrase = f"{mt['findings']} findings, {mt['evidence']} of them evidence"
    assert phrase in github and phrase in junit
    total = sum(1 for r in records if r["type"] == "finding")
    assert f"{total} findings (" in github.splitlines()[-1]


def _finding(cat: str, start: int) -> Finding:
    return Finding(start, start + 1, "x", "MT201", "n", cat, "error", 1.0, "m")


def test_a_clean_verdict_with_one_finding_says_why(tmp_path, capsys):
    one = [_finding("stray_capital", 0)]
    reason = verdict_reason(0.59, one)
    assert reason and "only 1 finding is evidence" in reason and "0.59" in reason
    assert verdict_reason(0.0, []) is None  # nothing to explain
    assert verdict_reason(0.7, [_finding("stray_capital", 0), _finding("punctuation", 2)]) is None
    # On the page and in the article record.
    from mtcheck.outputs.html import HtmlReport
    from mtcheck.outputs.jsonl import article_record

    text = "x" * 50
    res = ArticleResult(Article(path="a.txt", text=text, lang="de"), one, 0.2, "clean", ["MT201"], 10)
    res.rule_score = 0.59
    assert article_record(res)["verdict_reason"] == reason
    html = HtmlReport(tmp_path, signature="s", rules=[]).render_article(res)
    assert "only 1 finding is evidence" in html


def test_the_signature_is_at_the_foot_of_the_index_not_its_top(tmp_path, capsys):
    run(["scan", str(CLEAN_SEED), "--out", str(tmp_path), "--models", "off", "-q"], capsys)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    header = html[html.index("<header"):html.index("</header>")]
    assert 'class="sig"' not in header
    assert 'class="sig"' in html[html.index("<footer"):]
