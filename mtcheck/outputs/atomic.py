"""Write report files atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


def umask() -> int:
    """The process umask (read by setting it: there is no other way; set back at once)."""
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


class AtomicFile:
    """A temporary file beside ``path`` (``handle``) that takes its place on ``commit()``.

    ``prepare()`` does what can fail on a full disk (flush, sync, close) and ``commit()`` only
    renames, so that two files can be prepared first and committed back to back."""

    def __init__(self, path: Path, mode: str = "w", encoding: str | None = "utf-8"):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            self.handle = os.fdopen(fd, mode, encoding=None if "b" in mode else encoding)
        except BaseException:
            os.close(fd)
            os.unlink(self.tmp)
            raise

    def prepare(self) -> None:
        if self.handle.closed:
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())  # on disk before it takes the old file's place (power loss)
        self.handle.close()
        os.chmod(self.tmp, 0o666 & ~umask())  # mkstemp makes 0600; a report is as readable as any new file

    def commit(self) -> None:
        self.prepare()
        os.replace(self.tmp, self.path)

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
