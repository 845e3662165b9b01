"""Detection quality: score mtcheck's findings against hand-made gold annotations.

What is measured (docs/eval.md has the long form):

- **Spans** (documents in the gold file). A gold span is *found* when a finding overlaps it
  (shares at least one character); a finding is *correct* when it overlaps a gold span.
  precision = correct findings / findings, recall = found gold spans / gold spans, F1 their
  harmonic mean. The headline ``spans`` block scores MT evidence only: gold spans other than
  ``boilerplate`` against findings that are evidence (any severity); boilerplate is scored on its
  own in ``boilerplate``, so furniture neither pads nor dilutes the MT numbers. Micro figures
  pool all spans whatever their category; ``by_category`` requires the same category on both
  sides (plus ``recall_any``: found by a finding of any category); macro figures are the
  unweighted means over the categories that occur in the gold or in the findings.
- **False flags on human text**: evidence findings at ``warning`` or above on documents labelled
  human (not overlapping a gold evidence span), per 1,000 words, per source.
- **Documents** (gold document labels and JSONL records with a ``label``): AUROC of the article
  score (machine-translated positive; ties count one half, i.e. rank averaging) and accuracy of
  the verdict (``machine_translated`` versus anything else), overall and per label.

An undefined figure (precision with no findings, recall with no gold spans) is ``None``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck.pipeline.records import CATEGORIES, NON_EVIDENCE_CATEGORIES, SEVERITIES

# Labels that mean "machine-translated" and "written or translated by people".
MT_LABELS = {"machine_translated", "mt"}
HUMAN_LABELS = {"human", "human_translation", "human_original"}
FALSE_FLAG_MIN_SEVERITY = "warning"
GOLD_SOURCE = "gold"


class EvalError(Exception):
    """A problem with the gold file or the inputs; the message names the file."""


# ---------------------------------------------------------------- gold file


@dataclass(frozen=True)
class Span:
    """A stretch of one document: a gold span or a prediction."""

    path: str
    start: int
    end: int
    category: str
    severity: str = "warning"
    text: str | None = None
    note: str = ""


@dataclass
class GoldDocument:
    path: str
    label: str | None = None
    sha256: str | None = None


@dataclass
class Gold:
    file: Path
    documents: dict[str, GoldDocument] = field(default_factory=dict)  # by gold path
    spans: list[Span] = field(default_factory=list)

    def spans_of(self, path: str) -> list[Span]:
        return [s for s in self.spans if s.path == path]


def load_gold(file: str | Path) -> Gold:
    """Read a gold JSONL file (format: references/gold/README.md); raises EvalError naming file and line."""
    file = Path(file)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"{file}: cannot read the gold file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise EvalError(f"{file}: the gold file is not UTF-8: {exc.reason}") from None
    gold = Gold(file=file)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: broken JSON: {exc.msg}") from None
        except RecursionError:  # '[[[[...' deeper than Python's parser goes
            raise EvalError(f"{where}: broken JSON: nested too deeply to read") from None
        except ValueError as exc:  # valid JSON Python refuses: an integer of over 4,300 digits
            raise EvalError(f"{where}: unreadable JSON: {str(exc).split(';', 1)[0]}") from None
        if not isinstance(record, dict) or not isinstance(record.get("path"), str):
            raise EvalError(f"{where}: a gold record is a JSON object with a 'path'")
        path = record["path"]
        kind = record.get("type", "span")
        if kind == "document":
            label = record.get("label")
            if label is not None and label not in MT_LABELS | HUMAN_LABELS:
                raise EvalError(f"{where}: unknown label {label!r} (use machine_translated or human)")
            gold.documents[path] = GoldDocument(path, label, record.get("sha256"))
        elif kind == "span":
            start, end, category = record.get("start"), record.get("end"), record.get("category")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
                raise EvalError(f"{where}: a span needs integer offsets with 0 <= start < end")
            # Gold from others (MQM, other annotators) has categories of its own: they count in the
            # category-blind figures and get a row of their own (see span_scores), never an error.
            if not isinstance(category, str) or not category.strip():
                raise EvalError(f"{where}: a span needs a 'category' (a non-empty string)")
            gold.spans.append(Span(path, start, end, category, text=record.get("text"), note=record.get("note", "")))
            gold.documents.setdefault(path, GoldDocument(path))
        else:
            raise EvalError(f"{where}: unknown record type {kind!r} (document or span)")
    if not gold.documents:
        raise EvalError(f"{file}: the gold file has no documents")
    return gold


def resolve_gold_path(path: str, gold_file: Path) -> str:
    """A gold path names a file relative to the working folder, or else to a folder above the
    gold file (so that the gold works from anywhere in the repository)."""
    base, _, record_id = path.partition("#")
    candidates = [Path(base)] + [parent / base for parent in gold_file.resolve().parents]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate) + (f"#{record_id}" if record_id else "")
    raise EvalError(f"{gold_file}: gold document {base!r} not found (relative to here or to the gold file)")


def same_file(a: str, b: str) -> bool:
    base_a, _, id_a = a.partition("#")
    base_b, _, id_b = b.partition("#")
    return id_a == id_b and os.path.realpath(base_a) == os.path.realpath(base_b)


# ---------------------------------------------------------------- metrics


def overlaps(a: Span, b: Span) -> bool:
    """True when the two spans share at least one character (empty spans count as one character)."""
    return a.start < max(b.end, b.start + 1) and b.start < max(a.end, a.start + 1)


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _hits(spans: list[Span], others: list[Span]) -> list[bool]:
    """For each span, whether some span in ``others`` (same path) overlaps it."""
    by_path: dict[str, list[Span]] = defaultdict(list)
    for other in others:
        by_path[other.path].append(other)
    return [any(overlaps(s, o) for o in by_path[s.path]) for s in spans]


def span_scores(gold: list[Span], predicted: list[Span]) -> dict:
    """Precision, recall and F1 with overlap matching: micro (category-blind), per category
    (category must agree), macro (mean over categories present on either side)."""
    found = _hits(gold, predicted)
    correct = _hits(predicted, gold)
    precision = ratio(sum(correct), len(predicted))
    recall = ratio(sum(found), len(gold))
    result = {
        "gold": len(gold),
        "predicted": len(predicted),
        "found": sum(found),
        "correct": sum(correct),
        "precision": precision,
        "recall": recall,
        "f1": f1(precision, recall),
    }
    categories = sorted({s.category for s in gold} | {p.category for p in predicted})
    by_category = {}
    for category in categories:
        gold_c = [s for s in gold if s.category == category]
        pred_c = [p for p in predicted if p.category == category]
        p_c = ratio(sum(_hits(pred_c, gold_c)), len(pred_c))
        r_c = ratio(sum(_hits(gold_c, pred_c)), len(gold_c))
        f_c = f1(p_c, r_c)
        if f_c is None:  # one side is empty: nothing found, or nothing right
            f_c = 0.0
        by_category[category] = {
            "gold": len(gold_c),
            "predicted": len(pred_c),
            "precision": p_c,
            "recall": r_c,
            "f1": f_c,
            "recall_any": ratio(sum(f for f, s in zip(found, gold) if s.category == category), len(gold_c)),
        }
        if category not in CATEGORIES:
            # A gold category mtcheck has no name for: only recall_any can say whether it was found.
            by_category[category]["foreign"] = True
    result["by_category"] = by_category
    # Macro figures over mtcheck's own categories: a foreign one has F1 0 by construction.
    own = [c for c in by_category.values() if not c.get("foreign")]
    result["macro"] = {
        "precision": _mean(c["precision"] for c in own),
        "recall": _mean(c["recall"] for c in own),
        "f1": _mean(c["f1"] for c in own),
    }
    return result


def _mean(values: Iterable[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def auroc(positives: list[float], negatives: list[float]) -> float | None:
    """Area under the ROC curve: the probability that a random positive scores above a random
    negative, ties counting one half (the Mann-Whitney U with average ranks). None when either
    class is empty."""
    if not positives or not negatives:
        return None
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum_pos = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average_rank = (i + 1 + j) / 2  # ranks i+1 .. j share their mean
        rank_sum_pos += average_rank * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    u = rank_sum_pos - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


def is_mt_label(label: str) -> bool:
    return label in MT_LABELS


def document_scores(docs: list[dict]) -> dict:
    """AUROC and verdict accuracy for ``[{"label", "score", "verdict"}]``; per label too."""
    positives = [d["score"] for d in docs if is_mt_label(d["label"])]
    negatives = [d["score"] for d in docs if not is_mt_label(d["label"])]
    right = [(d["verdict"] == "machine_translated") == is_mt_label(d["label"]) for d in docs]
    by_label = {}
    for label in sorted({d["label"] for d in docs}):
        group = [(d, r) for d, r in zip(docs, right) if d["label"] == label]
        by_label[label] = {
            "documents": len(group),
            "accuracy": ratio(sum(r for _, r in group), len(group)),
            "mean_score": _mean(d["score"] for d, _ in group),
            "verdicts": dict(Counter(d["verdict"] for d, _ in group)),
        }
    return {
        "documents": len(docs),
        "auroc": auroc(positives, negatives),
        "accuracy": ratio(sum(right), len(docs)),
        "by_label": by_label,
    }


def at_least(severity: str, minimum: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(minimum)


# ---------------------------------------------------------------- one evaluated document


@dataclass
class EvalDocument:
    """One scanned document with its label and predictions, in the form the metrics need."""

    key: str  # the path (gold documents) or path#id (JSONL records)
    source: str  # which input it came from: "gold" or a PATH's name
    label: str | None
    words: int
    score: float
    verdict: str
    findings: list[Span]
    text: str = ""
    lang: str | None = None
    gold_path: str | None = None  # the path as written in the gold file


def _evidence(spans: list[Span]) -> list[Span]:
    return [s for s in spans if s.category not in NON_EVIDENCE_CATEGORIES]


def _boilerplate(spans: list[Span]) -> list[Span]:
    # Only page furniture: mt_style (MT950) is not rule evidence either, but it is no boilerplate.
    return [s for s in spans if s.category == "boilerplate"]


def evaluate_documents(gold: Gold, docs: list[EvalDocument], predictions: dict[str, list[Span]] | None = None,
                       doc_scores: dict[str, float] | None = None) -> dict:
    """All metrics for one system. ``predictions`` (by key) replace the documents' own findings,
    and ``doc_scores`` their scores: that is how the baseline is scored on the same documents."""
    preds = {d.key: d.findings for d in docs} if predictions is None else predictions
    gold_docs = [d for d in docs if d.gold_path is not None and d.key in preds]
    gold_spans = [Span(d.key, s.start, s.end, s.category) for d in gold_docs for s in gold.spans_of(d.gold_path)]
    predicted = [p for d in gold_docs for p in preds[d.key]]
    spans = span_scores(_evidence(gold_spans), _evidence(predicted))
    boilerplate = span_scores(_boilerplate(gold_spans), _boilerplate(predicted))
    boilerplate.pop("macro")
    boilerplate.pop("by_category")

    # False flags: evidence at warning or above on human documents, outside any gold evidence span.
    by_source: dict[str, dict] = {}
    by_rule: Counter = Counter()
    evidence_gold = _evidence(gold_spans)
    for d in docs:
        if d.label not in HUMAN_LABELS or d.key not in preds:
            continue
        flags = [p for p in _evidence(preds[d.key]) if at_least(p.severity, FALSE_FLAG_MIN_SEVERITY)]
        flags = [p for p, hit in zip(flags, _hits(flags, evidence_gold)) if not hit]
        entry = by_source.setdefault(d.source, {"documents": 0, "words": 0, "flags": 0, "flagged_documents": 0})
        entry["documents"] += 1
        entry["words"] += d.words
        entry["flags"] += len(flags)
        entry["flagged_documents"] += bool(flags)
        by_rule.update(p.note or p.category for p in flags)
    for entry in by_source.values():
        entry["per_1k_words"] = 1000 * entry["flags"] / entry["words"] if entry["words"] else None
    total_flags = sum(e["flags"] for e in by_source.values())
    total_words = sum(e["words"] for e in by_source.values())

    documents = {}
    for source in sorted({d.source for d in docs}):
        labelled = [
            {"label": d.label, "score": (doc_scores or {}).get(d.key, d.score), "verdict": d.verdict}
            for d in docs
            if d.source == source and d.label is not None and d.key in preds
        ]
        if labelled:
            documents[source] = document_scores(labelled)
    return {
        "spans": spans,
        "boilerplate": boilerplate,
        "false_flags_per_1k_words": 1000 * total_flags / total_words if total_words else None,
        "false_flags": {"flags": total_flags, "words": total_words, "by_source": by_source, "by_rule": dict(by_rule)},
        "documents": documents,
    }


# ---------------------------------------------------------------- orchestration


def source_name(path: str, taken: set[str]) -> str:
    """A short, dot-free name for an input (used in the report and as a gate key)."""
    name = Path(path.rstrip("/")).stem.replace(".", "_") or "input"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _scan_group(paths: list[str], references: Path | None, jobs: int) -> list:
    from mtcheck.pipeline.scan import ScanOptions, scan

    return list(scan(ScanOptions(paths=paths, references=references, jobs=jobs)))


def collect(gold: Gold, paths: list[str], references: Path | None = None, jobs: int = 1) -> tuple[list[EvalDocument], list[str]]:
    """Scan the inputs in-process and pair each article with its gold label.

    Each PATH is scanned on its own, as ``mtcheck scan PATH`` would scan it (the corpus entity
    index depends on what is scanned together); gold documents that no PATH covers are scanned
    together as one more input, named "gold". Returns the documents and the scan errors.
    """
    from mtcheck.pipeline.records import ArticleResult

    resolved = {g: resolve_gold_path(g, gold.file) for g in gold.documents}
    groups: list[tuple[str, list[str]]] = []
    taken: set[str] = {GOLD_SOURCE}
    for path in paths:
        groups.append((source_name(path, taken), [path]))
    docs: list[EvalDocument] = []
    errors: list[str] = []
    matched: set[str] = set()

    def add(source: str, results: list) -> None:
        for item in results:
            if not isinstance(item, ArticleResult):
                errors.append(f"{item.path}{f':{item.line}' if item.line else ''}: {item.message}")
                continue
            article = item.article
            gold_path = next((g for g, r in resolved.items() if same_file(r, article.key)), None)
            label = article.meta.get("label")
            if gold_path is not None:
                matched.add(gold_path)
                label = gold.documents[gold_path].label or label
            docs.append(
                EvalDocument(
                    key=article.key,
                    source=source,
                    label=label if isinstance(label, str) else None,
                    words=item.words,
                    score=item.score,
                    verdict=item.verdict,
                    findings=[
                        Span(article.key, f.start, f.end, f.category, f.severity, f.text, note=f.rule)
                        for f in item.findings
                    ],
                    text=article.text,
                    lang=article.lang,
                    gold_path=gold_path,
                )
            )

    for source, group in groups:
        add(source, _scan_group(group, references, jobs))
    missing = [g for g in gold.documents if g not in matched]
    if missing:
        add(GOLD_SOURCE, _scan_group([resolved[g] for g in missing], references, jobs))
    for g in gold.documents:
        if g not in {d.gold_path for d in docs}:
            raise EvalError(f"{gold.file}: gold document {g!r} could not be scanned ({'; '.join(errors) or 'no result'})")
    _check_gold_text(gold, docs)
    return docs, errors


def _check_gold_text(gold: Gold, docs: list[EvalDocument]) -> None:
    """Refuse gold whose offsets no longer fit the text (the file changed since annotation)."""
    for d in docs:
        if d.gold_path is None:
            continue
        expected = gold.documents[d.gold_path].sha256
        if expected and hashlib.sha256(d.text.encode("utf-8")).hexdigest() != expected:
            raise EvalError(f"{gold.file}: {d.gold_path} changed since it was annotated (sha256 differs)")
        for s in gold.spans_of(d.gold_path):
            if s.end > len(d.text) or (s.text is not None and d.text[s.start : s.end] != s.text):
                raise EvalError(
                    f"{gold.file}: span {s.start}-{s.end} of {d.gold_path} does not match the text "
                    f"(gold says {s.text!r}, the file has {d.text[s.start:s.end]!r})"
                )


def run_eval(gold_file: str | Path, paths: list[str], references: Path | None = None, jobs: int = 1,
             baseline: bool = True) -> dict:
    """Scan, score mtcheck and (when asked) the spell-checker baseline; one JSON-ready report."""
    from mtcheck import __version__
    from mtcheck.pipeline.entity_index import default_references_dir

    gold = load_gold(gold_file)
    if references is None:  # the same gazetteers a plain `mtcheck scan` uses
        references = default_references_dir()
    docs, errors = collect(gold, paths, references, jobs)
    from mtcheck.rules import select_rules
    from mtcheck.pipeline.scan import signature

    report = {"gold": str(gold_file), "inputs": list(paths), "tool": f"mtcheck {__version__}",
              "signature": signature(select_rules(None, None))}
    report.update(evaluate_documents(gold, docs))
    report["errors"] = errors
    if baseline:
        report["baseline"] = run_baseline(gold, docs)
    return report


def run_baseline(gold: Gold, docs: list[EvalDocument]) -> dict:
    """Score hunspell's unknown words on the same documents and gold."""
    from .spellcheck import SpellChecker

    checker = SpellChecker()
    flags = checker.check({d.key: (d.text, d.lang) for d in docs})
    predictions = {
        key: [Span(key, f.start, f.end, f.category, f.severity, f.text, note="hunspell") for f in found]
        for key, found in flags.items()
        if found is not None
    }
    result = {"name": "hunspell unknown words", "available": checker.available, "notes": checker.notes}
    if not predictions:
        result["skipped"] = True
        return result
    words = {d.key: d.words for d in docs}
    # The baseline's document score: unknown words per 1,000 words (AUROC only; it has no verdict).
    scores = {key: 1000 * len(found) / max(words[key], 1) for key, found in predictions.items()}
    scored = evaluate_documents(gold, docs, predictions=predictions, doc_scores=scores)
    scored.pop("boilerplate")  # a spell checker does not look for page furniture
    for block in scored["documents"].values():
        block.pop("accuracy")
        for label_block in block["by_label"].values():
            label_block.pop("accuracy")
            label_block.pop("verdicts")
    result.update(scored)
    result["documents_covered"] = len(predictions)
    return result


