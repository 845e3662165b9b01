"""False flags seen on large bodies of human news (10kGNAD, DpgMedia2019, wmt-de-train; docs/eval.md "Human news at
scale, third pass"), removed at their cause. Every sentence here is invented; each negative case was flagged by
main 9d8d7b5, and the seams next to it must stay flagged."""

from __future__ import annotations

from mtcheck.pipeline.entity_index import EntityIndex
from mtcheck.pipeline.records import Article
from mtcheck.pipeline.scan import analyse
from mtcheck.rules import select_rules


def run(text: str, select: str, lang: str = "de"):
    result = analyse(Article(path="t.txt", text=text), select_rules([select]), EntityIndex(), forced_lang=lang)
    return [f.text for f in result.findings]


def test_mt301_listings_of_titles_without_quotation_marks():
    # A premiere's title, a title opening on an article and a number, a title's word play with a slash.
    assert run("Im Herbst zeigt die Bühne als Uraufführungen Der kalte Hafen von Eva Moser und Das Fest.", "MT301") == []
    assert run("Geplant sind die Inszenierung Im Nebel von Paul Roth und Die 39 Stufen nach Hitchcock im Mai.",
               "MT301") == []
    assert run("Neu im Programm ist die Arbeit Aus/Zeit von Max Weber, die Proben beginnen bald.", "MT301") == []
    # The same words as a seam in running text stay flagged. (An article before a number and a capitalised word
    # reads as a title, as one before a capitalised word always did: "stieg Der 120 Jahre alte Saal" is missed.)
    assert run("Die Zahl der Gäste stieg Der alte Saal war voll.", "MT301") == ["Der"]
    assert run("Die Bühne plant Im Herbst drei neue Stücke für das junge Publikum.", "MT301") == ["Im"]


def test_mt301_american_names_with_a_capitalised_particle():
    assert run("Zum besten Spieler wurde Linebacker Von Miller gewählt, er jubelte lange.", "MT301") == []
    assert run("Das Spiel war hart. Der schnelle Von Miller ist kaum zu stoppen.", "MT301") == []
    # "Von" before a German word opens a German phrase: a seam.
    assert run("Der Plan scheiterte. Er lobte Von Anfang an die Reform der Regierung.", "MT301") == ["Von"]
    assert run("Die Delegation reiste ab Von Berlin aus ging es weiter nach Prag.", "MT301") == ["Von"]


def test_mt301_noun_phrase_subheadings_glued_after_a_full_stop():
    assert run("Der Trainer war zufrieden. Die fehlende Ruhe Über die Abwehr wurde lange gesprochen.", "MT301") == []
    assert run("Das sagte die Siegerin. Ein langer, harter Tag Für die Gegnerin war es die erste Niederlage.",
               "MT301") == []
    assert run("Das Publikum tobte. Auf die Bühne Die neue Sängerin wird im Mai vorgestellt.", "MT301") == []
    # A clause with a verb after the full stop is running text: still a seam (seed 000's "Das waren Strafen Es").
    assert run("Die Gespräche dauerten an. Das waren Strafen Es wurde 2019 aufgehoben.", "MT301") == ["Es"]
    assert run("Die Firma wuchs. Die Kunden bleiben treu Für die Zukunft plant sie neue Filialen.", "MT301") == ["Für"]


def test_mt202_a_lost_link_inside_one_phrase():
    text = "Wer mitmachen will, öffnet derMessenger-App und startet dieSuche nach einem Lokal. Die Suche dauert."
    assert run(text, "MT202") == []
    assert run("Wiebes sprak in Den Haag. De vraag ging ook aan ministerWiebes van Klimaat.", "MT202", "nl") == []
    # Two phrases run together are still a seam (seed 000's "zuvorMusk").
    assert run("wie NBC News berichtete zuvorMusk und SpaceX sagten, sie seien bereit.", "MT202") == ["zuvorMusk"]


def test_mt104_als_before_a_role_is_a_preposition():
    assert run("Die beiden Schauspieler stehen als Rabbi und Priester auf der Bühne.", "MT104") == []
    assert run("Jedes Mitglied erhält als Stakeholder eine einzige Stimme.", "MT104") == []
    assert run("Der Politiker Manfred Weber war, als Pantomime verkleidet, kaum zu erkennen.", "MT104") == []
    assert run("Die Luft ist feucht und damit Tornados wahrscheinlich.", "MT104") == []
    assert run("Und während Lockdown blieben die Läden zu.", "MT104") == []
    # After a comma they are conjunctions ("als" with the clause going on after the name): an unintroduced subject.
    assert run("Er wartete lange, während Malik schwieg.", "MT104") == ["Malik"]
    assert run("Die Lage änderte sich im Herbst, als Malik die Grenze schloss.", "MT104") == ["Malik"]
