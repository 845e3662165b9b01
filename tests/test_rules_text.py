"""The non-entity rules (MT3xx-MT8xx) on texts beyond their own examples, and the score."""

from __future__ import annotations

import pytest

from mtcheck.pipeline.entity_index import EntityIndex
from mtcheck.pipeline.records import Article, Finding
from mtcheck.rules import all_rules, select_rules
from mtcheck.pipeline.scan import analyse
from mtcheck.pipeline.score import MIN_WORDS, judge, rule_score as article_score

OWN_PREFIXES = ("MT3", "MT4", "MT5", "MT6", "MT7", "MT8")


def run(text: str, select: str, lang: str = "de"):
    result = analyse(Article(path="t.txt", text=text), select_rules([select]), EntityIndex(), forced_lang=lang)
    for f in result.findings:
        assert text[f.start : f.end] == f.text
    return result


def texts(result):
    return [f.text for f in result.findings]


def test_every_own_rule_is_documented_with_two_examples_each_way():
    own = [r for code, r in all_rules().items() if code.startswith(OWN_PREFIXES)]
    assert len(own) >= 14
    for rule in own:
        assert len(rule.positive) >= 2 and len(rule.negative) >= 2, rule.code
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.code[2] in "345678"
        assert f"{rule.code} {rule.name}" in rule.documentation()


# --- stray capitals -------------------------------------------------------------------------


def test_stray_capital_offsets_and_suggestion():
    result = run("Die Regierung kündigte Für nächste Woche Gespräche an.", "MT301")
    [finding] = result.findings
    assert (finding.start, finding.text, finding.suggestion) == (23, "Für", "für")


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        # A capitalised noun before it: a lost full stop is one likely original.
        ("Er lobte Musk Für seine Meinung.", ["Musk. Für"]),
        # A doubled word: "Für. Für" would be nonsense, and "für" would leave "für für"; no suggestion.
        ("Der Kanzler Für Für die Partei.", ["Kanzler. Für", None]),
        ("Die Regierung lobte Für Für die Reform wurde sie gelobt.", ["für", None]),
        # A function word opening the sentence is no noun: no sentence ends after it ("Und. Für" is nonsense).
        ("Und Für die Regierung ist das neu.", ["für"]),
    ],
)
def test_stray_capital_suggestion_never_nonsense(text, suggestions):
    result = run(text, "MT301")
    assert [f.suggestion for f in result.findings] == suggestions


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte: Für ihn sei das klar.",  # after a colon
        "Die Überschrift\nFür alle Leser",  # a line break: a heading
        "Sie und Ihr Mann, sagte er zu Ihnen.",  # formal address
        "Die UND-Verknüpfung und ES als Kürzel.",  # acronyms
        "Sie aßen bei Jack In The Box in der Nähe von Den Haag.",  # an English title, a place name
    ],
)
def test_stray_capital_quiet_on_normal_capitals(text):
    assert run(text, "MT301").findings == []


def test_stray_capital_only_german():
    assert run("The results were In line with forecasts.", "MT301", lang="en").findings == []


# --- untranslated fragments -----------------------------------------------------------------


def test_untranslated_names_and_titles_are_not_fragments():
    text = "Das Wall Street Journal zitierte die Kommission Government Efficiency auf dem Eastern Economic Forum."
    assert run(text, "MT401").findings == []


def test_untranslated_fragment_inside_german_quote_is_flagged():
    text = "„Ich wollte die größten [intercontinental ballistic missiles] kaufen“, sagte Musk."
    assert texts(run(text, "MT401")) == ["intercontinental ballistic missiles"]


def test_untranslated_whole_english_sentence_is_a_quote_not_a_fragment():
    text = "Er schrieb auf Twitter: the war must end now and the talks must start. Dann schwieg er."
    assert run(text, "MT401").findings == []


def test_untranslated_not_run_on_english():
    assert run("He said the decision was made.", "MT401", lang="en").findings == []


# --- punctuation ----------------------------------------------------------------------------


def test_punctuation_english_style_quotes_are_left_alone():
    text = "“Diese werden direkt verwendet”, betonte er. “Die meisten.” .“ an einige”"
    assert run(text, "MT501").findings == []


