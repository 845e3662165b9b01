"""Build extra detector training rows from newstest2019 en-de: MT of two (optionally three) systems and two
(optionally three) human references of the same news documents (docs/detector.md, "More data").

    python scripts/build_detector_extra.py --snapshots /work/.mirror --leaderboard DIR \\
        --out /work/detdata/extra.jsonl
    # the 2.3.0 attempt (not shipped): the same plus M2M100 1.2B
    python scripts/build_detector_extra.py ... --out /work/detdata/extra-v3.jsonl \\
        --mt opus-mt-en-de-2020-02-26,opus-mt-tc-eng-deu-2021-12-08,m2m100-1.2B

Output: one JSON object per chunk, the schema of ``wmt-de-train.jsonl`` (``id``, ``label``, ``system``,
``testset``, ``lp``, ``domain``, ``doc_id``, ``group``, ``sentences``). ``group`` is
``newstest2019:en-de:<doc_id>:<chunk>``: every system's output and every reference of one source chunk share it,
so the group split of ``mtcheck.detector.train`` keeps them on one side.

Inputs (all public; newstest2019 only: nothing of newstest2020, generaltest2022/2023 or wmttest2024 is read):

- ``--snapshots``: a folder of fetched git snapshots (``owner+name/repo``, read with ``git show HEAD:path``):
  ``Helsinki-NLP/OPUS-MT-testsets`` (newstest2019 en-de English source and WMT reference; NTREX-128 German
  reference and ``DOCUMENT_IDS.tsv``, the document of every line; NTREX-128 is newstest2019's source
  re-translated by Microsoft, CC BY-SA 4.0) and, only with ``--refs ...,ref-google-ar``,
  ``google/wmt19-paraphrased-references`` (``wmt19-ende-ar.ref``, an additional professional reference,
  Apache-2.0; tried, not in candidate B).
- ``--leaderboard``: a folder holding the system outputs at their paths in ``Helsinki-NLP/OPUS-MT-leaderboard``
  or ``Helsinki-NLP/External-MT-leaderboard`` (the paths do not overlap; checked out of blob-less clones, the
  repositories are 7-10 GB; docs/detector.md, "More data"), see ``MT_FILES``; ``--mt`` picks the systems
  (default: the two OPUS-MT systems of candidate B, detector 2.2.0). All are translations of the same 1,997
  English lines (ntrex128's English source is newstest2019's, byte for byte). The sha256 of the files used are
  listed; a differing file is reported (the rows then differ too).

Document boundaries come from NTREX's ``DOCUMENT_IDS.tsv`` (123 documents); chunks follow the rule of
``../shared/data/build/build_wmt_de_train.py``: at most 10 segments / 1,800 source characters, a tiny tail merged
into the previous chunk.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mtcheck.detector.snapshots import (builder_parser, chunk_records, chunk_runs, leaderboard_lines, print_counts,
                                        snapshot_text, split_lines, write_built)

TESTSETS = "Helsinki-NLP+OPUS-MT-testsets"
GOOGLE = "google+wmt19-paraphrased-references"
SRC = (TESTSETS, "testsets/eng-deu/newstest2019.eng")
DOC_IDS = (TESTSETS, "datasets/microsoft/ntrex/NTREX/DOCUMENT_IDS.tsv")
REFS = {  # system name -> (snapshot, path): human translations of the same English lines
    "ref-wmt19": (TESTSETS, "testsets/eng-deu/newstest2019.deu"),
    "ref-ntrex128": (TESTSETS, "datasets/microsoft/ntrex/NTREX/NTREX-128/newstest2019-ref.deu.txt"),
    "ref-google-ar": (GOOGLE, "wmt19/ende/wmt19-ende-ar.ref"),
}
LEADERBOARD = "Helsinki-NLP/OPUS-MT-leaderboard"
EXTERNAL = "Helsinki-NLP/External-MT-leaderboard"
MT_FILES = {  # system name -> (repository, path in it, commit seen, sha256 of the file used)
    "opus-mt-en-de-2020-02-26": (
        LEADERBOARD, "models/OPUS-MT-models/en-de/opus-2020-02-26/newstest2019.eng-deu.output",
        "7b5f113acf67873cccf2172206b8568cd781d180",
        "2e7f4b6dc1c105b3125c3fd4175613fa909dcef4c4748292b5e10e6e3f962c11"),
    "opus-mt-tc-eng-deu-2021-12-08": (
        LEADERBOARD, "models/Tatoeba-MT-models/eng-deu/opusTCv20210807+bt-2021-12-08/ntrex128.eng-deu.output",
        "1c736042c32f06253502bf8fde350c4fe3bad1a6",
        "3a3bb34a09efe1e779979700156bb17c86b1d529f6f91561195990007379ce16"),
    # M2M100 1.2B (Facebook, MIT licence), a non-OPUS system: tried for 2.3.0 (docs/detector.md, "More data")
    "m2m100-1.2B": (
        EXTERNAL, "models/huggingface/facebook/m2m100_1.2B/newstest2019.eng-deu.output",
        "fcf585002e9351dd412475b76eeba173b6050f82",
        "805556d12e23b866d8e411c376b1f86e6e7d7f70203635cfee5c0cf2a1111e78"),
}
DEFAULT_MT = ("opus-mt-en-de-2020-02-26", "opus-mt-tc-eng-deu-2021-12-08")  # candidate B (detector 2.2.0)
DEFAULT_REFS = ("ref-wmt19", "ref-ntrex128")  # candidate B of docs/detector.md, "More data" (detector 2.2.0)
N_LINES = 1997
TESTSET, LP, DOMAIN = "newstest2019", "en-de", "news"


def snapshot_lines(snapshots: Path, repo: str, path: str) -> tuple[list[str], str]:
    """Lines of a file at HEAD of a fetched snapshot (newstest2019's line count checked), and the commit read."""
    text, commit = snapshot_text(snapshots, repo, path)
    return split_lines(text, f"{snapshots / repo / 'repo'}:{path}", N_LINES), commit


def build(snapshots: Path, leaderboard: Path, refs: tuple[str, ...] = DEFAULT_REFS,
          mt: tuple[str, ...] = DEFAULT_MT) -> tuple[list[dict], dict]:
    unknown = sorted(set(refs) - set(REFS))
    if unknown:
        raise ValueError(f"unknown reference(s) {unknown}; known: {sorted(REFS)}")
    unknown = sorted(set(mt) - set(MT_FILES))
    if unknown:
        raise ValueError(f"unknown MT system(s) {unknown}; known: {sorted(MT_FILES)}")
    src, src_commit = snapshot_lines(snapshots, *SRC)
    doc_lines, _ = snapshot_lines(snapshots, *DOC_IDS)
    line_docs = [d.split("\t")[0].strip() for d in doc_lines]
    provenance: dict = {"source": {"repo": "Helsinki-NLP/OPUS-MT-testsets", "commit": src_commit, "path": SRC[1]},
                        "doc_ids": DOC_IDS[1], "human_translation": {}, "mt": {}}
    texts: dict[str, tuple[str, list[str]]] = {}
    for name in refs:
        repo, path = REFS[name]
        lines, commit = snapshot_lines(snapshots, repo, path)
        texts[name] = ("human_translation", lines)
        provenance["human_translation"][name] = {"repo": repo.replace("+", "/"), "commit": commit, "path": path}
    for name in mt:
        repo, path, commit, sha = MT_FILES[name]
        lines, got = leaderboard_lines(leaderboard, repo, path, commit, sha, N_LINES)
        texts[name] = ("mt", lines)
        provenance["mt"][name] = {"repo": repo, "commit": commit, "path": path, "sha256": got}
    records: list[dict] = []
    for doc, c, lines in chunk_runs(line_docs, [len(s) for s in src]):
        group = f"{TESTSET}:{LP}:{doc}:{c}"
        records += chunk_records(group, lines, texts, testset=TESTSET, lp=LP, domain=DOMAIN, doc_id=doc)
    return records, provenance


def main(argv: list[str] | None = None) -> int:
    ap = builder_parser(__doc__, "folder with the MT files at their paths in Helsinki-NLP/OPUS-MT-leaderboard or "
                                 "Helsinki-NLP/External-MT-leaderboard (the paths do not overlap)")
    ap.add_argument("--refs", default=",".join(DEFAULT_REFS),
                    help=f"human references to include, comma-separated, of {', '.join(REFS)} "
                         f"(default: candidate B of docs/detector.md, {','.join(DEFAULT_REFS)})")
    ap.add_argument("--mt", default=",".join(DEFAULT_MT),
                    help=f"MT systems to include, comma-separated, of {', '.join(MT_FILES)} "
                         f"(default: candidate B, {','.join(DEFAULT_MT)})")
    args = ap.parse_args(argv)
    refs = tuple(r.strip() for r in args.refs.split(",") if r.strip())
    mt = tuple(m.strip() for m in args.mt.split(",") if m.strip())
    records, provenance = build(args.snapshots, args.leaderboard, refs, mt)
    prov = write_built(args.out, records, provenance)
    print(f"wrote {args.out}: {len(records)} chunks, {len({r['group'] for r in records})} groups, "
          f"{len({r['doc_id'] for r in records})} documents; provenance in {prov}")
    print_counts(records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
