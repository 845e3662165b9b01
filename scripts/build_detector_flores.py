"""Build extra detector training rows from FLORES-200 devtest German: the professional German reference and one
OPUS-MT translation of the same 1,012 English lines (docs/detector.md, "Tried after 2.2.0: newstest2018 and
FLORES-200"; not shipped).

    python scripts/build_detector_flores.py --snapshots /work/.mirror --leaderboard DIR \\
        --out /work/detdata/extra-flores.jsonl [--domains wikinews]

FLORES-200 devtest (Meta, CC BY-SA 4.0) is English Wikinews, Wikivoyage and Wikibooks text translated by
professional translators; ``metadata_devtest.tsv`` gives the source URL (the document) and the domain of every
line. ``--domains`` picks the source domains (default all three; ``wikinews`` is the news part: ``domain`` news,
the others ``wiki``). Output: the schema of ``wmt-de-train.jsonl``; ``group`` is
``flores200-devtest:en-de:<url>:<chunk>``, shared by the reference and the MT of one source chunk, so
``mtcheck.detector.train``'s group split keeps them on one side. Chunks: the shared rule (at most 10 segments /
1,800 source characters of one document).

Inputs: ``--snapshots``: the fetched ``Helsinki-NLP/OPUS-MT-testsets`` snapshot (``datasets/facebook/flores/
flores200_dataset``); ``--leaderboard``: a folder with the MT file at its path in
``Helsinki-NLP/OPUS-MT-leaderboard`` (read page by page, too large to fetch; a differing sha256 is reported).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mtcheck.detector.snapshots import (builder_parser, chunk_records, chunk_runs, leaderboard_lines, print_counts,
                                        snapshot_text, split_lines, write_built)

TESTSETS = "Helsinki-NLP+OPUS-MT-testsets"
BASE = "datasets/facebook/flores/flores200_dataset"
SRC = f"{BASE}/devtest/eng_Latn.devtest"
REF = f"{BASE}/devtest/deu_Latn.devtest"
META = f"{BASE}/metadata_devtest.tsv"
MT_FILES = {  # system -> (repository, path, commit seen, sha256 of the file used)
    "opus-mt-tc-eng-deu-2021-12-08": (
        "Helsinki-NLP/OPUS-MT-leaderboard",
        "models/Tatoeba-MT-models/eng-deu/opusTCv20210807+bt-2021-12-08/flores200-devtest.eng-deu.output",
        "1c736042c32f06253502bf8fde350c4fe3bad1a6",
        "db3d87e6fc18eecac7e2976289b7e507c9f94eb6f8cdb842910432a93370170e"),
}
DOMAINS = ("wikinews", "wikivoyage", "wikibooks")
N_LINES = 1012
TESTSET, LP = "flores200-devtest", "en-de"


def build(snapshots: Path, leaderboard: Path, domains: tuple[str, ...] = DOMAINS) -> tuple[list[dict], dict]:
    unknown = sorted(set(domains) - set(DOMAINS))
    if unknown:
        raise ValueError(f"unknown domain(s) {unknown}; known: {', '.join(DOMAINS)}")
    src_text, commit = snapshot_text(snapshots, TESTSETS, SRC)
    src = split_lines(src_text, f"{TESTSETS}:{SRC}", N_LINES)
    ref = split_lines(snapshot_text(snapshots, TESTSETS, REF)[0], f"{TESTSETS}:{REF}", N_LINES)
    meta = split_lines(snapshot_text(snapshots, TESTSETS, META)[0], f"{TESTSETS}:{META}", N_LINES + 1)[1:]
    urls, doms = [], []
    for number, row in enumerate(meta, 2):
        cells = row.split("\t")
        if len(cells) < 2 or not cells[0].strip():
            raise ValueError(f"{TESTSETS}:{META}:{number}: no URL and domain")
        urls.append(cells[0].strip())
        doms.append(cells[1].strip())
    provenance: dict = {"source": {"repo": "Helsinki-NLP/OPUS-MT-testsets", "commit": commit, "path": SRC},
                        "reference": {"repo": "Helsinki-NLP/OPUS-MT-testsets", "commit": commit, "path": REF,
                                      "licence": "CC BY-SA 4.0"},
                        "metadata": META, "domains": list(domains), "mt": {}}
    texts: dict[str, tuple[str, list[str]]] = {"ref-flores200": ("human_translation", ref)}
    for name, (repo, path, seen, sha) in MT_FILES.items():
        lines, got = leaderboard_lines(leaderboard, repo, path, seen, sha, N_LINES)
        texts[name] = ("mt", lines)
        provenance["mt"][name] = {"repo": repo, "commit": seen, "path": path, "sha256": got}
    domain_of = dict(zip(urls, doms))
    records: list[dict] = []
    for doc, c, lines in chunk_runs(urls, [len(s) for s in src]):
        if domain_of[doc] not in domains:
            continue
        group = f"{TESTSET}:{LP}:{doc}:{c}"
        domain = "news" if domain_of[doc] == "wikinews" else "wiki"
        records += chunk_records(group, lines, texts, testset=TESTSET, lp=LP, domain=domain, doc_id=doc)
    return records, provenance


def main(argv: list[str] | None = None) -> int:
    ap = builder_parser(__doc__, "folder with the MT file at its path in Helsinki-NLP/OPUS-MT-leaderboard")
    ap.add_argument("--domains", default=",".join(DOMAINS), help=f"source domains, comma-separated, of {', '.join(DOMAINS)}")
    args = ap.parse_args(argv)
    domains = tuple(d.strip() for d in args.domains.split(",") if d.strip())
    records, provenance = build(args.snapshots, args.leaderboard, domains)
    prov = write_built(args.out, records, provenance)
    print(f"wrote {args.out}: {len(records)} chunks, {len({r['group'] for r in records})} groups; provenance in {prov}")
    print_counts(records, ("label", "system", "domain"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
