"""Command line: ``mtcheck scan``, ``mtcheck baseline``, ``mtcheck rules``, ``mtcheck explain``.

Exit status of ``scan``: 0 when no article reaches ``--fail-on``, 1 when one does, 2 on a usage
error or an unreadable input (the rest is still scanned and reported).

The package holds the command line only: ``eval`` (``mtcheck eval``) and ``models``
(``mtcheck models``) are its other subcommands. It may import every other subpackage, the model
stage only lazily, inside the commands that need it.
"""

from __future__ import annotations

import itertools
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from mtcheck import __version__
from .models import MT_MODEL_HELP, Backend, Backtranslate, ModelsMode, models_app

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find machine-translated text in news articles and show where and why.",
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
app.add_typer(models_app, name="models")


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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    pass


def _split_codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


def _config_callback(ctx: typer.Context, value: Optional[Path]) -> Optional[Path]:
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


@app.command()
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
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rule codes or prefixes.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 50
    * 1024
    * 1024,
    references: Annotated[
        Optional[Path], typer.Option("--references", help="Folder with gazetteers/ (default: ./references).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr; no summary table.")] = False,
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
        Optional[Path], typer.Option("--config", is_eager=True, callback=_config_callback, help=CONFIG_HELP)
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
        rules = select_rules(_split_codes(select), _split_codes(ignore))
    except KeyError as exc:
        typer.echo(f"mtcheck: error: no rule matches {exc.args[0]!r} (see 'mtcheck rules')", err=True)
        raise typer.Exit(EXIT_ERROR)
    if lang is not None and (len(lang) != 2 or not lang.isalpha()):
        typer.echo(f"mtcheck: error: --lang takes a two-letter ISO 639-1 code, not {lang!r}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if references is not None and not references.is_dir():
        typer.echo(f"mtcheck: error: --references {references}: no such folder", err=True)
        raise typer.Exit(EXIT_ERROR)

    from mtcheck.ci.changed import ChangedError, plan
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
        todo = plan(
            paths, include=ctx.meta.get("mtcheck.config", {}).get("include"), exclude=exclude,
            changed=changed or since is not None, since=since,
            references=references or default_references_dir(), max_bytes=max_bytes, out=out,
        )
    except (ChangedError, ValueError) as exc:
        typer.echo(f"mtcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if todo.note and not quiet:
        typer.echo(todo.note, err=True)

    options = ScanOptions(
        paths=todo.paths,
        index=todo.index,
        lang=lang.lower() if lang else None,
        select=_split_codes(select),
        ignore=_split_codes(ignore),
        jobs=jobs,
        max_bytes=max_bytes,
        references=references or default_references_dir(),
    )
    from .models import model_calls, start_models, with_models

    stage = start_models(models, backtranslate, mt_model, comet_model, qe_model, mt_backend,
                         references or default_references_dir(), notices_on_stdout=fmt == Format.table and not quiet, quiet=quiet,
                         codes=frozenset(select_codes(_split_codes(select), _split_codes(ignore))))
    reporter = Reporter(
        out=out,
        fmt=fmt.value,
        html=not no_html,
        quiet=quiet,
        signature=signature(rules, models=stage.signature() if stage else "none"),
        rules=rules,
        fail_on=fail_on.value,
        run_extra={"model_calls": model_calls(stage)},  # the stage counts into this dict as it runs
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


@app.command("baseline")
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
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rule codes or prefixes.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rule codes or prefixes.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help="Skip matching paths.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 50
    * 1024
    * 1024,
    references: Annotated[Optional[Path], typer.Option("--references", help="Folder with gazetteers/.")] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", is_eager=True, callback=_config_callback, help=CONFIG_HELP)
    ] = None,
) -> None:
    """Write the current findings to a baseline file: 'scan --baseline FILE' then reports only new ones."""
    from mtcheck.ci.baseline import DEFAULT_BASELINE, BaselineWriter
    from mtcheck.ci.changed import plan
    from mtcheck.pipeline.entity_index import default_references_dir
    from mtcheck.pipeline.records import ScanError
    from mtcheck.rules import select_rules
    from mtcheck.pipeline.scan import ScanOptions, scan as run_scan, signature

    settings = ctx.meta.get("mtcheck.config", {})
    output = output or Path(settings.get("defaults", {}).get("baseline") or DEFAULT_BASELINE)
    try:
        rules = select_rules(_split_codes(select), _split_codes(ignore))
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
        paths=todo.paths, lang=lang.lower() if lang else None, select=_split_codes(select),
        ignore=_split_codes(ignore), max_bytes=max_bytes, references=references or default_references_dir(),
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
        typer.echo(f"mtcheck: error: {errors} inputs could not be read; nothing written to {output}", err=True)
        raise typer.Exit(EXIT_ERROR)
    writer.write(output)
    typer.echo(f"mtcheck: baseline of {len(writer.entries)} findings in {articles} articles written to {output}", err=True)
    raise typer.Exit(EXIT_OK)


@app.command("rules")
def list_rules(
    fmt: Annotated[str, typer.Option("--format", help="table, json or markdown.")] = "table",
) -> None:
    """List the rules (MT9xx come from the model stage)."""
    from mtcheck.rules import documented_rules, languages_label, rules_markdown

    rules = documented_rules().values()
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category,
                "severity": r.severity,
                "languages": languages_label(r),
                "summary": r.summary,
            }
            for r in rules
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        typer.echo(rules_markdown())
    else:
        for r in rules:
            typer.echo(f"{r.code}  {r.name:<28} {r.category:<22} {r.severity:<8} {languages_label(r):<9} {r.summary}")


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code, e.g. MT101.")]) -> None:
    """Print one rule's documentation."""
    from mtcheck.rules import documented_rules

    rule = documented_rules().get(code.upper())
    if rule is None:
        typer.echo(f"mtcheck: error: no rule {code!r} (see 'mtcheck rules')", err=True)
        raise typer.Exit(EXIT_ERROR)
    typer.echo(rule.documentation())


from .eval import register as _register_eval  # noqa: E402  (mtcheck eval lives in its own module)

_register_eval(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status instead of exiting (handy in tests)."""
    try:
        # Without standalone mode click returns typer.Exit's code instead of raising it.
        result = app(args=argv, prog_name="mtcheck", standalone_mode=False)
        if isinstance(result, int):
            return result
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # click's own exits
        return int(exc.code or 0)
    except typer.Abort:  # Ctrl-C at a prompt
        return EXIT_ERROR
    except typer.exceptions.TyperException as exc:  # usage errors (typer vendors click: no 'click' import)
        if hasattr(exc, "show"):
            exc.show(file=sys.stderr)
        else:
            print(f"mtcheck: error: {exc.format_message()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("mtcheck: interrupted (the previous report is left as it was)", file=sys.stderr)
        return 130
    except Exception as exc:  # a crash must not read as exit 1, "an article reached --fail-on"
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"mtcheck: internal error: {type(exc).__name__}: {exc} (exit 2; please report it)", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
