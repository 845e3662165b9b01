"""What a scan writes: ``report`` fans results out to every format; one module per format
(``jsonl``, ``html`` with its ``templates/``, ``sarif``, ``github``, ``junit``); ``atomic``
writes files so that a reader never sees half of one.

May import: ``mtcheck.pipeline`` (records, score); never ``mtcheck.models``.
"""
