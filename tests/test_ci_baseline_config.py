"""Baselines (``mtcheck baseline``, ``scan --baseline``) and the configuration file
(``[tool.mtcheck]`` in pyproject.toml, ``mtcheck.toml``, ``--config``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mtcheck.pipeline.fingerprints import fingerprints
from mtcheck.cli import main
from mtcheck.pipeline.records import Article, ArticleResult, Finding
from mtcheck.pipeline.score import judge, reaches, rule_score

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MT_SEED = "000_a35475a38765537f.txt"
CLEAN_SEED = "002_adaef2065d6d3256.txt"


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A folder with the MT seed and a clean one, as the current folder."""
    root = tmp_path / "news"
    (root / "articles").mkdir(parents=True)
    shutil.copy(SEEDS / MT_SEED, root / "articles" / "rewrite.txt")
    shutil.copy(SEEDS / CLEAN_SEED, root / "articles" / "clean.txt")
    monkeypatch.chdir(root)
    return root


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines() if line.startswith("{")]
    return code, records, captured.err


def scan_jsonl(capsys, *extra: str) -> tuple[int, list[dict], str]:
    return run(capsys, "scan", "--format", "jsonl", "--no-html", "--out", "../out", *extra)


# --- baseline ------------------------------------------------------------------------------------


def finding(start: int, end: int, text: str) -> Finding:
    return Finding(start, end, text[start:end], "MT999", "test", "punctuation", "warning", 1.0, "m")


def test_fingerprints_hold_no_position():
    text = "Erste Zeile.\nDer Senator Lindsey GrahamRSC sagte am Montag etwas.\n"
    start = text.index("GrahamRSC")
    a = ArticleResult(Article("a.txt", text), [finding(start, start + 9, text)], 0.0, "clean")
    moved = "Ein ganz neuer erster Absatz, weit weg.\n\n" + text
    start2 = moved.index("GrahamRSC")
    b = ArticleResult(Article("a.txt", moved), [finding(start2, start2 + 9, moved)], 0.0, "clean")
    assert fingerprints(a) == fingerprints(b)
    # The same words in another place or another article are another finding.
    other = text.replace("sagte am Montag", "schwieg am Dienstag")
    c = ArticleResult(Article("a.txt", other), [finding(start, start + 9, other)], 0.0, "clean")
    d = ArticleResult(Article("b.txt", text), [finding(start, start + 9, text)], 0.0, "clean")
    assert fingerprints(c) != fingerprints(a) and fingerprints(d) != fingerprints(a)
    # Two identical findings in one article are told apart by their occurrence.
    twice = text + text
    s1, s2 = twice.index("GrahamRSC"), twice.rindex("GrahamRSC")
    e = ArticleResult(Article("a.txt", twice), [finding(s1, s1 + 9, twice), finding(s2, s2 + 9, twice)], 0.0, "clean")
    first, second = fingerprints(e)
    assert second == first + ":2"


