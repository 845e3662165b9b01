"""Sources, not just pages: articles grouped by where they come from, and one judgement per group.

The source of an article (``source_of``), first that applies:

1. a ``url`` field (a JSONL record's ``url``, or an HTML page's canonical URL / ``og:url`` found by ingest): its
   host, lower-cased, without a leading ``www.``;
2. a JSONL record's ``source`` field: its host when it is a URL, else the name as given (``"tagesschau"``);
3. the folder the file is in (for a JSONL file without either field: the file itself, one feed).

Per source (``aggregate``): the articles, how many have a detector score that counts (``score.counted_probability``:
20 words or more, as for an article's verdict), the mean ``mt_probability`` with a 95 %
Student-t confidence interval (mean +- t(0.975, n-1) * sd / sqrt(n), clipped to [0, 1]; none with fewer than two
scored articles), the article verdict counts, and a verdict:

- ``machine_translated`` when at least half of the articles are machine_translated, or when at least
  ``MIN_ARTICLES`` articles are scored and the interval's lower bound is at least 0.5 (the site's articles are more
  likely MT than not, with 95 % confidence);
- ``suspect`` when at least ``FLAGGED_SHARE_PERCENT`` (10 %) of the articles are suspect or machine_translated
  (one flagged article among hundreds is the articles' business, not the site's), or when the mean probability is at least 0.5
  over at least ``MIN_ARTICLES`` scored articles;
- ``clean`` otherwise.

Averaging helps because a site's articles share its production process: on the dev data the detector's document
AUROC rises with the number of documents averaged (docs/detector.md).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

from .records import Article

MIN_ARTICLES = 3
FLAGGED_SHARE_PERCENT = 10
SITE_PROBABILITY = 0.5


def _host(value: str) -> str | None:
    value = value.strip()
    if "://" not in value and not value.startswith("//"):
        return None
    try:
        host = urlsplit(value if "://" in value else "http:" + value).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def source_of(article: Article) -> tuple[str, str]:
    """(kind, name) of the article's source: kind is ``host``, ``source``, ``folder`` or ``file``."""
    meta = article.meta or {}
    url = meta.get("url")
    if isinstance(url, str) and (host := _host(url)):
        return "host", host
    src = meta.get("source")
    if isinstance(src, str) and src.strip():
        return ("host", host) if (host := _host(src)) else ("source", src.strip())
    if article.source_format == "jsonl" or article.path == "-":
        # Standard input is no folder: as '.' it was pooled with the files of the current folder.
        return "file", article.path
    parent = str(PurePath(article.path).parent)
    return "folder", parent if parent else "."


# Two-sided 95 % Student t quantiles for small samples; beyond the table the normal quantile is close enough.
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
         11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
         20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}


def t975(df: int) -> float:
    if df in _T975:
        return _T975[df]
    if df > 120:
        return 1.960
    bigger = min(k for k in _T975 if k > df)  # conservative: the next tabulated df down has the larger quantile
    smaller = max(k for k in _T975 if k < df)
    return _T975[smaller] if smaller else _T975[bigger]


def mean_interval(values: list[float]) -> tuple[float | None, float | None, float | None]:
    """(mean, low, high) with a 95 % t interval clipped to [0, 1]; (mean, None, None) for one value."""
    if not values:
        return None, None, None
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, None, None
    half = t975(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return mean, max(0.0, mean - half), min(1.0, mean + half)


@dataclass
class SourceGroup:
    kind: str
    name: str
    verdicts: dict[str, int] = field(default_factory=lambda: {"clean": 0, "suspect": 0, "machine_translated": 0})
    probabilities: list[float] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(self.verdicts.values())

    def add(self, verdict: str, mt_probability: float | None) -> None:
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + 1
        if mt_probability is not None:
            self.probabilities.append(mt_probability)

    def verdict(self) -> str:
        mean, low, _ = mean_interval(self.probabilities)
        scored = len(self.probabilities)
        if 2 * self.verdicts["machine_translated"] >= self.articles > 0:
            return "machine_translated"
        if scored >= MIN_ARTICLES and low is not None and low >= SITE_PROBABILITY:
            return "machine_translated"
        flagged = self.verdicts["suspect"] + self.verdicts["machine_translated"]
        if flagged and flagged * 100 >= FLAGGED_SHARE_PERCENT * self.articles:
            return "suspect"
        if scored >= MIN_ARTICLES and mean is not None and mean >= SITE_PROBABILITY:
            return "suspect"
        return "clean"

    def record(self) -> dict:
        mean, low, high = mean_interval(self.probabilities)
        r4 = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {"type": "source", "source": self.name, "kind": self.kind, "articles": self.articles,
                "scored": len(self.probabilities), "mt_probability": r4(mean),
                "mt_probability_ci95": [r4(low), r4(high)] if low is not None else None,
                "verdicts": dict(self.verdicts), "verdict": self.verdict()}


def aggregate(items: list[tuple[tuple[str, str], str, float | None]]) -> list[SourceGroup]:
    """Groups from (source, verdict, mt_probability) per article, in first-seen order."""
    groups: dict[tuple[str, str], SourceGroup] = {}
    for (kind, name), verdict, p in items:
        group = groups.get((kind, name))
        if group is None:
            group = groups[(kind, name)] = SourceGroup(kind, name)
        group.add(verdict, p)
    return list(groups.values())
