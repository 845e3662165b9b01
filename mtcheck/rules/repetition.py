"""Repetition: one target word where the source had two.

"anti-Western or anti-American views" becomes "antiwestlichen oder antiwestlichen Ansichten"
when the engine maps both source words to one target word; "funded in part by Russian-born
tycoon ..." becomes "SpaceX teilweise von SpaceX finanziert" when a pronoun or a lost name is
filled in with the nearest name.
"""

from __future__ import annotations

import re

from mtcheck.pipeline.segment import token_after
from mtcheck.pipeline.word_frequency import zipf
from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register

# Conjunctions that join two alternatives: "X oder X" says nothing.
CONJUNCTIONS = frozenset("und oder sowie bzw beziehungsweise noch en of and or nor".split())

# Doublings that are idioms, not errors ("mehr und mehr", "again and again"; "miljoenen en miljoenen" for
# a vast number, seen on a human Dutch page of the field set).
IDIOMS = frozenset(
    """
    mehr immer wieder nach durch weiter hin her ab auf um fort stück schritt
    meer steeds weer door telkens
    more again over through round on back forth by
    millionen tausende hunderte miljoenen duizenden honderden millions thousands hundreds
    """.split()
)

# Question words doubled to add to the second ("wie und wie ausführlich", "how and how often"); spelled numbers
# in an idiom ("zwei und zwei zusammenzählen", "eins und eins"). An engine collapses two different source words
# into one; a question word or a number is rarely the word it has two of.
QUESTION_WORDS = frozenset(
    """
    wie was wer wo wann warum weshalb wieso weswegen wohin woher womit wozu wodurch welche welcher welches welchen
    hoe wat waar wanneer waarom welke
    how what who where when why which
    eins zwei drei vier fünf one two three four
    """.split()
)
# A finite German verb repeated for something that goes on ("wächst und wächst", "redet und redet"): present tense
# in -t or -st, joined by "und", the second copy ending the clause or followed by a lower-case word ("wächst und
# wächst weiter"). An uninflected adjective in -t ("gut", "bekannt", "korrekt") has a common inflected form in -er
# ("guter", "bekannter"); a verb has none ("wächster", "redeter"), which tells the two apart.
_VERB_ENDINGS = ("t", "st")
_VERB_DOUBLING_LANGS = frozenset({"de"})
_ADJECTIVE_ER_ZIPF = 2.5
# A verb with a prefix is no such doubling: a participle ("werden bestäubt und bestäubt") or, with a separable prefix
# kept on, a verb-final clause ("was herauskommt und herauskommt"); main clauses split those ("kommt und kommt heraus").
_PREFIXES = ("ge", "be", "ver", "er", "ent", "zer", "über", "unter", "an", "auf", "aus", "ein", "mit", "vor", "zu",
             "her", "hin", "dar", "weg", "ab", "nach")
_MIN_STEM = 4  # letters after the prefix ("gemacht", "bestäubt"; "geht" has none to spare)


def repeated_verb(word: str, conjunction: str, after: str | None) -> bool:
    """``word und word`` is a German present-tense verb said twice for duration ("wächst und wächst")."""
    lower = word.lower()
    return (conjunction == "und" and lower.endswith(_VERB_ENDINGS) and not (after and after[:1].isupper())
            and not any(lower.startswith(p) and len(lower) - len(p) >= _MIN_STEM for p in _PREFIXES)
            and zipf(lower + "er", "de") < _ADJECTIVE_ER_ZIPF)


# A preposition after the second copy modifies it, making a real alternative: "war crimes and crimes
# against humanity", "Bücher oder Bücher von Autoren".
MODIFIER_PREPOSITIONS = frozenset(
    "of against for from by in with without von gegen aus für mit ohne über van tegen voor met zonder uit op bij".split()
)
# Articles and numerals: "een of een paar", "ein oder zwei": the second copy opens another phrase.
DETERMINERS = frozenset("een ein eine einen einem einer the".split())
# Emphatic comparatives ("groter en groter", "minder en minder", "bigger and bigger"): one word doubled for
# growth, the same in the source; in Dutch and English a lower-case word ending in -er joined by "and" is one.
# German is left out: its adjectives end in -er when inflected ("ein konservativer und konservativer Politiker").
_COMPARATIVE_LANGS = frozenset({"nl", "en"})
_AND = frozenset({"en", "and"})

# Agent prepositions: "X ... von X" makes X its own agent.
AGENT_PREPOSITIONS = frozenset("von vom durch".split())
AGENT_WINDOW = 3  # words allowed between the name and the preposition


