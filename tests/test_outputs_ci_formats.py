"""The CI output formats: GitHub annotations (escaping, the per-step cap), SARIF 2.1.0 validated
against the official schema shipped in tests/data, and JUnit XML."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest

from mtcheck.cli import main
from mtcheck.outputs.github import PER_LEVEL, command, escape_data, escape_property, render

from conftest import SEEDS, git

# The official schema (OASIS SARIF 2.1.0 errata01, oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json).
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-2.1.0.schema.json"
CLEAN_SEED = "002_adaef2065d6d3256.txt"
MT_SEED = "000_a35475a38765537f.txt"
# A file name with every character the annotation properties must escape.
ODD_NAME = "50%,rewrite:v2.txt"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """Seeds committed on main, then one commit adding a clean article and an MT one."""
    root = tmp_path / "news"
    (root / "articles").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, root / "articles" / seed.name)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "seeds")
    shutil.copy(SEEDS / CLEAN_SEED, root / "articles" / "clean-new.txt")
    shutil.copy(SEEDS / MT_SEED, root / "articles" / ODD_NAME)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ingest")
    monkeypatch.chdir(root)
    return root


def scan(capsys, tmp_path, fmt: str, *extra: str) -> tuple[int, str]:
    code = main(["scan", "--changed", "--no-html", "--format", fmt, "--out", str(tmp_path / "out"), *extra])
    return code, capsys.readouterr().out


# --- GitHub annotations ------------------------------------------------------------------------


def test_escaping_follows_the_runner():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    line = command("warning", "x: 1, 2%\nsecond", file="a,b:c.txt", line=3, title="T: t")
    assert line == "::warning file=a%2Cb%3Ac.txt,line=3,title=T%3A t::x: 1, 2%25%0Asecond"


def test_annotations_on_a_real_scan(repo, capsys, tmp_path):
    code, out = scan(capsys, tmp_path, "github")
    assert code == 1
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    escaped = "articles/50%25%2Crewrite%3Av2.txt"
    # The rewrite fails the check: one error annotation for the article itself, first.
    assert annotations[0].startswith(f"::error file={escaped},line=1,title=mtcheck%3A machine_translated::")
    # Findings point at lines and columns of the file, and carry their rule.
    located = [a for a in annotations[1:] if ",col=" in a]
    assert located and all(f"file={escaped}," in a for a in located)
    text = (repo / "articles" / ODD_NAME).read_text(encoding="utf-8").split("\n")
    glued = next(a for a in located if "MT201" in a)  # 'GrahamRSC'
    props = dict(p.split("=", 1) for p in glued[len("::error "):].split("::", 1)[0].split(","))
    line, col, end = int(props["line"]), int(props["col"]), int(props["endColumn"])
    assert text[line - 1][col - 1 : end] == "GrahamRSC"
    # No raw newline or unescaped property separator can end up inside a command.
    for a in annotations:
        head, _, message = a[2:].partition("::")
        assert "\n" not in message and "\r" not in message
        for prop in head.split(" ", 1)[1].split(",") if " " in head else []:
            assert prop.count("=") >= 1 and ":" not in prop.split("=", 1)[1]
    # The clean article gets no error annotation; the summary line closes the output.
    assert not any("clean-new.txt" in a and a.startswith("::error") for a in annotations)
    assert lines[-1].startswith("mtcheck: 2 articles, 1 reach --fail-on machine_translated")


def test_annotations_are_capped_per_level_with_one_summary():
    records = [{"type": "article", "path": "a.txt", "verdict": "suspect", "score": 0.5, "evidence": 30,
                "format": "text"}]
    for i in range(30):
        records.append({"type": "finding", "path": "a.txt", "start": i, "end": i + 1, "line": i + 1, "column": 1,
                        "text": "x", "rule": "MT999", "name": "test-rule", "category": "punctuation",
                        "severity": "warning", "confidence": 1.0, "message": f"finding {i}\nwith a newline",
                        "suggestion": None})
    out = render(records, fail_on="machine_translated").splitlines()
    warnings = [line for line in out if line.startswith("::warning")]
    notices = [line for line in out if line.startswith("::notice")]
    assert len(warnings) == PER_LEVEL == 10
    assert len(notices) == 1 and "20 more annotations not shown (20 warning)" in notices[0]
    assert "finding 0%0Awith a newline" in warnings[0]  # worst first: in text order within an article


# --- SARIF ---------------------------------------------------------------------------------------


def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(repo, capsys, tmp_path):
    code, out = scan(capsys, tmp_path, "sarif")
    assert code == 1
    log = json.loads(out)
    errors = [e.message for e in validator().iter_errors(log)]
    assert errors == []

    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = run["results"]
    assert results and {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} <= {
        "articles/50%25%2Crewrite%3Av2.txt", "articles/clean-new.txt"}  # percent-encoded URIs
    lines = (repo / "articles" / ODD_NAME).read_text(encoding="utf-8").split("\n")
    for r in results:
        assert ids[r["ruleIndex"]] == r["ruleId"]
        assert r["partialFingerprints"]["mtcheckFinding/v1"]
        region = r["locations"][0]["physicalLocation"]["region"]
        if "rewrite" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] and \
                region["startLine"] == region["endLine"]:
            # endColumn is exclusive: the region is exactly the finding's text.
            assert lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1] == \
                region["snippet"]["text"]
    fingerprints = [r["partialFingerprints"]["mtcheckFinding/v1"] for r in results]
    assert len(fingerprints) == len(set(fingerprints))


def test_the_schema_check_can_fail(repo, capsys, tmp_path):
    """The shipped schema is no rubber stamp: a wrong level or a missing message is rejected."""
    _, out = scan(capsys, tmp_path, "sarif")
    log = json.loads(out)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["results"][1]["message"]
    assert len(list(validator().iter_errors(log))) == 2


def test_sarif_with_an_unreadable_input(repo, capsys, tmp_path):
    (repo / "articles" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    code, out = scan(capsys, tmp_path, "sarif")
    assert code == 2
    log = json.loads(out)
    assert list(validator().iter_errors(log)) == []
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "broken.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]


@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="a file name that is not UTF-8 needs a POSIX file system that keeps bytes")
def test_sarif_for_a_file_name_that_is_not_utf8(tmp_path, capsys):
    """A file named with a Latin-1 byte (b"Stra\\xdfe.txt") ended --format sarif in an internal UnicodeEncodeError;
    its URI now has the byte percent-encoded, and the log validates."""
    folder = tmp_path / "news"
    folder.mkdir()
    mt = (SEEDS / MT_SEED).read_bytes()
    with open(os.path.join(os.fsencode(folder), b"Stra\xdfe.txt"), "wb") as handle:
        handle.write(mt)
    code = main(["scan", str(folder), "--no-html", "--format", "sarif", "--out", str(tmp_path / "out")])
    log = json.loads(capsys.readouterr().out)
    assert code == 1
    assert list(validator().iter_errors(log)) == []
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {quote(str(folder)) + "/Stra%DFe.txt"}


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_one_testcase_per_article_and_a_failure_per_flagged_one(repo, capsys, tmp_path):
    code, out = scan(capsys, tmp_path, "junit")
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert sorted(c.get("name") for c in cases) == ["articles/50%,rewrite:v2.txt", "articles/clean-new.txt"]
    failed = {c.get("name"): c.find("failure") for c in cases}
    assert failed["articles/clean-new.txt"] is None
    failure = failed["articles/50%,rewrite:v2.txt"]
    assert failure.get("type") == "machine_translated" and "MT201" in failure.text
    assert root.get("failures") == "1" and root.find("testsuite").get("tests") == "2"


def test_junit_lowers_the_bar_with_fail_on(repo, capsys, tmp_path):
    code, out = scan(capsys, tmp_path, "junit", "--fail-on", "clean")
    root = ET.fromstring(out.encode("utf-8"))
    assert code == 1 and root.get("failures") == "2"


# --- Many findings: caps and streaming -----------------------------------------------------------


def _finding(path: str, i: int, severity: str = "warning", rule: str = "MT301") -> dict:
    return {"type": "finding", "path": path, "start": 4 * i, "end": 4 * i + 3, "line": 1, "column": 4 * i + 1,
            "text": "Für", "rule": rule, "name": "stray-capital-function-word", "category": "stray_capital",
            "severity": severity, "confidence": 0.9, "message": f"finding {i}", "suggestion": "für",
            "fingerprint": f"{path}-{i}"}


def test_a_degenerate_article_is_capped_in_sarif_and_junit(tmp_path, capsys):
    """250 kB of "Für Für ..." gave 62,495 findings: a SARIF log GitHub rejects (over 25,000
    results) and 900 MB of memory to write it. Each article lists its worst PER_ARTICLE, and a
    note says where the rest are; the other article keeps all of its findings."""
    from mtcheck.outputs.sarif import PER_ARTICLE

    (tmp_path / "fuer.txt").write_text("Für " * (PER_ARTICLE + 300), encoding="utf-8")
    shutil.copy(SEEDS / MT_SEED, tmp_path / "mt.txt")
    args = ["scan", str(tmp_path / "fuer.txt"), str(tmp_path / "mt.txt"), "--no-html", "--models", "off",
            "--out", str(tmp_path / "out")]
    assert main([*args, "--format", "jsonl"]) == 1
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    findings = [r for r in findings if r["type"] == "finding"]
    total = {p: sum(1 for f in findings if f["path"].endswith(p)) for p in ("fuer.txt", "mt.txt")}
    assert total["fuer.txt"] > PER_ARTICLE + 200  # findings.jsonl keeps them all

    assert main([*args, "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert list(validator().iter_errors(log)) == []
    run = log["runs"][0]
    by_path: dict[str, int] = {}
    for r in run["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_path[uri.rsplit("/", 1)[-1]] = by_path.get(uri.rsplit("/", 1)[-1], 0) + 1
    assert by_path == {"fuer.txt": PER_ARTICLE, "mt.txt": total["mt.txt"]}
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert len(notes) == 1 and "fuer.txt" in notes[0] and f"{total['fuer.txt']:,} findings" in notes[0]
    assert "findings.jsonl" in notes[0]
    assert run["invocations"][0]["executionSuccessful"] is True  # a note, not an error

    assert main([*args, "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    failure = next(c for c in root.iter("testcase") if c.get("name").endswith("fuer.txt")).find("failure")
    lines = failure.text.splitlines()
    assert len(lines) == PER_ARTICLE + 1
    assert lines[-1].startswith(f"... and {total['fuer.txt'] - PER_ARTICLE:,} more findings")


def test_sarif_keeps_an_articles_worst_and_the_runs_worst():
    from mtcheck.outputs.sarif import SarifWriter

    article = {"type": "article", "format": "text", "meta": None}
    records = [{"type": "run", "signature": "s"},
               {**article, "path": "low.txt", "verdict": "clean", "score": 0.1},
               *[_finding("low.txt", i) for i in range(3)],
               {**article, "path": "bad.txt", "verdict": "machine_translated", "score": 0.99},
               *[_finding("bad.txt", i) for i in range(6)], _finding("bad.txt", 9, severity="error", rule="MT201")]
    writer = SarifWriter(fail_on="machine_translated", per_article=4, max_results=5)
    for r in records:
        writer.add(r)
    out = io.StringIO()
    writer.write(out)
    writer.close()
    run = json.loads(out.getvalue())["runs"][0]
    assert list(validator().iter_errors(json.loads(out.getvalue()))) == []
    got = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["properties"]["start"], r["level"])
           for r in run["results"]]
    # bad.txt: its error and its first three warnings (per article 4); then the run cap of 5 takes
    # the failing article's four and the best of the clean one, kept in the order they came.
    assert got == [("low.txt", 0, "warning"), ("bad.txt", 0, "warning"), ("bad.txt", 4, "warning"),
                   ("bad.txt", 8, "warning"), ("bad.txt", 36, "error")]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any(n.startswith("bad.txt: 7 findings; the 4 worst") for n in notes)
    assert any("7 results; the 5 worst are listed" in n for n in notes)


def test_sarif_writer_holds_one_article_not_the_run():
    """Peak memory while writing 20,000 results over 40 articles stays at about one article's
    worth (the old renderer held every record, every result and the whole log as strings)."""
    import tracemalloc

    from mtcheck.outputs.sarif import SarifWriter

    class Sink:
        size = 0

        def write(self, text):
            self.size += len(text)

    def records():
        yield {"type": "run", "signature": "s"}
        for a in range(40):
            yield {"type": "article", "path": f"a{a}.txt", "format": "text", "verdict": "suspect", "score": 0.5}
            yield from (_finding(f"a{a}.txt", i) for i in range(500))

    sink = Sink()
    tracemalloc.start()
    writer = SarifWriter(max_results=50_000)
    for r in records():
        writer.add(r)
    writer.write(sink)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    writer.close()
    assert sink.size > 10_000_000  # 20,000 results of about 560 characters each went out
    assert peak < 20_000_000, peak  # 5.4 MB here; the old renderer: 186 MB
