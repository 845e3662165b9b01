"""The rule registry.

A rule is a small class with a stable code (``MT101``), a kebab-case name, a category, a
default severity, its documentation (what it finds, why that signals machine translation, an
example, known false positives) and positive and negative examples that the test suite runs.
Codes never change meaning; a retired rule keeps its code reserved.

Rule modules (every module in this package) register themselves on import;
``all_rules()`` imports them all.

A rule marked ``preview`` is not yet precise enough on real pages (the field set, docs/eval.md)
for the default set: it runs only when a scan asks for preview rules (``--preview``), as ruff does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from mtcheck.pipeline.records import CATEGORIES, SEVERITIES, Article, Finding
from mtcheck.pipeline.segment import Segmented

if TYPE_CHECKING:
    from mtcheck.pipeline.entity_index import EntityIndex

RULESET_VERSION = "1"


@dataclass
class Example:
    """A text a rule must (``positive``) or must not (``negative``) flag. ``span`` is the
    text one finding must cover exactly, for positives; ``lang`` the language to assume."""

    text: str
    span: str | None = None
    lang: str = "de"


@dataclass
class Context:
    """What a rule sees: one article, its segmentation and the corpus around it."""

    article: Article
    doc: Segmented
    lang: str
    entities: EntityIndex
    cache: dict = field(default_factory=dict)  # per-article scratch space shared by rules


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[str] = "warning"
    # Languages the rule runs on; None means every language (a generic rule).
    languages: ClassVar[frozenset[str] | None] = None
    summary: ClassVar[str]  # what it finds, one line
    why: ClassVar[str]  # why that signals machine translation
    example: ClassVar[str]
    false_positives: ClassVar[str]
    positive: ClassVar[list[Example]] = []
    negative: ClassVar[list[Example]] = []
    # Not yet precise on real pages: runs only with --preview (see ``select_rules``).
    preview: ClassVar[bool] = False

    @property
    def maturity(self) -> str:
        return "preview" if self.preview else "stable"

    def applies_to(self, lang: str) -> bool:
        return self.languages is None or lang in self.languages

    def check(self, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        start: int,
        end: int,
        message: str,
        confidence: float,
        suggestion: str | None = None,
        severity: str | None = None,
    ) -> Finding:
        return Finding(
            start=start,
            end=end,
            text=ctx.article.text[start:end],
            rule=self.code,
            name=self.name,
            category=self.category,
            severity=severity or self.severity,
            confidence=round(confidence, 3),
            message=message,
            suggestion=suggestion,
        )

    def documentation(self) -> str:
        langs = ", ".join(sorted(self.languages)) if self.languages else "all"
        return (
            f"{self.code} {self.name}\n"
            f"category: {self.category}   severity: {self.severity}   languages: {langs}   maturity: {self.maturity}\n\n"
            f"What it finds\n  {self.summary}\n\n"
            f"Why it signals machine translation\n  {self.why}\n\n"
            f"Example\n  {self.example}\n\n"
            f"Known false positives\n  {self.false_positives}\n"
        )


REGISTRY: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: validate a rule's declaration and add it to the registry."""
    assert cls.code not in REGISTRY, f"duplicate rule code {cls.code}"
    assert cls.category in CATEGORIES, f"{cls.code}: unknown category {cls.category}"
    assert cls.severity in SEVERITIES, f"{cls.code}: unknown severity {cls.severity}"
    REGISTRY[cls.code] = cls()
    return cls


_loaded = False


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by code, in code order."""
    global _loaded
    if not _loaded:
        import importlib
        import pkgutil

        for module in pkgutil.iter_modules(__path__):  # each rule module registers on import
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True
    return dict(sorted(REGISTRY.items()))


def documented_rules() -> dict:
    """Every rule a finding can name: the offline rules, the model stage's MT90x and the detector's MT950."""
    from .model_rules import MODEL_RULES
    from .style import MT_STYLE

    return {**all_rules(), **MODEL_RULES, MT_STYLE.code: MT_STYLE}


def languages_label(rule) -> str:
    if hasattr(rule, "detector_languages"):
        return ", ".join(rule.detector_languages) + " (detector)"
    if getattr(rule, "code", "").startswith("MT9"):
        return "models"
    return ", ".join(sorted(rule.languages)) if rule.languages else "all"


def maturity_label(rule) -> str:
    """``stable`` or ``preview`` (MT9xx model rules are stable: the model stage has its own switch)."""
    return "preview" if getattr(rule, "preview", False) else "stable"


def rules_markdown() -> str:
    """The rule table of the README and of ``mtcheck rules --format markdown``."""
    rows = ["| code | name | category | severity | languages | maturity | what it finds |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for rule in documented_rules().values():
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| {rule.code} | {rule.name} | {rule.category} | {rule.severity} | {languages_label(rule)} | "
                    f"{maturity_label(rule)} | {summary} |")
    return "\n".join(rows)


def select_codes(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> set[str]:
    """Codes of every documented rule (offline and MT9xx) chosen by code or code prefix (``MT1``
    selects MT101, MT102, ...). Raises ``KeyError`` naming a code that matches nothing."""
    codes = set(documented_rules())

    def expand(wanted: Iterable[str]) -> set[str]:
        chosen: set[str] = set()
        for code in wanted:
            code = code.strip().upper()
            matched = {c for c in codes if c.startswith(code)}
            if not matched:
                raise KeyError(code)
            chosen |= matched
        return chosen

    chosen = expand(select) if select else codes
    if ignore:
        chosen -= expand(ignore)
    return chosen


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                 preview: bool = False) -> list[Rule]:
    """The offline rules among ``select_codes`` (the model stage filters its own MT9xx codes).
    Preview rules only when ``preview`` is true, even when selected by code (as ruff does)."""
    rules = all_rules()
    return [rules[c] for c in sorted(select_codes(select, ignore)) if c in rules and (preview or not rules[c].preview)]


def run_rules(ctx: Context, rules: Iterable[Rule]) -> Iterator[Finding]:
    for rule in rules:
        if rule.applies_to(ctx.lang):
            yield from rule.check(ctx)