# ---------------------------------------------------------------- quality gate


class GateError(EvalError):
    pass


def metric(report: dict, key: str):
    """The value at a dotted key (``spans.recall``), or None when the report has no such value."""
    value = report
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, (int, float)) else None


def load_gate(file: str | Path) -> dict:
    file = Path(file)
    try:
        gate = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateError(f"{file}: cannot read the gate file: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise GateError(f"{file}: broken JSON at line {exc.lineno}: {exc.msg}") from None
    for kind in ("floors", "ceilings"):
        for key, entry in gate.get(kind, {}).items():
            if not (isinstance(entry, dict) and isinstance(entry.get("value"), (int, float))):
                raise GateError(f"{file}: {kind}.{key} needs a numeric 'value'")
    return gate


def _tolerance(gate: dict, entry: dict) -> float:
    return float(entry.get("tolerance", gate.get("tolerance", 0.0)))


def check_gate(report: dict, gate: dict) -> list[str]:
    """Failures (empty when the gate passes): a floor is missed, or a ceiling is exceeded, by
    more than its tolerance; a metric the report lacks fails too."""
    failures = []
    for kind, sign in (("floors", 1), ("ceilings", -1)):
        for key, entry in gate.get(kind, {}).items():
            measured = metric(report, key)
            limit, tolerance = entry["value"], _tolerance(gate, entry)
            if measured is None:
                failures.append(f"{key}: not measured (gate {kind[:-1]} {limit})")
            elif sign * (measured - limit) < -tolerance - 1e-12:
                relation = "below the floor" if sign > 0 else "above the ceiling"
                failures.append(f"{key} = {measured:.4f} is {relation} {limit} (tolerance {tolerance})")
    return failures


def update_gate(report: dict, gate: dict, allow_lower: bool = False) -> tuple[dict, list[str]]:
    """New gate values from the measured ones. Returns (new gate, refusals): a floor that would
    go down, or a ceiling that would go up, is refused unless ``allow_lower``."""
    new = json.loads(json.dumps(gate))
    refusals = []
    for kind, sign in (("floors", 1), ("ceilings", -1)):
        for key, entry in new.get(kind, {}).items():
            measured = metric(report, key)
            if measured is None:
                refusals.append(f"{key}: not measured, cannot pin it")
                continue
            measured = round(measured, 4)
            if sign * (measured - entry["value"]) < 0 and not allow_lower:
                word = "lower the floor" if sign > 0 else "raise the ceiling"
                refusals.append(f"{key}: would {word} from {entry['value']} to {measured} (pass --allow-lower)")
                continue
            entry["value"] = measured
    if not refusals and report.get("signature"):
        new["measured_with"] = report["signature"]
    return new, refusals
