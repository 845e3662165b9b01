"""Boilerplate: scraped page furniture inside the article text.

Related-article lines, comment forms, photo credits, widgets, bylines and captions repeated by
the scraper. Reported so that a reader (and the other rules' counts) can tell them apart from
the article, at severity ``info``; the ``boilerplate`` category is never evidence of machine
translation (see ``records.NON_EVIDENCE_CATEGORIES``), so a human article full of it stays clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register

_LINE_RE = re.compile(r"[^\n]+")


def lines(ctx: Context) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, text) with surrounding whitespace trimmed; cached per article."""
    cached = ctx.cache.get("boilerplate.lines")
    if cached is None:
        cached = []
        for m in _LINE_RE.finditer(ctx.article.text):
            raw = m.group()
            stripped = raw.strip()
            if stripped:
                start = m.start() + (len(raw) - len(raw.lstrip()))
                cached.append((start, start + len(stripped), stripped))
        ctx.cache["boilerplate.lines"] = cached
    return cached


class LineRule(Rule):
    """A boilerplate rule that matches whole lines against one pattern."""

    category = "boilerplate"
    severity = "info"
    pattern: re.Pattern
    max_words = 40  # furniture lines are short; a long line is article text
    what = ""
    # Speed: each alternative of ``pattern`` that is not anchored at the start (``^``) needs this
    # character. A line without it can only match at its start, so ``match`` (one position) gives
    # the answer ``search`` (every position: about 15 µs on a long line) would. None: no such
    # alternative, or no single character they all need.
    unanchored_needs: str | None = None

    @classmethod
    def matches(cls, line: str) -> bool:
        if cls.unanchored_needs is not None and cls.unanchored_needs not in line:
            return cls.pattern.match(line) is not None
        return cls.pattern.search(line) is not None

    def check(self, ctx: Context) -> Iterator:
        for start, end, line in lines(ctx):
            # The pattern first: a fully anchored one fails at once, splitting a long line does not.
            if self.matches(line) and len(line.split()) <= self.max_words:
                yield self.finding(ctx, start, end, f"{self.what}: page furniture, not article text", 0.9)


@register
class RelatedArticleLine(LineRule):
    code = "MT801"
    name = "related-article-line"
    pattern = re.compile(
        r"^(?:Siehe auch|Lesen Sie auch|Mehr zum Thema|Auch interessant|Das könnte Sie auch interessieren|"
        r"Weiterlesen|Lees ook|Lees meer|Meer over|Bekijk ook|See also|Read more|Related|Also read|READ MORE)\b"
    )
    what = "a related-article line inserted into the text"
    summary = "A \"Siehe auch\" / \"Mehr zum Thema\" / \"Read more\" line linking another article, inside the text."
    why = (
        "Content farms insert links to their other articles between paragraphs; the headline that follows has "
        "nothing to do with the article. It is reported so readers can skip it; it is never MT evidence."
    )
    example = "Siehe auch  Nigel Farage wird von einem Aktivisten Rassismus vorgeworfen"
    false_positives = "A sentence that starts with \"Siehe auch\" and belongs to the article (it is still reported, at info)."
    positive = [
        Example("Ein Absatz.\n\nSiehe auch  Angriff auf Lemberg: Russland greift an\n\nNoch einer.", "Siehe auch  Angriff auf Lemberg: Russland greift an"),
        Example("Text.\n\nMehr zum Thema – Russland und China besprechen eine Bank", "Mehr zum Thema – Russland und China besprechen eine Bank"),
    ]
    negative = [
        Example("Wie man auch sieht, ist die Lage ernst. Siehe auch den Bericht von gestern."),
        Example("Er las mehr zum Thema in der Zeitung."),
    ]


@register
class CommentForm(LineRule):
    code = "MT802"
    name = "comment-form"
    pattern = re.compile(
        r"^(?:Schreibe einen Kommentar|Kommentar verfassen|Hinterlasse einen Kommentar|Antworten abbrechen|"
        r"Deine E-Mail-Adresse wird nicht veröffentlicht|Ihre E-Mail-Adresse wird nicht veröffentlicht|"
        r"Erforderliche Felder sind|Leave a Reply|Leave a Comment|Your email address will not be published|"
        r"Required fields are marked|Geef een reactie|Reactie plaatsen|Je e-mailadres wordt niet gepubliceerd)"
    )
    what = "a comment form (WordPress)"
    summary = "WordPress comment-form text (\"Schreibe einen Kommentar\", \"Deine E-Mail-Adresse wird nicht veröffentlicht\")."
    why = "Scraped page furniture at the end of blog-hosted articles; reported, never MT evidence."
    example = "Schreibe einen Kommentar / Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert"
    false_positives = "An article that quotes the WordPress form text at the start of a line."
    positive = [
        Example("Text.\n\nSchreibe einen Kommentar", "Schreibe einen Kommentar"),
        Example("Text.\n\nDeine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert", "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert"),
    ]
    negative = [
        Example("Er wollte einen Kommentar schreiben, sagte er."),
        Example("Die E-Mail-Adresse wird nicht veröffentlicht, versprach die Firma."),
    ]


