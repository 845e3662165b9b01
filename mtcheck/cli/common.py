"""What the commands share: exit statuses, output formats, the --config callback."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    clean = "clean"
    suspect = "suspect"
    machine_translated = "machine_translated"

def split_codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


def config_callback(ctx: typer.Context, value: Optional[Path]) -> Optional[Path]:
    """Read mtcheck.toml / [tool.mtcheck] into the command's defaults. Eager, so that it runs
    before the other options: what the command line gives still wins (see config.py)."""
    from mtcheck.ci.config import ConfigError, resolve

    scan_command = ctx.parent.command.get_command(ctx.parent, "scan") if ctx.parent else ctx.command
    try:
        defaults, extra, found = resolve(value, scan_command, ctx)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--config'")
    own = {p.name for p in ctx.command.params}
    ctx.default_map = {**(ctx.default_map or {}), **{k: v for k, v in defaults.items() if k in own}}
    ctx.meta["mtcheck.config"] = {"include": extra.get("include"), "defaults": defaults, "path": found}
    return value


CONFIG_HELP = "Configuration file (default: ./mtcheck.toml, else the tool.mtcheck table of ./pyproject.toml)."


def bad_lang(lang: str) -> str | None:
    """Why ``--lang`` is refused: not two letters, or no language the identifier knows ("xx")."""
    if len(lang) != 2 or not lang.isalpha():
        return f"--lang takes a two-letter ISO 639-1 code, not {lang!r}"
    from mtcheck.pipeline.language import SUPPORTED, _identifier

    known = set(_identifier().nb_classes)
    if lang.lower() not in known:
        return (f"--lang {lang}: not a language code mtcheck knows (ISO 639-1, e.g. {', '.join(SUPPORTED)}; "
                f"{len(known)} in all)")
    return None
