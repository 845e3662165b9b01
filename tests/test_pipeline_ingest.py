"""Bad input: every problem is one clear error naming the file (and line); the rest is scanned;
the exit status is 2; reports are never half-written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.pipeline.ingest import Source, decode, iter_sources, kind_of, load
from mtcheck.pipeline.records import Article, ScanError

GERMAN = (
    "„Wir müssen handeln“, sagte Müller am Montag in Köln – die Preise stiegen um 5 €.\n\n"
    "Die Maßnahmen der Bundesregierung gelten ab Oktober. Straßen, Übergänge und Öl werden teurer."
)


def _load(path: Path, **kwargs) -> list[Article | ScanError]:
    return list(load(Source(str(path), kind_of(str(path))), **kwargs))


def _one_article(path: Path) -> Article:
    items = _load(path)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def _one_error(path: Path) -> ScanError:
    items = _load(path)
    assert len(items) == 1 and isinstance(items[0], ScanError), items
    assert items[0].path == str(path)
    return items[0]


def _scan(argv: list[str], out: Path) -> tuple[int, list[dict]]:
    code = main(["scan", *argv, "--no-html", "--quiet", "--format", "table", "--out", str(out)])
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return code, [json.loads(line) for line in lines]


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_german_is_decoded_correctly(tmp_path, encoding):
    text = GERMAN if encoding == "cp1252" else GERMAN.replace("„", '"').replace("“", '"').replace(" –", ",").replace("€", "Euro")
    path = tmp_path / "alt.txt"
    path.write_bytes(text.encode(encoding))
    article = _one_article(path)
    assert article.text == text
    assert article.meta["encoding"] == "cp1252"


def test_short_cp1252_line_is_not_read_as_a_dos_code_page(tmp_path):
    # charset-normalizer alone guesses cp775 here and reads "K÷ln ¢".
    path = tmp_path / "short.txt"
    path.write_bytes("Köln – Der 1. FC Köln hat das Spiel gegen Schalke gewonnen.".encode("cp1252"))
    assert _one_article(path).text == "Köln – Der 1. FC Köln hat das Spiel gegen Schalke gewonnen."


def test_other_legacy_encodings_still_detected():
    russian = "Привет, как дела? Это тест русского текста в кодировке Windows. " * 3
    text, encoding = decode(russian.encode("cp1251"))
    assert text == russian and encoding != "cp1252"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + GERMAN.encode(encoding))
    article = _one_article(path)
    assert article.text == GERMAN  # the BOM is gone
    assert article.meta["encoding"] in ("utf-16", "utf-32")


def test_utf8_bom_is_removed_so_offsets_match(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GERMAN.encode("utf-8"))
    article = _one_article(path)
    assert article.text == GERMAN
    assert "encoding" not in article.meta


def test_crlf_newlines_are_kept_untouched(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(GERMAN.replace("\n", "\r\n").encode("utf-8"))
    assert _one_article(path).text == GERMAN.replace("\n", "\r\n")


# --- not text, no text -----------------------------------------------------------------------


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binary" in _one_error(path).message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_refused_and_named(tmp_path, encoding):
    """Refused (its byte order would be a guess), but no longer called 'binary': the error says what it is."""
    path = tmp_path / "wide.txt"
    path.write_bytes(GERMAN.encode(encoding))
    assert _one_error(path).message == (f"not text: {encoding.upper()} without a byte-order mark, by the NUL in every "
                                        "other byte; save it as UTF-8, or with a byte-order mark")


@pytest.mark.parametrize(
    "data, words",
    [(b"", "empty file"), (b"  \n\n\t \r\n", "only whitespace"), (b"\xef\xbb\xbf", "only whitespace"),
     ("  \n ".encode("utf-16"), "only whitespace")],
)
def test_empty_and_whitespace_only(tmp_path, data, words):
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    assert words in _one_error(path).message


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Wort " * 1000, encoding="utf-8")
    items = _load(path, max_bytes=1000)
    assert len(items) == 1 and isinstance(items[0], ScanError)
    assert "too large" in items[0].message and "--max-bytes" in items[0].message


# --- HTML ------------------------------------------------------------------------------------

ARTICLE_HTML = (
    "<html><head><title>t</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Titel</h1>"
    + "".join(f"<p>Der Bundestag hat am {i}. Mai in Berlin ein neues Gesetz beschlossen, das viele Bürger betrifft.</p>" for i in range(1, 9))
    + "</article><footer>Impressum</footer></body></html>"
)


def test_html_article_text_is_extracted(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    article = _one_article(path)
    assert article.source_format == "html"
    assert "Der Bundestag hat am 3. Mai in Berlin" in article.text
    assert "<p>" not in article.text and "Impressum" not in article.text


def test_broken_html_still_yields_the_text(tmp_path):
    path = tmp_path / "broken.html"
    broken = ARTICLE_HTML.replace("</p>", "").replace("</article>", "").replace("</body></html>", "<div><b><i")
    path.write_text(broken, encoding="utf-8")
    assert "neues Gesetz beschlossen" in _one_article(path).text


def test_html_without_article_text(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    assert "no article text" in _one_error(path).message


# --- JSONL -----------------------------------------------------------------------------------


def test_jsonl_broken_lines_and_records_without_text(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "Ein Text auf Deutsch.", "label": "human"}),
                "{broken",
                json.dumps({"id": "c", "title": "no text"}),
                "[1, 2]",
                "",
                json.dumps({"id": "e", "lang": "NL", "sentences": ["Erster Satz.", "Zweiter Satz."], "source_sentences": ["x"]}),
                json.dumps({"text": "   "}),
            ]
        ),
        encoding="utf-8",
    )
    items = _load(path)
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ScanError)]
    assert [a.id for a in articles] == ["a", "e"]
    assert [a.lang for a in articles] == [None, "nl"]  # a record's own "lang" is used; else detected later
    assert articles[0].meta == {"label": "human", "line": 1, "text_field": "text"}
    assert articles[1].text == "Erster Satz.\nZweiter Satz."
    assert "source_sentences" not in articles[1].meta  # lists are not copied into reports
    assert [(e.line, e.path) for e in errors] == [(2, str(path)), (3, str(path)), (4, str(path)), (7, str(path))]
    assert "broken JSON" in errors[0].message
    assert "no 'text'" in errors[1].message


def test_jsonl_joined_from_files_saved_with_a_bom(tmp_path):
    """``cat a.jsonl b.jsonl`` where b was saved with a BOM: the BOM opens a line in the middle of the file. Python's
    parser said "Unexpected UTF-8 BOM (decode using utf-8-sig)"; the record is read, and a broken line after a BOM
    gets the column of the file."""
    good = json.dumps({"id": "b", "text": GERMAN}, ensure_ascii=False)
    path = tmp_path / "joined.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": GERMAN}, ensure_ascii=False), "\ufeff" + good,
                               '\ufeff{"id": "c", "text": x}']) + "\n", encoding="utf-8")
    items = _load(path)
    assert [a.id for a in items if isinstance(a, Article)] == ["a", "b"]
    [error] = [e for e in items if isinstance(e, ScanError)]
    assert (error.line, error.message) == (3, "broken JSON: Expecting value at column 22")


def test_jsonl_duplicate_and_empty_ids(tmp_path, capsys):
    """Two records with one id were two rows with the same name and nothing said; an empty id showed as 'PATH#'.
    A repeated id is kept (it is the user's) with a warning naming both lines; an empty or blank id names nothing
    and the record is named by its line, as a record without an id."""
    path = tmp_path / "corpus.jsonl"
    ids = ["a", "a", "", "  ", 1, "1", "b"]
    path.write_text("".join(json.dumps({"id": i, "text": GERMAN}, ensure_ascii=False) + "\n" for i in ids),
                    encoding="utf-8")
    articles = _load(path)
    assert [a.id for a in articles] == ["a", "a", "line-3", "line-4", "1", "1", "b"]
    assert [a.warnings for a in articles] == [
        [], ["line 2: the id a is also the id of line 1: their records carry the same id (meta.line tells them apart)"],
        [], [], [], ["line 6: the id 1 is also the id of line 5: their records carry the same id (meta.line tells them "
                     "apart)"], []]
    main(["scan", str(path), "--quiet", "--no-html", "--out", str(tmp_path / "out")])
    assert f"mtcheck: warning: {path}: line 2: the id a is also the id of line 1" in capsys.readouterr().err


def test_jsonl_lone_surrogate_warning_names_its_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GERMAN}) + "\n" + json.dumps({"id": "b", "text": GERMAN + "\ud800"})
                    + "\n", encoding="utf-8")
    articles = _load(path)
    assert articles[1].warnings == ["line 2: lone surrogate escapes in the record (\\ud800-\\udfff) replaced by U+FFFD"]


@pytest.mark.parametrize(("value", "kind"), [(5, "a number"), (["Satz."], "a list"), ({"de": "Satz."}, "an object"),
                                             (True, "true or false")])
def test_jsonl_text_that_is_not_a_string_is_named(tmp_path, value, kind):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"id": "a", "text": value}) + "\n", encoding="utf-8")
    error = _one_error(path)
    assert (error.line, error.message) == (1, f"record's 'text' field is {kind}, not a string")


def test_jsonl_lines_python_cannot_parse_are_errors_and_the_rest_is_read(tmp_path, capsys):
    """'[[[...' a hundred thousand deep (RecursionError) and an integer of 5,000 digits (ValueError,
    not a JSONDecodeError) stopped the whole scan with an internal error; each is now one error
    naming the line, and the records after it are scanned."""
    path = tmp_path / "corpus.jsonl"
    good = json.dumps({"id": "ok", "text": GERMAN}, ensure_ascii=False)
    deep_record = '{"text": "x", "m": ' + "[" * 950 + "]" * 950 + "}"  # parses; then walked for surrogates
    path.write_text("\n".join(["[" * 100_000, '{"id": ' + "7" * 5000 + ', "text": "Ein Satz."}', deep_record, good]),
                    encoding="utf-8")
    items = _load(path)
    errors = [i for i in items if isinstance(i, ScanError)]
    assert [a.id for a in items if isinstance(a, Article)][-1] == "ok"
    assert (errors[0].line, errors[0].message) == (1, "broken JSON: nested too deeply to read")
    assert errors[1].line == 2 and errors[1].message.startswith("unreadable JSON: Exceeds the limit (4300 digits)")
    assert main(["scan", str(path), "--no-html", "--models", "off", "--out", str(tmp_path / "out")]) == 2
    assert f"{path}:1: broken JSON: nested too deeply" in capsys.readouterr().err


def test_jsonl_non_finite_numbers_stay_strict_json(tmp_path):
    """Python reads NaN, Infinity and 1e999 from a JSON line; kept as numbers they made
    findings.jsonl invalid for strict readers (jq, a browser's JSON.parse)."""
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "n", "text": "Ein Text auf Deutsch.", "a": NaN, "b": 1e999, "c": -Infinity, "d": 1.5}\n',
                    encoding="utf-8")
    article = _one_article(path)
    assert article.meta["a"] == "NaN" and article.meta["b"] == "Infinity" and article.meta["c"] == "-Infinity"
    assert article.meta["d"] == 1.5
    out = tmp_path / "out"
    assert main(["scan", str(path), "--no-html", "--models", "off", "--out", str(out), "--quiet"]) == 0
    for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))


