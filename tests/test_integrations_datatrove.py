"""The datatrove step on real engines: datatrove's LocalPipelineExecutor (2 tasks) and its
RayPipelineExecutor on a local Ray (2 CPUs), reading with JsonlReader and writing with JsonlWriter.
The kept/dropped split and every document's score and verdict equal `mtcheck scan` on the same
documents (the seeds and a subset of wmt-de-dev.jsonl). Runs in the datatrove environment
(.venv-datatrove, `pip install .[datatrove,test]`); skipped where datatrove is not installed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from mtcheck.api import CorpusIndex  # noqa: E402
from mtcheck.cli import main  # noqa: E402
from mtcheck.integrations.datatrove import MTCheckAnnotator, MTCheckFilter, MTCheckIndexBuilder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
try:
    from mtcheck.detector import available_languages

    HAS_DE_DETECTOR = "de" in available_languages()
except ImportError:
    HAS_DE_DETECTOR = False
SEEDS = ROOT / "seeds"
WMT_DEV = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Two JSONL files (one per task): the five seeds and every fourth WMT document."""
    folder = tmp_path_factory.mktemp("corpus")
    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]
    if WMT_DEV.is_file():
        with open(WMT_DEV, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number % 4 == 0:
                    doc = json.loads(line)
                    records.append({"id": doc["id"], "text": "\n".join(doc["sentences"]), "lang": doc["lang"],
                                    "label": doc["label"]})
    for part, chunk in enumerate((records[0::2], records[1::2])):
        with open(folder / f"part-{part}.jsonl", "w", encoding="utf-8") as handle:
            for record in chunk:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


@pytest.fixture(scope="module")
def cli(corpus, tmp_path_factory) -> dict[str, dict]:
    """`mtcheck scan` on the same files: article record by id."""
    out = tmp_path_factory.mktemp("cli")
    files = sorted(str(p) for p in corpus.glob("*.jsonl"))
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["scan", *files, "--format", "jsonl", "--no-html", "--models", "off", "--quiet", "--out", str(out)])
    assert code == 1  # seed 000 is machine_translated
    articles = {r["id"]: r for r in map(json.loads, buffer.getvalue().splitlines()) if r["type"] == "article"}
    assert len(articles) >= 5
    return articles


