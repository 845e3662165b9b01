"""The model stage's light side: no heavy import on the offline path, missing models, the cache,
suspect selection, alignment. No model is built here."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcheck.models.cache import ModelCache, make_key
from mtcheck.models.config import locate, opus_mt
from mtcheck.pipeline.records import Article, ArticleResult, Finding

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "comet", "huggingface_hub", "ctranslate2")
# Models missing from disk with the extra installed (the datatrove environment lacks the extra; that
# case is tests/test_models_extra_missing.py's).
needs_extra = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "comet")),
    reason="the models extra is not installed in this environment",
)


def _env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "MTCHECK_"))}
    env.update(HF_HUB_CACHE=str(tmp_path / "empty-hub"), MTCHECK_CACHE_DIR=str(tmp_path / "mtcheck-cache"),
               NO_COLOR="1", **extra)
    return env


def _run_cli(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter and report which heavy modules it imported."""
    code = (
        "import sys, json\n"
        "from mtcheck.cli import main\n"
        f"rc = main({list(args)!r})\n"
        f"print('HEAVY=' + json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env or _env(tmp_path),
                          capture_output=True, text=True, timeout=300)


def _heavy(proc: subprocess.CompletedProcess) -> list[str]:
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY=")][-1]
    return json.loads(line[len("HEAVY="):])


def _findings(out: Path) -> list[dict]:
    lines = [json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in lines if r["type"] != "run"]


def test_import_mtcheck_is_light(tmp_path):
    code = (
        "import sys, mtcheck, mtcheck.cli, mtcheck.cli.models, mtcheck.models.stage, mtcheck.models.config, "
        "mtcheck.models.suspects, mtcheck.models.cache, mtcheck.models.direction\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@needs_extra
def test_models_off_and_missing_auto_give_the_offline_results(tmp_path):
    off = _run_cli(tmp_path, "scan", "seeds", "--models", "off", "--out", str(tmp_path / "off"), "--no-html", "-q")
    assert off.returncode in (0, 1), off.stderr
    assert _heavy(off) == []
    assert "models:" not in off.stderr  # off says nothing

    auto = _run_cli(tmp_path, "scan", "seeds", "--out", str(tmp_path / "auto"), "--no-html", "--format", "jsonl")
    assert auto.returncode == off.returncode
    assert _heavy(auto) == []
    lines = [x for x in auto.stderr.splitlines() if x.startswith("mtcheck: models:")]
    assert len(lines) == 1
    assert "Unbabel/wmt22-comet-da" in lines[0] and "opus-mt" in lines[0] and "mtcheck models pull" in lines[0]
    assert _findings(tmp_path / "auto") == _findings(tmp_path / "off")
    run = json.loads((tmp_path / "auto" / "findings.jsonl").read_text().splitlines()[0])
    assert run["type"] == "run" and run["model_calls"]["translate"] == 0 and run["model_calls"]["comet"] == 0
    assert run["signature"].endswith("models:none")


@needs_extra
def test_models_require_with_a_model_missing_exits_2_naming_it(tmp_path):
    out = tmp_path / "req"
    proc = _run_cli(tmp_path, "scan", "seeds", "--models", "require", "--out", str(out), "--no-html")
    assert proc.returncode == 2
    assert "Unbabel/wmt22-comet-da" in proc.stderr and "mtcheck models pull" in proc.stderr
    assert not (out / "findings.jsonl").exists()  # nothing half-written
    assert _heavy(proc) == []


def test_models_list_says_what_is_missing(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mtcheck", "models", "list"], cwd=ROOT, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Helsinki-NLP/opus-mt-de-en" in proc.stdout and "Apache-2.0" in proc.stdout
    assert "CC-BY-NC-SA-4.0" in proc.stdout
    assert "no  (mtcheck models pull Unbabel/wmt22-comet-da)" in proc.stdout


# Locating models in a Hugging Face cache layout ---------------------------------------------------

def _fake_snapshot(hub: Path, repo_id: str, files: list[str]) -> Path:
    repo = hub / ("models--" + repo_id.replace("/", "--"))
    snap = repo / "snapshots" / ("a" * 40)
    for name in files:
        (snap / name).parent.mkdir(parents=True, exist_ok=True)
        (snap / name).write_text("x")
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text("a" * 40)
    return snap


def test_locate_needs_a_complete_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    _fake_snapshot(tmp_path, opus_mt("de", "en"), ["config.json", "source.spm"])  # no weights
    assert locate(opus_mt("de", "en")) is None
    _fake_snapshot(tmp_path, opus_mt("de", "en"), ["config.json", "source.spm", "pytorch_model.bin"])
    found = locate(opus_mt("de", "en"))
    assert found is not None and found.revision == "a" * 40 and found.tag.endswith("@" + "a" * 12)
    assert locate(opus_mt("nl", "en")) is None


# The result cache ----------------------------------------------------------------------------------

def test_cache_keys_depend_on_everything():
    base = make_key("translate", "m", "rev1", "beams=4", "Hallo Welt.")
    assert base == make_key("translate", "m", "rev1", "beams=4", "Hallo Welt.")
    for other in (make_key("translate", "m", "rev2", "beams=4", "Hallo Welt."),
                  make_key("translate", "m", "rev1", "beams=1", "Hallo Welt."),
                  make_key("translate", "m2", "rev1", "beams=4", "Hallo Welt."),
                  make_key("comet", "m", "rev1", "beams=4", "Hallo Welt."),
                  make_key("translate", "m", "rev1", "beams=4", "Hallo Welt!")):
        assert other != base


def _writer(path: str, start: int) -> None:
    cache = ModelCache(Path(path))
    for i in range(start, start + 200, 10):
        cache.put_many({f"k{j}": {"v": j} for j in range(i, i + 10)})
        cache.get_many([f"k{j}" for j in range(0, i)])
    cache.close()


def test_cache_is_safe_under_concurrent_writers(tmp_path):
    path = str(tmp_path / "c.sqlite")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, s)) for s in (0, 100, 200)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = ModelCache(Path(path))
    assert len(cache) == 400
    assert cache.get_many(["k0", "k399", "missing"]) == {"k0": {"v": 0}, "k399": {"v": 399}}


