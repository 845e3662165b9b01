"""``--format junit``: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``testcase`` per article (``name`` the path, plus ``#id`` for a JSONL record); an article
that reaches ``--fail-on`` carries a ``failure`` whose message is its verdict and score and whose
body lists its findings with line and column; an unreadable input is a testcase with an
``error``. Articles below the threshold pass, with their verdict and findings in ``system-out``.

An article lists at most ``PER_ARTICLE`` findings (its worst, in text order; the same cap as the
SARIF log), then one line saying how many more ``findings.jsonl`` has. ``JunitWriter`` writes as
the scan goes: each testcase is serialised once into a temporary file.
"""

from __future__ import annotations

import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from mtcheck.pipeline.score import reaches

from .jsonl import article_summary
from .sarif import PER_ARTICLE, render_through, worst_first


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


class JunitWriter:
    """Takes the scan's records as they come (``add``) and writes the XML at the end (``write``);
    only the counts and the unreadable inputs stay in memory, each testcase goes to a spool."""

    def __init__(self, *, fail_on: str = "machine_translated", per_article: int = PER_ARTICLE, **_):
        self.fail_on, self.per_article = fail_on, per_article
        self.signature = ""
        self.articles = 0
        self.failures = 0
        self.errors: list[dict] = []
        self._article: dict | None = None
        self._findings: list[dict] = []
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")

    def add(self, record: dict) -> None:
        kind = record["type"]
        if kind == "finding":
            self._findings.append(record)
            return
        self._flush()
        if kind == "run":
            self.signature = record.get("signature", "")
        elif kind == "article":
            self._article = record
        elif kind == "error":
            self.errors.append(record)

    def _flush(self) -> None:
        a, findings = self._article, self._findings
        self._article, self._findings = None, []
        if a is None:
            return
        self.articles += 1
        name = a["path"] if a.get("id") is None else f"{a['path']}#{a['id']}"
        case = ET.Element("testcase", classname=_safe(_classname(a["path"])), name=_safe(name), file=_safe(a["path"]))
        summary = article_summary(a)
        kept, left = worst_first(findings, self.per_article)
        lines = [_finding_line(f) for f in kept]
        if left:
            lines.append(f"... and {left:,} more findings (at most {self.per_article:,} listed per article): "
                         f"all {len(findings):,} are in findings.jsonl")
        body = "\n".join(lines)
        if reaches(a["verdict"], self.fail_on):
            self.failures += 1
            failure = ET.SubElement(case, "failure", message=_safe(f"{summary}; fails --fail-on {self.fail_on}"),
                                    type=_safe(a["verdict"]))
            failure.text = body
        else:
            out = ET.SubElement(case, "system-out")
            out.text = _safe(summary) + ("\n" + body if body else "")
        ET.indent(case, level=2)
        self._spool.write("    " + ET.tostring(case, encoding="unicode") + "\n")

    def write(self, stream: TextIO) -> None:
        self._flush()
        tests = str(self.articles + len(self.errors))
        suites = ET.Element("testsuites", name="mtcheck", tests=tests, failures=str(self.failures),
                            errors=str(len(self.errors)))
        suite = ET.SubElement(suites, "testsuite", name="mtcheck", tests=tests, failures=str(self.failures),
                              errors=str(len(self.errors)), skipped="0")
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="signature", value=_safe(self.signature))
        ET.SubElement(props, "property", name="fail-on", value=_safe(self.fail_on))
        ET.SubElement(suite, "mtcheck-cases")  # where the spooled article testcases go
        for e in self.errors:
            name = e["path"] if e.get("line") is None else f"{e['path']}:{e['line']}"
            case = ET.SubElement(suite, "testcase", classname=_safe(_classname(e["path"])), name=_safe(name),
                                 file=_safe(e["path"]))
            error = ET.SubElement(case, "error", message=_safe(e["message"]), type="unreadable")
            error.text = _safe(e["message"])
        ET.indent(suites)
        head, tail = ET.tostring(suites, encoding="unicode", xml_declaration=True).split("    <mtcheck-cases />\n", 1)
        stream.write(head)
        self._spool.seek(0)
        while chunk := self._spool.read(1 << 20):
            stream.write(chunk)
        stream.write(tail + "\n")

    def close(self) -> None:
        self._spool.close()


def render(records: Iterable[dict], *, fail_on: str = "machine_translated", **_) -> str:
    """The whole XML as one string (tests, small runs); the scan streams through ``JunitWriter``."""
    return render_through(JunitWriter(fail_on=fail_on), records)
