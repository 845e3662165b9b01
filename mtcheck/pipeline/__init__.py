"""The offline flow, one module per stage: ``ingest`` (paths to articles) -> ``segment``
(paragraphs, sentences, words) -> ``language`` (py3langid) -> ``entity_index`` (names across the
corpus) -> the rules (``mtcheck.rules``) -> ``score`` (article score and verdict), driven by ``scan``.
``records`` holds the data that flows between stages.

May import: ``mtcheck.rules``, the standard library and the base dependencies. Never
``mtcheck.models`` (the offline path stays free of torch); of ``mtcheck.outputs`` only the
report folder's conventions (``inputs`` leaves a scan's own reports out).
"""
