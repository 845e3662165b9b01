"""Deterministic training of the MT-likeness detector (needs the ``train`` extra: scikit-learn).

    python -m mtcheck.detector.train --data ../shared/data/wmt-de-train.jsonl \\
        --out mtcheck/detector/data/de.npz --dev ../shared/data/wmt-de-dev.jsonl
    python -m mtcheck.detector.train --evaluate ../shared/data/wmt-de-dev.jsonl     # the shipped artefact

Steps (``train_detector``, the function a CLI command ``mtcheck detector train`` can call):

1. read the JSONL (``label`` mt / human_translation / human_original, ``group``, ``sentences``); one text per
   record (sentences joined), normalised (``features.normalise``: quotes, dashes, digits);
2. split by ``group`` (``zlib.crc32(group) % 100 < val_percent`` is validation), so no source content is on
   both sides;
3. idf from the training split (stored as float16; training uses the rounded values, as scoring does);
4. logistic regression (liblinear, L2, ``C`` = 4) on hashed word 1-2 + char 2-4 n-grams, MT = 1, fitted on
   rows of three lengths (``training_rows``): every training sentence alone, every training chunk, and windows
   of two or three consecutive chunks of one document and system; idf is counted over the training sentences.
   With ``--pairwise W`` (``pairwise_rows``) the same fit also sees content-matched difference rows: within
   each training ``group``, every human translation paired with up to ``--pair-k`` MT chunks of the same
   source, row = x_mt - x_ht (MT = 1; every second pair flipped, x_ht - x_mt with label 0, which is the same
   loss), sample weight W, no intercept on them (an explicit bias column, 1 on the ordinary rows, 0 on the
   difference rows, ``fit_intercept=False``); the result is still one weight vector and one intercept.
   The weights are rounded to float32 and the model keeps the rounded weights, so the shipped scorer is the
   trained model. Validation and calibration score whole chunks, as the scorer scores whole texts;
5. validation figures: AUROC per label pair, per MT system, on content-matched pairs (same ``group``);
6. calibration on the validation split (held apart from the weights): Platt scaling (logistic regression of the
   label on the linear score, classes balanced) for whole texts, and separately for single sentences;
7. the artefact: ``.npz`` without pickles, with model id, version, sha256 of the training file, feature
   parameters and licence note. With ``--dev`` the written artefact is scored on a dev file (documents scored
   as one text each), printing the figures and the calibration table.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import zlib
from pathlib import Path

import numpy as np

from .evaluation import (LABELS, calibration_table, figures, format_figures, in_validation, read_jsonl,
                         record_text, sha256_file)
from .features import FeatureParams, document_frequency, idf_from_df, matrix, normalise
from .model import FORMAT_VERSION, Detector

MODEL_VERSION = "2.2.0"
LICENCE = ("Trained on WMT 2021-2024 general/news task test sets, references and system outputs "
           "(wmt-conference/wmt21..wmt24-news-systems), released by the WMT organisers for research use; "
           "cite the WMT findings papers of 2021-2024. The weights are a statistical summary of that data.")
LICENCE_EXTRA = ("With --extra (scripts/build_detector_extra.py): newstest2019 en-de source and WMT reference "
                 "(WMT 2019, research use; Helsinki-NLP/OPUS-MT-testsets), the NTREX-128 German reference "
                 "(Microsoft, CC BY-SA 4.0), and OPUS-MT system outputs from Helsinki-NLP/OPUS-MT-leaderboard "
                 "(OPUS-MT models CC BY 4.0).")
# Per language: the artefact's version and the licence note of its training data (docs/detector.md, "Dutch").
MODEL_VERSIONS = {"de": MODEL_VERSION, "nl": "1.0.0"}
LICENCES = {
    "de": LICENCE,
    "nl": ("Trained on NTREX-128 (Microsoft; newstest2019 English sources translated into Dutch, CC BY-SA 4.0) and "
           "FLORES-200 devtest (Meta; CC BY-SA 4.0) Dutch references from Helsinki-NLP/OPUS-MT-testsets, OPUS-MT "
           "system outputs of the same sources from Helsinki-NLP/OPUS-MT-leaderboard (no licence file found; outputs "
           "of OPUS-MT models released under CC BY 4.0), and Dutch news "
           "articles of de Volkskrant, Trouw and Het Parool from DpgMedia2019 (dpgmedia/partisan-news2019, DPG Media, "
           "published for research: cite Yeh et al. 2019, arXiv:1908.02322). The weights are a statistical summary "
           "of that data; no text of it ships."),
}


def _sparse(parts, n_rows: int, n_cols: int):
    import scipy.sparse as sp
    data, indices, indptr = parts
    return sp.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols))


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and offset of a logistic regression of y on z, classes balanced, (almost) unregularised."""
    from sklearn.linear_model import LogisticRegression
    lr = LogisticRegression(C=1e6, class_weight="balanced", solver="lbfgs", max_iter=1000)
    lr.fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def sample_records(records: list[dict], n: int) -> list[dict]:
    """A deterministic sample of n records (smallest crc32 of their id), in file order."""
    keyed = sorted(range(len(records)), key=lambda i: (zlib.crc32(records[i]["id"].encode()), i))[:n]
    return [records[i] for i in sorted(keyed)]


