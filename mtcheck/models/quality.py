"""Quality scores: COMET (unbabel-comet) and sacrebleu's chrF and BLEU, plus the sentence alignment of
back-translations with a source-language original.

COMET checkpoints load through ``comet.download_model`` (which, offline, only resolves the local hub
cache) and the checkpoint's own model class; the encoder the checkpoint names (``xlm-roberta-large``
for wmt22-comet-da) is resolved to its cached folder and passed as ``pretrained_model``, because
COMET would otherwise look it up through the hub library's import-time cache setting. Only its
config and tokenizer are read: COMET loads encoders with ``load_pretrained_weights=False`` and the
weights come from the checkpoint.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

from .config import Located, hub_cache_dir, is_local_dir

REFERENCE_FREE = {"unified_metric", "xcomet_metric", "referenceless_regression_metric"}


def _quiet_lightning() -> None:
    # comet resets these loggers when imported: set them after the import.
    for name in ("pytorch_lightning", "lightning.pytorch", "lightning_fabric", "lightning", "comet"):
        logging.getLogger(name).setLevel(logging.ERROR)


@dataclass
class CometOutput:
    scores: list[float]
    spans: list[list[dict]] | None = None  # XCOMET: error spans per segment, offsets into "mt"


class CometScorer:
    def __init__(self, checkpoint: Located, encoder: Located, *, device: str = "auto", batch_size: int = 16):
        self.checkpoint, self.encoder = checkpoint, encoder
        self.device_choice, self.batch_size = device, batch_size
        self.model = None
        self.class_identifier = _class_identifier(checkpoint)

    @property
    def reference_free(self) -> bool:
        return self.class_identifier in REFERENCE_FREE

    @property
    def has_spans(self) -> bool:
        return self.class_identifier in ("xcomet_metric", "unified_metric")

    def load(self) -> "CometScorer":
        if self.model is not None:
            return self
        import yaml

        with warnings.catch_warnings():  # torchmetrics' pkg_resources deprecation: not the user's concern
            warnings.simplefilter("ignore")
            import comet
            from comet.models import str2model
        _quiet_lightning()
        if is_local_dir(self.checkpoint.model):
            path = str(self.checkpoint.path / "checkpoints" / "model.ckpt")
        else:
            path = comet.download_model(self.checkpoint.model, saving_directory=str(hub_cache_dir()),
                                        local_files_only=True)
        with open(self.checkpoint.path / "hparams.yaml", encoding="utf-8") as handle:
            hparams = yaml.safe_load(handle)
        kwargs = dict(load_pretrained_weights=False, map_location="cpu", strict=False, local_files_only=True,
                      pretrained_model=str(self.encoder.path))
        if hparams.get("layer_transformation") == "sparsemax_patch":  # comet 2.2.4 workaround, as comet does
            kwargs["layer_transformation"] = "softmax"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.model = str2model[hparams["class_identifier"]].load_from_checkpoint(path, **kwargs)
        self.model.eval()
        _quiet_lightning()
        return self

    def predict(self, rows: list[dict]) -> CometOutput:
        """Score rows of {"src", "mt", "ref"} (no "ref" for a reference-free model)."""
        self.load()
        from .backtranslate import pick_device

        gpus = 1 if pick_device(self.device_choice) == "cuda" else 0
        with warnings.catch_warnings():  # Lightning's deprecation chatter
            warnings.simplefilter("ignore")
            output = self.model.predict(rows, batch_size=self.batch_size, gpus=gpus, progress_bar=False)
        spans = None
        metadata = getattr(output, "metadata", None)
        if metadata is not None and "error_spans" in metadata:
            spans = [list(s) for s in metadata["error_spans"]]
        return CometOutput([float(s) for s in output.scores], spans)


def _class_identifier(checkpoint: Located) -> str:
    for line in (checkpoint.path / "hparams.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("class_identifier:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    return "regression_metric"


# sacrebleu ------------------------------------------------------------------------------------------

_metrics: dict = {}


def _metric(name: str):
    if name not in _metrics:
        from sacrebleu.metrics import BLEU, CHRF

        _metrics["chrf"], _metrics["bleu"] = CHRF(), BLEU(effective_order=True)
    return _metrics[name]


def chrf(hypothesis: str, reference: str) -> float:
    return round(_metric("chrf").sentence_score(hypothesis, [reference]).score, 2)


def bleu(hypothesis: str, reference: str) -> float:
    return round(_metric("bleu").sentence_score(hypothesis, [reference]).score, 2)


@dataclass
class Alignment:
    index: int | None  # the original's sentence, None when nothing matches
    chrf: float


ALIGN_MIN_CHRF = 25.0  # below this a back-translation has no counterpart in the original
ALIGN_CANDIDATES = 5


def align(hypotheses: list[str], originals: list[str]) -> list[Alignment]:
    """Pair each back-translated sentence with the original sentence it renders: rapidfuzz picks a
    few candidates cheaply, sacrebleu's chrF decides. A sentence with no counterpart (inserted text,
    or one merged from two) gets ``index=None``."""
    from rapidfuzz import fuzz, process

    out = []
    for hyp in hypotheses:
        candidates = process.extract(hyp, originals, scorer=fuzz.token_set_ratio, limit=ALIGN_CANDIDATES)
        best = Alignment(None, 0.0)
        for _, _, index in candidates:
            value = chrf(hyp, originals[index])
            if value > best.chrf:
                best = Alignment(index, value)
        out.append(best if best.chrf >= ALIGN_MIN_CHRF else Alignment(None, best.chrf))
    return out
