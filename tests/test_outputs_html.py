"""The HTML report: highlights, escaping, back-translations, file names and the atomic commit.

Pages are parsed with the standard library's html.parser into a small tree; the parser also
checks that every closing tag closes the element opened last (no broken nesting).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.pipeline.records import Article, ArticleResult, Finding, ScanError
from mtcheck.outputs.report import Reporter, Summary
from mtcheck.outputs.html import PAGES_PREFIX, REPORT_MARKER, HtmlReport, page_name

VOID = {"meta", "input", "br", "img", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        for c in self.children:
            if isinstance(c, Node):
                if tag is None or c.tag == tag:
                    yield c
                yield from c.iter(tag)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class Tree(HTMLParser):
    """A strict little DOM: fails on a closing tag that does not match the open element."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()
        assert self.current is self.root, f"unclosed <{self.current.tag}>"

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        assert tag not in VOID, f"</{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    return Tree(html).root


def by_id(root: Node) -> dict[str, Node]:
    return {n.attrs["id"]: n for n in root.iter() if "id" in n.attrs}


def text_div(root: Node) -> Node:
    return next(n for n in root.iter("div") if "text" in n.classes())


def marks(root: Node) -> list[Node]:
    return [m for m in text_div(root).iter("mark")]


def finding(text: str, sub: str, category: str, rule: str = "MT999", nth: int = 0, **kw) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Finding(
        start=start, end=start + len(sub), text=sub, rule=rule, name=kw.pop("name", "test-rule"),
        category=category, severity=kw.pop("severity", "warning"), confidence=0.9,
        message=kw.pop("message", f"{sub!r} looks wrong"), suggestion=kw.pop("suggestion", None),
    )


def result(text: str, findings: list[Finding], path: str = "a.txt", **extras) -> ArticleResult:
    return ArticleResult(
        article=Article(path=path, text=text, lang="de", id=extras.pop("id", None)),
        findings=sorted(findings, key=lambda f: (f.start, f.end)),
        score=0.8, verdict="machine_translated", rules_run=["MT999"], words=len(text.split()), extras=extras,
    )


def render(res: ArticleResult) -> Node:
    return parse(HtmlReport(Path("unused"), signature="sig", rules=[]).render_article(res))


TEXT = "Elon Mask traf Lindsey GrahamRSC am Montag.\n\nSiehe auch: Nächster Artikel\nZweite Zeile  mit   Leerraum."


def test_overlapping_findings_become_flat_spans_with_all_categories():
    findings = [
        finding(TEXT, "Mask", "garbled_entity", suggestion="Musk", message="'Mask' is one letter from 'Musk'"),
        finding(TEXT, "Lindsey GrahamRSC", "garbled_entity", rule="MT101"),
        finding(TEXT, "GrahamRSC am", "glued_token", rule="MT201"),
        finding(TEXT, "Siehe auch: Nächster Artikel\nZweite", "boilerplate", rule="MT701"),
    ]
    root = render(result(TEXT, findings))
    ms = marks(root)
    for m in ms:  # no highlight inside another one
        assert not any(a.tag == "mark" for a in m.ancestors())
    runs = [(m.text(), m.attrs["data-cats"].split()) for m in ms]
    assert runs == [
        ("Mask", ["garbled_entity"]),
        ("Lindsey ", ["garbled_entity"]),
        ("GrahamRSC", ["garbled_entity", "glued_token"]),
        (" am", ["glued_token"]),
        ("Siehe auch: Nächster Artikel\nZweite", ["boilerplate"]),
    ]
    assert "multi" in ms[2].classes() and "c-garbled_entity" in ms[2].classes()
    assert "muted" in ms[4].classes() and "muted" not in ms[0].classes()
    # Evidence on hover: every covering finding's message and suggestion in the title.
    assert "'Mask' is one letter from 'Musk'" in ms[0].attrs["title"] and "Musk" in ms[0].attrs["title"]
    assert "MT101" in ms[2].attrs["title"] and "MT201" in ms[2].attrs["title"]


