"""Tiny models for the model-stage tests, built offline in seconds and installed into a fake Hugging
Face cache under the real repository ids, so that the production loading code runs unchanged.

- A toy German/English language (3 subjects x 4 verbs x 4 objects, "Die Frau mag das Schaf." /
  "The woman likes the sheep.") with one SentencePiece model for both sides.
- Marian models for de->en and en->de, each trained a couple of hundred AdamW steps so that they
  translate the toy vocabulary for real (the ``<pad>`` embedding row is kept at zero, as
  CTranslate2's converter assumes). Installed as Helsinki-NLP/opus-mt-de-en and -en-de.
- An XLM-R tokenizer (``tokenizer.json`` built with the tokenizers library: sentencepiece 0.2.3
  cannot convert a ``.model`` without protobuf 5) and tiny encoder configs, installed as
  ``xlm-roberta-large``, ``microsoft/infoxlm-large`` and ``facebook/xlm-roberta-xl``.
- COMET checkpoints: a RegressionMetric (Unbabel/wmt22-comet-da) whose estimator is set to score
  ``1 - tanh(8 * mean |mt - ref|)`` over the sentence embeddings, so that it really measures how far a
  hypothesis is from its reference (1.0 for identical text); a reference-free UnifiedMetric
  (Unbabel/wmt22-cometkiwi-da); and an XCOMETMetric (Unbabel/XCOMET-XL) whose tagging head is
  seeded random (comet only reports a span that ends before the last token, so "everything is an
  error" would report nothing).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = [("das Kind", "the child"), ("die Frau", "the woman"), ("der Mann", "the man")]
VERBS = [("sieht", "sees"), ("hört", "hears"), ("mag", "likes"), ("findet", "finds")]
OBJECTS = [("die Katze", "the cat"), ("das Pferd", "the horse"), ("die Maus", "the mouse"), ("das Schaf", "the sheep")]

TRAIN_STEPS = 220


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def toy_pairs() -> list[tuple[str, str]]:
    """All (German, English) sentence pairs of the toy language."""
    return [
        (_cap(f"{s[0]} {v[0]} {o[0]}."), _cap(f"{s[1]} {v[1]} {o[1]}."))
        for s in SUBJECTS for v in VERBS for o in OBJECTS
    ]


def train_spm(sentences: list[str], vocab_size: int = 90) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences), model_writer=model, vocab_size=vocab_size, model_type="unigram",
        normalization_rule_name="identity", hard_vocab_limit=False, minloglevel=2,
    )
    return model.getvalue()


def _pieces(spm_bytes: bytes) -> list[tuple[str, float]]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())
            if not sp.is_control(i) and not sp.is_unknown(i)]


def build_marian(folder: Path, spm_bytes: bytes, src: str, tgt: str, pairs: list[tuple[str, str]],
                 steps: int = TRAIN_STEPS, seed: int = 0) -> Path:
    """A Marian model with a real tokenizer; trained on ``pairs`` for ``steps`` steps when given."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.spm").write_bytes(spm_bytes)
    (folder / "target.spm").write_bytes(spm_bytes)
    vocab = {"</s>": 0, "<unk>": 1}
    for piece, _ in _pieces(spm_bytes):
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "MarianTokenizer", "source_lang": src, "target_lang": tgt, "model_max_length": 512}))
    tokenizer = MarianTokenizer.from_pretrained(str(folder))
    size, pad = len(vocab), vocab["<pad>"]
    config = MarianConfig(
        vocab_size=size, decoder_vocab_size=size, d_model=64, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=128, decoder_ffn_dim=128,
        max_position_embeddings=128, pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
        forced_eos_token_id=0, bad_words_ids=[[pad]], scale_embedding=True, share_encoder_decoder_embeddings=True,
        dropout=0.0, attention_dropout=0.0, activation_dropout=0.0, num_beams=1, max_length=128,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.model.shared.weight[pad] = 0  # CTranslate2's converter assumes a zero <pad> embedding
    if steps and pairs:
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # a model this small trains fastest on one thread (and shares the CPU)
        enc = tokenizer([p[0] for p in pairs], text_target=[p[1] for p in pairs], return_tensors="pt", padding=True)
        labels = enc["labels"].masked_fill(enc["labels"] == pad, -100)
        optimiser = torch.optim.AdamW(model.parameters(), lr=5e-3)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=5e-3, total_steps=steps)
        generator = torch.Generator().manual_seed(seed)
        model.train()
        for _ in range(steps):
            idx = torch.randint(0, len(pairs), (32,), generator=generator)
            loss = model(input_ids=enc["input_ids"][idx], attention_mask=enc["attention_mask"][idx],
                         labels=labels[idx]).loss
            optimiser.zero_grad()
            loss.backward()
            model.model.shared.weight.grad[pad] = 0
            optimiser.step()
            schedule.step()
        model.eval()
        torch.set_num_threads(threads)
    model.save_pretrained(str(folder))
    return folder


