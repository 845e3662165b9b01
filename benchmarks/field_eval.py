"""The offline scan on the field set: real machine-translated and human newsroom pages (issue 12).

The texts stay outside the repository (they are excerpts of other people's pages); the manifest
``references/field/manifest.jsonl`` names each page (id, address, language, label, split, the
artifacts seen when it was read). This script scans a local folder of those texts,
``<texts>/<split>/<id>.txt``, and prints per split and in all:

- MT pages called suspect or worse (recall; target >= 80 %),
- human pages not clean (target <= 1 in 30),
- false flags on human pages: evidence findings per 1,000 words (target <= 0.5),

then, with ``--pages``, each page's verdict and evidence, with ``--rules``, the evidence
findings per rule and label (what fires on human pages is a false flag), and with ``--by-language``
the same figures per language plus, where a learned detector ran, its ``mt_probability`` on the
pages: AUROC MT vs human and the quartiles of each label (how far the detector alone could go), and
with ``--by-site`` recall with every site weighted alike (the mean over sites of the share of their MT
pages caught), so that a site with many pages (news-24.fr) does not set the figure alone.

    .venv/bin/python benchmarks/field_eval.py --texts /work/field/texts --split dev
    .venv/bin/python benchmarks/field_eval.py --texts /work/field/texts --split dev --preview --pages

Tune on ``dev``; measure ``heldout`` once at the end. Each split is scanned as one corpus
(its own entity index), as ``mtcheck scan <folder>`` would. Pages of languages without rule
sets of their own (fr, it, es) count too: the generic rules are all they get.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.pipeline.records import ArticleResult  # noqa: E402
from mtcheck.pipeline.scan import ScanOptions, scan  # noqa: E402

DEFAULT_MANIFEST = ROOT / "references" / "field" / "manifest.jsonl"
TARGETS = {"recall": 0.80, "human_not_clean": 1 / 30, "false_flags_per_1000": 0.5}


def read_manifest(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not JSON: {exc}")
        for key in ("id", "label", "split", "lang"):
            if key not in row:
                raise SystemExit(f"{path}:{number}: no {key!r}")
        rows.append(row)
    return rows


def scan_results(paths: list[str], **options) -> list[ArticleResult]:
    """The article results of a scan of ``paths`` with the repository's references (further ``ScanOptions`` fields
    as keywords); a file that cannot be scanned is named on stderr and the scan goes on. Shared by the benchmarks."""
    results = []
    for item in scan(ScanOptions(paths=list(paths), references=ROOT / "references", **options)):
        if isinstance(item, ArticleResult):
            results.append(item)
        else:
            print(f"error: {item.path}: {item.message}", file=sys.stderr)
    return results


def scan_split(rows: list[dict], folder: Path, preview: bool, select, ignore) -> dict[str, ArticleResult]:
    paths = {}
    for row in rows:
        path = folder / row["split"] / f"{row['id']}.txt"
        if path.is_file():
            paths[str(path)] = row["id"]
    if not paths:
        return {}
    found = scan_results(sorted(paths), preview=preview, select=select, ignore=ignore)
    return {paths[r.article.path]: r for r in found}


def figures(rows: list[dict], results: dict[str, ArticleResult]) -> dict:
    mt = [results[r["id"]] for r in rows if r["label"] == "mt" and r["id"] in results]
    human = [results[r["id"]] for r in rows if r["label"] == "human" and r["id"] in results]
    human_words = sum(r.words for r in human)
    human_evidence = sum(len(r.evidence) for r in human)
    caught = sum(r.verdict != "clean" for r in mt)
    not_clean = sum(r.verdict != "clean" for r in human)
    return {
        "mt_pages": len(mt),
        "mt_suspect_or_worse": caught,
        "mt_machine_translated": sum(r.verdict == "machine_translated" for r in mt),
        "recall": caught / len(mt) if mt else 0.0,
        "human_pages": len(human),
        "human_not_clean": not_clean,
        "human_not_clean_rate": not_clean / len(human) if human else 0.0,
        "human_words": human_words,
        "human_evidence": human_evidence,
        "false_flags_per_1000": 1000 * human_evidence / human_words if human_words else 0.0,
    }


def by_language(split: str, rows: list[dict], results: dict[str, ArticleResult]) -> list[str]:
    """Per language: caught MT pages, human pages not clean, and the detector's separation where it ran."""
    import numpy as np

    from mtcheck.detector.evaluation import auroc

    out = []
    for lang in sorted({r["lang"] for r in rows}):
        mine = [r for r in rows if r["lang"] == lang and r["id"] in results]
        f = figures(mine, results)
        text = (f"{split} {lang}: MT suspect+ {f['mt_suspect_or_worse']}/{f['mt_pages']}, "
                f"human not clean {f['human_not_clean']}/{f['human_pages']}")
        probs = {label: np.array([results[r["id"]].mt_probability for r in mine if r["label"] == label
                                  and results[r["id"]].mt_probability is not None]) for label in ("mt", "human")}
        if probs["mt"].size and probs["human"].size:
            quart = lambda v: "/".join(f"{q:.2f}" for q in np.quantile(v, [0.25, 0.5, 0.75]))  # noqa: E731
            text += (f"; detector AUROC {auroc(probs['mt'], probs['human']):.3f}, mt_probability quartiles "
                     f"MT {quart(probs['mt'])}, human {quart(probs['human'])} (max {probs['human'].max():.2f})")
        out.append(text)
    return out


