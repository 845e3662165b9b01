"""entity_index.article_names: counts, mid-sentence counts, pairs and offsets of capitalised words."""

from __future__ import annotations

from mtcheck.pipeline.entity_index import article_names


def test_occurrences_spans_and_pairs():
    text = "Elon Musk sprach.\nMusk sagte, dass Olaf  Scholz und Musk-Fan Musk lobten.\n\nScholz schwieg."
    names = article_names(text, sentence_starts=[0])
    assert names.counts == {"Elon": 1, "Musk": 3, "Olaf": 1, "Scholz": 2, "Musk-Fan": 1}
    # Grammar capitals: offset 0 (a sentence start), the line starts after each line break; "Olaf  Scholz"
    # has two spaces, so it is no pair.
    assert names.mid_sentence == {"Musk": 2, "Olaf": 1, "Scholz": 1, "Musk-Fan": 1}
    assert names.before == {"Musk": {"Elon": 1, "Musk-Fan": 1}}
    fan, last_musk, last_scholz = text.index("Musk-Fan"), text.index("Musk lobten"), text.rindex("Scholz")
    assert names.spans["Musk"] == [(5, 9), (18, 22), (last_musk, last_musk + 4)]
    assert names.occurrences[:2] == [(0, 4, "Elon", -1), (5, 9, "Musk", 0)]
    assert names.occurrences[-2:] == [(last_musk, last_musk + 4, "Musk", fan), (last_scholz, last_scholz + 6, "Scholz", -1)]
    assert len(names.occurrences) == sum(names.counts.values())


def test_no_names():
    names = article_names("nichts als kleine wörter.\n")
    assert (names.counts, names.mid_sentence, names.before, names.spans, names.occurrences) == ({}, {}, {}, {}, [])


def test_near_miss_index_small_and_large_groups_agree_with_the_definition():
    """Whether a length group is compared word by word (few words) or through one-letter
    deletions (many), a lookup returns exactly the other words of that length one substitution
    or one adjacent transposition away."""
    import random

    from rapidfuzz.distance import OSA

    from mtcheck.pipeline.entity_index import NearMissIndex

    rng = random.Random(5)
    for size in (3, NearMissIndex.FEW, NearMissIndex.FEW + 1, 60):
        words = ["".join(rng.choice("abcä") for _ in range(rng.randint(2, 6))) for _ in range(size)]
        index = NearMissIndex(words)
        for query in words + ["abca", "bbbb", "ab", "äbcab"]:
            expected = sorted({w for w in words if len(w) == len(query) >= NearMissIndex.MIN_LENGTH and w != query
                               and OSA.distance(w, query) == 1})
            assert index.lookup(query) == expected, (size, query)
    assert NearMissIndex(["Musk"] * 20 + ["Mask"]).lookup("Musk") == ["Mask"]


def _article_names_by_loop(text, sentence_starts):
    """The plain definition article_names() must agree with: one match at a time."""
    from collections import Counter

    from mtcheck.pipeline.entity_index import NAME_TOKEN_RE

    found = [(m.start(), m.end(), m.group()) for m in NAME_TOKEN_RE.finditer(text)]
    counts = Counter(word for _, _, word in found)
    grammar = {0, *sentence_starts, *(i + 1 for i, c in enumerate(text) if c == "\n")}
    mid_sentence = Counter(word for start, _, word in found if start not in grammar)
    before, glued = {}, {}
    for a, b in zip(found, found[1:]):
        if a[1] == b[0] - 1 and text[a[1]] == " ":
            before.setdefault(b[2], Counter())[a[2]] += 1
            glued[b[0]] = a[0]
    spans = {}
    for start, end, word in found:
        spans.setdefault(word, []).append((start, end))
    occurrences = [(start, end, word, glued.get(start, -1)) for start, end, word in found]
    return counts, mid_sentence, before, spans, occurrences


def test_article_names_agree_with_the_plain_definition(seeds_dir):
    import json
    import random
    from pathlib import Path

    from mtcheck.pipeline.segment import segment

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    wmt = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt-de-dev.jsonl"
    if wmt.is_file():
        texts += ["\n\n".join(json.loads(line)["sentences"]) for line in wmt.read_text(encoding="utf-8").splitlines()[:80]]
    rng = random.Random(3)
    pieces = ["Elon", "Musk", "Musk-Fan", " ", "  ", "\n", ". ", "und", "Über", "ÄÖÜ", "É", "x", "-", "Ab-Cd", "’s"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    for text in texts:
        starts = [s.words[0].start for s in segment(text).sentences if s.words]
        names = article_names(text, starts)
        got = (names.counts, names.mid_sentence, names.before, names.spans, names.occurrences)
        assert got == _article_names_by_loop(text, starts), text


def test_name_token_re_matches_what_its_plain_form_matches(seeds_dir):
    """NAME_TOKEN_RE has its leading word boundary moved behind the first letter (for speed):
    the same matches as the plain pattern, "×" (no word character, inside À-Ý) included; a word
    right after "@" or "#" (a handle or tag) is no name."""
    import random
    import re

    from mtcheck.pipeline.entity_index import NAME_TOKEN_RE

    plain = re.compile(r"(?<![@#])\b[A-ZÄÖÜÀ-Ý][a-zäöüßà-ÿA-ZÄÖÜÀ-Ý]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*\b")
    rng = random.Random(4)
    pieces = ["×", "÷", "Ab", "a", "5", " ", "-", "Ü", "ß", "\n", "_", "É", "Ø", "x-Y", "Ab-Cd", "’", "@", "#"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in NAME_TOKEN_RE.finditer(text)] == [m.span() for m in plain.finditer(text)], text
