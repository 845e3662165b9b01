"""Stretches of an article that are quoted or credited on purpose, wherever they stand.

A photo credit inside a paragraph ("(Bildnachweis: picture alliance / dpa)", "© Foto: picture
alliance / ...", "© Stars / spot on news"), an agency signature ("(ANP)", "Belga") and an
embedded tweet or post carry English (or agency names) that no engine left behind. The rules
that look for untranslated English ask ``furniture_spans`` and skip what falls inside; MT807
reports the inline credits as boilerplate.

This module registers no rule of its own besides MT807; it is imported by the rule modules.
"""

from __future__ import annotations

import bisect
import re

from mtcheck.rules import Context, Example, Rule, register

# Agencies and picture services whose names close a credit ("/ dpa", "| Getty Images").
AGENCY_NAMES = (
    "Getty Images|Getty|Reuters|AP|AFP|dpa|DPA|EPA|EPA-EFE|Bloomberg|imago|IMAGO|imago images|picture alliance|"
    "picture-alliance|ANP|Belga|BELGA|Xinhua|Shutterstock|Sputnik|TASS|KNA|epd|APA|Keystone|SDA|Hollandse Hoogte|"
    "spot on news|SpotOn|AAP|PA|PA Wire|Alamy|iStock|ddp|dts|Ritzau|NTB|TT|Anadolu|SIPA|Sipa|Avalon|Stocksy"
)
_AGENCY = rf"(?:{AGENCY_NAMES})\b"
# Words that open a credit.
_CREDIT_OPENERS = (
    r"Bildnachweis|Bildquelle|Bildrechte|Bild|Bilder|Foto|Fotos|Fotograf|Quelle|Credit|Credits|Photo|Image|"
    r"Beeld|Afbeelding|Bron|Illustratie|Grafik|Video|Titelbild|Symbolbild|Symbolfoto|Archivbild|Archivfoto"
)


def _word_alternatives(words: str) -> str:
    r"""``\b(?:w1|w2|...)`` written so that ``re`` can skip through the text: each word first, then its own
    fixed-width look-behind for the boundary (``w(?<!\ww)``: no word character before it). A pattern that
    starts with ``\b`` is tried at every position; one that starts with literal alternatives only where one of
    their first letters stands (about four times faster here). Every word must start with a word character."""
    return "(?:" + "|".join(f"{w}(?<!\\w{w})" for w in words.split("|")) + ")"


_CREDIT_RES = [
    # "(Bildnachweis: picture alliance / dpa)", "(Foto: ANP)": a bracketed credit.
    re.compile(rf"\((?:{_CREDIT_OPENERS})\s*:[^()\n]{{1,160}}\)"),
    # "© Foto: picture alliance / Kay Nietfeld", "© Stars / spot on news", "©dpa": to the end of the line
    # or a closing bracket, at most 160 characters.
    re.compile(r"©[^\n©()]{1,160}?(?=\s*(?:\)|\n|$)|\.\s+[A-ZÄÖÜ])"),
    # "Foto: Kay Nietfeld / dpa", "Bild: imago images/Xinhua" anywhere in a line: opener, colon, an agency after a slash.
    re.compile(rf"{_word_alternatives(_CREDIT_OPENERS)}\s*:\s*[^\n:]{{0,100}}?[/|]\s*{_AGENCY}"),
    # An agency signature in brackets or at a paragraph's end: "AMSTERDAM (ANP) -", "... (dpa)", "(Belga)".
    re.compile(rf"\(\s*(?:[\w.'’ -]{{1,40}}/\s*)?{_AGENCY}(?:\s*/\s*[\w.'’ -]{{1,40}})?\s*\)"),
    # "Foto ANP / Remko de Waal", "Foto Belga": a Dutch credit without a colon.
    re.compile(rf"{_word_alternatives('Foto|Beeld')}\s+{_AGENCY}(?:\s*/\s*[\w.'’ -]{{1,40}})?"),
]

