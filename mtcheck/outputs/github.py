"""``--format github``: GitHub Actions workflow commands that become annotations on the
article's lines in the pull request and the run summary.

    ::warning file=news/a.txt,line=12,col=5,endLine=12,endColumn=9,title=MT101 entity-near-miss::'Mask' is ...

Escaping follows the runner (actions/toolkit ``command.ts``): in the message ``%``, CR and LF
become ``%25``, ``%0D``, ``%0A``; in a property also ``:`` and ``,`` become ``%3A`` and ``%2C``.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per job;
actions/toolkit ``docs/problem-matchers.md``) and drops the rest silently. So the worst come
first (articles that reach ``--fail-on``, highest score first; in each, errors before warnings),
each level stops at the limit, and one last line says how many were left out and where to
see them. Every article that reaches ``--fail-on`` gets one ``error`` annotation of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtcheck.pipeline.records import NON_EVIDENCE_CATEGORIES
from mtcheck.pipeline.score import VERDICT_RANK, reaches

from .jsonl import article_summary, plural

PER_LEVEL = 10  # GitHub's annotations per level per step
LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def end_position(line: int, column: int, text: str) -> tuple[int, int]:
    """1-based (line, column) of the last character of a finding that starts at (line, column)."""
    if "\n" not in text:
        return line, column + max(len(text), 1) - 1
    tail = text.rsplit("\n", 1)[1]
    return line + text.count("\n"), max(len(tail), 1)


def _location(finding: dict, article: dict) -> dict:
    """Where the annotation points: the finding's span in a text file; the record's line in a
    JSONL file; the file alone for HTML (offsets there refer to extracted text)."""
    fmt = article.get("format", "text")
    if fmt == "text":
        end_line, end_col = end_position(finding["line"], finding["column"], finding["text"])
        loc = {"line": finding["line"], "col": finding["column"], "endLine": end_line, "endColumn": end_col}
        if end_line != finding["line"]:
            del loc["col"], loc["endColumn"]  # GitHub takes columns only on one-line annotations
        return loc
    line = (article.get("meta") or {}).get("line")
    return {"line": line} if line else {}


def render(records: Iterable[dict], *, fail_on: str = "machine_translated", **_) -> str:
    records = list(records)
    articles = {(r["path"], r.get("id")): r for r in records if r["type"] == "article"}
    findings = [r for r in records if r["type"] == "finding"]
    errors = [r for r in records if r["type"] == "error"]

    def article_rank(key) -> tuple:
        a = articles[key]
        return (not reaches(a["verdict"], fail_on), -VERDICT_RANK[a["verdict"]], -a["score"], key[0], key[1] or "")

    candidates: list[tuple[tuple, str, str, dict]] = []  # (sort key, level, message, properties)
    for e in errors:
        props = {"file": e["path"], "line": e.get("line"), "title": "mtcheck: unreadable input"}
        candidates.append(((0, e["path"]), "error", e["message"], props))
    for key, a in articles.items():
        if reaches(a["verdict"], fail_on):
            name = key[0] if key[1] is None else f"{key[0]}#{key[1]}"
            message = f"{name}: {article_summary(a)}; fails --fail-on {fail_on}"
            props = {"file": key[0], "line": (a.get("meta") or {}).get("line") or 1,
                     "title": f"mtcheck: {a['verdict']}"}
            candidates.append(((1, *article_rank(key)), "error", message, props))
    severity_rank = {"error": 0, "warning": 1, "info": 2}
    for f in findings:
        key = (f["path"], f.get("id"))
        article = articles.get(key, {})
        message = f["message"] + (f" (suggestion: {f['suggestion']})" if f.get("suggestion") else "")
        if f.get("id") is not None:
            message = f"[record {f['id']}] {message}"
        props = {"file": f["path"], **_location(f, article), "title": f"{f['rule']} {f['name']} ({f['category']})"}
        rank = (2, *(article_rank(key) if key in articles else ()), severity_rank.get(f["severity"], 3), f["start"])
        candidates.append((rank, LEVEL.get(f["severity"], "warning"), message, props))

    candidates.sort(key=lambda c: c[0])
    shown: dict[str, int] = {}
    left_out: dict[str, int] = {}
    lines = []
    for _, level, message, props in candidates:
        # One notice slot stays free for the summary line when anything is left out.
        if shown.get(level, 0) >= PER_LEVEL:
            left_out[level] = left_out.get(level, 0) + 1
            continue
        shown[level] = shown.get(level, 0) + 1
        lines.append(command(level, message, **props))
    if left_out:
        if shown.get("notice", 0) >= PER_LEVEL:  # make room for the summary in the notice level
            last = max(i for i, line in enumerate(lines) if line.startswith("::notice"))
            del lines[last]
            left_out["notice"] = left_out.get("notice", 0) + 1
        counts = ", ".join(f"{n} {level}" for level, n in sorted(left_out.items()))
        total = sum(left_out.values())
        lines.append(
            command(
                "notice",
                f"{total} more annotations not shown ({counts}): GitHub shows {PER_LEVEL} per level per step. "
                "See the SARIF upload, findings.jsonl or the HTML report for all of them.",
                title="mtcheck: more findings",
            )
        )
    flagged = sum(1 for a in articles.values() if reaches(a["verdict"], fail_on))
    evidence = sum(1 for f in findings if f.get("category") not in NON_EVIDENCE_CATEGORIES)
    lines.append(
        f"mtcheck: {plural(len(articles), 'article')}, {flagged} reach --fail-on {fail_on}, "
        f"{plural(len(findings), 'finding')} ({evidence} of them evidence), {plural(len(errors), 'unreadable input')}"
    )
    return "\n".join(lines) + "\n"
