"""Source-side conventions carried into the translation, beyond German (issue 12, field set dev pages).

Content farms translate US copy into German, Dutch, French, Spanish and Italian; these rules look
for what the engine keeps from the source and no newsroom of the target language writes: heights
in feet and inches ("5 pieds 9 pouces"), the English "No. 3" turned into "n ° 3", an English
outlet's dateline ("CNN —") at the head of the text, a subject pronoun capitalised in mid-sentence
where a link's text or a sentence boundary was ("Les autorités de Mississippi Ils ont arrêté"), and
a German verb cluster followed by the noun the English put after it ("einen erschossen und verletzt
haben Beamter des ..."). Each is a regular expression over the text (linear, no nested
quantifiers), behind a substring test that most pages fail. Outlet names translated as words ("laut
AP-Nachrichten") are here too.
"""

from __future__ import annotations

import re

from mtcheck.rules import Context, Example, Rule, register
from .boilerplate import lines

# Height "5 feet 9 inches" rendered unit by unit (newsrooms convert: "1,75 Meter", "1,75 m", "1 m 75").
_HEIGHT = {
    "de": r"\b[4-7] (?:Fuß|Fuss) (?:und )?(?:1[01]|\d) Zoll\b",
    "nl": r"\b[4-7] (?:voet|feet) (?:en )?(?:1[01]|\d) (?:inch|duim)\b",
    "fr": r"\b[4-7] (?:pieds?) (?:et )?(?:1[01]|\d) pouces?\b",
    "es": r"\b[4-7] pies (?:y )?(?:1[01]|\d) pulgadas?\b",
    "it": r"\b[4-7] piedi (?:e )?(?:1[01]|\d) pollici\b",
}
_HEIGHT_HINT = {"de": ("Zoll",), "nl": ("inch", "duim"), "fr": ("pouce",), "es": ("pulgada",), "it": ("pollici",)}
_HEIGHT_RE = {lang: re.compile(p) for lang, p in _HEIGHT.items()}


