"""US law-enforcement ranks translated as false friends, and damage around names (issue 12, part 3).

Content farms machine-translate US crime copy (AP, Fox News, local TV). The engine renders a
sheriff's *deputy* as a member of parliament ("Abgeordneter", "député", "diputado") or as a
generic "Stellvertreter", police *officers* as military "Offiziere", and the rank *Chief* before a
name as "Chef" ("Chef Wayne Drummond"); where a link sat inside a name, a reporting verb lands
between first name and surname ("Troy sagte Finner"). The lists below are small and per language
(documented in each rule); they were checked on the field set's human dev pages and on the human
documents of wmt-de-dev, where they flag nothing.
"""

from __future__ import annotations

import re

from mtcheck.pipeline.word_frequency import zipf
from mtcheck.rules import Context, Example, Rule, register

# Per language: (false friend, what the article must mention, what it must not mention).
# "context" names the US law-enforcement setting (a sheriff, police); "exclude" the settings in which
# the word is right (a parliament for "Abgeordneter", an army for "Offizier").
_PARLIAMENT = {
    "de": r"Parlament|Kongress|Repräsentantenhaus|Senat|Bundestag|Landtag|Wahlkreis|Fraktion|Partei|Republikaner|Demokrat",
    "nl": r"parlement|Kamer\b|Kamerl|Congres|Senaat|fractie|partij|Republikein|Democra",
    "fr": r"Assemblée|parlement|Parlement|Congrès|Chambre|Sénat|élue?s?\b|circonscription|partis?\b|républicain|démocrate",
    "es": r"Congreso|parlamento|Parlamento|Cámara|Senado|partido|republicano|demócrata",
    "it": r"Parlamento|parlamento|Camera|Congresso|Senato|partito|repubblican|democratic",
}
_MILITARY = {
    "de": r"Armee|Militär|Bundeswehr|Soldat|Marine|Streitkräfte|Luftwaffe|Kaserne|Heer\b|Truppen|Offiziersrang",
    "nl": r"leger|Leger|militair|Defensie|soldaat|soldaten|marine|Marine|luchtmacht|kazerne|[Mm]arechaussee|KMar",
}
_SHERIFF = {"de": r"Sheriff", "nl": r"[Ss]heriff", "fr": r"shérif|Shérif|sheriff", "es": r"alguacil|sheriff|Sheriff",
            "it": r"sceriffo|sheriff|Sheriff"}
_POLICE = {"de": r"Polizei|Sheriff|Polizist|Verdächtig|Festnahme|festgenommen|Schüsse|erschossen",
           "nl": r"politie|Politie|[Ss]heriff|verdachte|gearresteerd|schoten|doodgeschoten"}

# (language, pattern of the false friend, English word, context key, exclusion key)
_FALSE_FRIENDS = [
    ("de", r"\bAbgeordnete[nr]?\b", "deputy", "sheriff", "parliament"),
    # Not after a possessive ("der Sheriff und sein Stellvertreter" is German), nor for someone named in a
    # genitive other than the sheriff ("der Stellvertreter des Bürgermeisters").
    ("de", r"(?<!sein )(?<!seine )(?<!seinen )(?<!seinem )(?<!ihr )(?<!ihren )(?<!ihrem )(?<!dessen )"
           r"\bStellvertreter[ns]?\b(?! (?:des|der|von|vom) (?!\w*[Ss]heriff)\w)", "deputy", "sheriff", None),
    ("de", r"\bOffizier(?:e|en|s)?\b", "officer", "police", "military"),
    ("nl", r"\bafgevaardigden?\b(?<!Huis van [Aa]fgevaardigden)", "deputy", "sheriff", "parliament"),
    ("nl", r"\bofficier(?:en|s)?\b(?! van (?:justitie|dienst|gerechtelijke|bestuurlijke))", "officer", "police", "military"),
    ("fr", r"\bdéputée?s?\b", "deputy", "sheriff", "parliament"),
    ("es", r"\bdiputad[oa]s?\b", "deputy", "sheriff", "parliament"),
    ("it", r"\bdeputat[oi]\b", "deputy", "sheriff", "parliament"),
]
_CONTEXT = {"sheriff": _SHERIFF, "police": _POLICE, "parliament": _PARLIAMENT, "military": _MILITARY}
_COMPILED: dict[str, list] = {}
for _lang, _pattern, _english, _context, _exclude in _FALSE_FRIENDS:
    _COMPILED.setdefault(_lang, []).append((
        re.compile(_pattern), _english,
        re.compile(_CONTEXT[_context][_lang]),
        # Word starts only: "parti" must not match "particulière" nor "répartition".
        re.compile(rf"\b(?:{_CONTEXT[_exclude][_lang]})") if _exclude else None,
    ))
