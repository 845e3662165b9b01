"""Throughput of the datatrove step (figures, not a test): 10 MB of German news through
``MTCheckFilter`` with 1 and 2 tasks, on datatrove's LocalPipelineExecutor and on its
RayPipelineExecutor (a local Ray, ``ray.init(num_cpus=2)``), against ``mtcheck scan --no-html`` on
the same text; and the cost of the index pass (``mtcheck index build``).

The corpus: the German side of ../shared/data/wmt-de-train.jsonl (news documents, sentences joined
by newlines), records in order until 10 MB of text, alternately into two JSONL files (one per task).

Each run is a subprocess. CPU time is that of every process of the run (the driver, the pool's
or Ray's workers, Ray's own services), read from /proc every 0.1 s while the run goes on and once at
its end; for the CLI from ``os.wait4``. Peak memory is the largest VmHWM of one process of the run
(a task's worker; with 1 local task, the driver, which runs the task). Run it in the datatrove
environment:

    .venv-datatrove/bin/python benchmarks/bench_datatrove.py              # everything, 10 MB
    .venv-datatrove/bin/python benchmarks/bench_datatrove.py --repeat 3    # medians of 3 alternating rounds
    .venv-datatrove/bin/python benchmarks/bench_datatrove.py --mb 2 --runs cli,local1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "wmt-de-train.jsonl"
WORK = Path(os.environ.get("MTCHECK_BENCH_DIR", "/tmp/mtcheck-bench-datatrove"))
TICK = os.sysconf("SC_CLK_TCK")


def build_corpus(mb: float) -> tuple[Path, int, int]:
    folder = WORK / f"corpus-{mb:g}mb"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        limit = int(mb * 1_000_000)
        size = 0
        parts = [open(folder / f"part-{i}.jsonl", "w", encoding="utf-8") for i in range(2)]
        n = 0
        with open(TRAIN, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                text = "\n".join(record["sentences"])
                parts[n % 2].write(json.dumps({"id": record["id"], "text": text, "lang": "de"}, ensure_ascii=False) + "\n")
                n += 1
                size += len(text.encode("utf-8"))
                if size >= limit:
                    break
        for part in parts:
            part.close()
    size, n = 0, 0
    for path in folder.glob("*.jsonl"):
        for line in open(path, encoding="utf-8"):
            size += len(json.loads(line)["text"].encode("utf-8"))
            n += 1
    return folder, size, n


# ----- measuring a tree of processes through /proc ---------------------------------------------

def _stat(pid: int) -> tuple[int, float] | None:
    try:
        raw = open(f"/proc/{pid}/stat").read()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK  # ppid, utime + stime


def _hwm(pid: int) -> int:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMonitor:
    """CPU seconds and peak memory of this process's descendants, sampled every ``interval``."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.cpu: dict[int, float] = {}
        self.hwm: dict[int, int] = {}
        self.own = 0.0  # the sampler's own CPU, taken off the driver's
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> None:
        me = os.getpid()
        parents: dict[int, int] = {}
        times: dict[int, float] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                got = _stat(int(name))
                if got:
                    parents[int(name)], times[int(name)] = got
        children: dict[int, list[int]] = {}
        for pid, ppid in parents.items():
            children.setdefault(ppid, []).append(pid)
        todo = list(children.get(me, []))
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, []))
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), times[pid])
            self.hwm[pid] = max(self.hwm.get(pid, 0), _hwm(pid))

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
        self.own = time.thread_time()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.sample()
        self._stop.set()
        self._thread.join()


