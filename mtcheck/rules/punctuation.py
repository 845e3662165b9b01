"""Punctuation damage: quote marks and full stops carried over from the source or duplicated
where fragments were joined.

German quotes open low and close high („…“). An engine translating fragments emits a closing
quote for a fragment whose opening quote went with another one, or an opening low quote where
the English had a closing one (`[missiles]„Mask`); joined fragments leave a lone full stop
(`Verteidigungsministerium.“ .“`) or a full stop inside a name phrase (`vom Senator. Lindsey`).
"""

from __future__ import annotations

import re

from mtcheck.rules import Context
from mtcheck.rules import Example
from mtcheck.rules import Rule
from mtcheck.rules import register

_OPEN_LOW = "„"
_CLOSE_HIGH = "“"


def _last_sentence(text: str) -> str:
    """The last sentence of a stretch of text: after its last sentence end or line break (or all of it)."""
    return text[max(text.rfind(c) for c in ".!?\n") + 1 :]

# An opening low quote glued to the end of a token: a closing quote's place ("missiles]„Mask", "Zitat„ sagte").
# The quote first, then a look-behind at the character before it: the engine searches for the quote
# mark instead of testing a look-behind at every character (same matches as r"(?<=[\w\]).,;!?])„").
_GLUED_OPEN_RE = re.compile(r"„(?<=[\w\]).,;!?]„)")
# A full stop standing alone after sentence-final punctuation or a closing quote: "Ende.“ .“".
_LONE_STOP_RE = re.compile(r"(?<=[.!?“”\"»])[ \t]+\.(?=[“”\"»\s]|$)")
# A title or office word, then a full stop, then a capitalised given name and surname: "vom Senator. Lindsey Graham".
_TITLES = (
    "Senator|Senatorin|Abgeordneten|Abgeordnete|Präsidenten|Präsident|Minister|Ministerin|Gouverneur|"
    "Gouverneurin|Bürgermeister|Bürgermeisterin|Botschafter|Botschafterin|Richter|Richterin|Kanzler|"
    "Kanzlerin|Sprecher|Sprecherin|General|Admiral|Vorsitzenden"
).split("|")
_TITLE_STOP_RE = re.compile(
    r"\b(?:vom|dem|den|des|beim|zum|der)\s+"
    rf"({'|'.join(_TITLES)})(\.)[ \t]+[A-ZÄÖÜ][a-zäöüß]+[ \t]+[A-ZÄÖÜ][\w-]*[,(]"
)
# What a match needs, looked for first (far cheaper than the whole patterns).
_TITLE_WITH_STOP_RE = re.compile(rf"(?:{'|'.join(_TITLES)})\.")
_LONE_STOP_NEEDS = (" .", "\t.")


