"""Speed of the detector stage of the scan (figures, not a test): ``pipeline.style.assess`` (the article's
mt_probability, every sentence's score, the MT950 picks with their n-grams) against ``score_text`` alone, in
process, on the documents of ../shared/data/wmt-de-dev.jsonl (segmentation done beforehand, not timed).

    .venv/bin/python benchmarks/bench_style.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.detector import load_detector  # noqa: E402
from mtcheck.pipeline.records import Article  # noqa: E402
from mtcheck.pipeline.segment import segment  # noqa: E402
from mtcheck.pipeline.style import assess  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = ["\n".join(json.loads(line)["sentences"]) for line in DEV.open(encoding="utf-8")]
    articles = [Article(path="x", text=t, lang="de") for t in docs]
    segs = [segment(a.text) for a in articles]
    det = load_detector("de")
    det.score_text("warm-up")
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    best_text = best_stage = float("inf")
    for _ in range(args.repeat):
        t = time.process_time()
        for a in articles:
            det.score_text(a.text)
        best_text = min(best_text, time.process_time() - t)
        t = time.process_time()
        for a, d in zip(articles, segs):
            assess(a, d)
        best_stage = min(best_stage, time.process_time() - t)
    print(f"{mb:.2f} MB, {len(docs)} documents, best of {args.repeat}: score_text alone {mb / best_text:.2f} MB/CPU-s; "
          f"detector stage (article + every sentence + MT950 n-grams) {mb / best_stage:.2f} MB/CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