# --- files and folders -----------------------------------------------------------------------


def test_nonexistent_path():
    (item,) = iter_sources(["/no/such/place.txt"])
    assert isinstance(item, ScanError) and item.path == "/no/such/place.txt"
    assert "no such file" in item.message


def test_broken_symlink_and_symlink_loop(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(tmp_path)  # a folder loop
    (sub / "real.txt").write_text("Ein echter Text.", encoding="utf-8")
    items = list(iter_sources([str(tmp_path)]))
    errors = {Path(i.path).name: i.message for i in items if isinstance(i, ScanError)}
    sources = [Path(i.path).name for i in items if isinstance(i, Source)]
    assert sources == ["real.txt"]  # walked once, not once per loop
    assert "broken symbolic link" in errors["dangling.txt"]
    assert "loop" in errors["a.txt"] and "loop" in errors["b.txt"]
    assert "loop" in errors["up"]
    # Named directly on the command line too.
    (direct,) = iter_sources([str(tmp_path / "a.txt")])
    assert isinstance(direct, ScanError) and "loop" in direct.message


def test_folder_skips_non_articles(tmp_path):
    (tmp_path / "README.md").write_text("# About this folder", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".hidden.txt").write_text("Versteckt.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Git.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Ein Artikel.", encoding="utf-8")
    (tmp_path / "two.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "three.jsonl").write_text('{"text": "Drei."}\n', encoding="utf-8")
    items = list(iter_sources([str(tmp_path)]))
    assert all(isinstance(i, Source) for i in items)
    assert [(Path(i.path).name, i.kind) for i in items] == [("one.txt", "text"), ("three.jsonl", "jsonl"), ("two.html", "html")]


def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Geheim.", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop root from reading, so there is no error to see")
        error = _one_error(path)
        assert "cannot read" in error.message and "ermission" in error.message
    finally:
        path.chmod(0o644)


def test_a_folder_with_an_unreadable_file_names_it_once_and_scans_the_rest(tmp_path, capsys, monkeypatch):
    """The test above cannot fail as root (chmod 000 does not stop root); here the file system refuses the open as
    it would for another user, so the folder scan's handling is checked wherever the suite runs."""
    import errno

    import mtcheck.pipeline.ingest as ingest

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "secret.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "z.txt").write_text(GERMAN, encoding="utf-8")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "open", refusing_open)
    code, records = _scan([str(folder)], tmp_path / "out")
    assert code == 2
    assert [r["path"] for r in records if r["type"] == "article"] == [str(folder / "a.txt"), str(folder / "z.txt")]
    assert [(r["path"], r["message"]) for r in records if r["type"] == "error"] == [
        (str(folder / "secret.txt"), "cannot read: Permission denied")]
    assert capsys.readouterr().err.count("secret.txt") == 1


# --- the whole scan --------------------------------------------------------------------------


def test_one_error_per_problem_the_rest_scanned_exit_2(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GERMAN, encoding="utf-8")
    (inputs / "latin.txt").write_bytes(GERMAN.encode("cp1252"))
    (inputs / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "menu.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (inputs / "c.jsonl").write_text('{"id": "x", "text": "Ein Satz hier."}\n{nope\n', encoding="utf-8")
    (inputs / "link.txt").symlink_to(inputs / "gone.txt")
    code, records = _scan([str(inputs), str(tmp_path / "missing.txt")], tmp_path / "out")
    assert code == 2
    errors = {(Path(r["path"]).name, r.get("line")) for r in records if r["type"] == "error"}
    assert errors == {("bin.txt", None), ("empty.txt", None), ("menu.html", None), ("c.jsonl", 2),
                      ("link.txt", None), ("missing.txt", None)}
    scanned = sorted(Path(r["path"]).name for r in records if r["type"] == "article")
    assert scanned == ["c.jsonl", "good.txt", "latin.txt"]
    stderr = capsys.readouterr().err
    assert f"{inputs / 'c.jsonl'}:2: broken JSON" in stderr
    assert f"{inputs / 'bin.txt'}: not text" in stderr


def test_clean_inputs_exit_0(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GERMAN, encoding="utf-8")
    code, records = _scan([str(path)], tmp_path / "out")
    assert code == 0
    assert [r["type"] for r in records] == ["run", "article", "source", "summary"]


def test_a_crash_mid_scan_leaves_the_previous_report_intact(tmp_path, monkeypatch):
    import mtcheck.pipeline.scan

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (inputs / name).write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    code, _ = _scan([str(inputs)], out)
    assert code == 0
    before = (out / "findings.jsonl").read_bytes()

    real = mtcheck.pipeline.scan._prepare  # the first step of every article's analysis (analyse, analyse_batch)
    calls = []

    def crash_on_second(article, *args, **kwargs):
        calls.append(article.path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # an interrupted scan (a failing article is only that article's error)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(mtcheck.pipeline.scan, "_prepare", crash_on_second)
    (inputs / "d.txt").write_text(GERMAN, encoding="utf-8")  # a different input set
    # main() reports the interruption (exit 130, never 1, the MT verdict) and writes nothing.
    assert main(["scan", str(inputs), "--no-html", "--quiet", "--out", str(out)]) == 130
    assert (out / "findings.jsonl").read_bytes() == before
    # No temporary file left behind (the marker names the folder a report folder).
    assert sorted(p.name for p in out.iterdir()) == [".mtcheck-report", "findings.jsonl"]


def test_permission_error_is_reported_even_as_root(tmp_path, monkeypatch):
    """The same path as chmod 000 for a normal user, simulated so that it runs as root too."""
    import mtcheck.pipeline.ingest

    path = tmp_path / "secret.txt"
    path.write_text("Geheim.", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(mtcheck.pipeline.ingest, "_read_regular", refuse)
    error = _one_error(path)
    assert error.message == "cannot read: Permission denied"


def test_language_identification_matches_py3langid(seeds_dir):
    """The sparse shortcut in language.identify gives py3langid's own answer."""
    from mtcheck.pipeline.language import _identifier, identify

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["Hallo Welt, wie geht es dir heute?", "This is plainly an English sentence.", "Dit is een Nederlandse zin."]
    for text in texts:
        lang, prob = identify(text)
        expected_lang, expected_prob = _identifier().classify(text[:20_000])
        assert lang == expected_lang and abs(prob - float(expected_prob)) < 1e-4
    assert [identify(t)[0] for t in texts[:5]] == ["de", "nl", "de", "en", "de"]
    assert identify("  123 -- ") == ("und", 0.0)


def test_html_in_a_legacy_encoding(tmp_path):
    path = tmp_path / "alt.html"
    page = ARTICLE_HTML.replace("<head>", '<head><meta charset="windows-1252">').replace("Bürger", "Bürger „Zitat“ für Köln")
    path.write_bytes(page.encode("cp1252"))
    article = _one_article(path)
    assert "viele Bürger „Zitat“ für Köln betrifft" in article.text


def test_reports_get_normal_permissions(tmp_path):
    from mtcheck.outputs.atomic import atomic_open

    target = tmp_path / "findings.jsonl"
    old = os.umask(0o022)
    try:
        with atomic_open(target) as handle:
            handle.write("x\n")
    finally:
        os.umask(old)
    assert target.read_text() == "x\n"
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600


def test_a_file_named_twice_or_inside_a_named_folder_is_read_once(tmp_path, capsys):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(GERMAN, encoding="utf-8")
    a = str(folder / "a.txt")
    sources = [s.path for s in iter_sources([a, a, str(folder), f"{folder}/./a.txt"]) if isinstance(s, Source)]
    assert sources == [a, str(folder / "b.txt")]
    assert main(["scan", a, str(folder), "--no-html", "--models", "off", "--format", "jsonl",
                 "--out", str(tmp_path / "out")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["path"] for r in records if r["type"] == "article") == [a, str(folder / "b.txt")]
    assert [r["articles"] for r in records if r["type"] == "source"] == [2]


def test_unreadable_folder_is_one_error_and_the_rest_is_scanned(tmp_path, monkeypatch, capsys):
    """A folder without read permission (chmod 000; simulated, since root reads it anyway): one
    error naming it, the files beside it still scanned, exit status 2."""
    (tmp_path / "news" / "locked").mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "news" / "locked" / "b.txt").write_text(GERMAN, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code = main(["scan", str(tmp_path / "news"), "--no-html", "--models", "off", "--format", "jsonl",
                 "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 2
    assert [r["path"] for r in records if r["type"] == "article"] == [str(tmp_path / "news" / "a.txt")]
    assert f"{tmp_path / 'news' / 'locked'}: cannot read folder: Permission denied" in captured.err


# --- line endings ----------------------------------------------------------------------------

_REPEATED = ("Titel\n\nElon Musk auf dem Forum in Peking\n\nElon Musk auf dem Forum in Peking\n\n"
             "Der Unternehmer sprach lange über seine Pläne für das neue Werk in der Stadt.\n")


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
def test_every_line_ending_gives_the_per_line_rules_lines(tmp_path, newline):
    """Old Mac files end lines with a lone CR: the repeated line (MT805) and the line numbers are found as in an LF
    file, and the offsets still point at the flagged characters of the file's text."""
    raw = _REPEATED.replace("\n", newline)
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    code, records = _scan([str(tmp_path / "a.txt"), "--lang", "de", "--select", "MT805"], tmp_path / "out")
    [finding] = [r for r in records if r["type"] == "finding"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("MT805", 5, 1)
    assert raw[finding["start"] : finding["end"]] == finding["text"] == "Elon Musk auf dem Forum in Peking"


def test_lone_cr_becomes_lf_one_character_for_one(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Eins\rZwei\r\nDrei\r\rVier")
    assert _one_article(tmp_path / "a.txt").text == "Eins\nZwei\r\nDrei\n\nVier"


def test_cr_only_jsonl_reads_each_record(tmp_path):
    lines = [json.dumps({"id": n, "text": f"Alte Zeile\rAlte Zeile\r{GERMAN}"}) for n in (1, 2)]
    (tmp_path / "a.jsonl").write_bytes("\r".join(lines).encode("utf-8"))
    articles = _load(tmp_path / "a.jsonl")
    assert [(a.meta["line"], a.text.count("\r")) for a in articles] == [(1, 0), (2, 0)]


def test_cr_only_seed_gives_the_lf_seeds_findings(tmp_path):
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_a35475a38765537f.txt"
    raw = seed.read_bytes()
    assert b"\r" not in raw and raw.count(b"\n") > 10
    (tmp_path / "lf").mkdir()
    (tmp_path / "cr").mkdir()
    (tmp_path / "lf" / "seed.txt").write_bytes(raw)
    (tmp_path / "cr" / "seed.txt").write_bytes(raw.replace(b"\n", b"\r"))
    found = {}
    for kind in ("lf", "cr"):
        _, records = _scan([str(tmp_path / kind / "seed.txt")], tmp_path / f"out-{kind}")
        found[kind] = [(r["rule"], r["start"], r["end"], r["line"]) for r in records if r["type"] == "finding"]
    assert len(found["lf"]) > 10 and found["cr"] == found["lf"]


def test_api_reads_a_cr_only_text_as_the_scan_does():
    import mtcheck

    text = _REPEATED.replace("\n", "\r")
    result = mtcheck.Checker(lang="de", select=["MT805"]).check(text)
    assert [(f.rule, text[f.start : f.end]) for f in result.findings] == [("MT805", "Elon Musk auf dem Forum in Peking")]


# --- HTML nested deeper than the parser reads -------------------------------------------------

_PARAGRAPH = ("<p>Die Bundesregierung hat am Mittwoch den Haushalt beschlossen. Der Finanzminister zeigte sich "
              "zufrieden mit dem Ergebnis der langen Beratungen.</p>")


def _nested(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + _PARAGRAPH + "</div>" * depth + "</body></html>"


def test_html_deeper_than_libxml2s_default_limit_is_read(tmp_path):
    """libxml2 drops what lies over 256 elements deep without an error: the article was lost and the page
    reported as having fewer than 5 words. Read again with the parser's huge option, its text is found."""
    (tmp_path / "deep.html").write_text(_nested(1000), encoding="utf-8")
    article = _one_article(tmp_path / "deep.html")
    assert "Der Finanzminister zeigte sich zufrieden" in article.text


def test_html_nested_beyond_any_parser_limit_is_a_clear_error_and_the_scan_goes_on(tmp_path):
    (tmp_path / "deep.html").write_text(_nested(100_000), encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GERMAN, encoding="utf-8")
    error = _one_error(tmp_path / "deep.html")
    assert error.message.startswith("HTML nested too deeply: elements over 2,048 levels deep")
    assert "fewer than" not in error.message
    code, records = _scan([str(tmp_path)], tmp_path / "out")
    assert code == 2
    assert [r["path"] for r in records if r["type"] == "article"] == [str(tmp_path / "ok.txt")]
    assert [r["path"] for r in records if r["type"] == "error"] == [str(tmp_path / "deep.html")]


# --- record ids that are not strings ----------------------------------------------------------

_SEAM = "Der Kreml-Beamte lobte Für seine Haltung den Unternehmer, der am Montag in Berlin mit der Regierung sprach."


def test_non_string_record_ids_are_shown_as_json_spells_them(tmp_path, capsys, monkeypatch):
    """Ids were str()-ed: ``true`` showed as ``True``, ``["a", 1]`` as ``['a', 1]``, NaN as ``nan``. Every output
    now shows the JSON spelling, as the string the contract's ``id`` field carries."""
    import xml.etree.ElementTree as ET

    lines = [json.dumps({"id": value, "text": _SEAM}, ensure_ascii=False) for value in (12, [1], True, ["a", 1], {"k": "ü"})]
    lines.append('{"id": NaN, "text": %s}' % json.dumps(_SEAM, ensure_ascii=False))
    (tmp_path / "ids.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = ["12", "[1]", "true", '["a", 1]', '{"k": "ü"}', "NaN"]
    argv = ["scan", str(tmp_path / "ids.jsonl"), "--lang", "de", "--select", "MT301", "--no-html", "--out", str(tmp_path / "o")]

    main([*argv, "--quiet", "--format", "jsonl"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in records if r["type"] == "article"] == expected
    assert [r["id"] for r in records if r["type"] == "finding"] == expected

    main([*argv, "--quiet", "--format", "junit"])
    names = [case.get("name") for case in ET.fromstring(capsys.readouterr().out).iter("testcase")]
    assert [name.rpartition(".jsonl#")[2] for name in names] == expected

    main([*argv, "--quiet", "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert len(messages) == len(expected)
    assert all(m.startswith(f"[record {value}] ") for m, value in zip(messages, expected)), messages

    monkeypatch.setenv("COLUMNS", "250")
    main([*argv, "--format", "table"])
    table = capsys.readouterr().out
    assert all(f"ids.jsonl#{value}" in table for value in expected), table
    assert "#True" not in table and "['a', 1]" not in table and "#nan" not in table


# --- binary files under a text suffix ---------------------------------------------------------


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_a_binary_file_under_a_text_suffix_is_named_by_its_first_bytes(tmp_path):
    import gzip

    (tmp_path / "photo.html").write_bytes(_png())
    (tmp_path / "page.html").write_bytes(gzip.compress(f"<html><body><p>{GERMAN}</p></body></html>".encode()))
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    assert _one_error(tmp_path / "photo.html").message == "not text: a PNG image, by its first bytes"
    assert _one_error(tmp_path / "page.html").message == (
        "not text: gzip-compressed data, by its first bytes (decompress it first)")
    assert _one_error(tmp_path / "blob.txt").message == "not text: the file looks binary (NUL or control bytes)"


@pytest.mark.parametrize("html", [f"<p>{GERMAN}</p>", f"<article><h1>Preise</h1><p>{GERMAN}</p></article>", GERMAN])
def test_html_fragment_of_one_element_is_read(tmp_path, html):
    """trafilatura calls a fragment of one element with no <html> near its start 'not HTML': the file was reported as
    having no article text. In a page of its own, its text is found."""
    (tmp_path / "snippet.html").write_text(html, encoding="utf-8")
    assert "Die Maßnahmen der Bundesregierung gelten ab Oktober." in _one_article(tmp_path / "snippet.html").text


def test_html_fragment_with_no_article_is_still_refused(tmp_path):
    (tmp_path / "menu.html").write_text("<ul><li>Home</li></ul>", encoding="utf-8")
    assert _one_error(tmp_path / "menu.html").message.startswith("no article text found in the HTML")


@pytest.mark.parametrize(("indent", "shape"), [(2, "array"), (None, "array"), (2, "object")])
def test_a_json_document_saved_as_jsonl_is_one_clear_error(tmp_path, indent, shape):
    """A JSON export with a .jsonl suffix gave one 'broken JSON' per line (thousands for a real export), none saying
    what was wrong; it is one error naming the file's shape."""
    records = [{"id": n, "text": GERMAN} for n in range(3)]
    value = records if shape == "array" else records[0]
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(value, indent=indent, ensure_ascii=False), encoding="utf-8")
    error = _one_error(path)
    assert error.line is None
    if shape == "array":
        assert error.message == ("a JSON array of 3 items, not JSON Lines: JSON Lines needs one record per line "
                                 "(jq -c '.[]' turns the array into lines)")
    else:
        lines = json.dumps(value, indent=indent, ensure_ascii=False).count("\n") + 1
        assert error.message == (f"one JSON object written over {lines} lines, not JSON Lines: JSON Lines needs one "
                                 "record per line (jq -c . puts it on one)")


def test_jsonl_whose_first_line_is_broken_still_reports_each_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("[1, 2]\n" + json.dumps({"id": "a", "text": GERMAN}, ensure_ascii=False) + "\n{nope\n",
                    encoding="utf-8")
    items = _load(path)
    assert [getattr(i, "id", None) for i in items] == [None, "a", None]
    assert [(i.line, i.message) for i in items if isinstance(i, ScanError)] == [
        (1, "JSON line is not an object"), (3, "broken JSON: Expecting property name enclosed in double quotes at column 2")]
