"""Baselines: findings someone already judged, so that CI reports only what is new.

A baseline is a set of finding fingerprints (``mtcheck.pipeline.fingerprints``: no line number
or offset, so that an edit elsewhere in the article keeps them).

``mtcheck baseline`` writes every current finding's fingerprint to a JSON file;
``mtcheck scan --baseline FILE`` drops the findings found in it *before* scoring: a baselined
finding counts nowhere, not in the article's score, its verdict, the exit status or any output.
An article whose findings are all baselined reads as clean; the article record keeps what the
baseline hid (``baselined``, ``score_without_baseline``, ``verdict_without_baseline``).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from mtcheck.outputs.atomic import atomic_open
from mtcheck.pipeline.fingerprints import FINGERPRINTS, article_key, finding_fingerprints
from mtcheck.pipeline.records import ArticleResult, Finding
from mtcheck.pipeline.score import rejudge

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

FORMAT_VERSION = 1
DEFAULT_BASELINE = Path(".mtcheck-baseline.json")

class BaselineError(ValueError):
    """An unreadable or malformed baseline file; the message names it."""


class Baseline:
    """A set of fingerprints read from a baseline file."""

    def __init__(self, known: set[str], path: Path | None = None):
        self.known = known
        self.path = path

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: not a baseline file (broken JSON: {exc})") from exc
        except RecursionError:  # '[[[[...' deeper than Python's parser goes
            raise BaselineError(f"{path}: not a baseline file (JSON nested too deeply to read)") from None
        except ValueError as exc:  # valid JSON Python refuses: an integer of over 4,300 digits
            raise BaselineError(f"{path}: not a baseline file ({str(exc).split(';', 1)[0]})") from None
        if not isinstance(data, dict) or data.get("tool") != "mtcheck" or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not an mtcheck baseline file (write one with 'mtcheck baseline')")
        if data.get("version") != FORMAT_VERSION:
            raise BaselineError(f"{path}: baseline format {data.get('version')!r}, this mtcheck reads {FORMAT_VERSION}")
        try:
            known = {entry["fingerprint"] for entry in data["findings"]}
        except (TypeError, KeyError) as exc:
            raise BaselineError(f"{path}: baseline entry without a fingerprint") from exc
        return cls(known, Path(path))

    def apply(self, result: ArticleResult) -> ArticleResult:
        """``result`` without the baselined findings, its score and verdict computed again from the rest."""
        prints = finding_fingerprints(result)  # numbered over every finding, before any is dropped
        pairs = [(f, fp) for f, fp in zip(result.findings, prints) if fp not in self.known]
        kept: list[Finding] = [f for f, _ in pairs]
        hidden = len(result.findings) - len(kept)
        extras = dict(result.extras)
        extras[FINGERPRINTS] = pairs
        extras["article"] = {
            **extras.get("article", {}),
            "baselined": hidden,
            "score_without_baseline": result.score,
            "verdict_without_baseline": result.verdict,
        }
        kept_result = replace(result, findings=kept, extras=extras)
        rejudge(kept_result)  # the detector's mt_probability stays: it is no finding that a baseline can hide
        return kept_result


class BaselineWriter:
    """Collects fingerprints during a scan; ``write`` saves them atomically, sorted so that diffs stay small."""

    def __init__(self, signature: str = ""):
        self.signature = signature
        self.entries: list[dict] = []

    def add(self, result: ArticleResult) -> None:
        key = article_key(result.article.path, result.article.id)
        for f, fp in zip(result.findings, finding_fingerprints(result)):
            self.entries.append({"fingerprint": fp, "path": key, "rule": f.rule, "text": f.text})

    def write(self, path: Path) -> None:
        entries = sorted(self.entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
        data = {"tool": "mtcheck", "version": FORMAT_VERSION, "signature": self.signature, "findings": entries}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        # A file name that is not UTF-8 holds lone surrogates ("bad_\\udcff.txt"), which no UTF-8 file can: their
        # JSON escapes instead, read back as the same path.
        text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        with atomic_open(Path(path)) as handle:
            handle.write(text)
            handle.write("\n")
