"""Fuzz the scan in process: generated and mutated inputs through ingest, the rules, the score and
every output (JSONL records, HTML page and index, SARIF, GitHub, JUnit), checking what must hold:

- nothing raises (an unreadable input is a ``ScanError``, never an exception);
- every finding's offsets lie in the article and ``text[start:end] == finding.text``;
- every output is valid: JSON records load back (and are pure UTF-8), the HTML escapes the text
  (no ``<script`` or tag from the input survives), SARIF loads as JSON, JUnit parses as XML;
- the result is deterministic (every 10th input is scanned twice and compared).

Inputs: random bytes, mutated seeds (bit flips, byte insertions/deletions, splices), broken HTML
and JSONL, huge lines, odd Unicode (RTL marks, combining characters, lone surrogates, NUL, BOMs,
control characters), text in other encodings.

    .venv/bin/python benchmarks/fuzz.py --n 100000            # prints crashes found (exit 1 if any)
    .venv/bin/python benchmarks/fuzz.py --n 2000 --seed 7 --crashes /tmp/fuzz-crashes

Crashing inputs are written to ``--crashes`` (one file per distinct crash) to replay them.
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import json
import random
import re
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.outputs import github, junit, sarif  # noqa: E402
from mtcheck.outputs.html import HtmlReport, encode_page  # noqa: E402
from mtcheck.outputs.jsonl import _SURROGATE, dumps, result_records  # noqa: E402
from mtcheck.outputs.report import Summary  # noqa: E402
from mtcheck.pipeline.entity_index import build_index, default_references_dir  # noqa: E402
from mtcheck.pipeline.ingest import Source, load  # noqa: E402
from mtcheck.pipeline.records import Article, ArticleResult, ScanError  # noqa: E402
from mtcheck.pipeline.scan import analyse  # noqa: E402
from mtcheck.rules import select_rules  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ODD = ["\u200f", "\u202e", "\u200e", "\u2066", "\u0301", "\u0308", "\u20dd", "\ufeff", "\x00", "\u00ad",
       "\u200b", "\u2028", "\u2029", "\r", "\r\n", "\t", "\x0b", "\x1b", "\ud800", "\udfff", "\U0001f600",
       "\u05d0", "\u0627", "ß", "ẞ", "İ", "ﬁ", "Ⅻ", "‚", "„", "“", "”", "«", "»", "…", "–", "—", "<", ">", "&",
       "\"", "'", "</script>", "<!--", "]]>", "{{", "}}", "{%", "\\", "\\u0000"]
WORDS = ("Musk Mask Elon Tesla Putin Kreml Regierung sagte am Montag in a statement Für nächste Woche "
         "Lindsey GrahamRSC Senator. Anna Money Maker the of and Bundesregierung Schreibe einen Kommentar "
         "Berlin Washington Weißen Haus").split()


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


# --- generators ----------------------------------------------------------------------------------


def random_bytes(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    n = rng.choice([0, 1, 2, 10, 100, 1000, 5000])
    return bytes(rng.getrandbits(8) for _ in range(n)), rng.choice(["text", "html", "jsonl"])


def mutated_seed(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    text = rng.choice(seeds)
    start = rng.randrange(len(text))
    data = bytearray(text[start:start + rng.choice([200, 1000, 4000])].encode("utf-8"))
    for _ in range(rng.randint(1, 20)):
        op = rng.random()
        if not data:
            data += rng.choice(seeds)[:50].encode()
        pos = rng.randrange(len(data))
        if op < 0.3:
            data[pos] ^= 1 << rng.randrange(8)
        elif op < 0.5:
            data.insert(pos, rng.getrandbits(8))
        elif op < 0.7:
            del data[pos:pos + rng.randint(1, 10)]
        elif op < 0.85:
            data[pos:pos] = rng.choice(ODD).encode("utf-8", "surrogatepass")
        else:
            other = rng.choice(seeds).encode()
            o = rng.randrange(len(other))
            data[pos:pos] = other[o:o + rng.randint(1, 300)]
    return bytes(data), rng.choice(["text", "text", "html", "jsonl"])


def odd_unicode(rng: random.Random, seeds: list[str]) -> tuple[str, str]:
    parts = []
    for _ in range(rng.randint(1, 80)):
        r = rng.random()
        if r < 0.5:
            parts.append(rng.choice(WORDS))
        elif r < 0.8:
            parts.append(rng.choice(ODD))
        else:
            parts.append(chr(rng.choice([rng.randint(0, 0x2FF), rng.randint(0x300, 0xFFFF), rng.randint(0x10000, 0x10FFFF)])))
        parts.append(rng.choice([" ", "", ". ", "\n", "\n\n", ", "]))
    return "".join(parts), "str"


def broken_html(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    body = rng.choice(seeds)[: rng.choice([100, 1000, 3000])]
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p)
    page = (f"<!DOCTYPE html><html><head><title>{rng.choice(WORDS)}</title><script>var x='</p>';</script>"
            f"</head><body><nav><a href='/'>Start</a></nav><article>{paras}</article><footer>x</footer></body></html>")
    data = bytearray(page.encode("utf-8"))
    for _ in range(rng.randint(0, 15)):
        pos = rng.randrange(len(data))
        choice = rng.random()
        if choice < 0.4:
            del data[pos:pos + rng.randint(1, 40)]  # cut tags in half
        elif choice < 0.7:
            data[pos:pos] = rng.choice([b"<", b">", b"</article>", b"<![CDATA[", b"<!--", b"&#0;", b"&#xD800;",
                                        b"<script>", b"\x00", b"<p", b"&amp", b"<?xml?>", b"<svg onload=x>"])
        else:
            data[pos] = rng.getrandbits(8)
    return bytes(data), "html"


def broken_jsonl(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    lines = []
    for i in range(rng.randint(1, 6)):
        record = {"id": rng.choice([i, str(i), None, [i], {"a": 1}, "x" * 600]),
                  "text": rng.choice([rng.choice(seeds)[: rng.randint(0, 800)], None, 5, "", " ", ["a"],
                                      "\ud800 Musk Mask", "Musk\u0000Mask"]),
                  "lang": rng.choice(["de", "en", "xx", "DE", 3, None, "deu", "\u00e4\u00e4"])}
        if rng.random() < 0.2:
            record = {"sentences": [rng.choice(WORDS) for _ in range(rng.randint(0, 10))], "lang": "de"}
        line = json.dumps(record, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.3:
            pos = rng.randrange(len(line) + 1)
            line = line[:pos] + rng.choice(["", "}", "{", "\"", "\\", "\\ud800", "\x00", "\n", ",,"]) + line[pos + 1:]
        lines.append(line)
    if rng.random() < 0.1:
        lines.append(json.dumps([1, 2]))
    if rng.random() < 0.1:
        lines.append('{"type": "run", "tool": "mtcheck"}')
    return ("\n".join(lines) + rng.choice(["", "\n", "\r\n"])).encode("utf-8", "surrogatepass"), "jsonl"


def huge_line(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    unit = rng.choice(["Wort ", "Musk Mask ", "x", "Ä", " ", ".", "Für ", "a" * 50 + " ", "GrahamRSC "])
    n = rng.choice([10_000, 50_000, 200_000]) // len(unit)
    return (unit * n).encode("utf-8"), "text"


def other_encoding(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    text = rng.choice(seeds)[: rng.randint(10, 2000)]
    encoding = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "cp850", "utf-8-sig", "mixed"])
    if encoding == "mixed":
        raw = text.encode("utf-8")
        pos = rng.randrange(len(raw) + 1)
        return raw[:pos] + "Grüße aus Köln".encode("latin-1") + raw[pos:], "text"
    return text.encode(encoding, "replace"), "text"


GENERATORS = [(random_bytes, 10), (mutated_seed, 35), (odd_unicode, 20), (broken_html, 10), (broken_jsonl, 15),
              (huge_line, 1), (other_encoding, 9)]


# --- the checks ----------------------------------------------------------------------------------


class Violation(Exception):
    pass


def check(cond: bool, what: str) -> None:
    if not cond:
        raise Violation(what)


def run_one(data, kind, rules, index, report) -> list:
    """Ingest (or take the text as is), analyse, render every output; raise on any violation."""
    if kind == "str":
        items = [Article(path="fuzz.txt", text=data, source_format="text")] if data.strip() else []
    else:
        items = list(load(Source("-", kind, data=data), max_bytes=10_000_000))
    results = []
    for item in items:
        if isinstance(item, ScanError):
            check(isinstance(item.message, str) and item.message, "empty error message")
            results.append(item)
            continue
        result = analyse(item, rules, index)
        text = item.text
        for f in result.findings:
            check(0 <= f.start <= f.end <= len(text), f"{f.rule}: offsets {f.start}:{f.end} outside 0:{len(text)}")
            check(text[f.start:f.end] == f.text, f"{f.rule}: text[start:end] != finding text")
        check(0.0 <= result.score <= 1.0, "score outside [0, 1]")
        results.append(result)
    records = []
    for item in results:
        for record in result_records(item):
            line = dumps(record)  # what findings.jsonl and stdout get
            check(json.loads(line) == record, "JSON record does not load back")
            line.encode("utf-8")  # a lone surrogate would raise here
            records.append(record)
    summaries = []
    for item in results:
        if isinstance(item, ArticleResult):
            html = report.render_article(item)
            for bad in ("<script>alert", "<svg onload", "<img onerror"):
                check(bad not in html, f"unescaped {bad!r} on the page")
            encode_page(html)
            summaries.append(Summary(item.article.path, item.article.id, item.article.lang, item.words, item.score,
                                     item.verdict, {}, len(item.evidence), page="p.html"))
    report.summaries = summaries
    report.errors = [i for i in results if isinstance(i, ScanError)]
    encode_page(report.render_index())
    run = {"type": "run", "tool": "mtcheck", "version": "0", "signature": "fuzz"}
    ci = [run] + [{k: v for k, v in r.items() if k != "text"} if r["type"] == "article" else r for r in records]
    safe = lambda text: _SURROGATE.sub("\ufffd", text).encode("utf-8")  # noqa: E731 - as the report writes it
    json.loads(safe(sarif.render(ci, rules=rules)))
    safe(github.render(ci))
    ET.fromstring(safe(junit.render(ci).split("?>", 1)[1]))
    return results


def fingerprint(results) -> str:
    out = []
    for r in results:
        if isinstance(r, ScanError):
            out.append(("e", r.message, r.line))
        else:
            out.append((r.score, r.verdict, [(f.start, f.end, f.rule, f.message) for f in r.findings]))
    return hashlib.sha1(repr(out).encode("utf-8", "surrogatepass")).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="inputs to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crashes", type=Path, default=Path("/tmp/mtcheck-fuzz-crashes"), help="where reproducers go")
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which an input counts as a hang")
    parser.add_argument("--progress", type=int, default=5000, help="print a line every N inputs")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = seed_texts()
    rules = select_rules(None, None)
    index = build_index(seed_texts(), references=default_references_dir())
    report = HtmlReport(Path("/nonexistent"), signature="fuzz", rules=rules)
    generators = [g for g, w in GENERATORS for _ in range(w)]
    kinds: Counter = Counter()
    crashes: dict[str, tuple[int, str, str]] = {}
    counts: Counter = Counter()
    started = time.time()
    for i in range(args.n):
        gen = rng.choice(generators)
        data, kind = gen(rng, seeds)
        kinds[gen.__name__] += 1
        faulthandler.dump_traceback_later(args.slow, exit=False)  # where a slow input spends its time
        t0 = time.perf_counter()
        try:
            results = run_one(data, kind, rules, index, report)
            if i % 10 == 0:
                check(fingerprint(run_one(data, kind, rules, index, report)) == fingerprint(results),
                      "not deterministic: a second scan differs")
        except Exception as exc:  # noqa: BLE001 - a fuzzer counts every crash
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{tb[-1].filename.rsplit('/', 2)[-1]}:{tb[-1].lineno}" if tb else "?"
            key = f"{type(exc).__name__} at {where}: {re.sub(r'[0-9]+', 'N', str(exc))[:120]}"
            counts[key] += 1
            if key not in crashes:
                crashes[key] = (i, gen.__name__, traceback.format_exc())
                args.crashes.mkdir(parents=True, exist_ok=True)
                raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
                (args.crashes / f"crash-{len(crashes):03d}-{kind}.bin").write_bytes(raw)
        faulthandler.cancel_dump_traceback_later()
        took = time.perf_counter() - t0
        if took > args.slow:
            key = f"slow: an input took over {args.slow:g} s ({gen.__name__})"
            counts[key] += 1
            if key not in crashes:
                crashes[key] = (i, gen.__name__, f"{took:.1f} s, {len(data):,} chars/bytes\n")
                args.crashes.mkdir(parents=True, exist_ok=True)
                raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
                (args.crashes / f"slow-{i}-{kind}.bin").write_bytes(raw)
        if args.progress and (i + 1) % args.progress == 0:
            print(f"{i + 1:,} inputs, {sum(counts.values())} crashes ({len(crashes)} distinct), "
                  f"{time.time() - started:.0f} s", flush=True)
    elapsed = time.time() - started
    print(f"\nfuzz: {args.n:,} inputs (seed {args.seed}) in {elapsed:.0f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    if not crashes:
        print("no crash, no violation")
        return 0
    print(f"{sum(counts.values())} crashing inputs, {len(crashes)} distinct crashes (reproducers in {args.crashes}):")
    for key, (i, gen, tb) in crashes.items():
        print(f"\n[{counts[key]}x] {key}\n  first at input {i} ({gen})\n{tb}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
