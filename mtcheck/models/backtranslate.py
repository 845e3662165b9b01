"""Back-translation: Hugging Face seq2seq models (Marian/OPUS-MT, NLLB, M2M100), optionally run
through CTranslate2 (int8) for CPU speed.

Heavy imports (torch, transformers, ctranslate2) happen inside ``Translator.load``, never at module
import, and the caller sets the offline switches first (``model_config.set_offline``).

Batches are sorted by length so that padding is short; the device is CUDA when present, else the
CPU with one thread per core. ``score`` gives the length-normalised log-probability of a target
given a source by forced decoding (no generation), for ``direction.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from .config import Located, hub_cache_dir, is_local_dir, mtcheck_cache_dir

# NLLB names languages by ISO 639-3 plus script.
NLLB_CODES = {
    "de": "deu_Latn", "en": "eng_Latn", "nl": "nld_Latn", "fr": "fra_Latn", "es": "spa_Latn",
    "it": "ita_Latn", "pt": "por_Latn", "pl": "pol_Latn",
}

MAX_SOURCE_TOKENS = 256  # OPUS-MT was trained on sentences; longer inputs are truncated, not split


def pick_device(device: str = "auto") -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def length_batches(texts: list[str], size: int) -> list[list[int]]:
    """Indices of ``texts`` in batches of similar length (longest first), so that padding stays short."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    return [order[i : i + size] for i in range(0, len(order), size)]


