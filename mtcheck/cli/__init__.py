"""Command line: ``mtcheck scan``, ``mtcheck baseline``, ``mtcheck rules``, ``mtcheck explain``.

Exit status of ``scan``: 0 when no article reaches ``--fail-on``, 1 when one does, 2 on a usage
error or an unreadable input (the rest is still scanned and reported).

The package holds the command line only: ``eval`` (``mtcheck eval``) and ``models``
(``mtcheck models``) are its other subcommands. It may import every other subpackage, the model
stage only lazily, inside the commands that need it.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from mtcheck import __version__

from .baseline import write_baseline
from .common import EXIT_ERROR, EXIT_OK
from .eval import register as register_eval
from .index import index_app
from .models import models_app
from .rules import explain, list_rules
from .scan import scan

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find machine-translated text in news articles and show where and why.",
    pretty_exceptions_enable=False,
)


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


# The table of contents: each command lives in its own module.
app.add_typer(models_app, name="models")
app.add_typer(index_app, name="index")
app.command("scan")(scan)
app.command("baseline")(write_baseline)
app.command("rules")(list_rules)
app.command("explain")(explain)
register_eval(app)


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