def test_baseline_round_trip(corpus, capsys):
    code, before, _ = scan_jsonl(capsys, "articles")
    assert code == 1  # the rewrite is machine-translated
    n_findings = sum(1 for r in before if r["type"] == "finding")

    code, _, err = run(capsys, "baseline", "articles")
    assert code == 0 and (corpus / ".mtcheck-baseline.json").is_file()
    saved = json.loads((corpus / ".mtcheck-baseline.json").read_text(encoding="utf-8"))
    assert len(saved["findings"]) == n_findings and f"{n_findings} findings" in err

    # Nothing new: no finding, every article clean, exit 0; the record keeps what was hidden.
    code, after, _ = scan_jsonl(capsys, "articles", "--baseline", ".mtcheck-baseline.json")
    assert code == 0
    assert not [r for r in after if r["type"] == "finding"]
    rewrite = next(r for r in after if r["type"] == "article" and r["path"].endswith("rewrite.txt"))
    assert rewrite["verdict"] == "clean" and rewrite["rule_score"] == 0
    assert rewrite["verdict_without_baseline"] == "machine_translated"
    assert rewrite["baselined"] == sum(1 for r in before if r["type"] == "finding" and r["path"] == rewrite["path"])
    assert rewrite["score_without_baseline"] >= 0.6

    # An edit elsewhere (a new first paragraph shifts every line) keeps every fingerprint ...
    path = corpus / "articles" / "rewrite.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text("Anmerkung der Redaktion: Dieser Text wurde am Dienstag aktualisiert.\n\n" + text, encoding="utf-8")
    code, edited, _ = scan_jsonl(capsys, "articles", "--baseline", ".mtcheck-baseline.json")
    assert code == 0 and not [r for r in edited if r["type"] == "finding"]

    # ... and a new artifact is reported alone, scored on its own.
    # (An edit within CONTEXT characters of an old finding would make that one new as well.)
    path.write_text(
        "Anmerkung der Redaktion: Am Freitag traf sich Senator Tim ScottRSC mit Vertretern der Branche.\n\n" + text,
        encoding="utf-8",
    )
    code, new, _ = scan_jsonl(capsys, "articles", "--baseline", ".mtcheck-baseline.json")
    found = [r for r in new if r["type"] == "finding"]
    assert [f["text"] for f in found] == ["ScottRSC"]
    article = next(r for r in new if r["type"] == "article" and r["path"].endswith("rewrite.txt"))
    # The verdict and the exit status follow from the reported findings only.
    kept = [Finding(f["start"], f["end"], f["text"], f["rule"], f["name"], f["category"], f["severity"],
                    f["confidence"], f["message"]) for f in found]
    assert article["rule_score"] == rule_score(kept, article["words"])
    assert (article["score"], article["verdict"]) == judge(article["rule_score"], article["mt_probability"],
                                                           article["words"], kept)
    assert code == (1 if reaches(article["verdict"], "machine_translated") else 0)


def test_a_bad_baseline_file_exits_2_naming_it(corpus, capsys):
    (corpus / "base.json").write_text("{not json", encoding="utf-8")
    code, _, err = scan_jsonl(capsys, "articles", "--baseline", "base.json")
    assert code == 2 and "base.json" in err
    code, _, err = scan_jsonl(capsys, "articles", "--baseline", "missing.json")
    assert code == 2 and "missing.json" in err


# --- configuration -------------------------------------------------------------------------------


def test_pyproject_settings_apply_and_the_command_line_wins(corpus, capsys):
    (corpus / "pyproject.toml").write_text(
        '[project]\nname = "news"\n\n[tool.mtcheck]\nfail-on = "clean"\ninclude = ["articles"]\n'
        'select = ["MT2"]\nexclude = ["articles/rewrite*"]\n',
        encoding="utf-8",
    )
    code, records, _ = scan_jsonl(capsys)  # no PATHS: 'include' is scanned, minus 'exclude'
    articles = [r["path"] for r in records if r["type"] == "article"]
    assert articles == ["articles/clean.txt"]
    assert code == 1  # fail-on = "clean": every article reaches it
    assert all(r["rule"].startswith("MT2") for r in records if r["type"] == "finding")
    code, _, _ = scan_jsonl(capsys, "--fail-on", "machine_translated")
    assert code == 0
    # 'exclude' holds for files named on the command line too (pre-commit names every staged file) ...
    code, records, _ = scan_jsonl(capsys, "articles/rewrite.txt")
    assert code == 0 and not [r for r in records if r["type"] == "article"]
    # ... unless the command line says otherwise: its lists replace the file's.
    code, records, _ = scan_jsonl(capsys, "articles/rewrite.txt", "--exclude", "drafts", "--select", "MT")
    assert code == 1 and {r["rule"][:3] for r in records if r["type"] == "finding"} > {"MT2"}


def test_unknown_key_is_an_error_naming_it(corpus, capsys):
    (corpus / "pyproject.toml").write_text('[tool.mtcheck]\nfial-on = "suspect"\n', encoding="utf-8")
    code, _, err = scan_jsonl(capsys, "articles")
    assert code == 2
    assert "fial-on" in err and "pyproject.toml" in err and "fail-on" in err  # the known keys are listed


