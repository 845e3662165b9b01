"""The model stage: back-translate suspect sentences, score them, and turn what only meaning reveals
into findings. Runs on the scan's results in batches, between ``scan.scan`` and the reporter.

Per batch of articles:

1. ``suspects.select`` picks the sentences (those carrying rule evidence and the detector's most MT-like
   ones, or all with ``--backtranslate all`` or when an original is available).
2. The article language -> English model back-translates them (B); English -> article language
   translates B back (the round trip R).
3. sacrebleu chrF and BLEU of each sentence S against R.
4. With an original in ``references/originals/`` (see ``original_for``), B is aligned with the
   original's sentences (``quality.align``) and COMET scores B against the aligned sentence O
   (src=S, mt=B, ref=O). Without one, COMET scores the round trip: src=B, mt=S, ref=R, i.e. how
   well the article sentence renders its own back-translation, with the round trip as reference.
5. A chosen QE or span model (CometKiwi, XCOMET) scores S as ``mt`` with B as ``src``; XCOMET's
   error spans fall inside S, so they map onto article offsets.
6. Forced decoding gives the translation-direction signal (``direction.py``).
7. Fusion (``FUSION`` below), then the article is judged again with ``score.rejudge`` (model findings
   are rule evidence; the detector's mt_probability is unchanged).

Every model call goes through the on-disk cache (``model_cache``), and a model is loaded only when
the cache misses, so a rescan of unchanged articles loads nothing and calls nothing.

Fusion, documented here and in docs/models.md. Model evidence joins the findings; the score formula
is unchanged, so with models off (or nothing to score) an article's score is exactly the offline
one, and model findings can only add evidence:

- ``mistranslation`` (MT902 differs-from-original): reference COMET < ``reference_comet``.
  Severity warning, confidence 0.6. The message shows the original sentence.
- ``low_quality`` (MT901 round-trip-divergence): round-trip COMET < ``roundtrip_comet`` and chrF(S, R)
  < ``roundtrip_chrf`` (both must agree: a paraphrasing round trip alone is not evidence); without
  COMET, chrF < ``roundtrip_chrf_alone``. Severity info (weight 0.25), warning when the sentence
  also carries a rule finding, confidence 0.5.
- ``low_quality`` (MT903 low-estimated-quality): QE score < ``qe_score``; info, 0.5.
- ``low_quality`` (MT904 quality-error-span): an XCOMET span of severity major (info) or critical
  (warning), at the span's offsets, confidence = XCOMET's. Minor spans are kept in the sentence
  record only: fluent human text gets minor spans too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import direction
from .cache import ModelCache, make_key
from .config import (
    INSTALL_EXTRA,
    MT_LANGUAGES,
    NON_COMMERCIAL,
    Located,
    ModelSettings,
    licence_of,
    locate,
    locate_comet,
    missing_extra,
    mtcheck_cache_dir,
    set_offline,
)
from mtcheck.rules.model_rules import DIFFERS_FROM_ORIGINAL, ERROR_SPAN, LOW_QE, ROUND_TRIP, ModelRule
from mtcheck.pipeline.records import ArticleResult, Finding, ScanError
from mtcheck.pipeline.score import rejudge
from mtcheck.pipeline.segment import segment
from .suspects import Suspect, select

ARTICLE_BATCH = 32  # articles per model batch: sentences of many articles share one model call


@dataclass
class Thresholds:
    roundtrip_comet: float = 0.70
    roundtrip_chrf: float = 45.0
    roundtrip_chrf_alone: float = 30.0
    reference_comet: float = 0.65
    qe_score: float = 0.50


SPAN_SEVERITY = {"major": "info", "critical": "warning"}


class ModelsMissing(Exception):
    """``--models require`` and a model is not on this machine."""

    def __init__(self, model: str):
        self.model = model
        super().__init__(
            f"model {model} is not on this machine (--models require); "
            f"get it with: mtcheck models pull {model}   (or scan with --models auto|off)"
        )


class ExtraMissing(ModelsMissing):
    """``--models require`` and the packages of the `models` extra are not installed."""

    def __init__(self, packages: list[str]):
        self.model = None
        Exception.__init__(
            self, f"the model stage needs the models extra ({', '.join(packages)} not installed; --models require); "
                  f"install it with: {INSTALL_EXTRA}   (or scan with --models auto|off)"
        )


@dataclass
class _Job:
    """One sentence on its way through the models."""

    result: ArticleResult
    suspect: Suspect
    lang: str
    forward: Located
    backward: Located | None
    original: list[str] | None
    backtranslation: str = ""
    roundtrip: str | None = None
    scores: dict = field(default_factory=dict)
    reference: str | None = None
    spans: list[dict] = field(default_factory=list)


def _say(line: str) -> None:
    print(line, file=sys.stderr)


class ModelStage:
    def __init__(self, settings: ModelSettings, thresholds: Thresholds | None = None,
                 say: Callable[[str], None] = _say, notice: Callable[[str], None] = _say):
        self.settings = settings
        self.thresholds = thresholds or Thresholds()
        self.say, self.notice = say, notice
        self.calls = {"translate": 0, "comet": 0, "logprob": 0}
        self.skipped: set[str] = set()
        self._located: dict[tuple[str, str], Located | None] = {}
        self._translators: dict = {}
        self._scorers: dict = {}
        self._cache: ModelCache | None = None
        self.comet: tuple[Located, Located] | None = None
        self.qe: tuple[Located, Located] | None = None

    # Planning -----------------------------------------------------------------------------------
    def prepare(self) -> bool:
        """Find the models on disk (no heavy import). Returns False when nothing can run; raises
        ``ModelsMissing`` under ``--models require`` when a chosen scorer is missing."""
        set_offline()
        require = self.settings.mode == "require"
        absent = missing_extra()
        if absent:
            if require:
                raise ExtraMissing(absent)
            self.say(f"mtcheck: models: skipped: the model extra is not installed ({', '.join(absent)} missing), so "
                     f"offline results only; install it with: {INSTALL_EXTRA}   (or use --models off)")
            return False
        missing = []
        if self.settings.comet_model:
            self.comet = locate_comet(self.settings.comet_model)
            if self.comet is None:
                missing.append(self.settings.comet_model)
        if self.settings.qe_model:
            self.qe = locate_comet(self.settings.qe_model)
            if self.qe is None:
                missing.append(self.settings.qe_model)
            elif licence_of(self.settings.qe_model) == NON_COMMERCIAL or "xcomet" in self.settings.qe_model.lower():
                self.notice(f"note: {self.settings.qe_model} is licensed CC-BY-NC-SA-4.0 (non-commercial use only)")
        if require and missing:
            raise ModelsMissing(missing[0])
        present_mt = [m for m in self._mt_candidates() if self._locate(m, "mt") is not None]
        if not present_mt:
            if require:
                return True  # each article language is checked (and refused) when first met
            wanted = missing + ["Helsinki-NLP/opus-mt-{" + ",".join(MT_LANGUAGES) + "}-en (and back)"]
            self.say(f"mtcheck: models: skipped {', '.join(wanted)}: not on this machine, so offline results only; "
                     "get them with 'mtcheck models pull' (or use --models off)")
            return False
        self.skipped.update(missing)
        return True

    def _mt_candidates(self) -> list[str]:
        pairs = set(self.settings.mt_models) | {(lang, "en") for lang in MT_LANGUAGES}
        return sorted({m for pair in pairs if (m := self.settings.mt_model(*pair))})

    def signature(self) -> str:
        """Model ids and revisions for the run's signature (those present; MT listed per direction)."""
        parts = [loc.tag for m in self._mt_candidates() if (loc := self._locate(m, "mt"))]
        for m in self._mt_candidates():
            back = self._back_model(m)
            if back and (loc := self._locate(back, "mt")):
                parts.append(loc.tag)
        if self.comet:
            parts.append(self.comet[0].tag)
        if self.qe:
            parts.append(self.qe[0].tag)
        extra = f"+{self.settings.backtranslate}+{self.settings.translation_settings()}"
        return ",".join(dict.fromkeys(parts)) + extra if parts else "none"

    def _back_model(self, forward: str) -> str | None:
        for (src, tgt), model in [(p, self.settings.mt_model(*p)) for p in self._pairs()]:
            if model == forward and tgt == "en":
                return self.settings.mt_model("en", src)
        return None

    def _pairs(self):
        return set(self.settings.mt_models) | {(lang, "en") for lang in MT_LANGUAGES}

    def _locate(self, model: str, kind: str) -> Located | None:
        if (model, kind) not in self._located:
            self._located[(model, kind)] = locate(model, kind)
        return self._located[(model, kind)]

    def _mt(self, src: str, tgt: str) -> Located | None:
        model = self.settings.mt_model(src, tgt)
        if model is None:
            return None  # no model for this language: nothing to back-translate with
        found = self._locate(model, "mt")
        if found is None:
            if self.settings.mode == "require":
                raise ModelsMissing(model)
            self.skipped.add(model)
        return found

    # Streaming ----------------------------------------------------------------------------------
    def wrap(self, items: Iterable[ArticleResult | ScanError]) -> Iterator[ArticleResult | ScanError]:
        """Pass the scan's results through the stage in batches, in order."""
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= ARTICLE_BATCH:
                self.process([r for r in batch if isinstance(r, ArticleResult)])
                yield from batch
                batch = []
        self.process([r for r in batch if isinstance(r, ArticleResult)])
        yield from batch
        self.finish()

    def finish(self) -> None:
        if self.skipped and self.settings.mode == "auto":
            self.say(f"mtcheck: models: skipped {', '.join(sorted(self.skipped))}: not on this machine; "
                     "get them with 'mtcheck models pull' (or use --models off)")
            self.skipped.clear()
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    @property
    def cache(self) -> ModelCache:
        if self._cache is None:
            self._cache = ModelCache(self.settings.cache_path or mtcheck_cache_dir() / "models.sqlite")
        return self._cache

    # The work -----------------------------------------------------------------------------------
    def process(self, results: list[ArticleResult]) -> None:
        jobs = self._jobs(results)
        if jobs:
            self._backtranslate(jobs)
            self._sacrebleu(jobs)
            self._comet(jobs)
            self._qe(jobs)
            if self.settings.direction:
                self._direction(jobs)
        for result in results:
            self._fuse(result, [j for j in jobs if j.result is result])

    def _jobs(self, results: list[ArticleResult]) -> list[_Job]:
        jobs = []
        for result in results:
            lang = result.article.lang
            if not lang or lang == "en":
                continue
            forward = self._mt(lang, "en")
            if forward is None:
                continue
            backward = self._mt("en", lang)
            original = self.original_for(result)
            everything = self.settings.backtranslate == "all" or original is not None
            for suspect in select(result, everything=everything):
                jobs.append(_Job(result, suspect, lang, forward, backward, original))
        return jobs

    def original_for(self, result: ArticleResult) -> list[str] | None:
        """The source-language original of an article: ``<references>/originals/<name>.txt``, where
        <name> is the JSONL record's id, else the article file's name without its suffix. Returned
        as its sentences."""
        if self.settings.references is None:
            return None
        article = result.article
        name = article.id if article.id is not None else Path(article.path).stem
        path = self.settings.references / "originals" / f"{name}.txt"
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        return [s.text for s in segment(text).sentences] or None

    def _backtranslate(self, jobs: list[_Job]) -> None:
        for (forward, lang), group in _group(jobs, lambda j: (j.forward, j.lang)).items():
            outputs = self._translate(forward, lang, "en", [j.suspect.text for j in group])
            for job, out in zip(group, outputs):
                job.backtranslation = out
        for (backward, lang), group in _group([j for j in jobs if j.backward], lambda j: (j.backward, j.lang)).items():
            outputs = self._translate(backward, "en", lang, [j.backtranslation for j in group])
            for job, out in zip(group, outputs):
                job.roundtrip = out

    def _sacrebleu(self, jobs: list[_Job]) -> None:
        from .quality import align, bleu, chrf

        for job in jobs:
            if job.roundtrip is not None:
                job.scores["chrf"] = chrf(job.suspect.text, job.roundtrip)
                job.scores["bleu"] = bleu(job.suspect.text, job.roundtrip)
        for _, group in _group([j for j in jobs if j.original], lambda j: id(j.result)).items():
            original = group[0].original
            for job, match in zip(group, align([j.backtranslation for j in group], original)):
                if match.index is not None:
                    job.reference = original[match.index]
                job.scores["chrf_reference"] = match.chrf

    def _comet(self, jobs: list[_Job]) -> None:
        if self.comet is None:
            return
        rows, owners = [], []
        for job in jobs:
            if job.reference is not None:
                rows.append({"src": job.suspect.text, "mt": job.backtranslation, "ref": job.reference})
                owners.append((job, "reference"))
            elif job.roundtrip is not None:
                rows.append({"src": job.backtranslation, "mt": job.suspect.text, "ref": job.roundtrip})
                owners.append((job, "roundtrip"))
        for (job, mode), value in zip(owners, self._score(self.comet, rows)):
            job.scores["comet"] = round(value["score"], 4)
            job.scores["comet_mode"] = mode

    def _qe(self, jobs: list[_Job]) -> None:
        if self.qe is None:
            return
        rows = [{"src": j.backtranslation, "mt": j.suspect.text} for j in jobs]
        for job, value in zip(jobs, self._score(self.qe, rows)):
            job.scores["qe"] = round(value["score"], 4)
            job.spans = value.get("spans") or []

    def _direction(self, jobs: list[_Job]) -> None:
        pairs = [j for j in jobs if j.backward is not None]
        for (forward, backward, lang), group in _group(pairs, lambda j: (j.forward, j.backward, j.lang)).items():
            given_english = self._logprob(backward, "en", lang, [(j.backtranslation, j.suspect.text) for j in group])
            to_english = self._logprob(forward, lang, "en", [(j.suspect.text, j.backtranslation) for j in group])
            for job, a, b in zip(group, given_english, to_english):
                job.scores["direction"] = direction.delta(a, b)

    # Cached model calls ---------------------------------------------------------------------------
    def _cached(self, kind: str, located: Located, settings: str, inputs: list, compute: Callable[[list], list]):
        keys = [make_key(kind, located.model, located.revision, settings, x) for x in inputs]
        found = self.cache.get_many(keys)
        todo = {k: x for k, x in zip(keys, inputs) if k not in found}
        if todo:
            values = compute(list(todo.values()))
            self.calls[kind] += len(todo)
            new = dict(zip(todo, values))
            self.cache.put_many(new)
            found.update(new)
        return [found[k] for k in keys]

    def _translator(self, located: Located, src: str, tgt: str):
        key = (located, src, tgt)
        if key not in self._translators:
            from .backtranslate import Translator

            s = self.settings
            self._translators[key] = Translator(located, src, tgt, backend=s.backend, device=s.device,
                                                beams=s.beams, batch_size=s.batch_size,
                                                max_new_tokens=s.max_new_tokens)
        return self._translators[key]

    def _translate(self, located: Located, src: str, tgt: str, texts: list[str]) -> list[str]:
        settings = f"{self.settings.translation_settings()},{src}-{tgt}"
        return self._cached("translate", located, settings, texts,
                            lambda todo: self._translator(located, src, tgt).translate(todo))

    def _logprob(self, located: Located, src: str, tgt: str, pairs: list[tuple[str, str]]) -> list[float]:
        settings = f"backend={self.settings.backend},{src}-{tgt}"
        return self._cached("logprob", located, settings, [list(p) for p in pairs],
                            lambda todo: self._translator(located, src, tgt).score([p[0] for p in todo],
                                                                                   [p[1] for p in todo]))

    def _score(self, model: tuple[Located, Located], rows: list[dict]) -> list[dict]:
        checkpoint, encoder = model
        if checkpoint not in self._scorers:
            from .quality import CometScorer

            self._scorers[checkpoint] = CometScorer(checkpoint, encoder, device=self.settings.device,
                                                    batch_size=self.settings.batch_size)
        scorer = self._scorers[checkpoint]
        if scorer.reference_free:
            rows = [{k: v for k, v in r.items() if k != "ref"} for r in rows]

        def compute(todo: list[dict]) -> list[dict]:
            output = scorer.predict(todo)
            spans = output.spans or [[] for _ in todo]
            return [{"score": s, "spans": _plain_spans(sp)} for s, sp in zip(output.scores, spans)]

        return self._cached("comet", checkpoint, f"encoder={encoder.revision[:12]}", rows, compute)

    # Fusion -----------------------------------------------------------------------------------
    def _fuse(self, result: ArticleResult, jobs: list[_Job]) -> None:
        if not jobs:
            return
        records, new, deltas = [], [], []
        for job in jobs:
            s, sc = job.suspect, job.scores
            new.extend(self._findings(result, job))
            if "direction" in sc:
                deltas.append(sc["direction"])
            record = {"type": "sentence", "path": result.article.path}
            if result.article.id is not None:
                record["id"] = result.article.id
            record.update(start=s.start, end=s.end, text=s.text, backtranslation=job.backtranslation,
                          roundtrip=job.roundtrip, scores=sc, models=self._models_of(job))
            if job.reference is not None:
                record["reference"] = job.reference
            if job.spans:
                record["spans"] = [{**sp, "start": sp["start"] + s.start, "end": sp["end"] + s.start}
                                   for sp in job.spans]
            record["rules"] = list(s.rules)
            if s.detector is not None:
                record["detector"] = s.detector  # chosen (also) as one of the detector's most MT-like sentences
            records.append(record)
        result.extras.setdefault("records", []).extend(records)
        result.extras.setdefault("article", {})["models"] = {
            "sentences": len(jobs),
            "findings": len(new),
            "direction": direction.summarise(deltas),
        }
        if new:
            result.findings = sorted(result.findings + new, key=lambda f: (f.start, f.end, f.rule))
            rejudge(result)

    def _models_of(self, job: _Job) -> dict:
        models = {"mt": job.forward.tag}
        if job.backward is not None:
            models["mt_back"] = job.backward.tag
        if self.comet is not None and "comet" in job.scores:
            models["comet"] = self.comet[0].tag
        if self.qe is not None:
            models["qe"] = self.qe[0].tag
        return models

    def _findings(self, result: ArticleResult, job: _Job) -> list[Finding]:
        t, s, sc = self.thresholds, job.suspect, job.scores
        out = []

        def sentence_finding(rule: ModelRule, confidence, message, severity=None):
            out.append(Finding(s.start, s.end, s.text, rule.code, rule.name, rule.category,
                               severity or rule.severity, confidence, message))

        comet = sc.get("comet")
        if sc.get("comet_mode") == "reference" and comet is not None and comet < t.reference_comet:
            sentence_finding(
                DIFFERS_FROM_ORIGINAL, 0.6,
                f"back-translation {_q(job.backtranslation)} differs in meaning from the original "
                f"{_q(job.reference)} (COMET {comet:.2f}, chrF {sc.get('chrf_reference', 0):.0f})",
            )
        elif job.reference is None and job.roundtrip is not None and "chrf" in sc:
            chrf_value = sc["chrf"]
            low = (comet < t.roundtrip_comet and chrf_value < t.roundtrip_chrf) if comet is not None \
                else chrf_value < t.roundtrip_chrf_alone
            if low:
                where = f"COMET {comet:.2f}, " if comet is not None else ""
                sentence_finding(
                    ROUND_TRIP, 0.5,
                    f"the meaning does not survive a round trip: back-translation {_q(job.backtranslation)}, "
                    f"round trip {_q(job.roundtrip)} ({where}chrF {chrf_value:.0f})",
                    severity="warning" if s.rules else "info",
                )
        if "qe" in sc and sc["qe"] < t.qe_score and not job.spans:
            sentence_finding(LOW_QE, 0.5,
                             f"estimated quality {sc['qe']:.2f} against back-translation {_q(job.backtranslation)}")
        text = result.article.text
        for span in job.spans:
            severity = SPAN_SEVERITY.get(span.get("severity", ""))
            start, end = s.start + span["start"], s.start + span["end"]
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if severity is None or not (s.start <= start < end <= s.end):
                continue
            out.append(Finding(start, end, text[start:end], ERROR_SPAN.code, ERROR_SPAN.name, ERROR_SPAN.category, severity,
                               round(float(span.get("confidence", 0.5)), 3),
                               f"XCOMET marks {_q(text[start:end])} as a {span['severity']} error "
                               f"(against back-translation {_q(job.backtranslation)})"))
        if self.settings.codes is not None:  # --select / --ignore
            out = [f for f in out if f.rule in self.settings.codes]
        return out


def _q(text: str | None, limit: int = 160) -> str:
    text = text or ""
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def _plain_spans(spans: list[dict]) -> list[dict]:
    """XCOMET spans as JSON-safe dicts with character offsets into the ``mt`` segment."""
    out = []
    for sp in spans or []:
        out.append({"start": int(sp["start"]), "end": int(sp["end"]), "severity": str(sp["severity"]),
                    "confidence": round(float(sp["confidence"]), 4), "text": str(sp["text"])})
    return out


def _group(jobs: list[_Job], key) -> dict:
    groups: dict = {}
    for job in jobs:
        groups.setdefault(key(job), []).append(job)
    return groups


def start_stage(settings: ModelSettings, say: Callable[[str], None] = _say,
                notice: Callable[[str], None] = _say) -> ModelStage | None:
    """The stage for a scan, or None when models are off or none is on this machine (``auto``)."""
    if settings.mode == "off":
        return None
    stage = ModelStage(settings, say=say, notice=notice)
    return stage if stage.prepare() else None
