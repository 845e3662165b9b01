"""Training-data helpers shared by the builders in ``scripts/`` (``build_detector_extra.py`` for German,
``build_detector_nl.py`` for Dutch): reading a file from a fetched git snapshot, splitting a line-aligned test set
file into lines, and cutting the lines of each document into chunks by the rule of the shared WMT builder
(``../shared/data/build/build_wmt_de_train.py``). Not used at scan time."""

from __future__ import annotations

import subprocess
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
