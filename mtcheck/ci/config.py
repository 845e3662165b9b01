"""Project configuration: ``[tool.mtcheck]`` in ``pyproject.toml``, or an ``mtcheck.toml``.

Every key is the long name of a ``scan`` option (``fail-on = "suspect"``, ``select = ["MT1"]``,
``models = "off"``, ...), plus ``include``: the article paths scanned when none are given, and
the corpus a changed-only scan draws its entity context from. Values go into click's
``default_map``, so an option given on the command line always wins and every value is checked
by the same code that checks the option. A key that is no option is an error naming the key
and the file (exit 2): a typo must not silently turn a check off.

Where it is looked for: ``--config FILE``; else ``mtcheck.toml`` in the current folder (keys
at its top level, or under ``[tool.mtcheck]``); else ``pyproject.toml`` in the current folder
when it has a ``[tool.mtcheck]`` table. Only the current folder: CI and pre-commit run at the
repository root, and relative paths in the file mean the same as on the command line there.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

# Keys that are options of ``scan`` but make no sense in a file.
NOT_CONFIGURABLE = frozenset({"config", "help", "version", "paths"})
# Keys that exist only in the file.
FILE_ONLY = {"include": "article paths scanned when none are given; the corpus of changed-only scans"}

CONFIG_NAMES = ("mtcheck.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A configuration problem; the message names the file and the key."""


def find_config(folder: Path | None = None) -> Path | None:
    folder = folder or Path()  # relative, so that messages name "pyproject.toml" as the user sees it
    local = folder / "mtcheck.toml"
    if local.is_file():
        return local
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            if "mtcheck" in _read(pyproject).get("tool", {}):
                return pyproject
        except ConfigError:
            return None  # a broken pyproject.toml that does not configure us is not our business
    return None


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def load_table(path: Path) -> dict[str, Any]:
    """The mtcheck settings in ``path`` (a pyproject.toml's ``[tool.mtcheck]`` table)."""
    data = _read(path)
    table = data.get("tool", {}).get("mtcheck")
    if table is None:
        if path.name == "pyproject.toml":
            raise ConfigError(f"{path}: no [tool.mtcheck] table")
        table = data  # mtcheck.toml: keys at the top level
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.mtcheck] must be a table")
    return table


def option_names(command) -> dict[str, Any]:
    """Configurable keys of a click command: its long option names without ``--``, kebab-case."""
    names: dict[str, Any] = {}
    for param in command.params:
        if param.name in NOT_CONFIGURABLE:
            continue
        longs = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        key = longs[0][2:] if longs else param.name.replace("_", "-")
        names[key] = param
    return names


def resolve(path: Path | None, command, ctx=None) -> tuple[dict[str, Any], dict[str, Any], Path | None]:
    """Read the configuration for ``command``. Returns (default_map, file-only settings, file)."""
    explicit = path is not None
    path = path if explicit else find_config()
    if path is None:
        return {}, {}, None
    if explicit and not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    table = load_table(path)
    params = option_names(command)
    defaults: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    where = f"{path}" + (" [tool.mtcheck]" if path.name == "pyproject.toml" else "")
    for key, value in table.items():
        if key in FILE_ONLY:
            extra[key] = _string_list(value, key, where)
            continue
        param = params.get(key)
        if param is None:
            known = ", ".join(sorted([*params, *FILE_ONLY]))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        if getattr(param, "multiple", False):
            value = _string_list(value, key, where)
        _check(param, value, key, where, ctx)
        defaults[param.name] = value
    return defaults, extra, path


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"{where}: {key!r} must be a string or a list of strings, not {value!r}")


def _check(param, value: Any, key: str, where: str, ctx) -> None:
    """Convert the value the way the option would, so that a bad value names the file and key."""
    runtime = getattr(param, "get_runtime_param", None)  # typer's coercion; click's own type otherwise
    try:
        if runtime is not None:
            runtime().coerce(value, param=param, ctx=ctx)
        elif getattr(param, "type", None) is not None:
            param.type_cast_value(ctx, value)
    except Exception as exc:  # click's BadParameter, pydantic's errors: all mean a bad value
        message = getattr(exc, "message", None) or str(exc)
        raise ConfigError(f"{where}: bad value for {key!r}: {message}") from exc
