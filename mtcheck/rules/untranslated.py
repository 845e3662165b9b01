"""Untranslated fragments: English words left inside German or Dutch text.

The engine skips pieces it cannot place (a bracketed editorial insertion, a phrase split by a
link) and they surface verbatim: "Sprechen in a Semaphore-Konferenz", "zwei der größten zu
kaufen [intercontinental ballistic missiles]". Word frequencies (wordfreq, English against the
article's language) tell an English word from a German one; only lower-case words count,
because capitalised English words in German text are nearly always names and titles
("Wall Street Journal", "Government Efficiency", "Eastern Economic Forum").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from operator import itemgetter

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
# Newsroom copy in German and even more in Dutch writes English terms in lower case ("debt ceiling",
# "fact checkers", "most valuable player", "party rally"): a short run of English content words with
# no English function word is a term, not a piece of sentence the engine skipped. Such a run counts
# only from TERM_MAX_WORDS + 1 words on, or inside square brackets (an editor's insertion).
TERM_MAX_WORDS = 3
# Pairs joined by "and"/"or" are set phrases of the trade ("meet and greet", "hit and run").
PAIR_WORDS = frozenset({"and", "or"})

# Words after which an English run is the title of a work, a slogan or a tag, quoted on purpose even
# without quote marks ("unter dem Motto make the world a better place", "de single stay with me").
_INTRODUCERS = frozenset("""
motto slogan titel title song songs hit single album film films serie buch roman show hashtag aufschrift
schriftzug kampagne parole leitspruch schlagzeile podcast sendung lied zitat grundsatz prinzip konzept devise
formel begriff ausdruck stichwort schlagwort credo englisch englischen engl english
nummer boek leus opschrift campagne programma liedje citaat tekst principe concept begrip term uitdrukking engels
nennt nannte nennen genannt bezeichnet bezeichnete heißt hieß noemde noemt noemen genoemd heet heette
""".split())
# "sprach von", "sprak van": a phrase named as such.
_INTRODUCER_PAIRS = frozenset({("sprach", "von"), ("spricht", "von"), ("sprachen", "von"), ("sprak", "van"),
                               ("spreekt", "van"), ("spraken", "van"), ("spreken", "van")})
# English set phrases that German and Dutch copy uses as they are (lower case, with function words inside).
_SET_PHRASES = (
    "state of the art", "survival of the fittest", "all you can eat", "of the match", "of the year",
    "first come first served", "pay as you go", "work in progress", "proof of concept", "point of no return",
    "the day after", "business as usual", "law and order", "war on drugs", "war on terror", "last but not least",
    "out of the box", "state of the union", "rule of law", "checks and balances", "hit and run", "meet and greet",
    "trial and error", "rock and roll", "the winner takes it all", "the show must go on", "happy end",
    "best of three", "best of five", "best of seven",
)
_INTRODUCER_REACH = 3  # words before the run

# Inside a web address, a handle or a tag: "nj.gov", "whitehouse.gov/briefing-room", "@foxnews".
_URLISH_RE = re.compile(r"[./@#:]\w|://|^www\.", re.I)


@lru_cache(maxsize=None)
def function_words(lang: str) -> frozenset[str]:
    """The English function words that are foreign to ``lang`` (by word frequency)."""
    return frozenset(w for w in ENGLISH_FUNCTION_WORDS if english_lean(w, lang) >= FUNCTION_LEAN)

_QUOTES = frozenset('"„“”»«‚‘’\'')


@lru_cache(maxsize=65536)
def english_lean(word: str, lang: str) -> float:
    """How much more frequent ``word`` is in English than in ``lang`` (Zipf units), or 0."""
    en = zipf(word, "en")
    if en < MIN_ZIPF_EN:
        return 0.0
    return max(0.0, en - zipf(word, lang))


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
        "English quoted on purpose without quote marks inside a clause of the article's language, without a title "
        "word before it; a lower-case English phrase of four or more words used as a term. Not flagged: whole English "
        "sentences and clauses quoted without quote marks (bounded by a colon, a full stop, brackets or quote marks "
        "with no word of the article's language between: \"Regel der Segler: To win the race, ...\"), English inside "
        "quote marks, the function words of English names and titles (\"the Washington Post\", \"Fight in the "
        "Desert\"), whole English sentences (judged on their "
        "lower-case words, so captions full of names count as English), runs that fill a quotation, capitalised "
        "names and titles and the function words inside them (\"State of the Union\", \"The Art of the Deal\"), "
        "runs after a title word or a naming verb (\"Motto\", \"Song\", \"single\", \"auf Englisch\", \"nannte\", "
        "\"sprak van\"), English set phrases used as they are (\"state of the art\", \"man of the match\"), web "
        "addresses, handles and tags, and runs of up "
        "to three English content words with no English function word (\"debt ceiling\", \"most valuable player\": "
        "terms of the trade) unless square brackets enclose them."
    )
    positive = [
        Example("zwei der größten zu kaufen [intercontinental ballistic missiles], erzählte Musk.", "intercontinental ballistic missiles"),
        Example("Sprechen in a Semaphore-Konferenz sagte der Administrator am Freitag etwas.", "a"),
        Example("Die Regierung hat the decision getroffen, die Steuern zu senken.", "the decision"),
        # English between a German word and a colon: "Ich" is German, so this is no English sentence quoted bare.
        Example("Meine Frau lachte. Ich, holding a cold cup of tea: Nein, das passt nicht in mein Leben, sagte ich.",
                "holding a cold cup of tea"),
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
        # English names and titles with lower-case function words, titles introduced as such, web addresses.
        Example("Er hielt seine Rede zur State of the Union, danach sprach der Speaker of the House."),
        Example("Das Buch The Art of the Deal erschien 1987; der Film Once upon a time in Hollywood später."),
        Example("Die Aktion lief unter dem Motto make the world a better place und sammelte Geld."),
        Example("Mehr dazu steht auf nj.gov und unter www.whitehouse.gov/briefing-room im Netz."),
        # Lower-case English terms of the trade, common in Dutch copy; an English caption full of names.
        Example("De stemming ging over de debt ceiling, volgens de fact checkers van de krant.", lang="nl"),
        Example("Hij kreeg de award voor most valuable player na een meet and greet met fans.", lang="nl"),
        Example("FILE PHOTO: Supporters attend a campaign rally in Pennsylvania, October 5, 2024."),
        # Set phrases, a phrase named as such.
        Example("Het bedrijf bouwt een state of the art fabriek; hij werd man of the match.", lang="nl"),
        Example("Die Anlage ist state of  the art, die best of seven-Serie geht weiter und die Best-of-five-Runde auch."),
        Example("Der Berater sprach von a new golden age for the country, die Opposition lachte."),
        # English quoted without quote marks: a saying after a colon, a post after a full stop, a clause that closes
        # a quotation; the function words of English names and titles (invented sentences).
        Example("Einerseits ist die Konkurrenz auf dem Wasser groß, andererseits erinnert der erfahrene Skipper an eine "
                "alte Regel der Segler: To win the race, stay in the race. Dann legte er ab."),
        Example("Die Lücke betrifft nur Geräte mit der alten Firmware, neuere laufen mit Version 2.04. Finally got the "
                "kernel out of the sandbox (uid = 0). Mehr folgt bald."),
        Example("Ze zeggen dan 'koop een auto die nooit stukgaat, save the planet', of iets in die geest.", lang="nl"),
        Example("Der Kampf wurde zum Fight in the Desert, schrieben die Zeitungen."),
        Example("De columnist schreef in the Washington Post over de muur met Mexico.", lang="nl"),
        Example("Hij verwees naar Radical islam and the New Global Order uit 1999.", lang="nl"),
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
            # Judged on the lower-case words: an English caption full of names ("FILE PHOTO: Supporters
            # attend a campaign rally in Pennsylvania, October 5") is English as a whole.
            lower = sum(1 for t in texts if t.islower() and not t.isdigit())
            if english * 2 >= min(len(words), lower):
                continue  # a whole English sentence: a quotation or a caption, not a fragment
            i = 0
            while i < len(words):
                if leans[i] < LEAN:
                    i += 1
                    continue
                j = i
                while (j + 1 < len(words) and leans[j + 1] >= LEAN
                       and text[words[j].end : words[j + 1].start] in _RUN_GAPS):
                    j += 1
                run = leans[i : j + 1]
                if j > i and max(run) >= STRONG_LEAN and sum(run) >= RUN_LEAN:
                    start, end = words[i].start, words[j].end
                    if (not _fills_quote(text, start, end) and not _in_english_quote(text, start, end, lang)
                            and not _loanword(texts[i : j + 1], lang, foreign)
                            and not _term(texts[i : j + 1], foreign, text, start, end)
                            and not _named(words, texts, leans, i, j, foreign, lang)
                            and not _english_stretch(text, words, texts, leans, i, j, foreign, lang)
                            and not _set_phrase(text, start, end)
                            and not _urlish(text, start, end) and not in_furniture(ctx, start, end)):
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
            texts = [w.text for w in words]
            if (_introduced(texts, k) or _urlish(ctx.article.text, word.start, word.end)
                    or _set_phrase(ctx.article.text, word.start, word.end)):
                continue
            if _in_title(words, texts, k, k, ctx.lang):
                continue  # "the Washington Post", "Fight in the Desert": the function word of an English name
            if (_fills_quote(ctx.article.text, word.start, word.end)
                    or _in_english_quote(ctx.article.text, word.start, word.end, ctx.lang)
                    or _english_stretch(ctx.article.text, words, texts, leans, k, k, foreign, ctx.lang)):
                continue  # English quoted on purpose, with or without quote marks
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


# What may stand between two words of a run: running text, not a web address ("nj.gov") or a path.
_RUN_GAPS = frozenset({" ", "-"})


def _term(texts: list[str], foreign: frozenset[str], text: str, start: int, end: int) -> bool:
    """A short run of English content words ("debt ceiling", "most valuable player"), or a pair set
    phrase ("meet and greet"): a term of the trade, unless an editor's square brackets enclose it."""
    if len(texts) > TERM_MAX_WORDS:
        return False
    inside = set(texts) & foreign
    if inside and not inside <= PAIR_WORDS:
        return False
    return not (text[max(0, start - 2) : start].rstrip().endswith("[") and text[end : end + 2].lstrip().startswith("]"))


