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

from . import _help  # noqa: F401  (help without <bool> and <list[str]>)

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
    context_settings={"help_option_names": ["-h", "--help"]},  # subcommands inherit it
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


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled, ``kill``): unwinds like Ctrl-C, so that the scan drops its
    temporary files and leaves the previous report whole."""


_terminated: list[bool] = []


def _on_sigterm(signum, frame):
    _terminated.append(True)
    raise Terminated()


def _clean_message(message: str) -> str:
    """Usage errors in plain words: typer 0.29 passes on its validator's phrasing ("Value error,
    'bogus' is not one of ...", "Input should be greater than or equal to 1")."""
    import re

    message = re.sub(r"^Value error, ", "", message)
    message = re.sub(r"Input should be greater than or equal to (\S+)", r"must be \1 or more", message)
    message = re.sub(r"Input should be less than or equal to (\S+)", r"must be \1 or less", message)
    message = re.sub(r"Input should be a valid integer.*", "must be a whole number", message)
    return message


def _interrupted(exc: KeyboardInterrupt) -> int:
    terminated = isinstance(exc, Terminated)
    print(f"mtcheck: {'terminated' if terminated else 'interrupted'} (the previous report is left as it was)",
          file=sys.stderr)
    return 143 if terminated else 130  # 128 + the signal's number, as a shell reports it


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status instead of exiting (handy in tests). SIGTERM is handled
    like Ctrl-C (exit 143 instead of 130)."""
    import signal
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    _terminated.clear()
    try:
        code = _main(argv)
        if code in (130, 143):  # typer turns KeyboardInterrupt (and so SIGTERM) into a plain 130
            return _interrupted(Terminated() if _terminated else KeyboardInterrupt())
        return code
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
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
        if isinstance(getattr(exc, "message", None), str):
            exc.message = _clean_message(exc.message)
        if hasattr(exc, "show"):
            exc.show(file=sys.stderr)
        else:
            print(f"mtcheck: error: {exc.format_message()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        return 143 if isinstance(exc, Terminated) else 130
    except Exception as exc:  # a crash must not read as exit 1, "an article reached --fail-on"
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"mtcheck: internal error: {type(exc).__name__}: {exc} (exit 2; please report it)", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
