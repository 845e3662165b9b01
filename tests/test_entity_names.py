"""entity_index.article_names: counts, mid-sentence counts, pairs and offsets of capitalised words."""

from __future__ import annotations

from mtcheck.entity_index import article_names


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

    from mtcheck.entity_index import NearMissIndex

    rng = random.Random(5)
    for size in (3, NearMissIndex.FEW, NearMissIndex.FEW + 1, 60):
        words = ["".join(rng.choice("abcä") for _ in range(rng.randint(2, 6))) for _ in range(size)]
        index = NearMissIndex(words)
        for query in words + ["abca", "bbbb", "ab", "äbcab"]:
            expected = sorted({w for w in words if len(w) == len(query) >= NearMissIndex.MIN_LENGTH and w != query
                               and OSA.distance(w, query) == 1})
            assert index.lookup(query) == expected, (size, query)
    assert NearMissIndex(["Musk"] * 20 + ["Mask"]).lookup("Musk") == ["Mask"]
