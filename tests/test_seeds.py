"""The seeds through the whole offline scan: seed 000's named artifacts at their offsets, and the
verdict of every seed (000 is content-farm machine translation; 001-004 are human-written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.pipeline.records import ArticleResult
from mtcheck.pipeline.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SEED_000 = "000_a35475a38765537f.txt"
HUMAN_SEEDS = ("001_2a84b2346d2e0b4e.txt", "002_adaef2065d6d3256.txt", "003_1421ac953318d2ee.txt", "004_079101004b9092f1.txt")


@pytest.fixture(scope="module")
def results() -> dict[str, ArticleResult]:
    options = ScanOptions(paths=[str(SEEDS)], references=ROOT / "references")
    out = {}
    for item in scan(options):
        assert isinstance(item, ArticleResult), f"scan error: {item}"
        out[Path(item.article.path).name] = item
    return out


# (rule, start offset, exact text): artifacts read off seed 000 by hand, one per rule family.
SEED_000_ARTIFACTS = [
    ("MT301", 92, "Laut"),  # "Tesla Laut der britischen Daily Mail"
    ("MT301", 254, "Veröffentlicht"),  # "Erstellen von Berichten Veröffentlicht vom Wall Street Journal"
    ("MT301", 3338, "Dieser"),  # "von Taiwan gefordert Dieser Vorschlag"
    ("MT301", 3859, "Und"),  # "Medienerzählungen kontrollieren Und möglichst"
    ("MT301", 5061, "Für"),  # "Kreml-Beamte Musk lobte Für seine"
    ("MT301", 6791, "Der"),  # "von SpaceX finanziert Der in Russland geborene"
    ("MT301", 7763, "Zu"),  # "darauf zurückzuführen Zu Rohrabachers"
    ("MT301", 8383, "Es"),  # "Das waren Strafen Es wurde"
    ("MT301", 8820, "Im"),  # "Economic Club Im September"
    ("MT401", 1204, "a"),  # "Sprechen in a Semaphore-Konferenz"
    ("MT401", 6466, "intercontinental ballistic missiles"),
    ("MT501", 1518, "“"),  # "Verteidigungsministerium.“ .“"
    ("MT501", 1544, "“"),  # ".“ an einige Geheimdienste.“"
    ("MT502", 6502, "„"),  # "missiles]„Mask"
    ("MT503", 1517, "."),  # the lone full stop in ".“ .“"
    ("MT504", 5210, "."),  # "vom Senator. Lindsey GrahamRSC"
    ("MT601", 3892, "antiwestlichen oder antiwestlichen"),
    ("MT602", 6752, "SpaceX teilweise von SpaceX"),
    ("MT701", 8820, "Im September, Trump sagte"),
    ("MT703", 4579, "bevor Malik X gepostet habe Social-Media-Nachrichten"),
    ("MT702", 1192, "Sprechen in a Semaphore-Konferenz NASA-Administrator Bill Nelson sagte"),
    ("MT801", 2351, "Siehe auch\u00a0 Angriff auf Lemberg: Russland greift strategische Stadt der Ukraine an"),
    ("MT802", 9144, "Schreibe einen Kommentar"),
    ("MT803", 2661, "Anna Money Maker | Getty Images"),
]


@pytest.mark.parametrize("rule,start,text", SEED_000_ARTIFACTS, ids=[f"{r}@{s}" for r, s, _ in SEED_000_ARTIFACTS])
def test_seed_000_artifact_is_found(results, rule, start, text):
    result = results[SEED_000]
    assert result.article.text[start : start + len(text)] == text  # the offsets above are right
    found = {(f.rule, f.start, f.text) for f in result.findings}
    assert (rule, start, text) in found, sorted(f for f in found if f[0] == rule)


def test_seed_000_is_machine_translated(results):
    result = results[SEED_000]
    assert result.verdict == "machine_translated"
    categories = {f.category for f in result.evidence}
    # Several independent artifact classes, not one rule firing many times.
    assert {"stray_capital", "untranslated_fragment", "punctuation", "repetition", "word_order"} <= categories


def test_seed_000_boilerplate_is_not_evidence(results):
    result = results[SEED_000]
    boilerplate = [f for f in result.findings if f.category == "boilerplate"]
    assert len(boilerplate) >= 8  # three "Siehe auch" lines, three credits, captions, the comment form
    assert all(f.severity == "info" and not f.is_evidence for f in boilerplate)


@pytest.mark.parametrize("name", HUMAN_SEEDS)
def test_human_seed_is_clean(results, name):
    result = results[name]
    assert result.verdict == "clean", [(f.rule, f.text) for f in result.evidence]
    assert result.evidence == [], [(f.rule, f.text) for f in result.evidence]
    assert result.rule_score == 0.0


@pytest.mark.parametrize(
    "name,furniture",
    [
        ("001_2a84b2346d2e0b4e.txt", "4:31 De grillige relatie tussen Elon Musk en Oekraïne"),
        ("002_adaef2065d6d3256.txt", "Fotostrecke"),
        ("003_1421ac953318d2ee.txt", "Something went wrong."),
        ("004_079101004b9092f1.txt", "Schreibe einen Kommentar"),
    ],
)
def test_human_seed_furniture_is_reported_as_boilerplate(results, name, furniture):
    result = results[name]
    assert furniture in [f.text for f in result.findings if f.category == "boilerplate"]
