"""Glued tokens: two words run together where a hyperlink or tag lost its spacing."""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from . import Context, Example, Rule, register

# US state codes, for "GrahamRSC" (Graham, R-SC).
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP".split()
)

# lower-case run then an upper-case letter starting a capitalised word: "zuvorMusk".
_LOWER_UPPER_RE = re.compile(r"\b([a-zäöüß]{3,})([A-ZÄÖÜ][a-zäöüß]+)\b")
# A capitalised name with a party letter and a state code glued on: "GrahamRSC".
_PARTY_STATE_RE = re.compile(r"\b([A-Z][a-z]+)([RDI])([A-Z]{2})\b")
# A name with a lower-case function word glued on: "Milnerdas".
_NAME_FUNCTION_RE = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{2,})(das|der|die|den|dem|und|sowie|hat|ist|war|wird|the|and|het|de|en)\b")


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
    positive = [Example("kritisiert vom Senator Lindsey GrahamRSC, einem Republikaner.", "GrahamRSC")]
    negative = [Example("Senator Lindsey Graham (R-SC) sagte am Montag, er sei besorgt.")]

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
    return zipf_frequency(word, lang) >= floor


@register
class LowerUpperGlue(Rule):
    code = "MT202"
    name = "glued-words"
    category = "glued_token"
    severity = "warning"
    summary = "A common word and a capitalised word run together (\"zuvorMusk\")."
    why = (
        "Content farms rebuild text from fragments: where a link or a tag sat between two words, the space is lost. "
        "Human text has camel case only in brand names."
    )
    example = "wie NBC News berichtete zuvorMusk und SpaceX sagten -> 'zuvor Musk'"
    false_positives = "Brand names in camel case whose first part is a common word (\"myTaxi\", \"eBay\"); the rule needs a common word of three letters or more before the capital."
    positive = [Example("wie NBC News berichtete zuvorMusk und SpaceX sagten, sie seien bereit.", "zuvorMusk")]
    negative = [
        Example("Das Unternehmen SpaceX und die Plattform YouTube sowie das iPhone sind bekannt."),
        Example("Der Konzern McDonald's eröffnet eine Filiale."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for m in _LOWER_UPPER_RE.finditer(text):
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
        for m in _NAME_FUNCTION_RE.finditer(text):
            name, glue = m.groups()
            # Only names this article uses on their own elsewhere: "Milner ... Milnerdas".
            if len(re.findall(rf"\b{re.escape(name)}\b", text)) < 1 or _is_word(m.group().lower(), ctx.lang, 1.5):
                continue
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{m.group()}' is the name '{name}' (used elsewhere in this article) with '{glue}' glued on",
                0.85, suggestion=f"{name} {glue}",
            )
