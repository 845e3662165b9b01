"""The README's rule table is the registry's, and its commands match the project's files."""

from __future__ import annotations

from pathlib import Path

from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent


def _load_updater():
    return load_script("scripts/update_readme.py")


def test_rule_table_matches_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _load_updater().updated(readme) == readme, "run: python scripts/update_readme.py"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in ci
