"""CPU time of one stage under two code versions, interleaved article by article in one process (figures, not a
test).

On a shared machine the load changes from second to second, and whole scans of the same code spread by 15 to 45 %.
Here the old and the new code run on the same article one right after the other (which goes first alternates),
so both see the same load; the ratio new/old per round is stable to about 1 % at load 3 to 5.

    .venv/bin/python benchmarks/bench_interleaved.py OLD_FOLDER --stage detector --rounds 4
    .venv/bin/python benchmarks/bench_interleaved.py OLD_FOLDER --stage segment

OLD_FOLDER is a checkout or a ``git archive`` of the other commit; the new code is this checkout. Stages:
``detector`` (``Detector.score_article(sentences, top=0)``, the scan's call; the old ``mtcheck/detector``
package is loaded under another name) and ``segment`` (``segment()`` and every sentence's words; the old
``mtcheck/pipeline/segment.py`` is loaded on its own). The articles are bench_scan.py's corpus (``--mb``).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _load(name: str, path: Path, package: bool = False):
    location = path / "__init__.py" if package else path
    spec = importlib.util.spec_from_file_location(
        name, location, submodule_search_locations=[str(path)] if package else None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path, help="folder with the other version (a checkout or git archive)")
    parser.add_argument("--stage", choices=["detector", "segment"], default="detector")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--mb", type=float, default=2.5)
    args = parser.parse_args()

    from bench_scan import build_corpus
    from mtcheck.pipeline.segment import segment

    with tempfile.TemporaryDirectory(prefix="mtcheck-ab-") as tmp:
        build_corpus(Path(tmp), args.mb)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).rglob("*.txt"))]
    if args.stage == "detector":
        from mtcheck.detector import load_detector

        old_pkg = _load("mtcheck_old_detector", args.old / "mtcheck" / "detector", package=True)
        new, old = load_detector("de"), old_pkg.load_detector("de")
        work = [[s.text for s in segment(t).sentences] for t in texts]

        def run_new(x):
            new.score_article(x, top=0)

        def run_old(x):
            old.score_article(x, top=0)
    else:
        old_segment = _load("mtcheck_old_segment", args.old / "mtcheck" / "pipeline" / "segment.py")
        work = texts

        def run_new(x):
            for sentence in segment(x).sentences:
                sentence.words  # noqa: B018 - built as the rules build them

        def run_old(x):
            for sentence in old_segment.segment(x).sentences:
                sentence.words  # noqa: B018
    for x in work[:50]:  # warm up: models, tables, caches
        run_new(x)
        run_old(x)
    gc.freeze()
    clock = time.process_time
    ratios = []
    for r in range(args.rounds):
        t_old = t_new = 0.0
        for i, x in enumerate(work):
            first, second = (run_old, run_new) if i % 2 else (run_new, run_old)
            t0 = clock()
            first(x)
            t1 = clock()
            second(x)
            t2 = clock()
            if first is run_old:
                t_old, t_new = t_old + t1 - t0, t_new + t2 - t1
            else:
                t_new, t_old = t_new + t1 - t0, t_old + t2 - t1
        ratios.append(t_new / t_old)
        print(f"round {r + 1}: old {t_old:.3f} s, new {t_new:.3f} s, new/old {ratios[-1]:.3f}", flush=True)
    print(f"{args.stage}: median new/old {statistics.median(ratios):.3f} over {len(work)} articles")


if __name__ == "__main__":
    main()