# Suspect selection and alignment ---------------------------------------------------------------------

def _result(text: str, findings: list[Finding]) -> ArticleResult:
    return ArticleResult(Article("a.txt", text, lang="de"), findings, 0.0, "clean")


def _finding(text: str, word: str, category: str = "garbled_entity") -> Finding:
    start = text.index(word)
    return Finding(start, start + len(word), word, "MT101", "x", category, "warning", 0.9, "m")


def test_suspects_are_the_sentences_with_evidence():
    from mtcheck.models.suspects import select

    text = "Elon Mask traf sich mit Putin. Das Wetter war gut heute. Kommentar hinterlassen Sie hier bitte."
    result = _result(text, [_finding(text, "Mask"), _finding(text, "Kommentar", "boilerplate")])
    chosen = select(result)
    assert [s.text for s in chosen] == ["Elon Mask traf sich mit Putin."]
    assert text[chosen[0].start:chosen[0].end] == chosen[0].text and chosen[0].rules == ("MT101",)
    assert len(select(result, everything=True)) == 3


def test_alignment_pairs_back_translations_with_the_original():
    from mtcheck.models.quality import align

    original = ["The bill passed the Senate on Tuesday.", "Musk met Putin in secret.", "It rained all day."]
    hyps = ["Musk met with Putin secretly.", "The law was dismissed by the Senate on Tuesday.", "Völlig anders."]
    got = align(hyps, original)
    assert [a.index for a in got] == [1, 0, None]
    assert got[0].chrf > got[2].chrf