@pytest.fixture(scope="module")
def index(corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("index") / "names.json"
    assert main(["index", "build", str(corpus), "-o", str(path)]) == 0
    return path


def read_docs(folder: Path) -> list[dict]:
    docs = []
    for path in sorted(folder.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            docs.extend(json.loads(line) for line in handle if line.strip())
    return docs


def pipeline(corpus: Path, out: Path, **filter_args) -> list:
    return [
        JsonlReader(str(corpus), glob_pattern="*.jsonl"),
        MTCheckFilter(exclusion_writer=JsonlWriter(str(out / "dropped"), compression=None), **filter_args),
        JsonlWriter(str(out / "kept"), compression=None),
    ]


def check_split(out: Path, cli: dict[str, dict]) -> dict:
    kept, dropped = read_docs(out / "kept"), read_docs(out / "dropped")
    assert len(kept) + len(dropped) == len(cli)
    assert {d["id"] for d in dropped} == {i for i, r in cli.items() if r["verdict"] == "machine_translated"}
    assert {d["id"] for d in kept} == {i for i, r in cli.items() if r["verdict"] != "machine_translated"}
    assert "000_a35475a38765537f" in {d["id"] for d in dropped}
    for doc in kept + dropped:
        meta, record = doc["metadata"]["mtcheck"], cli[doc["id"]]
        assert (meta["score"], meta["verdict"], meta["by_category"], meta["evidence"], meta["lang"]) == (
            record["score"], record["verdict"], record["by_category"], record["evidence"], record["lang"])
    assert all(d["metadata"]["filter_reason"] == "mtcheck_machine_translated" for d in dropped)
    return merged_stats(out / "logs")


def merged_stats(logs: Path) -> dict[str, float]:
    """Total of each stat of the mtcheck step over all tasks (datatrove's stats.json)."""
    stats = json.loads((logs / "stats.json").read_text())
    step = next(s for s in stats if "mtcheck" in s["name"])
    return {k: (v["total"] if isinstance(v, dict) else v) for k, v in step["stats"].items()}


def test_local_executor_two_tasks_split_equals_the_cli(corpus, cli, index, tmp_path):
    executor = LocalPipelineExecutor(pipeline(corpus, tmp_path, index_path=str(index)), tasks=2, workers=2,
                                     logging_dir=str(tmp_path / "logs"))
    executor.run()
    stats = check_split(tmp_path, cli)
    n_mt = sum(r["verdict"] == "machine_translated" for r in cli.values())
    assert stats["dropped"] == stats["mtcheck_dropped_machine_translated"] == n_mt
    assert stats["forwarded"] == len(cli) - n_mt
    assert stats["mtcheck_kept_clean"] == sum(r["verdict"] == "clean" for r in cli.values())
    assert stats["mtcheck_corpus_index_articles"] == 2 * len(cli)  # each of the 2 tasks loaded the whole index
    assert "mtcheck_no_corpus_index" not in stats


def test_without_an_index_the_stats_say_so(corpus, cli, tmp_path):
    executor = LocalPipelineExecutor(pipeline(corpus, tmp_path), tasks=2, workers=1,
                                     logging_dir=str(tmp_path / "logs"))
    executor.run()
    stats = merged_stats(tmp_path / "logs")
    assert stats["mtcheck_no_corpus_index"] == 2  # once per task
    assert stats["dropped"] >= 1  # seed 000 carries its damage in itself


def test_score_threshold_and_verdicts(corpus, cli, index, tmp_path):
    # Drop nothing by verdict, everything from score 0.3: suspect articles go too.
    executor = LocalPipelineExecutor(pipeline(corpus, tmp_path, index_path=str(index), drop_verdicts=(),
                                              drop_score=0.3), tasks=1, logging_dir=str(tmp_path / "logs"))
    executor.run()
    dropped = {d["id"] for d in read_docs(tmp_path / "dropped")}
    assert dropped == {i for i, r in cli.items() if r["score"] >= 0.3}
    with pytest.raises(ValueError, match="unknown verdicts"):
        MTCheckFilter(drop_verdicts=("mt",))


def test_annotator_keeps_every_document(corpus, cli, index, tmp_path):
    executor = LocalPipelineExecutor([
        JsonlReader(str(corpus), glob_pattern="*.jsonl"),
        MTCheckAnnotator(index_path=str(index), findings=True),
        JsonlWriter(str(tmp_path / "out"), compression=None),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs"))
    executor.run()
    docs = read_docs(tmp_path / "out")
    assert {d["id"] for d in docs} == set(cli)
    for doc in docs:
        meta = doc["metadata"]["mtcheck"]
        assert meta["verdict"] == cli[doc["id"]]["verdict"]
        assert len(meta["findings"]) == cli[doc["id"]]["findings"]
        assert all(doc["text"][f["start"]:f["end"]] == f["text"] for f in meta["findings"])
        if meta["lang"] == "de" and HAS_DE_DETECTOR:  # the learned detector, loaded once per task
            assert 0.0 <= meta["mt_probability"] <= 1.0


def test_index_builder_stage_writes_the_corpus_index(corpus, tmp_path):
    executor = LocalPipelineExecutor([
        JsonlReader(str(corpus), glob_pattern="*.jsonl"),
        MTCheckIndexBuilder(str(tmp_path / "index")),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs"))
    executor.run()
    assert len(list((tmp_path / "index").glob("*.json"))) == 2
    assert CorpusIndex.load(tmp_path / "index") == CorpusIndex.build_from_paths([corpus])


def test_ray_executor_two_tasks_split_equals_the_cli(corpus, cli, index, tmp_path):
    ray = pytest.importorskip("ray")
    from datatrove.executor import RayPipelineExecutor

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        executor = RayPipelineExecutor(pipeline(corpus, tmp_path, index_path=str(index)), tasks=2, workers=2,
                                       cpus_per_task=1, mem_per_cpu_gb=1, logging_dir=str(tmp_path / "logs"))
        executor.run()
    finally:
        ray.shutdown()
    stats = check_split(tmp_path, cli)
    assert stats["mtcheck_dropped_machine_translated"] == stats["dropped"]
