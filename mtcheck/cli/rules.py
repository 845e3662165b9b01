"""``mtcheck rules`` and ``mtcheck explain``: the rule registry's documentation."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .common import EXIT_ERROR


def list_rules(
    fmt: Annotated[str, typer.Option("--format", help="table, json or markdown.")] = "table",
) -> None:
    """List the rules (MT9xx come from the model stage)."""
    from mtcheck.rules import documented_rules, languages_label, maturity_label, rules_markdown

    rules = documented_rules().values()
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category,
                "severity": r.severity,
                "languages": languages_label(r),
                "maturity": maturity_label(r),
                "summary": r.summary,
            }
            for r in rules
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        typer.echo(rules_markdown())
    else:
        for r in rules:
            typer.echo(f"{r.code}  {r.name:<28} {r.category:<22} {r.severity:<8} {languages_label(r):<9} "
                       f"{maturity_label(r):<8} {r.summary}")


def explain(code: Annotated[str, typer.Argument(help="A rule code, e.g. MT101.")]) -> None:
    """Print one rule's documentation."""
    from mtcheck.rules import documented_rules

    rule = documented_rules().get(code.upper())
    if rule is None:
        typer.echo(f"mtcheck: error: no rule {code!r} (see 'mtcheck rules')", err=True)
        raise typer.Exit(EXIT_ERROR)
    typer.echo(rule.documentation())
