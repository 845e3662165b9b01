"""``mtcheck index``: the corpus name index as a file, built once and shared.

``mtcheck index build PATH... -o names.json`` runs pass 1 of ``mtcheck scan`` (counting the names
of every article) and saves it (JSON, see ``mtcheck.api.CorpusIndex``); ``mtcheck scan --index
names.json`` and the datatrove step (``MTCheckFilter(index_path=...)``) then skip that pass and see
the whole corpus while each checks a part of it. ``mtcheck index merge`` joins the indexes of parts.

Exit status: 0 when written; 2 when an input could not be read (the index of the rest is written,
and the unread inputs are named on stderr) or on a usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import EXIT_ERROR, EXIT_OK

index_app = typer.Typer(no_args_is_help=True, help="The corpus name index: build it once, share it.")


@index_app.command("build")
def build(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive), read as 'mtcheck scan' reads them.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the index (JSON).")],
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 50
    * 1024
    * 1024,
    exclude: Annotated[
        Optional[list[str]],
        typer.Option("--exclude", metavar="GLOB", help="Skip paths (or folders) matching GLOB, as 'mtcheck scan' does."),
    ] = None,
) -> None:
    """Count the names of every article into a corpus index file."""
    from mtcheck.api import CorpusIndex
    from mtcheck.pipeline.inputs import expand
    from mtcheck.pipeline.records import ScanError

    errors: list[ScanError] = []
    # The drafts a scan skips must not lend their names to its context either.
    todo = expand(paths, exclude, errors=errors) if exclude else paths
    index = CorpusIndex.build_from_paths(todo, max_bytes=max_bytes, errors=errors)
    for error in errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        typer.echo(f"mtcheck: error: {where}: {error.message}", err=True)
    if index.articles == 0:
        typer.echo(f"mtcheck: error: no article in {', '.join(paths)}; nothing written to {output}", err=True)
        raise typer.Exit(EXIT_ERROR)
    _save(index, output)
    typer.echo(f"mtcheck: corpus index of {index.articles} articles ({len(index.doc_freq)} names) written to {output}",
               err=True)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_OK)


@index_app.command("merge")
def merge(
    parts: Annotated[list[Path], typer.Argument(help="Index files (or folders of them) of parts of one corpus.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the merged index.")],
) -> None:
    """Join the indexes of parts of a corpus (built by parallel tasks) into one."""
    from mtcheck.api import CorpusIndex

    index = CorpusIndex()
    for part in parts:
        index.merge(load_or_exit(part))
    _save(index, output)
    typer.echo(f"mtcheck: corpus index of {index.articles} articles ({len(index.doc_freq)} names) written to {output}",
               err=True)
    raise typer.Exit(EXIT_OK)


def load_or_exit(path: Path):
    """``CorpusIndex.load``, with a bad file as one line on stderr and exit 2."""
    from mtcheck.api import CorpusIndex

    try:
        return CorpusIndex.load(path)
    except ValueError as exc:
        typer.echo(f"mtcheck: error: --index {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)


def _save(index, output: Path) -> None:
    try:
        index.save(output)
    except OSError as exc:
        typer.echo(f"mtcheck: error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR)
