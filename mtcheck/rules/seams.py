"""Seams where an engine cut one sentence in two (issue 12, part 3).

English attributions end a sentence with the speaker and run on with a phrase ("..., Wade said during
a news conference."). An engine that moves the verb forward and treats the speaker as the sentence's
end leaves a full stop between the name and the rest of the clause: "..., sagte Wade. während einer
Pressekonferenz." A German sentence never starts with a lower-case preposition or conjunction, so a
full stop followed by one, after a word that is no abbreviation, is a seam, not a sentence end.
"""

from __future__ import annotations

import re

from mtcheck.rules import Context, Example, Rule, register

# Words that continue a clause and are written in lower case: prepositions, conjunctions, articles.
# Pronouns ("ich", "man") and negations ("kein") are left out: informal writing starts sentences with
# them in lower case (wmt-de-train's social-media posts: "... zu sein. ich kann mir ...").
_CONTINUATIONS = (
    "während|bei|beim|auf|in|im|am|an|nach|vor|laut|gegenüber|mit|zu|zum|zur|für|von|vom|aus|über|unter|durch|"
    "gegen|ohne|seit|bis|und|oder|aber|sondern|sowie|als|wie|wenn|weil|dass|ob|nachdem|bevor|obwohl|damit|"
    "der|die|das|den|dem|des|ein|eine|einen|einem|einer"
)
# German abbreviations of four letters or more that end with a full stop inside a sentence ("bzw. in",
# "inkl. der"); shorter words are never taken as a sentence end here.
_ABBREVIATIONS = frozenset(
    "bzw inkl exkl evtl ggf zzgl usw etc vgl sen jun prof gest verh abt str tel nov sept okt dez jan feb febr "
    "aug sog ugs resp allg bspw bzgl einschl insb max min mind orig urspr hrsg mrd mio tsd mwst gmbh jhd jhdt "
    "bzgl betr beil anm erg zit vorm nachm ehem".split()
)
# A full stop after four letters, one space, a lower-case continuation word that is not itself followed by a full
# stop or a slash ("nj.gov", "pic.twitter.com"). The pattern opens on the literal full stop (found fast); the
# word before it is read in ``check``.
_SEAM_RE = re.compile(rf"\. (?<=[^\W\d_]{{4}}\. )((?:{_CONTINUATIONS}))\b(?![./@:])")
# The whole word before the full stop, not inside a web address, a handle or a hyphenated token.
_WORD_BEFORE_RE = re.compile(r"(?<![\w./@-])[^\W\d_]+$")


# The word before the full stop must be a word of the language (this Zipf frequency or more) or a name the article
# writes elsewhere without a full stop ("sagte Polizeichef Wade ... sagte Wade. während"): an abbreviation made up
# on the spot ("öst. Musikhist. und Dirigent" in a list of anniversaries) is neither.
_KNOWN_ZIPF = 2.5


def _stands_alone(text: str, word: str, at: int, seen: dict | None = None) -> bool:
    """``word`` occurs elsewhere in ``text`` as a whole token not followed by a full stop. ``seen`` keeps each word's
    first two such places for the article: one pass over the text per word, not per candidate (a text of thousands
    of "Xyzq. und" took seconds, quadratic)."""
    places = None if seen is None else seen.get(word)
    if places is None:
        places = []
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?![\w.])", text):
            places.append(m.start())
            if len(places) == 2:
                break
        if seen is not None:
            seen[word] = places
    return any(place != at for place in places)


@register
class FullStopBeforePhrase(Rule):
    code = "MT510"
    name = "full-stop-before-phrase"
    category = "punctuation"
    severity = "warning"
    languages = frozenset({"de"})
    summary = (
        "A full stop after a word, then the sentence going on with a lower-case preposition, conjunction or article "
        "(\"sagte Wade. während einer Pressekonferenz.\"): one sentence cut in two."
    )
    why = (
        "English ends an attribution with the speaker and runs on (\"..., Wade said during a news conference\"). An "
        "engine that takes the name for the sentence's end leaves a full stop before the rest of the clause. German "
        "sentences start with a capital; after a word that is no abbreviation, a full stop followed by a lower-case "
        "\"während\", \"bei\", \"und\", \"der\" is a seam, not a sentence end."
    )
    example = "„...“, sagte Wade. während einer Pressekonferenz. -> 'sagte Wade während einer Pressekonferenz.'"
    false_positives = (
        "Abbreviations of four letters or more (\"bzw. in\", \"inkl. der\", \"Prof. an\": listed and skipped; "
        "shorter words are never taken; a word before the full stop that is neither a word of the language nor a "
        "name the article writes elsewhere, \"Musikhist. und\", is taken for an abbreviation), web addresses and "
        "handles (\"pic.twitter.com\"), and informal writing that starts sentences in lower case with a pronoun "
        "(\"sein. ich kann\"; pronouns are not continuation words). Text that lost its capitals altogether would be "
        "flagged."
    )
    positive = [
        Example("„Es schien eine Fehlfunktion zu sein“, sagte Wade. während einer Pressekonferenz. Die Polizei "
                "ermittelt.", "Wade. während"),
        Example("Der Mann wurde festgenommen, teilte die Polizei mit Berichten. laut der Zeitung war er bewaffnet.",
                "Berichten. laut"),
    ]
    negative = [
        Example("Der Preis steigt von 15 auf 14 bzw. zwölf Euro, inkl. der Steuer, sagte Prof. an der Universität."),
        Example("Er schrieb auf X: Ein Bild aus Erdberg. pic.twitter.com/abc123 Danach folgte mehr."),
        Example("Es muss schlimm sein. ich kann mir das nicht vorstellen. Das war ein Ausfall. kein Wunder."),
        Example("Die Polizei sagte Wade. Während einer Pressekonferenz nannte sie keine Details."),
        # A made-up abbreviation in a list: no word of the language, no name used elsewhere.
        Example("Todestage: Robert Haas, öst. Musikhist. und Dirigent (1886-1960)."),
    ]

    def check(self, ctx: Context):
        from mtcheck.pipeline.word_frequency import zipf

        text = ctx.article.text
        if ". " not in text:
            return
        seen: dict[str, list[int]] = {}
        for m in _SEAM_RE.finditer(text):
            before = _WORD_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
            if before is None or before.group().lower() in _ABBREVIATIONS:
                continue
            word, after = before.group(), m.group(1)
            if zipf(word.lower(), ctx.lang) < _KNOWN_ZIPF and not _stands_alone(text, word, before.start(), seen):
                continue  # neither a word of the language nor a name the article uses: an abbreviation ("Musikhist.")
            yield self.finding(
                ctx, before.start(), m.end(),
                f"a full stop after '{word}' and then lower-case '{after}': one sentence cut in two "
                "where the English attribution ended",
                0.7, suggestion=f"{word} {after}",
            )


