"""A tiny git repository standing in for a fetched snapshot (``<snapshots>/<owner+name>/repo``), for the tests of the
detector data builders, which read files with ``git show HEAD:<path>``."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_repo(path: Path, files: dict[str, str]) -> None:
    """Create a repository at ``path`` with ``files`` (path in the repository -> text) in one commit."""
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    run = lambda *a: subprocess.run(["git", "-C", str(path), *a], check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("add", "-A")
    run("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x")
