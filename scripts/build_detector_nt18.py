"""Build extra detector training rows from newstest2018 en-de: the WMT reference and one OPUS-MT translation
of the same 2,998 news lines (docs/detector.md, "Tried after 2.2.0: newstest2018 and
FLORES-200"; not shipped).

    python scripts/build_detector_nt18.py --snapshots /work/.mirror --leaderboard DIR \\
        --out /work/detdata/extra-nt18.jsonl [--origin en|all]

Output: the schema of ``wmt-de-train.jsonl`` (``id``, ``label``, ``system``, ``testset``, ``lp``, ``domain``,
``doc_id``, ``group``, ``sentences``); ``group`` is ``newstest2018:en-de:<run>:<chunk>`` and is shared by the
reference and the MT of one source chunk, so ``mtcheck.detector.train``'s group split keeps them on one side.
Train with ``--extra`` next to the newstest2019 file of ``build_detector_extra.py``.

newstest2018 is a mixed-direction set: about half of its documents were written in English and translated into
German by WMT's translators (the German side is a **human translation**), the other half were written in German
(the German side is the **original**; the English side is a translation). The plain-text files in
``Helsinki-NLP/OPUS-MT-testsets`` carry neither document ids nor the original language. The direction is
recovered from ``google/wmt19-paraphrased-references`` ``wmt18/ende/wmt18-ende-wmtp.ref``: a paraphrase of the
WMT reference of the English-original half only (1,500 lines, in test-set order). Its lines are aligned
monotonically to the 2,998 reference lines (dynamic programming over word-overlap similarity, ``align``); the
aligned lines form runs (documents are contiguous), runs of at least ``MIN_RUN`` lines are English-original,
everything else German-original. Document boundaries inside a run are unknown: a run is one pseudo-document
(``doc_id`` ``en-r<k>`` / ``de-r<k>``) cut into chunks by the shared rule (at most 10 segments / 1,800 source
characters).

- ``--origin en`` (default): only the English-original half: ``ref-wmt18`` as human_translation plus its MT.
- ``--origin all``: also the German-original half: ``original-de`` (the WMT "reference" there is the German
  source text) as human_original plus the MT of its English translation.

Inputs (all public; newstest2018 only, nothing of newstest2020, generaltest2022/2023 or wmttest2024 is read):
``--snapshots``: fetched snapshots of ``Helsinki-NLP/OPUS-MT-testsets`` (``testsets/eng-deu/newstest2018.eng``
/ ``.deu``) and ``google/wmt19-paraphrased-references``; ``--leaderboard``: a folder with the MT file at its path
in ``Helsinki-NLP/OPUS-MT-leaderboard`` (``MT_FILES``; the repository is too large to fetch, the file was read
page by page; a differing sha256 is reported).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

from mtcheck.detector.snapshots import (builder_parser, chunk_records, chunk_runs, leaderboard_lines, print_counts,
                                        snapshot_text, split_lines, write_built)

TESTSETS = "Helsinki-NLP+OPUS-MT-testsets"
GOOGLE = "google+wmt19-paraphrased-references"
SRC = (TESTSETS, "testsets/eng-deu/newstest2018.eng")
REF = (TESTSETS, "testsets/eng-deu/newstest2018.deu")
PARAPHRASE = (GOOGLE, "wmt18/ende/wmt18-ende-wmtp.ref")
MT_FILES = {  # system -> (repository, path, commit seen, sha256 of the file used)
    "opus-mt-tc-eng-deu-2021-12-08": (
        "Helsinki-NLP/OPUS-MT-leaderboard",
        "models/Tatoeba-MT-models/eng-deu/opusTCv20210807+bt-2021-12-08/newstest2018.eng-deu.output",
        "1c736042c32f06253502bf8fde350c4fe3bad1a6",
        "77896659d062b92e68f478cf954c6e2d6af2fad60d849c2293882750965c31a7"),
}
N_LINES, N_PARAPHRASE = 2998, 1500
MIN_RUN = 3  # shorter aligned runs are stray matches inside German-original documents (three singletons seen)
TESTSET, LP, DOMAIN = "newstest2018", "en-de", "news"


def _features(line: str) -> set[str]:
    low = line.lower()
    return set(re.findall(r"\w{4,}", low)) | set(re.findall(r"\d+", low))


def align(paraphrase: list[str], reference: list[str]) -> list[int]:
    """For each paraphrase line, the index of its reference line: the monotone one-to-one alignment with the
    highest summed similarity (shared words of >= 4 letters and numbers, cosine of the binary sets)."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}

    def rows(lines: list[str]):
        ind, ptr = [], [0]
        for line in lines:
            ind.extend(sorted(vocab.setdefault(w, len(vocab)) for w in _features(line)))
            ptr.append(len(ind))
        return ind, ptr

    pi, pp = rows(paraphrase)
    ri, rp = rows(reference)
    P = csr_matrix((np.ones(len(pi)), pi, pp), shape=(len(paraphrase), len(vocab)))
    R = csr_matrix((np.ones(len(ri)), ri, rp), shape=(len(reference), len(vocab)))
    norm_p = np.sqrt(np.maximum(np.diff(pp), 1))
    norm_r = np.sqrt(np.maximum(np.diff(rp), 1))
    S = (P @ R.T).toarray() / norm_p[:, None] / norm_r[None, :]
    n, m = S.shape
    # D[i][j]: best score with the first i paraphrase lines aligned into the first j reference lines;
    # D[i][j] = max(D[i][j-1], D[i-1][j-1] + S[i-1][j-1]), i.e. a running maximum over j.
    prev = np.zeros(m + 1)
    take = np.zeros((n + 1, m + 1), dtype=bool)
    for i in range(1, n + 1):
        cand = np.full(m + 1, -np.inf)
        cand[i:] = prev[i - 1:m] + S[i - 1, i - 1:m]
        cur = np.maximum.accumulate(cand)
        take[i] = (cand >= cur) & np.isfinite(cand)
        prev = cur
    out, i, j = [], n, m
    while i > 0:
        while not take[i, j]:
            j -= 1
        out.append(j - 1)
        i, j = i - 1, j - 1
    return out[::-1]


