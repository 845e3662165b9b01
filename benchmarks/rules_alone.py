"""What a rule change costs in recall: chosen rules run alone on each document of a JSONL corpus (issue 12).

No detector, no corpus around the document: each document is its own corpus (an entity index of itself plus the
repository's gazetteers), so a rule's findings do not depend on which other documents were scanned. Counts, per
value of ``--label-field`` (e.g. ``mt`` / ``human_translation`` in wmt-de-train.jsonl), how many documents each rule
flags, and with ``--flags`` prints every finding with its context. Run it before and after a change to a rule's
guards: the documents lost on machine-translated text are the price of the false flags removed on human text.

    .venv/bin/python benchmarks/rules_alone.py /work/shared/data/wmt-de-train.jsonl --text-field sentences \\
        --rule MT104 --rule MT202 --rule MT301 [--keep label=mt] [--flags]

Reads the corpus as ``human_corpus.py`` does (``--text-field``, ``--title-field``, ``--keep``; a repeated record
once). The language is ``--lang`` (default de) for every document.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from human_corpus import _keep, read_jsonl  # noqa: E402

from mtcheck.pipeline.entity_index import build_index  # noqa: E402
from mtcheck.pipeline.records import Article  # noqa: E402
from mtcheck.pipeline.segment import segment  # noqa: E402
from mtcheck.rules import Context, run_rules, select_rules  # noqa: E402


def findings_of(text: str, lang: str, rules) -> list:
    index = build_index([text], references=ROOT / "references")
    ctx = Context(article=Article(path="doc", text=text, lang=lang), doc=segment(text), lang=lang, entities=index)
    return list(run_rules(ctx, rules))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a JSONL file")
    parser.add_argument("--rule", action="append", required=True, help="a rule code (repeatable)")
    parser.add_argument("--label-field", default="label", help="the field to count by (default label)")
    parser.add_argument("--text-field", default="text", help="the text, a string or a list of strings")
    parser.add_argument("--title-field", help="a title, put on its own line before the text")
    parser.add_argument("--keep", action="append", metavar="FIELD=V1,V2", help="only records with those values")
    parser.add_argument("--lang", default="de", help="the documents' language (default de)")
    parser.add_argument("--flags", action="store_true", help="each finding with its context")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus}: no such file")
    rules = select_rules(args.rule, preview=True)
    if not rules:
        raise SystemExit(f"--rule {args.rule}: no such rule")
    rows, _ = read_jsonl(args.corpus, args.label_field, args.text_field, args.title_field, None, _keep(args.keep))
    docs: Counter = Counter()
    flagged: dict[str, Counter] = defaultdict(Counter)
    for label, text, ident in rows:
        docs[label] += 1
        found = findings_of(text, args.lang, rules)
        for rule in sorted({f.rule for f in found}):
            flagged[label][rule] += 1
        if args.flags:
            for f in found:
                context = text[max(0, f.start - 70):f.end + 70].replace("\n", " ")
                print(f"{label} {ident} {f.rule} {text[f.start:f.end]!r}  ... {context} ...")
    for label in sorted(docs):
        counts = ", ".join(f"{rule} {flagged[label][rule]}" for rule in sorted(r.code for r in rules))
        print(f"{label}: {docs[label]} documents; documents flagged per rule: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