_AGENCIES = r"(?:Getty Images|Reuters|AP|AFP|dpa|EPA|Bloomberg|imago[\w /-]*|picture alliance[\w /-]*|ANP|Xinhua|Shutterstock|Sputnik|TASS)"


@register
class PhotoCredit(LineRule):
    code = "MT803"
    name = "photo-credit"
    max_words = 30
    pattern = re.compile(
        r"^(?:Foto|Fotos|Bild|Bildquelle|Quelle|Photo|Image)\s*:\s*\S"  # "Foto: Wu Hong / EPA"
        rf"|^[\w.'’ -]{{2,60}}\s\|\s*{_AGENCIES}\s*$"  # "Anna Money Maker | Getty Images"
        rf"|\s[-–]\s[\w.'’ ]{{2,40}}\s?/\s?{_AGENCIES}\s*$"  # "... - Susan Walsh /AP"
        rf"|^date \d{{4}}-\d{{2}} {_AGENCIES}\b"  # "date 2024-10 AFP <caption>"
    )
    unanchored_needs = "/"  # only "... - Susan Walsh /AP" can start mid-line
    what = "a photo credit or caption line"
    summary = "A photo credit (\"Anna Money Maker | Getty Images\", \"Foto: Wu Hong / EPA\", \"... - Susan Walsh /AP\")."
    why = "Image captions and credits scraped with the text; reported, never MT evidence (a garbled name in one is another rule's business)."
    example = "Joe Rydell | Getty Images"
    false_positives = "A line of article text that starts with \"Quelle:\" or \"Foto:\" (sources lists are furniture too)."
    positive = [
        Example("Text.\n\nAnna Money Maker | Getty Images\n\nMehr Text.", "Anna Money Maker | Getty Images"),
        Example("Text.\n\nFoto: Wu Hong / EPA", "Foto: Wu Hong / EPA"),
        Example("Musk has weighed into the politics of Ukraine - Susan Walsh /AP", "Musk has weighed into the politics of Ukraine - Susan Walsh /AP", lang="en"),
    ]
    negative = [
        Example("Die Agentur AP meldete am Montag, dass Reuters und AFP ebenfalls berichteten."),
        Example("Er zeigte ein Foto von sich und Getty Images kaufte es."),
    ]


@register
class PageWidget(LineRule):
    code = "MT804"
    name = "page-widget"
    max_words = 20
    pattern = re.compile(
        r"^[•*·-]?\s*(?:Oops!|Something went wrong\.|Please try again later\.|Fotostrecke|Bildergalerie|"
        r"Video abspielen|Zur Startseite|Anzeige|Werbung|Advertisement|Loading\.\.\.|Share this article)\s*$"
        r"|^\d{1,2}:\d{2} \S"  # a video's duration then its title: "4:31 De grillige relatie ..."
        r"|\s•\s(?:vandaag|gisteren|heute|gestern|today|yesterday),? \d{1,2}:\d{2}"  # "NOS Nieuws • vandaag, 20:14"
        r"|^[a-z]{2,4}(?:/[a-z]{2,4})*/(?:Reuters|dpa|AFP|AP|rtr|afp)$"  # agency signature "ak/Reuters"
    )
    unanchored_needs = "•"  # only "NOS Nieuws • vandaag, 20:14" can start mid-line
    what = "a page widget, byline or agency signature"
    summary = "Widget text, bylines and markers (\"Oops! Something went wrong.\", \"Fotostrecke\", \"NOS Nieuws • vandaag, 20:14\", \"4:31 <video title>\", \"ak/Reuters\")."
    why = "Scraped page furniture; reported so readers can skip it, never MT evidence."
    example = "  • Oops!\\n    Something went wrong.\\n    Please try again later."
    false_positives = "A sentence of article text that is exactly one of these phrases."
    positive = [
        Example("Text.\n  • Oops!\n    Something went wrong.\n    Please try again later.\n", "Something went wrong.", lang="en"),
        Example("Text.\n\nFotostrecke\n\nDie meistverkauften Elektroautos", "Fotostrecke"),
        Example("NOS Nieuws • vandaag, 20:14 'Musk sprak met Poetin'", "NOS Nieuws • vandaag, 20:14 'Musk sprak met Poetin'", lang="nl"),
        Example("Text.\n\n4:31 De grillige relatie tussen Musk en Oekraïne", "4:31 De grillige relatie tussen Musk en Oekraïne", lang="nl"),
    ]
    negative = [
        Example("Something went wrong with the launch, he said. Please try again later, they told him.", lang="en"),
        Example("Um 4:31 Uhr begann der Angriff auf die Stadt."),
    ]


