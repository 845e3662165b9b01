"""MT-likeness detector: a linear model over hashed n-grams, scored with numpy only.

See ``mtcheck.detector.model`` for the stable API (``load_detector``, ``Detector.score_text``,
``Detector.score_sentences``) and ``docs/detector.md`` for the model card. Training lives in
``mtcheck.detector.train`` (needs the ``train`` extra); the data builders in ``scripts/`` share
``mtcheck.detector.snapshots`` (snapshot files, line-aligned test sets, chunks).
"""

from .model import Detector, SentenceScore, available_languages, load_detector, no_detector_message

__all__ = ["Detector", "SentenceScore", "available_languages", "load_detector", "no_detector_message"]
