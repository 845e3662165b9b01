"""Writes seeds.jsonl: the hand annotation of the five seed articles.

The spans were chosen by reading the seeds (see README.md); this script only turns each quoted
snippet into exact character offsets and checks ``text[start:end] == snippet``, so the gold
cannot drift from the files. Run from the repository root:

    python references/gold/build_seeds_gold.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("seeds.jsonl")

S0 = "seeds/000_a35475a38765537f.txt"
S1 = "seeds/001_2a84b2346d2e0b4e.txt"
S2 = "seeds/002_adaef2065d6d3256.txt"
S3 = "seeds/003_1421ac953318d2ee.txt"
S4 = "seeds/004_079101004b9092f1.txt"

DOCUMENTS = [
    (S0, "machine_translated", "de", "content-farm machine translation of an English CNBC article"),
    (S1, "human", "nl", "NOS newsroom article; two human typos ('verkiezingsbijeenkomt', 'de de') are not MT damage"),
    (S2, "human", "de", "manager magazin / Reuters; human typos ('disktutierte', 'benutzten') are not MT damage"),
    (S3, "human", "en", "The Telegraph via Yahoo, English original"),
    (S4, "human", "de", "republished German news text with WordPress comment furniture"),
]

# (path, snippet, category, note, where): ``where`` is a unique longer context that contains the
# snippet, or the 0-based occurrence index of a repeated snippet; None means the snippet is unique.
SPANS = [
    # --- seed 000: machine-translation artifacts, in reading order ---
    (S0, "Tesla Laut", "stray_capital",
     "'Tesla' orphaned from 'Tesla and SpaceX CEO', then a capitalised 'Laut' mid-sentence", None),
    (S0, "Erstellen von Berichten", "mistranslation",
     "'according to reports' rendered as 'creating reports'", None),
    (S0, "Veröffentlicht", "stray_capital",
     "capitalised participle mid-sentence ('published by')", "Berichten Veröffentlicht vom"),
    (S0, "aus Taiwan", "mistranslation",
     "'activate Starlink over Taiwan' became 'service from Taiwan ... refuse'", "Internetkommunikationsdienst aus Taiwan"),
    (S0, "Sprechen", "word_order",
     "English participle opener 'Speaking at ..., X said' kept word for word", "Sprechen in a Semaphore"),
    (S0, "in a", "untranslated_fragment", "English 'in a' left untranslated", "Sprechen in a Semaphore"),
    (S0, "Semaphore", "garbled_entity", "the outlet Semafor turned into the noun 'semaphore'", None),
    (S0, ".“ .“", "punctuation", "the quote is closed twice", None),
    (S0, "an einige Geheimdienste.“", "punctuation",
     "a piece of the quote stranded after it closed, with an unmatched closing quote", None),
    (S0, "Star Shield", "garbled_entity",
     "the product is written 'StarShield' two paragraphs earlier (real name Starshield)", None),
    (S0, "wie NBC News berichtete zuvor", "word_order",
     "verb must be final in the subordinate clause ('wie NBC News zuvor berichtete'); lowercase paragraph start", None),
    (S0, "zuvorMusk", "glued_token", "'zuvor' glued to 'Musk' (link boundary lost)", None),
    (S0, "an von Taiwan gefordert", "word_order",
     "English post-modifier 'a project requested by Taiwan' left after the verb particle", None),
    (S0, "gefordert Dieser", "punctuation", "missing full stop: a new sentence starts with no boundary", None),
    (S0, "für ihn", "mistranslation",
     "'ihn' has no referent: the object ('controlling media narratives') was split off", "seit Jahrzehnten für ihn"),
    (S0, "Medienerzählungen kontrollieren", "word_order",
     "fragment with no finite verb, an English gerund phrase cut from its sentence", None),
    (S0, "Und", "stray_capital", "capitalised 'Und' mid-sentence", "kontrollieren Und möglichst"),
    (S0, "antiwestlichen oder antiwestlichen", "repetition",
     "two different source words mapped to one target word", None),
    (S0, "erreichen Pro-Kreml-Botschaften", "word_order", "object after the infinitive, in English order", None),
    (S0, "dem Chef des KGB", "mistranslation", "Putin was a KGB officer, never the head of the KGB", None),
    (S0, "Malik X", "garbled_entity", "'Musk' (posting on X) garbled into a person 'Malik X'", None),
    (S0, "gepostet habe Social-Media-Nachrichten", "word_order",
     "object after the finite verb in a subordinate clause", None),
    (S0, "Kreml-Beamte Musk lobte", "word_order",
     "English order 'Kremlin officials praised Musk'; German main clause needs the verb second", None),
    (S0, "Für", "stray_capital", "capitalised preposition mid-sentence", "lobte Für seine"),
    (S0, "Senator. Lindsey", "punctuation", "the abbreviation 'Sen.' became a sentence end", None),
    (S0, "GrahamRSC", "glued_token", "'Graham (R-S.C.)': party and state tag glued to the name", None),
    (S0, "ein in Russland geborener Menschenrechtsaktivist", "mistranslation",
     "the list lost its 'and': Graham now reads as the Russian-born activist (Kasparov)", None),
    (S0, "intercontinental ballistic missiles", "untranslated_fragment", "English left inside the German quote", None),
    (S0, "]„", "punctuation", "a low opening quote used to close the quote, no space after it", None),
    (S0, "Mask", "garbled_entity", "'Musk' rendered as 'Mask'", "„Mask erzählte"),
    (S0, "von SpaceX finanziert", "mistranslation", "SpaceX 'funded by SpaceX': the funder is Yuri Milner", None),
    (S0, "Der", "stray_capital", "capitalised article mid-sentence (link text cut off)", "finanziert Der in Russland"),
    (S0, "Milnerdas", "glued_token", "'Milner' glued to the relative pronoun", None),
    (S0, "gab Milner offiziell seine russische Staatsbürgerschaft bekannt", "mistranslation",
     "Milner renounced his Russian citizenship; 'bekannt geben' means announced", None),
    (S0, "haben. Dana", "punctuation",
     "'Rep. Dana Rohrabacher': the abbreviation's full stop cut the name off its sentence", None),
    (S0, "wurde 2004 entlassen", "mistranslation", "the act 'passed' in 2004 rendered as a person 'dismissed'", None),
    (S0, "Zu", "stray_capital", "capitalised preposition mid-sentence", "zurückzuführen Zu Rohrabachers"),
    (S0, "Das waren Strafen Es", "stray_capital",
     "link text 'Those sanctions' translated on its own, then a capital 'Es' mid-sentence", None),
    (S0, "Vortrag im New York Economic Club", "mistranslation",
     "'Speaking at the Economic Club of New York' became a verbless noun phrase 'lecture'", None),
    (S0, "Im", "stray_capital", "capitalised 'Im' mid-sentence", "Club Im September"),
    (S0, "Im September, Trump sagte", "word_order", "English order kept where German puts the verb second", None),
    # names in the photo credits (the credit lines themselves are boilerplate, below)
    (S0, "Anna Money Maker", "garbled_entity", "Getty photographer Anna Moneymaker", None),
    (S0, "Joe Rydell", "garbled_entity", "Getty photographer Joe Raedle", None),
    (S0, "Lizzy Nisner", "garbled_entity", "Reuters photographer Lisi Niesner", None),
    # --- seed 000: scraped page furniture ---
    (S0, "Siehe auch\u00a0 Angriff auf Lemberg: Russland greift strategische Stadt der Ukraine an", "boilerplate",
     "inserted related-article line", None),
    (S0, "Siehe auch\u00a0 Nigel Farage wird von einem Aktivisten Rassismus vorgeworfen", "boilerplate",
     "inserted related-article line", None),
    (S0, "Siehe auch\u00a0 Narendra Modi leistet seinen Eid als indischer Premierminister", "boilerplate",
     "inserted related-article line", None),
    (S0, "Elon Musk umarmt den republikanischen Präsidentschaftskandidaten, den ehemaligen Präsidenten Donald Trump, "
         "während einer Wahlkampfveranstaltung auf dem Butler Farm Show Fairgrounds am 5. Oktober 2024 in Butler, "
         "Pennsylvania.", "boilerplate", "photo caption", None),
    (S0, "Anna Money Maker | Getty Images", "boilerplate", "photo credit", None),
    (S0, "Die Polaris Dawn Falcon 9-Rakete von SpaceX ruht im Launch Complex 39A im Kennedy Space Center der NASA, "
         "während sie sich auf einen weiteren Startversuch am 9. September 2024 in Cape Canaveral, Florida, "
         "vorbereitet.", "boilerplate", "photo caption", None),
    (S0, "Joe Rydell | Getty Images", "boilerplate", "photo credit", None),
    (S0, "Das Satelliten-Internetsystem Starlink wird in der Nähe der Stadt Bachmut an vorderster Front während des "
         "russischen Angriffs auf die Ukraine, Region Donezk, Ukraine, am 8. März 2023 errichtet.",
     "boilerplate", "photo caption", None),
    (S0, "Lizzy Nisner | Reuters", "boilerplate", "photo credit", None),
    (S0, "Außenminister sagt Elon Musks Gespräch mit Putin", "boilerplate", "inserted related-video headline", None),
    (S0, "Schreibe einen Kommentar", "boilerplate", "WordPress comment form", None),
    (S0, "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert", "boilerplate",
     "WordPress comment form", None),
    # --- seed 001 (human, Dutch): furniture only ---
    (S1, "date 2024-10 AFP Elon Musk op een verkiezingsbijeenkomt voor Trump", "boilerplate",
     "photo caption and credit", None),
    (S1, "NOS Nieuws • vandaag, 20:14", "boilerplate", "site name and timestamp", None),
    (S1, "4:31 De grillige relatie tussen Elon Musk en Oekraïne", "boilerplate", "embedded video widget", None),
    # --- seed 002 (human, German): furniture only ---
    (S2, "Diplomat: Zugeschalteter Tesla-Chef Elon Musk auf dem Chinesischen Entwicklungsforum am Samstag in Peking",
     "boilerplate", "photo caption", 0),
    (S2, "Diplomat: Zugeschalteter Tesla-Chef Elon Musk auf dem Chinesischen Entwicklungsforum am Samstag in Peking",
     "boilerplate", "photo caption (scraped twice)", 1),
    (S2, "Foto: Wu Hong\u00a0/ EPA", "boilerplate", "photo credit", None),
    (S2, "Fotostrecke", "boilerplate", "photo gallery widget", None),
    (S2, "Die meistverkauften Elektroautos der Welt", "boilerplate", "photo gallery title", None),
    (S2, "Foto: Ding Ting\u00a0/ imago images/Xinhua", "boilerplate", "photo credit", None),
    (S2, "ak/Reuters", "boilerplate", "author and agency tag", None),
    # --- seed 003 (human, English): furniture only ---
    (S3, "Elon Musk has weighed into the politics of the Russian invasion of Ukraine - Susan Walsh /AP", "boilerplate",
     "photo caption and credit", 0),
    (S3, "Elon Musk has weighed into the politics of the Russian invasion of Ukraine - Susan Walsh /AP", "boilerplate",
     "photo caption and credit (scraped twice)", 1),
]

OOPS = "• Oops!\n    Something went wrong.\n    Please try again later."
SPANS += [(S3, OOPS, "boilerplate", "scraped error widget", n) for n in range(3)]
SPANS += [
    # --- seed 004 (human, German): furniture only ---
    (S4, "Mehr zum Thema – Russland und China besprechen die Gründung einer gemeinsamen Bank, um westlichen "
         "Sanktionen entgegenzuwirken", "boilerplate", "inserted related-article line", None),
    (S4, "Schreibe einen Kommentar", "boilerplate", "WordPress comment form", None),
]


def read(path: str) -> str:
    text = (ROOT / path).read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def locate(text: str, snippet: str, where: str | int | None) -> tuple[int, int]:
    """Offsets of ``snippet``: inside its unique context, its n-th occurrence, or its only one."""
    if isinstance(where, str):
        assert text.count(where) == 1, f"context not unique: {where!r}"
        start = text.index(where) + where.index(snippet)
    else:
        starts, pos = [], text.find(snippet)
        while pos != -1:
            starts.append(pos)
            pos = text.find(snippet, pos + 1)
        if where is None:
            assert len(starts) == 1, f"snippet found {len(starts)} times, give a context: {snippet!r}"
            where = 0
        start = starts[where]
    end = start + len(snippet)
    assert text[start:end] == snippet
    return start, end


def main() -> None:
    texts = {path: read(path) for path, *_ in DOCUMENTS}
    lines = []
    for path, label, lang, note in DOCUMENTS:
        digest = hashlib.sha256(texts[path].encode("utf-8")).hexdigest()
        lines.append({"type": "document", "path": path, "label": label, "lang": lang, "sha256": digest, "note": note})
    seen = set()
    for path, snippet, category, note, where in SPANS:
        start, end = locate(texts[path], snippet, where)
        assert (path, start, end, category) not in seen, f"annotated twice: {snippet!r}"
        seen.add((path, start, end, category))
        lines.append({"type": "span", "path": path, "start": start, "end": end, "category": category,
                      "text": snippet, "note": note})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    print(f"wrote {OUT} ({len(lines) - len(DOCUMENTS)} spans, {len(DOCUMENTS)} documents)")


if __name__ == "__main__":
    main()