@register
class UnmatchedClosingQuote(Rule):
    code = "MT501"
    name = "unmatched-closing-quote"
    category = "punctuation"
    severity = "warning"
    languages = frozenset({"de"})
    summary = (
        "A closing German quote (“) after a quotation that already closed, closing only punctuation or a lower-case "
        "fragment (\"Ministerium.“ .“ an einige Geheimdienste.“\")."
    )
    why = (
        "The engine translated a fragment that ended inside a quotation and emitted its closing quote again; a "
        "human writer's quotes pair up. Paragraphs that use English-style quotes (“…”) are left alone."
    )
    example = "...für das Verteidigungsministerium.“ .“ an einige Geheimdienste.“ -> the second and third “ close nothing"
    false_positives = (
        "A human slip that closes a quotation twice within a lower-case clause. Stray closers before a new "
        "capitalised sentence (quotations continued from an earlier paragraph) and paragraphs mixing „…“ with "
        "English-style “…” quotes are left alone; a straight quote (\") opens or closes like „ and “, as writers mix "
        "them (\"\"sich auf keine konzentriert“\"). A closer whose opener a translator dropped (\"... des Programms "
        "MaPrimeRénov“.\") is flagged: engines drop openers in the same place."
    )
    positive = [
        Example("Er sagte: „Das ist beunruhigend.“ .“ an einige Geheimdienste.“ Dann ging er.", "“"),
        Example("Der Minister nannte es „absurd“ und fügte hinzu, es sei falsch.“ Mehr sagte er nicht.", "“"),
        Example("Er sagte, es sei „gut“. .“ Dann ging er.", "“"),
    ]
    negative = [
        Example("Er sagte: „Das ist beunruhigend.“ Dann ging er. Sie nannte es „absurd“."),
        Example("“Diese werden direkt verwendet”, betonte Campbell. “Die meisten”, fügte er hinzu."),
        Example("Er sagte: „Sie nannte es ‚absurd‘.“ Dann ging er."),
        Example("Sie rief: „Ihr habt mir die Kindheit gestohlen!“ Wie könnt ihr es wagen?“, sagte sie."),
        Example("„Wir handeln“, sagte er. Was auch immer nötig ist, wir liefern es“, sagte Biden."),
        # A straight quote opening what “ closes (invented sentence).
        Example('Er sagte, dass „sie nichts tue“ und dass sie "sich um nichts kümmere“.'),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        for paragraph in ctx.doc.paragraphs:
            if _OPEN_LOW not in paragraph.text or "”" in paragraph.text:
                continue  # no German-style quotes, or English-style quotes mixed in: ambiguous
            depth = 0
            last_close = None  # offset just after the previous closing quote
            for offset, ch in enumerate(paragraph.text):
                if ch == _OPEN_LOW:
                    depth += 1
                elif ch == '"':
                    # A straight quote opens or closes (writers mix it with „“: '"sich ... konzentriert“').
                    if depth > 0:
                        depth -= 1
                        last_close = offset + 1
                    else:
                        depth += 1
                elif ch == _CLOSE_HIGH:
                    if depth > 0:
                        depth -= 1
                        last_close = offset + 1
                        continue
                    # Only debris after a quote that already closed: nothing but punctuation, or a fragment that
                    # starts in lower case. A stray closer before a new capitalised sentence is as likely a human
                    # slip or a quotation that began in an earlier paragraph.
                    if last_close is None:
                        continue
                    # The fragment this closer ends: from the previous closer or the last sentence end.
                    fragment = _last_sentence(paragraph.text[last_close:offset].rstrip(".!?… "))
                    first_letter = next((c for c in fragment if c.isalpha()), "")
                    last_close = offset + 1
                    if first_letter and not first_letter.islower():
                        continue
                    start = paragraph.start + offset
                    yield self.finding(
                        ctx, start, start + 1,
                        f"closing quote '“' after the quotation already closed, with no opening '„' "
                        f"(context: '{text[max(0, start - 25):start + 10].strip()}'): a quote mark carried over "
                        "from a translated fragment",
                        0.85,
                    )


@register
class GluedOpeningQuote(Rule):
    code = "MT502"
    name = "opening-quote-as-closing"
    category = "punctuation"
    severity = "warning"
    languages = frozenset({"de"})
    summary = "A German opening quote („) glued to the end of a word or bracket, where a closing quote belongs (\"]„Mask\")."
    why = (
        "German opens quotes low after a space; a low quote straight after a word is the engine rendering the "
        "source's closing quote as an opening one, typically where a bracketed insertion or a link split the text."
    )
    example = "zwei der größten zu kaufen [Raketen]„Mask erzählte -> 'Raketen]“ Musk erzählte'"
    false_positives = (
        "Typing slips in human text (\"sagte„Hallo“\", \"steigt„, analysiert\") are flagged too; they are rare in "
        "edited news. A trade mark sign in mojibake (\"Networksâ„¢\", UTF-8 read as Windows-1252) is skipped."
    )
    positive = [
        Example("„Ich wollte zwei der größten kaufen [Raketen]„Mask erzählte einem Publikum davon.", "„"),
        Example("Er nannte es „absurd„ und ging.", "„"),
    ]
    negative = [
        Example("Er nannte es „absurd“ und ging. Der „Spiegel“-Bericht (‚Quelle‘) folgte."),
        Example("Sie sagte: („Nein“) – „Niemals“."),
        Example("Das Gateway von Nuage Networksâ„¢ verbindet Filialen."),  # mojibake of ™ (invented sentence)
    ]

    def check(self, ctx: Context):
        for m in _GLUED_OPEN_RE.finditer(ctx.article.text):
            if ctx.article.text[m.start() - 1:m.end() + 1] == "â„¢":
                continue  # "Networksâ„¢": a trade mark sign's UTF-8 bytes read as Windows-1252, not a quote
            before = ctx.article.text[max(0, m.start() - 20) : m.start()].split()[-1:]
            yield self.finding(
                ctx, m.start(), m.end(),
                f"opening quote '„' glued to '{before[0] if before else ''}': German opens quotes after a space, so "
                "this is the source's closing quote rendered as an opening one",
                0.85, suggestion="“",
            )


@register
class LoneFullStop(Rule):
    code = "MT503"
    name = "lone-full-stop"
    category = "punctuation"
    severity = "warning"
    summary = "A full stop standing alone after a sentence that has already ended (\"Ministerium.“ .“\", \"Ende. .\")."
    why = (
        "Fragments joined after translation each keep their own final punctuation; a human writer never puts a "
        "second, free-standing full stop after a finished sentence."
    )
    example = "wäre das beunruhigend für das Verteidigungsministerium.“ .“ an einige -> the second '.' is debris"
    false_positives = "Ellipses typed with spaces (\". . .\") in quotations."
    positive = [
        Example("für die NASA und das Verteidigungsministerium.“ .“ an einige Geheimdienste.", "."),
        Example("The talks ended. . Nobody said why.", ".", lang="en"),
    ]
    negative = [
        Example("Er sagte: „Das ist gut.“ Dann ging er. Am 5. Oktober kam er zurück."),
        Example("Die Zahl stieg auf 3.5 Prozent. Danach fiel sie wieder."),
    ]

    def check(self, ctx: Context):
        text = ctx.article.text
        if not any(needed in text for needed in _LONE_STOP_NEEDS):
            return  # a match is a space or tab, then the full stop
        for m in _LONE_STOP_RE.finditer(text):
            start = m.end() - 1
            if text[start + 1 : start + 4].startswith((" .", ".")) or text[max(0, start - 4) : start].rstrip().endswith(". ."):
                continue  # spaced ellipsis ". . ."
            yield self.finding(
                ctx, start, start + 1,
                "a full stop standing alone after a sentence that already ended: debris from joining translated fragments",
                0.8,
            )


@register
class FullStopInNamePhrase(Rule):
    code = "MT504"
    name = "full-stop-in-name-phrase"
    category = "punctuation"
    severity = "warning"
    languages = frozenset({"de"})
    summary = (
        "A full stop between a title and the name with an apposition it introduces (\"vom Senator. Lindsey "
        "Graham, ein ...\")."
    )
    why = (
        "English \"Sen. Lindsey Graham\" keeps the abbreviation's full stop when the engine expands \"Sen.\" to "
        "\"Senator\"; German never puts a full stop between a title and its name."
    )
    example = "und vom Senator. Lindsey Graham -> 'vom Senator Lindsey Graham'"
    false_positives = (
        "A sentence that really ends on a title (\"Er traf den Senator.\") and a next one that starts with a "
        "first name and a surname."
    )
    positive = [
        Example("kritisiert vom Präsidenten Selenskyj und vom Senator. Lindsey Graham, einem Republikaner.", "."),
        Example("Der Brief ging an den Gouverneur. Gavin Newsom, einen Demokraten aus Kalifornien.", "."),
    ]
    negative = [
        Example("kritisiert vom Senator Lindsey Graham. Er ist Republikaner."),
        Example("Das bestätigte der Sprecher. Er sagte dazu nichts weiter."),
        Example("Das bestätigte ein Sprecher dem Gouverneur. Gavin Newsom sagte dazu nichts."),
    ]

    def check(self, ctx: Context):
        if not _TITLE_WITH_STOP_RE.search(ctx.article.text):
            return  # a match holds a title and its full stop
        for m in _TITLE_STOP_RE.finditer(ctx.article.text):
            start = m.start(2)
            yield self.finding(
                ctx, start, start + 1,
                f"full stop between the title '{m.group(1)}' and the name after it: an English abbreviation's "
                "full stop (\"Sen.\") kept after the title was translated",
                0.7, suggestion=f"no full stop after '{m.group(1)}'",
            )
