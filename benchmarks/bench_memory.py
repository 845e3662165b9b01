"""Peak memory of a scan of one very large article (figures, not a test).

Writes one German text file of each size (the WMT documents of ../shared/data/wmt-de-dev.jsonl and
the German seeds, repeated; paragraphs kept) and scans it as a subprocess,
``python -m mtcheck scan FILE --quiet --max-bytes N`` (with the HTML report, and with ``--no-html``),
then prints the peak resident memory of the process (``os.wait4``), the same for a scan of one
small article (the start-up: word lists, language model), and the growth per character of the
article: ``(peak - start-up) / characters``, the figure the limit (20 bytes per character) is on.

    .venv/bin/python benchmarks/bench_memory.py                 # 10 and 100 MB
    .venv/bin/python benchmarks/bench_memory.py --mb 10 --no-html-only
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scan import ROOT, MB, source_articles  # noqa: E402


def measure(cmd: list[str]) -> tuple[float, int, int]:
    """(wall seconds, exit status, peak RSS in MB of the process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        print(proc.stderr.read().decode("utf-8", "replace")[-2000:], file=sys.stderr)
    return time.perf_counter() - start, code, usage.ru_maxrss // 1024


def write_article(path: Path, megabytes: float) -> int:
    """One article of about ``megabytes`` of UTF-8; returns its length in characters."""
    base = "\n\n".join(source_articles())
    target = int(megabytes * MB)
    repeats = target // len(base.encode("utf-8")) + 1
    with open(path, "w", encoding="utf-8") as handle:
        written = chars = 0
        for _ in range(repeats):
            piece = base + "\n\n"
            handle.write(piece)
            written += len(piece.encode("utf-8"))
            chars += len(piece)
            if written >= target:
                break
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[10, 100], help="article sizes in MB")
    parser.add_argument("--no-html-only", action="store_true", help="skip the runs with the HTML report")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mtcheck-mem-"))
    try:
        small = tmp / "small.txt"
        small.write_text(source_articles()[0], encoding="utf-8")
        base_cmd = [sys.executable, "-m", "mtcheck", "scan", "--quiet", "--models", "off", "--out", str(tmp / "out")]
        _, _, startup = measure(base_cmd + [str(small), "--no-html"])
        print(f"python {sys.version.split()[0]}; start-up (one small article): peak RSS {startup} MB")
        for megabytes in args.mb:
            path = tmp / f"big-{megabytes:g}MB.txt"
            chars = write_article(path, megabytes)
            size = path.stat().st_size
            for html in ([False] if args.no_html_only else [False, True]):
                cmd = base_cmd + [str(path), "--max-bytes", str(size + 1)] + ([] if html else ["--no-html"])
                wall, code, rss = measure(cmd)
                per_char = (rss - startup) * 1024 * 1024 / chars
                print(f"one article of {size / MB:6.1f} MB ({chars:,} chars), {'HTML   ' if html else 'no HTML'}: "
                      f"peak RSS {rss:6d} MB, {per_char:5.1f} bytes/char above start-up, "
                      f"{rss * 1024 * 1024 / chars:5.1f} bytes/char in all, {wall:6.1f} s (exit {code})", flush=True)
            path.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