def test_the_text_is_whole_with_whitespace_and_paragraphs_kept():
    root = render(result(TEXT, [finding(TEXT, "Mask", "garbled_entity")]))
    paragraphs = [p.text() for p in text_div(root).iter("p")]
    assert paragraphs == ["Elon Mask traf Lindsey GrahamRSC am Montag.",
                          "Siehe auch: Nächster Artikel\nZweite Zeile  mit   Leerraum."]
    assert text_div(root).attrs["lang"] == "de"


def test_findings_list_links_to_the_spans_with_line_and_column():
    findings = [finding(TEXT, "Mask", "garbled_entity"), finding(TEXT, "Zweite", "stray_capital")]
    root = render(result(TEXT, findings))
    ids = by_id(root)
    items = [li for li in root.iter("li") if li.attrs.get("id", "").startswith("l-f")]
    assert len(items) == 2
    links = [next(li.iter("a")) for li in items]
    assert [a.text() for a in links] == ["1:6", "4:1"]
    for a, f in zip(links, findings):
        target = ids[a.attrs["href"][1:]]
        # The anchor sits right before the highlighted span it points to.
        siblings = target.parent.children
        nxt = siblings[siblings.index(target) + 1]
        assert nxt.tag == "mark" and nxt.text() == f.text
    assert "MT999" in items[0].text() and "looks wrong" in items[0].text()
    # The legend has a checkbox per category present (the JS filter's handles).
    boxes = [i.attrs["value"] for i in root.iter("input") if "cat-filter" in i.classes()]
    assert boxes == ["garbled_entity", "stray_capital"]


def test_zero_width_and_out_of_text_findings_do_not_break_the_page():
    gap = TEXT.index("\n\n")
    findings = [
        Finding(5, 5, "", "MT998", "missing-word", "untranslated_fragment", "info", 0.5, "something is missing here"),
        Finding(gap, gap + 2, "\n\n", "MT997", "blank", "punctuation", "info", 0.5, "in the gap"),
        Finding(len(TEXT), len(TEXT), "", "MT996", "at-end", "punctuation", "info", 0.5, "at the very end"),
    ]
    root = render(result(TEXT, findings))
    ids = by_id(root)
    for i in range(3):
        assert f"f{i}" in ids and f"l-f{i}" in ids
    points = [m for m in marks(root) if "point" in m.classes()]
    assert len(points) == 2 and all(m.text() == "" for m in points)


def test_article_text_is_escaped_everywhere_and_stays_inert():
    evil = '<script>alert(1)</script> "><img src=x onerror=alert(2)> </textarea><b>fett</b> & &amp;'
    text = f"Titel\n\nDer Text {evil} endet hier."
    findings = [
        finding(text, "<script>alert(1)</script>", "garbled_entity", message="<i>msg</i> \"quoted\"",
                suggestion="<svg onload=alert(3)>"),
        finding(text, '"><img src=x onerror=alert(2)>', "punctuation"),
    ]
    res = result(text, findings, path='dir/"><script>alert(4)</script>.txt', id="<id>")
    html = HtmlReport(Path("unused"), signature="<sig>", rules=[]).render_article(res)
    root = parse(html)
    scripts = list(root.iter("script"))
    assert len(scripts) == 1 and "alert" not in scripts[0].text()  # only the report's own script
    assert not list(root.iter("img")) and not list(root.iter("svg")) and not list(root.iter("textarea"))
    assert not list(root.iter("b")) and not list(root.iter("i"))
    assert not any(k.startswith("on") for n in root.iter() for k in n.attrs)
    # The reader sees the text exactly as written.
    assert [p.text() for p in text_div(root).iter("p")] == ["Titel", f"Der Text {evil} endet hier."]
    assert [m.text() for m in marks(root)] == [findings[0].text, findings[1].text]
    assert "<i>msg</i>" in marks(root)[0].attrs["title"]
    assert "alert(4)" in next(root.iter("h1")).text()