def by_site(split: str, rows: list[dict], results: dict[str, ArticleResult]) -> str:
    """Recall with each site weighted alike: the mean over MT sites of the share of their pages caught."""
    shares = defaultdict(list)
    for r in rows:
        if r["label"] == "mt" and r["id"] in results:
            shares[r.get("site") or r.get("host") or r["id"]].append(results[r["id"]].verdict != "clean")
    if not shares:
        return f"{split}: no MT pages"
    mean = sum(sum(v) / len(v) for v in shares.values()) / len(shares)
    caught = sum(any(v) for v in shares.values())
    return (f"{split} per site: {len(shares)} MT sites, mean share of pages caught {mean:.1%}, "
            f"sites with at least one page caught {caught}/{len(shares)}")


def line(name: str, f: dict) -> str:
    ok = lambda good: "ok" if good else "MISS"  # noqa: E731
    return (
        f"{name:<8} MT suspect+ {f['mt_suspect_or_worse']:>2}/{f['mt_pages']:<2} = {f['recall']:6.1%} "
        f"({f['mt_machine_translated']} machine_translated) [{ok(f['recall'] >= TARGETS['recall'])}]   "
        f"human not clean {f['human_not_clean']:>2}/{f['human_pages']:<2} "
        f"[{ok(f['human_not_clean_rate'] <= TARGETS['human_not_clean'])}]   "
        f"false flags {f['human_evidence']:>3} in {f['human_words']:,} words = {f['false_flags_per_1000']:.2f}/1,000 "
        f"[{ok(f['false_flags_per_1000'] <= TARGETS['false_flags_per_1000'])}]"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True, help="folder with <split>/<id>.txt")
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--split", action="append", help="dev or heldout (repeatable; default: every split)")
    parser.add_argument("--preview", action="store_true", help="also run the preview rules")
    parser.add_argument("--select", action="append")
    parser.add_argument("--ignore", action="append")
    parser.add_argument("--pages", action="store_true", help="each page's verdict and evidence")
    parser.add_argument("--rules", action="store_true", help="evidence findings per rule and label")
    parser.add_argument("--by-language", action="store_true", help="figures per language, with the detector's AUROC")
    parser.add_argument("--by-site", action="store_true", help="recall with every site weighted alike")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    if not args.texts.is_dir():
        raise SystemExit(f"--texts {args.texts}: no such folder")
    if not args.manifest.is_file():
        raise SystemExit(f"--manifest {args.manifest}: no such file")
    rows = read_manifest(args.manifest)
    splits = args.split or sorted({r["split"] for r in rows})
    report = {}
    all_rows, all_results = [], {}
    for split in splits:
        split_rows = [r for r in rows if r["split"] == split]
        results = scan_split(split_rows, args.texts, args.preview, args.select, args.ignore)
        missing = [r["id"] for r in split_rows if r["id"] not in results]
        if missing:
            print(f"{split}: {len(missing)} manifest pages have no text here: {', '.join(missing[:8])}", file=sys.stderr)
        report[split] = figures(split_rows, results)
        all_rows += split_rows
        all_results.update(results)
        if args.pages:
            for r in split_rows:
                result = results.get(r["id"])
                if result is None:
                    continue
                ev = result.evidence
                mark = "" if (r["label"] == "mt") == (result.verdict != "clean") else "  <-- wrong"
                print(f"{split} {r['id']:<11} {r['label']:<5} {result.article.lang:<3} {result.verdict:<18} "
                      f"score {result.score:.2f} words {result.words:>4} evidence {len(ev)}{mark}")
                for f in ev:
                    print(f"      {f.rule} {f.severity:<7} {f.text[:70]!r}")
        if args.rules:
            by_rule = defaultdict(Counter)
            for r in split_rows:
                if r["id"] in results:
                    for f in results[r["id"]].evidence:
                        by_rule[f.rule][r["label"]] += 1
            for code in sorted(by_rule):
                print(f"{split} {code}: mt {by_rule[code]['mt']}, human {by_rule[code]['human']}")
        if args.by_language:
            print("\n".join(by_language(split, split_rows, results)))
        if args.by_site:
            print(by_site(split, split_rows, results))
    if len(splits) > 1:
        report["all"] = figures(all_rows, all_results)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name, f in report.items():
            print(line(name, f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
