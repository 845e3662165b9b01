"""Transcript furniture translated word by word (issue 12, part 3).

Content farms copy US government transcripts (White House briefings, press gaggles) into unrelated
sites through an engine. The engine translates the furniture as if it were text: the speaker label
"MR. SULLIVAN:" becomes "HERR. SULLIVAN:" (the abbreviation's full stop kept after a word that is
no abbreviation), "MS. JEAN-PIERRE:" becomes "Multiple Sklerose. Jean-Pierre:" (MS read as the
disease), the question label "Q" is translated on some lines and kept on others ("F", "F:", "Q"),
and the breadcrumb "Home / News" becomes "Heim / Nachricht".
"""

from __future__ import annotations

import re
from collections import defaultdict

from mtcheck.pipeline.word_frequency import zipf
from mtcheck.rules import Context, Example, Rule, register

# Honorifics translated as words (never abbreviations, so never followed by a full stop in a label).
_HONORIFICS = (
    "HERR|FRAU|FRÄULEIN|DAME|MADAM|MADAME|MONSIEUR|MADEMOISELLE|MENEER|MEVROUW|JUFFROUW|SEÑOR|SEÑORA|SEÑORITA|"
    "SIGNOR|SIGNORE|SIGNORA|SIGNORINA|"
    "Herr|Frau|Fräulein|Dame|Madam|Madame|Monsieur|Mademoiselle|Meneer|Mevrouw|Juffrouw|Señor|Señora|Señorita|"
    "Signor|Signore|Signora|Signorina"
)
# "MS." (Ms.) read as multiple sclerosis, per language.
_DISEASES = (
    "Multiple Sklerose|MULTIPLE SKLEROSE|Multiple sclerose|MULTIPLE SCLEROSE|Sclérose en plaques|SCLÉROSE EN PLAQUES|"
    "Esclerosis múltiple|ESCLEROSIS MÚLTIPLE|Sclerosi multipla|SCLEROSI MULTIPLA"
)
_NAME = r"[A-ZÄÖÜÉÈÑ][\w'’-]+(?:[ -][A-ZÄÖÜÉÈÑ][\w'’-]+){0,2}"
# A speaker label: honorific or disease, a full stop, a name, a colon; at a line start or after a
# sentence end (scraped transcripts often run the turns into one paragraph). The full stop of a label, then the name and the colon: the pattern opens on a literal, which the
# engine finds fast; the honorific before it and what stands before that are checked on those few hits.
_LABEL_TAIL_RE = re.compile(rf"\. ({_NAME}):")
_LABEL_HEAD_RE = re.compile(rf"(?:^|\n|[.!?)“\"] )[ \t]*((?:{_HONORIFICS})|(?:{_DISEASES}))$")


