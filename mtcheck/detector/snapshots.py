"""Training-data helpers shared by the builders in ``scripts/`` (``build_detector_extra.py``,
``build_detector_nt18.py`` and ``build_detector_flores.py`` for German, ``build_detector_nl.py`` for Dutch): reading
a file from a fetched git snapshot or an MT output copied from a leaderboard, splitting a line-aligned test set
file into lines, cutting the lines of each document into chunks by the rule of the shared WMT builder
(``../shared/data/build/build_wmt_de_train.py``), the records of one chunk in that builder's schema, and writing
records with their provenance. Not used at scan time."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
import subprocess
import sys
from pathlib import Path


def split_lines(text: str, where: str, expected: int | None = None) -> list[str]:
    """The lines of a text file (a final newline ends the last line, not a new empty one); with
    ``expected``, a differing count is an error naming the file."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if expected is not None and len(lines) != expected:
        raise ValueError(f"{where}: {len(lines)} lines, expected {expected}")
    return [line.rstrip("\r") for line in lines]


def snapshot_text(snapshots: Path, repo: str, path: str) -> tuple[str, str]:
    """A file's text at HEAD of a fetched snapshot (``snapshots/<owner+name>/repo``), and the commit read."""
    git = snapshots / repo / "repo"
    show = subprocess.run(["git", "-C", str(git), "show", f"HEAD:{path}"], capture_output=True)
    if show.returncode:
        raise FileNotFoundError(f"{git}:{path}: not in the snapshot "
                                f"({show.stderr.decode(errors='replace').strip()})")
    head = subprocess.run(["git", "-C", str(git), "rev-parse", "HEAD"], capture_output=True, text=True)
    return show.stdout.decode("utf-8"), head.stdout.strip()


def chunk_runs(line_docs: list[str], seg_len: list[int], max_segs: int = 10, max_chars: int = 1800
               ) -> list[tuple[str, int, list[int]]]:
    """(doc_id, chunk index, line indices) for consecutive lines of one document: at most ``max_segs`` lines
    and ``max_chars`` source characters a chunk; a tail of at most two lines under 300 characters joins the
    chunk before it (the rule of the shared WMT builder)."""
    out: list[tuple[str, int, list[int]]] = []
    i, n = 0, len(line_docs)
    while i < n:
        doc = line_docs[i]
        j = i
        while j < n and line_docs[j] == doc:
            j += 1
        chunks: list[list[int]] = []
        cur: list[int] = []
        size = 0
        for k in range(i, j):
            if cur and (len(cur) >= max_segs or size + seg_len[k] > max_chars):
                chunks.append(cur)
                cur, size = [], 0
            cur.append(k)
            size += seg_len[k]
        if cur:
            if chunks and len(cur) <= 2 and sum(seg_len[k] for k in cur) < 300:
                chunks[-1].extend(cur)
            else:
                chunks.append(cur)
        out.extend((doc, c, ch) for c, ch in enumerate(chunks))
        i = j
    return out


def leaderboard_lines(leaderboard: Path, repo: str, path: str, commit: str, sha256: str, expected: int
                      ) -> tuple[list[str], str]:
    """The lines of an MT output copied to its ``path`` (in ``repo`` at ``commit``) under ``leaderboard``, and the
    file's sha256. A missing file is an error; another sha256 than the one the shipped data used is a warning (a
    leaderboard may re-run a system), and the provenance records what was read."""
    file = leaderboard / path
    if not file.is_file():
        raise FileNotFoundError(f"{file}: missing; copy {path} of {repo} (commit {commit}) under --leaderboard")
    data = file.read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        print(f"warning: {file}: sha256 {got} differs from the file used ({sha256})", file=sys.stderr)
    return split_lines(data.decode("utf-8"), str(file), expected), got


def chunk_records(group: str, lines: list[int], texts: dict[str, tuple[str, list[str]]], *, testset: str, lp: str,
                  domain: str, doc_id: str) -> list[dict]:
    """The records of one source chunk in the schema of ``wmt-de-train.jsonl``: one per system of ``texts``
    (system -> (label, its lines, aligned with the source)) with text on the chunk's ``lines``, all in ``group``."""
    records = []
    for name, (label, tlines) in texts.items():
        sents = [tlines[k].strip() for k in lines if tlines[k].strip()]
        if sents:
            records.append({"id": f"{group}:{name}", "label": label, "system": name, "testset": testset, "lp": lp,
                            "domain": domain, "doc_id": doc_id, "group": group, "sentences": sents})
    return records


def write_built(out: Path, records: list[dict], provenance: dict) -> Path:
    """Write ``records`` as JSONL to ``out`` and ``provenance`` beside it (``<out>.provenance.json``); return the
    provenance file's path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    prov = out.with_suffix(".provenance.json")
    prov.write_text(json.dumps(provenance, indent=1) + "\n", encoding="utf-8")
    return prov


def builder_parser(doc: str, leaderboard_help: str) -> argparse.ArgumentParser:
    """The command line every leaderboard builder shares (``--snapshots``, ``--leaderboard``, ``--out``); each adds
    its own options."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--snapshots", required=True, type=Path, help="folder of fetched git snapshots (owner+name/repo)")
    ap.add_argument("--leaderboard", required=True, type=Path, help=leaderboard_help)
    ap.add_argument("--out", required=True, type=Path, help="JSONL to write (keep it outside the repository)")
    return ap


def print_counts(records: list[dict], keys: tuple[str, ...] = ("label", "system")) -> None:
    """One line per distinct value of ``keys`` among the records written, with how many chunks have it."""
    for values, n in sorted(Counter(tuple(r[k] for k in keys) for r in records).items()):
        print("  " + " ".join(f"{v:<{w}}" for v, w in zip(values, (18, 32, 8))) + f" {n}")
