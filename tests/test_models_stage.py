"""The model stage with tiny models in a fake Hugging Face cache under the real repository ids
(``model_fixtures.py``): the production loading code runs unchanged, offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("comet")

from model_fixtures import COMET_IDS, MT_IDS, build_all, toy_pairs  # noqa: E402

from mtcheck.cli import main  # noqa: E402

TOY_ARTICLE = "Die Frau mag das Schaf. Der Mann sieht die Maus.\n\nDas Kind hört das Pferd. Der Mann findet die Katze.\n"
# The English original of TOY_ARTICLE, except that the third sentence says "sees", not "hears".
TOY_ORIGINAL = "The woman likes the sheep. The man sees the mouse.\n\nThe child sees the horse. The man finds the cat.\n"


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def hub(tiny, tmp_path, monkeypatch):
    """Point the stage at the full fake cache, with a fresh result cache per test."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tiny.hub_cache))
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "mtcheck-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return tiny.hub_cache


@pytest.fixture
def toy(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "toy.txt").write_text(TOY_ARTICLE, encoding="utf-8")
    return folder


def _scan(tmp_path: Path, capsys, *args: str, out: str = "out") -> tuple[int, list[dict], str]:
    code = main(["scan", *args, "--out", str(tmp_path / out), "--no-html", "--lang", "de", "-q"])
    err = capsys.readouterr().err
    records = [json.loads(x) for x in (tmp_path / out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    return code, records, err


def _of(records: list[dict], kind: str) -> list[dict]:
    return [r for r in records if r["type"] == kind]


def test_trained_marian_translates_the_toy_language_both_ways(hub):
    from mtcheck.models.backtranslate import Translator
    from mtcheck.models.config import locate

    de_en = Translator(locate(MT_IDS[0]), "de", "en")
    en_de = Translator(locate(MT_IDS[1]), "en", "de")
    pairs = toy_pairs()
    english = de_en.translate([d for d, _ in pairs])
    assert english == [e for _, e in pairs]
    assert en_de.translate(english) == [d for d, _ in pairs]
    # Forced decoding: the right translation is far likelier than a wrong one.
    right, wrong = de_en.score(["Die Frau mag das Schaf."] * 2, ["The woman likes the sheep.", "The man sees the cat."])
    assert right > wrong + 1.0


def test_ctranslate2_backend_gives_the_same_translations(hub, tmp_path):
    pytest.importorskip("ctranslate2")
    from mtcheck.models.backtranslate import Translator
    from mtcheck.models.config import locate

    pairs = toy_pairs()[:12]
    ct2 = Translator(locate(MT_IDS[0]), "de", "en", backend="ct2")
    assert ct2.translate([d for d, _ in pairs]) == [e for _, e in pairs]
    right, wrong = ct2.score(["Die Frau mag das Schaf."] * 2, ["The woman likes the sheep.", "The man sees the cat."])
    assert right > wrong


def test_scan_back_translates_suspects_and_a_rescan_makes_no_model_call(hub, toy, tmp_path, capsys):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    args = [str(seeds / "000_a35475a38765537f.txt"), str(toy), "--backtranslate", "suspects"]
    code, first, _ = _scan(tmp_path, capsys, *args, out="first")
    run = first[0]
    assert run["model_calls"]["translate"] > 0 and run["model_calls"]["comet"] > 0
    assert "Helsinki-NLP/opus-mt-de-en@" in run["signature"] and "Unbabel/wmt22-comet-da@" in run["signature"]

    sentences = _of(first, "sentence")
    seed_text = (seeds / "000_a35475a38765537f.txt").read_text(encoding="utf-8")
    assert sentences and all(s["path"].endswith("000_a35475a38765537f.txt") for s in sentences)  # toy: no findings
    for s in sentences:
        assert seed_text[s["start"]:s["end"]] == s["text"]
        assert s["rules"] or s.get("detector", 0) >= 0.6, \
            "only sentences that carry a finding, or that the detector scores highest, reach the models"
        assert set(s["scores"]) >= {"chrf", "bleu", "comet"} and s["models"]["comet"].startswith("Unbabel/")

    # The offline findings are all still there; model findings only add.
    code_off, offline, _ = _scan(tmp_path, capsys, *args, "--models", "off", out="off")
    key = lambda f: (f["path"], f["start"], f["end"], f["rule"])  # noqa: E731
    assert {key(f) for f in _of(offline, "finding")} <= {key(f) for f in _of(first, "finding")}
    for f in _of(first, "finding"):
        if f["rule"].startswith("MT90"):
            assert f["category"] in ("low_quality", "mistranslation")
            assert seed_text[f["start"]:f["end"]] == f["text"]

    code2, second, _ = _scan(tmp_path, capsys, *args, out="second")
    assert second[0]["model_calls"] == {"translate": 0, "comet": 0, "logprob": 0}
    # The closing summary counts this run's model calls (none): everything else is the same.
    assert second[-1]["type"] == "summary" and second[-1]["model_calls"] == {"translate": 0, "comet": 0, "logprob": 0}
    assert [r for r in second[1:] if r["type"] != "summary"] == [r for r in first[1:] if r["type"] != "summary"]
    assert code2 == code


def test_backtranslate_all_gives_real_back_translations_and_round_trips(hub, toy, tmp_path, capsys):
    _, records, _ = _scan(tmp_path, capsys, str(toy), "--backtranslate", "all")
    sentences = {s["text"]: s for s in _of(records, "sentence")}
    english = dict(toy_pairs())
    assert set(sentences) == set(english) & set(sentences) and len(sentences) == 4
    for text, s in sentences.items():
        assert s["backtranslation"] == english[text]
        assert s["roundtrip"] == text and s["scores"]["chrf"] == 100.0
        assert s["scores"]["comet"] == pytest.approx(1.0, abs=1e-4)  # the tiny COMET: 1 - distance to the reference
    assert not [f for f in _of(records, "finding") if f["rule"].startswith("MT90")]
    article = _of(records, "article")[0]
    assert article["models"]["sentences"] == 4 and article["models"]["direction"]["sentences"] == 4


def test_reference_original_reveals_a_mistranslation(hub, toy, tmp_path, capsys):
    refs = tmp_path / "refs"
    (refs / "originals").mkdir(parents=True)
    (refs / "originals" / "toy.txt").write_text(TOY_ORIGINAL, encoding="utf-8")
    _, records, _ = _scan(tmp_path, capsys, str(toy), "--references", str(refs))
    wrong = [f for f in _of(records, "finding") if f["category"] == "mistranslation"]
    assert len(wrong) == 1
    start = TOY_ARTICLE.index("Das Kind hört das Pferd.")
    assert (wrong[0]["start"], wrong[0]["end"]) == (start, start + len("Das Kind hört das Pferd."))
    assert "The child sees the horse." in wrong[0]["message"] and "The child hears the horse." in wrong[0]["message"]
    scored = {s["text"]: s for s in _of(records, "sentence")}
    assert scored["Das Kind hört das Pferd."]["reference"] == "The child sees the horse."
    assert scored["Das Kind hört das Pferd."]["scores"]["comet_mode"] == "reference"
    assert scored["Die Frau mag das Schaf."]["scores"]["comet"] == pytest.approx(1.0, abs=1e-4)
    article = _of(records, "article")[0]
    assert article["score"] > 0 and article["by_category"] == {"mistranslation": 1}


def test_xcomet_spans_land_on_article_offsets_and_licence_is_stated(hub, toy, tmp_path, capsys):
    code = main(["scan", str(toy), "--backtranslate", "all", "--qe-model", "Unbabel/XCOMET-XL", "--lang", "de",
                 "--out", str(tmp_path / "x"), "--no-html"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "CC-BY-NC-SA" in out
    records = [json.loads(x) for x in (tmp_path / "x" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    spans = [s for r in _of(records, "sentence") for s in r.get("spans", [])]
    assert spans
    for s in _of(records, "sentence"):
        assert "qe" in s["scores"] and s["models"]["qe"].startswith("Unbabel/XCOMET-XL@")
        for span in s.get("spans", []):
            assert s["start"] <= span["start"] <= span["end"] <= s["end"]
    found = [f for f in _of(records, "finding") if f["rule"] == "MT904"]
    assert found  # the seeded tagging head marks critical and major errors
    for f in found:
        assert TOY_ARTICLE[f["start"]:f["end"]] == f["text"] and f["text"].strip() == f["text"]


def test_cometkiwi_gives_reference_free_scores(hub, toy, tmp_path, capsys):
    _, records, _ = _scan(tmp_path, capsys, str(toy), "--backtranslate", "all", "--qe-model",
                          "Unbabel/wmt22-cometkiwi-da")
    scores = [s["scores"]["qe"] for s in _of(records, "sentence")]
    assert len(scores) == 4 and all(isinstance(x, float) for x in scores)


def test_auto_with_comet_missing_says_so_and_still_back_translates(tiny, toy, tmp_path, capsys, monkeypatch):
    partial = tiny.cache_with(tmp_path / "partial", *MT_IDS)
    monkeypatch.setenv("HF_HUB_CACHE", str(partial))
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "c"))
    code = main(["scan", str(toy), "--backtranslate", "all", "--lang", "de", "--out", str(tmp_path / "o"), "--no-html"])
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.startswith("mtcheck: models:")]
    assert len(lines) == 1 and "Unbabel/wmt22-comet-da" in lines[0] and "mtcheck models pull" in lines[0]
    records = [json.loads(x) for x in (tmp_path / "o" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["model_calls"]["comet"] == 0 and records[0]["model_calls"]["translate"] > 0
    assert all("comet" not in s["scores"] and s["scores"]["chrf"] == 100.0 for s in _of(records, "sentence"))
    assert code in (0, 1)


def test_require_with_the_back_model_missing_exits_2(tiny, toy, tmp_path, capsys, monkeypatch):
    partial = tiny.cache_with(tmp_path / "partial", MT_IDS[1], *COMET_IDS)  # no de->en
    monkeypatch.setenv("HF_HUB_CACHE", str(partial))
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "c"))
    code = main(["scan", str(toy), "--models", "require", "--lang", "de", "--out", str(tmp_path / "o"), "--no-html"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Helsinki-NLP/opus-mt-de-en" in err and "mtcheck models pull" in err
    assert not (tmp_path / "o" / "findings.jsonl").exists()


def test_models_check_loads_and_runs_each(hub, capsys):
    code = main(["models", "check", MT_IDS[0], "Unbabel/wmt22-comet-da"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Helsinki-NLP/opus-mt-de-en: ok" in out and "Unbabel/wmt22-comet-da: ok: score" in out


def test_a_local_model_folder_works_like_a_hub_id(tiny, toy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "c"))
    local = tmp_path / "my-de-en"
    shutil.copytree(tiny.build / "de-en", local)
    _, records, err = _scan(tmp_path, capsys, str(toy), "--backtranslate", "all", "--mt-model", f"de-en={local}",
                            "--comet-model", "none")
    sentences = _of(records, "sentence")
    assert len(sentences) == 4 and sentences[0]["backtranslation"] == "The woman likes the sheep."
    assert sentences[0]["roundtrip"] is None and sentences[0]["models"]["mt"].startswith(str(local) + "@local-")
