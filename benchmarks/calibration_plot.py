"""Calibration plot of the shipped German detector (the model card's figure, not a test).

Scores the validation chunks of ``wmt-de-train.jsonl`` (the records whose ``group`` falls in the validation split,
``evaluation.in_validation``: the split the Platt scaling was fitted on) and the documents of ``wmt-de-dev.jsonl``
with the shipped artefact, bins the calibrated probabilities as ``train.py`` does (``calibration_table``: observed MT
rate with each class weighted to one half), prints both tables and draws them against the diagonal, with how many
texts fall in each bin. Needs matplotlib (the ``train`` extra).

    .venv/bin/python benchmarks/calibration_plot.py --out docs/detector-calibration.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from mtcheck.detector import load_detector
from mtcheck.detector.evaluation import calibration_table, in_validation, read_jsonl, record_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def scored(records: list[dict], detector) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated probabilities and labels (1 = MT) of the records, each scored as one text."""
    probs = np.array([detector.score_text(record_text(r)) for r in records])
    labels = np.array([r["label"] == "mt" for r in records], dtype=int)
    return probs, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", default=str(DATA / "wmt-de-train.jsonl"))
    ap.add_argument("--dev", default=str(DATA / "wmt-de-dev.jsonl"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "detector-calibration.png"))
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")  # no screen
    import matplotlib.pyplot as plt

    detector = load_detector("de")
    sets = {
        "validation chunks (wmt-de-train)": [r for r in read_jsonl(args.train) if in_validation(r["group"])],
        "dev documents (wmt-de-dev)": read_jsonl(args.dev),
    }
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 7.2), height_ratios=(3, 1), sharex=True)
    top.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfect calibration")
    width = 0.1 / (len(sets) + 1)
    for k, (name, records) in enumerate(sets.items()):
        probs, labels = scored(records, detector)
        table = calibration_table(probs, labels)
        print(f"{name}: {len(records)} texts (bin, mean predicted, observed MT rate at an even prior, n)")
        for lo, hi, mean_p, observed, n in table:
            print(f"  [{lo:.1f},{hi:.1f}) {mean_p:.3f} {observed:.3f} {n}")
        rows = [(lo, mp, ob, n) for lo, hi, mp, ob, n in table if n]
        top.plot([r[1] for r in rows], [r[2] for r in rows], marker="o", label=f"{name}, n={len(records):,}")
        bottom.bar([r[0] + width * (k + 0.5) for r in rows], [r[3] for r in rows], width=width, align="edge",
                   label=name)
    top.set_ylabel("observed MT rate (classes weighted equally)")
    top.set_title(f"mtcheck German detector {detector.info.get('version', '')}: calibration")
    top.set_xlim(0, 1)
    top.set_ylim(0, 1)
    top.legend(loc="upper left", fontsize=8)
    top.grid(True, linewidth=0.3)
    bottom.set_xlabel("calibrated mt_probability (bins of 0.1)")
    bottom.set_ylabel("texts per bin")
    bottom.set_yscale("log")
    bottom.grid(True, linewidth=0.3)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