# The false friend bound to the sheriff by a genitive ("diputados del alguacil", "Abgeordnete des Sheriffbüros",
# "député du bureau du shérif"): a deputy *of the sheriff* cannot be a member of parliament, whatever else the
# article mentions, so such a finding is surer than a bare one.
_OF_SHERIFF_RE = re.compile(
    r"[ \t]+(?:des|der|del|de la|de los|du|de l['’]|dello|della|dell['’]|van de|van het)[ \t]*"
    r"(?:[\w'’-]+[ \t]+){0,3}?[\w-]*(?:[Ss]heriff|alguacil|shérif|Shérif|sceriffo)"
)
_BOUND_CONFIDENCE = 0.9
# Cheap first look: the stems every false friend shares.
_STEMS = {"de": ("Abgeordnete", "Stellvertreter", "Offizier"), "nl": ("afgevaardigde", "officier"),
          "fr": ("député",), "es": ("diputad",), "it": ("deputat",)}


@register
class USRankFalseFriend(Rule):
    code = "MT414"
    name = "us-rank-false-friend"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset(_STEMS)
    summary = (
        "A US law-enforcement rank rendered as a false friend in a police story: a sheriff's deputy as a member of "
        "parliament (\"Abgeordneter\", \"député\", \"diputado\") or a generic \"Stellvertreter\", police officers as "
        "military \"Offiziere\"."
    )
    why = (
        "\"Deputy\" and \"officer\" have one English word for several things; an engine picks the frequent sense. "
        "German, Dutch, French and Spanish newsrooms write \"Hilfssheriff\"/\"Deputy\", \"hulpsheriff\", \"adjoint "
        "du shérif\", \"ayudante del alguacil\", and \"Polizist\"/\"Beamter\", \"agent\". List per language: de "
        "Abgeordnete(r/n), Stellvertreter (unless it stands for someone named in a genitive other than the sheriff), "
        "Offizier(e); nl afgevaardigde(n), officier(en) (not \"officier van justitie\", \"van dienst\", \"van gerechtelijke "
        "politie\"; not with the marechaussee); fr député(e)(s); es "
        "diputado(s); it deputato/i. A deputy word bound to the sheriff by a genitive (\"diputados del alguacil\", "
        "\"Abgeordnete des Sheriffbüros\", \"député du bureau du shérif\") cannot be a member of parliament: that "
        "finding is surer (confidence 0.9, else 0.75)."
    )
    example = "nachdem der Stellvertreter eines Sheriffs erschossen worden war -> 'ein Hilfssheriff'"
    false_positives = (
        "A US story that mentions a sheriff and a real member of parliament, or police and a military officer: "
        "the rule needs the police or sheriff setting in the article and no word of parliament (for deputies) or "
        "army (for officers) anywhere in it; at most one finding per word form."
    )
    positive = [
        Example("In Harris County war eine Fahndung im Gange, nachdem der Stellvertreter eines Sheriffs erschossen "
                "worden war. Gebete für die Familie des Abgeordneten, heißt es.", "Abgeordneten"),
        Example("Der Verdächtige floh, die Polizei sucht ihn. Der Offizier wurde ins Krankenhaus gebracht.", "Offizier"),
        Example("Le bureau du shérif a reçu un appel. Le député signifiait un avis d'expulsion.", "député", lang="fr"),
        Example("De politie zegt dat hij een School District-officier neerschoot.", "officier", lang="nl"),
        # "particulière", "répartition" hold "parti" but are not about a party.
        Example("Le shérif a appelé le centre de répartition; le député portait une marque très particulière.",
                "député", lang="fr"),
        Example("Los equipos siguieron a los diputados del alguacil del condado de Humboldt en servicio.", "diputados",
                lang="es"),
    ]
    negative = [
        Example("Der republikanische Abgeordnete aus Texas kritisierte den Sheriff des Bezirks im Kongress."),
        Example("Der Sheriff und sein Stellvertreter, der Hilfssheriff Mike Lee, waren vor Ort. Der Stellvertreter "
                "des Bürgermeisters sprach."),
        Example("De officier van justitie eist tien jaar; de politie arresteerde de verdachte.", lang="nl"),
        Example("Een officier van gerechtelijke politie verhoorde de verdachte; een officier van de marechaussee "
                "hielp de politie.", lang="nl"),
        Example("Der Offizier der Bundeswehr wurde von der Polizei befragt."),
        Example("Le député du parti a rencontré le shérif du comté.", lang="fr"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not any(stem in text for stem in _STEMS[ctx.lang]):
            return
        for pattern, english, context, exclude in _COMPILED[ctx.lang]:
            if not context.search(text) or (exclude is not None and exclude.search(text)):
                continue
            # One finding per word form: the first occurrence bound to the sheriff if there is one, else the first.
            chosen: dict[str, tuple] = {}
            for m in pattern.finditer(text):
                bound = english == "deputy" and _OF_SHERIFF_RE.match(text, m.end()) is not None
                if m.group() not in chosen or (bound and not chosen[m.group()][1]):
                    chosen[m.group()] = (m, bound)
            for m, bound in sorted(chosen.values(), key=lambda pair: pair[0].start()):
                where = " bound to the sheriff" if bound else ""
                yield self.finding(
                    ctx, m.start(), m.end(),
                    f"'{m.group()}'{where} in a US police story is '{english}' rendered as a false friend",
                    _BOUND_CONFIDENCE if bound else 0.75,
                )


# "Chef Wayne Drummond": the English rank "Chief" as the German word for boss, before a first name and
# a surname, with no article or possessive (German writes "Polizeichef Wayne Drummond").
_CHIEF_RE = re.compile(r"(Chef|Stellvertreter) ([A-Z][a-z]+) ([A-Z][a-z]+)\b")
# What may stand before the title: a line start, punctuation or a reporting word, never an article.
_CHIEF_BEFORE_RE = re.compile(r"(?:^|\n|[,:;(„“\"]|\b(?:sagte|sagten|so|[Ll]aut|erklärte|von|mit|und|wie))[ \t]*$")


@register
class RankAsTitle(Rule):
    code = "MT415"
    name = "rank-translated-as-title"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset({"de"})
    summary = "A US rank translated as a bare title before a person's name (\"Chef Wayne Drummond\", \"Stellvertreter John Lee\")."
    why = (
        "English puts ranks before names without an article (\"Chief Wayne Drummond\", \"Deputy John Lee\"); German "
        "makes the rank a compound (\"Polizeichef Wayne Drummond\") or uses an article (\"der Chef ...\"). The "
        "engine keeps the English shape with the everyday word."
    )
    example = "sagte Chef Wayne Drummond -> 'sagte Polizeichef Wayne Drummond'"
    false_positives = (
        "\"Chef\" used as a nickname or a chef's title before a name. The rule needs the title right after a "
        "sentence start, punctuation or a reporting word (\"sagte\", \"laut\", \"von\"), never after an article or a "
        "possessive (\"ihr Chef Peter Müller\" is her boss), then a first name the gazetteers know or a word no "
        "German dictionary has as a common word, and a surname."
    )
    positive = [
        Example("„Das muss aufhören“, sagte Chef Wayne Drummond am Montag.", "Chef Wayne Drummond"),
        Example("Laut Stellvertreter John Lee wurde niemand verletzt.", "Stellvertreter John Lee"),
    ]
    negative = [
        Example("Das sagte ihr Chef Peter Müller, der Polizeichef Wayne Drummond stimmte zu."),
        Example("Der neue Chef Tim Mälzer kocht."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if "Chef " not in text and "Stellvertreter " not in text:
            return
        for m in _CHIEF_RE.finditer(text):
            if not _CHIEF_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                continue  # after an article or a possessive: "ihr Chef Peter Müller" is her boss
            first = m.group(2)
            if first not in ctx.entities.first_names and zipf(first, "en") <= zipf(first, ctx.lang):
                continue  # a German word, not an (English) first name
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{m.group()}' puts the English rank before the name as a bare word: a US title translated",
                0.75, suggestion=f"Polizeichef {first} {m.group(3)}" if m.group(1) == "Chef" else None,
            )


# A reporting verb between a first name and a surname: "..., Troy sagte Finner auf der Pressekonferenz".
# The pattern opens on the literal ", " (found fast); the match's own span starts at the first name.
_VERBS = {"de": "sagte|sagten|erklärte|betonte|fügte|schrieb", "nl": "zei|zegt|verklaarde|schreef",
          "fr": "a déclaré|a dit|dit|déclare", "es": "dijo|declaró|afirmó", "it": "ha detto|dice|ha dichiarato"}
_AFTER = {"de": "auf|in|bei|am|im|gegenüber|während|vor|zu|laut", "nl": "op|in|bij|tijdens|tegen|aan",
          "fr": "à|lors|dans|sur|devant", "es": "en|a|durante|ante", "it": "a|in|durante|davanti"}
_VERB_IN_NAME_RE = {
    lang: re.compile(rf", ([A-Z][a-z]+) ((?:{verbs})) ([A-Z][a-z]+)(?= (?:{_AFTER[lang]})\b|[.,;])")
    for lang, verbs in _VERBS.items()
}


@register
class VerbInsideName(Rule):
    code = "MT416"
    name = "verb-inside-name"
    category = "word_order"
    severity = "warning"
    languages = frozenset(_VERBS)
    summary = "A reporting verb between a person's first name and surname (\"Polizeichef von Houston, Troy sagte Finner\")."
    why = (
        "English ends an attribution with the name (\"..., Houston police chief Troy Finner said\"); an engine that "
        "moves \"said\" forward in a sentence broken by a link drops it inside the name."
    )
    example = "den Polizeichef von Houston, Troy sagte Finner auf der Pressekonferenz -> 'sagte Houstons Polizeichef Troy Finner'"
    false_positives = (
        "A clause after a comma whose subject is a first name and whose object is a name (\"..., Anna sagte Ben "
        "ab\"): the rule needs a first name from the gazetteers, a surname that is no common word, and a preposition "
        "or punctuation after it."
    )
    positive = [
        Example("Er feuerte auf den Stellvertreter, den Polizeichef von Houston, Troy sagte Finner auf der Pressekonferenz.",
                "Troy sagte Finner"),
        Example("De verdachte schoot op de hulpsheriff, de politiechef van Houston, Troy zei Finner op de "
                "persconferentie.", "Troy zei Finner", lang="nl"),
    ]
    negative = [
        Example("Er kam zu spät, Troy sagte nichts dazu. Der Polizeichef Troy Finner sagte am Montag, er sei froh."),
        Example("Die Lage ist ernst, Anna sagte Berlin ab."),
    ]

    def check(self, ctx: Context):
        pattern = _VERB_IN_NAME_RE.get(ctx.lang)
        text = ctx.article.text
        if pattern is None or ", " not in text:
            return
        for m in pattern.finditer(text):
            first, verb, last = m.groups()
            if first not in ctx.entities.first_names or zipf(last, ctx.lang) >= 3.0:
                continue
            yield self.finding(
                ctx, m.start(1), m.end(),
                f"'{verb}' stands inside the name '{first} {last}': the English attribution's verb moved into the name",
                0.8, suggestion=f"{first} {last} {verb}",
            )


# US criminal law's "battery" (an unlawful touching: "assault and battery", "sexual battery") rendered as the
# electric battery. No language uses the word for a crime: German writes "Körperverletzung", French "voies de
# fait", Spanish "agresión", Italian "percosse", Dutch "mishandeling". Per language, the phrases an engine makes.
_BATTERY = {
    "de": r"\b(?:Körperverletzung|Angriff|Übergriff|Missbrauch)s? und (?:der )?Batterie\b"
          r"|\b(?:sexuelle|häusliche|schwere)[rnms]? Batterie\b",
    "fr": r"\b(?:agressions?|voies de fait|abus|assaut) (?:et|ou) (?:de |la |de la )?batterie\b"
          r"|\bbatterie (?:sexuelle|domestique|aggravée)\b",
    "es": r"\b(?:agresión|asalto|abuso) y (?:la |de )?batería\b|\bbatería (?:sexual|doméstica|agravada)\b",
    "it": r"\b(?:aggressione|assalto|abuso) e (?:di |la )?batteria\b|\bbatteria (?:sessuale|domestica|aggravata)\b",
    "nl": r"\b(?:mishandeling|aanranding|aanval|misbruik) en batterij\b|\b(?:seksuele|huiselijke) batterij\b",
}
_BATTERY_RE = {lang: re.compile(pattern) for lang, pattern in _BATTERY.items()}
_BATTERY_HINT = {"de": "Batterie", "fr": "batterie", "es": "batería", "it": "batteria", "nl": "batterij"}


@register
class LegalTermFalseFriend(Rule):
    code = "MT420"
    name = "legal-term-false-friend"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset(_BATTERY)
    summary = (
        "US criminal law's \"battery\" rendered as the electric battery (\"accusé d'abus et de batterie sexuelle\", "
        "\"sexuelle Batterie\", \"agresión y batería\")."
    )
    why = (
        "\"Assault and battery\" and \"sexual battery\" are charges in US copy; an engine picks the frequent sense of "
        "\"battery\". No newsroom names a crime with the word for a cell: German writes \"Körperverletzung\", French "
        "\"voies de fait\", Spanish \"agresión\", Italian \"percosse\", Dutch \"mishandeling\". Only the word next to "
        "a word of assault or abuse, or with \"sexual\", \"domestic\", \"aggravated\", is taken."
    )
    example = "accusé d'abus et de batterie sexuelle -> 'accusé de violences et d'agressions sexuelles'"
    false_positives = (
        "A heavy battery (\"eine schwere Batterie\"): \"schwere\" is listed for \"aggravated\", so it would be "
        "flagged; none was seen on the human corpora (10kGNAD, DpgMedia2019, wmt-de-train)."
    )
    positive = [
        Example("Une femme l'a accusé d'abus et de batterie sexuelle.", "abus et de batterie", lang="fr"),
        Example("Er wurde wegen Körperverletzung und Batterie angeklagt.", "Körperverletzung und Batterie"),
        Example("Fue acusado de agresión y batería agravada.", "agresión y batería", lang="es"),
    ]
    negative = [
        Example("Der Akku des Autos ist eine Batterie; die Polizei ermittelt wegen Körperverletzung."),
        Example("La batterie du téléphone était vide; il est accusé de voies de fait.", lang="fr"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if _BATTERY_HINT[ctx.lang] not in text:
            return
        for m in _BATTERY_RE[ctx.lang].finditer(text):
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{m.group()}': the US charge of battery rendered as the electric battery", 0.85,
            )


# Basketball copy: an engine that knows "scorer" and "points" from football writes goals. No basketball newsroom
# does: German "Topscorer"/"Korbjäger"/"Punkte", French "meilleur marqueur"/"points", Spanish "máximo
# anotador"/"puntos", Dutch "topscorer"/"punten", Italian "punti" (Italian "marcatore" is used for basketball
# too, and is not listed).
_BASKETBALL_RE = re.compile(
    r"\bNBA\b|\bWNBA\b|[Bb]asket|[Rr]ebou?nd|[Rr]ebote|[Rr]imbalz|\b[Aa]ssists?\b|[Tt]riple-[Dd]ouble|\bDreier\b"
)
_FOOTBALL_RE = re.compile(
    r"Fußball|Fussball|Bundesliga|Elfmeter|Premier League|Champions League|\bFIFA\b|\bUEFA\b|football|soccer|"
    r"[Ff]útbol|[Cc]alcio|[Vv]oetbal|Eredivisie|Ligue 1|\bLaLiga\b|Serie A"
)
_GOALS = {
    "de": r"\b(?:Rekord)?[Tt]orschütze[nr]?\w*|\b(?:Tore|Toren)\b(?= (?:erzielt|geworfen|gemacht|beisteuer|in |pro |und ))"
          r"|\b\d+ Tore\b",
    "nl": r"\bdoelpuntenmakers?\b|\b\d+ doelpunten\b",
    "fr": r"\b(?:meilleur |plus grand )?buteurs?\b|\b\d+ buts\b",
    "es": r"\b(?:máximo )?goleador(?:es)?\b|\b\d+ goles\b",
    "it": r"\bcannonier[ei]\b|\b\d+ gol\b",
}
_GOALS_RE = {lang: re.compile(pattern) for lang, pattern in _GOALS.items()}
# Cheap first look: a basketball article holds one of these (most articles hold none, and are left at once).
_BASKETBALL_HINTS = ("NBA", "asket", "ebound", "ebond", "ebote", "imbalz", "ssist", "riple", "Dreier")


@register
class BasketballGoals(Rule):
    code = "MT421"
    name = "basketball-goals"
    category = "mistranslation"
    severity = "warning"
    languages = frozenset(_GOALS)
    summary = (
        "Goals or a goal scorer in a basketball article (\"James, der Rekordtorschütze der NBA\", \"le meilleur "
        "buteur de la NBA\"): points and scorer rendered with football's words."
    )
    why = (
        "English \"leading scorer\" and \"scored\" serve every sport; an engine takes the football sense. Basketball "
        "copy in every language counts points and names a top scorer with its own word (\"Topscorer\", \"meilleur "
        "marqueur\", \"máximo anotador\"). Only in an article with two or more basketball words (NBA, rebounds, "
        "assists, triple-double, basket...) and no football word."
    )
    example = "James, der Rekordtorschütze der NBA -> 'James, der Rekord-Topscorer der NBA'"
    false_positives = (
        "A basketball article that also reports football without naming it with a listed football word; a "
        "handball or hockey goal mentioned in a basketball piece."
    )
    positive = [
        Example("Die Lakers gewannen, James holte 12 Rebounds. James, der Rekordtorschütze der NBA, überholte Carter.",
                "Rekordtorschütze"),
        Example("Les Lakers ont gagné en NBA; James, meilleur buteur de l'histoire, a pris 12 rebonds.",
                "meilleur buteur", lang="fr"),
    ]
    negative = [
        Example("Die Lakers gewannen in der NBA, James holte 12 Rebounds und war bester Werfer mit 30 Punkten."),
        Example("Der NBA-Star sah beim Fußball zu: Der Torschütze des Abends war Kane, 12 Rebounds hatte James."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not any(hint in text for hint in _BASKETBALL_HINTS):
            return
        pattern = _GOALS_RE[ctx.lang]
        if pattern.search(text) is None:
            return
        basketball = {m.group().lower() for m in _BASKETBALL_RE.finditer(text)}
        if len(basketball) < 2 or _FOOTBALL_RE.search(text):
            return
        for m in pattern.finditer(text):
            yield self.finding(
                ctx, m.start(), m.end(),
                f"'{m.group()}' in a basketball article: points or a scorer rendered with football's words", 0.8,
            )