GRANULARITIES = ("chunk", "sentence+chunk", "sentence+chunk+doc")


def training_rows(records: list[dict], texts: list[str], y: np.ndarray, granularity: str = "sentence+chunk+doc"
                  ) -> tuple[list[str], np.ndarray, int, np.ndarray]:
    """The normalised texts the classifier is fitted on, their labels (MT = 1), how many of the first rows
    are of the finest granularity (the sentences; the records for ``chunk``: idf is counted over those), and
    for each row the index of its (first) record.

    ``chunk``: one row per record. ``sentence+chunk``: first every sentence of every record alone (labelled by
    its record), then the records. ``+doc``: then windows of up to three consecutive records of the same
    document and system (``testset``, ``lp``, ``doc_id``, ``system``; windows start every second record), joined
    by spaces, so that the model also sees texts of article length (dev documents are ~2,200 characters,
    training chunks ~800). One model sees short and long texts: on validation it separates chunks better than
    a model fitted on chunks alone (docs/detector.md, "What was tried")."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity {granularity!r} is not one of {', '.join(GRANULARITIES)}")
    rows: list[str] = []
    labels: list[int] = []
    src: list[int] = []
    if granularity != "chunk":
        for i, (r, lab) in enumerate(zip(records, y)):
            for s in r["sentences"]:
                if s and s.strip():
                    n = normalise(s)
                    if n:
                        rows.append(n)
                        labels.append(int(lab))
                        src.append(i)
    n_fine = len(rows) or len(texts)
    rows += list(texts)
    labels += [int(v) for v in y]
    src += list(range(len(texts)))
    if granularity.endswith("+doc"):
        docs: dict[tuple, list[int]] = {}
        for i, r in enumerate(records):
            docs.setdefault((r.get("testset"), r.get("lp"), r.get("doc_id"), r.get("system")), []).append(i)
        for idx in docs.values():
            for j in range(0, len(idx) - 1, 2):
                part = idx[j:j + 3]
                rows.append(" ".join(texts[k] for k in part))
                labels.append(int(y[part[0]]))
                src.append(part[0])
    return rows, np.array(labels, dtype=int), n_fine, np.array(src, dtype=int)


def pairwise_rows(records: list[dict], k: int = 4) -> list[tuple[int, int]]:
    """Content-matched (MT, human translation) index pairs of ``records``: within each ``group`` (one source
    chunk), every human translation with up to ``k`` MT chunks of that group, chosen by the smallest
    ``zlib.crc32("<ht id>|<mt id>")`` (deterministic, a different draw of systems for each reference, so every
    human translation is used and no system dominates). Groups without both labels give no pair."""
    if k < 1:
        raise ValueError(f"pair k must be >= 1, not {k}")
    by_group: dict[str, tuple[list[int], list[int]]] = {}
    for i, r in enumerate(records):
        if r["label"] in ("mt", "human_translation"):
            by_group.setdefault(r["group"], ([], []))[r["label"] == "human_translation"].append(i)
    out = []
    for mts, hts in by_group.values():
        if not mts:
            continue
        for h in hts:
            ranked = sorted(mts, key=lambda m: (zlib.crc32(f"{records[h]['id']}|{records[m]['id']}".encode()), m))
            out += [(m, h) for m in ranked[:k]]
    return out


def _fit_with_pairs(X_rows, y_rows, row_weight, D, C: float):
    """One logistic regression over ordinary rows (with a bias column of 1) and difference rows ``D`` (bias
    column 0, their sample weights in ``row_weight`` after the ordinary rows'); returns a fitted-looking
    LogisticRegression over the original columns (coef_ without the bias column, intercept_ = its weight), so
    the rest of training and the tests use it like an ordinary fit."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    n, m = X_rows.shape[0], D.shape[0]
    sign = np.where(np.arange(m) % 2 == 0, 1.0, -1.0)      # both classes present; the same loss either way
    A = sp.vstack([sp.hstack([X_rows, np.ones((n, 1))]), sp.hstack([sp.diags(sign) @ D, sp.csr_matrix((m, 1))])])
    yy = np.concatenate([y_rows, (sign > 0).astype(int)])
    aug = LogisticRegression(C=C, solver="liblinear", max_iter=2000, fit_intercept=False)
    aug.fit(A.tocsr(), yy, sample_weight=row_weight)
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=2000)
    clf.classes_ = aug.classes_
    clf.coef_ = aug.coef_[:, :-1].copy()
    clf.intercept_ = aug.coef_[:, -1].copy()
    clf.n_features_in_ = X_rows.shape[1]
    clf.n_iter_ = aug.n_iter_
    return clf