@register
class CoordinatedDuplicate(Rule):
    code = "MT601"
    name = "coordinated-duplicate"
    category = "repetition"
    severity = "warning"
    summary = "The same word on both sides of \"und\"/\"oder\" (\"antiwestlichen oder antiwestlichen Ansichten\")."
    why = (
        "English pairs near-synonyms (\"anti-Western or anti-American\"); an engine that maps both to one word "
        "produces an alternative between a word and itself, which no writer means."
    )
    example = "mit antiwestlichen oder antiwestlichen Ansichten -> 'antiwestlichen oder antiamerikanischen'"
    false_positives = (
        "Emphatic doublings (\"mehr und mehr\", \"wieder und wieder\", \"again and again\") are skipped, and "
        "so are capitalised words (\"alte Bücher oder Bücher von Autoren\" is a real alternative), a second "
        "copy that a preposition modifies (\"war crimes and crimes against humanity\", Dutch \"studenten en studenten "
        "met ...\"), an article before another phrase (\"een of een paar\") and, in Dutch and English, emphatic "
        "comparatives (\"groter en groter\"); question words and spelled numbers (\"wie und wie ausführlich\", "
        "\"zwei und zwei zusammenzählen\") and, in German, a present-tense verb repeated with \"und\" (\"wächst und "
        "wächst\", not before a capitalised word, and with no common inflected form in -er as an adjective in -t has: "
        "\"gut und gut\" stays flagged, and with no prefix: \"bestäubt und bestäubt\" is a participle) are skipped; "
        "rhetorical repetition of other lower-case words is flagged."
    )
    positive = [
        Example("möglichst viele Menschen mit antiwestlichen oder antiwestlichen Ansichten erreichen.", "antiwestlichen oder antiwestlichen"),
        Example("Die Partei vertritt konservative und konservative Positionen.", "konservative und konservative"),
        Example("People with anti-Western or anti-Western views were targeted.", "anti-Western or anti-Western", lang="en"),
        Example("Forscher testen Medikamente willkürlich und willkürlich, warnte er.", "willkürlich und willkürlich"),
        Example("Es gibt viele und viele kleine Studien mit ein paar Dutzend Patienten.", "viele und viele"),
    ]
    negative = [
        Example("Es kamen mehr und mehr Menschen, immer und immer wieder."),
        Example("mit antiwestlichen oder antiamerikanischen Ansichten; 2 und 2 ist vier."),
        Example("It happened again and again, more and more often.", lang="en"),
        Example("Het kost miljoenen en miljoenen euro's.", lang="nl"),
        Example("Sie konzentrieren sich auf alte Bücher oder Bücher von farbigen Autoren."),
        Example("Sie sagte, dass sie verletzt wurde, und wurde zu Hause verbunden."),
        Example("It rises to the level of war crimes and crimes against humanity.", lang="en"),
        # Dutch: a second copy that a preposition modifies, an article before a quantity, emphatic comparatives
        # (invented sentences).
        Example("Het gaat om vrouwelijke artsen en artsen met een buitenlands diploma.", lang="nl"),
        Example("Ze eten een of een paar keer per week vis; de wachtrij wordt langer en langer.", lang="nl"),
        # A question word or a verb doubled on purpose, an idiom with a number (invented sentences).
        Example("Die Agentur zählt, wie und wie oft welche Politiker zu Wort kommen."),
        Example("Der Schuldenberg wächst und wächst, und die Stadt redet und redet weiter."),
        Example("Bald zählten die Nachbarn zwei und zwei zusammen."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for sentence in ctx.doc.sentences:
            words = sentence.words
            for k in range(1, len(words) - 1):
                if words[k].text.lower() not in CONJUNCTIONS:
                    continue
                left, right = words[k - 1], words[k + 1]
                if left.text != right.text or len(left.text) < 3 or not left.text.isalpha() and "-" not in left.text:
                    continue
                if not left.text[:1].islower():
                    continue  # nouns: "alte Bücher oder Bücher von Autoren" is a real alternative
                # Adjacent tokens: only spaces between the three words ("verletzt wurde, und wurde" has a comma).
                if not (text[left.end : words[k].start].isspace() and text[words[k].end : right.start].isspace()):
                    continue
                after = token_after(text, words, k + 1, sentence.end)
                if after and after.text.lower() in MODIFIER_PREPOSITIONS:
                    continue  # "war crimes and crimes against humanity"
                if left.text.lower() in IDIOMS or left.text.lower() in DETERMINERS:
                    continue
                if left.text.lower() in QUESTION_WORDS:
                    continue  # "wie und wie ausführlich": the second copy goes on
                if ctx.lang in _VERB_DOUBLING_LANGS and repeated_verb(left.text, words[k].text, after and after.text):
                    continue  # "wächst und wächst": a verb repeated for duration, German style
                if ctx.lang in _COMPARATIVE_LANGS and words[k].text in _AND and left.text.endswith("er"):
                    continue  # an emphatic comparative: "groter en groter", "minder en minder"
                yield self.finding(
                    ctx, left.start, right.end,
                    f"'{left.text}' on both sides of '{words[k].text}': the source had two different words that "
                    "were translated into the same one",
                    0.85,
                )


@register
class SelfAgent(Rule):
    code = "MT602"
    name = "name-as-own-agent"
    category = "repetition"
    severity = "warning"
    languages = frozenset({"de"})
    summary = "A name repeated as the agent of its own clause (\"SpaceX teilweise von SpaceX finanziert\")."
    why = (
        "The engine filled a dropped or garbled agent with the nearest name; a writer does not say that a company "
        "was funded by itself."
    )
    example = "wurde SpaceX teilweise von SpaceX finanziert -> '... von dem in Russland geborenen Yuri Milner finanziert'"
    false_positives = (
        "Reflexive statements that really mean it (\"Bayern wird von Bayern regiert\"). Only the passive agent "
        "(preposition, name, past participle) within three words of the first mention and with no comma or "
        "conjunction between them is flagged; a first copy followed by a capitalised word right before the "
        "preposition is part of a longer name (\"an der Euronext Paris von Euronext notiert\") and skipped."
    )
    positive = [
        Example("Obwohl der Vertrag nie zustande kam, wurde SpaceX teilweise von SpaceX finanziert.", "SpaceX teilweise von SpaceX"),
        Example("Die Firma Tesla wurde durch Tesla gegründet, sagte er.", "Tesla wurde durch Tesla"),
    ]
    negative = [
        Example("SpaceX wurde teilweise von Yuri Milner finanziert, SpaceX bestreitet das."),
        Example("Die Preise stiegen von Monat zu Monat, von Stadt zu Stadt."),
        Example("Nelson sprach von Nelson Mandela als Vorbild."),
        Example("Zeugen dürfen keiner Einschüchterung, Repressalien oder Androhung von Repressalien ausgesetzt werden."),
        Example("Das Amt sagte von Großbritannien aus, dass die durch Großbritannien gecharterte Kapazität reicht."),
        # A longer name whose operator is the shorter one (invented sentence).
        Example("Die Aktie ist an der Börse Euronext Amsterdam von Euronext notiert."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for sentence in ctx.doc.sentences:
            words = sentence.words
            for k in range(len(words) - 2):
                prep, agent, verb = words[k], words[k + 1], words[k + 2]
                if prep.text.lower() not in AGENT_PREPOSITIONS or not agent.is_capitalised:
                    continue
                if not _is_participle(verb.text):
                    continue  # only the passive agent: "von X finanziert", not "Androhung von Repressalien"
                for back in range(max(0, k - AGENT_WINDOW - 1), k):
                    subject = words[back]
                    if subject.text != agent.text:
                        continue
                    if back + 1 == k - 1 and words[back + 1].is_capitalised and not _is_participle(words[back + 1].text):
                        break  # "Euronext Paris von Euronext notiert": the first copy is part of a longer name
                    between = text[subject.end : prep.start]
                    if any(c in between for c in ",;:()–") or any(w.text.lower() in CONJUNCTIONS for w in words[back + 1 : k]):
                        continue  # a clause or list boundary between them: two different mentions
                    yield self.finding(
                        ctx, subject.start, agent.end,
                        f"'{agent.text}' is named as the agent of its own clause ('{prep.text} {agent.text} "
                        f"{verb.text}'): the engine filled a lost name with the nearest one",
                        0.8,
                    )
                    break


_PARTICIPLE_PREFIXES = ("ge", "be", "ver", "er", "ent", "zer", "über", "unter", "an", "auf", "aus", "ein", "mit", "vor", "zu")


def _is_participle(word: str) -> bool:
    """A German past participle, roughly: lower case, '-t'/'-en', a participle prefix or '-iert' ("finanziert")."""
    if not word.islower() or len(word) < 5 or not word.endswith(("t", "en")):
        return False
    return word.endswith("iert") or word.startswith(_PARTICIPLE_PREFIXES)


# Conjunctions per language for MT603 (Dutch "of" is "or"; English "of" is no conjunction).
_NOUN_CONJUNCTIONS = {
    "de": "und|oder|sowie|bzw\\.", "nl": "en|of", "en": "and|or", "fr": "et|ou", "es": "y|o", "it": "e|o",
}
# The conjunction between two spaces is what every match needs: found first (a literal search), then
# the words on both sides are compared.
_CONJUNCTION_RE = {lang: re.compile(rf" (?:{conj}) (?=[A-ZÄÖÜ])") for lang, conj in _NOUN_CONJUNCTIONS.items()}
_WORD_AFTER_RE = re.compile(r"[A-ZÄÖÜ][\w-]{2,}+")
_WORD_END_RE = re.compile(r"[\w-]")


# Words after the second copy that make it a different thing: a preposition or a genitive article
# ("Bücher oder Bücher von Autoren", "Fragen und Fragen der Bürger").
_NOUN_MODIFIERS = MODIFIER_PREPOSITIONS | frozenset(
    "der des den dem die das eines einer aus zu zum zur bei nach auf an de het een du des la le del di".split()
)
_DETERMINERS = frozenset(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines
    sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere mein meine dein deine
    diese dieser diesen diesem dieses jede jeder jeden jedem viele vielen alle allen mehrere einige
    de het een geen zijn haar hun onze deze dit die the a an no his her their our this these those le la les un une des
    el los las una il lo gli i""".split()
)


_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


class _Match:
    def __init__(self, start: int, end: int):
        self._span = (start, end)

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]


@register
class CoordinatedNounDuplicate(Rule):
    code = "MT603"
    name = "coordinated-noun-duplicate"
    category = "repetition"
    severity = "warning"
    summary = "The same capitalised noun on both sides of \"und\"/\"oder\" (\"Pressekonferenzen oder Pressekonferenzen\")."
    why = (
        "English pairs two nouns that one target word renders (\"briefings or press conferences\"): the engine "
        "writes \"Pressekonferenzen oder Pressekonferenzen\". MT601 covers lower-case words; this rule covers the "
        "capitalised ones (German nouns, names) it leaves out."
    )
    example = "keine Interviews, Pressekonferenzen oder Pressekonferenzen -> 'Briefings oder Pressekonferenzen'"
    false_positives = (
        "A real alternative where something modifies one copy: a preposition or a genitive after the second "
        "(\"Bücher oder Bücher von Autoren\") or an adjective before the first (\"alte Bücher oder Bücher\") is "
        "skipped, and so are names the gazetteers know (\"Müller und Müller\" as a firm) and a chain whose second "
        "copy opens a clause with the verb before the first (\"Schere besiegt Papier und Papier besiegt Stein\")."
    )
    positive = [
        Example("Sie gab keine Interviews, Pressekonferenzen oder Pressekonferenzen, sagte ein Sprecher.",
                "Pressekonferenzen oder Pressekonferenzen"),
        Example("Am Montag trafen sich die Regierung und Regierung, hieß es.", "Regierung und Regierung"),
        Example("Hij sprak met Rutte en Rutte sprak terug.", "Rutte en Rutte", lang="nl"),
    ]
    negative = [
        Example("Sie konzentrieren sich auf alte Bücher oder Bücher von farbigen Autoren."),
        Example("Es gab Fragen und Fragen der Bürger, die offen blieben."),
        Example("Er las Zeitungen und Bücher, Bücher und Zeitschriften."),
        Example("I spoke of Kings of Kings and Lord of Lords.", lang="en"),
        # A chain: the second copy is the subject of the same verb again (invented sentence).
        Example("Geld kauft Macht und Macht kauft Geld, sagte er."),
    ]

    def check(self, ctx: Context):
        pattern = _CONJUNCTION_RE.get(ctx.lang)
        if pattern is None:
            return
        text = ctx.article.text
        for c in pattern.finditer(text):
            second = _WORD_AFTER_RE.match(text, c.end())
            if second is None:
                continue
            word = second.group()
            start = c.start() - len(word)
            if start < 0 or text[start:c.start()] != word or (start and _WORD_END_RE.match(text, start - 1)):
                continue
            if second.end() < len(text) and _WORD_END_RE.match(text, second.end()):
                continue
            m = _Match(start, second.end())
            after = re.match(r"[ \t]+([\w]+)", text[m.end():m.end() + 40])
            if after and after.group(1).lower() in _NOUN_MODIFIERS:
                continue  # "Bücher oder Bücher von Autoren": the second copy is modified
            before = re.search(r"([\w]+)[ \t]+$", text[max(0, m.start() - 40):m.start()])
            previous = before.group(1) if before else ""
            if previous[:1].islower() and previous.endswith(_ADJECTIVE_ENDINGS) and previous not in _DETERMINERS:
                continue  # "alte Bücher oder Bücher": an adjective makes the first copy a different thing
            if after and previous and after.group(1) == previous:
                continue  # "Schere besiegt Papier und Papier besiegt Stein": a chain, the copy opens the next clause
            if ctx.entities.is_known_name(word):
                continue
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{word}' on both sides of the conjunction: the source had two different words that were translated "
                "into the same one", 0.8,
            )