def origin_runs(aligned: list[int], n: int, min_run: int = MIN_RUN) -> list[str]:
    """The pseudo-document of every reference line: ``en-r<k>`` for the k-th run of >= ``min_run`` consecutive
    aligned lines (English-original), ``de-r<k>`` for the lines between them (German-original)."""
    runs: list[list[int]] = []
    for j in aligned:
        if runs and j == runs[-1][1] + 1:
            runs[-1][1] = j
        else:
            runs.append([j, j])
    en = [r for r in runs if r[1] - r[0] + 1 >= min_run]
    docs = [""] * n
    for k, (a, b) in enumerate(en):
        for j in range(a, b + 1):
            docs[j] = f"en-r{k:03d}"
    k = -1
    for j in range(n):
        if not docs[j]:
            if j == 0 or docs[j - 1].startswith("en-") or not docs[j - 1]:
                k += 1
            docs[j] = f"de-r{k:03d}"
    return docs


def build(snapshots: Path, leaderboard: Path, origin: str = "en",
          mt: tuple[str, ...] = tuple(MT_FILES)) -> tuple[list[dict], dict]:
    if origin not in ("en", "all"):
        raise ValueError(f"--origin must be en or all, not {origin!r}")
    src_text, commit = snapshot_text(snapshots, *SRC)
    src = split_lines(src_text, f"{SRC[0]}:{SRC[1]}", N_LINES)
    ref = split_lines(snapshot_text(snapshots, *REF)[0], f"{REF[0]}:{REF[1]}", N_LINES)
    par_text, par_commit = snapshot_text(snapshots, *PARAPHRASE)
    par = split_lines(par_text, f"{PARAPHRASE[0]}:{PARAPHRASE[1]}", N_PARAPHRASE)
    docs = origin_runs(align(par, ref), N_LINES)
    provenance: dict = {
        "source": {"repo": "Helsinki-NLP/OPUS-MT-testsets", "commit": commit, "path": SRC[1]},
        "reference": {"repo": "Helsinki-NLP/OPUS-MT-testsets", "commit": commit, "path": REF[1]},
        "origin_from": {"repo": "google/wmt19-paraphrased-references", "commit": par_commit,
                        "path": PARAPHRASE[1], "min_run": MIN_RUN},
        "origin": origin, "lines_english_original": sum(d.startswith("en-") for d in docs), "mt": {}}
    # The reference is a human translation in English-original documents and the German original in the others.
    texts = {True: {"ref-wmt18": ("human_translation", ref)}, False: {"original-de": ("human_original", ref)}}
    for name in mt:
        repo, path, seen, sha = MT_FILES[name]
        lines, got = leaderboard_lines(leaderboard, repo, path, seen, sha, N_LINES)
        for of_origin in texts.values():
            of_origin[name] = ("mt", lines)
        provenance["mt"][name] = {"repo": repo, "commit": seen, "path": path, "sha256": got}
    records: list[dict] = []
    for doc, c, lines in chunk_runs(docs, [len(s) for s in src]):
        english = doc.startswith("en-")
        if not english and origin == "en":
            continue
        group = f"{TESTSET}:{LP}:{doc}:{c}"
        records += chunk_records(group, lines, texts[english], testset=TESTSET, lp=LP, domain=DOMAIN, doc_id=doc)
    return records, provenance


def main(argv: list[str] | None = None) -> int:
    ap = builder_parser(__doc__, "folder with the MT file at its path in Helsinki-NLP/OPUS-MT-leaderboard")
    ap.add_argument("--origin", default="en", choices=("en", "all"),
                    help="en: English-original documents only (human translations); all: also German originals")
    args = ap.parse_args(argv)
    records, provenance = build(args.snapshots, args.leaderboard, args.origin)
    prov = write_built(args.out, records, provenance)
    print(f"wrote {args.out}: {len(records)} chunks, {len({r['group'] for r in records})} groups; "
          f"{provenance['lines_english_original']} English-original lines; provenance in {prov}")
    print_counts(records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