def read_extra(path: str | Path) -> list[dict]:
    """Records of an extra training file (the schema of ``wmt-de-train.jsonl``); a clear error names the file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: extra training file not found")
    out = []
    for i, r in enumerate(read_jsonl(path), 1):
        missing = [k for k in ("label", "group", "sentences") if k not in r]
        if missing or r["label"] not in LABELS or not isinstance(r["sentences"], list):
            raise ValueError(f"{path}: record {i}: needs label (one of {', '.join(LABELS)}), group and a list "
                             f"of sentences (missing: {', '.join(missing) or 'none'})")
        out.append(r)
    return out


def train_detector(data: str | Path, out: str | Path | None = None, *, lang: str = "de", C: float = 4.0,
                   params: FeatureParams | None = None, val_percent: int = 20, sample: int | None = None,
                   granularity: str = "sentence+chunk+doc", news_weight: float = 1.0, ht_weight: float = 1.0,
                   pairwise: float = 0.0, pair_k: int = 4, max_cal_sentences: int = 6000,
                   extra: list[str | Path] | tuple = (), log=print) -> dict:
    """Train, validate, calibrate and (if ``out``) write the artefact. Returns a dict with ``figures``
    (validation), ``calibration``, ``model`` (the fitted scikit-learn LogisticRegression), ``params``, ``idf``,
    ``val_texts``/``val_records`` (normalised validation texts) and ``path``.

    ``extra``: further JSONL files of the same schema, appended after ``data`` (``sample`` applies to ``data``
    only) and split by ``group`` with the same rule, so the validation records of ``data`` are the same with and
    without them; ``figures_main`` then holds the figures on those records alone (comparable across runs)."""
    from sklearn.linear_model import LogisticRegression

    params = params or FeatureParams()
    if lang not in LICENCES:
        raise ValueError(f"no licence note for language {lang!r}: add it to train.LICENCES (one of "
                         f"{', '.join(sorted(LICENCES))})")
    data = Path(data)
    records = [r for r in read_jsonl(data) if r.get("label") in ("mt", "human_translation", "human_original")]
    if sample:
        records = sample_records(records, sample)
    n_main = len(records)
    extra_info = []
    for f in extra:
        ext = read_extra(f)
        records += ext
        extra_info.append({"file": Path(f).name, "sha256": sha256_file(f), "records": len(ext)})
    texts = [normalise(record_text(r)) for r in records]
    y = np.array([r["label"] == "mt" for r in records], dtype=int)
    is_val = np.array([in_validation(r["group"], val_percent) for r in records])
    tr_idx, va_idx = np.flatnonzero(~is_val), np.flatnonzero(is_val)
    if len(set(y[tr_idx])) < 2 or len(set(y[va_idx])) < 2:
        raise ValueError("both splits need MT and human records")
    log(f"records: {len(records)} (train {tr_idx.size}, validation {va_idx.size}); "
        f"MT share {y.mean():.3f}")

    tr_records = [records[i] for i in tr_idx]
    rows, y_rows, n_fine, src = training_rows(tr_records, [texts[i] for i in tr_idx], y[tr_idx], granularity)
    # rows of the news domain (the product's domain; dev is news) can weigh more than the other domains
    row_weight = np.array([news_weight if tr_records[k].get("domain") == "news" else 1.0 for k in src])
    # human translations are the scarce class (docs/detector.md, "More data"); their rows can weigh more
    row_weight *= np.array([ht_weight if tr_records[k]["label"] == "human_translation" else 1.0 for k in src])
    log(f"training rows ({granularity}): {len(rows)}; news rows weigh {news_weight}, "
        f"human-translation rows {ht_weight}")
    # idf over the training rows of the finest granularity (sentences when they are rows, else chunks)
    df, n_docs = document_frequency(rows[:n_fine], params)
    idf = idf_from_df(df, n_docs).astype(np.float16).astype(np.float64)
    X = _sparse(matrix(texts, params, idf), len(texts), params.n_features)
    X_rows = _sparse(matrix(rows, params, idf), len(rows), params.n_features)
    if pairwise < 0:
        raise ValueError(f"pairwise weight must be >= 0, not {pairwise}")
    pairs = pairwise_rows(tr_records, pair_k) if pairwise else []
    if pairs:
        # content-matched difference rows (docs/detector.md, "Tried after 2.2.0: pairwise training")
        X_tr = X[tr_idx]
        D = X_tr[[m for m, _ in pairs]] - X_tr[[h for _, h in pairs]]
        log(f"pairwise rows: {len(pairs)} (MT - human translation of one group, up to {pair_k} MT per human "
            f"translation), weight {pairwise}")
        clf = _fit_with_pairs(X_rows, y_rows, np.concatenate([row_weight, np.full(len(pairs), pairwise)]), D, C)
    else:
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=2000)
        clf.fit(X_rows, y_rows, sample_weight=row_weight if (news_weight, ht_weight) != (1.0, 1.0) else None)
    clf.coef_ = clf.coef_.astype(np.float32).astype(np.float64)      # what ships is what is evaluated
    clf.intercept_ = clf.intercept_.astype(np.float32).astype(np.float64)

    val_records = [records[i] for i in va_idx]
    z_val = clf.decision_function(X[va_idx])
    fig = figures(val_records, z_val)
    log(format_figures("validation (chunks, linear score)", fig))
    fig_main = fig
    if extra_info:
        main = va_idx < n_main
        fig_main = figures([r for r, m in zip(val_records, main) if m], z_val[main])
        log(format_figures(f"validation, records of {data.name} only", fig_main))
        log(format_figures("validation, records of the extra files only",
                           figures([r for r, m in zip(val_records, main) if not m], z_val[~main], min_system=5)))
    news = np.array([r.get("domain") == "news" for r in val_records]) & (va_idx < n_main)
    if len({r["label"] for r, m in zip(val_records, news) if m}) > 1:
        log(format_figures(f"validation, news domain of {data.name}",
                           figures([r for r, m in zip(val_records, news) if m], z_val[news], min_system=5)))

    a, b = _platt(z_val, y[va_idx])
    # sentences: a deterministic sample of validation sentences, labelled by their record
    sents, ys = [], []
    for r in val_records:
        for s in r["sentences"]:
            if s and s.strip():
                sents.append(normalise(s))
                ys.append(int(r["label"] == "mt"))
    if len(sents) > max_cal_sentences:
        keep = sorted(sorted(range(len(sents)), key=lambda i: (zlib.crc32(sents[i].encode()), i))
                      [:max_cal_sentences])
        sents, ys = [sents[i] for i in keep], [ys[i] for i in keep]
    Xs = _sparse(matrix(sents, params, idf), len(sents), params.n_features)
    z_sent = clf.decision_function(Xs)
    ys = np.array(ys)
    if len(set(ys)) < 2:
        raise ValueError("validation sentences need both classes")
    sa, sb = _platt(z_sent, ys)
    log(f"calibration (Platt, balanced): text a={a:.4f} b={b:.4f}; sentence a={sa:.4f} b={sb:.4f}")
    p_val = 1.0 / (1.0 + np.exp(-(a * z_val + b)))
    table = calibration_table(p_val, y[va_idx])
    log("validation calibration (bin, mean predicted, observed MT rate at an even prior, n):")
    for lo, hi, mp, ob, n in table:
        log(f"  [{lo:.1f},{hi:.1f}) {mp:.3f} {ob:.3f} {n}")
    from .evaluation import auroc
    log(f"validation sentence AUROC mt vs human: {auroc(z_sent[ys == 1], z_sent[ys == 0]):.3f} "
        f"({len(sents)} sentences)")

    result = {"figures": fig, "figures_main": fig_main,
              "calibration": {"text": (a, b), "sentence": (sa, sb), "table": table},
              "model": clf, "params": params, "idf": idf, "val_texts": [texts[i] for i in va_idx],
              "val_records": val_records, "path": None}
    if out is not None:
        meta = {
            "format_version": FORMAT_VERSION,
            "model_id": f"mtcheck-detector-{lang}-hashlr",
            "version": MODEL_VERSIONS.get(lang, "1.0.0"),
            "lang": lang,
            "created": _dt.date.today().isoformat(),
            "training_data": {"file": data.name, "sha256": sha256_file(data), "records": len(records),
                              "train": int(tr_idx.size), "validation": int(va_idx.size),
                              "split": f"zlib.crc32(group) % 100 < {val_percent} is validation",
                              "sample": sample, "extra": extra_info},
            "model": {"type": "logistic regression (liblinear, L2)", "C": C, "positive": "mt",
                      "rows": granularity, "n_rows": len(rows), "news_weight": news_weight,
                      "ht_weight": ht_weight, "pairwise": pairwise,
                      "pair_k": pair_k if pairs else None, "n_pairs": len(pairs),
                      "trainer": "scikit-learn " + __import__("sklearn").__version__},
            "features": params.to_dict(),
            "calibration": {"method": "Platt scaling on validation split, classes balanced",
                            "text": [a, b], "sentence": [sa, sb]},
            "validation": {k: fig[k] for k in ("mt_vs_human_translation", "mt_vs_human_original",
                                               "mt_vs_human", "content_matched")},
            "validation_main": {k: fig_main[k] for k in ("mt_vs_human_translation", "mt_vs_human_original",
                                                         "mt_vs_human", "content_matched")},
            "licence": LICENCES[lang] + (" " + LICENCE_EXTRA if extra_info else ""),
        }
        result["path"] = write_artefact(out, clf.coef_[0], idf, float(clf.intercept_[0]), (a, b, sa, sb), meta)
        log(f"wrote {result['path']} ({Path(result['path']).stat().st_size / 1e6:.2f} MB)")
    return result


def write_artefact(out, weights, idf, intercept, calibration, meta) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, weights=np.asarray(weights, np.float32), idf=np.asarray(idf, np.float16),
                        intercept=np.float64(intercept), calibration=np.asarray(calibration, np.float64),
                        meta=np.array(json.dumps(meta, sort_keys=True)))
    tmp.replace(out)
    return out


def evaluate_file(detector: Detector, path: str | Path, log=print) -> dict:
    """Score every document of a JSONL file as one text; print and return the figures and calibration table."""
    records = read_jsonl(path)
    probs = np.array([detector.score_text(record_text(r)) for r in records])
    y = np.array([r["label"] == "mt" for r in records], dtype=int)
    key = "group" if all("group" in r for r in records) else "doc_id"
    fig = figures(records, probs, pair_key=key, min_system=1)
    log(format_figures(f"{Path(path).name} (documents, calibrated probability)", fig))
    table = calibration_table(probs, y)
    log("calibration (bin, mean predicted, observed MT rate at an even prior, n):")
    for lo, hi, mp, ob, n in table:
        log(f"  [{lo:.1f},{hi:.1f}) {mp:.3f} {ob:.3f} {n}")
    for lab in ("mt", "human_translation", "human_original"):
        m = np.array([r["label"] == lab for r in records])
        if m.any():
            log(f"  {lab:<18} mean p {probs[m].mean():.3f}; p>=0.5: {(probs[m] >= 0.5).mean():.3f}; "
                f"p>=0.9: {(probs[m] >= 0.9).mean():.3f}")
    return {"figures": fig, "table": table, "probs": probs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mtcheck.detector.train", description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="training JSONL (e.g. ../shared/data/wmt-de-train.jsonl)")
    ap.add_argument("--out", help="artefact to write (e.g. mtcheck/detector/data/de.npz)")
    ap.add_argument("--lang", default="de", help="language of the model (its licence note: train.LICENCES)")
    ap.add_argument("--C", type=float, default=4.0)
    ap.add_argument("--granularity", default="sentence+chunk+doc", choices=GRANULARITIES,
                    help="training rows: chunks, or sentences + chunks (+ multi-chunk documents)")
    ap.add_argument("--dim-bits", type=int, default=18, help="hashed columns per block = 2**bits")
    ap.add_argument("--news-weight", type=float, default=1.0, help="sample weight of news-domain rows")
    ap.add_argument("--ht-weight", type=float, default=1.0, help="sample weight of human-translation rows")
    ap.add_argument("--pairwise", type=float, default=0.0, metavar="W",
                    help="also fit content-matched difference rows (x_mt - x_ht of the same training group, no "
                         "intercept) with sample weight W; 0 (default) = off. Still one linear model")
    ap.add_argument("--pair-k", type=int, default=4, metavar="K",
                    help="with --pairwise: MT partners per human translation (deterministic crc32 draw; default 4)")
    ap.add_argument("--char-ngrams", default="2-4", help="character n-gram orders, e.g. 2-4 (default) or 3-4")
    ap.add_argument("--val-percent", type=int, default=20)
    ap.add_argument("--sample", type=int, help="train on a deterministic sample of this many records")
    ap.add_argument("--extra", action="append", default=[], metavar="JSONL",
                    help="a further training file of the same schema (repeatable), split by group like --data; "
                         "e.g. the newstest2019 rows of scripts/build_detector_extra.py")
    ap.add_argument("--dev", help="after writing, score this JSONL's documents with the artefact")
    ap.add_argument("--evaluate", metavar="JSONL", help="no training: score this file with --model (default: "
                    "the shipped artefact of --lang) and print the figures")
    ap.add_argument("--model", help="artefact for --evaluate")
    args = ap.parse_args(argv)
    if args.evaluate:
        from .model import DATA_DIR
        evaluate_file(Detector(args.model or DATA_DIR / f"{args.lang}.npz"), args.evaluate)
        return 0
    if not args.data:
        ap.error("--data is required (or --evaluate)")
    lo, _, hi = args.char_ngrams.partition("-")
    params = FeatureParams(dim=1 << args.dim_bits, char_ngrams=(int(lo), int(hi or lo)))
    res = train_detector(args.data, args.out, lang=args.lang, C=args.C, params=params, granularity=args.granularity, news_weight=args.news_weight,
                         ht_weight=args.ht_weight, pairwise=args.pairwise, pair_k=args.pair_k,
                         val_percent=args.val_percent, sample=args.sample, extra=args.extra)
    if args.dev:
        if res["path"] is None:
            ap.error("--dev needs --out")
        evaluate_file(Detector(res["path"]), args.dev)
    return 0


if __name__ == "__main__":
    sys.exit(main())
