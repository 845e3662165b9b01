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
# What every match holds: a lower-case letter right before a capital (one article in ten has one). Written capital
# first, the lower-case letter as a look-behind: ``re`` then skips ahead to capitals, not to every lower-case letter
# (found or not is all that is asked; the same answer as "[a-zäöüß][A-ZÄÖÜ]", tested).
_LOWER_UPPER_SEAM_RE = re.compile(r"[A-ZÄÖÜ](?<=[a-zäöüß].)")
# After a match: a top-level domain ("derStandard.at", "dieZeit.de") or an address's "@"; a site's or mailbox's name
# is spelled as its owner writes it, camel case included.
_ADDRESS_AFTER_RE = re.compile(r"(?:\.[a-z]{2,6}\b|@)")
# Words that open a noun phrase: an article or determiner, and (Dutch writes them in lower case) a title before a
# name. Glued to the noun or name after them ("derMessenger-App", "dieSuche", "ministerWiebes"), the pair is one
# phrase whose link text lost its space in the page's markup: a scraper's loss that human copy shows as often as
# machine translation does. An engine's seam joins two phrases or clauses ("berichtete zuvorMusk und SpaceX sagten").
_PHRASE_OPENERS = {
    "de": frozenset("""
        der die das den dem des ein eine einer einem einen eines kein keine keiner keinem keinen keines
        dieser diese dieses diesen diesem jener jene jenes jenen jenem
        """.split()),
    "nl": frozenset("""
        de het een deze dit die dat geen
        minister premier president staatssecretaris burgemeester wethouder commissaris gedeputeerde kamerlid
        kamerleden koning koningin prins prinses paus bondskanselier senator generaal voorzitter fractievoorzitter
        partijleider woordvoerder directeur topman trainer coach
        """.split()),
}
# What cannot be the noun after such an opener: a closed-class word. "legt Beschwerde einNach dem Versuch" is a
# separable particle glued to the next sentence's preposition, an engine's or a scraper's seam between two sentences.
_CLOSED_CLASS = {
    "de": frozenset("""
        der die das den dem des ein eine einer einem einen eines und oder aber denn sondern dass weil wenn als ob
        für zu zum zur im in am an auf aus bei beim mit nach von vom über unter vor hinter neben zwischen durch gegen
        ohne um seit wegen trotz bis es er sie wir ich ihr
        """.split()),
    "nl": frozenset("""
        de het een en of maar want dat die als in op van voor met naar bij uit door over om te aan tot na zonder
        tegen sinds hij zij ze wij we ik het
        """.split()),
}
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
# The capital first, then its boundary look-behind: the same matches as "\b([A-ZÄÖÜ]...", but ``re`` skips ahead to
# the capitals instead of trying every position.
_NAME_FUNCTION_RE = {
    lang: re.compile(rf"([A-ZÄÖÜ](?<!\w.)[a-zäöüß]{{2,}})({'|'.join(words)})\b") for lang, words in GLUE_WORDS.items()
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


def _has_seam(ctx: Context) -> bool:
    """Whether the text has a lower-case letter right before a capital (cached: MT202 and MT204 ask)."""
    seam = ctx.cache.get("glued.seam")
    if seam is None:
        seam = ctx.cache["glued.seam"] = bool(_LOWER_UPPER_SEAM_RE.search(ctx.article.text))
    return seam


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
        "at all, and the name must stand alone elsewhere in the article. Camel case inside a web or mail address "
        "(\"derStandard.at\", \"leser@dieZeitung.de\") is the site's own spelling and is skipped. A link that lost "
        "its space inside one phrase, after an article or determiner (\"derMessenger-App\", \"dieSuche\") or a Dutch "
        "title before a name (\"ministerWiebes\"), is skipped: scraped human copy has it as often as MT (not before "
        "a closed-class word: \"einNach dem ...\" is a particle glued to the next sentence); an adjective before its "
        "noun (\"bestimmtenMerkmalen\") is still flagged."
    )
    positive = [
        Example("wie NBC News berichtete zuvorMusk und SpaceX sagten, sie seien bereit.", "zuvorMusk"),
        # A separable particle glued to the next sentence's preposition: no phrase (invented sentence).
        Example("Die Stadt legt Widerspruch einNach dem Urteil will sie vor das höhere Gericht ziehen.", "einNach"),
        Example("Im August gab Milner seine Staatsbürgerschaft ab. Der Investor Yuri Milnerdas enge Beziehungen "
                "pflegt, lebt in Kalifornien.", "Milnerdas"),
        Example("Rutte sprak in Brussel. Volgens Ruttehet kabinet moet sneller beslissen.", "Ruttehet", lang="nl"),
        # A full stop after the glued pair ends the sentence; it is no domain.
        Example("Das sagte der Sprecher am Montag gegenüber Reuters zuvorMusk. Dann ging er.", "zuvorMusk"),
    ]
    negative = [
        Example("Das Unternehmen SpaceX und die Plattform YouTube sowie das iPhone sind bekannt."),
        Example("Der Konzern McDonald's eröffnet eine Filiale."),
        Example("Der Terror traf die Stadt. Der Terrorist wurde gefasst. Ein Waffenteil fehlte, bei den Waffenteilen "
                "gab es Lücken."),
        Example("Stadion verbot? Das Stadionverbot gilt, mit Stadionverboten droht der Verein."),
        Example("Die Seite dieZeitung.de meldet mehr Besuche, Hinweise gehen an leser@dieZeitung.de und www.unserBlatt.at."),
        # A link's text glued to the article or title before it (invented sentences).
        Example("Wer mitmachen will, öffnet derMessenger-App und startet dieSuche nach einem Lokal. Die Suche dauert."),
        Example("Wiebes sprak in Den Haag. De vraag ging ook aan ministerWiebes van Klimaat.", lang="nl"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for m in _LOWER_UPPER_RE.finditer(text) if _has_seam(ctx) else ():
            head, tail = m.groups()
            if text[m.start() - 1 : m.start()] in ("@", ".", "/") or _ADDRESS_AFTER_RE.match(text, m.end()):
                continue  # part of a web or mail address: "auf derStandard.at", "games@derStandard.at"
            if not _is_word(head, ctx.lang):
                continue
            if head in _PHRASE_OPENERS.get(ctx.lang, ()) and tail.lower() not in _CLOSED_CLASS.get(ctx.lang, ()):
                continue  # one phrase whose link lost its space: "derMessenger-App", "ministerWiebes"
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


# AP state abbreviations as US copy writes them in party-state tags ("R-Fla.", "D-N.Y.").
_AP_STATES = (
    r"Ala\.|Ariz\.|Ark\.|Calif\.|Colo\.|Conn\.|Del\.|Fla\.|Ga\.|Ill\.|Ind\.|Kan\.|Ky\.|La\.|Md\.|Mass\.|Mich\.|"
    r"Minn\.|Miss\.|Mo\.|Mont\.|Neb\.|Nev\.|N\.H\.|N\.J\.|N\.M\.|N\.Y\.|N\.C\.|N\.D\.|Okla\.|Ore\.|Pa\.|R\.I\.|"
    r"S\.C\.|S\.D\.|Tenn\.|Texas|Vt\.|Va\.|Wash\.|W\.Va\.|Wis\.|Wyo\."
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|"
    "Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
    "Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|"
    "Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Utah|Vermont|Virginia|"
    "Washington|West Virginia|Wisconsin|Wyoming|Kalifornien|Florida|Texas|Neu-Mexiko"
)
# The tag with or without its hyphen: "R-Florida", "RN.Y.". The pattern opens on the party letter, a
# character class the engine skips ahead to; what stands before it is checked on the few hits.
_TAG_RE = re.compile(rf"([RDI])(-?)((?:{_AP_STATES})|(?:{_STATE_NAMES})\b)")
# What a hyphenless tag needs before it: ", RN.Y." (opens on a literal: found fast).
_HYPHENLESS_RE = re.compile(rf", ([RDI])((?:{_AP_STATES}))")
_SURNAME_BEFORE_RE = re.compile(r"(?<![\w-])([A-Z][a-z]{2,}+)$")


@register
class PartyStateTagVariant(Rule):
    code = "MT203"
    name = "glued-party-state-variant"
    category = "glued_token"
    severity = "warning"
    summary = (
        "A US party-state tag in a damaged shape: glued to the surname with its hyphen kept (\"WaltzR-Florida\", "
        "\"GaetzR-Fla.\") or after the name's comma without its hyphen (\", RN.Y.,\", \", DCalif.\")."
    )
    why = (
        "English copy writes \"Rep. Elise Stefanik, R-N.Y.,\"; an engine or a scraper that drops the comma or the "
        "hyphen fuses the tag into a token no writer produces. MT201 covers the shape without any punctuation "
        "(\"GrahamRSC\")."
    )
    example = "sagte der Abgeordnete Mike WaltzR-Florida am Montag -> 'Mike Waltz (R-Florida)'"
    false_positives = (
        "Product or unit codes shaped like \"R-Fla.\" glued to a capitalised word; the tag must name a US state "
        "(AP abbreviation or full name, German spellings included)."
    )
    positive = [
        Example("Der Abgeordnete Mike WaltzR-Florida sagte am Montag, er unterstütze den Plan.", "WaltzR-Florida"),
        Example("Die Abgeordnete Elise Stefanik, RN.Y., sagte, sie sei bereit.", "RN.Y."),
        Example("Senator Marco RubioR-Fla. kritisierte den Plan.", "RubioR-Fla."),
    ]
    negative = [
        Example("Der Abgeordnete Mike Waltz (R-Florida) sagte am Montag, er unterstütze den Plan."),
        Example("Elise Stefanik, R-N.Y., sagte, sie sei bereit. Der Typ RX-7 und das Modell DC-10 fliegen."),
        Example("Die Mannschaft RB Leipzig spielt in der Liga; die Sender RTL und ARD berichten."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if "R-" in text or "D-" in text or "I-" in text:
            for m in _TAG_RE.finditer(text):
                party, hyphen, state = m.groups()
                end = m.end()
                if not hyphen or end < len(text) and (text[end].isalnum() or text[end] == "-"):
                    continue
                glued = _SURNAME_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
                if glued is None:
                    continue  # "R-Florida" after a space or a bracket: the tag as English writes it
                surname = glued.group(1)
                yield self.finding(
                    ctx, glued.start(), end,
                    f"'{text[glued.start():end]}' is the surname '{surname}' with the party-state tag {party}-{state} "
                    "glued on", 0.9, suggestion=f"{surname} ({party}-{state})",
                )
        for m in _HYPHENLESS_RE.finditer(text):
            party, state = m.groups()
            end = m.end()
            if end < len(text) and text[end].isalnum():
                continue
            yield self.finding(
                ctx, m.start(1), end,
                f"'{text[m.start(1):end]}' is the party-state tag {party}-{state} with its hyphen lost",
                0.85, suggestion=f"{party}-{state}",
            )


# Two capitalised words run together: "RusslandVerteidigungsministerium". Possessive runs; the seam
# (lower case then upper case) is what every match needs and is searched first.
_CAPS_COMPOUND_RE = re.compile(r"(?<![\w#@/.:-])([A-ZÄÖÜ][a-zäöüß]{3,}+)([A-ZÄÖÜ][a-zäöüß]{3,}+)(?![\w-])")
# Gender forms with an inner capital ("MitarbeiterInnen") are human spelling, not glue.
_GENDER_ENDINGS = frozenset({"Innen", "Inn"})


def _own_word(word: str, lang: str) -> bool:
    """A word of the article's language more than of English ("Russland", not "King")."""
    own = zipf(word, lang)
    return own >= 2.5 and own > zipf(word, "en")


@register
class CapitalisedCompoundGlue(Rule):
    code = "MT204"
    name = "glued-capitalised-words"
    category = "glued_token"
    severity = "warning"
    preview = True  # no instance on the field set's dev pages yet: precision unknown on real copy
    summary = (
        "Two capitalised words of the article's language run together, the second keeping its capital "
        "(\"RusslandVerteidigungsministerium\")."
    )
    why = (
        "German writes compounds as one lower-cased word or with a hyphen (\"Russlands Verteidigungsministerium\", "
        "\"Russland-Verteidigungsministerium\"); \"RusslandVerteidigungsministerium\" is an English noun phrase "
        "(\"Russia Defense Ministry\") with its space lost."
    )
    example = "teilte das RusslandVerteidigungsministerium mit -> 'das russische Verteidigungsministerium'"
    false_positives = (
        "Brand names in camel case built from two words of the language (\"FernUniversität\"); English parts "
        "(\"YahooFantasy\", \"KingJames\") and gender forms (\"MitarbeiterInnen\") are skipped, as are hashtags, "
        "handles and addresses."
    )
    positive = [
        Example("Das teilte das RusslandVerteidigungsministerium am Sonntag mit.", "RusslandVerteidigungsministerium"),
        Example("Die UkraineRegierung wies das zurück.", "UkraineRegierung"),
    ]
    negative = [
        Example("Die MitarbeiterInnen und LehrerInnen streiken, #RusslandKrieg trendet, die BahnCard gilt."),
        Example("LeBron, genannt KingJames, führte bei YahooFantasy die Liste an."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not _has_seam(ctx):
            return
        for m in _CAPS_COMPOUND_RE.finditer(text):
            head, tail = m.groups()
            if tail in _GENDER_ENDINGS or not (_own_word(head, ctx.lang) and _own_word(tail, ctx.lang)):
                continue
            if _is_word(m.group().lower(), ctx.lang, 1.0):
                continue  # a compound in its own right, written with an inner capital
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{m.group()}' is two words run together: '{head}' and '{tail}'", 0.8,
                suggestion=f"{head} {tail}",
            )


# A lower-case token with a German noun suffix: German nouns are capitalised, so such a token is almost
# always the tail of a word split in two ("Rechtswis senschaften"). A possessive run, then the suffix as
# fixed-width look-behinds (faster than a lazy run tried against each suffix); the head is read back.
_NOUN_TAIL_RE = re.compile(
    r" ([a-zäöüß]++)(?:(?<=ung)|(?<=ungen)|(?<=schaft)|(?<=schaften)|(?<=heit)|(?<=heiten)|(?<=keit)|(?<=keiten)|"
    r"(?<=tion)|(?<=tionen)|(?<=ität)|(?<=itäten)|(?<=ismus))(?![\w-])"
)
_FRAGMENT_BEFORE_RE = re.compile(r"(?<![\w-])([A-ZÄÖÜ]?[a-zäöüß]{2,}+)$")


@register
class WordSplitMidWord(Rule):
    code = "MT205"
    name = "word-split-mid-word"
    category = "glued_token"
    severity = "warning"
    languages = frozenset({"de"})
    # No instance on the field set's dev pages yet, and a scan of every lower-case word costs about
    # 0.015 s per MB: preview until real pages show it pays.
    preview = True
    summary = (
        "A German word split in two by a space, the tail in lower case with a noun suffix (\"Rechtswis "
        "senschaften\"): neither part is a word, the two together are a frequent one."
    )
    why = (
        "A page rebuilt from fragments (a hyphenation point or a markup boundary inside a word) loses the word's "
        "unity; content farms that translate scraped text keep the split. German nouns are capitalised, so a "
        "lower-case \"senschaften\" can only be a tail. (The category covers token-boundary damage both ways.)"
    )
    example = "studierte Rechtswis senschaften in Bonn -> 'Rechtswissenschaften'"
    false_positives = (
        "A human typo with a stray space inside a word (rare in edited copy). The head must be no word (Zipf < 2, "
        "wordfreq), the join a frequent one (Zipf >= 2.5); a head that is a word (\"Bundes regierung\") is left "
        "alone, and line-break hyphens (\"Rechts- wissenschaften\") are skipped."
    )
    positive = [
        Example("Sie studierte Rechtswis senschaften in Bonn und arbeitete dann als Anwältin.", "Rechtswis senschaften"),
        Example("Die Verhand lungen wurden am Montag fortgesetzt.", "Verhand lungen"),
    ]
    negative = [
        Example("Sie studierte Rechtswissenschaften in Bonn; Rechts- und Staatswissenschaften auch."),
        Example("Er ist jung und die Zeitung berichtet über die Regierung."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for m in _NOUN_TAIL_RE.finditer(text):
            head = _FRAGMENT_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
            if head is None:
                continue
            first, tail = head.group(1), m.group(1)
            if _is_word(first, ctx.lang, 2.0):
                continue  # "Bundes regierung": a word and a word
            joined = first + tail
            if not _is_word(joined, ctx.lang, 2.5):
                continue
            yield self.finding(
                ctx, head.start(1), m.end(1),
                f"'{first} {tail}' is the word '{joined}' split in two: neither part is a word", 0.85,
                suggestion=joined,
            )