def driver(mode: str, tasks: int, corpus: Path, index: Path, out: Path, detector: bool | None = None) -> dict:
    """One run of the step, in this process: returns wall, CPU and peak memory of the run."""
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from mtcheck.integrations.datatrove import MTCheckFilter

    steps = [
        JsonlReader(str(corpus), glob_pattern="*.jsonl"),
        MTCheckFilter(index_path=str(index), exclusion_writer=JsonlWriter(str(out / "dropped")), detector=detector),
        JsonlWriter(str(out / "kept")),
    ]
    if mode == "ray":
        import ray

        from datatrove.executor import RayPipelineExecutor

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
        executor = RayPipelineExecutor(steps, tasks=tasks, workers=tasks, cpus_per_task=1, mem_per_cpu_gb=1,
                                       logging_dir=str(out / "logs"))
    else:
        from datatrove.executor import LocalPipelineExecutor

        executor = LocalPipelineExecutor(steps, tasks=tasks, workers=tasks, logging_dir=str(out / "logs"))
    monitor = TreeMonitor()
    monitor.sample()
    before_children = dict(monitor.cpu)
    self_before = resource.getrusage(resource.RUSAGE_SELF)
    monitor.start()
    start = time.perf_counter()
    executor.run()
    wall = time.perf_counter() - start
    monitor.stop()
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    own = (self_after.ru_utime + self_after.ru_stime) - (self_before.ru_utime + self_before.ru_stime) - monitor.own
    children = sum(cpu - before_children.get(pid, 0.0) for pid, cpu in monitor.cpu.items())
    if mode == "ray":
        ray.shutdown()
    stats = json.loads((out / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "mtcheck" in s["name"])["stats"]
    total = lambda k: (step.get(k, {}).get("total", 0) if isinstance(step.get(k), dict) else step.get(k, 0))  # noqa: E731
    return {
        "wall": wall, "cpu": own + children, "cpu_driver": own, "cpu_others": children,
        "peak_rss": max([*monitor.hwm.values(), self_after.ru_maxrss * 1024]),
        "kept": total("forwarded"), "dropped": total("dropped"),
    }


def run_driver(mode: str, tasks: int, corpus: Path, index: Path, detector: bool = True) -> dict:
    out = WORK / f"out-{mode}-{tasks}-{int(detector)}"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    done = subprocess.run([sys.executable, __file__, "--driver", mode, str(tasks), str(corpus), str(index), str(out),
                           "auto" if detector else "off"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{mode} {tasks} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_cli(args: list[str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mtcheck", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"mtcheck {' '.join(args)} exited {code}: {proc.stderr.read().decode()[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss": usage.ru_maxrss * 1024}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--driver":
        mode, tasks, corpus, index, out, detector = sys.argv[2:8]
        print(json.dumps(driver(mode, int(tasks), Path(corpus), Path(index), Path(out),
                                None if detector == "auto" else False)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of all runs, alternating; medians reported")
    parser.add_argument("--runs", default="cli,index,local1,local2,ray1,ray2,local1-nodetector",
                        help="comma-separated; local1-nodetector: the step without the learned detector (as the CLI)")
    args = parser.parse_args()
    corpus, size, n = build_corpus(args.mb)
    mb = size / 1e6
    print(f"corpus: {mb:.2f} MB of text, {n} articles, 2 files ({corpus}); load average {os.getloadavg()[0]:.2f}")
    index = WORK / f"index-{args.mb:g}mb.json"
    rounds: list[dict[str, dict]] = []
    runs = args.runs.split(",")
    if not index.exists():
        run_cli(["index", "build", str(corpus), "-o", str(index)])  # the file the step runs need
    for _ in range(args.repeat):
        rows: dict[str, dict] = {}
        if "index" in runs:
            rows["index build"] = run_cli(["index", "build", str(corpus), "-o", str(index)])
        if "cli" in runs:
            rows["mtcheck scan --no-html"] = run_cli(["scan", str(corpus), "--no-html", "--quiet", "--models", "off",
                                                      "--out", str(WORK / "cli-out")])
        for name in ("local1", "local2", "ray1", "ray2"):
            if name in runs:
                mode, tasks = name[:-1], int(name[-1])
                rows[f"{mode} {tasks} task{'s' if tasks > 1 else ''}"] = run_driver(mode, tasks, corpus, index)
        if "local1-nodetector" in runs:
            rows["local 1 task, no detector"] = run_driver("local", 1, corpus, index, detector=False)
        rounds.append(rows)
    rows = {name: {key: statistics.median(r[name][key] for r in rounds) for key in rounds[0][name]}
            for name in rounds[0]}
    print(f"{args.repeat} round(s), medians; load average now {os.getloadavg()[0]:.2f}")
    print(f"{'run':<28}{'wall s':>8}{'CPU s':>8}{'MB/CPU-s':>10}{'MB/s wall':>11}{'peak RSS MB':>13}  kept/dropped")
    for name, r in rows.items():
        split = f"  {r['kept']}/{r['dropped']}" if "kept" in r else ""
        print(f"{name:<28}{r['wall']:>8.2f}{r['cpu']:>8.2f}{mb / r['cpu']:>10.3f}{mb / r['wall']:>11.3f}"
              f"{r['peak_rss'] / 2**20:>13.0f}{split}")
    for mode in ("local", "ray"):
        one, two = rows.get(f"{mode} 1 task"), rows.get(f"{mode} 2 tasks")
        if one and two:
            print(f"{mode}: 1 -> 2 tasks: {one['wall'] / two['wall']:.2f} times as fast (wall)")
    cli = rows.get("mtcheck scan --no-html")
    if cli:
        for name in ("local 1 task", "ray 1 task", "local 1 task, no detector"):
            if name in rows:
                extra = rows[name]["cpu"] / cli["cpu"] - 1
                with_index = (rows[name]["cpu"] + rows.get("index build", {}).get("cpu", 0)) / cli["cpu"] - 1
                print(f"{name}: CPU {extra:+.1%} against the CLI ({with_index:+.1%} with the index pass)")
    (WORK / "results.json").write_text(json.dumps({"mb": mb, "articles": n, "rows": rows, "rounds": rounds},
                                                  indent=2))


if __name__ == "__main__":
    main()
