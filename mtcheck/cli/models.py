"""``mtcheck models list|pull|check`` and the model options of ``mtcheck scan``.

Light at import (typer and the standard library only): the heavy libraries load inside ``pull`` and
``check``, and inside the scan's model stage only when a model actually runs.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from mtcheck.models.config import (
    DEFAULT_COMET,
    ENCODER_SIZE_MB,
    KNOWN,
    MT_LANGUAGES,
    NON_COMMERCIAL,
    ModelSettings,
    folder_size_mb,
    hub_cache_dir,
    licence_of,
    locate,
    locate_comet,
    opus_mt,
    set_offline,
)

EXIT_ERROR = 2

models_app = typer.Typer(
    help="The optional model stage's models: list them, download them, check that they load.",
    no_args_is_help=True,
)


class ModelsMode(str, Enum):
    auto = "auto"
    off = "off"
    require = "require"


class Backtranslate(str, Enum):
    suspects = "suspects"
    all = "all"


class Backend(str, Enum):
    transformers = "transformers"
    ct2 = "ct2"


# Options shared by ``scan`` (see cli.py): declared here so that cli.py stays small.
MT_MODEL_HELP = "Translation model for a direction, e.g. de-en=Helsinki-NLP/opus-mt-de-en or de-en=./my-model."


def parse_mt_models(values: list[str] | None) -> dict[tuple[str, str], str]:
    out = {}
    for value in values or []:
        pair, sep, model = value.partition("=")
        src, dash, tgt = pair.partition("-")
        if not sep or not dash or not model or len(src) != 2 or len(tgt) != 2:
            raise typer.BadParameter(f"--mt-model takes SRC-TGT=ID (e.g. de-en=Helsinki-NLP/opus-mt-de-en), not {value!r}")
        out[(src.lower(), tgt.lower())] = model
    return out


def start_models(mode: ModelsMode, backtranslate: Backtranslate, mt_model: list[str] | None,
                 comet_model: str | None, qe_model: str | None, backend: Backend, references: Path | None,
                 notices_on_stdout: bool, quiet: bool = False, codes: frozenset[str] | None = None):
    """The scan's model stage, or None (models off, or none on this machine under ``auto``)."""
    if mode == ModelsMode.off:
        return None
    from mtcheck.models.stage import ModelsMissing, start_stage

    settings = ModelSettings(
        mode=mode.value, backtranslate=backtranslate.value, mt_models=parse_mt_models(mt_model),
        comet_model=None if (comet_model or "").lower() == "none" else (comet_model or DEFAULT_COMET),
        qe_model=qe_model, backend=backend.value, references=references, codes=codes,
    )
    notice = (lambda line: typer.echo(line)) if notices_on_stdout else (lambda line: typer.echo(line, err=True))
    try:
        say = (lambda line: None) if quiet else (lambda line: typer.echo(line, err=True))  # --quiet: errors only
        return start_stage(settings, say=say, notice=notice)
    except ModelsMissing as exc:
        typer.echo(f"mtcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)


def with_models(stage, items):
    """The scan's results passed through the model stage; a model missing under ``require`` ends the
    scan with exit 2 (the reporter then discards its half-written files)."""
    if stage is None:
        yield from items
        return
    from mtcheck.models.stage import ModelsMissing

    try:
        yield from stage.wrap(items)
    except ModelsMissing as exc:
        typer.echo(f"mtcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)


def model_calls(stage) -> dict:
    return stage.calls if stage is not None else {"translate": 0, "comet": 0, "logprob": 0}


# The sub-app ------------------------------------------------------------------------------------

def _configured(extra: list[str] | None = None) -> list[str]:
    names = [opus_mt(lang, "en") for lang in MT_LANGUAGES] + [opus_mt("en", lang) for lang in MT_LANGUAGES]
    names += [m for m in KNOWN if KNOWN[m].role != "mt"]
    return list(dict.fromkeys(names + list(extra or [])))


def _role(model: str) -> str:
    if model in KNOWN:
        return KNOWN[model].role
    return "comet" if (Path(model) / "checkpoints").is_dir() else "mt"


def _find(model: str):
    """(located, encoder-or-None) for a model on disk, else None."""
    if _role(model) == "mt":
        found = locate(model, "mt")
        return (found, None) if found else None
    return locate_comet(model)


@models_app.command("list")
def list_models(
    extra: Annotated[Optional[list[str]], typer.Argument(help="More model ids or folders to show.")] = None,
) -> None:
    """The models mtcheck knows: role, licence, size, and whether each is on this machine."""
    typer.echo(f"cache: {hub_cache_dir()}")
    typer.echo(f"{'model':<34} {'role':<6} {'licence':<16} {'size':>9}  on this machine")
    for model in _configured(extra):
        found = _find(model)
        if found:
            size = folder_size_mb(found[0].path) + (folder_size_mb(found[1].path) if found[1] else 0)
            where = f"yes ({found[0].revision[:12]})"
        else:
            info = KNOWN.get(model)
            size = (info.size_mb + (ENCODER_SIZE_MB if info.encoder else 0)) if info else 0
            where = f"no  (mtcheck models pull {model})"
        note = f"  [{KNOWN[model].note}]" if model in KNOWN and KNOWN[model].note else ""
        typer.echo(f"{model:<34} {_role(model):<6} {licence_of(model):<16} {size:>6.0f} MB  {where}{note}")
    typer.echo(f"default: {DEFAULT_COMET} for COMET; OPUS-MT <lang>-en and en-<lang> for {', '.join(MT_LANGUAGES)}")


def _require_extra() -> None:
    from mtcheck.models.config import INSTALL_EXTRA, missing_extra

    absent = missing_extra()
    if absent:
        typer.echo(f"mtcheck: error: the model commands need the models extra ({', '.join(absent)} not installed); "
                   f"install it with: {INSTALL_EXTRA}", err=True)
        raise typer.Exit(EXIT_ERROR)


@models_app.command("pull")
def pull(
    names: Annotated[Optional[list[str]], typer.Argument(
        help="Model ids, languages (de, nl...), or nothing for the defaults (COMET and OPUS-MT for de, nl).")] = None,
) -> None:
    """Download models into the Hugging Face cache: the one command that uses the network."""
    wanted: list[str] = []
    for name in names or ["de", "nl", DEFAULT_COMET]:
        if name in MT_LANGUAGES:
            wanted += [opus_mt(name, "en"), opus_mt("en", name)]
        else:
            wanted.append(name)
    _require_extra()
    from huggingface_hub import snapshot_download  # deliberately online: no offline switch here

    failed = False
    for model in wanted:
        if KNOWN.get(model) and KNOWN[model].licence == NON_COMMERCIAL:
            typer.echo(f"note: {model} is licensed {NON_COMMERCIAL} (non-commercial use only)")
        try:
            typer.echo(f"pulling {model} ...", err=True)
            path = Path(snapshot_download(repo_id=model, cache_dir=str(hub_cache_dir())))
            encoder = None
            if (path / "hparams.yaml").is_file():
                from mtcheck.models.config import comet_encoder

                encoder = comet_encoder(path)
            if encoder:  # COMET reads only the encoder's config and tokenizer
                snapshot_download(repo_id=encoder, cache_dir=str(hub_cache_dir()),
                                  allow_patterns=["*.json", "*.model", "*.txt"])
            typer.echo(f"{model}: {path}")
        except Exception as exc:  # network, gated model, unknown id: say which and go on
            failed = True
            typer.echo(f"mtcheck: error: could not pull {model}: {type(exc).__name__}: {exc}", err=True)
    raise typer.Exit(EXIT_ERROR if failed else 0)


@models_app.command("check")
def check(
    names: Annotated[Optional[list[str]], typer.Argument(help="Models to check (default: all on this machine).")] = None,
) -> None:
    """Load each model on this machine and run one sentence through it (offline)."""
    _require_extra()
    set_offline()
    todo = names or [m for m in _configured() if _find(m)]
    if not todo:
        typer.echo("no models on this machine: get them with 'mtcheck models pull'", err=True)
        raise typer.Exit(EXIT_ERROR)
    failed = False
    for model in todo:
        found = _find(model)
        if not found:
            typer.echo(f"{model}: missing (mtcheck models pull {model})")
            failed = True
            continue
        try:
            typer.echo(f"{model}: ok: {_try(model, *found)}")
        except Exception as exc:
            failed = True
            typer.echo(f"{model}: FAILED: {type(exc).__name__}: {exc}")
    raise typer.Exit(EXIT_ERROR if failed else 0)


def _try(model: str, located, encoder) -> str:
    if encoder is None:
        from mtcheck.models.backtranslate import Translator

        name = model.rsplit("/", 1)[-1]
        src, tgt = (name.split("-")[-2:] if name.startswith("opus-mt-") else ("de", "en"))
        sample = {"de": "Der Hund schläft.", "nl": "De hond slaapt.", "en": "The dog is sleeping."}.get(src, "Hello.")
        out = Translator(located, src, tgt, beams=1).translate([sample])[0]
        return f"{sample!r} -> {out!r}"
    from mtcheck.models.quality import CometScorer

    scorer = CometScorer(located, encoder, batch_size=1)
    row = {"src": "Der Hund schläft.", "mt": "The dog is sleeping.", "ref": "The dog sleeps."}
    if scorer.reference_free:
        row.pop("ref")
    return f"score {scorer.predict([row]).scores[0]:.3f}"