def test_bad_value_is_an_error_naming_key_and_file(corpus, capsys):
    (corpus / "mtcheck.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    code, _, err = scan_jsonl(capsys, "articles")
    assert code == 2 and "'fail-on'" in err and "mtcheck.toml" in err
    (corpus / "mtcheck.toml").write_text('jobs = "many"\n', encoding="utf-8")
    code, _, err = scan_jsonl(capsys, "articles")
    assert code == 2 and "'jobs'" in err
    (corpus / "mtcheck.toml").write_text("select = [\n", encoding="utf-8")
    code, _, err = scan_jsonl(capsys, "articles")
    assert code == 2 and "not valid TOML" in err


def test_mtcheck_toml_wins_over_pyproject_and_config_option(corpus, capsys, tmp_path):
    (corpus / "pyproject.toml").write_text('[tool.mtcheck]\nfail-on = "clean"\n', encoding="utf-8")
    (corpus / "mtcheck.toml").write_text('fail-on = "machine_translated"\n', encoding="utf-8")
    code, _, _ = scan_jsonl(capsys, "articles/clean.txt")
    assert code == 0
    explicit = tmp_path / "ci.toml"
    explicit.write_text('[tool.mtcheck]\nfail-on = "clean"\n', encoding="utf-8")
    code, _, _ = scan_jsonl(capsys, "articles/clean.txt", "--config", str(explicit))
    assert code == 1
    code, _, err = scan_jsonl(capsys, "articles/clean.txt", "--config", str(tmp_path / "nope.toml"))
    assert code == 2 and "nope.toml" in err


def test_baseline_command_reads_the_config(corpus, capsys):
    (corpus / "mtcheck.toml").write_text(
        'include = ["articles"]\nbaseline = "ci/baseline.json"\nfail-on = "suspect"\n', encoding="utf-8"
    )
    (corpus / "ci").mkdir()
    code, _, _ = run(capsys, "baseline")
    assert code == 0 and (corpus / "ci" / "baseline.json").is_file()
    code, records, _ = scan_jsonl(capsys)  # baseline from the config too
    assert code == 0 and not [r for r in records if r["type"] == "finding"]


@pytest.mark.parametrize(
    "args, named",
    [(("--lang", "german"), "--lang"), (("--lang", "xx"), "--lang xx"), (("--references", "nowhere"), "nowhere")],
)
def test_baseline_refuses_a_bad_option_before_scanning(corpus, capsys, args, named):
    code, _, err = run(capsys, "baseline", "articles", *args)
    assert code == 2 and named in err
    assert not (corpus / ".mtcheck-baseline.json").exists()


# --- pre-commit ----------------------------------------------------------------------------------


def hook() -> dict[str, str]:
    """The fields of .pre-commit-hooks.yaml this test needs (flat 'key: value' lines; no YAML library)."""
    text = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.strip().lstrip("- ").partition(": ")
        if sep and not line.lstrip().startswith("#"):
            fields[key] = value
    return fields


def test_pre_commit_hook_runs_the_offline_scan_on_staged_files(corpus, capsys):
    import re

    spec = hook()
    assert spec["id"] == "mtcheck" and spec["language"] == "python"
    entry = spec["entry"].split()
    assert entry[:2] == ["mtcheck", "scan"] and "--models" in entry and "off" in entry
    (corpus / "articles" / "README.md").write_text("# Our articles\n", encoding="utf-8")
    staged = ["articles/README.md", "articles/clean.txt", "articles/rewrite.txt", "notes.csv"]
    # pre-commit's selection: 'files' matches, 'exclude' does not.
    chosen = [f for f in staged if re.search(spec["files"], f) and not re.search(spec["exclude"], f)]
    assert chosen == ["articles/clean.txt", "articles/rewrite.txt"]
    before = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*"))

    assert main(entry[1:] + ["articles/clean.txt"]) == 0
    assert main(entry[1:] + chosen) == 1  # the rewrite blocks the commit
    capsys.readouterr()
    after = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*"))
    assert [p for p in after if p not in before and not p.startswith(".mtcheck-cache")] == []
