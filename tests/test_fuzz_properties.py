"""Property tests (Hypothesis): any text, any bytes, any JSONL line, any HTML goes through ingest,
the rules and the outputs without a crash, with valid offsets, deterministic results, valid JSON
and escaped HTML. The long run (100,000 inputs) is benchmarks/fuzz.py."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck.outputs.html import HtmlReport, encode_page
from mtcheck.outputs.jsonl import dumps, result_records
from mtcheck.outputs.report import Reporter
from mtcheck.pipeline.entity_index import build_index, default_references_dir
from mtcheck.pipeline.ingest import Source, load
from mtcheck.pipeline.records import Article, ArticleResult, ScanError
from mtcheck.pipeline.scan import analyse
from mtcheck.rules import select_rules

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_a35475a38765537f.txt").read_text(encoding="utf-8")

# Text with what breaks parsers: RTL and zero-width marks, combining characters, lone surrogates, NUL,
# markup, and the words the rules look for.
ODD = st.sampled_from(["\u200f", "\u202e", "\u0301", "\u0308", "\x00", "\ud800", "\udfff", "\ufeff", "\r\n", "\n\n",
                       "<script>", "<zz>", "</p>", "&amp;", "„", "“", "…", ". ", "Musk", "Mask", "Für", "GrahamRSC",
                       "in a statement", "Senator. Lindsey Graham,"])
TEXT = st.lists(st.one_of(st.text(max_size=30), ODD), max_size=40).map("".join)


@lru_cache(maxsize=1)
def _setup():
    rules = select_rules(None, None)
    return rules, build_index([SEED], references=default_references_dir())


@lru_cache(maxsize=1)
def _template_scripts() -> int:
    rules, index = _setup()
    result = analyse(Article(path="p.txt", text="Hallo."), rules, index)
    return HtmlReport(Path("/nonexistent"), signature="s", rules=rules).render_article(result).count("<script")


def _check_result(result: ArticleResult) -> None:
    text = result.article.text
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
    assert 0.0 <= result.score <= 1.0


def _fingerprint(result: ArticleResult):
    return (result.score, result.verdict, [(f.start, f.end, f.rule, f.message, f.suggestion) for f in result.findings])


@FAST
@given(TEXT)
def test_any_text_offsets_valid_deterministic_outputs_valid(text):
    rules, index = _setup()
    result = analyse(Article(path="p.txt", text=text), rules, index)
    _check_result(result)
    again = analyse(Article(path="p.txt", text=text), rules, index)
    assert _fingerprint(again) == _fingerprint(result)
    for record in result_records(result):
        line = dumps(record)
        line.encode("utf-8")  # writable as UTF-8 whatever the text holds
        assert json.loads(line) == record
        assert next(iter(json.loads(line))) == "type"
    page = encode_page(HtmlReport(Path("/nonexistent"), signature="s", rules=rules).render_article(result)).decode()
    assert "<zz" not in page  # the text's markup is escaped...
    assert page.count("<script") == _template_scripts()  # ...and runs nothing


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["text", "html", "jsonl"]))
def test_any_bytes_become_articles_or_errors(data, kind):
    rules, index = _setup()
    for item in load(Source("-", kind, data=data)):
        assert isinstance(item, (Article, ScanError))
        if isinstance(item, ScanError):
            assert item.message
        else:
            _check_result(analyse(item, rules, index))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@FAST
@given(st.dictionaries(st.sampled_from(["text", "id", "lang", "sentences", "url", "x"]), JSON_VALUES, max_size=5),
       st.integers(min_value=0, max_value=200), st.sampled_from(["", "}", "{", '"', "\\", "\\ud800", "\n", "\x00"]))
def test_any_jsonl_line(record, cut, junk):
    rules, index = _setup()
    line = json.dumps(record, ensure_ascii=False)
    for variant in (line, line[:cut] + junk + line[cut:]):
        data = variant.encode("utf-8", "surrogatepass")
        for item in load(Source("c.jsonl", "jsonl", data=data)):
            assert isinstance(item, (Article, ScanError))
            if isinstance(item, Article):
                item.text.encode("utf-8")  # no lone surrogate reaches the article
                _check_result(analyse(item, rules, index))


TAGS = st.sampled_from(["<p>", "</p>", "<article>", "</article>", "<div>", "<script>alert(1)</script>", "<!--",
                        "-->", "<![CDATA[", "<br>", "<img src=x onerror=alert(1)>", "&#0;", "&#xD800;", "<", ">"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TAGS, TEXT, st.just(SEED[:400])), max_size=25).map("".join))
def test_any_html(html):
    rules, index = _setup()
    page = f"<html><body><article>{html}</article></body></html>".encode("utf-8", "surrogatepass")
    for item in load(Source("p.html", "html", data=page)):
        assert isinstance(item, (Article, ScanError))
        if isinstance(item, Article):
            result = analyse(item, rules, index)
            _check_result(result)
            out = HtmlReport(Path("/nonexistent"), signature="s", rules=rules).render_article(result)
            assert "onerror=alert" not in out.replace("onerror=alert(1)&gt;", "")
            assert "<script>alert" not in out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_the_report_writes_any_text_and_escapes_it(tmp_path_factory, texts):
    rules, index = _setup()
    out = tmp_path_factory.mktemp("rep")
    with Reporter(out=out, quiet=True, signature="s", rules=rules) as rep:
        for i, text in enumerate(texts):
            rep.add(analyse(Article(path=f"<b>{i}</b>.txt", text=text or "x"), rules, index))
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(x) for x in lines]
    assert records[0]["type"] == "run" and records[-1]["type"] == "summary"
    assert records[-1]["articles"] == len(texts)
    index_html = (out / "index.html").read_text(encoding="utf-8")
    assert "<b>0</b>" not in index_html and "&lt;b&gt;0&lt;/b&gt;" in index_html
