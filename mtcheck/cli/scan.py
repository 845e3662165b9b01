"""``mtcheck scan``: plan the inputs, run the offline pipeline (and the model stage when asked),
fan the results out to the outputs, and turn the verdicts into an exit status."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import CONFIG_HELP, EXIT_ERROR, FailOn, Format, bad_lang, config_callback, split_codes
from .models import MT_MODEL_HELP, Backend, Backtranslate, ModelsMode


def scan(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files, folders (recursive) or - for standard input (default: 'include' of the config)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for findings.jsonl and the HTML report.")] = Path(
        "reports"
    ),
    fmt: Annotated[Format, typer.Option("--format", help="What goes to stdout.")] = Format.table,
    no_html: Annotated[bool, typer.Option("--no-html", help="Skip the HTML report.")] = False,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when an article reaches this verdict.")
    ] = FailOn.machine_translated,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Force the language (ISO 639-1), skip detection.")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES", help="Only these rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES", help="Skip these rule codes or prefixes.")] = None,
    preview: Annotated[bool, typer.Option("--preview", help="Also run the preview rules (not yet precise on "
                                          "real pages; 'mtcheck rules' shows each rule's maturity).")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 50
    * 1024
    * 1024,
    references: Annotated[
        Optional[Path], typer.Option("--references", help="Folder with gazetteers/ (default: ./references).")
    ] = None,
    index: Annotated[
        Optional[Path], typer.Option("--index", help="A corpus name index ('mtcheck index build'): the names of the "
                                     "whole corpus instead of those of PATHS.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr; no summary table.")] = False,
    top: Annotated[int, typer.Option("--top", min=0, help="Articles (and sources) the summary table lists, worst "
                                     "first; the rest are counted in one line (0: list all).")] = 20,
    changed: Annotated[
        bool,
        typer.Option("--changed", help="Scan the articles changed since the merge base with the default branch "
                     "(else HEAD~1), plus PATHS."),
    ] = False,
    since: Annotated[
        Optional[str], typer.Option("--since", metavar="REV", help="Changed since REV instead (implies --changed).")
    ] = None,
    baseline: Annotated[
        Optional[Path], typer.Option("--baseline", help="Report only findings not in this file ('mtcheck baseline').")
    ] = None,
    exclude: Annotated[
        Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help="Skip paths (or folders) matching GLOB.")
    ] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", is_eager=True, callback=config_callback, help=CONFIG_HELP)
    ] = None,
    models: Annotated[ModelsMode, typer.Option("--models", help="Model stage: auto (the models on this machine), "
                                               "off, or require (exit 2 when one is missing).")] = ModelsMode.auto,
    backtranslate: Annotated[Backtranslate, typer.Option(
        "--backtranslate", help="Sentences that reach the models: suspects (carrying findings) or all.")
    ] = Backtranslate.suspects,
    mt_model: Annotated[Optional[list[str]], typer.Option("--mt-model", metavar="SRC-TGT=ID", help=MT_MODEL_HELP)] = None,
    comet_model: Annotated[Optional[str], typer.Option(
        "--comet-model", help="COMET model id or folder (default Unbabel/wmt22-comet-da; 'none' to skip).")] = None,
    qe_model: Annotated[Optional[str], typer.Option(
        "--qe-model", help="Reference-free model: Unbabel/wmt22-cometkiwi-da, or Unbabel/XCOMET-XL for error spans.")
    ] = None,
    mt_backend: Annotated[Backend, typer.Option("--mt-backend", help="transformers, or ct2 (CTranslate2 int8).")
                          ] = Backend.transformers,
) -> None:
    """Scan articles for machine-translation artifacts."""
    from mtcheck.pipeline.entity_index import default_references_dir
    from mtcheck.outputs.report import Reporter
    from mtcheck.rules import select_codes, select_rules
    from mtcheck.pipeline.scan import ScanOptions, scan as run_scan, signature

    try:
        rules = select_rules(split_codes(select), split_codes(ignore), preview=preview)
    except KeyError as exc:
        typer.echo(f"mtcheck: error: no rule matches {exc.args[0]!r} (see 'mtcheck rules')", err=True)
        raise typer.Exit(EXIT_ERROR)
    if lang is not None:
        problem = bad_lang(lang)
        if problem:
            typer.echo(f"mtcheck: error: {problem}", err=True)
            raise typer.Exit(EXIT_ERROR)
    if references is not None and not references.is_dir():
        typer.echo(f"mtcheck: error: --references {references}: no such folder", err=True)
        raise typer.Exit(EXIT_ERROR)
    from mtcheck.outputs.atomic import out_problem

    problem = out_problem(out)
    if problem:
        typer.echo(f"mtcheck: error: {problem}", err=True)
        raise typer.Exit(EXIT_ERROR)

    from mtcheck.ci.changed import ChangedError, plan_changed
    from mtcheck.pipeline.inputs import plan
    from mtcheck.pipeline.records import ArticleResult

    known = None
    if baseline is not None:
        from mtcheck.ci.baseline import Baseline, BaselineError

        try:
            known = Baseline.read(baseline)
        except BaselineError as exc:
            typer.echo(f"mtcheck: error: {exc}", err=True)
            raise typer.Exit(EXIT_ERROR)
    try:
        include = ctx.meta.get("mtcheck.config", {}).get("include")
        if changed or since is not None:  # CI: the changed articles, with the corpus context cached
            todo = plan_changed(
                paths, include=include, exclude=exclude, since=since,
                references=references or default_references_dir(), max_bytes=max_bytes, out=out,
            )
        else:
            todo = plan(paths, include=include, exclude=exclude, out=out)
    except (ChangedError, ValueError) as exc:
        typer.echo(f"mtcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if todo.note and not quiet:
        typer.echo(todo.note, err=True)

    if index is not None:  # a prebuilt corpus index wins over the one a changed-only scan brings
        from .index import load_or_exit

        todo.index = load_or_exit(index).entity_index(references or default_references_dir())
    options = ScanOptions(
        paths=todo.paths,
        index=todo.index,
        lang=lang.lower() if lang else None,
        select=split_codes(select),
        ignore=split_codes(ignore),
        preview=preview,
        jobs=jobs,
        max_bytes=max_bytes,
        references=references or default_references_dir(),
    )
    from .models import model_calls, start_models, with_models

    stage = start_models(models, backtranslate, mt_model, comet_model, qe_model, mt_backend,
                         references or default_references_dir(), notices_on_stdout=fmt == Format.table and not quiet, quiet=quiet,
                         codes=frozenset(select_codes(split_codes(select), split_codes(ignore))))
    reporter = Reporter(
        out=out,
        fmt=fmt.value,
        html=not no_html,
        quiet=quiet,
        top=top,
        signature=signature(rules, models=stage.signature() if stage else "none"),
        rules=rules,
        fail_on=fail_on.value,
        run_extra={"model_calls": model_calls(stage)},  # the stage counts into this dict as it runs
        pending_counts=("model_calls",) if stage is not None else (),
    )
    with reporter:
        for error in todo.errors:  # folders that could not be walked while leaving out --out
            reporter.add(error)
        for item in with_models(stage, run_scan(options, on_total=reporter.set_total)):
            if known is not None and isinstance(item, ArticleResult):
                item = known.apply(item)  # baselined findings count nowhere (see baseline.py)
            reporter.add(item)
    if not reporter.summaries and not reporter.errors and todo.paths and not (changed or since is not None):
        # Inputs that hold no article are a mistake (a wrong folder, a folder of PDFs), not a pass: CI
        # would stay green forever. Inputs that 'exclude' drops whole (pre-commit naming excluded files)
        # leave nothing planned and pass.
        from mtcheck.pipeline.ingest import SCANNED_SUFFIXES

        typer.echo(f"mtcheck: error: no article to scan in {', '.join(paths or todo.paths) or 'the inputs'} "
                   f"(files ending {', '.join(sorted(SCANNED_SUFFIXES))})", err=True)
        raise typer.Exit(EXIT_ERROR)
    code = reporter.exit_code(fail_on.value)
    raise typer.Exit(code)

