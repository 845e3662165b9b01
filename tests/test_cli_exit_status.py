"""Exit status 2 for the cases CI must not mistake for a pass or for an MT verdict."""

from __future__ import annotations

from mtcheck.pipeline import scan as scan_module
from mtcheck.cli import main

from conftest import SEEDS


def test_folder_without_articles_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["scan", str(empty), "--no-html", "--models", "off", "--out", str(tmp_path / "r")]) == 2
    assert "no article to scan" in capsys.readouterr().err


def test_a_failure_on_one_article_is_its_error_and_the_rest_is_scanned(tmp_path, capsys, monkeypatch):
    real = scan_module._prepare  # the first step of every article's analysis (analyse, analyse_batch)

    def broken_on_000(article, *args, **kwargs):
        if article.path.endswith("000_a35475a38765537f.txt"):
            raise RuntimeError("boom")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(scan_module, "_prepare", broken_on_000)
    code = main(["scan", str(SEEDS), "--no-html", "--models", "off", "--out", str(tmp_path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 2  # an unreadable input: never 1, the MT verdict
    assert "000_a35475a38765537f.txt: internal error while analysing: RuntimeError: boom" in err
    assert out.count('"type": "article"') == 4 and out.count('"type": "error"') == 1


def test_a_crash_outside_the_articles_exits_2_not_1(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(scan_module, "select_rules", broken)
    code = main(["scan", str(SEEDS), "--no-html", "--models", "off", "--out", str(tmp_path)])
    assert code == 2
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err
    assert not (tmp_path / "findings.jsonl").exists()  # nothing half-written


def test_languages_without_a_word_list_scan_with_the_other_rules(tmp_path, capsys):
    # Estonian has no wordfreq list; Chinese needs a tokenizer (jieba) that is not installed. Both used to
    # crash the whole scan from the name rules' frequency lookups.
    (tmp_path / "et.txt").write_text(
        "Eesti peaminister Kaja Kallas ütles teisipäeval, et Kallas toetab Ukrainat. Kallas kohtus ka Kallase "
        "nõunikega. Kaja Kallas rääkis Tallinnas ajakirjanikega.\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text(
        "中国国家主席习近平周二会见了来访的美国国务卿Blinken。Blinken表示，Blinken希望与中国合作。Blinken还会见了王毅。\n",
        encoding="utf-8")
    code = main(["scan", str(tmp_path / "et.txt"), str(tmp_path / "zh.txt"), "--no-html", "--models", "off",
                 "--out", str(tmp_path / "r"), "--format", "jsonl"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count('"type": "article"') == 2


def test_word_frequency_falls_back_to_zero_without_a_list():
    from mtcheck.pipeline.word_frequency import wordlist_language, zipf

    assert zipf("Haus", "de") > 4 and zipf("Haus", "et") == 0.0 and zipf("我们", "zh") == 0.0
    assert wordlist_language("no") == "nb" and wordlist_language("et") is None
