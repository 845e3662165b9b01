"""The spell-checker baseline for ``mtcheck eval``: hunspell flags every word its dictionary
does not know, the tool an editor would otherwise reach for.

hunspell runs as a subprocess (``hunspell -d <dict> -i utf-8 -l``), once per language over all
texts in that language: unknown-word judgements do not depend on context, so one run yields the
set of unknown words, and each article's flags are every whole-word occurrence of them. Languages
without an installed dictionary (Debian packages ``hunspell-de-de``, ``hunspell-en-us``,
``hunspell-nl`` ...) are skipped and named in ``SpellChecker.notes``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

# The dictionary hunspell is asked for, per ISO 639-1 language code.
DICTIONARIES = {"de": "de_DE", "en": "en_US", "nl": "nl", "fr": "fr_FR", "es": "es_ES", "it": "it_IT"}

BASELINE_CATEGORY = "unknown_word"


@dataclass
class Flag:
    """One unknown word, as a span of the article text."""

    start: int
    end: int
    text: str
    category: str = BASELINE_CATEGORY
    severity: str = "warning"


@dataclass
class SpellChecker:
    """Runs hunspell over articles; ``available`` is False (with a note) when it is not installed."""

    executable: str | None = field(default_factory=lambda: shutil.which("hunspell"))
    notes: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.executable is not None

    def installed_dictionaries(self) -> set[str]:
        """Names of the dictionaries hunspell can open (``hunspell -D``)."""
        if not self.available:
            return set()
        proc = subprocess.run(
            [self.executable, "-D"], input="", capture_output=True, text=True, timeout=60, check=False
        )
        names = set()
        listing = proc.stdout + proc.stderr
        in_list = False
        for line in listing.splitlines():
            if line.startswith("AVAILABLE DICTIONARIES"):
                in_list = True
            elif in_list and line.startswith("/"):
                names.add(line.rsplit("/", 1)[-1])
            elif in_list and line and not line.startswith("/"):
                in_list = False
        return names

    def unknown_words(self, dictionary: str, texts: list[str]) -> set[str]:
        """The words in ``texts`` that hunspell's ``dictionary`` does not know."""
        proc = subprocess.run(
            [self.executable, "-d", dictionary, "-i", "utf-8", "-l"],
            input="\n".join(texts),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"hunspell -d {dictionary} failed: {proc.stderr.strip()[:300]}")
        return {word for word in proc.stdout.splitlines() if word.strip()}

    def check(self, articles: dict[str, tuple[str, str | None]]) -> dict[str, list[Flag] | None]:
        """Flags per article key for ``{key: (text, lang)}``; None where no dictionary fits."""
        result: dict[str, list[Flag] | None] = {key: None for key in articles}
        if not self.available:
            self.notes.append("hunspell is not installed: the spell-checker baseline was skipped")
            return result
        installed = self.installed_dictionaries()
        by_lang: dict[str, list[str]] = {}
        for key, (_, lang) in articles.items():
            by_lang.setdefault(lang or "?", []).append(key)
        for lang, keys in sorted(by_lang.items()):
            dictionary = DICTIONARIES.get(lang)
            if dictionary is None or dictionary not in installed:
                wanted = dictionary or f"a '{lang}' dictionary"
                self.notes.append(f"no hunspell dictionary {wanted} installed: {len(keys)} '{lang}' article(s) skipped")
                continue
            unknown = self.unknown_words(dictionary, [articles[k][0] for k in keys])
            for key in keys:
                result[key] = flags_for(articles[key][0], unknown)
        return result


def flags_for(text: str, unknown: set[str]) -> list[Flag]:
    """Every whole-word occurrence of an unknown word in ``text``, in text order."""
    flags = []
    for word in (w for w in unknown if w in text):  # a substring test first: most words are elsewhere
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            flags.append(Flag(match.start(), match.end(), word))
    flags.sort(key=lambda f: (f.start, f.end))
    return flags