def test_back_translations_shown_under_their_sentences():
    text = "Erster Satz mit Mask. Zweiter Satz.\n\nDritter Satz hier."
    records = [
        {"type": "sentence", "start": 0, "end": 21, "text": "Erster Satz mit Mask.",
         "backtranslation": "First sentence with <mask>.", "roundtrip": "Erster Satz mit Maske.",
         "scores": {"comet": 0.41234, "chrf": 38.25}, "models": {"backtranslation": "opus-mt-de-en"}},
        {"type": "sentence", "start": text.index("Dritter"), "end": len(text), "text": "Dritter Satz hier.",
         "backtranslation": "Third sentence here.", "roundtrip": None, "scores": {"comet_mode": "reference"},
         "models": {}, "reference": "The third sentence, original.",
         "spans": [{"start": 37, "end": 44, "severity": "major", "confidence": 0.8, "text": "Dritter"}]},
        {"type": "sentence", "start": 5, "end": 999, "text": "bad offsets"},  # ignored, not drawn
        {"type": "span", "start": 0, "end": 4},  # another record type: not a sentence
    ]
    root = render(result(text, [finding(text, "Mask", "garbled_entity")], records=records))
    ids = by_id(root)
    boxes = [n for n in root.iter("div") if "bt-box" in n.classes()]
    assert len(boxes) == 2
    first = ids["bt-1"].text()
    assert "First sentence with <mask>." in first and "Erster Satz mit Maske." in first
    assert "comet 0.412" in first and "chrf 38.2" in first
    second = ids["bt-2"].text()
    assert "Third sentence here." in second and "The third sentence, original." in second
    assert "Dritter · major" in second and "comet_mode reference" in second and "round trip" not in second
    refs = [a for a in text_div(root).iter("a") if "bt-ref" in a.classes()]
    assert [a.attrs["href"] for a in refs] == ["#bt-1", "#bt-2"]
    # The sentence's highlighted word is still a flat span, marked as back-translated.
    mask = [m for m in marks(root) if m.text() == "Mask"]
    assert len(mask) == 1 and "bt-s" in mask[0].classes()
    assert "opus-mt-de-en" in next(root.iter("header")).text()
    # The text itself is unchanged by the markers apart from the BT labels.
    paragraphs = [p.text() for p in text_div(root).iter("p")]
    assert paragraphs == ["Erster Satz mit Mask.BT1 Zweiter Satz.", "Dritter Satz hier.BT2"]


def test_page_names_are_safe_and_unique():
    used: set[str] = set()
    keys = ["seeds/000.txt", "other/000.txt", "x/../../etc/passwd#1", "a/<b>?*:|\"é.txt#../../x",
            "seeds/000.txt", "#" * 500, ""]
    names = [page_name(k, used) for k in keys]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,60}\.html", name), name
    assert names[0].startswith("000-txt-")
    assert page_name("corpus.jsonl#doc:7", used, label="doc:7").startswith("doc-7-")


def _summary(res: ArticleResult, page: str) -> Summary:
    return Summary(path=res.article.path, id=res.article.id, lang="de", words=res.words, score=res.score,
                   verdict=res.verdict, by_category={"garbled_entity": len(res.findings)},
                   evidence=len(res.findings), page=page)


def test_index_sorted_worst_first_with_errors_listed(tmp_path):
    out = tmp_path / "rep"
    with HtmlReport(out, signature="sig-1", rules=[]) as report:
        summaries = []
        for i, score in enumerate([0.1, 0.9, 0.5]):
            res = result(TEXT, [finding(TEXT, "Mask", "garbled_entity")], path=f"a{i}.txt")
            res.score = score
            summaries.append(_summary(res, report.add(res)))
        report.summaries = summaries
        report.errors = [ScanError("bad<script>.bin", "not text: <binary>")]
    root = parse((out / "index.html").read_text(encoding="utf-8"))
    rows = list(next(root.iter("tbody")).iter("tr"))
    assert [r.text().split()[1] for r in rows] == ["a1.txt", "a2.txt", "a0.txt"]
    for row in rows:
        href = next(row.iter("a")).attrs["href"]
        assert href.startswith(PAGES_PREFIX) and (out / href).is_file()
    assert "bad<script>.bin: not text: <binary>" in next(root.iter("ul")).text()
    assert "sig-1" in root.text()
    assert len(list(root.iter("script"))) == 1


