"""The learned detector inside the product (issue 8, parts 3-6): contract fields, MT950 findings, the one verdict
formula, sources, the HTML, and the requirements on the dev data."""

from __future__ import annotations

import hashlib
import html
import json
import math
from pathlib import Path

import pytest

from mtcheck.cli import main
from mtcheck.detector import SentenceScore, load_detector
from mtcheck.pipeline import style
from mtcheck.pipeline.entity_index import EntityIndex
from mtcheck.pipeline.records import Article, Finding
from mtcheck.pipeline.scan import analyse
from mtcheck.pipeline.score import VERDICT_MODEL, combine, features, judge, verdict_model
from mtcheck.pipeline.sources import SourceGroup, mean_interval, source_of
from mtcheck.rules import select_rules

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "data" / "wmt-de-dev.jsonl"


def _scan(tmp_path, capsys, *args, out="out"):
    code = main(["scan", *args, "--out", str(tmp_path / out), "--models", "off", "-q"])
    capsys.readouterr()
    lines = (tmp_path / out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return code, [json.loads(x) for x in lines]


class _StubDetector:
    """A detector that calls every sentence containing 'tatsächlich' machine-translated (deterministic tests)."""

    def score_text(self, text):
        return 0.93 if "tatsächlich" in text else 0.1

    def score_article(self, sentences, top=5):
        return self.score_text(" ".join(sentences)), self.score_sentences(sentences, top)

    def score_sentences(self, sentences, top=5):
        out = []
        for s in sentences:
            hit = "tatsächlich" in s
            grams = [("tatsächlich", 0.41), ("⟨, die⟩", 0.22)][:top] if hit else []
            out.append(SentenceScore(0.9 if hit else 0.2, grams))
        return out


STUB_TEXT = ("Die Regierung hat tatsächlich entschieden, die Steuer zu senken. Der Minister sagte am Montag "
             "nichts dazu. Viele Bürger freuen sich über die neue Regelung. Andere sind skeptisch und warten ab. "
             "Die Opposition kritisiert die Pläne scharf. <script>alert(1)</script> steht im Text.")


@pytest.fixture
def stub(monkeypatch):
    monkeypatch.setattr(style, "detector_for", lambda lang: _StubDetector() if lang == "de" else None)


# --- contract fields -------------------------------------------------------------------------------------


def test_article_records_carry_mt_probability_or_a_note(tmp_path, capsys):
    _, records = _scan(tmp_path, capsys, str(SEEDS))
    articles = {Path(r["path"]).name[:3]: r for r in records if r["type"] == "article"}
    text = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    from mtcheck.detector import available_languages

    assert {"de", "nl"} <= set(available_languages())
    for name, r in articles.items():
        assert 0 <= r["score"] <= 1 and 0 <= r["rule_score"] <= 1
        if r["lang"] in available_languages():
            assert 0 <= r["mt_probability"] <= 1 and "mt_note" not in r
            assert r["sentence_mt"] and "MT950" in r["rules_run"]
            for start, end, p in r["sentence_mt"]:
                assert 0 <= start < end <= len(text[name]) and 0 <= p <= 1
        else:
            assert r["mt_probability"] is None and r["mt_note"] == f"no detector for {r['lang']}"
            assert "sentence_mt" not in r
    assert articles["000"]["verdict"] == "machine_translated"
    assert all(articles[k]["verdict"] == "clean" for k in ("001", "002", "003", "004"))
    sources = [r for r in records if r["type"] == "source"]
    assert len(sources) == 1 and sources[0]["source"].endswith("seeds") and sources[0]["kind"] == "folder"
    scored = sum(1 for r in articles.values() if r["lang"] in available_languages())
    assert sources[0]["articles"] == 5 and sources[0]["scored"] == scored == 4   # 3 German seeds, 1 Dutch
    low, high = sources[0]["mt_probability_ci95"]
    assert 0 <= low <= sources[0]["mt_probability"] <= high <= 1
    assert records.index(sources[0]) > max(i for i, r in enumerate(records) if r["type"] == "article")


def test_mt_probability_is_the_detectors_score_of_the_text():
    text = (SEEDS / "002_adaef2065d6d3256.txt").read_text(encoding="utf-8")
    result = analyse(Article("a.txt", text), select_rules(), EntityIndex(), forced_lang="de")
    assert result.mt_probability == round(load_detector("de").score_text(text), 4)


# --- MT950 ---------------------------------------------------------------------------------------------------


def test_mt_style_findings_show_their_ngrams_and_are_not_rule_evidence(stub):
    result = analyse(Article("a.txt", STUB_TEXT), select_rules(), EntityIndex(), forced_lang="de", style=True)
    mt = [f for f in result.findings if f.rule == "MT950"]
    assert len(mt) == 1 and mt[0].text.startswith("Die Regierung hat tatsächlich")
    f = mt[0]
    assert (f.category, f.severity, f.name) == ("mt_style", "info", "mt-style")
    assert "'tatsächlich' +0.41" in f.message and "⟨, die⟩ +0.22" in f.message and "p=0.90" in f.message
    assert STUB_TEXT[f.start:f.end] == f.text
    assert not f.is_evidence and result.rule_score == 0.0 and result.mt_probability == 0.93
    # Without MT950 (--ignore MT950) the probability and the verdict stay; only the findings go.
    quiet = analyse(Article("a.txt", STUB_TEXT), select_rules(), EntityIndex(), forced_lang="de", style=False)
    assert not [f for f in quiet.findings if f.rule == "MT950"]
    assert (quiet.mt_probability, quiet.score, quiet.verdict) == (result.mt_probability, result.score, result.verdict)


def test_human_article_gets_no_mt_style_finding(stub):
    text = STUB_TEXT.replace("tatsächlich ", "")
    result = analyse(Article("a.txt", text), select_rules(), EntityIndex(), forced_lang="de", style=True)
    assert not [f for f in result.findings if f.rule == "MT950"]


def test_ignore_mt950_on_the_command_line(tmp_path, capsys, stub):
    (tmp_path / "a.txt").write_text(STUB_TEXT, encoding="utf-8")
    _, with_style = _scan(tmp_path, capsys, str(tmp_path / "a.txt"), "--lang", "de", out="o1")
    _, without = _scan(tmp_path, capsys, str(tmp_path / "a.txt"), "--lang", "de", "--ignore", "MT950", out="o2")
    assert [r["rule"] for r in with_style if r["type"] == "finding"] == ["MT950"]
    assert not [r for r in without if r["type"] == "finding"]
    assert with_style[1]["mt_probability"] == without[1]["mt_probability"] == 0.93


def test_rules_and_explain_cover_mt950(capsys):
    main(["explain", "MT950"])
    out = capsys.readouterr().out
    assert "MT950 mt-style" in out and "detector" in out


# --- the verdict formula ---------------------------------------------------------------------------------------


def _evidence(n):
    return [Finding(0, 1, "x", "MT999", "t", "stray_capital", "warning", 0.9, "t")] * n


@pytest.mark.parametrize("p", [None, 0.01, 0.3, 0.5, 0.8, 0.99])
def test_score_is_monotone_in_rule_evidence(p):
    scores = [judge(r, p, 400, _evidence(5))[0] for r in (0.0, 0.1, 0.3, 0.6, 0.9, 0.99)]
    assert scores == sorted(scores)


@pytest.mark.parametrize("r,n", [(0.0, 0), (0.4, 3), (0.9, 10)])
def test_score_is_monotone_in_mt_probability(r, n):
    scores = [judge(r, p, 400, _evidence(n))[0] for p in (0.0, 0.05, 0.2, 0.5, 0.7, 0.9, 0.99, 1.0)]
    assert scores == sorted(scores)
    assert scores[-1] > scores[0]


def test_verdict_is_monotone_and_thresholds_are_ordered():
    t = verdict_model()["thresholds"]
    assert 0 < t["suspect"] < t["machine_translated"] < 1
    rank = {"clean": 0, "suspect": 1, "machine_translated": 2}
    verdicts = [rank[judge(0.0, p, 400, [])[1]] for p in [i / 1000 for i in range(0, 1001)]]
    assert verdicts == sorted(verdicts) and verdicts[0] == 0 and verdicts[-1] >= 1


def test_short_articles_are_judged_too():
    # The rules-only scorer called every article with fewer than two findings clean; the detector judges it.
    assert judge(0.0, 0.99999, 40, [])[1] != "clean"
    assert judge(0.0, 0.02, 40, [])[1] == "clean"


def test_coefficients_are_non_negative_and_fitted_for_the_shipped_detector():
    model = verdict_model()
    for part in ("with_detector", "rules_only"):
        assert model[part]["coefficients"]["rule"] > 0
    assert model["with_detector"]["coefficients"]["detector"] > 0
    det = load_detector("de")
    shipped = hashlib.sha256(det.path.read_bytes()).hexdigest()
    assert model["provenance"]["detector"]["artefact_sha256"] == shipped, \
        "the detector changed: rerun `python benchmarks/fit_verdict.py --write`"
    # the formula in the docstring is what combine computes
    f = features(0.5, 0.7, 300, _evidence(3))
    c = model["with_detector"]
    z = c["intercept"] + sum(c["coefficients"][k] * v for k, v in f.items())
    assert math.isclose(combine(f), 1 / (1 + math.exp(-z)))
    assert VERDICT_MODEL.name in json.dumps(model) or "fit_verdict.py" in model["_about"]


# --- sources -----------------------------------------------------------------------------------------------------


def test_source_of_url_source_canonical_and_folder():
    assert source_of(Article("f.jsonl", "t", id="1", source_format="jsonl",
                             meta={"url": "https://WWW.Example.com/a?b=1"})) == ("host", "example.com")
    assert source_of(Article("f.jsonl", "t", id="1", source_format="jsonl",
                             meta={"source": "tagesschau"})) == ("source", "tagesschau")
    assert source_of(Article("f.jsonl", "t", id="1", source_format="jsonl",
                             meta={"source": "https://rt.com/x"})) == ("host", "rt.com")
    assert source_of(Article("feeds/f.jsonl", "t", id="1", source_format="jsonl")) == ("file", "feeds/f.jsonl")
    assert source_of(Article("site/a/b.txt", "t")) == ("folder", "site/a")
    # Standard input is its own source, not the current folder ('.') its neighbours' files are in.
    assert source_of(Article("-", "t")) == ("file", "-")
    assert source_of(Article("a.txt", "t")) == ("folder", ".")


def test_canonical_host_of_an_html_page(tmp_path, capsys):
    body = " ".join(["Die Regierung hat am Montag neue Pläne vorgestellt."] * 20)
    page = (f'<html><head><link rel="canonical" href="https://www.news.example.de/a/1"></head>'
            f"<body><article><p>{body}</p></article></body></html>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    _, records = _scan(tmp_path, capsys, str(tmp_path / "p.html"))
    source = [r for r in records if r["type"] == "source"]
    assert [(s["source"], s["kind"]) for s in source] == [("news.example.de", "host")]


def test_mean_interval_and_source_verdicts():
    assert mean_interval([]) == (None, None, None)
    assert mean_interval([0.4]) == (0.4, None, None)
    mean, low, high = mean_interval([0.2, 0.4, 0.6])
    assert math.isclose(mean, 0.4) and math.isclose(high - mean, 4.303 * 0.2 / math.sqrt(3), rel_tol=1e-6)
    assert low == 0.0  # clipped
    g = SourceGroup("host", "a")
    for p in (0.9, 0.92, 0.95, 0.91):
        g.add("clean", p)
    assert g.verdict() == "machine_translated"  # every article leans MT, with 95 % confidence
    h = SourceGroup("host", "b")
    for _ in range(30):
        h.add("clean", 0.2)
    h.add("suspect", 0.6)
    assert h.verdict() == "clean"  # one flagged article in 31: the article's business, not the site's
    h.add("machine_translated", 0.9)
    h.add("suspect", 0.7)
    assert h.verdict() == "clean"  # 3 in 33: under 10 %
    h.add("suspect", 0.7)
    assert h.verdict() == "suspect"  # 4 in 34


def test_jsonl_sources_group_by_url_host(tmp_path, capsys):
    lines = [{"id": str(i), "url": f"https://{host}/{i}", "text": STUB_TEXT.replace("<script>alert(1)</script>", "")}
             for i, host in enumerate(["a.example", "a.example", "b.example"])]
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    _, records = _scan(tmp_path, capsys, str(tmp_path / "f.jsonl"), "--lang", "de")
    got = {r["source"]: r["articles"] for r in records if r["type"] == "source"}
    assert got == {"a.example": 2, "b.example": 1}


# --- HTML and table ---------------------------------------------------------------------------------------------


def test_html_shows_probability_marks_sentences_and_escapes(tmp_path, capsys, stub):
    lines = [{"id": "x", "source": "<b>evil</b>", "text": STUB_TEXT}]
    (tmp_path / "f.jsonl").write_text(json.dumps(lines[0]), encoding="utf-8")
    _scan(tmp_path, capsys, str(tmp_path / "f.jsonl"), "--lang", "de")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "MT prob." in index and "0.93" in index
    assert "<b>evil</b>" not in index and html.escape("<b>evil</b>") in index
    page = next((tmp_path / "out").glob("articles-*/*.html")).read_text(encoding="utf-8")
    assert "MT probability" in page and "0.93" in page
    assert "c-mt_style" in page and "MT950" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_table_shows_probability_and_sources(tmp_path, capsys):
    code = main(["scan", str(SEEDS), "--out", str(tmp_path / "o"), "--models", "off", "--no-html"])
    out = capsys.readouterr().out
    assert "mt prob." in out and "mean mt prob." in out and "(folder)" in out


# --- model stage follows the detector -----------------------------------------------------------------------------


def test_suspects_include_the_detectors_top_sentences():
    from mtcheck.models.suspects import DETECTOR_TOP, select
    from mtcheck.pipeline.records import ArticleResult
    from mtcheck.pipeline.segment import segment

    text = STUB_TEXT
    sentences = segment(text).sentences
    scores = [0.95, 0.1, 0.7, 0.65, 0.61, 0.2]
    result = ArticleResult(Article("a.txt", text, lang="de"), [], 0.0, "clean",
                           sentence_mt=[(s.start, s.end, p) for s, p in zip(sentences, scores)])
    chosen = select(result)
    assert len(chosen) == DETECTOR_TOP
    assert [c.detector for c in chosen] == [0.95, 0.7, 0.65] and all(not c.rules for c in chosen)
    result.sentence_mt = [(s.start, s.end, 0.3) for s in sentences]
    assert select(result) == []  # nothing the detector finds MT-like, no rule finding: nothing to send


# --- requirements on the dev data ------------------------------------------------------------------------------


@pytest.mark.skipif(not DEV.is_file(), reason="../shared/data is absent")
def test_dev_human_documents_stay_clean(tmp_path, capsys):
    _, records = _scan(tmp_path, capsys, str(DEV))
    human = [r for r in records if r["type"] == "article" and r["meta"]["label"] != "mt"]
    assert len(human) == 258
    not_clean = [r for r in human if r["verdict"] != "clean"]
    assert len(not_clean) <= 0.05 * len(human)
    assert not [r for r in human if r["verdict"] == "machine_translated"]


def test_scores_without_ngrams_equal_the_full_batch():
    # The scan scores every sentence with top=0 (a faster path) and asks for n-grams only for what it reports.
    det = load_detector("de")
    sentences = [s for s in (SEEDS / "002_adaef2065d6d3256.txt").read_text(encoding="utf-8").split(". ")] + ["", " "]
    p0, fast = det.score_article(sentences, top=0)
    p1, full = det.score_article(sentences, top=3)
    assert math.isclose(p0, p1, abs_tol=1e-12) and math.isclose(p0, det.score_text(" ".join(sentences)), abs_tol=1e-12)
    assert all(math.isclose(a.score, b.score, abs_tol=1e-12) and a.ngrams == [] for a, b in zip(fast, full))


def test_a_long_text_is_scored_in_bounded_batches_with_the_same_sentence_scores(monkeypatch):
    detector = load_detector("de")
    sentences = [f"Die Regierung hat am Montag {i} neue Regeln für den Verkehr beschlossen." for i in range(400)]
    whole_p, whole = detector.score_article(sentences, top=0)
    # Short texts: one call, exactly the detector's own result.
    assert style._score_in_batches(detector, sentences[:20])[0] == detector.score_article(sentences[:20], top=0)[0]
    calls = []
    real = detector.score_article

    def counting(texts, top=0):
        calls.append(sum(len(t) for t in texts))
        return real(texts, top=top)

    monkeypatch.setattr(style, "DETECTOR_BATCH_CHARS", 5_000)
    monkeypatch.setattr(detector, "score_article", counting)
    p, scored = style._score_in_batches(detector, sentences)
    assert len(calls) > 1 and max(calls) <= 5_000  # bounded batches: bounded memory
    assert [s.score for s in scored] == [s.score for s in whole]  # each sentence scored as before
    assert 0.0 <= p <= 1.0 and abs(p - whole_p) < 0.2  # the word-weighted mean of the batches


def test_one_translation_error_finding_counts_alone_a_slip_does_not():
    from mtcheck.pipeline.records import Finding
    from mtcheck.pipeline.score import counts_alone, rule_feature, verdict_reason

    def f(category, severity="warning", confidence=0.85):
        return Finding(0, 1, "x", "MT999", "n", category, severity, confidence, "m")

    assert rule_feature(0.4, [f("mistranslation")]) == 0.4
    assert rule_feature(0.4, [f("word_order")]) == 0.4
    assert verdict_reason(0.4, [f("mistranslation")]) is None
    # A lone slip-like finding, an info finding or a low-confidence one still needs a second finding.
    assert rule_feature(0.4, [f("stray_capital")]) == 0.0
    assert rule_feature(0.4, [f("untranslated_fragment")]) == 0.0
    assert rule_feature(0.4, [f("mistranslation", "info")]) == 0.0
    assert rule_feature(0.4, [f("mistranslation", confidence=0.7)]) == 0.0
    assert "only 1 finding is evidence" in verdict_reason(0.4, [f("stray_capital")])
    assert not counts_alone(f("boilerplate"))
    assert rule_feature(0.4, [f("stray_capital"), f("punctuation")]) == 0.4


def test_detector_does_not_count_under_min_words():
    """A two-word text the detector scores 0.97 is judged on rule evidence alone (it came out machine_translated
    with no finding), and the reason says so; from DETECTOR_MIN_WORDS words the probability counts again."""
    from mtcheck.pipeline import score

    short = score.judge(0.0, 0.97, 2, [], "de")
    assert short == score.judge(0.0, None, 2, [], "de")
    assert short[1] == "clean"
    reason = score.verdict_reason(0.0, [], 2, 0.97)
    assert reason and "too short" in reason and "0.97" in reason
    at_floor = score.judge(0.0, 0.97, score.DETECTOR_MIN_WORDS, [], "de")
    assert at_floor[0] > short[0]
    assert score.verdict_reason(0.0, [], score.DETECTOR_MIN_WORDS, 0.97) is None
    assert score.counted_probability(0.97, score.DETECTOR_MIN_WORDS - 1) is None
    assert score.counted_probability(0.97, score.DETECTOR_MIN_WORDS) == 0.97


def test_short_records_do_not_make_their_source_machine_translated(tmp_path):
    """A JSONL feed of very short German records: no article flagged on the detector alone, and the source's mean
    leaves them out (it was machine_translated on a mean of 0.72 over 14 records of 1-12 words)."""
    texts = ["Ein Text.", "Ein Satz.", "Das ist gut.", "Es ist.", "Hallo Welt", "Sie sagte, es sei so.",
             "Es ist wichtig, dass wir handeln.", "Weitere Informationen folgen.",
             "Tatsächlich ist es so, dass die Menschen es wollen.", "Laut dem Bericht ist es tatsächlich so."]
    feed = tmp_path / "short.jsonl"
    feed.write_text("".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    main(["scan", str(feed), "--out", str(tmp_path / "o"), "--models", "off", "--no-html", "-q"])
    records = [json.loads(line) for line in (tmp_path / "o" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [r for r in records if r["type"] == "article"]
    german = [a for a in articles if a["lang"] == "de"]
    assert german and all(a["mt_probability"] is not None for a in german)
    assert max(a["mt_probability"] for a in german) >= 0.9  # the detector alone would have flagged some
    assert all(a["verdict"] == "clean" for a in articles)
    assert all("too short" in a["verdict_reason"] for a in german)
    (source,) = [r for r in records if r["type"] == "source"]
    assert source["scored"] == 0 and source["mt_probability"] is None and source["verdict"] == "clean"
