"""Repetition: one target word where the source had two.

"anti-Western or anti-American views" becomes "antiwestlichen oder antiwestlichen Ansichten"
when the engine maps both source words to one target word; "funded in part by Russian-born
tycoon ..." becomes "SpaceX teilweise von SpaceX finanziert" when a pronoun or a lost name is
filled in with the nearest name.
"""

from __future__ import annotations

from mtcheck.pipeline.segment import token_after
from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register

# Conjunctions that join two alternatives: "X oder X" says nothing.
CONJUNCTIONS = frozenset("und oder sowie bzw beziehungsweise noch en of and or nor".split())

# Doublings that are idioms, not errors ("mehr und mehr", "again and again").
IDIOMS = frozenset(
    """
    mehr immer wieder nach durch weiter hin her ab auf um fort stück schritt
    meer steeds weer door telkens
    more again over through round on back forth by
    """.split()
)

# A preposition after the second copy modifies it, making a real alternative: "war crimes and crimes
# against humanity", "Bücher oder Bücher von Autoren".
MODIFIER_PREPOSITIONS = frozenset("of against for from by in with von gegen aus für mit über van tegen voor".split())

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
        "so are capitalised words (\"alte Bücher oder Bücher von Autoren\" is a real alternative) and a second "
        "copy that a preposition modifies (\"war crimes and crimes against humanity\"); rhetorical "
        "repetition of other lower-case words is flagged."
    )
    positive = [
        Example("möglichst viele Menschen mit antiwestlichen oder antiwestlichen Ansichten erreichen.", "antiwestlichen oder antiwestlichen"),
        Example("Die Partei vertritt konservative und konservative Positionen.", "konservative und konservative"),
        Example("People with anti-Western or anti-Western views were targeted.", "anti-Western or anti-Western", lang="en"),
    ]
    negative = [
        Example("Es kamen mehr und mehr Menschen, immer und immer wieder."),
        Example("mit antiwestlichen oder antiamerikanischen Ansichten; 2 und 2 ist vier."),
        Example("It happened again and again, more and more often.", lang="en"),
        Example("Sie konzentrieren sich auf alte Bücher oder Bücher von farbigen Autoren."),
        Example("Sie sagte, dass sie verletzt wurde, und wurde zu Hause verbunden."),
        Example("It rises to the level of war crimes and crimes against humanity.", lang="en"),
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
                if left.text.lower() in IDIOMS:
                    continue
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
        "conjunction between them is flagged."
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