# Embedded posts: a paragraph with one of these is the quoted post (tweet, Instagram, TikTok).
_EMBED_RE = re.compile(
    r"pic\.twitter\.com/|\b(?:twitter|x|instagram|tiktok|facebook)\.com/|"
    r"—\s*[^\n()—]{1,80}\(@\w{1,30}\)|"  # "— Elon Musk (@elonmusk) November 6, 2024"
    r"\bA post shared by\b|\bEin Beitrag geteilt von\b|\bEen bericht gedeeld door\b|"
    r"(?:^|\n)\s*(?:Tweet|Post) (?:von|by|van)\s+@\w+"
)

# A paragraph that is a credit line: "Foto: ...", "Bron: Reuters", "FILE PHOTO: ...".
_CREDIT_LINE_RE = re.compile(rf"(?:{_CREDIT_OPENERS}|FILE PHOTO|Bron|Source)\s*:", re.I)


def furniture_spans(ctx: Context) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) of inline credits, agency signatures and embedded posts;
    cached per article."""
    cached = ctx.cache.get("furniture.spans")
    if cached is not None:
        return cached
    text = ctx.article.text
    spans = []
    embeds = []
    if "(" in text or "©" in text or ":" in text or "Foto" in text or "Beeld" in text:
        for pattern in _CREDIT_RES:
            spans.extend(m.span() for m in pattern.finditer(text))
    if "@" in text or ".com/" in text or "geteilt" in text or "shared" in text or "gedeeld" in text:
        for paragraph in ctx.doc.paragraphs:
            if _EMBED_RE.search(paragraph.text):
                embeds.append((paragraph.start, paragraph.end))
    ctx.cache["furniture.credits"] = sorted(spans)
    spans = spans + embeds
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    ctx.cache["furniture.spans"] = merged
    ctx.cache["furniture.starts"] = [s for s, _ in merged]
    return merged


def in_furniture(ctx: Context, start: int, end: int) -> bool:
    """True when [start, end) overlaps a credit, agency signature or embedded post."""
    spans = furniture_spans(ctx)
    if not spans:
        return False
    i = bisect.bisect_right(ctx.cache["furniture.starts"], end - 1) - 1
    return i >= 0 and spans[i][1] > start


@register
class InlineCredit(Rule):
    code = "MT807"
    name = "inline-credit"
    category = "boilerplate"
    severity = "info"
    summary = (
        "A photo credit or agency signature inside a paragraph (\"(Bildnachweis: picture alliance / dpa)\", "
        "\"© Stars / spot on news\", \"(ANP)\")."
    )
    why = (
        "Credits name picture agencies in English wherever the page puts them; they are furniture, not text an "
        "engine left untranslated. Reported so readers can tell them apart; never MT evidence, and the rules "
        "for untranslated English skip them."
    )
    example = "Der Kanzler sprach in Berlin. (Bildnachweis: picture alliance / dpa | Kay Nietfeld)"
    false_positives = "A bracket that starts with \"Foto:\" or \"Quelle:\" and cites a source in running text (still furniture)."
    positive = [
        Example("Der Kanzler sprach in Berlin (Bildnachweis: picture alliance / dpa | Kay Nietfeld) über Geld.",
                "(Bildnachweis: picture alliance / dpa | Kay Nietfeld)"),
        Example("Die Sängerin trat auf. © Stars / spot on news", "© Stars / spot on news"),
        Example("AMSTERDAM (ANP) - Het kabinet valt.", "(ANP)", lang="nl"),
    ]
    negative = [
        Example("Die Agentur AP meldete am Montag, dass Reuters und AFP ebenfalls berichteten."),
        Example("Er zeigte ein Foto von sich (aus dem Urlaub) und lachte."),
    ]

    def check(self, ctx: Context):
        furniture_spans(ctx)
        previous_end = -1
        for start, end in ctx.cache["furniture.credits"]:
            if start < previous_end:
                continue  # two patterns matched the same credit
            previous_end = end
            yield self.finding(ctx, start, end, "a photo credit or agency signature inside the text: page furniture", 0.9)
