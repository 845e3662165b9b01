"""Glued tokens: two words run together where a hyperlink or tag lost its spacing."""

from __future__ import annotations

import re

from mtcheck.pipeline.word_frequency import zipf

from mtcheck.pipeline.entity_index import names_for
from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register

# US state codes, for "GrahamRSC" (Graham, R-SC).
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP".split()
)

# lower-case run then an upper-case letter starting a capitalised word: "zuvorMusk". The runs are
# possessive ("++": no backtracking, which could only end a run before another lower-case letter).
_LOWER_UPPER_RE = re.compile(r"\b([a-zäöüß]{3,}+)([A-ZÄÖÜ][a-zäöüß]++)\b")
# What every match holds: a lower-case letter right before a capital (one article in ten has one).
_LOWER_UPPER_SEAM_RE = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")
# A capitalised name with a party letter and a state code glued on: "GrahamRSC". That is
# r"\b([A-Z][a-z]+)([RDI])([A-Z]{2})\b" with the leading "\b" as a look-behind after the first letter
# (the engine then skips ahead to capitals) and a possessive run: the same matches, faster (tested).
_PARTY_STATE_RE = re.compile(r"([A-Z](?<!\w.)[a-z]++)([RDI])([A-Z]{2})\b")
# Function words that follow a name and get glued to it ("Milnerdas"), per language. Only words
# of three letters or more: shorter ones ("en", "de", "s") are inflection endings as often as words.
GLUE_WORDS = {
    "de": ("das", "der", "die", "den", "dem", "des", "und", "oder", "sowie", "hat", "ist", "war", "wird", "sagte"),
    "nl": ("het", "een", "van", "die", "dat", "heeft", "was", "wordt", "zei"),
    "en": ("the", "and", "who", "has", "was", "said"),
}
# A capitalised word ending in one of them; the split is checked against the article's names.
_NAME_FUNCTION_RE = {
    lang: re.compile(rf"\b([A-ZÄÖÜ][a-zäöüß]{{2,}})({'|'.join(words)})\b") for lang, words in GLUE_WORDS.items()
}


@register
class PartyStateTag(Rule):
    code = "MT201"
    name = "glued-party-state-tag"
    category = "glued_token"
    severity = "error"
    summary = "A surname with a US party letter and state code glued on (\"GrahamRSC\")."
    why = (
        "English news writes \"Lindsey Graham, R-S.C.\" or \"(R-SC)\"; when the engine drops the punctuation of the tag "
        "it fuses with the name. No human writer produces \"GrahamRSC\"."
    )
    example = "vom Senator Lindsey GrahamRSC, ... -> 'Graham (R-SC)'"
    false_positives = "Product codes shaped like a name plus three capitals (\"ModelRSX\") when the last two are a state code."
    positive = [
        Example("kritisiert vom Senator Lindsey GrahamRSC, einem Republikaner.", "GrahamRSC"),
        Example("Senator Elizabeth WarrenDMA said the bill was a mistake.", "WarrenDMA", lang="en"),
    ]
    negative = [
        Example("Senator Lindsey Graham (R-SC) sagte am Montag, er sei besorgt."),
        Example("Der Sportwagen ModelRXZ und das Gerät TurboDXL sind neu."),  # no state code
    ]

    def check(self, ctx: Context):
        for m in _PARTY_STATE_RE.finditer(ctx.article.text):
            surname, party, state = m.groups()
            if state not in US_STATES:
                continue
            people = [p for p in ctx.entities.people(surname) if p.state == state or not p.state]
            match = next((p for p in people if p.party_letter == party and p.state == state), None)
            if match:
                message = (
                    f"'{m.group()}' is '{surname}' with the tag {party}-{state} glued on: "
                    f"{match.full_name}, {match.party}, {state} ({match.source})"
                )
                yield self.finding(ctx, m.start(), m.end(), message, 0.95, suggestion=f"{surname} ({party}-{state})")
            else:
                message = f"'{m.group()}' looks like '{surname}' with a party-state tag ({party}-{state}) glued on"
                yield self.finding(ctx, m.start(), m.end(), message, 0.8, suggestion=f"{surname} ({party}-{state})")


def _is_word(word: str, lang: str, floor: float = 3.0) -> bool:
    return zipf(word, lang) >= floor


@register
class LowerUpperGlue(Rule):
    code = "MT202"
    name = "glued-words"
    category = "glued_token"
    severity = "warning"
    summary = (
        "Two words run together: a common word and a capitalised one (\"zuvorMusk\"), or a name the article uses "
        "and a function word (\"Milnerdas\")."
    )
    why = (
        "Content farms rebuild text from fragments: where a link or a tag sat between two words, the space is lost. "
        "Human text has camel case only in brand names."
    )
    example = "wie NBC News berichtete zuvorMusk und SpaceX sagten -> 'zuvor Musk'"
    false_positives = (
        "Brand names in camel case whose first part is a common word (\"myTaxi\", \"eBay\"); the rule needs a common "
        "word of three letters or more before the capital. For the name form: inflected nouns (\"Waffenteilen\") are "
        "skipped because only function words of three letters or more count as glue, the glued form must be no word "
        "at all, and the name must stand alone elsewhere in the article."
    )
    positive = [
        Example("wie NBC News berichtete zuvorMusk und SpaceX sagten, sie seien bereit.", "zuvorMusk"),
        Example("Im August gab Milner seine Staatsbürgerschaft ab. Der Investor Yuri Milnerdas enge Beziehungen "
                "pflegt, lebt in Kalifornien.", "Milnerdas"),
        Example("Rutte sprak in Brussel. Volgens Ruttehet kabinet moet sneller beslissen.", "Ruttehet", lang="nl"),
    ]
    negative = [
        Example("Das Unternehmen SpaceX und die Plattform YouTube sowie das iPhone sind bekannt."),
        Example("Der Konzern McDonald's eröffnet eine Filiale."),
        Example("Der Terror traf die Stadt. Der Terrorist wurde gefasst. Ein Waffenteil fehlte, bei den Waffenteilen "
                "gab es Lücken."),
        Example("Stadion verbot? Das Stadionverbot gilt, mit Stadionverboten droht der Verein."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for m in _LOWER_UPPER_RE.finditer(text) if _LOWER_UPPER_SEAM_RE.search(text) else ():
            head, tail = m.groups()
            if not _is_word(head, ctx.lang):
                continue
            if not (_is_word(tail, ctx.lang, 2.5) or ctx.entities.corpus_freq.get(tail, 0) >= 2):
                continue
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{m.group()}' is two words run together: '{head}' and '{tail}'",
                0.85, suggestion=f"{head} {tail}",
            )
        pattern = _NAME_FUNCTION_RE.get(ctx.lang)
        if pattern is None:
            return
        names = names_for(ctx)
        for m in pattern.finditer(text):
            name, glue = m.groups()
            glued = m.group()
            # Only a name this article writes on its own elsewhere ("Milner ... Milnerdas"), never a
            # word in its own right ("Terrorist" is not "Terror" + "ist").
            if not names.counts.get(name) or _is_word(glued.lower(), ctx.lang, 1.0):
                continue
            if _is_word(name.lower(), ctx.lang, 4.0) and not ctx.entities.is_known_name(name):
                continue  # a common noun ("Land"), too likely to have a rare compound of its own
            uses = names.counts[name]
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{glued}' is the name '{name}' (written alone {uses} {'time' if uses == 1 else 'times'} "
                f"in this article) with '{glue}' glued on",
                0.85, suggestion=f"{name} {glue}",
            )
