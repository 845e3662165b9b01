"""Build the Dutch training file of the MT-likeness detector (issue 8: "Dutch when data allows").

    python scripts/build_detector_nl.py --snapshots /work/.mirror --leaderboard /tmp/detnl/lb \\
        --out /work/detnl/nl-train.jsonl

Output: one JSON object per chunk in the schema of ``wmt-de-train.jsonl`` (``id``, ``label``, ``system``,
``testset``, ``lp``, ``domain``, ``doc_id``, ``group``, ``sentences``), for ``python -m mtcheck.detector.train
--lang nl``. ``group`` is the source chunk (``<testset>:en-nl:<doc>:<chunk>``): every system's output and every
reference of one English source chunk share it, so the group split of ``mtcheck.detector.train`` keeps them on
one side; a Dutch original's group is its article (``dpgmedia2019:nl:<publisher>-<id>``), so no article is
on both sides.

Inputs (all public; nothing is committed):

- ``--snapshots``: fetched git snapshots (``owner+name/repo``, read with ``git show HEAD:path``):
  ``Helsinki-NLP/OPUS-MT-testsets`` (NTREX-128: newstest2019's English source translated professionally into
  Dutch by Microsoft, ``DOCUMENT_IDS.tsv`` the document of every line, CC BY-SA 4.0; FLORES-200 devtest: English
  Wikinews/Wikivoyage/Wikibooks sentences translated professionally, ``metadata_devtest.tsv`` the source URL of
  every line, CC BY-SA 4.0) and ``dpgmedia/partisan-news2019`` (DpgMedia2019: Dutch news articles of DPG Media's
  titles, 2019, research use, no licence file; only the *tune* publishers of the precision benchmark
  (``TUNE_PUBLISHERS``, docs/eval.md) are read: AD and its regional titles are that benchmark's report part and
  stay out of training).
- ``--leaderboard``: a folder holding system outputs at their paths in ``Helsinki-NLP/OPUS-MT-leaderboard``
  (a 7 GB repository: single files copied out), see ``MT_FILES``. Each is the translation of the same English
  lines as the reference it is paired with; a file whose sha256 differs from the one used is reported.

Chunks follow ``../shared/data/build/build_wmt_de_train.py``'s rule: at most 10 segments / 1,800 source
characters of one document, a tiny tail merged into the previous chunk (``chunk_runs``). Originals are cut into
sentences with mtcheck's segmenter and chunked the same way on their own lengths.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mtcheck.detector.snapshots import (chunk_records, chunk_runs, leaderboard_lines, snapshot_text, split_lines,
                                        write_built)

TESTSETS = "Helsinki-NLP+OPUS-MT-testsets"
DPG = "dpgmedia+partisan-news2019"
LB_REPO = "Helsinki-NLP/OPUS-MT-leaderboard"

# testset -> (English source, Dutch reference, per-line document file, how a document id is read from its line)
TESTS = {
    "ntrex128": {"src": "datasets/microsoft/ntrex/NTREX/NTREX-128/newstest2019-ref.eng-US.txt",
                 "ref": "datasets/microsoft/ntrex/NTREX/NTREX-128/newstest2019-ref.nld.txt",
                 "docs": "datasets/microsoft/ntrex/NTREX/DOCUMENT_IDS.tsv", "doc_column": 0,
                 "header": False, "lines": 1997, "domain": "news", "ref_system": "ref-ntrex128"},
    "flores200-devtest": {"src": "datasets/facebook/flores/flores200_dataset/devtest/eng_Latn.devtest",
                          "ref": "datasets/facebook/flores/flores200_dataset/devtest/nld_Latn.devtest",
                          "docs": "datasets/facebook/flores/flores200_dataset/metadata_devtest.tsv",
                          "doc_column": 0, "header": True, "lines": 1012, "domain": None,
                          "ref_system": "ref-flores200"},
}
# system -> (testset, path in Helsinki-NLP/OPUS-MT-leaderboard, commit seen, sha256 of the file used)
MT_FILES = {
    "opus-mt-tc-eng-nld-opus+bt-2021-04-14": (
        "ntrex128", "models/Tatoeba-MT-models/eng-nld/opus+bt-2021-04-14/ntrex128.eng-nld.output",
        "90ae464ef0888c0e4c1053e5be393829df53c7c1",
        "93f461980e710b5494fa2630c1f7a52404f445c94276872f1a9f204b781c319d"),
    "opus-mt-tc-eng-nld-opus-2021-02-18": (
        "flores200-devtest", "models/Tatoeba-MT-models/eng-nld/opus-2021-02-18/flores200-devtest.eng-nld.output",
        "f362b6cad06fa3344aa300fce3796b6bbf4dd3d8",
        "48866c6e8e87eb9aef3fc81ecfc36c10c0cf00e6b5b6071635ddd48c2b280eb6"),
}
# DpgMedia2019 publishers of the precision benchmark's tune part (docs/eval.md, "human news at scale"); the
# others (AD and the regional titles that print AD's copy) are its report part and never enter training.
TUNE_PUBLISHERS = ("vk", "trouw", "parool")
DPG_ARTICLES = "dpgMedia2019-articles-byarticle.jsonl"
DPG_LABELS = "dpgMedia2019-labels-byarticle.jsonl"
LP = "en-nl"


def doc_ids(lines: list[str], column: int, header: bool, where: str, expected: int) -> list[str]:
    """The document of every line of a per-line metadata file (tab-separated, ``column``)."""
    rows = lines[1:] if header else lines
    if len(rows) != expected:
        raise ValueError(f"{where}: {len(rows)} rows, expected {expected}")
    out = []
    for number, row in enumerate(rows, 2 if header else 1):
        cells = row.split("\t")
        if len(cells) <= column or not cells[column].strip():
            raise ValueError(f"{where}:{number}: no document id in column {column}")
        out.append(cells[column].strip())
    return out


def flores_domain(url: str) -> str:
    """FLORES sources: Wikinews is news; Wikivoyage and Wikibooks are not."""
    return "news" if "wikinews" in url else "wiki"


def parallel_records(testset: str, src: list[str], docs: list[str], texts: dict[str, tuple[str, list[str]]],
                     domain_of=None, domain: str | None = None) -> list[dict]:
    """Chunk records of one test set: ``texts`` maps a system name to (label, its lines, aligned with
    ``src``). Every system of one source chunk shares the group."""
    records = []
    for doc, c, lines in chunk_runs(docs, [len(s) for s in src]):
        group = f"{testset}:{LP}:{doc}:{c}"
        dom = domain_of(doc) if domain_of else domain
        records += chunk_records(group, lines, texts, testset=testset, lp=LP, domain=dom, doc_id=doc)
    return records


def original_records(articles: list[dict], labels: dict[str, str], publishers=TUNE_PUBLISHERS) -> tuple[list[dict], Counter]:
    """Chunk records of the Dutch originals whose publisher is in ``publishers``; an article read twice (same
    id) counts once. Returns the records and how many articles were kept and left out, by reason."""
    from mtcheck.pipeline.segment import segment

    seen: set[str] = set()
    counts: Counter = Counter()
    records = []
    for art in articles:
        key = str(art.get("id", ""))
        publisher = labels.get(key)
        if publisher not in publishers:
            counts["other publisher" if publisher else "no publisher"] += 1
            continue
        if key in seen:
            counts["repeated"] += 1
            continue
        seen.add(key)
        title = (art.get("title") or "").strip()
        body = art.get("text") or ""
        sents = ([title] if title else []) + [s.text.strip() for s in segment(body).sentences if s.text.strip()]
        if not sents:
            counts["empty"] += 1
            continue
        counts["kept"] += 1
        doc = f"{publisher}-{key}"
        for _, c, idx in chunk_runs([doc] * len(sents), [len(s) for s in sents]):
            group = f"dpgmedia2019:nl:{doc}"
            records.append({"id": f"{group}:{c}", "label": "human_original", "system": "original",
                            "testset": "dpgmedia2019", "lp": "nl", "domain": "news", "doc_id": doc,
                            "group": group, "sentences": [sents[k] for k in idx]})
    return records, counts


def read_jsonl_text(text: str, where: str) -> list[dict]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise ValueError(f"{where}:{number}: not JSON ({error.msg})") from None
    return out


def build(snapshots: Path, leaderboard: Path, with_originals: bool = True) -> tuple[list[dict], dict]:
    provenance: dict = {"parallel": {}, "mt": {}, "originals": None}
    records: list[dict] = []
    for testset, spec in TESTS.items():
        n = spec["lines"]
        src_text, commit = snapshot_text(snapshots, TESTSETS, spec["src"])
        src = split_lines(src_text, spec["src"], n)
        ref = split_lines(snapshot_text(snapshots, TESTSETS, spec["ref"])[0], spec["ref"], n)
        meta = split_lines(snapshot_text(snapshots, TESTSETS, spec["docs"])[0], spec["docs"])
        docs = doc_ids(meta, spec["doc_column"], spec["header"], spec["docs"], n)
        texts: dict[str, tuple[str, list[str]]] = {spec["ref_system"]: ("human_translation", ref)}
        provenance["parallel"][testset] = {"repo": TESTSETS.replace("+", "/"), "commit": commit,
                                           "source": spec["src"], "reference": spec["ref"], "docs": spec["docs"]}
        for name, (ts, path, seen_commit, sha) in MT_FILES.items():
            if ts != testset:
                continue
            lines, got = leaderboard_lines(leaderboard, LB_REPO, path, seen_commit, sha, n)
            texts[name] = ("mt", lines)
            provenance["mt"][name] = {"repo": LB_REPO, "commit": seen_commit, "path": path, "sha256": got,
                                      "testset": testset}
        domain_of = flores_domain if testset.startswith("flores") else None
        records += parallel_records(testset, src, docs, texts, domain_of=domain_of, domain=spec["domain"])
    if with_originals:
        art_text, commit = snapshot_text(snapshots, DPG, DPG_ARTICLES)
        lab_text, _ = snapshot_text(snapshots, DPG, DPG_LABELS)
        labels = {str(r["id"]): r.get("publisher") for r in read_jsonl_text(lab_text, DPG_LABELS)}
        originals, counts = original_records(read_jsonl_text(art_text, DPG_ARTICLES), labels)
        records += originals
        provenance["originals"] = {"repo": DPG.replace("+", "/"), "commit": commit,
                                   "files": [DPG_ARTICLES, DPG_LABELS], "publishers": list(TUNE_PUBLISHERS),
                                   "articles": dict(counts)}
    return records, provenance


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--snapshots", required=True, type=Path, help="folder of fetched git snapshots (owner+name/repo)")
    ap.add_argument("--leaderboard", required=True, type=Path,
                    help=f"folder with the MT files at their {LB_REPO} paths")
    ap.add_argument("--out", required=True, type=Path, help="JSONL to write (keep it outside the repository)")
    ap.add_argument("--no-originals", action="store_true", help="leave out the DpgMedia2019 originals")
    args = ap.parse_args(argv)
    records, provenance = build(args.snapshots, args.leaderboard, with_originals=not args.no_originals)
    prov = write_built(args.out, records, provenance)
    counts = Counter((r["label"], r["system"], r["domain"]) for r in records)
    chars = Counter()
    for r in records:
        chars[r["label"]] += sum(len(s) for s in r["sentences"])
    print(f"wrote {args.out}: {len(records)} chunks, {len({r['group'] for r in records})} groups, "
          f"{len({r['doc_id'] for r in records})} documents; provenance in {prov}")
    for (label, system, domain), n in sorted(counts.items()):
        print(f"  {label:<18} {system:<40} {domain:<5} {n}")
    print("  characters: " + ", ".join(f"{k} {v:,}" for k, v in sorted(chars.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
