"""Which models the model stage uses, where they live on disk, and the offline switches.

Nothing here imports torch, transformers, comet or huggingface_hub: ``mtcheck models list`` and the
``--models auto`` check must stay as light as the offline scan. Presence is read straight from the
Hugging Face cache layout (``models--ORG--NAME/refs/main`` and ``snapshots/<revision>/``), and the
cache folder is resolved from the environment at call time (``HF_HUB_CACHE``, ``HF_HOME``,
``XDG_CACHE_HOME``), so that loading passes it explicitly and never depends on when a hub library
was first imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

# Every variable that tells a hub library not to reach the network.
OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY")

HF_HUB_LIBRARIES = ("huggingface_hub", "transformers", "comet")


def set_offline() -> None:
    """Tell the hub libraries to stay off the network. Call before the first import of any of them:
    huggingface_hub reads ``HF_HUB_OFFLINE`` once, at import, and a missing file then fails at once
    instead of being retried with back-off against a network that is not there."""
    for name in OFFLINE_VARIABLES:
        os.environ[name] = "1"


# The packages of the `models` extra; looked up without importing them (that would be slow).
EXTRA_PACKAGES = ("torch", "transformers", "comet", "sentencepiece", "huggingface_hub")
INSTALL_EXTRA = "pip install -e '.[models]' -c constraints.txt"


def missing_extra() -> list[str]:
    """The packages of the `models` extra that are not installed."""
    import importlib.util

    return [name for name in EXTRA_PACKAGES if importlib.util.find_spec(name) is None]


def hub_cache_dir() -> Path:
    """The Hugging Face hub cache, resolved the way huggingface_hub does, but at call time."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "huggingface" / "hub"


