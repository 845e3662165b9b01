"""mtcheck: find machine-translated text in news articles and show where and why.

The Python API (docs/api.md)::

    import mtcheck

    result = mtcheck.check(text)            # score, verdict, findings with offsets and evidence
    checker = mtcheck.Checker(index=mtcheck.CorpusIndex.load("names.json"))
    for result in checker.check_many(texts): ...

The names below come from ``mtcheck.api`` and are imported on first use, so that ``import mtcheck``
(and the command line's start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["Checker", "CorpusIndex", "Finding", "Result", "Verdict", "check", "__version__"]

if TYPE_CHECKING:
    from .api import Checker, CorpusIndex, Finding, Result, Verdict, check


def __getattr__(name: str):
    if name in __all__ and name != "__version__":
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'mtcheck' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
