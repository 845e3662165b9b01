"""Write report files atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

try:  # POSIX; elsewhere reports are not locked (one scan per folder at a time, as before)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

# The file that marks a folder as an mtcheck report (and each of its pages folders). The report
# folder's own marker is also the lock that serialises the scans writing into that folder.
REPORT_MARKER = ".mtcheck-report"
_MARKER_TEXT = ("This folder holds an mtcheck report (findings.jsonl, index.html, articles-*/): "
                "mtcheck never scans it as input, and the next report into it replaces them.\n")
# Temporary files a report writes beside its files (see AtomicFile) and its pages build folders.
_TMP_FILES = (".findings.jsonl.", ".index.html.")
_TMP_DIRS = ".articles-"


def hold(fd: int) -> bool:
    """Take an exclusive lock on an open file without waiting: True when taken (or when locks are
    not available). A temporary file's creator holds it for as long as it lives, so a lock that can
    be taken means the scan that made the file is gone (killed) and the file is stale."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def out_problem(out: Path) -> str | None:
    """Why ``out`` cannot hold a report (a file in its place, a file among its parents, no permission), or None once
    the folder exists: checked before a scan starts, so that the scan does not end in an internal error."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        return f"--out {out}: a file is there, not a folder"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except NotADirectoryError:
        return f"--out {out}: a file stands where one of its parent folders should be"
    except OSError as exc:
        return f"--out {out}: cannot create the folder: {exc.strerror or exc}"
    if not os.access(out, os.W_OK | os.X_OK):
        return f"--out {out}: cannot write in the folder: Permission denied"
    return None


@contextmanager
def report_lock(out: Path):
    """Hold the report folder's lock (its ``.mtcheck-report`` marker): scans into one ``--out``
    create their temporary files and commit their reports one at a time, so that the last to
    commit wins whole and no scan deletes another's pages from under its index."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / REPORT_MARKER, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_size == 0:
            os.write(fd, _MARKER_TEXT.encode("utf-8"))
        yield
    finally:
        os.close(fd)  # releases the lock


def clean_stale(out: Path) -> list[str]:
    """Remove what killed scans left in ``out``: temporary report files and pages build folders
    whose creator no longer holds them (see ``hold``). Call it holding ``report_lock``, so that no
    scan is between creating a temporary file and locking it. Returns the names removed."""
    removed = []
    try:
        entries = list(os.scandir(out))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.endswith(".tmp") or entry.is_symlink():
            continue
        try:
            if name.startswith(_TMP_FILES) and entry.is_file():
                fd = os.open(entry.path, os.O_RDONLY)
                try:
                    if hold(fd):
                        os.unlink(entry.path)
                        removed.append(name)
                finally:
                    os.close(fd)
            elif name.startswith(_TMP_DIRS) and entry.is_dir():
                marker = os.path.join(entry.path, REPORT_MARKER)
                if not os.path.isfile(marker):
                    continue  # not a folder a report made: never touched
                fd = os.open(marker, os.O_RDONLY)
                try:
                    stale = hold(fd)
                finally:
                    os.close(fd)
                if stale:
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed.append(name)
        except OSError:
            continue
    return removed


def umask() -> int:
    """The process umask (read by setting it: there is no other way; set back at once)."""
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


class AtomicFile:
    """A temporary file beside ``path`` (``handle``) that takes its place on ``commit()``.

    ``prepare()`` does what can fail on a full disk (flush, sync) and ``commit()`` only renames,
    so that two files can be prepared first and committed back to back. The temporary file stays
    open and locked until it is committed or dropped: a later scan that finds it unlocked knows its
    scan was killed and removes it (``clean_stale``)."""

    def __init__(self, path: Path, mode: str = "w", encoding: str | None = "utf-8"):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            hold(fd)
            self.handle = os.fdopen(fd, mode, encoding=None if "b" in mode else encoding)
        except BaseException:
            os.close(fd)
            os.unlink(self.tmp)
            raise

    def prepare(self) -> None:
        if self.handle.closed or getattr(self, "_prepared", False):
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())  # on disk before it takes the old file's place (power loss)
        os.chmod(self.tmp, 0o666 & ~umask())  # mkstemp makes 0600; a report is as readable as any new file
        self._prepared = True

    def commit(self) -> None:
        self.prepare()
        os.replace(self.tmp, self.path)
        self.handle.close()  # the lock goes with it, once the file has its final name

    def abort(self) -> None:
        """Drop the temporary file; ``path`` stays as it was."""
        try:
            self.handle.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


@contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8"):
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it vanishes."""
    file = AtomicFile(path, mode, encoding)
    try:
        yield file.handle
        file.commit()
    except BaseException:
        file.abort()
        raise
