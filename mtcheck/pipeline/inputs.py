"""Which files a scan reads: folders expanded to their article files, ``--exclude`` globs
applied, and the scan's own reports under ``--out`` left out, so that ``scan .`` never reads the
findings and pages of an earlier ``scan .``. Runs before ``ingest`` reads anything; the
changed-only scan of ``mtcheck.ci.changed`` builds its plan from the same pieces.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .ingest import SCANNED_SUFFIXES, SKIPPED_NAMES, Source, iter_sources

if TYPE_CHECKING:
    from .entity_index import EntityIndex


@dataclass
class Plan:
    """The paths a scan reads, and the prebuilt corpus index of a changed-only scan."""

    paths: list[str]
    index: EntityIndex | None = None
    note: str | None = None  # one line for stderr: what changed since when, and the context used
    errors: list = field(default_factory=list)  # ScanErrors met while walking folders here


def is_article(path: str) -> bool:
    """The same test a folder scan applies: a scanned suffix, not a README, no hidden part.
    (Plain string operations: a corpus has tens of thousands of paths.)"""
    parts = path.replace(os.sep, "/").split("/")
    if os.path.splitext(parts[-1])[1].lower() not in SCANNED_SUFFIXES or parts[-1] in SKIPPED_NAMES:
        return False
    return not any(part.startswith(".") and part not in (".", "..") for part in parts)


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """True when ``path`` or one of its parent folders matches a glob in ``patterns``. A glob with
    a ``/`` matches the path from its start, as given or absolute (``articles/drafts``,
    ``/srv/news/drafts``); one without matches a file or folder name at any depth, as in
    ``.gitignore`` (``drafts``, ``*.html``): ``scan /srv/news --exclude big.txt`` matched
    nothing when only whole paths were compared."""
    posix = Path(os.path.normpath(path)).as_posix()
    parts = posix.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    absolute = Path(os.path.abspath(path)).as_posix()
    if absolute != posix:
        whole = absolute.split("/")
        prefixes += ["/".join(whole[: i + 1]) for i in range(len(whole))]
    for pat in patterns:
        pat = pat.rstrip("/")
        if not pat:
            continue
        if "/" not in pat:
            if any(fnmatch.fnmatchcase(part, pat) for part in parts if part not in ("", ".", "..")):
                return True
        elif any(fnmatch.fnmatchcase(prefix, Path(os.path.normpath(pat)).as_posix()) for prefix in prefixes):
            return True
    return False


def under(path: str, folders: Iterable[str]) -> bool:
    absolute = os.path.abspath(path)
    for folder in folders:
        top = os.path.abspath(folder)
        if absolute == top or absolute.startswith(top.rstrip(os.sep) + os.sep):
            return True
    return False


def _real(path: str) -> str:
    """The resolved path, the file's own name kept (a symlinked article is not its target)."""
    absolute = os.path.abspath(path)
    return os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def own_output(path: str, out: str | Path | None, found_in: str | None = None) -> bool:
    """True when ``path`` is the scan's own output under ``out`` (resolved paths), never an article.
    Everything below ``out`` counts, unless the folder the path was found in (``found_in``) is
    ``out`` itself or lies inside it (``scan . --out .``): then only what the report writes there
    (findings.jsonl, index.html and its marked pages folders)."""
    if out is None:
        return False
    top = os.path.realpath(out)
    real = _real(path)
    if not _inside(real, top) or real == top:
        return False
    if found_in is not None and _inside(os.path.realpath(found_in), top):
        from mtcheck.outputs.html import is_report_pages

        first, _, rest = os.path.relpath(real, top).partition(os.sep)
        return first in ("findings.jsonl", "index.html") if not rest else is_report_pages(Path(top, first))
    return True


def _overlaps(folder: str, out: str | Path | None) -> bool:
    """``out`` lies inside ``folder`` or ``folder`` inside ``out``: a walk of it may meet our reports."""
    if out is None:
        return False
    a, b = os.path.realpath(folder), os.path.realpath(out)
    return _inside(a, b) or _inside(b, a)


def expand(
    paths: list[str], exclude: list[str] | None, out: str | Path | None = None, errors: list | None = None
) -> list[str]:
    """Folders in ``paths`` expanded to their article files minus the excluded ones and the scan's
    own reports under ``out`` (files and ``-`` stay as given, so that the scan reports missing
    ones itself, and a file inside ``out`` named on purpose is read). Problems met while walking
    a folder go to ``errors``."""
    result: list[str] = []
    for raw in paths:
        if raw != "-" and os.path.isdir(raw) and (exclude or _overlaps(raw, out)):
            for s in iter_sources([raw]):
                if not isinstance(s, Source):
                    if errors is not None:
                        errors.append(s)
                elif not excluded(s.path, exclude or []) and not own_output(s.path, out, found_in=raw):
                    result.append(s.path)
        elif raw == "-" or not excluded(raw, exclude or []):
            result.append(raw)
    return result


def plan(
    paths: list[str] | None,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    out: Path | None = None,
) -> Plan:
    """Paths to scan: the given ones, else the configuration's ``include``, folders expanded, the
    scan's own reports under ``out`` left out (see ``own_output``). Raises ``ValueError`` when
    there is nothing to scan."""
    paths = list(paths or [])
    errors: list = []
    if not paths:
        if not include:
            raise ValueError("no PATHS given, and no 'include' in the configuration")
        paths = list(include)
    return Plan(expand(paths, exclude, out, errors), errors=errors)
