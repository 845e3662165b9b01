"""``mtcheck eval``: detection quality against gold annotations, with the spell-checker baseline
and the quality gate. Registered on the main app by ``mtcheck.cli``.

Exit status: 0 when the gate passes (or none is given), 1 on a regression beyond tolerance or a
refused gate update, 2 on bad input (the gold or gate file, a path).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def eval_command(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Inputs to scan as well, e.g. a labelled JSONL (default: the gold documents)."),
    ] = None,
    gold: Annotated[Path, typer.Option("--gold", help="Gold annotations (JSONL, see references/gold/README.md).")] = Path(
        "references/gold/seeds.jsonl"
    ),
    fmt: Annotated[EvalFormat, typer.Option("--format", help="table, or json: one JSON object.")] = EvalFormat.table,
    gate: Annotated[
        Optional[Path], typer.Option("--gate", help="Quality gate file: exit 1 on a regression beyond its tolerance.")
    ] = None,
    update_gate: Annotated[
        bool, typer.Option("--update-gate", help="Write the measured values into the --gate file.")
    ] = False,
    allow_lower: Annotated[
        bool, typer.Option("--allow-lower", help="With --update-gate: allow lowering a floor or raising a ceiling.")
    ] = False,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Skip the hunspell baseline.")] = False,
    references: Annotated[
        Optional[Path], typer.Option("--references", help="Folder with gazetteers/ (default: ./references).")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for the scan.")] = 1,
) -> None:
    """Measure detection quality: span precision/recall/F1, false flags on human text, document AUROC."""
    from mtcheck.pipeline.entity_index import default_references_dir
    from mtcheck.evaluation.evaluate import EvalError, check_gate, load_gate, run_eval, update_gate as pin_gate

    if (update_gate or allow_lower) and gate is None:
        typer.echo("mtcheck: error: --update-gate and --allow-lower need --gate FILE", err=True)
        raise typer.Exit(EXIT_ERROR)
    try:
        gate_data = load_gate(gate) if gate is not None else None  # it names the metrics to pin, so it must exist
        report = run_eval(
            gold, paths or [], references=references or default_references_dir(), jobs=jobs, baseline=not no_baseline
        )
    except EvalError as exc:
        typer.echo(f"mtcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR)

    code = EXIT_OK
    messages: list[str] = []
    if gate is not None and update_gate:
        new_gate, refusals = pin_gate(report, gate_data, allow_lower=allow_lower)
        if refusals:
            messages += [f"gate not updated: {r}" for r in refusals]
            code = EXIT_FAIL
        else:
            from mtcheck.outputs.atomic import atomic_open

            try:
                with atomic_open(gate) as handle:  # synced, then renamed over the old gate: never half-written
                    handle.write(json.dumps(new_gate, indent=2, ensure_ascii=False) + "\n")
            except OSError as exc:
                typer.echo(f"mtcheck: error: {gate}: cannot write: {exc.strerror or exc} (the gate is unchanged)", err=True)
                raise typer.Exit(EXIT_ERROR)
            messages.append(f"gate updated: {gate}")
    elif gate_data is not None:
        failures = check_gate(report, gate_data)
        report["gate"] = {"file": str(gate), "passed": not failures, "failures": failures}
        messages += [f"gate FAILED: {f}" for f in failures] or [f"gate passed: {gate}"]
        code = EXIT_FAIL if failures else EXIT_OK

    if fmt == EvalFormat.json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_table(report)
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(code)


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _print_table(report: dict) -> None:
    """Human-readable summary on stdout: mtcheck beside the baseline, then the breakdowns."""
    from rich.console import Console
    from rich.table import Table

    # markup off: paths and ids are printed as they are (a folder '[bold]x' was shown bold, '[/]' ended in a MarkupError)
    console = Console(highlight=False, markup=False)
    console.width = max(console.width, 100)  # 80 columns (a pipe) squeezes the category names
    baseline = report.get("baseline") or {}
    has_baseline = "spans" in baseline

    inputs = " ".join(report["inputs"]) or "the gold documents"
    console.print(f"Detection quality: gold {report['gold']}, inputs {inputs}")
    summary = Table()
    summary.add_column("metric")
    summary.add_column("mtcheck", justify="right")
    if has_baseline:
        summary.add_column("hunspell baseline", justify="right")

    def row(label: str, ours, theirs=None, digits: int = 3) -> None:
        cells = [label, _fmt(ours, digits)]
        if has_baseline:
            cells.append(_fmt(theirs, digits))
        summary.add_row(*cells)

    spans, bspans = report["spans"], baseline.get("spans", {})
    row("MT spans: gold / predicted", f"{spans['gold']} / {spans['predicted']}",
        f"{bspans.get('gold')} / {bspans.get('predicted')}" if has_baseline else None)
    row("span precision (micro)", spans["precision"], bspans.get("precision"))
    row("span recall (micro)", spans["recall"], bspans.get("recall"))
    row("span F1 (micro)", spans["f1"], bspans.get("f1"))
    row("span F1 (macro, same category)", spans["macro"]["f1"], bspans.get("macro", {}).get("f1"))
    row("false flags / 1k words, human", report["false_flags_per_1k_words"], baseline.get("false_flags_per_1k_words"), 2)
    for source, entry in report["false_flags"]["by_source"].items():
        theirs = baseline.get("false_flags", {}).get("by_source", {}).get(source, {}).get("per_1k_words")
        row(f"  on {source} ({entry['documents']} docs, {entry['words']} words)", entry["per_1k_words"], theirs, 2)
    for source, block in report["documents"].items():
        theirs = baseline.get("documents", {}).get(source, {}).get("auroc")
        row(f"document AUROC, {source} ({block['documents']} docs)", block["auroc"], theirs)
        row(f"verdict accuracy, {source}", block["accuracy"])
    bp = report["boilerplate"]
    row("boilerplate precision / recall", f"{_fmt(bp['precision'])} / {_fmt(bp['recall'])}")
    console.print(summary)

    per_cat = Table(title="MT spans by category (P/R/F1: same category on both sides)", title_justify="left")
    per_cat.add_column("category", no_wrap=True)
    for name in ("gold", "pred", "P", "R", "F1", "R any cat."):
        per_cat.add_column(name, justify="right", no_wrap=True)
    if has_baseline:
        per_cat.add_column("baseline R any", justify="right", no_wrap=True)
    for category, c in spans["by_category"].items():
        cells = [f"{category} (not an mtcheck category)" if c.get("foreign") else category, str(c["gold"]), str(c["predicted"]), _fmt(c["precision"]), _fmt(c["recall"]),
                 _fmt(c["f1"]), _fmt(c["recall_any"])]
        if has_baseline:
            cells.append(_fmt(bspans.get("by_category", {}).get(category, {}).get("recall_any")))
        per_cat.add_row(*cells)
    console.print(per_cat)

    for source, block in report["documents"].items():
        labels = Table(title=f"Documents: {source}", title_justify="left")
        for name in ("label", "documents", "accuracy", "mean score", "verdicts"):
            labels.add_column(name, justify="left" if name in ("label", "verdicts") else "right", no_wrap=True)
        for label, b in block["by_label"].items():
            verdicts = ", ".join(f"{k} {v}" for k, v in sorted(b["verdicts"].items()))
            labels.add_row(label, str(b["documents"]), _fmt(b["accuracy"]), _fmt(b["mean_score"]), verdicts)
        console.print(labels)

    if report["false_flags"]["by_rule"]:
        rules = ", ".join(f"{k} {v}" for k, v in sorted(report["false_flags"]["by_rule"].items()))
        console.print(f"false flags on human text by rule: {rules}")
    for note in baseline.get("notes", []):
        console.print(f"baseline: {note}")
    for error in report.get("errors", []):
        console.print(f"scan error: {error}")


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
