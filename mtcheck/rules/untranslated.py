"""Untranslated fragments: English words left inside German or Dutch text.

The engine skips pieces it cannot place (a bracketed editorial insertion, a phrase split by a
link) and they surface verbatim: "Sprechen in a Semaphore-Konferenz", "zwei der größten zu
kaufen [intercontinental ballistic missiles]". Word frequencies (wordfreq, English against the
article's language) tell an English word from a German one; only lower-case words count,
because capitalised English words in German text are nearly always names and titles
("Wall Street Journal", "Government Efficiency", "Eastern Economic Forum").
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain
from operator import itemgetter

from wordfreq import zipf_frequency

from mtcheck.pipeline.segment import WORD_RE
from mtcheck.pipeline.word_frequency import zipf
from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register
from mtcheck.pipeline.language import MIN_PARAGRAPH_WORDS
from mtcheck.pipeline.records import Finding
from .furniture import _CREDIT_LINE_RE, _EMBED_RE, in_furniture

# A word leans English when it is common in English and clearly more common there than in the
# article's language; a run is flagged when it holds a strongly English word and enough lean overall.
MIN_ZIPF_EN = 3.0
LEAN = 0.5
STRONG_LEAN = 1.5
RUN_LEAN = 2.5

# English function words: candidates only. Each counts as English in a language only when wordfreq
# finds it far more common in English than there (FUNCTION_LEAN): Dutch "of" (whether / or) is a
# Dutch word as common as in English and never counts. "an" is German too.
ENGLISH_FUNCTION_WORDS = frozenset("a the of with to for by from and at".split())
FUNCTION_LEAN = 1.5
# A short run whose every word is in common use in the article's language too ("pole position",
# "breaking news" in Dutch or German copy) is a loanword of the trade, not a leftover.
LOANWORD_ZIPF = 3.0
LOANWORD_MAX_WORDS = 3


@lru_cache(maxsize=None)
def function_words(lang: str) -> frozenset[str]:
    """The English function words that are foreign to ``lang`` (by word frequency)."""
    return frozenset(w for w in ENGLISH_FUNCTION_WORDS if english_lean(w, lang) >= FUNCTION_LEAN)

_QUOTES = frozenset('"„“”»«‚‘’\'')


@lru_cache(maxsize=65536)
def english_lean(word: str, lang: str) -> float:
    """How much more frequent ``word`` is in English than in ``lang`` (Zipf units), or 0."""
    en = zipf_frequency(word, "en")
    if en < MIN_ZIPF_EN:
        return 0.0
    return max(0.0, en - zipf_frequency(word, lang))


# english_lean of each word as written (0 for a word that is not all lower case), kept across
# articles: most words of an article were seen before, and a dictionary look-up per word is the
# cheapest step of this rule. Cleared when it grows large, so memory stays bounded.
_LEAN_OF: dict[str, dict[str, float]] = {}
_LEAN_CACHE_MAX = 200_000


def _leans(texts: list[str], lang: str) -> list[float]:
    """english_lean(word.lower(), lang) for each lower-case word, 0.0 for the others."""
    known = _LEAN_OF.get(lang)
    if known is None or len(known) > _LEAN_CACHE_MAX:
        known = _LEAN_OF[lang] = {}
    try:
        return list(map(known.__getitem__, texts))
    except KeyError:
        for word in texts:
            if word not in known:
                known[word] = english_lean(word.lower(), lang) if word.islower() else 0.0
        return list(map(known.__getitem__, texts))


@register
class EnglishFragment(Rule):
    code = "MT401"
    name = "untranslated-english"
    category = "untranslated_fragment"
    severity = "warning"
    languages = frozenset({"de", "nl"})
    summary = (
        "A run of lower-case English words inside a German or Dutch sentence (\"[intercontinental ballistic "
        "missiles]\"), or an English article or preposition between lower-case words (\"in a Semaphore-Konferenz\")."
    )
    why = (
        "A human writer either translates a phrase or quotes it whole; an engine fed fragments leaves pieces it "
        "could not place (bracketed insertions, text split by a link) untranslated in mid-sentence."
    )
    example = "zwei der größten zu kaufen [intercontinental ballistic missiles] -> 'Interkontinentalraketen'"
    false_positives = (
        "Established English phrases written in lower case (\"last but not least\"); English quoted on purpose "
        "where the quote marks do not enclose the whole run. Whole English sentences, runs that fill a quotation, "
        "and capitalised names and titles are never flagged."
    )
    positive = [
        Example("zwei der größten zu kaufen [intercontinental ballistic missiles], erzählte Musk.", "intercontinental ballistic missiles"),
        Example("Sprechen in a Semaphore-Konferenz sagte der Administrator am Freitag etwas.", "a"),
        Example("Die Regierung hat the decision getroffen, die Steuern zu senken.", "the decision"),
        Example("De regering heeft the decision genomen om de belasting te verlagen.", "the decision", lang="nl"),
    ]
    negative = [
        Example("Das Wall Street Journal berichtete über die Bank of America und die Kommission Government Efficiency."),
        Example("Er trug ein Shirt mit der Aufschrift „make america great again“ und lächelte."),
        Example("Der Manager war online und live im Team dabei, die Stimmung war cool."),
        Example("Frankfurt a. M. ist eine Stadt, sagte er a priori."),
        Example("Die Fans riefen: We will never give up on this team, never. Dann gingen sie."),
        Example("Auf Schildern stand: „For the Greta good“, „Don't be a fossil fool“ und „You will die of old age“."),
        Example("Der Junge blieb einen Tag lang an Maschinen angeschlossen."),
        # Dutch "of" (whether / or) is as common in Dutch as in English.
        Example("Het is onduidelijk of de minister blijft, en of hij door de Kamer over de zaak wordt gehoord.", lang="nl"),
        Example("Hij vroeg zich af of het kabinet het had gedaan, of dat het was misgegaan.", lang="nl"),
        # Credits and agency lines are furniture wherever they stand.
        Example("Der Kanzler sprach in Berlin (Bildnachweis: picture alliance / dpa | Kay Nietfeld) über Geld."),
        Example("Die Sängerin trat gestern auf, sagte sie. © Foto: picture alliance / united archives"),
        Example("Der Schauspieler feiert Geburtstag. © Stars / spot on news"),
        # Loanwords of the trade, and an embedded tweet.
        Example("Verstappen startte vanaf de pole position en won de race overtuigend.", lang="nl"),
        Example("Der Sender brachte die breaking news sofort, sagte er."),
        Example("Trump schrieb dazu:\n\nWe will make the country great again, and we will win! "
                "pic.twitter.com/abc123 — Donald J. Trump (@realDonaldTrump) November 6, 2024\n\nDann ging er."),
    ]

    def check(self, ctx: Context):
        lang = ctx.lang
        text = ctx.article.text
        # The whole article's words at once: most articles have no English-leaning word and no
        # English function word at all, and are done after one look-up per word.
        by_sentence = [sentence.words for sentence in ctx.doc.sentences]
        all_texts = list(map(itemgetter(2), chain.from_iterable(by_sentence)))
        all_leans = _leans(all_texts, lang)
        foreign = function_words(lang)
        if (not all_leans or max(all_leans) < LEAN) and foreign.isdisjoint(all_texts):
            return
        offset = 0  # of the sentence's first word among the article's words
        for words in by_sentence:
            texts, leans = all_texts[offset : offset + len(words)], all_leans[offset : offset + len(words)]
            offset += len(words)
            if not leans or max(leans) < LEAN:
                # No English-leaning word, so no run: only the function words can be flagged.
                if len(texts) > 2 and not foreign.isdisjoint(texts[1:-1]):
                    yield from self._function_words(ctx, words, leans, foreign)
                continue
            english = sum(map(LEAN.__le__, leans))
            if english * 2 >= len(words):
                continue  # a whole English sentence: a quotation or a caption, not a fragment
            i = 0
            while i < len(words):
                if leans[i] < LEAN:
                    i += 1
                    continue
                j = i
                while j + 1 < len(words) and leans[j + 1] >= LEAN and words[j + 1].start - words[j].end <= 1:
                    j += 1
                run = leans[i : j + 1]
                if j > i and max(run) >= STRONG_LEAN and sum(run) >= RUN_LEAN:
                    start, end = words[i].start, words[j].end
                    if (not _fills_quote(text, start, end) and not _in_english_quote(text, start, end, lang)
                            and not _loanword(texts[i : j + 1], lang, foreign) and not in_furniture(ctx, start, end)):
                        yield self.finding(
                            ctx, start, end,
                            f"'{text[start:end]}' is English (by word frequency: "
                            f"{', '.join(w.text for w in words[i:j + 1])} are far more common in English than in "
                            f"'{lang}') inside a '{lang}' sentence: a fragment the engine left untranslated",
                            min(0.95, 0.6 + 0.1 * (j - i + 1)),
                        )
                    i = j + 1
                    continue
                i += 1
            yield from self._function_words(ctx, words, leans, foreign)

    def _function_words(self, ctx: Context, words, leans, foreign):
        for k in range(1, len(words) - 1):
            word = words[k]
            if word.text not in foreign:
                continue
            prev, nxt = words[k - 1], words[k + 1]
            if not prev.text.islower() or leans[k - 1] >= LEAN or leans[k + 1] >= LEAN:
                continue  # part of a longer English run, flagged above, or of a title ("Bank of America")
            gap = ctx.article.text[word.end : nxt.start]
            if gap != " " or ctx.article.text[prev.end : word.start] != " ":
                continue  # "a. M.", punctuation between: not running text
            if word.text in ("a", "an") and not nxt.is_capitalised:
                continue  # Latin and French phrases ("a priori", "a cappella")
            if in_furniture(ctx, word.start, word.end):
                continue
            yield self.finding(
                ctx, word.start, word.end,
                f"'{word.text}' is an English function word between '{prev.text}' and '{nxt.text}' in a "
                f"'{ctx.lang}' sentence: a piece of the English source left untranslated",
                0.8,
            )


# How far to look for the quote marks around a run, both ways (bounded: keeps the rule linear).
_QUOTE_REACH = 300


def _in_english_quote(text: str, start: int, end: int, lang: str) -> bool:
    """True when the run sits in a quotation that is mostly English ("„Don't be a fossil fool“"): quoted on purpose."""
    floor = max(0, start - _QUOTE_REACH)
    opening = max(text.rfind(q, floor, start) for q in _QUOTES)
    if opening < 0 or "\n" in text[opening:start]:
        return False
    ends = [i for i in (text.find(q, end, end + _QUOTE_REACH) for q in _QUOTES) if i >= 0]
    if not ends or "\n" in text[end : min(ends)]:
        return False
    words = [w for w in WORD_RE.findall(text[opening + 1 : min(ends)])]
    english = sum(1 for w in words if english_lean(w.lower(), lang) >= LEAN)
    return english * 2 >= len(words)


def _loanword(texts: list[str], lang: str, foreign: frozenset[str]) -> bool:
    """A short run of words all in common use in ``lang`` too, with no foreign function word: a
    loanword phrase of the trade ("pole position", "breaking news"), not an untranslated piece."""
    if len(texts) > LOANWORD_MAX_WORDS or not foreign.isdisjoint(texts):
        return False
    return all(zipf(t.lower(), lang) >= LOANWORD_ZIPF for t in texts)


def _fills_quote(text: str, start: int, end: int) -> bool:
    """True when quote marks enclose the run (nothing but spaces between): English quoted on purpose."""
    before = text[max(0, start - 2) : start].strip()
    after = text[end : end + 2].strip()
    return bool(before) and before[-1] in _QUOTES and bool(after) and after[0] in _QUOTES


@register
class EnglishParagraph(Rule):
    code = "MT402"
    name = "untranslated-paragraph"
    category = "untranslated_fragment"
    severity = "warning"
    languages = frozenset({"de", "nl"})
    summary = (
        "A whole paragraph in English inside a German or Dutch article (identified paragraph by paragraph), "
        "that is no embedded post, credit or quotation."
    )
    why = (
        "A page that is half English and half German or Dutch is the strongest sign of automatic translation there "
        "is: the engine (or the plugin driving it) skipped or failed on some paragraphs. Newsrooms quote English in "
        "quotation marks or embed the post whole, with its signature."
    )
    example = "Het kabinet ... (Dutch paragraphs) / The minister said the plan would be presented next week ... (English)"
    false_positives = (
        "An English statement or song text printed as a paragraph without quotation marks. Paragraphs under "
        f"{MIN_PARAGRAPH_WORDS} words, paragraphs opening with a quote mark, embedded posts (\"pic.twitter.com\", "
        "\"— Name (@handle) date\") and credits are never flagged; the German or Dutch rules skip the English "
        "paragraphs."
    )
    positive = [
        Example(
            "Het kabinet wil de belasting op arbeid verlagen, zo maakte de minister dinsdag bekend in Den Haag.\n\n"
            "The minister said the plan would be presented to parliament next week, together with the budget.\n\n"
            "De oppositie reageerde kritisch op de plannen en wil meer duidelijkheid over de financiering ervan.",
            "The minister said the plan would be presented to parliament next week, together with the budget.",
            lang="nl",
        ),
        Example(
            "Die Regierung will die Steuern auf Arbeit senken, teilte der Minister am Dienstag in Berlin mit.\n\n"
            "The minister said the plan would be presented to parliament next week, together with the budget.",
            "The minister said the plan would be presented to parliament next week, together with the budget.",
        ),
    ]
    negative = [
        Example(
            "Musk schreef op X dat de productie zou stijgen, maar verwijderde het bericht later weer.\n\n"
            "Tesla made 0 cars in 2011, but will make around 500k in 2019 and more after that — Elon Musk "
            "(@elonmusk) February 20, 2019\n\nDe beurswaakhond greep daarna in en klaagde de topman aan.",
            lang="nl",
        ),
        Example(
            "Der Präsident sagte am Abend in einer Rede vor Anhängern in Florida folgende Sätze.\n\n"
            "„We will make this country great again, and we will win like never before, believe me.“"
        ),
        Example("Die Regierung will die Steuern senken. Ein kurzer Satz: Read more about it here."),
    ]

    def check(self, ctx: Context):
        english = ctx.cache.get("language.english_paragraphs")
        if not english:
            return
        text = ctx.cache["language.original_text"]
        for start, end, words, probability in english:
            paragraph = text[start:end]
            if paragraph[:1] in _QUOTES or _EMBED_RE.search(paragraph) or _CREDIT_LINE_RE.match(paragraph):
                continue
            yield Finding(
                start=start, end=end, text=paragraph, rule=self.code, name=self.name, category=self.category,
                severity=self.severity, confidence=0.9,
                message=f"a paragraph of {words} words in English (identified with probability {probability:.2f}) "
                        f"inside a '{ctx.lang}' article: a part the engine left untranslated",
            )