def test_an_exception_mid_scan_leaves_the_previous_report_in_place(tmp_path):
    out = tmp_path / "rep"
    with HtmlReport(out, signature="first", rules=[]) as report:
        res = result(TEXT, [finding(TEXT, "Mask", "garbled_entity")])
        report.summaries = [_summary(res, report.add(res))]
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    with pytest.raises(RuntimeError):
        with HtmlReport(out, signature="second", rules=[]) as report:
            report.add(result(TEXT, [], path="b.txt"))
            assert any(p.name.startswith(".") for p in out.iterdir())  # pages are being built aside
            raise RuntimeError("scan died")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != REPORT_MARKER]  # no temporary left


def test_the_reporter_keeps_the_previous_report_when_the_scan_dies(tmp_path):
    out = tmp_path / "rep"
    res = result(TEXT, [finding(TEXT, "Mask", "garbled_entity")])
    with Reporter(out=out, quiet=True, fmt="jsonl", signature="one") as rep:
        rep.add(res)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(KeyboardInterrupt):
        with Reporter(out=out, quiet=True, fmt="jsonl", signature="two") as rep:
            rep.add(result(TEXT, [], path="b.txt"))
            raise KeyboardInterrupt
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_new_report_replaces_the_old_pages(tmp_path):
    out = tmp_path / "rep"
    dirs = []
    for sig in ("one", "two"):
        with HtmlReport(out, signature=sig, rules=[]) as report:
            res = result(TEXT, [])
            report.summaries = [_summary(res, report.add(res))]
        dirs.append(report.summaries[0].page.split("/")[0])
    assert dirs[0] != dirs[1]
    assert sorted(p.name for p in out.iterdir()) == sorted([dirs[1], "index.html", REPORT_MARKER])


def assert_self_contained(root: Node) -> None:
    """Nothing to fetch: no external resource, every link stays inside the report."""
    assert not [n for n in root.iter() if n.tag in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [n for n in root.iter() if "src" in n.attrs]
    for a in root.iter("a"):
        href = a.attrs["href"]
        assert href.startswith("#") or re.fullmatch(r"(\.\./index|articles-[0-9a-f]+/[\w-]+)\.html", href), href
    style = "".join(n.text() for n in root.iter("style"))
    assert "url(" not in style and "@import" not in style
    assert next(root.iter("html")).attrs["lang"] == "en"
    assert next(root.iter("meta")).attrs == {"charset": "utf-8"}


def test_real_scan_of_the_seeds(tmp_path, seeds_dir, capsys):
    """The whole pipeline: every finding in findings.jsonl is a highlighted span on its page."""
    out = tmp_path / "rep"
    main(["scan", str(seeds_dir), "--out", str(out), "--quiet"])
    capsys.readouterr()
    records = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [r for r in records if r["type"] == "article"]
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    links = {a.text(): a.attrs["href"] for a in next(index.iter("tbody")).iter("a")}
    assert sorted(links) == sorted(a["path"] for a in articles)
    scores = [float(n.text()) for n in index.iter("span") if "score" in n.classes()]
    assert scores == sorted(scores, reverse=True)
    for article in articles:
        page = parse((out / links[article["path"]]).read_text(encoding="utf-8"))
        source = (seeds_dir.parent / article["path"]).read_text(encoding="utf-8")
        # The page holds the whole text (paragraph breaks aside), in order.
        shown = "".join(p.text() for p in text_div(page).iter("p"))
        assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", source)
        found = [r for r in records if r["type"] == "finding" and r["path"] == article["path"]]
        items = [li for li in page.iter("li") if li.attrs.get("id", "").startswith("l-f")]
        assert len(items) == len(found)
        ids = by_id(page)
        for i, f in enumerate(found):
            anchor = ids[f"f{i}"]
            if f["end"] > f["start"]:
                siblings = anchor.parent.children
                nxt = next(c for c in siblings[siblings.index(anchor) + 1:] if isinstance(c, str) or c.tag == "mark")
                assert isinstance(nxt, Node) and f["category"] in nxt.attrs["data-cats"].split()
                assert f["text"].startswith(nxt.text())
        assert_self_contained(page)
    assert_self_contained(index)
    mt = next(a for a in articles if a["path"].endswith("000_a35475a38765537f.txt"))
    assert mt["findings"] > 0


def test_a_failing_html_commit_keeps_the_old_findings_too(tmp_path, monkeypatch):
    out = tmp_path / "rep"
    with Reporter(out=out, quiet=True, fmt="jsonl", signature="one") as rep:
        rep.add(result(TEXT, []))
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(self):
        raise OSError("disk full")

    monkeypatch.setattr(HtmlReport, "render_index", broken)
    with pytest.raises(OSError):
        with Reporter(out=out, quiet=True, fmt="jsonl", signature="two") as rep:
            rep.add(result(TEXT, [], path="b.txt"))
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != REPORT_MARKER]