def test_punctuation_quotes_are_counted_per_paragraph():
    # The quote left open in the first paragraph does not pair with the closers of the second; there,
    # only debris after a closed quote (punctuation, a lower-case fragment) is flagged.
    text = "Er sagte: „Das ist gut.\n\nDann ging er.“ Sie sagte „ja“ .“ und weg.“"
    starts = [f.start for f in run(text, "MT501").findings]
    assert starts == [text.index(" .“") + 2, text.index("weg.“") + 4]


def test_lone_full_stop_not_on_ellipsis():
    assert run("Er zögerte. . . und ging dann. Sie auch . . .", "MT503").findings == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # An English caption in a German article (the shape of a human German original in wmt-de-train): the date is
        # English in an English sentence, and April is spelled alike in both languages.
        ("Die Band spielte bis Mitternacht. Foto: Sovereign Storm of Grailknights live on stage at Colos-Saal "
         "Aschaffenburg, 1 April 2023.", []),
        ("The photo shows the band on stage in Berlin, 12 September 2022.", []),
        # A German sentence keeps the rule, whatever the month.
        ("Die Bilder entstanden am 1 April 2023 in Aschaffenburg.", ["1 April 2023"]),
        ("Erstelldatum: 19 August 2021\nAktualisierungsdatum: 13 November 2024\n", ["19 August 2021", "13 November 2024"]),
        # A month in its German spelling inside English words: translated, order kept.
        ("The band played live on stage at the hall, 1 Dezember 2023.", ["1 Dezember 2023"]),
    ],
)
def test_date_without_ordinal_stop_not_in_an_english_sentence(text, flagged):
    assert texts(run(text, "MT505")) == flagged


# --- repetition -----------------------------------------------------------------------------


def test_repetition_case_insensitive_and_idioms_skipped():
    assert texts(run("mit linken oder Linken Ansichten", "MT601")) == []  # capitalised right side: a noun
    assert texts(run("mit linken oder linken Ansichten", "MT601")) == ["linken oder linken"]
    assert run("Es wurde nach und nach besser, durch und durch.", "MT601").findings == []


def test_self_agent_needs_a_passive_participle():
    assert run("Tesla sprach von Tesla als Marke.", "MT602").findings == []
    assert texts(run("Tesla wurde von Tesla gegründet.", "MT602")) == ["Tesla wurde von Tesla"]


# --- word order -----------------------------------------------------------------------------


def test_word_order_pronoun_subject():
    assert texts(run("Am Montag, er sagte, dass er geht.", "MT701")) == ["Am Montag, er sagte"]


def test_word_order_quiet_on_verb_second():
    assert run("Am Montag sagte er, dass er geht. Im Jahr 2020, dem Jahr der Pandemie, war alles anders.", "MT701").findings == []


# --- boilerplate ----------------------------------------------------------------------------


def test_boilerplate_is_info_and_not_evidence():
    text = (
        "Ein Absatz über die Wahl.\n\nSiehe auch  Ein anderer Artikel\n\nMusk in Peking.\n\n"
        "Anna Money Maker | Getty Images\n\nSchreibe einen Kommentar"
    )
    result = run(text, "MT8")
    assert {f.rule for f in result.findings} == {"MT801", "MT802", "MT803", "MT806"}
    assert all(f.severity == "info" and not f.is_evidence for f in result.findings)
    assert result.rule_score == 0.0 and result.verdict == "clean"


def test_repeated_line_reported_once():
    text = "Ein Foto von Musk in Peking\nEin Foto von Musk in Peking\n\nText."
    assert [f.start for f in run(text, "MT805").findings] == [text.index("\n") + 1]


# --- linear time on hostile input -----------------------------------------------------------


def test_rules_survive_long_pathological_input():
    text = ("„a „a ." * 20_000) + ("und und " * 20_000) + ("Im " * 20_000) + ", X sagte"
    result = analyse(Article(path="big.txt", text=text), select_rules(list(OWN_PREFIXES)), EntityIndex(), forced_lang="de")
    assert result.words > 0