def _named(words, texts: list[str], leans: list[float], i: int, j: int, foreign: frozenset[str], lang: str) -> bool:
    """The run belongs to a name or a title written in English: it continues a capitalised English word
    ("Once upon a time in Hollywood"), it is only function words between capitalised words ("State of
    the Union", "The Art of the Deal"), or a title word introduces it ("unter dem Motto ...")."""
    if i > 0 and words[i - 1].is_capitalised:
        if english_lean(texts[i - 1].lower(), lang) >= LEAN and not texts[i - 1].isupper():
            return True
        if j + 1 < len(words) and words[j + 1].is_capitalised and set(texts[i : j + 1]) <= foreign:
            return True
    if set(texts[i : j + 1]) <= foreign and _in_title(words, texts, i, j, lang):
        return True
    return _introduced(texts, i)


# How far back a title's capitalised English word may stand ("Radical islam and the New Global Order").
_TITLE_BACK = 2


def _in_title(words, texts: list[str], i: int, j: int, lang: str) -> bool:
    """English function words ``i..j`` inside an English name or title: a capitalised word follows them and it, or a
    capitalised word at most two words before them, is English ("the Washington Post", "Fight in the Desert",
    "Radical islam and the New Global Order"). German capitalises its nouns, so the capitalised neighbour must
    itself lean English ("hat the Entscheidung" stays flagged)."""
    if j + 1 >= len(words) or not words[j + 1].is_capitalised:
        return False

    def english(k: int) -> bool:
        return words[k].is_capitalised and not texts[k].isupper() and english_lean(texts[k].lower(), lang) >= LEAN

    return english(j + 1) or any(english(k) for k in range(max(0, i - _TITLE_BACK), i))


