"""Changed-only scan vs full scan in a generated repository of many articles (figures, not a test).

    .venv/bin/python benchmarks/bench_changed.py                 # 10,000 articles
    .venv/bin/python benchmarks/bench_changed.py --articles 2000 --dir /tmp/bench-repo

Generates a git repository of German articles (sentences drawn at random from the human
documents of ../shared/data/wmt-de-dev.jsonl and the human seeds, so that names recur across the
corpus as in a real news archive), commits it, then times with the installed ``mtcheck``:

1. a full scan of every article (``scan articles --no-html``);
2. the first changed-only scan after one new article is committed: it builds the corpus context
   cache (``.mtcheck-cache/context.sqlite``) from scratch;
3. the changed-only scan after another new article, three times (median): the normal CI case,
   with the cache warm (in CI, restore ``.mtcheck-cache/`` with actions/cache to get this).

Each figure is the wall time of the whole command, process start-up included.
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
HUMAN_SEEDS = ("002_adaef2065d6d3256.txt", "004_079101004b9092f1.txt")  # German, human-written
MT_SEED = "000_a35475a38765537f.txt"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def sentences() -> list[str]:
    pool: list[str] = []
    if WMT.is_file():
        with open(WMT, encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                if doc["label"] != "mt":
                    pool += [s for s in doc["sentences"] if len(s) > 30]
    for name in HUMAN_SEEDS:
        pool += [s for s in (SEEDS / name).read_text(encoding="utf-8").splitlines() if len(s) > 30]
    return pool


def generate(repo: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    pool = sentences()
    folder = repo / "articles"
    folder.mkdir(parents=True)
    for i in range(n):
        body = rng.sample(pool, rng.randint(12, 30))
        paragraphs = ["\n".join(body[j : j + 3]) for j in range(0, len(body), 3)]
        (folder / f"article-{i:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (repo / ".gitignore").write_text("/reports/\n/.mtcheck-cache/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{n} articles")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


def timed(repo: Path, *args: str) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "mtcheck", "scan", "--no-html", "--models", "off", "--format", "jsonl", "--out", "reports",
           *args]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=repo, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    articles = sum(1 for line in done.stdout.splitlines() if line.startswith('{"type": "article"'))
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return seconds, articles, done.stderr.strip()


def add_article(repo: Path, name: str, source: str) -> None:
    shutil.copy(SEEDS / source, repo / "articles" / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"ingest {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, help="where to build the repository (default: a temporary folder)")
    parser.add_argument("--skip-full", action="store_true", help="skip the (slow) full scan")
    args = parser.parse_args()

    base = args.dir or Path(tempfile.mkdtemp(prefix="mtcheck-bench-changed-"))
    repo = base / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    start = time.perf_counter()
    generate(repo, args.articles)
    print(f"generated and committed {args.articles:,} articles in {time.perf_counter() - start:.1f} s ({repo})")

    add_article(repo, "new-rewrite.txt", MT_SEED)
    cold, n, note = timed(repo, "--changed")
    print(f"changed-only scan, cache cold: {cold:6.2f} s  ({n} article scanned) | {note}")
    warm_runs = []
    for i in range(3):  # three new articles, one commit and one scan each: the median is the figure
        add_article(repo, f"new-human-{i}.txt", HUMAN_SEEDS[i % len(HUMAN_SEEDS)])
        seconds, n, note = timed(repo, "--changed")
        warm_runs.append(seconds)
    warm = sorted(warm_runs)[1]
    runs = ", ".join(f"{t:.2f}" for t in warm_runs)
    print(f"changed-only scan, cache warm: {warm:6.2f} s  (median of {runs}; {n} article scanned) | {note}")
    if not args.skip_full:
        full, n, _ = timed(repo, "articles")
        print(f"full scan:                     {full:6.2f} s  ({n:,} articles scanned)")
        print(f"speed-up of the warm changed-only scan over the full scan: {full / warm:.0f}x "
              f"(cold: {full / cold:.0f}x)")
    if args.dir is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
