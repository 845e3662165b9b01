"""LineRule.matches (match() when a line lacks what the unanchored alternatives need) answers
exactly what pattern.search() answers."""

from __future__ import annotations

import random

from mtcheck.rules import all_rules
from mtcheck.rules.boilerplate import LineRule

PIECES = ["Foto: Wu Hong / EPA", "Anna Money Maker | Getty Images", " - Susan Walsh /AP", "date 2024-10 AFP x",
          "NOS Nieuws • vandaag, 20:14", "4:31 De relatie", "ak/Reuters", "Fotostrecke", "Siehe auch x",
          "Schreibe einen Kommentar", "Text / mehr", "•", "/", "|", ":", " ", "Musk", "\t", "x"]


def _lines(seeds_dir) -> list[str]:
    rng = random.Random(11)
    lines = [line.strip() for p in sorted(seeds_dir.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    lines += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))) for _ in range(4000)]
    return lines


def test_matches_equals_search(seeds_dir):
    rules = [r for r in all_rules().values() if isinstance(r, LineRule)]
    assert {r.code for r in rules if r.unanchored_needs} == {"MT803", "MT804"}
    lines = _lines(seeds_dir)
    for rule in rules:
        hits = 0
        for line in lines:
            expected = rule.pattern.search(line) is not None
            assert rule.matches(line) == expected, (rule.code, line)
            hits += expected
        assert hits > 0, rule.code  # the lines exercise both answers
