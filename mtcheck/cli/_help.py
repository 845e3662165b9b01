"""Help text without typer's Python type labels: a flag shows no value (typer 0.29 prints
``<bool>``), a repeatable option or a list argument shows its element type (``<str>``, not
``<list[str]>``)."""

from __future__ import annotations

import re

from typer.core import TyperArgument, TyperOption

_LIST = re.compile(r"list\[(.+?)\]")


def _patch(cls) -> None:
    original = cls.display_type_rich
    if getattr(original, "_mtcheck", False):
        return

    def display_type_rich(self, ctx):
        if getattr(self, "is_flag", False):
            return None  # --no-html takes no value
        label = original(self, ctx)
        return _LIST.sub(r"\1", label) if isinstance(label, str) else label

    display_type_rich._mtcheck = True
    cls.display_type_rich = display_type_rich


for _cls in (TyperOption, TyperArgument):
    _patch(_cls)