@register
class RepeatedLine(Rule):
    code = "MT805"
    name = "repeated-line"
    category = "boilerplate"
    severity = "info"
    summary = "A line that repeats the line just before it (a caption scraped twice)."
    why = "Scrapers pick up a caption both from the image's alt text and its caption element; reported, never MT evidence."
    example = "Diplomat: Zugeschalteter Tesla-Chef Elon Musk ... (the same line twice)"
    false_positives = "Deliberate repetition of a short line (a chant); lines of three words or fewer are ignored."
    positive = [
        Example("Titel\n\nElon Musk auf dem Forum in Peking\n\nElon Musk auf dem Forum in Peking\n\nText.", "Elon Musk auf dem Forum in Peking"),
        Example("Musk in Ukraine - Susan Walsh /AP\nMusk in Ukraine - Susan Walsh /AP\n", "Musk in Ukraine - Susan Walsh /AP", lang="en"),
    ]
    negative = [
        Example("Elon Musk auf dem Forum in Peking\n\nElon Musk sprach auf dem Forum in Peking."),
        Example("Ja!\nJa!\nJa!"),
    ]

    def check(self, ctx: Context):
        previous = None
        for start, end, line in lines(ctx):
            if previous is not None and line == previous and len(line.split()) > 3:
                yield self.finding(ctx, start, end, "this line repeats the line before it: a caption or widget scraped twice", 0.9)
            previous = line


def _paragraph_lines(ctx: Context) -> list[tuple[int, int, str]]:
    """Paragraphs that are one line of text, as (start, end, text), in order; cached per article."""
    cached = ctx.cache.get("boilerplate.paragraph_lines")
    if cached is None:
        cached = [(p.start, p.end, p.text) for p in ctx.doc.paragraphs]
        ctx.cache["boilerplate.paragraph_lines"] = cached
    return cached


@register
class PhotoCaption(Rule):
    code = "MT806"
    name = "photo-caption"
    category = "boilerplate"
    severity = "info"
    summary = "The caption line right above a photo credit (\"<caption>\" then \"Anna Money Maker | Getty Images\")."
    why = (
        "Scrapers keep image captions as if they were paragraphs; they describe a photo, not the story. Reported "
        "so readers can tell them apart, never MT evidence."
    )
    example = "Elon Musk umarmt ... in Butler, Pennsylvania. / Anna Money Maker | Getty Images"
    false_positives = "An article paragraph that happens to stand right above a credit line is reported as a caption."
    positive = [
        Example("Text.\n\nMusk umarmt Trump in Butler, Pennsylvania.\n\nAnna Money Maker | Getty Images\n\nMehr.", "Musk umarmt Trump in Butler, Pennsylvania."),
        Example("Text.\n\nDie meistverkauften Elektroautos der Welt\n\nFoto: Ding Ting / imago images/Xinhua", "Die meistverkauften Elektroautos der Welt"),
    ]
    negative = [
        Example("Musk umarmt Trump in Butler.\n\nMehr Text folgt hier.\n\nNoch ein Absatz."),
        Example("Foto: Wu Hong / EPA\n\nDer Text beginnt hier."),
    ]

    def check(self, ctx: Context):
        paragraphs = _paragraph_lines(ctx)
        credit = PhotoCredit.matches
        for (start, end, text), (_, _, following) in zip(paragraphs, paragraphs[1:]):
            # The one-line credit below first: most paragraphs are followed by none.
            if "\n" in following or not credit(following) or len(following.split()) > PhotoCredit.max_words:
                continue
            if "\n" not in text and not credit(text):
                yield self.finding(ctx, start, end, "a photo caption (the line above a photo credit): page furniture, not article text", 0.8)

