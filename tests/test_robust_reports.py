"""Reports and inputs that survive concurrency, signals and odd files (issue 9)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.outputs.report import Reporter
from mtcheck.pipeline.ingest import Source, decode, iter_sources, load
from mtcheck.pipeline.records import Article, ArticleResult, Finding, ScanError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLEAN_SEED = SEEDS / "002_adaef2065d6d3256.txt"
GERMAN = "Die Regierung hat am Montag neue Pläne vorgestellt. Der Minister sprach von einem wichtigen Schritt.\n"


def _result(path: str, text: str = GERMAN) -> ArticleResult:
    start = text.index("Montag")
    f = Finding(start, start + 6, "Montag", "MT201", "stray-capital", "stray_capital", "warning", 0.8, "m")
    return ArticleResult(Article(path=path, text=text, lang="de"), [f], 0.3, "clean", ["MT201"], 15)


def _write_report(out: str, tag: str, articles: int) -> None:
    with Reporter(out=Path(out), quiet=True, signature=f"sig-{tag}") as rep:
        for i in range(articles):
            rep.add(_result(f"{tag}/a{i}.txt"))


def _links(out: Path) -> list[str]:
    html = (out / "index.html").read_text(encoding="utf-8")
    return re.findall(r'href="(articles-[0-9a-f]{8}/[^"]+)"', html)


def _check_whole(out: Path) -> str:
    """Every link of index.html resolves, and findings.jsonl is the same run as the HTML."""
    links = _links(out)
    assert links and all((out / link).is_file() for link in links), links
    html = (out / "index.html").read_text(encoding="utf-8")
    run = json.loads((out / "findings.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert f'<span class="sig">{run["signature"]}</span>' in html
    articles = [json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(links) == sum(1 for r in articles if r["type"] == "article")
    return run["signature"]


def test_concurrent_reports_into_one_folder_stay_whole(tmp_path):
    """Scans committing into one --out at once: the last one wins whole, never an index whose pages
    another scan deleted, never findings.jsonl of one run beside the HTML of another."""
    out = tmp_path / "rep"
    ctx = multiprocessing.get_context("fork")
    for round_ in range(6):
        procs = [ctx.Process(target=_write_report, args=(str(out), f"r{round_}p{i}", 3 + i)) for i in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
            assert p.exitcode == 0
        _check_whole(out)
        pages = [p for p in out.iterdir() if p.name.startswith("articles-")]
        assert len(pages) == 1  # the earlier runs' pages are gone
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_no_html_removes_an_older_html_report(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["scan", str(SEEDS), "--out", str(out), "--quiet", "--models", "off"]) == 1
    assert (out / "index.html").is_file()
    (tmp_path / "mine").mkdir()
    assert main(["scan", str(CLEAN_SEED), "--out", str(out), "--quiet", "--no-html", "--models", "off"]) == 0
    capsys.readouterr()
    assert not (out / "index.html").exists()
    assert not [p for p in out.iterdir() if p.name.startswith("articles-")]
    assert sum(1 for x in (out / "findings.jsonl").read_text().splitlines() if '"type": "article"' in x) == 1


def test_no_html_keeps_an_index_html_that_mtcheck_did_not_write(tmp_path, capsys):
    out = tmp_path / "rep"
    out.mkdir()
    (out / "index.html").write_text("<html>my own page</html>", encoding="utf-8")
    main(["scan", str(CLEAN_SEED), "--out", str(out), "--quiet", "--no-html", "--models", "off"])
    capsys.readouterr()
    assert (out / "index.html").read_text(encoding="utf-8") == "<html>my own page</html>"


def _articles(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(["scan", *argv, "--format", "jsonl", "--models", "off", "--no-html"])
    out, err = capsys.readouterr()
    return code, [json.loads(x) for x in out.splitlines() if json.loads(x)["type"] == "article"], err


def test_a_report_folder_is_never_scanned_as_input(tmp_path, monkeypatch, capsys):
    """`cd sub && mtcheck scan .` then `mtcheck scan ..` read the first report's findings.jsonl (every
    record an article) and its pages."""
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(GERMAN, encoding="utf-8")
    monkeypatch.chdir(sub)
    assert main(["scan", ".", "--quiet", "--models", "off"]) == 0
    assert (sub / "reports" / "index.html").is_file()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    code, articles, err = _articles(capsys, ".", "--out", str(tmp_path / "elsewhere" / "out"))
    assert code == 0, err
    assert [a["path"] for a in articles] == ["sub/a.txt"]
    # Named on purpose: one clear error, not one article per record.
    code, articles, err = _articles(capsys, "sub/reports/findings.jsonl", "--out", str(tmp_path / "o2"))
    assert code == 2 and not articles and "an mtcheck report file" in err


def test_an_old_findings_file_without_the_marker_is_recognised(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "findings.jsonl").write_text('{"type": "run", "tool": "mtcheck", "version": "0.1.0"}\n'
                                           '{"type": "article", "path": "x", "text": "Hallo Welt."}\n')
    code, articles, err = _articles(capsys, str(folder), "--out", str(tmp_path / "o"))
    assert code == 0 and [Path(a["path"]).name for a in articles] == ["a.txt"], err


def _slow_input(folder: Path) -> Path:
    """A folder that takes a few seconds to scan: many articles."""
    folder.mkdir()
    text = CLEAN_SEED.read_text(encoding="utf-8")
    for i in range(300):
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _start_scan(inputs: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "mtcheck", "scan", str(inputs), "--out", str(out), "--quiet",
                             "--models", "off"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_temporaries(out: Path, proc: subprocess.Popen) -> list[str]:
    deadline = time.time() + 120
    while time.time() < deadline:
        found = sorted(p.name for p in out.glob(".*.tmp")) if out.is_dir() else []
        if any(n.startswith(".findings.jsonl.") for n in found) and any(n.startswith(".articles-") for n in found):
            time.sleep(1.0)  # well into the scan
            return found
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the scan never started writing")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_scan_leaves_nothing_behind_after_the_next(tmp_path, capsys, sig):
    inputs = _slow_input(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["scan", str(CLEAN_SEED), "--out", str(out), "--quiet", "--models", "off"]) == 0
    before = (out / "findings.jsonl").read_bytes()
    proc = _start_scan(inputs, out)
    _wait_for_temporaries(out, proc)
    proc.send_signal(sig)
    code = proc.wait(60)
    err = proc.stderr.read().decode()
    assert (out / "findings.jsonl").read_bytes() == before  # the previous report is intact
    _check_whole(out)
    if sig == signal.SIGTERM:
        # Handled like Ctrl-C: exit 128 + 15, temporaries dropped at once, one line on stderr.
        assert code == 143, err
        assert "terminated" in err and "Traceback" not in err
        assert not list(out.glob(".*.tmp"))
    else:
        assert list(out.glob(".*.tmp"))  # what SIGKILL leaves...
    assert main(["scan", str(CLEAN_SEED), "--out", str(out), "--quiet", "--models", "off"]) == 0
    capsys.readouterr()
    assert not list(out.glob(".*.tmp"))  # ...the next scan removes
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("articles-")) == [
        ".mtcheck-report", "findings.jsonl", "index.html"]


def test_a_running_scans_temporaries_are_left_alone(tmp_path, capsys):
    inputs = _slow_input(tmp_path / "in")
    out = tmp_path / "out"
    proc = _start_scan(inputs, out)
    try:
        found = _wait_for_temporaries(out, proc)
        assert main(["scan", str(CLEAN_SEED), "--out", str(out), "--quiet", "--models", "off"]) == 0
        assert all((out / n).exists() for n in found)
        assert proc.wait(300) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    capsys.readouterr()
    _check_whole(out)
    assert not list(out.glob(".*.tmp"))


# --- only regular files ----------------------------------------------------------------------


def test_a_fifo_in_a_folder_is_one_error_and_the_scan_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    os.mkfifo(folder / "x.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "mtcheck", "scan", str(folder), "--out", str(tmp_path / "o"),
                           "--format", "jsonl", "--models", "off", "--no-html"],
                          env=env, capture_output=True, text=True, timeout=120)
    records = [json.loads(x) for x in done.stdout.splitlines()]
    assert done.returncode == 2
    assert [r["path"] for r in records if r["type"] == "article"] == [str(folder / "a.txt")]
    errors = [r for r in records if r["type"] == "error"]
    assert [(e["path"], e["message"]) for e in errors] == [(str(folder / "x.txt"), "not a regular file: a named pipe (FIFO), not read")]
    assert done.stderr.count("x.txt") == 1


def test_a_fifo_named_on_the_command_line_and_a_device(tmp_path):
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    items = list(iter_sources([str(fifo), "/dev/null"]))
    assert all(isinstance(i, ScanError) for i in items)
    assert "named pipe" in items[0].message and "character device" in items[1].message


def test_a_fifo_swapped_in_after_the_walk_does_not_block(tmp_path):
    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    items = list(load(Source(str(fifo), "text")))
    assert len(items) == 1 and isinstance(items[0], ScanError) and "named pipe" in items[0].message


def test_slow_reads_are_bounded(tmp_path, monkeypatch):
    import mtcheck.pipeline.ingest as ingest

    path = tmp_path / "big.txt"
    path.write_bytes(b"Wort " * 600_000)  # three chunks
    clock = iter(range(0, 10_000, 100))
    monkeypatch.setattr(ingest.time, "monotonic", lambda: next(clock))
    items = list(load(Source(str(path), "text")))
    assert isinstance(items[0], ScanError) and "read timed out" in items[0].message


def test_two_link_symlink_loop_is_named_as_such(tmp_path):
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    (tmp_path / "self.txt").symlink_to("self.txt")
    errors = {Path(e.path).name: e.message for e in iter_sources([str(tmp_path / "a.txt"), str(tmp_path / "self.txt")])}
    assert errors["a.txt"] == "symbolic link loop: a.txt -> b.txt -> a.txt"
    assert errors["self.txt"] == "symbolic link loop: the link points back to itself"


# --- mixed encodings -------------------------------------------------------------------------


def test_utf8_with_a_stray_latin1_phrase_stays_utf8(tmp_path, capsys):
    text = "Grüße aus Köln: Die Übernahme läuft.\nZweite Zeile mit Umlauten: schön, größer.\n"
    data = text.encode("utf-8") + "Dritte Zeile: Mädchen für alles.\n".encode("latin-1")
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 2 and decoded.lines == (3,)
    assert decoded.text.startswith(text) and "M\ufffddchen f\ufffdr" in decoded.text
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    code = main(["scan", str(path), "--format", "jsonl", "--models", "off", "--no-html", "--out", str(tmp_path / "o")])
    out, err = capsys.readouterr()
    assert code == 0
    assert f"mtcheck: warning: {path}: line 3: not valid UTF-8, 2 bytes replaced by U+FFFD" in err
    article = next(json.loads(x) for x in out.splitlines() if '"type": "article"' in x)
    assert article["warnings"] and "encoding" not in article.get("meta", {})


def test_real_latin1_and_cp1252_files_still_decode():
    text = "Die Bürger in Köln begrüßen die Pläne „sehr“ – sagt der Bürgermeister.\n"
    assert decode(text.encode("cp1252")).text == text
    latin = "Größere Änderungen für die Straße.\n"
    assert decode(latin.encode("latin-1")).text == latin


def test_mixed_encoding_in_jsonl_warns_on_the_record_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes('{"id": "1", "text": "Schöne Grüße."}\n'.encode("utf-8")
                     + '{"id": "2", "text": "Mädchen."}\n'.encode("latin-1"))
    articles = list(load(Source(str(path), "jsonl")))
    assert [a.warnings for a in articles][0] == []
    assert articles[1].text == "M\ufffddchen." and "line 2" in articles[1].warnings[0]


# --- the run record's counts on stdout -------------------------------------------------------


def test_jsonl_stdout_run_record_never_claims_counts_it_does_not_know(tmp_path, capsys):
    calls = {"translate": 0, "comet": 0, "logprob": 0}
    with Reporter(out=tmp_path, fmt="jsonl", html=False, signature="s", run_extra={"model_calls": calls},
                  pending_counts=("model_calls",)) as rep:
        rep.add(_result("a.txt"))
        calls["translate"] += 23  # what the model stage counts while the scan runs
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert list(lines[0])[0] == "type" and lines[0]["model_calls"] is None
    assert lines[-1]["type"] == "summary" and lines[-1]["model_calls"]["translate"] == 23
    assert lines[-1]["articles"] == 1 and lines[-1]["findings"] == 1
    saved = [json.loads(x) for x in (tmp_path / "findings.jsonl").read_text().splitlines()]
    assert saved[0]["model_calls"]["translate"] == 23 and saved[-1] == lines[-1]


# --- very large articles -----------------------------------------------------------------------


def test_a_large_article_is_analysed_in_parts_with_global_offsets(monkeypatch):
    import mtcheck.pipeline.scan as scan_module
    from mtcheck.pipeline.entity_index import build_index
    from mtcheck.rules import select_rules

    text = (SEEDS / "000_a35475a38765537f.txt").read_text(encoding="utf-8")
    big = "\n\n".join([text] * 4)
    rules, index = select_rules(None, None), build_index([text])
    whole = scan_module.analyse(Article(path="a.txt", text=big, lang="de"), rules, index)
    monkeypatch.setattr(scan_module, "CHUNK_CHARS", len(text) + 2)  # one seed (and its blank line) per part
    bounds = scan_module.chunk_bounds(big, scan_module.CHUNK_CHARS)
    assert len(bounds) == 4 and bounds[0][0] == 0 and bounds[-1][1] == len(big)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))  # no gap, no overlap
    parts = scan_module.analyse(Article(path="a.txt", text=big, lang="de"), rules, index)
    for f in parts.findings:
        assert big[f.start:f.end] == f.text
    # Every part finds what the first one does, at its own offset in the article.
    first = {(f.start, f.rule) for f in parts.findings if f.end <= bounds[0][1]}
    second = {(f.start - bounds[1][0], f.rule) for f in parts.findings if bounds[1][0] <= f.start < bounds[1][1]}
    assert first and first == second
    assert parts.words == whole.words
    assert parts.verdict == whole.verdict == "machine_translated"


def test_chunk_bounds_cut_anywhere_without_a_separator():
    from mtcheck.pipeline.scan import chunk_bounds

    assert chunk_bounds("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert chunk_bounds("ab", 10) == [(0, 2)]


def test_out_that_cannot_be_a_folder_is_a_clear_error_before_the_scan(tmp_path, capsys):
    """A file where the --out folder should be ended the scan in 'internal error: FileExistsError' and a traceback."""
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    for out, why in ((tmp_path / "taken", "a file is there, not a folder"),
                     (tmp_path / "taken" / "sub", "a file stands where one of its parent folders should be")):
        capsys.readouterr()
        assert main(["scan", str(tmp_path / "a.txt"), "--quiet", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.strip() == f"mtcheck: error: --out {out}: {why}", err
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "not a folder"


def test_names_with_markup_or_control_characters_in_the_terminal(tmp_path, capsys, monkeypatch):
    """A record id "[/]" or a folder "[bold]x" ended the scan in rich's MarkupError (the table read them as markup);
    a line break in a name split the table's row and stderr's line. Names are shown literally, control characters
    as escapes."""
    folder = tmp_path / "[bold]x"
    folder.mkdir()
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "new\nline.txt").write_bytes(b"\x00\x01 binary")
    records = [json.dumps({"id": i, "text": GERMAN}) for i in ("[/]", "[red]rot[/red]", "a\nb")]
    (tmp_path / "ids.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "250")
    code = main(["scan", str(folder), str(tmp_path / "ids.jsonl"), "--lang", "de", "--no-html",
                 "--out", str(tmp_path / "[/]out")])
    captured = capsys.readouterr()
    assert code == 2  # the binary file
    for name in (f"{folder}/a.txt", "ids.jsonl#[/]", "ids.jsonl#[red]rot[/red]", "ids.jsonl#a\\nb",
                 f"{folder} (folder)", f"findings: {tmp_path / '[/]out' / 'findings.jsonl'}"):
        assert name in captured.out, name
    assert f"mtcheck: error: {folder}/new\\nline.txt: not text" in captured.err
