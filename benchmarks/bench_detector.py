"""Speed of the MT-likeness detector alone (figures, not a test).

Loads ``mtcheck/detector/data/de.npz`` (time to first score, in a fresh interpreter) and scores the documents
of ../shared/data/wmt-de-dev.jsonl (each joined into one text), repeated to about ``--mb`` MB, with
``Detector.score_text``, then ``Detector.score_sentences`` and ``Detector.score_article`` on their sentences. Prints MB of text
(UTF-8) per CPU-second (``time.process_time``, this process only).

    .venv/bin/python benchmarks/bench_detector.py            # 5 MB
    .venv/bin/python benchmarks/bench_detector.py --mb 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("MTCHECK_SHARED", ROOT.parent / "shared"))
DEV = (SHARED / "data" if (SHARED / "data").is_dir() else SHARED) / "wmt-de-dev.jsonl"
MB = 1_000_000

LOAD = ("import time; t0 = time.perf_counter(); from mtcheck.detector import load_detector; "
        "d = load_detector('de'); t1 = time.perf_counter(); d.score_text('Ein Satz.'); t2 = time.perf_counter(); "
        "print(f'{t1 - t0:.4f} {t2 - t1:.4f}')")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    args = ap.parse_args()
    from mtcheck.detector import load_detector

    # load time in fresh interpreters (import + artefact read + first score)
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        runs.append(tuple(map(float, out.stdout.split())))
    imp, first = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"load: import + load_detector {imp * 1000:.0f} ms; artefact read + first score {first * 1000:.0f} ms "
          f"(best of 3 fresh interpreters)")

    docs = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [" ".join(d["sentences"]) for d in docs]
    sents = [d["sentences"] for d in docs]
    size1 = sum(len(t.encode("utf-8")) for t in texts)
    reps = max(1, round(args.mb * MB / size1))
    det = load_detector("de")
    det.score_text("warm up")

    t0 = time.process_time()
    for _ in range(reps):
        for t in texts:
            det.score_text(t)
    cpu = time.process_time() - t0
    mb = size1 * reps / MB
    print(f"score_text: {mb:.1f} MB in {cpu:.2f} CPU-s = {mb / cpu:.2f} MB/CPU-s "
          f"({len(texts) * reps / cpu:.0f} documents/CPU-s, mean {size1 / len(texts):.0f} bytes)")

    reps_s = max(1, reps // 4)
    t0 = time.process_time()
    for _ in range(reps_s):
        for s in sents:
            det.score_sentences(s)
    cpu = time.process_time() - t0
    mb = size1 * reps_s / MB
    print(f"score_sentences (with top n-grams): {mb:.1f} MB in {cpu:.2f} CPU-s = {mb / cpu:.2f} MB/CPU-s")

    t0 = time.process_time()
    for _ in range(reps_s):
        for s in sents:
            det.score_article(s)
    cpu = time.process_time() - t0
    print(f"score_article (text + sentences, one pass): {mb:.1f} MB in {cpu:.2f} CPU-s = {mb / cpu:.2f} MB/CPU-s")

    # As the scan calls it (pipeline/style.py): article and every sentence, no n-grams (asked for the picks only).
    reps_a = max(1, reps // 2)
    t0 = time.process_time()
    for _ in range(reps_a):
        for s in sents:
            det.score_article(s, top=0)
    cpu = time.process_time() - t0
    mb = size1 * reps_a / MB
    print(f"score_article(top=0), as the scan calls it: {mb:.1f} MB in {cpu:.2f} CPU-s = {mb / cpu:.2f} MB/CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