@register
class ImperialHeight(Rule):
    code = "MT508"
    name = "imperial-height"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset(_HEIGHT)
    summary = (
        "A height in feet and inches translated unit by unit (\"5 pieds 9 pouces\", \"6 Fuß 2 Zoll\", "
        "\"5 pies 9 pulgadas\")."
    )
    why = (
        "US police descriptions give a suspect's height as \"5 feet 9 inches\"; newsrooms in metric countries "
        "convert it (\"1,75 Meter\", \"1,75 m\"). An engine translates each unit and keeps the numbers."
    )
    example = "mesurant 5 pieds 9 pouces -> 'mesurant 1,75 m'"
    false_positives = (
        "Quebec French, which writes heights in feet and inches (\"6 pieds 2 pouces\"), and human translations of "
        "reviews that keep the units; a converted height given with the original in brackets. Hence confidence 0.7: "
        "a finding of this rule needs a second one to count."
    )
    positive = [
        Example("Le suspect mesure 5 pieds 9 pouces et pèse 90 kilos, selon la police.", "5 pieds 9 pouces", lang="fr"),
        Example("Der Verdächtige ist etwa 6 Fuß 2 Zoll groß, teilte die Polizei mit.", "6 Fuß 2 Zoll"),
        Example("El sospechoso mide 5 pies 9 pulgadas, dijo la policía.", "5 pies 9 pulgadas", lang="es"),
    ]
    negative = [
        Example("Der Verdächtige ist etwa 1,88 Meter groß; der Bildschirm misst 6 Zoll.", lang="de"),
        Example("Le suspect mesure 1,75 m ; la planche fait 2 pieds de large et 9 pouces d'épaisseur.", lang="fr"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not any(h in text for h in _HEIGHT_HINT[ctx.lang]):
            return
        for m in _HEIGHT_RE[ctx.lang].finditer(text):
            # 0.7: below what counts alone (score.ALONE_MIN_CONFIDENCE): Quebec French writes heights in feet and
            # inches ("6 pieds 2 pouces"), and human translations of reviews keep them.
            yield self.finding(ctx, m.start(), m.end(),
                               f"'{m.group()}': a US height in feet and inches translated unit by unit", 0.7)


@register
class SpacedNumero(Rule):
    code = "MT509"
    name = "spaced-numero"
    category = "punctuation"
    severity = "warning"
    languages = frozenset({"fr", "it", "es"})
    summary = "The English \"No. 3\" rendered as \"n ° 3\", with a space between the n and the degree sign."
    why = (
        "French and Italian write \"n° 3\" (or \"no 3\"), Spanish \"n.º 3\"; engines turn the English abbreviation "
        "\"No.\" into \"n °\" with a space no typesetter puts there."
    )
    example = "pour le n ° 3 sur la liste -> 'pour la 3e place', 'n° 3'"
    false_positives = "Typing slips that put a space inside \"n°\"."
    positive = [
        Example("Il est passé devant lui pour le n ° 3 sur la liste des meilleurs marqueurs.", "n ° 3", lang="fr"),
        Example("La squadra è n ° 1 nella classifica della lega.", "n ° 1", lang="it"),
    ]
    negative = [
        Example("Il est le n° 3 du gouvernement, à 20 ° C, au no 12 de la rue.", lang="fr"),
        Example("Vive au n.º 5 de la calle y el equipo es el nº 1 de la liga.", lang="es"),
    ]
    _RE = re.compile(r"(?<![\w.])[nN] °\s?\d")

    def check(self, ctx: Context):
        text = ctx.article.text
        if " °" not in text:
            return
        for m in self._RE.finditer(text):
            yield self.finding(ctx, m.start(), m.end(), f"'{m.group()}' is the English \"No.\" rendered with a "
                               "space before the degree sign", 0.8)


# A US outlet's dateline kept at the head of a line: "CNN —", "(CNN) —", "WASHINGTON (CNN) —".
_DATELINE_RE = re.compile(r"^(?:[A-Z][A-Z .,]{1,40} )?\(?(?:CNN|AP|Fox News|NBC News|CBS News|ABC News)\)?\s*[—–]")


@register
class SourceDateline(Rule):
    code = "MT417"
    name = "us-outlet-dateline"
    category = "untranslated_fragment"
    severity = "warning"
    # Not Spanish: CNN en Español and AP's Spanish service write "(CNN) —" and "WASHINGTON (AP) —" over their
    # own (human) translations.
    languages = frozenset({"de", "nl", "fr", "it"})
    summary = "A US outlet's dateline with its dash kept at the head of a line in a translated page (\"CNN —\", \"(CNN) —\")."
    why = (
        "CNN, AP and the US networks open their stories with \"CNN —\" or \"WASHINGTON (AP) —\". A page in another "
        "language that opens a line with it is the outlet's story run through an engine: newsrooms that take agency "
        "copy put their own agency's tag (\"(dpa)\", \"(ANP)\", \"(Belga)\")."
    )
    example = "CNN —\\n\\nEen verdachte zit in hechtenis ..."
    false_positives = (
        "A licensed translation that keeps the source's dateline (some CNN partner sites). Agency tags in the "
        "target language (\"WASHINGTON (ANP) -\", \"(dpa)\") are not datelines of a US outlet and are skipped."
    )
    positive = [
        Example("CNN\n\n—\n\nEen verdachte zit in hechtenis na een reeks schietpartijen.", "CNN\n\n—", lang="nl"),
        Example("WASHINGTON (AP) — Der Präsident unterzeichnete am Montag das Gesetz.", "WASHINGTON (AP) —"),
    ]
    negative = [
        Example("WASHINGTON (ANP) - De president tekende maandag de wet.", lang="nl"),
        Example("WASHINGTON (AP) — El presidente firmó el lunes la ley.", lang="es"),
        Example("Washington (dpa) - Der Präsident unterzeichnete das Gesetz, wie CNN berichtete — und dann?"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if "—" not in text and "–" not in text:
            return
        found = lines(ctx)
        for k, (start, end, line) in enumerate(found):
            if not line.startswith(("CNN", "(CNN", "AP", "(AP", "Fox", "NBC", "CBS", "ABC")) and "(" not in line[:45]:
                continue
            # "CNN" alone on its line, the dash on the next one (a scraped dateline).
            if line in ("CNN", "(CNN)") and k + 1 < len(found) and found[k + 1][2] in ("—", "–"):
                yield self._flag(ctx, start, found[k + 1][1])
                continue
            m = _DATELINE_RE.match(line)
            if m:
                yield self._flag(ctx, start, start + m.end())

    def _flag(self, ctx: Context, start: int, end: int):
        return self.finding(ctx, start, end, f"'{ctx.article.text[start:end]}' is a US outlet's dateline kept in "
                            "a translated page", 0.8)


# Subject pronouns that are never capitalised inside a sentence (left out: French "Il"/"Elle", "Il Sole 24 Ore" and
# the magazine; "Nous" and Italian "Noi", "Esse", which open names of groups and parties: "Noi con l'Italia").
_PRONOUNS = {
    "fr": r"Ils|Elles",
    "es": r"Ellos|Ellas|Nosotros",
    "it": r"Essi",
}
# After a word or a comma, with only a space between, and before a lower-case word (the verb).
_PRONOUN_RE = {lang: re.compile(rf"(?<=[\w\d,] )(?:{p}) (?=[a-zà-ÿ])") for lang, p in _PRONOUNS.items()}
_PRONOUN_HINT = {"fr": (" Ils ", " Elles "), "es": (" Ellos ", " Ellas ", " Nosotros "), "it": (" Essi ",)}


@register
class CapitalisedSubjectPronoun(Rule):
    code = "MT302"
    name = "capitalised-subject-pronoun"
    category = "stray_capital"
    severity = "warning"
    languages = frozenset(_PRONOUNS)
    summary = (
        "A subject pronoun capitalised in mid-sentence after a word (\"Les autorités de Mississippi Ils ont "
        "arrêté\"): a sentence joined from two translated pieces."
    )
    why = (
        "Where a link's text or a heading was translated apart from its sentence, the engine's piece starts with a "
        "capital, and Spanish-source text adds the subject pronoun the source left out. French, Spanish and Italian "
        "never capitalise these pronouns inside a sentence."
    )
    example = "Les autorités de Mississippi Ils ont arrêté une personne -> 'Les autorités du Mississippi ont arrêté'"
    false_positives = "Titles of works that start with the pronoun (\"le film Nous étions ...\") written without quotes or italics."
    positive = [
        Example("Les autorités de Mississippi Ils ont arrêté une personne vendredi.", "Ils", lang="fr"),
        Example("Las autoridades de Texas Ellos detuvieron a un hombre el viernes.", "Ellos", lang="es"),
        Example("Le bureau d'enquête, en collaboration avec la police locale, Ils enquêtent sur le mobile.", "Ils",
                lang="fr"),
    ]
    negative = [
        Example("Les autorités ont parlé. Ils ont arrêté une personne; « Nous sommes prêts », a-t-il dit.", lang="fr"),
        Example("Il partito Noi con l'Italia e il gruppo Noi moderati hanno votato contro.", lang="it"),
        Example("Selon Le Monde, Il Sole 24 Ore et Elle, les ventes baissent.", lang="fr"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not any(h in text for h in _PRONOUN_HINT[ctx.lang]):
            return
        for m in _PRONOUN_RE[ctx.lang].finditer(text):
            end = m.end() - 1
            yield self.finding(ctx, m.start(), end, f"'{text[m.start():end]}' is capitalised in mid-sentence: two "
                               "translated pieces joined", 0.75)


# "soll er einen erschossen und verletzt haben Beamter des ...": participle, auxiliary, then a capitalised noun
# and its genitive or preposition, no comma: the English object order kept after the German verb cluster.
# Found from the auxiliary (a literal the regex engine looks for fast); the participle before it is checked on
# the few hits only.
_CLUSTER_RE = re.compile(
    r" (?:haben|hat|habe|hatte|hatten|hätten|worden) (?!Sie\b|Ihnen\b|Ihr\b|Ihre\b)([A-ZÄÖÜ][a-zäöüß]{2,}) "
    r"(?:des|der|den|dem|aus|von|vom|im)\b"
)
_PARTICIPLE_BEFORE_RE = re.compile(r"[a-zäöüß] [a-zäöüß]{3,}(?:t|en)$")


@register
class NounAfterVerbCluster(Rule):
    code = "MT705"
    name = "noun-after-verb-cluster"
    category = "word_order"
    severity = "warning"
    languages = frozenset({"de"})
    summary = (
        "A noun right after a German participle and its auxiliary, with no comma (\"einen erschossen und verletzt "
        "haben Beamter des Schulbezirks\"): the English object order kept where a link split the sentence."
    )
    why = (
        "German closes the clause with the verb cluster (\"... einen Beamten erschossen haben\"); a noun phrase after "
        "it without a comma is the English \"shot and wounded an officer of ...\" order, left when the engine got "
        "the linked words apart."
    )
    example = "soll er einen erschossen und verletzt haben Beamter des Austin Independent School District"
    false_positives = "Two clauses joined without a comma (\"weil er gesagt hat Peter von nebenan komme\"), rare in edited copy."
    positive = [
        Example("Am Morgen soll er dann einen erschossen und verletzt haben Beamter des Schulbezirks, sagten Ermittler.",
                "Beamter"),
        Example("Die Behörden gaben an, dass sie festgenommen hatten Mitglieder der Bande in Texas.", "Mitglieder"),
    ]
    negative = [
        Example("Am Morgen soll er einen Beamten des Schulbezirks erschossen haben. Verletzt haben Beamte des Bezirks niemanden."),
        Example("Er sagte, er habe es gemeldet haben Sie das gewusst? Dann ging er."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for m in _CLUSTER_RE.finditer(text):
            before = _PARTICIPLE_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
            if before is None:
                continue
            cluster = text[before.start() + 2 : m.start(1)].strip()
            yield self.finding(ctx, m.start(1), m.end(1), f"'{m.group(1)}' follows the verb cluster '{cluster}': "
                               "the English object order kept", 0.7)


# A US outlet's name with "News" (or a word of its name) translated as a word: "laut AP-Nachrichten", "CBS
# Nachrichten", "Fort Worth Star-Telegramm". Newsrooms keep outlet names as they are ("Fox News", "AP").
_OUTLET_RE = {
    "de": re.compile(r"\b(?:AP|Fox|CBS|NBC|ABC|CNN)[- ]Nachrichten\b|\bStar-Telegramm\b"),
    "nl": re.compile(r"\b(?:AP|Fox|CBS|NBC|ABC|CNN)[- ]Nieuws\b"),
    "fr": re.compile(r"\b(?:AP|Fox|CBS|NBC|ABC|CNN)[- ]Nouvelles\b"),
    "it": re.compile(r"\b(?:AP|Fox|CBS|NBC|CNN)[- ]Notizie\b"),
}
_OUTLET_HINT = {"de": ("Nachrichten", "Telegramm"), "nl": ("Nieuws",), "fr": ("Nouvelles",), "it": ("Notizie",)}


@register
class TranslatedOutletName(Rule):
    code = "MT418"
    name = "translated-outlet-name"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset(_OUTLET_RE)
    summary = (
        "A US outlet's name translated as words (\"laut AP-Nachrichten\", \"CBS Nachrichten\", \"Fort Worth "
        "Star-Telegramm\", \"Fox Nieuws\")."
    )
    why = (
        "An outlet's name is a name: newsrooms write \"Fox News\", \"AP\", \"Star-Telegram\". An engine that reads "
        "\"AP News\" or \"Star-Telegram\" as words translates them."
    )
    example = "laut AP-Nachrichten -> 'laut AP'"
    false_positives = "A programme of that name in the target language (Spanish \"Noticias\" programmes are left out for that reason)."
    positive = [
        Example("Der Mann starb am Unfallort, laut AP-Nachrichten. Die Polizei ermittelt.", "AP-Nachrichten"),
        Example("Sheriff Jones erklärte dem Fort Worth Star-Telegramm, dass der Deputy verletzt wurde.", "Star-Telegramm"),
    ]
    negative = [
        Example("Der Mann starb am Unfallort, berichteten AP und Fox News. Die Nachrichten-Agentur dpa bestätigte."),
        Example("Volgens de NOS Nieuws en Fox News was de schutter alleen.", lang="nl"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not any(h in text for h in _OUTLET_HINT[ctx.lang]):
            return
        for m in _OUTLET_RE[ctx.lang].finditer(text):
            yield self.finding(ctx, m.start(), m.end(), f"'{m.group()}': a US outlet's name translated as words", 0.8)


# Crypto copy in Dutch: "exchange" (a trading platform) rendered as "uitwisseling" (an interchange), "on-chain
# analysis" as "Kettinganalyse", the "Wallet" category as "Portemonnee" on a line of its own. Dutch crypto newsrooms
# write "exchange", "beurs", "on-chain analyse", "wallet"; "uitwisseling van gegevens" (of something) is Dutch.
_CRYPTO_RE = re.compile(r"\b(?:[Bb]itcoin|BTC|[Cc]rypto|Binance|Coinbase|[Ee]thereum|stablecoin)")
_CRYPTO_NL_RE = re.compile(
    r"\b(?:[Cc]rypto(?:currency)?-?)?[Uu]itwisseling(?:en)?\b(?! (?:van|tussen)\b)"
    r"|\b[Kk]etting-?analyse\b|\b[Kk]etenanalyse\b"
    r"|^Portemonnees?$",
    re.M,
)
_CRYPTO_NL_HINTS = ("itwisseling", "etting", "etenanalyse", "Portemonnee")
# German: the exchange's flows and reserve with the foreign-currency sense of "exchange" ("Devisenzufluss",
# "Wechselreserve", "Umtauschverhältnis"); German crypto copy writes "Börsenzufluss", "Exchange-Reserve". The
# plural "Devisenreserven" (a country's currency reserves, which crypto articles do discuss) is left out.
_CRYPTO_DE_RE = re.compile(
    r"(?<![\w-])(?:\w+-)*Wechselreserve\b|\bDevisen(?:zu|ab|netto)(?:fluss|flusses|flüsse|flüssen)\b"
    r"|\bDevisenreserve\b|\b(?:Wal-)?Umtauschverhältnis(?:ses)?\b|\bWal-Umtausch\w*"
)
_CRYPTO_DE_HINTS = ("Devisen", "reserve", "Umtausch")
_CRYPTO_TERMS = {"nl": (_CRYPTO_NL_RE, _CRYPTO_NL_HINTS), "de": (_CRYPTO_DE_RE, _CRYPTO_DE_HINTS)}


@register
class CryptoTermFalseFriend(Rule):
    code = "MT419"
    name = "crypto-term-false-friend"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset(_CRYPTO_TERMS)
    summary = (
        "A crypto term rendered in Dutch or German by its everyday sense: an exchange as \"uitwisseling\" (\"De "
        "uitwisseling werd aangeklaagd\"), on-chain analysis as \"Kettinganalyse\", the Wallet category as "
        "\"Portemonnee\"; an exchange's inflow and reserve as currency exchange (\"Devisenzufluss\", "
        "\"Wechselreserve\")."
    )
    why = (
        "\"Exchange\" is a trading platform in crypto copy, \"on-chain\" a property of the blockchain, \"Wallet\" a "
        "site section; an engine picks the everyday sense. Dutch crypto newsrooms write \"exchange\", \"beurs\", "
        "\"on-chain analyse\", \"wallet\"; an \"uitwisseling\" is always of something (\"uitwisseling van gegevens\") "
        "and is skipped then. German crypto copy writes \"Börsenzufluss\" and \"Exchange-Reserve\"; \"Devisen\" "
        "and \"Wechsel\"/\"Umtausch\" are money changing (the plural \"Devisenreserven\", a country's currency "
        "reserves, is left out). Only in articles about crypto."
    )
    example = "De uitwisseling werd maandag aangeklaagd -> 'De exchange werd maandag aangeklaagd'"
    false_positives = (
        "An exchange of something in a crypto article written without \"van\" (\"na de uitwisseling bleek ...\"); "
        "a page about purses that mentions bitcoin."
    )
    positive = [
        Example("Binance is 's werelds grootste cryptocurrency-uitwisseling. De uitwisseling werd maandag aangeklaagd.",
                "cryptocurrency-uitwisseling", lang="nl"),
        Example("Bitcoin daalde nadat de uitwisseling haar opnames stopte.", "uitwisseling", lang="nl"),
        Example("Portemonnee\n\nKettinganalyse van Bitcoin: houders op hun hoede.", "Kettinganalyse", lang="nl"),
        Example("Bitcoin-Inhaber zahlen ein: der Devisenzufluss an Spotbörsen steigt, sagt ein Analyst.",
                "Devisenzufluss"),
        Example("Der Bitcoin-Kurs fällt, während die 14-Tage-SMA-Wechselreserve steigt.", "14-Tage-SMA-Wechselreserve"),
    ]
    negative = [
        Example("Bitcoin daalde; de exchange Binance stopte de opnames na een uitwisseling van gegevens.", lang="nl"),
        Example("De uitwisseling werd maandag afgerond, zeiden de ministers.", lang="nl"),
        Example("Bitcoin bewaar je in een wallet, niet in je portemonnee; de on-chain analyse toont dat.", lang="nl"),
        Example("El Salvador kauft Bitcoin mit seinen Devisenreserven; die Börsenzuflüsse steigen."),
        Example("Der Devisenzufluss aus dem Tourismus stützt den Peso, sagte die Zentralbank."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        pattern, hints = _CRYPTO_TERMS[ctx.lang]
        if not any(h in text for h in hints) or not _CRYPTO_RE.search(text):
            return
        seen: set[str] = set()
        for m in pattern.finditer(text):
            if m.group().lower() in seen:
                continue
            seen.add(m.group().lower())
            yield self.finding(ctx, m.start(), m.end(), f"'{m.group()}' in a crypto article: a crypto term rendered "
                               "by its everyday sense", 0.8)