def build_xlmr_tokenizer(folder: Path, spm_bytes: bytes) -> int:
    """An XLM-R style fast tokenizer (special tokens first, like the real one); returns its size."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import XLMRobertaTokenizerFast

    vocab = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)] + _pieces(spm_bytes) + [("<mask>", 0.0)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    fast = XLMRobertaTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                                   cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    fast.save_pretrained(str(folder))
    return len(fast)


def build_encoder(folder: Path, spm_bytes: bytes, xl: bool = False) -> Path:
    from transformers import XLMRobertaConfig, XLMRobertaXLConfig

    folder.mkdir(parents=True, exist_ok=True)
    size = build_xlmr_tokenizer(folder, spm_bytes)
    cls = XLMRobertaXLConfig if xl else XLMRobertaConfig
    cls(vocab_size=size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=130, pad_token_id=1, bos_token_id=0, eos_token_id=2).save_pretrained(str(folder))
    return folder


def build_comet(folder: Path, kind: str, encoder_dir: Path, encoder_id: str) -> Path:
    """A COMET checkpoint of ``kind`` (regression | qe | xcomet) that names ``encoder_id``."""
    import pytorch_lightning
    import torch
    import yaml
    from comet.models import RegressionMetric, UnifiedMetric, XCOMETMetric

    torch.manual_seed(1)
    common = dict(pretrained_model=str(encoder_dir), load_pretrained_weights=False, hidden_sizes=[16],
                  dropout=0.0, local_files_only=True)
    if kind == "regression":
        model = RegressionMetric(encoder_model="XLM-RoBERTa", layer="mix", layer_transformation="softmax", **common)
        first, last = model.estimator.ff[0], model.estimator.ff[-1]
        d = model.encoder.output_units
        with torch.no_grad():  # score = 1 - tanh(8 * mean |mt - ref|): a real distance to the reference
            first.weight.zero_()
            first.bias.zero_()
            first.weight[0, 3 * d:4 * d] = 8.0 / d
            last.weight.zero_()
            last.bias.fill_(1.0)
            last.weight[0, 0] = -1.0
    elif kind == "qe":
        model = UnifiedMetric(encoder_model="XLM-RoBERTa", input_segments=["mt", "src"], word_level_training=False,
                              sent_layer="mix", word_layer=1, layer_transformation="softmax", **common)
    else:
        model = XCOMETMetric(encoder_model="XLM-RoBERTa-XL", word_layer=1, sent_layer="mix",
                             layer_transformation="softmax", **common)
        with torch.no_grad():  # a seeded random tagging head: a mix of O and error tags, so spans come out
            torch.manual_seed(1)
            model.hidden2tag.weight.normal_(0.0, 1.0)
            model.hidden2tag.bias.zero_()
    hparams = dict(model.hparams)
    hparams["pretrained_model"] = encoder_id
    (folder / "checkpoints").mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": model.state_dict(), "hyper_parameters": hparams, "epoch": 0, "global_step": 0,
                "pytorch-lightning_version": pytorch_lightning.__version__}, folder / "checkpoints" / "model.ckpt")
    (folder / "hparams.yaml").write_text(yaml.safe_dump(hparams), encoding="utf-8")
    return folder


def install(hub_cache: Path, repo_id: str, folder: Path) -> str:
    """Put ``folder`` into a Hugging Face cache layout under ``repo_id``; returns the revision."""
    revision = hashlib.sha1(repo_id.encode()).hexdigest()
    repo = hub_cache / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / revision
    if snapshot.exists():
        shutil.rmtree(snapshot)
    shutil.copytree(folder, snapshot)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(revision)
    return revision


@dataclass
class TinyModels:
    root: Path
    hub_cache: Path  # a full cache: MT both ways, COMET, QE, XCOMET
    build: Path  # the built folders, by name

    def cache_with(self, target: Path, *repo_ids: str) -> Path:
        """A second cache holding only some of the models (for the missing-model tests)."""
        for repo_id in repo_ids:
            name = "models--" + repo_id.replace("/", "--")
            shutil.copytree(self.hub_cache / name, target / name, symlinks=True)
        return target


MT_IDS = ("Helsinki-NLP/opus-mt-de-en", "Helsinki-NLP/opus-mt-en-de")
COMET_IDS = ("Unbabel/wmt22-comet-da", "xlm-roberta-large")


def build_all(root: Path) -> TinyModels:
    pairs = toy_pairs()
    sentences = [s for p in pairs for s in p]
    spm_bytes = train_spm(sentences)
    build = root / "build"
    hub = root / "hub"
    build_marian(build / "de-en", spm_bytes, "de", "en", pairs)
    build_marian(build / "en-de", spm_bytes, "en", "de", [(e, d) for d, e in pairs], seed=1)
    install(hub, "Helsinki-NLP/opus-mt-de-en", build / "de-en")
    install(hub, "Helsinki-NLP/opus-mt-en-de", build / "en-de")
    for encoder_id, name, xl in (("xlm-roberta-large", "xlmr", False), ("microsoft/infoxlm-large", "infoxlm", False),
                                 ("facebook/xlm-roberta-xl", "xlmr-xl", True)):
        build_encoder(build / name, spm_bytes, xl=xl)
        install(hub, encoder_id, build / name)
    for repo_id, kind, encoder_name, encoder_id in (
        ("Unbabel/wmt22-comet-da", "regression", "xlmr", "xlm-roberta-large"),
        ("Unbabel/wmt22-cometkiwi-da", "qe", "infoxlm", "microsoft/infoxlm-large"),
        ("Unbabel/XCOMET-XL", "xcomet", "xlmr-xl", "facebook/xlm-roberta-xl"),
    ):
        build_comet(build / kind, kind, build / encoder_name, encoder_id)
        install(hub, repo_id, build / kind)
    return TinyModels(root, hub, build)