def mtcheck_cache_dir() -> Path:
    """Where mtcheck keeps its own model-stage files: the result cache and converted CTranslate2 models."""
    if os.environ.get("MTCHECK_CACHE_DIR"):
        return Path(os.environ["MTCHECK_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "mtcheck"


@dataclass(frozen=True)
class ModelInfo:
    """A model the stage knows by name: what it does, its licence and its download size."""

    repo_id: str
    role: str  # mt | comet | qe | span
    licence: str
    size_mb: int  # download size, for ``models list``
    encoder: str | None = None  # COMET: the encoder repository its checkpoint names
    note: str = ""


MT_LANGUAGES = ("de", "nl", "fr", "es", "it")


def opus_mt(src: str, tgt: str) -> str:
    return f"Helsinki-NLP/opus-mt-{src}-{tgt}"


KNOWN: dict[str, ModelInfo] = {}
for _lang in MT_LANGUAGES:
    for _pair in ((_lang, "en"), ("en", _lang)):
        KNOWN[opus_mt(*_pair)] = ModelInfo(opus_mt(*_pair), "mt", "CC-BY-4.0", 300)
KNOWN.update(
    {
        "Unbabel/wmt22-comet-da": ModelInfo(
            "Unbabel/wmt22-comet-da", "comet", "Apache-2.0", 2320, encoder="xlm-roberta-large",
            note="reference and round-trip scores",
        ),
        "Unbabel/wmt22-cometkiwi-da": ModelInfo(
            "Unbabel/wmt22-cometkiwi-da", "qe", "CC-BY-NC-SA-4.0", 2260, encoder="microsoft/infoxlm-large",
            note="quality estimation, no reference (gated: accept the licence on the hub first)",
        ),
        "Unbabel/XCOMET-XL": ModelInfo(
            "Unbabel/XCOMET-XL", "span", "CC-BY-NC-SA-4.0", 14000, encoder="facebook/xlm-roberta-xl",
            note="error spans (gated: accept the licence on the hub first)",
        ),
        "Unbabel/XCOMET-XXL": ModelInfo(
            "Unbabel/XCOMET-XXL", "span", "CC-BY-NC-SA-4.0", 42000, encoder="facebook/xlm-roberta-xxl",
            note="error spans (gated: accept the licence on the hub first)",
        ),
    }
)
ENCODER_SIZE_MB = 5  # COMET needs only the encoder's config and tokenizer files, not its weights

NON_COMMERCIAL = "CC-BY-NC-SA-4.0"
DEFAULT_COMET = "Unbabel/wmt22-comet-da"


@dataclass
class ModelSettings:
    """What the user chose: which models, how to run them. Every field here that changes a model's
    output goes into the cache key (see ``translation_settings``)."""

    mode: str = "auto"  # auto | off | require
    backtranslate: str = "suspects"  # suspects | all
    mt_models: dict[tuple[str, str], str] = field(default_factory=dict)  # (src, tgt) -> id or folder
    comet_model: str | None = DEFAULT_COMET
    qe_model: str | None = None  # a CometKiwi or XCOMET id: reference-free scores, XCOMET spans too
    backend: str = "transformers"  # transformers | ct2
    device: str = "auto"  # auto | cpu | cuda
    beams: int = 4
    batch_size: int = 16
    max_new_tokens: int = 256
    direction: bool = True  # forced-decoding translation-direction signal (direction.py)
    cache_path: Path | None = None  # the SQLite result cache (default: mtcheck_cache_dir()/models.sqlite)
    references: Path | None = None  # folder whose originals/ holds source-language originals
    codes: frozenset[str] | None = None  # the MT9xx codes to report (--select/--ignore); None: all

    def mt_model(self, src: str, tgt: str) -> str | None:
        """The model for one direction: the user's choice, else OPUS-MT for the languages it knows."""
        if (src, tgt) in self.mt_models:
            return self.mt_models[(src, tgt)]
        if "en" in (src, tgt) and (src if tgt == "en" else tgt) in MT_LANGUAGES:
            return opus_mt(src, tgt)
        return None

    def translation_settings(self) -> str:
        return f"beams={self.beams},max_new={self.max_new_tokens},backend={self.backend}"


@dataclass(frozen=True)
class Located:
    """A model found on disk: the folder to load and the revision that names its exact weights."""

    model: str  # the id or folder the user gave
    path: Path
    revision: str

    @property
    def tag(self) -> str:
        """``id@rev`` for records and the signature (revision shortened like git does)."""
        return f"{self.model}@{self.revision[:12]}"


def is_local_dir(model: str) -> bool:
    return os.path.isdir(model)


def _snapshot(repo_id: str, cache: Path | None = None) -> tuple[Path, str] | None:
    """The cached snapshot of ``repo_id`` that ``refs/main`` points at, if it is on disk."""
    repo_dir = (cache or hub_cache_dir()) / ("models--" + repo_id.replace("/", "--"))
    ref = repo_dir / "refs" / "main"
    try:
        revision = ref.read_text().strip()
    except OSError:
        return None
    snapshot = repo_dir / "snapshots" / revision
    return (snapshot, revision) if snapshot.is_dir() else None


def _local_revision(folder: Path) -> str:
    """A revision for a plain folder: a digest of its files' names, sizes and modification times,
    so that retraining a local model invalidates its cached results."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return "local-" + digest.hexdigest()


# What a usable copy must hold, by role (any one name of each tuple).
_REQUIRED = {
    "mt": (("config.json",), ("pytorch_model.bin", "model.safetensors"), ("source.spm", "sentencepiece.bpe.model",
                                                                           "tokenizer.json", "spm.model")),
    "comet": (("checkpoints/model.ckpt",), ("hparams.yaml",)),
    "encoder": (("config.json",), ("tokenizer.json", "sentencepiece.bpe.model")),
}


def _complete(folder: Path, kind: str) -> bool:
    return all(any((folder / name).is_file() for name in options) for options in _REQUIRED[kind])


def locate(model: str, kind: str = "mt") -> Located | None:
    """Find ``model`` (a hub id or a folder) on disk, complete enough to load; None when it is not."""
    if is_local_dir(model):
        folder = Path(model)
        return Located(model, folder, _local_revision(folder)) if _complete(folder, kind) else None
    found = _snapshot(model)
    if found is None or not _complete(found[0], kind):
        return None
    return Located(model, found[0], found[1])


def comet_encoder(checkpoint_dir: Path) -> str | None:
    """The encoder a COMET checkpoint names in its ``hparams.yaml`` (``pretrained_model``)."""
    try:
        for line in (checkpoint_dir / "hparams.yaml").read_text(encoding="utf-8").splitlines():
            if line.startswith("pretrained_model:"):
                return line.split(":", 1)[1].strip().strip("'\"")
    except OSError:
        return None
    return None


def locate_comet(model: str) -> tuple[Located, Located] | None:
    """A COMET checkpoint and the encoder files it needs, both on disk; None when either is missing."""
    checkpoint = locate(model, "comet")
    if checkpoint is None:
        return None
    encoder_id = comet_encoder(checkpoint.path)
    if encoder_id is None:
        return None
    encoder = locate(encoder_id, "encoder")
    return (checkpoint, encoder) if encoder is not None else None


def folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def licence_of(model: str) -> str:
    info = KNOWN.get(model)
    return info.licence if info else "see the model card"

