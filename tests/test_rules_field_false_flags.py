"""False flags seen on real newsroom copy (issue 12, part 2), removed at their cause."""

from __future__ import annotations

from mtcheck.pipeline.entity_index import EntityIndex, article_names
from mtcheck.pipeline.records import Article
from mtcheck.pipeline.scan import analyse
from mtcheck.rules import select_rules
from mtcheck.rules.untranslated import function_words


def run(text: str, select: str, lang: str = "de"):
    result = analyse(Article(path="t.txt", text=text), select_rules([select]), EntityIndex(), forced_lang=lang)
    return [f.text for f in result.findings]


def test_english_function_words_are_judged_per_language():
    # Dutch "of" (whether / or) is Dutch; in German it is English.
    assert "of" not in function_words("nl")
    assert {"of", "the", "with"} <= function_words("de")
    assert {"the", "with"} <= function_words("nl")
    assert run("Het is de vraag of hij blijft of gaat.", "MT401", "nl") == []
    assert run("Es ist unklar of er bleibt oder geht.", "MT401", "de") == ["of"]


def test_a_credit_is_furniture_wherever_it_stands():
    text = "Der Minister sprach (Bildnachweis: picture alliance / dpa | Kay Nietfeld) über den Haushalt."
    assert run(text, "MT401") == []
    assert run(text, "MT807") == ["(Bildnachweis: picture alliance / dpa | Kay Nietfeld)"]
    # The same English words outside a credit are still a fragment.
    assert run("Der Minister sprach am Montag in Berlin lange über die Lage und über the picture alliance mit den Abgeordneten.", "MT401") != []


def test_credit_spans_do_not_swallow_the_next_sentence():
    text = "Die Sängerin feiert. © Stars / spot on news. Danach sagte sie the decision was made gestern."
    assert run(text, "MT807") == ["© Stars / spot on news"]


def test_handles_and_tags_are_not_names():
    names = article_names("Musk schrieb @ElonMusk und #StarShield, dann Star Shield.")
    assert "ElonMusk" not in names.counts and "StarShield" not in names.counts
    assert run("Elon Musk (@ElonMusk) schrieb, Elon Musk habe recht.", "MT103") == []
    assert run("Die Firma heißt StarShield. Star Shield ist neu.", "MT103") == ["Star Shield"]


def test_stray_capital_still_flags_seams_after_the_new_exceptions():
    assert run("Der Verlust war zurückzuführen Zu Rohrabachers Kontakten.", "MT301") == ["Zu"]
    # A headline shape ending in a full stop is running text: still a seam.
    assert run("Tesla Laut der britischen Daily Mail führt Musk Gespräche.", "MT301") == ["Laut"]
    assert run("Die Firma ist im In- und Ausland aktiv.", "MT301") == []


def test_mt401_names_titles_addresses_and_terms_are_not_leftovers():
    # Function words inside English names and titles (invented sentences).
    assert run("Sie sprach vor der State of the Union über den Chairman of the Board der Firma.", "MT401") == []
    assert run("Trumps Buch The Art of the Deal wurde ein Bestseller.", "MT401") == []
    assert run("Der Film Once upon a time in Hollywood gewann zwei Preise.", "MT401") == []
    # A title word announces a title or slogan quoted without quote marks.
    assert run("Die Aktion lief unter dem Motto make the world a better place.", "MT401") == []
    assert run("Op de nieuwe plaat staat de single stay with me als eerste nummer.", "MT401", "nl") == []
    # Web addresses are not running text.
    assert run("Die Warnung steht auf nj.gov und unter www.whitehouse.gov/briefing-room im Netz.", "MT401") == []
    # Short lower-case English terms (Dutch newsroom usage) and set pairs.
    assert run("De stemming ging over de debt ceiling en over market manipulation.", "MT401", "nl") == []
    assert run("Hij won de prijs voor most valuable player na een meet and greet.", "MT401", "nl") == []
    # A Reuters caption kept in English is English as a whole, names and all.
    assert run("FILE PHOTO: Supporters attend a campaign rally in Ohio, October 5, 2024.", "MT401") == []


def test_mt401_still_finds_real_leftovers():
    # A function word makes a short run a piece of sentence; brackets make a term an editor's insertion.
    assert run("Die Regierung hat the decision getroffen, die Steuern zu senken.", "MT401") == ["the decision"]
    assert run("Het kabinet heeft the decision genomen om de belasting te verlagen.", "MT401", "nl") == ["the decision"]
    assert run("Er wolle zwei der größten [intercontinental ballistic missiles] kaufen, sagte er.", "MT401") == [
        "intercontinental ballistic missiles"]
    assert run("Sprechen in a Semaphore-Konferenz sagte der Administrator am Freitag etwas.", "MT401") == ["a"]


def test_new_field_rules_leave_newsroom_copy_alone():
    # Converted heights, a screen size, a proper "n°", agency tags, pronouns after sentence ends, clause ends.
    assert run("Der Mann ist 1,80 Meter groß; das Handy hat einen 6 Zoll großen Bildschirm.", "MT508") == []
    assert run("Il est le n° 2 du parti, au no 12 de la rue, par 20 ° C.", "MT509", "fr") == []
    assert run("WASHINGTON (ANP) - De president tekende de wet, meldt CNN.", "MT417", "nl") == []
    assert run("Paris (AFP) - Le président a parlé — selon CNN — longuement.", "MT417", "fr") == []
    assert run("Les policiers sont arrivés. Ils ont arrêté le suspect ; « Nous partons », a-t-il dit.", "MT302", "fr") == []
    assert run("Er soll den Beamten des Bezirks verletzt haben. Festgenommen haben Polizisten aus Texas ihn.", "MT705") == []
    # A party word inside another word does not make a police story a parliament story.
    assert run("Le shérif a appelé le centre de répartition; le député blessé est stable.", "MT414", "fr") == ["député"]
    assert run("Le député du parti républicain a parlé au shérif.", "MT414", "fr") == []


def test_new_field_rules_find_their_shapes():
    assert run("Le suspect mesure 5 pieds 9 pouces, selon la police.", "MT508", "fr") == ["5 pieds 9 pouces"]
    assert run("Il a dépassé Bryant pour le n ° 3 sur la liste.", "MT509", "fr") == ["n ° 3"]
    assert run("CNN —\n\nDe verdachte zit vast.", "MT417", "nl") == ["CNN —"]
    assert run("Les autorités de Floride Ils ont arrêté un homme.", "MT302", "fr") == ["Ils"]
    assert run("Er soll einen verletzt haben Beamter des Bezirks, sagten Ermittler.", "MT705") == ["Beamter"]


def test_mt401_set_phrases_and_named_phrases():
    # English set phrases in Dutch and German copy, and phrases a naming word announces (invented sentences).
    assert run("De fabriek is state of the art en de aanpak is survival of the fittest.", "MT401", "nl") == []
    assert run("Die Firma setzt auf first come first served und auf pay as you go.", "MT401") == []
    assert run("Er nannte sein Programm auf Englisch make america great again und gewann.", "MT401") == []
    assert run("Het Witte Huis sprak van een case of mistaken identity bij de arrestatie.", "MT401", "nl") == []
    # Not a set phrase, not announced: still a leftover.
    assert run("Hij twitterde dat hij nooit met the fake news media zou praten.", "MT401", "nl") == ["the fake news"]