# Function words an engine glues to an acronym where a link ended ("Comme indiqué par le BBCla femme ..."), per
# language: articles, contractions and conjunctions that open the next clause.
_GLUE_WORDS = {
    "de": "der|die|das|den|dem|des|und|ein|eine|einen|im|am|zum|zur",
    "nl": "de|het|een|en",
    "fr": "la|le|les|du|des|un|une|au|aux|et",
    "es": "el|la|los|las|del|al|un|una|y",
    "it": "il|lo|la|gli|le|del|della|un|una|e",
}
# Capitals first, no look-behind (three times faster on 2 MB of news); the token's start is checked in ``check``.
# Two to five capitals, the acronym's length, in the pattern: "[A-Z][A-Z]+" ran to the end of every run of capitals
# from each of its letters and back (quadratic: 20 kB of capitals took 8 s, 2 MB never ended), and a longer run
# never gave a finding anyway.
_GLUED_ACRONYM_RE = {lang: re.compile(rf"([A-Z]{{2,5}})((?:{words}))\b") for lang, words in _GLUE_WORDS.items()}


@register
class AcronymGluedToWord(Rule):
    code = "MT206"
    name = "acronym-glued-to-word"
    category = "glued_token"
    severity = "warning"
    languages = frozenset(_GLUE_WORDS)
    summary = (
        "An acronym the article also writes on its own, run together with the article or conjunction that follows "
        "it (\"Comme indiqué par le BBCla femme reste anonyme\")."
    )
    why = (
        "Where the source linked an outlet or an agency (\"As reported by the BBC, the woman ...\"), an engine that "
        "translates the text around the link drops the space after the link text. Nobody types an acronym and the "
        "next word's article as one token; the acronym standing alone elsewhere in the article shows it is the name."
    )
    example = "Comme indiqué par le BBCla femme reste anonyme -> 'Comme indiqué par la BBC, la femme reste anonyme'"
    false_positives = (
        "An acronym with a suffix of its own that happens to spell an article (German \"SPDler\" is no article and is "
        "not taken). The acronym must also stand alone in the article, and the glued token must be no word of the "
        "article's language or of English."
    )
    positive = [
        Example("Il a parlé à CBS et à la BBC. Comme indiqué par le BBCla femme reste anonyme.", "BBCla", lang="fr"),
        Example("Die Polizei bestätigte dies der BBC. Laut BBCdie Frau bleibt anonym.", "BBCdie"),
    ]
    negative = [
        Example("Die SPDler und die CDUler trafen sich; die SPD und die CDU stimmten zu."),
        Example("Comme indiqué par la BBC, la femme reste anonyme; la BBC la soutient.", lang="fr"),
        Example("Le BBCla est un sigle inconnu.", lang="fr"),
    ]

    def check(self, ctx: Context):
        from mtcheck.pipeline.word_frequency import zipf

        text = ctx.article.text
        pattern = _GLUED_ACRONYM_RE[ctx.lang]
        alone: dict[str, bool] = {}  # acronym -> stands alone in the article: one pass over the text per acronym
        for m in pattern.finditer(text):
            acronym, token = m.group(1), m.group()
            if not 2 <= len(acronym) <= 5 or (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-")):
                continue  # inside a longer token
            if zipf(token.lower(), ctx.lang) > 1.0 or zipf(token.lower(), "en") > 1.0:
                continue  # a word of its own
            if acronym not in alone:
                alone[acronym] = re.search(rf"(?<![\w-]){acronym}(?![\w-])", text) is not None
            if not alone[acronym]:
                continue  # the acronym never stands alone: no evidence it is a name
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{token}': the acronym '{acronym}' run together with '{m.group(2)}' where a link ended",
                0.75, suggestion=f"{acronym} {m.group(2)}",
            )
