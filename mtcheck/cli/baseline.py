"""``mtcheck baseline``: write the current findings' fingerprints to a baseline file."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Optional

import typer

from mtcheck.outputs.jsonl import plural

from .common import CONFIG_HELP, EXIT_ERROR, EXIT_OK, bad_lang, config_callback, split_codes


def write_baseline(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]], typer.Argument(help="Files or folders (default: 'include' of the config).")
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Where to write (default: 'baseline' of the config, else .mtcheck-baseline.json)."),
    ] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Force the language (ISO 639-1).")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES", help="Only these rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES", help="Skip these rule codes or prefixes.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help="Skip matching paths.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 50
    * 1024
    * 1024,
    references: Annotated[Optional[Path], typer.Option("--references", help="Folder with gazetteers/.")] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", is_eager=True, callback=config_callback, help=CONFIG_HELP)
    ] = None,
) -> None:
    """Write the current findings to a baseline file: 'scan --baseline FILE' then reports only new ones."""
    from mtcheck.ci.baseline import DEFAULT_BASELINE, BaselineWriter
    from mtcheck.pipeline.entity_index import default_references_dir
    from mtcheck.pipeline.inputs import plan
    from mtcheck.pipeline.records import ScanError
    from mtcheck.rules import select_rules
    from mtcheck.pipeline.scan import ScanOptions, scan as run_scan, signature

    problem = bad_lang(lang) if lang is not None else None
    if problem is None and references is not None and not references.is_dir():
        problem = f"--references {references}: no such folder"
    if problem:
        typer.echo(f"mtcheck: error: {problem}", err=True)
        raise typer.Exit(EXIT_ERROR)
    settings = ctx.meta.get("mtcheck.config", {})
    output = output or Path(settings.get("defaults", {}).get("baseline") or DEFAULT_BASELINE)
    try:
        rules = select_rules(split_codes(select), split_codes(ignore))
        # The scan's reports (its --out, default reports/) are no articles here either.
        todo = plan(paths, include=settings.get("include"), exclude=exclude,
                    out=Path(settings.get("defaults", {}).get("out") or "reports"))
    except KeyError as exc:
        typer.echo(f"mtcheck: error: no rule matches {exc.args[0]!r} (see 'mtcheck rules')", err=True)
        raise typer.Exit(EXIT_ERROR)
    except ValueError as exc:
        typer.echo(f"mtcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)
    options = ScanOptions(
        paths=todo.paths, lang=lang.lower() if lang else None, select=split_codes(select),
        ignore=split_codes(ignore), max_bytes=max_bytes, references=references or default_references_dir(),
    )
    writer = BaselineWriter(signature(rules))
    errors = articles = 0
    for item in itertools.chain(todo.errors, run_scan(options)):  # streamed: results hold article texts
        if isinstance(item, ScanError):
            errors += 1
            where = f"{item.path}:{item.line}" if item.line else item.path
            typer.echo(f"mtcheck: error: {where}: {item.message}", err=True)
        else:
            articles += 1
            writer.add(item)
    if errors:  # a baseline missing the unread inputs' findings would report them all as new later
        typer.echo(f"mtcheck: error: {plural(errors, 'input')} could not be read; nothing written to {output}", err=True)
        raise typer.Exit(EXIT_ERROR)
    try:
        writer.write(output)
    except OSError as exc:  # a file where a parent folder should be, no permission
        blocking = next((p for p in Path(output).absolute().parents if p.exists() and not p.is_dir()), None)
        why = f"{blocking} is a file, not a folder" if blocking else exc.strerror or exc
        typer.echo(f"mtcheck: error: cannot write {output}: {why}", err=True)
        raise typer.Exit(EXIT_ERROR)

    typer.echo(f"mtcheck: baseline of {plural(len(writer.entries), 'finding')} in {plural(articles, 'article')} "
               f"written to {output}", err=True)
    raise typer.Exit(EXIT_OK)
