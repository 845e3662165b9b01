"""Stray capitals: a German function word capitalised in the middle of a sentence.

Content farms translate a page piece by piece: a hyperlink's text goes to the engine alone, or
a sentence boundary is lost when two fragments are joined. Each fragment comes back starting
with a capital, so a preposition, article, conjunction or pronoun ends up capitalised after a
word in mid-sentence: "Kreml-Beamte Musk lobte Für seine damalige Meinung", "Das waren Strafen
Es wurde 2019 aufgehoben". German capitalises nouns, never these closed-class words, so the
list below is precise where a noun test would not be.
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import itemgetter

from mtcheck.pipeline.segment import token_after
from mtcheck.pipeline.word_frequency import zipf
from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register
from .untranslated import english_lean

# Closed-class German words that are never capitalised inside a sentence. Formal "Sie", "Ihr",
# "Ihnen", "Ihre" are left out on purpose: they are capitalised everywhere.
FUNCTION_WORDS = frozenset(
    """
    der die das den dem des ein eine einer einem einen eines
    dieser diese dieses diesen diesem jener jene jenes
    und oder aber denn sondern sowie dass weil wenn als ob obwohl damit nachdem bevor während
    für zu zum zur im in am an auf aus bei beim mit nach von vom über unter vor hinter neben
    zwischen durch gegen ohne um seit wegen trotz laut gemäß bis
    es er wir ich
    """.split()
)

# Past participles of reporting verbs: never capitalised mid-sentence ("Berichten Veröffentlicht vom").
PARTICIPLES = frozenset(
    """
    veröffentlicht berichtet gemeldet erklärt gesagt gefordert finanziert angekündigt
    bestätigt dementiert zitiert kritisiert unterstützt
    """.split()
)

# Function words that are also nouns ("der Laut", "nach Wegen"): only flagged after a capitalised word
# and before an article, the shape of a seam ("Tesla Laut der britischen Daily Mail").
NOUN_HOMOGRAPHS = frozenset({"laut", "wegen"})
_ARTICLES = frozenset("der die das den dem des ein eine einer einem einen eines".split())

# Pronouns and conjunctions followed by a capital are title case ("Wir Sind Helden"), not a seam.
_TITLE_CASE_PRONE = frozenset("es er wir ich und oder aber".split())

# Place names that start with a capitalised function word ("in Den Haag").
PLACE_NAMES = frozenset({"Den Haag", "Den Helder", "Den Bosch", "Den Burg", "Den Oever", "Im Hagen"})

# Words that make a capital look like part of an English title ("Frankly In Love", "Jack In The Box").
_ENGLISH_TITLE_WORDS = frozenset("The Of A And To For With On At By From Is Are".split())


def _in_english_title(prev: str, nxt: str) -> bool:
    """True when a neighbour is English ("Frankly In Love", "Jack In The Box"): an English title, not a seam."""
    if nxt in _ENGLISH_TITLE_WORDS:
        return True
    return any(w and english_lean(w.lower(), "de") >= 1.0 for w in (prev, nxt))


# A kicker (the label above a headline: "Nahost-Konflikt", "Fußball-Bundesliga") is at most this many words.
KICKER_MAX_WORDS = 3


# A subheading glued into running text (the page's line breaks were lost: "... führen. Spanische Regelung Die
# spanische Regel ...") is at most this many words: a noun phrase, capitalised words with at most prepositions,
# articles and conjunctions between them ("Extralob für Draxler"), so no verb that could make it a clause.
HEADING_MAX_WORDS = 5
# A capitalised word right after one of these is a noun ("das Aus", "vor dem Aus", "zum Trotz", "das Für und Wider"):
# German puts no article before a preposition or conjunction, so this is never a seam.
_DETERMINERS = _ARTICLES | frozenset("vom zum zur beim im am ins ans aufs".split()) | frozenset(
    # Possessives and "kein": "nach ihrem Aus", "sein Für und Wider".
    f"{stem}{ending}" for stem in "mein dein sein ihr unser kein".split()
    for ending in ("", "e", "em", "en", "er", "es")
) | frozenset("euer eure eurem euren eurer eures".split())
# An emoticon ends a post's sentence like a full stop: "... meine Konsole :P Es lag ein Adapter bei".
_EMOTICON_RE = re.compile(r"(?:^|\s)[:;=xX8][-']?[()PpDdOo3/|\]\[]$")
# A web address or a post's picture link ("pic.twitter.com/lmceQ Bei den ..."): an embedded post ended there.
_URL = re.compile(r"(?:://|^www\.|\w\.[a-z]{2,}/)")


# Nouns that name a work, a show or a place, whose name may open on a capitalised function word ("die Reportage Am
# Rande der Stadt", "der ARD-Krimi Unter dem Eis", "Filmen wie Die Nachtschicht und Im Schatten des Turms", "die
# Straße Am Wall", "Fragen wie Es ist spät ..."): the whole word or the part after a hyphen ("ORF-Sendungen"). Many sources
# print titles without quotation marks (10kGNAD strips them).
_TITLE_NOUNS = frozenset("""
sendung sendungen serie serien show shows film filme filmen krimi krimis reportage reportagen doku dokus
dokumentation magazin talk buch buches bücher büchern roman romans romane album alben song songs lied lieder single
titel stück stücks theaterstück oper opern musical ausstellung abenteuer kolumne rubrik redaktion reihe folge
episode staffel podcast blog zeitung zeitschrift gedicht thriller komödie drama hörspiel comic
kampagne motto slogan spruch sprüche parole fragen sätze sätzen zitat
uraufführung uraufführungen inszenierung inszenierungen
straße strasse gasse allee haltestelle station lokal restaurant hotel gasthaus wirtshaus kino theater
""".split())
# Endings that make a compound such a noun ("Wirtschaftstalk", "Fernsehkrimi", "Suggestivfragen"): only those that
# end no common word of another kind ("-satz" ends "Umsatz", "-platz" "Arbeitsplatz": left out).
_TITLE_NOUN_ENDINGS = tuple("""
sendung sendungen film filme filmen krimi krimis talk reportage reportagen doku dokus dokumentation serie serien
show shows magazin roman romane thriller komödie musical hörspiel podcast kolumne theaterstück fragen straße strasse
gasse allee haltestelle uraufführung uraufführungen inszenierung inszenierungen
""".split())
# Words that may stand between such a noun and the name's capital: a chain of titles ("ORF-Sendungen Vor Ort und
# Im Fokus") or a naming word ("Filmen wie Die Nachtschicht", "ein Lokal namens Im Eck").
_TITLE_LINKS = frozenset("und oder wie namens sowie bzw".split())
_TITLE_REACH = 5  # words back from the capital
# Prepositions: one right before a capitalised function word that a capitalised word follows opens a name or a
# title ("die Verantwortliche für Am Puls", "in drei Teilen von Unter Wasser"); German puts no
# preposition before a preposition or an article in running text.
_PREPOSITIONS = frozenset("""
von vom für mit bei beim aus in im nach über unter vor zu zum zur an am auf durch gegen ohne um seit
""".split())


def _named_title(words, j: int) -> bool:
    """``words[j]`` opens the name of a work, show or place: a title noun stands within a few words before it, with
    only capitalised words, numbers and linking words between ("Reportage Am", "Filmen wie Die Nachtschicht und Im")."""
    for k in range(j - 1, max(-1, j - 1 - _TITLE_REACH), -1):
        word = words[k].text
        lower = word.lower()
        if (word[:1].isupper() and not word.isupper()  # not text in capitals ("EIN BUCH Zu KAUFEN")
                and (lower.rpartition("-")[2] in _TITLE_NOUNS or lower.endswith(_TITLE_NOUN_ENDINGS))):
            return True
        if not (word[:1].isupper() or word[:1].isdigit() or lower in _TITLE_LINKS):
            return False
    return False


# A subheading that is a noun phrase opening on an article ("Die fehlende Geilheit", "Ein großer, langer Kampf") or
# on a preposition and an article ("Auf die Blutwiese"): the article, adjectives in the endings an attributive
# adjective takes after it in the nominative (-e, -er, -es; never -en, the ending of most verb forms, so "Das waren
# Strafen" stays a clause), and one noun.
_HEADING_ARTICLES = frozenset("der die das ein eine".split())
_ADJECTIVE_ENDINGS = ("e", "er", "es")


def _article_heading(head: list[str]) -> bool:
    """``head`` is [preposition] article adjective* Noun: a noun phrase, no verb in it."""
    if head and head[0].lower() in _PREPOSITIONS and len(head) > 1 and head[1] in _ARTICLES:
        head = head[1:]
    if len(head) < 2 or head[0].lower() not in _HEADING_ARTICLES:
        return False
    noun, adjectives = head[-1], head[1:-1]
    if not noun[:1].isupper() or noun.lower() in FUNCTION_WORDS:
        return False
    return all(a.islower() and a.rstrip(",").endswith(_ADJECTIVE_ENDINGS) for a in adjectives)


def _glued_heading(text: str, words, j: int, sentence) -> bool:
    """``words[:j]`` is a short subheading glued after a full sentence on the same line, the page's line breaks
    lost ("... führen. Spanische Regelung Die spanische Vorrangregel ..."): a sentence end before it on its line,
    a clause of its own after it, and a verbless noun phrase: capitalised words or numbers, any lowercase word
    between them a function word ("Extralob für Draxler"), and when there is one, a first word that is not
    ("Das waren Strafen Es wurde" is a clause, and stays flagged)."""
    if j > HEADING_MAX_WORDS or len(words) - j < 3:
        return False
    head = [w.text for w in words[:j]]
    capital = [t[:1].isupper() or t[:1].isdigit() for t in head]
    if not capital[0] or not capital[-1]:
        return False
    if _article_heading(head):
        pass  # "Die fehlende Geilheit", "Auf die Blutwiese": a noun phrase, no verb
    elif not all(capital):
        if head[0].lower() in FUNCTION_WORDS:
            return False
        if any(not cap and t not in FUNCTION_WORDS for t, cap in zip(head, capital)):
            return False
    line_start = text.rfind("\n", 0, sentence.start) + 1
    before = text[line_start : sentence.start].rstrip()
    return bool(before) and before[-1] in ".!?"


# A subheading may be a headline-style clause ("Stadt will rasch bauen", "Zahl der Gäste gestiegen", "Mieten
# senken"): up to this many words, glued after a full stop on its line. Headlines drop the article, so one that opens
# on an article or a pronoun ("Das waren Strafen Es wurde ...") is running text and stays flagged, and a conjunction
# after it ("Medien kontrollieren Und möglichst viele ...") continues a sentence: no heading is followed by one.
CLAUSE_HEADING_MAX_WORDS = 6
_CONTINUING = frozenset("und oder aber denn sondern sowie".split())
# Headlines are in the present tense, a participle or an infinitive ("Stadt will rasch bauen", "3.000 Gäste
# erwartet", "Mieten senken"); a past tense tells a sentence of the story ("Kreml-Beamte Musk lobte Für ..."): forms
# ending in -te/-ten (weak verbs; inflected adjectives such as "zweite" are given up with them) and common strong ones.
_PAST_FORMS = frozenset("""
war waren wurde wurden hatte hatten kam kamen ging gingen gab gaben sah sahen stand standen lag lagen fand fanden
hielt hielten rief riefen sprach sprachen schrieb schrieben blieb blieben fiel fielen nahm nahmen traf trafen
""".split())


def _past_tense(word: str) -> bool:
    return word.islower() and (word.endswith(("te", "ten")) or word in _PAST_FORMS)


def _glued_clause_heading(text: str, words, j: int, sentence) -> bool:
    """``words[:j]`` is a headline-style clause glued after a full sentence on the same line ("... Euro. Stadt
    will rasch bauen Im Mai sollen die Arbeiten beginnen."): a sentence end before it on its line, at most six words
    with no punctuation between them and no verb in the past tense, opening on a capitalised word or a number that is no
    article or pronoun, and a clause of at least three words after the capital, which is no conjunction."""
    if j > CLAUSE_HEADING_MAX_WORDS or len(words) - j < 3:
        return False
    first = words[0].text
    if not (first[:1].isupper() or first[:1].isdigit()) or first.lower() in FUNCTION_WORDS:
        return False
    if words[j].text.lower() in _CONTINUING:
        return False
    if any(c in ",;:()\"„“”»«–—" for c in text[words[0].start : words[j].start]):
        return False
    if any(_past_tense(w.text) for w in words[1:j]):
        return False  # a past tense: a sentence of the story, not a headline ("Kreml-Beamte Musk lobte Für ...")
    line_start = text.rfind("\n", 0, sentence.start) + 1
    before = text[line_start : sentence.start].rstrip()
    return bool(before) and before[-1] in ".!?"


def _opens_label(text: str, end: int, sentence_end: int) -> bool:
    """The word opens a short label that ends in a colon ("Es fehlen: Müller, Huber", "Zu den Details: ..."): a
    list or paragraph label whose line break was lost, not a fragment glued into a sentence."""
    rest = text[end:sentence_end]
    colon = rest.find(":")
    if colon < 0:
        return False
    label = rest[:colon]
    return len(label.split()) <= 2 and not any(c in label for c in ".,;!?()\"„“")


def _cut_off(text: str, end: int, sentence_end: int) -> bool:
    """The word ends its sentence with nothing after it but an ellipsis or dots ("im Zu..", "der In"):
    text cut off mid-word by the page, not a seam between fragments."""
    rest = text[end:sentence_end].strip()
    return rest in ("", "..", "...", "…", "[…]", "(…)")


def _kicker(text: str, words, j: int, sentence, doc) -> bool:
    """The words before ``words[j]`` open a headline line (one that ends with no full stop) and are all
    capitalised: a kicker the scraper glued to the headline after it ("Ukraine-Krieg Für die Soldaten
    wird es eng"). A sentence of running text with the same shape is a seam and stays flagged."""
    if any(not w.text[:1].isupper() and not w.text[:1].isdigit() for w in words[:j]):
        return False
    start = words[0].start
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", start)
    line = text[start : len(text) if line_end < 0 else line_end].rstrip()
    return not line.endswith((".", "!", ";"))


def _capital_after(text: str, words, k: int, sentence) -> bool:
    """The word after ``words[k]`` is capitalised, one space after it ("Die 120 Tage")."""
    nxt = token_after(text, words, k, sentence.end) if k < len(words) else None
    return bool(nxt and nxt.is_capitalised and text[words[k].end : nxt.start] == " ")


def _english_name(word: str) -> bool:
    """A capitalised word more frequent in English than in German ("Miller"): after a capital "Von" it is an
    American name with its particle ("Von Miller"); German writes its own particle in lower case ("Ursula von der
    Leyen"), and a seam's "Von" opens a German phrase ("Von Berlin aus", "Von Anfang an")."""
    return zipf(word, "en") > zipf(word, "de")


@register
class StrayFunctionWordCapital(Rule):
    code = "MT301"
    name = "stray-capital-function-word"
    category = "stray_capital"
    severity = "warning"
    languages = frozenset({"de"})
    summary = (
        "A German preposition, article, conjunction, pronoun or reporting participle capitalised in the middle of a "
        "sentence, right after a word (\"lobte Für seine\", \"Strafen Es wurde\")."
    )
    why = (
        "Content farms send a hyperlink's text or a sentence fragment to the engine on its own; the fragment comes "
        "back capitalised and is glued into the sentence. German capitalises nouns, never these closed-class words, "
        "so a capital \"Für\" or \"Und\" after a word with no punctuation between them is a seam between fragments."
    )
    example = (
        "Kreml-Beamte Musk lobte Für seine damalige Meinung -> 'für' (after a capitalised noun: 'Strafen Es' -> "
        "'Strafen. Es', a lost full stop; no suggestion for a doubled word, 'Für Für')"
    )
    false_positives = (
        "Titles of works and names written with capital function words (\"Für Elise\", a film called \"Es\", \"Haus Der "
        "Kunst\" in title case); English-style title-case headlines. English titles (a neighbour that is an English "
        "word: \"Frankly In Love\"), place names (\"Den Haag\") and an article before a capitalised word (\"die Partei "
        "Die Grünen\", \"wie Die Zeit berichtet\": names of parties and papers) are skipped. Capitals after a colon, a"
        " quote, a bracket or a dash, and after an @handle or #tag (a post's first words), are never flagged; "
        "formal \"Sie/Ihr\" is not on the list. Text whose line breaks were lost (10kGNAD, scraped pages) glues "
        "subheadings and labels into the running text: a capital after a short all-capitalised subheading that "
        "follows a full stop on the same line (\"... führen. Spanische Regelung Die spanische ...\"), one opening a "
        "label with a colon (\"Es fehlen: ...\") or following a link, and a nominalised word after an article or a "
        "possessive (\"das Aus\", \"zum Trotz\", \"nach ihrem Aus\"), and a capital after an emoticon (\":P Es lag ...\", a"
        " post's sentence end) are skipped. Titles and names without quotation marks are skipped where a word names"
        " their kind (\"die Reportage Am Rande der Stadt\", \"Filmen wie Die Nachtschicht und Im Schatten\", \"die "
        "Straße Am Wall\", \"Fragen wie Es ist ...\") or a preposition stands before them with a capital after (\"von "
        "Unter Wasser\"); a title with neither is still flagged. Subheadings that are headline-style clauses glued "
        "after a full stop (\"... Euro. Stadt will rasch bauen Im Mai ...\": at most six words, no article or pronoun"
        " first, no past tense, no conjunction after) are skipped: a seam of that shape after a full stop is "
        "missed. So are noun-phrase subheadings that open on an article, or a preposition and an article (\"... "
        "gesprochen. Die fehlende Ruhe Über die Abwehr ...\", \"Ein langer, harter Tag Für ...\", \"Auf die Bühne Die"
        " ...\": adjectives ending in -e, -er or -es and one noun, no verb). In listings: a premiere or staging names"
        " its title (\"als Uraufführungen Der kalte Hafen\"), an article before a number and a capitalised word opens"
        " a title (\"Die 39 Stufen\"; a seam of that shape is missed), a slash makes word play (\"Aus/Zeit\"). A "
        "capital \"Von\" before a word more frequent in English than in German is an American name (\"Linebacker Von "
        "Miller\"); German writes its own particle in lower case."
    )
    positive = [
        Example("Kreml-Beamte Musk lobte Für seine damalige Meinung wurde Musk kritisiert.", "Für"),
        Example("Medienerzählungen kontrollieren Und möglichst viele Menschen erreichen.", "Und"),
        Example("Das waren Strafen Es wurde 2019 unter Trump aufgehoben.", "Es"),
        Example("Der Verlust war zum Teil darauf zurückzuführen Zu Rohrabachers Kontakten.", "Zu"),
        Example("Erstellen von Berichten Veröffentlicht vom Wall Street Journal am Donnerstag.", "Veröffentlicht"),
        # After a full stop on the same line, but a lowercase word makes it running text, not a glued subheading.
        Example("Die Gespräche dauerten an. Das waren Strafen Es wurde 2019 unter Trump aufgehoben.", "Es"),
        # After a full stop on the same line, opening on an article: a clause of running text, not a headline.
        Example("Die Firma wuchs. Die Kunden bleiben treu Für die Zukunft plant sie neue Filialen in Graz.", "Für"),
        # A headline-shaped clause, but a conjunction after it continues the sentence.
        Example("Die Partei wuchs. Stimmung machen Und möglichst viele Wähler erreichen wollte sie.", "Und"),
        # A headline-shaped clause in the past tense is a sentence of the story.
        Example("Die Regierung plant eine Reform. Kreml-Beamte Musk lobte Für seine Meinung wurde er kritisiert.",
                "Für"),
        # A preposition before it but no title after it; a title noun before it but a clause between.
        Example("Die Ministerin sprach lange mit Für sie wichtigen Partnern aus Berlin.", "Für"),
        Example("Die neue Sendung lief gut Im September folgt die zweite Staffel.", "Im"),
        # "Von" before a German word opens a German phrase, not an American name.
        Example("Der Plan scheiterte. Er lobte Von Anfang an die Reform der Regierung.", "Von"),
    ]
    negative = [
        Example("Die Regierung kündigte für nächste Woche Gespräche an. Für Montag ist ein Treffen geplant."),
        Example("Er sagte: Es sei zu früh. Dann ging er."),
        Example("Ein lauter Laut der Sirene weckte die Nachbarn."),
        Example("Wie „Die Zeit“ berichtet, haben Sie und Ihr Team gewonnen."),
        Example("Die Vorlage (Für den Fall einer Krise) wurde – Und das ist neu – angenommen."),
        Example("Der Marsch in Den Haag und die Suche nach Wegen zur Lösung; der Roman Frankly In Love."),
        Example("Die Umweltpartei Die Grünen und das Hindu-Epos Der Ramayana, wie Die Zeit berichtet."),
        Example("Die Band Wir Sind Helden spielte Rock Und Roll."),
        Example("Das Unternehmen ist im In- und Ausland tätig, Für- und Gegenstimmen hielten sich die Waage."),
        Example("Ukraine-Krieg Für die Soldaten an der Front wird es eng\n\nNahost Bei Angriffen starben viele\n\nText."),
        Example("Die Polizei sperrte am Abend die Straßen in der In"),
        Example("Die Regierung plant neue Regeln im Zu.."),
        Example("@stadtwerke @polizei Ich habe das schon gestern gemeldet. #Stromausfall Es ist immer noch dunkel."),
        Example("Der Vertrag wurde am Montag unterzeichnet. Neue Regeln Für die Mieter gelten die Abgaben ab Juli."),
        Example("Das Team gewann klar. Lob für den Trainer Nach dem Spiel sprach der Präsident von einem Signal."),
        # Headline-style clauses glued after a sentence (invented sentences).
        Example("Der Bau kostet 40 Millionen Euro. Stadt will rasch bauen Im Mai sollen die Arbeiten beginnen."),
        Example("Die Saison ist vorbei. 3.000 Gäste erwartet Nach dem Umbau öffnet die Halle im Herbst wieder."),
        Example("Der Trainer stellte um. Tor: Huber – Maier, Berger, Lang Es fehlen: Gruber (verletzt), Wagner."),
        Example("Für die Kette kam im Herbst das Aus, vor dem Aus hatte sie allen Warnungen zum Trotz expandiert."),
        Example("Nach ihrem Aus in der Quali flog sie heim; sein Für und Wider wog er lange ab."),
        Example("Das Kabel fehlte, wozu habe ich die Box gekauft :P Es lag nur ein Adapter bei, sonst nichts."),
        Example("Der Sender zeigte das Video. pic.example.com/x7Kd2 Bei der Polizei gingen viele Anrufe ein."),
        # Titles and names without quotation marks, named by their kind or after a preposition (invented sentences).
        Example("Am Abend lief der Fernsehkrimi Unter dem Eis, danach die Reportage Am Rande der Stadt."),
        Example("Sie spielte in Filmen wie Die Nachtschicht und Im Schatten des Turms, später in der ORF-Serie Vor Ort."),
        Example("Die Doku erzählt in drei Teilen von Unter Wasser, die Verantwortliche für Am Puls war zufrieden."),
        Example("Der Unfall geschah an der Haltestelle Am Markt, nahe der Straße Im Winkel."),
        Example("Er stellte Fragen wie Es ist spät, warum bleiben Sie noch?, und wartete."),
        # Seen on human news at scale (invented sentences): noun-phrase subheadings opening on an article, titles in
        # a season's listing, an American name with its particle.
        Example("Der Trainer war zufrieden. Die fehlende Ruhe Über die Abwehr wurde lange gesprochen."),
        Example("Das sagte die Siegerin. Ein langer, harter Tag Für die Gegnerin war es die erste Niederlage."),
        Example("Im Herbst zeigt die Bühne als Uraufführungen Der kalte Hafen und Die 39 Stufen, dazu Aus/Zeit."),
        Example("Zum besten Spieler wurde Linebacker Von Miller gewählt, er jubelte lange."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for sentence in ctx.doc.sentences:
            # Words, not all tokens: the token before a flagged word must be a word one space before it,
            # and the one after is looked up only for the few candidates.
            words = sentence.words
            # The capitalised words' positions, found without a Python step per word.
            for j in compress(count(), map(str.isupper, map(itemgetter(0), map(itemgetter(2), words)))):
                if j == 0:
                    continue  # no word before it in the sentence
                token = words[j]
                if token.text[1:2].isupper():
                    continue  # acronyms ("ES", "UND")
                lower = token.text.lower()
                participle = lower in PARTICIPLES
                if lower not in FUNCTION_WORDS and not participle:
                    continue
                prev = words[j - 1]
                if text[token.end : token.end + 1] in "-‐‑/":
                    # a hyphenated shortening ("im In- und Ausland"), a compound ("Für-Stimmen") or a title's
                    # word play joined by a slash ("die Produktion In/Formation")
                    continue
                if j + 1 == len(words) and _cut_off(text, token.end, sentence.end):
                    continue  # text cut off mid-word ("... der In", "im Zu..")
                if text[prev.end : token.start] != " ":
                    # A capital is normal after punctuation (sentence punctuation, quotes, brackets, dashes,
                    # colons); a line break or odd spacing makes a heading or list item, not a seam.
                    continue
                if prev.text.isdigit():
                    continue
                if _EMOTICON_RE.search(text[max(0, prev.end - 4) : prev.end]):
                    continue  # after an emoticon, which ends a post's sentence: "... Konsole :P Es lag ..."
                if text[prev.start - 1 : prev.start] in ("@", "#"):
                    continue  # a post opening on @handles or after a #tag: "@stadtwerke Ich habe ..." starts a sentence
                if prev.text.isupper() and prev.start == sentence.start:
                    continue  # a dateline: "BERLIN Für die Regierung ..."
                if j <= KICKER_MAX_WORDS and _kicker(text, words, j, sentence, ctx.doc):
                    continue  # a kicker glued to its headline by the scraper: "Nahost-Konflikt Die Armee meldet ..."
                if not participle and _glued_heading(text, words, j, sentence):
                    continue  # a subheading glued after a sentence: "... führen. Spanische Regelung Die spanische ..."
                if not participle and _glued_clause_heading(text, words, j, sentence):
                    continue  # a headline-style clause after a sentence: "... Euro. Stadt will rasch bauen Im Mai ..."
                if prev.text.lower() in _DETERMINERS:
                    continue  # a nominalised word: "das Aus", "vor dem Aus", "zum Trotz"
                if _URL.search(text[text.rfind(" ", 0, prev.end) + 1 : prev.end]):
                    continue  # after a link: an embedded post ended there ("pic.twitter.com/abc Bei den ...")
                if _opens_label(text, token.end, sentence.end):
                    continue  # a label whose line break was lost: "... Kienast Es fehlen: Murg, Novota"
                if not participle and _named_title(words, j):
                    continue  # a title named by its kind: "die Reportage Am Rande", "Filmen wie Die Nachtschicht"
                nxt = token_after(text, words, j, sentence.end)
                if (not participle and prev.text in _PREPOSITIONS and nxt and nxt.text[:1].isupper()
                        and text[token.end : nxt.start] == " "):
                    continue  # a name after a preposition: "Verantwortliche für Am Puls", "von Unter Wasser"
                if lower in NOUN_HOMOGRAPHS and not (prev.is_capitalised and nxt and nxt.text in _ARTICLES):
                    continue
                if nxt and f"{token.text} {nxt.text}" in PLACE_NAMES:
                    continue
                if _in_english_title(prev.text, nxt.text if nxt else ""):
                    continue
                if lower in _TITLE_CASE_PRONE and nxt and nxt.is_capitalised:
                    continue  # a title-case name: "die Band Wir Sind Helden", "Rock Und Roll"
                if lower in _ARTICLES and nxt and nxt.is_capitalised:
                    continue  # an article starting a name or title: "Umweltpartei Die Grünen", "Epos Der Ramayana"
                if lower in _ARTICLES and nxt and nxt.text.isdigit() and _capital_after(text, words, j + 1, sentence):
                    continue  # a title opening on an article and a number: "und Die 120 Tage von Sodom"
                if (lower == "von" and nxt and nxt.text[:1].isupper() and nxt.text[1:].islower()
                        and _english_name(nxt.text)):
                    continue  # an American name with its particle: "Linebacker Von Miller"
                if participle and nxt and nxt.text[:1].isupper():
                    # "Veröffentlicht" then a capital could start a title ("Erschienen Im Verlag"); keep the
                    # participle case to the unambiguous "Veröffentlicht vom/am/in ..." shape.
                    continue
                seam_after_noun = prev.is_capitalised
                confidence = 0.75 if seam_after_noun else 0.9
                prev_lower = prev.text.lower()
                if prev_lower == lower:
                    # A doubled word ("Für Für"): the original has it once, which replacing this word cannot say;
                    # "Für. Für" and "für für" are both nonsense.
                    suggestion = None
                elif not seam_after_noun or prev_lower in FUNCTION_WORDS or prev_lower in PARTICIPLES:
                    # A function word is capitalised only as a sentence's first word ("Und Für die ..."): no
                    # sentence can end after it, so the capital is the only error.
                    suggestion = lower
                else:
                    suggestion = f"{prev.text}. {token.text}"  # a noun before it: a lost full stop
                yield self.finding(
                    ctx,
                    token.start,
                    token.end,
                    f"'{token.text}' is capitalised after '{prev.text}' in mid-sentence: a "
                    f"{'participle' if participle else 'function word'} is only capitalised at a sentence start, "
                    "so a fragment (a link's text or a lost sentence) was translated on its own and glued in here",
                    confidence,
                    suggestion=suggestion,
                )
