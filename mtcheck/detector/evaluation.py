"""Data loading, the group split and the figures of the detector (numpy and stdlib only).

Used by ``mtcheck.detector.train`` (validation figures), by the tests and by the model card's dev figures.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

LABELS = ("mt", "human_translation", "human_original")


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def record_text(rec: dict) -> str:
    """One text per record: its sentences joined by spaces (a dev document is scored as one text)."""
    return " ".join(s.strip() for s in rec["sentences"] if s and s.strip())


def in_validation(group: str, percent: int = 20) -> bool:
    """Deterministic split by group: ``zlib.crc32(group) % 100 < percent`` goes to validation."""
    return zlib.crc32(group.encode("utf-8")) % 100 < percent


def auroc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of a positive > score of a negative), ties counting one half (Mann-Whitney)."""
    pos, neg = np.asarray(pos, float), np.asarray(neg, float)
    if pos.size == 0 or neg.size == 0:
        return float("nan")
    allv = np.concatenate([pos, neg])
    order = allv.argsort(kind="mergesort")
    ranks = np.empty(allv.shape[0])
    sv = allv[order]
    # average ranks for ties
    _, first, counts = np.unique(sv, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(avg, counts)
    r = ranks[: pos.size].sum()
    return float((r - pos.size * (pos.size + 1) / 2.0) / (pos.size * neg.size))


def paired_auroc(records: list[dict], scores: np.ndarray, key: str) -> tuple[float, int]:
    """Content-matched: over all (mt, human_translation) pairs that share ``key``, P(mt scores higher)."""
    by = defaultdict(lambda: ([], []))
    for r, s in zip(records, scores):
        if r["label"] == "mt":
            by[r[key]][0].append(s)
        elif r["label"] == "human_translation":
            by[r[key]][1].append(s)
    wins = total = 0.0
    for mt, ht in by.values():
        if mt and ht:
            m = np.asarray(mt)[:, None]
            h = np.asarray(ht)[None, :]
            wins += float((m > h).sum() + 0.5 * (m == h).sum())
            total += m.size * h.size
    return (wins / total if total else float("nan")), int(total)


def figures(records: list[dict], scores, pair_key: str = "group", min_system: int = 20) -> dict:
    """AUROC per label pair, content-matched pairs, and per MT system (vs human translation)."""
    scores = np.asarray(scores, float)
    lab = np.array([r["label"] for r in records])
    mt, ht, ho = scores[lab == "mt"], scores[lab == "human_translation"], scores[lab == "human_original"]
    out = {
        "n": {k: int((lab == k).sum()) for k in LABELS},
        "mt_vs_human_translation": auroc(mt, ht),
        "mt_vs_human_original": auroc(mt, ho),
        "mt_vs_human": auroc(mt, np.concatenate([ht, ho])),
    }
    pa, npairs = paired_auroc(records, scores, pair_key)
    out["content_matched"] = pa
    out["content_matched_pairs"] = npairs
    systems = defaultdict(list)
    for r, s in zip(records, scores):
        if r["label"] == "mt":
            systems[r["system"]].append(s)
    out["per_system"] = {k: (auroc(np.asarray(v), ht), len(v)) for k, v in sorted(systems.items())
                         if len(v) >= min_system}
    return out


def format_figures(title: str, f: dict) -> str:
    lines = [f"{title}: n={f['n']}",
             f"  AUROC mt vs human_translation  {f['mt_vs_human_translation']:.3f}",
             f"  AUROC mt vs human_original     {f['mt_vs_human_original']:.3f}",
             f"  AUROC mt vs all human          {f['mt_vs_human']:.3f}",
             f"  content-matched pairs          {f['content_matched']:.3f}  ({f['content_matched_pairs']} pairs)"]
    lines.append("  per MT system (vs human_translation):")
    for k, (a, n) in sorted(f["per_system"].items(), key=lambda kv: kv[1][0]):
        lines.append(f"    {k:<22} {a:.3f}  (n={n})")
    return "\n".join(lines)


def calibration_table(probs, y, bins: int = 10, balanced: bool = True
                      ) -> list[tuple[float, float, float, float, int]]:
    """(bin low, bin high, mean predicted, observed MT rate, count) per equal-width probability bin.

    With ``balanced`` (the default, matching how the calibration was fitted) each class weighs half in the
    observed rate, whatever its share of the data: the rate reads as P(MT) at an even prior."""
    probs, y = np.asarray(probs, float), np.asarray(y, float)
    w = np.ones_like(y)
    if balanced and 0 < y.sum() < y.size:
        w = np.where(y == 1, 0.5 / y.sum(), 0.5 / (y.size - y.sum()))
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for i in range(bins):
        m = (probs >= edges[i]) & ((probs < edges[i + 1]) if i < bins - 1 else (probs <= 1))
        if m.any():
            rows.append((float(edges[i]), float(edges[i + 1]), float(probs[m].mean()),
                         float((w[m] * y[m]).sum() / w[m].sum()), int(m.sum())))
    return rows
