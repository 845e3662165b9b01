"""False flags of the offline scan on a large corpus of human news, split by category or source (issue 12).

Reads either

- a 10kGNAD-style CSV (``*.csv``: one article a row, ``category;'text'``, ``;`` as delimiter and ``'`` as quote
  character, as in https://github.com/tblock/10kGNAD; its text is CC BY-NC-SA 4.0 and stays outside this
  repository), split by category; or
- a JSONL file (``*.jsonl``: one article a record), split by the field ``--group-field`` names (a publisher, a
  category, a domain). ``--text-field`` names the text: a string, or a list of strings (joined by line breaks,
  as the ``sentences`` of wmt-de-train.jsonl); ``--title-field`` a title put on a line of its own before it;
  ``--labels FILE`` joins the fields of a second JSONL on ``id`` (DpgMedia2019 keeps each article's publisher
  apart from its text); ``--keep FIELD=V1,V2`` keeps only records with one of those values (the human documents
  of wmt-de-train: ``--keep label=human_translation,human_original``). A record without a group value is left
  out, and counted; a record read before (same ``id``, same text) is left out.

It writes one JSONL file per part (records ``{"id", "text", "category"}``) into ``--work`` and scans each part as
one corpus, as ``mtcheck scan part.jsonl`` would. Every article is human-written, so each evidence finding is a
false flag. Printed per part:

- articles not clean (verdict suspect or worse),
- evidence findings per 1,000 words,
- the rules with the most evidence findings,

and with ``--flags`` each article that is not clean or has evidence, with its findings.

The split is by group (category or source), never by line: ``--tune`` names the groups rules may be tuned on
(default for a CSV: Web, Etat, Sport, Wirtschaft; a JSONL needs them named); every other group is the held-apart
``report`` part, to be measured once after tuning.

    .venv/bin/python benchmarks/human_corpus.py /tmp/precision/test.csv --work /tmp/precision/parts
    .venv/bin/python benchmarks/human_corpus.py /tmp/precision/test.csv --work /tmp/precision/parts \\
        --part tune --flags
    .venv/bin/python benchmarks/human_corpus.py dpgMedia2019-articles-byarticle.jsonl --work /tmp/dpg \\
        --labels dpgMedia2019-labels-byarticle.jsonl --group-field publisher --title-field title \\
        --tune vk --tune parool --part tune
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from field_eval import scan_results  # noqa: E402

from mtcheck.pipeline.records import ArticleResult  # noqa: E402

DEFAULT_TUNE = ("Web", "Etat", "Sport", "Wirtschaft")


def read_csv(path: Path) -> list[tuple[str, str]]:
    """(category, text) rows of a 10kGNAD-style CSV; a malformed row names the file and line."""
    csv.field_size_limit(1 << 24)
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";", quotechar="'")
        for row in reader:
            if not row:
                continue
            if len(row) != 2 or not row[0].strip():
                raise SystemExit(f"{path}:{reader.line_num}: expected 'category;text', got {len(row)} fields")
            rows.append((row[0].strip(), row[1]))
    if not rows:
        raise SystemExit(f"{path}: no rows")
    return rows


def _text_of(value, path: Path, line: int, field: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    raise SystemExit(f"{path}:{line}: field '{field}' is neither a string nor a list of strings")


def _records(path: Path):
    """(line number, record) of a JSONL file; a malformed line names the file and line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise SystemExit(f"{path}:{number}: expected a JSON object")
            yield number, record


def read_jsonl(path: Path, group_field: str, text_field: str = "text", title_field: str | None = None,
               labels: Path | None = None, keep: dict[str, set[str]] | None = None) -> tuple[list[tuple], int]:
    """(group, text, id) rows of a JSONL corpus, and how many records had no group value (left out)."""
    extra: dict[str, dict] = {}
    if labels is not None:
        for number, record in _records(labels):
            if "id" not in record:
                raise SystemExit(f"{labels}:{number}: no 'id' to join on")
            extra[str(record["id"])] = record
    rows, ungrouped, seen = [], 0, set()
    for number, record in _records(path):
        key = str(record.get("id", number))
        record = {**record, **{k: v for k, v in extra.get(key, {}).items() if k != "id"}}
        if keep and any(str(record.get(field)) not in values for field, values in keep.items()):
            continue
        if text_field not in record:
            raise SystemExit(f"{path}:{number}: no field '{text_field}' (--text-field)")
        text = _text_of(record[text_field], path, number, text_field)
        if (key, text) in seen:
            continue  # the same record twice (DpgMedia2019 repeats 15 of its articles; wmt-de-train's chunks share ids)
        seen.add((key, text))
        if title_field and isinstance(record.get(title_field), str) and record[title_field].strip():
            text = f"{record[title_field].strip()}\n\n{text}"
        group = record.get(group_field)
        if group in (None, ""):
            ungrouped += 1
            continue
        rows.append((str(group), text, key))
    if not rows:
        raise SystemExit(f"{path}: no records with a '{group_field}' value (--group-field)")
    return rows, ungrouped