# Runs of one character class, as a scraper or a broken export makes them: a pattern that backtracks over a whole
# run from each of its characters is quadratic on them (MT206 took 8 s on 20 kB of capitals, 2 MB never ended); and
# a candidate repeated thousands of times, where a rule searched the whole text once per candidate.
_HOSTILE_UNITS = ["ABCDEFGHIJ", "abcdefghij", "1234567890", ".", "a-", "aB", "Abcd ", " ", "„", "A. b ", "(", "a:",
                  "a/", "@a", "#A", "http://a.b/", "Ä", "AB.", "1.", "a,",
                  # thousands of candidates, each of which looked the whole text through again (MT510, MT206)
                  "Xyzq. und ", "BBCdie "]


@pytest.mark.parametrize("unit", _HOSTILE_UNITS)
def test_every_rule_is_linear_on_hostile_runs(unit):
    import time

    text = unit * (50_000 // len(unit))
    slow = {}
    for code, rule in sorted(all_rules().items()):
        if rule.languages is not None and "de" not in rule.languages:
            continue
        start = time.perf_counter()
        analyse(Article(path="run.txt", text=text), select_rules([code], None, preview=True), EntityIndex(),
                forced_lang="de", detect=False)
        elapsed = time.perf_counter() - start
        if elapsed > 3.0:  # linear rules take under 0.2 s here; a quadratic one takes tens of seconds
            slow[code] = round(elapsed, 1)
    assert slow == {}


# --- score ----------------------------------------------------------------------------------


def _finding(category="stray_capital", severity="warning", confidence=0.9):
    return Finding(0, 1, "x", "MT999", "test", category, severity, confidence, "test")


def test_score_grows_with_density_and_stays_below_one():
    few = article_score([_finding()] * 2, 1000)
    many = article_score([_finding()] * 20, 1000)
    assert 0 < few < many < 1


def test_score_ignores_boilerplate():
    assert article_score([_finding("boilerplate", "info")] * 50, 300) == 0.0


def test_short_documents_use_min_words():
    assert article_score([_finding()], 10) == article_score([_finding()], MIN_WORDS)


def test_single_finding_gives_no_rule_evidence_to_the_verdict():
    # One artifact is as likely a typo or a false flag: the verdict does not count it (score.rule_feature).
    one = [_finding(severity="error", confidence=1.0)]
    assert article_score(one, 10) > 0.35
    assert judge(article_score(one, 10), None, 10, one) == judge(0.0, None, 10, [])


def test_rule_evidence_alone_reaches_machine_translated():
    # A rule score of 0.6 (the rules-only scorer's machine_translated level) keeps its verdict, with or without
    # a detector reading the text as typical human prose (verdict_model.json: rule_coefficient_source).
    mixed = [_finding()] * 29 + [_finding("punctuation")]
    score = article_score(mixed, 1000)
    assert score >= 0.6
    assert judge(score, None, 1000, mixed)[1] == "machine_translated"
    assert judge(score, 0.2, 1000, mixed)[1] == "machine_translated"


# --- human German news constructs stay quiet ------------------------------------------------

HUMAN_GERMAN = """BERLIN Für die Bundesregierung ist die Lage ernst.

Laut Polizei gab es keine Verletzten. Die Sprecherin sagte: „Es gab keine Verletzten.“ Der „Spiegel“-Bericht
(‚Quelle‘) widersprach. Im September sagte Kanzler Scholz, dass die Regierung handeln werde. Am Montag, dem
5. Mai, trafen sich die Minister in Den Haag. Wie Die Zeit berichtet, hat die Partei Die Linke mehr und mehr
Mitglieder verloren, und zwar nach und nach. Die Umweltpartei Die Grünen forderte Wege aus der Krise; nach
Wegen zur Lösung wird gesucht. Die Band Wir Sind Helden spielte in der Wall Street Journal Lounge, die Bank of
America zahlte. Nachdem er gegessen hatte, ging er. Er sagte, dass er gewonnen habe. Sie zögerte . . . und
ging. Der Minister, Frank-Walter Steinmeier, sagte am 3. Oktober: Es sei ein Tag der Freude.

Die Fans riefen „We are the champions“ und sangen. Sie verkauften online und live 147.445 Tickets.
"""


def test_human_german_news_constructs_raise_no_evidence():
    result = analyse(
        Article(path="human.txt", text=HUMAN_GERMAN), select_rules(list(OWN_PREFIXES)), EntityIndex(), forced_lang="de"
    )
    assert [(f.rule, f.text) for f in result.evidence] == []
