"""Speed and memory of the offline scan (figures, not a test).

Builds corpora of German news articles (the WMT documents of ../shared/data/wmt-de-dev.jsonl and
the seeds, repeated and shuffled into one .txt file per article) in a temporary folder, then runs
``python -m mtcheck scan CORPUS --no-html --quiet`` on each, as a subprocess, and prints wall time,
MB/s, articles/s and the peak resident memory (from ``os.wait4``: the largest process of the run,
workers included). The same text goes through ``hunspell -l -d de_DE`` for comparison.

    .venv/bin/python benchmarks/bench_scan.py                      # 2.5, 5 and 10 MB, --jobs 1 and 2
    .venv/bin/python benchmarks/bench_scan.py --mb 5 --jobs 1      # one size
    .venv/bin/python benchmarks/bench_scan.py --mb 1 --profile     # cProfile + time per rule, in process
    .venv/bin/python benchmarks/bench_scan.py --segment            # segment() on 1, 2, 4 MB: linear?
    .venv/bin/python benchmarks/bench_scan.py --big --mb 2.5 5 10  # one article per file: peak memory
    .venv/bin/python benchmarks/bench_scan.py --startup            # CPU of each start-up step, fresh process
                                                                   # (word tables cold, warm, off)

Before the scans run, mtcheck's sources are compiled to bytecode (``compileall``), as ``pip install``
does for an installed wheel: with ``PYTHONDONTWRITEBYTECODE=1`` and an editable install, every scan
process would otherwise compile them again (about 0.08 s of CPU per process).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMT = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"
SEEDS = ROOT / "seeds"
MB = 1_000_000


def source_articles() -> list[str]:
    """German articles: every WMT document (its segments as paragraphs) and the German seeds."""
    articles = []
    if WMT.is_file():
        for line in WMT.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc.get("lang") == "de":
                articles.append("\n\n".join(doc["sentences"]) + "\n")
    for seed in sorted(SEEDS.glob("*.txt")):
        articles.append(seed.read_text(encoding="utf-8"))
    if not articles:
        sys.exit("no source articles: need ../shared/data/wmt-de-dev.jsonl or seeds/")
    return articles


def build_corpus(folder: Path, megabytes: float, seed: int = 1) -> tuple[int, int]:
    """Write shuffled copies of the source articles, 500 files per sub-folder, until the corpus
    holds ``megabytes`` of UTF-8. Returns (bytes, articles)."""
    rng = random.Random(seed)
    pool = source_articles()
    target = int(megabytes * MB)
    size = count = 0
    order: list[str] = []
    while size < target:
        if not order:
            order = pool[:]
            rng.shuffle(order)
        data = order.pop().encode("utf-8")
        sub = folder / f"part{count // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article{count:06d}.txt").write_bytes(data)
        size += len(data)
        count += 1
    return size, count


def run_measured(cmd: list[str]) -> tuple[float, float, int, int]:
    """Run ``cmd``; return (wall seconds, CPU seconds, exit status, peak RSS in MB of its largest
    process). CPU time (user + system, workers included) is what to read on a busy machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        print(stderr[-2000:], file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, proc.returncode, usage.ru_maxrss // 1024  # ru_maxrss is in kB on Linux


def bench_scan(sizes: list[float], jobs: list[int], keep: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="mtcheck-bench-"))
    try:
        print(f"{'corpus':>8} {'articles':>8} {'jobs':>4} {'wall s':>7} {'CPU s':>7} {'MB/s':>6} "
              f"{'MB/CPU-s':>8} {'articles/s':>10} {'peak RSS MB':>11}")
        hunspell_rows = []
        for megabytes in sizes:
            corpus = tmp / f"corpus-{megabytes}MB"
            size, count = build_corpus(corpus, megabytes)
            for n in jobs:
                out = tmp / f"out-{megabytes}-{n}"
                cmd = [sys.executable, "-m", "mtcheck", "scan", str(corpus), "--no-html", "--quiet",
                       "--jobs", str(n), "--out", str(out)]
                wall, cpu, code, rss = run_measured(cmd)
                findings = (out / "findings.jsonl").read_text(encoding="utf-8").count('"type": "finding"')
                print(f"{size / MB:7.1f}M {count:8d} {n:4d} {wall:7.1f} {cpu:7.1f} {size / MB / wall:6.2f} "
                      f"{size / MB / cpu:8.2f} {count / wall:10.1f} {rss:11d}   (exit {code}, {findings} findings)")
            hunspell_rows.append((size, bench_hunspell(corpus, tmp)))
        print()
        for size, result in hunspell_rows:
            if result is None:
                print("hunspell: not installed (apt-get install -y hunspell hunspell-de-de)")
                break
            wall, cpu, rss = result
            print(f"hunspell -l -d de_DE on the same {size / MB:.1f} MB: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                  f"{size / MB / wall:.2f} MB/s, {size / MB / cpu:.2f} MB/CPU-s, peak RSS {rss} MB")
        if keep:
            print(f"corpora kept in {tmp}")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def bench_hunspell(corpus: Path, tmp: Path) -> tuple[float, float, int] | None:
    """``hunspell -l`` (list misspelled words) over the corpus as one stream, one process."""
    if shutil.which("hunspell") is None:
        return None
    joined = tmp / "joined.txt"
    with open(joined, "wb") as sink:
        for path in sorted(corpus.rglob("*.txt")):
            sink.write(path.read_bytes())
            sink.write(b"\n")
    start = time.perf_counter()
    with open(joined, "rb") as source:
        proc = subprocess.Popen(["hunspell", "-l", "-d", "de_DE", "-i", "utf-8"], stdin=source,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        print("hunspell failed:", proc.stderr.read().decode()[-500:], file=sys.stderr)
    joined.unlink()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def profile(megabytes: float) -> None:
    """In process: where the time goes (cProfile, top functions) and the time per rule."""
    import cProfile
    import pstats
    from collections import defaultdict

    sys.path.insert(0, str(ROOT))
    from mtcheck.pipeline.entity_index import build_index, count_names, default_references_dir
    from mtcheck.pipeline.language import identify
    from mtcheck.pipeline.records import Article
    from mtcheck.rules import Context, select_rules
    from mtcheck.pipeline.scan import ScanOptions, scan
    from mtcheck.pipeline.segment import segment
    from mtcheck.pipeline.style import assess

    tmp = Path(tempfile.mkdtemp(prefix="mtcheck-prof-"))
    try:
        size, count = build_corpus(tmp / "corpus", megabytes)
        options = ScanOptions(paths=[str(tmp / "corpus")], references=default_references_dir())
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        for _ in scan(options):
            pass
        profiler.disable()
        wall = time.perf_counter() - start
        print(f"in process, profiled: {size / MB:.1f} MB, {count} articles, {wall:.1f} s\n")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)

        # Time per stage and per rule, without the profiler's overhead.
        rules = select_rules()
        index = build_index(references=default_references_dir())
        texts = [p.read_text(encoding="utf-8") for p in sorted((tmp / "corpus").rglob("*.txt"))]
        stage = defaultdict(float)
        t0 = time.process_time()
        for text in texts:
            index.merge(count_names(text))
        stage["pass 1: count_names (entity index)"] = time.process_time() - t0
        per_rule = defaultdict(float)
        # Warm up on a few articles first: the language model and the word lists load on first use
        # (start-up, measured separately below), which would otherwise be charged to one stage.
        for text in texts[:20]:
            lang, _ = identify(text)
            ctx = Context(article=Article(path="x.txt", text=text, lang=lang), doc=segment(text), lang=lang,
                          entities=index)
            for rule in rules:
                if rule.applies_to(lang):
                    list(rule.check(ctx))
            assess(ctx.article, ctx.doc)
        import gc

        from mtcheck.pipeline.scan import BATCH, GC_YOUNG_THRESHOLD

        gc.freeze()  # as scan() does for its second pass, with its young-generation threshold
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        # Stage by stage over batches of articles, as scan.analyse_batch does: the languages of a batch first,
        # then each article's segments and rules, then the detector of each.

        for first in range(0, len(texts), BATCH):
            batch = texts[first:first + BATCH]
            t0 = time.process_time()  # CPU time: steady on a busy machine
            langs = [identify(text)[0] for text in batch]
            stage["identify"] += time.process_time() - t0
            prepared = []
            for text, lang in zip(batch, langs):
                t1 = time.process_time()
                doc = segment(text)
                for sentence in doc.sentences:  # build the words here, so that the first rule is not charged for them
                    sentence.words  # noqa: B018 - the rules read words; no rule of a scan builds the other tokens
                stage["segment+words"] += time.process_time() - t1
                ctx = Context(article=Article(path="x.txt", text=text, lang=lang), doc=doc, lang=lang,
                              entities=index)
                for rule in rules:
                    if rule.applies_to(lang):
                        r0 = time.process_time()
                        list(rule.check(ctx))
                        per_rule[f"{rule.code} {rule.name}"] += time.process_time() - r0
                prepared.append(ctx)
            for ctx in prepared:
                r0 = time.process_time()
                assess(ctx.article, ctx.doc)  # mt_probability, every sentence's score, the MT950 picks
                stage["detector (pipeline/style.assess)"] += time.process_time() - r0
        total = sum(stage.values()) + sum(per_rule.values())
        print(f"CPU time per stage and rule on {size / MB:.1f} MB (one core, warm, total {total:.2f} s "
              f"= {size / MB / total:.2f} MB/CPU-s):")
        for name, seconds in sorted([*stage.items(), *per_rule.items()], key=lambda kv: -kv[1]):
            print(f"  {name:<40} {seconds:7.2f} s  {100 * seconds / total:5.1f} %   {size / MB / seconds:8.1f} MB/s")
        one = tmp / "one"
        one.mkdir()
        (one / "a.txt").write_text(texts[0], encoding="utf-8")
        _, cpu, _, rss = run_measured([sys.executable, "-m", "mtcheck", "scan", str(one), "--no-html", "--quiet",
                                       "--out", str(tmp / "out-one")])
        print(f"start-up: a scan of one {len(texts[0].encode()) / 1000:.1f} kB article takes {cpu:.2f} s CPU, "
              f"peak RSS {rss} MB (imports, language model, word lists, gazetteers)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_segment() -> None:
    """segment() and the words on 1, 2 and 4 MB, four shapes of text: the time should double with the size."""
    sys.path.insert(0, str(ROOT))
    from mtcheck.pipeline.segment import segment

    base = "\n\n".join(source_articles()[:50])
    shapes = {
        "paragraphs": base,
        "one paragraph": base.replace("\n", " "),
        "no full stops": "wort " * 20_000,
        "one line, no spaces": "x" * 100_000,
    }
    for label, source in shapes.items():
        row = []
        for megabytes in (1, 2, 4):
            text = (source * (megabytes * MB // len(source) + 1))[: megabytes * MB]
            start = time.process_time()  # CPU time: steady on a busy machine
            doc = segment(text)
            for sentence in doc.sentences:
                sentence.words  # noqa: B018 - what a scan builds
            row.append(time.process_time() - start)
            del doc
        print(f"segment {label:<20} CPU: 1 MB {row[0]:5.2f} s   2 MB {row[1]:5.2f} s   4 MB {row[2]:5.2f} s   "
              f"(4 MB / 1 MB = {row[2] / row[0]:.1f}, linear = 4)")


def bench_big(sizes: list[float]) -> None:
    """One file, one article, of each size: CPU time and peak memory (it grows with the largest
    article, not with the corpus)."""
    tmp = Path(tempfile.mkdtemp(prefix="mtcheck-big-"))
    try:
        base = "\n\n".join(source_articles())
        for megabytes in sizes:
            data = (base * (int(megabytes * MB) // len(base.encode("utf-8")) + 1)).encode("utf-8")[: int(megabytes * MB)]
            path = tmp / f"big-{megabytes}MB.txt"
            path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))
            cmd = [sys.executable, "-m", "mtcheck", "scan", str(path), "--no-html", "--quiet",
                   "--max-bytes", str(len(data) + 1), "--out", str(tmp / "out")]
            wall, cpu, code, rss = run_measured(cmd)
            print(f"one article of {megabytes:4.1f} MB: {wall:6.1f} s wall {cpu:6.1f} s CPU "
                  f"{megabytes / cpu:5.2f} MB/CPU-s  peak RSS {rss:5d} MB   (exit {code})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# One fresh interpreter, the start-up steps of a scan in the order a scan meets them, CPU time of each.
STARTUP_STEPS = r"""
import time
t0 = last = time.process_time()
def lap(name):
    global last
    now = time.process_time()
    print(f"  {name:72s} {now - last:6.3f} s")
    last = now
import numpy; lap("import numpy")
import typer, typer._adapters; lap("import typer and pydantic (typer 0.29 coerces parameters with pydantic)")
import mtcheck.cli; lap("import mtcheck.cli (its own modules)")
import ftfy, langcodes; lap("import ftfy and langcodes (wordfreq's dependencies)")
import wordfreq; lap("import wordfreq (the rest)")
import mtcheck.rules; mtcheck.rules.all_rules(); lap("import the rule modules and the pipeline")
from mtcheck.pipeline import word_frequency as wf
for lang, name in (("de", "German"), ("en", "English")):
    path = wf.table_path(lang)
    had = path is not None and path.is_file()
    wf.zipf("warm-up", lang)
    if wf._TABLES[lang] is None:
        lap(f"{name} words: wordfreq's list and dictionary (table off or failed)")
    else:
        lap(f"{name} words: " + ("load the table from the cache" if had else "build the table and write it"))
from mtcheck.pipeline.language import identify; identify("Das ist ein Satz."); lap("py3langid's model (cached arrays, else its pickle) and a first identify")
from mtcheck.detector import load_detector; load_detector("de").info; lap("the detector's artefact")
print(f"  {'total':72s} {time.process_time() - t0:6.3f} s")
"""


def bench_startup() -> None:
    """CPU time of each start-up step of a scan process (the interpreter's own start not included),
    three times: with an empty cache folder (the word tables are built), again with that folder (they
    are loaded, as in every later scan), and with the tables off (wordfreq's dictionaries, as before)."""
    cache = tempfile.mkdtemp(prefix="mtcheck-startup-cache-")
    try:
        for title, switch in (("cold cache: the word tables are built", "on"),
                              ("warm cache: the word tables are loaded (every later scan)", "on"),
                              ("MTCHECK_WORD_TABLE=off: wordfreq's dictionaries", "off")):
            print(f"start-up steps of a scan, CPU time in a fresh process; {title}:")
            env = {**os.environ, "MTCHECK_CACHE_DIR": cache, "MTCHECK_WORD_TABLE": switch}
            subprocess.run([sys.executable, "-c", STARTUP_STEPS], cwd=ROOT, env=env, check=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def compile_sources() -> None:
    """Bytecode for mtcheck's sources, as an installed wheel has (see the module docstring)."""
    import compileall

    compileall.compile_dir(str(ROOT / "mtcheck"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[2.5, 5, 10], help="corpus sizes in MB")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to run")
    parser.add_argument("--profile", action="store_true", help="profile in process instead (first --mb size)")
    parser.add_argument("--segment", action="store_true", help="time segment() on 1, 2, 4 MB instead")
    parser.add_argument("--big", action="store_true", help="one file of each --mb size instead: peak memory")
    parser.add_argument("--keep", action="store_true", help="keep the corpora")
    parser.add_argument("--startup", action="store_true", help="CPU time of each start-up step instead")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    compile_sources()
    if args.startup:
        bench_startup()
    elif args.segment:
        bench_segment()
    elif args.big:
        bench_big(args.mb)
    elif args.profile:
        profile(args.mb[0])
    else:
        bench_scan(args.mb, args.jobs, args.keep)


if __name__ == "__main__":
    main()
