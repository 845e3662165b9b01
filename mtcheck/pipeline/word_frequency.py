"""Word frequencies (wordfreq, whose lists ship in its wheel) for any language the scan may meet.

py3langid identifies about 97 languages; wordfreq has lists for about 40, and its Chinese, Japanese
and Korean lists need tokenizers that are not installed (jieba, MeCab). A language without a usable
list answers 0.0 (unknown word) instead of raising, so that an Estonian or Chinese article gets the
rules that need no frequencies rather than crashing the scan.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import available_languages, zipf_frequency

# py3langid codes whose wordfreq list goes by another name.
_ALIASES = {"no": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}
# Lists that need a tokenizer package mtcheck does not install.
_NEEDS_TOKENIZER = frozenset({"zh", "ja", "ko"})


@lru_cache(maxsize=None)
def wordlist_language(lang: str) -> str | None:
    """The wordfreq language to use for ``lang``, or None when there is no usable list."""
    lang = _ALIASES.get(lang, lang)
    if lang in _NEEDS_TOKENIZER or lang not in available_languages():
        return None
    return lang


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang`` (0.0 for unknown words and for languages without a list)."""
    usable = wordlist_language(lang)
    return zipf_frequency(word, usable) if usable else 0.0
