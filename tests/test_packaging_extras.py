"""The two test environments: the base package pins no numpy, each extra constrains it (models:
numpy<2 for unbabel-comet; datatrove: numpy 2 for its Ray executor), each has its constraints file,
and scripts/test.sh builds and runs both."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_base_dependencies_pin_no_numpy():
    assert not [d for d in PROJECT["dependencies"] if d.lower().startswith("numpy")]


def test_each_extra_constrains_numpy_its_own_way():
    extras = PROJECT["optional-dependencies"]
    assert "numpy>=1.26,<2" in extras["models"]
    assert "numpy>=2,<3" in extras["datatrove"]
    assert pins(ROOT / "constraints.txt")["numpy"].startswith("1.")
    assert pins(ROOT / "constraints-datatrove.txt")["numpy"].startswith("2.")


def test_datatrove_extra_and_its_constraints_agree():
    constraints = pins(ROOT / "constraints-datatrove.txt")
    for requirement in PROJECT["optional-dependencies"]["datatrove"]:
        name, _, version = requirement.partition("==")
        if version:
            assert constraints[name.lower()] == version, name
    # The base pins hold in the datatrove environment too.
    for requirement in PROJECT["dependencies"]:
        name, _, version = requirement.split(";")[0].strip().partition("==")
        assert constraints[name.lower().replace("_", "-")] == version, name


def test_scripts_test_sh_runs_both_environments():
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "-e '.[models,ct2,test]' -c constraints.txt" in script
    assert "-e '.[datatrove,test]' -c constraints-datatrove.txt" in script
    assert ".venv/bin/python -m pytest" in script and ".venv-datatrove/bin/python -m pytest" in script
    assert ".venv-datatrove/" in (ROOT / ".gitignore").read_text(encoding="utf-8")


def test_this_environment_has_the_numpy_of_its_extra():
    import numpy

    major = int(numpy.__version__.split(".")[0])
    if importlib.util.find_spec("datatrove") is not None:
        assert major == 2
    if importlib.util.find_spec("comet") is not None:
        assert major == 1
