"""Model-stage figures (not a test): throughput of real-size models with random weights, model calls
per article, and the model time of the suspect-only stage against a naive all-sentences pipeline.

No pretrained weights can be downloaded here, but compute does not depend on the weights' values:
random weights of the real shapes give real timings. Random decoders rarely stop by themselves, so
output lengths are forced to 1.1 x the source length (what a real model produces, roughly).

    .venv/bin/python benchmarks/bench_models.py [--sentences 24] [--docs 6] [--beams 1]

Shapes: Marian as Helsinki-NLP/opus-mt-de-en (d_model 512, 6+6 layers, vocabulary 58,101);
COMET as Unbabel/wmt22-comet-da (xlm-roberta-large encoder, 24 layers, hidden 1024, vocabulary
250,002; estimator 3072-1024). Model calls per article are counted with the tiny test models
(tests/model_fixtures.py): the count depends on the suspects, not on the model size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
WMT = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"

from mtcheck import backtranslate  # noqa: E402
from mtcheck.models.config import Located, ModelSettings  # noqa: E402
from mtcheck.pipeline.records import ArticleResult  # noqa: E402


class ForcedLength(backtranslate.Translator):
    """Random weights never say </s>: stop each batch at 1.1 x its longest source, like a real model."""

    def _translate_batch(self, texts):
        longest = max(len(self.tokenizer(t)["input_ids"]) for t in texts)
        self.max_new_tokens = self.min_new_tokens = min(self.max_source, math.ceil(1.1 * longest) + 1)
        return super()._translate_batch(texts)


def wmt_docs():
    return [json.loads(line) for line in WMT.read_text(encoding="utf-8").splitlines()]


def build_marian(folder: Path, spm_bytes: bytes) -> Located:
    import torch
    from transformers import MarianConfig, MarianMTModel

    from model_fixtures import _pieces

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.spm").write_bytes(spm_bytes)
    (folder / "target.spm").write_bytes(spm_bytes)
    vocab = {"</s>": 0, "<unk>": 1}
    for piece, _ in _pieces(spm_bytes):
        vocab.setdefault(piece, len(vocab))
    while len(vocab) < 58100:  # the real vocabulary's size, so that the output layer costs what it does
        vocab[f"<extra_{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "MarianTokenizer"}))
    pad = vocab["<pad>"]
    config = MarianConfig(vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=512, encoder_layers=6,
                          decoder_layers=6, encoder_attention_heads=8, decoder_attention_heads=8,
                          encoder_ffn_dim=2048, decoder_ffn_dim=2048, max_position_embeddings=512,
                          pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, scale_embedding=True,
                          share_encoder_decoder_embeddings=True, activation_function="swish")
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.model.shared.weight[pad] = 0
    model.save_pretrained(str(folder))
    return Located(str(folder), folder, "random-weights")


def build_comet(folder: Path, spm_bytes: bytes):
    """A wmt22-comet-da-shaped scorer, built in memory (2.3 GB need not touch the disk)."""
    import torch
    import yaml
    from comet.models import RegressionMetric
    from transformers import XLMRobertaConfig

    from model_fixtures import build_xlmr_tokenizer
    from mtcheck.models.quality import CometScorer

    encoder = folder / "encoder"
    encoder.mkdir(parents=True, exist_ok=True)
    build_xlmr_tokenizer(encoder, spm_bytes)
    XLMRobertaConfig(vocab_size=250002, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                     intermediate_size=4096, max_position_embeddings=514, pad_token_id=1).save_pretrained(str(encoder))
    torch.manual_seed(0)
    model = RegressionMetric(pretrained_model=str(encoder), load_pretrained_weights=False, local_files_only=True,
                             hidden_sizes=[3072, 1024], layer="mix", layer_transformation="sparsemax")
    model.eval()
    (folder / "hparams.yaml").write_text(yaml.safe_dump({"class_identifier": "regression_metric"}))
    checkpoint = Located("bench/wmt22-comet-da-shape", folder, "random-weights")
    scorer = CometScorer(checkpoint, Located(str(encoder), encoder, "random-weights"), batch_size=16)
    scorer.model = model
    return checkpoint, scorer


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:6.1f}/s ({n} in {seconds:.1f} s)"


def offline_results(paths: list[str]) -> list[ArticleResult]:
    from mtcheck.pipeline.scan import ScanOptions, scan

    return [r for r in scan(ScanOptions(paths=paths)) if isinstance(r, ArticleResult)]


def calls_per_article(paths: list[str], label: str) -> None:
    """Model calls of the suspect-only stage, counted with the tiny test models."""
    from model_fixtures import build_all

    from mtcheck.models.stage import ModelStage

    with tempfile.TemporaryDirectory() as tmp:
        tiny = build_all(Path(tmp) / "tiny")
        os.environ["HF_HUB_CACHE"] = str(tiny.hub_cache)
        results = offline_results(paths)
        de = {("de", "en"): "Helsinki-NLP/opus-mt-de-en", ("en", "de"): "Helsinki-NLP/opus-mt-en-de",
              ("nl", "en"): "Helsinki-NLP/opus-mt-de-en", ("en", "nl"): "Helsinki-NLP/opus-mt-en-de"}
        for mode in ("suspects", "all"):
            stage = ModelStage(ModelSettings(mode="require", backtranslate=mode, mt_models=de,
                                             cache_path=Path(tmp) / f"{mode}.sqlite"), say=lambda _: None)
            stage.prepare()
            stage.process(results)
            n = len(results)
            c = stage.calls
            print(f"  {label:<22} {mode:<8} {n:4d} articles: translate {c['translate'] / n:6.2f}, "
                  f"comet {c['comet'] / n:5.2f}, logprob {c['logprob'] / n:6.2f} per article")
        del os.environ["HF_HUB_CACHE"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=24, help="sentences for the throughput figures")
    parser.add_argument("--docs", type=int, default=6, help="wmt-de-dev documents in the mixed corpus")
    parser.add_argument("--beams", type=int, default=1, help="beam size of the end-to-end runs")
    parser.add_argument("--backend", default="transformers", help="back-translation backend of the end-to-end runs")
    parser.add_argument("--parts", default="throughput,calls,e2e", help="which parts to run")
    args = parser.parse_args()

    import torch

    from model_fixtures import train_spm
    from mtcheck.models.stage import ModelStage

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cores")
    docs = wmt_docs()
    random.seed(0)
    german = [s for d in docs for s in d["sentences"] if len(s.split()) >= 5]
    english = [s for d in docs for s in d.get("source_sentences", [])]
    sample = random.sample(german, args.sentences)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        spm_bytes = train_spm(random.sample(german, 3000) + random.sample(english, min(3000, len(english))), 8000)
        fw = build_marian(tmp / "de-en", spm_bytes)
        bw = build_marian(tmp / "en-de", spm_bytes)
        comet_loc, scorer = build_comet(tmp / "comet", spm_bytes)
        print(f"built real-size random models in {time.perf_counter() - t:.0f} s")

        for backend in ("transformers", "ct2"):
            for beams in (1, 4):
                if "throughput" not in args.parts:
                    break
                if backend == "transformers" and beams == 1:
                    print("\nback-translation, opus-mt-de-en shape, CPU:")
                tr = ForcedLength(fw, "de", "en", backend=backend, beams=beams, batch_size=16).load()
                tr.translate(sample[:2])  # warm-up
                t = time.perf_counter()
                tr.translate(sample)
                print(f"  {backend:<12} beam {beams}: {rate(len(sample), time.perf_counter() - t)}")
        if "throughput" in args.parts:
            rows = [{"src": s, "mt": s, "ref": s} for s in sample]
            scorer.predict(rows[:2])
            t = time.perf_counter()
            scorer.predict(rows)
            print(f"COMET, wmt22-comet-da shape, batch 16: {rate(len(rows), time.perf_counter() - t)}")

        if "calls" in args.parts:
            print("\nmodel calls per article (suspects: sentences with evidence; all: every sentence):")
            seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
            calls_per_article(seeds, "seeds")
            calls_per_article([str(WMT)], "wmt-de-dev.jsonl")
        if "e2e" not in args.parts:
            return

        # End to end on a mixed corpus: the seeds plus documents of each wmt-de-dev label.
        mixed = tmp / "mixed.jsonl"
        by_label: dict[str, list] = {}
        for d in docs:
            by_label.setdefault(d["label"], []).append(d)
        chosen = [d for label in sorted(by_label) for d in by_label[label][: max(1, args.docs // len(by_label))]]
        mixed.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in chosen), encoding="utf-8")
        paths = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")) + [str(mixed)]
        backtranslate.Translator = ForcedLength  # the stage builds its translators from this name
        mt = {("de", "en"): str(fw.path), ("en", "de"): str(bw.path), ("nl", "en"): str(fw.path),
              ("en", "nl"): str(bw.path)}
        print(f"\nend to end, mixed corpus ({len(paths) - 1} seeds + {len(chosen)} wmt-de-dev documents), "
              f"beam {args.beams}, {args.backend}, CPU:")
        times = {}
        for mode in ("suspects", "all", "rescan"):
            results = offline_results(paths)
            rule_findings = {(r.article.key, f.start, f.end, f.rule) for r in results for f in r.findings}
            cache = tmp / ("suspects" if mode == "rescan" else mode)
            settings = ModelSettings(mode="require", backtranslate="suspects" if mode == "rescan" else mode,
                                     mt_models=mt, beams=args.beams, cache_path=cache / "models.sqlite",
                                     backend=args.backend,
                                     comet_model=None)  # the in-memory scorer is put in below
            stage = ModelStage(settings, say=lambda _: None)
            stage.prepare()
            stage.comet = (comet_loc, scorer.encoder)
            stage._scorers[comet_loc] = scorer
            t = time.perf_counter()
            stage.process(results)
            times[mode] = time.perf_counter() - t
            after = {(r.article.key, f.start, f.end, f.rule) for r in results for f in r.findings}
            sentences = sum(len([x for x in r.extras.get("records", []) if x["type"] == "sentence"]) for r in results)
            print(f"  {mode:<9} {sentences:4d} sentences, model time {times[mode]:7.1f} s, calls {stage.calls}, "
                  f"rule findings kept: {rule_findings <= after}")
            stage.finish()
        print(f"  naive / suspect-only model time: {times['all'] / times['suspects']:.1f}x")
        print(f"  first scan / rescan from cache:  {times['suspects'] / max(times['rescan'], 1e-9):.0f}x")


if __name__ == "__main__":
    main()
