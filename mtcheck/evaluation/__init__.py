"""Measuring mtcheck: ``evaluate`` (span precision/recall against gold annotations, false flags
on human text, AUROC, the quality gate) and ``spellcheck`` (the hunspell baseline it is compared to).

May import: ``mtcheck.pipeline``, ``mtcheck.rules``; never ``mtcheck.models``.
"""
