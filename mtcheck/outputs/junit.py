"""``--format junit``: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``testcase`` per article (``name`` the path, plus ``#id`` for a JSONL record); an article
that reaches ``--fail-on`` carries a ``failure`` whose message is its verdict and score and whose
body lists its findings with line and column; an unreadable input is a testcase with an
``error``. Articles below the threshold pass, with their verdict and findings in ``system-out``.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from mtcheck.pipeline.score import reaches

from .jsonl import article_summary


# Characters XML 1.0 forbids even escaped (control characters can sit in scraped text and in file
# names): every string from the input goes through _safe, attributes included.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # + lone surrogates (odd file names)


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _finding_line(f: dict) -> str:
    where = f"{f['line']}:{f['column']}"
    suggestion = f" -> {f['suggestion']}" if f.get("suggestion") else ""
    return _safe(f"{where} {f['rule']} {f['name']} [{f['category']}, {f['severity']}] {f['text']!r}{suggestion}: {f['message']}")


def _classname(path: str) -> str:
    folder = os.path.dirname(path).replace("\\", "/").strip("/")
    return "mtcheck." + folder.replace("/", ".") if folder else "mtcheck"


def render(records: Iterable[dict], *, fail_on: str = "machine_translated", **_) -> str:
    records = list(records)
    articles = [r for r in records if r["type"] == "article"]
    errors = [r for r in records if r["type"] == "error"]
    by_article: dict[tuple, list[dict]] = {}
    for r in records:
        if r["type"] == "finding":
            by_article.setdefault((r["path"], r.get("id")), []).append(r)

    failures = sum(1 for a in articles if reaches(a["verdict"], fail_on))
    suites = ET.Element("testsuites", name="mtcheck", tests=str(len(articles) + len(errors)),
                        failures=str(failures), errors=str(len(errors)))
    suite = ET.SubElement(
        suites, "testsuite", name="mtcheck", tests=str(len(articles) + len(errors)),
        failures=str(failures), errors=str(len(errors)), skipped="0",
    )
    props = ET.SubElement(suite, "properties")
    run = next((r for r in records if r["type"] == "run"), {})
    ET.SubElement(props, "property", name="signature", value=_safe(run.get("signature", "")))
    ET.SubElement(props, "property", name="fail-on", value=_safe(fail_on))

    for a in articles:
        name = a["path"] if a.get("id") is None else f"{a['path']}#{a['id']}"
        case = ET.SubElement(suite, "testcase", classname=_safe(_classname(a["path"])), name=_safe(name),
                             file=_safe(a["path"]))
        findings = by_article.get((a["path"], a.get("id")), [])
        summary = article_summary(a)
        body = "\n".join(_finding_line(f) for f in findings)
        if reaches(a["verdict"], fail_on):
            failure = ET.SubElement(case, "failure", message=_safe(f"{summary}; fails --fail-on {fail_on}"),
                                    type=_safe(a["verdict"]))
            failure.text = body
        else:
            out = ET.SubElement(case, "system-out")
            out.text = _safe(summary) + ("\n" + body if body else "")
    for e in errors:
        name = e["path"] if e.get("line") is None else f"{e['path']}:{e['line']}"
        case = ET.SubElement(suite, "testcase", classname=_safe(_classname(e["path"])), name=_safe(name),
                             file=_safe(e["path"]))
        error = ET.SubElement(case, "error", message=_safe(e["message"]), type="unreadable")
        error.text = _safe(e["message"])
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
