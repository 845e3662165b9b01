"""Why the learned detector scores content-farm pages low: the figures behind docs/eval.md's section of that name.

    .venv/bin/python benchmarks/field_detector.py --texts /work/field/texts [--split dev]

Prints, for the German pages of one field split (``references/field/manifest.jsonl``; tune on ``dev``):

1. **Length** (WMT, no field page): ``mt_probability`` of the detector's validation chunks of
   ``wmt-de-train.jsonl`` and of windows of 2-4 consecutive chunks of one document and system, per label and
   length bin (median and quartiles). Human translations fall with length, MT does not.
2. **Page furniture**: the field pages' probability of the whole text (what the scan computes) and of its
   prose only (``prose_text``: sentences of at least ``PROSE_MIN_WORDS`` words, no boilerplate finding on them,
   not mostly capitals), with the AUROC of MT against human pages; the same two scorings of the documents of
   ``wmt-de-dev.jsonl`` (AUROC MT vs human translations and vs originals).
3. **Room for the verdict**: how many MT pages score at or above the 95th percentile of wmt-de-dev's human
   documents of about the same length, i.e. the most the detector alone could flag while at most 5 % of those
   documents are not clean (issue 8).

Nothing is fitted; WMT files that are absent are skipped with a note.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from field_eval import DEFAULT_MANIFEST, read_manifest, scan_split  # noqa: E402

from mtcheck.detector import load_detector  # noqa: E402
from mtcheck.detector.evaluation import auroc, in_validation, read_jsonl, record_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
PROSE_MIN_WORDS = 6
LENGTH_BINS = ((0, 400), (400, 800), (800, 1300), (1300, 2000), (2000, 3000), (3000, 10 ** 9))
LABELS = ("mt", "human_translation", "human_original")
_WORD = re.compile(r"\w+")


def prose_text(text: str, spans, boilerplate) -> str:
    """The sentences (``spans``: (start, end) in ``text``) that read as article prose: at least PROSE_MIN_WORDS
    words, no boilerplate finding (``boilerplate``: (start, end) spans) on them, at most half of their letters
    capitals (a teaser or heading in capitals); joined by spaces."""
    keep = []
    for s, e in spans:
        t = text[s:e].strip()
        if any(bs < e and be > s for bs, be in boilerplate) or len(_WORD.findall(t)) < PROSE_MIN_WORDS:
            continue
        letters = [c for c in t if c.isalpha()]
        if letters and 2 * sum(c.isupper() for c in letters) > len(letters):
            continue
        keep.append(t)
    return " ".join(keep)


def _prose_of(result) -> str:
    spans = [(s, e) for s, e, _ in result.sentence_mt]
    boiler = [(f.start, f.end) for f in result.findings if f.category == "boilerplate"]
    return prose_text(result.article.text, spans, boiler)


def quartiles(v) -> str:
    return "/".join(f"{q:.2f}" for q in np.quantile(v, [0.25, 0.5, 0.75])) if len(v) else "-"


def length_table(det, path: Path) -> list[str]:
    records = [r for r in read_jsonl(path) if r.get("label") in LABELS and in_validation(r["group"])]
    docs: dict[tuple, list[dict]] = {}
    for r in records:
        docs.setdefault((r.get("testset"), r.get("lp"), r.get("doc_id"), r.get("system")), []).append(r)
    rows = []
    for rs in docs.values():
        texts = [record_text(r) for r in rs]
        for k in (1, 2, 3, 4):
            for j in range(0, len(texts) - k + 1, k):
                t = " ".join(texts[j:j + k])
                rows.append((rs[0]["label"], len(t), det.score_text(t)))
    out = [f"validation chunks and windows of 2-4 chunks of {path.name}: mt_probability quartiles (q25/q50/q75) and n"]
    for lo, hi in LENGTH_BINS:
        cells = []
        for label in LABELS:
            v = np.array([p for lab, n, p in rows if lab == label and lo <= n < hi])
            cells.append(f"{label} {quartiles(v)} n={len(v)}")
        out.append(f"  {lo:>5}-{hi if hi < 10 ** 9 else '':<5} chars: " + "; ".join(cells))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, required=True, help="folder with <split>/<id>.txt")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    ap.add_argument("--train", type=Path, default=DATA / "wmt-de-train.jsonl")
    ap.add_argument("--dev", type=Path, default=DATA / "wmt-de-dev.jsonl")
    args = ap.parse_args(argv)
    if not (args.texts / args.split).is_dir():
        raise SystemExit(f"--texts {args.texts}: no {args.split}/ folder")
    det = load_detector("de")
    if det is None:
        raise SystemExit("no German detector installed")

    print("1. length")
    if args.train.is_file():
        print("\n".join(length_table(det, args.train)))
    else:
        print(f"  {args.train}: absent, skipped")

    rows = [r for r in read_manifest(args.manifest) if r["split"] == args.split and r["lang"] == "de"]
    results = scan_split(rows, args.texts, False, None, None)
    pages = [(r["label"], results[r["id"]]) for r in rows
             if r["id"] in results and results[r["id"]].mt_probability is not None]
    y = np.array([label == "mt" for label, _ in pages])
    full = np.array([x.mt_probability for _, x in pages])
    prose = np.array([det.score_text(t) if (t := _prose_of(x)) else x.mt_probability for _, x in pages])
    chars = np.array([len(x.article.text) for _, x in pages])
    print(f"\n2. page furniture: {args.split}, {int(y.sum())} German MT pages, {int((~y).sum())} human pages "
          f"(median {int(np.median(chars))} characters)")
    for name, p in (("whole text (the scan)", full), (f"prose only (>= {PROSE_MIN_WORDS} words)", prose)):
        print(f"  {name:<28} AUROC {auroc(p[y], p[~y]):.3f}; quartiles MT {quartiles(p[y])}, "
              f"human {quartiles(p[~y])} (max {p[~y].max():.2f})")
    if not args.dev.is_file():
        print(f"  {args.dev}: absent, the WMT comparison is skipped")
        return 0
    wmt = scan_split_jsonl(args.dev)
    lab = np.array([x.article.meta.get("label") for x in wmt])
    wfull = np.array([x.mt_probability for x in wmt])
    wprose = np.array([det.score_text(t) if (t := _prose_of(x)) else x.mt_probability for x in wmt])
    for name, p in (("whole text", wfull), ("prose only", wprose)):
        print(f"  {args.dev.name} {name:<11} AUROC MT vs human translation "
              f"{auroc(p[lab == 'mt'], p[lab == 'human_translation']):.4f}, vs originals "
              f"{auroc(p[lab == 'mt'], p[lab == 'human_original']):.4f}; quartiles MT {quartiles(p[lab == 'mt'])}, "
              f"human translation {quartiles(p[lab == 'human_translation'])}")

    wchars = np.array([len(x.article.text) for x in wmt])
    near = (lab != "mt") & (wchars >= np.quantile(chars, 0.1)) & (wchars <= 1.5 * np.quantile(chars, 0.9))
    print(f"\n3. room for the verdict: wmt-de-dev human documents of field-page length ({int(near.sum())} of "
          f"{int((lab != 'mt').sum())})")
    for name, p, w in (("whole text", full, wfull), ("prose only", prose, wprose)):
        t95 = float(np.quantile(w[near], 0.95))
        print(f"  {name:<11} their 95th percentile {t95:.2f}: MT pages at or above {int((p[y] >= t95).sum())}/"
              f"{int(y.sum())}, human pages {int((p[~y] >= t95).sum())}/{int((~y).sum())}")
    return 0


def scan_split_jsonl(path: Path):
    from mtcheck.pipeline.records import ArticleResult
    from mtcheck.pipeline.scan import ScanOptions, scan

    return [x for x in scan(ScanOptions(paths=[str(path)], references=ROOT / "references"))
            if isinstance(x, ArticleResult) and x.mt_probability is not None]


if __name__ == "__main__":
    raise SystemExit(main())