def _caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@register
class TranslatedSpeakerLabel(Rule):
    code = "MT411"
    name = "translated-speaker-label"
    category = "mistranslation"
    severity = "warning"
    summary = (
        "A transcript's speaker label translated word by word: an honorific with the English abbreviation's full stop "
        "(\"HERR. SULLIVAN:\", \"Madam. JEAN-PIERRE:\") or \"MS.\" rendered as the disease (\"Multiple Sklerose. "
        "Jean-Pierre:\")."
    )
    why = (
        "US transcripts label turns \"MR. SULLIVAN:\" and \"MS. JEAN-PIERRE:\". An engine translates the abbreviation "
        "as a word and keeps its full stop, or reads \"MS\" as multiple sclerosis; a person writing German, Dutch, "
        "French, Spanish or Italian writes \"Herr Sullivan:\" or keeps the label as it was."
    )
    example = "HERR. SULLIVAN: Danke, Karine. -> 'SULLIVAN:' or 'Herr Sullivan:'"
    false_positives = (
        "A sentence that ends on the word \"Frau\" or \"Herr\" followed by a capitalised word and a colon; the rule "
        "needs the honorific or the name in capitals, or, for the disease, a name that is no common word "
        "(\"Multiple Sklerose. Symptome:\" is a heading)."
    )
    positive = [
        Example("Jake, das Podium gehört dir.\n\nHERR. SULLIVAN: Danke, Karine. Guten Nachmittag.", "HERR. SULLIVAN:"),
        Example("Multiple Sklerose. Jean-Pierre: Guten Tag allerseits. (Gelächter) Madam. JEAN-PIERRE: Sie gibt "
                "gerade Interviews.", "Multiple Sklerose. Jean-Pierre:"),
        Example("Wij gaan door.\nMENEER. KIRBY: Dank u wel.", "MENEER. KIRBY:", lang="nl"),
    ]
    negative = [
        Example("HERR SULLIVAN: Danke, Karine. MS. JEAN-PIERRE: Guten Tag."),
        Example("Multiple Sklerose. Symptome: Müdigkeit und Sehstörungen sind häufig."),
        Example("Er sprach mit der Frau. Polizei: Die Ermittlungen dauern an."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if ". " not in text or ":" not in text:
            return
        for m in _LABEL_TAIL_RE.finditer(text):
            head = _LABEL_HEAD_RE.search(text, max(0, m.start() - 24), m.start())
            if head is None:
                continue  # no honorific, or one inside a sentence ("bei der Frau. Polizei:")
            title, name = head.group(1), m.group(1)
            start = head.start(1)
            disease = " " in title or title.lower().startswith(("multiple", "sclérose", "esclerosis", "sclerosi"))
            if disease:
                common = " " not in name and "-" not in name and zipf(name, ctx.lang) >= 3.0
                if not _caps(name) and common and not ctx.entities.is_known_name(name):
                    continue  # "Multiple Sklerose. Symptome:": a heading of a health text
            elif not (_caps(title) or _caps(name)):
                continue  # "der Frau. Polizei:": a sentence end and a new sentence
            what = ("'MS.' (Ms.) read as the disease" if disease
                    else f"the honorific '{title}' keeps the English abbreviation's full stop")
            yield self.finding(
                ctx, start, m.end(),
                f"'{text[start:m.end()]}' is a transcript speaker label translated word by word: {what}",
                0.9, suggestion=f"{name}:",
            )


# Question labels per language: the English "Q" and the letter a translation uses.
_QUESTION_LETTERS = {"de": "F", "nl": "V", "es": "P", "it": "D", "fr": "Q", "en": "Q"}
# A one-letter label at a line start: "Q", "F:", "P Hola." (then a capital, an opening mark or the end of the line).
# Cheap first look: a line that opens with one of the language's two letters and a space or colon.
_Q_LINE_RE = {lang: re.compile(rf"\n[{letter}Q][ \t:\n]") for lang, letter in _QUESTION_LETTERS.items()}
_Q_LABEL_RE = re.compile(r"^[ \t]*([A-Z])(:?)(?=[ \t]+[A-ZÄÖÜ¿¡„“\"]|[ \t]*$)", re.M)


@register
class MixedQuestionLabels(Rule):
    code = "MT412"
    name = "half-translated-question-labels"
    category = "mistranslation"
    severity = "warning"
    summary = (
        "A transcript whose question label is translated on some lines and kept on others (\"F\" and \"Q\" in German), "
        "or written with and without its colon (\"P\" and \"P:\")."
    )
    why = (
        "A White House transcript labels every question \"Q\". An engine that translates line by line turns some "
        "labels into the target language's letter (German \"F\" for Frage, Spanish \"P\" for pregunta) and leaves "
        "others, and adds a colon here and there; a transcript typed or edited by a person labels its turns one way."
    )
    example = "F Können Sie das bestätigen? ... Q Herr Präsident, wissen Sie ...? -> one label throughout"
    false_positives = (
        "A page with two transcripts of different origin. Needs three or more label lines, two forms of the question "
        "label among them, each form on a line of its own; answer labels (\"A:\") are not counted."
    )
    positive = [
        Example("DER PRÄSIDENT: Wir fahren nach Camp David.\n\nF Wissen Sie darüber Bescheid?\n\nDER PRÄSIDENT: Ja.\n\n"
                "F: Wie steht es um Brasilien?\n\nQ Herr Präsident, wissen Sie das?\n", "Q"),
        Example("EL PRESIDENTE: Hola.\nP Hola.\nEL PRESIDENTE: Hola a todos.\nP: Señor Presidente, ¿hay novedades?\n"
                "P ¿Vio usted al CEO?\n", "P:", lang="es"),
    ]
    negative = [
        Example("F: Wie geht es Ihnen?\nA: Gut, danke.\nF: Und der Mannschaft?\nA: Auch gut.\n"),
        Example("Q Mr. President, are you worried?\nTHE PRESIDENT: No.\nQ And China?\nTHE PRESIDENT: We'll see.\n", lang="en"),
        Example("Die Liste:\nA Bahn\nB Bus\nF Fahrrad\n"),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        local = _QUESTION_LETTERS.get(ctx.lang)
        if local is None:
            return
        letters = {local, "Q"}
        if text[:1] not in letters and not _Q_LINE_RE[ctx.lang].search(text):
            return  # no line opens with a label letter (indented labels are rare enough to miss)
        forms: dict[str, list[re.Match]] = defaultdict(list)
        for m in _Q_LABEL_RE.finditer(text):
            if m.group(1) in letters:
                forms[m.group(1) + m.group(2)].append(m)
        if len(forms) < 2 or sum(len(v) for v in forms.values()) < 3:
            return
        ranked = sorted(forms.items(), key=lambda item: (-len(item[1]), item[1][0].start()))
        major = ranked[0][0]
        for form, matches in ranked[1:]:
            m = matches[0]
            yield self.finding(
                ctx, m.start(1), m.end(),
                f"the question label '{form}' ({len(matches)}x) next to '{major}' ({len(forms[major])}x) in one "
                "transcript: labels translated on some lines and kept on others",
                0.85, suggestion=major,
            )


# "Home" translated as the word for a dwelling, opening a breadcrumb: "Heim / Nachricht / ...".
_HOME_WORDS = {
    "de": "Heim|Zuhause", "nl": "Huis|Thuis", "fr": "Maison|Domicile", "es": "Casa|Hogar",
    "it": "Casa",
}
# What the second crumb is: a section of a news site or blog.
_SECTIONS = (
    "Nachricht|Nachrichten|Neuigkeiten|Neuheiten|Blog|Presse|Pressemitteilungen|Artikel|Allgemein|Politik|Welt|"
    "Sport|Wirtschaft|Nieuws|Artikelen|Algemeen|Nouvelles|Actualités|Actualité|Articles|Noticias|Noticia|Artículos|"
    "Notizie|Notizia|Articoli|Generale|General|Général"
)
_CRUMB_RE = {
    lang: re.compile(rf"^[ \t]*((?:{words})[ \t]*[/»>›|][ \t]*(?:{_SECTIONS}))\b", re.M)
    for lang, words in _HOME_WORDS.items()
}


@register
class TranslatedBreadcrumb(Rule):
    code = "MT413"
    name = "translated-breadcrumb"
    category = "mistranslation"
    severity = "warning"
    summary = "A breadcrumb whose \"Home\" is translated as a dwelling (\"Heim / Nachricht\", \"Maison / Nouvelles\")."
    why = (
        "Sites in German say \"Startseite\", in Dutch \"Home\", in French \"Accueil\", in Spanish \"Inicio\"; a "
        "breadcrumb that opens with \"Heim\", \"Huis\", \"Maison\" or \"Casa\" is the English page's navigation "
        "run through an engine with the text."
    )
    example = "Heim / Nachricht / Pressekonferenz von ... -> 'Startseite / Nachrichten / ...'"
    false_positives = (
        "A shop category line (\"Haus / Garten\"): the second crumb must be a news or blog section (\"Nachricht\", "
        "\"Blog\", \"Politik\"), at a line start."
    )
    positive = [
        Example("banner\nHeim / Nachricht / Pressekonferenz von Pressesprecherin Karine Jean\nNachricht\n",
                "Heim / Nachricht"),
        Example("Maison » Actualités » Le président a parlé\n", "Maison » Actualités", lang="fr"),
    ]
    negative = [
        Example("Startseite / Nachrichten / Politik\nDer Kanzler sprach."),
        Example("Haus / Garten / Werkzeug\nDer Rasenmäher ist im Angebot."),
        Example("Das Heim / die Nachricht kam spät."),
    ]

    def check(self, ctx: Context):
        pattern = _CRUMB_RE.get(ctx.lang)
        if pattern is None:
            return
        text = ctx.article.text
        if not any(word in text for word in _HOME_WORDS[ctx.lang].split("|")):
            return
        for m in pattern.finditer(text):
            yield self.finding(
                ctx, m.start(1), m.end(1),
                f"'{m.group(1)}' is a breadcrumb whose 'Home' was translated as a word: the English page's navigation "
                "went through an engine", 0.85,
            )