def write_parts(rows: list[tuple], tune: set[str], work: Path) -> dict[str, Path]:
    """One JSONL per part. A row is (group, text) or (group, text, id); without an id, ids are ``<group>-<row
    number>`` so a flag can be found in the CSV again."""
    work.mkdir(parents=True, exist_ok=True)
    files = {"tune": work / "tune.jsonl", "report": work / "report.jsonl"}
    handles = {name: path.open("w", encoding="utf-8") for name, path in files.items()}
    try:
        for number, (category, text, *rest) in enumerate(rows, 1):
            part = "tune" if category in tune else "report"
            ident = f"{category}-{rest[0]}" if rest else f"{category}-{number}"
            record = {"id": ident, "text": text, "category": category}
            handles[part].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for handle in handles.values():
            handle.close()
    return files


def figures(results: list[ArticleResult]) -> dict:
    words = sum(r.words for r in results)
    evidence = [f for r in results for f in r.evidence]
    return {
        "articles": len(results),
        "not_clean": sum(r.verdict != "clean" for r in results),
        "with_evidence": sum(bool(r.evidence) for r in results),
        "words": words,
        "evidence": len(evidence),
        "per_1000": 1000 * len(evidence) / words if words else 0.0,
        "rules": dict(Counter(f.rule for f in evidence).most_common()),
    }


def _keep(specs: list[str] | None) -> dict[str, set[str]]:
    keep: dict[str, set[str]] = {}
    for spec in specs or ():
        field, sep, values = spec.partition("=")
        if not sep or not field or not values:
            raise SystemExit(f"--keep {spec!r}: expected FIELD=VALUE[,VALUE...]")
        keep.setdefault(field, set()).update(v for v in values.split(",") if v)
    return keep


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="10kGNAD-style CSV (category;'text') or a JSONL file")
    parser.add_argument("--work", type=Path, required=True, help="folder for the JSONL parts (outside the repo)")
    parser.add_argument("--tune", action="append",
                        help=f"a tuning group (repeatable; default for a CSV {DEFAULT_TUNE}; required for JSONL)")
    parser.add_argument("--group-field", default="category", help="JSONL: the field to split by (default category)")
    parser.add_argument("--text-field", default="text", help="JSONL: the text, a string or a list of strings")
    parser.add_argument("--title-field", help="JSONL: a title, put on its own line before the text")
    parser.add_argument("--labels", type=Path, help="JSONL: a second JSONL whose fields are joined on 'id'")
    parser.add_argument("--keep", action="append", metavar="FIELD=V1,V2",
                        help="JSONL: only records whose FIELD is one of the values (repeatable)")
    parser.add_argument("--part", action="append", choices=("tune", "report"),
                        help="part(s) to scan (default both; measure 'report' once, after tuning)")
    parser.add_argument("--preview", action="store_true", help="also run the preview rules")
    parser.add_argument("--flags", action="store_true", help="each flagged article with its evidence")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus}: no such file")
    if args.labels is not None and not args.labels.is_file():
        raise SystemExit(f"{args.labels}: no such file")
    ungrouped = 0
    if args.corpus.suffix.lower() == ".jsonl":
        if not args.tune:
            raise SystemExit("a JSONL corpus needs its tuning groups named: --tune GROUP (repeatable)")
        rows, ungrouped = read_jsonl(args.corpus, args.group_field, args.text_field, args.title_field,
                                     args.labels, _keep(args.keep))
    else:
        rows = read_csv(args.corpus)
    tune = set(args.tune or DEFAULT_TUNE)
    unknown = tune - {c for c, *_ in rows}
    if unknown:
        raise SystemExit(f"--tune {sorted(unknown)}: no such group in {args.corpus}")
    if ungrouped:
        print(f"{ungrouped} records without a '{args.group_field}' value left out", file=sys.stderr)
    files = write_parts(rows, tune, args.work)
    report = {}
    for part in args.part or ("tune", "report"):
        if not files[part].stat().st_size:
            continue  # every group is in the other part
        results = scan_results([str(files[part])], preview=args.preview)
        report[part] = figures(results)
        report[part]["categories"] = sorted({r.article.meta.get("category") or r.article.id.rsplit("-", 1)[0]
                                             for r in results})
        if args.flags:
            for r in results:
                if r.verdict == "clean" and not r.evidence:
                    continue
                print(f"{part} {r.article.id:<18} {r.verdict:<18} score {r.score:.2f} words {r.words:>4}")
                for f in r.evidence:
                    context = r.article.text[max(0, f.start - 60):f.end + 60].replace("\n", " ")
                    print(f"      {f.rule} {f.severity:<7} {f.text[:60]!r}  ... {context} ...")
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for part, f in report.items():
        top = ", ".join(f"{code} {n}" for code, n in list(f["rules"].items())[:6]) or "none"
        print(f"{part:<7} ({', '.join(f['categories'])}): {f['articles']} articles, not clean {f['not_clean']} "
              f"({f['not_clean'] / max(f['articles'], 1):.1%}), with evidence {f['with_evidence']}; "
              f"{f['evidence']} evidence findings in {f['words']:,} words = {f['per_1000']:.2f}/1,000; top rules: {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
