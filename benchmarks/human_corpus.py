"""False flags of the offline scan on a large corpus of human news, split by category (issue 12).

Reads a 10kGNAD-style CSV (one article a row: ``category;'text'``, ``;`` as delimiter and ``'`` as
quote character, as in https://github.com/tblock/10kGNAD; its text is CC BY-NC-SA 4.0 and stays
outside this repository), writes one JSONL file per part (records ``{"id", "text", "category"}``)
into ``--work`` and scans each part as one corpus, as ``mtcheck scan part.jsonl`` would. Every
article is human-written, so each evidence finding is a false flag. Printed per part:

- articles not clean (verdict suspect or worse),
- evidence findings per 1,000 words,
- the rules with the most evidence findings,

and with ``--flags`` each article that is not clean or has evidence, with its findings.

The split is by category, never by line: ``--tune`` names the categories rules may be tuned on
(default Web, Etat, Sport, Wirtschaft); every other category is the held-apart ``report`` part,
to be measured once after tuning.

    .venv/bin/python benchmarks/human_corpus.py /tmp/precision/test.csv --work /tmp/precision/parts
    .venv/bin/python benchmarks/human_corpus.py /tmp/precision/test.csv --work /tmp/precision/parts \\
        --part tune --flags
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

from mtcheck.pipeline.records import ArticleResult  # noqa: E402
from mtcheck.pipeline.scan import ScanOptions, scan  # noqa: E402

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


def write_parts(rows: list[tuple[str, str]], tune: set[str], work: Path) -> dict[str, Path]:
    """One JSONL per part; ids are ``<category>-<row number>`` so a flag can be found in the CSV again."""
    work.mkdir(parents=True, exist_ok=True)
    files = {"tune": work / "tune.jsonl", "report": work / "report.jsonl"}
    handles = {name: path.open("w", encoding="utf-8") for name, path in files.items()}
    try:
        for number, (category, text) in enumerate(rows, 1):
            part = "tune" if category in tune else "report"
            record = {"id": f"{category}-{number}", "text": text, "category": category}
            handles[part].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for handle in handles.values():
            handle.close()
    return files


def scan_part(path: Path, preview: bool) -> list[ArticleResult]:
    options = ScanOptions(paths=[str(path)], references=ROOT / "references", preview=preview)
    results = []
    for item in scan(options):
        if isinstance(item, ArticleResult):
            results.append(item)
        else:
            print(f"error: {item.path}: {item.message}", file=sys.stderr)
    return results


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="10kGNAD-style CSV: category;'text'")
    parser.add_argument("--work", type=Path, required=True, help="folder for the JSONL parts (outside the repo)")
    parser.add_argument("--tune", action="append", help=f"a tuning category (repeatable; default {DEFAULT_TUNE})")
    parser.add_argument("--part", action="append", choices=("tune", "report"),
                        help="part(s) to scan (default both; measure 'report' once, after tuning)")
    parser.add_argument("--preview", action="store_true", help="also run the preview rules")
    parser.add_argument("--flags", action="store_true", help="each flagged article with its evidence")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        raise SystemExit(f"{args.csv}: no such file")
    rows = read_csv(args.csv)
    tune = set(args.tune or DEFAULT_TUNE)
    unknown = tune - {c for c, _ in rows}
    if unknown:
        raise SystemExit(f"--tune {sorted(unknown)}: no such category in {args.csv}")
    files = write_parts(rows, tune, args.work)
    report = {}
    for part in args.part or ("tune", "report"):
        results = scan_part(files[part], args.preview)
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
