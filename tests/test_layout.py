"""The layout's promises (docs/architecture.md): the offline packages never import the model stage,
and every subpackage says in its docstring what it holds and may import."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mtcheck"
OFFLINE = ("pipeline", "rules", "outputs", "ci", "evaluation")


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module an ``import`` anywhere in the file names (inside functions too), made absolute."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("sub", OFFLINE)
def test_offline_packages_never_import_the_model_stage(sub):
    for path in (PACKAGE / sub).rglob("*.py"):
        package = ".".join(("mtcheck",) + path.parent.relative_to(PACKAGE).parts)
        bad = sorted(m for m in imported_modules(path, package) if m == "mtcheck.models" or m.startswith("mtcheck.models."))
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_the_relative_import_reader_resolves_like_python(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from ..models import stage\nfrom .records import Finding\n", encoding="utf-8")
    assert "mtcheck.models.stage" in imported_modules(probe, "mtcheck.pipeline")
    assert "mtcheck.pipeline.records" in imported_modules(probe, "mtcheck.pipeline")


@pytest.mark.parametrize("sub", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()))
def test_every_subpackage_says_what_it_holds_and_may_import(sub):
    doc = importlib.import_module(f"mtcheck.{sub}").__doc__ or ""
    assert len(doc.split()) >= 15, f"mtcheck.{sub} needs a docstring"
    if sub in OFFLINE or sub == "models":
        assert "import" in doc


def test_the_top_level_stays_small():
    entries = [p for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 14, sorted(p.name for p in entries)
