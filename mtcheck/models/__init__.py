"""The optional model stage (``pip install mtcheck[models]``): suspect selection, back-translation
(transformers or CTranslate2), COMET and chrF/BLEU, the translation-direction signal, and the
SQLite cache that makes a rescan free.

May import: ``mtcheck.pipeline``, ``mtcheck.rules``; torch, transformers and comet only inside
functions, so that importing this package stays cheap. Nothing in the offline path imports it.
"""
