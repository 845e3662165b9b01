"""Field recall, fifth pass (issue 12): a sentence cut in two (MT510), a deputy bound to the sheriff (MT414's
surer finding), more newsroom formulas (MT407) and chat-model lines (MT408). Invented sentences only."""

from __future__ import annotations

from mtcheck.pipeline.entity_index import EntityIndex
from mtcheck.pipeline.records import Article
from mtcheck.pipeline.scan import analyse
from mtcheck.rules import select_rules


def findings(text: str, select: str, lang: str = "de"):
    result = analyse(Article(path="t.txt", text=text), select_rules([select]), EntityIndex(), forced_lang=lang)
    return [f for f in result.findings if f.rule == select]


def test_full_stop_before_a_lower_case_continuation_is_a_seam():
    text = "„Das war ein Unfall“, sagte Reed. bei einer Pressekonferenz am Montag. Die Ermittlungen laufen."
    assert [f.text for f in findings(text, "MT510")] == ["Reed. bei"]


def test_full_stop_after_an_abbreviation_or_before_a_capital_is_no_seam():
    assert findings("Der Preis steigt auf 12 bzw. zwölf Euro, inkl. der Steuer, laut Prof. an der Uni.", "MT510") == []
    assert findings("Das sagte Reed. Bei einer Pressekonferenz nannte er keine Details.", "MT510") == []
    # A web address after a full stop: "x.com/..." is no continuation word.
    assert findings("Er postete ein Foto aus Berlin. pic.twitter.com/abc und mehr.", "MT510") == []
    # Informal lower-case sentence starts with a pronoun or a negation are not taken.
    assert findings("Das muss schlimm sein. ich kann das nicht. Ein Ausfall. kein Wunder.", "MT510") == []


def test_deputy_bound_to_the_sheriff_is_surer_than_a_bare_one():
    bound = findings("Las cámaras siguieron a los diputados del alguacil del condado durante meses. Los diputados "
                     "patrullan de noche.", "MT414", "es")
    assert [(f.text, f.confidence) for f in bound] == [("diputados", 0.9)]
    # The occurrence bound to the sheriff is the one reported, even when a bare one comes first.
    later = findings("Le député blessé est stable. Le député du bureau du shérif a tiré deux fois.", "MT414", "fr")
    assert [(f.text, f.confidence) for f in later] == [("député", 0.9)]
    assert later[0].start > 10
    bare = findings("Le shérif a parlé. Le député a tiré deux fois, selon la police.", "MT414", "fr")
    assert [(f.text, f.confidence) for f in bare] == [("député", 0.75)]
    # A parliament in the article still rules the false friend out, bound or not.
    assert findings("Der Abgeordnete des Sheriffs sprach im Kongress mit Republikanern.", "MT414") == []


def test_newsroom_formulas_in_more_languages():
    assert [f.text for f in findings("Il s’agit d’une histoire en développement.", "MT407", "fr")] == [
        "Il s’agit d’une histoire en développement"]
    assert [f.text for f in findings("Preghiere per i suoi fratelli e sorelle in blu.", "MT407", "it")] == [
        "fratelli e sorelle in blu"]
    assert findings("La storia del club è in evoluzione, la maglia è blu.", "MT407", "it") == []


def test_chat_model_opener_needs_its_here_is():
    assert [f.text for f in findings("Gerne! Hier ist die übersetzte Version:\nDer Text.", "MT408")] == [
        "Gerne! Hier ist die übersetzte Version:"]
    assert findings("Gerne! Ich komme jedes Jahr.\nNatürlich. Hier spielen wir.", "MT408") == []


def test_acronym_glued_to_an_article_needs_the_acronym_alone_elsewhere():
    glued = "Elle a parlé à la BBC. Comme indiqué par le BBCla femme reste anonyme."
    assert [f.text for f in findings(glued, "MT206", "fr")] == ["BBCla"]
    # Without the acronym standing alone, nothing shows it is a name.
    assert findings("Comme indiqué par le BBCla femme reste anonyme.", "MT206", "fr") == []
    # An acronym with a suffix of its own is no glued article.
    assert findings("Die SPD und die SPDler stimmten zu.", "MT206") == []


def test_crypto_exchange_with_the_currency_sense_in_german():
    text = "Bitcoin-Inhaber zahlen ein. Der Devisenzufluss steigt, die Devisenreserve auch."
    assert [f.text for f in findings(text, "MT419")] == ["Devisenzufluss", "Devisenreserve"]
    # A country's currency reserves (plural) are German; without crypto the rule does not look.
    assert findings("Bitcoin: El Salvador kauft mit Devisenreserven.", "MT419") == []
    assert findings("Der Devisenzufluss aus dem Tourismus stützt den Peso.", "MT419") == []


def test_outlet_as_a_shop_only_after_attribution():
    assert [f.text for f in findings("Laut der Verkaufsstelle waren sie zusammen.", "MT407")] == [
        "Laut der Verkaufsstelle"]
    assert findings("Die Kasse schließt, sagte ein Sprecher der Verkaufsstelle.", "MT407") == []


def test_battery_charge_rendered_as_a_cell():
    assert [f.text for f in findings("Il est accusé d'abus et de batterie sexuelle.", "MT420", "fr")] == [
        "abus et de batterie"]
    assert findings("Die Batterie war leer; er wurde wegen Körperverletzung angeklagt.", "MT420") == []


def test_goals_in_basketball_need_basketball_and_no_football():
    text = "Die Lakers siegten in der NBA, James holte 12 Rebounds. James, der Rekordtorschütze der NBA, jubelte."
    assert [f.text for f in findings(text, "MT421")] == ["Rekordtorschütze"]
    # One basketball word is not enough; a football word rules the article out.
    assert findings("James, der Rekordtorschütze der NBA, jubelte.", "MT421") == []
    assert findings(text + " Danach ging es zum Fußball.", "MT421") == []