class Translator:
    """One translation direction of one model."""

    def __init__(self, located: Located, src: str, tgt: str, *, backend: str = "transformers",
                 device: str = "auto", beams: int = 4, batch_size: int = 16, max_new_tokens: int = 256):
        self.located, self.src, self.tgt = located, src, tgt
        self.backend, self.device_choice = backend, device
        self.beams, self.batch_size, self.max_new_tokens = beams, batch_size, max_new_tokens
        self.min_new_tokens = 0  # benchmarks force output lengths on random-weight models
        self.tokenizer = self.model = self.ct2 = None
        self.family = "marian"

    # Loading -------------------------------------------------------------------------------
    def load(self) -> "Translator":
        if self.tokenizer is not None:
            return self
        import torch
        from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

        self.device = pick_device(self.device_choice)
        if self.device == "cpu":
            torch.set_num_threads(int(os.environ.get("MTCHECK_THREADS", os.cpu_count() or 1)))
        where = self._from_pretrained_args()
        config = AutoConfig.from_pretrained(*where[0], **where[1])
        with warnings.catch_warnings():  # MarianTokenizer recommends sacremoses, which it does not need here
            warnings.simplefilter("ignore")
            self.tokenizer = AutoTokenizer.from_pretrained(*where[0], **where[1])
        # Never ask for more positions than the model has (OPUS-MT: 512).
        positions = getattr(config, "max_position_embeddings", 512) or 512
        self.max_source = min(MAX_SOURCE_TOKENS, positions)
        self.max_new_tokens = min(self.max_new_tokens, positions - 2)
        name = type(self.tokenizer).__name__.lower()
        self.family = "nllb" if "nllb" in name else "m2m100" if config.model_type == "m2m_100" else "marian"
        if self.family != "marian":
            self.tokenizer.src_lang = self._code(self.src)
            if hasattr(self.tokenizer, "tgt_lang"):
                self.tokenizer.tgt_lang = self._code(self.tgt)
        if self.backend == "ct2":
            self._load_ct2()
        else:
            self.model = AutoModelForSeq2SeqLM.from_pretrained(*where[0], **where[1]).to(self.device).eval()
        return self

    def _from_pretrained_args(self) -> tuple[tuple, dict]:
        """A folder loads as itself; a hub id loads through the hub code from the local cache only."""
        if is_local_dir(self.located.model):
            return (str(self.located.path),), {}
        return (self.located.model,), {
            "cache_dir": str(hub_cache_dir()), "revision": self.located.revision, "local_files_only": True,
        }

    def _code(self, lang: str) -> str:
        return NLLB_CODES.get(lang, lang) if self.family == "nllb" else lang

    def _forced_bos(self) -> int | None:
        if self.family == "nllb":
            return self.tokenizer.convert_tokens_to_ids(self._code(self.tgt))
        if self.family == "m2m100":
            return self.tokenizer.get_lang_id(self.tgt)
        return None

    def _load_ct2(self) -> None:
        import ctranslate2

        target = ct2_dir(self.located)
        if not (target / "model.bin").is_file():
            convert_to_ct2(self.located, target)
        compute = "int8" if self.device == "cpu" else "int8_float16"
        threads = int(os.environ.get("MTCHECK_THREADS", os.cpu_count() or 1))
        self.ct2 = ctranslate2.Translator(str(target), device=self.device, compute_type=compute,
                                          intra_threads=threads if self.device == "cpu" else 0)

    # Translating -----------------------------------------------------------------------------
    def translate(self, texts: list[str]) -> list[str]:
        self.load()
        out: list[str] = [""] * len(texts)
        for batch in length_batches(texts, self.batch_size):
            for i, text in zip(batch, self._translate_batch([texts[i] for i in batch])):
                out[i] = text
        return out

    def _translate_batch(self, texts: list[str]) -> list[str]:
        if self.ct2 is not None:
            return self._translate_ct2(texts)
        import torch

        enc = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                             max_length=self.max_source).to(self.device)
        kwargs = {"num_beams": self.beams, "max_new_tokens": self.max_new_tokens}
        if self.min_new_tokens:
            kwargs["min_new_tokens"] = self.min_new_tokens
        if self._forced_bos() is not None:
            kwargs["forced_bos_token_id"] = self._forced_bos()
        with torch.inference_mode():
            generated = self.model.generate(**enc, **kwargs)
        return [t.strip() for t in self.tokenizer.batch_decode(generated, skip_special_tokens=True)]

    def _source_tokens(self, text: str) -> list[str]:
        ids = self.tokenizer(text, truncation=True, max_length=self.max_source)["input_ids"]
        return self.tokenizer.convert_ids_to_tokens(ids)

    def _translate_ct2(self, texts: list[str]) -> list[str]:
        sources = [self._source_tokens(t) for t in texts]
        prefix = [[self._code(self.tgt)]] * len(texts) if self.family != "marian" else None
        results = self.ct2.translate_batch(sources, beam_size=self.beams, max_decoding_length=self.max_new_tokens,
                                           min_decoding_length=self.min_new_tokens, target_prefix=prefix)
        out = []
        for result in results:
            ids = self.tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            out.append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return out

    # Forced decoding ---------------------------------------------------------------------------
    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        """Mean log-probability per target token of each target given its source (no generation)."""
        self.load()
        out: list[float] = [0.0] * len(sources)
        for batch in length_batches(sources, self.batch_size):
            values = self._score_batch([sources[i] for i in batch], [targets[i] for i in batch])
            for i, value in zip(batch, values):
                out[i] = value
        return out

    def _score_batch(self, sources: list[str], targets: list[str]) -> list[float]:
        if self.ct2 is not None:
            src = [self._source_tokens(s) for s in sources]
            tgt = [self.tokenizer.convert_ids_to_tokens(ids) for ids in self._target_ids(targets)]
            if self.family != "marian":  # the language token is given, not scored
                tgt = [t[1:] if t and t[0] == self._code(self.tgt) else t for t in tgt]
            results = self.ct2.score_batch(src, tgt)
            return [sum(r.log_probs) / max(len(r.log_probs), 1) for r in results]
        import torch

        enc = self.tokenizer(sources, text_target=targets, return_tensors="pt", padding=True, truncation=True,
                             max_length=self.max_source).to(self.device)
        labels = enc.pop("labels")
        labels = labels.masked_fill(labels == self.tokenizer.pad_token_id, -100)
        with torch.inference_mode():
            logits = self.model(**enc, labels=labels).logits
        logprobs = torch.log_softmax(logits.float(), dim=-1)
        mask = labels != -100
        picked = logprobs.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1) * mask
        return (picked.sum(-1) / mask.sum(-1).clamp(min=1)).tolist()

    def _target_ids(self, targets: list[str]) -> list[list[int]]:
        return self.tokenizer(text_target=targets, truncation=True, max_length=self.max_source)["input_ids"]


def ct2_dir(located: Located) -> Path:
    safe = located.model.strip("/").replace("/", "--").replace(os.sep, "--")
    return mtcheck_cache_dir() / "ct2" / f"{safe[-80:]}-{located.revision[:16]}-int8"


def convert_to_ct2(located: Located, target: Path, log: Callable[[str], None] | None = None) -> None:
    """Convert a transformers model to CTranslate2 (int8) once; concurrent scans race harmlessly
    (each converts into its own temporary folder, the first rename wins)."""
    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        TransformersConverter(str(located.path)).convert(str(tmp / "model"), quantization="int8", force=True)
        try:
            os.replace(tmp / "model", target)
        except OSError:
            if not (target / "model.bin").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