# Punctuation that ends a quoted English sentence or clause when no quote marks are printed: a colon before it
# ("eine alte Regel der Segler: To win the race, ..."), a full stop, brackets, dashes, quote marks. Not square
# brackets: they mark an editor's insertion, the engine's leftover ("[intercontinental ballistic missiles]").
_STRETCH_EDGES = frozenset(':.;!?()–—"„“”»«‚‘’\'')
_STRETCH_MIN_WORDS = 3
# A word the article's language knows this well (Zipf) ends the stretch: it is running text, not the quotation.
_LOCAL_ZIPF = 3.0
_LOCAL_MARGIN = 0.5  # Zipf units more common in the article's language than in English


def _english_stretch(text: str, words, texts: list[str], leans: list[float], i: int, j: int,
                     foreign: frozenset[str], lang: str) -> bool:
    """The run belongs to an English sentence or clause quoted without quote marks: grown both ways over English
    words and words the article's language does not know (names, code), it reaches punctuation that ends a
    sentence or clause (or the sentence's edge) on both sides, with no word of the article's language inside
    ("... mit Version 2.04. Finally got the kernel out of the sandbox. Mehr ...", "Regel der Segler: To win the
    race, stay in the race."). An engine's leftover sits inside a clause of the article's language."""

    def neutral_or_english(k: int) -> bool:
        t = texts[k]
        if leans[k] >= LEAN or t in foreign or not t.isalpha():
            return True  # English, a number or code
        low = t.lower()
        if not t.islower() and english_lean(low, lang) >= LEAN:
            return True  # a capitalised English word ("Just", "Finally", "To")
        # Only a word clearly of the article's language ends the stretch, capitalised or not ("Ich", "Regierung",
        # "hat"): not one it does not know (names, code: "Ireland", "WebKit"), nor one both languages use alike
        # ("in", "was", "so").
        local = zipf(low, lang)
        return local < _LOCAL_ZIPF or local - zipf(low, "en") < _LOCAL_MARGIN

    def edge(gap: str, edges=_STRETCH_EDGES) -> bool:
        return any(c in edges for c in gap)

    hi = j
    while hi + 1 < len(words) and not edge(text[words[hi].end : words[hi + 1].start]) and neutral_or_english(hi + 1):
        hi += 1
    right = text[words[hi].end : words[hi + 1].start] if hi + 1 < len(words) else text[words[hi].end : words[hi].end + 2]
    if hi + 1 < len(words) and not edge(right):
        return False
    # A clause that closes a quotation may open after a comma ("'kauf etwas, save the world', sagt er").
    left_edges = _STRETCH_EDGES | {","} if any(c in _QUOTES for c in right) else _STRETCH_EDGES
    lo = i
    while lo > 0 and not edge(text[words[lo - 1].end : words[lo].start], left_edges) and neutral_or_english(lo - 1):
        lo -= 1
    if lo > 0 and not edge(text[words[lo - 1].end : words[lo].start], left_edges):
        return False
    return hi - lo + 1 >= _STRETCH_MIN_WORDS


