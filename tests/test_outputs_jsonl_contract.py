"""The findings contract of DESIGN.md: every record has ``type`` first and the stable fields with
the right types; every finding's offsets, line and column point at its text in the article."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mtcheck.cli import main
from mtcheck.pipeline.records import CATEGORIES, SEVERITIES, VERDICTS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

_num01 = {"type": "number", "minimum": 0, "maximum": 1}
SCHEMAS = {
    "run": {
        "type": "object",
        "required": ["type", "tool", "version", "signature"],
        "properties": {"tool": {"const": "mtcheck"}, "version": {"type": "string"}, "signature": {"type": "string", "minLength": 1}},
    },
    "article": {
        "type": "object",
        "required": ["type", "path", "lang", "chars", "score", "verdict", "findings", "mt_probability", "rule_score"],
        "properties": {
            "mt_probability": {"anyOf": [_num01, {"type": "null"}]},
            "mt_note": {"type": "string", "minLength": 1},
            "rule_score": _num01,
            "sentence_mt": {"type": "array", "items": {"type": "array", "minItems": 3, "maxItems": 3,
                                                        "prefixItems": [{"type": "integer", "minimum": 0},
                                                                        {"type": "integer", "minimum": 1}, _num01]}},
            "path": {"type": "string", "minLength": 1},
            "id": {"type": "string"},
            "lang": {"type": "string", "minLength": 2},
            "chars": {"type": "integer", "minimum": 1},
            "score": _num01,
            "verdict": {"enum": list(VERDICTS)},
            "findings": {"type": "integer", "minimum": 0},
            "text": {"type": "string"},
        },
    },
    "finding": {
        "type": "object",
        "required": ["type", "path", "start", "end", "line", "column", "text", "rule", "name", "category",
                     "severity", "confidence", "message", "suggestion"],
        "properties": {
            "path": {"type": "string", "minLength": 1},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
            "text": {"type": "string", "minLength": 1},
            "rule": {"type": "string", "pattern": "^MT[0-9]{3}$"},
            "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "category": {"enum": list(CATEGORIES)},
            "severity": {"enum": list(SEVERITIES)},
            "confidence": _num01,
            "message": {"type": "string", "minLength": 1},
            "suggestion": {"type": ["string", "null"]},
        },
    },
    "source": {
        "type": "object",
        "required": ["type", "source", "kind", "articles", "scored", "mt_probability", "mt_probability_ci95",
                     "verdicts", "verdict"],
        "properties": {
            "source": {"type": "string", "minLength": 1},
            "kind": {"enum": ["host", "source", "folder", "file"]},
            "articles": {"type": "integer", "minimum": 1},
            "scored": {"type": "integer", "minimum": 0},
            "mt_probability": {"anyOf": [_num01, {"type": "null"}]},
            "mt_probability_ci95": {"anyOf": [{"type": "null"},
                                              {"type": "array", "minItems": 2, "maxItems": 2, "items": _num01}]},
            "verdicts": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
            "verdict": {"enum": list(VERDICTS)},
        },
    },
    "error": {
        "type": "object",
        "required": ["type", "path", "message"],
        "properties": {"path": {"type": "string"}, "message": {"type": "string", "minLength": 1},
                       "line": {"type": "integer", "minimum": 1}},
    },
    "summary": {
        "type": "object",
        "required": ["type", "articles", "errors", "findings", "evidence", "verdicts", "model_calls"],
        "properties": {"articles": {"type": "integer", "minimum": 0}, "errors": {"type": "integer", "minimum": 0},
                       "findings": {"type": "integer", "minimum": 0}, "evidence": {"type": "integer", "minimum": 0},
                       "verdicts": {"type": "object", "required": list(VERDICTS)},
                       "model_calls": {"type": "object"}},
    },
}

HTML = (
    "<html><head><title>Musk</title></head><body><nav><a href='/'>Start</a></nav><article>"
    "<p>Tesla-Chef Elon Musk sprach mit Wladimir Putin, berichtete das Wall Street Journal.</p>"
    "<p>Elon Musk und Putin sollen seit 2022 regelmäßig gesprochen haben, sagte Senator Lindsey GrahamRSC.</p>"
    "<p>Die Regierung kündigte Für nächste Woche Gespräche an, sagte er in a statement am Montag.</p>"
    "<p>Musk wies die Berichte zurück. Mask sagte, er habe nur einmal mit Putin gesprochen.</p>"
    "</article><footer>Impressum</footer></body></html>"
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """One scan over every input kind: seeds, a BOM + CRLF text file, HTML, JSONL (text and
    sentences), and a broken input."""
    base = tmp_path_factory.mktemp("contract")
    inputs = base / "in"
    inputs.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    mt = (SEEDS / "000_a35475a38765537f.txt").read_text(encoding="utf-8")
    (inputs / "bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + mt.replace("\n", "\r\n").encode("utf-8"))
    (inputs / "page.html").write_text(HTML, encoding="utf-8")
    paragraphs = [p for p in mt.split("\n\n") if p.strip()]
    (inputs / "docs.jsonl").write_text(
        json.dumps({"id": "t", "text": mt, "label": "mt"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "s", "sentences": paragraphs[:30]}, ensure_ascii=False) + "\n"
        + "not json\n",
        encoding="utf-8",
    )
    out = base / "out"
    code = main(["scan", str(inputs), "--no-html", "--quiet", "--out", str(out)])
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return code, inputs, lines


def _records(lines):
    return [json.loads(line) for line in lines]


def _article_text(article: dict, inputs: Path) -> str:
    """What offsets refer to, found the way a consumer of the JSONL would find it."""
    path = Path(article["path"])
    if article.get("format") == "html" or "text" in article:
        return article["text"]
    if path.suffix == ".jsonl":
        line = path.read_text(encoding="utf-8").splitlines()[article["meta"]["line"] - 1]
        record = json.loads(line)
        return record["text"] if article["meta"]["text_field"] == "text" else "\n".join(record["sentences"])
    return path.read_bytes().decode("utf-8-sig")  # the file as UTF-8, BOM removed, newlines untouched


def test_every_record_has_type_first_and_its_fields(scanned):
    _, _, lines = scanned
    assert lines
    for line in lines:
        record = json.loads(line)
        assert next(iter(record)) == "type", line[:80]
        jsonschema.validate(record, SCHEMAS[record["type"]])
    types = [json.loads(line)["type"] for line in lines]
    assert types[0] == "run" and types.count("run") == 1
    assert {"article", "finding", "error", "source"} <= set(types)
    # source records come after every article (they sum the articles up)
    assert max(i for i, t in enumerate(types) if t not in ("source", "summary")) < min(i for i, t in enumerate(types) if t == "source")
    assert types[-1] == "summary" and types.count("summary") == 1


def test_findings_follow_their_article_and_are_counted(scanned):
    _, _, lines = scanned
    current, counted = None, {}
    for record in _records(lines)[1:]:
        if record["type"] == "article":
            current = record
            counted[id(record)] = [record, 0]
        elif record["type"] == "finding":
            assert current is not None and record["path"] == current["path"] and record.get("id") == current.get("id")
            counted[id(current)][1] += 1
    for article, n in counted.values():
        assert article["findings"] == n


def test_offsets_line_and_column_point_at_the_text(scanned):
    _, inputs, lines = scanned
    checked = 0
    article = text = None
    for record in _records(lines)[1:]:
        if record["type"] == "article":
            article, text = record, _article_text(record, inputs)
            assert record["chars"] == len(text)
        elif record["type"] == "finding":
            start, end = record["start"], record["end"]
            assert 0 <= start < end <= len(text)
            assert text[start:end] == record["text"], (record["path"], record["rule"])
            line_start = text.rfind("\n", 0, start) + 1
            assert record["line"] == text.count("\n", 0, start) + 1
            assert record["column"] == start - line_start + 1
            checked += 1
    assert checked >= 10, "the contract needs findings to check"


def test_every_input_kind_has_findings_with_offsets(scanned):
    _, _, lines = scanned
    kinds = {}
    for record in _records(lines):
        if record["type"] == "finding":
            kinds.setdefault(Path(record["path"]).name + ("#" + record["id"] if "id" in record else ""), 0)
            kinds[Path(record["path"]).name + ("#" + record["id"] if "id" in record else "")] += 1
    # The MT seed as plain text, behind a BOM with CRLF newlines, and inside JSONL (both ways), and the HTML page.
    for key in ("000_a35475a38765537f.txt", "bom_crlf.txt", "docs.jsonl#t", "docs.jsonl#s", "page.html"):
        assert kinds.get(key), f"no findings for {key}: {kinds}"


def test_html_article_carries_the_extracted_text(scanned):
    _, _, lines = scanned
    (page,) = [r for r in _records(lines) if r["type"] == "article" and r["path"].endswith("page.html")]
    assert page["format"] == "html"
    assert "Elon Musk sprach mit Wladimir Putin" in page["text"]
    assert "<p>" not in page["text"] and "Impressum" not in page["text"]


def test_errors_name_the_file_and_line(scanned):
    code, _, lines = scanned
    errors = [r for r in _records(lines) if r["type"] == "error"]
    assert [(Path(e["path"]).name, e.get("line")) for e in errors] == [("docs.jsonl", 3)]
    assert code == 2


def test_bom_and_crlf_shift_nothing(scanned):
    """The same article behind a UTF-8 BOM and with CRLF newlines: the same findings, offsets
    shifted only by the extra carriage returns."""
    _, _, lines = scanned
    by_file = {}
    for r in _records(lines):
        if r["type"] == "finding":
            by_file.setdefault(Path(r["path"]).name, []).append(r)
    plain, crlf = by_file["000_a35475a38765537f.txt"], by_file["bom_crlf.txt"]
    assert [(f["rule"], f["text"], f["line"]) for f in plain] == [(f["rule"], f["text"], f["line"]) for f in crlf]
    assert [f["start"] + f["line"] - 1 for f in plain] == [f["start"] for f in crlf]


def test_a_record_with_unicode_line_breaks_stays_on_one_line():
    # NEL, U+2028 and U+2029 are line breaks for str.splitlines (and some JSONL readers); json.dumps leaves them raw.
    import json as _json

    from mtcheck.outputs.jsonl import dumps

    text = "©\x85 a\u2028b\u2029c \ud800"
    line = dumps({"type": "finding", "text": text})
    assert len(line.splitlines()) == 1
    assert _json.loads(line)["text"] == text
