"""The command line, in process (mtcheck.cli.main) except for one ``python -m mtcheck`` run."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

MT_SEED = SEEDS / "000_a35475a38765537f.txt"
HUMAN_DE = SEEDS / "002_adaef2065d6d3256.txt"
HONEST = (
    "Der Bundestag hat am Donnerstag über den Haushalt beraten. Die Opposition kritisierte die Pläne "
    "der Regierung scharf. Der Finanzminister verteidigte die Ausgaben für Bildung und Verkehr."
)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def honest(tmp_path) -> Path:
    path = tmp_path / "honest.txt"
    path.write_text(HONEST, encoding="utf-8")
    return path


# --- rules and explain -----------------------------------------------------------------------


def test_rules_lists_every_rule(capsys):
    code, out, _ = run(["rules", "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)
    codes = [r["code"] for r in rows]
    assert codes and len(codes) == len(set(codes))
    assert all(re.fullmatch(r"MT\d{3}", c) for c in codes)
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and all(c in out for c in codes)


def test_explain_prints_a_rule_and_refuses_unknown_codes(capsys):
    code, out, _ = run(["rules", "--format", "json"], capsys)
    first = json.loads(out)[0]
    code, out, _ = run(["explain", first["code"].lower()], capsys)
    assert code == 0 and first["code"] in out and first["name"] in out
    code, out, err = run(["explain", "MT999"], capsys)
    assert code == 2 and "MT999" in err


# --- output formats --------------------------------------------------------------------------


def test_format_table(tmp_path, capsys):
    code, out, err = run(["scan", str(SEEDS), "--no-html", "--out", str(tmp_path)], capsys)
    assert code == 1  # seed 000 is machine-translated
    for seed in SEEDS.glob("*.txt"):
        assert str(seed) in out  # whole paths: not folded at 80 columns when piped
    assert "5 articles" in out and "findings.jsonl" in out
    assert "error" not in err  # notices (e.g. about models) may go to stderr, errors must not


def test_format_jsonl_matches_findings_file(tmp_path, capsys):
    code, out, _ = run(["scan", str(HUMAN_DE), "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
    assert code in (0, 1)
    assert out == (tmp_path / "findings.jsonl").read_text(encoding="utf-8")
    assert [r["type"] for r in records(out)][:2] == ["run", "article"]


def test_format_json_nests_findings_under_articles(tmp_path, capsys):
    code, out, _ = run(["scan", str(MT_SEED), str(HUMAN_DE), "--no-html", "--format", "json", "--out", str(tmp_path)], capsys)
    doc = json.loads(out)
    assert doc["run"]["tool"] == "mtcheck"
    assert [a["path"] for a in doc["articles"]] == [str(MT_SEED), str(HUMAN_DE)]
    flat = records((tmp_path / "findings.jsonl").read_text(encoding="utf-8"))
    for article in doc["articles"]:
        expected = [r for r in flat if r["type"] == "finding" and r["path"] == article["path"]]
        assert article["finding_records"] == expected
        assert article["findings"] == len(expected)  # the contract's count, as in the JSONL article record
    assert doc["errors"] == []


def test_no_html_writes_only_the_findings(tmp_path, capsys):
    run(["scan", str(HUMAN_DE), "--no-html", "--out", str(tmp_path / "a")], capsys)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [".mtcheck-report", "findings.jsonl"]
    run(["scan", str(HUMAN_DE), "--out", str(tmp_path / "b")], capsys)
    assert (tmp_path / "b" / "index.html").is_file()


# --- exit status -----------------------------------------------------------------------------


def test_fail_on_levels_and_exit_status(tmp_path, honest, capsys):
    out = ["--no-html", "--quiet", "--out", str(tmp_path)]
    # An honest text is clean: it only fails when clean itself is the threshold.
    assert main(["scan", str(honest), *out]) == 0
    assert main(["scan", str(honest), "--fail-on", "suspect", *out]) == 0
    assert main(["scan", str(honest), "--fail-on", "clean", *out]) == 1
    # The machine-translated seed reaches every level.
    for level in ("clean", "suspect", "machine_translated"):
        assert main(["scan", str(MT_SEED), "--fail-on", level, *out]) == 1, level
    # An unreadable input wins over findings: 2.
    assert main(["scan", str(MT_SEED), str(tmp_path / "missing.txt"), *out]) == 2
    # Usage errors: 2.
    assert main(["scan", str(honest), "--fail-on", "never", *out]) == 2
    assert main(["scan", str(honest), "--format", "xml", *out]) == 2
    capsys.readouterr()


# --- options ---------------------------------------------------------------------------------


def test_lang_forces_the_language(tmp_path, honest, capsys):
    code, out, _ = run(["scan", str(honest), "--lang", "nl", "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
    (article,) = [r for r in records(out) if r["type"] == "article"]
    assert article["lang"] == "nl" and article["lang_confidence"] == 1.0
    code, out, _ = run(["scan", str(honest), "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
    (article,) = [r for r in records(out) if r["type"] == "article"]
    assert article["lang"] == "de"
    code, _, err = run(["scan", str(honest), "--lang", "german", "--no-html", "--out", str(tmp_path)], capsys)
    assert code == 2 and "--lang" in err


def test_select_and_ignore(tmp_path, capsys):
    _, out, _ = run(["rules", "--format", "json"], capsys)
    codes = [r["code"] for r in json.loads(out)]
    first, prefix = codes[0], codes[0][:3]

    def rules_run(*options):
        code, out, _ = run(["scan", str(MT_SEED), *options, "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
        assert code in (0, 1)
        found = records(out)
        (article,) = [r for r in found if r["type"] == "article"]
        return article["rules_run"], {r["rule"] for r in found if r["type"] == "finding"}

    ran, hit = rules_run("--select", first)
    assert ran == [first] and hit <= {first}
    ran, hit = rules_run("--ignore", prefix)
    assert ran and not any(c.startswith(prefix) for c in ran) and not any(c.startswith(prefix) for c in hit)
    ran, _ = rules_run("--select", f"{codes[0]},{codes[-1]}")
    assert set(ran) <= {codes[0], codes[-1]}
    for option in ("--select", "--ignore"):
        code, _, err = run(["scan", str(MT_SEED), option, "XX1", "--no-html", "--out", str(tmp_path)], capsys)
        assert code == 2 and "XX1" in err


def test_jobs_2_gives_the_same_results_as_jobs_1(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    wmt = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"
    if wmt.is_file():  # more articles than one batch, so that the pool really splits the work
        lines = wmt.read_text(encoding="utf-8").splitlines()[:80]
        (corpus / "wmt.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "broken.jsonl").write_text('{"text": "Ein Satz."}\n{oops\n', encoding="utf-8")
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code = main(["scan", str(corpus), "--jobs", jobs, "--no-html", "--quiet", "--out", str(out)])
        results.append((code, (out / "findings.jsonl").read_text(encoding="utf-8")))
    assert results[0][0] == results[1][0] == 2  # the broken line
    assert results[0][1] == results[1][1]
    assert results[0][1].count('"type": "article"') >= 7


def test_quiet_prints_no_table_but_still_errors(tmp_path, capsys):
    code, out, err = run(["scan", str(HUMAN_DE), str(tmp_path / "gone.txt"), "--quiet", "--no-html", "--out", str(tmp_path)], capsys)
    assert code == 2
    assert out == ""
    assert "gone.txt" in err


def test_stdin(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("\ufeff" + HONEST).encode("utf-8"))))
    code, out, _ = run(["scan", "-", "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
    assert code == 0
    (article,) = [r for r in records(out) if r["type"] == "article"]
    assert article["path"] == "-" and article["text"] == HONEST and article["lang"] == "de"


def test_stdin_jsonl(tmp_path, monkeypatch, capsys):
    data = json.dumps({"id": "a", "text": HONEST}) + "\n" + json.dumps({"id": "b", "text": HONEST}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, out, _ = run(["scan", "-", "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
    assert code == 0
    assert [r.get("id") for r in records(out) if r["type"] == "article"] == ["a", "b"]


@pytest.mark.parametrize("data", ["[\n  " + json.dumps({"id": "a", "text": HONEST}) + "\n]\n",
                                  "[Eilmeldung] " + HONEST])
def test_stdin_json_array_is_named_and_bracketed_text_is_text(tmp_path, monkeypatch, capsys, data):
    """A JSON array of records piped in was scanned as German text (its JSON syntax and all); it is read as JSONL and
    gets the error saying it is one JSON document. Text that opens on a bracket stays text."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, out, err = run(["scan", "-", "--no-html", "--format", "jsonl", "--out", str(tmp_path)], capsys)
    if data.startswith("[\n"):
        assert code == 2 and not [r for r in records(out) if r["type"] == "article"]
        assert "mtcheck: error: -: a JSON array of 1 item, not JSON Lines" in err
    else:
        assert code == 0 and [r["text"] for r in records(out) if r["type"] == "article"] == [data]


_COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-8](;[0-9]+)*m")


def test_no_color(tmp_path, monkeypatch, capsys):
    argv = ["scan", str(MT_SEED), "--no-html", "--out", str(tmp_path)]
    monkeypatch.setenv("FORCE_COLOR", "1")  # as on a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, out, _ = run(argv, capsys)
    assert _COLOUR.search(out), "expected a coloured verdict when colour is forced"
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(argv, capsys)
    assert not _COLOUR.search(out)
    assert "machine_tran" in out


def test_python_dash_m(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mtcheck", "scan", str(HUMAN_DE), "--no-html", "--format", "jsonl", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    types = [r["type"] for r in records(proc.stdout)]
    assert types[:2] == ["run", "article"]
    proc = subprocess.run([sys.executable, "-m", "mtcheck", "--version"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("mtcheck ")
