"""CPU time of one mtcheck command under several code folders, run alternately (figures, not a test).

On a shared machine the load changes from one minute to the next: runs of "before" and "after" taken in turns, and
their medians, are the fair comparison. Each run is ``python -m mtcheck ARGS`` with ``PYTHONPATH`` set to the folder
(a checkout or a ``git archive`` of a commit) and that folder as the working directory; CPU = user + system from
``os.wait4``.

    .venv/bin/python benchmarks/bench_alternate.py 5 /tmp/before . -- scan CORPUS --no-html -q --jobs 1 --out /tmp/o

Compile each folder's sources first (``python -m compileall -q FOLDER/mtcheck``) when the machine sets
``PYTHONDONTWRITEBYTECODE``, as ``bench_scan.py`` does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys


def main() -> None:
    if "--" not in sys.argv or len(sys.argv) < 4:
        sys.exit(__doc__)
    i = sys.argv.index("--")
    rounds, folders, args = int(sys.argv[1]), [os.path.abspath(d) for d in sys.argv[2:i]], sys.argv[i + 1:]
    runs: dict[str, list[float]] = {d: [] for d in folders}
    for r in range(rounds):
        for d in folders:
            env = dict(os.environ, PYTHONPATH=d)
            proc = subprocess.Popen([sys.executable, "-m", "mtcheck", *args], env=env, cwd=d,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(proc.pid, 0)
            runs[d].append(usage.ru_utime + usage.ru_stime)
        print(f"round {r + 1}, load {os.getloadavg()[0]:.1f}: "
              + ", ".join(f"{d} {v[-1]:.2f} s" for d, v in runs.items()), flush=True)
    for d, v in runs.items():
        print(f"{d}: CPU s {', '.join(f'{x:.2f}' for x in v)}; median {statistics.median(v):.2f}")


if __name__ == "__main__":
    main()
