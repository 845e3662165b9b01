"""Calibration figures for the score: how the rules and the score behave on labelled text.

Scans ../shared/data/wmt-de-dev.jsonl (labels mt / human_translation / human_original) and the
seeds with every rule, and prints per label: documents, words, false flags per 1,000 words
(findings at warning or above; on human text every one is a false flag), the score distribution
and the verdict counts; then the flags per rule on human text (with examples), and each seed's
score, verdict and findings by category.

    .venv/bin/python benchmarks/calibrate.py                  # all of it
    .venv/bin/python benchmarks/calibrate.py --examples 20    # more false-flag examples

The WMT file and the seeds are scanned separately, each with its own corpus entity index, as
``mtcheck scan <file>`` would.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from field_eval import scan_results  # noqa: E402

from mtcheck.pipeline.records import ArticleResult  # noqa: E402
from mtcheck.pipeline.score import DENSITY_SCALE, judge, rule_score, verdict_model  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"
HUMAN_LABELS = ("human_translation", "human_original")
FLAG_SEVERITIES = ("warning", "error")


def flags(result: ArticleResult):
    """Findings that would count against an honest article: evidence at warning or above."""
    return [f for f in result.findings if f.is_evidence and f.severity in FLAG_SEVERITIES]


def quantiles(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return (
        f"min {values[0]:.3f}  median {statistics.median(values):.3f}  p90 {pick(0.9):.3f}  "
        f"p99 {pick(0.99):.3f}  max {values[-1]:.3f}"
    )


def label_table(groups: dict[str, list[ArticleResult]]) -> None:
    print(f"{'label':20} {'docs':>5} {'words':>7} {'flags':>6} {'per 1k':>7}  verdicts (clean/suspect/mt)")
    for label, results in groups.items():
        words = sum(r.words for r in results)
        n_flags = sum(len(flags(r)) for r in results)
        verdicts = Counter(r.verdict for r in results)
        print(
            f"{label:20} {len(results):5d} {words:7d} {n_flags:6d} {1000 * n_flags / max(words, 1):7.3f}  "
            f"{verdicts['clean']}/{verdicts['suspect']}/{verdicts['machine_translated']}"
        )
        print(f"{'':20} score: {quantiles([r.score for r in results])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="WMT-style JSONL with a 'label' per record")
    parser.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of seed articles")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--examples", type=int, default=8, help="false-flag examples to print per rule")
    args = parser.parse_args(argv)

    print(f"score constants: DENSITY_SCALE={DENSITY_SCALE}; verdict model {verdict_model()['version']} "
          f"(thresholds {verdict_model()['thresholds']})\n")
    if Path(args.data).exists():
        data = scan_results([args.data], jobs=args.jobs)
        groups: dict[str, list[ArticleResult]] = defaultdict(list)
        for r in data:
            groups[str(r.article.meta.get("label", "unlabelled"))].append(r)
        humans = [r for label in HUMAN_LABELS for r in groups.get(label, [])]
        groups["human (all)"] = humans
        print(f"== {args.data}")
        label_table(dict(groups))

        per_rule: dict[str, list] = defaultdict(list)
        for r in humans:
            for f in flags(r):
                per_rule[f"{f.rule} {f.name}"].append((r, f))
        print("\n== false flags on human documents, per rule")
        if not per_rule:
            print("none")
        for rule, hits in sorted(per_rule.items(), key=lambda kv: -len(kv[1])):
            print(f"{rule}: {len(hits)}")
            for r, f in hits[: args.examples]:
                text = r.article.text
                context = text[max(0, f.start - 40) : f.end + 40].replace("\n", " / ")
                print(f"    {r.article.id}: {f.text!r} in ...{context}...")
        mt_hits = Counter(f.rule for r in groups.get("mt", []) for f in flags(r))
        print("\n== flags on WMT mt documents, per rule (fluent modern MT: few expected)")
        print(", ".join(f"{k}: {v}" for k, v in sorted(mt_hits.items())) or "none")
    else:
        print(f"== {args.data}: not found, skipped")

    print(f"\n== seeds ({args.seeds})")
    for r in scan_results([args.seeds], jobs=args.jobs):
        by_category = Counter(f.category for f in r.findings)
        print(
            f"{Path(r.article.path).name}  lang={r.article.lang} words={r.words} score={r.score:.3f} "
            f"verdict={r.verdict} flags={len(flags(r))}"
        )
        print("    " + ", ".join(f"{k}: {v}" for k, v in sorted(by_category.items())))
        if r.verdict == "machine_translated":
            print("    " + thinning(r))
    return 0


def thinning(result: ArticleResult) -> str:
    """How little of this article's evidence would still give its verdict: the shortest run of its
    evidence findings, in text order, that reaches machine_translated (a margin against recall loss)."""
    evidence = result.evidence
    for k in range(1, len(evidence) + 1):
        part = evidence[:k]
        if judge(rule_score(part, result.words), result.mt_probability, result.words, part)[1] == "machine_translated":
            return f"machine_translated from its first {k} of {len(evidence)} evidence findings on"
    return "never machine_translated on a prefix"


if __name__ == "__main__":
    sys.exit(main())