def test_build_folders_left_by_a_killed_scan_are_cleaned_up(tmp_path):
    """A build folder whose scan is gone (its marker unlocked) is removed by the next report; one a
    running scan holds (marker locked) and one no report wrote (no marker) are left alone."""
    import fcntl
    import os

    out = tmp_path / "rep"
    out.mkdir()
    dead = out / f".{PAGES_PREFIX}dead0000.abc.tmp"
    live = out / f".{PAGES_PREFIX}live0000.abc.tmp"  # a scan running right now into the same folder
    foreign = out / f".{PAGES_PREFIX}feed0000.abc.tmp"  # the same name, but no report wrote it
    for d in (dead, live, foreign):
        d.mkdir()
        (d / "page.html").write_text("x")
    for d in (dead, live):
        (d / REPORT_MARKER).write_text("x")  # written when a build folder is created
    held = os.open(live / REPORT_MARKER, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # what the running scan holds while it builds
    try:
        with HtmlReport(out, signature="s", rules=[]) as report:
            report.summaries = []
        assert not dead.exists() and live.exists() and foreign.exists()
    finally:
        os.close(held)


def test_jsonl_record_fields_shown_as_inert_text():
    res = result(TEXT, [], path="corpus.jsonl", id="42")
    res.article.source_format = "jsonl"
    res.article.meta = {"line": 7, "text_field": "text", "url": "javascript:alert(1)", "title": "<b>Titel</b>"}
    root = render(res)
    header = next(root.iter("header")).text()
    assert "jsonl line 7" in header and "url javascript:alert(1)" in header and "title <b>Titel</b>" in header
    assert not any(a.attrs.get("href", "").startswith("javascript") for a in root.iter("a"))
    assert not list(root.iter("b"))


def test_a_degenerate_article_page_lists_its_worst_findings_with_a_note(tmp_path):
    """250 kB of "Für Für ..." (62,495 findings) made a 67 MB page that chromium took 40 s to
    open; a page highlights and lists at most PER_ARTICLE findings, says how many there are and
    that findings.jsonl has them all, and still shows the whole text."""
    import re

    from mtcheck.cli import main
    from mtcheck.outputs.sarif import PER_ARTICLE

    text = "Für " * (PER_ARTICLE + 300)
    (tmp_path / "fuer.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["scan", str(tmp_path / "fuer.txt"), "--models", "off", "--out", str(out), "--quiet"]) == 1
    total = sum(1 for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
                if '"type": "finding"' in line)
    assert total > PER_ARTICLE + 200
    (page,) = out.glob("articles-*/fuer-*.html")
    html = page.read_text(encoding="utf-8")
    assert len(re.findall(r'<li id="l-f\d+"', html)) == PER_ARTICLE
    assert len(re.findall(r'<mark class="hl', html)) <= PER_ARTICLE
    assert f"<h2>Findings ({total})</h2>" in html
    assert f'<p class="capped">{total:,} findings: the {PER_ARTICLE:,} worst' in html
    assert f'<span class="count">{total}</span>' in html  # the legend counts them all
    assert html.count("Für") >= text.count("Für")  # the text is whole