def _introduced(texts: list[str], i: int) -> bool:
    """A title word ("Motto", "Song", "single", "englisch") or a naming verb ("nannte", "sprach von") stands within
    a few words before position ``i`` or at it."""
    window = [t.lower() for t in texts[max(0, i - _INTRODUCER_REACH) : i + 1]]
    return not _INTRODUCERS.isdisjoint(window) or any(pair in _INTRODUCER_PAIRS for pair in zip(window, window[1:]))


def _set_phrase(text: str, start: int, end: int) -> bool:
    """The run is part of an English set phrase used as it is ("state of the art", "man of the match"), however
    it is spaced ("state of  the art", "best of seven-Serie")."""
    floor = max(0, start - 30)
    window = text[floor : end + 30].lower()
    if not any(c in window for c in "  \t\n-"):
        return any(p in window and _overlaps(window, p, start - floor, end - floor) for p in _SET_PHRASES)
    # Runs of spaces and hyphens become one space; the run's offsets are mapped into the squeezed window.
    squeezed, at = [], []
    for k, c in enumerate(window):
        if c in "  \t\n-":
            if squeezed and squeezed[-1] == " ":
                continue
            c = " "
        squeezed.append(c)
        at.append(k)
    window = "".join(squeezed)
    lo = next((n for n, k in enumerate(at) if k >= start - floor), len(at))
    hi = next((n for n, k in enumerate(at) if k >= end - floor), len(at))
    return any(p in window and _overlaps(window, p, lo, hi) for p in _SET_PHRASES)


def _overlaps(window: str, phrase: str, start: int, end: int) -> bool:
    k = window.find(phrase)
    while k >= 0:
        if k < end and k + len(phrase) > start:
            return True
        k = window.find(phrase, k + 1)
    return False


def _urlish(text: str, start: int, end: int) -> bool:
    """The span lies in a whitespace-delimited token that is a web address, a handle or a tag."""
    left = max(text.rfind(" ", max(0, start - 200), start), text.rfind("\n", max(0, start - 200), start)) + 1
    right_space = [k for k in (text.find(" ", end, end + 200), text.find("\n", end, end + 200)) if k >= 0]
    token = text[left : min(right_space) if right_space else min(len(text), end + 200)]
    return bool(_URLISH_RE.search(token.rstrip(".,;:!?)»“”\"'")))


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
